/* nqpf — choropleth maps as SVG: one or several panels of the same shapes
 * side by side (small multiples), the South China Sea inset, unit labels,
 * and a legend with a title.
 *
 * The projection is equirectangular scaled by cos(mean latitude), which
 * keeps China's shape recognisable without a projection library.  Sizes
 * are in the report's units (40 a centimetre in the figure files, see
 * figures.h): text is 12 units, 8.5 pt at print size. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "nqpf/svg.h"

#define MAP_W 640.0
#define MAP_FONT 12.0
#define MAP_TOL 0.2

typedef struct proj {
    double xmin, ymax, kx, sc, ox, oy;
    double pw, ph; /* the panel's drawn width and height */
} proj;

static double PX(const proj *p, double lon)
{
    return p->ox + (lon - p->xmin) * p->kx * p->sc;
}

static double PY(const proj *p, double lat)
{
    return p->oy + (p->ymax - lat) * p->sc;
}

int nqpf_map_is_china(nqpf_map_base base)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY;
    for (size_t s = 0; s < base.n; s++) {
        const nqpf_map_shape *sh = &base.shape[s];
        for (size_t i = 0; sh->n_rings && i < sh->ring_off[sh->n_rings]; i++)
            xmin = fmin(xmin, sh->x[i]), xmax = fmax(xmax, sh->x[i]), ymin = fmin(ymin, sh->y[i]);
    }
    return xmin < 100 && xmax > 125 && ymin < 21;
}

static int want_inset(nqpf_map_base base, const nqpf_map_style *st)
{
    return st->inset == NQPF_INSET_YES || (st->inset == NQPF_INSET_AUTO && nqpf_map_is_china(base));
}

/* A ring's path: its vertices (those kept, keep != NULL), closed by Z. */
static int ring_path(nqpf_buf *b, const proj *p, const double *x, const double *y, size_t n, size_t stride,
                     const unsigned char *keep)
{
    int e = 0;
    for (size_t i = 0, k = 0; i < n; i++)
        if (!keep || keep[i])
            e |= nqpf_buf_printf(b, "%s%.1f %.1f", k++ ? "L" : "M", PX(p, x[i * stride]), PY(p, y[i * stride]));
    return e | nqpf_buf_puts(b, "Z");
}

/* The frame (white, outlined) and the dash segments of the inset. */
static int inset(nqpf_buf *b, const proj *p)
{
    const size_t *off;
    const double(*ll)[2];
    size_t n = map_inset_rings(&off, &ll);
    int e = nqpf_buf_puts(b, "<g class=\"inset\"><path fill=\"#fff\" stroke=\"#555\" stroke-width=\"0.8\" d=\"");
    e |= ring_path(b, p, &ll[off[n - 1]][0], &ll[off[n - 1]][1], off[n] - off[n - 1], 2, NULL);
    e |= nqpf_buf_puts(b, "\"><title>南海诸岛</title></path><path fill=\"#555\" stroke=\"none\" d=\"");
    for (size_t k = 0; k + 1 < n; k++)
        e |= ring_path(b, p, &ll[off[k]][0], &ll[off[k]][1], off[k + 1] - off[k], 2, NULL);
    return e | nqpf_buf_puts(b, "\"/></g>");
}

/* Twice the area of a shape's rings, each taken positive (lon/lat: enough
 * to order the labels by size). */
static double shape_size(const nqpf_map_shape *sh)
{
    double a = 0;
    for (size_t g = 0; g < sh->n_rings; g++) {
        double ring = 0;
        if (sh->ring_off[g + 1] == sh->ring_off[g])
            continue;
        for (size_t i = sh->ring_off[g], j = sh->ring_off[g + 1] - 1; i < sh->ring_off[g + 1]; j = i++)
            ring += sh->x[j] * sh->y[i] - sh->x[i] * sh->y[j];
        a += fabs(ring);
    }
    return a;
}

