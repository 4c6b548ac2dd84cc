/* nqpf — the [growth] outputs: tables/growth.csv (the output of `nqpf
 * growth`), growth_summary.csv/.tex (mean TFP growth per unit), the TFP
 * index chart and the methods paragraph. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/growth.h"
#include "nqpf/svg.h"
#include "report_internal.h"

/* The value of growth.A as recorded, else of growth.B: the column or file
 * under whichever spelling the project used (growth.c). */
static const char *spelt(const nqpf_report *r, const char *a, const char *b)
{
    char ka[32], kb[32];
    snprintf(ka, sizeof ka, "growth.%s", a);
    snprintf(kb, sizeof kb, "growth.%s", b);
    return *report_opt(r, ka) ? report_opt(r, ka) : report_opt(r, kb);
}

static void print_growth_csv(FILE *fp, const void *ctx)
{
    const nqpf_report *r = ctx;
    nqpf_growth_write(fp, r->gr_U, r->gr_T, r->gr_unit, r->gr_period, r->gr, r->gr_row);
}

/* Mean TFP log growth over the unit's available steps and its span. */
typedef struct gstat {
    double mean, last_index;
    size_t steps;
    long first, last;  /* periods of the first and last step, -1 = none */
} gstat;

static gstat unit_stat(const nqpf_report *r, size_t u)
{
    size_t T = r->gr_T;
    gstat s = {NAN, NAN, 0, -1, -1};
    double sum = 0;
    for (size_t p = 0; p < T; p++) {
        double d = r->gr[(u * T + p) * 6 + 4];
        if (isnan(d))
            continue;
        sum += d, s.steps++;
        if (s.first < 0)
            s.first = (long)p - 1;
        s.last = (long)p;
    }
    if (s.steps)
        s.mean = sum / (double)s.steps, s.last_index = r->gr[(u * T + (size_t)s.last) * 6 + 5];
    return s;
}

static int report_growth_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                                nqpf_error *err)
{
    int rc = report_write_file(&tables->dir, "growth.csv", bom, print_growth_csv, r, err);
    if (rc)
        return rc;
    nqpf_buf_puts(written, "tables/growth.csv\n");
    char cap[300];
    snprintf(cap, sizeof cap, en ? "Growth-accounting TFP: mean log growth per period and the index in the last period%s%s"
                                 : "增长核算全要素生产率：年均对数增长率与末期指数%s%s",
             r->gr_base >= 0 ? L(en, "（基期", " (base ") : "", r->gr_base >= 0 ? r->gr_period[r->gr_base] : "");
    if (r->gr_base >= 0)
        snprintf(cap + strlen(cap), sizeof cap - strlen(cap), "%s", L(en, " = 1）", " = 1)"));
    rtable t;
    rt_init(&t, "growth_summary", cap,
        RT_COLS("unit", "name", "from", "to", "steps", "mean_dln_tfp", "tfp_index_last"));
    for (size_t u = 0; u < r->gr_U; u++) {
        gstat s = unit_stat(r, u);
        rt_add(&t, r->gr_unit[u], 0);
        rt_add(&t, r->gr_name[u], 0);
        rt_add(&t, s.first >= 0 ? r->gr_period[s.first] : "", 0);
        rt_add(&t, s.last >= 0 ? r->gr_period[s.last] : "", 0);
        rt_addi(&t, (double)s.steps);
        rt_add(&t, NULL, s.mean);
        rt_add(&t, NULL, s.last_index);
    }
    return report_emit(&t, tables, bom, 1, written, err);
}

static int report_growth_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t U = r->gr_U, T = r->gr_T;
    double *y = malloc((U * T + 1) * sizeof(double));
    int e = !y || html_heading(b, L(en, "增长核算全要素生产率", "Growth-accounting TFP"));
    for (size_t u = 0; !e && u < U; u++)
        for (size_t p = 0; p < T; p++)
            y[u * T + p] = r->gr[(u * T + p) * 6 + 5];
    if (!e)
        e |= svg_lines(b, "chart-growth", "growth", T, (const char *const *)r->gr_period, U,
                       (const char *const *)r->gr_name, y, NULL, NULL, L(en, "TFP指数", "TFP index"));
    free(y);
    char cap[700];
    snprintf(cap, sizeof cap,
             en ? "TFP index by unit (%s = 1), chained from Törnqvist growth dln A = dln Y − s̄ dln L − (1 − s̄) dln K "
                  "(output %s, capital %s, labour %s, labour share %s; data %s); an empty stretch is a missing input. "
                  "Per period in tables/growth.csv."
                : "各单位TFP指数（%s = 1），由Törnqvist增长率 dln A = dln Y − s̄ dln L − (1 − s̄) dln K 连乘而得"
                  "（产出 %s，资本 %s，劳动 %s，劳动份额 %s；数据 %s）；空缺表示投入缺失。逐期结果见tables/growth.csv。",
             r->gr_base >= 0 ? r->gr_period[r->gr_base] : L(en, "首个完整年份", "the first complete period"),
             spelt(r, "output", "value"), report_opt(r, "growth.capital"), report_opt(r, "growth.labour"),
             report_opt(r, "growth.share"), spelt(r, "data", "file"));
    e |= html_caption(b, cc, 0, cap);
    e |= nqpf_buf_printf(b, "<figure><table class=\"growth\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                            "<th>%s</th></tr></thead><tbody>",
                         L(en, "单位", "Unit"), L(en, "名称", "Name"), L(en, "时期", "Periods"),
                         L(en, "年均TFP增长（对数）", "Mean TFP growth (log)"), L(en, "末期指数", "Last index"));
    for (size_t u = 0; !e && u < U; u++) {
        gstat s = unit_stat(r, u);
        e |= nqpf_buf_puts(b, "<tr><td>");
        e |= nqpf_buf_html(b, r->gr_unit[u]);
        e |= nqpf_buf_puts(b, "</td><td>");
        e |= nqpf_buf_html(b, r->gr_name[u]);
        e |= nqpf_buf_puts(b, "</td><td>");
        if (s.steps) {
            e |= nqpf_buf_html(b, r->gr_period[s.first]);
            e |= nqpf_buf_puts(b, "–");
            e |= nqpf_buf_html(b, r->gr_period[s.last]);
        }
        e |= nqpf_buf_puts(b, "</td>");
        e |= html_td_num(b, s.mean, 4);
        e |= html_td_num(b, s.last_index, 4);
        e |= nqpf_buf_puts(b, "</tr>");
    }
    e |= nqpf_buf_puts(b, "</tbody></table>");
    e |= html_caption(b, cc, 1, L(en, "各单位年均TFP对数增长率（有数据的各期平均）与末期TFP指数；见tables/growth_summary.csv。",
                                  "Mean TFP log growth per period over each unit's available steps and its last TFP "
                                  "index; tables/growth_summary.csv."));
    return e ? -1 : 0;
}

