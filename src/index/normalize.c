/* Column normalisation: min-max, z-score, ratio (x/max, min/x) and vector
 * (Hwang-Yoon) with benefit/cost directions and an optional shift. */
#include "nqpf/index_methods.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colstats.h"

int nqpf_norm_parse(const char *s, nqpf_norm_method *out)
{
    static const struct { const char *name; nqpf_norm_method m; } tab[] = {
        {"minmax", NQPF_NORM_MINMAX}, {"zscore", NQPF_NORM_ZSCORE},
        {"ratio", NQPF_NORM_RATIO},   {"vector", NQPF_NORM_VECTOR}};
    for (size_t k = 0; k < sizeof tab / sizeof *tab; k++)
        if (strcmp(s, tab[k].name) == 0) {
            *out = tab[k].m;
            return 0;
        }
    return -1;
}

const char *nqpf_norm_name(nqpf_norm_method m)
{
    switch (m) {
    case NQPF_NORM_MINMAX: return "minmax";
    case NQPF_NORM_ZSCORE: return "zscore";
    case NQPF_NORM_RATIO: return "ratio";
    case NQPF_NORM_VECTOR: return "vector";
    }
    return "?";
}

/* Per-column affine-or-reciprocal map, applied row by row.  Kept as a small
 * set of parameters so the transform pass is one loop over the matrix:
 *   kind 0: (x - a) / b           (minmax benefit, zscore, ratio benefit b=max, vector)
 *   kind 1: (a - x) / b           (minmax cost, zscore cost)
 *   kind 2: a / x                 (ratio cost, a = min)
 *   kind 3: 1 - x / b             (vector cost)
 *   kind 4: constant a            (zero-variance minmax/zscore column)
 * then + shift.  Division (not multiplication by 1/b) keeps the extremes of
 * min-max exactly 0 and 1. */
typedef struct { int kind; double a, b; } col_map;

/* One row through the map: every kind, a switch per element. */
static void map_row(double *row, size_t n, const col_map *cm, double shift)
{
    for (size_t j = 0; j < n; j++) {
        double v = row[j];
        switch (cm[j].kind) {
        case 0: v = (v - cm[j].a) / cm[j].b; break;
        case 1: v = (cm[j].a - v) / cm[j].b; break;
        case 2: v = cm[j].a / v; break;
        case 3: v = 1.0 - v / cm[j].b; break;
        default: v = cm[j].a; break;
        }
        row[j] = v + shift;
    }
}

/* One row through a min-max map (kinds 0 and 1 only): (x - a) / sb with
 * sb = b for a benefit column and -b for a cost one, two columns at a time
 * through the divider (SIMD lanes compute what scalar code does).  The
 * same bits as map_row: negation is exact and rounding symmetric, so
 * (x - a) / -b = -((x - a) / b) = (a - x) / b, except that x = a gives -0
 * where map_row gives +0; adding the shift turns both into the same number
 * unless the shift is itself -0, which apply() leaves to map_row. */
static void map_row_minmax(double *row, size_t n, const double *a, const double *sb, double shift)
{
#pragma omp simd
    for (size_t j = 0; j < n; j++)
        row[j] = (row[j] - a[j]) / sb[j] + shift;
}

/* The map, and when ps is not NULL the column sums and extremes of the
 * result per block of NQPF_IDX_BLOCK rows (nqpf_idx_colscan's partials,
 * taken while each row is still in cache: the weights and TOPSIS need them
 * and would otherwise read the whole matrix again). */
static void apply(double *x, size_t m, size_t n, const col_map *cm, double shift, double *ps, double *plo,
                  double *phi)
{
    size_t nb = (m + NQPF_IDX_BLOCK - 1) / NQPF_IDX_BLOCK;
    /* min-max in both directions (the usual case): the map as arrays */
    int minmax = n > 0 && !(shift == 0 && signbit(shift));
    for (size_t j = 0; j < n; j++)
        minmax &= cm[j].kind == 0 || cm[j].kind == 1;
    double *asb = minmax ? malloc(2 * n * sizeof *asb) : NULL;
    for (size_t j = 0; asb && j < n; j++) {
        asb[j] = cm[j].a;
        asb[n + j] = cm[j].kind == 1 ? -cm[j].b : cm[j].b;
    }
#pragma omp parallel for schedule(static) if (m > 4 * NQPF_IDX_BLOCK)
    for (size_t b = 0; b < nb; b++) {
        size_t i0 = b * NQPF_IDX_BLOCK, i1 = i0 + NQPF_IDX_BLOCK < m ? i0 + NQPF_IDX_BLOCK : m;
        for (size_t i = i0; i < i1; i++) {
            double *row = x + i * n;
            if (asb)
                map_row_minmax(row, n, asb, asb + n, shift);
            else
                map_row(row, n, cm, shift);
            if (!ps)
                continue;
            if (i == i0)
                for (size_t j = 0; j < n; j++)
                    plo[b * n + j] = phi[b * n + j] = row[j];
            nqpf_idx_scan_row(row, n, ps + b * n, plo + b * n, phi + b * n);
        }
    }
    free(asb);
}

