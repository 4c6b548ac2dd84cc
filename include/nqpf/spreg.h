/* nqpf — spatial econometric models by (concentrated) maximum likelihood.
 *
 * Models (cross-section T = 1, or a balanced panel of N units x T periods):
 *   SAR   y = rho W y + X b + e
 *   SEM   y = X b + u,  u = lambda W u + e
 *   SDM   y = rho W y + X b + W X t + e
 *   SDEM  y = X b + W X t + u,  u = lambda W u + e
 *   SLX   y = X b + W X t + e                      (OLS)
 *   SAC   y = rho W y + X b + u, u = lambda W u + e
 * with fixed effects none / unit / period / both removed by demeaning (the
 * within transform; spatial lags are taken before demeaning, as in Elhorst
 * 2014), and a constant term only without fixed effects.
 *
 * Observations are stored period-major: obs o = t * N + i is unit i (row i
 * of W) in period t.  W is an N x N CSR matrix (nqpf_weights) already aligned
 * to the units and styled; it is never expanded to N T x N T.
 *
 * ln|I - rho W| is exact from W's eigenvalues: real ones from a symmetric
 * matrix when W is similar to one through a diagonal matrix (any style of a
 * symmetric weights pattern, e.g. row-standardised contiguity), else the
 * complex eigenvalues of the general eigenproblem.  rho lies in
 * (1/w_min, 1/w_max) over the real parts of the eigenvalues.
 *
 * Ownership: results are allocated by the library and freed with the
 * matching _free function. */
#ifndef NQPF_SPREG_H
#define NQPF_SPREG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nqpf/error.h"
#include "nqpf/restab.h"
#include "nqpf/spatial.h"

typedef enum nqpf_spreg_model {
    NQPF_SPREG_SAR = 0,
    NQPF_SPREG_SEM,
    NQPF_SPREG_SDM,
    NQPF_SPREG_SDEM,
    NQPF_SPREG_SLX,
    NQPF_SPREG_SAC        /* y = rho W y + X b + u, u = lambda W u + e */
} nqpf_spreg_model;

typedef enum nqpf_spreg_fe {
    NQPF_FE_NONE = 0,
    NQPF_FE_UNIT,
    NQPF_FE_PERIOD,
    NQPF_FE_BOTH
} nqpf_spreg_fe;

const char *nqpf_spreg_model_name(nqpf_spreg_model m);
const char *nqpf_spreg_fe_name(nqpf_spreg_fe f);
/* Parse "sar", "sem", ... / "none", "unit", "period", "both" (NQPF_EUSAGE). */
int nqpf_spreg_model_parse(const char *s, nqpf_spreg_model *m, nqpf_error *err);
int nqpf_spreg_fe_parse(const char *s, nqpf_spreg_fe *f, nqpf_error *err);

/* ---- the panel --------------------------------------------------------- */

/* A balanced panel in period-major order. */
typedef struct nqpf_spreg_panel {
    size_t n, t, k;       /* units, periods, regressors */
    char **unit;          /* n unit ids (owned), order of first appearance */
    char **period;        /* t period labels (owned), sorted (numerically when all are numbers) */
    char **xname;         /* k regressor names (owned) */
    double *y;            /* n t */
    double *x;            /* k columns of n t each: x[j * n t + o] */
} nqpf_spreg_panel;

/* Build the panel from rows (any order): unit[r], period[r] (NULL period =
 * cross-section), y[r], x[j * rows + r].  A repeated (unit, period), a unit
 * missing in some period (unbalanced panel) or a non-finite value is an
 * NQPF_EINPUT error naming path:lines[r] (lines may be NULL). */
int nqpf_spreg_panel_build(nqpf_spreg_panel **out, size_t rows, char *const *unit, char *const *period,
                           const double *y, const double *x, size_t k, char *const *xname,
                           const char *path, const long *lines, nqpf_error *err);
void nqpf_spreg_panel_free(nqpf_spreg_panel *p);

/* ---- W's spectrum and ln|I - rho W| ------------------------------------ */

