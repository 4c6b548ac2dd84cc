/* nqpf — colour classes of the choropleths: quantiles, Jenks natural
 * breaks (Fisher's exact dynamic programme), equal widths; the ColorBrewer
 * sequential colours. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/map.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Jenks (1977) / Fisher (1958): the partition of the sorted x[0..n) into k
 * runs with the least total within-run sum of squared deviations.
 * cost[i][j] is the least cost of x[0..i) in j runs, low[i][j] the start of
 * its last run; a later start wins a tie (Jenks' ">=", as classInt does), so
 * that equal optima give the breaks the peer gives. */
static int jenks(const double *x, size_t n, size_t k, double *brk)
{
    size_t *low = malloc((n + 1) * (k + 1) * sizeof *low);
    double *cost = malloc((n + 1) * (k + 1) * sizeof *cost);
    if (!low || !cost) {
        free(low), free(cost);
        return -1;
    }
#define C(i, j) cost[(i) * (k + 1) + (j)]
#define LOW(i, j) low[(i) * (k + 1) + (j)]
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= k; j++)
            C(i, j) = INFINITY, LOW(i, j) = 0;
    for (size_t i = 1; i <= n; i++) {
        double s1 = 0, s2 = 0;
        for (size_t m = 1; m <= i; m++) { /* the last run is x[i-m .. i) */
            size_t lo = i - m;
            double xv = x[lo];
            s1 += xv, s2 += xv * xv;
            double v = s2 - s1 * s1 / (double)m;
            if (lo == 0) {
                C(i, 1) = v, LOW(i, 1) = 0;
                continue;
            }
            for (size_t j = 2; j <= k; j++)
                if (C(i, j) >= v + C(lo, j - 1))
                    C(i, j) = v + C(lo, j - 1), LOW(i, j) = lo;
        }
    }
    brk[0] = x[0], brk[k] = x[n - 1];
    for (size_t j = k, i = n; j >= 2; j--) {
        size_t lo = LOW(i, j);
        brk[j - 1] = x[lo ? lo - 1 : 0]; /* the largest value of the run before */
        i = lo;
    }
#undef C
#undef LOW
    free(low), free(cost);
    return 0;
}

int nqpf_map_breaks(const double *v, size_t n, nqpf_map_classes how, size_t k, double *brk)
{
    double *x = malloc((n ? n : 1) * sizeof *x);
    size_t m = 0;
    if (!x || k < 1)
        return free(x), -1;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            x[m++] = v[i];
    if (!m)
        return free(x), -1;
    qsort(x, m, sizeof *x, cmp_double);
    int rc = 0;
    brk[0] = x[0], brk[k] = x[m - 1];
    if (how == NQPF_MAP_JENKS && m > k)
        rc = jenks(x, m, k, brk);
    else if (how == NQPF_MAP_EQUAL)
        for (size_t j = 1; j < k; j++)
            brk[j] = x[0] + (x[m - 1] - x[0]) * (double)j / (double)k;
    else /* quantile, and Jenks with no more values than classes (each value its own class) */
        for (size_t j = 1; j < k; j++) {
            size_t b = (size_t)floor((double)j * (double)m / (double)k + 0.5);
            brk[j] = x[b ? b - 1 : 0];
        }
    free(x);
    return rc;
}

int nqpf_map_class_of(const double *brk, size_t k, double x)
{
    if (isnan(x))
        return -1;
    for (size_t j = 0; j + 1 < k; j++)
        if (x <= brk[j + 1])
            return (int)j;
    return (int)k - 1;
}

/* ColorBrewer 2.0 "Blues" (Cynthia Brewer, Penn State; Apache-2.0 licence),
 * the schemes of 3 to 9 classes; 2 classes take the ends of the 3. */
const char *nqpf_map_colour(size_t k, size_t j)
{
    static const char *const B[7][9] = {
        {"#deebf7", "#9ecae1", "#3182bd"},
        {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"},
        {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"},
        {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"},
        {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
        {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"},
        {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"}};
    if (k <= 2)
        return B[0][j ? 2 : 0];
    if (k > 9)
        k = 9;
    return B[k - 3][j < k ? j : k - 1];
}
