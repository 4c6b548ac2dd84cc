/* Dagum (1997) Gini decomposition in O(n log n).
 *
 * The textbook formulas are double sums over pairs of observations.  With
 * each group sorted once, every double sum becomes a linear merge:
 * for y in group j and the c values of group h below y,
 *   sum_r (y - y_hr)+ = c*y - P_h[c],   sum_r (y_hr - y)+ = (S_h - P_h[c]) - (n_h - c)*y
 * where P_h are prefix sums of sorted group h.  Both one-sided sums are
 * accumulated directly (not obtained by subtraction), so a pair of groups
 * that does not overlap gets a transvariation of exactly 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare.h"
#include "nqpf/util.h"
#include "nonneg.h"

double nqpf_sorted_abs_diff_sum(const double *v, size_t n)
{
    /* sum_{i,r} |v_i - v_r| = 2 sum_i (2i - n - 1) v_(i), i = 1..n */
    double acc = 0.0;
    for (size_t i = 0; i < n; i++)
        acc += (2.0 * (double)i + 1.0 - (double)n) * v[i];
    return 2.0 * acc;
}

/* sum over (a in A, b in B) of (a - b)+ for sorted A, B with prefix sums PB. */
static double one_sided(const double *A, size_t na, const double *B, const double *PB, size_t nb)
{
    double acc = 0.0;
    size_t c = 0;
    for (size_t i = 0; i < na; i++) {
        while (c < nb && B[c] < A[i])
            c++;
        acc += (double)c * A[i] - PB[c];
    }
    return acc;
}

void nqpf_dagum_free(nqpf_dagum *d)
{
    if (!d)
        return;
    nqpf_group_shares_free(d->nj, d->mu, d->p, d->s);
    free(d->Gjj);
    free(d->Gjh);
    free(d->Djh);
    free(d->djh);
    free(d->pjh);
    memset(d, 0, sizeof *d);
}

int nqpf_dagum_gini(const double *y, const size_t *g, size_t n, size_t k, nqpf_dagum *out,
                    nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    if (k == 0 && n > 0)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "no groups");
    double total = 0.0;
    int rc = nqpf_group_shares_begin(y, g, n, k, "the Gini", &total, &out->nj, &out->mu, &out->p, &out->s, err);
    if (rc)
        return rc;

    out->k = k;
    out->n = n;
    out->Gjj = calloc(k, sizeof(double));
    out->Gjh = calloc(k * k, sizeof(double));
    out->Djh = calloc(k * k, sizeof(double));
    out->djh = calloc(k * k, sizeof(double));
    out->pjh = calloc(k * k, sizeof(double));
    size_t *start = calloc(k + 1, sizeof(size_t));
    double *sorted = malloc(n * sizeof(double));     /* groups back to back, each sorted */
    double *prefix = malloc((n + k) * sizeof(double)); /* per group n_j + 1 prefix sums */
    double *all = malloc(n * sizeof(double));
    size_t *fill = calloc(k, sizeof(size_t));
    if (!out->nj || !out->mu || !out->p || !out->s || !out->Gjj || !out->Gjh || !out->Djh ||
        !out->djh || !out->pjh || !start || !sorted || !prefix || !all || !fill) {
        free(start), free(sorted), free(prefix), free(all), free(fill);
        nqpf_dagum_free(out);
        return nqpf_fail_nomem(err);
    }
    for (size_t i = 0; i < n; i++)
        start[g[i] + 1]++;
    for (size_t j = 0; j < k; j++)
        start[j + 1] += start[j];
    for (size_t i = 0; i < n; i++)
        sorted[start[g[i]] + fill[g[i]]++] = y[i];
    free(fill);

    /* Sort each group (independent work: parallel, yet deterministic). */
    long kk = (long)k;
#pragma omp parallel for schedule(dynamic) if (n > 20000)
    for (long j = 0; j < kk; j++)
        qsort(sorted + start[j], start[j + 1] - start[j], sizeof(double), nqpf_cmp_double);

    double mean = total / (double)n;
    out->mean = mean;
    for (size_t j = 0; j < k; j++) {
        size_t nj = start[j + 1] - start[j];
        double *P = prefix + start[j] + j;
        P[0] = 0.0;
        for (size_t i = 0; i < nj; i++)
            P[i + 1] = P[i] + sorted[start[j] + i];
        out->nj[j] = (double)nj;
        out->p[j] = (double)nj / (double)n;
        out->mu[j] = nj ? P[nj] / (double)nj : NAN;
        out->s[j] = P[nj] / total;
        double w = nqpf_sorted_abs_diff_sum(sorted + start[j], nj);
        out->Gjj[j] = (nj && P[nj] > 0.0) ? w / (2.0 * (double)nj * (double)nj * out->mu[j]) : NAN;
        if (nj && P[nj] == 0.0)
            out->Gjj[j] = 0.0; /* all zeros in the group: no inequality inside it */
        out->Gjh[j * k + j] = out->Gjj[j];
        out->Djh[j * k + j] = NAN;
        out->djh[j * k + j] = NAN;
        out->pjh[j * k + j] = NAN;
    }

    /* Pairs j < h. */
    long npairs = kk * (kk - 1) / 2;
