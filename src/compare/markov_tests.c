/* nqpf — tests of whether Markov transition matrices differ: the chi-square
 * of one count matrix against another's probabilities (Rey 2001; giddy
 * chi2), Bickenbach & Bode's (2003) Q and likelihood-ratio tests of
 * homogeneity across regimes (giddy homogeneity), and the multinomial test
 * of a conditional steady state against the pooled one (giddy shtest). */
#include <math.h>
#include <stdlib.h>

#include "nqpf/markov.h"

static double row_sum(const double *t, size_t k, size_t i)
{
    double r = 0;
    for (size_t j = 0; j < k; j++)
        r += t[i * k + j];
    return r;
}

void nqpf_markov_chi2(const double *t1, const double *t2, size_t k, double *stat, double *dof)
{
    size_t r1 = 0, r2 = 0;
    double x = 0;
    for (size_t i = 0; i < k; i++) {
        double s1 = row_sum(t1, k, i), s2 = row_sum(t2, k, i);
        r1 += s1 > 0, r2 += s2 > 0;
        for (size_t j = 0; j < k; j++) {
            /* t1's row total spread over t2's probabilities; an empty cell
             * of the null (E = 0) divides by 1, as giddy does */
            double e = s2 > 0 ? s1 * t2[i * k + j] / s2 : 0, d = t1[i * k + j] - e;
            x += d * d / (e == 0 ? 1 : e);
        }
    }
    *stat = x;
    *dof = r1 && r2 ? (double)(r1 - 1) * (double)(r2 - 1) : 0;
}

void nqpf_markov_homogeneity(const double *t, size_t m, size_t k, double *q, double *lr, double *dof)
{
    double Q = 0, LR = 0, df = 0;
    for (size_t i = 0; i < k; i++) {
        /* pooled row i: n_i and its non-zero cells A_i */
        double n = 0;
        size_t a = 0, b = 0;
        for (size_t j = 0; j < k; j++) {
            double c = 0;
            for (size_t r = 0; r < m; r++)
                c += t[(r * k + i) * k + j];
            n += c, a += c > 0;
        }
        for (size_t r = 0; r < m; r++) {
            const double *row = t + (r * k + i) * k;
            double nr = row_sum(t + r * k * k, k, i);
            if (!(nr > 0))
                continue;
            b++;
            for (size_t j = 0; j < k; j++) {
                double c = 0;
                for (size_t s = 0; s < m; s++)
                    c += t[(s * k + i) * k + j];
                double p0 = c / n, p1 = row[j] / nr;
                Q += nr * (p1 - p0) * (p1 - p0) / (p0 > 0 ? p0 : 1);
                if (row[j] > 0)
                    LR += row[j] * log(p1 / p0);
            }
        }
        /* (b_i - 1)(A_i - 1): regimes that visit row i times its free cells;
         * a row no regime visits adds nothing */
        if (b > 0)
            df += (double)(b - 1) * (double)(a - 1);
    }
    *q = Q, *lr = 2 * LR, *dof = df;
}

double nqpf_markov_steady_chi2(const double *pooled, const double *cond, size_t k, double n)
{
    double x = 0;
    for (size_t j = 0; j < k; j++) {
        double o = n * cond[j], e = n * pooled[j];
        x += (o - e) * (o - e) / e;
    }
    return x;
}
