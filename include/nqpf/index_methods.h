/* nqpf — numerical methods of the composite index.
 *
 * Normalisation, objective and subjective weights (entropy, CRITIC,
 * coefficient of variation, PCA, AHP), weight combination, aggregation
 * (weighted sum, geometric, TOPSIS, grey relational analysis), ranks and rank
 * correlations.  Every formula, variant and default is written out in
 * docs/index.md with references.
 *
 * Conventions shared by every function here:
 *  - Matrices are row-major and contiguous: z[i*n + j], i = observation
 *    (0..m-1), j = indicator (0..n-1).  Loops run over rows with all columns
 *    updated per row, so one pass streams the matrix once.
 *  - Column sums are formed in fixed blocks of rows that are then added in
 *    block order, so results are bit-identical for any OpenMP thread count.
 *  - Error messages name rows and columns 1-based ("row 3, column 2"); the
 *    caller re-labels them with indicator names.
 *  - Non-finite inputs (NaN, Inf) are rejected with NQPF_EINPUT: missing
 *    values must be handled before these functions are called.
 *  - Outputs are caller-allocated; nothing here allocates memory the caller
 *    must free, except nqpf_ahp_read (documented there).
 */
#ifndef NQPF_INDEX_METHODS_H
#define NQPF_INDEX_METHODS_H

#include <stddef.h>

#include "nqpf/error.h"

/* ---- normalisation ------------------------------------------------------ */

typedef enum {
    NQPF_NORM_MINMAX,  /* benefit (x-min)/(max-min), cost (max-x)/(max-min) */
    NQPF_NORM_ZSCORE,  /* (x-mean)/sd, sd population (ddof 0); cost: -(x-mean)/sd */
    NQPF_NORM_RATIO,   /* benefit x/max, cost min/x */
    NQPF_NORM_VECTOR   /* Hwang-Yoon r = x/sqrt(sum x^2); cost: 1 - r (see below) */
} nqpf_norm_method;

/* Normalise the columns of x (m x n) in place; then add `shift` to every
 * value (the Chinese-literature "平移" 0.0001 / 0.01 that keeps entropy
 * logarithms finite).  dir[j] = +1 (benefit) or -1 (cost).
 *  - minmax:  benefit (x-min)/(max-min), cost (max-x)/(max-min).
 *  - zscore:  (x-mean)/sd, population sd (ddof 0); cost flips the sign.
 *  - ratio:   benefit x/max (requires max > 0), cost min/x (requires x > 0);
 *             NQPF_EMATH otherwise.
 *  - vector:  r = x/sqrt(sum_i x^2) (requires sum > 0); a cost column becomes
 *             1 - r, which leaves every TOPSIS distance of the classic
 *             Hwang-Yoon method (ideal = min for cost) unchanged.
 * zero_var[j] (out, may be NULL) is set to 1 when max == min in column j, else
 * 0.  Not an error: a constant minmax or zscore column becomes 0 + shift; a
 * constant ratio or vector column keeps its well-defined value (1, resp.
 * 1/sqrt(m) or 1 - 1/sqrt(m)) + shift.
 * Per-period scope: call this on each period's contiguous block of rows. */
int nqpf_normalize(double *x, size_t m, size_t n, const int *dir, nqpf_norm_method method,
                   double shift, unsigned char *zero_var, nqpf_error *err);

/* Classic Hwang-Yoon vector normalisation r_ij = x_ij / sqrt(sum_i x_ij^2) of
 * every column, with no direction handling (TOPSIS then needs ideal = min for
 * cost columns; nqpf_normalize(..., NQPF_NORM_VECTOR ...) does that for you).
 * A column of zeros is NQPF_EMATH. */
int nqpf_normalize_vector(double *x, size_t m, size_t n, nqpf_error *err);

/* Parse "minmax", "zscore", "ratio", "vector".  Returns 0, or -1 if unknown. */
int nqpf_norm_parse(const char *s, nqpf_norm_method *out);
const char *nqpf_norm_name(nqpf_norm_method m);

