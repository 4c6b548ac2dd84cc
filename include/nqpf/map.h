/* nqpf — choropleth maps as SVG, independent of any analysis: the base
 * map's shapes, colour classes, and the drawing of one figure (panels of
 * the same shapes side by side, the South China Sea inset, unit labels
 * placed without overlaps, a titled legend).  The caller (the report's
 * map pages, src/report/map_html.c) picks the values, fills, tips and
 * captions; this draws them.  Sizes are in the report's figure units (40
 * a centimetre, text 12 units = 8.5 pt at print size). */
#ifndef NQPF_MAP_H
#define NQPF_MAP_H

#include <stddef.h>

#include "nqpf/map_opts.h"
#include "nqpf/util.h"

/* One shape of the base map (a GeoJSON feature): its polygon rings in
 * lon/lat, its id and name, the data unit it draws and its label point. */
typedef struct nqpf_map_shape {
    char *id;               /* properties[id-field] */
    char *name;             /* properties.name, or the id */
    size_t n_rings;
    size_t *ring_off;       /* n_rings + 1 offsets into x/y */
    double *x, *y;          /* lon/lat */
    long unit;              /* data unit drawn by this shape, -1 = none */
    double cx, cy;          /* label point (properties.cp), NaN when the feature has none */
} nqpf_map_shape;

/* The base map: n shapes. */
typedef struct nqpf_map_base {
    const nqpf_map_shape *shape;
    size_t n;
} nqpf_map_base;

/* Class limits: brk[0] = min, brk[k] = max of the n finite values of v
 * (NaN skipped), brk[1..k-1] the upper limits of classes 0..k-2; a value
 * x is in the first class j with x <= brk[j+1].
 *   quantile: class j holds the values of rank (j n/k, (j+1) n/k] (equal
 *             counts ±1 when the values are distinct)
 *   jenks:    Fisher's exact optimum, the least within-class sum of squares
 *   equal:    k equal widths of [min, max]
 * Returns 0, or -1 (out of memory or no finite value). */
int nqpf_map_breaks(const double *v, size_t n, nqpf_map_classes how, size_t k, double *brk);
/* The class of x (see nqpf_map_breaks), -1 for NaN. */
int nqpf_map_class_of(const double *brk, size_t k, double x);
/* ColorBrewer "Blues" scheme of k classes (2 <= k <= 9), light to dark. */
const char *nqpf_map_colour(size_t k, size_t j);

/* The class limits brk[0..style->k] of the n values v in the style's
 * classes (nqpf_map_breaks; user breaks keep the data's min and max as the
 * outer limits).  Returns 0, or -1 (out of memory or no finite value). */
int nqpf_map_style_breaks(const nqpf_map_style *style, const double *v, size_t n, double *brk);
/* The legend of the style's k classes of limits brk: lt[j] = txt[j] the
 * range of class j ("a – b", or "≤ a" and "> b" at the ends of user
 * breaks), col[j] its colour (nqpf_map_colour). */
#define NQPF_MAP_LEGTXT 64
void nqpf_map_legend(const nqpf_map_style *style, const double *brk, char (*txt)[NQPF_MAP_LEGTXT], const char **lt,
                     const char **col);

/* One choropleth figure: n_panels maps of the same shapes side by side
 * (small multiples), each with fill[p * n_units + u] and tip[p * n_units +
 * u] for unit u (the shapes' unit); a legend of nleg boxes under a title.
 * The inset and the labels (unit_label[u]) as the style says. */
typedef struct nqpf_map_fig {
    const char *id, *label;           /* the <svg> element's id and aria-label */
    int en;                           /* notes in English */
    size_t n_units;
    const char *const *unit_label;    /* n_units names written when style->labels (NULL: the shapes' names) */
    size_t n_panels;
    const char *const *panel_title;   /* n_panels, or NULL */
    const char *const *fill, *const *tip;
    size_t nleg;
    const char *const *leg_col, *const *leg_txt;
    const char *leg_title;            /* NULL: none */
    const char *breaks;               /* class limits as text for <desc class="breaks">, or NULL */
} nqpf_map_fig;

/* Appends the figure's <svg> element to b.  Returns 0, or -1 when out of
 * memory. */
int nqpf_map_svg(nqpf_buf *b, nqpf_map_base base, const nqpf_map_style *style, const nqpf_map_fig *m);
/* Whether the map is a map of all China (the inset's auto): it reaches
 * from west of 100°E to east of 125°E and south of 21°N (Hainan). */
int nqpf_map_is_china(nqpf_map_base base);

#endif
