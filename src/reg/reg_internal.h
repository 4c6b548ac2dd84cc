/* nqpf reg — pieces shared by the files of src/reg (not public). */
#ifndef NQPF_REG_INTERNAL_H
#define NQPF_REG_INTERNAL_H

#include <stddef.h>

#include "nqpf/reg.h"

/* A demeaned column whose sum of squares is below this share of its
 * centred sum of squares is absorbed by the fixed effects. */
#define NQPF_REG_ABSORBED_TOL 1e-9
/* A column whose part not explained by the earlier kept columns has a sum
 * of squares below this share of its own is collinear (ls.c's COLLIN_TOL,
 * for the mediation bootstrap's normal equations). */
#define NQPF_REG_COLLIN_TOL 1e-9

/* Drop rows (keep[i] = 0) whose level has one kept row in any of the n_fe
 * code columns, until none is left; returns the rows dropped, or
 * (size_t)-1 when out of memory.  codes are compact (< levels). */
size_t nqpf_reg_drop_singletons(const size_t *const *codes, const size_t *levels, size_t n_fe, size_t n,
                                unsigned char *keep);
/* Connected components of the bipartite graph of the levels of a and b
 * (n rows, compact codes), or (size_t)-1 when out of memory. */
size_t nqpf_reg_components(const size_t *a, size_t la, const size_t *b, size_t lb, size_t n);
/* 1 when every level of fe lies within one level of cl, 0 if not, -1 on
 * out of memory. */
int nqpf_reg_nested(const size_t *fe, size_t lfe, const size_t *cl, size_t n);

/* nqpf_hdfe_init taking the n_fe code arrays over instead of copying them
 * (codes[g] is set to NULL as it is taken; h frees it). */
int nqpf_hdfe_init_owned(nqpf_hdfe *h, size_t n, size_t n_fe, size_t **codes, const size_t *levels, const double *w,
                         double tol, size_t max_iter, nqpf_error *err);

/* Least squares of y on the columns of X (n x p, column-major) that are not
 * collinear: omitted[j] gets NQPF_REG_COLLINEAR for a column that is
 * (numerically) a combination of earlier kept ones; then b (p, NaN where
 * omitted), e (n residuals), bread (p x p (X'X)^-1 of the kept columns,
 * zero elsewhere), rss.  Columns with omitted[j] already set are skipped. */
int nqpf_reg_ls(const double *X, const double *y, size_t n, size_t p, const char *const *names, int *omitted,
                double *b, double *e, double *bread, double *rss, nqpf_error *err);

/* Fill a table's se, t, p, CI, F from b and V (and df_r, k already set). */
int nqpf_reg_table_finish(nqpf_reg_table *t, int has_cons, nqpf_error *err);
int nqpf_reg_table_alloc(nqpf_reg_table *t, size_t p, nqpf_error *err);
void nqpf_reg_table_free(nqpf_reg_table *t);

#endif

/* What every fit of one estimation sample shares. */
typedef struct nqpf_reg_design {
    size_t n;
    size_t k_abs;                /* 1 + df_a with absorbed effects, else 0 */
    int has_cons;                /* the last column of a design is the constant */
    enum nqpf_reg_vce vce;
    size_t n_cl;
    const size_t *const *cl;     /* compact sample codes */
    const size_t *cl_levels;
    size_t gmin;                 /* fewest clusters of any dimension */
    int adj_each;                /* multi-way: each term its own G/(G-1) */
} nqpf_reg_design;

/* OLS of y on X (n x p) into t (allocated here): terms `names`, omit_in
 * (NULL or p flags set beforehand, e.g. absorbed), covariance and tests;
 * residuals into e (n).  t->rss is set, the R^2s are the caller's. */
int nqpf_reg_ols_table(const nqpf_reg_design *d, const double *X, size_t p, const char *const *names,
                       const int *omit_in, const double *y, nqpf_reg_table *t, double *e, nqpf_error *err);
/* Covariance of the kept columns of X (t->omitted) into t->V, with
 * K = kept + k_abs, then df_r and the tests. */
int nqpf_reg_table_vce(const nqpf_reg_design *d, const double *X, const double *e, const double *bread,
                       nqpf_reg_table *t, nqpf_error *err);

/* 2SLS: y on [Y (m endogenous), Xx (kx exogenous, constant last if
 * d->has_cons)] with instruments [Xx, Z (l)]; fills out->main, first
 * stages and the IV statistics; omit_x/omit_z: NULL or flags set
 * beforehand.  Residuals into e. */
int nqpf_reg_iv(const nqpf_reg_design *d, const double *y, const double *Y, size_t m, const char *const *ynames,
                const double *Xx, size_t kx, const char *const *xnames, const int *omit_x, const double *Z, size_t l,
                const char *const *znames, const int *omit_z, nqpf_reg_fit *out, double *e, nqpf_error *err);
/* Kleibergen-Paap rk Wald statistic (chi^2, l - m + 1 df) of the full-rank
 * test of the first-stage coefficients of the partialled instruments Zt
 * (n x l) in the m equations of the partialled endogenous regressors Yt
 * with residuals E (n x m), with the design's covariance at K; NaN when
 * not defined (collinear columns, a singular covariance).  src/reg/kp.c */
int nqpf_reg_kp_rk(const nqpf_reg_design *d, const double *Yt, const double *E, size_t m, const double *Zt,
                   size_t l, size_t K, double *rk, nqpf_error *err);
