/* nqpf growth — growth-accounting TFP (Törnqvist / Solow residual). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/long_input.h"
#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/growth.h"
#include "nqpf/util.h"

#define MAX_FACTORS 16


/* --share (a number in [0,1] or a column) and the factors of --labour. */
typedef struct growth_args {
    double share;     /* the constant share; NaN when --share names a column */
    char *lbuf;       /* --labour split at '*' into lf[0..nl) */
    char *lf[MAX_FACTORS];
    size_t nl;
} growth_args;

static int parse_args(const nqpf_optval *o, growth_args *a, nqpf_error *err)
{
    const char *share_s = o[NQPF_GR_SHARE].text;
    memset(a, 0, sizeof *a);
    a->share = NAN;
    double v;
    if (nqpf_parse_cell(share_s, strlen(share_s), &v, NULL) == NQPF_CELL_NUMBER) {
        if (!(v >= 0.0 && v <= 1.0))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--share %s: a constant labour share must be in [0,1]",
                             share_s);
        a->share = v;
    }
    a->lbuf = nqpf_strdup(o[NQPF_GR_LABOUR].text);
    if (a->lbuf && nqpf_opt_split(a->lbuf, '*', a->lf, MAX_FACTORS, &a->nl))
        a->nl = 0;
    if (a->nl == 0) {
        free(a->lbuf);
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--labour must be a column or a product COL*COL (at most %d)",
                         MAX_FACTORS);
    }
    return NQPF_OK;
}

/* before the data are read: --output or --value, --share and --labour */
static int check(const nqpf_optval *v, nqpf_error *err)
{
    if (v[NQPF_GR_OUTPUT].seen && v[NQPF_GR_VALUE].seen)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "give --output or --value, not both");
    if (!v[NQPF_GR_OUTPUT].seen && !v[NQPF_GR_VALUE].seen)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--data, --unit, --period, --output, --capital, --labour, --share and --out are required "
                         "(see --help)");
    growth_args a;
    int rc = parse_args(v, &a, err);
    if (!rc)
        free(a.lbuf);
    return rc;
}

/* The numeric columns after --output, in the order their cells are
 * checked: capital, the share column when --share names one, the labour
 * factors (cols[MAX_FACTORS + 2]). */
static size_t input_cols(const nqpf_optval *o, const growth_args *a, const char **cols)
{
    size_t k = 0;
    cols[k++] = o[NQPF_GR_CAPITAL].text;
    if (isnan(a->share))
        cols[k++] = o[NQPF_GR_SHARE].text;
    for (size_t j = 0; j < a->nl; j++)
        cols[k++] = a->lf[j];
    return k;
}

/* An input error at the first value of x (row i's cell in file column col)
 * that growth accounting refuses, quoting the cell as the file has it. */
static int check_col(const nqpf_long_input *in, const double *x, long col, const char *name, int is_share,
                     nqpf_error *err)
{
    long i = nqpf_growth_bad(x, in->n_rows, is_share);
    char cell[128];
    if (i < 0)
        return NQPF_OK;
    return nqpf_fail(err, NQPF_EINPUT, in->path, in->line[i], col, "%s in column '%s' must be %s",
                     nqpf_long_cell(in, (size_t)i, col, x[i], cell, sizeof cell), name,
                     is_share ? "in [0,1]" : "positive");
}

/* Every input in range (output, capital, share, each labour factor, as
 * nqpf_growth_table checks them), then labour as the factors' product. */
