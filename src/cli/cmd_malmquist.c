/* nqpf malmquist — Malmquist / Malmquist-Luenberger / Luenberger
 * productivity indexes from a panel CSV (thin CLI over
 * include/nqpf/malmquist.h; formulas and variants in docs/malmquist.md).
 * The small CSV helpers (list splitting, non-negative column blocks, period
 * ranking) are static in cmd_dea.c, so this file has its own equivalents. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "budget.h"
#include "commands.h"
#include "nqpf/csv.h"
#include "nqpf/dist.h"
#include "nqpf/malmquist.h"
#include "nqpf/memory.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

#define MAXV 64

static void help(const nqpf_opt *opts, size_t n)
{
    printf("Usage: nqpf malmquist --data FILE --unit COL --period COL --inputs A,B --outputs C,D [OPTIONS]\n\n"
           "Productivity change of every unit between consecutive periods, from DEA distance\n"
           "functions: the Malmquist index (Faere-Grosskopf-Norris-Zhang 1994, as DEAP 2.1;\n"
           "output-oriented Farrell efficiencies by default; with --rts vrs also pure and\n"
           "scale efficiency change), the Malmquist-Luenberger index (Chung-Faere-Grosskopf\n"
           "1997, directional distance g = (0, y, -b), undesirable outputs), the Luenberger\n"
           "indicator (DDF or SBM inefficiency; differences instead of ratios).  Frontiers:\n"
           "contemporaneous, sequential (periods <= t) or global (Pastor-Lovell 2005; with\n"
           "--index ml the GML of Oh 2010).  Output columns:\n"
           "unit,from,to,tfpch,effch,techch[,pech,sech][,cum_...],status,index; a row whose\n"
           "mixed-period LP has no solution has status infeasible/unbounded and empty numbers.\n\n");
    nqpf_args_print(opts, n);
    printf("\nExamples:\n"
           "  nqpf malmquist --data prov.csv --unit province --period year --inputs K,L \\\n"
           "      --outputs gdp --rts vrs --means means.csv --out malmquist.csv\n"
           "  nqpf malmquist --data prov.csv --unit province --period year --inputs K,L,E \\\n"
           "      --outputs gdp --undesirable co2 --index ml --frontier global --out gml.csv\n"
           "  nqpf malmquist --data prov.csv --unit province --period year --inputs K,L,E \\\n"
           "      --outputs gdp --undesirable co2 --index luenberger --model sbm \\\n"
           "      --frontier global --cumulative --out lpi.csv\n");
}

static int choice(const char *opt, const char *v, const char *const *names, int n, int *out, nqpf_error *err)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = i;
            return NQPF_OK;
        }
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s: unknown value '%s'", opt, v);
}

static int split(const char *opt, const char *v, char **store, char **items, size_t *n, int required,
                 nqpf_error *err)
{
    *n = 0;
    if (!v || !*v)
        return required ? nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s is required", opt) : NQPF_OK;
    if (!(*store = nqpf_strdup(v)))
        return nqpf_fail_nomem(err);
    int k = nqpf_split_list(*store, items, MAXV);
    if (k <= 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s: bad list '%s' (at most %d names)", opt, v, MAXV);
    *n = (size_t)k;
    return NQPF_OK;
}

static const char *const INDEXES[] = {"malmquist", "ml", "luenberger"};
static const char *const MODELS[] = {"radial", "sbm", "ddf"};
static const char *const RTSS[] = {"crs", "vrs", "nirs", "ndrs"};
static const char *const ORIENTS[] = {"in", "out", "none"};
static const char *const FRONTIERS[] = {"contemporaneous", "sequential", "global"};
static const char *const DIRS[] = {"default", "ones", "observed"};
static const char *const DISP[] = {"weak", "strong"};
static const char *const COLS[] = {"tfpch", "effch", "techch", "pech", "sech"};

static void put_vals(FILE *fp, const double *v, int ncol)
{
    for (int c = 0; c < ncol; c++) {
        fputc(',', fp);
        nqpf_csv_put_num(fp, v[c]);
    }
}

/* Write the means CSV to of (opened by the caller, committed with the main
 * output so that a failure leaves neither file behind). */