static int labels(nqpf_buf *b, nqpf_map_base base, const nqpf_map_fig *m, const proj *p)
{
    map_label *lab = calloc(base.n ? base.n : 1, sizeof *lab);
    if (!lab)
        return -1;
    size_t n = 0;
    for (size_t s = 0; s < base.n; s++) {
        const nqpf_map_shape *sh = &base.shape[s];
        if (isnan(sh->cx) || isnan(sh->cy) || sh->unit < 0)
            continue;
        const char *text = m->unit_label ? m->unit_label[sh->unit] : sh->name;
        lab[n++] = (map_label){PX(p, sh->cx), PY(p, sh->cy), shape_size(sh), text, 0, 0, 0, 0};
    }
    int e = map_labels_svg(b, lab, n, MAP_FONT - 0.5, p->ox, p->oy, p->ox + p->pw, p->oy + p->ph, m->en);
    free(lab);
    return e;
}

static int panel(nqpf_buf *b, nqpf_map_base base, const nqpf_map_style *st, const nqpf_map_fig *m, size_t pi,
                 const proj *p, const unsigned char *keep)
{
    size_t U = m->n_units;
    int e = nqpf_buf_puts(b, "<g class=\"panel\" stroke=\"#fff\" stroke-width=\"0.6\">");
    for (size_t s = 0; s < base.n; s++) {
        const nqpf_map_shape *sh = &base.shape[s];
        if (!sh->n_rings)
            continue;
        long u = sh->unit;
        e |= nqpf_buf_printf(b, "<path class=\"%s\" data-id=\"", u >= 0 ? "unit" : "nodata");
        e |= nqpf_buf_html(b, sh->id);
        e |= nqpf_buf_printf(b, "\" fill=\"%s\" d=\"", u >= 0 ? m->fill[pi * U + (size_t)u] : "#e5e5e5");
        for (size_t g = 0; g < sh->n_rings; g++)
            e |= ring_path(b, p, sh->x + sh->ring_off[g], sh->y + sh->ring_off[g],
                           sh->ring_off[g + 1] - sh->ring_off[g], 1, keep + sh->ring_off[g]);
        keep += sh->ring_off[sh->n_rings];
        e |= nqpf_buf_puts(b, "\"><title>");
        e |= nqpf_buf_html(b, u >= 0 ? m->tip[pi * U + (size_t)u] : sh->name);
        e |= nqpf_buf_puts(b, "</title></path>");
    }
    e |= nqpf_buf_puts(b, "</g>");
    if (want_inset(base, st))
        e |= inset(b, p);
    if (st->labels) /* the units' names (not those of shapes without data, e.g. Hong Kong and Macao crowding
                     * Guangdong) */
        e |= labels(b, base, m, p);
    return e;
}

/* Legend boxes from (x, y) down in one column (ncol = 1) or in rows of ncol. */
static int legend(nqpf_buf *b, const nqpf_map_fig *m, double x, double y, size_t ncol, double colw)
{
    int e = nqpf_buf_printf(b, "<g class=\"legend\" font-size=\"%.0f\" fill=\"#222\">", MAP_FONT);
    if (m->leg_title) {
        e |= nqpf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">", x, y + 11);
        e |= nqpf_buf_html(b, m->leg_title);
        e |= nqpf_buf_puts(b, "</text>");
        y += 18;
    }
    for (size_t k = 0; k < m->nleg; k++) {
        double bx = x + colw * (double)(k % ncol), by = y + 17.0 * (double)(k / ncol);
        e |= nqpf_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\" stroke=\"#999\" "
                                "stroke-width=\"0.4\"/>",
                             bx, by, m->leg_col[k]);
        e |= nqpf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", bx + 16, by + 10.5);
        e |= nqpf_buf_html(b, m->leg_txt[k]);
        e |= nqpf_buf_puts(b, "</text>");
    }
    return e | nqpf_buf_puts(b, "</g>");
}

