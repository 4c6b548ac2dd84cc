/* nqpf — the [spreg] outputs: the coefficients with rho / lambda, sigma2
 * and the fit statistics (spreg_coef), the direct, indirect and total
 * effects (spreg_effects; LeSage & Pace 2009), the LM / Wald / LR tests
 * (spreg_tests), `nqpf spreg --out` verbatim (spreg_estimates.csv) and the
 * methods paragraph. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

static const char *const KIND[3] = {"direct:", "indirect:", "total:"};

static int is_effect(const char *term)
{
    for (int q = 0; q < 3; q++)
        if (!strncmp(term, KIND[q], strlen(KIND[q])))
            return 1;
    return 0;
}

static const char *term_of(const nqpf_table *o, size_t i)
{
    return nqpf_table_get(o, i, (size_t)nqpf_table_col(o, "term"));
}

static int coef_rows(const nqpf_report *r, rtable *t)
{
    const nqpf_table *o = r->econ->spreg.out;
    for (size_t i = 0; i < o->n_rows; i++) {
        if (is_effect(term_of(o, i)))
            continue;
        rt_add(t, term_of(o, i), 0);
        static const char *const c[] = {"estimate", "se", "z", "p"};
        for (int k = 0; k < 4; k++)
            report_add_num(t, report_cell(o, i, c[k]), k == 3);
    }
    return t->oom;
}

/* One row per regressor: estimate, se and p of each kind of effect. */
static int effect_rows(const nqpf_report *r, rtable *t)
{
    const nqpf_table *o = r->econ->spreg.out;
    for (size_t i = 0; i < o->n_rows; i++) {
        const char *term = term_of(o, i);
        if (strncmp(term, KIND[0], strlen(KIND[0])))
            continue;
        const char *var = term + strlen(KIND[0]);
        rt_add(t, var, 0);
        for (int q = 0; q < 3; q++) {
            char want[600];
            snprintf(want, sizeof want, "%s%s", KIND[q], var);
            size_t row = i;
            for (size_t j = 0; j < o->n_rows; j++)
                if (!strcmp(term_of(o, j), want))
                    row = j;
            report_add_num(t, report_cell(o, row, "estimate"), 0);
            report_add_num(t, report_cell(o, row, "se"), 0);
            report_add_num(t, report_cell(o, row, "p"), 1);
        }
    }
    return t->oom;
}

static int test_rows(const nqpf_report *r, rtable *t)
{
    const nqpf_table *d = r->econ->spreg.stats;
    for (size_t i = 0; i < d->n_rows; i++) {
        rt_add(t, nqpf_table_get(d, i, 0), 0);
        report_add_num(t, report_cell(d, i, "statistic"), 0);
        rt_addi(t, report_cell(d, i, "df"));
        report_add_num(t, report_cell(d, i, "p"), 1);
        rt_add(t, nqpf_table_get(d, i, 4), 0);
    }
    return t->oom;
}

/* Table k (0 coefficients, 1 effects, 2 tests) initialised and filled. */
static int make(const nqpf_report *r, int en, int k, rtable *t)
{
    static const char *const cc[] = {"term", "estimate", "se", "z", "p"};
    static const char *const ec[] = {"variable", "direct", "direct_se", "direct_p", "indirect", "indirect_se",
                                     "indirect_p", "total", "total_se", "total_p"};
    static const char *const tc[] = {"test", "statistic", "df", "p", "note"};
    switch (k) {
    case 0:
        rt_init(t, "spreg_coef",
                L(en, "空间计量模型估计：系数（W*X 为空间滞后项）、rho / lambda、sigma2 与拟合统计量（z 检验，极大似然）",
                  "Spatial regression: coefficients (W*X: spatial lags), rho / lambda, sigma2 and the fit statistics "
                  "(maximum likelihood, z tests)"),
                5, cc);
        return coef_rows(r, t);
    case 1:
        rt_init(t, "spreg_effects",
                L(en, "直接效应、间接效应（溢出）与总效应（LeSage & Pace 2009；标准误由参数模拟抽样得到）",
                  "Direct, indirect (spillover) and total effects (LeSage & Pace 2009; standard errors from "
                  "simulated parameter draws)"),
                10, ec);
        return effect_rows(r, t);
    default:
        rt_init(t, "spreg_tests",
                L(en, "模型检验：LM 与稳健 LM（滞后/误差），SDM 对 SAR、SEM 的 Wald 与 LR 检验",
                  "Specification tests: LM and robust LM (lag / error), Wald and LR tests of SDM against SAR and SEM"),
                5, tc);
        return test_rows(r, t);
    }
}

int report_spreg_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                        nqpf_error *err)
{
    int rc = NQPF_OK;
    rtable t;
    for (int k = 0; !rc && k < 3; k++) {
        make(r, en, k, &t);
        rc = report_emit(&t, tables, bom, 1, written, err);
    }
    return rc ? rc : report_emit_verbatim(r->econ->spreg.out, "spreg_estimates", bom, tables, written, err);
}

int report_spreg_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    int e = html_heading(b, L(en, "空间计量模型", "Spatial regression"));
    for (int k = 0; !e && k < 3; k++) {
        rtable t;
        e = make(r, en, k, &t) || (k && nqpf_buf_puts(b, "<figure>")) || report_html_rtable(b, &t) ||
            html_caption(b, cc, 1, t.caption);
        rt_free(&t);
    }
    return e ? -1 : 0;
}

int report_spreg_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const report_model *m = &r->econ->spreg;
    int e = nqpf_buf_puts(b, en ? "\n## Spatial regression\n\n" : "\n## 空间计量模型\n\n");
    e |= nqpf_buf_printf(
        b,
        en ? "Model %s of `%s` on `%s` with fixed effects %s%s, as `nqpf spreg` fits it with the same keys "
             "(docs/spreg.md: concentrated maximum likelihood, Elhorst 2014; ln|I - rho W| %s); W the edge list `%s`, "
             "style %s, matched to the units by id. Direct, indirect and total effects as LeSage & Pace (2009), "
             "standard errors from %s simulated parameter vectors (seed %s); LM tests on the OLS residuals, Wald and "
             "LR tests of SDM against SAR and SEM. "
           : "模型 %s，被解释变量 `%s`，解释变量 `%s`，固定效应 %s%s，与相同选项的 `nqpf spreg` 完全一致（docs/spreg.md：集中似然的极大似然估计，"
             "Elhorst 2014；ln|I - rho W| 取 %s）；空间权重为边表 `%s`（%s 标准化），按单位编号匹配。直接、间接与总效应按 LeSage 和 Pace（2009），"
             "标准误由 %s 次参数模拟抽样得到（种子 %s）；LM 检验基于 OLS 残差，并给出 SDM 对 SAR、SEM 的 Wald 与 LR 检验。",
        report_opt(r, "spreg.model"), report_opt(r, "spreg.y"), report_opt(r, "spreg.x"), report_opt(r, "spreg.fe"),
        !strcmp(report_opt(r, "spreg.lee-yu"), "yes") || !strcmp(report_opt(r, "spreg.lee-yu"), "true")
            ? L(en, "（Lee-Yu 偏差修正）", " (Lee-Yu bias correction)")
            : "",
        report_opt(r, "spreg.logdet"), report_opt(r, "spreg.weights"), report_opt(r, "spreg.style"),
        report_opt(r, "spreg.draws"), report_opt(r, "spreg.seed"));
    return e | report_model_md(b, m, en, 1);
}
