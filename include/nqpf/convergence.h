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

/* Two-sided p-value of a t statistic with df degrees of freedom. */
double nqpf_t_pvalue(double t, double df);

/* sigma convergence of one period's values y[n] (> 0 for the log SD). */
typedef struct nqpf_sigma {
    double n, mean, sd_pop, sd_sample, cv_pop, cv_sample, sd_log_pop, sd_log_sample;
} nqpf_sigma;
void nqpf_sigma_stats(const double *y, size_t n, nqpf_sigma *out);

#endif
