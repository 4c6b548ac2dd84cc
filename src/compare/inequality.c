/* nqpf — inequality and polarisation of one distribution: the Lorenz
 * curve, the Gini coefficient, Atkinson's index for any inequality aversion
 * ε ≥ 0 and Wolfson's bipolarisation index (include/nqpf/compare.h).
 *
 * One sort, then every measure from the sorted values in one or two passes
 * in a fixed order (the same bits whatever else runs).  Conventions, each
 * tested against its peer's literals (tests/compare/test_inequality.py):
 *   Gini      G = Σ_i Σ_j |x_i − x_j| / (2 n² μ)   (n² as R ineq::Gini and pysal;
 *             = Σ_k (2k − n − 1) x_(k) / (n² μ) over the sorted values)
 *   Atkinson  A_ε = 1 − (1/n Σ (x_i/μ)^(1−ε))^(1/(1−ε)),  A_1 = 1 − exp(mean ln x)/μ
 *             (R ineq::Atkinson); under ε ≥ 1 a zero value makes the
 *             equally-distributed equivalent 0, so A_ε = 1 exactly
 *   Wolfson   W = 2 (2 (1/2 − L(1/2)) − G) μ / m   (Wolfson 1994; m the median, the
 *             mean of the two middle values when n is even; L(1/2) the Lorenz
 *             curve interpolated linearly between its points k/n).  pysal's
 *             inequality.wolfson leaves out the leading 2: it is W/2. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* EDE/μ of Atkinson's index: the mean of (x/μ)^(1−ε) to the power 1/(1−ε),
 * or the geometric mean over μ at ε = 1; 0 when a zero value meets ε ≥ 1. */
static double atkinson_ede_share(const double *x, size_t n, double mu, double eps)
{
    if (eps >= 1.0 && x[0] == 0.0) /* x is sorted: x[0] is the least value */
        return 0.0;
    double s = 0.0;
    if (eps == 1.0) {
        for (size_t i = 0; i < n; i++)
            s += log(x[i] / mu);
        return exp(s / (double)n);
    }
    for (size_t i = 0; i < n; i++)
        s += pow(x[i] / mu, 1.0 - eps);
    return pow(s / (double)n, 1.0 / (1.0 - eps));
}

int nqpf_inequality(const double *y, size_t n, const double *eps, size_t n_eps, nqpf_ineq_result *out,
                    nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "no values: inequality is undefined");
    for (size_t e = 0; e < n_eps; e++)
        if (!(eps[e] >= 0.0) || !isfinite(eps[e]))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "inequality aversion %g: it must be >= 0", eps[e]);
    double *x = malloc(n * sizeof *x), *lor = malloc((n + 1) * sizeof *lor),
           *atk = malloc((n_eps ? n_eps : 1) * sizeof *atk);
    if (!x || !lor || !atk) {
        free(x), free(lor), free(atk);
        return nqpf_fail_nomem(err);
    }
    for (size_t i = 0; i < n; i++)
        if (!(y[i] >= 0.0) || !isfinite(y[i])) {
            free(x), free(lor), free(atk);
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "value %zu is %g: inequality needs finite values >= 0",
                             i + 1, y[i]);
        }
    memcpy(x, y, n * sizeof *x);
    qsort(x, n, sizeof *x, cmp_double);
    /* cumulative sums give the Lorenz curve and the total */
    double cum = 0.0, rank_sum = 0.0;
    lor[0] = 0.0;
    for (size_t k = 0; k < n; k++) {
        cum += x[k];
        lor[k + 1] = cum;
        rank_sum += (2.0 * (double)(k + 1) - (double)n - 1.0) * x[k];
    }
    if (!(cum > 0.0)) {
        free(x), free(lor), free(atk);
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "every value is 0: inequality is undefined");
    }
    for (size_t k = 1; k <= n; k++)
        lor[k] /= cum;
    lor[n] = 1.0; /* exactly, whatever the rounding of the last division */
    double mu = cum / (double)n;
    out->n = n;
    out->mean = mu;
    out->median = n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
    out->gini = rank_sum / ((double)n * (double)n * mu);
    for (size_t e = 0; e < n_eps; e++)
        atk[e] = 1.0 - atkinson_ede_share(x, n, mu, eps[e]);
    /* L(1/2) between the points a/n and (a+1)/n around n/2 */
    size_t a = n / 2;
    double half = n % 2 ? lor[a] + (0.5 * (double)n - (double)a) * (lor[a + 1] - lor[a]) : lor[a];
    out->lorenz_half = half;
    out->wolfson = out->median > 0.0 ? 2.0 * (2.0 * (0.5 - half) - out->gini) * mu / out->median : NAN;
    out->atkinson = atk;
    out->n_eps = n_eps;
    out->lorenz = lor;
    free(x);
    return NQPF_OK;
}

void nqpf_ineq_free(nqpf_ineq_result *r)
{
    free(r->atkinson);
    free(r->lorenz);
    memset(r, 0, sizeof *r);
}
