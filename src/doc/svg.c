/* nqpf — SVG charts for the HTML report.
 *
 * Why inline SVG drawn here rather than a JavaScript charting library: the
 * report must work offline as ONE file (no CDN), a bundled JS library would
 * add hundreds of kilobytes and a licence to ship, and SVG text written by C
 * with fixed "%.1f" coordinates is deterministic, so reruns give
 * byte-identical reports.  Hover values use SVG <title> elements, which every
 * browser shows as tooltips without any script.  Inline <svg> in HTML needs
 * no xmlns (the HTML parser puts it in the SVG namespace), so the page holds
 * no URL at all. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nqpf/doc.h"
#include "nqpf/svg.h"

const char *const SVG_PALETTE[SVG_NPAL] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/* Widen [lo, hi] to four equal steps of a "nice" size (1, 2, 2.5 or 5 times a
 * power of ten) so that the tick labels are round numbers; a non-negative
 * quantity keeps a 0 baseline. */
static void nice_range(double *lo, double *hi)
{
    if (!(*hi > *lo)) {
        *lo -= 0.5;
        *hi += 0.5;
    }
    double raw = (*hi - *lo) / 4, mag = pow(10, floor(log10(raw)));
    static const double m[] = {1, 2, 2.5, 5, 10, 20};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        double step = m[i] * mag, a = floor(*lo / step) * step;
        if (a + 4 * step >= *hi * (1 - 1e-12) || i + 1 == sizeof m / sizeof *m) {
            *lo = a;
            *hi = a + 4 * step;
            return;
        }
    }
}

static int text(nqpf_buf *b, double x, double y, const char *anchor, const char *s)
{
    int e = nqpf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
    e |= nqpf_buf_html(b, s);
    return e | nqpf_buf_puts(b, "</text>");
}

/* Axes with 5 y ticks and the x labels; returns the plot area through the frame. */
static int axes(nqpf_buf *b, const svg_frame *f, double ylo, double yhi, size_t nx, const char *const *xl,
                const char *ytitle)
{
    int e = nqpf_buf_printf(b, "<g class=\"axis\" font-size=\"12\" fill=\"#333\">"
                               "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>"
                               "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
                            f->x0, f->y1, f->x1, f->y1, f->x0, f->y0, f->x0, f->y1);
    for (int k = 0; k <= 4; k++) {
        double v = ylo + (yhi - ylo) * k / 4.0, y = f->y1 - (f->y1 - f->y0) * k / 4.0;
        char lab[32];
        snprintf(lab, sizeof lab, "%.3g", v);
        e |= nqpf_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", f->x0, y,
                             f->x1, y);
        e |= text(b, f->x0 - 4, y + 4, "end", lab);
    }
    size_t step = nx > 12 ? (nx + 11) / 12 : 1;
    for (size_t i = 0; xl && i < nx; i += step) {
        double x = nx > 1 ? f->x0 + (f->x1 - f->x0) * (double)i / (double)(nx - 1) : (f->x0 + f->x1) / 2;
        e |= text(b, x, f->y1 + 14, "middle", xl[i]);
    }
    if (ytitle) {
        e |= nqpf_buf_printf(b, "<text transform=\"translate(12,%.1f) rotate(-90)\" text-anchor=\"middle\">",
                             (f->y0 + f->y1) / 2);
        e |= nqpf_buf_html(b, ytitle);
        e |= nqpf_buf_puts(b, "</text>");
    }
    return e | nqpf_buf_puts(b, "</g>");
}

/* Where the legend starts: 140 units from the right edge, further left
 * when a name would run past the edge (a Latin letter of the 12-unit font
 * is taken as 7.2 units wide, a CJK character as 12; the page and the
 * figure files must not clip "United States of America").  The plot ends
 * 10 units before it. */
static double legend_x(double W, size_t n, const char *const *names)
{
    double w = 0;
    for (size_t s = 0; s < n; s++) {
        double t = 0;
        for (const unsigned char *c = (const unsigned char *)names[s]; *c; c++)
            t += *c < 0x80 ? 7.2 : (*c & 0xC0) == 0xC0 ? (*c >= 0xE0 ? 12 : 7.2) : 0;
        w = fmax(w, t);
    }
    return fmin(W - 140, fmax(W - 24 - w, W - 280));
}

static int legend(nqpf_buf *b, double x, double y, size_t n, const char *const *names)
{
    int e = nqpf_buf_puts(b, "<g class=\"legend\" font-size=\"12\">");
    for (size_t s = 0; s < n; s++) {
        e |= nqpf_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x,
                             y + 16.0 * (double)s, SVG_PALETTE[s % SVG_NPAL]);
        e |= text(b, x + 14, y + 16.0 * (double)s + 9.5, "start", names[s]);
    }
    return e | nqpf_buf_puts(b, "</g>");
}

