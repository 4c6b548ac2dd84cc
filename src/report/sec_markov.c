/* nqpf — [markov]: Markov chain of the index's quantile classes, and the
 * spatial Markov chain, as `nqpf markov` (include/nqpf/spatial_opts.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/markov.h"
#include "nqpf/spatial_opts.h"
#include "report_internal.h"

/* the keys, defaults and checks of `nqpf markov` (include/nqpf/spatial_opts.h) */
static int apply_markov(nqpf_report *r, const nqpf_optval *mv, nqpf_error *err)
{
    int rc;
    r->mk_k = mv[NQPF_MARKOV_CLASSES].z;
    r->mk_pooled = mv[NQPF_MARKOV_CLASSING].i == 1;
    r->mk_spatial = (int)mv[NQPF_MARKOV_SPATIAL].i;
    r->mk_perms = mv[NQPF_MARKOV_PERMUTATIONS].z;
    r->mk_seed = mv[NQPF_MARKOV_SEED].z;
    r->mk_spill = (int)mv[NQPF_MARKOV_SPILLOVER].i;
    int klag_given = mv[NQPF_MARKOV_LAG_CLASSES].seen;
    r->mk_klag = klag_given ? mv[NQPF_MARKOV_LAG_CLASSES].z : r->mk_k; /* as --lag-classes: default K */
    if (r->mk_spatial && !klag_given) {
        char k[32];
        snprintf(k, sizeof k, "%zu", r->mk_klag);
        if ((rc = report_record(r, "markov", "lag-classes", k, err)))
            return rc;
    }
    /* as `nqpf markov`: permutations test the spatial chain's x2 or the LISAs of the spill-over analysis */
    const nqpf_project_section *s = nqpf_project_section_get(r->proj, "markov");
    if (r->mk_perms && !r->mk_spatial && !r->mk_spill)
        return report_bad_value(r, nqpf_project_get(s, "permutations"),
                                "permutations tests the spatial chain's x2 (spatial = yes) or the LISAs of "
                                "spillover = yes", err);
    if (r->mk_spill && !r->mk_perms)
        return report_bad_value(r, nqpf_project_get(s, "spillover"),
                                "spillover needs permutations = N (the significance of each LISA)", err);
    if (r->mk_spatial && !r->geojson_path)
        return report_bad_value(r, nqpf_project_get(s, "spatial"),
                                "a spatial Markov chain needs a [map] section (its contiguity weights)", err);
    if (r->mk_spill && !r->geojson_path)
        return report_bad_value(r, nqpf_project_get(s, "spillover"),
                                "the spill-over analysis needs a [map] section (its contiguity weights)", err);
    return NQPF_OK;
}

/* Probabilities and steady state of one chain's counts; no unique steady
 * state (an empty row, several closed classes) is reported as empty (NaN),
 * not as a failure, as `nqpf markov` does. */
static int markov_chain(const double *counts, size_t k, double *p, double *pi, nqpf_error *err)
{
    nqpf_markov_probs(counts, k, 0, p);
    nqpf_error e2;
    nqpf_error_clear(&e2);
    int src = nqpf_markov_steady(p, k, pi, &e2);
    if (src == NQPF_EMATH)
        for (size_t i = 0; i < k; i++)
            pi[i] = NAN;
    else if (src)
        *err = e2;
    return src == NQPF_EMATH ? NQPF_OK : src;
}

