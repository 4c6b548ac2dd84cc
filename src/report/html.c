/* nqpf — the self-contained HTML report (one file, no script, no network:
 * a Content-Security-Policy of default-src 'none' enforces it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/version.h"
#include "map.h"
#include "svg.h"

/* Mean score (or node score) by group, plus the all-unit mean. */
static void group_means(const nqpf_report *r, long node, double *y)
{
    size_t U = r->U, T = r->T, G = r->n_groups, nn = r->sys->n_nodes;
    for (size_t g = 0; g <= G; g++)
        for (size_t t = 0; t < T; t++) {
            double s = 0;
            size_t n = 0;
            for (size_t u = 0; u < U; u++)
                if (g == G || r->unit_group[u] == g) {
                    s += node < 0 ? r->ix.score[u * T + t] : r->ix.node_score[(u * T + t) * nn + (size_t)node];
                    n++;
                }
            y[g * T + t] = n ? s / (double)n : NAN;
        }
}

static int ranking_table(const nqpf_report *r, int en, nqpf_buf *b)
{
    size_t U = r->U, T = r->T;
    int e = nqpf_buf_printf(b, "<table class=\"rank\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                               "<th>%s %s</th><th>%s</th></tr></thead><tbody>",
                            L(en, "排名", "Rank"), L(en, "地区", "Unit"), L(en, "区域", "Group"),
                            L(en, "得分", "Score"), r->panel->periods[0], L(en, "排名", "rank"),
                            L(en, "变化", "Change"));
    for (size_t k = 1; k <= U; k++)
        for (size_t u = 0; u < U; u++)
            if ((size_t)r->ix.rank[u * T + T - 1] == k) {
                double r0 = r->ix.rank[u * T], r1 = r->ix.rank[u * T + T - 1], d = r0 - r1;
                e |= nqpf_buf_printf(b, "<tr><td>%.0f</td><td>", r1);
                e |= nqpf_buf_html(b, unit_name(r, en, u));
                e |= nqpf_buf_puts(b, "</td><td>");
                e |= nqpf_buf_html(b, r->n_groups ? r->group[r->unit_group[u]] : "");
                e |= nqpf_buf_printf(b, "</td><td>%.4f</td><td>%.0f</td><td class=\"%s\">%s%.0f</td></tr>",
                                     r->ix.score[u * T + T - 1], r0, d > 0 ? "up" : d < 0 ? "down" : "same",
                                     d > 0 ? "▲" : d < 0 ? "▼" : "", fabs(d));
            }
    return e | nqpf_buf_puts(b, "</tbody></table>");
}

/* [malmquist]: period means of tfpch / effch / techch as lines, and the
 * means table (period pairs and overall) with pech / sech when decomposed. */
static int malmquist_section(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    static const char *const cols[] = {"tfpch", "effch", "techch", "pech", "sech"};
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
        e |= nqpf_buf_printf(b, "<th>%s</th>", cols[c]);
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
            e |= isnan(v[c]) ? nqpf_buf_puts(b, "<td></td>") : nqpf_buf_printf(b, "<td>%.4f</td>", v[c]);
        e |= nqpf_buf_puts(b, "</tr>");
    }
    e |= nqpf_buf_puts(b, "</tbody></table>");
    snprintf(cap, sizeof cap,
             en ? "Malmquist decomposition by period pair and over all unit-pairs (%s means; n = units with a "
                  "solved index)%s; tables/malmquist_means.csv."
                : "分期及总体的Malmquist分解（%s；n为指数有解的地区数）%s；见tables/malmquist_means.csv。",
             add ? L(en, "算术平均", "arithmetic") : L(en, "几何平均", "geometric"),
             ncol == 5 ? L(en, "，effch = pech × sech（纯技术效率 × 规模效率变化）",
                           ", effch = pech × sech (pure technical × scale efficiency change)")
                       : "");
    e |= html_caption(b, cc, 1, cap);
    if (r->n_shapes && !e)
        e |= report_map_malmquist_html(r, en, cc, b);
    free(xs), free(xl), free(y);
    return e ? -1 : 0;
}

