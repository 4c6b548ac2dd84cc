/* nqpf — methods.md: the indicator system, formulas and every choice used,
 * generated from the run (Chinese, then English), never hand-written. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nqpf/version.h"
#include "report_internal.h"

/* A weight specification in Chinese: combo:A+B as 组合赋权（A + B）. */
static int zh_weights(nqpf_buf *b, const char *v)
{
    if (strncmp(v, "combo:", 6))
        return nqpf_buf_puts(b, report_lang_value(0, v));
    int e = nqpf_buf_puts(b, "组合赋权（");
    char part[64];
    for (const char *s = v + 6; *s;) {
        size_t n = strcspn(s, "+");
        snprintf(part, sizeof part, "%.*s", (int)(n < sizeof part ? n : sizeof part - 1), s);
        e |= nqpf_buf_puts(b, report_lang_value(0, part));
        s += n;
        if (*s == '+')
            e |= nqpf_buf_puts(b, " + "), s++;
    }
    return e | nqpf_buf_puts(b, "）");
}

static int section(const nqpf_report *r, nqpf_buf *b, int en)
{
    const nqpf_system *s = r->sys;
    size_t T = r->T, blk = r->ix.per_period ? T - 1 : 0;
    int e = nqpf_buf_printf(b, en ? "\n# Methods (English)\n\n" : "# 方法说明（中文）\n\n");
    e |= nqpf_buf_printf(b, en ? "Data: `%s` (SHA-256 %s), %zu units × %zu periods (%s–%s); missing values: %s "
                                 "(%zu cells filled, listed in tables/filled.csv).\n\n"
                               : "数据：`%s`（SHA-256 %s），%zu个地区 × %zu期（%s–%s）；缺失值处理：%s（插补%zu个单元格，见tables/filled.csv）。\n\n",
                         r->data_path, r->data_sha, r->U, T, r->panel->periods[0], r->panel->periods[T - 1],
                         report_lang_value(en, report_opt(r, "data.missing")), r->fills.n);
    e |= nqpf_buf_puts(b, en ? "## Indicator system\n\n| dimension | indicator | column | direction | unit | weight |\n"
                             : "## 指标体系\n\n| 维度 | 指标 | 数据列 | 方向 | 单位 | 权重 |\n");
    e |= nqpf_buf_puts(b, "|---|---|---|---|---|---|\n");
    for (size_t j = 0; j < s->n_ind; j++) {
        e |= nqpf_buf_puts(b, "| ");
        e |= report_md(b, s->nodes[s->ind[j].node].path);
        e |= nqpf_buf_puts(b, " | ");
        e |= report_md(b, s->ind[j].name);
        e |= nqpf_buf_puts(b, " | ");
        e |= report_md(b, s->ind[j].column);
        e |= nqpf_buf_printf(b, " | %s | ", s->ind[j].direction > 0 ? "+" : "−");
        e |= report_md(b, s->ind[j].unit);
        e |= nqpf_buf_printf(b, " | %.4f |\n", r->ix.w[blk * s->n_ind + j]);
    }
    /* describe the normalisation, weights and aggregation actually used */
    static const char *norm_zh[] = {"极差法（正向 (x−min)/(max−min)，负向 (max−x)/(max−min)）", "Z-score法（(x−均值)/总体标准差，负向取反）",
                                    "比值法（正向 x/max，负向 min/x）", "向量归一法（x/√Σx²，负向 1 − r）"};
    static const char *norm_en[] = {"min-max: benefit (x−min)/(max−min), cost (max−x)/(max−min)",
                                    "z-score: (x−mean)/population SD, negated for cost", "ratio: benefit x/max, cost min/x",
                                    "vector: x/√Σx², cost 1 − r"};
    static const char *agg_zh[] = {"加权求和 S_i = Σ_j w_j Z_ij", "TOPSIS：S_i = D_i⁻ / (D_i⁺ + D_i⁻)",
                                   "灰色关联度（分辨系数 ρ）", "加权几何平均 S_i = Π_j Z_ij^w_j",
                                   ("VIKOR：得分 = 1 − Q_i，Q_i = v(S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*)，"
                                    "S_i、R_i 为群体效用与个体遗憾，Q 越小越优")};
    static const char *agg_en[] = {"weighted sum S_i = Σ_j w_j Z_ij", "TOPSIS: S_i = D_i⁻ / (D_i⁺ + D_i⁻)",
                                   "grey relational grade (distinguishing coefficient ρ)", "weighted geometric mean S_i = Π_j Z_ij^w_j",
                                   ("VIKOR: score = 1 − Q_i, Q_i = v(S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*) with group "
                                    "utility S_i = Σ_j d_ij, regret R_i = max_j d_ij, d_ij = w_j(max Z_j − Z_ij)/(max Z_j − min Z_j); "
                                    "lower Q is better")};
    int nm = (int)r->iopt.normalize, ag = (int)r->iopt.aggregate;
    const char *wt = report_opt(r, "index.weights");
    if (en)
        e |= nqpf_buf_printf(b, "\n## Composite index\n\n- Normalisation: %s (%s), then + shift = %s; scope: %s "
                                "(panel = one normalisation and one set of weights for all periods).\n- Weights: %s",
                             report_opt(r, "index.normalize"), nm >= 0 && nm < 4 ? norm_en[nm] : "",
                             report_opt(r, "index.shift"), report_opt(r, "index.scope"), wt);
    else {
        e |= nqpf_buf_printf(b, "\n## 综合指数\n\n- 标准化：%s，再加平移量 %s；范围：%s。\n- 赋权：",
                             nm >= 0 && nm < 4 ? norm_zh[nm] : report_opt(r, "index.normalize"),
                             report_opt(r, "index.shift"), report_lang_value(0, report_opt(r, "index.scope")));
        e |= zh_weights(b, wt);
    }
    if (strstr(wt, "entropy"))
        e |= nqpf_buf_puts(b, en ? " (entropy: p_ij = Z_ij / Σ_i Z_ij, e_j = −(1/ln m) Σ_i p_ij ln p_ij, d_j = 1 − e_j, "
                                   "w_j = d_j / Σ d_j; m = units × periods in panel scope; 0 ln 0 = 0)"
                                 : "（p_ij = Z_ij / Σ_i Z_ij，e_j = −(1/ln m) Σ_i p_ij ln p_ij，d_j = 1 − e_j，"
                                   "w_j = d_j / Σ d_j；面板范围下 m = 地区数 × 期数；0 ln 0 = 0）");
    if (strstr(wt, "merec"))
        e |= nqpf_buf_puts(b, en ? " (MEREC: n_ij = min_i Z_ij / Z_ij, S_i = ln(1 + (1/n) Σ_j |ln n_ij|), S'_ij the same "
                                   "without indicator j, E_j = Σ_i |S'_ij − S_i|, w_j = E_j / Σ E)"
                                 : "（MEREC：n_ij = min_i Z_ij / Z_ij，S_i = ln(1 + (1/n) Σ_j |ln n_ij|)，S'_ij 为去掉指标 j "
                                   "后的同一量，E_j = Σ_i |S'_ij − S_i|，w_j = E_j / Σ E）");
    if (!strncmp(wt, "combo:", 6))
        e |= nqpf_buf_printf(b, en ? "; combination %s, α = %s" : "；组合方式 %s，α = %s",
                             en ? report_opt(r, "index.combine")
                             : !strcmp(report_opt(r, "index.combine"), "mult") ? "乘法合成" : "线性合成",
                             report_opt(r, "index.alpha"));
    if (en)
        e |= nqpf_buf_printf(b, ".\n- Aggregation: %s (%s); ties ranked min (1,2,2,4).\n", report_opt(r, "index.aggregate"),
                             ag >= 0 && ag < 5 ? agg_en[ag] : "");
    else
        e |= nqpf_buf_printf(b, "。\n- 集成：%s；并列排名取最小名次（1,2,2,4）。\n",
                             ag >= 0 && ag < 5 ? agg_zh[ag] : report_opt(r, "index.aggregate"));
    if (r->iopt.aggregate == NQPF_AGG_VIKOR)
        e |= nqpf_buf_printf(b, en ? "- VIKOR v = %s (weight of group utility S against regret R).\n"
                                   : "- VIKOR 折衷系数 v = %s（群体效用 S 相对个体遗憾 R 的权重）。\n",
                             report_opt(r, "index.vikor-v"));
    size_t n;
    const report_section_def *const *sec = report_sections(&n);
    for (size_t i = 0; i < n; i++)
        if (sec[i]->methods && report_section_present(r->proj, sec[i]))
            e |= sec[i]->methods(r, b, en);
    return e;
}