/* Markov chain of the scores' quantile classes (as `nqpf markov`). */
static int run_markov(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, k = r->mk_k;
    double *y = malloc(U * T * sizeof(double));
    size_t *cls = malloc(U * T * sizeof(size_t));
    r->mk_counts = malloc(k * k * sizeof(double));
    r->mk_p = malloc(k * k * sizeof(double));
    r->mk_pi = malloc(k * sizeof(double));
    int rc = (!y || !cls || !r->mk_counts || !r->mk_p || !r->mk_pi) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc) {
        memcpy(y, r->ix.score, U * T * sizeof(double)); /* same [u * T + t] layout */
        rc = nqpf_markov_classes(y, U, T, k, r->mk_pooled ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD, NULL, cls, err);
    }
    if (!rc) {
        nqpf_markov_counts(cls, U, T, k, r->mk_counts);
        rc = markov_chain(r->mk_counts, k, r->mk_p, r->mk_pi, err);
    }
    /* spatial Markov (Rey 2001): each transition counted in the matrix of the
     * class of the unit's spatial lag in the origin period, the lag classed
     * as the scores are (as `nqpf markov --spatial`) */
    size_t kl = r->mk_klag;
    if (!rc && r->mk_spatial && !(rc = report_build_weights(r, err))) {
        r->mk_sp_counts = malloc(kl * k * k * sizeof(double));
        r->mk_sp_p = malloc(kl * k * k * sizeof(double));
        r->mk_sp_pi = malloc(kl * k * sizeof(double));
        if (!r->mk_sp_counts || !r->mk_sp_p || !r->mk_sp_pi)
            rc = nqpf_fail_nomem(err);
        if (!rc)
            rc = nqpf_spatial_markov_counts(r->W, y, cls, U, T, k, kl,
                                            r->mk_pooled ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD, NULL,
                                            r->mk_sp_counts, NULL, err);
        for (size_t l = 0; !rc && l < kl; l++)
            rc = markov_chain(r->mk_sp_counts + l * k * k, k, r->mk_sp_p + l * k * k, r->mk_sp_pi + l * k, err);
        /* x2 = sum of the lag classes' chi2 against the classic chain, and
         * its random-permutation p (giddy x2_rpvalue), as `nqpf markov
         * --spatial --permutations N --seed S` */
        if (!rc && r->mk_perms)
            rc = nqpf_spatial_markov_x2_perm(r->W, y, cls, U, T, k, kl,
                                             r->mk_pooled ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD, NULL,
                                             r->mk_counts, r->mk_perms, (uint64_t)r->mk_seed, &r->mk_x2,
                                             &r->mk_x2_p, err);
    }
    if (!rc && r->mk_spill)
        rc = report_mkspill_run(r, y, err);
    free(y), free(cls);
    return rc;
}

/* permutations > 0: the homogeneity statistic x2 of the spatial chain with
 * its permutation p, the rows x2, x2_perm_p and x2_permutations of `nqpf
 * markov --spatial --permutations N` */
static int markov_x2_table(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                           nqpf_error *err)
{
    char cap[300];
    snprintf(cap, sizeof cap,
             en ? "Spatial homogeneity of the Markov chain: x2 = Σ_l χ²(lag class l against the classic chain) and "
                  "its random-permutation p (%zu relocations, seed %zu)"
                : "马尔可夫链的空间同质性检验：x2 = Σ_l χ²（各空间滞后类型对传统矩阵）及其随机置换p值（%zu次置换，种子%zu）",
             r->mk_perms, r->mk_seed);
    rtable t;
    rt_init(&t, "markov_x2", cap, RT_COLS("statistic", "value"));
    t.html = 1;
    rt_add(&t, "x2", 0);
    rt_add(&t, NULL, r->mk_x2);
    rt_add(&t, "x2_perm_p", 0);
    rt_add(&t, NULL, r->mk_x2_p);
    rt_add(&t, "x2_permutations", 0);
    rt_addi(&t, (double)r->mk_perms);
    return report_emit(&t, tables, bom, 1, written, err);
}

static int report_markov_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                                nqpf_error *err)
{
    int rc;
    rtable t;
    rt_init(&t, "markov", "markov", RT_COLS("table", "from", "to", "value"));
    size_t k = r->mk_k;
    report_markov_rows(&t, NULL, r->mk_p, r->mk_counts, r->mk_pi, k);
    if ((rc = report_emit(&t, tables, bom, 0, written, err)))
        return rc;
    /* the probability matrix as a LaTeX table */
    matrix_cols mc;
    if (report_matrix_cols(&mc, NULL, k))
        return nqpf_fail_nomem(err);
    rt_init(&t, "markov_matrix", en ? "Markov transition probabilities" : "马尔可夫转移概率矩阵", mc.n,
            (const char *const *)mc.cn);
    report_matrix_rows(&t, r->mk_p, r->mk_counts, k, NULL);
    rc = report_emit(&t, tables, bom, 1, written, err);
    report_matrix_cols_free(&mc);
    if (rc || (r->mk_spatial && (rc = report_mksp_tables(r, en, bom, tables, written, err))))
        return rc;
    if (r->mk_spatial && r->mk_perms && (rc = markov_x2_table(r, en, bom, tables, written, err)))
        return rc;
    return r->mk_spill ? report_mkspill_table(r, bom, tables, written, err) : NQPF_OK;
}