static int labour_of(const nqpf_long_input *in, const char *ycol, const char *const *cols, size_t ncol, int share_col,
                     double *l, nqpf_error *err)
{
    size_t n = in->n_rows, lf0 = share_col ? 2 : 1;
    int rc = check_col(in, in->value, in->value_col, ycol, 0, err);
    for (size_t j = 0; j < ncol && !rc; j++)
        rc = check_col(in, in->cols + j * n, in->col_at[j], cols[j], share_col && j == 1, err);
    for (size_t i = 0; i < n && !rc; i++) {
        l[i] = 1.0;
        for (size_t j = lf0; j < ncol; j++)
            l[i] *= in->cols[j * n + i];
    }
    return rc;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *o = c->v;
    const nqpf_long_input *in = &c->in;
    const char *data = o[NQPF_GR_DATA].text, *base = o[NQPF_GR_BASE].text;
    const char *ycol = o[NQPF_GR_OUTPUT].seen ? o[NQPF_GR_OUTPUT].text : o[NQPF_GR_VALUE].text;
    growth_args a;
    const char *cols[MAX_FACTORS + 2];
    int rc = parse_args(o, &a, err);
    if (rc)
        return rc;
    size_t ncol = input_cols(o, &a, cols);
    if ((rc = cmd_load_long(c, cols, ncol, err))) {
        free(a.lbuf);
        return rc;
    }
    size_t nu = in->unit.n_levels, np = in->period.n_levels, nbase_missing = 0;
    double *acc = malloc((nu * np * 6 + 1) * sizeof(double)), *l = malloc((in->n_rows + 1) * sizeof *l);
    unsigned char *row = malloc(nu * np + 1);
    long base_p = -1;
    for (size_t p = 0; base && p < np; p++)
        if (strcmp(in->period.level[p], base) == 0)
            base_p = (long)p;
    if (!acc || !row || !l)
        rc = nqpf_fail_nomem(err);
    else if (base && base_p < 0)
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--base %s is not a period of %s", base, data);
    if (!rc && !(rc = labour_of(in, ycol, cols, ncol, isnan(a.share), l, err))) {
        nqpf_growth_in gi = {in->n_rows, in->unit.code, in->period.code, in->value, in->cols, l,
                             isnan(a.share) ? in->cols + in->n_rows : NULL, a.share};
        rc = nqpf_growth_accounts(&gi, nu, np, base_p, acc, row, &nbase_missing, err);
    }
    if (rc || (rc = cmd_open_out(c, &NQPF_GROWTH_CMD, err)))
        goto done;
    nqpf_growth_write(c->fp, nu, np, in->unit.level, in->period.level, acc, row);
    if (nbase_missing)
        nqpf_cli_warn("%s: %zu unit(s) have no TFP index in the base period %s: their index is left empty", data,
                      nbase_missing, base);
done:
    free(acc), free(row), free(l), free(a.lbuf);
    return rc;
}

const nqpf_cmd_spec NQPF_GROWTH_CMD = {
    NQPF_GROWTH_OPTS, NQPF_GR_NOPTS, "growth",
    "--data FILE --unit COL --period COL --output COL --capital COL\n"
    "                   --labour COL[*COL...] --share COL|NUMBER --out FILE",
    "Growth-accounting TFP between consecutive periods of each unit:\n"
    "  dln A_t = dln Y_t - s dln L_t - (1 - s) dln K_t\n"
    "with s = (share_{t-1} + share_t)/2 (Törnqvist) when --share names a column, or a\n"
    "constant labour share (--share 0.6: the Solow residual).  --labour may be a\n"
    "product of columns, e.g. emp*avh*hc (hours-adjusted, human-capital-augmented\n"
    "labour, the Penn World Table's definition: with Y = rgdpna, K = rkna and\n"
    "s = labsh this reproduces PWT's rtfpna growth).  The TFP index chains exp(dln A)\n"
    "from 1 at the unit's first complete period (or is rescaled to 1 at --base); it\n"
    "stays empty after a step with a missing input (the chain is broken).\n"
    "Missing inputs give empty cells; non-positive Y, K, L or a share outside [0,1]\n"
    "are errors at their cell.\n\n"
    "Output: unit,period,dln_y,dln_k,dln_l,share,dln_tfp,tfp_index\n\n",
    "  nqpf growth --data data/pwt91_subset.csv --unit countrycode --period year --output rgdpna --capital rkna \\\n"
    "      --labour 'emp*avh*hc' --share labsh --base 2011 --out tfp.csv\n"
    "  nqpf growth --data data/pwt91_subset.csv --unit countrycode --period year --output rgdpna --capital rkna \\\n"
    "      --labour emp --share 0.6 --out -\n",
    /* the output column is --output (or --value); missing inputs give empty cells */
    /* the input is read in run (cmd_load_long): its columns come from
     * --output, --capital, --share and --labour */
    NQPF_INPUT_NONE, 0, NULL, check, run, NULL, "output", NULL, NQPF_IN_KEEP_MISSING | NQPF_IN_QUOTE_COLS,
};
