/* nqpf — [kde]: kernel density of the index per period, as `nqpf kde`
 * (its option table, include/nqpf/compare_opts.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "report_internal.h"
#include "nqpf/svg.h"

/* the keys and defaults of `nqpf kde` (include/nqpf/compare_opts.h) */
static int apply_kde(nqpf_report *r, const nqpf_optval *v, nqpf_error *err)
{
    r->kernel = (nqpf_kernel)v[NQPF_KDE_KERNEL].i;
    r->bw = (nqpf_bw_rule)v[NQPF_KDE_BW].i;
    r->bw_fixed = v[NQPF_KDE_BANDWIDTH].seen;
    r->bandwidth = v[NQPF_KDE_BANDWIDTH].num;
    r->kde_m = v[NQPF_KDE_GRID].z;
    return NQPF_OK;
}

static int run_kde(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, m = r->kde_m;
    r->kde_grid = malloc(m * sizeof(double));
    r->kde_h = malloc(T * sizeof(double));
    r->kde_dens = malloc(T * m * sizeof(double));
    double *y = malloc(U * sizeof(double));
    int rc = (!r->kde_grid || !r->kde_h || !r->kde_dens || !y) ? nqpf_fail_nomem(err) : NQPF_OK;
    double lo = INFINITY, hi = -INFINITY, hmax = 0;
    for (size_t t = 0; t < T && !rc; t++) {
        for (size_t u = 0; u < U; u++)
            y[u] = report_score(r, u, t), lo = fmin(lo, y[u]), hi = fmax(hi, y[u]);
        if (r->bw_fixed)
            r->kde_h[t] = r->bandwidth;
        else
            rc = nqpf_kde_bandwidth(y, U, r->bw, &r->kde_h[t], err);
        if (!rc)
            hmax = fmax(hmax, r->kde_h[t]);
    }
    /* the grid of `nqpf kde`: data range widened by 3 bandwidths */
    double a = lo - 3.0 * hmax, b = hi + 3.0 * hmax;
    for (size_t gq = 0; gq < m && !rc; gq++)
        r->kde_grid[gq] = gq + 1 == m ? b : a + (b - a) * (double)gq / (double)(m - 1);
    for (size_t t = 0; t < T && !rc; t++) {
        for (size_t u = 0; u < U; u++)
            y[u] = report_score(r, u, t);
        rc = nqpf_kde_eval(y, U, r->kernel, r->kde_h[t], r->kde_grid, m, r->kde_dens + t * m, err);
    }
    free(y);
    return rc;
}

static int report_kde_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                             nqpf_error *err)
{
    size_t T = r->T;
    rtable t;
    rt_init(&t, "kde", "kde", RT_COLS("period", "x", "density", "bandwidth", "kernel"));
    for (size_t q = 0; q < T; q++)
        for (size_t g = 0; g < r->kde_m; g++) {
            rt_add(&t, r->panel->periods[q], 0);
            RT_NUMS(&t, r->kde_grid[g], r->kde_dens[q * r->kde_m + g], r->kde_h[q]);
            rt_add(&t, nqpf_kernel_name(r->kernel), 0);
        }
    return report_emit(&t, tables, bom, 0, written, err);
}

static int report_kde_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t T = r->T;
    const char *const *per = (const char *const *)r->panel->periods;
    char cap[512];
    int e = 0;
    e |= html_heading(b, L(en, "分布动态：核密度估计", "Distributional dynamics: kernel density"));
    size_t m = r->kde_m, step = T > 6 ? (T + 5) / 6 : 1, nk = 0;
    double *kd = malloc(T * m * sizeof(double));
    const char **kn = malloc(T * sizeof(char *));
    if (!kd || !kn)
        e = -1;
    for (size_t t = 0; !e && t < T; t += step) {
        memcpy(kd + nk * m, r->kde_dens + t * m, m * sizeof(double));
        kn[nk++] = per[t];
    }
    if (!e && (T - 1) % step) {
        memcpy(kd + nk * m, r->kde_dens + (T - 1) * m, m * sizeof(double));
        kn[nk++] = per[T - 1];
    }
    char **xl = malloc(m * sizeof(char *));
    char (*xs)[24] = malloc(m * sizeof *xs);
    for (size_t g = 0; xl && xs && g < m; g++) {
        snprintf(xs[g], sizeof xs[g], "%.2f", r->kde_grid[g]);
        xl[g] = xs[g];
    }
    if (!e && xl && xs)
        e |= svg_lines(b, "chart-kde", "kde", m, (const char *const *)xl, nk, kn, kd, NULL, NULL,
                       L(en, "密度", "density"));
    free(xl), free(xs), free(kd), free(kn);
    snprintf(cap, sizeof cap, en ? "Kernel density of the index in selected periods (%s kernel, %s bandwidth)."
                                 : "部分年份综合指数的核密度（%s核，%s带宽）。",
             nqpf_kernel_name(r->kernel), r->bw_fixed ? "fixed" : nqpf_bw_rule_name(r->bw));
    e |= html_caption(b, cc, 0, cap);
    return e ? -1 : 0;
}

static int report_kde_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    size_t T = r->T;
    int e = 0;
    char h[40];
    nqpf_format_double(r->kde_h[T - 1], h, sizeof h);
    e |= nqpf_buf_printf(b, en ? "\n## Kernel density\n\nKernel: %s; bandwidth: %s (h = %s in %s); %zu grid points "
                                 "from min − 3h_max to max + 3h_max. Silverman: h = 0.9 min(sd, IQR/1.34) n^(−1/5).\n"
                               : "\n## 核密度估计\n\n核函数：%s；带宽：%s（%s年 h = %s）；网格%zu点，范围 min − 3h_max 至 max + 3h_max。"
                                 "Silverman 规则：h = 0.9 min(sd, IQR/1.34) n^(−1/5)。\n",
                         report_lang_value(en, nqpf_kernel_name(r->kernel)), report_lang_value(en, r->bw_fixed ? "fixed" : nqpf_bw_rule_name(r->bw)),
                         en ? h : r->panel->periods[T - 1], en ? r->panel->periods[T - 1] : h, r->kde_m);
    return e;
}

const report_section_def report_sec_kde = {
    .name = "kde",
    .opts = NQPF_KDE_OPTS,
    .n_opts = NQPF_KDE_NOPTS,
    .apply = apply_kde,
    .run = run_kde,
    .tables = report_kde_tables,
    .html = report_kde_html,
    .methods = report_kde_methods,
};