/* ---- objective weights -------------------------------------------------- */

/* Entropy weights: p_ij = z_ij / sum_i z_ij; e_j = -(1/ln m) sum_i p_ij ln p_ij
 * with 0 ln 0 = 0 per element; d_j = 1 - e_j; w_j = d_j / sum d.
 * Requires z >= 0 (else NQPF_EMATH naming the cell) and m >= 2; a column that
 * sums to 0 is NQPF_EMATH; so is sum d == 0 (every column constant).
 * e, d (n each) may be NULL. */
int nqpf_weights_entropy(const double *z, size_t m, size_t n, double *w, double *e, double *d,
                         nqpf_error *err);

/* CRITIC (Diakoulaki et al. 1995): sd_j sample (ddof 1), Pearson r_jk,
 * conflict_j = sum_k (1 - r_jk), C_j = sd_j * conflict_j (info), w = C/sum C.
 * A zero-variance column makes r undefined: NQPF_EMATH naming it.  Needs
 * m >= 2, n >= 2.  sd, conflict, info (n each) may be NULL. */
int nqpf_weights_critic(const double *z, size_t m, size_t n, double *w, double *sd,
                        double *conflict, double *info, nqpf_error *err);

/* Coefficient of variation: cv_j = sd_j / mean_j with sample sd (ddof 1; the
 * choice cancels in w), mean_j must be > 0 (else NQPF_EMATH); w = cv/sum cv.
 * sum cv == 0 (every column constant) is NQPF_EMATH.  mean, sd, cv may be NULL. */
int nqpf_weights_cv(const double *z, size_t m, size_t n, double *w, double *mean, double *sd,
                    double *cv, nqpf_error *err);

/* w_j = 1/n. */
void nqpf_weights_equal(size_t n, double *w);

/* Standard-deviation weights: w_j = sd_j / sum sd with the sample sd (ddof
 * 1, as pymcdm; the divisor cancels).  Needs m >= 2; sum sd == 0 (every
 * column constant) is NQPF_EMATH.  sd (n) may be NULL.  In weights_more.c. */
int nqpf_weights_sd(const double *z, size_t m, size_t n, double *w, double *sd, nqpf_error *err);

/* MEREC (Keshavarz-Ghorabaee et al. 2021) with every column a benefit
 * column (z is direction-adjusted): n_ij = min_i z_ij / z_ij,
 * S_i = ln(1 + (1/n) sum_j |ln n_ij|), S'_ij the same without column j,
 * E_j = sum_i |S'_ij - S_i|, w = E / sum E.  Needs z > 0 (NQPF_EMATH naming
 * the cell otherwise).  effect (n, may be NULL) receives E. */
int nqpf_weights_merec(const double *z, size_t m, size_t n, double *w, double *effect, nqpf_error *err);

/* Eigen-decomposition of the Pearson correlation matrix of z (LAPACK dsyev).
 * eigval[n] descending; eigvec (n*n, may be NULL) column k = unit eigenvector
 * of eigval[k], stored eigvec[j*n + k]; sign convention: the component of
 * largest absolute value is positive (ties: the first such component).
 * Zero-variance columns are NQPF_EMATH. */
int nqpf_pca_corr(const double *z, size_t m, size_t n, double *eigval, double *eigvec,
                  nqpf_error *err);

/* PCA weights: K = the smallest number of leading components whose
 * cumulative variance share sum_{k<=K} lambda_k / sum lambda reaches `share`
 * (0 < share <= 1; a 1e-12 slack absorbs rounding);
 *   w_j ∝ sum_{k<=K} |u_jk| lambda_k / sum_{k<=K} lambda_k
 * where u_jk = a_jk / sqrt(lambda_k) is the component-score coefficient
 * (a_jk = SPSS loading), normalised to sum 1.  Outputs w[n], eigval[n]
 * (descending), *k_used. */
