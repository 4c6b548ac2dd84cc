/* nqpf — linear regression with absorbed fixed effects (the engine behind
 * `nqpf reg`): OLS and 2SLS, any number of absorbed fixed-effect dimensions,
 * iid / HC1 / multi-way cluster covariances with Stata reghdfe's
 * small-sample conventions (docs/reg.md writes every rule out).
 *
 *   group.c  compact group codes, interactions, singletons, connected
 *            components, nesting in clusters
 *   hdfe.c   the projection M_D v (exact for one dimension, conjugate
 *            gradient on the symmetric alternating-projection operator for
 *            two and more)
 *   vce.c    sandwich covariances, multi-way CGM with the eigenvalue fix
 *   pdist.c  t quantiles, F and chi-square tail probabilities
 *   iv.c     2SLS, first stages, Cragg-Donald / Kleibergen-Paap F, J tests
 *   reg.c    the driver: sample, demeaning, collinearity, fit, statistics
 */
#ifndef NQPF_REG_H
#define NQPF_REG_H

#include <stddef.h>

#include "nqpf/error.h"
#include "nqpf/restab.h"

/* A missing group code (the row is dropped listwise). */
#define NQPF_REG_NA ((size_t)-1)

/* ---- groups ------------------------------------------------------------ */

/* Combine n_parts code columns (each n rows, NQPF_REG_NA = missing) into one
 * compact code 0..*levels-1 per row, numbered in order of first appearance
 * (missing if any part is missing): the codes of an interaction a#b or of
 * an intersection of clusters. */
int nqpf_reg_group(const size_t *const *parts, size_t n_parts, size_t n, size_t *code, size_t *levels,
                   nqpf_error *err);

/* ---- the projection ---------------------------------------------------- */

typedef struct nqpf_hdfe {
    size_t n;          /* rows in the estimation sample */
    size_t n_fe;       /* absorbed dimensions (0: nothing to absorb) */
    size_t *levels;    /* levels per dimension, every level present */
    size_t **code;     /* n_fe x n compact codes */
    double **wsum;     /* n_fe x levels: sum of weights per level */
    const double *w;   /* n weights or NULL (not owned) */
    double tol;        /* stop when ||r||_W <= tol ||v||_W (conjugate gradient) */
    size_t max_iter;
} nqpf_hdfe;

/* codes: n_fe arrays of n compact codes (copied); w: n weights or NULL. */
int nqpf_hdfe_init(nqpf_hdfe *h, size_t n, size_t n_fe, const size_t *const *codes, const size_t *levels,
                   const double *w, double tol, size_t max_iter, nqpf_error *err);
void nqpf_hdfe_free(nqpf_hdfe *h);
/* v[n] := M_D v (the W-weighted residual of v on all absorbed dummies).
 * *iters: conjugate-gradient iterations (0 for one dimension).  Not
 * converging within max_iter is an NQPF_EMATH error naming `what`. */
int nqpf_hdfe_demean(const nqpf_hdfe *h, double *v, const char *what, size_t *iters, nqpf_error *err);
/* The same with caller-owned scratch of nqpf_hdfe_workspace(h) doubles. */
size_t nqpf_hdfe_workspace(const nqpf_hdfe *h);
int nqpf_hdfe_demean_ws(const nqpf_hdfe *h, double *v, const char *what, size_t *iters, double *ws, nqpf_error *err);

/* ---- distributions ----------------------------------------------------- */

/* Upper tail P(F(d1, d2) > f) and P(chi2(df) > x); t quantile (two-sided
 * level: nqpf_t_quantile(0.975, df)); df = INFINITY gives the normal. */
double nqpf_reg_f_pvalue(double f, double d1, double d2);
double nqpf_chi2_pvalue(double x, double df);
double nqpf_t_quantile(double p, double df);

/* ---- the estimator ----------------------------------------------------- */

enum nqpf_reg_vce { NQPF_REG_IID = 0, NQPF_REG_ROBUST = 1, NQPF_REG_CLUSTER = 2 };
/* How K counts the absorbed levels (docs/reg.md):
 *   REGHDFE  a dimension nested in a cluster dimension counts 0 (default)
 *   ALL      every absorbed level counts (areg, estimatr se_type="stata")
 *   XTREG    as REGHDFE (xtreg, fe's conventions coincide), the command
 *            line maps --vce robust to cluster on the unit as xtreg does */