int report_methods_prose(const nqpf_report *r, nqpf_buf *b, int en)
{
    return section(r, b, en) ? -1 : 0;
}

int report_methods(const nqpf_report *r, nqpf_buf *b)
{
    int e = section(r, b, 0);
    e |= section(r, b, 1);
    e |= nqpf_buf_printf(b, "\n## References / 参考文献\n\n"
                            "- Dagum, C. (1997). A new approach to the decomposition of the Gini income inequality ratio. "
                            "Empirical Economics 22, 515–531.\n"
                            "- Silverman, B. W. (1986). Density Estimation for Statistics and Data Analysis. Chapman & Hall.\n"
                            "- Anselin, L. (1995). Local indicators of spatial association—LISA. Geographical Analysis 27, 93–115.\n"
                            "- Cliff, A. D., Ord, J. K. (1981). Spatial Processes: Models and Applications. Pion.\n"
                            "- Quah, D. (1993). Empirical cross-section dynamics in economic growth. European Economic "
                            "Review 37, 426–434.\n"
                            "- Rey, S. J. (2001). Spatial empirics for economic growth and convergence. Geographical "
                            "Analysis 33, 195–214.\n"
                            "- Deng, J. (1982). Control problems of grey systems. Systems & Control Letters 1, 288–294.\n"
                            "- Färe, R., Grosskopf, S., Norris, M., Zhang, Z. (1994). Productivity growth, "
                            "technical progress, and efficiency change in industrialized countries. American Economic "
                            "Review 84, 66–83.\n"
                            "- Coelli, T. J. (1996). A guide to DEAP version 2.1. CEPA Working Paper 96/08, "
                            "University of New England.\n"
                            "- Charnes, A., Cooper, W. W., Rhodes, E. (1978). Measuring the efficiency of decision "
                            "making units. European Journal of Operational Research 2, 429–444.\n"
                            "- Banker, R. D., Charnes, A., Cooper, W. W. (1984). Some models for estimating technical "
                            "and scale inefficiencies in data envelopment analysis. Management Science 30, 1078–1092.\n"
                            "- Tone, K. (2001). A slacks-based measure of efficiency in data envelopment analysis. "
                            "European Journal of Operational Research 130, 498–509.\n"
                            "- Andersen, P., Petersen, N. C. (1993). A procedure for ranking efficient units in data "
                            "envelopment analysis. Management Science 39, 1261–1264.\n"
                            "- Feenstra, R. C., Inklaar, R., Timmer, M. P. (2015). The next generation of the Penn "
                            "World Table. American Economic Review 105, 3150–3182 (data: PWT 9.1, CC BY 4.0).\n"
                            "- Shannon, C. E. (1948). A mathematical theory of communication. Bell System Technical Journal 27.\n"
                            "\nnqpf %s.\n",
                         NQPF_VERSION);
    return e ? -1 : 0;
}