int nqpf_map_svg(nqpf_buf *b, nqpf_map_base base, const nqpf_map_style *style, const nqpf_map_fig *m)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t s = 0; s < base.n; s++) {
        const nqpf_map_shape *sh = &base.shape[s];
        for (size_t i = 0; sh->n_rings && i < sh->ring_off[sh->n_rings]; i++)
            xmin = fmin(xmin, sh->x[i]), xmax = fmax(xmax, sh->x[i]), ymin = fmin(ymin, sh->y[i]),
            ymax = fmax(ymax, sh->y[i]);
    }
    if (want_inset(base, style)) { /* the inset lies inside China's box, but a cut-down map must still hold it */
        const size_t *off;
        const double(*ll)[2];
        size_t n = map_inset_rings(&off, &ll);
        for (size_t i = 0; i < off[n]; i++)
            xmin = fmin(xmin, ll[i][0]), xmax = fmax(xmax, ll[i][0]), ymin = fmin(ymin, ll[i][1]),
            ymax = fmax(ymax, ll[i][1]);
    }
    if (!(xmax > xmin) || !(ymax > ymin))
        xmin = 0, xmax = 1, ymin = 0, ymax = 1;
    double kx = cos((ymin + ymax) / 2 * 3.14159265358979323846 / 180);
    if (!(kx > 0.1) || kx > 1 || ymin < -90 || ymax > 90)
        kx = 1;
    size_t n = m->n_panels ? m->n_panels : 1;
    proj p = {xmin, ymax, kx, 0, 10, 10, 0, 0};
    double W = MAP_W, H;
    if (n == 1) { /* the map left, the legend bottom right */
        p.sc = fmin((W - 150) / ((xmax - xmin) * kx), 460 / (ymax - ymin));
        H = (ymax - ymin) * p.sc + 20;
        double legh = 17.0 * (double)m->nleg + (m->leg_title ? 18 : 0);
        if (H < legh + 20)
            H = legh + 20;
    } else { /* panels side by side with their titles, the legend underneath in rows */
        double gap = 10, pw = (W - gap * (double)(n + 1)) / (double)n;
        p.sc = pw / ((xmax - xmin) * kx);
        p.oy = 10 + 18;
        H = p.oy + (ymax - ymin) * p.sc + 10;
    }
    p.pw = (xmax - xmin) * kx * p.sc, p.ph = (ymax - ymin) * p.sc;
    size_t ncol = m->nleg <= 5 ? (m->nleg ? m->nleg : 1) : (m->nleg + 1) / 2; /* one row, or two */
    double colw = (W - 20) / (double)(ncol > 4 ? ncol : 4);
    if (n > 1)
        H += (m->leg_title ? 18 : 0) + 17.0 * (double)((m->nleg + ncol - 1) / ncol) + 6;
    /* vertices closer than MAP_TOL to the simplified outline are not drawn:
     * a fifth of a unit is under a pixel wherever the map is shown (0.6 px
     * in the 300 dpi PNG, 0.05 mm in print, 0.2 px on the page) */
    unsigned char *keep = NULL;
    if (map_simplify(base, kx * p.sc, p.sc, MAP_TOL, &keep))
        return -1;
    int e = svg_open(b, m->id, W, ceil(H), m->label);
    if (m->breaks)
        e |= nqpf_buf_printf(b, "<desc class=\"breaks\">%s</desc>", m->breaks);
    for (size_t pi = 0; pi < n; pi++) {
        proj q = p;
        if (n > 1) {
            q.ox = 10 + (double)pi * ((W - 10) / (double)n);
            if (m->panel_title) {
                e |= nqpf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" font-weight=\"bold\" "
                                        "text-anchor=\"middle\" fill=\"#222\">",
                                     q.ox + (xmax - xmin) * kx * q.sc / 2, 10 + 13.0, MAP_FONT + 1);
                e |= nqpf_buf_html(b, m->panel_title[pi]);
                e |= nqpf_buf_puts(b, "</text>");
            }
        }
        e |= panel(b, base, style, m, pi, &q, keep);
    }
    if (n == 1)
        e |= legend(b, m, W - 130, ceil(H) - 10 - 17.0 * (double)m->nleg - (m->leg_title ? 18 : 0), 1, 0);
    else
        e |= legend(b, m, 10, p.oy + (ymax - ymin) * p.sc + 10, ncol, colw);
    free(keep);
    return e | nqpf_buf_puts(b, "</svg>\n");
}
