/* nqpf theil — Theil T and L with between/within decomposition, CV, Gini. */
#include <math.h>
#include <stdio.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/disparity_csv.h"
#include "nqpf/long_input.h"

typedef struct {
    FILE *fp;
    const nqpf_long_input *in;
    const char *data;
    int zero_warned;
} theil_out;

static int period(void *ctx, const char *label, const double *y, const size_t *g, size_t m, nqpf_error *err)
{
    theil_out *o = ctx;
    const nqpf_long_input *in = o->in;
    nqpf_theil_result t;
    int rc = nqpf_theil(y, g, m, in->group.n_levels, &t, err);
    if (rc)
        return rc;
    if (isnan(t.L) && !o->zero_warned) {
        nqpf_cli_warn_period(in, o->data, label, "a value is 0",
                             "Theil L (mean log deviation) is undefined and left empty");
        o->zero_warned = 1;
    }
    nqpf_theil_csv_long(o->fp, label, &t, in->has_group ? in->group.level : NULL);
    nqpf_theil_free(&t);
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    int rc = cmd_open_out(c, &NQPF_THEIL_CMD, err);
    if (rc)
        return rc;
    fputs(NQPF_THEIL_CSV_HEADER, c->fp);
    theil_out o = {c->fp, &c->in, c->v[NQPF_THEIL_DATA].text, 0};
    return nqpf_long_each_period(&c->in, o.data, period, &o, err);
}

const nqpf_cmd_spec NQPF_THEIL_CMD = {
    NQPF_THEIL_OPTS, NQPF_THEIL_NOPTS, "theil",
    "--data FILE --value COL [--group COL] [--unit COL] [--period COL] --out FILE",
    
    "Theil T (GE(1)) and Theil L (GE(0), mean log deviation) with the exact\n"
    "between/within-group decomposition, the coefficient of variation and the\n"
    "plain Gini (n^2 normalisation, as pysal; gini_corrected = n/(n-1) * gini), per period.\n"
    "  T  = (1/n) sum (y/mu) ln(y/mu)   (0 ln 0 := 0)\n"
    "  Tb = sum_g S_g ln(S_g/p_g),  Tw = sum_g S_g T_g     (S_g income share, p_g population share)\n"
    "  L  = (1/n) sum ln(mu/y),      Lb = sum_g p_g ln(mu/mu_g),  Lw = sum_g p_g L_g\n"
    "L is empty (NaN) when some value is 0.\n\n"
    "Output: a long CSV  period,component,group,value  with components\n"
    "  T T_between T_within T_between_share L L_between L_within L_between_share\n"
    "  cv_pop cv_sample sd_pop sd_sample gini gini_corrected n mean        (group empty)\n"
    "  group_n group_mean group_p group_s T_g L_g T_within_part L_within_part  (per group)\n\n",
    "  nqpf theil --data data/china_provinces_tech_wide.csv --unit province --period year --value v4_zh_nbzc_hj \\\n"
    "      --group region4 --out theil.csv\n"
    "  nqpf theil --data data/china_provinces_tech_wide.csv --period year --value v4_zh_nbzc_hj --out -\n",
    NQPF_INPUT_LONG, 1, "the Theil index", NULL, run, NULL, NULL, NULL, 0,
};