int report_html(const nqpf_report *r, int en, nqpf_buf *b, const rtable *tabs, size_t ntabs)
{
    size_t U = r->U, T = r->T, G = r->n_groups;
    const char *const *per = (const char *const *)r->panel->periods;
    const char *title = L(en, "新质生产力测度报告", "New Quality Productive Forces report");
    const nqpf_project_kv *tk = nqpf_project_get(nqpf_project_section_get(r->proj, "project"), "title");
    if (tk)
        title = tk->value;
    int e = nqpf_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
                               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                               "style-src 'unsafe-inline'\">\n<title>",
                            en ? "en" : "zh-CN");
    e |= nqpf_buf_html(b, title);
    e |= nqpf_buf_puts(b, "</title>\n<style>body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;"
                          "max-width:980px;margin:auto;padding:1em;color:#222}figure{margin:1em 0;border-top:1px solid #ddd;"
                          "padding-top:.5em}figcaption{font-size:.9em;color:#555;margin-top:.3em}table{border-collapse:"
                          "collapse;font-size:.85em;margin:.5em 0}th,td{padding:2px 8px;text-align:right}th{border-bottom:"
                          "1px solid #333}thead tr{border-top:2px solid #333}tbody tr:last-child{border-bottom:2px solid #333}"
                          "td:nth-child(2){text-align:left}.up{color:#2ca02c}.down{color:#d62728}svg{max-width:100%;"
                          "height:auto}</style></head><body>\n<h1>");
    e |= nqpf_buf_html(b, title);
    e |= nqpf_buf_printf(b, "</h1>\n<p>%zu %s × %zu %s (%s–%s), %zu %s. nqpf %s.</p>\n", U, L(en, "个地区", "units"), T,
                         L(en, "期", "periods"), per[0], per[T - 1], r->sys->n_ind, L(en, "项指标", "indicators"),
                         NQPF_VERSION);
    e |= report_results_html(r, en, b);
    char cap[512];
    capctx cc = {en, 0, 0};
    if (r->n_shapes)
        e |= report_map_index_html(r, en, &cc, b);
    /* index by group and sub-indices by group */
    size_t ns = G + 1;
    double *y = malloc(ns * T * sizeof(double));
    const char **names = malloc(ns * sizeof(char *));
    if (!y || !names) {
        free(y), free(names);
        return -1;
    }
    for (size_t g = 0; g < G; g++)
        names[g] = r->group[g];
    names[G] = L(en, "全部", "All");
    e |= html_heading(b, L(en, "综合指数的时序变化", "The index over time"));
    group_means(r, -1, y);
    e |= svg_lines(b, "chart-index", "index", T, per, ns, names, y, NULL, NULL, L(en, "平均得分", "mean score"));
    e |= html_caption(b, &cc, 0, L(en, "各区域的综合指数平均值（区域内各地区的算术平均）。",
                      "Mean composite index by group (arithmetic mean of the units in each group)."));
    for (size_t d = 0, k = 0; d < r->sys->n_nodes; d++) {
        if (r->sys->nodes[d].level)
            continue;
        char id[32];
        snprintf(id, sizeof id, "chart-dim%zu", ++k);
        e |= nqpf_buf_puts(b, "<figure>");
        group_means(r, (long)d, y);
        e |= svg_lines(b, id, r->sys->nodes[d].name, T, per, ns, names, y, NULL, NULL, L(en, "分指数", "sub-index"));
        nqpf_buf cb = {0};
        int add = r->iopt.aggregate == NQPF_AGG_WEIGHTED;
        e |= nqpf_buf_printf(&cb, en ? "Sub-index '%s' by group (%s)." : "分维度指数“%s”的区域均值（%s）。",
                             r->sys->nodes[d].name,
                             add ? L(en, "对综合得分的加性贡献", "its additive contribution to the score")
                                 : L(en, "维度内以同一方法集成、权重重新归一", "the same aggregation within the dimension, weights renormalised"));
        e |= html_caption(b, &cc, 0, cb.data ? cb.data : "");
        nqpf_buf_free(&cb);
    }
    e |= html_heading(b, L(en, "排名与排名变化", "Ranking and rank changes"));
    e |= ranking_table(r, en, b);
    snprintf(cap, sizeof cap, en ? "Ranking in %s; change = rank in %s minus rank in %s (▲ up)."
                                 : "%s年排名；变化 = %s年排名减去%s年排名（▲为上升）。",
             per[T - 1], per[0], per[T - 1]);
    e |= html_caption(b, &cc, 1, cap);
    if (r->do_kde) {
        e |= html_heading(b, L(en, "分布动态：核密度估计", "Distributional dynamics: kernel density"));
        size_t m = r->kde_m, step = T > 6 ? (T + 5) / 6 : 1, nk = 0;
        double *kd = malloc(T * m * sizeof(double));
        const char **kn = malloc(T * sizeof(char *));
        if (!kd || !kn)
            e = -1;
        for (size_t t = 0; !e && t < T; t += step) {
            memcpy(kd + nk * m, r->kde_dens + t * m, m * sizeof(double));
            kn[nk++] = per[t];
        }
        if (!e && (T - 1) % step) {
            memcpy(kd + nk * m, r->kde_dens + (T - 1) * m, m * sizeof(double));
            kn[nk++] = per[T - 1];
        }
        char **xl = malloc(m * sizeof(char *));
        char (*xs)[24] = malloc(m * sizeof *xs);
        for (size_t g = 0; xl && xs && g < m; g++) {
            snprintf(xs[g], sizeof xs[g], "%.2f", r->kde_grid[g]);
            xl[g] = xs[g];
        }
        if (!e && xl && xs)
            e |= svg_lines(b, "chart-kde", "kde", m, (const char *const *)xl, nk, kn, kd, NULL, NULL,
                           L(en, "密度", "density"));
        free(xl), free(xs), free(kd), free(kn);
        snprintf(cap, sizeof cap, en ? "Kernel density of the index in selected periods (%s kernel, %s bandwidth)."
                                     : "部分年份综合指数的核密度（%s核，%s带宽）。",
                 nqpf_kernel_name(r->kernel), r->bw_fixed ? "fixed" : nqpf_bw_rule_name(r->bw));
        e |= html_caption(b, &cc, 0, cap);
    }
    if (r->do_gini) {
        e |= html_heading(b, L(en, "区域差异：Dagum基尼系数分解", "Regional disparity: Dagum Gini decomposition"));
        double *v = malloc(T * 3 * sizeof(double));
        if (!v)
            e = -1;
        for (size_t t = 0; !e && t < T; t++) {
            const nqpf_dagum *d = &r->gini[t];
            double Gs = d->Gw + d->Gnb + d->Gt;
            v[t * 3] = Gs > 0 ? d->Gw / Gs : 0, v[t * 3 + 1] = Gs > 0 ? d->Gnb / Gs : 0, v[t * 3 + 2] = Gs > 0 ? d->Gt / Gs : 0;
        }
        const char *parts[3] = {L(en, "区域内 Gw", "within Gw"), L(en, "区域间 Gnb", "between Gnb"),
                                L(en, "超变密度 Gt", "transvariation Gt")};
        if (!e)
            e |= svg_stacked(b, "chart-gini", "gini", T, per, 3, parts, v, 0);
        free(v);
        e |= html_caption(b, &cc, 0, L(en, "总体基尼系数的来源贡献率（区域内、区域间、超变密度，合计为1）。",
                          "Contribution shares of the overall Gini: within-group, net between-group and "
                          "transvariation (summing to 1)."));
        /* G_jj and G_jh of the last period */
        const nqpf_dagum *d = &r->gini[T - 1];
        e |= nqpf_buf_printf(b, "<figure><table class=\"gini\"><thead><tr><th>%s</th>", per[T - 1]);
        for (size_t h = 0; h < G; h++) {
            e |= nqpf_buf_puts(b, "<th>");
            e |= nqpf_buf_html(b, r->group[h]);
            e |= nqpf_buf_puts(b, "</th>");
        }
        e |= nqpf_buf_puts(b, "</tr></thead><tbody>");
        for (size_t j = 0; j < G; j++) {
            e |= nqpf_buf_puts(b, "<tr><td>");
            e |= nqpf_buf_html(b, r->group[j]);
            e |= nqpf_buf_puts(b, "</td>");
            for (size_t h = 0; h < G; h++)
                e |= h <= j ? nqpf_buf_printf(b, "<td>%.4f</td>", d->Gjh[j * G + h]) : nqpf_buf_puts(b, "<td></td>");
            e |= nqpf_buf_puts(b, "</tr>");
        }
        e |= nqpf_buf_puts(b, "</tbody></table>");
        snprintf(cap, sizeof cap, en ? "Gini within groups (diagonal, G_jj) and between groups (G_jh), %s; "
                                       "all periods in tables/gini.csv."
                                     : "%s年区域内基尼系数（对角线G_jj）与区域间基尼系数（G_jh）；各年见tables/gini.csv。",
                 per[T - 1]);
        e |= html_caption(b, &cc, 1, cap);
    }
    if (r->do_converge) {
        e |= html_heading(b, L(en, "σ收敛与β收敛", "Sigma and beta convergence"));
        double *v = malloc(T * sizeof(double));
        if (!v)
            e = -1;
        for (size_t t = 0; !e && t < T; t++)
            v[t] = r->sigma[t * 4 + 1];
        const char *nm[1] = {L(en, "变异系数", "coefficient of variation")};
        if (!e)
            e |= svg_lines(b, "chart-sigma", "sigma", T, per, 1, nm, v, NULL, NULL, "CV");
        free(v);
        e |= html_caption(b, &cc, 0, L(en, "综合指数变异系数（总体标准差/均值）；下降表示σ收敛。",
                          "Coefficient of variation of the index (population SD / mean); a decline means "
                          "sigma convergence."));
        e |= report_beta_html(r, en, &cc, b);
    }
    if (r->do_moran || r->do_lisa) {
        e |= html_heading(b, L(en, "空间自相关", "Spatial autocorrelation"));
        double *lag = malloc(U * sizeof(double));
        const char **un = malloc(U * sizeof(char *));
        if (!lag || !un)
            e = -1;
        for (size_t u = 0; !e && u < U; u++)
            un[u] = unit_name(r, en, u);
        if (!e)
            nqpf_weights_lag(r->W, r->zval + (T - 1) * U, lag);
        double I = r->do_moran ? r->moran[T - 1].value : NAN;
        if (!e)
            e |= svg_scatter(b, "chart-moran", "Moran", U, r->zval + (T - 1) * U, lag, un, I,
                             L(en, "标准化指数 z", "standardised index z"), L(en, "空间滞后 Wz", "spatial lag Wz"));
        free(lag), free(un);
        if (r->do_moran)
            snprintf(cap, sizeof cap, en ? "Moran scatter plot, %s: Moran's I = %.4f (z = %.3f, p = %.4f); the "
                                           "red line has slope I."
                                         : "%s年Moran散点图：Moran's I = %.4f（z = %.3f，p = %.4f），红线斜率为I。",
                     per[T - 1], r->moran[T - 1].value, r->moran[T - 1].z_rand, r->moran[T - 1].p_rand);
        else
            snprintf(cap, sizeof cap, en ? "Moran scatter plot, %s." : "%s年Moran散点图。", per[T - 1]);
        e |= html_caption(b, &cc, 0, cap);
        if (r->do_lisa && r->n_shapes)
            e |= report_map_lisa_html(r, en, &cc, b);
    }
    if (r->do_obstacle) {
        e |= html_heading(b, L(en, "障碍因子诊断", "Obstacle factors"));
        /* one bar per unit; with many units (firm panels) only the OBST_MAX
         * lowest-ranked units, whose obstacles matter most, keep the chart readable */
        enum { OBST_MAX = 60 };
        size_t nb = U < OBST_MAX ? U : OBST_MAX;
        const char **dn = malloc(r->n_dims * sizeof(char *));
        const char **un = malloc(nb * sizeof(char *));
        double *v = malloc(nb * r->n_dims * sizeof(double));
        if (!dn || !un || !v)
            e = -1;
        for (size_t d = 0; !e && d < r->n_dims; d++)
            dn[d] = r->sys->nodes[r->dim_node[d]].name;
        size_t k = 0;
        for (size_t u = 0; !e && u < U && k < nb; u++) {
            if (U > OBST_MAX && r->ix.rank[u * T + T - 1] <= (double)(U - OBST_MAX))
                continue;
            un[k] = unit_name(r, en, u);
            for (size_t d = 0; d < r->n_dims; d++) {
                double x = r->obst_dim[(u * T + T - 1) * r->n_dims + d];
                v[k * r->n_dims + d] = isnan(x) ? 0 : x;
            }
            k++;
        }
        if (!e)
            e |= svg_stacked(b, "chart-obstacle", "obstacle", k, un, r->n_dims, dn, v, 1);
        free(dn), free(un), free(v);
        snprintf(cap, sizeof cap, en ? "Obstacle degree by dimension for each unit, %s (shares summing to 1); "
                                       "indicator level in tables/obstacle.csv."
                                     : "%s年各地区分维度障碍度（合计为1）；指标层障碍度见tables/obstacle.csv。",
                 per[T - 1]);
        if (U > OBST_MAX) {
            size_t l = strlen(cap);
            snprintf(cap + l, sizeof cap - l, en ? " Shown: the %zu lowest-ranked of %zu units." : "图中为排名最低的%zu个地区（共%zu个）。", k, U);
        }
        e |= html_caption(b, &cc, 0, cap);
    }
    if (r->do_coupling) {
        e |= html_heading(b, L(en, "维度耦合协调度", "Coupling coordination of the dimensions"));
        double *cd = malloc(ns * T * sizeof(double));
        if (!cd)
            e = -1;
        for (size_t g = 0; !e && g <= G; g++)
            for (size_t t = 0; t < T; t++) {
                double sum = 0;
                size_t n = 0;
                for (size_t u = 0; u < U; u++)
                    if (g == G || r->unit_group[u] == g)
                        sum += r->cp_D[u * T + t], n++;
                cd[g * T + t] = n ? sum / (double)n : NAN;
            }
        if (!e)
            e |= svg_lines(b, "chart-coupling", "coupling", T, per, ns, names, cd, NULL, NULL, "D");
        free(cd);
        snprintf(cap, sizeof cap, en ? "Mean coupling-coordination degree D = √(C·T) of the %zu dimensions by group "
                                       "(C %s, T with equal weights; sub-index U_d = the dimension's weighted index "
                                       "without shift); per unit in tables/coupling.csv."
                                     : "各区域%zu个维度的平均耦合协调度 D = √(C·T)（C为%s形式，T取等权；子系统指数 U_d 为维度内加权指数，"
                                       "不含平移量）；各地区见tables/coupling.csv。",
                 r->n_dims, nqpf_coupling_name(r->coupling));
        e |= html_caption(b, &cc, 0, cap);
    }
    if (r->do_markov) {
        size_t k = r->mk_k;
        e |= html_heading(b, L(en, "马尔可夫链：等级转移", "Markov chain: class transitions"));
        e |= nqpf_buf_printf(b, "<table class=\"markov\"><thead><tr><th>t \\ t+1</th>");
        for (size_t j = 0; j < k; j++)
            e |= nqpf_buf_printf(b, "<th>%zu</th>", j + 1);
        e |= nqpf_buf_printf(b, "<th>n</th></tr></thead><tbody>");
        for (size_t i = 0; i < k; i++) {
            double n = 0;
            e |= nqpf_buf_printf(b, "<tr><td>%zu</td>", i + 1);
            for (size_t j = 0; j < k; j++) {
                double pij = r->mk_p[i * k + j];
                /* shade each cell by its probability: the diagonal's weight is the persistence */
                e |= nqpf_buf_printf(b, "<td style=\"background:rgba(49,130,189,%.2f)\">%.3f</td>", pij * 0.8, pij);
                n += r->mk_counts[i * k + j];
            }
            e |= nqpf_buf_printf(b, "<td>%.0f</td></tr>", n);
        }
        e |= nqpf_buf_puts(b, "<tr><td>π</td>");
        for (size_t j = 0; j < k; j++)
            e |= isnan(r->mk_pi[j]) ? nqpf_buf_puts(b, "<td></td>") : nqpf_buf_printf(b, "<td>%.3f</td>", r->mk_pi[j]);
        e |= nqpf_buf_puts(b, "<td></td></tr></tbody></table>");
        snprintf(cap, sizeof cap, en ? "Probabilities of moving from class i (row, period t) to class j "
                                       "(column, t+1); %zu quantile classes of the index (%s), 1 = lowest; n = "
                                       "transitions observed; π = steady state."
                                     : "由第i类（行，t期）转为第j类（列，t+1期）的概率；综合指数按%zu个分位数分类（%s），1为最低；"
                                       "n为观测到的转移次数；π为稳态分布。",
                 k, r->mk_pooled ? L(en, "全样本", "pooled") : L(en, "逐期", "per period"));
        e |= html_caption(b, &cc, 1, cap);
        if (r->mk_spatial)
            e |= report_mksp_html(r, en, &cc, b);
    }
    if (r->do_forecast) {
        e |= html_heading(b, L(en, "GM(1,1)预测", "GM(1,1) forecasts"));
        size_t H = r->horizon, nx = T + H, k = 0;
        double *fy = malloc(r->n_series * nx * sizeof(double)), *flo = malloc(r->n_series * nx * sizeof(double));
        double *fhi = malloc(r->n_series * nx * sizeof(double));
        const char **fn = malloc(r->n_series * sizeof(char *));
        char **xl = malloc(nx * sizeof(char *));
        char (*xs)[32] = malloc(nx * sizeof *xs);
        if (!fy || !flo || !fhi || !fn || !xl || !xs)
            e = -1;
        for (size_t i = 0; !e && i < nx; i++) {
            if (i < T)
                snprintf(xs[i], sizeof xs[i], "%s", per[i]);
            else if (r->panel->periods_numeric)
                snprintf(xs[i], sizeof xs[i], "%.17g",
                         r->panel->period_value[T - 1] +
                             (double)(i - T + 1) * (T > 1 ? r->panel->period_value[T - 1] - r->panel->period_value[T - 2] : 1));
            else
                snprintf(xs[i], sizeof xs[i], "+%zu", i - T + 1);
            xl[i] = xs[i];
        }
        for (size_t s = 0; !e && s < r->n_series; s++) {
            if (!r->gm_ok[s])
                continue;
            fn[k] = s < G ? r->group[s] : L(en, "全部", "All");
            for (size_t i = 0; i < nx; i++) {
                double band = 1.959963984540054 * r->gm[s].S2;
                fy[k * nx + i] = i < T ? r->series[s * T + i] : r->gm[s].x0hat[i];
                flo[k * nx + i] = i < T ? NAN : r->gm[s].x0hat[i] - band;
                fhi[k * nx + i] = i < T ? NAN : r->gm[s].x0hat[i] + band;
            }
            k++;
        }
        if (!e && k)
            e |= svg_lines(b, "chart-forecast", "forecast", nx, (const char *const *)xl, k, fn, fy, flo, fhi,
                           L(en, "平均得分", "mean score"));
        free(fy), free(flo), free(fhi), free(fn), free(xl), free(xs);
        snprintf(cap, sizeof cap, en ? "Group means and GM(1,1) forecasts %zu steps ahead; shaded: forecast "
                                       "± 1.96 × residual SD (an approximate band)."
                                     : "区域均值及其GM(1,1)向后%zu期预测；阴影为预测值 ± 1.96倍残差标准差（近似区间）。",
                 H);
        e |= html_caption(b, &cc, 0, cap);
    }
    free(y), free(names);
    if (r->do_malmquist)
        e |= malmquist_section(r, en, &cc, b);
    if (r->do_dea)
        e |= report_dea_html(r, en, &cc, b);
    if (r->do_growth)
        e |= report_growth_html(r, en, &cc, b);
    e |= report_html_tables(b, &cc, tabs, ntabs);
    e |= report_econ_html(r, en, &cc, b);
    e |= nqpf_buf_printf(b, "<p><small>%s</small></p>\n</body></html>\n",
                         L(en, "由 nqpf run 生成；数值表见 tables/，方法说明见 methods.md，输入校验和见 run.json。",
                           "Generated by nqpf run; tables in tables/, methods in methods.md, input checksums in run.json."));
    return e ? -1 : 0;
}
