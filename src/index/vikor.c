/* VIKOR (Opricovic 1998; Opricovic & Tzeng 2004) on the normalised matrix Z
 * (columns already "larger is better"):
 *   d_ij = w_j (z*_j - z_ij) / (z*_j - z-_j),  z* = column max, z- = column min,
 *   S_i = sum_j d_ij (group utility),  R_i = max_j d_ij (individual regret),
 *   Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*),
 * with S* = min S, S- = max S (likewise R).  Lower Q is better. */
#include "nqpf/index_methods.h"

#include <math.h>
#include <stdlib.h>

#include "colstats.h"

int nqpf_vikor_sr_ext(nqpf_rowview z, size_t m, size_t n, const double *w, const double *zmin,
                      const double *zmax, double *S, double *R, nqpf_error *err)
{
    for (size_t j = 0; j < n; j++) {
        if (!(w[j] >= 0) || !isfinite(w[j]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "column %zu: VIKOR weight must be a finite number >= 0 (got %g)", j + 1, w[j]);
        /* pymcdm refuses a constant column: its regret is 0/0 */
        if (w[j] > 0 && !(zmax[j] > zmin[j]))
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                             "column %zu is constant: its VIKOR regret (z* - z) / (z* - z-) is 0/0", j + 1);
    }
#pragma omp parallel for schedule(static) if (m > 4 * NQPF_IDX_BLOCK)
    for (size_t i = 0; i < m; i++) {
        const double *row = z.z + i * z.ld;
        double s = 0, r = 0;
        for (size_t j = 0; j < n; j++) {
            if (w[j] == 0)
                continue;
            double d = w[j] * (zmax[j] - row[z.cols ? z.cols[j] : j]) / (zmax[j] - zmin[j]);
            s += d;
            r = d > r ? d : r;
        }
        S[i] = s;
        R[i] = r;
    }
    return NQPF_OK;
}

/* (x - lo) / (hi - lo), or 0 for every row when x is constant: then every
 * alternative is equally far from the best, and that term cannot order them
 * (pymcdm would return NaN there). */
static double scaled(double x, double lo, double hi) { return hi > lo ? (x - lo) / (hi - lo) : 0.0; }

int nqpf_vikor_q(const double *S, const double *R, size_t m, double v, double *Q, nqpf_error *err)
{
    if (!(v >= 0 && v <= 1))
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "VIKOR v must be in [0, 1] (got %g; 0.5 is usual)", v);
    if (m == 0)
        return NQPF_OK;
    double slo = S[0], shi = S[0], rlo = R[0], rhi = R[0];
    for (size_t i = 1; i < m; i++) {
        slo = S[i] < slo ? S[i] : slo;
        shi = S[i] > shi ? S[i] : shi;
        rlo = R[i] < rlo ? R[i] : rlo;
        rhi = R[i] > rhi ? R[i] : rhi;
    }
    for (size_t i = 0; i < m; i++)
        Q[i] = v * scaled(S[i], slo, shi) + (1 - v) * scaled(R[i], rlo, rhi);
    return NQPF_OK;
}

int nqpf_vikor(const double *z, size_t m, size_t n, const double *w, double v, double *S, double *R, double *Q,
               nqpf_error *err)
{
    if (m == 0)
        return NQPF_OK;
    double *lo = malloc((n ? n : 1) * sizeof *lo), *hi = malloc((n ? n : 1) * sizeof *hi);
    int rc = (!lo || !hi) ? nqpf_fail_nomem(err) : nqpf_idx_colscan(z, m, n, NULL, lo, hi, err);
    if (rc == NQPF_OK)
        rc = nqpf_vikor_sr_ext((nqpf_rowview){z, n, NULL}, m, n, w, lo, hi, S, R, err);
    if (rc == NQPF_OK)
        rc = nqpf_vikor_q(S, R, m, v, Q, err);
    free(lo);
    free(hi);
    return rc;
}

int nqpf_vikor_score(const double *z, size_t m, size_t n, const double *w, double v, double *score,
                     nqpf_error *err)
{
    double *R = malloc((m ? m : 1) * sizeof *R), *Q = malloc((m ? m : 1) * sizeof *Q);
    int rc = (!R || !Q) ? nqpf_fail_nomem(err) : nqpf_vikor(z, m, n, w, v, score, R, Q, err);
    for (size_t i = 0; rc == NQPF_OK && i < m; i++)
        score[i] = 1.0 - Q[i];
    free(R);
    free(Q);
    return rc;
}