/* apply() with the statistics of the result into zs. */
static void apply_stats(double *x, size_t m, size_t n, const col_map *cm, double shift, nqpf_idx_zstats *zs)
{
    size_t nb = (m + NQPF_IDX_BLOCK - 1) / NQPF_IDX_BLOCK;
    double *p = calloc(3 * nb * n, sizeof *p);
    zs->valid = 0;
    if (!p) { /* the statistics are an extra: without them the consumers scan */
        apply(x, m, n, cm, shift, NULL, NULL, NULL);
        return;
    }
    apply(x, m, n, cm, shift, p, p + nb * n, p + 2 * nb * n);
    zs->valid = nqpf_idx_colscan_reduce(NULL, m, n, p, p + nb * n, p + 2 * nb * n, nb, zs->sum, zs->min, zs->max,
                                        NULL) == NQPF_OK;
    free(p);
}

/* First row of column j whose value is <= 0 (for the ratio-cost message). */
static size_t first_nonpositive(const double *x, size_t m, size_t n, size_t j)
{
    for (size_t i = 0; i < m; i++)
        if (x[i * n + j] <= 0)
            return i;
    return 0;
}

int nqpf_normalize(double *x, size_t m, size_t n, const int *dir, nqpf_norm_method method,
                   double shift, unsigned char *zero_var, nqpf_error *err)
{
    return nqpf_idx_normalize(x, m, n, dir, method, shift, zero_var, NULL, err);
}

int nqpf_idx_normalize(double *x, size_t m, size_t n, const int *dir, nqpf_norm_method method, double shift,
                       unsigned char *zero_var, nqpf_idx_zstats *zs, nqpf_error *err)
{
    if (zs)
        zs->valid = 0;
    if (!isfinite(shift))
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "shift must be a finite number");
    for (size_t j = 0; j < n; j++)
        if (dir[j] != 1 && dir[j] != -1)
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "column %zu: direction must be +1 (benefit) or -1 (cost), got %d",
                             j + 1, dir[j]);
    if (m == 0 || n == 0)
        return NQPF_OK;
    double *sum = malloc(n * sizeof *sum), *lo = malloc(n * sizeof *lo),
           *hi = malloc(n * sizeof *hi), *ss = malloc(n * sizeof *ss);
    col_map *cm = malloc(n * sizeof *cm);
    int rc = (!sum || !lo || !hi || !ss || !cm) ? nqpf_fail_nomem(err)
                                                : nqpf_idx_colscan(x, m, n, sum, lo, hi, err);
    if (rc == NQPF_OK && method == NQPF_NORM_ZSCORE) {
        for (size_t j = 0; j < n; j++)
            sum[j] /= (double)m; /* now the mean */
        rc = nqpf_idx_colssd(x, m, n, sum, ss, err);
    } else if (rc == NQPF_OK && method == NQPF_NORM_VECTOR) {
        rc = nqpf_idx_colssd(x, m, n, NULL, ss, err);
    }
    for (size_t j = 0; rc == NQPF_OK && j < n; j++) {
        int zv = lo[j] == hi[j];
        if (zero_var)
            zero_var[j] = (unsigned char)zv;
        int cost = dir[j] < 0;
        switch (method) {
        case NQPF_NORM_MINMAX:
            cm[j] = zv ? (col_map){4, 0, 1}
                       : (col_map){cost, cost ? hi[j] : lo[j], hi[j] - lo[j]};
            break;
        case NQPF_NORM_ZSCORE:
            /* population sd (ddof 0), as fixed by the project's API; note
             * that R scale() and SPSS use ddof 1 — the two differ by the
             * same factor sqrt((m-1)/m) in every column (docs/index.md) */
            cm[j] = zv ? (col_map){4, 0, 1}
                       : (col_map){cost, sum[j], sqrt(ss[j] / (double)m)};
            if (!zv && !(cm[j].b > 0))
                cm[j] = (col_map){4, 0, 1};
            break;
        case NQPF_NORM_RATIO:
            if (!cost) {
                if (!(hi[j] > 0))
                    rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                                   "column %zu: ratio normalisation x/max needs max > 0 "
                                   "(max is %g)",
                                   j + 1, hi[j]);
                cm[j] = (col_map){0, 0, hi[j]};
            } else {
                if (!(lo[j] > 0))
                    rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                                   "row %zu, column %zu: ratio normalisation min/x of a cost "
                                   "indicator needs every x > 0 (found %g)",
                                   first_nonpositive(x, m, n, j) + 1, j + 1, lo[j]);
                cm[j] = (col_map){2, lo[j], 1};
            }
            break;
        case NQPF_NORM_VECTOR:
            if (!(ss[j] > 0))
                rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                               "column %zu: vector normalisation needs a non-zero column "
                               "(all values are 0)",
                               j + 1);
            cm[j] = (col_map){cost ? 3 : 0, 0, sqrt(ss[j])};
            break;
        default:
            rc = nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "unknown normalisation method %d",
                           (int)method);
        }
    }
    if (rc == NQPF_OK && zs)
        apply_stats(x, m, n, cm, shift, zs);
    else if (rc == NQPF_OK)
        apply(x, m, n, cm, shift, NULL, NULL, NULL);
    free(sum);
    free(lo);
    free(hi);
    free(ss);
    free(cm);
    return rc;
}

int nqpf_normalize_vector(double *x, size_t m, size_t n, nqpf_error *err)
{
    int *dir = malloc((n ? n : 1) * sizeof *dir);
    if (!dir)
        return nqpf_fail_nomem(err);
    for (size_t j = 0; j < n; j++)
        dir[j] = 1;
    int rc = nqpf_normalize(x, m, n, dir, NQPF_NORM_VECTOR, 0.0, NULL, err);
    free(dir);
    return rc;
}
