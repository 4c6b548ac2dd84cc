/* nqpf — [coupling]: coupling coordination of the dimensions, as
 * `nqpf couple` (include/nqpf/compare_opts.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/diagnose.h"
#include "report_internal.h"
#include "nqpf/svg.h"

static int apply_coupling(nqpf_report *r, const nqpf_optval *v, nqpf_error *err)
{
    r->coupling = (nqpf_coupling_kind)v[NQPF_CPL_COUPLING].i;
    if (r->iopt.aggregate != NQPF_AGG_WEIGHTED ||
        (r->iopt.normalize != NQPF_NORM_MINMAX && r->iopt.normalize != NQPF_NORM_RATIO))
        return report_bad_section(r, "coupling",
                                  "needs index.aggregate = weighted and index.normalize = minmax or ratio "
                                  "(sub-indices on [0, 1])", err);
    return NQPF_OK;
}

/* Coupling coordination of the top-level dimensions.  With a weighted sum
 * the node score of dimension d is sum_{j in d} w_j Z_j, so
 *   U_d = node_d / W_d - shift,   W_d = sum_{j in d} w_j,
 * is the dimension's own weighted index on the unshifted [0, 1] scale
 * (weights renormalised within d).  Rounding may put U a few ulps outside
 * [0, 1]; values within 1e-12 are clamped, anything else is a bug. */
static int run_coupling(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, J = r->sys->n_ind, nn = r->sys->n_nodes;
    size_t D = r->n_dims;
    if (D < 2) {
        const nqpf_project_section *s2 = nqpf_project_section_get(r->proj, "coupling");
        return nqpf_fail(err, NQPF_EINPUT, r->proj->path, s2->line, s2->col,
                         "[coupling] needs at least 2 dimensions in the indicator system");
    }
    r->cp_U = malloc(U * T * D * sizeof(double));
    r->cp_C = malloc(U * T * sizeof(double));
    r->cp_T = malloc(U * T * sizeof(double));
    r->cp_D = malloc(U * T * sizeof(double));
    double *alpha = malloc(D * sizeof(double)), *W = malloc(D * sizeof(double));
    int rc = (!r->cp_U || !r->cp_C || !r->cp_T || !r->cp_D || !alpha || !W) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t d = 0; !rc && d < D; d++)
        alpha[d] = 1.0 / (double)D;
    for (size_t t = 0; t < T && !rc; t++) {
        size_t blk = r->ix.per_period ? t : 0;
        for (size_t d = 0; d < D; d++) {
            W[d] = 0;
            for (size_t j = 0; j < J; j++)
                if (r->sys->ind[j].dimension == r->dim_node[d])
                    W[d] += r->ix.w[blk * J + j];
        }
        for (size_t u = 0; u < U && !rc; u++) {
            double *Ud = r->cp_U + (u * T + t) * D;
            for (size_t d = 0; d < D; d++) {
                double v = W[d] > 0 ? r->ix.node_score[(u * T + t) * nn + r->dim_node[d]] / W[d] - r->iopt.shift : NAN;
                if (v < 0 && v > -1e-12)
                    v = 0;
                if (v > 1 && v < 1 + 1e-12)
                    v = 1;
                Ud[d] = v;
            }
            rc = nqpf_coupling(Ud, D, alpha, r->coupling, &r->cp_C[u * T + t], &r->cp_T[u * T + t],
                               &r->cp_D[u * T + t], err);
            if (rc)
                nqpf_fail(err, NQPF_EINTERNAL, r->data_path, 0, 0, "coupling of unit '%s', period %s: %s",
                          r->panel->units[u], r->panel->periods[t], err->msg);
        }
    }
    free(alpha), free(W);
    return rc;
}