typedef struct nqpf_spreg_eig {
    size_t n;
    int symmetric;        /* 1: real spectrum via a diagonal similarity */
    double *re, *im;      /* n eigenvalues (im all 0 when symmetric); NULL when approx */
    double lo, hi;        /* admissible interval (1/min Re, 1/max Re) */
    int row_stochastic;   /* every row of W sums to 1 */
    /* approximate mode (large N): ln|I - rho W| = -sum_k rho^k tr(W^k)/k,
     * tr(W^k) exact for k <= 4 and by Hutchinson's estimator (Rademacher
     * probes) above (Barry & Pace 1999); for a row-stochastic W the
     * eigenvalue 1 is taken out exactly (ln(1 - rho)) */
    int approx;
    size_t m;             /* terms of the series */
    double *tk;           /* tr(W^k), k = 0 .. m + 2 */
    double norm_inf;      /* max row sum of |W| */
    size_t probes;
} nqpf_spreg_eig;

int nqpf_spreg_eig_compute(nqpf_spreg_eig *e, const nqpf_weights *w, nqpf_error *err);
/* The approximate mode: m series terms, `probes` Rademacher probes from
 * stream 0 of seed.  rho is restricted to (-1/|W|_inf, 1/|W|_inf); the
 * truncation error of ln|I - rho W| is at most n |rho|^(m+1) / ((m+1)(1 - |rho| |W|_inf)). */
/* mode "exact", "approx" or "auto"/NULL (exact up to NQPF_SPREG_EXACT_MAX
 * units); approx uses 300 terms and 100 probes of stream 0 of seed 1. */
#define NQPF_SPREG_EXACT_MAX 1500
int nqpf_spreg_eig_prepare(nqpf_spreg_eig *e, const nqpf_weights *w, const char *mode, nqpf_error *err);
int nqpf_spreg_eig_approx(nqpf_spreg_eig *e, const nqpf_weights *w, size_t m, size_t probes, uint64_t seed,
                          nqpf_error *err);
void nqpf_spreg_eig_free(nqpf_spreg_eig *e);
/* sum_i ln|1 - rho w_i| */
double nqpf_spreg_logdet(const nqpf_spreg_eig *e, double rho);
/* tr((I - rho W)^-1) and tr(W (I - rho W)^-1) = sum w/(1 - rho w),
 * tr((W (I - rho W)^-1)^2) = sum w^2/(1 - rho w)^2 (real parts). */
void nqpf_spreg_traces(const nqpf_spreg_eig *e, double rho, double *tr_ai, double *tr_g, double *tr_g2);

/* ---- estimation -------------------------------------------------------- */

typedef struct nqpf_spreg_spec {
    nqpf_spreg_model model;
    nqpf_spreg_fe fe;
    int lee_yu;           /* Lee & Yu (2010) transformation approach (needs row-stochastic W) */
} nqpf_spreg_spec;

typedef struct nqpf_spreg_fit {
    nqpf_spreg_model model;
    nqpf_spreg_fe fe;
    int lee_yu;
    size_t n_obs, n_eff;  /* N T, and the effective count of the likelihood */
    size_t p;             /* coefficients in beta (intercept, X, then W X) */
    char **term;          /* p names (owned) */
    double *beta;         /* p */
    int has_rho;          /* rho (SAR/SDM) or lambda (SEM/SDEM) */
    double rho;
    double lambda;        /* SAC only (rho is then the lag parameter) */
    double sigma2;
    size_t n_par;         /* p + has_rho (+1 for SAC's lambda) + 1 (sigma2 last) */
    double *cov;          /* n_par x n_par asymptotic covariance, order (beta, rho[, lambda], sigma2);
                             SAC: from a numerical Hessian */
    double loglik, aic, bic, pseudo_r2;
    size_t k;             /* regressors of the panel (for effects) */
    int has_const;
} nqpf_spreg_fit;

/* Fit one model.  eig may be NULL for SLX. */
int nqpf_spreg_fit_model(nqpf_spreg_fit **out, const nqpf_spreg_panel *p, const nqpf_weights *w,
                         const nqpf_spreg_eig *eig, const nqpf_spreg_spec *spec, nqpf_error *err);
void nqpf_spreg_fit_free(nqpf_spreg_fit *f);

/* ---- effects (LeSage & Pace 2009) --------------------------------------- */