static int write_means(nqpf_outfile *of, const nqpf_mq_out *o, const nqpf_table *t, size_t ucol,
                       const size_t *urow, const char **plabel, int ncol, const char *variant, nqpf_error *err)
{
    nqpf_mq_means mm;
    int rc = nqpf_mq_means_compute(o, &mm, err);
    if (rc)
        return rc;
    FILE *fp = of->fp;
    const size_t P = o->n_pairs;
    fputs("kind,unit,from,to,n", fp);
    for (int c = 0; c < ncol; c++)
        fprintf(fp, ",%s", COLS[c]);
    fputs(",index\n", fp);
    for (size_t tt = 0; tt < P; tt++) {
        fputs("period,mean,", fp);
        nqpf_csv_put_field(fp, plabel[tt]);
        fputc(',', fp);
        nqpf_csv_put_field(fp, plabel[tt + 1]);
        fprintf(fp, ",%zu", mm.period_n[tt]);
        put_vals(fp, &mm.period[tt * NQPF_MQ_NCOL], ncol);
        fprintf(fp, ",%s\n", variant);
    }
    for (size_t u = 0; u < o->n_units; u++) {
        fputs("unit,", fp);
        nqpf_csv_put_field(fp, nqpf_table_get(t, urow[u], ucol));
        fputc(',', fp);
        nqpf_csv_put_field(fp, plabel[0]);
        fputc(',', fp);
        nqpf_csv_put_field(fp, plabel[P]);
        fprintf(fp, ",%zu", mm.unit_n[u]);
        put_vals(fp, &mm.unit[u * NQPF_MQ_NCOL], ncol);
        fprintf(fp, ",%s\n", variant);
    }
    fputs("all,mean,", fp);
    nqpf_csv_put_field(fp, plabel[0]);
    fputc(',', fp);
    nqpf_csv_put_field(fp, plabel[P]);
    fprintf(fp, ",%zu", mm.all_n);
    put_vals(fp, mm.all, ncol);
    fprintf(fp, ",%s\n", variant);
    nqpf_mq_means_free(&mm);
    return NQPF_OK;
}

