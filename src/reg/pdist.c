/* Tail probabilities and quantiles for nqpf reg's tests: F and chi-square
 * upper tails, t quantiles (for confidence intervals). */
#include <math.h>

#include "nqpf/convergence.h"
#include "nqpf/reg.h"

double nqpf_reg_f_pvalue(double f, double d1, double d2)
{
    if (isnan(f) || !(d1 > 0.0) || !(d2 > 0.0))
        return NAN;
    if (f <= 0.0)
        return 1.0;
    if (isinf(d2))
        return nqpf_chi2_pvalue(f * d1, d1);
    return nqpf_beta_regularized(0.5 * d2, 0.5 * d1, d2 / (d2 + d1 * f));
}

/* Regularised upper incomplete gamma Q(a, x): the series for x < a + 1,
 * else the continued fraction (modified Lentz). */
static double gamma_q(double a, double x)
{
    if (x <= 0.0)
        return 1.0;
    double lpre = -x + a * log(x) - lgamma(a);
    if (x < a + 1.0) {
        double ap = a, del = 1.0 / a, sum = del;
        for (int n = 0; n < 100000; n++) {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if (fabs(del) < fabs(sum) * 1e-17)
                break;
        }
        return 1.0 - sum * exp(lpre);
    }
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 100000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-17)
            break;
    }
    return exp(lpre) * h;
}

double nqpf_chi2_pvalue(double x, double df)
{
    if (isnan(x) || !(df > 0.0))
        return NAN;
    return gamma_q(0.5 * df, 0.5 * x);
}

static double two_sided(double t, double df)
{
    return isinf(df) ? erfc(t / sqrt(2.0)) : nqpf_t_pvalue(t, df);
}

static double density(double t, double df)
{
    if (isinf(df))
        return exp(-0.5 * t * t) / 2.5066282746310002;
    return exp(lgamma(0.5 * (df + 1.0)) - lgamma(0.5 * df) - 0.5 * log(df * 3.14159265358979323846) -
               0.5 * (df + 1.0) * log1p(t * t / df));
}

/* Newton on the two-sided tail inside a shrinking bracket. */
double nqpf_t_quantile(double p, double df)
{
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
        return NAN;
    if (p == 0.5)
        return 0.0;
    double q = 2.0 * (p > 0.5 ? 1.0 - p : p), lo = 0.0, hi = 1.0;
    while (two_sided(hi, df) > q && hi < 1e300)
        hi *= 2.0;
    double t = 0.5 * (lo + hi);
    for (int it = 0; it < 200; it++) {
        double f = two_sided(t, df) - q;
        if (f > 0.0)
            lo = t;
        else
            hi = t;
        double tn = t + f / (2.0 * density(t, df));
        if (!(tn > lo && tn < hi))
            tn = 0.5 * (lo + hi);
        if (fabs(tn - t) <= 4e-16 * fabs(t))
            break;
        t = tn;
    }
    return p > 0.5 ? t : -t;
}
