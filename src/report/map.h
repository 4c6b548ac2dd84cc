/* nqpf — the report's choropleth maps (internal): [map] options, colour
 * classes, and the drawing (panels side by side, the South China Sea inset,
 * labels, a titled legend). */
#ifndef NQPF_REPORT_MAP_H
#define NQPF_REPORT_MAP_H

#include "report_internal.h"

/* [map] (map_style.c): read and record the section's keys (its option
 * table), return the base-map keys and fill r->mapst except the years;
 * then, once the panel's periods are known, resolve `years`. */
int report_map_read(nqpf_report *r, const char **geojson, const char **id_field, const char **column,
                    nqpf_error *err);
int report_map_years(nqpf_report *r, nqpf_error *err);

/* Class limits (map_class.c): brk[0] = min, brk[k] = max of the n finite
 * values of v (NaN skipped), brk[1..k-1] the upper limits of classes
 * 0..k-2; a value x is in the first class j with x <= brk[j+1].
 *   quantile: class j holds the values of rank (j n/k, (j+1) n/k] (equal
 *             counts ±1 when the values are distinct)
 *   jenks:    Fisher's exact optimum, the least within-class sum of squares
 *   equal:    k equal widths of [min, max]
 * Returns 0, or -1 (out of memory or no finite value). */
int map_breaks(const double *v, size_t n, nqpf_map_classes how, size_t k, double *brk);
int map_class_of(const double *brk, size_t k, double x);
/* ColorBrewer "Blues" scheme of k classes (2 <= k <= 9), light to dark. */
const char *map_colour(size_t k, size_t j);

/* One choropleth figure: n_panels maps of the same shapes side by side
 * (small multiples), each with fill[p * U + u] and tip[p * U + u] for unit
 * u; a legend of nleg boxes under a title; the inset and the labels as the
 * [map] options say. */
typedef struct map_fig {
    const char *id, *label;
    int en;                           /* labels in English (unit_name) */
    size_t n_panels;
    const char *const *panel_title;   /* n_panels, or NULL */
    const char *const *fill, *const *tip;
    size_t nleg;
    const char *const *leg_col, *const *leg_txt;
    const char *leg_title;            /* NULL: none */
    const char *breaks;               /* class limits as text for <desc class="breaks">, or NULL */
} map_fig;
int map_svg(nqpf_buf *b, const nqpf_report *r, const map_fig *m);
/* Unit labels placed without overlaps (map_labels.c): lab[i] at its label
 * point (x, y), size its shape's area (larger first); fills placed, the
 * label's centre (lx, ly) and leader (drawn from the point).  Writes the
 * leader lines, the labels at font size fs inside the panel box
 * [px0, px1] x [py0, py1], and a note naming those left out. */
typedef struct map_label {
    double x, y, size;
    const char *text;
    int placed, leader;
    double lx, ly;
} map_label;
int map_labels_svg(nqpf_buf *b, map_label *lab, size_t n, double fs, double px0, double py0, double px1,
                   double py1, int en);
/* Which vertices of r->shapes (all rings in order, one flag each) to draw
 * at kx, ky drawing units per degree so that no drawn point is off by more
 * than tol units (map_simplify.c): borders shared by two shapes keep the
 * same vertices in both.  *keep is malloc'd; returns 0, or -1 out of memory. */
int map_simplify(const nqpf_report *r, double kx, double ky, double tol, unsigned char **keep);
/* A label's width at font size fs: wide (CJK) characters one em, others 0.6. */
double map_text_width(const char *s, double fs);
/* The maps of the page with their captions (map_html.c): the index in
 * the [map] years (opens its section), the LISA clusters of the last period
 * and the mean TFP change (figures of the current section). */
int report_map_index_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_map_lisa_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_map_malmquist_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
/* The inset frame and dash segments (map_inset.c), lon/lat, as
 * data/china_nanhai_inset.geojson: n rings, ring k = points off[k]..off[k+1]. */
size_t map_inset_rings(const size_t **off, const double (**lonlat)[2]);
/* Whether the map is a map of all China (auto inset): it reaches from
 * west of 100°E to east of 125°E and south of 21°N (Hainan). */
int map_is_china(const nqpf_report *r);

#endif
