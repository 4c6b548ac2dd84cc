/* nqpf — the spatial Markov outputs of [markov] spatial = true:
 * tables/markov_spatial.csv (the conditional rows of `nqpf markov
 * --spatial`: count, probability, steady state per lag class),
 * markov_spatial.tex (the conditional probability matrices), the HTML
 * matrices and the methods paragraph. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report_internal.h"

int report_mksp_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                       nqpf_error *err)
{
    size_t k = r->mk_k, kl = r->mk_klag;
    rtable t;
    int rc;
    rt_init(&t, "markov_spatial", "markov_spatial", RT_COLS("lag_class", "table", "from", "to", "value"));
    for (size_t l = 0; l < kl; l++) {
        double lag = (double)(l + 1);
        report_markov_rows(&t, &lag, r->mk_sp_p + l * k * k, r->mk_sp_counts + l * k * k, r->mk_sp_pi + l * k, k);
    }
    if ((rc = report_emit(&t, tables, bom, 0, written, err)))
        return rc;
    /* the matrices stacked, one block of k rows per lag class */
    matrix_cols mc;
    if (report_matrix_cols(&mc, en ? "lag class" : "邻域类型", k))
        return nqpf_fail_nomem(err);
    rt_init(&t, "markov_spatial_matrix",
            en ? "Spatial Markov transition probabilities by the class of the spatial lag"
               : "空间马尔可夫转移概率矩阵（按空间滞后类型）",
            mc.n, (const char *const *)mc.cn);
    for (size_t l = 0; l < kl; l++) {
        double lag = (double)(l + 1);
        report_matrix_rows(&t, r->mk_sp_p + l * k * k, r->mk_sp_counts + l * k * k, k, &lag);
    }
    rc = report_emit(&t, tables, bom, 1, written, err);
    report_matrix_cols_free(&mc);
    return rc;
}

int report_mksp_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t k = r->mk_k, kl = r->mk_klag;
    int e = nqpf_buf_puts(b, "<figure><table class=\"markov-spatial\"><thead><tr><th>");
    e |= nqpf_buf_puts(b, L(en, "邻域类型", "Lag class"));
    e |= nqpf_buf_puts(b, "</th><th>t \\ t+1</th>");
    for (size_t j = 0; j < k; j++)
        e |= nqpf_buf_printf(b, "<th>%zu</th>", j + 1);
    e |= nqpf_buf_puts(b, "<th>n</th></tr></thead><tbody>");
    for (size_t l = 0; l < kl; l++)
        for (size_t i = 0; i < k; i++) {
            double n = 0;
            e |= i ? nqpf_buf_puts(b, "<tr><td></td>") : nqpf_buf_printf(b, "<tr class=\"lag\"><td>%zu</td>", l + 1);
            e |= nqpf_buf_printf(b, "<td>%zu</td>", i + 1);
            for (size_t j = 0; j < k; j++) {
                double pij = r->mk_sp_p[(l * k + i) * k + j];
                n += r->mk_sp_counts[(l * k + i) * k + j];
                /* shaded by probability, like the classic matrix */
                e |= nqpf_buf_printf(b, "<td style=\"background:rgba(49,130,189,%.2f)\">%.3f</td>", pij * 0.8, pij);
            }
            e |= nqpf_buf_printf(b, "<td>%.0f</td></tr>", n);
        }
    e |= nqpf_buf_puts(b, "</tbody></table>");
    char cap[600];
    snprintf(cap, sizeof cap,
             en ? "Spatial Markov chain: probabilities of moving from class i (t) to class j (t+1) given the class "
                  "(1–%zu, %s quantiles) of the unit's spatial lag in t, on %s contiguity (style %c); rows without "
                  "transitions are zero; tables/markov_spatial.csv."
                : "空间马尔可夫链：t期空间滞后处于第1–%zu类（%s分位数）时，由第i类（t期）转为第j类（t+1期）的概率；"
                  "权重为%s邻接（标准化 %c）；无转移的行为0；见tables/markov_spatial.csv。",
             kl, r->mk_pooled ? L(en, "全样本", "pooled") : L(en, "逐期", "per-period"),
             r->queen ? L(en, "后式（Queen）", "queen") : L(en, "车式（Rook）", "rook"), r->style);
    return e | html_caption(b, cc, 1, cap);
}

int report_mksp_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return nqpf_buf_printf(
        b,
        en ? "Spatial Markov chain (Rey 2001): the spatial lag L_it = Σ_j w_ij y_jt on %s contiguity from the map "
             "(style %c; a unit without neighbours has lag 0) is put in %zu quantile classes as the scores are; each "
             "transition of unit i from t to t+1 is counted in the matrix of the class of L_it, P^(l)_ij = n^(l)_ij "
             "/ n^(l)_i; the same numbers as `nqpf markov --spatial` with these weights.\n"
           : "空间马尔可夫链（Rey 2001）：基于地图的%s邻接权重（标准化 %c；无邻居地区滞后为0）计算空间滞后 L_it = Σ_j w_ij y_jt，"
             "按与得分相同的方式分为%zu个分位数类；地区 i 由 t 到 t+1 的转移计入 L_it 所属类型的矩阵，P^(l)_ij = n^(l)_ij / "
             "n^(l)_i；结果与使用相同权重的 `nqpf markov --spatial` 一致。\n",
        r->queen ? L(en, "后式（Queen）", "queen") : L(en, "车式（Rook）", "rook"), r->style, r->mk_klag);
}
