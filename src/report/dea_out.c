/* nqpf — the [dea] outputs: tables/dea.csv (the output of `nqpf dea`),
 * dea.tex (the scores as a unit × period matrix), dea_summary.csv/.tex (the
 * ranking by mean score), the HTML section and the methods paragraph. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea_boot.h"
#include "nqpf/dea_opts.h"
#include "nqpf/svg.h"
#include "report_internal.h"

/* Scores as a dea_U x dea_T matrix (NaN where the row is absent or has no
 * score). */
static double *score_matrix(const nqpf_report *r)
{
    size_t U = r->dea_U, T = r->dea_T;
    double *E = malloc((U * T + 1) * sizeof(double));
    if (!E)
        return NULL;
    for (size_t i = 0; i < U * T; i++)
        E[i] = NAN;
    for (size_t i = 0; i < r->dea_n; i++)
        if (r->dea.status[i] == NQPF_DEA_OK)
            E[r->dea_urow[i] * T + r->dea_prow[i]] = r->dea.eff[i];
    return E;
}

/* On the frontier: a ratio score of 1 (or above, super-efficiency), a DDF
 * inefficiency of 0; the tolerance absorbs the LP's rounding. */
static int on_frontier(const nqpf_report *r, double e)
{
    return r->dea_ddf ? e <= 1e-9 : e >= 1 - 1e-9;
}

typedef struct dea_unit_stat {
    double mean, first, last;
    size_t n_ok, n_front, unit;
    long group;             /* group of the report's unit of the same name, -1 = none */
} dea_unit_stat;

/* Per unit: mean over its scored periods etc., sorted best first (highest
 * ratio, lowest DDF inefficiency; ties in order of first appearance: a
 * total order, so qsort's result is the one order). */
