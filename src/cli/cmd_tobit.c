/* nqpf tobit and nqpf truncreg — censored and truncated normal regression
 * of scores on their drivers (the second stage), the latter with Simar &
 * Wilson's (2007) bootstrap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/tobit.h"
#include "nqpf/tobit_csv.h"
#include "nqpf/util.h"
#include "nqpf/convergence.h"

/* --lower below --upper, one truncation point for truncreg, a bootstrap
 * of at least 2 replications (the runner checks --encoding). */
static int check(const nqpf_optval *v, int truncated, nqpf_error *err)
{
    double lower = v[NQPF_TOB_LOWER].seen ? v[NQPF_TOB_LOWER].num : -INFINITY;
    double upper = v[NQPF_TOB_UPPER].seen ? v[NQPF_TOB_UPPER].num : INFINITY;
    if (!(lower < upper))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--lower must be below --upper");
    if (truncated && isfinite(lower) == isfinite(upper))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "give one truncation point: --lower or --upper");
    if (truncated && v[NQPF_TOB_BOOTSTRAP].z == 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--bootstrap needs at least 2 replications");
    return NQPF_OK;
}

static int check_tobit(const nqpf_optval *v, nqpf_error *err)
{
    return check(v, 0, err);
}

static int check_truncreg(const nqpf_optval *v, nqpf_error *err)
{
    return check(v, 1, err);
}

static int run(nqpf_cmd_ctx *c, int truncated, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    const nqpf_long_input *in = &c->in;
    const char *data = v[NQPF_TOB_DATA].text;
    double lower = v[NQPF_TOB_LOWER].seen ? v[NQPF_TOB_LOWER].num : -INFINITY;
    double upper = v[NQPF_TOB_UPPER].seen ? v[NQPF_TOB_UPPER].num : INFINITY;
    size_t B = truncated ? v[NQPF_TOB_BOOTSTRAP].z : 0, seed = truncated ? v[NQPF_TOB_SEED].z : 1;
    double level = truncated ? v[NQPF_TOB_LEVEL].num : 0.95;
    char *const *xv = v[NQPF_TOB_X].items;
    double *X = NULL, *draws = NULL, *tmp = NULL;
    const char **names = NULL;
    nqpf_tobit fit = {0};
    int rc = NQPF_OK;
    size_t n = in->n_rows, k = in->n_cols + 1;
    const double *y = in->value;
    X = malloc((n * k + 1) * sizeof *X);
    names = malloc(k * sizeof *names);
    if (!X || !names) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* the constant, then the --x columns (read by the runner; a missing
     * cell is an error at its FILE:LINE:COL, no silent dropping) */
    names[0] = "_cons";
    for (size_t i = 0; i < n; i++)
        X[i] = 1.0;
    memcpy(X + n, in->cols, n * in->n_cols * sizeof *X);
    for (size_t j = 0; j < in->n_cols; j++)
        names[j + 1] = xv[j];
    rc = truncated ? nqpf_truncreg_fit(X, y, n, k, lower, upper, names, &fit, err)
                   : nqpf_tobit_fit(X, y, n, k, lower, upper, names, &fit, err);
    if (rc) {
        if (!err->file[0])
            snprintf(err->file, sizeof err->file, "%s", data);
        goto done;
    }
    if (B) {
        if (!(draws = malloc(B * (k + 1) * sizeof *draws)) || !(tmp = malloc(B * sizeof *tmp))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        if ((rc = nqpf_truncreg_boot(X, y, n, k, lower, upper, &fit, B, (uint64_t)seed, draws, err)))
            goto done;
    }
    if ((rc = cmd_open_out(c, truncated ? &NQPF_TRUNCREG_CMD : &NQPF_TOBIT_CMD, err)))
        goto done;
    nqpf_tobit_csv(c->fp, &fit, xv, truncated, draws, B, level, tmp);
done:
    nqpf_tobit_free(&fit);
    free(X);
    free(names);
    free(draws);
    free(tmp);
    return rc;
}

static int run_tobit(nqpf_cmd_ctx *c, nqpf_error *err)
{
    return run(c, 0, err);
}

static int run_truncreg(nqpf_cmd_ctx *c, nqpf_error *err)
{
    return run(c, 1, err);
}

const nqpf_cmd_spec NQPF_TOBIT_CMD = {
    NQPF_TRUNCREG_OPTS, NQPF_TOBIT_NOPTS, NULL,
    "--data FILE --y COL --x A,B,... [--lower L] [--upper U] --out FILE",
    "Tobit regression: y* = b'x + e, e ~ N(0, s^2), observed y = L when y* <= L and U\n"
    "when y* >= U (censoring limits; either may be left out).  The usual second stage\n"
    "for DEA efficiency (--upper 1) or an index in [0, 1] (--lower 0 --upper 1): an\n"
    "observation at or below L (at or above U) counts as censored, as Stata's tobit\n"
    "ll()/ul().  Maximum likelihood by Newton's method in Olsen's parameters (b/s, 1/s),\n"
    "where the likelihood is concave; standard errors from the observed information,\n"
    "z and p from the normal, 95% intervals b +- 1.96 se.  ln_sigma and its se are\n"
    "R survreg's Log(scale); sigma's se = sigma se(ln_sigma) as Stata's var(e.y*).\n\n"
    "Output: long CSV  term,statistic,value\n"
    "  per term (_cons first, then the --x columns): coef se z p ci_lo ci_hi\n"
    "  ln_sigma and sigma: coef se\n"
    "  model (term empty): n n_left n_right n_uncensored loglik iterations\n\n",
    "  (a DEA second stage: the VRS scores of the provinces, censored at 1, on their R&D inputs)\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --rts vrs --out eff.csv\n"
    "  nqpf tobit --data eff.csv --y efficiency --x year --upper 1 --out tobit.csv\n"
    "  nqpf tobit --data data/china_provinces_tech_wide.csv --y v4_cg_zlsq2_fm --x v4_zh_nbzc_hj,v4_zh_qsdl_hj --lower 0 --out -\n",
    NQPF_INPUT_LONG, 0, NULL, check_tobit, run_tobit, NULL, "y", "x", 0,
};

const nqpf_cmd_spec NQPF_TRUNCREG_CMD = {
    NQPF_TRUNCREG_OPTS, NQPF_TRUNCREG_NOPTS, NULL,
    "--data FILE --y COL --x A,B,... (--lower L | --upper U)\n"
    "                     [--bootstrap B --seed S --level 0.95] --out FILE",
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
    "  model (term empty): n (used) n_left n_right (left out) loglik iterations [boot_reps boot_failed]\n\n",
    "  (Simar-Wilson, input orientation: delta = 1 / efficiency >= 1)\n"
    "  nqpf truncreg --data data/china_provinces_tech_wide.csv --y v4_cg_zlsq2_fm --x v4_zh_nbzc_hj,v4_zh_qsdl_hj --lower 0 \\\n"
    "      --bootstrap 200 --seed 7 --out sw.csv\n",
    NQPF_INPUT_LONG, 0, NULL, check_truncreg, run_truncreg, NULL, "y", "x", 0,
};
