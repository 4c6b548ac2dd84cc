/* Objective weights: standard deviation and MEREC (Keshavarz-Ghorabaee et
 * al. 2021).  Both see the normalised matrix Z, whose columns already point
 * "larger is better" (the system's directions were applied by the
 * normalisation); docs/index.md maps this onto the raw-data formulations. */
#include "nqpf/index_methods.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "colstats.h"

int nqpf_idx_colsd(const double *z, size_t m, size_t n, double *mean, double *sd, nqpf_error *err)
{
    double *lo = malloc((n ? n : 1) * sizeof *lo), *hi = malloc((n ? n : 1) * sizeof *hi);
    int rc = (!lo || !hi) ? nqpf_fail_nomem(err) : nqpf_idx_colscan(z, m, n, mean, lo, hi, err);
    if (rc == NQPF_OK) {
        for (size_t j = 0; j < n; j++)
            mean[j] /= (double)m;
        rc = nqpf_idx_colssd(z, m, n, mean, sd, err);
    }
    /* sample sd (ddof 1); a constant column is exactly 0, not the rounding
     * residue of a mean that is not representable */
    for (size_t j = 0; rc == NQPF_OK && j < n; j++)
        sd[j] = lo[j] == hi[j] ? 0.0 : sqrt(sd[j] / (double)(m - 1));
    free(lo);
    free(hi);
    return rc;
}

int nqpf_weights_sd(const double *z, size_t m, size_t n, double *w, double *sd, nqpf_error *err)
{
    if (m < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "standard-deviation weights need at least 2 rows (got %zu)", m);
    if (n == 0)
        return NQPF_OK;
    /* pymcdm's ddof 1; the divisor cancels in w */
    double *mu = malloc(n * sizeof *mu), *s = malloc(n * sizeof *s);
    int rc = (!mu || !s) ? nqpf_fail_nomem(err) : nqpf_idx_colsd(z, m, n, mu, s, err);
    for (size_t j = 0; rc == NQPF_OK && sd && j < n; j++)
        sd[j] = s[j];
    if (rc == NQPF_OK)
        rc = nqpf_idx_normalise_to_one(s, n, w, "standard deviations", err);
    free(mu);
    free(s);
    return rc;
}

/* MEREC with every column a benefit column: n_ij = min_i z_ij / z_ij, so
 * a_ij = |ln n_ij| = ln(z_ij / min_j) >= 0, and with L_i = sum_j a_ij
 *   S_i = ln(1 + L_i / n),  S'_ij = ln(1 + (L_i - a_ij) / n),
 *   S_i - S'_ij = ln((n + L_i) / (n + L_i - a_ij)) = log1p(a_ij / (n + L_i - a_ij)),
 * which is >= 0, so |S'_ij - S_i| needs no abs and loses no digits to the
 * difference of two nearly equal logarithms (O(mn), not O(mn^2)). */
int nqpf_weights_merec(const double *z, size_t m, size_t n, double *w, double *effect, nqpf_error *err)
{
    if (m == 0 || n == 0)
        return n == 0 ? NQPF_OK
                      : nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "MEREC weights of an empty matrix");
    size_t nb = (m + NQPF_IDX_BLOCK - 1) / NQPF_IDX_BLOCK;
    double *lo = malloc(n * sizeof *lo), *e = calloc(n, sizeof *e), *part = NULL;
    if (nb <= SIZE_MAX / sizeof(double) / n)
        part = calloc(nb * n, sizeof *part);
    int rc = (!lo || !e || !part) ? nqpf_fail_nomem(err) : nqpf_idx_colscan(z, m, n, NULL, lo, NULL, err);
    for (size_t j = 0; rc == NQPF_OK && j < n; j++)
        if (!(lo[j] > 0)) {
            size_t i = 0;
            while (i < m && z[i * n + j] > 0)
                i++;
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "row %zu, column %zu: MEREC needs values > 0 (found %g): ln(min/z) is "
                           "undefined; use --normalize ratio, or minmax with a shift such as 0.0001",
                           i + 1, j + 1, z[i * n + j]);
        }
    if (rc == NQPF_OK) {
        /* per-block partial sums added in block order: the same bits for
         * any thread count */
#pragma omp parallel for schedule(static) if (NQPF_IDX_PAR(nb))
        for (size_t b = 0; b < nb; b++) {
            double *acc = part + b * n;
            size_t i0 = b * NQPF_IDX_BLOCK, i1 = i0 + NQPF_IDX_BLOCK < m ? i0 + NQPF_IDX_BLOCK : m;
            for (size_t i = i0; i < i1; i++) {
                const double *row = z + i * n;
                double L = 0;
                for (size_t j = 0; j < n; j++)
                    L += log(row[j] / lo[j]);
                for (size_t j = 0; j < n; j++) {
                    double a = log(row[j] / lo[j]);
                    acc[j] += log1p(a / ((double)n + L - a));
                }
            }
        }
        for (size_t b = 0; b < nb; b++)
            for (size_t j = 0; j < n; j++)
                e[j] += part[b * n + j];
        if (effect)
            for (size_t j = 0; j < n; j++)
                effect[j] = e[j];
        rc = nqpf_idx_normalise_to_one(e, n, w, "MEREC removal effects E_j", err);
    }
    free(lo);
    free(e);
    free(part);
    return rc;
}
