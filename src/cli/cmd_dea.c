/* nqpf dea — data envelopment analysis from a CSV file (thin CLI over
 * include/nqpf/dea.h; formulas and variants in docs/productivity.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "dea_price_cli.h"
#include "commands.h"
#include "nqpf/coltable.h"
#include "nqpf/csv.h"
#include "nqpf/dea.h"
#include "nqpf/dea_opts.h"
#include "nqpf/dea_boot.h"
#include "nqpf/dist.h"
#include "nqpf/memory.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

/* ",v" for row i's k values of v (n x k; empty when the row has no score). */
static void put_row(FILE *fp, int ok, const double *v, size_t i, size_t k)
{
    for (size_t j = 0; j < k; j++)
        fputc(',', fp), nqpf_csv_put_num(fp, ok ? v[i * k + j] : NAN);
}

/* Every bootstrap replication, long format, in the efficiency scale. */
static void write_reps(FILE *fp, const nqpf_dea_input *in, const char *unit, const char *period, size_t B,
                       const double *draw, const double *dist)
{
    nqpf_cli_dea_put_head(fp, unit, period);
    fputs(",rep,pseudo_efficiency,efficiency\n", fp);
    for (size_t i = 0; i < in->n; i++)
        for (size_t b = 0; b < B; b++) {
            nqpf_cli_dea_put_key(fp, in, i);
            fprintf(fp, ",%zu,", b + 1);
            nqpf_csv_put_num(fp, 1.0 / draw[i * B + b]);
            fputc(',', fp);
            nqpf_csv_put_num(fp, 1.0 / dist[i * B + b]);
            fputc('\n', fp);
        }
}

/* --max-memory: the input columns (numbers of them: data and prices), DEA and bootstrap estimates against the limit,
 * before anything big is read or allocated. */
