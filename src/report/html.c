/* nqpf — the self-contained HTML report (one file, no script, no network:
 * a Content-Security-Policy of default-src 'none' enforces it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/version.h"
#include "map.h"
#include "nqpf/svg.h"

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
    free(y), free(names);
    size_t n;
    const report_section_def *const *sec = report_sections(&n);
    for (size_t i = 0; i < n; i++)
        if (sec[i]->html && report_section_present(r->proj, sec[i]))
            e |= sec[i]->html(r, en, &cc, b);
    e |= report_html_tables(b, &cc, tabs, ntabs);
    e |= nqpf_buf_printf(b, "<p><small>%s</small></p>\n</body></html>\n",
                         L(en, "由 nqpf run 生成；数值表见 tables/，方法说明见 methods.md，输入校验和见 run.json。",
                           "Generated by nqpf run; tables in tables/, methods in methods.md, input checksums in run.json."));
    return e ? -1 : 0;
}
