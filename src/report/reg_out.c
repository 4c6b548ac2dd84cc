/* nqpf — the [reg] outputs: the paper's regression table (reg_table.csv/.tex
 * and in the HTML: coefficients with stars, (se) below, FE Yes/No rows, N,
 * R², within R²; the layout of `nqpf reg --table`), the engine's numbers
 * in full (reg_coef.csv, reg_stats.csv) and the methods paragraph. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/* One column: a fit of one model (the main fit, or a --by group's, or a
 * path of --mediator); `first:` stages and marginal effects stay in
 * reg_coef.csv. */
typedef struct rcol {
    const report_model *m;
    const char *by, *fit;     /* by: NULL without --by */
    char label[200];
} rcol;

static const char *by_of(const nqpf_table *t, size_t i)
{
    return strcmp(t->header[0], "model") ? nqpf_table_get(t, i, 0) : NULL;
}

static const char *fit_of(const nqpf_table *t, size_t i)
{
    return nqpf_table_get(t, i, (size_t)nqpf_table_col(t, "model"));
}

static int is_fit(const char *f)
{
    return !strcmp(f, "ols") || !strcmp(f, "2sls") || !strcmp(f, "total") || !strcmp(f, "a") || !strcmp(f, "b");
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The rows of column c in its model's out table: row i belongs to c. */
static int in_col(const rcol *c, const nqpf_table *t, size_t i)
{
    return same(by_of(t, i), c->by) && !strcmp(fit_of(t, i), c->fit);
}

static rcol *columns(const nqpf_report *r, size_t *nc)
{
    const report_econ *e = r->econ;
    size_t n = 0, cap = 0;
    rcol *c = NULL;
    for (size_t k = 0; k < e->n_reg; k++) {
        const nqpf_table *t = e->reg[k].out;
        for (size_t i = 0; i < t->n_rows; i++) {
            const char *by = by_of(t, i), *fit = fit_of(t, i);
            int seen = !is_fit(fit);
            for (size_t q = 0; q < n && !seen; q++)
                seen = c[q].m == &e->reg[k] && same(c[q].by, by) && !strcmp(c[q].fit, fit);
            if (seen)
                continue;
            if (nqpf_grow((void **)&c, &cap, n + 1, sizeof *c)) {
                free(c);
                return NULL;
            }
            c[n] = (rcol){&e->reg[k], by, fit, ""};
            const char *name = strchr(e->reg[k].sec, '.');
            snprintf(c[n].label, sizeof c[n].label, "%s%s%s%s%s", name ? name + 1 : "", name && by ? " " : "",
                     by ? by : "", (name || by) && strcmp(fit, "ols") && strcmp(fit, "2sls") ? " " : "",
                     strcmp(fit, "ols") && strcmp(fit, "2sls") ? fit : "");
            n++;
        }
    }
    *nc = n;
    return c ? c : calloc(1, sizeof *c);
}

/* "%.*f" with the stars of p (*** < 0.01, ** < 0.05, * < 0.1), or "(se)". */
static void coef_text(const rcol *c, const char *term, int se_row, int digits, char *out, size_t size)
{
    const nqpf_table *t = c->m->out;
    out[0] = '\0';
    for (size_t i = 0; i < t->n_rows; i++) {
        if (!in_col(c, t, i) || strcmp(nqpf_table_get(t, i, (size_t)nqpf_table_col(t, "term")), term))
            continue;
        double b = report_cell(t, i, "estimate"), se = report_cell(t, i, "se"), p = report_cell(t, i, "p");
        if (isnan(b))
            continue;
        if (se_row)
            snprintf(out, size, "(%.*f)", digits, se);
        else
            snprintf(out, size, "%.*f%s", digits, b,
                     isnan(p) ? "" : p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : "");
    }
}

/* The distinct values of `what` over the columns, in order of first
 * appearance: terms (out tables) or absorbed effects (stats "levels:FE"). */
static const char **distinct(const rcol *c, size_t nc, int fe, size_t *n)
{
    const char **v = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t k = 0; k < nc; k++) {
        const nqpf_table *t = fe ? c[k].m->stats : c[k].m->out;
        long col = nqpf_table_col(t, fe ? "statistic" : "term");
        for (size_t i = 0; col >= 0 && i < t->n_rows; i++) {
            const char *s = nqpf_table_get(t, i, (size_t)col);
            if (!in_col(&c[k], t, i) || (fe && strncmp(s, "levels:", 7)))
                continue;
            s += fe ? 7 : 0;
            int seen = 0;
            for (size_t q = 0; q < *n && !seen; q++)
                seen = !strcmp(v[q], s);
            if (seen)
                continue;
            if (nqpf_grow((void **)&v, &cap, *n + 1, sizeof *v)) {
                free(v);
                return NULL;
            }
            v[(*n)++] = s;
        }
    }
    return v ? v : calloc(1, sizeof *v);
}

