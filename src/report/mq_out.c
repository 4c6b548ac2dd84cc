/* nqpf — [malmquist] emitted: tables/malmquist.csv as `nqpf malmquist`
 * writes it, the means table, the page's figure and the methods text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea_opts.h"
#include "report_internal.h"
#include "map.h"
#include "nqpf/svg.h"

static void print_malmquist(FILE *fp, const void *ctx)
{
    const nqpf_report *r = ctx;
    const nqpf_mq_out *o = &r->mq;
    int ncol = r->mq_ncol;
    const char *tgrn = o->additive ? "gap" : "tgr";
    fputs("unit,from,to", fp);
    for (int c = 0; c < ncol; c++)
        fprintf(fp, ",%s", NQPF_MQ_COL_NAMES[r->mq_col[c]]);
    if (o->meta) /* the columns of `nqpf malmquist --meta COL` */
        fprintf(fp, ",%s_from,%s_to", tgrn, tgrn);
    fputs(",status,index\n", fp);
    const size_t P = o->n_pairs;
    for (size_t u = 0; u < o->n_units; u++)
        for (size_t t = 0; t < P; t++) {
            size_t k = u * P + t;
            if (!o->present[k])
                continue;
            nqpf_csv_put_field(fp, r->mq_unit[u]);
            fputc(',', fp);
            nqpf_csv_put_field(fp, r->mq_period[t]);
            fputc(',', fp);
            nqpf_csv_put_field(fp, r->mq_period[t + 1]);
            for (int c = 0; c < ncol; c++) {
                fputc(',', fp);
                nqpf_csv_put_num(fp, o->val[k * NQPF_MQ_NCOL + r->mq_col[c]]);
            }
            for (int e = 0; o->meta && e < 2; e++) {
                fputc(',', fp);
                nqpf_csv_put_num(fp, o->tgr[2 * k + e]);
            }
            fprintf(fp, ",%s,%s\n", nqpf_mq_status_name(o->status[k]), r->mq_variant);
        }
}

static int report_malmquist_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                                   nqpf_error *err)
{
    int rc;
    rtable t;
    if ((rc = report_write_file(&tables->dir, "malmquist.csv", bom, print_malmquist, r, err)))
        return rc;
    nqpf_buf_puts(written, "tables/malmquist.csv\n");
    /* the --means file of `nqpf malmquist`: geometric means per period
     * pair, per unit and overall (arithmetic for Luenberger) */
    const char *c[6 + NQPF_MQ_NCOL] = {"kind", "unit", "from", "to", "n"};
    size_t nc = 6 + (size_t)r->mq_ncol, P = r->mq.n_pairs;
    for (int j = 0; j < r->mq_ncol; j++)
        c[5 + j] = NQPF_MQ_COL_NAMES[r->mq_col[j]];
    c[nc - 1] = "index";
    const nqpf_mq_means *mm = &r->mqm;
    rt_init(&t, "malmquist_means",
            en ? "Malmquist index: means per period pair, per unit and overall" : "Malmquist指数分期、分地区与总体均值",
            nc, c);
    for (size_t k = 0; k < P + r->mq_U + 1; k++) {
        int per = k < P, all = k == P + r->mq_U;
        size_t u = k - P;
        const double *v = per ? &mm->period[k * NQPF_MQ_NCOL] : all ? mm->all : &mm->unit[u * NQPF_MQ_NCOL];
        rt_add(&t, per ? "period" : all ? "all" : "unit", 0);
        rt_add(&t, per || all ? "mean" : r->mq_unit[u], 0);
        rt_add(&t, r->mq_period[per ? k : 0], 0);
        rt_add(&t, r->mq_period[per ? k + 1 : P], 0);
        rt_addi(&t, (double)(per ? mm->period_n[k] : all ? mm->all_n : mm->unit_n[u]));
        for (int j = 0; j < r->mq_ncol; j++)
            rt_add(&t, NULL, v[r->mq_col[j]]);
        rt_add(&t, r->mq_variant, 0);
    }
    return report_emit(&t, tables, bom, 1, written, err);
}

/* [malmquist]: period means of tfpch / effch / techch as lines, and the
 * means table (period pairs and overall) with pech / sech when decomposed. */