/* Effects of each regressor j (direct, indirect, total): est, se, z, p in
 * arrays of 3 k (index 3 j + {0,1,2}).  SE from `draws` simulated
 * parameter vectors from N(estimate, cov) (stream d of nqpf_rng for draw d,
 * so identical for any thread count); draws = 0 gives analytic SEs for SLX /
 * SDEM / SEM and no SEs (NaN) for SAR / SDM. */
int nqpf_spreg_effects(const nqpf_spreg_fit *f, const nqpf_weights *w, const nqpf_spreg_eig *eig,
                       size_t draws, uint64_t seed, double *est, double *se, double *z, double *pv,
                       nqpf_error *err);

/* Per-unit effects at the estimate: out[(i * k + j) * 3 + {0,1,2}] = direct
 * (S_j)_ii, indirect (row sum - direct) and total (row sum of S_j) for unit
 * i and regressor j.  SAR/SDM/SAC need the dense (I - rho W)^-1: refused
 * (NQPF_ENOMEM) above NQPF_SPREG_EXACT_MAX units. */
int nqpf_spreg_unit_effects(const nqpf_spreg_fit *f, const nqpf_weights *w, double *out, nqpf_error *err);
/* The table unit,variable,direct,indirect,total (0, or -1 out of memory). */
int nqpf_spreg_unit_effects_table(nqpf_restab *r, const nqpf_spreg_fit *f, size_t n, char *const *unit,
                                  char *const *xname, const double *eff);

/* ---- tests ------------------------------------------------------------- */

typedef struct nqpf_spreg_lm {
    double lm_lag, lm_err, rlm_lag, rlm_err;   /* chi2(1) statistics */
    double p_lag, p_err, p_rlag, p_rerr;
} nqpf_spreg_lm;

/* Anselin (1988) LM tests on the OLS residuals of the (demeaned) non-spatial
 * model; panel forms as Elhorst (2014) / Debarsy & Ertur (2010). */
int nqpf_spreg_lm_tests(const nqpf_spreg_panel *p, const nqpf_weights *w, nqpf_spreg_fe fe,
                        nqpf_spreg_lm *r, nqpf_error *err);

/* Wald test of SDM -> SAR (theta = 0) and SDM -> SEM (theta = -rho beta)
 * from an SDM fit. */
int nqpf_spreg_wald(const nqpf_spreg_fit *sdm, double *w_sar, double *p_sar, double *w_sem, double *p_sem,
                    size_t *df, nqpf_error *err);

/* All tests together: the LM tests, then SDM, SAR and SEM fitted with the
 * same fixed effects, Wald and LR tests of SDM -> SAR and SDM -> SEM (df = k).
 * A model that cannot be fitted (e.g. rho at the boundary) leaves its
 * statistics NaN and says why in note; other errors are returned. */
typedef struct nqpf_spreg_diag {
    nqpf_spreg_lm lm;
    size_t df;
    double ll_sdm, ll_sar, ll_sem;
    double wald_sar, p_wald_sar, wald_sem, p_wald_sem;
    double lr_sar, p_lr_sar, lr_sem, p_lr_sem;
    char note[512];
} nqpf_spreg_diag;

int nqpf_spreg_diagnostics(const nqpf_spreg_panel *p, const nqpf_weights *w, const nqpf_spreg_eig *eig,
                           nqpf_spreg_fe fe, int lee_yu, nqpf_spreg_diag *d, nqpf_error *err);

/* ---- output ------------------------------------------------------------ */

/* The table model,term,estimate,se,z,p: the coefficients, rho or lambda,
 * sigma2, then (estimate only) log_likelihood, aic, bic, pseudo_r2, n_obs;
 * with est (3 k values each of est/se/z/p, NULL for none) the rows
 * direct:X, indirect:X, total:X.  0, or -1 out of memory. */
int nqpf_spreg_fit_table(nqpf_restab *r, const nqpf_spreg_fit *f, char *const *xname, const double *est,
                         const double *se, const double *z, const double *pv);
/* The table test,statistic,df,p,note. */
int nqpf_spreg_diag_table(nqpf_restab *r, const nqpf_spreg_diag *d);

/* Upper tail of the chi-square distribution with df degrees of freedom. */
double nqpf_chi2_upper(double x, double df);
/* Two-sided normal p-value of z. */
double nqpf_spreg_pnorm2(double z);

#endif
