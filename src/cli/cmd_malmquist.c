/* nqpf malmquist — Malmquist / Malmquist-Luenberger / Luenberger
 * productivity indexes from a panel CSV (thin CLI over
 * include/nqpf/malmquist.h; formulas and variants in docs/malmquist.md).
 * The data and the panel (units, periods, groups) are read as `nqpf dea`
 * and the report read them: nqpf_dea_input_read. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "commands.h"
#include "nqpf/coltable.h"
#include "nqpf/csv.h"
#include "nqpf/dist.h"
#include "nqpf/dea_opts.h"
#include "nqpf/malmquist.h"
#include "nqpf/memory.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

static void put_vals(FILE *fp, const double *v, const int *col, int ncol)
{
    for (int c = 0; c < ncol; c++) {
        fputc(',', fp);
        nqpf_csv_put_num(fp, v[col[c]]);
    }
}

/* Write the means CSV to fp (the command's side output). */
static int write_means(FILE *fp, const nqpf_mq_out *o, const nqpf_dea_input *in, const char **plabel, const int *col, int ncol, const char *variant,
                       nqpf_error *err)
{
    nqpf_mq_means mm;
    int rc = nqpf_mq_means_compute(o, &mm, err);
    if (rc)
        return rc;
    const size_t P = o->n_pairs;
    fputs("kind,unit,from,to,n", fp);
    for (int c = 0; c < ncol; c++)
        fprintf(fp, ",%s", NQPF_MQ_COL_NAMES[col[c]]);
    fputs(",index\n", fp);
    for (size_t tt = 0; tt < P; tt++) {
        fputs("period,mean,", fp);
        nqpf_csv_put_field(fp, plabel[tt]);
        fputc(',', fp);
        nqpf_csv_put_field(fp, plabel[tt + 1]);
        fprintf(fp, ",%zu", mm.period_n[tt]);
        put_vals(fp, &mm.period[tt * NQPF_MQ_NCOL], col, ncol);
        fprintf(fp, ",%s\n", variant);
    }
    for (size_t u = 0; u < o->n_units; u++) {
        fputs("unit,", fp);
        nqpf_csv_put_field(fp, nqpf_dea_input_text(in->unit, in->unit_row[u]));
        fputc(',', fp);
        nqpf_csv_put_field(fp, plabel[0]);
        fputc(',', fp);
        nqpf_csv_put_field(fp, plabel[P]);
        fprintf(fp, ",%zu", mm.unit_n[u]);
        put_vals(fp, &mm.unit[u * NQPF_MQ_NCOL], col, ncol);
        fprintf(fp, ",%s\n", variant);
    }
    fputs("all,mean,", fp);
    nqpf_csv_put_field(fp, plabel[0]);
    fputc(',', fp);
    nqpf_csv_put_field(fp, plabel[P]);
    fprintf(fp, ",%zu", mm.all_n);
    put_vals(fp, mm.all, col, ncol);
    fprintf(fp, ",%s\n", variant);
    nqpf_mq_means_free(&mm);
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *ctx, nqpf_error *err)
{
    const nqpf_optval *o = ctx->v;
    const char *data = o[NQPF_MO_DATA].text, *unit = o[NQPF_MO_UNIT].text, *period = o[NQPF_MO_PERIOD].text;
    const char *means = o[NQPF_MO_MEANS].text, *max_memory = o[NQPF_MO_MAX_MEMORY].text;
    const char *meta = o[NQPF_MO_META].text;
    int cumulative = (int)o[NQPF_MO_CUMULATIVE].i;
    int rc;
    char **nx = o[NQPF_MO_INPUTS].items, **ny = o[NQPF_MO_OUTPUTS].items, **nb = o[NQPF_MO_UNDESIRABLE].items;
    size_t m = o[NQPF_MO_INPUTS].n_items, s = o[NQPF_MO_OUTPUTS].n_items, q = o[NQPF_MO_UNDESIRABLE].n_items;
    nqpf_dea_input in = {0};
    const char **plabel = NULL;
    nqpf_mq_out res = {0};
    nqpf_mq_job job = {0};
    nqpf_dea_spec *sp = &job.spec;
    {
        int index, frontier;
        const char *mname, *oname;
        if ((rc = nqpf_mq_opts_spec(o, NULL, sp, &index, &frontier, &mname, &oname, err)))
            goto out;
        job.index = (nqpf_mq_index)index;
        job.frontier = (nqpf_mq_frontier)frontier;
        job.techch = (nqpf_mq_techch)o[NQPF_MO_TECHCH].i;
    }
    nqpf_encoding enc;
    if (nqpf_encoding_parse(o[NQPF_MO_ENCODING].text, &enc)) {
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--encoding: unknown value '%s'", o[NQPF_MO_ENCODING].text);
        goto out;
    }
    if (max_memory) { /* stop before reading when the run cannot fit */
        cli_budget b;
        if ((rc = cli_budget_start(&b, max_memory, data, err)) ||
            (rc = nqpf_memory_check(b.held + nqpf_dea_input_memory(b.rows, m + s + q, 2 + !!meta) +
                                        (meta ? nqpf_mq_meta_memory : nqpf_mq_memory)(sp, b.rows, b.threads),
                                    b.limit, "the productivity index", err)))
            goto out;
    }
    nqpf_dea_names names = {.unit = unit, .period = period, .group = meta, .x = nx, .y = ny, .b = nb,
                            .m = m, .s = s, .q = q};
    if ((rc = nqpf_dea_input_read(&in, data, enc, &names, err)) ||
        (meta && (rc = nqpf_dea_input_groups_fixed(&in, err))))
        goto out;
    size_t U = in.U, T = in.T;
    if (!(plabel = malloc(T * sizeof(char *)))) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    for (size_t k = 0; k < T; k++)
        plabel[k] = nqpf_dea_input_text(in.period, in.period_row[k]);
    job.n = in.n;
    job.x = in.x;
    job.y = in.y;
    job.b = q ? in.b : NULL;
    job.unit = in.unit_of;
    job.period = in.period_of;
    job.n_units = U;
    job.n_periods = T;
    job.no_frame = (int)o[NQPF_MO_NO_FRAME].i;
    nqpf_dist world = nqpf_dist_world();
    job.dist = &world; /* under mpirun: the LPs split over the ranks */
    if ((rc = meta ? nqpf_mq_meta_run(&job, in.group_of, in.G, &res, err) : nqpf_mq_run(&job, &res, err)))
        goto out;
    if (world.rank != 0)
        goto out; /* rank 0 writes */
    char variant[200];
    nqpf_mq_label(sp, (int)job.index, (int)job.frontier, (int)job.techch, variant, sizeof variant);
    if (meta)
        strcat(variant, "-meta");
    int col[NQPF_MQ_NCOL], ncol = nqpf_mq_out_cols(&res, col);
    const char *tgrn = res.additive ? "gap" : "tgr";
    if ((rc = cmd_open_out(ctx, ctx->spec, err)))
        goto out;
    FILE *fp = ctx->fp;
    fputs("unit,from,to", fp);
    for (int c = 0; c < ncol; c++)
        fprintf(fp, ",%s", NQPF_MQ_COL_NAMES[col[c]]);
    if (meta)
        fprintf(fp, ",%s_from,%s_to", tgrn, tgrn);
    if (cumulative)
        for (int c = 0; c < ncol; c++)
            fprintf(fp, ",cum_%s", NQPF_MQ_COL_NAMES[col[c]]);
    fputs(",status,index\n", fp);
    const size_t P = res.n_pairs;
    for (size_t u = 0; u < U; u++)
        for (size_t tt = 0; tt < P; tt++) {
            size_t k = u * P + tt;
            if (!res.present[k])
                continue;
            nqpf_csv_put_field(fp, nqpf_dea_input_text(in.unit, in.unit_row[u]));
            fputc(',', fp);
            nqpf_csv_put_field(fp, plabel[tt]);
            fputc(',', fp);
            nqpf_csv_put_field(fp, plabel[tt + 1]);
            put_vals(fp, &res.val[k * NQPF_MQ_NCOL], col, ncol);
            if (meta) {
                static const int ends[2] = {0, 1};
                put_vals(fp, &res.tgr[2 * k], ends, 2);
            }
            if (cumulative)
                put_vals(fp, &res.cum[k * NQPF_MQ_NCOL], col, ncol);
            fprintf(fp, ",%s,%s\n", nqpf_mq_status_name(res.status[k]), variant);
        }
    if (means) {
        /* committed with the main output by the runner: both files or neither */
        if ((rc = cmd_open_side(ctx, means, err)) ||
            (rc = write_means(ctx->side.fp, &res, &in, plabel, col, ncol, variant, err)))
            goto out;
    }
out:
    nqpf_mq_out_free(&res);
    nqpf_dea_input_free(&in); /* the job's data, units and periods are its */
    free(plabel);
    return rc;
}