static int malmquist_section(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    const char *const *cols = NQPF_MQ_COL_NAMES; /* the first three are tfpch, effch, techch */
    const nqpf_mq_means *mm = &r->mqm;
    size_t P = r->mq.n_pairs;
    int add = r->mq.additive, ncol = r->mq_ncol;
    char (*xs)[64] = malloc((P + 1) * sizeof *xs);
    const char **xl = malloc((P + 1) * sizeof(char *));
    double *y = malloc((3 * P + 1) * sizeof(double));
    int e = !xs || !xl || !y;
    for (size_t t = 0; !e && t < P; t++) {
        snprintf(xs[t], sizeof xs[t], "%s–%s", r->mq_period[t], r->mq_period[t + 1]);
        xl[t] = xs[t];
        for (size_t c = 0; c < 3; c++)
            y[c * P + t] = mm->period[t * NQPF_MQ_NCOL + c];
    }
    e |= html_heading(b, L(en, "全要素生产率变动及其分解（Malmquist）", "TFP change and its decomposition (Malmquist)"));
    if (!e)
        e |= svg_lines(b, "chart-malmquist", "malmquist", P, xl, 3, cols, y, NULL, NULL,
                       add ? L(en, "算术平均", "arithmetic mean") : L(en, "几何平均", "geometric mean"));
    char cap[640];
    snprintf(cap, sizeof cap,
             en ? "%s of the change between consecutive periods over the units: tfpch = effch × techch "
                  "(efficiency change × technical change; %s = no change); variant %s; per unit in "
                  "tables/malmquist.csv."
                : "相邻两期各地区变动的%s：tfpch = effch × techch（技术效率变化 × 技术进步；%s表示不变）；"
                  "设定 %s；各地区见tables/malmquist.csv。",
             add ? L(en, "算术平均", "Arithmetic mean") : L(en, "几何平均", "Geometric mean"), add ? "0" : "1",
             r->mq_variant);
    if (add)
        snprintf(cap + strlen(cap), sizeof cap - strlen(cap), "%s",
                 L(en, "（Luenberger指标为差值：tfpch = effch + techch。）",
                   " (Luenberger: differences, tfpch = effch + techch.)"));
    e |= html_caption(b, cc, 0, cap);
    e |= nqpf_buf_puts(b, "<figure><table class=\"malmquist\"><thead><tr><th>");
    e |= nqpf_buf_puts(b, L(en, "时期", "periods"));
    e |= nqpf_buf_puts(b, "</th><th>n</th>");
    for (int c = 0; c < ncol; c++)
        e |= nqpf_buf_printf(b, "<th>%s</th>", cols[r->mq_col[c]]);
    e |= nqpf_buf_puts(b, "</tr></thead><tbody>");
    for (size_t t = 0; !e && t <= P; t++) {
        const double *v = t < P ? &mm->period[t * NQPF_MQ_NCOL] : mm->all;
        e |= nqpf_buf_puts(b, "<tr><td>");
        if (t < P)
            e |= nqpf_buf_html(b, xs[t]);
        else
            e |= nqpf_buf_puts(b, L(en, "全部", "all"));
        e |= nqpf_buf_printf(b, "</td><td>%zu</td>", t < P ? mm->period_n[t] : mm->all_n);
        for (int c = 0; c < ncol; c++)
            e |= html_td_num(b, v[r->mq_col[c]], 4);
        e |= nqpf_buf_puts(b, "</tr>");
    }
    e |= nqpf_buf_puts(b, "</tbody></table>");
    snprintf(cap, sizeof cap,
             en ? "Malmquist decomposition by period pair and over all unit-pairs (%s means; n = units with a "
                  "solved index)%s; tables/malmquist_means.csv."
                : "分期及总体的Malmquist分解（%s；n为指数有解的地区数）%s；见tables/malmquist_means.csv。",
             add ? L(en, "算术平均", "arithmetic") : L(en, "几何平均", "geometric"),
             r->mq.decomposed ? L(en, "，effch = pech × sech（纯技术效率 × 规模效率变化）",
                           ", effch = pech × sech (pure technical × scale efficiency change)")
                       : "");
    e |= html_caption(b, cc, 1, cap);
    if (r->n_shapes && !e)
        e |= report_map_malmquist_html(r, en, cc, b);
    free(xs), free(xl), free(y);
    return e ? -1 : 0;
}

