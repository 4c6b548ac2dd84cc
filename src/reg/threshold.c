/* nqpf threshold — sequential estimation, F tests, LR intervals and the
 * bootstrap (see threshold.h).
 *
 * Hansen (1999): g_1 minimises the SSR of the one-threshold model; g_k is
 * found with g_1..g_{k-1} held fixed, after which each earlier threshold is
 * re-estimated once with the others fixed (the refinement of section 3.3).
 * F_k = (SSR_{k-1} - SSR_k) / sigma2_k, sigma2_k = SSR_k / (n - N) (for a
 * balanced panel N(T-1), Hansen's denominator).  The LR statistic of
 * threshold j is (SSR(g | the other thresholds) - SSR) / sigma2 and its
 * confidence set {g : LR(g) <= -2 ln(1 - sqrt(level))} (7.35 at 95%),
 * reported as the smallest and largest candidate in it.
 *
 * The bootstrap of F_k is Hansen's fixed-regressor bootstrap: regressors
 * and q stay as they are; the residuals of the k-threshold model, grouped
 * by unit (a balanced panel: the vector of a unit's residuals by period),
 * are drawn with replacement, one unit's vector for each unit, and added to
 * the fitted values of the (k-1)-threshold model (the null); the k - 1
 * thresholds and then the k-th are estimated on that sample sequentially
 * (without the refinement) and F_k* computed as above.  Replication r of
 * test k draws from RNG stream (seed, k * 2^32 + r), so the statistics do not
 * depend on the number of threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/util.h"
#include "threshold_internal.h"

void nqpf_thr_result_free(nqpf_thr_result *r)
{
    for (size_t k = 0; k < NQPF_THR_MAX; k++) {
        free(r->curve_gamma[k]);
        free(r->curve_lr[k]);
        free(r->boot_F[k]);
    }
    memset(r, 0, sizeof *r);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Thresholds g[0..k) without g[skip] (skip = k: none) into out. */
static size_t others(const double *g, size_t k, size_t skip, double *out)
{
    size_t c = 0;
    for (size_t j = 0; j < k; j++)
        if (j != skip)
            out[c++] = g[j];
    return c;
}

/* Estimate k thresholds sequentially on yw: g[0..k) in the order found,
 * ssr_k[0..k] the SSR of the models with 0..k thresholds; refine = re-estimate
 * each earlier threshold once after a new one is found. */
static int sequential(const thr_data *d, const double *yw, size_t k, int refine, double *g, double *ssr_k,
                      double *first, double *ssr_buf, nqpf_error *err)
{
    double fixed[NQPF_THR_MAX], s_null;
    for (size_t j = 0; j < k; j++) {
        long best;
        int rc = thr_sweep(d, g, j, yw, &s_null, ssr_buf, NULL, &best, err);
        if (rc)
            return rc;
        if (j == 0)
            ssr_k[0] = s_null;
        if (best < 0)
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                             "no candidate is left for threshold %zu: every value of q within the trimmed range "
                             "is too close to an earlier threshold (lower --trim or --n)",
                             j + 1);
        g[j] = d->cand_gamma[best];
        ssr_k[j + 1] = ssr_buf[best];
        if (first)
            first[j] = g[j];
        for (size_t t = 0; refine && t < j; t++) {
            size_t nf = others(g, j + 1, t, fixed);
            if ((rc = thr_sweep(d, fixed, nf, yw, &s_null, ssr_buf, NULL, &best, err)))
                return rc;
            if (best >= 0 && ssr_buf[best] < ssr_k[j + 1]) {
                g[t] = d->cand_gamma[best];
                ssr_k[j + 1] = ssr_buf[best];
            }
        }
    }
    return NQPF_OK;
}

/* The bootstrap of test k (1-based): stat[r] for r < B. */
static int bootstrap(const thr_data *d, const nqpf_thr_spec *s, size_t k, const double *fit_null, const double *e_alt,
                     double *stat, nqpf_error *err)
{
    size_t n = d->n, N = d->N, T = n / N;
    /* obs[u * T + t]: unit u's observation of period slot t */
    size_t *obs = malloc((n + 1) * sizeof(size_t));
    if (!obs)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++)
        obs[s->unit[i] * T + s->slot[i]] = i;
    int rc = NQPF_OK;
    double dof = (double)(n - N);
