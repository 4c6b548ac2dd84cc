/* nqpf — the map area's internal parts: outlines simplified for the
 * drawing scale, unit labels without overlaps, the South China Sea inset. */
#ifndef NQPF_MAP_INTERNAL_H
#define NQPF_MAP_INTERNAL_H

#include "nqpf/map.h"

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
/* A label's width at font size fs: wide (CJK) characters one em, others 0.6. */
double map_text_width(const char *s, double fs);
/* Which vertices of the base map (all rings in order, one flag each) to
 * draw at kx, ky drawing units per degree so that no drawn point is off by
 * more than tol units (map_simplify.c): borders shared by two shapes keep
 * the same vertices in both.  *keep is malloc'd; returns 0, or -1 out of
 * memory. */
int map_simplify(nqpf_map_base map, double kx, double ky, double tol, unsigned char **keep);
/* The inset frame and dash segments (map_inset.c), lon/lat, as
 * data/china_nanhai_inset.geojson: n rings, ring k = points off[k]..off[k+1]. */
size_t map_inset_rings(const size_t **off, const double (**lonlat)[2]);

#endif