static int check_memory(const char *data, const char *limit_s, const nqpf_dea_spec *sp,
                        size_t numbers, size_t B, int keep_reps, size_t keys, nqpf_error *err)
{
    cli_budget b;
    int rc = cli_budget_start(&b, limit_s, data, err);
    if (rc)
        return rc;
    uint64_t need = b.held + nqpf_dea_input_memory(b.rows, numbers, keys) +
                    nqpf_dea_memory(sp, b.rows, b.threads);
    if (B)
        need += nqpf_dea_boot_memory(sp, b.rows, B, keep_reps, b.threads);
    return nqpf_memory_check(need, b.limit, B ? "DEA with the bootstrap" : "DEA", err);
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *o = c->v;
    const char *data = o[NQPF_DO_DATA].text, *unit = o[NQPF_DO_UNIT].text, *period = o[NQPF_DO_PERIOD].text;
    const char *frontier = o[NQPF_DO_FRONTIER].text;
    const char *reps_out = o[NQPF_DO_BOOT_REPS].text, *checkpoint = o[NQPF_DO_CHECKPOINT].text;
    const char *max_memory = o[NQPF_DO_MAX_MEMORY].text, *meta = o[NQPF_DO_META].text;
    int slacks = (int)o[NQPF_DO_SLACKS].i, want_peers = (int)o[NQPF_DO_PEERS].i;
    int want_targets = (int)o[NQPF_DO_TARGETS].i;
    size_t boot = o[NQPF_DO_BOOTSTRAP].z, seed = o[NQPF_DO_SEED].z;
    double level = o[NQPF_DO_LEVEL].num, bandwidth = o[NQPF_DO_BANDWIDTH].num;
    int rc;
    char **nx = o[NQPF_DO_INPUTS].items, **ny = o[NQPF_DO_OUTPUTS].items;
    char **nb = o[NQPF_DO_UNDESIRABLE].items;
    size_t m = o[NQPF_DO_INPUTS].n_items, s = o[NQPF_DO_OUTPUTS].n_items, q = o[NQPF_DO_UNDESIRABLE].n_items;
    nqpf_dea_input in = {0};
    size_t *layer = NULL;
    nqpf_dea_out res = {0};
    nqpf_dea_meta mo = {0};
    nqpf_dea_boot_out bo = {0};
    nqpf_dea_spec spec = {0};
    nqpf_dea_job job = {0};
    if (!boot && !o[NQPF_DO_RTS_TEST].z && (o[NQPF_DO_SEED].seen || o[NQPF_DO_LEVEL].seen || o[NQPF_DO_BANDWIDTH].seen ||
                  o[NQPF_DO_BOOT_REPS].seen)) {
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--seed, --level, --bandwidth and --boot-reps need --bootstrap B");
        goto out;
    }
    if ((rc = nqpf_dea_opts_spec(o, NULL, &spec, &job.frontier, &job.window, err)))
        goto out;
    spec.slacks = slacks && spec.model != NQPF_DEA_SBM;
    if ((rc = nqpf_dea_spec_check(&spec, err)) ||
        (rc = nqpf_dea_opts_rts_test(o, NULL, &spec, job.frontier, period != NULL, err)))
        goto out;
    nqpf_encoding enc;
    if (nqpf_encoding_parse(o[NQPF_DO_ENCODING].text, &enc)) {
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--encoding: unknown value '%s'", o[NQPF_DO_ENCODING].text);
        goto out;
    }
    const char *categ = o[NQPF_DO_CATEGORICAL].text;
    nqpf_dea_names names = {.unit = unit, .period = period, .group = meta, .x = nx, .y = ny, .b = nb,
                            .m = m, .s = s, .q = q, .categ = categ};
    /* (--economic with --rts-test was refused above, by nqpf_dea_opts_rts_test) */
    if ((rc = nqpf_dea_opts_prices(o, NULL, &names, err)))
        goto out;
    if ((rc = nqpf_cli_dea_direction_names(o, &spec, !boot && checkpoint, &names, err)))
        goto out;
    size_t numbers = m + s + q + names.mw + names.sp + names.mg + names.sg + names.qg + !!categ;
    if (max_memory && (rc = check_memory(data, max_memory, &spec, numbers, boot,
                                         reps_out != NULL, 1 + !!period + !!meta, err)))
        goto out;
    if ((rc = nqpf_dea_opts_together(o, NULL, err))) /* with economic, rts-test: refused above */
        goto out;
    if ((rc = nqpf_dea_input_read(&in, data, enc, &names, err)))
        goto out;
    size_t n = in.n;
    job.spec = spec;
    nqpf_dea_job_from_input(&job, &in);
    job.no_frame = (int)o[NQPF_DO_NO_FRAME].i;
    job.weights = (int)o[NQPF_DO_WEIGHTS].i;
    nqpf_dist world = nqpf_dist_world();
    job.dist = &world; /* under mpirun: rows split over the ranks */
    job.checkpoint = boot ? NULL : checkpoint; /* with --bootstrap the file holds replications */
    if (o[NQPF_DO_RTS_TEST].z) {
        rc = nqpf_cli_dea_rts_test(c, &in, &job, err);
        goto out;
    }
    if (o[NQPF_DO_ECONOMIC].i) { /* choice 0 is none */
        rc = nqpf_cli_dea_price(c, &in, &job, err);
        goto out;
    }
    if (meta && world.size > 1) {
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--meta runs on one MPI rank");
        goto out;
    }
    if (categ) {
        job.dist = world.size > 1 ? &world : NULL; /* under mpirun each category's rows are split */
        if ((rc = nqpf_dea_categ_check(&job, err)))
            goto out;
    }
    if ((rc = nqpf_dea_input_run(&job, &in, data, &res, &mo, err))) /* categorical, meta or plain */
        goto out;
    if (o[NQPF_DO_PEEL].i && (rc = !(layer = malloc(n * sizeof *layer)) ? nqpf_fail_nomem(err)
                                                                     : nqpf_dea_peel(&job, &res, layer, err)))
        goto out;
    if (boot) {
        if ((rc = nqpf_dea_input_all_scored(&in, &res, data, err)))
            goto out;
        nqpf_dea_boot_opts bopt = {.reps = boot, .seed = (uint64_t)seed, .level = level, .h = bandwidth,
                                   .checkpoint = checkpoint, .dist = &world};
        if ((rc = nqpf_dea_boot_job_run(&job, &bopt, reps_out != NULL, &bo, err)))
            goto out;
        if (reps_out && world.rank == 0) { /* committed with the main output by the runner */
            if ((rc = cmd_open_side(c, reps_out, err)))
                goto out;
            write_reps(c->side.fp, &in, unit, period, boot, bo.draws, bo.dist);
        }
    }
    if (world.rank != 0)
        goto out; /* rank 0 writes */
    if ((rc = cmd_open_out(c, c->spec, err)))
        goto out;
    FILE *fp = c->fp;
    char variant[160];
    nqpf_dea_label(&spec, period ? frontier : "single", variant, sizeof variant);
    if (job.gx || job.gy || job.gb) /* the rows' own directions */
        strncat(variant, "-g:columns", sizeof variant - strlen(variant) - 1);
    if (categ) /* the restricted reference sets */
        strncat(variant, "-categorical", sizeof variant - strlen(variant) - 1);
    /* header */
    nqpf_cli_dea_put_head(fp, unit, period);
    fputs(",efficiency,status", fp);
    int has_phi = spec.orient == NQPF_DEA_OUT && !nqpf_dea_score_is_gap(&spec);
    if (has_phi)
        fputs(",phi", fp);
    if (meta) {
        fputc(',', fp);
        nqpf_csv_put_field(fp, meta);
        fputs(nqpf_dea_score_is_gap(&spec) ? ",eff_group,status_group,gap" : ",eff_group,status_group,tgr", fp);
    }
    if (boot)
        fputs(",eff_bc,bias,boot_sd,ci_lo,ci_hi,bandwidth", fp);
    if (layer)
        fputs(",layer", fp);
    for (int pass = 0; pass < 2; pass++) { /* slack_COL..., then peers and target_COL... */
        const char *pre = pass ? "target_" : "slack_";
        if (pass && want_peers)
            fputs(",peers,lambdas", fp);
        if (pass ? want_targets : slacks) {
            nqpf_cli_dea_put_cols(fp, pre, nx, m);
            nqpf_cli_dea_put_cols(fp, pre, ny, s);
            nqpf_cli_dea_put_cols(fp, pre, nb, q);
        }
    }
    /* the multiplier form: v on inputs, w on bad outputs, u on outputs, the
     * free term; ddf adds mac_BAD = w_BAD / u_(first output), the marginal
     * abatement cost in units of the first output */
    int mac = job.weights && spec.model == NQPF_DEA_DDF;
    if (job.weights) {
        nqpf_cli_dea_put_cols(fp, "v_", nx, m);
        nqpf_cli_dea_put_cols(fp, "w_", nb, q);
        nqpf_cli_dea_put_cols(fp, "u_", ny, s);
        fputs(spec.orient == NQPF_DEA_OUT && spec.model == NQPF_DEA_RADIAL ? ",v0" : ",u0", fp);
        nqpf_cli_dea_put_cols(fp, "mac_", nb, mac ? q : 0);
        if (res.u0_range)
            fputs(",u0_min,u0_max,rts_class", fp);
    }
    fputs(",model\n", fp);
    for (size_t i = 0; i < n; i++) {
        int ok = res.status[i] == NQPF_DEA_OK;
        nqpf_cli_dea_put_key(fp, &in, i);
        fputc(',', fp);
        nqpf_csv_put_num(fp, ok ? res.eff[i] : NAN);
        fputc(',', fp);
        fputs(nqpf_dea_status_name(res.status[i]), fp);
        if (has_phi) {
            fputc(',', fp);
            nqpf_csv_put_num(fp, ok ? res.phi[i] : NAN);
        }
        if (meta) {
            fputc(',', fp);
            nqpf_csv_put_field(fp, nqpf_dea_input_text(in.group, i));
            fputc(',', fp);
            nqpf_csv_put_num(fp, mo.status_group[i] == NQPF_DEA_OK ? mo.eff_group[i] : NAN);
            fputc(',', fp);
            fputs(nqpf_dea_status_name(mo.status_group[i]), fp);
            fputc(',', fp);
            nqpf_csv_put_num(fp, mo.tgr[i]);
        }
        if (boot) {
            const nqpf_dea_boot_stats *bs = &bo.st;
            const double v6[6] = {bs->eff_bc[i], bs->bias[i], bs->sd[i], bs->lo[i], bs->hi[i],
                                  bo.h[job.frontier == NQPF_DEA_POOLED ? 0 : in.period_of[i]]};
            for (size_t k = 0; k < 6; k++)
                fputc(',', fp), nqpf_csv_put_num(fp, v6[k]);
        }
        if (layer && layer[i])
            fprintf(fp, ",%zu", layer[i]);
        else if (layer) /* never on a frontier: an empty cell */
            fputc(',', fp);
        if (slacks)
            put_row(fp, ok, res.slack_x, i, m), put_row(fp, ok, res.slack_y, i, s), put_row(fp, ok, res.slack_b, i, q);
        if (want_peers)
            nqpf_cli_dea_put_peers(fp, &in, res.peer, res.lambda, res.width, i, res.n_peers[i]);
        if (want_targets)
            put_row(fp, ok, res.target_x, i, m), put_row(fp, ok, res.target_y, i, s),
                put_row(fp, ok, res.target_b, i, q);
        const double *wi = job.weights ? res.weight + i * (m + q + s + 1) : NULL;
        for (size_t k = 0; wi && k <= m + q + s; k++)
            fputc(',', fp), nqpf_csv_put_num(fp, ok ? wi[k] : NAN);
        for (size_t k = 0; mac && k < q; k++)
            fputc(',', fp), nqpf_csv_put_num(fp, ok && wi[m + q] > 0 ? wi[m + k] / wi[m + q] : NAN);
        if (res.u0_range) { /* Banker-Thrall: the sign of u0 at every optimum (1e-9: LP tolerance) */
            double lo = ok ? res.u0_range[2 * i] : NAN, hi = ok ? res.u0_range[2 * i + 1] : NAN;
            fputc(',', fp), nqpf_csv_put_num(fp, lo), fputc(',', fp), nqpf_csv_put_num(fp, hi);
            fputs(isnan(lo) || isnan(hi) ? ","
                  : hi < -1e-9          ? ",increasing"
                  : lo > 1e-9           ? ",decreasing"
                                        : ",constant",
                  fp);
        }
        fputc(',', fp);
        fputs(variant, fp);
        fputc('\n', fp);
    }
out:
    nqpf_dea_boot_out_free(&bo);
    nqpf_dea_out_free(&res);
    nqpf_dea_meta_free(&mo);
    free(layer);
    nqpf_dea_input_free(&in); /* the job's data, periods and directions are its */
    return rc;
}

