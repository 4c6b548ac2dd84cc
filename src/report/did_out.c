/* nqpf — the [did] outputs: the average treatment effects (did_att: TWFE
 * and the Callaway-Sant'Anna overall aggregations), the event study
 * (did_event, and its chart with the confidence band and the reference
 * period), the pre-trend and placebo tests (did_tests), the CS group /
 * dynamic / calendar aggregations (did_cs), every estimate as `nqpf did
 * --out` writes it (did_estimates.csv), and the methods paragraph. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/svg.h"
#include "report_internal.h"

static const char *const ACOLS[] = {"model", "term", "estimate", "se", "t", "p", "ci_lo", "ci_hi"};

/* Rows of `nqpf did --out`: which = 0 the ATTs (twfe and each overall),
 * 1 the CS aggregations (group, dynamic, calendar). */
static int att_rows(const nqpf_report *r, int which, rtable *t)
{
    const nqpf_table *o = r->econ->did.out;
    long mc = nqpf_table_col(o, "model"), tc = nqpf_table_col(o, "term");
    for (size_t i = 0; i < o->n_rows; i++) {
        const char *m = nqpf_table_get(o, i, (size_t)mc), *term = nqpf_table_get(o, i, (size_t)tc);
        int att = !strcmp(m, "twfe") || !strcmp(term, "overall");
        int agg = !strcmp(m, "group") || !strcmp(m, "dynamic") || !strcmp(m, "calendar");
        if (which ? !agg : !att)
            continue;
        rt_add(t, m, 0);
        rt_add(t, term, 0);
        for (size_t c = 2; c < 8; c++)
            report_add_num(t, report_cell(o, i, ACOLS[c]), !strcmp(ACOLS[c], "p"));
    }
    return t->oom;
}

static const char *const ECOLS[] = {"e", "estimate", "se", "ci_lo", "ci_hi", "obs", "reference"};

static int event_rows(const nqpf_report *r, rtable *t)
{
    const nqpf_table *ev = r->econ->did.extra;
    for (size_t i = 0; i < ev->n_rows; i++)
        for (size_t c = 0; c < 7; c++)
            if (c == 0 || c >= 5)
                rt_addi(t, report_cell(ev, i, ECOLS[c]));
            else
                report_add_num(t, report_cell(ev, i, ECOLS[c]), 0);
    return t->oom;
}

/* The statistics a reader of the tables needs, those present. */
static int test_rows(const nqpf_report *r, rtable *t)
{
    static const char *const keys[] = {"N", "units", "treated_units", "never_treated_units", "clusters", "r2_within",
                                       "pretrend_F", "pretrend_df1", "pretrend_df2", "pretrend_p", "placebo_draws",
                                       "placebo_mean", "placebo_sd", "placebo_p", "cs_units", "cs_dropped_units",
                                       "cs_cohorts", "cs_pretest_W", "cs_pretest_df", "cs_pretest_p", "cs_boot"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        double v = report_stat(r->econ->did.stats, NULL, NULL, keys[k]);
        if (!isnan(v)) {
            rt_add(t, keys[k], 0);
            report_add_num(t, v, strstr(keys[k], "_p") != NULL);
        }
    }
    return t->oom;
}

static int cs(const nqpf_report *r)
{
    return !strcmp(report_opt(r, "did.estimator"), "cs");
}

/* Table k (0 att, 1 event, 2 tests, 3 cs) initialised and filled. */
static int make(const nqpf_report *r, int en, int k, rtable *t)
{
    static const char *const scols[] = {"statistic", "value"};
    switch (k) {
    case 0:
        rt_init(t, "did_att",
                L(en, "平均处理效应：双向固定效应（TWFE）ATT，及Callaway-Sant'Anna各汇总方式的总体ATT（选用时）",
                  "Average treatment effects: the TWFE ATT and, with estimator = cs, the overall Callaway-Sant'Anna "
                  "aggregations"),
                8, ACOLS);
        return att_rows(r, 0, t);
    case 1:
        rt_init(t, "did_event",
                L(en, "事件研究：相对处理时点 e 的系数与置信区间（reference = 1 为基准期，系数取0）",
                  "Event study: coefficients by event time e with confidence intervals (reference = 1: the omitted "
                  "period, 0 by construction)"),
                7, ECOLS);
        return event_rows(r, t);
    case 2:
        rt_init(t, "did_tests",
                L(en, "样本、平行趋势预检验（TWFE：所有提前期的联合F检验；CS：预处理期ATT(g,t)的Wald检验）与安慰剂检验",
                  "Sample, pre-trend tests (TWFE: joint F of every lead; CS: Wald test of the pre-treatment "
                  "ATT(g,t)) and the placebo test"),
                2, scols);
        return test_rows(r, t);
    default:
        rt_init(t, "did_cs",
                L(en, "Callaway-Sant'Anna汇总：按处理组（group）、事件时间（dynamic）与日历时间（calendar）",
                  "Callaway-Sant'Anna aggregations by cohort (group), event time (dynamic) and calendar time"),
                8, ACOLS);
        return att_rows(r, 1, t);
    }
}