enum nqpf_reg_dof { NQPF_REG_DOF_REGHDFE = 0, NQPF_REG_DOF_ALL = 1, NQPF_REG_DOF_XTREG = 2 };

typedef struct nqpf_reg_spec {
    size_t n;                           /* rows of the data */
    const double *y;                    /* NaN = missing */
    const char *y_name;
    size_t n_x;                         /* exogenous regressors */
    const double *const *x;
    const char *const *x_name;
    size_t n_endog;                     /* endogenous regressors (IV) */
    const double *const *endog;
    const char *const *endog_name;
    size_t n_inst;                      /* excluded instruments */
    const double *const *inst;
    const char *const *inst_name;
    size_t n_fe;                        /* absorbed dimensions */
    const size_t *const *fe;            /* n_fe x n codes, NQPF_REG_NA = missing */
    const char *const *fe_name;
    size_t n_cl;                        /* cluster dimensions (vce CLUSTER) */
    const size_t *const *cl;
    const char *const *cl_name;
    const double *w;                    /* analytic weights > 0, or NULL */
    const unsigned char *subset;        /* rows eligible (1), or NULL = all */
    enum nqpf_reg_vce vce;
    enum nqpf_reg_dof dof;
    int keep_singletons;
    int cluster_adj_each;               /* multi-way: G_S/(G_S-1) per term */
    double tol;                         /* 0: default 1e-13 */
    size_t max_iter;                    /* 0: default 10000 */
} nqpf_reg_spec;

/* Why a coefficient has no estimate. */
enum { NQPF_REG_KEPT = 0, NQPF_REG_COLLINEAR = 1, NQPF_REG_ABSORBED = 2 };

typedef struct nqpf_reg_table {
    size_t p;                           /* terms */
    const char **term;                  /* names (point into the spec, or "_cons") */
    int *omitted;                       /* NQPF_REG_KEPT / COLLINEAR / ABSORBED */
    double *b, *se, *t, *pval, *lo, *hi;/* NaN where omitted */
    double *V;                          /* p x p covariance (zero rows where omitted) */
    double df_r;                        /* t and F denominator degrees of freedom */
    size_t k;                           /* K of the small-sample factors: kept terms + 1 + df_a */
    double rss, tss, tss_within;
    double r2, r2_adj, r2_within, r2_within_adj, rmse;
    double F, F_p;                      /* Wald F of every kept term but _cons */
    size_t F_df1;
} nqpf_reg_table;

typedef struct nqpf_reg_fit {
    nqpf_reg_table main;
    size_t n, n_missing, n_singletons;  /* used; dropped listwise; dropped as singletons */
    size_t n_fe;
    size_t *fe_levels;                  /* levels in the sample */
    size_t *fe_redundant;               /* levels not counted in df_a */
    int *fe_nested;                     /* nested in a cluster dimension */
    size_t df_a;                        /* absorbed parameters beyond the constant */
    size_t df_a_all;                    /* the same counting levels nested in clusters */
    size_t n_cl;
    size_t *clusters;                   /* clusters per dimension */
    size_t iterations;                  /* most CG iterations of any variable */
    /* IV (n_endog > 0) */
    size_t n_endog;
    nqpf_reg_table *first;              /* n_endog first stages: exogenous, then instruments */
    double *fs_F, *fs_F_p, *fs_partial_r2; /* per endogenous regressor */
    double cd_F;                        /* Cragg-Donald Wald F */
    double kp_F;                        /* Kleibergen-Paap rk Wald F (NaN where not defined) */
    double J, J_df, J_p;                /* Sargan (iid) or Hansen J (robust, one-way cluster) */
    int J_hansen;
    unsigned char *in_sample;           /* spec n rows: 1 = in the estimation sample (owned) */
} nqpf_reg_fit;

/* Fit the model.  Errors: an empty sample, a constant regressor, too few
 * instruments, fewer than 2 clusters, N <= K (messages name the column). */
