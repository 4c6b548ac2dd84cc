/* nqpf gini — Dagum (1997) Gini decomposition by groups, per period. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp_input.h"
#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/output.h"

static void row(FILE *fp, const char *period, const char *comp, const char *g1, const char *g2, double v)
{
    const char *f[] = {period, comp, g1, g2};
    nqpf_csv_put_long(fp, f, 4, v);
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const cmp_input *in = &c->in;
    const char *data = c->v[NQPF_GINI_DATA].text;
    int wide = c->v[NQPF_GINI_FORMAT].i == 1;
    size_t n = in->t->n_rows, k = in->group.n_levels;
    double *y = malloc(n * sizeof(double));
    size_t *g = malloc(n * sizeof(size_t));
    int rc = (!y || !g) ? nqpf_fail_nomem(err) : cmd_open_out(c, &NQPF_GINI_CMD, err);
    if (rc) {
        free(y), free(g);
        return rc;
    }
    FILE *fp = c->fp;
    char **gl = in->group.level;
    if (wide) {
        /* One row per period: the table most papers print. */
        fputs("period,n,mean,G,Gw,Gnb,Gt,Gw_share,Gnb_share,Gt_share", fp);
        for (size_t j = 0; j < k; j++) {
            char name[1100];
            snprintf(name, sizeof name, "G_%s", gl[j]);
            fputc(',', fp);
            nqpf_csv_put_field(fp, name);
        }
        for (size_t j = 0; j < k; j++)
            for (size_t h = j + 1; h < k; h++) {
                char name[2200];
                snprintf(name, sizeof name, "G_%s_%s", gl[j], gl[h]);
                fputc(',', fp);
                nqpf_csv_put_field(fp, name);
                snprintf(name, sizeof name, "D_%s_%s", gl[j], gl[h]);
                fputc(',', fp);
                nqpf_csv_put_field(fp, name);
            }
        fputc('\n', fp);
    } else {
        fputs("period,component,group1,group2,value\n", fp);
    }
    for (size_t p = 0; p < in->period.n_levels && !rc; p++) {
        const char *pl = in->period.level[p];
        size_t m = cmp_input_period(in, p, y, g, NULL);
        nqpf_dagum d;
        rc = nqpf_dagum_gini(y, g, m, k, &d, err);
        if (rc) {
            if (in->has_period)
                cmp_error_context(err, data, "period", pl);
            break;
        }
        double G = d.Gw + d.Gnb + d.Gt;
        if (wide) {
            double v[9] = {(double)d.n, d.mean, d.G, d.Gw, d.Gnb, d.Gt, G > 0 ? d.Gw / G : NAN,
                           G > 0 ? d.Gnb / G : NAN, G > 0 ? d.Gt / G : NAN};
            nqpf_csv_put_field(fp, pl);
            for (int q = 0; q < 9; q++) {
                fputc(',', fp);
                nqpf_csv_put_num(fp, v[q]);
            }
            for (size_t j = 0; j < k; j++) {
                fputc(',', fp);
                nqpf_csv_put_num(fp, d.Gjj[j]);
            }
            for (size_t j = 0; j < k; j++)
                for (size_t h = j + 1; h < k; h++) {
                    fputc(',', fp);
                    nqpf_csv_put_num(fp, d.Gjh[j * k + h]);
                    fputc(',', fp);
                    nqpf_csv_put_num(fp, d.Djh[j * k + h]);
                }
            fputc('\n', fp);
            nqpf_dagum_free(&d);
            continue;
        }
        row(fp, pl, "G", "", "", d.G);
        row(fp, pl, "Gw", "", "", d.Gw);
        row(fp, pl, "Gnb", "", "", d.Gnb);
        row(fp, pl, "Gt", "", "", d.Gt);
        row(fp, pl, "Gw_share", "", "", G > 0 ? d.Gw / G : NAN);
        row(fp, pl, "Gnb_share", "", "", G > 0 ? d.Gnb / G : NAN);
        row(fp, pl, "Gt_share", "", "", G > 0 ? d.Gt / G : NAN);
        row(fp, pl, "n", "", "", (double)d.n);
        row(fp, pl, "mean", "", "", d.mean);
        for (size_t j = 0; j < k; j++) {
            row(fp, pl, "group_n", gl[j], gl[j], d.nj[j]);
            row(fp, pl, "group_mean", gl[j], gl[j], d.mu[j]);
            row(fp, pl, "group_p", gl[j], gl[j], d.p[j]);
            row(fp, pl, "group_s", gl[j], gl[j], d.s[j]);
            row(fp, pl, "G_jj", gl[j], gl[j], d.Gjj[j]);
            row(fp, pl, "Gw_part", gl[j], gl[j], d.nj[j] > 0 ? d.Gjj[j] * d.p[j] * d.s[j] : NAN);
        }
        for (size_t j = 0; j < k; j++)
            for (size_t h = j + 1; h < k; h++) {
                double Gjh = d.Gjh[j * k + h], D = d.Djh[j * k + h];
                double w = d.p[j] * d.s[h] + d.p[h] * d.s[j];
                row(fp, pl, "G_jh", gl[j], gl[h], Gjh);
                row(fp, pl, "D_jh", gl[j], gl[h], D);
                row(fp, pl, "d_jh", gl[j], gl[h], d.djh[j * k + h]);
                row(fp, pl, "p_jh", gl[j], gl[h], d.pjh[j * k + h]);
                int zero = Gjh == 0.0 || isnan(D);
                row(fp, pl, "Gnb_part", gl[j], gl[h], isnan(Gjh) ? NAN : zero ? 0.0 : Gjh * w * D);
                row(fp, pl, "Gt_part", gl[j], gl[h], isnan(Gjh) ? NAN : zero ? 0.0 : Gjh * w * (1.0 - D));
            }
        nqpf_dagum_free(&d);
    }
    free(y), free(g);
    return rc;
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
    NQPF_INPUT_LONG, 1, "the Gini", NULL, run, NULL,
};
