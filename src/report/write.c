/* nqpf — writing a report directory atomically. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nqpf/index_write.h"
#include "figures.h"
#include "report_internal.h"

/* Append the bytes of the file `name` in the output directory to b (a
 * file written just before: a figure's PNG, an index table given a BOM). */
static int read_back(const nqpf_outdir *out, const char *name, nqpf_buf *b, nqpf_error *err)
{
    char *path = nqpf_outdir_file(out, name);
    if (!path)
        return nqpf_fail_nomem(err);
    FILE *fp = fopen(path, "rb");
    int rc = fp ? NQPF_OK : nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot read back");
    char chunk[65536];
    size_t n;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (nqpf_buf_append(b, chunk, n))
            rc = nqpf_fail_nomem(err);
    if (!rc && ferror(fp))
        rc = nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot read back");
    if (fp)
        fclose(fp);
    free(path);
    return rc;
}

/* Prepend a UTF-8 BOM to a file written by the index writer (--bom). */
static int add_bom(report_sink *tables, const char *name, nqpf_error *err)
{
    nqpf_buf b = {0};
    int rc = nqpf_buf_puts(&b, "\xEF\xBB\xBF") ? nqpf_fail_nomem(err) : read_back(&tables->dir, name, &b, err);
    FILE *o = NULL;
    if (!rc && !(rc = nqpf_outdir_fopen(&tables->dir, name, &o, err))) {
        fwrite(b.data, 1, b.len, o);
        rc = nqpf_outdir_fclose(&tables->dir, name, o, err);
    }
    nqpf_buf_free(&b);
    return rc;
}

/* The long table of `nqpf gini` (same rows, same order), so that
 * tables/gini.csv can be compared with the subcommand byte for byte. */
static int write_gini_long(const nqpf_report *r, report_sink *tables, int bom, nqpf_error *err)
{
    FILE *fp;
    int rc = nqpf_outdir_fopen(&tables->dir, "gini.csv", &fp, err);
    if (rc)
        return rc;
    if (bom)
        fputs("\xEF\xBB\xBF", fp);
    fputs("period,component,group1,group2,value\n", fp);
    size_t k = r->n_groups;
    char **gl = r->group;
#define ROW(c, a, b, v)                                                                                     \
    do {                                                                                                    \
        nqpf_csv_put_field(fp, pl);                                                                         \
        fputc(',', fp);                                                                                     \
        nqpf_csv_put_field(fp, c);                                                                          \
        fputc(',', fp);                                                                                     \
        nqpf_csv_put_field(fp, a);                                                                          \
        fputc(',', fp);                                                                                     \
        nqpf_csv_put_field(fp, b);                                                                          \
        fputc(',', fp);                                                                                     \
        nqpf_csv_put_num(fp, v);                                                                            \
        fputc('\n', fp);                                                                                    \
    } while (0)
    for (size_t t = 0; t < r->T; t++) {
        const char *pl = r->panel->periods[t];
        const nqpf_dagum *d = &r->gini[t];
        double G = d->Gw + d->Gnb + d->Gt;
        ROW("G", "", "", d->G);
        ROW("Gw", "", "", d->Gw);
        ROW("Gnb", "", "", d->Gnb);
        ROW("Gt", "", "", d->Gt);
        ROW("Gw_share", "", "", G > 0 ? d->Gw / G : NAN);
        ROW("Gnb_share", "", "", G > 0 ? d->Gnb / G : NAN);
        ROW("Gt_share", "", "", G > 0 ? d->Gt / G : NAN);
        ROW("n", "", "", (double)d->n);
        ROW("mean", "", "", d->mean);
        for (size_t j = 0; j < k; j++) {
            ROW("group_n", gl[j], gl[j], d->nj[j]);
            ROW("group_mean", gl[j], gl[j], d->mu[j]);
            ROW("group_p", gl[j], gl[j], d->p[j]);
            ROW("group_s", gl[j], gl[j], d->s[j]);
            ROW("G_jj", gl[j], gl[j], d->Gjj[j]);
            ROW("Gw_part", gl[j], gl[j], d->nj[j] > 0 ? d->Gjj[j] * d->p[j] * d->s[j] : NAN);
        }
        for (size_t j = 0; j < k; j++)
            for (size_t h = j + 1; h < k; h++) {
                double Gjh = d->Gjh[j * k + h], D = d->Djh[j * k + h];
                double w = d->p[j] * d->s[h] + d->p[h] * d->s[j];
                ROW("G_jh", gl[j], gl[h], Gjh);
                ROW("D_jh", gl[j], gl[h], D);
                ROW("d_jh", gl[j], gl[h], d->djh[j * k + h]);
                ROW("p_jh", gl[j], gl[h], d->pjh[j * k + h]);
                int zero = Gjh == 0.0 || isnan(D);
                ROW("Gnb_part", gl[j], gl[h], isnan(Gjh) ? NAN : zero ? 0.0 : Gjh * w * D);
                ROW("Gt_part", gl[j], gl[h], isnan(Gjh) ? NAN : zero ? 0.0 : Gjh * w * (1.0 - D));
            }
    }
#undef ROW
    return nqpf_outdir_fclose(&tables->dir, "gini.csv", fp, err);
}

