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

/* The grouping in Chinese: a built-in scheme by its name, else the data column. */
static const char *group_zh(const nqpf_report *r)
{
    static const struct {
        const char *scheme, *zh;
    } S[] = {{"nbs4", "国家统计局四大区域（东部、中部、西部、东北）"},
             {"belt3", "东中西三大地带"},
             {"zone8", "八大综合经济区（国务院发展研究中心）"},
             {"ns2", "南北方（秦岭—淮河线）"}};
    const char *c = report_opt(r, "group.column");
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++)
        if (!strcmp(c, S[i].scheme))
            return S[i].zh;
    return c;
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
                                   "灰色关联度（分辨系数 ρ）", "加权几何平均 S_i = Π_j Z_ij^w_j"};
    static const char *agg_en[] = {"weighted sum S_i = Σ_j w_j Z_ij", "TOPSIS: S_i = D_i⁻ / (D_i⁺ + D_i⁻)",
                                   "grey relational grade (distinguishing coefficient ρ)", "weighted geometric mean S_i = Π_j Z_ij^w_j"};
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
    if (!strncmp(wt, "combo:", 6))
        e |= nqpf_buf_printf(b, en ? "; combination %s, α = %s" : "；组合方式 %s，α = %s",
                             en ? report_opt(r, "index.combine")
                             : !strcmp(report_opt(r, "index.combine"), "mult") ? "乘法合成" : "线性合成",
                             report_opt(r, "index.alpha"));
    if (en)
        e |= nqpf_buf_printf(b, ".\n- Aggregation: %s (%s); ties ranked min (1,2,2,4).\n", report_opt(r, "index.aggregate"),
                             ag >= 0 && ag < 4 ? agg_en[ag] : "");
    else
        e |= nqpf_buf_printf(b, "。\n- 集成：%s；并列排名取最小名次（1,2,2,4）。\n",
                             ag >= 0 && ag < 4 ? agg_zh[ag] : report_opt(r, "index.aggregate"));
    if (r->do_gini)
        e |= nqpf_buf_printf(b, en ? "\n## Dagum Gini decomposition\n\nBy `%s` (%zu groups). G = Σ_j Σ_h Σ_i Σ_r |y_ji − y_hr| "
                                     "/ (2 n² μ) = Gw + Gnb + Gt (Dagum 1997), all Ginis normalised by n² (no n/(n−1)); "
                                     "G_jj within, G_jh between groups, D_jh relative affluence.\n"
                                   : "\n## Dagum基尼系数分解\n\n分组：%s（%zu组）。G = Σ_j Σ_h Σ_i Σ_r |y_ji − y_hr| / (2 n² μ) = "
                                     "Gw + Gnb + Gt（Dagum 1997），均按 n² 归一（不乘 n/(n−1)）；G_jj 为区域内、G_jh 为区域间基尼系数，D_jh 为相对经济影响。\n",
                             en ? report_opt(r, "group.column") : group_zh(r), r->n_groups);
    if (r->do_theil)
        e |= nqpf_buf_puts(b, en ? "\n## Theil\n\nT = (1/n) Σ (y/μ) ln(y/μ) = Tb + Tw; L = (1/n) Σ ln(μ/y) = Lb + Lw.\n"
                                 : "\n## 泰尔指数\n\nT = (1/n) Σ (y/μ) ln(y/μ) = Tb + Tw；L = (1/n) Σ ln(μ/y) = Lb + Lw。\n");
    if (r->do_converge)
        e |= nqpf_buf_puts(b, en ? "\n## Convergence\n\nσ: CV_t = SD_t / mean_t with the population SD (divisor n).\n"
                                 : "\n## 收敛分析\n\nσ收敛：CV_t = SD_t / 均值_t，标准差取总体标准差（除以n）。\n");
    if (r->do_converge)
        e |= report_beta_methods(r, b, en);
    if (r->do_kde) {
        char h[40];
        nqpf_format_double(r->kde_h[T - 1], h, sizeof h);
        e |= nqpf_buf_printf(b, en ? "\n## Kernel density\n\nKernel: %s; bandwidth: %s (h = %s in %s); %zu grid points "
                                     "from min − 3h_max to max + 3h_max. Silverman: h = 0.9 min(sd, IQR/1.34) n^(−1/5).\n"
                                   : "\n## 核密度估计\n\n核函数：%s；带宽：%s（%s年 h = %s）；网格%zu点，范围 min − 3h_max 至 max + 3h_max。"
                                     "Silverman 规则：h = 0.9 min(sd, IQR/1.34) n^(−1/5)。\n",
                             report_lang_value(en, nqpf_kernel_name(r->kernel)), report_lang_value(en, r->bw_fixed ? "fixed" : nqpf_bw_rule_name(r->bw)),
                             en ? h : r->panel->periods[T - 1], en ? r->panel->periods[T - 1] : h, r->kde_m);
    }
    if (r->do_moran || r->do_lisa)
        e |= nqpf_buf_printf(b, en ? "\n## Spatial autocorrelation\n\nWeights: %s contiguity from `%s` (id field %s, matched "
                                     "to data column %s), style %c (W = row-standardised), islands kept without neighbours. "
                                     "Moran's I = (n/S0) Σ_i Σ_j w_ij z_i z_j / Σ z_i², randomisation moments, %zu "
                                     "permutations (seed %llu). Local Moran I_i = z_i Σ_j w_ij z_j / (Σ z²/n), conditional "
                                     "permutations %zu (seed %llu), significance level %g.\n"
                                   : "\n## 空间自相关\n\n权重：基于 `%s` 的%s邻接（地图属性 %s，对应数据列 %s），标准化方式 %c（W为行标准化），"
                                     "无邻居的地区保留空行。Moran's I = (n/S0) Σ_i Σ_j w_ij z_i z_j / Σ z_i²，随机化假设下的矩，"
                                     "置换%zu次（种子 %llu）。局部Moran I_i = z_i Σ_j w_ij z_j / (Σ z²/n)，条件置换%zu次（种子 %llu），显著性水平 %g。\n",
                             en ? (r->queen ? "queen" : "rook") : r->geojson_path,
                             en ? r->geojson_path : (r->queen ? "后式（Queen）" : "车式（Rook）"), report_opt(r, "map.id-field"),
                             report_opt(r, "map.column"), r->style, r->moran_perm, r->moran_seed, r->lisa_perm, r->lisa_seed,
                             r->do_lisa ? r->lisa_alpha : NAN);
    if (r->do_obstacle)
        e |= nqpf_buf_printf(b, en ? "\n## Obstacle degree\n\nF_j = w_j, I_ij = 1 + shift − Z_ij, O_ij = F_j I_ij / Σ_j F_j I_ij; "
                                     "dimension obstacle = Σ of its indicators; shift = %s.\n"
                                   : "\n## 障碍度\n\n因子贡献度 F_j = w_j，指标偏离度 I_ij = 1 + 平移量 − Z_ij，障碍度 O_ij = F_j I_ij / Σ_j F_j I_ij；"
                                     "维度障碍度为其指标之和；平移量 = %s。\n",
                             report_opt(r, "index.shift"));
    if (r->do_coupling)
        e |= nqpf_buf_printf(b, en ? "\n## Coupling coordination\n\nSubsystems: the %zu dimensions; U_d = Σ_{j∈d} w_j Z_j / "
                                     "Σ_{j∈d} w_j − shift (the dimension's weighted index on [0, 1]); C = n [Π U_d / "
                                     "(Σ U_d)^n]^(1/n) (%s), T = Σ U_d / n, D = √(C T); ten-level classes of D.\n"
                                   : "\n## 耦合协调度\n\n子系统：%zu个维度；U_d = Σ_{j∈d} w_j Z_j / Σ_{j∈d} w_j − 平移量（维度内加权指数，"
                                     "取值[0,1]）；C = n [Π U_d / (Σ U_d)^n]^(1/n)（%s），T = Σ U_d / n，D = √(C T)；按D分十级。\n",
                             r->n_dims, report_lang_value(en, nqpf_coupling_name(r->coupling)));
    if (r->do_markov)
        e |= nqpf_buf_printf(b, en ? "\n## Markov chain\n\n%zu classes by quantiles of the index (%s; numpy linear "
                                     "interpolation, upper-inclusive); P_ij = n_ij / n_i over all consecutive periods; "
                                     "steady state π P = π (Quah 1993).\n"
                                   : "\n## 马尔可夫链\n\n综合指数按分位数分为%zu类（%s；线性插值分位数，上界包含）；P_ij = n_ij / n_i，"
                                     "统计全部相邻两期；稳态分布 π P = π（Quah 1993）。\n",
                             r->mk_k, r->mk_pooled ? L(en, "全部期数合并计算分位数", "pooled") : L(en, "逐期计算分位数", "per period"));
    if (r->do_markov && r->mk_spatial)
        e |= report_mksp_methods(r, b, en);
    if (r->do_forecast)
        e |= nqpf_buf_printf(b, en ? "\n## GM(1,1) forecast\n\nSeries: mean index of each group and of all units. x1 = AGO(x0), "
                                     "z(k) = α x1(k) + (1−α) x1(k−1) with α = %s, least squares for a, b; horizon %zu. "
                                     "Band: forecast ± 1.96 × residual SD (approximate, assumes normal residuals).\n"
                                   : "\n## GM(1,1)预测\n\n序列：各区域及全体地区的指数均值。x1 = AGO(x0)，z(k) = α x1(k) + (1−α) x1(k−1)，α = %s，"
                                     "最小二乘估计 a、b；预测步数 %zu。区间：预测值 ± 1.96 × 残差标准差（近似，假设残差正态）。\n",
                             report_opt(r, "forecast.alpha"), r->horizon);
    if (r->do_malmquist)
        e |= malmquist_methods(r, b, en);
    if (r->do_dea)
        e |= report_dea_methods(r, b, en);
    if (r->do_growth)
        e |= report_growth_methods(r, b, en);
    e |= report_econ_methods(r, b, en);
    return e;
}

int report_methods_prose(const nqpf_report *r, nqpf_buf *b, int en)
{
    return section(r, b, en) ? -1 : 0;
}

int report_methods(const nqpf_report *r, nqpf_buf *b)
{
    int e = section(r, b, 0) | section(r, b, 1);
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
