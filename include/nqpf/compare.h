/* nqpf — compare & diagnose: shared input layout and disparity measures.
 *
 * The "compare" commands (gini, theil, converge, kde, forecast, couple,
 * growth) all read a long table: one row per unit (and period), a value
 * column, optional group and period columns.  nqpf_factor turns a label
 * column into level indices; the disparity functions below work on plain
 * arrays so they can be tested and benchmarked without files.
 *
 * Other headers of this area: convergence.h (OLS, σ/β convergence),
 * grey.h (GM(1,1)), diagnose.h (obstacle degree, coupling coordination),
 * kde.h (kernel densities); growth.h lives with productivity.
 */
#ifndef NQPF_COMPARE_H
#define NQPF_COMPARE_H

#include <stddef.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"

struct nqpf_coltable;

/* ---- label columns as factors --------------------------------------- */

/* The distinct values of a label column, in a stable documented order:
 * numeric order when every label is a number (years, group codes 1/2/3),
 * otherwise order of first appearance in the file (so Chinese region
 * names keep the order the user wrote them in). */
typedef struct nqpf_factor {
    size_t n_levels;
    char **level;       /* n_levels names (owned) */
    double *level_num;  /* numeric value of each level, or NULL if not all numeric (owned) */
    size_t *code;       /* n_rows level index per table row (owned) */
    size_t n_rows;
} nqpf_factor;

/* Build the factor of column `name` of t.  An empty label is an error at
 * its cell (FILE:LINE:COL).  Free with nqpf_factor_free. */
int nqpf_factor_build(const nqpf_table *t, const char *name, nqpf_factor *f, nqpf_error *err);
/* The factor of m distinct labels text[0..m-1] in order of first
 * appearance and n row codes (each < m), its levels ordered as
 * nqpf_factor_build orders them (a column read by nqpf_coltable_read as a
 * KEY gives both).  The texts move to f (text[i] becomes NULL, the array
 * stays the caller's) and so does code (rewritten to the new order), also
 * on failure (code is freed). */
int nqpf_factor_adopt(nqpf_factor *f, char **text, size_t m, size_t *code, size_t n, nqpf_error *err);
/* The factor of KEY column c of t (nqpf_coltable_read): its levels (in
 * order of first appearance) and codes move to f, ordered as above; the
 * column keeps neither.  An empty cell is an error at it, "empty label in
 * column 'name'" (t's path and the row's line). */
int nqpf_factor_take_key(nqpf_factor *f, struct nqpf_coltable *t, size_t c, const char *name, nqpf_error *err);
/* The factor of a built-in regional grouping (regions.h: nbs4, belt3,
 * zone8, ns2) of the provinces named in column unit_col (GB codes or
 * names, with or without suffix); levels in the scheme's order (only those
 * present), Chinese or English labels.  A unit that is not a mainland
 * province is an error at its cell. */
int nqpf_factor_region(const nqpf_table *t, const char *unit_col, int scheme, int english, nqpf_factor *f,
                       nqpf_error *err);
/* The same grouping of n keys (the report's units): key[i] a province name
 * or GB code, else alt[i] (alt may be NULL, e.g. the map's codes).  f's
 * rows are the keys.  A key that is no mainland province returns
 * NQPF_EINPUT with *bad its index and err untouched (the caller says
 * where); out of memory is an error. */
int nqpf_region_codes(const char *const *key, const char *const *alt, size_t n, int scheme, int english,
                      nqpf_factor *f, size_t *bad, nqpf_error *err);
/* A factor with one level "" for every row (used when a column is optional
 * and not given, e.g. no --period). */
int nqpf_factor_single(size_t n_rows, nqpf_factor *f, nqpf_error *err);
void nqpf_factor_free(nqpf_factor *f);

/* ---- Dagum (1997) Gini decomposition -------------------------------- */

/* Dagum, C. (1997) "A new approach to the decomposition of the Gini income
 * inequality ratio", Empirical Economics 22:515-531.  All Ginis are
 * normalised by n^2 (no n/(n-1) correction) so G = Gw + Gnb + Gt holds
 * exactly.  k groups, pair arrays are k*k row-major and symmetric except
 * d and p, which are stored for the ordered pair (richer, poorer) in both
 * [j*k+h] and [h*k+j] (d >= p always).  A group with no observations has
 * n_j = 0 and NaN statistics and is left out of every sum. */
