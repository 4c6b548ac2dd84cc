/* nqpf — [gini], [theil], [converge]: regional disparity of the index by
 * group (Dagum Gini, Theil) and its σ/β convergence (beta.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/convergence.h"
#include "nqpf/disparity_csv.h"
#include "report_internal.h"
#include "nqpf/svg.h"

/* The scores of period t and each unit's group; a negative score is an
 * error when `nonneg` (Gini and Theil need y >= 0). */
static int period_scores(const nqpf_report *r, size_t t, int nonneg, double *y, size_t *g, nqpf_error *err)
{
    for (size_t u = 0; u < r->U; u++) {
        y[u] = report_score(r, u, t);
        g[u] = r->n_groups ? r->unit_group[u] : 0;
        if (y[u] < 0 && nonneg)
            return nqpf_fail(err, NQPF_EMATH, r->data_path, 0, 0,
                             "period %s: unit '%s' has a negative index score; Gini/Theil need scores >= 0 "
                             "(use a non-negative normalisation)", r->panel->periods[t], r->panel->units[u]);
    }
    return NQPF_OK;
}

/* One statistic of the groups per period: Dagum's Gini (kind 0), Theil (1),
 * σ (2); an engine error is placed in the data file. */
static int run_by_period(nqpf_report *r, int kind, nqpf_error *err)
{
    size_t U = r->U, T = r->T, k = r->n_groups ? r->n_groups : 1;
    double *y = malloc(U * sizeof(double));
    size_t *g = malloc(U * sizeof(size_t));
    int rc = (!y || !g) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc && kind == 0 && !(r->gini = calloc(T, sizeof *r->gini)))
        rc = nqpf_fail_nomem(err);
    if (!rc && kind == 1 && !(r->theil = calloc(T, sizeof *r->theil)))
        rc = nqpf_fail_nomem(err);
    if (!rc && kind == 2 && !(r->sigma = calloc(T * 4, sizeof(double))))
        rc = nqpf_fail_nomem(err);
    for (size_t t = 0; t < T && !rc; t++) {
        rc = period_scores(r, t, kind < 2, y, g, err);
        if (!rc && kind == 0)
            rc = nqpf_dagum_gini(y, g, U, k, &r->gini[t], err);
        if (!rc && kind == 1)
            rc = nqpf_theil(y, g, U, k, &r->theil[t], err);
        if (!rc && kind == 2) {
            nqpf_sigma s;
            nqpf_sigma_stats(y, U, &s);
            r->sigma[t * 4] = s.sd_pop, r->sigma[t * 4 + 1] = s.cv_pop, r->sigma[t * 4 + 2] = s.sd_log_pop;
            r->sigma[t * 4 + 3] = s.mean;
        }
        if (rc && !strstr(err->msg, "period"))
            snprintf(err->file, sizeof err->file, "%s", r->data_path);
    }
    free(y), free(g);
    return rc;
}

/* [gini] and [theil] compare groups: they need a [group] section. */
static int need_groups(nqpf_report *r, const char *sec, nqpf_error *err)
{
    const nqpf_project_section *s = nqpf_project_section_get(r->proj, sec);
    if (r->n_groups)
        return NQPF_OK;
    return nqpf_fail(err, NQPF_EINPUT, r->proj->path, s->line, s->col, "[%s] needs a [group] section", s->name);
}

static int read_gini(nqpf_report *r, nqpf_error *err)
{
    return need_groups(r, "gini", err);
}

static int read_theil(nqpf_report *r, nqpf_error *err)
{
    return need_groups(r, "theil", err);
}

static int run_gini(nqpf_report *r, nqpf_error *err)
{
    return run_by_period(r, 0, err);
}

static int run_theil(nqpf_report *r, nqpf_error *err)
{
    return run_by_period(r, 1, err);
}

/* σ, then β (beta.c, which reads [converge]'s keys) */
static int run_converge(nqpf_report *r, nqpf_error *err)
{
    int rc = run_by_period(r, 2, err);
    return rc ? rc : report_run_beta(r, err);
}

/* The long table of `nqpf gini`, written by the same library writer
 * (disparity_csv.h), so that tables/gini.csv matches the subcommand byte
 * for byte. */
static void print_gini_long(FILE *fp, const void *ctx)
{
    const nqpf_report *r = ctx;
    fputs(NQPF_DAGUM_CSV_LONG_HEADER, fp);
    for (size_t t = 0; t < r->T; t++)
        nqpf_dagum_csv_long(fp, r->panel->periods[t], &r->gini[t], r->group);
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

static int report_gini_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                              nqpf_error *err)
{
    size_t T = r->T;
    int rc;
    rtable t;
    if ((rc = report_write_file(&tables->dir, "gini.csv", bom, print_gini_long, r, err)))
        return rc;
    nqpf_buf_puts(written, "tables/gini.csv\n");
    static const char *cz[] = {"年份", "G", "Gw", "Gnb", "Gt", "Gw贡献率", "Gnb贡献率", "Gt贡献率"};
    static const char *ce[] = {"period", "G", "Gw", "Gnb", "Gt", "Gw share", "Gnb share", "Gt share"};
    rt_init(&t, "gini_summary", en ? "Dagum Gini decomposition" : "Dagum基尼系数及其分解", 8, en ? ce : cz);
    for (size_t q = 0; q < T; q++) {
        const nqpf_dagum *d = &r->gini[q];
        double G = d->Gw + d->Gnb + d->Gt;
        rt_add(&t, r->panel->periods[q], 0);
        RT_NUMS(&t, d->G, d->Gw, d->Gnb, d->Gt, G > 0 ? d->Gw / G : NAN, G > 0 ? d->Gnb / G : NAN,
                G > 0 ? d->Gt / G : NAN);
    }
    return report_emit(&t, tables, bom, 1, written, err);
}