static int cmp_stat(const void *a, const void *b, int ddf)
{
    const dea_unit_stat *x = a, *y = b;
    double u = ddf ? -x->mean : x->mean, v = ddf ? -y->mean : y->mean;
    if (isnan(u) != isnan(v))
        return isnan(u) ? 1 : -1;
    if (u != v && !isnan(u))
        return u > v ? -1 : 1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

static int cmp_ratio(const void *a, const void *b)
{
    return cmp_stat(a, b, 0);
}

static int cmp_gap(const void *a, const void *b)
{
    return cmp_stat(a, b, 1);
}

/* map: report_dea_unit_map (the report's unit, hence group, of each DEA unit) */
static dea_unit_stat *unit_stats(const nqpf_report *r, const double *E, const size_t *map)
{
    size_t U = r->dea_U, T = r->dea_T;
    dea_unit_stat *st = calloc(U + 1, sizeof *st);
    if (!st)
        return NULL;
    for (size_t u = 0; u < U; u++) {
        dea_unit_stat *s = &st[u];
        double sum = 0;
        s->unit = u;
        s->first = E[u * T], s->last = E[u * T + T - 1];
        for (size_t t = 0; t < T; t++)
            if (!isnan(E[u * T + t]))
                sum += E[u * T + t], s->n_ok++, s->n_front += (size_t)on_frontier(r, E[u * T + t]);
        s->mean = s->n_ok ? sum / (double)s->n_ok : NAN;
        s->group = r->n_groups && map[u] != (size_t)-1 ? (long)r->unit_group[map[u]] : -1;
    }
    qsort(st, U, sizeof *st, r->dea_ddf ? cmp_gap : cmp_ratio);
    return st;
}

/* tables/dea.csv: the columns, rows (data-file order) and model label of
 * `nqpf dea` with the same options. */
static void print_dea_csv(FILE *fp, const void *ctx)
{
    const nqpf_report *r = ctx;
    report_dea_put_head(r, fp);
    fputs(r->dea_phi ? ",efficiency,status,phi" : ",efficiency,status", fp);
    if (r->dea_group) { /* the columns of `nqpf dea --meta COL` */
        fputc(',', fp);
        nqpf_csv_put_field(fp, report_opt(r, "dea.meta"));
        fputs(r->dea_ddf ? ",eff_group,status_group,gap" : ",eff_group,status_group,tgr", fp);
    }
    if (r->dea_boot) /* the columns of `nqpf dea --bootstrap B` */
        fputs(",eff_bc,bias,boot_sd,ci_lo,ci_hi,bandwidth", fp);
    fputs(r->dea_layer ? ",layer,model\n" : ",model\n", fp);
    for (size_t i = 0; i < r->dea_n; i++) {
        int ok = r->dea.status[i] == NQPF_DEA_OK;
        report_dea_put_key(r, fp, i);
        fputc(',', fp);
        nqpf_csv_put_num(fp, ok ? r->dea.eff[i] : NAN);
        fprintf(fp, ",%s", nqpf_dea_status_name(r->dea.status[i]));
        if (r->dea_phi) {
            fputc(',', fp);
            nqpf_csv_put_num(fp, ok ? r->dea.phi[i] : NAN);
        }
        if (r->dea_group) {
            const nqpf_dea_meta *mo = &r->dea_meta;
            fputc(',', fp);
            nqpf_csv_put_field(fp, r->dea_group[i]);
            fputc(',', fp);
            nqpf_csv_put_num(fp, mo->status_group[i] == NQPF_DEA_OK ? mo->eff_group[i] : NAN);
            fprintf(fp, ",%s,", nqpf_dea_status_name(mo->status_group[i]));
            nqpf_csv_put_num(fp, mo->tgr[i]);
        }
        if (r->dea_boot) {
            const nqpf_dea_boot_stats *bs = &r->dea_boot->out.st;
            const double v6[6] = {bs->eff_bc[i], bs->bias[i], bs->sd[i], bs->lo[i], bs->hi[i],
                                  r->dea_boot->h[r->dea_prow[i]]};
            for (size_t k = 0; k < 6; k++)
                fputc(',', fp), nqpf_csv_put_num(fp, v6[k]);
        }
        if (r->dea_layer && r->dea_layer[i])
            fprintf(fp, ",%zu", r->dea_layer[i]);
        else if (r->dea_layer) /* on no layer: an empty cell, as `nqpf dea --peel` */
            fputc(',', fp);
        fprintf(fp, ",%s\n", r->dea_variant);
    }
}

static int report_dea_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                             nqpf_error *err)
{
    size_t U = r->dea_U, T = r->dea_T;
    int rc = report_write_file(&tables->dir, "dea.csv", bom, print_dea_csv, r, err);
    if (rc)
        return rc;
    nqpf_buf_puts(written, "tables/dea.csv\n");
    double *E = score_matrix(r);
    size_t *map = report_dea_unit_map(r);
    dea_unit_stat *st = E && map ? unit_stats(r, E, map) : NULL;
    const char **cn = malloc((T + 1) * sizeof(char *));
    if (!E || !map || !st || !cn) {
        free(E), free(map), free(st), free(cn);
        return nqpf_fail_nomem(err);
    }
    /* the scores as a matrix (LaTeX only: dea.csv holds the same numbers long) */
    rtable t;
    cn[0] = L(en, "地区", "unit");
    for (size_t q = 0; q < T; q++)
        cn[q + 1] = r->dea_period[q];
    char cap[400];
    snprintf(cap, sizeof cap, en ? "DEA efficiency scores by unit and period (%s)" : "各地区各年DEA效率值（%s）",
             r->dea_variant);
    rt_init(&t, "dea", cap, T + 1, cn);
    for (size_t u = 0; u < U; u++) {
        rt_add(&t, report_dea_unit_name(r, map, en, u), 0);
        for (size_t q = 0; q < T; q++) {
            rt_add(&t, NULL, E[u * T + q]);
            if (!t.oom)
                t.cell[t.n - 1].digits = 3;
        }
    }
    t.zh = !tables->en;
    rc = t.oom ? nqpf_fail_nomem(err) : rt_write_tex(&t, &tables->dir, err);
    rt_free(&t);
    if (!rc)
        nqpf_buf_puts(written, "tables/dea.tex\n");
    static const char *cz[] = {"排名", "地区", "区域", "平均效率", "首期", "末期", "有效期数", "有解期数"};
    static const char *ce[] = {"rank", "unit", "group", "mean", "first", "last", "n_frontier", "n_scored"};
    snprintf(cap, sizeof cap, en ? "DEA efficiency: units ranked by their mean score over %s–%s (%s)"
                                 : "DEA效率：按%s–%s年平均效率排序（%s）",
             r->dea_period[0], r->dea_period[T - 1], r->dea_variant);
    rt_init(&t, "dea_summary", cap, 8, en ? ce : cz);
    for (size_t i = 0; i < U && !rc; i++) {
        const dea_unit_stat *s = &st[i];
        rt_addi(&t, (double)(i + 1));
        rt_add(&t, report_dea_unit_name(r, map, en, s->unit), 0);
        rt_add(&t, s->group >= 0 ? r->group[s->group] : "", 0);
        RT_NUMS(&t, s->mean, s->first, s->last);
        rt_addi(&t, (double)s->n_front);
        rt_addi(&t, (double)s->n_ok);
    }
    if (!rc)
        rc = report_emit(&t, tables, bom, 1, written, err);
    else
        rt_free(&t);
    if (!rc && r->dea_layer)
        rc = report_dea_layers_table(r, map, en, bom, tables, written, err);
    if (!rc && r->dea_rts)
        rc = report_dea_rts_table(r, bom, tables, written, err);
    if (!rc && r->dea_econ)
        rc = report_dea_econ_table(r, bom, tables, written, err);
    free(E), free(map), free(st), free(cn);
    return rc;
}