typedef struct nqpf_dagum {
    size_t k, n;
    double mean, G;
    double Gw, Gnb, Gt;   /* within, net between, transvariation */
    double *nj;           /* k group sizes */
    double *mu;           /* k group means */
    double *p, *s;        /* k population shares n_j/n and income shares n_j mu_j/(n mu) */
    double *Gjj;          /* k within-group Ginis */
    double *Gjh;          /* k*k between-group Ginis (diagonal = Gjj) */
    double *Djh;          /* k*k relative economic affluence D = (d-p)/(d+p), richer first */
    double *djh, *pjh;    /* k*k gross affluence E(y_rich-y_poor)+ and transvariation E(y_poor-y_rich)+ */
} nqpf_dagum;

/* y[n] >= 0 (negative values are an input error), g[n] in 0..k-1.
 * O(n log n): each group is sorted once, every pair is a linear merge with
 * prefix sums.  Fills *out (arrays malloc'd; free with nqpf_dagum_free). */
int nqpf_dagum_gini(const double *y, const size_t *g, size_t n, size_t k, nqpf_dagum *out,
                    nqpf_error *err);
void nqpf_dagum_free(nqpf_dagum *d);

/* Sum over all ordered pairs of |y_i - y_r| for one sorted array (ascending):
 * 2 sum_i (2i - n - 1) y_(i).  Exposed for tests. */
double nqpf_sorted_abs_diff_sum(const double *sorted, size_t n);

/* ---- Theil indices and simple disparity measures -------------------- */

/* Theil T (GE(1)) and L (GE(0), mean log deviation) with the exact
 * between/within decomposition by k groups:
 *   T  = (1/n) sum (y/mu) ln(y/mu)        (0 ln 0 := 0, as pysal)
 *   Tb = sum_g S_g ln(S_g / p_g)          S_g income share, p_g population share
 *   Tw = sum_g S_g T_g = T - Tb
 *   L  = (1/n) sum ln(mu/y)               (NaN when some y = 0)
 *   Lb = sum_g p_g ln(mu/mu_g),  Lw = sum_g p_g L_g
 * Also the coefficient of variation (population and sample SD) and the
 * plain Gini sum|yi-yj|/(2 n^2 mu) (optionally times n/(n-1)). */
typedef struct nqpf_theil_result {
    size_t k, n;
    double mean, sd_pop, sd_sample, cv_pop, cv_sample, gini, gini_corrected;
    double T, Tb, Tw, L, Lb, Lw;
    double *nj, *mu, *p, *s;   /* k: size, mean, population share, income share */
    double *Tg, *Lg;           /* k: within-group T and L */
} nqpf_theil_result;

int nqpf_theil(const double *y, const size_t *g, size_t n, size_t k, nqpf_theil_result *out,
               nqpf_error *err);
void nqpf_theil_free(nqpf_theil_result *t);

/* Inequality and polarisation of one distribution (src/compare/inequality.c:
 * the conventions and their peers are written out there).  y: n values
 * >= 0, not all 0; eps: n_eps inequality aversions >= 0 for Atkinson's
 * index.  lorenz holds the n + 1 points L(k/n), k = 0..n, of the Lorenz
 * curve; wolfson is NaN when the median is 0. */
typedef struct nqpf_ineq_result {
    size_t n, n_eps;
    double mean, median, gini, wolfson, lorenz_half;
    double *atkinson; /* n_eps: A_eps[e] */
    double *lorenz;   /* n + 1 */
} nqpf_ineq_result;

int nqpf_inequality(const double *y, size_t n, const double *eps, size_t n_eps, nqpf_ineq_result *out,
                    nqpf_error *err);
void nqpf_ineq_free(nqpf_ineq_result *r);

/* Plain Gini (n^2 normalisation) of y[n] >= 0, O(n log n). */
int nqpf_gini(const double *y, size_t n, double *out, nqpf_error *err);

#endif