static int report_gini_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t T = r->T, G = r->n_groups;
    const char *const *per = (const char *const *)r->panel->periods;
    char cap[512];
    int e = 0;
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
    e |= html_caption(b, cc, 0, L(en, "总体基尼系数的来源贡献率（区域内、区域间、超变密度，合计为1）。",
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
    e |= html_caption(b, cc, 1, cap);
    return e ? -1 : 0;
}

static int report_gini_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return nqpf_buf_printf(b, en ? "\n## Dagum Gini decomposition\n\nBy `%s` (%zu groups). G = Σ_j Σ_h Σ_i Σ_r |y_ji − y_hr| "
                                 "/ (2 n² μ) = Gw + Gnb + Gt (Dagum 1997), all Ginis normalised by n² (no n/(n−1)); "
                                 "G_jj within, G_jh between groups, D_jh relative affluence.\n"
                               : "\n## Dagum基尼系数分解\n\n分组：%s（%zu组）。G = Σ_j Σ_h Σ_i Σ_r |y_ji − y_hr| / (2 n² μ) = "
                                 "Gw + Gnb + Gt（Dagum 1997），均按 n² 归一（不乘 n/(n−1)）；G_jj 为区域内、G_jh 为区域间基尼系数，D_jh 为相对经济影响。\n",
                         en ? report_opt(r, "group.column") : group_zh(r), r->n_groups);
}

static int report_theil_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                               nqpf_error *err)
{
    size_t T = r->T;
    rtable t;
    rt_init(&t, "theil", en ? "Theil indices" : "泰尔指数及其分解", RT_COLS("period", "T", "Tb", "Tw", "L", "Lb", "Lw"));
    for (size_t q = 0; q < T; q++) {
        const nqpf_theil_result *h = &r->theil[q];
        rt_add(&t, r->panel->periods[q], 0);
        RT_NUMS(&t, h->T, h->Tb, h->Tw, h->L, h->Lb, h->Lw);
    }
    return report_emit(&t, tables, bom, 1, written, err);
}

static int report_theil_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return nqpf_buf_puts(b, en ? "\n## Theil\n\nT = (1/n) Σ (y/μ) ln(y/μ) = Tb + Tw; L = (1/n) Σ ln(μ/y) = Lb + Lw.\n"
                             : "\n## 泰尔指数\n\nT = (1/n) Σ (y/μ) ln(y/μ) = Tb + Tw；L = (1/n) Σ ln(μ/y) = Lb + Lw。\n");
}

static int report_converge_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                                  nqpf_error *err)
{
    size_t T = r->T;
    int rc;
    rtable t;
    rt_init(&t, "sigma", en ? "Sigma convergence" : "σ收敛", RT_COLS("period", "mean", "sd", "cv", "sd_log"));
    for (size_t q = 0; q < T; q++) {
        rt_add(&t, r->panel->periods[q], 0);
        RT_NUMS(&t, r->sigma[q * 4 + 3], r->sigma[q * 4], r->sigma[q * 4 + 1], r->sigma[q * 4 + 2]);
    }
    if ((rc = report_emit(&t, tables, bom, 1, written, err)))
        return rc;
    return report_beta_tables(r, en, bom, tables, written, err);
}

static int report_converge_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t T = r->T;
    const char *const *per = (const char *const *)r->panel->periods;
    int e = 0;
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
    e |= html_caption(b, cc, 0, L(en, "综合指数变异系数（总体标准差/均值）；下降表示σ收敛。",
                      "Coefficient of variation of the index (population SD / mean); a decline means "
                      "sigma convergence."));
    e |= report_beta_html(r, en, cc, b);
    return e ? -1 : 0;
}

static int report_converge_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    int e = nqpf_buf_puts(b, en ? "\n## Convergence\n\nσ: CV_t = SD_t / mean_t with the population SD (divisor n).\n"
                             : "\n## 收敛分析\n\nσ收敛：CV_t = SD_t / 均值_t，标准差取总体标准差（除以n）。\n");
    return e | report_beta_methods(r, b, en);
}

const report_section_def report_sec_gini = {
    .name = "gini",
    .read = read_gini,
    .run = run_gini,
    .tables = report_gini_tables,
    .html = report_gini_html,
    .methods = report_gini_methods,
};
const report_section_def report_sec_theil = {
    .name = "theil",
    .read = read_theil,
    .run = run_theil,
    .tables = report_theil_tables,
    .methods = report_theil_methods,
};
const report_section_def report_sec_converge = {
    .name = "converge",
    .opts = NQPF_CONVERGE_OPTS,
    .n_opts = NQPF_CONV_NOPTS,
    .run = run_converge,
    .tables = report_converge_tables,
    .html = report_converge_html,
    .methods = report_converge_methods,
    .free = report_free_beta,
};
