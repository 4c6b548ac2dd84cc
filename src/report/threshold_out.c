/* nqpf — the [threshold] outputs: the threshold tests (γ̂ with its LR
 * confidence set, F, bootstrap p and critical values: thr_test), the regime
 * coefficients (thr_coef), the LR curves (thr_lr.csv, as `nqpf threshold
 * --lr`), the LR(γ) chart with the critical value, and the methods. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/svg.h"
#include "report_internal.h"

static double st(const nqpf_report *r, const char *fmt, size_t k)
{
    char key[64];
    snprintf(key, sizeof key, fmt, k);
    return report_stat(r->econ->thr.stats, NULL, NULL, key);
}

static size_t n_thr(const nqpf_report *r)
{
    size_t k = 0;
    while (k < 3 && !isnan(st(r, "gamma%zu", k + 1)))
        k++;
    return k;
}

static const char *const TCOLS[] = {"thresholds", "gamma", "ci_lo", "ci_hi", "ssr", "F", "p", "crit90", "crit95", "crit99"};

/* The statistics of threshold k in the order of TCOLS after "thresholds". */
static const char *const TKEYS[] = {"gamma%zu", "gamma%zu_lo", "gamma%zu_hi", "ssr%zu",      "F%zu",
                                    "F%zu_p",   "F%zu_crit90", "F%zu_crit95", "F%zu_crit99"};

static void test_table(const nqpf_report *r, int en, rtable *t, char *cap, size_t size)
{
    double lv = atof(report_opt(r, "threshold.level")) * 100;
    char lvs[32];
    snprintf(lvs, sizeof lvs, "%g", lv);
    snprintf(cap, size,
             en ? "Threshold effect tests: gamma with its %s%% LR confidence set, F = (SSR(k-1) - SSR(k)) / sigma2(k), "
                  "bootstrap p and 90/95/99%% critical values (%s replications)"
                : "门槛效应检验：门槛估计值及其%s%% LR置信区间，F = (SSR(k-1) - SSR(k)) / sigma2(k)，自抽样p值与90/95/99%%临界值"
                  "（%s次自抽样）",
             lvs, report_opt(r, "threshold.bootstrap"));
    rt_init(t, "thr_test", cap, 10, TCOLS);
    for (size_t k = 1; k <= n_thr(r); k++) {
        rt_addi(t, (double)k);
        for (size_t j = 0; j < sizeof TKEYS / sizeof *TKEYS; j++)
            report_add_num(t, st(r, TKEYS[j], k), !strcmp(TCOLS[j + 1], "p"));
    }
}

static const char *const CCOLS[] = {"term", "estimate", "se", "t", "p", "ci_lo", "ci_hi"};

static void coef_table(const nqpf_report *r, int en, rtable *t)
{
    const nqpf_table *o = r->econ->thr.out;
    rt_init(t, "thr_coef",
            L(en, "门槛模型系数：RX_r1 为 q <= γ1 区制，RX_r2 为 γ1 < q <= γ2 区制，以此类推（个体固定效应已吸收）",
              "Threshold model coefficients: RX_r1 for q <= gamma1, RX_r2 for gamma1 < q <= gamma2, ... (unit "
              "effects absorbed)"),
            7, CCOLS);
    for (size_t i = 0; i < o->n_rows; i++) {
        rt_add(t, nqpf_table_get(o, i, (size_t)nqpf_table_col(o, "term")), 0);
        for (size_t c = 1; c < 7; c++)
            report_add_num(t, report_cell(o, i, CCOLS[c]), !strcmp(CCOLS[c], "p"));
    }
}

int report_thr_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                      nqpf_error *err)
{
    rtable t;
    char cap[600];
    test_table(r, en, &t, cap, sizeof cap);
    int rc = report_emit(&t, tables, bom, 1, written, err);
    if (!rc) {
        coef_table(r, en, &t);
        rc = report_emit(&t, tables, bom, 1, written, err);
    }
    return rc ? rc : report_emit_verbatim(r->econ->thr.extra, "thr_lr", bom, tables, written, err);
}