int nqpf_reg_fit_model(const nqpf_reg_spec *s, nqpf_reg_fit *out, nqpf_error *err);
void nqpf_reg_fit_free(nqpf_reg_fit *f);

/* ---- internal pieces, shared by reg.c and iv.c (and the unit tests) ---- */

/* Sandwich covariance of the coefficients of a fit on the (demeaned,
 * sqrt(w)-scaled) design X (n x p, column-major) with residuals e:
 *   IID:     rss/(n-K) bread
 *   ROBUST:  n/(n-K) bread (sum e_i^2 x_i x_i') bread
 *   CLUSTER: (n-1)/(n-K) Gmin/(Gmin-1) sum_S (-1)^(|S|+1) bread meat_S bread
 *            over the non-empty subsets S of the cluster dimensions (meat_S
 *            clustered on the intersection), negative eigenvalues set to 0
 *            (reghdfe); adj_each: each term scaled by its own G_S/(G_S-1)
 *            instead of Gmin/(Gmin-1) (sandwich::vcovCL, cgmreg, Petersen).
 * bread = (X'X)^-1 (p x p); cl: n_cl x n compact codes, cl_levels. */
int nqpf_reg_vce(const double *X, const double *e, size_t n, size_t p, const double *bread, size_t K,
                 enum nqpf_reg_vce vce, int adj_each, size_t n_cl, const size_t *const *cl, const size_t *cl_levels, double *V,
                 nqpf_error *err);
/* Wald F = b' V^-1 b / q over the q indices idx (q x q block of V). */
int nqpf_reg_wald(const double *b, const double *V, size_t p, const size_t *idx, size_t q, double *F,
                  nqpf_error *err);

/* ---- mediation ------------------------------------------------------------ */

/* The stepwise mechanism test on one estimation sample (rows where the
 * mediator is present too): total  y = c D + X g + FE;  a-path  M = a D + X g + FE;
 * b-path  y = c' D + b M + X g + FE.  D is the spec's first regressor x[0],
 * X the rest; with endogenous regressors (2SLS paths, the whole instrument
 * set in each), D is the first endogenous one other than M, and M is
 * endogenous in the b path only when it is one of them.  Sobel z = a b / sqrt(b^2 se_a^2 + a^2 se_b^2).  With B > 0,
 * a bootstrap of a b: replication r draws, from RNG stream (seed, r), the
 * clusters of the first cluster dimension (with --vce cluster) or the
 * observations with replacement, and refits the a and b paths with the
 * draw counts as frequency weights; percentile and bias-corrected
 * intervals at `level`.  Identical for any thread count. */
typedef struct nqpf_reg_mediation {
    nqpf_reg_fit total, a, b;
    double a_coef, a_se, b_coef, b_se, c, c_direct, ab, sobel_se, sobel_z, sobel_p;
    size_t reps, failed;
    double *draw_a, *draw_b, *draw_ab;  /* reps each, NaN where a replication failed (owned) */
    double boot_se, pct_lo, pct_hi, bc_lo, bc_hi;
} nqpf_reg_mediation;

int nqpf_reg_mediate(const nqpf_reg_spec *s, const double *m, const char *m_name, size_t B, unsigned long long seed,
                     double level, nqpf_reg_mediation *out, nqpf_error *err);
void nqpf_reg_mediation_free(nqpf_reg_mediation *md);

/* ---- heterogeneity ------------------------------------------------------ */

/* Permutation test of a coefficient difference between two groups (Stata
 * bdiff, "Fisher's permutation test"): group[i] is 0 or 1 for the rows
 * compared (other values: left out).  Replication r shuffles the group
 * labels over those rows with RNG stream (seed, r) and stores
 * b_j(group 0) - b_j(group 1) in draws[r] (NaN if a fit fails); identical
 * for any thread count.  j indexes the model's terms. */
int nqpf_reg_perm_diff(const nqpf_reg_spec *s, const size_t *group, size_t j, size_t B, unsigned long long seed,
                       double *draws, nqpf_error *err);

/* ---- the paper's table -------------------------------------------------- */

/* One column of the classic regression table (pointers not owned). */
typedef struct nqpf_reg_column {
    const char *label, *depvar;
    size_t p;
    const char *const *term;
    const double *b, *se, *p_value;
    size_t n_fe;
    const char *const *fe;
    size_t n;
    double r2, r2_within;
} nqpf_reg_column;