int nqpf_cmd_malmquist(int argc, char **argv)
{
    const char *data = NULL, *unit = NULL, *period = NULL, *inputs = NULL, *outputs = NULL, *bads = NULL;
    const char *outp = "-", *index = "malmquist", *model = NULL, *rts = "crs", *orient = NULL;
    const char *frontier = "contemporaneous", *direction = "default", *disposal = "weak", *encoding = "auto";
    const char *means = NULL, *max_memory = NULL;
    int force = 0, cumulative = 0, no_frame = 0;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "input CSV, one row per unit and period", 0},
        {"unit", OPT_STR, &unit, "COL", "column naming the unit (DMU)", 0},
        {"period", OPT_STR, &period, "COL", "column of the period (numbers sort numerically)", 0},
        {"inputs", OPT_STR, &inputs, "A,B", "input columns", 0},
        {"outputs", OPT_STR, &outputs, "C,D", "(desirable) output columns", 0},
        {"undesirable", OPT_STR, &bads, "E,F", "undesirable (bad) output columns", 0},
        {"out", OPT_STR, &outp, "FILE", "output CSV ('-' = standard output, the default)", 0},
        {"force", OPT_FLAG, &force, NULL, "replace existing output files", 0},
        {"index", OPT_STR, &index, "I", "malmquist (default), ml (Malmquist-Luenberger), luenberger", 0},
        {"model", OPT_STR, &model, "M",
         "distance function: radial (malmquist default), sbm, ddf (ml, luenberger default)", 0},
        {"frontier", OPT_STR, &frontier, "F", "contemporaneous (default), sequential, global", 0},
        {"rts", OPT_STR, &rts, "R", "crs (default); vrs/nirs/ndrs add pech, sech (index stays CRS)", 0},
        {"orient", OPT_STR, &orient, "O", "radial: out (default, as DEAP) or in; sbm: none (default), in, out", 0},
        {"direction", OPT_STR, &direction, "D", "ddf direction: default (0,y,-b), ones, observed", 0},
        {"bad-disposal", OPT_STR, &disposal, "W", "ddf bad outputs: weak (default, =) or strong (<=)", 0},
        {"cumulative", OPT_FLAG, &cumulative, NULL, "cum_ columns: running product (sum) from the first period", 0},
        {"means", OPT_STR, &means, "FILE", "also write DEAP-style means per period pair, per unit, overall", 0},
        {"encoding", OPT_STR, &encoding, "E", "input encoding: auto (default), utf-8, gbk, gb18030", 0},
        {"max-memory", OPT_STR, &max_memory, "SIZE", "stop before starting if the run would need more (e.g. 2G)", 0},
        {"no-frame", OPT_FLAG, &no_frame, NULL, "score against all units (skip the frame reduction)", 0},
    };
    size_t n_opts = sizeof opts / sizeof opts[0];
    nqpf_error err;
    nqpf_error_clear(&err);
    const char *pos[1];
    size_t n_pos = 0;
    int want_help = 0;
    int rc = nqpf_args_parse(argc, argv, opts, n_opts, pos, 0, &n_pos, &want_help, &err);
    if (rc)
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    char *sx = NULL, *sy = NULL, *sb = NULL;
    char *nx[MAXV], *ny[MAXV], *nb[MAXV];
    size_t m = 0, s = 0, q = 0, T = 0, U = 0;
    nqpf_table *t = NULL;
    double *X = NULL, *Y = NULL, *B = NULL, *tmp = NULL;
    size_t *prow = NULL, *urowid = NULL, *urow = NULL;
    const char **plabel = NULL;
    size_t *first_row = NULL;
    nqpf_strmap units = {0};
    nqpf_mq_out res = {0};
    nqpf_outfile of = {0}, mof = {0};
    int of_open = 0, mof_open = 0, v = 0;
    nqpf_mq_job job = {0};
    nqpf_dea_spec *sp = &job.spec;
    if (!data || !unit || !period) {
        rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data, --unit and --period are required (see --help)");
        goto out;
    }
    if ((rc = split("inputs", inputs, &sx, nx, &m, 1, &err)) || (rc = split("outputs", outputs, &sy, ny, &s, 1, &err)) ||
        (rc = split("undesirable", bads, &sb, nb, &q, 0, &err)))
        goto out;
    if ((rc = choice("index", index, INDEXES, 3, &v, &err)))
        goto out;
    job.index = (nqpf_mq_index)v;
    if (!model)
        model = job.index == NQPF_MQ_MALMQUIST ? "radial" : "ddf";
    if ((rc = choice("model", model, MODELS, 3, &v, &err)))
        goto out;
    sp->model = (nqpf_dea_model)v;
    if ((rc = choice("rts", rts, RTSS, 4, &v, &err)))
        goto out;
    sp->rts = (nqpf_dea_rts)v;
    if (sp->model == NQPF_DEA_DDF && orient) {
        rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "ddf takes no --orient (use --direction)");
        goto out;
    }
    if (!orient)
        orient = sp->model == NQPF_DEA_RADIAL ? "out" : sp->model == NQPF_DEA_SBM ? "none" : "in";
    if ((rc = choice("orient", orient, ORIENTS, 3, &v, &err)))
        goto out;
    sp->orient = (nqpf_dea_orient)v;
    if ((rc = choice("frontier", frontier, FRONTIERS, 3, &v, &err)))
        goto out;
    job.frontier = (nqpf_mq_frontier)v;
    if ((rc = choice("direction", direction, DIRS, 3, &v, &err)))
        goto out;
    sp->dir = (nqpf_dea_dir)v;
    if ((rc = choice("bad-disposal", disposal, DISP, 2, &v, &err)))
        goto out;
    sp->bad_strong = v;
    sp->m = m;
    sp->s = s;
    sp->q = q;
    nqpf_encoding enc;
    if (nqpf_encoding_parse(encoding, &enc)) {
        rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--encoding: unknown value '%s'", encoding);
        goto out;
    }
    if (max_memory) { /* stop before reading when the run cannot fit */
        cli_budget b;
        if ((rc = cli_budget_start(&b, max_memory, data, enc, 1, &err)) ||
            (rc = nqpf_memory_check(b.table + nqpf_mq_memory(sp, b.rows, b.threads), b.limit, "the productivity index",
                                    &err)))
            goto out;
    }
    if ((rc = nqpf_table_read(&t, data, enc, &err)))
        goto out;
    size_t n = t->n_rows, ucol = 0, pcol = 0;
    if ((rc = nqpf_table_require(t, unit, &ucol, &err)) || (rc = nqpf_table_require(t, period, &pcol, &err)))
        goto out;
    if (n == 0) {
        rc = nqpf_fail(&err, NQPF_EINPUT, data, 0, 0, "no data rows");
        goto out;
    }
    X = malloc(n * m * sizeof(double));
    Y = malloc(n * s * sizeof(double));
    B = malloc((n * q + 1) * sizeof(double));
    tmp = malloc(n * sizeof(double));
    prow = malloc(n * sizeof(size_t));
    urowid = malloc(n * sizeof(size_t));
    urow = malloc(n * sizeof(size_t));
    plabel = malloc(n * sizeof(char *));
    first_row = malloc(n * sizeof(size_t));
    if (!X || !Y || !B || !tmp || !prow || !urowid || !urow || !plabel || !first_row) {
        rc = nqpf_fail_nomem(&err);
        goto out;
    }
    if ((rc = nqpf_dea_read_columns(t, nx, m, X, tmp, &err)) || (rc = nqpf_dea_read_columns(t, ny, s, Y, tmp, &err)) ||
        (rc = nqpf_dea_read_columns(t, nb, q, B, tmp, &err)))
        goto out;
    if ((rc = nqpf_table_rank_column(t, pcol, prow, &T, first_row, &err)))
        goto out;
    for (size_t k = 0; k < T; k++)
        plabel[k] = nqpf_table_get(t, first_row[k], pcol);
    /* Units in order of first appearance; (unit, period) unique. */
    for (size_t i = 0; i < n; i++) {
        const char *us = nqpf_table_get(t, i, ucol);
        if (!*us) {
            rc = nqpf_fail(&err, NQPF_EMISSING, data, t->line[i], (long)ucol + 1, "missing unit");
            goto out;
        }
        int ins = 0;
        long id = nqpf_strmap_intern(&units, us, strlen(us), &ins);
        if (id < 0) {
            rc = nqpf_fail_nomem(&err);
            goto out;
        }
        if (ins)
            urow[U++] = i;
        urowid[i] = (size_t)id;
    }
    {
        size_t *seen = calloc(U * T, sizeof(size_t));
        if (!seen) {
            rc = nqpf_fail_nomem(&err);
            goto out;
        }
        for (size_t i = 0; i < n && !rc; i++) {
            size_t *c = &seen[urowid[i] * T + prow[i]];
            if (*c)
                rc = nqpf_fail(&err, NQPF_EINPUT, data, t->line[i], (long)ucol + 1,
                               "unit '%s' appears twice in period '%s' (first on line %ld)",
                               nqpf_table_get(t, i, ucol), nqpf_table_get(t, i, pcol), t->line[*c - 1]);
            *c = i + 1;
        }
        free(seen);
        if (rc)
            goto out;
    }
    job.n = n;
    job.x = X;
    job.y = Y;
    job.b = q ? B : NULL;
    job.unit = urowid;
    job.period = prow;
    job.n_units = U;
    job.n_periods = T;
    job.no_frame = no_frame;
    nqpf_dist world = nqpf_dist_world();
    job.dist = &world; /* under mpirun: the LPs split over the ranks */
    if ((rc = nqpf_mq_run(&job, &res, &err)))
        goto out;
    if (world.rank != 0)
        goto out; /* rank 0 writes */
    char variant[200];
    if (sp->model == NQPF_DEA_DDF)
        snprintf(variant, sizeof variant, "%s-ddf-%s%s%s-g:%s-%s", INDEXES[job.index], RTSS[sp->rts],
                 q ? "-" : "", q ? DISP[sp->bad_strong] : "", DIRS[sp->dir], FRONTIERS[job.frontier]);
    else
        snprintf(variant, sizeof variant, "%s-%s-%s-%s-%s", INDEXES[job.index], MODELS[sp->model], ORIENTS[sp->orient],
                 RTSS[sp->rts], FRONTIERS[job.frontier]);
    int ncol = res.decomposed ? 5 : 3;
    if ((rc = nqpf_outfile_open(&of, outp, force, &err)))
        goto out;
    of_open = 1;
    FILE *fp = of.fp;
    fputs("unit,from,to", fp);
    for (int c = 0; c < ncol; c++)
        fprintf(fp, ",%s", COLS[c]);
    if (cumulative)
        for (int c = 0; c < ncol; c++)
            fprintf(fp, ",cum_%s", COLS[c]);
    fputs(",status,index\n", fp);
    const size_t P = res.n_pairs;
    for (size_t u = 0; u < U; u++)
        for (size_t tt = 0; tt < P; tt++) {
            size_t k = u * P + tt;
            if (!res.present[k])
                continue;
            nqpf_csv_put_field(fp, nqpf_table_get(t, urow[u], ucol));
            fputc(',', fp);
            nqpf_csv_put_field(fp, plabel[tt]);
            fputc(',', fp);
            nqpf_csv_put_field(fp, plabel[tt + 1]);
            put_vals(fp, &res.val[k * NQPF_MQ_NCOL], ncol);
            if (cumulative)
                put_vals(fp, &res.cum[k * NQPF_MQ_NCOL], ncol);
            fprintf(fp, ",%s,%s\n", nqpf_mq_status_name(res.status[k]), variant);
        }
    if (means) {
        if ((rc = nqpf_outfile_open(&mof, means, force, &err)))
            goto out;
        mof_open = 1;
        if ((rc = write_means(&mof, &res, t, ucol, urow, plabel, ncol, variant, &err)))
            goto out;
    }
    {
        nqpf_outfile *all[2] = {&of, &mof}; /* both files or neither */
        rc = nqpf_outfiles_commit(all, means ? 2 : 1, &err);
        of_open = mof_open = 0;
    }
out:
    if (of_open)
        nqpf_outfile_abort(&of);
    if (mof_open)
        nqpf_outfile_abort(&mof);
    nqpf_mq_out_free(&res);
    nqpf_strmap_free(&units);
    nqpf_table_free(t);
    free(X);
    free(Y);
    free(B);
    free(tmp);
    free(prow);
    free(urowid);
    free(urow);
    free(plabel);
    free(first_row);
    free(sx);
    free(sy);
    free(sb);
    return rc ? nqpf_cli_error(&err) : 0;
}
