/* AHP: priority weights (eigenvector, geometric mean, column-normalised
 * mean), lambda_max, consistency index and ratio with a choice of random
 * index tables. */
#include "nqpf/index_methods.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/util.h"

/* Random index tables, entries for n = 3, 4, ...  (n = 1, 2: RI = 0).
 * Sources (also in docs/index.md):
 *  - Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill — the table
 *    printed in most Chinese textbooks.
 *  - Saaty (2005), Theory and Applications of the Analytic Network Process,
 *    RWS Publications, p. 31 (as used by AHPy's random_index='saaty').
 *  - Tummala & Ling (1998), "A note on the computation of the mean random
 *    consistency index of the analytic hierarchy process (AHP)", Theory and
 *    Decision 44:221-230 (as used by pymcdm).
 *  - Donegan & Dodd (1991), "A note on Saaty's random indexes", Mathematical
 *    and Computer Modelling 15(10):135-137 (as tabulated by AHPy, n up to 20
 *    then at 25, 30, ..., 100; linear interpolation between entries). */
static const double RI_SAATY1980[] = {0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49};
static const double RI_SAATY2005[] = {0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45,
                                      1.49, 1.52, 1.54, 1.56, 1.58, 1.59};
static const double RI_TUMMALA[] = {0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537,
                                    1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831};
static const struct { unsigned n; double ri; } RI_DD[] = {
    {3, 0.4914},   {4, 0.8286},   {5, 1.0591},   {6, 1.1797},   {7, 1.2519},   {8, 1.3171},
    {9, 1.3733},   {10, 1.4055},  {11, 1.4213},  {12, 1.4497},  {13, 1.4643},  {14, 1.4822},
    {15, 1.4969},  {16, 1.5078},  {17, 1.5153},  {18, 1.5262},  {19, 1.5313},  {20, 1.5371},
    {25, 1.5619},  {30, 1.5772},  {40, 1.5976},  {50, 1.6102},  {60, 1.6178},  {70, 1.6237},
    {80, 1.6277},  {90, 1.6213},  {100, 1.6339}};

int nqpf_ri_parse(const char *s, nqpf_ri_table *out)
{
    static const struct { const char *name; nqpf_ri_table t; } tab[] = {
        {"saaty1980", NQPF_RI_SAATY1980}, {"saaty2005", NQPF_RI_SAATY2005},
        {"tummala", NQPF_RI_TUMMALA1998}, {"dd", NQPF_RI_DONEGAN_DODD}};
    for (size_t k = 0; k < sizeof tab / sizeof *tab; k++)
        if (strcmp(s, tab[k].name) == 0) {
            *out = tab[k].t;
            return 0;
        }
    return -1;
}

const char *nqpf_ri_name(nqpf_ri_table t)
{
    switch (t) {
    case NQPF_RI_SAATY1980: return "saaty1980";
    case NQPF_RI_SAATY2005: return "saaty2005";
    case NQPF_RI_TUMMALA1998: return "tummala";
    case NQPF_RI_DONEGAN_DODD: return "dd";
    }
    return "?";
}

int nqpf_ahp_method_parse(const char *s, nqpf_ahp_method *out)
{
    if (strcmp(s, "eigen") == 0)
        *out = NQPF_AHP_EIGEN;
    else if (strcmp(s, "geometric") == 0)
        *out = NQPF_AHP_GEOMETRIC;
    else if (strcmp(s, "column-mean") == 0)
        *out = NQPF_AHP_COLUMN_MEAN;
    else
        return -1;
    return 0;
}

const char *nqpf_ahp_method_name(nqpf_ahp_method m)
{
    switch (m) {
    case NQPF_AHP_EIGEN: return "eigen";
    case NQPF_AHP_GEOMETRIC: return "geometric";
    case NQPF_AHP_COLUMN_MEAN: return "column-mean";
    }
    return "?";
}

int nqpf_ri_value(nqpf_ri_table t, size_t n, double *ri, nqpf_error *err)
{
    if (n <= 2) {
        *ri = 0;
        return NQPF_OK;
    }
    const double *tab = NULL;
    size_t len = 0;
    switch (t) {
    case NQPF_RI_SAATY1980: tab = RI_SAATY1980; len = sizeof RI_SAATY1980 / sizeof *tab; break;
    case NQPF_RI_SAATY2005: tab = RI_SAATY2005; len = sizeof RI_SAATY2005 / sizeof *tab; break;
    case NQPF_RI_TUMMALA1998: tab = RI_TUMMALA; len = sizeof RI_TUMMALA / sizeof *tab; break;
    case NQPF_RI_DONEGAN_DODD: {
        size_t k = sizeof RI_DD / sizeof *RI_DD;
        if (n > RI_DD[k - 1].n)
            break;
        for (size_t q = 0; q < k; q++) {
            if (RI_DD[q].n == n) {
                *ri = RI_DD[q].ri;
                return NQPF_OK;
            }
            if (RI_DD[q].n > n) { /* between entries q-1 and q */
                double f = (double)(n - RI_DD[q - 1].n) / (double)(RI_DD[q].n - RI_DD[q - 1].n);
                *ri = RI_DD[q - 1].ri + f * (RI_DD[q].ri - RI_DD[q - 1].ri);
                return NQPF_OK;
            }
        }
        break;
    }
    }
    if (tab && n - 3 < len) {
        *ri = tab[n - 3];
        return NQPF_OK;
    }
    return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                     "random index table '%s' has no value for n = %zu (saaty1980 covers n <= "
                     "10, saaty2005 and tummala n <= 15, dd n <= 100)",
                     nqpf_ri_name(t), n);
}

