/* nqpf — [forecast]: GM(1,1) forecasts of the group means, as
 * `nqpf forecast` (include/nqpf/diagnose.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/diagnose.h"
#include "report_internal.h"
#include "nqpf/svg.h"

static int apply_forecast(nqpf_report *r, const nqpf_optval *v, nqpf_error *err)
{
    r->horizon = v[NQPF_FC_HORIZON].z;
    r->gm_alpha = v[NQPF_FC_ALPHA].num;
    return NQPF_OK;
}

static int run_forecast(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    r->n_series = r->n_groups + 1;
    r->series = calloc(r->n_series * T, sizeof(double));
    r->gm = calloc(r->n_series, sizeof *r->gm);
    r->gm_ok = calloc(r->n_series, sizeof(int));
    r->gm_note = calloc(r->n_series, sizeof(char *));
    if (!r->series || !r->gm || !r->gm_ok || !r->gm_note)
        return nqpf_fail_nomem(err);
    for (size_t s = 0; s < r->n_series; s++)
        for (size_t t = 0; t < T; t++) {
            double sum = 0;
            size_t n = 0;
            for (size_t u = 0; u < U; u++)
                if (s == r->n_groups || r->unit_group[u] == s)
                    sum += report_score(r, u, t), n++;
            r->series[s * T + t] = sum / (double)n;
        }
    nqpf_gm11_opts go;
    nqpf_gm11_opts_default(&go);
    go.alpha = r->gm_alpha;
    for (size_t s = 0; s < r->n_series; s++) {
        nqpf_error e;
        nqpf_error_clear(&e);
        if (T < 4)
            r->gm_note[s] = nqpf_strdup("GM(1,1) needs at least 4 periods");
        else if (nqpf_gm11_fit(r->series + s * T, T, r->horizon, &go, &r->gm[s], &e) == 0)
            r->gm_ok[s] = 1;
        else
            r->gm_note[s] = nqpf_strdup(e.msg); /* degenerate series: reported per series, not fatal */
        if (!r->gm_ok[s] && !r->gm_note[s])
            return nqpf_fail_nomem(err);
    }
    return NQPF_OK;
}

static int report_forecast_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                                  nqpf_error *err)
{
    size_t T = r->T;
    const nqpf_panel *p = r->panel;
    int rc;
    rtable t;
    rt_init(&t, "forecast", "forecast",
        RT_COLS("series", "period", "actual", "fitted", "lower", "upper", "a", "b", "C", "P"));
    for (size_t s = 0; s < r->n_series; s++) {
        const char *nm = s < r->n_groups ? r->group[s] : L(en, "全国", "All");
        if (!r->gm_ok[s])
            continue;
        const nqpf_gm11 *g = &r->gm[s];
        for (size_t q = 0; q < T + r->horizon; q++) {
            char per[64];
            if (q < T)
                snprintf(per, sizeof per, "%s", p->periods[q]);
            else if (p->periods_numeric)
                snprintf(per, sizeof per, "%.17g", p->period_value[T - 1] + (double)(q - T + 1) *
                             (T > 1 ? p->period_value[T - 1] - p->period_value[T - 2] : 1));
            else
                snprintf(per, sizeof per, "+%zu", q - T + 1);
            double f = g->x0hat[q], band = 1.959963984540054 * g->S2;
            rt_add(&t, nm, 0);
            rt_add(&t, per, 0);
            RT_NUMS(&t, q < T ? r->series[s * T + q] : NAN, f, f - band, f + band, g->a, g->b, g->C, g->P);
        }
    }
    if ((rc = report_emit(&t, tables, bom, 0, written, err)))
        return rc;
    return report_gm_accuracy(r, en, bom, tables, written, err);
}

static int report_forecast_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t T = r->T, G = r->n_groups;
    const char *const *per = (const char *const *)r->panel->periods;
    char cap[512];
    int e = 0;
    e |= html_heading(b, L(en, "GM(1,1)预测", "GM(1,1) forecasts"));
    size_t H = r->horizon, nx = T + H, k = 0;
    double *fy = malloc(r->n_series * nx * sizeof(double)), *flo = malloc(r->n_series * nx * sizeof(double));
    double *fhi = malloc(r->n_series * nx * sizeof(double));
    const char **fn = malloc(r->n_series * sizeof(char *));
    char **xl = malloc(nx * sizeof(char *));
    char (*xs)[32] = malloc(nx * sizeof *xs);
    if (!fy || !flo || !fhi || !fn || !xl || !xs)
        e = -1;
    for (size_t i = 0; !e && i < nx; i++) {
        if (i < T)
            snprintf(xs[i], sizeof xs[i], "%s", per[i]);
        else if (r->panel->periods_numeric)
            snprintf(xs[i], sizeof xs[i], "%.17g",
                     r->panel->period_value[T - 1] +
                         (double)(i - T + 1) * (T > 1 ? r->panel->period_value[T - 1] - r->panel->period_value[T - 2] : 1));
        else
            snprintf(xs[i], sizeof xs[i], "+%zu", i - T + 1);
        xl[i] = xs[i];
    }
    for (size_t s = 0; !e && s < r->n_series; s++) {
        if (!r->gm_ok[s])
            continue;
        fn[k] = s < G ? r->group[s] : L(en, "全部", "All");
        for (size_t i = 0; i < nx; i++) {
            double band = 1.959963984540054 * r->gm[s].S2;
            fy[k * nx + i] = i < T ? r->series[s * T + i] : r->gm[s].x0hat[i];
            flo[k * nx + i] = i < T ? NAN : r->gm[s].x0hat[i] - band;
            fhi[k * nx + i] = i < T ? NAN : r->gm[s].x0hat[i] + band;
        }
        k++;
    }
    if (!e && k)
        e |= svg_lines(b, "chart-forecast", "forecast", nx, (const char *const *)xl, k, fn, fy, flo, fhi,
                       L(en, "平均得分", "mean score"));
    free(fy), free(flo), free(fhi), free(fn), free(xl), free(xs);
    snprintf(cap, sizeof cap, en ? "Group means and GM(1,1) forecasts %zu steps ahead; shaded: forecast "
                                   "± 1.96 × residual SD (an approximate band)."
                                 : "区域均值及其GM(1,1)向后%zu期预测；阴影为预测值 ± 1.96倍残差标准差（近似区间）。",
             H);
    e |= html_caption(b, cc, 0, cap);
    return e ? -1 : 0;
}

static int report_forecast_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return nqpf_buf_printf(b, en ? "\n## GM(1,1) forecast\n\nSeries: mean index of each group and of all units. x1 = AGO(x0), "
                                 "z(k) = α x1(k) + (1−α) x1(k−1) with α = %s, least squares for a, b; horizon %zu. "
                                 "Band: forecast ± 1.96 × residual SD (approximate, assumes normal residuals).\n"
                               : "\n## GM(1,1)预测\n\n序列：各区域及全体地区的指数均值。x1 = AGO(x0)，z(k) = α x1(k) + (1−α) x1(k−1)，α = %s，"
                                 "最小二乘估计 a、b；预测步数 %zu。区间：预测值 ± 1.96 × 残差标准差（近似，假设残差正态）。\n",
                         report_opt(r, "forecast.alpha"), r->horizon);
}

const report_section_def report_sec_forecast = {
    .name = "forecast",
    .opts = NQPF_FORECAST_OPTS,
    .n_opts = NQPF_FC_NOPTS,
    .apply = apply_forecast,
    .run = run_forecast,
    .tables = report_forecast_tables,
    .html = report_forecast_html,
    .methods = report_forecast_methods,
};
