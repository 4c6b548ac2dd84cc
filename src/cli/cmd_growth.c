/* nqpf growth — growth-accounting TFP (Törnqvist / Solow residual). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp_input.h"
#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/growth.h"
#include "nqpf/util.h"

#define MAX_FACTORS 16


/* Read a numeric column with missing cells as NaN and require sign > 0
 * (or a value in [0,1] for a share), reporting the cell. */
static int read_col(const nqpf_table *t, const char *name, double *out, int is_share, nqpf_error *err)
{
    int rc = nqpf_table_column(t, name, out, 1, err);
    if (rc)
        return rc;
    long c = nqpf_table_col(t, name);
    for (size_t r = 0; r < t->n_rows; r++) {
        double v = out[r];
        if (isnan(v))
            continue;
        if (is_share ? (v < 0.0 || v > 1.0) : !(v > 0.0))
            return nqpf_fail(err, NQPF_EINPUT, t->path, t->line[r], c + 1, "%s in column '%s' must be %s",
                             nqpf_table_get(t, r, (size_t)c), name, is_share ? "in [0,1]" : "positive");
    }
    return NQPF_OK;
}

static int check(const nqpf_optval *v, nqpf_error *err)
{
    if (v[NQPF_GR_OUTPUT].seen && v[NQPF_GR_VALUE].seen)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "give --output or --value, not both");
    if (!v[NQPF_GR_OUTPUT].seen && !v[NQPF_GR_VALUE].seen)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--data, --unit, --period, --output, --capital, --labour, --share and --out are required "
                         "(see --help)");
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *o = c->v;
    const char *data = o[NQPF_GR_DATA].text, *unit = o[NQPF_GR_UNIT].text, *period = o[NQPF_GR_PERIOD].text;
    const char *ycol = o[NQPF_GR_OUTPUT].seen ? o[NQPF_GR_OUTPUT].text : o[NQPF_GR_VALUE].text;
    const char *kcol = o[NQPF_GR_CAPITAL].text, *lexpr = o[NQPF_GR_LABOUR].text, *share_s = o[NQPF_GR_SHARE].text;
    const char *base = o[NQPF_GR_BASE].text;
    /* --share: a number in [0,1] or a column name. */
    double share_const = NAN;
    int share_is_col = 1;
    {
        double v;
        if (nqpf_parse_cell(share_s, strlen(share_s), &v, NULL) == NQPF_CELL_NUMBER) {
            if (!(v >= 0.0 && v <= 1.0)) {
                return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--share %s: a constant labour share must be in [0,1]", share_s);
            }
            share_const = v;
            share_is_col = 0;
        }
    }
    char *lbuf = nqpf_strdup(lexpr), *lf[MAX_FACTORS];
    size_t nl = 0;
    if (lbuf && nqpf_opt_split(lbuf, '*', lf, MAX_FACTORS, &nl))
        nl = 0;
    if (nl == 0) {
        free(lbuf);
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--labour must be a column or a product COL*COL (at most %d)",
                  MAX_FACTORS);
    }
    cmp_input in;
    int rc = cmp_input_load(&in, data, unit, ycol, period, NULL, 1, err);
    if (rc) {
        free(lbuf);
        return rc;
    }
    nqpf_table *t = in.t;
    size_t nr = t->n_rows, nu = in.unit.n_levels, np = in.period.n_levels;
    double *Kr = malloc(nr * sizeof(double)), *Lr = malloc(nr * sizeof(double)), *tmp = malloc(nr * sizeof(double));
    double *Sr = share_is_col ? malloc(nr * sizeof(double)) : NULL;
    double *Y = malloc(np * 9 * sizeof(double)); /* 9 series of one unit */
    long *at = malloc(np * sizeof(long));
    long base_p = -1;
    if (!Kr || !Lr || !tmp || (share_is_col && !Sr) || !Y || !at) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if ((rc = read_col(t, ycol, tmp, 0, err)) || (rc = read_col(t, kcol, Kr, 0, err)) ||
        (share_is_col && (rc = read_col(t, share_s, Sr, 1, err))))
        goto done;
    for (size_t r = 0; r < nr; r++)
        Lr[r] = 1.0;
    for (size_t j = 0; j < nl; j++) {
        if ((rc = read_col(t, lf[j], tmp, 0, err)))
            goto done;
        for (size_t r = 0; r < nr; r++)
            Lr[r] *= tmp[r];
    }
    if (base) {
        for (size_t p = 0; p < np; p++)
            if (strcmp(in.period.level[p], base) == 0)
                base_p = (long)p;
        if (base_p < 0) {
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--base %s is not a period of %s", base, data);
            goto done;
        }
    }
    if ((rc = cmd_open_out(c, &NQPF_GROWTH_CMD, err)))
        goto done;
    fputs("unit,period,dln_y,dln_k,dln_l,share,dln_tfp,tfp_index\n", c->fp);
    double *y = Y, *k = Y + np, *l = Y + 2 * np, *s = Y + 3 * np, *dy = Y + 4 * np, *dk = Y + 5 * np,
           *dl = Y + 6 * np, *sb = Y + 7 * np, *da = Y + 8 * np;
    double *idx = tmp; /* tmp is free now; np <= nr */
    size_t nbase_missing = 0;
    for (size_t u = 0; u < nu; u++) {
        for (size_t p = 0; p < np; p++) {
            at[p] = -1;
            y[p] = k[p] = l[p] = s[p] = NAN;
        }
        for (size_t r = 0; r < nr; r++)
            if (in.unit.code[r] == u) {
                size_t p = in.period.code[r];
                at[p] = (long)r;
                y[p] = in.value[r];
                k[p] = Kr[r];
                l[p] = Lr[r];
                s[p] = share_is_col ? Sr[r] : share_const;
            }
        size_t bad;
        if ((rc = nqpf_growth_tornqvist(y, k, l, share_is_col ? s : NULL, share_const, np, dy, dk, dl, sb, da, idx,
                                        &bad, err)))
            goto done;
        if (base_p >= 0) {
            double b = idx[base_p];
            if (isnan(b))
                nbase_missing++;
            for (size_t p = 0; p < np; p++)
                idx[p] = idx[p] / b;
        }
        for (size_t p = 0; p < np; p++) {
            if (at[p] < 0)
                continue;
            nqpf_csv_put_field(c->fp, in.unit.level[u]);
            fputc(',', c->fp);
            nqpf_csv_put_field(c->fp, in.period.level[p]);
            double v[6] = {dy[p], dk[p], dl[p], sb[p], da[p], idx[p]};
            for (int j = 0; j < 6; j++) {
                fputc(',', c->fp);
                nqpf_csv_put_num(c->fp, v[j]);
            }
            fputc('\n', c->fp);
        }
    }
    if (nbase_missing)
        nqpf_cli_warn("%s: %zu unit(s) have no TFP index in the base period %s: their index is left empty", data,
                      nbase_missing, base);
done:
    free(Kr), free(Lr), free(tmp), free(Sr), free(Y), free(at), free(lbuf);
    cmp_input_free(&in);
    return rc;
}

const nqpf_cmd_spec NQPF_GROWTH_CMD = {
    NQPF_GROWTH_OPTS, NQPF_GR_NOPTS, NULL,
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
    NQPF_INPUT_NONE, 0, NULL, check, run, NULL,
};