int svg_open(nqpf_buf *b, const char *id, double w, double h, const char *label)
{
    int e = nqpf_buf_printf(b, "<svg id=\"%s\" class=\"chart\" "
                               "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"",
                            id, w, h, w, h);
    e |= nqpf_buf_html(b, label);
    return e | nqpf_buf_puts(b, "\">");
}

int svg_lines(nqpf_buf *b, const char *id, const char *label, size_t nx, const char *const *xl, size_t ns,
              const char *const *names, const double *y, const double *lo, const double *hi, const char *ytitle)
{
    double W = 640, H = 300, lx = legend_x(W, ns, names);
    svg_frame f = {60, 15, lx - 10, H - 30};
    double ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < ns * nx; i++) {
        if (!isnan(y[i]))
            ymin = fmin(ymin, y[i]), ymax = fmax(ymax, y[i]);
        if (lo && !isnan(lo[i]))
            ymin = fmin(ymin, lo[i]), ymax = fmax(ymax, hi[i]);
    }
    nice_range(&ymin, &ymax);
    int e = svg_open(b, id, W, H, label);
    e |= axes(b, &f, ymin, ymax, nx, xl, ytitle);
#define PX(i) (nx > 1 ? f.x0 + (f.x1 - f.x0) * (double)(i) / (double)(nx - 1) : (f.x0 + f.x1) / 2)
#define PY(v) (f.y1 - (f.y1 - f.y0) * ((v) - ymin) / (ymax - ymin))
    if (lo) { /* a dashed line where the band (the forecast) begins */
        size_t first = nx;
        for (size_t s = 0; s < ns; s++)
            for (size_t i = 0; i < nx; i++)
                if (!isnan(lo[s * nx + i]) && i < first)
                    first = i;
        if (first > 0 && first < nx)
            e |= nqpf_buf_printf(b, "<line class=\"divider\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                                    "stroke=\"#888\" stroke-dasharray=\"4 3\"/>",
                                 PX(first - 1), f.y0, PX(first - 1), f.y1);
    }
    for (size_t s = 0; s < ns; s++) {
        const char *col = SVG_PALETTE[s % SVG_NPAL];
        if (lo) { /* interval band */
            nqpf_buf pts = {0};
            int any = 0;
            for (size_t i = 0; i < nx; i++)
                if (!isnan(lo[s * nx + i]))
                    e |= nqpf_buf_printf(&pts, "%.1f,%.1f ", PX(i), PY(hi[s * nx + i])), any = 1;
            for (size_t i = nx; i-- > 0;)
                if (!isnan(lo[s * nx + i]))
                    e |= nqpf_buf_printf(&pts, "%.1f,%.1f ", PX(i), PY(lo[s * nx + i]));
            if (any)
                e |= nqpf_buf_printf(b, "<polygon class=\"band\" points=\"%s\" fill=\"%s\" fill-opacity=\"0.15\"/>",
                                     pts.data, col);
            nqpf_buf_free(&pts);
        }
        e |= nqpf_buf_printf(b, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" points=\"",
                             col);
        for (size_t i = 0; i < nx; i++)
            if (!isnan(y[s * nx + i]))
                e |= nqpf_buf_printf(b, "%.1f,%.1f ", PX(i), PY(y[s * nx + i]));
        e |= nqpf_buf_puts(b, "\"><title>");
        e |= nqpf_buf_html(b, names[s]);
        e |= nqpf_buf_puts(b, "</title></polyline>");
        if (nx <= 40)
            for (size_t i = 0; i < nx; i++)
                if (!isnan(y[s * nx + i])) {
                    e |= nqpf_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>", PX(i),
                                         PY(y[s * nx + i]), col);
                    e |= nqpf_buf_html(b, names[s]);
                    e |= nqpf_buf_printf(b, " %s: %.4f</title></circle>", xl ? xl[i] : "", y[s * nx + i]);
                }
    }
#undef PX
#undef PY
    e |= legend(b, lx, 20, ns, names);
    return e | nqpf_buf_puts(b, "</svg>\n");
}

