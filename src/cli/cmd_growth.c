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
    size_t nu = in.unit.n_levels, np = in.period.n_levels, nbase_missing = 0;
    double *acc = malloc((nu * np * 6 + 1) * sizeof(double));
    unsigned char *row = malloc(nu * np + 1);
    long base_p = -1;
    for (size_t p = 0; base && p < np; p++)
        if (strcmp(in.period.level[p], base) == 0)
            base_p = (long)p;
    if (!acc || !row)
        rc = nqpf_fail_nomem(err);
    else if (base && base_p < 0)
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--base %s is not a period of %s", base, data);
    if (!rc)
        rc = nqpf_growth_table(in.t, in.unit.code, nu, in.period.code, np, ycol, kcol, lf, nl,
                               share_is_col ? share_s : NULL, share_const, base_p, acc, row, &nbase_missing, err);
    if (rc || (rc = cmd_open_out(c, &NQPF_GROWTH_CMD, err)))
        goto done;
    nqpf_growth_write(c->fp, nu, np, in.unit.level, in.period.level, acc, row);
    if (nbase_missing)
        nqpf_cli_warn("%s: %zu unit(s) have no TFP index in the base period %s: their index is left empty", data,
                      nbase_missing, base);
done:
    free(acc), free(row), free(lbuf);
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
