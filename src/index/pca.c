/* PCA weights from the eigen-decomposition of the correlation matrix
 * (LAPACK dsyev). */
#include "nqpf/index_methods.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "colstats.h"

/* LAPACK (Fortran) symmetric eigensolver. */
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info);

int nqpf_pca_corr(const double *z, size_t m, size_t n, double *eigval, double *eigvec,
                  nqpf_error *err)
{
    if (n == 0)
        return NQPF_OK;
    if (n > 46340) /* n*n must fit a Fortran int */
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "too many columns for PCA (%zu)", n);
    double *r = malloc(n * n * sizeof *r), *lam = malloc(n * sizeof *lam);
    int rc = (!r || !lam) ? nqpf_fail_nomem(err) : nqpf_idx_corr(z, m, n, r, NULL, NULL, err);
    double *work = NULL;
    if (rc == NQPF_OK) {
        int nn = (int)n, lwork = -1, info = 0;
        double q = 0;
        dsyev_("V", "U", &nn, r, &nn, lam, &q, &lwork, &info);
        lwork = info == 0 && q >= 1 ? (int)q : 3 * nn;
        work = malloc((size_t)lwork * sizeof *work);
        if (!work)
            rc = nqpf_fail_nomem(err);
        else {
            /* r is symmetric, so its row-major storage is also the
             * column-major matrix LAPACK expects. */
            dsyev_("V", "U", &nn, r, &nn, lam, work, &lwork, &info);
            if (info != 0)
                rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                               "eigen-decomposition of the correlation matrix failed "
                               "(LAPACK dsyev info %d)",
                               info);
        }
    }
    if (rc == NQPF_OK) {
        /* dsyev: ascending eigenvalues, eigenvector k in r[k*n .. k*n+n-1]. */
        for (size_t k = 0; k < n; k++) {
            size_t src = n - 1 - k;
            eigval[k] = lam[src];
            if (!eigvec)
                continue;
            const double *v = r + src * n;
            size_t big = 0;
            for (size_t j = 1; j < n; j++)
                if (fabs(v[j]) > fabs(v[big]))
                    big = j;
            double sign = v[big] < 0 ? -1.0 : 1.0;
            for (size_t j = 0; j < n; j++)
                eigvec[j * n + k] = sign * v[j];
        }
    }
    free(r);
    free(lam);
    free(work);
    return rc;
}

int nqpf_weights_pca(const double *z, size_t m, size_t n, double share, double *w, double *eigval,
                     size_t *k_used, nqpf_error *err)
{
    if (!(share > 0 && share <= 1))
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                         "PCA variance share must be in (0, 1] (got %g)", share);
    if (n == 0)
        return NQPF_OK;
    if (n > SIZE_MAX / sizeof(double) / n)
        return nqpf_fail_nomem(err);
    double *u = malloc(n * n * sizeof *u);
    if (!u)
        return nqpf_fail_nomem(err);
    int rc = nqpf_pca_corr(z, m, n, eigval, u, err);
    if (rc == NQPF_OK) {
        /* Tiny negative eigenvalues of a singular correlation matrix are
         * rounding noise: count them as 0 variance. */
        double total = 0;
        for (size_t k = 0; k < n; k++)
            total += eigval[k] > 0 ? eigval[k] : 0;
        size_t kk = 0;
        double cum = 0;
        while (kk < n) {
            cum += eigval[kk] > 0 ? eigval[kk] : 0;
            kk++;
            if (cum / total >= share - 1e-12)
                break;
        }
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < kk; k++)
                s += fabs(u[j * n + k]) * (eigval[k] > 0 ? eigval[k] : 0);
            w[j] = s / cum;
        }
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += w[j];
        for (size_t j = 0; j < n; j++)
            w[j] /= s;
        if (k_used)
            *k_used = kk;
    }
    free(u);
    return rc;
}