/* Principal eigenvector of a positive matrix (Perron vector), normalised to
 * sum 1.  Repeated squaring of A (rescaled each time) drives the ratio
 * |lambda_2/lambda_1| to 0 doubly exponentially, so even a poorly separated
 * spectrum converges in a few dozen steps; plain power iterations on A then
 * polish the vector to rounding level.  tmp holds 2*n*n + n doubles. */
static void perron(const double *a, size_t n, double *w, double *tmp)
{
    double *p = tmp, *q = tmp + n * n, *v = tmp + 2 * n * n;
    memcpy(p, a, n * n * sizeof *p);
    for (size_t i = 0; i < n; i++)
        w[i] = 1.0 / (double)n;
    for (int it = 0; it < 64; it++) {
        nqpf_mat_mul(n, p, p, q); /* q = p p: read row by row, as p is, the stored product is the same */
        double big = 0;
        for (size_t i = 0; i < n * n; i++)
            big = q[i] > big ? q[i] : big;
        double tot = 0, change = 0;
        for (size_t i = 0; i < n; i++) {
            v[i] = 0;
            for (size_t j = 0; j < n; j++) {
                q[i * n + j] /= big;
                v[i] += q[i * n + j];
            }
            tot += v[i];
        }
        for (size_t i = 0; i < n; i++) {
            double x = v[i] / tot;
            change = fmax(change, fabs(x - w[i]));
            w[i] = x;
        }
        double *t = p;
        p = q;
        q = t;
        if (change < 1e-16)
            break;
    }
    for (int it = 0; it < 200; it++) {
        double tot = 0, change = 0;
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < n; j++)
                s += a[i * n + j] * w[j];
            v[i] = s;
            tot += s;
        }
        for (size_t i = 0; i < n; i++) {
            double x = v[i] / tot;
            change = fmax(change, fabs(x - w[i]));
            w[i] = x;
        }
        if (change <= 2e-17 && it >= 2)
            break;
    }
}

int nqpf_ahp(const double *a, size_t n, nqpf_ahp_method method, nqpf_ri_table ri, double *w,
             double *lambda_max, double *ci, double *ri_value, double *cr, nqpf_error *err)
{
    if (n == 0)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "empty comparison matrix");
    for (size_t i = 0; i < n * n; i++)
        if (!(a[i] > 0) || !isfinite(a[i]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "comparison (%zu, %zu) must be a positive number (got %g)",
                             i / n + 1, i % n + 1, a[i]);
    double riv = 0;
    int rc = nqpf_ri_value(ri, n, &riv, err);
    if (rc)
        return rc;
    double *tmp = malloc((2 * n * n + n) * sizeof *tmp);
    if (!tmp)
        return nqpf_fail_nomem(err);
    double lmax = 0;
    if (method == NQPF_AHP_EIGEN) {
        perron(a, n, w, tmp);
        /* with sum w = 1, lambda = sum_i (Aw)_i exactly at the eigenvector */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                lmax += a[i * n + j] * w[j];
    } else {
        double tot = 0;
        if (method == NQPF_AHP_GEOMETRIC) {
            for (size_t i = 0; i < n; i++) {
                double s = 0;
                for (size_t j = 0; j < n; j++)
                    s += log(a[i * n + j]);
                w[i] = exp(s / (double)n);
                tot += w[i];
            }
        } else if (method == NQPF_AHP_COLUMN_MEAN) {
            for (size_t i = 0; i < n; i++)
                w[i] = 0;
            for (size_t j = 0; j < n; j++) {
                double cs = 0;
                for (size_t i = 0; i < n; i++)
                    cs += a[i * n + j];
                for (size_t i = 0; i < n; i++)
                    w[i] += a[i * n + j] / cs;
            }
            for (size_t i = 0; i < n; i++)
                tot += w[i];
        } else {
            free(tmp);
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "unknown AHP method %d",
                             (int)method);
        }
        for (size_t i = 0; i < n; i++)
            w[i] /= tot;
        /* textbook estimate lambda_max = (1/n) sum_i (Aw)_i / w_i */
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < n; j++)
                s += a[i * n + j] * w[j];
            lmax += s / w[i];
        }
        lmax /= (double)n;
    }
    free(tmp);
    double c = n > 2 ? (lmax - (double)n) / (double)(n - 1) : 0.0;
    if (lambda_max)
        *lambda_max = lmax;
    if (ci)
        *ci = c;
    if (ri_value)
        *ri_value = riv;
    if (cr)
        *cr = n > 2 ? c / riv : 0.0;
    return NQPF_OK;
}
