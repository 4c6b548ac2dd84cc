/* nqpf — [moran] and [lisa]: global and local Moran's I of the index on the
 * map's contiguity weights, as `nqpf moran` / `nqpf lisa`
 * (include/nqpf/spatial_opts.h).  One figure and one methods paragraph for
 * both sections, written by the first present. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/spatial_opts.h"
#include "report_internal.h"
#include "map.h"
#include "nqpf/svg.h"

/* [moran] and [lisa] work on the map's weights: without [map], an error at the section. */
static int needs_map(const nqpf_report *r, const char *sec, nqpf_error *err)
{
    return r->geojson_path ? NQPF_OK : report_bad_section(r, sec, "needs a [map] section", err);
}

static int apply_moran(nqpf_report *r, const nqpf_optval *v, nqpf_error *err)
{
    r->queen = v[NQPF_MORAN_SP + NQPF_SP_CONTIGUITY].i == 0; /* queen|rook */
    r->style = v[NQPF_MORAN_SP + NQPF_SP_STYLE].text[0];
    r->moran_perm = v[NQPF_MORAN_PERMUTATIONS].z;
    r->moran_seed = v[NQPF_MORAN_SEED].z;
    return needs_map(r, "moran", err);
}

static int apply_lisa(nqpf_report *r, const nqpf_optval *v, nqpf_error *err)
{
    r->lisa_perm = v[NQPF_LISA_PERMUTATIONS].z;
    r->lisa_seed = v[NQPF_LISA_SEED].z;
    r->lisa_alpha = v[NQPF_LISA_ALPHA].num;
    return needs_map(r, "lisa", err);
}

/* Contiguity weights of the map, aligned with the units and styled (as the
 * spatial subcommands with --geojson … --subset-weights): shared by
 * [moran], [lisa] and the spatial Markov chain. */
int report_build_weights(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U;
    if (r->W)
        return NQPF_OK;
    nqpf_polygons *poly = NULL;
    nqpf_weights *raw = NULL, *al = NULL;
    const char *id_field = "adcode";
    for (size_t i = 0; i < r->n_opt; i++)
        if (!strcmp(r->opt[i].key, "map.id-field"))
            id_field = r->opt[i].value;
    int rc = nqpf_polygons_read_geojson(&poly, r->geojson_path, id_field, err);
    if (!rc)
        rc = nqpf_weights_contiguity(&raw, poly, r->queen, 1.4901161193847656e-08, err);
    if (!rc)
        rc = nqpf_weights_align(&al, raw, r->map_id, U, 1, r->data_path, NULL, err);
    if (!rc)
        rc = nqpf_weights_transform(al, r->style, err);
    nqpf_polygons_free(poly);
    nqpf_weights_free(raw);
    if (rc) {
        nqpf_weights_free(al);
        return rc;
    }
    r->W = al;
    return NQPF_OK;
}