/* The output of `nqpf malmquist` (same columns, rows and variant label), so
 * that tables/malmquist.csv can be compared with the subcommand. */
static const char *const MQ_COLS[] = {"tfpch", "effch", "techch", "pech", "sech"};

static int write_malmquist(const nqpf_report *r, report_sink *tables, int bom, nqpf_error *err)
{
    FILE *fp;
    int rc = nqpf_outdir_fopen(&tables->dir, "malmquist.csv", &fp, err);
    if (rc)
        return rc;
    if (bom)
        fputs("\xEF\xBB\xBF", fp);
    const nqpf_mq_out *o = &r->mq;
    int ncol = r->mq_ncol;
    fputs("unit,from,to", fp);
    for (int c = 0; c < ncol; c++)
        fprintf(fp, ",%s", MQ_COLS[c]);
    fputs(",status,index\n", fp);
    const size_t P = o->n_pairs;
    for (size_t u = 0; u < o->n_units; u++)
        for (size_t t = 0; t < P; t++) {
            size_t k = u * P + t;
            if (!o->present[k])
                continue;
            nqpf_csv_put_field(fp, r->mq_unit[u]);
            fputc(',', fp);
            nqpf_csv_put_field(fp, r->mq_period[t]);
            fputc(',', fp);
            nqpf_csv_put_field(fp, r->mq_period[t + 1]);
            for (int c = 0; c < ncol; c++) {
                fputc(',', fp);
                nqpf_csv_put_num(fp, o->val[k * NQPF_MQ_NCOL + c]);
            }
            fprintf(fp, ",%s,%s\n", nqpf_mq_status_name(o->status[k]), r->mq_variant);
        }
    return nqpf_outdir_fclose(&tables->dir, "malmquist.csv", fp, err);
}



