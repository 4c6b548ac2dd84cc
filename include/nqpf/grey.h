/* nqpf — grey forecasting: GM(1,1).
 *
 * Classic GM(1,1) (Deng), the variant pinned by the textbook example
 * x0 = (2.874, 3.278, 3.337, 3.390, 3.679):
 *   x1 = 1-AGO of x0;  z(k) = alpha x1(k) + (1-alpha) x1(k-1), k = 2..n (alpha = 0.5);
 *   [a, b] = least squares of x0(k) = -a z(k) + b;
 *   x1hat(k+1) = (x0(1) - b/a) e^{-a k} + b/a;  x0hat(k+1) = x1hat(k+1) - x1hat(k), x0hat(1) = x0(1).
 * Accuracy: residuals e(k) = x0(k) - x0hat(k) and relative errors |e|/x0 over
 * k = 2..n (or 1..n); posterior-error ratio C = S2/S1 (S1 the SD of x0 over
 * 1..n, S2 the SD of the residuals; population SD by default); small-error
 * probability P = share of |e(k) - mean e| < 0.6745 S1.
 * Class-ratio (级比) test: lambda(k) = x0(k-1)/x0(k), k = 2..n, must lie in
 * (e^{-2/(n+1)}, e^{2/(n+1)}).
 */
#ifndef NQPF_GREY_H
#define NQPF_GREY_H

#include <stddef.h>
#include <stdio.h>

#include "nqpf/error.h"

typedef struct nqpf_gm11_opts {
    double alpha;       /* background weight, default 0.5 */
    int sd_sample;      /* 1: S1 and S2 with n-1 (sample SD); default 0 (population) */
    int resid_from1;    /* 1: residual statistics over k = 1..n; default 0 (k = 2..n) */
} nqpf_gm11_opts;

void nqpf_gm11_opts_default(nqpf_gm11_opts *o);

typedef struct nqpf_gm11 {
    size_t n, horizon;
    double a, b, c1, c2;        /* c1 = x0(1) - b/a, c2 = b/a */
    double *x1hat, *x0hat;      /* n + horizon fitted and forecast values (owned) */
    double *resid, *rel;        /* n residuals and relative errors (owned) */
    double *lambda;             /* n class ratios, lambda[0] = NaN (owned) */
    double lambda_lo, lambda_hi, lambda_min, lambda_max;
    int ratio_ok;               /* every lambda inside the admissible band */
    double mean_rel, S1, S2, C, P;
    int grade;                  /* 1 good, 2 qualified, 3 barely, 4 unqualified */
} nqpf_gm11;

/* Fit x0[n] (n >= 4, all > 0) and forecast `horizon` steps.  a = 0 (a
 * constant-growth-free series) is reported as NQPF_EMATH. */
int nqpf_gm11_fit(const double *x0, size_t n, size_t horizon, const nqpf_gm11_opts *o, nqpf_gm11 *out,
                  nqpf_error *err);
/* Rolling (metabolic, 新陈代谢) GM(1,1): forecast one step, append the
 * forecast and drop the oldest value, refit, repeat; fc[horizon]. */
int nqpf_gm11_rolling(const double *x0, size_t n, size_t horizon, const nqpf_gm11_opts *o, double *fc,
                      nqpf_error *err);
void nqpf_gm11_free(nqpf_gm11 *g);

/* The long table of `nqpf forecast` (its header NQPF_GM11_CSV_HEADER) for
 * one unit's fit g of the series x0: the model's numbers (k empty), then
 * for k = 1..n+horizon x0 and level_ratio (observed steps), x1hat, x0hat
 * (for k > n the rolling forecasts fc when fc is not NULL) and residual,
 * rel_error (observed steps).  Step k <= n is labelled period[k-1]; a
 * forecast step j = k - n is labelled last + j step when step is finite
 * (numeric periods), else "+j". */
#define NQPF_GM11_CSV_HEADER "unit,quantity,k,period,value\n"
void nqpf_gm11_csv(FILE *fp, const char *unit, const nqpf_gm11 *g, const double *x0, const double *fc,
                   char *const *period, double last, double step);

/* Grade names of the C/P accuracy table (1..4). */
const char *nqpf_gm11_grade_name(int grade);

#endif