const nqpf_cmd_spec NQPF_DEA_CMD = {
    NQPF_DEA_OPTS, NQPF_DO_NOPTS, "dea",
    "--data FILE --unit COL --inputs A,B --outputs C,D [OPTIONS]",
    "Data envelopment analysis: scores every unit (row) against the best-practice frontier\n"
    "of its period.  Models: radial (CCR with --rts crs, BCC with --rts vrs; DEAP\n"
    "convention: efficiency <= 1 in both orientations, phi = 1/efficiency for output\n"
    "orientation), sbm (Tone 2001 slacks-based measure, non-oriented by default, bad\n"
    "outputs as in Tone 2003), ddf (directional distance function, default direction\n"
    "g = (0, y, -b) as in Chung-Faere-Grosskopf 1997; efficiency column = beta, 0 = on\n"
    "the frontier), fdh (free disposal hull, Deprins-Simar-Tulkens 1984: radial score\n"
    "against the best single dominating unit, no convexity, variable returns; the\n"
    "peer is that unit), ebm (epsilon-based measure, Tone-Tsutsui 2010: radial score\n"
    "plus eps-weighted slacks; eps and weights from the affinity matrix of the data\n"
    "unless --epsilon E; non-oriented: crs only), additive (weighted sum of slacks,\n"
    "--add-weights ones|mip|normalized|ram|bam as DataEnvelopmentAnalysis.jl's deaadd;\n"
    "efficiency column = that inefficiency, 0 = on the frontier), russell (input or\n"
    "output Russell measure, Faere-Lovell 1978: one factor per variable; output:\n"
    "phi = mean phi_r, efficiency = 1/phi; --orient none: the Russell graph measure,\n"
    "mean of theta_i and 1/phi_r, a convex program solved by cutting planes), gdf (generalized distance function, Chavas-Cox:\n"
    "min delta with inputs x delta^(1-alpha) and outputs / delta^alpha feasible, --alpha),\n"
    "mddf (modified ddf, Aparicio-Pastor-Ray 2013: max beta_x + beta_y, one factor per side,\n"
    "--direction; efficiency column = that inefficiency, 0 = on the frontier).\n"
    "ddf and mddf take each row's own directions from columns of --data with\n"
    "--input-directions, --output-directions, --undesirable-directions (one per variable).\n"
    "--meta COL: meta-frontier (O'Donnell, Rao & Battese 2008):\n"
    "each row is scored against its group's frontier and the meta-frontier of all\n"
    "groups; tgr = meta / group efficiency (ddf: gap = meta - group beta).\n"
    "--categorical COL (radial, sbm, ddf): Banker-Morey (1986) ordinal environment, integers\n"
    "1..L in COL, 1 = least favourable: a row is scored against the rows of categories <= its own.\n"
    "--economic cost|revenue|profit|profitability with --input-prices / --output-prices\n"
    "(one price column per input / output, so prices may differ by row): economic\n"
    "efficiency = technical x allocative (profit: Nerlovian inefficiency = ddf beta +\n"
    "allocative, vrs, direction observed unless given; profitability: crs), columns\n"
    "efficiency,status,technical,technical_status,allocative,optimum,observed.\n"
    "--rts-test B: Simar-Wilson (2002) bootstrap test of crs against vrs (radial in/out;\n"
    "statistic = sum eff_crs / sum eff_vrs, p_value, critical_value at 1 - --level, per period).\n"
    "--model sbm --sbm-ddf: the slacks-based directional inefficiency (Fukuyama-Weber 2009).\n"
    "--peel: peel-the-onion layers (Barr-Durchholz-Seiford 2000), column layer: 1 on the\n"
    "frontier, 2 on it once layer 1 is removed, ... (each round the same model on the rest).\n"
    "A unit with no score gets an empty efficiency and status\n"
    "'infeasible' or 'unbounded'.  Output columns: unit[,period],efficiency,status\n"
    "[,phi][,slack_COL...][,peers,lambdas][,target_COL...],model.\n\n"
    "--bootstrap B (radial models): Simar-Wilson (1998) smoothed bootstrap with\n"
    "reflection, per period frontier, adding eff_bc (bias-corrected efficiency),\n"
    "bias (efficiency - eff_bc), boot_sd, ci_lo, ci_hi (percentile interval at\n"
    "--level) and bandwidth after the status/phi columns.  Same --seed, same\n"
    "numbers, whatever the thread count or MPI ranks (docs/productivity.md).\n"
    "--checkpoint FILE appends finished rows (with --bootstrap: replications) to FILE;\n"
    "run the same command again after a crash or kill and it resumes, with the same\n"
    "final output.\n\n",
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --rts vrs --slacks --peers --out eff.csv\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --model sbm --rts vrs --super --out sbm.csv\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --model ddf --frontier sequential --out ddf.csv\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --rts vrs --bootstrap 200 --seed 7 --out boot.csv\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --rts vrs --meta region4 --out meta.csv\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --model additive --add-weights ram --rts vrs --slacks --out ram.csv\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --rts vrs --peel --out layers.csv\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --model gdf --alpha 0.7 --rts vrs --slacks --out gdf.csv\n"
    "  nqpf dea --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --inputs v4_zh_nbzc_hj,v4_zh_qsdl_hj --outputs v4_cg_zlsq2_fm,v4_cg_zlsq2_hj --virtual v4_zh_nbzc_hj=0.2:0.8 --weights --out virtual.csv\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