static int write_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                        nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    const nqpf_panel *p = r->panel;
    int rc, oom = 0;
    rtable t;
    /* ranking: last period with the change since the first period */
    {
        static const char *cz[] = {"排名", "地区", "区域", "得分", "首期排名", "排名变化"};
        static const char *ce[] = {"rank", "unit", "group", "score", "first_rank", "rank_change"};
        char cap[256];
        snprintf(cap, sizeof cap, en ? "Index ranking, %s (change since %s)" : "%s年指数排名（相对%s年的变化）",
                 p->periods[T - 1], p->periods[0]);
        rt_init(&t, "ranking", cap, 6, en ? ce : cz);
        for (size_t k = 1; k <= U; k++)
            for (size_t u = 0; u < U; u++)
                if ((size_t)r->ix.rank[u * T + T - 1] == k) {
                    double r0 = r->ix.rank[u * T], r1 = r->ix.rank[u * T + T - 1];
                    oom |= rt_addi(&t, r1) | rt_add(&t, unit_name(r, en, u), 0) |
                           rt_add(&t, r->n_groups ? r->group[r->unit_group[u]] : "", 0) |
                           rt_add(&t, NULL, r->ix.score[u * T + T - 1]) | rt_addi(&t, r0) | rt_addi(&t, r0 - r1);
                }
        if (oom || (rc = report_emit(&t, tables, bom, 1, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
    }
    /* the indicator system with the weights used and the weighting
     * method's intermediates (entropy: e and d = 1 - e) */
    {
        static const char *cz[] = {"维度", "指标", "数据列", "方向", "单位"};
        static const char *ce[] = {"dimension", "indicator", "column", "direction", "unit"};
        const char *cn[5 + NQPF_MAX_EXTRA + 1];
        size_t nc = 0, xq[NQPF_MAX_EXTRA], nx = 0;
        for (; nc < 5; nc++)
            cn[nc] = en ? ce[nc] : cz[nc];
        for (size_t q = 0; q < r->ix.n_extra && q < NQPF_MAX_EXTRA; q++)
            if (r->ix.extra_names[q])
                cn[nc++] = r->ix.extra_names[q], xq[nx++] = q;
        cn[nc++] = en ? "weight" : "权重";
        rt_init(&t, "system", en ? "Indicator system and weights" : "指标体系与权重", nc, cn);
        t.html = 1;
        const nqpf_system *s = r->sys;
        size_t blk = r->ix.per_period ? T - 1 : 0;
        for (size_t j = 0; j < s->n_ind; j++) {
            oom |= rt_add(&t, s->nodes[s->ind[j].node].path, 0) | rt_add(&t, s->ind[j].name, 0) |
                   rt_add(&t, s->ind[j].column, 0) | rt_add(&t, s->ind[j].direction > 0 ? "+" : "-", 0) |
                   rt_add(&t, s->ind[j].unit, 0);
            for (size_t k = 0; k < nx; k++)
                oom |= rt_add(&t, NULL, r->ix.extra[(blk * s->n_ind + j) * NQPF_MAX_EXTRA + xq[k]]);
            oom |= rt_add(&t, NULL, r->ix.w[blk * s->n_ind + j]);
        }
        if (oom || (rc = report_emit(&t, tables, bom, 1, written, err)))
            return oom ? (rt_free(&t), nqpf_fail_nomem(err)) : rc;
    }
    if ((rc = report_score_matrix(r, en, bom, tables, written, err)))
        return rc;
    if (r->iopt.aggregate == NQPF_AGG_TOPSIS && (rc = report_topsis_tables(r, en, bom, tables, written, err)))
        return rc;
    if (r->do_gini) {
        if ((rc = write_gini_long(r, tables, bom, err)))
            return rc;
        nqpf_buf_puts(written, "tables/gini.csv\n");
        static const char *cz[] = {"年份", "G", "Gw", "Gnb", "Gt", "Gw贡献率", "Gnb贡献率", "Gt贡献率"};
        static const char *ce[] = {"period", "G", "Gw", "Gnb", "Gt", "Gw share", "Gnb share", "Gt share"};
        rt_init(&t, "gini_summary", en ? "Dagum Gini decomposition" : "Dagum基尼系数及其分解", 8, en ? ce : cz);
        for (size_t q = 0; q < T; q++) {
            const nqpf_dagum *d = &r->gini[q];
            double G = d->Gw + d->Gnb + d->Gt;
            oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, NULL, d->G) | rt_add(&t, NULL, d->Gw) |
                   rt_add(&t, NULL, d->Gnb) | rt_add(&t, NULL, d->Gt) | rt_add(&t, NULL, G > 0 ? d->Gw / G : NAN) |
                   rt_add(&t, NULL, G > 0 ? d->Gnb / G : NAN) | rt_add(&t, NULL, G > 0 ? d->Gt / G : NAN);
        }
        if (oom || (rc = report_emit(&t, tables, bom, 1, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
    }
    if (r->do_theil) {
        static const char *c[] = {"period", "T", "Tb", "Tw", "L", "Lb", "Lw"};
        rt_init(&t, "theil", en ? "Theil indices" : "泰尔指数及其分解", 7, c);
        for (size_t q = 0; q < T; q++) {
            const nqpf_theil_result *h = &r->theil[q];
            oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, NULL, h->T) | rt_add(&t, NULL, h->Tb) |
                   rt_add(&t, NULL, h->Tw) | rt_add(&t, NULL, h->L) | rt_add(&t, NULL, h->Lb) | rt_add(&t, NULL, h->Lw);
        }
        if (oom || (rc = report_emit(&t, tables, bom, 1, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
    }
    if (r->do_converge) {
        static const char *c[] = {"period", "mean", "sd", "cv", "sd_log"};
        rt_init(&t, "sigma", en ? "Sigma convergence" : "σ收敛", 5, c);
        for (size_t q = 0; q < T; q++)
            oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, NULL, r->sigma[q * 4 + 3]) |
                   rt_add(&t, NULL, r->sigma[q * 4]) | rt_add(&t, NULL, r->sigma[q * 4 + 1]) |
                   rt_add(&t, NULL, r->sigma[q * 4 + 2]);
        if (oom || (rc = report_emit(&t, tables, bom, 1, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
        if ((rc = report_beta_tables(r, en, bom, tables, written, err)))
            return rc;
    }
    if (r->do_kde) {
        static const char *c[] = {"period", "x", "density", "bandwidth", "kernel"};
        rt_init(&t, "kde", "kde", 5, c);
        for (size_t q = 0; q < T; q++)
            for (size_t g = 0; g < r->kde_m; g++)
                oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, NULL, r->kde_grid[g]) |
                       rt_add(&t, NULL, r->kde_dens[q * r->kde_m + g]) | rt_add(&t, NULL, r->kde_h[q]) |
                       rt_add(&t, nqpf_kernel_name(r->kernel), 0);
        if (oom || (rc = report_emit(&t, tables, bom, 0, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
    }
    if (r->do_moran) {
        static const char *c[] = {"period", "I", "E[I]", "z", "p", "perm_p"};
        rt_init(&t, "moran", en ? "Global Moran's I" : "全局Moran's I", 6, c);
        t.note = en ? RT_STARS_NOTE_EN : RT_STARS_NOTE_ZH;
        for (size_t q = 0; q < T; q++) {
            const nqpf_global_result *g = &r->moran[q];
            oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, NULL, g->value);
            rt_stars(&t, g->permutations ? g->perm_p : g->p_rand);   /* the p a paper reports */
            oom |= rt_add(&t, NULL, g->expected) |
                   rt_add(&t, NULL, g->z_rand) | rt_add(&t, NULL, g->p_rand) |
                   rt_add(&t, NULL, g->permutations ? g->perm_p : NAN);
        }
        if (oom || (rc = report_emit(&t, tables, bom, 1, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
    }
    if (r->do_lisa) {
        static const char *c[] = {"period", "unit", "value", "local", "z", "p", "p_sim", "quadrant", "cluster"};
        rt_init(&t, "lisa", "LISA", 9, c);
        for (size_t q = 0; q < T; q++)
            for (size_t u = 0; u < U; u++) {
                size_t i = q * U + u;
                double pv = r->lisa_perm ? r->lisa_psim[i] : r->lisa_p[i];
                oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, p->units[u], 0) |
                       rt_add(&t, NULL, r->ix.score[u * T + q]) | rt_add(&t, NULL, r->lisa_ii[i]) |
                       rt_add(&t, NULL, r->lisa_z[i]) | rt_add(&t, NULL, r->lisa_p[i]) |
                       rt_add(&t, NULL, r->lisa_psim[i]) | rt_add(&t, r->lisa_quad[i], 0) |
                       rt_add(&t, !r->lisa_quad[i][0] ? "" : pv < r->lisa_alpha ? r->lisa_quad[i] : "ns", 0);
            }
        if (oom || (rc = report_emit(&t, tables, bom, 0, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
    }
    if (r->do_obstacle) {
        static const char *c[] = {"period", "unit", "level", "name", "obstacle"};
        rt_init(&t, "obstacle", "obstacle", 5, c);
        size_t J = r->sys->n_ind;
        for (size_t q = 0; q < T; q++)
            for (size_t u = 0; u < U; u++) {
                for (size_t d = 0; d < r->n_dims; d++)
                    oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, p->units[u], 0) | rt_add(&t, "dimension", 0) |
                           rt_add(&t, r->sys->nodes[r->dim_node[d]].name, 0) |
                           rt_add(&t, NULL, r->obst_dim[(u * T + q) * r->n_dims + d]);
                for (size_t j = 0; j < J; j++)
                    oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, p->units[u], 0) | rt_add(&t, "indicator", 0) |
                           rt_add(&t, r->sys->ind[j].column, 0) | rt_add(&t, NULL, r->obst[(u * T + q) * J + j]);
            }
        if (oom || (rc = report_emit(&t, tables, bom, 0, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
        if ((rc = report_obstacle_top(r, en, bom, tables, written, err)))
            return rc;
    }
    if (r->do_coupling) {
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
                oom |= rt_add(&t, p->periods[q], 0) | rt_add(&t, p->units[u], 0);
                for (size_t d = 0; d < D; d++)
                    oom |= rt_add(&t, NULL, r->cp_U[i * D + d]);
                oom |= rt_add(&t, NULL, r->cp_C[i]) | rt_add(&t, NULL, r->cp_T[i]) | rt_add(&t, NULL, r->cp_D[i]) |
                       rt_addi(&t, (double)nqpf_coupling_class(r->cp_D[i]));
            }
        rc = oom ? nqpf_fail_nomem(err) : report_emit(&t, tables, bom, 0, written, err);
        free(cn);
        if (rc || (rc = report_coupling_classes(r, en, bom, tables, written, err)))
            return rc;
    }
    if (r->do_markov) {
        static const char *c[] = {"table", "from", "to", "value"};
        rt_init(&t, "markov", "markov", 4, c);
        size_t k = r->mk_k;
        for (int q = 0; q < 2; q++)
            for (size_t i = 0; i < k; i++)
                for (size_t j = 0; j < k; j++)
                    oom |= rt_add(&t, q ? "probability" : "count", 0) | rt_addi(&t, (double)(i + 1)) |
                           rt_addi(&t, (double)(j + 1)) | rt_add(&t, NULL, (q ? r->mk_p : r->mk_counts)[i * k + j]);
        for (size_t i = 0; i < k; i++)
            oom |= rt_add(&t, "steady_state", 0) | rt_addi(&t, (double)(i + 1)) | rt_add(&t, "", 0) |
                   rt_add(&t, NULL, r->mk_pi[i]);
        if (oom || (rc = report_emit(&t, tables, bom, 0, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
        /* the probability matrix as a LaTeX table */
        matrix_cols mc;
        if (report_matrix_cols(&mc, NULL, k))
            return nqpf_fail_nomem(err);
        rt_init(&t, "markov_matrix", en ? "Markov transition probabilities" : "马尔可夫转移概率矩阵", mc.n,
                (const char *const *)mc.cn);
        oom |= report_matrix_rows(&t, r->mk_p, r->mk_counts, k, NULL);
        rc = oom ? nqpf_fail_nomem(err) : report_emit(&t, tables, bom, 1, written, err);
        report_matrix_cols_free(&mc);
        if (rc || (r->mk_spatial && (rc = report_mksp_tables(r, en, bom, tables, written, err))))
            return rc;
    }
    if (r->do_forecast) {
        static const char *c[] = {"series", "period", "actual", "fitted", "lower", "upper", "a", "b", "C", "P"};
        rt_init(&t, "forecast", "forecast", 10, c);
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
                oom |= rt_add(&t, nm, 0) | rt_add(&t, per, 0) | rt_add(&t, NULL, q < T ? r->series[s * T + q] : NAN) |
                       rt_add(&t, NULL, f) | rt_add(&t, NULL, f - band) | rt_add(&t, NULL, f + band) |
                       rt_add(&t, NULL, g->a) | rt_add(&t, NULL, g->b) | rt_add(&t, NULL, g->C) | rt_add(&t, NULL, g->P);
            }
        }
        if (oom || (rc = report_emit(&t, tables, bom, 0, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
        if ((rc = report_gm_accuracy(r, en, bom, tables, written, err)))
            return rc;
    }
    if (r->do_malmquist) {
        if ((rc = write_malmquist(r, tables, bom, err)))
            return rc;
        nqpf_buf_puts(written, "tables/malmquist.csv\n");
        /* the --means file of `nqpf malmquist`: geometric means per period
         * pair, per unit and overall (arithmetic for Luenberger) */
        static const char *c3[] = {"kind", "unit", "from", "to", "n", "tfpch", "effch", "techch", "index"};
        static const char *c5[] = {"kind", "unit", "from", "to", "n", "tfpch", "effch", "techch", "pech", "sech", "index"};
        const char *const *c = r->mq_ncol == 5 ? c5 : c3;
        size_t nc = 6 + (size_t)r->mq_ncol, P = r->mq.n_pairs;
        const nqpf_mq_means *mm = &r->mqm;
        rt_init(&t, "malmquist_means",
                en ? "Malmquist index: means per period pair, per unit and overall" : "Malmquist指数分期、分地区与总体均值",
                nc, c);
        for (size_t k = 0; k < P + r->mq_U + 1; k++) {
            int per = k < P, all = k == P + r->mq_U;
            size_t u = k - P;
            const double *v = per ? &mm->period[k * NQPF_MQ_NCOL] : all ? mm->all : &mm->unit[u * NQPF_MQ_NCOL];
            oom |= rt_add(&t, per ? "period" : all ? "all" : "unit", 0) |
                   rt_add(&t, per || all ? "mean" : r->mq_unit[u], 0) |
                   rt_add(&t, r->mq_period[per ? k : 0], 0) | rt_add(&t, r->mq_period[per ? k + 1 : P], 0) |
                   rt_addi(&t, (double)(per ? mm->period_n[k] : all ? mm->all_n : mm->unit_n[u]));
            for (int j = 0; j < r->mq_ncol; j++)
                oom |= rt_add(&t, NULL, v[j]);
            oom |= rt_add(&t, r->mq_variant, 0);
        }
        if (oom || (rc = report_emit(&t, tables, bom, 1, written, err)))
            return oom ? nqpf_fail_nomem(err) : rc;
    }
    if (r->do_dea && (rc = report_dea_tables(r, en, bom, tables, written, err)))
        return rc;
    if (r->do_growth && (rc = report_growth_tables(r, en, bom, tables, written, err)))
        return rc;
    if ((rc = report_econ_tables(r, en, bom, tables, written, err)))
        return rc;
    return NQPF_OK;
}

static int write_buf(const nqpf_outdir *d, const char *name, const nqpf_buf *b, nqpf_error *err)
{
    FILE *fp;
    int rc = nqpf_outdir_fopen(d, name, &fp, err);
    if (rc)
        return rc;
    if (b->len)
        fwrite(b->data, 1, b->len, fp);
    return nqpf_outdir_fclose(d, name, fp, err);
}

/* A figure's caption without the page's own number ("图3. " / "Figure 3. "):
 * the documents number figures themselves. */
static const char *bare_caption(const char *c)
{
    const char *p = !strncmp(c, "图", strlen("图")) ? c + strlen("图") : !strncmp(c, "Figure ", 7) ? c + 7 : NULL;
    if (!p || *p < '0' || *p > '9')
        return c;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.')
        p++;
    while (*p == ' ')
        p++;
    return p;
}

/* report.docx, tables.xlsx and report.tex from the kept tables, the
 * figures (PNG in Word, PDF in LaTeX) and the methods and results prose of
 * the report's language. */
static int write_documents(const nqpf_report *r, int en, const nqpf_outdir *out, const report_sink *sink,
                           const report_figures *figs, nqpf_buf *written, nqpf_error *err)
{
    const char *title = L(en, "新质生产力测度报告", "New Quality Productive Forces report");
    const nqpf_project_kv *tk = nqpf_project_get(nqpf_project_section_get(r->proj, "project"), "title");
    if (tk && tk->value[0])
        title = tk->value;
    nqpf_buf m = {0};
    if (report_methods_prose(r, &m, en) || report_results_prose(r, en, &m) || nqpf_buf_puts(&m, "") || !m.data) {
        nqpf_buf_free(&m);
        return nqpf_fail_nomem(err);
    }
    size_t nf = figs->n;
    report_docfig *df = calloc(nf ? nf : 1, sizeof *df);
    nqpf_buf *png = calloc(nf ? nf : 1, sizeof *png);
    int rc = df && png ? NQPF_OK : nqpf_fail_nomem(err);
    char name[300];
    for (size_t i = 0; i < nf && !rc; i++) {
        const report_figure *f = &figs->fig[i];
        snprintf(name, sizeof name, "figures/%s.png", f->name);
        rc = read_back(out, name, &png[i], err);
        df[i] = (report_docfig){f->name, (const unsigned char *)png[i].data, png[i].len, bare_caption(f->caption),
                                f->width_cm};
    }
    if (!rc)
        rc = report_docx(out, "report.docx", title, m.data, sink->t, sink->n, df, nf, en, err);
    if (!rc)
        rc = report_xlsx(out, "tables.xlsx", sink->t, sink->n, err);
    if (!rc)
        rc = report_tex(out, "report.tex", title, m.data, sink->t, sink->n, df, nf, en, err);
    if (!rc)
        nqpf_buf_puts(written, "report.docx\ntables.xlsx\nreport.tex\n");
    for (size_t i = 0; png && i < nf; i++)
        nqpf_buf_free(&png[i]);
    free(png), free(df);
    nqpf_buf_free(&m);
    return rc;
}

int nqpf_report_write(const nqpf_report *r, const nqpf_report_opts *o, const char *dir, nqpf_buf *written,
                      nqpf_error *err)
{
    int en = o && o->lang && !strcmp(o->lang, "en"), bom = o && o->bom;
    nqpf_outdir out = {0};
    int rc = nqpf_outdir_begin(&out, dir, o && o->force, err);
    if (rc)
        return rc;
    char *tdir = nqpf_outdir_file(&out, "tables");
    report_sink sink = {{NULL, tdir, 0}, en, NULL, 0, 0};
    report_figures figs = {NULL, 0};
    report_sink *tables = &sink;
    nqpf_buf b = {0};
    if (!tdir) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if (mkdir(tdir, 0777) != 0) {
        rc = nqpf_fail(err, NQPF_EIO, tdir, 0, 0, "cannot create directory");
        goto fail;
    }
    /* scores, weights, normalised values and filled cells: the files of
     * `nqpf index`, written by the same code */
    nqpf_run_info iinfo = {"index", NULL, 0, NULL, 0, 1};
    if ((rc = nqpf_index_write(&tables->dir, &r->ix, &r->fills, &iinfo, err)))
        goto fail;
    {
        char *rj = nqpf_outdir_file(&tables->dir, "run.json");
        if (rj)
            unlink(rj);
        free(rj);
    }
    static const char *idx_files[] = {"scores.csv", "weights.csv", "normalized.csv", "filled.csv"};
    for (size_t i = 0; i < 4; i++) {
        if (bom && (rc = add_bom(tables, idx_files[i], err)))
            goto fail;
        nqpf_buf_printf(written, "tables/%s\n", idx_files[i]);
    }
    if ((rc = write_tables(r, en, bom, tables, written, err)))
        goto fail;
    if (report_html(r, en, &b, sink.t, sink.n)) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if ((rc = write_buf(&out, "index.html", &b, err)))
        goto fail;
    nqpf_buf_puts(written, "index.html\n");
    /* figures/NN_name.svg, .png, .pdf: the page's charts and maps as files (figures.c) */
    if ((rc = report_write_figures(&out, b.data, written, err)) || (rc = report_figures_from_html(b.data, &figs, err)))
        goto fail;
    nqpf_buf_free(&b);
    if (report_methods(r, &b)) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if ((rc = write_buf(&out, "methods.md", &b, err)))
        goto fail;
    nqpf_buf_free(&b);
    nqpf_buf_puts(written, "methods.md\n");
    if (report_results(r, &b)) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if ((rc = write_buf(&out, "results.md", &b, err)))
        goto fail;
    nqpf_buf_free(&b);
    nqpf_buf_puts(written, "results.md\n");
    if ((rc = write_documents(r, en, &out, &sink, &figs, written, err)))
        goto fail;
    /* run.json: every option used and the inputs' checksums */
    {
        size_t n = r->n_opt + 3;
        nqpf_kv *kv = malloc(n * sizeof *kv);
        if (!kv) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        size_t k = 0;
        kv[k++] = (nqpf_kv){"project", r->proj->path};
        kv[k++] = (nqpf_kv){"lang", en ? "en" : "zh"};
        kv[k++] = (nqpf_kv){"bom", bom ? "true" : "false"};
        for (size_t i = 0; i < r->n_opt; i++)
            kv[k++] = (nqpf_kv){r->opt[i].key, r->opt[i].value};
        nqpf_input_file in[4] = {{"data", r->data_path, nqpf_encoding_name(r->panel->encoding), r->data_sha},
                                 {"system", r->system_path, NULL, r->system_sha}};
        size_t nin = 2;
        if (r->geojson_path)
            in[nin++] = (nqpf_input_file){"geojson", r->geojson_path, NULL, r->geojson_sha};
        if (r->do_growth)
            in[nin++] = (nqpf_input_file){"growth", r->growth_path, NULL, r->growth_sha};
        nqpf_run_info info = {"run", kv, k, in, nin, 0};
        rc = nqpf_write_run_json(&out, &info, &r->ix, &r->fills, err);
        free(kv);
        if (rc)
            goto fail;
        nqpf_buf_puts(written, "run.json\n");
    }
    report_sink_free(&sink);
    report_figures_free(&figs);
    free(tdir);
    return nqpf_outdir_commit(&out, err);
fail:
    report_sink_free(&sink);
    report_figures_free(&figs);
    nqpf_buf_free(&b);
    free(tdir);
    nqpf_outdir_abort(&out);
    return rc;
}