int nqpf_weights_pca(const double *z, size_t m, size_t n, double share, double *w, double *eigval,
                     size_t *k_used, nqpf_error *err);

/* ---- AHP ---------------------------------------------------------------- */

typedef enum {
    NQPF_RI_SAATY1980,    /* 0.58 0.90 1.12 1.24 1.32 1.41 1.45 1.49 (n = 3..10) */
    NQPF_RI_SAATY2005,    /* 0.52 0.89 1.11 1.25 1.35 1.40 1.45 1.49 ... (n = 3..15) */
    NQPF_RI_TUMMALA1998,  /* Tummala & Ling 1998 (n = 3..15) */
    NQPF_RI_DONEGAN_DODD  /* Donegan & Dodd 1991 (n = 3..100, interpolated) */
} nqpf_ri_table;

typedef enum {
    NQPF_AHP_EIGEN,       /* principal (Perron) eigenvector */
    NQPF_AHP_GEOMETRIC,   /* row geometric mean (方根法) */
    NQPF_AHP_COLUMN_MEAN  /* column-normalised row average (和积法) */
} nqpf_ahp_method;

/* Read a pairwise-comparison CSV: a header row (first cell a label such as
 * "row", then the n element names), then n rows whose first cell repeats the
 * header name of that row (or is its number 1..n) and whose cells are
 * positive numbers or fractions "p/q".  Checks: square, labels in header
 * order, positive, diagonal 1, reciprocal a_ij * a_ji = 1 within 1e-6
 * (relative); errors at FILE:LINE:COL.  On success the caller frees *a
 * (n*n, row-major), each (*names)[k] and *names. */
int nqpf_ahp_read(const char *path, double **a, size_t *n, char ***names, nqpf_error *err);

/* Weights w[n] (sum 1), lambda_max, CI = (lambda_max - n)/(n - 1), RI from
 * the chosen table and CR = CI/RI (n <= 2: CI = CR = 0, RI = 0).
 * lambda_max: the Perron eigenvalue for EIGEN (eigenvector to ~1e-14);
 * (1/n) sum_i (Aw)_i / w_i for the approximate methods, as the textbooks do.
 * n beyond the table: NQPF_EINPUT.  Outputs other than w may be NULL.
 * Does not re-check reciprocity (nqpf_ahp_read does); a must be positive. */
int nqpf_ahp(const double *a, size_t n, nqpf_ahp_method method, nqpf_ri_table ri, double *w,
             double *lambda_max, double *ci, double *ri_value, double *cr, nqpf_error *err);

/* Random index of the table for size n; NQPF_EINPUT if n is not covered. */
int nqpf_ri_value(nqpf_ri_table t, size_t n, double *ri, nqpf_error *err);

/* "saaty1980", "saaty2005", "tummala", "dd".  Returns 0, or -1 if unknown. */
int nqpf_ri_parse(const char *s, nqpf_ri_table *out);
const char *nqpf_ri_name(nqpf_ri_table t);
/* "eigen", "geometric", "column-mean".  Returns 0, or -1 if unknown. */
int nqpf_ahp_method_parse(const char *s, nqpf_ahp_method *out);
const char *nqpf_ahp_method_name(nqpf_ahp_method m);

/* ---- combination -------------------------------------------------------- */

typedef enum { NQPF_COMBO_MULT, NQPF_COMBO_LINEAR } nqpf_combo_mode;

/* mult: w = w1*w2 / sum(w1*w2) (sum 0 -> NQPF_EMATH);
 * linear: w = alpha*w1 + (1-alpha)*w2, alpha in [0, 1].
 * Weights must be finite and >= 0.  w may alias w1 or w2. */
int nqpf_weights_combine(const double *w1, const double *w2, size_t n, nqpf_combo_mode mode,
                         double alpha, double *w, nqpf_error *err);

