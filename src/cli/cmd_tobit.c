/* nqpf tobit and nqpf truncreg — censored and truncated normal regression
 * of scores on their drivers (the second stage), the latter with Simar &
 * Wilson's (2007) bootstrap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/tobit.h"
#include "nqpf/util.h"
#include "nqpf/convergence.h"

#define MAX_X 64

static void help(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf tobit --data FILE --y COL --x A,B,... [--lower L] [--upper U] --out FILE\n\n"
           "Tobit regression: y* = b'x + e, e ~ N(0, s^2), observed y = L when y* <= L and U\n"
           "when y* >= U (censoring limits; either may be left out).  The usual second stage\n"
           "for DEA efficiency (--upper 1) or an index in [0, 1] (--lower 0 --upper 1): an\n"
           "observation at or below L (at or above U) counts as censored, as Stata's tobit\n"
           "ll()/ul().  Maximum likelihood by Newton's method in Olsen's parameters (b/s, 1/s),\n"
           "where the likelihood is concave; standard errors from the observed information,\n"
           "z and p from the normal, 95%% intervals b +- 1.96 se.  ln_sigma and its se are\n"
           "R survreg's Log(scale); sigma's se = sigma se(ln_sigma) as Stata's var(e.y*).\n\n"
           "Output: long CSV  term,statistic,value\n"
           "  per term (_cons first, then the --x columns): coef se z p ci_lo ci_hi\n"
           "  ln_sigma and sigma: coef se\n"
           "  model (term empty): n n_left n_right n_uncensored loglik iterations\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf dea --data panel.csv --unit province --period year --inputs k,l --outputs gdp --out eff.csv\n"
           "  nqpf tobit --data eff_and_drivers.csv --y efficiency --x open,edu,fdi --upper 1 --out tobit.csv\n");
}

static void help_truncreg(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf truncreg --data FILE --y COL --x A,B,... (--lower L | --upper U)\n"
           "                     [--bootstrap B --seed S --level 0.95] --out FILE\n\n"
           "Truncated regression (Stata's truncreg): y* = b'x + e, e ~ N(0, s^2), only\n"
           "observations with y* beyond the limit are seen.  Simar & Wilson's (2007) second\n"
           "stage of DEA: regress the Shephard distances delta = 1/efficiency (input) or phi\n"
           "(output) with --lower 1, or the efficiencies themselves with --upper 1; units on\n"
           "the frontier (exactly at the limit) are left out, as in their Algorithm 1.\n"
           "Maximum likelihood by damped Newton in Olsen's parameters; se from the observed\n"
           "information.  --bootstrap B: their parametric bootstrap (draw y*_i from the fitted\n"
           "normal truncated at the limit, fit again; replication b uses RNG stream (S, b), so\n"
           "any thread count gives the same numbers); per term boot_mean, boot_se and the\n"
           "percentile interval boot_lo, boot_hi at --level.\n\n"
           "Output: long CSV  term,statistic,value\n"
           "  per term (_cons, the --x columns): coef se z p ci_lo ci_hi [boot_mean boot_se boot_lo boot_hi]\n"
           "  ln_sigma: coef se;  sigma: coef se [boot_mean boot_se boot_lo boot_hi]\n"
           "  model (term empty): n (used) n_left n_right (left out) loglik iterations [boot_reps boot_failed]\n\n");
    nqpf_args_print(o, n);
    printf("\nExample (Simar-Wilson, input orientation: delta = 1 / efficiency >= 1):\n"
           "  nqpf truncreg --data stage2.csv --y delta --x open,edu --lower 1 --bootstrap 2000 --seed 7 --out sw.csv\n");
}

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

/* draws: B x (k+1) bootstrap estimates, or NULL. */
static void write_fit(FILE *fp, const nqpf_tobit *f, char *const *xname, int truncated, const double *draws,
                      size_t B, double level, double *tmp)
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

