/* nqpf — Simar & Wilson (2007) Algorithm 1: the parametric bootstrap of a
 * truncated regression of DEA scores on environmental variables (see
 * tobit.h).  Replications are independent, so they are spread over
 * threads; each draws from its own RNG stream. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/tobit.h"

/* A standard normal conditioned on z > a, exactly (Robert 1995): plain
 * draws when a <= 0.45 (acceptance >= 0.33), else an exponential proposal
 * a + Exp(alpha) with alpha = (a + sqrt(a^2 + 4)) / 2, accepted with
 * probability exp(-(z - alpha)^2 / 2).  No inverse CDF, so no precision
 * lost in the far tail, where DEA truncation points often sit. */
static double normal_above(nqpf_rng *r, double a)
{
    if (a <= 0.45) {
        double z;
        do
            z = nqpf_rng_normal(r);
        while (z <= a);
        return z;
    }
    double alpha = 0.5 * (a + sqrt(a * a + 4.0));
    for (;;) {
        double z = a - log(1.0 - nqpf_rng_uniform(r)) / alpha;
        double d = z - alpha;
        if (nqpf_rng_uniform(r) < exp(-0.5 * d * d))
            return z;
    }
}

int nqpf_truncreg_boot(const double *X, const double *y, size_t n, size_t k, double lower, double upper,
                       const nqpf_tobit *fit, size_t B, uint64_t seed, double *draws, nqpf_error *err)
{
    int left = isfinite(lower);
    double lim = left ? lower : upper, s = fit->sigma;
    /* the observations the fit used, with their fitted means */
    size_t m = 0;
    double *Xu = malloc((n * k + 1) * sizeof *Xu), *mu = malloc((n + 1) * sizeof *mu);
    if (!Xu || !mu) {
        free(Xu);
        free(mu);
        return nqpf_fail_nomem(err);
    }
    for (size_t i = 0; i < n; i++)
        if (y[i] > lower && y[i] < upper)
            m++;
    for (size_t i = 0, u = 0; i < n; i++) {
        if (!(y[i] > lower && y[i] < upper))
            continue;
        double xb = 0.0;
        for (size_t j = 0; j < k; j++) {
            Xu[j * m + u] = X[j * n + i];
            xb += X[j * n + i] * fit->beta[j];
        }
        mu[u++] = xb;
    }
    int bad = 0;
#pragma omp parallel
    {
        double *ys = malloc((m + 1) * sizeof *ys);
        if (!ys) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (size_t b = 0; b < B; b++) {
            if (!ys)
                continue;
            nqpf_rng r;
            nqpf_rng_init(&r, seed, b);
            /* y* = mu + s z, z standard normal with y* beyond the limit
             * excluded: z > (L - mu)/s (left), or -z > (mu - U)/s (right) */
            for (size_t u = 0; u < m; u++)
                ys[u] = left ? mu[u] + s * normal_above(&r, (lim - mu[u]) / s)
                             : mu[u] - s * normal_above(&r, (mu[u] - lim) / s);
            nqpf_tobit f;
            nqpf_error e;
            double *d = draws + b * (k + 1);
            if (nqpf_truncreg_fit(Xu, ys, m, k, lower, upper, NULL, &f, &e) == NQPF_OK) {
                memcpy(d, f.beta, k * sizeof *d);
                d[k] = f.sigma;
                nqpf_tobit_free(&f);
            } else {
                for (size_t j = 0; j <= k; j++)
                    d[j] = NAN;
            }
        }
        free(ys);
    }
    free(Xu);
    free(mu);
    return bad ? nqpf_fail_nomem(err) : NQPF_OK;
}
