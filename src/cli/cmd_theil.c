/* nqpf theil — Theil T and L with between/within decomposition, CV, Gini. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp_input.h"
#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/output.h"



static void row(FILE *fp, const char *period, const char *comp, const char *g, double v)
{
    const char *f[] = {period, comp, g};
    nqpf_csv_put_long(fp, f, 3, v);
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    const cmp_input *in = &c->in;
    size_t n = in->t->n_rows, k = in->group.n_levels;
    double *y = malloc(n * sizeof(double));
    size_t *g = malloc(n * sizeof(size_t));
    const char *data = v[NQPF_THEIL_DATA].text;
    int rc = (!y || !g) ? nqpf_fail_nomem(err) : cmd_open_out(c, &NQPF_THEIL_CMD, err);
    if (rc) {
        free(y), free(g);
        return rc;
    }
    FILE *fp = c->fp;
    fputs("period,component,group,value\n", fp);
    int zero_warned = 0;
    for (size_t p = 0; p < in->period.n_levels && !rc; p++) {
        const char *pl = in->period.level[p];
        size_t m = cmp_input_period(in, p, y, g, NULL);
        nqpf_theil_result t;
        rc = nqpf_theil(y, g, m, k, &t, err);
        if (rc) {
            if (in->has_period)
                cmp_error_context(err, data, "period", pl);
            break;
        }
        if (isnan(t.L) && !zero_warned) {
            cmp_warn_period(in, data, pl, "a value is 0", "Theil L (mean log deviation) is undefined and left empty");
            zero_warned = 1;
        }
        row(fp, pl, "T", "", t.T);
        row(fp, pl, "T_between", "", t.Tb);
        row(fp, pl, "T_within", "", t.Tw);
        row(fp, pl, "T_between_share", "", t.T > 0 ? t.Tb / t.T : NAN);
        row(fp, pl, "L", "", t.L);
        row(fp, pl, "L_between", "", t.Lb);
        row(fp, pl, "L_within", "", t.Lw);
        row(fp, pl, "L_between_share", "", t.L > 0 ? t.Lb / t.L : NAN);
        row(fp, pl, "cv_pop", "", t.cv_pop);
        row(fp, pl, "cv_sample", "", t.cv_sample);
        row(fp, pl, "sd_pop", "", t.sd_pop);
        row(fp, pl, "sd_sample", "", t.sd_sample);
        row(fp, pl, "gini", "", t.gini);
        row(fp, pl, "gini_corrected", "", t.gini_corrected);
        row(fp, pl, "n", "", (double)t.n);
        row(fp, pl, "mean", "", t.mean);
        if (in->has_group)
            for (size_t j = 0; j < k; j++) {
                const char *gl = in->group.level[j];
                row(fp, pl, "group_n", gl, t.nj[j]);
                row(fp, pl, "group_mean", gl, t.mu[j]);
                row(fp, pl, "group_p", gl, t.p[j]);
                row(fp, pl, "group_s", gl, t.s[j]);
                row(fp, pl, "T_g", gl, t.Tg[j]);
                row(fp, pl, "L_g", gl, t.Lg[j]);
                row(fp, pl, "T_within_part", gl, t.s[j] > 0 ? t.s[j] * t.Tg[j] : (t.nj[j] > 0 ? 0.0 : NAN));
                row(fp, pl, "L_within_part", gl, t.p[j] * t.Lg[j]);
            }
        nqpf_theil_free(&t);
    }
    free(y), free(g);
    return rc;
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
    NQPF_INPUT_LONG, 1, "the Theil index", NULL, run, NULL,
};