/* [malmquist]: the set-up actually used, from the recorded options. */
static int malmquist_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const char *idx = report_opt(r, "malmquist.index"), *model = report_opt(r, "malmquist.model");
    const char *front = report_opt(r, "malmquist.frontier"), *rts = report_opt(r, "malmquist.rts");
    const char *orient = report_opt(r, "malmquist.orient"), *bad = report_opt(r, "malmquist.undesirable");
    int e = nqpf_buf_puts(b, en ? "\n## Productivity change (Malmquist)\n\n" : "\n## 全要素生产率变动（Malmquist指数）\n\n");
    e |= report_md_io(b, en, report_opt(r, "malmquist.inputs"), report_opt(r, "malmquist.outputs"), bad);
    e |= nqpf_buf_printf(b, en ? " (columns of the data file, as published: DEA data are not filled; %zu units × "
                                 "%zu periods). "
                               : "（数据文件中的原始列，DEA数据不做插补；%zu个地区 × %zu期）。",
                         r->mq_U, r->mq_T);
    if (!strcmp(idx, "malmquist"))
        e |= nqpf_buf_printf(
            b,
            en ? "Index: Malmquist productivity index of Färe, Grosskopf, Norris & Zhang (1994) in the DEAP 2.1 "
                 "convention (Coelli 1996): M = [D^t(x_{t+1},y_{t+1})/D^t(x_t,y_t) · D^{t+1}(x_{t+1},y_{t+1})/"
                 "D^{t+1}(x_t,y_t)]^{1/2}, effch = D^{t+1}(t+1)/D^t(t), techch = M/effch, with %s %s-oriented "
                 "distance functions; M > 1 means productivity growth. The index, effch and techch use constant "
                 "returns to scale; "
               : "指数：Färe、Grosskopf、Norris和Zhang（1994）的Malmquist生产率指数，采用DEAP 2.1（Coelli 1996）的约定："
                 "M = [D^t(x_{t+1},y_{t+1})/D^t(x_t,y_t) · D^{t+1}(x_{t+1},y_{t+1})/D^{t+1}(x_t,y_t)]^{1/2}，"
                 "effch = D^{t+1}(t+1)/D^t(t)，techch = M/effch；距离函数为%s模型、%s导向；M > 1表示生产率提高。"
                 "指数本身及effch、techch均在规模报酬不变（CRS）下计算；",
            report_lang_value(en, model), report_lang_value(en, orient));
    else
        e |= nqpf_buf_printf(b,
                             en ? "Index: %s (Chung, Färe & Grosskopf 1997; Chambers, Färe & Grosskopf 1996) with "
                                  "the %s model; see docs/malmquist.md. "
                                : "指数：%s（Chung、Färe和Grosskopf 1997；Chambers、Färe和Grosskopf 1996），%s模型，"
                                  "详见docs/malmquist.md。",
                             report_lang_value(en, idx), report_lang_value(en, model));
    const char *sd = report_opt(r, "malmquist.sbm-ddf");
    if (!strcmp(sd, "yes") || !strcmp(sd, "true"))
        e |= nqpf_buf_puts(b, en ? "The distance is the slacks-based directional distance function of Fukuyama & "
                                   "Weber (2009), β = max ½[(1/m) Σ s⁻_i/x_i0 + (1/(s+q))(Σ s⁺_r/y_r0 + Σ s^b_k/b_k0)] "
                                   "in the direction g = (x_0, y_0, b_0) (0 = on the frontier), used as the DDF β. "
                                 : "距离函数为Fukuyama和Weber（2009）的基于松弛的方向距离函数（SBM-DDF），β = max ½[(1/m) "
                                   "Σ s⁻_i/x_i0 + (1/(s+q))(Σ s⁺_r/y_r0 + Σ s^b_k/b_k0)]，方向 g = (x_0, y_0, b_0)（0为前沿），"
                                   "按方向距离函数β计算指数。");
    int sbm_ddf = !strcmp(sd, "yes") || !strcmp(sd, "true");
    if (!strcmp(model, "sbm") && !sbm_ddf)
        e |= nqpf_buf_puts(b, en ? "The distance is the slacks-based measure of Tone (2001), ρ = (1 − (1/m) Σ "
                                   "s⁻_i/x_i0) / (1 + (1/s) Σ s⁺_r/y_r0) (undesirable outputs as in Tone 2003; "
                                   "Luenberger: 1 − ρ), so the index also counts the slacks a radial distance leaves. "
                                 : "距离函数为Tone（2001）基于松弛的SBM测度 ρ = (1 − (1/m) Σ s⁻_i/x_i0) / (1 + (1/s) Σ "
                                   "s⁺_r/y_r0)（非期望产出同Tone 2003；Luenberger指标取1 − ρ），指数因而计入径向距离忽略的松弛。");
    if (!strcmp(model, "ddf"))
        e |= nqpf_buf_printf(b,
                             en ? "The distance is the directional distance function β = max {β : (x_0 − β g_x, y_0 "
                                  "+ β g_y, b_0 − β g_b) feasible} (Chambers, Chung & Färe 1996; Chung, Färe & "
                                  "Grosskopf 1997), direction %s, bad outputs %s disposable. "
                                : "距离函数为方向距离函数 β = max {β : (x_0 − β g_x, y_0 + β g_y, b_0 − β g_b) 可行}"
                                  "（Chambers、Chung和Färe 1996；Chung、Färe和Grosskopf 1997），方向 %s，非期望产出%s处置。",
                             report_opt(r, "malmquist.direction"),
                             !strcmp(report_opt(r, "malmquist.bad-disposal"), "strong") ? L(en, "强", "strongly")
                                                                                         : L(en, "弱", "weakly"));
    if (!strcmp(model, "ebm"))
        e |= nqpf_buf_puts(b, en ? "The distance is the EBM score of Tone & Tsutsui (2010) (Luenberger: 1 − score), "
                                   "with one ε and one set of weights from the affinity matrix of all rows, so every "
                                   "frontier measures alike. "
                                 : "距离函数为Tone和Tsutsui（2010）的EBM得分（Luenberger指标取1 − 得分），ε与权重由全部观测的"
                                   "亲和矩阵一次确定，各期前沿采用同一度量。");
    if (r->mq.meta) {
        e |= nqpf_buf_puts(b, en ? "Meta-frontier index (Oh & Lee 2010; groups of column "
                                 : "共同前沿指数（Oh和Lee 2010；按数据列");
        e |= report_md(b, report_opt(r, "malmquist.meta"));
        e |= nqpf_buf_puts(
            b, en ? ", each unit in one group; Battese, Rao & O'Donnell 2004): effch is the catch-up to the "
                    "unit's group frontier, TGR = meta distance / group distance ≤ 1 in each period (tgr_from, "
                    "tgr_to; Luenberger: gap_from, gap_to) and tgch = TGR_(t+1) / TGR_t the technology gap "
                    "change, so that tfpch = effch × techch × tgch (Luenberger: the sum). "
                  : "分组，各地区组别固定；Battese、Rao和O'Donnell 2004）：effch为向本组前沿的追赶，各期技术差距比 TGR = "
                    "共同前沿距离 / 组前沿距离 ≤ 1（tgr_from、tgr_to；Luenberger为gap_from、gap_to），tgch = "
                    "TGR_(t+1) / TGR_t 为技术差距变化，tfpch = effch × techch × tgch（Luenberger为三者之和）。");
    }
    const char *tc = report_opt(r, "malmquist.techch");
    if (tc && strcmp(tc, "geometric")) /* Faere et al. (1994)'s one-technology variants */
        e |= nqpf_buf_printf(b, en ? "The index is measured at period %s's technology instead of the geometric mean of "
                                     "periods t and t+1 (techch = %s; Färe et al. 1994), techch = index/effch; "
                                   : "指数以第%s期技术为参照，而非t期与t+1期的几何平均（techch = %s；Färe等1994），"
                                     "techch = 指数/effch；",
                             strcmp(tc, "base") ? "t+1" : "t", tc);
    if (r->mq.decomposed)
        e |= nqpf_buf_printf(b, en ? "with rts = %s, effch = pech × sech (pure technical efficiency change on %s "
                                     "scores, scale efficiency change = effch/pech), as DEAP. "
                                   : "rts = %s 时 effch = pech × sech（纯技术效率变化按%s得分计算，规模效率变化 = effch/pech），同DEAP。",
                             report_lang_value(en, rts), report_lang_value(en, rts));
    else
        e |= nqpf_buf_puts(b, en ? "no pure/scale decomposition (rts = crs). " : "未作纯技术/规模效率分解（rts = crs）。");
    e |= nqpf_buf_printf(b, en ? "Frontier: %s (contemporaneous = period t's units; sequential = periods ≤ t, "
                                 "Shestalova 2003; global = all periods, Pastor & Lovell 2005). Means over units are "
                                 "%s (tables/malmquist_means.csv); variant label `%s`. The same numbers as `nqpf "
                                 "malmquist` with the same options (tables/malmquist.csv).\n"
                               : "前沿：%s（当期前沿以第t期的地区为参照；序列前沿以不晚于t期的全部地区为参照，Shestalova 2003；"
                                 "全局前沿以全部时期为参照，Pastor和Lovell 2005）。地区间均值为%s（tables/malmquist_means.csv）；设定标签 `%s`。"
                                 "结果与相同选项的 `nqpf malmquist` 完全一致（tables/malmquist.csv）。\n",
                         report_lang_value(en, front), r->mq.additive ? L(en, "算术平均", "arithmetic means") : L(en, "几何平均", "geometric means"),
                         r->mq_variant);
    return e;
}

const report_section_def report_sec_malmquist = {
    .name = "malmquist",
    .opts = NQPF_MALMQUIST_OPTS,
    .n_opts = NQPF_MO_NOPTS,
    .run = report_run_malmquist,
    .tables = report_malmquist_tables,
    .html = malmquist_section,
    .methods = malmquist_methods,
    .free = report_free_malmquist,
};