/* Mean score by group and over all units, per period: y[g*T + t]. */
static void group_means(const nqpf_report *r, const double *E, const dea_unit_stat *st, double *y)
{
    size_t U = r->dea_U, T = r->dea_T, G = r->n_groups;
    for (size_t g = 0; g <= G; g++)
        for (size_t t = 0; t < T; t++) {
            double sum = 0;
            size_t n = 0;
            for (size_t i = 0; i < U; i++) {
                double e = E[st[i].unit * T + t];
                if (!isnan(e) && (g == G || st[i].group == (long)g))
                    sum += e, n++;
            }
            y[g * T + t] = n ? sum / (double)n : NAN;
        }
}

static int report_dea_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t U = r->dea_U, T = r->dea_T, G = r->n_groups;
    double *E = score_matrix(r);
    size_t *map = report_dea_unit_map(r);
    dea_unit_stat *st = E && map ? unit_stats(r, E, map) : NULL;
    double *y = malloc((G + 1) * T * sizeof(double));
    const char **names = malloc((G + 1) * sizeof(char *));
    int e = !E || !map || !st || !y || !names;
    if (!e) {
        for (size_t g = 0; g < G; g++)
            names[g] = r->group[g];
        names[G] = L(en, "全部", "All");
        group_means(r, E, st, y);
        e |= html_heading(b, L(en, "DEA效率", "DEA efficiency"));
        e |= svg_lines(b, "chart-dea", "dea", T, (const char *const *)r->dea_period, G + 1, names, y, NULL, NULL,
                       r->dea_ddf ? L(en, "无效率 β", "inefficiency β") : L(en, "平均效率", "mean efficiency"));
    }
    char cap[700];
    snprintf(cap, sizeof cap,
             en ? "Mean DEA score by group and over all units per period (%s; %s); scores of every unit and period "
                  "in tables/dea.csv."
                : "各区域及全体地区的年均DEA效率（%s；%s）；各地区各年见tables/dea.csv。",
             r->dea_variant,
             r->dea_ddf ? L(en, "方向距离函数无效率值，0为前沿", "directional-distance inefficiency, 0 = on the frontier")
                        : L(en, "效率值≤1，1为前沿", "efficiency ≤ 1, 1 = on the frontier"));
    if (!e)
        e |= html_caption(b, cc, 0, cap);
    /* the ranking: all units, or the 30 best and 30 worst of a large panel */
    enum { SHOW = 30 };
    e |= nqpf_buf_printf(b, "<figure><table class=\"dea\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                            "<th>",
                         L(en, "排名", "Rank"), L(en, "地区", "Unit"), L(en, "区域", "Group"), L(en, "平均", "Mean"));
    /* period labels come from the data: escaped */
    e |= nqpf_buf_html(b, T ? r->dea_period[0] : "");
    e |= nqpf_buf_puts(b, "</th><th>");
    e |= nqpf_buf_html(b, T ? r->dea_period[T - 1] : "");
    e |= nqpf_buf_printf(b, "</th><th>%s</th></tr></thead><tbody>", L(en, "有效期数", "On frontier"));
    for (size_t i = 0; !e && i < U; i++) {
        if (U > 2 * SHOW && i >= SHOW && i < U - SHOW) {
            if (i == SHOW)
                e |= nqpf_buf_puts(b, "<tr><td>…</td><td></td><td></td><td></td><td></td><td></td><td></td></tr>");
            continue;
        }
        const dea_unit_stat *s = &st[i];
        e |= nqpf_buf_printf(b, "<tr><td>%zu</td><td>", i + 1);
        e |= nqpf_buf_html(b, report_dea_unit_name(r, map, en, s->unit));
        e |= nqpf_buf_puts(b, "</td><td>");
        e |= nqpf_buf_html(b, s->group >= 0 ? r->group[s->group] : "");
        e |= nqpf_buf_puts(b, "</td>");
        const double v[3] = {s->mean, s->first, s->last};
        for (int j = 0; j < 3; j++)
            e |= html_td_num(b, v[j], 4);
        e |= nqpf_buf_printf(b, "<td>%zu/%zu</td></tr>", s->n_front, s->n_ok);
    }
    e |= nqpf_buf_puts(b, "</tbody></table>");
    size_t n_ok = 0, n_front = 0;
    for (size_t i = 0; !e && i < U; i++)
        n_ok += st[i].n_ok, n_front += st[i].n_front;
    snprintf(cap, sizeof cap,
             en ? "Units ranked by their mean DEA score over %s–%s (%s first); %zu of %zu scored unit-periods are on "
                  "the frontier; tables/dea_summary.csv."
                : "按%s–%s年平均DEA效率排序（%s在前）；%zu个有解的地区-年份中%zu个位于前沿；见tables/dea_summary.csv。",
             T ? r->dea_period[0] : "", T ? r->dea_period[T - 1] : "",
             r->dea_ddf ? L(en, "无效率低者", "lowest inefficiency") : L(en, "效率高者", "highest"),
             en ? n_front : n_ok, en ? n_ok : n_front);
    if (!e)
        e |= html_caption(b, cc, 1, cap);
    free(E), free(map), free(st), free(y), free(names);
    return e ? -1 : 0;
}

