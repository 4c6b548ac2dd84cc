/* nqpf — kernel spatial weights (libpysal weights.Kernel conventions):
 * w_ij = K(d_ij / h_i) for the units j != i closer than the bandwidth h_i,
 * with a fixed bandwidth (one h for all: given, or the largest distance to
 * the k-th nearest neighbour) or an adaptive one (h_i: unit i's distance to
 * its k-th nearest neighbour); both computed bandwidths are widened by the
 * factor 1 + 1e-7, as libpysal does, so the k-th neighbour keeps a weight. */
#include <math.h>
#include <stdlib.h>

#include "nqpf/spatial.h"

double nqpf_skernel_value(nqpf_skernel k, double z)
{
    switch (k) {
    case NQPF_SKERNEL_TRIANGULAR:
        return 1 - z;
    case NQPF_SKERNEL_UNIFORM:
        return 0.5;
    case NQPF_SKERNEL_QUADRATIC:
        return 0.75 * (1 - z * z);
    case NQPF_SKERNEL_QUARTIC:
        return 15.0 / 16 * (1 - z * z) * (1 - z * z);
    default:
        return exp(-z * z / 2) / sqrt(2 * acos(-1.0));
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* h[i] = distance from i to its k-th nearest other unit */
static int kth_distances(size_t n, const double *x, const double *y, size_t k, nqpf_metric m, double *h,
                         nqpf_error *err)
{
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                d[c++] = nqpf_distance(m, x[i], y[i], x[j], y[j]);
        qsort(d, c, sizeof *d, cmp_double);
        h[i] = d[k - 1];
    }
    free(d);
    return NQPF_OK;
}

int nqpf_weights_kernel(nqpf_weights **out, size_t n, char *const *ids, const double *x, const double *y,
                        nqpf_skernel kern, int adaptive, double bandwidth, size_t k, nqpf_metric m, double *h,
                        nqpf_error *err)
{
    *out = NULL;
    if (n < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "kernel weights need at least 2 units");
    if (k < 1 || k >= n)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--k must be between 1 and the number of units - 1 (%zu)", n - 1);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "unit '%s' has no finite coordinates", ids[i]);
    size_t *from = NULL, *to = NULL, ne = 0, cap = 0;
    double *wt = NULL;
    int rc = NQPF_OK;
    if (adaptive || isnan(bandwidth)) {
        if ((rc = kth_distances(n, x, y, k, m, h, err)))
            return rc;
        double hmax = 0;
        for (size_t i = 0; i < n; i++)
            hmax = fmax(hmax, h[i]);
        for (size_t i = 0; i < n; i++)
            h[i] = (adaptive ? h[i] : hmax) * (1 + 1e-7);
    } else {
        for (size_t i = 0; i < n; i++)
            h[i] = bandwidth;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        if (!(h[i] > 0)) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "unit '%s' has bandwidth 0 (coincident points)", ids[i]);
            break;
        }
        for (size_t j = 0; j < n && !rc; j++) {
            double d = nqpf_distance(m, x[i], y[i], x[j], y[j]);
            if (j == i || !(d < h[i]))
                continue;
            if (ne == cap) {
                cap = cap ? 2 * cap : 64;
                size_t *f2 = realloc(from, cap * sizeof *f2), *t2 = f2 ? realloc(to, cap * sizeof *t2) : NULL;
                double *w2 = t2 ? realloc(wt, cap * sizeof *w2) : NULL;
                if (f2)
                    from = f2;
                if (t2)
                    to = t2;
                if (w2)
                    wt = w2;
                if (!w2) {
                    rc = nqpf_fail_nomem(err);
                    break;
                }
            }
            from[ne] = i, to[ne] = j, wt[ne] = nqpf_skernel_value(kern, d / h[i]);
            ne++;
        }
    }
    if (!rc)
        rc = nqpf_weights_from_edges(out, n, ids, ne, from, to, wt, err);
    free(from), free(to), free(wt);
    return rc;
}