#pragma omp parallel for schedule(dynamic) if (n > 20000)
    for (long q = 0; q < npairs; q++) {
        /* unrank q -> (j, h), j < h */
        size_t j = 0, rem = (size_t)q;
        while (rem >= k - 1 - j) {
            rem -= k - 1 - j;
            j++;
        }
        size_t h = j + 1 + rem;
        size_t nj = start[j + 1] - start[j], nh = start[h + 1] - start[h];
        double *Gjh = &out->Gjh[j * k + h], *Ghj = &out->Gjh[h * k + j];
        if (nj == 0 || nh == 0) {
            *Gjh = *Ghj = NAN;
            out->Djh[j * k + h] = out->Djh[h * k + j] = NAN;
            out->djh[j * k + h] = out->djh[h * k + j] = NAN;
            out->pjh[j * k + h] = out->pjh[h * k + j] = NAN;
            continue;
        }
        const double *A = sorted + start[j], *B = sorted + start[h];
        const double *PA = prefix + start[j] + j, *PB = prefix + start[h] + h;
        double a_over_b = one_sided(A, nj, B, PB, nh); /* sum (y_j - y_h)+ */
        double b_over_a = one_sided(B, nh, A, PA, nj); /* sum (y_h - y_j)+ */
        double nn = (double)nj * (double)nh;
        double msum = out->mu[j] + out->mu[h];
        double G = msum > 0.0 ? (a_over_b + b_over_a) / (nn * msum) : 0.0;
        int j_richer = out->mu[j] >= out->mu[h];
        double d = (j_richer ? a_over_b : b_over_a) / nn;
        double pt = (j_richer ? b_over_a : a_over_b) / nn;
        double D = (d + pt) > 0.0 ? (d - pt) / (d + pt) : NAN;
        *Gjh = *Ghj = G;
        out->Djh[j * k + h] = out->Djh[h * k + j] = D;
        out->djh[j * k + h] = out->djh[h * k + j] = d;
        out->pjh[j * k + h] = out->pjh[h * k + j] = pt;
    }

    /* Components, summed in a fixed order (deterministic). */
    double Gw = 0.0, Gnb = 0.0, Gt = 0.0;
    for (size_t j = 0; j < k; j++) {
        if (out->nj[j] == 0.0)
            continue;
        Gw += out->Gjj[j] * out->p[j] * out->s[j];
        for (size_t h = j + 1; h < k; h++) {
            if (out->nj[h] == 0.0)
                continue;
            double G = out->Gjh[j * k + h], D = out->Djh[j * k + h];
            double wgt = out->p[j] * out->s[h] + out->p[h] * out->s[j];
            if (G == 0.0 || isnan(D))
                continue; /* identical constant groups: no contribution */
            Gnb += G * wgt * D;
            Gt += G * wgt * (1.0 - D);
        }
    }
    out->Gw = Gw;
    out->Gnb = Gnb;
    out->Gt = Gt;

    /* Overall Gini from one global sort, independently of the parts, so
     * G = Gw + Gnb + Gt is a real check rather than a definition. */
    memcpy(all, sorted, n * sizeof(double));
    qsort(all, n, sizeof(double), nqpf_cmp_double);
    out->G = nqpf_sorted_abs_diff_sum(all, n) / (2.0 * (double)n * (double)n * mean);
    free(all);
    free(start);
    free(sorted);
    free(prefix);
    return NQPF_OK;
}

int nqpf_gini(const double *y, size_t n, double *out, nqpf_error *err)
{
    double total = 0.0;
    int rc = nqpf_check_nonneg(y, NULL, n, 0, "the Gini", &total, err);
    if (rc)
        return rc;
    double *v = malloc(n * sizeof(double));
    if (!v)
        return nqpf_fail_nomem(err);
    memcpy(v, y, n * sizeof(double));
    qsort(v, n, sizeof(double), nqpf_cmp_double);
    *out = nqpf_sorted_abs_diff_sum(v, n) / (2.0 * (double)n * (double)n * (total / (double)n));
    free(v);
    return NQPF_OK;
}