static int run(int argc, char **argv, int truncated)
{
    const char *data = NULL, *ycol = NULL, *xcols = NULL, *out = NULL, *enc_s = "auto";
    double lower = -INFINITY, upper = INFINITY, level = 0.95;
    size_t B = 0, seed = 1;
    int force = 0, want_help = 0;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "input CSV (or .xlsx, .dta), one row per observation", 0},
        {"y", OPT_STR, &ycol, "COL", "the censored variable (e.g. efficiency)", 0},
        {"x", OPT_STR, &xcols, "A,B,...", "regressors (a constant is added)", 0},
        {"lower", OPT_DOUBLE, &lower, "L", truncated ? "left truncation point" : "left-censoring limit (default none)",
         0},
        {"upper", OPT_DOUBLE, &upper, "U", truncated ? "right truncation point" : "right-censoring limit (default none)",
         0},
        {"encoding", OPT_STR, &enc_s, "ENC", "auto (default), utf-8, gbk, gb18030", 0},
        {"out", OPT_STR, &out, "FILE", "output CSV ('-' = standard output)", 0},
        {"force", OPT_FLAG, &force, NULL, "overwrite an existing output file", 0},
        {"bootstrap", OPT_SIZE, &B, "B", "Simar-Wilson (2007) bootstrap replications", 0},
        {"seed", OPT_SIZE, &seed, "S", "bootstrap random seed (default 1)", 0},
        {"level", OPT_DOUBLE, &level, "L", "bootstrap interval level (default 0.95)", 0},
    };
    size_t n_opts = sizeof opts / sizeof opts[0] - (truncated ? 0 : 3), n_pos;
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, NULL, 0, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        (truncated ? help_truncreg : help)(opts, n_opts);
        return 0;
    }
    if (!data || !ycol || !xcols || !out) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data, --y, --x and --out are required (see --help)");
        return nqpf_cli_error(&err);
    }
    nqpf_encoding enc;
    if (nqpf_encoding_parse(enc_s, &enc)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "unknown --encoding '%s'", enc_s);
        return nqpf_cli_error(&err);
    }
    if (!(lower < upper)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--lower must be below --upper");
        return nqpf_cli_error(&err);
    }
    if (truncated && isfinite(lower) == isfinite(upper)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "give one truncation point: --lower or --upper");
        return nqpf_cli_error(&err);
    }
    if (B == 1 || !(level > 0.0 && level < 1.0)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--bootstrap needs at least 2 replications and 0 < --level < 1");
        return nqpf_cli_error(&err);
    }
    char *xbuf = nqpf_strdup(xcols), *xv[MAX_X];
    int nx = xbuf ? nqpf_split_list(xbuf, xv, MAX_X) : -1;
    if (nx <= 0) {
        free(xbuf);
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--x takes 1 to %d column names", MAX_X);
        return nqpf_cli_error(&err);
    }
    nqpf_table *t = NULL;
    double *X = NULL, *y = NULL, *draws = NULL, *tmp = NULL;
    const char **names = NULL;
    nqpf_tobit fit = {0};
    nqpf_outfile of;
    int opened = 0, rc = nqpf_table_read(&t, data, enc, &err);
    if (rc)
        goto done;
    size_t n = t->n_rows, k = (size_t)nx + 1;
    X = malloc((n * k + 1) * sizeof *X);
    y = malloc((n + 1) * sizeof *y);
    names = malloc(k * sizeof *names);
    if (!X || !y || !names) {
        rc = nqpf_fail_nomem(&err);
        goto done;
    }
    names[0] = "_cons";
    for (size_t i = 0; i < n; i++)
        X[i] = 1.0;
    /* a missing cell is an error at its FILE:LINE:COL (no silent dropping) */
    if ((rc = nqpf_table_column(t, ycol, y, 0, &err)))
        goto done;
    for (int j = 0; j < nx; j++) {
        names[j + 1] = xv[j];
        if ((rc = nqpf_table_column(t, xv[j], X + (size_t)(j + 1) * n, 0, &err)))
            goto done;
    }
    rc = truncated ? nqpf_truncreg_fit(X, y, n, k, lower, upper, names, &fit, &err)
                   : nqpf_tobit_fit(X, y, n, k, lower, upper, names, &fit, &err);
    if (rc) {
        if (!err.file[0])
            snprintf(err.file, sizeof err.file, "%s", data);
        goto done;
    }
    if (B) {
        if (!(draws = malloc(B * (k + 1) * sizeof *draws)) || !(tmp = malloc(B * sizeof *tmp))) {
            rc = nqpf_fail_nomem(&err);
            goto done;
        }
        if ((rc = nqpf_truncreg_boot(X, y, n, k, lower, upper, &fit, B, (uint64_t)seed, draws, &err)))
            goto done;
    }
    if ((rc = nqpf_outfile_open(&of, out, force, &err)))
        goto done;
    opened = 1;
    write_fit(of.fp, &fit, xv, truncated, draws, B, level, tmp);
    rc = nqpf_outfile_commit(&of, &err);
    opened = 0;
done:
    if (opened)
        nqpf_outfile_abort(&of);
    nqpf_tobit_free(&fit);
    nqpf_table_free(t);
    free(X);
    free(y);
    free(names);
    free(xbuf);
    free(draws);
    free(tmp);
    return rc ? nqpf_cli_error(&err) : 0;
}

int nqpf_cmd_tobit(int argc, char **argv) { return run(argc, argv, 0); }

int nqpf_cmd_truncreg(int argc, char **argv) { return run(argc, argv, 1); }
