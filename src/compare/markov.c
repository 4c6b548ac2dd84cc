/* nqpf — classic Markov chains of class transitions: classes, counts,
 * probabilities, steady state, first mean passage times. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/markov.h"
#include "nqpf/util.h"

/* LAPACK: LU and inverse. */
void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void dgetri_(const int *n, double *a, const int *lda, const int *ipiv, double *work,
             const int *lwork, int *info);

int nqpf_quantile_cuts(const double *x, size_t n, size_t k, double *cuts, nqpf_error *err)
{
    if (k < 2)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "need at least 2 classes");
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return nqpf_fail_nomem(err);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            s[m++] = x[i];
    if (m == 0) {
        free(s);
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "no values to classify");
    }
    qsort(s, m, sizeof *s, nqpf_cmp_double);
    for (size_t c = 0; c + 1 < k; c++) {
        /* numpy.percentile 'linear' = R type 7 */
        cuts[c] = nqpf_quantile7(s, m, (double)(c + 1) / (double)k);
    }
    free(s);
    return NQPF_OK;
}

size_t nqpf_classify(double v, const double *cuts, size_t n_cuts)
{
    size_t c = 0;
    while (c < n_cuts && !(v <= cuts[c]))
        c++;
    return c;
}

int nqpf_markov_classes(const double *y, size_t n, size_t T, size_t k, nqpf_classing how,
                        const double *cuts, size_t *cls, nqpf_error *err)
{
    double *c = malloc(k * sizeof *c), *col = malloc((n ? n : 1) * sizeof *col);
    int rc = NQPF_OK;
    if (!c || !col) {
        free(c), free(col);
        return nqpf_fail_nomem(err);
    }
    if (how == NQPF_CLASS_CUTS) {
        for (size_t q = 0; q + 1 < k; q++) {
            c[q] = cuts[q];
            if (q > 0 && !(c[q] > c[q - 1]))
                rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "cut points must be increasing");
        }
    } else if (how == NQPF_CLASS_POOLED) {
        rc = nqpf_quantile_cuts(y, n * T, k, c, err);
    }
    for (size_t t = 0; t < T && !rc; t++) {
        if (how == NQPF_CLASS_PERIOD) {
            for (size_t s = 0; s < n; s++)
                col[s] = y[s * T + t];
            if ((rc = nqpf_quantile_cuts(col, n, k, c, err)))
                break;
        }
        for (size_t s = 0; s < n; s++) {
            double v = y[s * T + t];
            cls[s * T + t] = isnan(v) ? (size_t)-1 : nqpf_classify(v, c, k - 1);
        }
    }
    free(c), free(col);
    return rc;
}

void nqpf_markov_counts(const size_t *cls, size_t n, size_t T, size_t k, double *counts)
{
    memset(counts, 0, k * k * sizeof *counts);
    for (size_t s = 0; s < n; s++)
        for (size_t t = 0; t + 1 < T; t++) {
            size_t a = cls[s * T + t], b = cls[s * T + t + 1];
            if (a < k && b < k)
                counts[a * k + b] += 1;
        }
}

void nqpf_markov_probs(const double *counts, size_t k, int fill_empty, double *p)
{
    for (size_t i = 0; i < k; i++) {
        double r = 0;
        for (size_t j = 0; j < k; j++)
            r += counts[i * k + j];
        for (size_t j = 0; j < k; j++)
            p[i * k + j] = r > 0 ? counts[i * k + j] / r : (fill_empty && i == j ? 1.0 : 0.0);
    }
}

int nqpf_markov_steady(const double *p, size_t k, double *pi, nqpf_error *err)
{
    for (size_t i = 0; i < k; i++) {
        double r = 0;
        for (size_t j = 0; j < k; j++)
            r += p[i * k + j];
        if (fabs(r - 1) > 1e-9)
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                             "class %zu has no observed transitions: no steady state (try --fill-empty)", i);
    }
    size_t *cls = malloc((k ? k : 1) * sizeof *cls), nc = 0, n_closed = 0, c = 0;
    unsigned char *closed = malloc(k ? k : 1);
    int rc = (!cls || !closed) ? nqpf_fail_nomem(err) : nqpf_markov_structure(p, k, cls, closed, &nc, err);
    for (size_t q = 0; q < nc && !rc; q++)
        if (closed[q])
            n_closed++, c = q;
    if (!rc && n_closed != 1)
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "the chain is reducible with %zu closed classes: the steady state is not unique", n_closed);
    /* the one closed class carries the whole distribution; transient states get an exact 0 */
    if (!rc)
        rc = nqpf_markov_steady_class(p, k, cls, c, pi, err);
    free(cls), free(closed);
    return rc;
}

int nqpf_markov_mfpt(const double *p, const double *pi, size_t k, double *m, nqpf_error *err)
{
    for (size_t i = 0; i < k; i++)
        if (!(pi[i] > 0))
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                             "class %zu has steady-state probability 0: first passage times are infinite", i);
    double *z = malloc(k * k * sizeof *z), *work = malloc(k * k * sizeof *work);
    int *ipiv = malloc(k * sizeof *ipiv);
    int rc = NQPF_OK;
    if (!z || !work || !ipiv) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* Z = (I - P + W)^-1 with every row of W equal to pi (column-major). */
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            z[i + j * k] = (i == j) - p[i * k + j] + pi[j];
    int ki = (int)k, info = 0, lw = (int)(k * k);
    dgetrf_(&ki, &ki, z, &ki, ipiv, &info);
    if (info == 0)
        dgetri_(&ki, z, &ki, ipiv, work, &lw, &info);
    if (info != 0) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "fundamental matrix is singular");
        goto done;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            m[i * k + j] = ((i == j) - z[i + j * k] + z[j + j * k]) / pi[j];
done:
    free(z), free(work), free(ipiv);
    return rc;
}
