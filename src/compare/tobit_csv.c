/* nqpf — the table of `nqpf tobit` and `nqpf truncreg` (tobit_csv.h),
 * moved unchanged from the CLI. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "nqpf/convergence.h"
#include "nqpf/output.h"
#include "nqpf/tobit_csv.h"
#include "nqpf/util.h"

static void put(FILE *fp, const char *term, const char *stat, double v)
{
    const char *f[] = {term, stat};
    nqpf_csv_put_long(fp, f, 2, v);
}

/* Bootstrap summary of parameter j (draws B x (k+1)): mean, sd and the
 * percentile interval at level, over the replications that fitted. */
static size_t boot_stats(const double *draws, size_t B, size_t k, size_t j, double level, double *tmp, double *st)
{
    size_t c = 0;
    for (size_t b = 0; b < B; b++)
        if (!isnan(draws[b * (k + 1) + j]))
            tmp[c++] = draws[b * (k + 1) + j];
    st[0] = st[1] = st[2] = st[3] = NAN;
    if (c < 2)
        return c;
    nqpf_sigma sg;
    nqpf_sigma_stats(tmp, c, &sg);
    qsort(tmp, c, sizeof *tmp, nqpf_cmp_double);
    st[0] = sg.mean;
    st[1] = sg.sd_sample;
    st[2] = nqpf_quantile7(tmp, c, 0.5 * (1.0 - level));
    st[3] = nqpf_quantile7(tmp, c, 1.0 - 0.5 * (1.0 - level));
    return c;
}

static void put_boot(FILE *fp, const char *term, const double *st)
{
    put(fp, term, "boot_mean", st[0]);
    put(fp, term, "boot_se", st[1]);
    put(fp, term, "boot_lo", st[2]);
    put(fp, term, "boot_hi", st[3]);
}

void nqpf_tobit_csv(FILE *fp, const nqpf_tobit *f, char *const *xname, int truncated, const double *draws, size_t B,
                    double level, double *tmp)
{
    size_t k = f->k, p = k + 1, ok = 0;
    double st[4];
    fputs("term,statistic,value\n", fp);
    for (size_t j = 0; j < k; j++) {
        const char *term = j == 0 ? "_cons" : xname[j - 1];
        double b = f->beta[j], se = sqrt(f->cov[j * p + j]), z = b / se;
        put(fp, term, "coef", b);
        put(fp, term, "se", se);
        put(fp, term, "z", z);
        put(fp, term, "p", nqpf_normal_pvalue(z));
        put(fp, term, "ci_lo", b - 1.959963984540054 * se);
        put(fp, term, "ci_hi", b + 1.959963984540054 * se);
        if (draws) {
            ok = boot_stats(draws, B, k, j, level, tmp, st);
            put_boot(fp, term, st);
        }
    }
    double sl = sqrt(f->cov[k * p + k]);
    put(fp, "ln_sigma", "coef", log(f->sigma));
    put(fp, "ln_sigma", "se", sl);
    put(fp, "sigma", "coef", f->sigma);
    put(fp, "sigma", "se", f->sigma * sl);
    if (draws) {
        boot_stats(draws, B, k, k, level, tmp, st);
        put_boot(fp, "sigma", st);
    }
    put(fp, "", "n", (double)f->n);
    put(fp, "", "n_left", (double)f->n_left);
    put(fp, "", "n_right", (double)f->n_right);
    if (!truncated)
        put(fp, "", "n_uncensored", (double)(f->n - f->n_left - f->n_right));
    put(fp, "", "loglik", f->loglik);
    put(fp, "", "iterations", (double)f->iterations);
    if (draws) {
        put(fp, "", "boot_reps", (double)B);
        put(fp, "", "boot_failed", (double)(B - ok));
    }
}
