/* Kernel density estimates and bandwidth rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/kde.h"
#include "nqpf/util.h"

int nqpf_kernel_parse(const char *s, nqpf_kernel *out)
{
    if (strcmp(s, "gaussian") == 0)
        *out = NQPF_KERNEL_GAUSSIAN;
    else if (strcmp(s, "epanechnikov") == 0)
        *out = NQPF_KERNEL_EPANECHNIKOV;
    else
        return -1;
    return 0;
}

const char *nqpf_kernel_name(nqpf_kernel k)
{
    return k == NQPF_KERNEL_EPANECHNIKOV ? "epanechnikov" : "gaussian";
}

static const char *RULES[] = {"silverman", "scott", "scipy-scott", "scipy-silverman"};

int nqpf_bw_rule_parse(const char *s, nqpf_bw_rule *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, RULES[i]) == 0) {
            *out = (nqpf_bw_rule)i;
            return 0;
        }
    return -1;
}

const char *nqpf_bw_rule_name(nqpf_bw_rule r)
{
    return (int)r >= 0 && (int)r < 4 ? RULES[r] : "";
}

int nqpf_kde_bandwidth(const double *y, size_t n, nqpf_bw_rule rule, double *h, nqpf_error *err)
{
    if (n < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "a bandwidth rule needs at least 2 observations");
    double m = 0.0, s = 0.0;
    for (size_t i = 0; i < n; i++)
        m += y[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        s += (y[i] - m) * (y[i] - m);
    double sd = sqrt(s / (double)(n - 1));
    double *v = malloc(n * sizeof *v);
    if (!v)
        return nqpf_fail_nomem(err);
    memcpy(v, y, n * sizeof *v);
    qsort(v, n, sizeof *v, nqpf_cmp_double);
    double iqr = nqpf_quantile7(v, n, 0.75) - nqpf_quantile7(v, n, 0.25);
    free(v);
    double spread = sd;
    if (iqr > 0.0 && iqr / 1.34 < sd)
        spread = iqr / 1.34;
    double nn = (double)n;
    switch (rule) {
    case NQPF_BW_SILVERMAN:
        *h = 0.9 * spread * pow(nn, -0.2);
        break;
    case NQPF_BW_SCOTT:
        *h = 1.06 * spread * pow(nn, -0.2);
        break;
    case NQPF_BW_SCIPY_SCOTT:
        *h = sd * pow(nn, -0.2);
        break;
    default:
        *h = sd * pow(nn * 0.75, -0.2);
        break;
    }
    if (!(*h > 0.0) || !isfinite(*h))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "the values do not vary: a bandwidth rule gives 0 (give --bandwidth)");
    return NQPF_OK;
}

int nqpf_kde_eval(const double *y, size_t n, nqpf_kernel kernel, double h, const double *grid, size_t m,
                  double *dens, nqpf_error *err)
{
    if (n == 0)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "no observations for the density");
    if (!(h > 0.0) || !isfinite(h))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "bandwidth must be positive, got %g", h);
    long mm = (long)m;
    if (kernel == NQPF_KERNEL_GAUSSIAN) {
        double c = 1.0 / ((double)n * h * 2.5066282746310002 /* sqrt(2 pi) */);
#pragma omp parallel for schedule(static) if (n * m > 200000)
        for (long g = 0; g < mm; g++) {
            double s = 0.0;
            for (size_t i = 0; i < n; i++) {
                double u = (grid[g] - y[i]) / h;
                s += exp(-0.5 * u * u);
            }
            dens[g] = c * s;
        }
        return NQPF_OK;
    }
    /* Epanechnikov: only points within sqrt(5) h contribute; sort once and
     * take each grid point's window by binary search. */
    double *v = malloc(n * sizeof *v);
    if (!v)
        return nqpf_fail_nomem(err);
    memcpy(v, y, n * sizeof *v);
    qsort(v, n, sizeof *v, nqpf_cmp_double);
    double r = sqrt(5.0) * h, c = 3.0 / (4.0 * sqrt(5.0) * h * (double)n);
#pragma omp parallel for schedule(static) if (n * m > 200000)
    for (long g = 0; g < mm; g++) {
        double x = grid[g];
        size_t lo = 0, hi = n;
        while (lo < hi) { /* first v >= x - r */
            size_t mid = lo + (hi - lo) / 2;
            if (v[mid] < x - r)
                lo = mid + 1;
            else
                hi = mid;
        }
        double s = 0.0;
        for (size_t i = lo; i < n && v[i] <= x + r; i++) {
            double u = (x - v[i]) / h;
            double k = 1.0 - u * u / 5.0;
            if (k > 0.0)
                s += k;
        }
        dens[g] = c * s;
    }
    free(v);
    return NQPF_OK;
}
