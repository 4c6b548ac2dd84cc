/* nqpf — spatial Markov chains (Rey 2001): transitions conditioned on the
 * class of the unit's spatial lag in the origin period. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/markov.h"

int nqpf_weights_lag_panel(const nqpf_weights *w, const double *y, size_t n, size_t T, double *lag,
                           nqpf_error *err)
{
    double *col = malloc((n ? n : 1) * sizeof *col), *lcol = malloc((n ? n : 1) * sizeof *lcol);
    if (!col || !lcol) {
        free(col), free(lcol);
        return nqpf_fail_nomem(err);
    }
    for (size_t t = 0; t < T; t++) {
        for (size_t s = 0; s < n; s++)
            col[s] = y[s * T + t];
        nqpf_weights_lag(w, col, lcol);
        for (size_t s = 0; s < n; s++)
            lag[s * T + t] = lcol[s];
    }
    free(col), free(lcol);
    return NQPF_OK;
}

int nqpf_spatial_markov_counts(const nqpf_weights *w, const double *y, const size_t *cls, size_t n,
                               size_t T, size_t k, size_t k_lag, nqpf_classing lag_how,
                               const double *lag_cuts, double *counts, size_t *lag_cls,
                               nqpf_error *err)
{
    if (w->n != n)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "weights and panel sizes differ");
    size_t nt = n * T;
    if (nt == 0)
        nt = 1;
    double *lag = malloc(nt * sizeof *lag);
    size_t *lc = lag_cls ? lag_cls : malloc(nt * sizeof *lc);
    int rc = NQPF_OK;
    if (!lag || !lc) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if ((rc = nqpf_weights_lag_panel(w, y, n, T, lag, err)) ||
        (rc = nqpf_markov_classes(lag, n, T, k_lag, lag_how, lag_cuts, lc, err)))
        goto done;
    memset(counts, 0, k_lag * k * k * sizeof *counts);
    for (size_t s = 0; s < n; s++)
        for (size_t t = 0; t + 1 < T; t++) {
            size_t a = cls[s * T + t], b = cls[s * T + t + 1], l = lc[s * T + t];
            if (a < k && b < k && l < k_lag)
                counts[(l * k + a) * k + b] += 1;
        }
done:
    free(lag);
    if (!lag_cls)
        free(lc);
    return rc;
}