int report_did_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                      nqpf_error *err)
{
    int rc = NQPF_OK;
    rtable t;
    for (int k = 0; !rc && k < 4; k++) {
        if (k == 3 && !cs(r))
            break;
        make(r, en, k, &t);
        rc = report_emit(&t, tables, bom, 1, written, err);
    }
    return rc ? rc : report_emit_verbatim(r->econ->did.out, "did_estimates", bom, tables, written, err);
}

static int event_chart(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    const nqpf_table *ev = r->econ->did.extra;
    size_t n = ev->n_rows;
    double *y = malloc((3 * n + 1) * sizeof *y);
    char (*xs)[24] = malloc((n + 1) * sizeof *xs), ref[24] = "";
    const char **xl = malloc((n + 1) * sizeof *xl);
    int e = !y || !xs || !xl;
    for (size_t i = 0; !e && i < n; i++) {
        snprintf(xs[i], sizeof xs[i], "%s", nqpf_table_get(ev, i, 0));
        xl[i] = xs[i];
        y[i] = report_cell(ev, i, "estimate"), y[n + i] = report_cell(ev, i, "ci_lo"), y[2 * n + i] = report_cell(ev, i, "ci_hi");
        if (report_cell(ev, i, "reference") == 1)
            snprintf(ref, sizeof ref, "%s", xs[i]);
    }
    const char *name[1] = {L(en, "处理效应", "effect")};
    e = e || svg_lines(b, "chart-did-event", L(en, "事件研究", "event study"), n, xl, 1, name, y, y + n, y + 2 * n,
                       L(en, "系数", "coefficient"));
    char cap[600];
    snprintf(cap, sizeof cap,
             en ? "Event study of %s: the effect at each event time e = t - G with its %s confidence band; %s%s%s; "
                  "tables/did_event.csv."
                : "%s 的事件研究：各相对时点 e = t - G 的处理效应及其%s置信带；%s%s%s；见tables/did_event.csv。",
             report_opt(r, "did.y"), report_opt(r, "did.level"), *ref ? "e = " : "", ref,
             *ref ? L(en, " 为基准期（系数取0）", " is the reference period (0 by construction)")
                  : L(en, "Callaway-Sant'Anna动态汇总，无基准期（e < 0 为处理前的安慰剂ATT）",
                      "the Callaway-Sant'Anna dynamic aggregation, no reference period (e < 0: pre-treatment "
                      "placebo ATTs)"));
    e = e || html_caption(b, cc, 0, cap);
    free(y), free(xs), free(xl);
    return e ? -1 : 0;
}

int report_did_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    int e = html_heading(b, L(en, "双重差分", "Difference-in-differences"));
    e = e || event_chart(r, en, cc, b);
    for (int k = 0; !e && k < 4; k++) {
        if (k == 3 && !cs(r))
            break;
        rtable t;
        e = make(r, en, k, &t) || nqpf_buf_puts(b, "<figure>") || report_html_rtable(b, &t) ||
            html_caption(b, cc, 1, t.caption);
        rt_free(&t);
    }
    return e ? -1 : 0;
}

int report_did_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const report_model *m = &r->econ->did;
    const char *treat = report_opt(r, "did.first-treated");
    int e = nqpf_buf_puts(b, en ? "\n## Difference-in-differences\n\n" : "\n## 双重差分\n\n");
    e |= nqpf_buf_printf(
        b,
        en ? "Outcome `%s`; treatment timing from `%s` (%s). As `nqpf did` with the same keys (docs/did.md): the TWFE "
             "ATT is the coefficient of D_it = 1(t >= G_i) with unit and period effects absorbed and errors clustered "
             "by unit (reghdfe's small-sample factors); the event study replaces D by event-time dummies (reference e "
             "= %s, window %s), whose leads are tested jointly (F) for pre-trends. %s "
           : "被解释变量 `%s`；处理时点取自 `%s`（%s）。与相同选项的 `nqpf did` 完全一致（docs/did.md）：TWFE ATT 为 "
             "D_it = 1(t >= G_i) 的系数，吸收个体与时期固定效应，按个体聚类（小样本调整同reghdfe）；事件研究以相对时点虚拟变量代替 D"
             "（基准期 e = %s，窗口 %s），并对全部提前期做联合F检验以检验平行趋势。%s",
        report_opt(r, "did.y"), *treat ? treat : report_opt(r, "did.treat"),
        *treat ? L(en, "首次处理时期，0或空为从未处理", "first treated period, 0 or empty = never")
               : L(en, "0/1处理后指示变量", "a 0/1 post-treatment indicator"),
        report_opt(r, "did.ref"), *report_opt(r, "did.event-window") ? report_opt(r, "did.event-window") : L(en, "全部", "all"),
        cs(r) ? L(en, "另按Callaway和Sant'Anna（2021）估计ATT(g,t)（结果回归法，平衡面板），并给出简单、按组、动态与日历汇总。",
                  "Callaway and Sant'Anna's (2021) ATT(g,t) (outcome regression, balanced panel) with the simple, "
                  "group, dynamic and calendar aggregations.")
              : "");
    return e | report_model_md(b, m, en, 1);
}
