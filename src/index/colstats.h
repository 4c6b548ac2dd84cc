/* nqpf — private column-statistics kernels of the index methods.
 *
 * Each kernel streams a row-major m x n matrix once, row by row, updating all
 * n column accumulators per row (cache-friendly for tall matrices such as
 * 5,000,000 x 30).  Rows are cut into fixed blocks of NQPF_IDX_BLOCK rows;
 * blocks run in parallel (OpenMP) and their partial sums are added in block
 * order afterwards, so every result is bit-identical for any thread count.
 * Not part of the public API. */
#ifndef NQPF_INDEX_COLSTATS_H
#define NQPF_INDEX_COLSTATS_H

#include <stddef.h>

#include "nqpf/error.h"
#include "nqpf/index_methods.h"

#define NQPF_IDX_BLOCK ((size_t)8192)

/* Column sums, minima and maxima in one pass (any output may be NULL).
 * A non-finite cell (NaN, Inf) or a sum that overflows is NQPF_EINPUT naming
 * the first offending row and column; m must be >= 1. */
int nqpf_idx_colscan(const double *z, size_t m, size_t n, double *sum, double *min, double *max,
                     nqpf_error *err);

/* One row's part of nqpf_idx_colscan: s += row, lo/hi its extremes.  A
 * kernel that writes a matrix row by row (normalisation) calls it on each
 * row it has written, in nqpf_idx_colscan's blocks, so that the statistics
 * of its output come with it, bit for bit those of nqpf_idx_colscan. */
static inline void nqpf_idx_scan_row(const double *row, size_t n, double *s, double *lo, double *hi)
{
    for (size_t j = 0; j < n; j++) {
        double v = row[j];
        s[j] += v;
        lo[j] = v < lo[j] ? v : lo[j];
        hi[j] = v > hi[j] ? v : hi[j];
    }
}

/* The block partials (nb x n each: sums from 0, extremes from the block's
 * first row) added in block order into sum/min/max (any may be NULL).  A
 * non-finite sum is NQPF_EINPUT: named from z when z is given, silent
 * otherwise. */
int nqpf_idx_colscan_reduce(const double *z, size_t m, size_t n, const double *ps, const double *plo,
                            const double *phi, size_t nb, double *sum, double *min, double *max, nqpf_error *err);

/* Statistics of a normalised matrix computed by the normalisation pass
 * itself (nqpf_idx_normalize); valid = 0 when none were computed or a
 * value is not finite (the consumer then scans and reports). */
typedef struct nqpf_idx_zstats {
    int valid;
    double *sum, *min, *max; /* n each */
} nqpf_idx_zstats;

/* nqpf_normalize, and when zs is not NULL the nqpf_idx_colscan statistics
 * of the result into zs (zs->sum/min/max allocated by the caller). */
int nqpf_idx_normalize(double *x, size_t m, size_t n, const int *dir, nqpf_norm_method method, double shift,
                       unsigned char *zero_var, nqpf_idx_zstats *zs, nqpf_error *err);

/* Entropy weights (nqpf_weights_entropy) from z's column statistics
 * already known (nqpf_idx_colscan's sum, min, max).  In weights.c. */
int nqpf_idx_entropy(const double *z, size_t m, size_t n, const double *sum, const double *lo, const double *hi,
                     double *w, double *e, double *d, nqpf_error *err);

/* ssd[j] = sum_i (z_ij - center[j])^2 (center NULL = 0: sums of squares). */
int nqpf_idx_colssd(const double *z, size_t m, size_t n, const double *center, double *ssd,
                    nqpf_error *err);

/* Centred cross-product matrix S (n x n, full, symmetric):
 * S[j*n+k] = sum_i (z_ij - mean_j)(z_ik - mean_k). */
int nqpf_idx_crossprod(const double *z, size_t m, size_t n, const double *mean, double *s,
                       nqpf_error *err);

/* Pearson correlation matrix r (n x n) of z with r_jj = 1 and |r| <= 1;
 * optional outputs mean[n] and sample sd[n] (ddof 1).  A constant column
 * (max == min) is NQPF_EMATH naming it; m must be >= 2. */
int nqpf_idx_corr(const double *z, size_t m, size_t n, double *r, double *mean, double *sd,
                  nqpf_error *err);

/* Column means and sample sds (ddof 1; m >= 2), a constant column's sd
 * exactly 0.  In weights_more.c. */
int nqpf_idx_colsd(const double *z, size_t m, size_t n, double *mean, double *sd, nqpf_error *err);

/* w = c / sum(c) (weights of every objective method); a zero or non-finite
 * sum is NQPF_EMATH with `what` named.  In weights.c. */
int nqpf_idx_normalise_to_one(const double *c, size_t n, double *w, const char *what, nqpf_error *err);

/* One node (dimension or sub-dimension) of a TOPSIS with sub-indices:
 * its k columns, renormalised weights and column extremes (k = 0: the
 * node's score is NaN). */
typedef struct nqpf_idx_node {
    size_t k;
    const size_t *cols;
    const double *w, *lo, *hi;
} nqpf_idx_node;

/* TOPSIS of z (m x n, weights w, extremes lo/hi) into score[i] and of every
 * node into node_score[i * nn + d], in one pass over the rows: each block of
 * rows is scored for the total and then for every node while it is in
 * cache.  The arithmetic of every row is nqpf_topsis_ext's, so the scores
 * are those of one nqpf_topsis_ext call per node.  Non-zero when any call
 * failed (the caller then runs the calls one by one for their message).
 * In topsis_nodes.c. */
int nqpf_idx_topsis_nodes(const double *z, size_t m, size_t n, const double *w, const double *lo,
                          const double *hi, double *score, const nqpf_idx_node *node, size_t nn,
                          double *node_score);

/* Number of threads worth using for nb blocks (1 when small).  The block
 * loops split the blocks in fixed halves (schedule(static)), although a
 * shared machine's two cores seldom run at the same speed: neighbouring
 * blocks' partial sums share cache lines, and handed out one at a time the
 * two threads fought over them at every row (the 5,000,000-row
 * bench/index computation took 3.1 s instead of 0.73). */
#define NQPF_IDX_PAR(nb) ((nb) > 2)

#endif
