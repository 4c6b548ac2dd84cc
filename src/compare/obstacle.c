/* Obstacle degree (障碍度) of indicators from normalised values and weights. */
#include <math.h>

#include "nqpf/diagnose.h"

int nqpf_obstacle(const double *Z, size_t m, size_t p, const double *w, double shift, double *I, double *O,
                  int *best, nqpf_error *err)
{
    double wsum = 0.0;
    for (size_t j = 0; j < p; j++) {
        if (!(w[j] >= 0.0) || !isfinite(w[j]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "weight %zu is %g: weights must be >= 0", j + 1, w[j]);
        wsum += w[j];
    }
    if (!(wsum > 0.0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "all weights are 0");
    for (size_t i = 0; i < m; i++) {
        const double *z = Z + i * p;
        double *Ii = I + i * p, *Oi = O + i * p;
        double den = 0.0;
        for (size_t j = 0; j < p; j++) {
            /* Deviation from the best attainable normalised value, 1 + shift;
             * clamp rounding noise (e.g. 1 - 0.9999999999999999) at 0. */
            double dev = 1.0 + shift - z[j];
            Ii[j] = dev < 0.0 && dev > -1e-12 ? 0.0 : dev;
            den += w[j] * Ii[j];
        }
        best[i] = 0;
        if (isnan(den)) {
            for (size_t j = 0; j < p; j++)
                Oi[j] = NAN;
            continue;
        }
        if (den == 0.0) { /* best on every weighted indicator: O undefined */
            best[i] = 1;
            for (size_t j = 0; j < p; j++)
                Oi[j] = NAN;
            continue;
        }
        for (size_t j = 0; j < p; j++)
            Oi[j] = w[j] * Ii[j] / den;
    }
    return NQPF_OK;
}

/* j goes after i: a NaN after every number, a smaller number after a larger */
static int goes_after(double xj, double xi)
{
    return isnan(xj) ? !isnan(xi) : !isnan(xi) && xj < xi;
}

void nqpf_obstacle_rank(const double *x, size_t n, size_t *order, size_t *rank)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        for (; j > 0 && goes_after(x[order[j - 1]], x[i]); j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    for (size_t r = 0; rank && r < n; r++)
        rank[order[r]] = r + 1;
}