/* Hierarchical composition: the global weight of indicator j is
 * local[j] * dim_w[dim[j]] (within-dimension weight times the weight of its
 * dimension), dim[j] in 0..n_dim-1.  When renorm is non-zero the local
 * weights are first rescaled to sum 1 inside each dimension (e.g. entropy
 * weights computed over all indicators).  An empty dimension or a dimension
 * whose local weights sum to 0 under renorm is NQPF_EMATH.  w may alias local. */
int nqpf_weights_hierarchy(const double *local, const size_t *dim, size_t n, const double *dim_w,
                           size_t n_dim, int renorm, double *w, nqpf_error *err);

/* ---- aggregation (z already direction-adjusted: larger is better) ------- */

/* Rows of a matrix seen through a column list: row i, column q is
 * z[i * ld + (cols ? cols[q] : q)].  A sub-index (some columns of the panel,
 * or one period's rows) is scored straight from the panel's storage with it,
 * without copying those columns. */
typedef struct nqpf_rowview {
    const double *z;
    size_t ld;
    const size_t *cols;
} nqpf_rowview;

/* score_i = sum_j w_j z_ij; the _ext form reads a view and writes
 * score[i * stride]. */
void nqpf_aggregate_weighted(const double *z, size_t m, size_t n, const double *w, double *score);
void nqpf_aggregate_weighted_ext(nqpf_rowview z, size_t m, size_t n, const double *w, double *score, size_t stride);

/* score_i = prod_j z_ij^w_j, computed as exp(sum_j w_j ln z_ij); requires
 * z > 0 (NQPF_EMATH naming row and column otherwise).  The _ext form reads
 * a view and writes score[i * stride] (see nqpf_topsis_ext). */
int nqpf_aggregate_geometric(const double *z, size_t m, size_t n, const double *w, double *score,
                             nqpf_error *err);
int nqpf_aggregate_geometric_ext(nqpf_rowview z, size_t m, size_t n, const double *w, double *score,
                                 size_t stride, nqpf_error *err);

/* TOPSIS: v_ij = w_j z_ij; ideal = column max of v, anti-ideal = column min;
 * D+ and D- Euclidean; score = D-/(D+ + D-).  When every weighted column is
 * constant D+ = D- = 0 for all rows: NQPF_EMATH.  dplus, dminus may be NULL. */
/* The same with the block's column minima and maxima of z given (zmin,
 * zmax), so that a block can be scored from a view of the panel without
 * copying it; score_i goes to score[i * stride]; nqpf_topsis is this with
 * the extremes of z itself. */
int nqpf_topsis_ext(nqpf_rowview z, size_t m, size_t n, const double *w, const double *zmin,
                    const double *zmax, double *score, size_t stride, double *dplus, double *dminus,
                    nqpf_error *err);
int nqpf_topsis(const double *z, size_t m, size_t n, const double *w, double *score, double *dplus,
                double *dminus, nqpf_error *err);
/* nqpf_topsis (no D+/D-) that also gives the column minima and maxima of z it
 * scored against (zmin, zmax: n each; set when m > 0 and no error), so that
 * sub-indices of the same columns need no pass of their own for them. */
int nqpf_topsis_extremes(const double *z, size_t m, size_t n, const double *w, double *score, double *zmin,
                         double *zmax, nqpf_error *err);

/* Grey relational grade (Deng 1982): reference ref_j = column max of z;
 * delta_ij = |ref_j - z_ij|; dmin, dmax over all i, j;
 * xi_ij = (dmin + rho dmax)/(delta_ij + rho dmax); score_i = sum_j w_j xi_ij.
 * 0 < rho <= 1 (usually 0.5).  dmax == 0 (every column constant) is
 * NQPF_EMATH.  See nqpf_gra_xi for the coefficients themselves. */
/* GRA with the block's column extremes given (reference = zmax); see nqpf_topsis_ext. */
int nqpf_gra_ext(nqpf_rowview z, size_t m, size_t n, const double *w, double rho, const double *zmin,
                 const double *zmax, double *score, size_t stride, nqpf_error *err);