static int has_fe(const rcol *c, const char *fe)
{
    char key[300];
    snprintf(key, sizeof key, "levels:%s", fe);
    return !isnan(report_stat(c->m->stats, c->by, c->fit, key));
}

typedef struct paper {
    rtable t;
    rcol *c;
    size_t nc;
    char (*cs)[24];
    const char **cn;
    char cap[1200];
} paper;

static void paper_free(paper *p)
{
    rt_free(&p->t);
    free(p->c), free(p->cs), free(p->cn);
}

static const char *depvar(const nqpf_report *r, const rcol *c)
{
    char key[300];
    snprintf(key, sizeof key, "%s.%s", c->m->sec, !strcmp(c->fit, "a") ? "mediator" : "y");
    return report_opt(r, key);
}

static int se_note(const nqpf_report *r, const rcol *c, int en, char *out, size_t size)
{
    char k1[300], k2[300];
    snprintf(k1, sizeof k1, "%s.vce", c->m->sec);
    snprintf(k2, sizeof k2, "%s.cluster", c->m->sec);
    const char *vce = report_opt(r, k1), *cl = report_opt(r, k2);
    if (*cl && strcmp(vce, "iid") && strcmp(vce, "robust"))
        return snprintf(out, size, en ? "clustered by %s" : "按%s聚类", cl);
    return snprintf(out, size, "%s", !strcmp(vce, "robust") ? L(en, "异方差稳健（HC1）", "robust (HC1)")
                                                            : L(en, "经典（同方差）", "classical (iid)"));
}

/* The table of `nqpf reg --table` for all columns. */
static int build(const nqpf_report *r, int en, paper *p)
{
    int digits = (int)r->econ->digits;
    memset(p, 0, sizeof *p);
    if (!(p->c = columns(r, &p->nc)))
        return -1;
    size_t nc = p->nc, nt = 0, nf = 0;
    p->cs = malloc((nc + 1) * sizeof *p->cs);
    p->cn = malloc((nc + 1) * sizeof *p->cn);
    const char **terms = distinct(p->c, nc, 0, &nt), **fes = distinct(p->c, nc, 1, &nf);
    if (!p->cs || !p->cn || !terms || !fes) {
        free(terms), free(fes);
        return -1;
    }
    p->cn[0] = "";
    for (size_t k = 0; k < nc; k++) {
        snprintf(p->cs[k], sizeof p->cs[k], "(%zu)", k + 1);
        p->cn[k + 1] = p->cs[k];
    }
    /* the standard errors' kind, once when the columns share it */
    char note[300] = "", one[300];
    for (size_t k = 0; k < nc; k++) {
        se_note(r, &p->c[k], en, one, sizeof one);
        if (k && strcmp(one, note)) {
            snprintf(note, sizeof note, "%s", L(en, "各列见方法说明", "as each model's methods note says"));
            break;
        }
        snprintf(note, sizeof note, "%s", one);
    }
    snprintf(p->cap, sizeof p->cap,
             en ? "Regression results: coefficients with *** p<0.01, ** p<0.05, * p<0.1; standard errors (%s) in "
                  "parentheses; full estimates in tables/reg_coef.csv"
                : "回归结果：系数（*** p<0.01，** p<0.05，* p<0.1），括号内为标准误（%s）；完整估计见tables/reg_coef.csv",
             note);
    rt_init(&p->t, "reg_table", p->cap, nc + 1, p->cn);
    char buf[128];
    int any_label = 0;
    rt_add(&p->t, "", 0);
    for (size_t k = 0; k < nc; k++) {
        rt_add(&p->t, depvar(r, &p->c[k]), 0);
        any_label |= p->c[k].label[0] != '\0';
    }
    for (size_t k = 0; any_label && k <= nc; k++)
        rt_add(&p->t, k ? p->c[k - 1].label : "", 0);
    for (size_t i = 0; i < nt; i++)
        for (int se_row = 0; se_row < 2; se_row++) {
            rt_add(&p->t, se_row ? "" : terms[i], 0);
            for (size_t k = 0; k < nc; k++) {
                coef_text(&p->c[k], terms[i], se_row, digits, buf, sizeof buf);
                rt_add(&p->t, buf, 0);
            }
        }
    for (size_t g = 0; g < nf; g++) {
        snprintf(buf, sizeof buf, "FE: %.100s", fes[g]);
        rt_add(&p->t, buf, 0);
        for (size_t k = 0; k < nc; k++)
            rt_add(&p->t, has_fe(&p->c[k], fes[g]) ? "Yes" : "No", 0);
    }
    static const char *const stat[3] = {"N", "r2", "r2_within"};
    static const char *const stat_name[3] = {"N", "R2", "Within R2"};
    for (int s = 0; s < 3; s++) {
        rt_add(&p->t, stat_name[s], 0);
        for (size_t k = 0; k < nc; k++) {
            double v = report_stat(p->c[k].m->stats, p->c[k].by, p->c[k].fit, stat[s]);
            snprintf(buf, sizeof buf, "%.*f", s ? digits : 0, v);
            rt_add(&p->t, buf, 0);
        }
    }
    rt_add(&p->t, "Standard errors in parentheses; *** p<0.01, ** p<0.05, * p<0.1", 0);
    for (size_t k = 0; k < nc; k++)
        rt_add(&p->t, "", 0);
    free(terms), free(fes);
    return p->t.oom ? -1 : 0;
}