static int report_growth_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const char *share = report_opt(r, "growth.share");
    double v;
    int constant = nqpf_parse_cell(share, strlen(share), &v, NULL) == NQPF_CELL_NUMBER;
    int e = nqpf_buf_puts(b, en ? "\n## Growth-accounting TFP\n\nData: `" : "\n## 增长核算全要素生产率\n\n数据：`");
    e |= report_md(b, r->growth_path);
    e |= nqpf_buf_printf(b, en ? "` (SHA-256 %s), %zu units × %zu periods. " : "`（SHA-256 %s），%zu个单位 × %zu期。",
                         r->growth_sha, r->gr_U, r->gr_T);
    e |= nqpf_buf_puts(b, en ? "Output Y = " : "产出 Y = ");
    e |= report_md(b, spelt(r, "output", "value"));
    e |= nqpf_buf_puts(b, en ? ", capital K = " : "，资本 K = ");
    e |= report_md(b, report_opt(r, "growth.capital"));
    e |= nqpf_buf_puts(b, en ? ", labour L = " : "，劳动 L = ");
    e |= report_md(b, report_opt(r, "growth.labour"));
    e |= nqpf_buf_puts(b, en ? ", labour share s = " : "，劳动份额 s = ");
    e |= report_md(b, share);
    e |= nqpf_buf_printf(
        b,
        en ? ". TFP growth between consecutive periods dln A_t = dln Y_t − s̄_t dln L_t − (1 − s̄_t) dln K_t with %s; "
             "the index chains exp(dln A) from 1 at the unit's first complete period%s%s%s and stays empty after a "
             "missing input. With Y = rgdpna, K = rkna, L = emp·avh·hc and s = labsh this is the definition of the "
             "Penn World Table's rtfpna (Feenstra, Inklaar & Timmer 2015), which it reproduces where hours (avh) are "
             "published. The same numbers as `nqpf growth` with the same options (tables/growth.csv).\n"
           : "。相邻两期TFP增长率 dln A_t = dln Y_t − s̄_t dln L_t − (1 − s̄_t) dln K_t，%s；指数自各单位首个完整年份起以 "
             "exp(dln A) 连乘%s%s%s，投入缺失后留空。取 Y = rgdpna、K = rkna、L = emp·avh·hc、s = labsh 时即宾大世界表 rtfpna 的定义"
             "（Feenstra、Inklaar和Timmer 2015），在公布工时（avh）的年份与之一致。结果与相同选项的 `nqpf growth` 完全一致"
             "（tables/growth.csv）。\n",
        constant ? L(en, "s̄ 为常数（Solow余值）", "a constant s̄ (the Solow residual)")
                 : L(en, "s̄_t = (s_{t−1} + s_t)/2（Törnqvist平均）", "s̄_t = (s_{t−1} + s_t)/2 (Törnqvist average)"),
        r->gr_base >= 0 ? L(en, "，并重新标定为基期 ", ", rescaled to 1 in ") : "",
        r->gr_base >= 0 ? r->gr_period[r->gr_base] : "", r->gr_base >= 0 ? L(en, " = 1", "") : "");
    return e;
}

/* the keys of `nqpf growth` (its table's project keys), and the report's
 * own: `file`, the old spelling of data, and `name` (growth.c) */
static const char *const GROWTH_KEYS[] = {"file", "name", NULL};
const report_section_def report_sec_growth = {
    .name = "growth",
    .opts = NQPF_GROWTH_OPTS,
    .n_opts = NQPF_GR_NOPTS,
    .keys = GROWTH_KEYS,
    .run = report_run_growth,
    .tables = report_growth_tables,
    .html = report_growth_html,
    .methods = report_growth_methods,
    .free = report_free_growth,
};