#pragma omp parallel for schedule(dynamic, 4)
    for (size_t r = 0; r < s->boot; r++) {
        int bad;
#pragma omp atomic read
        bad = rc;
        if (bad)
            continue;
        nqpf_error e;
        double *y = malloc((n + 1) * sizeof(double));
        double *buf = malloc((d->n_cand + 1) * sizeof(double));
        int my = NQPF_OK;
        if (!y || !buf)
            my = nqpf_fail_nomem(&e);
        if (!my) {
            nqpf_rng g;
            nqpf_rng_init(&g, s->seed, ((uint64_t)k << 32) + r);
            for (size_t u = 0; u < N; u++) {
                size_t from = (size_t)nqpf_rng_below(&g, N);
                for (size_t t = 0; t < T; t++)
                    y[obs[u * T + t]] = fit_null[obs[u * T + t]] + e_alt[obs[from * T + t]];
            }
            double gam[NQPF_THR_MAX], ssr_k[NQPF_THR_MAX + 1];
            my = sequential(d, y, k, 0, gam, ssr_k, NULL, buf, &e);
            stat[r] = my ? NAN : (ssr_k[k - 1] - ssr_k[k]) / (ssr_k[k] / dof);
        }
        free(y);
        free(buf);
        if (my) {
#pragma omp critical(nqpf_thr_boot)
            if (!rc) {
                rc = my;
                *err = e;
            }
        }
    }
    free(obs);
    return rc;
}

/* Residuals of the model with thresholds g[0..k) (within space). */
static int residuals(const thr_data *d, const double *yw, const double *g, size_t k, double *e, double *buf,
                     nqpf_error *err)
{
    double s;
    long best;
    return thr_sweep(d, g, k, yw, &s, buf, e, &best, err);
}

static int check_balanced(const nqpf_thr_spec *s, nqpf_error *err)
{
    if (!s->slot)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the bootstrap needs the period of each observation");
    size_t N = s->n_units, n = s->n;
    if (N == 0 || n % N)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                         "the bootstrap needs a balanced panel (every unit observed in the same periods); "
                         "%zu observations of %zu units are not",
                         n, N);
    size_t T = n / N;
    unsigned char *seen = calloc(n + 1, 1);
    if (!seen)
        return nqpf_fail_nomem(err);
    int rc = NQPF_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t cell = s->unit[i] * T + s->slot[i];
        if (s->slot[i] >= T || seen[cell])
            rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                           "the bootstrap needs a balanced panel (every unit observed in the same %zu periods)", T);
        else
            seen[cell] = 1;
    }
    free(seen);
    return rc;
}