/* reg_coef.csv or reg_stats.csv: every model's engine output, verbatim. */
static int long_table(const nqpf_report *r, int stats, int bom, report_sink *tables, nqpf_buf *written,
                      nqpf_error *err)
{
    static const char *const cc[] = {"section", "by", "model", "term", "estimate", "se", "t", "p", "ci_lo", "ci_hi"};
    static const char *const sc[] = {"section", "by", "model", "statistic", "value"};
    const report_econ *e = r->econ;
    rtable t;
    rt_init(&t, stats ? "reg_stats" : "reg_coef", stats ? "nqpf reg --stats of each model" : "nqpf reg --out of each model",
            stats ? 5 : 10, stats ? sc : cc);
    for (size_t k = 0; k < e->n_reg; k++) {
        const nqpf_table *src = stats ? e->reg[k].stats : e->reg[k].out;
        int has_by = strcmp(src->header[0], "model") != 0;
        for (size_t i = 0; i < src->n_rows; i++) {
            rt_add(&t, e->reg[k].sec, 0);
            rt_add(&t, has_by ? nqpf_table_get(src, i, 0) : "", 0);
            for (size_t c = (size_t)has_by; c < src->n_cols; c++)
                rt_add(&t, nqpf_table_get(src, i, c), 0);
        }
    }
    return report_emit(&t, tables, bom, 0, written, err);
}

int report_reg_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                      nqpf_error *err)
{
    paper p;
    if (build(r, en, &p)) {
        paper_free(&p);
        return nqpf_fail_nomem(err);
    }
    int rc = report_emit(&p.t, tables, bom, 1, written, err);
    paper_free(&p);
    if (!rc)
        rc = long_table(r, 0, bom, tables, written, err);
    return rc ? rc : long_table(r, 1, bom, tables, written, err);
}

int report_reg_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    paper p;
    int e = build(r, en, &p) || html_heading(b, L(en, "回归分析", "Regression analysis"));
    e = e || report_html_rtable(b, &p.t) || html_caption(b, cc, 1, p.cap);
    paper_free(&p);
    return e ? -1 : 0;
}

int report_reg_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const report_econ *ec = r->econ;
    int e = nqpf_buf_puts(b, en ? "\n## Regressions\n\n" : "\n## 回归分析\n\n");
    e |= nqpf_buf_puts(
        b, en ? "Each column of tables/reg_table.csv is one model, fitted as `nqpf reg` fits it with the same keys "
                "(least squares, or 2SLS with `iv`; absorbed fixed effects projected out as Stata's reghdfe; "
                "iid, HC1 or multi-way clustered standard errors with reghdfe's small-sample factors; rows with a "
                "missing cell dropped listwise and singleton groups iteratively; docs/reg.md). The variable "
                "`score` is the NQPF index computed above, matched on the unit and period columns, unless the "
                "data file has a column of that name. Models:\n\n"
              : "tables/reg_table.csv 的每一列为一个模型，与相同选项的 `nqpf reg` 完全一致（最小二乘，或 `iv` 给出时为两阶段最小二乘；"
                "吸收的固定效应按Stata reghdfe的方法投影剔除；普通、HC1稳健或多维聚类标准误，小样本调整同reghdfe；"
                "含缺失值的行整行删除，单例组迭代删除；见docs/reg.md）。变量 `score` 为上文测算的新质生产力指数，"
                "按个体与时期列匹配（数据文件自带同名列时用该列）。各模型：\n\n");
    for (size_t k = 0; k < ec->n_reg; k++) {
        const report_model *m = &ec->reg[k];
        char key[300];
        static const char *const keys[] = {"y", "x", "absorb", "iv", "vce", "cluster", "by", "mediator"};
        e |= nqpf_buf_printf(b, "- [%s]: ", m->sec);
        for (size_t q = 0; q < sizeof keys / sizeof *keys; q++) {
            snprintf(key, sizeof key, "%s.%s", m->sec, keys[q]);
            const char *v = report_opt(r, key);
            if (*v) {
                e |= nqpf_buf_printf(b, "%s = `", keys[q]);
                e |= report_md_around(b, "", v, "`; ");
            }
        }
        e |= report_model_md(b, m, en, 0);
    }
    return e;
}
