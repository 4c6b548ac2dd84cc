/* nqpf — Hansen's (1999) fixed-effects panel threshold regression.
 *
 *   y_it = mu_i + x_it' delta + rx_it' beta_1 1(q_it <= g_1)
 *                + rx_it' beta_2 1(g_1 < q_it <= g_2) + ... + e_it
 *
 * with unit fixed effects mu_i removed by the within transformation, up to
 * three thresholds g_1 < g_2 < g_3 of the threshold variable q, and the
 * regime-independent regressors x.  Estimation is by least squares over the
 * thresholds: every candidate g (each distinct value of q inside the
 * trimmed range, or a quantile grid) is evaluated exactly.
 *
 *   threshold_search.c  the sweep: one pass over the observations sorted
 *                       by q updates the regime's cross-products, so all
 *                       candidates cost about one regression (not one
 *                       regression each)
 *   threshold.c         sequential estimation (Hansen 1999, section 3.3:
 *                       g_2 given g_1, then g_1 refined given g_2, ...),
 *                       F tests, LR intervals, the fixed-regressor
 *                       bootstrap (one RNG stream per replication)
 *
 * docs/threshold.md writes out every convention (trimming, sigma^2 =
 * SSR / (n - N), the LR critical value, the bootstrap). */
#ifndef NQPF_THRESHOLD_H
#define NQPF_THRESHOLD_H

#include <stddef.h>

#include "nqpf/error.h"
#include "nqpf/restab.h"

#define NQPF_THR_MAX 3

typedef struct nqpf_thr_spec {
    size_t n;                       /* observations (no missing values) */
    const double *y;
    size_t n_x;                     /* regime-independent regressors */
    const double *const *x;
    size_t n_rx;                    /* regime-dependent regressors (>= 1) */
    const double *const *rx;
    const double *q;                /* threshold variable */
    const size_t *unit;             /* compact unit codes 0..n_units-1 */
    size_t n_units;
    const size_t *slot;             /* period rank of each observation (for the bootstrap), or NULL */
    size_t n_thr;                   /* thresholds to estimate: 1..3 */
    double trim;                    /* share of observations each regime must keep (0.01) */
    size_t grid;                    /* 0: every distinct q in the trimmed range; else that many quantiles */
    size_t boot;                    /* bootstrap replications per test (0: none) */
    unsigned long long seed;
    double level;                   /* LR confidence level (0.95) */
} nqpf_thr_spec;

typedef struct nqpf_thr_result {
    size_t n_thr;
    size_t n, n_units, n_cand;      /* observations, units, candidate thresholds */
    double gamma[NQPF_THR_MAX];     /* sorted g_1 < g_2 < ... */
    double ci_lo[NQPF_THR_MAX], ci_hi[NQPF_THR_MAX];
    double lr_crit;                 /* -2 ln(1 - sqrt(level)) */
    double ssr[NQPF_THR_MAX + 1];   /* ssr[k]: with k thresholds (ssr[0]: linear) */
    double sigma2[NQPF_THR_MAX + 1];/* ssr[k] / (n - n_units) */
    double F[NQPF_THR_MAX];         /* F[k-1] = (ssr[k-1] - ssr[k]) / sigma2[k] */
    double F_p[NQPF_THR_MAX];       /* bootstrap p-values (NaN without --bootstrap) */
    double crit[NQPF_THR_MAX][3];   /* bootstrap 90%, 95%, 99% critical values */
    double first_pass[NQPF_THR_MAX];/* each threshold as first found, before refinement */
    /* LR(g) = (SSR(g | the others) - ssr[n_thr]) / sigma2[n_thr] for the
     * final estimate of threshold k over its candidates (owned) */
    size_t n_curve[NQPF_THR_MAX];
    double *curve_gamma[NQPF_THR_MAX], *curve_lr[NQPF_THR_MAX];
    double *boot_F[NQPF_THR_MAX];   /* the boot F statistics of each test (owned, NULL without) */
} nqpf_thr_result;

/* Estimate; the panel must have n - n_units >= regressors, and for the
 * bootstrap be balanced with `slot` given.  Errors name what is wrong (too
 * few distinct values of q for the trimmed grid, a regressor collinear with
 * the fixed effects, an unbalanced panel for the bootstrap). */
int nqpf_thr_estimate(const nqpf_thr_spec *s, nqpf_thr_result *r, nqpf_error *err);
void nqpf_thr_result_free(nqpf_thr_result *r);

/* A whole `nqpf threshold` job (threshold_run.c): read data (rows with a
 * missing cell dropped listwise), estimate, fit the regime coefficients with
 * the unit effects absorbed (nqpf reg's estimator, --vce iid / robust /
 * cluster on the unit), write out (model,term,estimate,se,t,p,ci_lo,ci_hi:
 * x, then RX_r1 .. RX_r(n+1) for the regimes q <= g_1 < q <= g_2 ...),
 * stats (model,statistic,value) and lr (threshold,gamma,lr) atomically:
 * all of them or none. */
typedef struct nqpf_thr_request {
    const char *data;
    const struct nqpf_colsource *data_extra; /* NULL, or a column the caller supplies (coltable.h: the
                                       report's [threshold] adds the index score) */
    int encoding;
    const char *unit, *period, *y, *x, *rx, *q, *vce;
    size_t n_thr, grid, boot;
    double trim, level;
    unsigned long long seed;
    const char *out, *stats, *lr;
    int force;
    int bom;                      /* --bom: the CSV files start with a UTF-8 BOM (NQPF_OUT_BOM) */
} nqpf_thr_request;
/* The job's tables in memory (out, stats, lr: the files' columns); out and
 * the file names are not needed; o is freed on error. */
typedef struct nqpf_thr_output {
    nqpf_restab out, stats, lr;
} nqpf_thr_output;
int nqpf_thr_compute(const nqpf_thr_request *rq, nqpf_thr_output *o, nqpf_error *err);
void nqpf_thr_output_free(nqpf_thr_output *o);
/* nqpf_thr_compute, then the files. */
int nqpf_thr_run(const nqpf_thr_request *rq, nqpf_error *err);

#endif
