/* nqpf — [obstacle]: obstacle degree of each indicator and dimension, as
 * `nqpf obstacle` (include/nqpf/diagnose.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/diagnose.h"
#include "report_internal.h"
#include "nqpf/svg.h"

static int apply_obstacle(nqpf_report *r, const nqpf_optval *v, nqpf_error *err)
{
    int rc;
    /* `nqpf obstacle --top`: all rows on the command line, the 5 largest in the report's table */
    int given = v[NQPF_OBS_TOP].seen;
    r->top = given ? v[NQPF_OBS_TOP].z : 5;
    if (!given && (rc = report_record(r, "obstacle", "top", "5", err)))
        return rc;
    if (r->iopt.normalize != NQPF_NORM_MINMAX && r->iopt.normalize != NQPF_NORM_RATIO)
        return report_bad_section(r, "obstacle", "needs index.normalize = minmax or ratio (best value 1)", err);
    return NQPF_OK;
}

static int run_obstacle(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, J = r->sys->n_ind;
    if (r->iopt.normalize != NQPF_NORM_MINMAX && r->iopt.normalize != NQPF_NORM_RATIO)
        return nqpf_fail(err, NQPF_EINPUT, r->proj->path, 0, 0,
                         "[obstacle] needs index.normalize = minmax or ratio (best value 1)");
    r->obst = malloc(U * T * J * sizeof(double));
    r->obst_dim = calloc(U * T * r->n_dims, sizeof(double));
    double *I = malloc(U * J * sizeof(double)), *O = malloc(U * J * sizeof(double)), *Z = malloc(U * J * sizeof(double));
    int *best = malloc(U * sizeof(int));
    int rc = (!r->obst || !r->obst_dim || !I || !O || !Z || !best) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t t = 0; t < T && !rc; t++) {
        size_t blk = r->ix.per_period ? t : 0;
        for (size_t u = 0; u < U; u++)
            for (size_t j = 0; j < J; j++)
                Z[u * J + j] = *nqpf_panel_cell(r->panel, u, t, j);
        rc = nqpf_obstacle(Z, U, J, r->ix.w + blk * J, r->iopt.shift, I, O, best, err);
        for (size_t u = 0; u < U && !rc; u++)
            for (size_t j = 0; j < J; j++) {
                double v = O[u * J + j];
                r->obst[(u * T + t) * J + j] = v;
                for (size_t d = 0; d < r->n_dims; d++)
                    if (r->sys->ind[j].dimension == r->dim_node[d])
                        r->obst_dim[(u * T + t) * r->n_dims + d] += v;
            }
    }
    free(I), free(O), free(Z), free(best);
    return rc;
}

/* A row of tables/obstacle.csv (the layout of `nqpf obstacle`). */
static void obst_row(rtable *t, const char *period, const char *unit, const char *level, const char *name, double v)
{
    rt_add(t, period, 0);
    rt_add(t, unit, 0);
    rt_add(t, level, 0);
    rt_add(t, name, 0);
    rt_add(t, NULL, v);
}

static int report_obstacle_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                                  nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    int rc;
    rtable t;
    rt_init(&t, "obstacle", "obstacle", RT_COLS("period", "unit", "level", "name", "obstacle"));
    size_t J = r->sys->n_ind;
    for (size_t q = 0; q < T; q++)
        for (size_t u = 0; u < U; u++) {
            for (size_t d = 0; d < r->n_dims; d++)
                obst_row(&t, r->panel->periods[q], r->panel->units[u], "dimension", r->sys->nodes[r->dim_node[d]].name,
                         r->obst_dim[(u * T + q) * r->n_dims + d]);
            for (size_t j = 0; j < J; j++)
                obst_row(&t, r->panel->periods[q], r->panel->units[u], "indicator", r->sys->ind[j].column,
                         r->obst[(u * T + q) * J + j]);
        }
    if ((rc = report_emit(&t, tables, bom, 0, written, err)))
        return rc;
    return report_obstacle_top(r, en, bom, tables, written, err);
}

static int report_obstacle_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t U = r->U, T = r->T;
    const char *const *per = (const char *const *)r->panel->periods;
    char cap[512];
    int e = 0;
    e |= html_heading(b, L(en, "障碍因子诊断", "Obstacle factors"));
    /* one bar per unit; with many units (firm panels) only the OBST_MAX
     * lowest-ranked units, whose obstacles matter most, keep the chart readable */
    enum { OBST_MAX = 60 };
    size_t nb = U < OBST_MAX ? U : OBST_MAX;
    const char **dn = malloc(r->n_dims * sizeof(char *));
    const char **un = malloc(nb * sizeof(char *));
    double *v = malloc(nb * r->n_dims * sizeof(double));
    if (!dn || !un || !v)
        e = -1;
    for (size_t d = 0; !e && d < r->n_dims; d++)
        dn[d] = r->sys->nodes[r->dim_node[d]].name;
    size_t k = 0;
    for (size_t u = 0; !e && u < U && k < nb; u++) {
        if (U > OBST_MAX && r->ix.rank[u * T + T - 1] <= (double)(U - OBST_MAX))
            continue;
        un[k] = unit_name(r, en, u);
        for (size_t d = 0; d < r->n_dims; d++) {
            double x = r->obst_dim[(u * T + T - 1) * r->n_dims + d];
            v[k * r->n_dims + d] = isnan(x) ? 0 : x;
        }
        k++;
    }
    if (!e)
        e |= svg_stacked(b, "chart-obstacle", "obstacle", k, un, r->n_dims, dn, v, 1);
    free(dn), free(un), free(v);
    snprintf(cap, sizeof cap, en ? "Obstacle degree by dimension for each unit, %s (shares summing to 1); "
                                   "indicator level in tables/obstacle.csv."
                                 : "%s年各地区分维度障碍度（合计为1）；指标层障碍度见tables/obstacle.csv。",
             per[T - 1]);
    if (U > OBST_MAX) {
        size_t l = strlen(cap);
        snprintf(cap + l, sizeof cap - l, en ? " Shown: the %zu lowest-ranked of %zu units." : "图中为排名最低的%zu个地区（共%zu个）。", k, U);
    }
    e |= html_caption(b, cc, 0, cap);
    return e ? -1 : 0;
}

static int report_obstacle_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return nqpf_buf_printf(b, en ? "\n## Obstacle degree\n\nF_j = w_j, I_ij = 1 + shift − Z_ij, O_ij = F_j I_ij / Σ_j F_j I_ij; "
                                 "dimension obstacle = Σ of its indicators; shift = %s.\n"
                               : "\n## 障碍度\n\n因子贡献度 F_j = w_j，指标偏离度 I_ij = 1 + 平移量 − Z_ij，障碍度 O_ij = F_j I_ij / Σ_j F_j I_ij；"
                                 "维度障碍度为其指标之和；平移量 = %s。\n",
                         report_opt(r, "index.shift"));
}

const report_section_def report_sec_obstacle = {
    .name = "obstacle",
    .opts = NQPF_OBSTACLE_OPTS,
    .n_opts = NQPF_OBS_NOPTS,
    .apply = apply_obstacle,
    .run = run_obstacle,
    .tables = report_obstacle_tables,
    .html = report_obstacle_html,
    .methods = report_obstacle_methods,
};
