/* Column-statistics kernels shared by normalisation and the weighting
 * methods: blocked, deterministic reductions (see colstats.h). */
#include "colstats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static size_t n_blocks(size_t m, size_t block) { return (m + block - 1) / block; }

/* calloc of a*b doubles with an overflow check; at least one element. */
static double *zeros(size_t a, size_t b)
{
    if (b && a > SIZE_MAX / sizeof(double) / b)
        return NULL;
    size_t k = a * b;
    return calloc(k ? k : 1, sizeof(double));
}

/* Report the first non-finite cell of column j, or the overflow of its sum. */
static int nonfinite_error(const double *z, size_t m, size_t n, size_t j, nqpf_error *err)
{
    for (size_t i = 0; i < m; i++)
        if (!isfinite(z[i * n + j]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "row %zu, column %zu: value is not a finite number (missing values "
                             "must be handled before this step)",
                             i + 1, j + 1);
    return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                     "column %zu: values too large (their sum overflows a double)", j + 1);
}

int nqpf_idx_colscan_reduce(const double *z, size_t m, size_t n, const double *ps, const double *plo,
                            const double *phi, size_t nb, double *sum, double *min, double *max, nqpf_error *err)
{
    for (size_t j = 0; j < n; j++) {
        double s = 0, lo = plo[j], hi = phi[j];
        for (size_t b = 0; b < nb; b++) {
            s += ps[b * n + j];
            lo = plo[b * n + j] < lo ? plo[b * n + j] : lo;
            hi = phi[b * n + j] > hi ? phi[b * n + j] : hi;
        }
        /* NaN never wins a comparison, but it always poisons the sum. */
        if (!isfinite(s))
            return z ? nonfinite_error(z, m, n, j, err) : NQPF_EINPUT;
        if (sum)
            sum[j] = s;
        if (min)
            min[j] = lo;
        if (max)
            max[j] = hi;
    }
    return NQPF_OK;
}

int nqpf_idx_colscan(const double *z, size_t m, size_t n, double *sum, double *min, double *max,
                     nqpf_error *err)
{
    if (m == 0)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "no rows");
    size_t nb = n_blocks(m, NQPF_IDX_BLOCK);
    double *ps = zeros(nb, n), *plo = zeros(nb, n), *phi = zeros(nb, n);
    if (!ps || !plo || !phi) {
        free(ps);
        free(plo);
        free(phi);
        return nqpf_fail_nomem(err);
    }
#pragma omp parallel for schedule(static) if (NQPF_IDX_PAR(nb))
    for (size_t b = 0; b < nb; b++) {
        double *s = ps + b * n, *lo = plo + b * n, *hi = phi + b * n;
        size_t i0 = b * NQPF_IDX_BLOCK, i1 = i0 + NQPF_IDX_BLOCK < m ? i0 + NQPF_IDX_BLOCK : m;
        for (size_t j = 0; j < n; j++)
            lo[j] = hi[j] = z[i0 * n + j];
        for (size_t i = i0; i < i1; i++)
            nqpf_idx_scan_row(z + i * n, n, s, lo, hi);
    }
    int rc = nqpf_idx_colscan_reduce(z, m, n, ps, plo, phi, nb, sum, min, max, err);
    free(ps);
    free(plo);
    free(phi);
    return rc;
}

int nqpf_idx_colssd(const double *z, size_t m, size_t n, const double *center, double *ssd,
                    nqpf_error *err)
{
    size_t nb = n_blocks(m, NQPF_IDX_BLOCK);
    double *ps = zeros(nb, n);
    if (!ps)
        return nqpf_fail_nomem(err);
#pragma omp parallel for schedule(static) if (NQPF_IDX_PAR(nb))
    for (size_t b = 0; b < nb; b++) {
        double *s = ps + b * n;
        size_t i0 = b * NQPF_IDX_BLOCK, i1 = i0 + NQPF_IDX_BLOCK < m ? i0 + NQPF_IDX_BLOCK : m;
        for (size_t i = i0; i < i1; i++) {
            const double *row = z + i * n;
            if (center)
                for (size_t j = 0; j < n; j++) {
                    double d = row[j] - center[j];
                    s[j] += d * d;
                }
            else
                for (size_t j = 0; j < n; j++)
                    s[j] += row[j] * row[j];
        }
    }
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t b = 0; b < nb; b++)
            s += ps[b * n + j];
        ssd[j] = s;
    }
    free(ps);
    for (size_t j = 0; j < n; j++)
        if (!isfinite(ssd[j]))
            return nonfinite_error(z, m, n, j, err);
    return NQPF_OK;
}