static int report_coupling_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                                  nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    int rc;
    rtable t;
    size_t D = r->n_dims;
    const char **cn = malloc((D + 6) * sizeof(char *));
    if (!cn)
        return nqpf_fail_nomem(err);
    cn[0] = "period", cn[1] = "unit";
    for (size_t d = 0; d < D; d++)
        cn[2 + d] = r->sys->nodes[r->dim_node[d]].name;
    cn[2 + D] = "C", cn[3 + D] = "T", cn[4 + D] = "D", cn[5 + D] = "level";
    rt_init(&t, "coupling", "coupling", D + 6, cn);
    for (size_t q = 0; q < T; q++)
        for (size_t u = 0; u < U; u++) {
            size_t i = u * T + q;
            rt_add(&t, r->panel->periods[q], 0);
            rt_add(&t, r->panel->units[u], 0);
            for (size_t d = 0; d < D; d++)
                rt_add(&t, NULL, r->cp_U[i * D + d]);
            RT_NUMS(&t, r->cp_C[i], r->cp_T[i], r->cp_D[i]);
            rt_addi(&t, (double)nqpf_coupling_class(r->cp_D[i]));
        }
    rc = report_emit(&t, tables, bom, 0, written, err);
    free(cn);
    if (rc || (rc = report_coupling_classes(r, en, bom, tables, written, err)))
        return rc;
    return NQPF_OK;
}

static int report_coupling_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t U = r->U, T = r->T, G = r->n_groups;
    const char *const *per = (const char *const *)r->panel->periods;
    char cap[512];
    int e = 0;
    e |= html_heading(b, L(en, "维度耦合协调度", "Coupling coordination of the dimensions"));
    /* one line per group and one for all units */
    size_t ns = G + 1;
    double *cd = malloc(ns * T * sizeof(double));
    const char **names = malloc(ns * sizeof(char *));
    if (!cd || !names)
        e = -1;
    for (size_t g = 0; !e && g < G; g++)
        names[g] = r->group[g];
    if (!e)
        names[G] = L(en, "全部", "All");
    for (size_t g = 0; !e && g <= G; g++)
        for (size_t t = 0; t < T; t++) {
            double sum = 0;
            size_t n = 0;
            for (size_t u = 0; u < U; u++)
                if (g == G || r->unit_group[u] == g)
                    sum += r->cp_D[u * T + t], n++;
            cd[g * T + t] = n ? sum / (double)n : NAN;
        }
    if (!e)
        e |= svg_lines(b, "chart-coupling", "coupling", T, per, ns, names, cd, NULL, NULL, "D");
    free(cd), free(names);
    snprintf(cap, sizeof cap, en ? "Mean coupling-coordination degree D = √(C·T) of the %zu dimensions by group "
                                   "(C %s, T with equal weights; sub-index U_d = the dimension's weighted index "
                                   "without shift); per unit in tables/coupling.csv."
                                 : "各区域%zu个维度的平均耦合协调度 D = √(C·T)（C为%s形式，T取等权；子系统指数 U_d 为维度内加权指数，"
                                   "不含平移量）；各地区见tables/coupling.csv。",
             r->n_dims, nqpf_coupling_name(r->coupling));
    e |= html_caption(b, cc, 0, cap);
    return e ? -1 : 0;
}

static int report_coupling_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return nqpf_buf_printf(b, en ? "\n## Coupling coordination\n\nSubsystems: the %zu dimensions; U_d = Σ_{j∈d} w_j Z_j / "
                                 "Σ_{j∈d} w_j − shift (the dimension's weighted index on [0, 1]); C = n [Π U_d / "
                                 "(Σ U_d)^n]^(1/n) (%s), T = Σ U_d / n, D = √(C T); ten-level classes of D.\n"
                               : "\n## 耦合协调度\n\n子系统：%zu个维度；U_d = Σ_{j∈d} w_j Z_j / Σ_{j∈d} w_j − 平移量（维度内加权指数，"
                                 "取值[0,1]）；C = n [Π U_d / (Σ U_d)^n]^(1/n)（%s），T = Σ U_d / n，D = √(C T)；按D分十级。\n",
                         r->n_dims, report_lang_value(en, nqpf_coupling_name(r->coupling)));
}

const report_section_def report_sec_coupling = {
    .name = "coupling",
    .opts = NQPF_COUPLE_OPTS,
    .n_opts = NQPF_CPL_NOPTS,
    .apply = apply_coupling,
    .run = run_coupling,
    .tables = report_coupling_tables,
    .html = report_coupling_html,
    .methods = report_coupling_methods,
};