static int run_spatial(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    int rc = report_build_weights(r, err);
    if (rc)
        return rc;
    size_t n = T * U;
    r->zval = malloc(n * sizeof(double));
    if (!r->zval)
        return nqpf_fail_nomem(err);
    if (r->do_moran && !(r->moran = calloc(T, sizeof *r->moran)))
        return nqpf_fail_nomem(err);
    if (r->do_lisa) {
        r->lisa_ii = malloc(n * sizeof(double)), r->lisa_z = malloc(n * sizeof(double));
        r->lisa_p = malloc(n * sizeof(double)), r->lisa_psim = malloc(n * sizeof(double));
        r->lisa_lag = malloc(n * sizeof(double)), r->lisa_quad = malloc(n * sizeof *r->lisa_quad);
        if (!r->lisa_ii || !r->lisa_z || !r->lisa_p || !r->lisa_psim || !r->lisa_lag || !r->lisa_quad)
            return nqpf_fail_nomem(err);
    }
    double *x = malloc(U * sizeof(double)), *tmp = malloc(3 * U * sizeof(double));
    if (!x || !tmp) {
        free(x), free(tmp);
        return nqpf_fail_nomem(err);
    }
    for (size_t t = 0; t < T && !rc; t++) {
        double mean = 0, ss = 0;
        for (size_t u = 0; u < U; u++)
            x[u] = report_score(r, u, t), mean += x[u];
        mean /= (double)U;
        for (size_t u = 0; u < U; u++)
            ss += (x[u] - mean) * (x[u] - mean);
        double sd = sqrt(ss / (double)U);
        for (size_t u = 0; u < U; u++)
            r->zval[t * U + u] = sd > 0 ? (x[u] - mean) / sd : 0.0;
        if (r->do_moran) {
            nqpf_global_opts go = {NQPF_ALT_GREATER, 1, r->moran_perm, r->moran_seed, NULL};
            rc = nqpf_moran(r->W, x, &go, &r->moran[t], err);
        }
        if (!rc && r->do_lisa) {
            nqpf_local_opts lo = {NQPF_LISA_SCALE_N, 1, NQPF_ALT_TWO_SIDED, r->lisa_perm, r->lisa_seed, NULL};
            nqpf_lisa_result lr = {r->lisa_ii + t * U, tmp, tmp + U, r->lisa_z + t * U, r->lisa_p + t * U,
                                   r->lisa_perm ? r->lisa_psim + t * U : NULL, r->lisa_perm ? tmp + 2 * U : NULL,
                                   r->lisa_quad + t * U};
            rc = nqpf_local_moran(r->W, x, &lo, &lr, err);
            if (!r->lisa_perm)
                for (size_t u = 0; u < U; u++)
                    r->lisa_psim[t * U + u] = NAN;
            nqpf_weights_lag(r->W, r->zval + t * U, r->lisa_lag + t * U);
        }
        if (rc) {
            char m[sizeof err->msg + 64];
            snprintf(m, sizeof m, "period %.40s: %s", r->panel->periods[t], err->msg);
            memcpy(err->msg, m, sizeof err->msg - 1);
            err->msg[sizeof err->msg - 1] = '\0';
        }
    }
    free(x), free(tmp);
    return rc;
}

static int report_moran_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                               nqpf_error *err)
{
    size_t T = r->T;
    rtable t;
    rt_init(&t, "moran", en ? "Global Moran's I" : "全局Moran's I", RT_COLS("period", "I", "E[I]", "z", "p", "perm_p"));
    t.note = en ? RT_STARS_NOTE_EN : RT_STARS_NOTE_ZH;
    for (size_t q = 0; q < T; q++) {
        const nqpf_global_result *g = &r->moran[q];
        rt_add(&t, r->panel->periods[q], 0);
        rt_add(&t, NULL, g->value);
        rt_stars(&t, g->permutations ? g->perm_p : g->p_rand);   /* the p a paper reports */
        RT_NUMS(&t, g->expected, g->z_rand, g->p_rand, g->permutations ? g->perm_p : NAN);
    }
    return report_emit(&t, tables, bom, 1, written, err);
}

static int report_lisa_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                              nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    rtable t;
    rt_init(&t, "lisa", "LISA",
        RT_COLS("period", "unit", "value", "local", "z", "p", "p_sim", "quadrant", "cluster"));
    for (size_t q = 0; q < T; q++)
        for (size_t u = 0; u < U; u++) {
            size_t i = q * U + u;
            double pv = r->lisa_perm ? r->lisa_psim[i] : r->lisa_p[i];
            rt_add(&t, r->panel->periods[q], 0);
            rt_add(&t, r->panel->units[u], 0);
            RT_NUMS(&t, r->ix.score[u * T + q], r->lisa_ii[i], r->lisa_z[i], r->lisa_p[i], r->lisa_psim[i]);
            rt_add(&t, r->lisa_quad[i], 0);
            rt_add(&t, !r->lisa_quad[i][0] ? "" : pv < r->lisa_alpha ? r->lisa_quad[i] : "ns", 0);
        }
    return report_emit(&t, tables, bom, 0, written, err);
}