struct nqpf_buf;
/* Coefficients with stars (*** p < 0.01, ** p < 0.05, * p < 0.1) and
 * (se) below, to `digits` decimals; then FE: name Yes/No rows, N, R^2,
 * within R^2.  CSV, or LaTeX booktabs (latex = 1). */
int nqpf_reg_table_write(const nqpf_reg_column *cols, size_t n_cols, int latex, int digits, struct nqpf_buf *b,
                         nqpf_error *err);

/* ---- a whole `nqpf reg` job (the command line and project files) ------ */

/* What the user asks for, as text: lists are comma-separated column names
 * (`unit` and `period` stand for those columns in absorb and cluster;
 * `a#b` is an interaction), iv is "ENDOG=Z1,Z2[;ENDOG2=Z3]". */
typedef struct nqpf_reg_request {
    const char *data;
    const struct nqpf_colsource *data_extra; /* NULL, or a column the caller supplies (coltable.h: the
                                       report's [reg] adds the index score) */
    int encoding;                 /* nqpf_encoding */
    const char *y, *x, *unit, *period, *absorb, *vce, *cluster, *iv, *by, *weights, *dof, *cluster_adj;
    int keep_singletons;
    double tol;
    int center;                   /* moderation: centre the parts of A*M terms at their means */
    const char *at;               /* moderator values for marginal effects ("v1,v2"), or NULL */
    const char *winsor;           /* "P_lo,P_hi" percentiles (e.g. "1,99"), or NULL */
    const char *winsor_by;        /* winsorise within the groups of this column (e.g. the period) */
    const char *utest;            /* U shape: an --x column X; X^2 is added and Lind-Mehlum tested */
    const char *bdiff;            /* with --by (two groups): permutation test of this term's difference */
    const char *mediator;         /* mediation: the treatment is the first --x column */
    size_t boot;                  /* bootstrap replications of a b (0: none) */
    unsigned long long seed;
    double level;                 /* 0: 0.95 */
    const char *boot_reps;        /* replications file, or NULL */
    const char *table;            /* the paper's table: FILE.tex (LaTeX) or FILE.csv, or NULL */
    size_t digits;                /* its decimals (0: 3) */
    const char *out, *stats;      /* stats may be NULL */
    int force;
    int bom;                      /* --bom: the CSV files start with a UTF-8 BOM (NQPF_OUT_BOM) */
} nqpf_reg_request;

/* A job's results in memory: the tables of --out, --stats and --boot-reps
 * (reps without header unless boot_reps was asked) and the text of --table
 * (empty unless table was asked). */
typedef struct nqpf_reg_output {
    nqpf_restab out, stats, reps;
    nqpf_buf table;
} nqpf_reg_output;

/* Read the data, fit the model (per --by group) into o (freed on error; out
 * and the files are not needed).  Warnings (dropped regressors,
 * singletons) go to warn(ctx, message) when warn is set. */
int nqpf_reg_compute(const nqpf_reg_request *rq, nqpf_reg_output *o, void (*warn)(void *ctx, const char *msg), void *ctx,
                     nqpf_error *err);
void nqpf_reg_output_free(nqpf_reg_output *o);
/* nqpf_reg_compute, then the files written atomically; nothing is written
 * on any error. */
int nqpf_reg_run(const nqpf_reg_request *rq, void (*warn)(void *ctx, const char *msg), void *ctx, nqpf_error *err);

/* ---- large fits --------------------------------------------------------- */

/* nqpf_reg_fit_model for a caller that hands the spec's arrays over: y, x,
 * endog, inst and the fe and cl code columns (each its own malloc'ed array)
 * are freed here, each as soon as the sample has its copy, so a large fit
 * holds one copy of its variables instead of two.  Whatever the result,
 * the caller must not use or free those arrays afterwards (w and subset
 * stay the caller's).  The numbers are those of nqpf_reg_fit_model. */
int nqpf_reg_fit_model_consume(const nqpf_reg_spec *s, nqpf_reg_fit *out, nqpf_error *err);
#endif
