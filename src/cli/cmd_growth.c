/* nqpf growth — growth-accounting TFP (Törnqvist / Solow residual). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/growth.h"
#include "nqpf/long_input.h"
#include "nqpf/util.h"

/* --share and --labour into g, each refused in the option's words. */
static int parse_args(const nqpf_optval *o, nqpf_growth_req *g, nqpf_error *err)
{
    const char *ycol = o[NQPF_GR_OUTPUT].seen ? o[NQPF_GR_OUTPUT].text : o[NQPF_GR_VALUE].text;
    int bad = 0, rc = nqpf_growth_req_parse(g, ycol, o[NQPF_GR_CAPITAL].text, o[NQPF_GR_LABOUR].text,
                                            o[NQPF_GR_SHARE].text, &bad, err);
    if (rc && bad == NQPF_GR_SHARE)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--share %s: a constant labour share must be in [0,1]",
                         o[NQPF_GR_SHARE].text);
    if (rc && bad == NQPF_GR_LABOUR)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--labour must be a column or a product COL*COL (at most %d)",
                         NQPF_GROWTH_MAX_FACTORS);
    return rc;
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
    nqpf_growth_req g;
    int rc = parse_args(v, &g, err);
    if (!rc)
        nqpf_growth_req_free(&g);
    return rc;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *o = c->v;
    const nqpf_long_input *in = &c->in;
    const char *data = o[NQPF_GR_DATA].text, *base = o[NQPF_GR_BASE].text;
    nqpf_growth_req g;
    const char *cols[NQPF_GROWTH_MAX_FACTORS + 2];
    int rc = parse_args(o, &g, err);
    if (rc)
        return rc;
    if ((rc = cmd_load_long(c, cols, nqpf_growth_cols(&g, cols), err))) {
        nqpf_growth_req_free(&g);
        return rc;
    }
    size_t nu = in->unit.n_levels, np = in->period.n_levels, nbase_missing = 0;
    double *acc = malloc((nu * np * 6 + 1) * sizeof(double));
    unsigned char *row = malloc(nu * np + 1);
    long base_p = -1;
    for (size_t p = 0; base && p < np; p++)
        if (strcmp(in->period.level[p], base) == 0)
            base_p = (long)p;
    if (!acc || !row)
        rc = nqpf_fail_nomem(err);
    else if (base && base_p < 0)
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--base %s is not a period of %s", base, data);
    if (!rc)
        rc = nqpf_growth_long(in, &g, base_p, acc, row, &nbase_missing, err);
    if (rc || (rc = cmd_open_out(c, &NQPF_GROWTH_CMD, err)))
        goto done;
    nqpf_growth_write(c->fp, nu, np, in->unit.level, in->period.level, acc, row);
    if (nbase_missing)
        nqpf_cli_warn("%s: %zu unit(s) have no TFP index in the base period %s: their index is left empty", data,
                      nbase_missing, base);
done:
    free(acc), free(row);
    nqpf_growth_req_free(&g);
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