/* LR(gamma) of threshold k over its candidates, with the critical value. */
static int lr_chart(const nqpf_report *r, int en, size_t k, capctx *cc, nqpf_buf *b)
{
    const nqpf_table *l = r->econ->thr.extra;
    size_t n = 0;
    for (size_t i = 0; i < l->n_rows; i++)
        n += report_cell(l, i, "threshold") == (double)k;
    double *y = malloc((2 * n + 1) * sizeof *y), crit = st(r, "lr_crit", 0);
    char (*xs)[24] = malloc((n + 1) * sizeof *xs);
    const char **xl = malloc((n + 1) * sizeof *xl);
    int e = !y || !xs || !xl;
    for (size_t i = 0, j = 0; !e && i < l->n_rows; i++)
        if (report_cell(l, i, "threshold") == (double)k) {
            snprintf(xs[j], sizeof xs[j], "%.4g", report_cell(l, i, "gamma"));
            xl[j] = xs[j], y[j] = report_cell(l, i, "lr"), y[n + j] = crit;
            j++;
        }
    char id[32], cap[600];
    snprintf(id, sizeof id, "chart-thr-lr%zu", k);
    const char *names[2] = {"LR(γ)", L(en, "临界值", "critical value")};
    e = e || (k > 1 && nqpf_buf_puts(b, "<figure>")) || svg_lines(b, id, "LR", n, xl, 2, names, y, NULL, NULL, "LR");
    snprintf(cap, sizeof cap,
             en ? "LR statistic of threshold %zu over its candidates (gamma-hat = %.6g where LR = 0); the points under "
                  "the critical value %.4g form its confidence set [%.6g, %.6g] (Hansen 1999); tables/thr_lr.csv."
                : "第%zu个门槛的似然比统计量LR(γ)（LR = 0处为估计值 %.6g）；低于临界值 %.4g 的部分即置信区间 [%.6g, %.6g]"
                  "（Hansen 1999）；见tables/thr_lr.csv。",
             k, st(r, "gamma%zu", k), crit, st(r, "gamma%zu_lo", k), st(r, "gamma%zu_hi", k));
    e = e || html_caption(b, cc, 0, cap);
    free(y), free(xs), free(xl);
    return e ? -1 : 0;
}

int report_thr_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    int e = html_heading(b, L(en, "面板门槛回归", "Panel threshold regression"));
    for (size_t k = 1; !e && k <= n_thr(r); k++)
        e |= lr_chart(r, en, k, cc, b);
    rtable t;
    char cap[600];
    test_table(r, en, &t, cap, sizeof cap);
    e = e || nqpf_buf_puts(b, "<figure>") || report_html_rtable(b, &t) || html_caption(b, cc, 1, cap);
    rt_free(&t);
    coef_table(r, en, &t);
    e = e || nqpf_buf_puts(b, "<figure>") || report_html_rtable(b, &t) || html_caption(b, cc, 1, t.caption);
    rt_free(&t);
    return e ? -1 : 0;
}

int report_thr_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const report_model *m = &r->econ->thr;
    int e = nqpf_buf_puts(b, en ? "\n## Panel threshold regression\n\n" : "\n## 面板门槛回归\n\n");
    e |= nqpf_buf_printf(b, en ? "Hansen's (1999) fixed-effects threshold model, as `nqpf threshold` (docs/threshold.md) "
                                 "fits it with the same keys: y = `%s`, regime-dependent `%s`, threshold variable q = `%s`, "
                                 "regime-independent `%s`; %s threshold(s), trimming %s, candidates %s; "
                                 "%s bootstrap replications (seed %s) for the F tests; LR confidence level %s; "
                                 "%s standard errors. "
                               : "Hansen（1999）固定效应面板门槛模型，与相同选项的 `nqpf threshold` 完全一致（docs/threshold.md）："
                                 "被解释变量 `%s`，区制相关变量 `%s`，门槛变量 q = `%s`，控制变量 `%s`；门槛个数 %s，截尾比例 %s，"
                                 "候选值 %s；F检验自抽样 %s 次（种子 %s）；LR置信水平 %s；%s 标准误。",
                         report_opt(r, "threshold.y"), report_opt(r, "threshold.rx"), report_opt(r, "threshold.q"),
                         *report_opt(r, "threshold.x") ? report_opt(r, "threshold.x") : "—", report_opt(r, "threshold.n"), report_opt(r, "threshold.trim"),
                         report_opt(r, "threshold.grid"), report_opt(r, "threshold.bootstrap"),
                         report_opt(r, "threshold.seed"), report_opt(r, "threshold.level"), report_opt(r, "threshold.vce"));
    return e | report_model_md(b, m, en, 1);
}
