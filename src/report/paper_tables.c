/* nqpf — the summary tables papers print, built from results already
 * computed (nothing is estimated here): the unit × period score matrix,
 * the leading obstacle factors ([obstacle] top), the counts of units per
 * coupling-coordination class and the GM(1,1) accuracy test.  Each goes
 * through report_emit like every table (CSV, LaTeX, Word, Excel). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

static int emit(rtable *t, report_sink *tables, int bom, nqpf_buf *written, nqpf_error *err)
{
    t->html = 1;   /* index.html does not draw these itself */
    return report_emit(t, tables, bom, 1, written, err);
}

/* Column names: nlead for the caller to fill, the periods, then tail (if
 * any); *nc set to their count.  NULL when out of memory. */
static const char **period_cols(const nqpf_report *r, size_t nlead, const char *tail, size_t *nc)
{
    *nc = nlead + r->T + (tail != NULL);
    const char **cn = malloc(*nc * sizeof *cn);
    for (size_t q = 0; cn && q < r->T; q++)
        cn[nlead + q] = r->panel->periods[q];
    if (cn && tail)
        cn[*nc - 1] = tail;
    return cn;
}

/* Scores by unit (rows, data order) and period (columns), with each unit's
 * mean over the periods and the period means in the last row. */
int report_score_matrix(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                        nqpf_error *err)
{
    size_t U = r->U, T = r->T, nc;
    const char **cn = period_cols(r, 1, L(en, "均值", "mean"), &nc);
    if (!cn)
        return nqpf_fail_nomem(err);
    cn[0] = L(en, "地区", "unit");
    rtable t;
    rt_init(&t, "score_matrix", en ? "Index scores by unit and period" : "各地区历年新质生产力指数", nc, cn);
    for (size_t u = 0; u <= U; u++) {
        double s = 0;
        rt_add(&t, u < U ? unit_name(r, en, u) : L(en, "均值", "mean"), 0);
        for (size_t q = 0; q < T; q++) {
            double v = 0;
            if (u < U)
                v = r->ix.score[u * T + q];
            else
                for (size_t k = 0; k < U; k++)
                    v += r->ix.score[k * T + q] / (double)U;
            rt_add(&t, NULL, v);
            s += v;
        }
        rt_add(&t, NULL, s / (double)T);
    }
    int rc = emit(&t, tables, bom, written, err);
    free(cn);
    return rc;
}

/* The `top` indicators with the largest obstacle degree of each unit in the
 * last period, largest first (ties: the system's order). */
int report_obstacle_top(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                        nqpf_error *err)
{
    size_t U = r->U, T = r->T, J = r->sys->n_ind, N = r->top < J ? r->top : J;
    size_t nc = 1 + 2 * N;
    const char **cn = malloc(nc * sizeof *cn);
    char (*lab)[48] = malloc(2 * N * sizeof *lab);
    size_t *ord = malloc(J * sizeof *ord);
    int rc;
    if (!cn || !lab || !ord) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    cn[0] = L(en, "地区", "unit");
    for (size_t k = 0; k < N; k++) {
        snprintf(lab[2 * k], sizeof lab[0], en ? "factor %zu" : "障碍因子%zu", k + 1);
        snprintf(lab[2 * k + 1], sizeof lab[0], en ? "O%zu" : "障碍度%zu", k + 1);
        cn[1 + 2 * k] = lab[2 * k];
        cn[2 + 2 * k] = lab[2 * k + 1];
    }
    char cap[200];
    snprintf(cap, sizeof cap, en ? "Leading %zu obstacle factors by unit, %s" : "%2$s年各地区前%1$zu位障碍因子", N,
             r->panel->periods[T - 1]);
    rtable t;
    rt_init(&t, "obstacle_top", cap, nc, cn);
    for (size_t u = 0; u < U; u++) {
        const double *o = &r->obst[(u * T + T - 1) * J];
        /* insertion sort by obstacle degree, descending, stable */
        for (size_t j = 0; j < J; j++) {
            size_t i = j;
            while (i > 0 && o[ord[i - 1]] < o[j])
                ord[i] = ord[i - 1], i--;
            ord[i] = j;
        }
        rt_add(&t, unit_name(r, en, u), 0);
        for (size_t k = 0; k < N; k++) {
            rt_add(&t, r->sys->ind[ord[k]].name, 0);
            rt_add(&t, NULL, o[ord[k]]);
        }
    }
    rc = emit(&t, tables, bom, written, err);
done:
    free(cn);
    free(lab);
    free(ord);
    return rc;
}