int nqpf_thr_estimate(const nqpf_thr_spec *s, nqpf_thr_result *r, nqpf_error *err)
{
    memset(r, 0, sizeof *r);
    if (s->n_thr < 1 || s->n_thr > NQPF_THR_MAX)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--n takes 1, 2 or 3 thresholds");
    if (s->n_rx < 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "a threshold model needs a regime-dependent regressor (--rx)");
    if (!(s->trim > 0 && s->trim < 0.5 / (double)(s->n_thr)))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--trim must lie in (0, %g) for %zu thresholds",
                         0.5 / (double)s->n_thr, s->n_thr);
    size_t p = s->n_rx * (s->n_thr + 1) + s->n_x;
    if (s->n <= s->n_units + p)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                         "%zu observations of %zu units leave no degrees of freedom for %zu coefficients", s->n,
                         s->n_units, p);
    int rc = s->boot ? check_balanced(s, err) : NQPF_OK;
    if (rc)
        return rc;
    thr_data d;
    rc = thr_data_init(&d, s, err);
    if (rc)
        return rc;
    size_t n = s->n, K = s->n_thr;
    double *yw = malloc((n + 1) * sizeof(double));
    double *buf = malloc((d.n_cand + 1) * sizeof(double));
    double *e_alt = malloc((n + 1) * sizeof(double)), *fit_null = malloc((n + 1) * sizeof(double));
    if (!yw || !buf || !e_alt || !fit_null) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    memcpy(yw, s->y, n * sizeof(double));
    if (thr_within(&d, yw)) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    r->n_thr = K, r->n = n, r->n_units = s->n_units, r->n_cand = d.n_cand;
    double dof = (double)(n - s->n_units);
    double level = s->level > 0 ? s->level : 0.95;
    r->lr_crit = -2.0 * log(1.0 - sqrt(level));
    /* the k-threshold models, k = 1..K, each refined; keep every stage's thresholds */
    double stage[NQPF_THR_MAX + 1][NQPF_THR_MAX];
    double ssr_k[NQPF_THR_MAX + 1];
    for (size_t k = 1; k <= K && !rc; k++) {
        double tmp[NQPF_THR_MAX + 1];
        rc = sequential(&d, yw, k, 1, stage[k], tmp, r->first_pass, buf, err);
        if (!rc) {
            ssr_k[k] = tmp[k];
            ssr_k[0] = tmp[0];
        }
    }
    if (rc)
        goto done;
    for (size_t k = 0; k <= K; k++) {
        r->ssr[k] = ssr_k[k];
        r->sigma2[k] = ssr_k[k] / dof;
    }
    for (size_t k = 1; k <= K; k++) {
        r->F[k - 1] = (ssr_k[k - 1] - ssr_k[k]) / r->sigma2[k];
        r->F_p[k - 1] = NAN;
        for (int c = 0; c < 3; c++)
            r->crit[k - 1][c] = NAN;
    }
    /* LR curves and intervals of the final model's thresholds */
    double *g = stage[K];
    for (size_t j = 0; j < K && !rc; j++) {
        double fixed[NQPF_THR_MAX], s0;
        long best;
        size_t nf = others(g, K, j, fixed);
        if ((rc = thr_sweep(&d, fixed, nf, yw, &s0, buf, NULL, &best, err)))
            break;
        r->curve_gamma[j] = malloc((d.n_cand + 1) * sizeof(double));
        r->curve_lr[j] = malloc((d.n_cand + 1) * sizeof(double));
        if (!r->curve_gamma[j] || !r->curve_lr[j]) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        size_t c = 0;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t t = 0; t < d.n_cand; t++) {
            if (isnan(buf[t]))
                continue;
            double lr = (buf[t] - ssr_k[K]) / r->sigma2[K];
            r->curve_gamma[j][c] = d.cand_gamma[t];
            r->curve_lr[j][c++] = lr;
            if (lr <= r->lr_crit) {
                lo = fmin(lo, d.cand_gamma[t]);
                hi = fmax(hi, d.cand_gamma[t]);
            }
        }
        r->n_curve[j] = c;
        r->gamma[j] = g[j];
        r->ci_lo[j] = lo;
        r->ci_hi[j] = hi;
    }
    /* report the thresholds in increasing order, with their curves */
    for (size_t a = 1; a < K; a++)
        for (size_t b = a; b > 0 && r->gamma[b - 1] > r->gamma[b]; b--) {
#define SWAP(T_, x, y) do { T_ t_ = x; x = y; y = t_; } while (0)
            SWAP(double, r->gamma[b - 1], r->gamma[b]);
            SWAP(double, r->ci_lo[b - 1], r->ci_lo[b]);
            SWAP(double, r->ci_hi[b - 1], r->ci_hi[b]);
            SWAP(size_t, r->n_curve[b - 1], r->n_curve[b]);
            SWAP(double *, r->curve_gamma[b - 1], r->curve_gamma[b]);
            SWAP(double *, r->curve_lr[b - 1], r->curve_lr[b]);
#undef SWAP
        }
    for (size_t k = 1; k <= K && s->boot && !rc; k++) {
        /* null: k - 1 thresholds (stage k - 1); residuals of the k-threshold model */
        if ((rc = residuals(&d, yw, stage[k], k, e_alt, buf, err)) ||
            (rc = residuals(&d, yw, stage[k - 1], k - 1, fit_null, buf, err)))
            break;
        for (size_t i = 0; i < n; i++)
            fit_null[i] = yw[i] - fit_null[i];
        r->boot_F[k - 1] = malloc((s->boot + 1) * sizeof(double));
        if (!r->boot_F[k - 1]) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        if ((rc = bootstrap(&d, s, k, fit_null, e_alt, r->boot_F[k - 1], err)))
            break;
        double *sorted = malloc((s->boot + 1) * sizeof(double));
        if (!sorted) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        size_t above = 0;
        for (size_t b = 0; b < s->boot; b++) {
            sorted[b] = r->boot_F[k - 1][b];
            above += sorted[b] >= r->F[k - 1];
        }
        qsort(sorted, s->boot, sizeof(double), cmp_dbl);
        r->F_p[k - 1] = (double)above / (double)s->boot;
        static const double P[3] = {0.90, 0.95, 0.99};
        for (int c = 0; c < 3; c++)
            r->crit[k - 1][c] = nqpf_quantile7(sorted, s->boot, P[c]);
        free(sorted);
    }
done:
    free(yw);
    free(buf);
    free(e_alt);
    free(fit_null);
    thr_data_free(&d);
    if (rc)
        nqpf_thr_result_free(r);
    return rc;
}
