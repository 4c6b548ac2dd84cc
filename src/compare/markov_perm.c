/* nqpf — the random-permutation p-value of the spatial-Markov homogeneity
 * statistic x2 (giddy Spatial_Markov x2_rpvalue): the units' whole series
 * are relocated at random (a permutation of the rows of y), the spatial lags
 * and their classes are recomputed from the relocated values while every
 * unit keeps its own classes, and x2 = sum over lag classes of the chi2 of
 * that class's counts against the pooled matrix is formed again;
 * p = (#{x2_perm >= x2_obs} + 1) / (N + 1). */
#include <stdlib.h>

#include "nqpf/markov.h"
#include "nqpf/rng.h"

/* x2 of the spatial chain of y (rows possibly relocated) against pooled. */
static int x2_of(const nqpf_weights *w, const double *y, const size_t *cls, size_t n, size_t T, size_t k,
                 size_t k_lag, nqpf_classing lag_how, const double *lag_cuts, const double *pooled, double *sp,
                 double *x2, nqpf_error *err)
{
    int rc = nqpf_spatial_markov_counts(w, y, cls, n, T, k, k_lag, lag_how, lag_cuts, sp, NULL, err);
    double s = 0, stat, dof;
    for (size_t l = 0; l < k_lag && !rc; l++) {
        nqpf_markov_chi2(sp + l * k * k, pooled, k, &stat, &dof);
        s += stat;
    }
    *x2 = s;
    return rc;
}

int nqpf_spatial_markov_x2_perm(const nqpf_weights *w, const double *y, const size_t *cls, size_t n, size_t T,
                                size_t k, size_t k_lag, nqpf_classing lag_how, const double *lag_cuts,
                                const double *pooled, size_t perms, uint64_t seed, double *x2_obs, double *p,
                                nqpf_error *err)
{
    size_t nt = n * T, nc = k_lag * k * k;
    double *yp = malloc((nt > 0 ? nt : 1) * sizeof *yp), *sp = malloc((nc > 0 ? nc : 1) * sizeof *sp);
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    int rc = (!yp || !sp || !idx) ? nqpf_fail_nomem(err)
                                  : x2_of(w, y, cls, n, T, k, k_lag, lag_how, lag_cuts, pooled, sp, x2_obs, err);
    size_t hits = 0;
    for (size_t b = 0; b < perms && !rc; b++) {
        /* permutation b draws from stream b: the same p for any split of the work */
        nqpf_rng r;
        nqpf_rng_init(&r, seed, b);
        for (size_t s = 0; s < n; s++)
            idx[s] = s;
        nqpf_rng_shuffle(&r, idx, n);
        for (size_t s = 0; s < n; s++)
            for (size_t t = 0; t < T; t++)
                yp[s * T + t] = y[idx[s] * T + t];
        double x2;
        rc = x2_of(w, yp, cls, n, T, k, k_lag, lag_how, lag_cuts, pooled, sp, &x2, err);
        hits += !rc && x2 >= *x2_obs;
    }
    *p = ((double)hits + 1.0) / ((double)perms + 1.0);
    free(yp), free(sp), free(idx);
    return rc;
}