static int report_spatial_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t U = r->U, T = r->T;
    const char *const *per = (const char *const *)r->panel->periods;
    char cap[512];
    int e = 0;
    e |= html_heading(b, L(en, "空间自相关", "Spatial autocorrelation"));
    double *lag = malloc(U * sizeof(double));
    const char **un = malloc(U * sizeof(char *));
    if (!lag || !un)
        e = -1;
    for (size_t u = 0; !e && u < U; u++)
        un[u] = unit_name(r, en, u);
    if (!e)
        nqpf_weights_lag(r->W, r->zval + (T - 1) * U, lag);
    double I = r->do_moran ? r->moran[T - 1].value : NAN;
    if (!e)
        e |= svg_scatter(b, "chart-moran", "Moran", U, r->zval + (T - 1) * U, lag, un, I,
                         L(en, "标准化指数 z", "standardised index z"), L(en, "空间滞后 Wz", "spatial lag Wz"));
    free(lag), free(un);
    if (r->do_moran)
        snprintf(cap, sizeof cap, en ? "Moran scatter plot, %s: Moran's I = %.4f (z = %.3f, p = %.4f); the "
                                       "red line has slope I."
                                     : "%s年Moran散点图：Moran's I = %.4f（z = %.3f，p = %.4f），红线斜率为I。",
                 per[T - 1], r->moran[T - 1].value, r->moran[T - 1].z_rand, r->moran[T - 1].p_rand);
    else
        snprintf(cap, sizeof cap, en ? "Moran scatter plot, %s." : "%s年Moran散点图。", per[T - 1]);
    e |= html_caption(b, cc, 0, cap);
    if (r->do_lisa && r->n_shapes)
        e |= report_map_lisa_html(r, en, cc, b);
    return e ? -1 : 0;
}

static int report_spatial_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return nqpf_buf_printf(b, en ? "\n## Spatial autocorrelation\n\nWeights: %s contiguity from `%s` (id field %s, matched "
                                 "to data column %s), style %c (W = row-standardised), islands kept without neighbours. "
                                 "Moran's I = (n/S0) Σ_i Σ_j w_ij z_i z_j / Σ z_i², randomisation moments, %zu "
                                 "permutations (seed %llu). Local Moran I_i = z_i Σ_j w_ij z_j / (Σ z²/n), conditional "
                                 "permutations %zu (seed %llu), significance level %g.\n"
                               : "\n## 空间自相关\n\n权重：基于 `%s` 的%s邻接（地图属性 %s，对应数据列 %s），标准化方式 %c（W为行标准化），"
                                 "无邻居的地区保留空行。Moran's I = (n/S0) Σ_i Σ_j w_ij z_i z_j / Σ z_i²，随机化假设下的矩，"
                                 "置换%zu次（种子 %llu）。局部Moran I_i = z_i Σ_j w_ij z_j / (Σ z²/n)，条件置换%zu次（种子 %llu），显著性水平 %g。\n",
                         en ? (r->queen ? "queen" : "rook") : r->geojson_path,
                         en ? r->geojson_path : (r->queen ? "后式（Queen）" : "车式（Rook）"), report_opt(r, "map.id-field"),
                         report_opt(r, "map.column"), r->style, r->moran_perm, r->moran_seed, r->lisa_perm, r->lisa_seed,
                         r->do_lisa ? r->lisa_alpha : NAN);
}

/* the page's figure and the methods paragraph cover both sections: written once, by [moran] when present */
static int report_lisa_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    return r->do_moran ? 0 : report_spatial_html(r, en, cc, b);
}

static int report_lisa_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return r->do_moran ? 0 : report_spatial_methods(r, b, en);
}

/* one run computes both (the same standardised values and weights) */
static int run_lisa(nqpf_report *r, nqpf_error *err)
{
    return r->do_moran ? NQPF_OK : run_spatial(r, err);
}

const report_section_def report_sec_moran = {
    .name = "moran",
    .opts = NQPF_MORAN_OPTS,
    .n_opts = NQPF_MORAN_NOPTS,
    .apply = apply_moran,
    .run = run_spatial,
    .tables = report_moran_tables,
    .html = report_spatial_html,
    .methods = report_spatial_methods,
};
const report_section_def report_sec_lisa = {
    .name = "lisa",
    .opts = NQPF_LISA_OPTS,
    .n_opts = NQPF_LISA_NOPTS,
    .apply = apply_lisa,
    .run = run_lisa,
    .tables = report_lisa_tables,
    .html = report_lisa_html,
    .methods = report_lisa_methods,
};
