/* nqpf gini — Dagum (1997) Gini decomposition by groups, per period. */
#include <stdio.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/disparity_csv.h"
#include "nqpf/long_input.h"

typedef struct {
    FILE *fp;
    size_t k;
    char **group;
    int wide;
} gini_out;

static int period(void *ctx, const char *label, const double *y, const size_t *g, size_t m, nqpf_error *err)
{
    const gini_out *o = ctx;
    nqpf_dagum d;
    int rc = nqpf_dagum_gini(y, g, m, o->k, &d, err);
    if (rc)
        return rc;
    if (o->wide)
        nqpf_dagum_csv_wide(o->fp, label, &d);
    else
        nqpf_dagum_csv_long(o->fp, label, &d, o->group);
    nqpf_dagum_free(&d);
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_long_input *in = &c->in;
    int rc = cmd_open_out(c, &NQPF_GINI_CMD, err);
    if (rc)
        return rc;
    gini_out o = {c->fp, in->group.n_levels, in->group.level, c->v[NQPF_GINI_FORMAT].i == 1};
    if (o.wide) /* one row per period: the table most papers print */
        nqpf_dagum_csv_wide_header(c->fp, o.group, o.k);
    else
        fputs(NQPF_DAGUM_CSV_LONG_HEADER, c->fp);
    return nqpf_long_each_period(in, c->v[NQPF_GINI_DATA].text, period, &o, err);
}

const nqpf_cmd_spec NQPF_GINI_CMD = {
    NQPF_GINI_OPTS, NQPF_GINI_NOPTS, "gini",
    "--data FILE --value COL --group COL [--unit COL] [--period COL] --out FILE",
    "Dagum (1997) Gini coefficient and its decomposition into within-group (Gw),\n"
    "net between-group (Gnb) and transvariation (Gt) parts, per period.  All Ginis\n"
    "are normalised by n^2, so G = Gw + Gnb + Gt exactly.  O(n log n) per period.\n\n"
    "Output: a long CSV  period,component,group1,group2,value  with components\n"
    "  G Gw Gnb Gt Gw_share Gnb_share Gt_share n mean        (overall; groups empty)\n"
    "  group_n group_mean group_p group_s G_jj Gw_part        (group1 = group2 = g)\n"
    "  G_jh D_jh d_jh p_jh Gnb_part Gt_part                 (pair, group1 < group2 in\n"
    "                                                          group order; d/p/D with the\n"
    "                                                          richer group first, D >= 0)\n"
    "Groups and periods are ordered numerically when all labels are numbers, else\n"
    "in order of first appearance.  See docs/compare.md.\n"
    "--format wide: one row per period with n,mean,G,Gw,Gnb,Gt,the three shares,\n"
    "G_<g> for every group and G_<j>_<h>, D_<j>_<h> for every pair.\n\n",
    "  nqpf gini --data data/china_provinces_tech_wide.csv --unit province --period year --value v4_zh_nbzc_hj \\\n"
    "      --group region4 --out gini.csv\n"
    "  nqpf gini --data data/china_provinces_tech_wide.csv --unit province --period year --value v4_zh_nbzc_hj \\\n"
    "      --group nbs4 --format wide --out -\n",
    NQPF_INPUT_LONG, 1, "the Gini", NULL, run, NULL, NULL, NULL, 0,
};
