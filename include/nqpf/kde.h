/* nqpf — univariate kernel density estimation.
 *
 * The bandwidth h is the standard deviation of the scaled kernel for every
 * kernel (as R's density() and Stata's kdensity), so a bandwidth rule means
 * the same smoothing whichever kernel is used:
 *   gaussian:      K_h(u) = exp(-u^2 / (2 h^2)) / (h sqrt(2 pi))
 *   epanechnikov:  K_h(u) = 3/(4 sqrt(5) h) (1 - u^2/(5 h^2)) for |u| < sqrt(5) h
 * Bandwidth rules (sd with n-1, IQR from R's type-7 quantiles):
 *   silverman        0.9 min(sd, IQR/1.34) n^(-1/5)   (default; R bw.nrd0, Stata)
 *   scott            1.06 min(sd, IQR/1.34) n^(-1/5)  (R bw.nrd)
 *   scipy-scott      sd n^(-1/5)                      (scipy gaussian_kde 'scott')
 *   scipy-silverman  sd (3n/4)^(-1/5)                 (scipy gaussian_kde 'silverman')
 */
#ifndef NQPF_KDE_H
#define NQPF_KDE_H

#include <stddef.h>

#include "nqpf/error.h"

typedef enum nqpf_kernel { NQPF_KERNEL_GAUSSIAN = 0, NQPF_KERNEL_EPANECHNIKOV } nqpf_kernel;
typedef enum nqpf_bw_rule {
    NQPF_BW_SILVERMAN = 0,
    NQPF_BW_SCOTT,
    NQPF_BW_SCIPY_SCOTT,
    NQPF_BW_SCIPY_SILVERMAN
} nqpf_bw_rule;

int nqpf_kernel_parse(const char *s, nqpf_kernel *out);
int nqpf_bw_rule_parse(const char *s, nqpf_bw_rule *out);
const char *nqpf_kernel_name(nqpf_kernel k);
const char *nqpf_bw_rule_name(nqpf_bw_rule r);

/* Bandwidth of y[n] (n >= 2) by a rule.  When the IQR is 0 the rules that
 * use it fall back to the sd; a sample with no spread is NQPF_EMATH. */
int nqpf_kde_bandwidth(const double *y, size_t n, nqpf_bw_rule rule, double *h, nqpf_error *err);

/* Density of y[n] at grid[m] with bandwidth h > 0 into dens[m].  O(n m) for
 * the Gaussian (parallel over grid points, deterministic), O((n + m) log n
 * + hits) for the compact Epanechnikov kernel. */
int nqpf_kde_eval(const double *y, size_t n, nqpf_kernel kernel, double h, const double *grid, size_t m,
                  double *dens, nqpf_error *err);

#endif
