/* nqpf — the β-convergence outputs of [converge]: tables/beta.csv/.tex,
 * the HTML table and the methods paragraph. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

/* The slope term carries the model's statistics: ln_y0 or ln_y_lag. */
static int is_slope(const nqpf_report_beta *B, size_t j)
{
    return j == (B->panel ? 0u : 1u);
}

int report_beta_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                       nqpf_error *err)
{
    static const char *c[] = {"model", "term", "coef", "se", "t", "p", "n", "r2", "speed", "half_life"};
    rtable t;
    rt_init(&t, "beta", en ? "Beta convergence of the index" : "综合指数的β收敛", 10, c);
    t.note = en ? RT_STARS_NOTE_EN : RT_STARS_NOTE_ZH;
    for (size_t i = 0; i < r->n_beta; i++) {
        const nqpf_report_beta *B = &r->beta[i];
        for (size_t j = 0; j < B->k; j++) {
            int s = is_slope(B, j);
            rt_add(&t, B->model, 0);
            rt_add(&t, B->term[j], 0);
            rt_add(&t, NULL, B->coef[j]);
            rt_stars(&t, B->p[j]);
            RT_NUMS(&t, B->se[j], B->t[j], B->p[j]);
            rt_addi(&t, s ? B->n : NAN);
            RT_NUMS(&t, s ? B->r2 : NAN, s ? B->speed : NAN, s ? B->half_life : NAN);
        }
    }
    return report_emit(&t, tables, bom, 1, written, err);
}

static const char *model_name(int en, const char *m)
{
    if (!strcmp(m, "beta_abs"))
        return L(en, "绝对β收敛（截面）", "absolute β (cross-section)");
    if (!strcmp(m, "beta_cond"))
        return L(en, "条件β收敛（截面）", "conditional β (cross-section)");
    if (!strcmp(m, "panel_abs"))
        return L(en, "绝对β收敛（双向固定效应面板）", "absolute β (two-way FE panel)");
    return L(en, "条件β收敛（双向固定效应面板）", "conditional β (two-way FE panel)");
}

int report_beta_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    int e = nqpf_buf_printf(b, "<figure><table class=\"beta\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                               "<th>%s</th><th>t</th><th>p</th><th>n</th><th>R²</th><th>%s</th><th>%s</th>"
                               "</tr></thead><tbody>",
                            L(en, "模型", "Model"), L(en, "变量", "Term"), L(en, "系数", "Coef."),
                            L(en, "标准误", "SE"), L(en, "收敛速度", "Speed"), L(en, "半衰期", "Half-life"));
    for (size_t i = 0; i < r->n_beta; i++) {
        const nqpf_report_beta *B = &r->beta[i];
        for (size_t j = 0; j < B->k; j++) {
            int s = is_slope(B, j);
            e |= nqpf_buf_puts(b, "<tr><td>");
            e |= nqpf_buf_html(b, j == 0 ? model_name(en, B->model) : "");
            e |= nqpf_buf_puts(b, "</td><td>");
            e |= nqpf_buf_html(b, en ? B->term[j] : rt_value_zh("term", B->term[j]));
            e |= nqpf_buf_puts(b, "</td>");
            const double cell[8] = {B->coef[j], B->se[j], B->t[j], B->p[j], s ? B->n : NAN, s ? B->r2 : NAN,
                                    s ? B->speed : NAN, s ? B->half_life : NAN};
            static const int digits[8] = {4, 4, 3, 4, 0, 3, 4, 1};
            for (int k = 0; k < 8; k++)
                e |= html_td_num(b, cell[k], digits[k]);
            e |= nqpf_buf_puts(b, "</tr>");
        }
    }
    e |= nqpf_buf_puts(b, "</tbody></table>");
    char cap[600];
    const char *se = report_opt(r, "converge.se");
    snprintf(cap, sizeof cap,
             en ? "β convergence of the index: a negative coefficient on ln y0 (ln y_lag) means that units with lower "
                  "scores grow faster; speed λ = −ln(1 + bT)/T per period, half-life ln 2/λ; standard errors: %s; "
                  "tables/beta.csv."
                : "综合指数的β收敛：ln y0（ln y_lag）系数为负表示得分低的地区增长更快；收敛速度 λ = −ln(1 + bT)/T（每期），"
                  "半衰期 ln 2/λ；标准误：%s；见tables/beta.csv。",
             !strcmp(se, "cluster") ? L(en, "面板按地区聚类，截面为HC1", "clustered by unit in the panel, HC1 in the cross-section")
             : !strcmp(se, "hc1")   ? "HC1"
                                    : L(en, "经典OLS", "classical OLS"));
    return e | html_caption(b, cc, 1, cap);
}

int report_beta_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const char *ctl = report_opt(r, "converge.controls");
    int e = nqpf_buf_printf(
        b,
        en ? "\nβ convergence (as `nqpf converge`): cross-section (1/T) ln(y_iT/y_i0) = a + b ln y_i0%s + e over %s–%s "
             "(T = %g); two-way fixed-effects panel ln(y_it/y_i,t−1)/gap = b ln y_i,t−1%s + μ_i + η_t + e (least "
             "squares with unit and period dummies, by QR). Speed λ = −ln(1 + bT)/T (panel: T = gap), half-life "
             "ln 2/λ. t and p from %s standard errors (Student t with n − k degrees of freedom, G − 1 for the "
             "cluster-robust errors G/(G−1)·(n−1)/(n−k) by unit; in a cross-section each unit is its own cluster, "
             "so cluster = HC1 there)."
           : "\nβ收敛（同 `nqpf converge`）：截面模型 (1/T) ln(y_iT/y_i0) = a + b ln y_i0%s + e，%s–%s年（T = %g）；"
             "双向固定效应面板模型 ln(y_it/y_i,t−1)/gap = b ln y_i,t−1%s + μ_i + η_t + e（含地区与时期虚拟变量的最小二乘，QR分解）。"
             "收敛速度 λ = −ln(1 + bT)/T（面板中 T = gap），半衰期 ln 2/λ。t 与 p 基于%s标准误（自由度 n − k 的t分布；"
             "按地区聚类的稳健标准误 G/(G−1)·(n−1)/(n−k) 取自由度 G − 1；截面中每个地区自成一类，聚类即HC1）。",
        *ctl ? " + c'X_i0" : "", r->panel->periods[0], r->panel->periods[r->T - 1],
        r->n_beta ? r->beta[0].span : NAN, *ctl ? " + c'X_it" : "",
        en ? report_opt(r, "converge.se")
        : !strcmp(report_opt(r, "converge.se"), "cluster") ? "聚类稳健"
        : !strcmp(report_opt(r, "converge.se"), "hc1")     ? "HC1稳健"
                                                           : "经典OLS");
    if (*ctl) {
        e |= nqpf_buf_puts(b, en ? " Controls (data columns as published): " : "控制变量（数据文件原始列）：");
        e |= report_md(b, ctl);
        e |= nqpf_buf_puts(b, en ? "." : "。");
    }
    return e | nqpf_buf_puts(b, "\n");
}
