/* Objective weights: entropy, CRITIC, coefficient of variation, equal. */
#include "nqpf/index_methods.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "colstats.h"

void nqpf_weights_equal(size_t n, double *w)
{
    for (size_t j = 0; j < n; j++)
        w[j] = 1.0 / (double)n;
}

int nqpf_idx_normalise_to_one(const double *c, size_t n, double *w, const char *what,
                               nqpf_error *err)
{
    double s = 0;
    for (size_t j = 0; j < n; j++)
        s += c[j];
    if (!(s > 0) || !isfinite(s))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "%s sum to %g over all columns: weights are undefined (every "
                         "indicator constant?)",
                         what, s);
    for (size_t j = 0; j < n; j++)
        w[j] = c[j] / s;
    return NQPF_OK;
}

static double *dalloc(size_t n) { return malloc((n ? n : 1) * sizeof(double)); }

int nqpf_weights_entropy(const double *z, size_t m, size_t n, double *w, double *e, double *d,
                         nqpf_error *err)
{
    if (m < 2 || n == 0)
        return nqpf_idx_entropy(z, m, n, NULL, NULL, NULL, w, e, d, err);
    double *sum = dalloc(n), *lo = dalloc(n), *hi = dalloc(n);
    int rc = (!sum || !lo || !hi) ? nqpf_fail_nomem(err) : nqpf_idx_colscan(z, m, n, sum, lo, hi, err);
    if (rc == NQPF_OK)
        rc = nqpf_idx_entropy(z, m, n, sum, lo, hi, w, e, d, err);
    free(sum);
    free(lo);
    free(hi);
    return rc;
}

int nqpf_idx_entropy(const double *z, size_t m, size_t n, const double *sum, const double *lo, const double *hi,
                     double *w, double *e, double *d, nqpf_error *err)
{
    if (m < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "entropy weights need at least 2 rows (got %zu): 1/ln m is undefined",
                         m);
    if (n == 0)
        return NQPF_OK;
    double *dd = dalloc(n), *plp = NULL;
    size_t nb = (m + NQPF_IDX_BLOCK - 1) / NQPF_IDX_BLOCK;
    if (nb <= SIZE_MAX / sizeof(double) / n)
        plp = calloc(nb * n, sizeof(double));
    int rc = (!dd || !plp) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t j = 0; rc == NQPF_OK && j < n; j++) {
        if (lo[j] < 0) {
            size_t i = 0;
            while (i < m && !(z[i * n + j] < 0))
                i++;
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "row %zu, column %zu: entropy weights need values >= 0 (found %g); "
                           "normalise with min-max first",
                           i + 1, j + 1, z[i * n + j]);
        } else if (!(sum[j] > 0)) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "column %zu sums to 0: proportions p_ij = z_ij / sum_i z_ij are "
                           "undefined (a constant min-max column is all 0; use a shift such "
                           "as 0.0001 or drop the indicator)",
                           j + 1);
        }
    }
    if (rc == NQPF_OK) {
        /* Second pass: sum_i p ln p per column, with 0 ln 0 = 0 per element
         * (the limit p ln p -> 0 as p -> 0). */
#pragma omp parallel for schedule(static) if (NQPF_IDX_PAR(nb))
        for (size_t b = 0; b < nb; b++) {
            double *acc = plp + b * n;
            size_t i0 = b * NQPF_IDX_BLOCK, i1 = i0 + NQPF_IDX_BLOCK < m ? i0 + NQPF_IDX_BLOCK : m;
            for (size_t i = i0; i < i1; i++) {
                const double *row = z + i * n;
                for (size_t j = 0; j < n; j++) {
                    double p = row[j] / sum[j];
                    if (p > 0)
                        acc[j] += p * log(p);
                }
            }
        }
        double k = 1.0 / log((double)m);
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t b = 0; b < nb; b++)
                s += plp[b * n + j];
            /* e_j <= 1 in exact arithmetic (equality iff the column is
             * constant); clamp so rounding never yields a negative d_j. */
            double ej = lo[j] == hi[j] ? 1.0 : -k * s;
            ej = ej > 1.0 ? 1.0 : ej;
            if (e)
                e[j] = ej;
            dd[j] = 1.0 - ej;
            if (d)
                d[j] = dd[j];
        }
        rc = nqpf_idx_normalise_to_one(dd, n, w, "entropy divergences d_j = 1 - e_j", err);
    }
    free(dd);
    free(plp);
    return rc;
}

int nqpf_weights_critic(const double *z, size_t m, size_t n, double *w, double *sd,
                        double *conflict, double *info, nqpf_error *err)
{
    if (n == 0)
        return NQPF_OK;
    if (n > SIZE_MAX / sizeof(double) / n)
        return nqpf_fail_nomem(err);
    double *r = dalloc(n * n), *s = dalloc(n), *c = dalloc(n);
    int rc = (!r || !s || !c) ? nqpf_fail_nomem(err) : nqpf_idx_corr(z, m, n, r, NULL, s, err);
    if (rc == NQPF_OK) {
        for (size_t j = 0; j < n; j++) {
            double conf = 0;
            for (size_t k = 0; k < n; k++)
                conf += 1.0 - r[j * n + k];
            c[j] = s[j] * conf;
            if (sd)
                sd[j] = s[j];
            if (conflict)
                conflict[j] = conf;
            if (info)
                info[j] = c[j];
        }
        rc = nqpf_idx_normalise_to_one(c, n, w, "CRITIC information amounts C_j", err);
    }
    free(r);
    free(s);
    free(c);
    return rc;
}

int nqpf_weights_cv(const double *z, size_t m, size_t n, double *w, double *mean, double *sd,
                    double *cv, nqpf_error *err)
{
    if (m < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "coefficient-of-variation weights need at least 2 rows (got %zu)", m);
    if (n == 0)
        return NQPF_OK;
    double *mu = dalloc(n), *ss = dalloc(n);
    int rc = (!mu || !ss) ? nqpf_fail_nomem(err) : nqpf_idx_colsd(z, m, n, mu, ss, err);
    for (size_t j = 0; rc == NQPF_OK && j < n; j++)
        if (!(mu[j] > 0))
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "column %zu: coefficient of variation needs a positive mean (mean "
                           "is %g); normalise first or use another method",
                           j + 1, mu[j]);
    if (rc == NQPF_OK) {
        for (size_t j = 0; j < n; j++) {
            if (mean)
                mean[j] = mu[j];
            if (sd)
                sd[j] = ss[j];
            ss[j] /= mu[j];
            if (cv)
                cv[j] = ss[j];
        }
        rc = nqpf_idx_normalise_to_one(ss, n, w, "coefficients of variation", err);
    }
    free(mu);
    free(ss);
    return rc;
}
