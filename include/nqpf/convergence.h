/* nqpf — least squares and convergence analysis.
 *
 * nqpf_ols: ordinary least squares by Householder QR (LAPACK dgeqrf/dormqr/
 * dtrtrs), with classical, HC1 and cluster-robust covariances.
 *   classical: s^2 (X'X)^-1,  s^2 = e'e/(n-k)
 *   HC1:       n/(n-k) (X'X)^-1 [sum e_i^2 x_i x_i'] (X'X)^-1
 *   cluster:   G/(G-1) (n-1)/(n-k) (X'X)^-1 [sum_g u_g u_g'] (X'X)^-1,  u_g = sum_{i in g} e_i x_i
 * (the conventions of Stata's regress and statsmodels' OLS; k counts every
 * column, fixed-effect dummies included).
 *
 * Convergence:
 *   sigma: SD and CV of the levels and SD of the logs, per period
 *          (population and sample versions);
 *   beta (cross-section): g_i = (1/T) ln(y_iT / y_i0) = a + b ln y_i0 [+ c'X_i0] + e,
 *          speed lambda = -ln(1 + b T)/T, half-life ln 2 / lambda;
 *   beta (panel, two-way FE): ln(y_it / y_i,t-1)/gap = b ln y_i,t-1 [+ c'X_it] + mu_i + eta_t + e
 *          (least squares with unit and period dummies), lambda = -ln(1 + b gap)/gap.
 */
#ifndef NQPF_CONVERGENCE_H
#define NQPF_CONVERGENCE_H

#include <stddef.h>

#include "nqpf/error.h"

typedef struct nqpf_ols {
    size_t n, k;
    double *beta;     /* k coefficients (owned) */
    double *resid;    /* n residuals (owned) */
    double *xtx_inv;  /* k x k (X'X)^-1, column-major (owned) */
    double ssr, tss, r2;
} nqpf_ols;

/* X: n x k column-major (not modified), y: n.  n > k required; a column
 * that is (numerically) a combination of the others is an NQPF_EMATH error
 * naming it (names may be NULL). */
int nqpf_ols_fit(const double *X, const double *y, size_t n, size_t k, const char *const *names, nqpf_ols *out,
                 nqpf_error *err);
void nqpf_ols_free(nqpf_ols *o);

enum nqpf_cov_kind { NQPF_COV_CLASSICAL = 0, NQPF_COV_HC1 = 1, NQPF_COV_CLUSTER = 2 };

/* Covariance of the coefficients into cov (k x k, column-major).  For
 * NQPF_COV_CLUSTER, cluster[n] in 0..n_clusters-1 (n_clusters >= 2). */
int nqpf_ols_cov(const nqpf_ols *fit, const double *X, enum nqpf_cov_kind kind, const size_t *cluster,
                 size_t n_clusters, double *cov, nqpf_error *err);

/* The regularised incomplete beta function I_x(a, b). */
double nqpf_beta_regularized(double a, double b, double x);
/* Two-sided p-value of a t statistic with df degrees of freedom. */
double nqpf_t_pvalue(double t, double df);

/* sigma convergence of one period's values y[n] (> 0 for the log SD). */
typedef struct nqpf_sigma {
    double n, mean, sd_pop, sd_sample, cv_pop, cv_sample, sd_log_pop, sd_log_sample;
} nqpf_sigma;
void nqpf_sigma_stats(const double *y, size_t n, nqpf_sigma *out);

/* beta convergence of a units x periods array (the models above; `nqpf
 * converge` and the report's [converge] both call these).  y and each
 * control: n_units x n_periods, unit-major, NaN = absent.  The cross-section
 * uses the first and last periods (units lacking either, or a control in the
 * first period, are left out); the panel uses every unit-period with the
 * level and its lag (and the controls), with dummies for the units and
 * periods present, the first of each dropped for the constant.  T and gap
 * are in period values (period_value, or steps 0, 1, ... when NULL). */
typedef struct nqpf_beta_in {
    size_t n_units, n_periods;
    const double *y;
    size_t n_ctrl;
    const double *const *ctrl;
    const char *const *ctrl_name;
    const double *period_value;
} nqpf_beta_in;

typedef struct nqpf_beta_fit {
    const char *model;      /* beta_abs, beta_cond, panel_abs or panel_cond */
    int panel;
    size_t k;               /* reported terms: const, ln_y0, controls | ln_y_lag, controls */
    const char **term;      /* k names (the model's and the caller's control names) */
    double *coef, *se_classical, *se_hc1, *se_cluster; /* k each; se_cluster NaN in a cross-section */
    size_t n, k_all;        /* observations and all columns (dummies included): df = n - k_all */
    size_t n_clusters;      /* panel: units present (cluster df G - 1) */
    size_t n_units, n_periods, left_out; /* panel: units and growth periods present; units or
                                            observations left out for missing values */
    double span;            /* T (cross-section) or the common gap (panel; NaN if unequal) */
    double r2, speed, half_life;
} nqpf_beta_fit;

int nqpf_beta_cross(const nqpf_beta_in *in, nqpf_beta_fit *out, nqpf_error *err);
int nqpf_beta_panel(const nqpf_beta_in *in, nqpf_beta_fit *out, nqpf_error *err);
/* t and two-sided p of term j with standard errors `se` (cluster falls back
 * to HC1 in a cross-section, where each unit is its own cluster); returns
 * the kind used. */
enum nqpf_cov_kind nqpf_beta_t(const nqpf_beta_fit *f, size_t j, enum nqpf_cov_kind se, double *t, double *p);
void nqpf_beta_free(nqpf_beta_fit *f);

#endif