static int report_markov_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    char cap[512];
    int e = 0;
    size_t k = r->mk_k;
    e |= html_heading(b, L(en, "马尔可夫链：等级转移", "Markov chain: class transitions"));
    e |= nqpf_buf_printf(b, "<table class=\"markov\"><thead><tr><th>t \\ t+1</th>");
    for (size_t j = 0; j < k; j++)
        e |= nqpf_buf_printf(b, "<th>%zu</th>", j + 1);
    e |= nqpf_buf_printf(b, "<th>n</th></tr></thead><tbody>");
    for (size_t i = 0; i < k; i++) {
        double n = 0;
        e |= nqpf_buf_printf(b, "<tr><td>%zu</td>", i + 1);
        for (size_t j = 0; j < k; j++) {
            double pij = r->mk_p[i * k + j];
            /* shade each cell by its probability: the diagonal's weight is the persistence */
            e |= nqpf_buf_printf(b, "<td style=\"background:rgba(49,130,189,%.2f)\">%.3f</td>", pij * 0.8, pij);
            n += r->mk_counts[i * k + j];
        }
        e |= nqpf_buf_printf(b, "<td>%.0f</td></tr>", n);
    }
    e |= nqpf_buf_puts(b, "<tr><td>π</td>");
    for (size_t j = 0; j < k; j++)
        e |= html_td_num(b, r->mk_pi[j], 3);
    e |= nqpf_buf_puts(b, "<td></td></tr></tbody></table>");
    snprintf(cap, sizeof cap, en ? "Probabilities of moving from class i (row, period t) to class j "
                                   "(column, t+1); %zu quantile classes of the index (%s), 1 = lowest; n = "
                                   "transitions observed; π = steady state."
                                 : "由第i类（行，t期）转为第j类（列，t+1期）的概率；综合指数按%zu个分位数分类（%s），1为最低；"
                                   "n为观测到的转移次数；π为稳态分布。",
             k, r->mk_pooled ? L(en, "全样本", "pooled") : L(en, "逐期", "per period"));
    e |= html_caption(b, cc, 1, cap);
    if (r->mk_spatial)
        e |= report_mksp_html(r, en, cc, b);
    return e ? -1 : 0;
}

static int report_markov_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    int e = nqpf_buf_printf(b, en ? "\n## Markov chain\n\n%zu classes by quantiles of the index (%s; numpy linear "
                                 "interpolation, upper-inclusive); P_ij = n_ij / n_i over all consecutive periods; "
                                 "steady state π P = π (Quah 1993).\n"
                               : "\n## 马尔可夫链\n\n综合指数按分位数分为%zu类（%s；线性插值分位数，上界包含）；P_ij = n_ij / n_i，"
                                 "统计全部相邻两期；稳态分布 π P = π（Quah 1993）。\n",
                         r->mk_k, r->mk_pooled ? L(en, "全部期数合并计算分位数", "pooled") : L(en, "逐期计算分位数", "per period"));
    if (r->mk_spatial)
        e |= report_mksp_methods(r, b, en);
    if (r->mk_spill)
        e |= report_mkspill_methods(r, b, en);
    if (r->mk_spatial && r->mk_perms)
        e |= nqpf_buf_printf(
            b,
            en ? "Spatial homogeneity: x2 = Σ_l χ²_l, each lag class's transition counts against the classic "
                 "chain's probabilities; its p-value by random permutation (giddy's x2_rpvalue): the units' "
                 "series are relocated at random %zu times (seed %zu), the lag classes recomputed, p = (#{x2* ≥ "
                 "x2} + 1)/(N + 1); tables/markov_x2.csv, as `nqpf markov --spatial --permutations %zu`.\n"
               : "空间同质性检验：x2 = Σ_l χ²_l，即各空间滞后类型的转移次数相对传统矩阵概率的卡方之和；其p值由随机置换"
                 "求得（giddy的x2_rpvalue）：将各地区序列随机重新分配%zu次（种子%zu），重新计算滞后类型，p = (#{x2* ≥ "
                 "x2} + 1)/(N + 1)；见tables/markov_x2.csv，与 `nqpf markov --spatial --permutations %zu` 一致。\n",
            r->mk_perms, r->mk_seed, r->mk_perms);
    return e;
}

const report_section_def report_sec_markov = {
    .name = "markov",
    .opts = NQPF_MARKOV_OPTS,
    .n_opts = NQPF_MARKOV_NOPTS,
    .apply = apply_markov,
    .run = run_markov,
    .tables = report_markov_tables,
    .html = report_markov_html,
    .methods = report_markov_methods,
    .free = report_mkspill_free,
};