int svg_stacked(nqpf_buf *b, const char *id, const char *label, size_t n, const char *const *cat, size_t k,
                const char *const *parts, const double *v, int horizontal)
{
    double W = 640, bar = horizontal ? 16 : 0, H = horizontal ? 40 + bar * 1.4 * (double)n : 300;
    double lx = legend_x(W, k, parts);
    svg_frame f = horizontal ? (svg_frame){110, 10, lx - 10, H - 25} : (svg_frame){60, 15, lx - 10, H - 30};
    double vmax = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < k; j++)
            s += isnan(v[i * k + j]) ? 0 : v[i * k + j];
        vmax = fmax(vmax, s);
    }
    if (!(vmax > 0))
        vmax = 1;
    int e = svg_open(b, id, W, H, label);
    if (!horizontal)
        e |= axes(b, &f, 0, vmax, 0, NULL, NULL);
    e |= nqpf_buf_puts(b, "<g font-size=\"12\">");
    for (size_t i = 0; i < n; i++) {
        double acc = 0;
        for (size_t j = 0; j < k; j++) {
            double x = isnan(v[i * k + j]) ? 0 : v[i * k + j];
            if (horizontal) {
                double y = f.y0 + bar * 1.4 * (double)i, x0 = f.x0 + (f.x1 - f.x0) * acc / vmax;
                e |= nqpf_buf_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                                     x0, y, (f.x1 - f.x0) * x / vmax, bar, SVG_PALETTE[j % SVG_NPAL]);
            } else {
                double bw = (f.x1 - f.x0) / (double)n, y1 = f.y1 - (f.y1 - f.y0) * acc / vmax;
                double hgt = (f.y1 - f.y0) * x / vmax;
                e |= nqpf_buf_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                                     f.x0 + bw * (double)i + bw * 0.1, y1 - hgt, bw * 0.8, hgt, SVG_PALETTE[j % SVG_NPAL]);
            }
            e |= nqpf_buf_puts(b, "<title>");
            e |= nqpf_buf_html(b, cat[i]);
            e |= nqpf_buf_puts(b, " · ");
            e |= nqpf_buf_html(b, parts[j]);
            e |= nqpf_buf_printf(b, ": %.4f</title></rect>", x);
            acc += x;
        }
        if (horizontal)
            e |= text(b, f.x0 - 4, f.y0 + bar * 1.4 * (double)i + bar - 4, "end", cat[i]);
        else if (n <= 16 || i % ((n + 15) / 16) == 0) {
            double bw = (f.x1 - f.x0) / (double)n;
            e |= text(b, f.x0 + bw * ((double)i + 0.5), f.y1 + 14, "middle", cat[i]);
        }
    }
    e |= nqpf_buf_puts(b, "</g>");
    e |= legend(b, lx, 20, k, parts);
    return e | nqpf_buf_puts(b, "</svg>\n");
}

int svg_scatter(nqpf_buf *b, const char *id, const char *label, size_t n, const double *x, const double *y,
                const char *const *names, double slope, const char *xt, const char *yt)
{
    double W = 320, H = 300; /* 8 cm, one column, in the figure files */
    svg_frame f = {60, 15, W - 20, H - 40};
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        lo = fmin(lo, fmin(x[i], y[i])), hi = fmax(hi, fmax(x[i], y[i]));
    nice_range(&lo, &hi);
    int e = svg_open(b, id, W, H, label);
    e |= axes(b, &f, lo, hi, 0, NULL, yt);
#define SX(v) (f.x0 + (f.x1 - f.x0) * ((v) - lo) / (hi - lo))
#define SY(v) (f.y1 - (f.y1 - f.y0) * ((v) - lo) / (hi - lo))
    e |= nqpf_buf_printf(b, "<g font-size=\"12\" fill=\"#333\">");
    for (int k = 0; k <= 4; k++) {
        char lab[32];
        snprintf(lab, sizeof lab, "%.3g", lo + (hi - lo) * k / 4.0);
        e |= text(b, SX(lo + (hi - lo) * k / 4.0), f.y1 + 14, "middle", lab);
    }
    e |= text(b, (f.x0 + f.x1) / 2, H - 6, "middle", xt);
    e |= nqpf_buf_puts(b, "</g>");
    if (lo < 0 && hi > 0)
        e |= nqpf_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"3\"/>"
                                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"3\"/>",
                             SX(0.0), f.y0, SX(0.0), f.y1, f.x0, SY(0.0), f.x1, SY(0.0));
    double a = lo, c = hi;
    if (fabs(slope) > 1) /* keep the fitted line inside the plot */
        a = lo / fabs(slope), c = hi / fabs(slope);
    if (!isnan(slope))
        e |= nqpf_buf_printf(b, "<line class=\"fit\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\"/>",
                             SX(a), SY(slope * a), SX(c), SY(slope * c));
    for (size_t i = 0; i < n; i++) {
        e |= nqpf_buf_printf(b, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f77b4\" fill-opacity=\"0.7\"><title>",
                             SX(x[i]), SY(y[i]));
        e |= nqpf_buf_html(b, names[i]);
        e |= nqpf_buf_printf(b, ": %.3f, %.3f</title></circle>", x[i], y[i]);
    }
#undef SX
#undef SY
    return e | nqpf_buf_puts(b, "</svg>\n");
}
