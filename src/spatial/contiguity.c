/* nqpf — queen and rook contiguity from polygon vertices.
 *
 * Two units are neighbours when their boundaries share a point (queen) or at
 * least two points (rook), as in spdep's poly2nb.  Points match when they are
 * within `snap` of each other in both x and y.  Instead of testing polygon
 * pairs (O(n^2) bounding boxes, then vertex pairs), every vertex is put in a
 * grid cell of side `snap`; matches can only lie in the same or the eight
 * surrounding cells, which are found by binary search in the sorted vertex
 * list.  Total cost O(V log V) for V vertices. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "nqpf/spatial.h"
#include "nqpf/util.h"

typedef struct gpt {
    int64_t cx, cy;  /* grid cell */
    double x, y;
    size_t unit;
} gpt;

static int cmp_gpt(const void *a, const void *b)
{
    const gpt *p = a, *q = b;
    if (p->cx != q->cx)
        return p->cx < q->cx ? -1 : 1;
    if (p->cy != q->cy)
        return p->cy < q->cy ? -1 : 1;
    if (p->unit != q->unit)
        return p->unit < q->unit ? -1 : 1;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return 0;
}

/* First index in pts[0..n) whose cell is >= (cx, cy). */
static size_t lower_cell(const gpt *pts, size_t n, int64_t cx, int64_t cy)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pts[mid].cx < cx || (pts[mid].cx == cx && pts[mid].cy < cy))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

typedef struct upair {
    size_t a, b, pt;  /* units a < b share point pt (an index of a's vertex) */
} upair;

static int cmp_upair(const void *x, const void *y)
{
    const upair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    if (p->pt != q->pt)
        return p->pt < q->pt ? -1 : 1;
    return 0;
}

/* The polygons' names and crosswalk go with the weights, so that
 * nqpf_weights_align can match a panel's codes or names to the features. */
static int keep_match_keys(nqpf_weights *w, const nqpf_polygons *p, nqpf_error *err)
{
    if (!(w->name = calloc(p->n ? p->n : 1, sizeof *w->name)))
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < p->n; i++)
        if (p->name && p->name[i] && !(w->name[i] = nqpf_strdup(p->name[i])))
            return nqpf_fail_nomem(err);
    return nqpf_crosswalk_copy(&w->xw, p->xw, err);
}

int nqpf_weights_contiguity(nqpf_weights **out, const nqpf_polygons *p, int queen, double snap,
                            nqpf_error *err)
{
    *out = NULL;
    if (!(snap > 0) || !isfinite(snap))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the snap distance must be positive");
    size_t nv = p->voff[p->n];
    gpt *pts = malloc((nv ? nv : 1) * sizeof *pts);
    upair *pairs = NULL;
    size_t np = 0, cap = 0;
    size_t *from = NULL, *to = NULL;
    int rc = NQPF_OK;
    if (!pts)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < p->n; i++)
        for (size_t k = p->voff[i]; k < p->voff[i + 1]; k++) {
            double fx = floor(p->vx[k] / snap), fy = floor(p->vy[k] / snap);
            if (!(fabs(fx) < 4e18 && fabs(fy) < 4e18)) {
                free(pts);
                return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                                 "vertex coordinates too large for snap %g", snap);
            }
            pts[k] = (gpt){(int64_t)fx, (int64_t)fy, p->vx[k], p->vy[k], i};
        }
    qsort(pts, nv, sizeof *pts, cmp_gpt);
    /* Drop exact repeats within a unit (ring closures, shared part edges). */
    size_t m = 0;
    for (size_t k = 0; k < nv; k++) {
        if (m > 0 && pts[m - 1].unit == pts[k].unit && pts[m - 1].x == pts[k].x &&
            pts[m - 1].y == pts[k].y && pts[m - 1].cx == pts[k].cx && pts[m - 1].cy == pts[k].cy)
            continue;
        pts[m++] = pts[k];
    }
    for (size_t i = 0; i < m; i++) {
        for (int dx = -1; dx <= 1; dx++)
            for (int dy = -1; dy <= 1; dy++) {
                int64_t cx = pts[i].cx + dx, cy = pts[i].cy + dy;
                for (size_t j = lower_cell(pts, m, cx, cy);
                     j < m && pts[j].cx == cx && pts[j].cy == cy; j++) {
                    if (pts[j].unit <= pts[i].unit)
                        continue;
                    if (fabs(pts[j].x - pts[i].x) > snap || fabs(pts[j].y - pts[i].y) > snap)
                        continue;
                    if (np == cap) {
                        size_t nc = cap ? 2 * cap : 256;
                        upair *q = realloc(pairs, nc * sizeof *q);
                        if (!q)
                            goto nomem;
                        pairs = q;
                        cap = nc;
                    }
                    pairs[np++] = (upair){pts[i].unit, pts[j].unit, i};
                }
            }
    }
    if (np > 0) /* no polygons touch: pairs is NULL, and qsort(NULL, 0) is undefined */
        qsort(pairs, np, sizeof *pairs, cmp_upair);
    from = malloc((2 * np + 1) * sizeof *from);
    to = malloc((2 * np + 1) * sizeof *to);
    if (!from || !to)
        goto nomem;
    size_t e = 0;
    for (size_t k = 0; k < np;) {
        size_t a = pairs[k].a, b = pairs[k].b, distinct = 0;
        size_t last = (size_t)-1;
        for (; k < np && pairs[k].a == a && pairs[k].b == b; k++) {
            if (pairs[k].pt != last)
                distinct++;
            last = pairs[k].pt;
        }
        if (distinct >= (queen ? 1u : 2u)) {
            from[e] = a, to[e] = b, e++;
            from[e] = b, to[e] = a, e++;
        }
    }
    rc = nqpf_weights_from_edges(out, p->n, p->id, e, from, to, NULL, err);
    if (!rc)
        rc = keep_match_keys(*out, p, err);
    if (rc) {
        nqpf_weights_free(*out);
        *out = NULL;
    }
    goto done;
nomem:
    rc = nqpf_fail_nomem(err);
done:
    free(pts);
    free(pairs);
    free(from);
    free(to);
    return rc;
}