const nqpf_cmd_spec NQPF_MALMQUIST_CMD = {
    NQPF_MALMQUIST_OPTS, NQPF_MO_NOPTS, "malmquist",
    "--data FILE --unit COL --period COL --inputs A,B --outputs C,D [OPTIONS]",
    "Productivity change of every unit between consecutive periods, from DEA distance\n"
    "functions: the Malmquist index (Faere-Grosskopf-Norris-Zhang 1994, as DEAP 2.1;\n"
    "output-oriented Farrell efficiencies by default; with --rts vrs also pure and\n"
    "scale efficiency change), the Malmquist-Luenberger index (Chung-Faere-Grosskopf\n"
    "1997, directional distance g = (0, y, -b), undesirable outputs), the Luenberger\n"
    "indicator (DDF or SBM inefficiency; differences instead of ratios).  Frontiers:\n"
    "contemporaneous, sequential (periods <= t) or global (Pastor-Lovell 2005; with\n"
    "--index ml the GML of Oh 2010).  --techch base|comparison: the index at period\n"
    "t's or t+1's technology instead of the geometric mean.  --meta COL: meta-frontier\n"
    "index over groups (Oh-Lee 2010): tfpch = effch (within the group) x techch x tgch\n"
    "(technology gap change), with the technology gap ratios tgr_from, tgr_to.\n"
    "Output columns: unit,from,to,tfpch,effch,techch[,tgch][,pech,sech][,tgr_from,\n"
    "tgr_to][,cum_...],status,index; a row whose mixed-period LP has no solution has\n"
    "status infeasible/unbounded and empty numbers.\n\n",
    "  nqpf malmquist --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --rts vrs --means means.csv --out malmquist.csv\n"
    "  nqpf malmquist --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --index luenberger --model sbm --frontier global --cumulative --out lpi.csv\n"
    "  nqpf malmquist --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --frontier global --meta region4 --out mmpi.csv\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