/* Units per coupling-coordination class (the ten levels of
 * nqpf_coupling_class) and period. */
int report_coupling_classes(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                            nqpf_error *err)
{
    size_t U = r->U, T = r->T, nc;
    const char **cn = period_cols(r, 3, NULL, &nc);
    if (!cn)
        return nqpf_fail_nomem(err);
    cn[0] = en ? "level" : "等级";
    cn[1] = en ? "class" : "类型";
    cn[2] = en ? "D range" : "D区间";
    rtable t;
    rt_init(&t, "coupling_classes",
            en ? "Units per coupling coordination class" : "耦合协调等级分布（地区数）", nc, cn);
    for (int c = 1; c <= 10; c++) {
        char range[32];
        snprintf(range, sizeof range, "[%.1f, %.1f%s", (c - 1) / 10.0, c / 10.0, c == 10 ? "]" : ")");
        rt_addi(&t, c);
        rt_add(&t, en ? nqpf_coupling_class_en(c) : nqpf_coupling_class_zh(c), 0);
        rt_add(&t, range, 0);
        for (size_t q = 0; q < T; q++) {
            size_t k = 0;
            for (size_t u = 0; u < U; u++)
                k += nqpf_coupling_class(r->cp_D[u * T + q]) == c;
            rt_addi(&t, (double)k);
        }
    }
    int rc = emit(&t, tables, bom, written, err);
    free(cn);
    return rc;
}

/* The grade of the C/P table in the report language (nqpf_gm11_grade_name
 * gives the English). */
static const char *gm_grade(int en, int g)
{
    static const char *ZH[] = {"", "一级（好）", "二级（合格）", "三级（勉强）", "四级（不合格）"};
    return en ? nqpf_gm11_grade_name(g) : g >= 1 && g <= 4 ? ZH[g] : "";
}

/* GM(1,1) parameters and the posterior-error test: C = S2/S1, P = share of
 * |residual - mean| < 0.6745 S1, and the grade of the C/P table. */
int report_gm_accuracy(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                       nqpf_error *err)
{
    static const char *cz[] = {"序列", "a", "b", "平均相对误差", "C", "P", "精度等级"};
    static const char *ce[] = {"series", "a", "b", "mean relative error", "C", "P", "grade"};
    rtable t;
    rt_init(&t, "gm_accuracy", en ? "GM(1,1) parameters and accuracy test" : "GM(1,1)模型参数与精度检验", 7,
            en ? ce : cz);
    for (size_t s = 0; s < r->n_series; s++) {
        const char *nm = s < r->n_groups ? r->group[s] : L(en, "全国", "All");
        if (!r->gm_ok[s]) {
            rt_add(&t, nm, 0);
            for (int k = 0; k < 5; k++)
                rt_add(&t, NULL, NAN);
            rt_add(&t, r->gm_note[s] ? r->gm_note[s] : "", 0);
            continue;
        }
        const nqpf_gm11 *g = &r->gm[s];
        rt_add(&t, nm, 0);
        RT_NUMS(&t, g->a, g->b, g->mean_rel, g->C, g->P);
        rt_add(&t, gm_grade(en, g->grade), 0);
    }
    return emit(&t, tables, bom, written, err);
}
