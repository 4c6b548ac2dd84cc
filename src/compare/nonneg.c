#include "nonneg.h"

#include <math.h>
#include <stdlib.h>

int nqpf_check_nonneg(const double *y, const size_t *g, size_t n, size_t k, const char *what, double *total,
                      nqpf_error *err)
{
    if (n == 0)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "no observations");
    double t = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(y[i] >= 0.0) || !isfinite(y[i]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "observation %zu is %g: %s needs non-negative finite values",
                             i + 1, y[i], what);
        if (g && g[i] >= k)
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "group index out of range");
        t += y[i];
    }
    if (!(t > 0.0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "all values are 0: %s is undefined (mean 0)", what);
    *total = t;
    return NQPF_OK;
}

int nqpf_group_shares_begin(const double *y, const size_t *g, size_t n, size_t k, const char *what, double *total,
                            double **nj, double **mu, double **p, double **s, nqpf_error *err)
{
    int rc = nqpf_check_nonneg(y, g, n, k, what, total, err);
    if (rc)
        return rc;
    *nj = calloc(k, sizeof(double));
    *mu = calloc(k, sizeof(double));
    *p = calloc(k, sizeof(double));
    *s = calloc(k, sizeof(double));
    return NQPF_OK;
}

void nqpf_group_shares_free(double *nj, double *mu, double *p, double *s)
{
    free(nj);
    free(mu);
    free(p);
    free(s);
}