/* Cross products use bigger blocks: each block's partial is n*n doubles. */
#define XP_BLOCK ((size_t)32768)

int nqpf_idx_crossprod(const double *z, size_t m, size_t n, const double *mean, double *s,
                       nqpf_error *err)
{
    size_t nb = n_blocks(m, XP_BLOCK);
    if (n && n > SIZE_MAX / sizeof(double) / n)
        return nqpf_fail_nomem(err);
    size_t nn = n * n;
    double *ps = zeros(nb, nn), *dev = zeros(nb, n);
    if (!ps || !dev) {
        free(ps);
        free(dev);
        return nqpf_fail_nomem(err);
    }
#pragma omp parallel for schedule(static) if (NQPF_IDX_PAR(nb))
    for (size_t b = 0; b < nb; b++) {
        double *p = ps + b * nn, *d = dev + b * n;
        size_t i0 = b * XP_BLOCK, i1 = i0 + XP_BLOCK < m ? i0 + XP_BLOCK : m;
        for (size_t i = i0; i < i1; i++) {
            const double *row = z + i * n;
            for (size_t j = 0; j < n; j++)
                d[j] = row[j] - mean[j];
            /* upper triangle only; mirrored below */
            for (size_t j = 0; j < n; j++) {
                double dj = d[j];
                double *pj = p + j * n;
                for (size_t k = j; k < n; k++)
                    pj[k] += dj * d[k];
            }
        }
    }
    for (size_t j = 0; j < n; j++)
        for (size_t k = j; k < n; k++) {
            double acc = 0;
            for (size_t b = 0; b < nb; b++)
                acc += ps[b * nn + j * n + k];
            s[j * n + k] = s[k * n + j] = acc;
        }
    free(ps);
    free(dev);
    return NQPF_OK;
}

int nqpf_idx_corr(const double *z, size_t m, size_t n, double *r, double *mean, double *sd,
                  nqpf_error *err)
{
    if (m < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "correlations need at least 2 rows (got %zu)", m);
    double *mu = zeros(n, 1), *lo = zeros(n, 1), *hi = zeros(n, 1);
    int rc = (!mu || !lo || !hi) ? nqpf_fail_nomem(err) : nqpf_idx_colscan(z, m, n, mu, lo, hi, err);
    for (size_t j = 0; rc == NQPF_OK && j < n; j++) {
        if (lo[j] == hi[j])
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "column %zu is constant (zero variance): its correlations are "
                           "undefined; drop the indicator",
                           j + 1);
        mu[j] /= (double)m;
    }
    if (rc == NQPF_OK)
        rc = nqpf_idx_crossprod(z, m, n, mu, r, err);
    if (rc == NQPF_OK) {
        for (size_t j = 0; j < n; j++) {
            if (mean)
                mean[j] = mu[j];
            lo[j] = sqrt(r[j * n + j]); /* reuse lo as sqrt(S_jj) */
            if (sd)
                sd[j] = sqrt(r[j * n + j] / (double)(m - 1));
        }
        for (size_t j = 0; j < n; j++)
            for (size_t k = 0; k < n; k++) {
                double v = j == k ? 1.0 : r[j * n + k] / (lo[j] * lo[k]);
                r[j * n + k] = v > 1 ? 1 : v < -1 ? -1 : v;
            }
    }
    free(mu);
    free(lo);
    free(hi);
    return rc;
}
