/* Combining weight vectors: subjective x objective (multiplicative or
 * linear) and hierarchical (within-dimension x dimension) composition. */
#include "nqpf/index_methods.h"

#include <math.h>
#include <stdlib.h>

static int check_weights(const double *w, size_t n, const char *which, nqpf_error *err)
{
    for (size_t j = 0; j < n; j++)
        if (!isfinite(w[j]) || w[j] < 0)
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "column %zu: %s weight must be a finite number >= 0 (got %g)", j + 1,
                             which, w[j]);
    return NQPF_OK;
}

int nqpf_weights_combine(const double *w1, const double *w2, size_t n, nqpf_combo_mode mode,
                         double alpha, double *w, nqpf_error *err)
{
    int rc = check_weights(w1, n, "first", err);
    if (rc == NQPF_OK)
        rc = check_weights(w2, n, "second", err);
    if (rc)
        return rc;
    if (mode == NQPF_COMBO_LINEAR) {
        if (!(alpha >= 0 && alpha <= 1))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "linear combination needs 0 <= alpha <= 1 (got %g)", alpha);
        for (size_t j = 0; j < n; j++)
            w[j] = alpha * w1[j] + (1.0 - alpha) * w2[j];
        return NQPF_OK;
    }
    if (mode != NQPF_COMBO_MULT)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "unknown combination mode %d", (int)mode);
    double s = 0;
    for (size_t j = 0; j < n; j++)
        s += w1[j] * w2[j];
    if (!(s > 0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "multiplicative combination: sum of w1*w2 is 0 (the two weight vectors "
                         "have no indicator in common with a positive weight)");
    for (size_t j = 0; j < n; j++)
        w[j] = w1[j] * w2[j] / s;
    return NQPF_OK;
}

int nqpf_weights_hierarchy(const double *local, const size_t *dim, size_t n, const double *dim_w,
                           size_t n_dim, int renorm, double *w, nqpf_error *err)
{
    int rc = check_weights(local, n, "indicator", err);
    if (rc)
        return rc;
    for (size_t k = 0; k < n_dim; k++)
        if (!isfinite(dim_w[k]) || dim_w[k] < 0)
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "dimension %zu: weight must be a finite number >= 0 (got %g)", k + 1,
                             dim_w[k]);
    double *tot = calloc(n_dim ? n_dim : 1, sizeof *tot);
    size_t *cnt = calloc(n_dim ? n_dim : 1, sizeof *cnt);
    if (!tot || !cnt) {
        free(tot);
        free(cnt);
        return nqpf_fail_nomem(err);
    }
    for (size_t j = 0; j < n && rc == NQPF_OK; j++) {
        if (dim[j] >= n_dim)
            rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                           "column %zu: dimension index %zu out of range (%zu dimensions)", j + 1,
                           dim[j] + 1, n_dim);
        else {
            tot[dim[j]] += local[j];
            cnt[dim[j]]++;
        }
    }
    for (size_t k = 0; k < n_dim && rc == NQPF_OK; k++) {
        if (cnt[k] == 0)
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "dimension %zu has no indicator", k + 1);
        else if (renorm && !(tot[k] > 0))
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "dimension %zu: its indicator weights sum to 0, cannot rescale them",
                           k + 1);
    }
    if (rc == NQPF_OK)
        for (size_t j = 0; j < n; j++)
            w[j] = (renorm ? local[j] / tot[dim[j]] : local[j]) * dim_w[dim[j]];
    free(tot);
    free(cnt);
    return rc;
}