int nqpf_gra(const double *z, size_t m, size_t n, const double *w, double rho, double *score,
             nqpf_error *err);
/* The grey relational coefficients xi (m x n, row-major) and the global
 * dmin/dmax (may be NULL), as used by nqpf_gra. */
int nqpf_gra_xi(const double *z, size_t m, size_t n, double rho, double *xi, double *dmin,
                double *dmax, nqpf_error *err);

/* VIKOR (Opricovic & Tzeng 2004; vikor.c): d_ij = w_j (z*_j - z_ij) /
 * (z*_j - z-_j) with z* = column max, z- = column min of the block;
 * S_i = sum_j d_ij, R_i = max_j d_ij;
 * Q_i = v (S_i - min S)/(max S - min S) + (1 - v)(R_i - min R)/(max R - min R),
 * lower Q better.  A constant S (or R) contributes 0 to every Q_i.  A
 * constant column with a positive weight is NQPF_EMATH (0/0); a zero-weight
 * column is skipped.  0 <= v <= 1. */
int nqpf_vikor(const double *z, size_t m, size_t n, const double *w, double v, double *S, double *R, double *Q,
               nqpf_error *err);
/* S and R of rows given the block's column extremes (zmin, zmax), so a large
 * block can be scored in row chunks; then Q from the whole block's S and R. */
int nqpf_vikor_sr_ext(nqpf_rowview z, size_t m, size_t n, const double *w, const double *zmin,
                      const double *zmax, double *S, double *R, nqpf_error *err);
int nqpf_vikor_q(const double *S, const double *R, size_t m, double v, double *Q, nqpf_error *err);
/* The index score of VIKOR: score_i = 1 - Q_i, so that larger is better as
 * for every other aggregation (rank 1 = the lowest Q). */
int nqpf_vikor_score(const double *z, size_t m, size_t n, const double *w, double v, double *score,
                     nqpf_error *err);

/* ---- ranks and rank correlation ---------------------------------------- */

typedef enum { NQPF_RANK_MIN, NQPF_RANK_AVERAGE } nqpf_rank_ties;

/* rank[i] = 1 for the largest x[i]; ties share the average rank (average:
 * 1, 2.5, 2.5, 4) or the minimum (min: 1, 2, 2, 4).  O(n log n).  NaN in x is
 * NQPF_EINPUT; allocation failure NQPF_ENOMEM. */
int nqpf_rank_desc(const double *x, size_t n, nqpf_rank_ties ties, double *rank, nqpf_error *err);

/* Ranks of many vectors of one length n (the periods of a panel): the
 * sort's buffers are allocated once.  x[i * stride] is ranked into
 * rank[i * rstride] exactly as nqpf_rank_desc would rank it; rank may be x
 * itself (every value is read before the first rank is written). */
typedef struct nqpf_ranker {
    size_t n;
    struct nqpf_ranker_mem *mem; /* NULL: small n, sorted by qsort */
} nqpf_ranker;
int nqpf_ranker_init(nqpf_ranker *rk, size_t n, nqpf_error *err);
int nqpf_ranker_rank(nqpf_ranker *rk, const double *x, size_t stride, nqpf_rank_ties ties, double *rank,
                     size_t rstride, nqpf_error *err);
void nqpf_ranker_free(nqpf_ranker *rk);

/* Spearman rho: Pearson correlation of the average ranks.  NaN when n < 2,
 * when either input contains NaN, when either is constant, or on allocation
 * failure. */
double nqpf_spearman(const double *a, const double *b, size_t n);

/* Kendall tau-b with tie corrections, O(n log n) (Knight 1966):
 * (n_c - n_d) / sqrt((n0 - n1)(n0 - n2)).  NaN when n < 2, when either input
 * contains NaN, when either is constant, or on allocation failure. */
double nqpf_kendall_tau_b(const double *a, const double *b, size_t n);

#endif
