/* nqpf — SVG chart primitives of a document (src/doc/svg.c). All text is
 * HTML-escaped here; every function returns 0, or -1 when out of memory. */
#ifndef NQPF_SVG_H
#define NQPF_SVG_H

#include <stddef.h>

#include "nqpf/util.h"

#define SVG_NPAL 10
extern const char *const SVG_PALETTE[SVG_NPAL];

typedef struct svg_frame {
    double x0, y0, x1, y1;
} svg_frame;

int svg_open(nqpf_buf *b, const char *id, double w, double h, const char *label);
/* ns series of nx points y[s*nx+i] (NaN = gap), optional band lo/hi. */
int svg_lines(nqpf_buf *b, const char *id, const char *label, size_t nx, const char *const *xl, size_t ns,
              const char *const *names, const double *y, const double *lo, const double *hi, const char *ytitle);
/* n stacked bars of k parts v[i*k+j]. */
int svg_stacked(nqpf_buf *b, const char *id, const char *label, size_t n, const char *const *cat, size_t k,
                const char *const *parts, const double *v, int horizontal);
int svg_scatter(nqpf_buf *b, const char *id, const char *label, size_t n, const double *x, const double *y,
                const char *const *names, double slope, const char *xt, const char *yt);
/* Sizes: 40 units a centimetre in the figure files (figures.h), so a chart
 * 640 wide prints at 16 cm and its 12-unit text at 8.5 pt.  Maps are drawn
 * by nqpf_map_svg (nqpf/map.h, src/map), which opens its <svg> with svg_open. */

#endif