static int report_dea_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const char *model = report_opt(r, "dea.model"), *rts = report_opt(r, "dea.rts");
    const char *orient = report_opt(r, "dea.orient"), *bad = report_opt(r, "dea.undesirable");
    int e = nqpf_buf_puts(b, en ? "\n## DEA efficiency\n\n" : "\n## DEA效率\n\n");
    e |= report_md_io(b, en, report_opt(r, "dea.inputs"), report_opt(r, "dea.outputs"), bad);
    e |= nqpf_buf_printf(b, en ? " (columns of the data file as published, not filled; %zu units × %zu periods). "
                               : "（数据文件中的原始列，不做插补；%zu个地区 × %zu期）。",
                         r->dea_U, r->dea_T);
    if (!strcmp(model, "radial"))
        e |= nqpf_buf_printf(
            b,
            en ? "Model: radial (Farrell) efficiency, %s (Charnes, Cooper & Rhodes 1978 for CRS; Banker, Charnes & "
                 "Cooper 1984 for VRS), %s-oriented: input orientation θ* = min {θ : Σ_j λ_j x_j ≤ θ x_0, "
                 "Σ_j λ_j y_j ≥ y_0, λ ≥ 0%s}; output orientation φ* = max {φ : Σ_j λ_j x_j ≤ x_0, Σ_j λ_j y_j ≥ "
                 "φ y_0, λ ≥ 0%s} and efficiency = 1/φ* (DEAP convention, ≤ 1 in both orientations, 1 = on the "
                 "frontier). "
               : "模型：径向（Farrell）效率，%s（CRS为Charnes、Cooper和Rhodes 1978，VRS为Banker、Charnes和Cooper 1984），"
                 "%s导向：投入导向 θ* = min {θ : Σ_j λ_j x_j ≤ θ x_0，Σ_j λ_j y_j ≥ y_0，λ ≥ 0%s}；产出导向 φ* = "
                 "max {φ : Σ_j λ_j x_j ≤ x_0，Σ_j λ_j y_j ≥ φ y_0，λ ≥ 0%s}，效率 = 1/φ*（DEAP约定，两种导向下均 ≤ 1，"
                 "1为前沿）。",
            report_lang_value(en, rts), report_lang_value(en, orient), !strcmp(rts, "vrs") ? ", Σλ = 1" : !strcmp(rts, "nirs") ? ", Σλ ≤ 1" : !strcmp(rts, "ndrs") ? ", Σλ ≥ 1" : "",
            !strcmp(rts, "vrs") ? ", Σλ = 1" : !strcmp(rts, "nirs") ? ", Σλ ≤ 1" : !strcmp(rts, "ndrs") ? ", Σλ ≥ 1" : "");
    else if (!strcmp(model, "sbm") && (!strcmp(report_opt(r, "dea.sbm-ddf"), "yes") ||
                                       !strcmp(report_opt(r, "dea.sbm-ddf"), "true")))
        e |= nqpf_buf_printf(b,
                             en ? "Model: slacks-based directional distance function (SBM-DDF, Fukuyama & Weber "
                                  "2009), %s: β = max ½[(1/m) Σ s⁻_i/x_i0 + (1/(s+q))(Σ s⁺_r/y_r0 + Σ s^b_k/b_k0)] "
                                  "over x_0 = Σ_j λ_j x_j + s⁻, y_0 = Σ_j λ_j y_j − s⁺, b_0 = Σ_j λ_j b_j + s^b; an "
                                  "inefficiency, 0 = on the frontier. "
                                : "模型：基于松弛的方向距离函数（SBM-DDF，Fukuyama和Weber 2009），%s：β = max ½[(1/m) "
                                  "Σ s⁻_i/x_i0 + (1/(s+q))(Σ s⁺_r/y_r0 + Σ s^b_k/b_k0)]，约束 x_0 = Σ_j λ_j x_j + s⁻，"
                                  "y_0 = Σ_j λ_j y_j − s⁺，b_0 = Σ_j λ_j b_j + s^b；为无效率值，0为前沿。",
                             report_lang_value(en, rts));
    else if (!strcmp(model, "sbm"))
        e |= nqpf_buf_printf(b,
                             en ? "Model: slacks-based measure of Tone (2001), %s, orientation %s: ρ = (1 − (1/m) "
                                  "Σ s⁻_i/x_i0) / (1 + (1/s) Σ s⁺_r/y_r0) (undesirable outputs as in Tone 2003), "
                                  "solved in the Charnes–Cooper linearised form; 1 = on the frontier. "
                                : "模型：Tone（2001）基于松弛的SBM模型，%s，导向 %s：ρ = (1 − (1/m) Σ s⁻_i/x_i0) / "
                                  "(1 + (1/s) Σ s⁺_r/y_r0)（非期望产出同Tone 2003），以Charnes–Cooper变换线性化求解；1为前沿。",
                             report_lang_value(en, rts), report_lang_value(en, orient));
    else if (!strcmp(model, "ebm")) {
        const char *eps = report_opt(r, "dea.epsilon");
        eps = *eps ? eps : NULL; /* "" when not given: from the affinity matrix */
        e |= nqpf_buf_printf(
            b,
            en ? "Model: epsilon-based measure (EBM, Tone & Tsutsui 2010), %s, orientation %s: a radial score "
                 "combined with the weighted non-radial slacks, input orientation γ = min θ − ε_x Σ w_i s⁻_i/x_i0 "
                 "over θ x_0 = Σ_j λ_j x_j + s⁻, Σ_j λ_j y_j ≥ y_0; output orientation 1/τ = max φ + ε_y Σ w_r "
                 "s⁺_r/y_r0; non-oriented κ = (θ − ε_x Σ w s⁻/x_0) / (η + ε_y Σ w s⁺/y_0 + ε_b Σ w s^b/b_0) "
                 "(constant returns; undesirable outputs shrink with η, the form of the green-TFP literature). "
                 "%s%s%s 1 = on the frontier. "
               : "模型：混合距离EBM模型（Tone和Tsutsui 2010），%s，导向 %s：径向得分与加权非径向松弛的组合，投入导向 "
                 "γ = min θ − ε_x Σ w_i s⁻_i/x_i0，约束 θ x_0 = Σ_j λ_j x_j + s⁻，Σ_j λ_j y_j ≥ y_0；产出导向 "
                 "1/τ = max φ + ε_y Σ w_r s⁺_r/y_r0；非导向 κ = (θ − ε_x Σ w s⁻/x_0) / (η + ε_y Σ w s⁺/y_0 + "
                 "ε_b Σ w s^b/b_0)（规模报酬不变；非期望产出随η缩减，即绿色全要素生产率文献的形式）。%s%s%s1为前沿。",
            report_lang_value(en, rts), report_lang_value(en, orient), eps ? L(en, "ε 取给定值 ", "ε is given as ") : "",
            eps ? eps : "",
            eps ? L(en, "，权重 w 来自亲和矩阵的主特征向量。", "; the weights w are the principal eigenvector of the "
                                                          "affinity matrix of the data.")
                : L(en, "ε = (k − ρ)/(k − 1) 与权重 w 来自数据亲和矩阵（分散指数 S = 1 − 2D）的最大特征值 ρ 及其特征向量。",
                    "ε = (k − ρ)/(k − 1) and the weights w come from the largest eigenvalue ρ of the affinity "
                    "matrix of the data (S = 1 − 2D, D the diversity of log ratios) and its eigenvector."));
    } else if (!strcmp(model, "fdh"))
        e |= nqpf_buf_printf(b,
                             en ? "Model: free disposal hull (Deprins, Simar & Tulkens 1984), %s-oriented: the radial "
                                  "score against the best single observed unit that dominates the evaluated one (no "
                                  "convexity, variable returns), found by exact enumeration; 1 = on the frontier. "
                                : "模型：自由处置壳（FDH，Deprins、Simar和Tulkens 1984），%s导向：相对于占优的单个观测单元的"
                                  "径向得分（无凸性，规模报酬可变），精确枚举求解；1为前沿。",
                             report_lang_value(en, orient));
    else if (!strcmp(model, "additive"))
        e |= nqpf_buf_printf(
            b,
            en ? "Model: weighted additive DEA, %s, orientation %s, weights %s (ones: Charnes et al. 1985; mip: "
                 "1/x_i0, 1/y_r0; normalized: 1/standard deviation, Lovell & Pastor 1995; ram: 1/(N range), Cooper, "
                 "Park & Pastor 1999; bam: 1/(N (x_i0 − min x_i)), 1/(N (max y_r − y_r0)), Cooper et al. 2011): "
                 "the score is the largest weighted sum of slacks Σ w_i s⁻_i + Σ w_r s⁺_r over Σ_j λ_j x_j + s⁻ = "
                 "x_0, Σ_j λ_j y_j − s⁺ = y_0 (undesirable outputs as inputs), an inefficiency (0 = on the "
                 "frontier; RAM and BAM efficiency = 1 − score), as DataEnvelopmentAnalysis.jl's deaadd. "
               : "模型：加权加法DEA模型，%s，导向 %s，权重 %s（ones：Charnes等 1985；mip：1/x_i0、1/y_r0；normalized："
                 "1/标准差，Lovell和Pastor 1995；ram：1/(N 极差)，Cooper、Park和Pastor 1999；bam：1/(N (x_i0 − min x_i))、"
                 "1/(N (max y_r − y_r0))，Cooper等 2011）：得分为加权松弛之和的最大值 Σ w_i s⁻_i + Σ w_r s⁺_r，约束 "
                 "Σ_j λ_j x_j + s⁻ = x_0，Σ_j λ_j y_j − s⁺ = y_0（非期望产出视作投入），为无效率值（0为前沿；RAM与BAM的"
                 "效率 = 1 − 得分），与DataEnvelopmentAnalysis.jl的deaadd一致。",
            report_lang_value(en, rts), report_lang_value(en, orient), report_opt(r, "dea.add-weights"));
    else if (!strcmp(model, "russell") && !strcmp(orient, "none"))
        e |= nqpf_buf_printf(
            b,
            en ? "Model: Russell graph measure (Färe, Grosskopf & Lovell 1985), %s: min (1/K) (Σ θ_i + Σ 1/φ_r) over "
                 "Σ_j λ_j x_ij = θ_i x_i0, θ_i ≤ 1, Σ_j λ_j y_rj = φ_r y_r0, φ_r ≥ 1 (the K variables positive at the "
                 "unit; undesirable outputs as inputs), as DataEnvelopmentAnalysis.jl's dearussell(:Graph); a convex "
                 "program solved by cutting planes on the tangents of 1/φ with a certified gap ≤ 1e-11; 1 = on the "
                 "frontier. "
               : "模型：Russell图测度（Färe、Grosskopf和Lovell 1985），%s：min (1/K) (Σ θ_i + Σ 1/φ_r)，约束 "
                 "Σ_j λ_j x_ij = θ_i x_i0，θ_i ≤ 1，Σ_j λ_j y_rj = φ_r y_r0，φ_r ≥ 1（K为该单元取正值的变量个数；非期望产出视作"
                 "投入），与DataEnvelopmentAnalysis.jl的dearussell(:Graph)一致；为凸规划，以1/φ切线的割平面法求解，"
                 "最优性间隙 ≤ 1e-11；1为前沿。",
            report_lang_value(en, rts));
    else if (!strcmp(model, "russell"))
        e |= nqpf_buf_printf(
            b,
            en ? "Model: Russell measure (Färe & Lovell 1978), %s, %s-oriented: one factor per variable, input "
                 "orientation min (1/m) Σ θ_i over Σ_j λ_j x_ij ≤ θ_i x_i0, Σ_j λ_j y_j ≥ y_0, 0 ≤ θ_i ≤ 1; output "
                 "orientation φ = max (1/s) Σ φ_r over Σ_j λ_j y_rj ≥ φ_r y_r0, Σ_j λ_j x_j ≤ x_0, φ_r ≥ 1, "
                 "efficiency = 1/φ (undesirable outputs as inputs); 1 = on the frontier. "
               : "模型：Russell效率测度（Färe和Lovell 1978），%s，%s导向：每个变量各有一个缩放因子，投入导向 min (1/m) Σ θ_i，"
                 "约束 Σ_j λ_j x_ij ≤ θ_i x_i0，Σ_j λ_j y_j ≥ y_0，0 ≤ θ_i ≤ 1；产出导向 φ = max (1/s) Σ φ_r，约束 "
                 "Σ_j λ_j y_rj ≥ φ_r y_r0，Σ_j λ_j x_j ≤ x_0，φ_r ≥ 1，效率 = 1/φ（非期望产出视作投入）；1为前沿。",
            report_lang_value(en, rts), report_lang_value(en, orient));
    else if (!strcmp(model, "gdf"))
        e |= nqpf_buf_printf(
            b,
            en ? "Model: generalized (hyperbolic) distance function (Chavas & Cox 1999), %s, alpha = %s: δ = min δ "
                 "over Σ_j λ_j x_j ≤ δ^(1−α) x_0, Σ_j λ_j y_j ≥ y_0 / δ^α (undesirable outputs as inputs), as "
                 "DataEnvelopmentAnalysis.jl's deagdf; solved exactly as the least δ whose radial input score is "
                 "≤ 1 (one LP a step); under CRS δ equals the input CCR score; 1 = on the frontier. "
               : "模型：广义（双曲）距离函数（Chavas和Cox 1999），%s，α = %s：δ = min δ，约束 Σ_j λ_j x_j ≤ δ^(1−α) x_0，"
                 "Σ_j λ_j y_j ≥ y_0 / δ^α（非期望产出视作投入），与DataEnvelopmentAnalysis.jl的deagdf一致；以径向投入"
                 "得分 ≤ 1 的最小δ精确求解（每步一个线性规划）；规模报酬不变时δ等于投入导向CCR得分；1为前沿。",
            report_lang_value(en, rts), report_opt(r, "dea.alpha"));
    else if (!strcmp(model, "mddf"))
        e |= nqpf_buf_printf(
            b,
            en ? "Model: modified directional distance function (Aparicio, Pastor & Ray 2013), %s, direction %s: "
                 "score = max β_x + β_y over Σ_j λ_j x_j ≤ x_0 − β_x g_x, Σ_j λ_j y_j ≥ y_0 + β_y g_y (undesirable "
                 "outputs with the inputs, strongly disposable), an inefficiency (0 = on the frontier), as "
                 "DataEnvelopmentAnalysis.jl's deamddf. "
               : "模型：修正方向距离函数（Aparicio、Pastor和Ray 2013），%s，方向 %s：得分 = max β_x + β_y，约束 "
                 "Σ_j λ_j x_j ≤ x_0 − β_x g_x，Σ_j λ_j y_j ≥ y_0 + β_y g_y（非期望产出与投入同处理，强可处置），"
                 "为无效率值（0为前沿），与DataEnvelopmentAnalysis.jl的deamddf一致。",
            report_lang_value(en, rts), report_opt(r, "dea.direction"));
    else
        e |= nqpf_buf_printf(b,
                             en ? "Model: directional distance function (Chambers, Chung & Färe 1996; Chung, Färe "
                                  "& Grosskopf 1997), %s, direction %s, bad outputs %s disposable: β* = max {β : "
                                  "(x_0 − β g_x, y_0 + β g_y, b_0 − β g_b) feasible}; the score is the inefficiency "
                                  "β* (0 = on the frontier). "
                                : "模型：方向距离函数（Chambers、Chung和Färe 1996；Chung、Färe和Grosskopf 1997），%s，"
                                  "方向 %s，非期望产出%s处置：β* = max {β : (x_0 − β g_x, y_0 + β g_y, b_0 − β g_b) 可行}；"
                                  "得分为无效率值 β*（0为前沿）。",
                             report_lang_value(en, rts), report_opt(r, "dea.direction"),
                             !strcmp(report_opt(r, "dea.bad-disposal"), "strong") ? L(en, "强", "strongly")
                                                                                   : L(en, "弱", "weakly"));
    /* per-row directions (ddf, mddf): the given sides replace direction */
    static const char *const GK[3] = {"dea.input-directions", "dea.output-directions", "dea.undesirable-directions"};
    static const char *const GN[3] = {"g_x", "g_y", "g_b"};
    int any = 0;
    for (int k = 0; k < 3; k++) {
        const char *cols = report_opt(r, GK[k]);
        if (!*cols)
            continue;
        e |= nqpf_buf_printf(b, !any ? L(en, "各行自身的方向向量取自数据文件的列（替代上述方向）：%s = ",
                                          "Each row's own direction, from columns of the data file (replacing the "
                                          "direction above): %s = ")
                                 : L(en, "；%s = ", "; %s = "),
                             GN[k]);
        e |= report_md(b, cols);
        any = 1;
    }
    if (any)
        e |= nqpf_buf_puts(b, L(en, "。", ". "));
    const char *fixed = report_opt(r, "dea.fixed");
    if (*fixed) {
        e |= report_md_around(b,
                              en ? "Non-discretionary (fixed) variables (Banker & Morey 1986): "
                                 : "非可控（固定）变量（Banker和Morey 1986）：",
                              fixed,
                              en ? " — kept at their level rather than scaled by the score, their slacks not "
                                   "maximised. "
                                 : "——保持原水平、不随得分缩放，其松弛不参与最大化。");
    }
    e |= report_dea_wr_methods(r, b, en);
    int super = !strcmp(report_opt(r, "dea.super"), "yes") || !strcmp(report_opt(r, "dea.super"), "true");
    if (super)
        e |= nqpf_buf_puts(b, en ? "Super-efficiency: the evaluated unit is left out of its own reference set "
                                   "(Andersen & Petersen 1993; super-SBM of Tone 2002), so efficient units score "
                                   "above 1 and may be infeasible under VRS (empty score, status infeasible). "
                                 : "超效率：被评价单元不进入自身参考集（Andersen和Petersen 1993；超效率SBM见Tone 2002），"
                                   "有效单元得分可大于1，VRS下可能无可行解（得分为空，状态infeasible）。");
    if (r->dea_group) {
        e |= nqpf_buf_puts(b, en ? "Meta-frontier (Battese, Rao & O'Donnell 2004; O'Donnell, Rao & Battese 2008) "
                                   "by the groups of column "
                                 : "共同前沿（Battese、Rao和O'Donnell 2004；O'Donnell、Rao和Battese 2008），按数据列");
        e |= report_md(b, report_opt(r, "dea.meta"));
        e |= nqpf_buf_puts(
            b, r->dea_ddf ? L(en, "分组：得分相对全部样本的共同前沿，eff_group为相对本组前沿的得分，技术差距 gap = β_meta − "
                                  "β_group ≥ 0。",
                              ": the score is against the meta-frontier of all rows, eff_group against the row's own "
                              "group's frontier, and the technology gap is gap = β_meta − β_group ≥ 0. ")
                          : L(en, "分组：得分相对全部样本的共同前沿，eff_group为相对本组前沿的得分，技术差距比 tgr = "
                                  "共同前沿效率 / 组前沿效率 ≤ 1。",
                              ": the score is against the meta-frontier of all rows, eff_group against the row's own "
                              "group's frontier, and the technology gap ratio tgr = meta score / group score ≤ 1. "));
    }
    if (r->dea_layer)
        e |= report_dea_layers_methods(r, b, en);
    const char *categ = report_opt(r, "dea.categorical");
    if (*categ) {
        e |= report_md_around(b,
                              en ? "Categorical environment (Banker & Morey 1986; Cooper, Seiford & Tone 2007, "
                                   "section 7.3) in column "
                                 : "类别环境变量（Banker和Morey 1986；Cooper、Seiford和Tone 2007第7.3节），数据列",
                              categ,
                              en ? " (1 = the least favourable): each row is scored against the rows of its "
                                   "frontier whose category is no better than its own. "
                                 : "（1为最不利）：每行仅以同一前沿中类别不优于自身的行为参照。");
    }
    if (r->dea_rts)
        e |= report_dea_rts_methods(r, b, en);
    if (r->dea_econ)
        e |= report_dea_econ_methods(r, b, en);
    if (r->dea_boot)
        e |= nqpf_buf_printf(
            b,
            en ? "Simar & Wilson (1998) smoothed bootstrap with %s replications (seed %s; bandwidth by the "
                 "normal-reference rule unless given, per frontier): eff_bc is the bias-corrected score, bias and "
                 "boot_sd the bootstrap bias and standard deviation, [ci_lo, ci_hi] the level-%s basic bootstrap "
                 "interval (tables/dea.csv, as `nqpf dea --bootstrap`). "
               : "Simar和Wilson（1998）平滑自助法，重复%s次（种子%s；带宽默认按正态参照规则逐前沿选取）：eff_bc为偏差校正"
                 "后的效率，bias与boot_sd为自助偏差与标准差，[ci_lo, ci_hi]为置信水平%s的基本自助区间（tables/dea.csv，与 `nqpf dea "
                 "--bootstrap` 一致）。",
            report_opt(r, "dea.bootstrap"), report_opt(r, "dea.seed"), report_opt(r, "dea.level"));
    e |= nqpf_buf_printf(b,
                         en ? "Frontier: %s (contemporaneous = each period's own units; pooled = all periods; "
                              "sequential = periods ≤ t; window:K = the last K periods). Group means and the ranking "
                              "average the scored periods of each unit; model label `%s`. The same numbers as "
                              "`nqpf dea` with the same options (tables/dea.csv).\n"
                            : "前沿：%s（当期前沿以当年地区为参照；混合前沿以全部年份为参照；序列前沿以第t期及以前为参照；window:K为最近K期）。"
                              "区域均值与排名取各地区有解年份的平均；设定标签 `%s`。结果与相同选项的 `nqpf dea` 完全一致"
                              "（tables/dea.csv）。\n",
                         report_lang_value(en, report_opt(r, "dea.frontier")), r->dea_variant);
    return e;
}

const report_section_def report_sec_dea = {
    .name = "dea",
    .opts = NQPF_DEA_OPTS,
    .n_opts = NQPF_DO_NOPTS,
    .run = report_run_dea,
    .tables = report_dea_tables,
    .html = report_dea_html,
    .methods = report_dea_methods,
    .free = report_free_dea,
};
