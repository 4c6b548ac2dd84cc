/* nqpf — Tobit (censored normal) regression, the usual second stage that
 * relates efficiency or index scores, censored at 0 and/or 1, to their
 * drivers.
 *
 *   y*_i = x_i'b + e_i,  e_i ~ N(0, s^2);   y_i = lower if y*_i <= lower,
 *   upper if y*_i >= upper, else y*_i        (either limit may be infinite)
 *
 * An observation at or below `lower` counts as left-censored, at or above
 * `upper` as right-censored (Stata's tobit, ll()/ul()).  Maximum
 * likelihood by Newton's method in Olsen's (1978) parameters d = b/s,
 * h = 1/s, where the log-likelihood is globally concave, so the iteration
 * (with step halving) converges from the OLS start whenever the maximum
 * exists.  Covariance: the inverse observed information, carried to
 * (b, ln s) by the delta method (the parameters R's survreg reports; Stata
 * reports s with se(s) = s se(ln s)).
 */
#ifndef NQPF_TOBIT_H
#define NQPF_TOBIT_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"

typedef struct nqpf_tobit {
    size_t n, k, n_left, n_right;
    double *beta;     /* k coefficients (owned) */
    double *cov;      /* (k+1) x (k+1), column-major, of (b, ln s) (owned) */
    double sigma, loglik;
    double grad_max;  /* largest |gradient| entry at the optimum (Olsen form) */
    int iterations;
} nqpf_tobit;

/* X: n x k column-major (the caller adds the constant), y: n, all finite;
 * lower < upper (-INFINITY / INFINITY: no limit).  Errors (NQPF_EMATH,
 * with the reason): n <= k, no uncensored observation, regressors that
 * are collinear (naming the column when names is given), no convergence. */
int nqpf_tobit_fit(const double *X, const double *y, size_t n, size_t k, double lower, double upper,
                   const char *const *names, nqpf_tobit *out, nqpf_error *err);

/* Truncated normal regression (Stata's truncreg): the same model, but
 * observations at or beyond a limit are not seen at all, so the density of
 * the others is divided by Pr(L < y* < U).  One limit (the other infinite),
 * as in Simar & Wilson (2007): DEA distances > 1 with lower = 1, or scores
 * < 1 with upper = 1.  Observations at or beyond the limit are left out
 * (n_left / n_right count them; n is the number used).  The likelihood is
 * not globally concave in Olsen's parameters, so where the information is
 * not positive definite the Newton step is damped (Levenberg-Marquardt);
 * the maximum is unique (Orme 1989). */
int nqpf_truncreg_fit(const double *X, const double *y, size_t n, size_t k, double lower, double upper,
                      const char *const *names, nqpf_tobit *out, nqpf_error *err);

/* Simar & Wilson's (2007) Algorithm 1 bootstrap of a truncated regression
 * fit (from nqpf_truncreg_fit on the same X, y, limits): replication b
 * draws y*_i = x_i'b + e_i, e_i from N(0, s^2) truncated at the limit, for
 * the observations used, and fits again; draws[b * (k + 1) + j] gets
 * coefficient j (j = k: sigma), NaN where a replication's fit failed.
 * Replication b uses RNG stream (seed, b): the same numbers for any
 * thread count. */
int nqpf_truncreg_boot(const double *X, const double *y, size_t n, size_t k, double lower, double upper,
                       const nqpf_tobit *fit, size_t B, uint64_t seed, double *draws, nqpf_error *err);
void nqpf_tobit_free(nqpf_tobit *t);

/* Two-sided p-value of a standard normal statistic. */
double nqpf_normal_pvalue(double z);

#endif
