/* nqpf — the option table of the DEA analysis and the model it describes
 * (include/nqpf/dea_opts.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea_opts.h"

const char *const NQPF_DEA_MODEL_NAMES[9] = {"radial", "sbm", "ddf", "fdh", "ebm", "additive", "russell", "gdf",
                                             "mddf"};
const char *const NQPF_DEA_ADDW_NAMES[5] = {"ones", "mip", "normalized", "ram", "bam"};
const char *const NQPF_DEA_RTS_NAMES[4] = {"crs", "vrs", "nirs", "ndrs"};
const char *const NQPF_DEA_ORIENT_NAMES[3] = {"in", "out", "none"};
const char *const NQPF_DEA_DIR_NAMES[4] = {"default", "ones", "observed", "mean"};
const char *const NQPF_DEA_DISPOSAL_NAMES[2] = {"weak", "strong"};
const char *const NQPF_DEA_ECON_NAMES[4] = {"cost", "revenue", "profit", "profitability"};

#define P NQPF_OPTF_PROJECT
#define COLS(n, h, ex, f) {.name = n, .type = NQPF_OPT_LIST, .lo = 1, .hi = NQPF_DEA_MAXV, .metavar = "A,B", \
                           .help = h, .example = ex, .flags = (f)}
#define FLAG(n, h, f) {.name = n, .type = NQPF_OPT_FLAG, .def = (f) ? "no" : NULL, .help = h, .flags = (f)}

const nqpf_optdef NQPF_DEA_OPTS[NQPF_DO_NOPTS] = {
    [NQPF_DO_DATA] = {.name = "data", .type = NQPF_OPT_STRING, .metavar = "FILE",
                      .help = "input CSV with one row per unit (and period)", .example = "panel.csv",
                      .flags = NQPF_OPTF_REQUIRED},
    [NQPF_DO_UNIT] = {.name = "unit", .type = NQPF_OPT_STRING, .metavar = "COL",
                      .help = "column naming the unit (DMU)", .example = "province", .flags = NQPF_OPTF_REQUIRED},
    [NQPF_DO_PERIOD] = {.name = "period", .type = NQPF_OPT_STRING, .metavar = "COL",
                        .help = "column of the period (numbers sort numerically)", .example = "year"},
    [NQPF_DO_INPUTS] = COLS("inputs", "input columns", "v4_zh_nbzc_hj,v4_zh_qsdl_hj", NQPF_OPTF_REQUIRED | P),
    [NQPF_DO_OUTPUTS] = COLS("outputs", "(desirable) output columns", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj",
                             NQPF_OPTF_REQUIRED | P),
    [NQPF_DO_UNDESIRABLE] = {.name = "undesirable", .type = NQPF_OPT_LIST, .def = "", .lo = 0, .hi = NQPF_DEA_MAXV,
                             .metavar = "E,F", .help = "undesirable (bad) output columns", .example = "co2,so2",
                             .flags = P},
    [NQPF_DO_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .def = "-", .metavar = "FILE",
                     .help = "output CSV ('-' = standard output)", .example = "eff.csv"},
    [NQPF_DO_FORCE] = {.name = "force", .type = NQPF_OPT_FLAG, .help = "replace an existing output file"},
    [NQPF_DO_MODEL] = {.name = "model", .type = NQPF_OPT_CHOICE, .def = "radial",
                       .choices = "radial|sbm|ddf|fdh|ebm|additive|russell|gdf|mddf", .metavar = "M",
                       .help = "radial, sbm, ddf, fdh (free disposal hull), ebm (epsilon-based, Tone-Tsutsui), "
                               "additive (weighted slacks, see --add-weights), russell (Russell measure; --orient none: the graph measure), gdf "
                               "(generalized distance function, see --alpha) or mddf (modified ddf: beta_x + beta_y)",
                       .example = "sbm", .flags = P},
    [NQPF_DO_RTS] = {.name = "rts", .type = NQPF_OPT_CHOICE, .def = "crs", .choices = "crs|vrs|nirs|ndrs",
                     .metavar = "R", .help = "returns to scale (fdh: vrs unless given)", .example = "vrs",
                     .flags = P},
    [NQPF_DO_ORIENT] = {.name = "orient", .type = NQPF_OPT_CHOICE, .choices = "in|out|none", .metavar = "O",
                        .help = "orientation: in (radial, fdh default), out, none (sbm, additive default)", .example = "out",
                        .flags = P | NQPF_OPTF_CONTEXT},
    [NQPF_DO_SUPER] = FLAG("super", "super-efficiency (Andersen-Petersen; super-SBM, Tone 2002)", P),
    [NQPF_DO_SLACKS] = FLAG("slacks", "slack columns (radial/ddf: max-slack second stage)", 0),
    [NQPF_DO_PEERS] = FLAG("peers", "peers and lambdas columns (';'-separated)", 0),
    [NQPF_DO_TARGETS] = FLAG("targets", "projection (target) columns", 0),
    [NQPF_DO_FRONTIER] = {.name = "frontier", .type = NQPF_OPT_STRING, .def = "contemporaneous", .metavar = "F",
                          .help = "with a period: contemporaneous, pooled, sequential, window:K",
                          .example = "sequential", .flags = P},
    [NQPF_DO_DIRECTION] = {.name = "direction", .type = NQPF_OPT_CHOICE, .def = "default",
                           .choices = "default|ones|observed|mean", .metavar = "D",
                           .help = "ddf direction: default (0,y,-b), ones, observed, mean", .example = "ones",
                           .flags = P},
    [NQPF_DO_BAD_DISPOSAL] = {.name = "bad-disposal", .type = NQPF_OPT_CHOICE, .def = "weak",
                              .choices = "weak|strong", .metavar = "W",
                              .help = "ddf bad outputs: weak (=) or strong (<=)", .example = "strong", .flags = P},
    [NQPF_DO_ENCODING] = {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "E",
                          .help = "input encoding: auto, utf-8, gbk, gb18030", .example = "gbk"},
    [NQPF_DO_NO_FRAME] = FLAG("no-frame", "score against all units (skip the frame reduction)", P),
    [NQPF_DO_BOOTSTRAP] = {.name = "bootstrap", .type = NQPF_OPT_SIZE, .def = "0", .metavar = "B",
                           .help = "Simar-Wilson bootstrap with B replications (radial)", .example = "2000", .flags = P},
    [NQPF_DO_SEED] = {.name = "seed", .type = NQPF_OPT_SIZE, .def = "1", .metavar = "S",
                      .help = "bootstrap random seed", .example = "7", .flags = P},
    [NQPF_DO_LEVEL] = {.name = "level", .type = NQPF_OPT_DOUBLE, .def = "0.95", .metavar = "L",
                       .help = "bootstrap interval level", .example = "0.9", .flags = P},
    [NQPF_DO_BANDWIDTH] = {.name = "bandwidth", .type = NQPF_OPT_DOUBLE, .def = "0", .metavar = "H",
                           .help = "bootstrap bandwidth (0: normal-reference rule)", .example = "0.05", .flags = P},
    [NQPF_DO_BOOT_REPS] = {.name = "boot-reps", .type = NQPF_OPT_STRING, .metavar = "FILE",
                           .help = "also write every replication: unit[,period],rep,pseudo_efficiency,efficiency",
                           .example = "reps.csv"},
    [NQPF_DO_CHECKPOINT] = {.name = "checkpoint", .type = NQPF_OPT_STRING, .metavar = "FILE",
                            .help = "save finished rows (bootstrap: replications) to FILE; the same command resumes "
                                    "from it (--categorical: category K < L's rows in FILE.catK)",
                            .example = "dea.ckpt"},
    [NQPF_DO_MAX_MEMORY] = {.name = "max-memory", .type = NQPF_OPT_STRING, .metavar = "SIZE",
                            .help = "stop before starting if the run would need more (e.g. 2G, 512M)", .example = "2G"},
    [NQPF_DO_META] = {.name = "meta", .type = NQPF_OPT_STRING, .metavar = "COL",
                      .help = "meta-frontier by the groups of COL (e.g. region): the scores are against the "
                              "meta-frontier; adds COL, eff_group, status_group and tgr (ddf: gap)",
                      .example = "region4", .flags = P},
    [NQPF_DO_EPSILON] = {.name = "epsilon", .type = NQPF_OPT_DOUBLE, .lo = 0, .hi = 1, .metavar = "E",
                         .help = "ebm: epsilon in [0, 1] for both sides (default: from the affinity matrix)",
                         .example = "0.5", .flags = P},
    [NQPF_DO_FIXED] = {.name = "fixed", .type = NQPF_OPT_LIST, .lo = 0, .hi = NQPF_DEA_MAXV, .metavar = "A,B",
                       .help = "non-discretionary inputs/outputs (Banker-Morey; radial, ddf): not scaled by the "
                               "score, slacks not maximised",
                       .example = "area", .flags = P},
    [NQPF_DO_AR] = {.name = "ar", .type = NQPF_OPT_LIST, .lo = 0, .hi = 8, .metavar = "A/B=LO:HI",
                    .help = "radial assurance regions: LO <= weight(A) / weight(B) <= HI for two inputs or two "
                            "outputs (up to 8)",
                    .example = "v4_zh_nbzc_hj/v4_zh_qsdl_hj=0.5:2", .flags = P},
    /* weight restrictions of the radial model (dea_wr.c): VAR is an input,
     * undesirable output or output; LO or HI may be left empty */
    [NQPF_DO_WEIGHT_BOUNDS] = {.name = "weight-bounds", .type = NQPF_OPT_LIST, .lo = 0, .hi = 8,
                               .metavar = "VAR=LO:HI",
                               .help = "radial: LO <= weight(VAR) <= HI under the model's normalisation (in: "
                                       "v.x0 = 1, out: u.y0 = 1); a unit no weights satisfy is infeasible (up to 8)",
                               .example = "v4_zh_qsdl_hj=2e-6:1e-4", .flags = P},
    [NQPF_DO_VIRTUAL] = {.name = "virtual", .type = NQPF_OPT_LIST, .lo = 0, .hi = 8, .metavar = "VAR=LO:HI",
                         .help = "radial virtual weights (Wong-Beasley): LO <= the share of VAR in the unit's "
                                 "total virtual input (output) <= HI, in [0, 1] (up to 8)",
                         .example = "v4_zh_nbzc_hj=0.2:0.8", .flags = P},
    [NQPF_DO_WEIGHTS] = FLAG("weights", "radial, ddf: multiplier weights v_IN, w_BAD, u_OUT, the free term u0 (radial "
                                        "out: v0); ddf: mac_BAD = w_BAD / u_(first output); radial vrs in: "
                                        "u0_min, u0_max, rts_class", 0),
    /* economic efficiency (dea_price.c): the prices are columns, one per
     * input / output, so every row may have its own (in a project, of
     * [data]'s file: the report adds tables/dea_economic.csv) */
    [NQPF_DO_ECONOMIC] = {.name = "economic", .type = NQPF_OPT_CHOICE, .def = "none",
                          .choices = "none|cost|revenue|profit|profitability", .metavar = "K",
                          .help = "economic efficiency at the rows' prices, = technical x allocative (profit: "
                                  "Nerlovian, vrs, technical + allocative; profitability: crs); none: technical only",
                          .example = "cost", .flags = P},
    [NQPF_DO_INPUT_PRICES] = {.name = "input-prices", .type = NQPF_OPT_LIST, .lo = 0, .hi = NQPF_DEA_MAXV,
                              .metavar = "A,B", .help = "price columns of the inputs, in their order (--economic)",
                              .example = "wage,rent", .flags = P},
    [NQPF_DO_OUTPUT_PRICES] = {.name = "output-prices", .type = NQPF_OPT_LIST, .lo = 0, .hi = NQPF_DEA_MAXV,
                               .metavar = "C,D", .help = "price columns of the outputs, in their order (--economic)",
                               .example = "price", .flags = P},
    [NQPF_DO_SBM_DDF] = FLAG("sbm-ddf", "with --model sbm: the slacks-based directional inefficiency (Fukuyama-Weber "
                                        "2009), g = (x, y, b); 0 = efficient", P),
    [NQPF_DO_RTS_TEST] = {.name = "rts-test", .type = NQPF_OPT_SIZE, .def = "0", .metavar = "B",
                          .help = "Simar-Wilson (2002) bootstrap test of crs against vrs with B replications (radial "
                                  "in/out; --seed, --bandwidth; reject crs when statistic < critical_value at 1 - "
                                  "--level)",
                          .example = "1000", .flags = P},
    [NQPF_DO_ADD_WEIGHTS] = {.name = "add-weights", .type = NQPF_OPT_CHOICE, .def = "ones",
                             .choices = "ones|mip|normalized|ram|bam", .metavar = "W",
                             .help = "additive: slack weights ones (Charnes et al. 1985), mip (1/x0, 1/y0), "
                                     "normalized (1/sd), ram (range-adjusted), bam (bounded adjusted)",
                             .example = "ram", .flags = P},
    /* also [dea]'s: the report adds the layer column to tables/dea.csv and the dea_layers table */
    [NQPF_DO_PEEL] = FLAG("peel", "peel-the-onion tiers (Barr, Durchholz & Seiford 2000): adds layer = 1 on the "
                                  "frontier, 2 on it once layer 1 is removed, ...; 0 never (no score)", P),
    [NQPF_DO_ALPHA] = {.name = "alpha", .type = NQPF_OPT_DOUBLE, .def = "0.5", .lo = 0, .hi = 1, .metavar = "A",
                       .help = "gdf: min delta with inputs x delta^(1-A) and outputs / delta^A feasible (0: radial "
                               "input, 1: output)",
                       .example = "0.7", .flags = P},
    /* per-row direction vectors: columns of --data (of [data]'s file in a project) */
    [NQPF_DO_INPUT_DIRS] = {.name = "input-directions", .type = NQPF_OPT_LIST, .lo = 0, .hi = NQPF_DEA_MAXV,
                            .metavar = "A,B", .help = "ddf, mddf: direction columns gx of the inputs, in their order "
                                                      "(each row its own; replaces --direction there)",
                            .example = "gx1,gx2", .flags = P},
    [NQPF_DO_OUTPUT_DIRS] = {.name = "output-directions", .type = NQPF_OPT_LIST, .lo = 0, .hi = NQPF_DEA_MAXV,
                             .metavar = "C,D", .help = "ddf, mddf: direction columns gy of the outputs",
                             .example = "gy1,gy2", .flags = P},
    [NQPF_DO_BAD_DIRS] = {.name = "undesirable-directions", .type = NQPF_OPT_LIST, .lo = 0, .hi = NQPF_DEA_MAXV,
                          .metavar = "E,F", .help = "ddf, mddf: direction columns gb of the undesirable outputs",
                          .example = "gb1", .flags = P},
    [NQPF_DO_BOM] = NQPF_OPTDEF_BOM,
    /* a column of --data, like --meta (of [data]'s file in a project) */
    [NQPF_DO_CATEGORICAL] = {.name = "categorical", .type = NQPF_OPT_STRING, .metavar = "COL",
                             .help = "categorical environment (Banker-Morey 1986; radial, sbm, ddf): COL holds "
                                     "integers 1..L, 1 = least favourable; a row is scored against the rows of "
                                     "categories <= its own",
                             .example = "env", .flags = P},
};

const char *nqpf_dea_default_orient(nqpf_dea_model m)
{
    return m == NQPF_DEA_SBM || m == NQPF_DEA_ADD ? "none" : "in";
}

static int bad_frontier(const char *text, const nqpf_optsrc *src, nqpf_error *err)
{
    const char *what = "contemporaneous, pooled, sequential or window:K (K >= 1)";
    if (src)
        return nqpf_fail(err, NQPF_EINPUT, src->file, src->line, src->col, "'%s': frontier must be %s", text, what);
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "'%s': --frontier must be %s", text, what);
}

/* The index of column name[0..len) among the inputs, bad outputs and
 * outputs, in that order (the order of nqpf_dea_spec.fixed and .ar), or
 * (size_t)-1. */
static size_t var_index(const nqpf_optval *v, const char *name, size_t len)
{
    static const int LISTS[3] = {NQPF_DO_INPUTS, NQPF_DO_UNDESIRABLE, NQPF_DO_OUTPUTS};
    size_t base = 0;
    for (int l = 0; l < 3; l++) {
        for (size_t j = 0; j < v[LISTS[l]].n_items; j++)
            if (strlen(v[LISTS[l]].items[j]) == len && !strncmp(v[LISTS[l]].items[j], name, len))
                return base + j;
        base += v[LISTS[l]].n_items;
    }
    return (size_t)-1;
}

static int bad_item(const nqpf_optval *v, int opt, const nqpf_optsrc *src, const char *item, const char *what,
                    nqpf_error *err)
{
    if (src)
        return nqpf_fail(err, NQPF_EINPUT, src->file, v[opt].line, v[opt].col, "%s: '%s' %s",
                         NQPF_DEA_OPTS[opt].name, item, what);
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s: '%s' %s", NQPF_DEA_OPTS[opt].name, item, what);
}

/* The VAR=LO:HI items of option opt (--weight-bounds, --virtual) into
 * r[0..*n): LO empty = 0, HI empty = unbounded (the ranges are checked by
 * nqpf_dea_spec_check). */
static int parse_bounds(const nqpf_optval *v, int opt, const nqpf_optsrc *src, struct nqpf_dea_wbound *r,
                        size_t *n, nqpf_error *err)
{
    for (size_t k = 0; k < v[opt].n_items; k++) {
        const char *it = v[opt].items[k], *eq = strchr(it, '=');
        const char *co = eq ? strchr(eq, ':') : NULL;
        char *e = NULL;
        struct nqpf_dea_wbound b = {(size_t)-1, 0.0, INFINITY};
        int ok = co != NULL;
        if (ok) {
            b.v = var_index(v, it, (size_t)(eq - it));
            if (co > eq + 1)
                b.lo = strtod(eq + 1, &e), ok = e == co;
            if (co[1])
                b.hi = strtod(co + 1, &e), ok &= !*e;
        }
        if (!ok || b.v == (size_t)-1 || *n == 8)
            return bad_item(v, opt, src, it,
                            "must be VAR=LO:HI with VAR an input, output or undesirable output (LO or HI may be "
                            "empty), at most 8",
                            err);
        r[(*n)++] = b;
    }
    return NQPF_OK;
}

int nqpf_dea_opts_spec(const nqpf_optval *v, const nqpf_optsrc *src, nqpf_dea_spec *sp, nqpf_dea_frontier *frontier,
                       size_t *window, nqpf_error *err)
{
    memset(sp, 0, sizeof *sp);
    sp->model = (nqpf_dea_model)v[NQPF_DO_MODEL].i;
    sp->rts = sp->model == NQPF_DEA_FDH && !v[NQPF_DO_RTS].seen ? NQPF_DEA_VRS : (nqpf_dea_rts)v[NQPF_DO_RTS].i;
    if ((sp->model == NQPF_DEA_DDF || sp->model == NQPF_DEA_MDDF) && v[NQPF_DO_ORIENT].seen) {
        if (src)
            return nqpf_fail(err, NQPF_EINPUT, src->file, v[NQPF_DO_ORIENT].line, v[NQPF_DO_ORIENT].col,
                             "'%s': ddf takes no orient (use direction)", v[NQPF_DO_ORIENT].text);
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "ddf takes no --orient (use --direction)");
    }
    sp->orient = v[NQPF_DO_ORIENT].seen ? (nqpf_dea_orient)v[NQPF_DO_ORIENT].i
                                        : sp->model == NQPF_DEA_SBM || sp->model == NQPF_DEA_ADD ? NQPF_DEA_NONE
                                                                                                 : NQPF_DEA_IN;
    sp->addw = (nqpf_dea_addw)v[NQPF_DO_ADD_WEIGHTS].i; /* used by additive only */
    sp->super = (int)v[NQPF_DO_SUPER].i;
    sp->sbm_ddf = (int)v[NQPF_DO_SBM_DDF].i;
    sp->dir = (nqpf_dea_dir)v[NQPF_DO_DIRECTION].i;
    sp->bad_strong = (int)v[NQPF_DO_BAD_DISPOSAL].i;
    sp->m = v[NQPF_DO_INPUTS].n_items, sp->s = v[NQPF_DO_OUTPUTS].n_items, sp->q = v[NQPF_DO_UNDESIRABLE].n_items;
    for (size_t k = 0; k < v[NQPF_DO_FIXED].n_items; k++) {
        const char *name = v[NQPF_DO_FIXED].items[k];
        size_t bit = var_index(v, name, strlen(name));
        if (bit == (size_t)-1)
            return bad_item(v, NQPF_DO_FIXED, src, name, "is not one of the inputs, outputs or undesirable outputs",
                            err);
        sp->fixed |= (uint64_t)1 << bit;
    }
    for (size_t k = 0; k < v[NQPF_DO_AR].n_items; k++) {
        /* A/B=LO:HI */
        const char *it = v[NQPF_DO_AR].items[k], *sl = strchr(it, '/'), *eq = strchr(it, '=');
        const char *co = eq ? strchr(eq, ':') : NULL;
        char *e1 = NULL, *e2 = NULL;
        struct nqpf_dea_ar r = {0, 0, NAN, NAN};
        if (sl && eq && co && sl < eq) {
            r.a = var_index(v, it, (size_t)(sl - it));
            r.b = var_index(v, sl + 1, (size_t)(eq - sl - 1));
            r.lo = strtod(eq + 1, &e1);
            r.hi = strtod(co + 1, &e2);
        }
        if (!co || e1 != co || !e2 || *e2 || r.a == (size_t)-1 || r.b == (size_t)-1 || sp->n_ar == 8)
            return bad_item(v, NQPF_DO_AR, src, it,
                            "must be A/B=LO:HI with A and B inputs (or both outputs), at most 8", err);
        sp->ar[sp->n_ar++] = r;
    }
    int rc = parse_bounds(v, NQPF_DO_WEIGHT_BOUNDS, src, sp->wb, &sp->n_wb, err);
    if (rc || (rc = parse_bounds(v, NQPF_DO_VIRTUAL, src, sp->vw, &sp->n_vw, err)))
        return rc;
    /* range-checked by the table for every model, used by ebm only (as
     * direction is by ddf) */
    sp->epsilon_set = sp->model == NQPF_DEA_EBM && v[NQPF_DO_EPSILON].seen;
    sp->epsilon = v[NQPF_DO_EPSILON].num;
    sp->gdf_alpha = v[NQPF_DO_ALPHA].num; /* range-checked by the table; gdf only */
    const char *f = v[NQPF_DO_FRONTIER].text;
    *window = 0;
    if (!strcmp(f, "contemporaneous"))
        *frontier = NQPF_DEA_CONTEMPORANEOUS;
    else if (!strcmp(f, "pooled"))
        *frontier = NQPF_DEA_POOLED;
    else if (!strcmp(f, "sequential"))
        *frontier = NQPF_DEA_SEQUENTIAL;
    else {
        char *end = NULL;
        long k = strncmp(f, "window:", 7) ? 0 : strtol(f + 7, &end, 10);
        nqpf_optsrc at = {src ? src->file : NULL, v[NQPF_DO_FRONTIER].line, v[NQPF_DO_FRONTIER].col};
        if (k < 1 || !end || *end)
            return bad_frontier(f, src ? &at : NULL, err);
        *frontier = NQPF_DEA_WINDOW;
        *window = (size_t)k;
    }
    return NQPF_OK;
}

/* A message about option o, at its value in a project (src) or as a usage
 * error; msg spells the option as its source does. */
static int fail_key(const nqpf_optval *o, const nqpf_optsrc *src, const char *msg, nqpf_error *err)
{
    if (src)
        return nqpf_fail(err, NQPF_EINPUT, src->file, o->line, o->col, "%s", msg);
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "%s", msg);
}

int nqpf_dea_opts_directions(const nqpf_optval *v, const nqpf_optsrc *src, const nqpf_dea_spec *sp,
                              nqpf_dea_names *nm, nqpf_error *err)
{
    static const int OPT[3] = {NQPF_DO_INPUT_DIRS, NQPF_DO_OUTPUT_DIRS, NQPF_DO_BAD_DIRS};
    static const char *const WHAT[3] = {"inputs", "outputs", "undesirable outputs"};
    const size_t want[3] = {sp->m, sp->s, sp->q};
    char ***names[3] = {&nm->gx, &nm->gy, &nm->gb};
    size_t *got[3] = {&nm->mg, &nm->sg, &nm->qg};
    const char *dash = src ? "" : "--";
    char msg[160];
    for (int k = 0; k < 3; k++) {
        const nqpf_optval *o = &v[OPT[k]];
        if (!o->n_items)
            continue; /* a side without columns keeps direction */
        const char *name = NQPF_DEA_OPTS[OPT[k]].name;
        if (sp->model != NQPF_DEA_DDF && sp->model != NQPF_DEA_MDDF) {
            snprintf(msg, sizeof msg, "%s%s is for model ddf and mddf", dash, name);
            return fail_key(o, src, msg, err);
        }
        if (o->n_items != want[k]) {
            snprintf(msg, sizeof msg, "%s%s: %zu columns for %zu %s", dash, name, o->n_items, want[k], WHAT[k]);
            return fail_key(o, src, msg, err);
        }
        *names[k] = o->items, *got[k] = o->n_items;
    }
    return NQPF_OK;
}

/* Whether option k was given, as the checks below mean it: a flag set, a
 * list with items, economic not none, bootstrap and rts-test not 0. */
static int given(const nqpf_optval *v, int k)
{
    const nqpf_optval *o = &v[k];
    nqpf_opt_type type = NQPF_DEA_OPTS[k].type;
    if (!o->seen || (type == NQPF_OPT_LIST && !o->n_items) || (type == NQPF_OPT_FLAG && !o->i))
        return 0;
    return k == NQPF_DO_ECONOMIC ? o->i != 0 : (k == NQPF_DO_BOOTSTRAP || k == NQPF_DO_RTS_TEST) ? o->z != 0 : 1;
}

/* The first of not[0..n) given: "NAME takes no OPT" at option `name`. */
static int refuse_given(const nqpf_optval *v, const nqpf_optsrc *src, int name, const char *what, const int *not,
                        size_t n, nqpf_error *err)
{
    const char *dash = src ? "" : "--";
    char msg[256];
    for (size_t k = 0; k < n; k++)
        if (given(v, not[k])) {
            snprintf(msg, sizeof msg, "%s%s%s takes no %s%s", dash, NQPF_DEA_OPTS[name].name, what, dash,
                     NQPF_DEA_OPTS[not[k]].name);
            return fail_key(&v[name], src, msg, err);
        }
    return NQPF_OK;
}

int nqpf_dea_opts_together(const nqpf_optval *v, const nqpf_optsrc *src, nqpf_error *err)
{
    /* each option and those it runs without (checkpoint is the command line's) */
    static const struct {
        int opt, n, not[4];
    } RULES[] = {
        {NQPF_DO_CATEGORICAL, 3, {NQPF_DO_META, NQPF_DO_BOOTSTRAP, NQPF_DO_PEEL}},
        {NQPF_DO_META, 2, {NQPF_DO_BOOTSTRAP, NQPF_DO_CHECKPOINT}},
        {NQPF_DO_PEEL, 4, {NQPF_DO_SUPER, NQPF_DO_META, NQPF_DO_BOOTSTRAP, NQPF_DO_CHECKPOINT}},
    };
    int rc = NQPF_OK;
    for (size_t k = 0; k < sizeof RULES / sizeof RULES[0] && !rc; k++)
        if (given(v, RULES[k].opt))
            rc = refuse_given(v, src, RULES[k].opt, "", RULES[k].not, (size_t)RULES[k].n, err);
    return rc;
}

int nqpf_dea_opts_prices(const nqpf_optval *v, const nqpf_optsrc *src, nqpf_dea_names *nm, nqpf_error *err)
{
    /* the options of another technical model */
    static const int NOT[] = {NQPF_DO_MODEL,       NQPF_DO_ORIENT,        NQPF_DO_SUPER,    NQPF_DO_SLACKS,
                              NQPF_DO_META,        NQPF_DO_BOOTSTRAP,     NQPF_DO_CHECKPOINT, NQPF_DO_WEIGHTS,
                              NQPF_DO_FIXED,       NQPF_DO_AR,            NQPF_DO_EPSILON,  NQPF_DO_UNDESIRABLE,
                              NQPF_DO_BAD_DISPOSAL, NQPF_DO_WEIGHT_BOUNDS, NQPF_DO_VIRTUAL, NQPF_DO_CATEGORICAL,
                              NQPF_DO_RTS_TEST,    NQPF_DO_PEEL};
    static const int PRICES[2] = {NQPF_DO_INPUT_PRICES, NQPF_DO_OUTPUT_PRICES};
    const nqpf_optval *e = &v[NQPF_DO_ECONOMIC];
    const char *dash = src ? "" : "--", *eq = src ? " = " : " ";
    long kind = (long)e->i - 1; /* choice 0 is none */
    char msg[256];
    for (int k = 0; k < 2 && kind < 0; k++)
        if (v[PRICES[k]].n_items) {
            snprintf(msg, sizeof msg, "%s%s needs %seconomic%scost, revenue, profit or profitability", dash,
                     NQPF_DEA_OPTS[PRICES[k]].name, dash, eq);
            return fail_key(&v[PRICES[k]], src, msg, err);
        }
    if (kind < 0)
        return NQPF_OK;
    int rc = refuse_given(v, src, NQPF_DO_ECONOMIC, " chooses its technical model (cost, profitability: radial in; "
                          "revenue: radial out; profit: ddf) and", NOT, sizeof NOT / sizeof NOT[0], err);
    if (rc)
        return rc;
    /* the prices each kind uses: inputs' (not revenue), outputs' (not cost) */
    const size_t want[2] = {kind == NQPF_DEA_REVENUE ? 0 : v[NQPF_DO_INPUTS].n_items,
                            kind == NQPF_DEA_COST ? 0 : v[NQPF_DO_OUTPUTS].n_items};
    for (int k = 0; k < 2; k++) {
        const nqpf_optval *o = &v[PRICES[k]];
        if (o->n_items != want[k]) {
            snprintf(msg, sizeof msg, "%s%s: %zu price columns for %zu %s (%seconomic%s%s)", dash,
                     NQPF_DEA_OPTS[PRICES[k]].name, o->n_items, want[k], k ? "outputs" : "inputs", dash, eq,
                     NQPF_DEA_ECON_NAMES[kind]);
            return fail_key(o->line ? o : e, src, msg, err);
        }
    }
    nm->w = v[NQPF_DO_INPUT_PRICES].items, nm->mw = want[0];
    nm->p = v[NQPF_DO_OUTPUT_PRICES].items, nm->sp = want[1];
    return NQPF_OK;
}

int nqpf_dea_opts_rts_test(const nqpf_optval *v, const nqpf_optsrc *src, const nqpf_dea_spec *sp,
                           nqpf_dea_frontier frontier, int periods, nqpf_error *err)
{
    static const int NOT[] = {NQPF_DO_BOOTSTRAP, NQPF_DO_BOOT_REPS, NQPF_DO_CHECKPOINT,  NQPF_DO_META, NQPF_DO_ECONOMIC,
                              NQPF_DO_WEIGHTS,   NQPF_DO_SUPER,     NQPF_DO_SLACKS, NQPF_DO_CATEGORICAL, NQPF_DO_PEEL};
    const nqpf_optval *t = &v[NQPF_DO_RTS_TEST];
    const char *dash = src ? "" : "--", *eq = src ? " = " : " ";
    char msg[160];
    if (!t->z)
        return NQPF_OK;
    int rc = refuse_given(v, src, NQPF_DO_RTS_TEST, "", NOT, sizeof NOT / sizeof NOT[0], err);
    if (rc)
        return rc;
    if (periods && frontier != NQPF_DEA_CONTEMPORANEOUS)
        snprintf(msg, sizeof msg, "%srts-test tests each period's frontier: %sfrontier%scontemporaneous", dash, dash,
                 eq);
    else if (sp->model != NQPF_DEA_RADIAL || sp->orient == NQPF_DEA_NONE)
        snprintf(msg, sizeof msg, "%srts-test tests radial input or output efficiency (%smodel%sradial)", dash, dash,
                 eq);
    else
        return NQPF_OK;
    return fail_key(t, src, msg, err);
}

void nqpf_dea_label(const nqpf_dea_spec *sp, const char *frontier, char *buf, size_t size)
{
    int ddf = sp->model == NQPF_DEA_DDF || sp->model == NQPF_DEA_MDDF;
    snprintf(buf, size, "%s-%s%s%s%s%s%s-%s", sp->sbm_ddf ? "sbmddf" : NQPF_DEA_MODEL_NAMES[sp->model],
             NQPF_DEA_RTS_NAMES[sp->rts],
             ddf ? "" : "-", ddf ? "" : NQPF_DEA_ORIENT_NAMES[sp->orient], sp->super ? "-super" : "", ddf ? "-" : "",
             ddf ? (sp->q ? NQPF_DEA_DISPOSAL_NAMES[sp->bad_strong] : NQPF_DEA_DIR_NAMES[sp->dir]) : "", frontier);
    if (ddf && sp->q) {
        size_t L = strlen(buf);
        snprintf(buf + L, size - L, "-g:%s", NQPF_DEA_DIR_NAMES[sp->dir]);
    }
    if (sp->model == NQPF_DEA_ADD) {
        size_t L = strlen(buf);
        snprintf(buf + L, size - L, "-w:%s", NQPF_DEA_ADDW_NAMES[sp->addw]);
    }
    if (sp->model == NQPF_DEA_GDF) {
        size_t L = strlen(buf);
        snprintf(buf + L, size - L, "-a:%.15g", sp->gdf_alpha);
    }
}

const char *const NQPF_MQ_INDEX_NAMES[3] = {"malmquist", "ml", "luenberger"};
const char *const NQPF_MQ_FRONTIER_NAMES[3] = {"contemporaneous", "sequential", "global"};
const char *const NQPF_MQ_TECHCH_NAMES[3] = {"geometric", "base", "comparison"};

const nqpf_optdef NQPF_MALMQUIST_OPTS[NQPF_MO_NOPTS] = {
    [NQPF_MO_DATA] = {.name = "data", .type = NQPF_OPT_STRING, .metavar = "FILE",
                      .help = "input CSV, one row per unit and period", .example = "panel.csv",
                      .flags = NQPF_OPTF_REQUIRED},
    [NQPF_MO_UNIT] = {.name = "unit", .type = NQPF_OPT_STRING, .metavar = "COL",
                      .help = "column naming the unit (DMU)", .example = "province", .flags = NQPF_OPTF_REQUIRED},
    [NQPF_MO_PERIOD] = {.name = "period", .type = NQPF_OPT_STRING, .metavar = "COL",
                        .help = "column of the period (numbers sort numerically)", .example = "year",
                        .flags = NQPF_OPTF_REQUIRED},
    [NQPF_MO_INPUTS] = COLS("inputs", "input columns", "v4_zh_nbzc_hj,v4_zh_qsdl_hj", NQPF_OPTF_REQUIRED | P),
    [NQPF_MO_OUTPUTS] = COLS("outputs", "(desirable) output columns", "v4_cg_zlsq2_fm,v4_cg_zlsq2_hj",
                             NQPF_OPTF_REQUIRED | P),
    [NQPF_MO_UNDESIRABLE] = {.name = "undesirable", .type = NQPF_OPT_LIST, .def = "", .lo = 0, .hi = NQPF_DEA_MAXV,
                             .metavar = "E,F", .help = "undesirable (bad) output columns", .example = "co2,so2",
                             .flags = P},
    [NQPF_MO_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .def = "-", .metavar = "FILE",
                     .help = "output CSV ('-' = standard output)", .example = "malmquist.csv"},
    [NQPF_MO_FORCE] = {.name = "force", .type = NQPF_OPT_FLAG, .help = "replace existing output files"},
    [NQPF_MO_INDEX] = {.name = "index", .type = NQPF_OPT_CHOICE, .def = "malmquist",
                       .choices = "malmquist|ml|luenberger", .metavar = "I",
                       .help = "malmquist, ml (Malmquist-Luenberger), luenberger", .example = "ml", .flags = P},
    [NQPF_MO_MODEL] = {.name = "model", .type = NQPF_OPT_CHOICE, .choices = "radial|sbm|ddf|ebm", .metavar = "M",
                       .help = "distance function: radial (malmquist default), sbm, ddf (ml, luenberger default), ebm "
                               "(Tone-Tsutsui, eps from all rows)",
                       .example = "sbm", .flags = P | NQPF_OPTF_CONTEXT},
    [NQPF_MO_RTS] = {.name = "rts", .type = NQPF_OPT_CHOICE, .def = "crs", .choices = "crs|vrs|nirs|ndrs",
                     .metavar = "R", .help = "crs; vrs/nirs/ndrs add pech, sech (index stays CRS)", .example = "vrs",
                     .flags = P},
    [NQPF_MO_ORIENT] = {.name = "orient", .type = NQPF_OPT_CHOICE, .choices = "in|out|none", .metavar = "O",
                        .help = "radial: out (default, as DEAP) or in; sbm: none (default), in, out", .example = "in",
                        .flags = P | NQPF_OPTF_CONTEXT},
    [NQPF_MO_FRONTIER] = {.name = "frontier", .type = NQPF_OPT_CHOICE, .def = "contemporaneous",
                          .choices = "contemporaneous|sequential|global", .metavar = "F",
                          .help = "contemporaneous, sequential, global", .example = "global", .flags = P},
    [NQPF_MO_DIRECTION] = {.name = "direction", .type = NQPF_OPT_CHOICE, .def = "default",
                           .choices = "default|ones|observed", .metavar = "D",
                           .help = "ddf direction: default (0,y,-b), ones, observed", .example = "ones", .flags = P},
    [NQPF_MO_BAD_DISPOSAL] = {.name = "bad-disposal", .type = NQPF_OPT_CHOICE, .def = "weak",
                              .choices = "weak|strong", .metavar = "W",
                              .help = "ddf bad outputs: weak (=) or strong (<=)", .example = "strong", .flags = P},
    [NQPF_MO_CUMULATIVE] = FLAG("cumulative", "cum_ columns: running product (sum) from the first period", 0),
    [NQPF_MO_MEANS] = {.name = "means", .type = NQPF_OPT_STRING, .metavar = "FILE",
                       .help = "also write DEAP-style means per period pair, per unit, overall",
                       .example = "means.csv"},
    [NQPF_MO_ENCODING] = {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "E",
                          .help = "input encoding: auto, utf-8, gbk, gb18030", .example = "gbk"},
    [NQPF_MO_MAX_MEMORY] = {.name = "max-memory", .type = NQPF_OPT_STRING, .metavar = "SIZE",
                            .help = "stop before starting if the run would need more (e.g. 2G)", .example = "2G"},
    [NQPF_MO_NO_FRAME] = FLAG("no-frame", "score against all units (skip the frame reduction)", P),
    [NQPF_MO_TECHCH] = {.name = "techch", .type = NQPF_OPT_CHOICE, .def = "geometric",
                        .choices = "geometric|base|comparison", .metavar = "V",
                        .help = "index at the geometric mean of t's and t+1's technology, t's (base) or t+1's",
                        .example = "base", .flags = P},
    [NQPF_MO_META] = {.name = "meta", .type = NQPF_OPT_STRING, .metavar = "COL",
                      .help = "meta-frontier index: group column (constant per unit); adds tgch, tgr_from, tgr_to",
                      .example = "region4", .flags = P},
    [NQPF_MO_SBM_DDF] = FLAG("sbm-ddf", "with --model sbm: the slacks-based directional distance (Fukuyama-Weber "
                                        "2009) for luenberger and ml", P),
    [NQPF_MO_BOM] = NQPF_OPTDEF_BOM,
};

int nqpf_mq_opts_spec(const nqpf_optval *v, const nqpf_optsrc *src, nqpf_dea_spec *sp, int *index, int *frontier,
                      const char **model, const char **orient, nqpf_error *err)
{
    memset(sp, 0, sizeof *sp);
    *index = (int)v[NQPF_MO_INDEX].i;
    /* the choices radial|sbm|ddf|ebm: the first three are the enum's values */
    sp->model = !v[NQPF_MO_MODEL].seen ? (*index == 0 ? NQPF_DEA_RADIAL : NQPF_DEA_DDF)
                : v[NQPF_MO_MODEL].i == 3  ? NQPF_DEA_EBM
                                           : (nqpf_dea_model)v[NQPF_MO_MODEL].i;
    sp->sbm_ddf = (int)v[NQPF_MO_SBM_DDF].i;
    sp->rts = (nqpf_dea_rts)v[NQPF_MO_RTS].i;
    if (sp->model == NQPF_DEA_DDF && v[NQPF_MO_ORIENT].seen) {
        if (src)
            return nqpf_fail(err, NQPF_EINPUT, src->file, v[NQPF_MO_ORIENT].line, v[NQPF_MO_ORIENT].col,
                             "'%s': ddf takes no orient (use direction)", v[NQPF_MO_ORIENT].text);
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "ddf takes no --orient (use --direction)");
    }
    sp->orient = v[NQPF_MO_ORIENT].seen ? (nqpf_dea_orient)v[NQPF_MO_ORIENT].i
                 : sp->model == NQPF_DEA_RADIAL || sp->model == NQPF_DEA_EBM ? NQPF_DEA_OUT
                 : sp->model == NQPF_DEA_SBM    ? NQPF_DEA_NONE
                                                : NQPF_DEA_IN;
    *frontier = (int)v[NQPF_MO_FRONTIER].i;
    sp->dir = (nqpf_dea_dir)v[NQPF_MO_DIRECTION].i;
    sp->bad_strong = (int)v[NQPF_MO_BAD_DISPOSAL].i;
    sp->m = v[NQPF_MO_INPUTS].n_items, sp->s = v[NQPF_MO_OUTPUTS].n_items, sp->q = v[NQPF_MO_UNDESIRABLE].n_items;
    *model = NQPF_DEA_MODEL_NAMES[sp->model];
    *orient = NQPF_DEA_ORIENT_NAMES[sp->orient];
    return NQPF_OK;
}

const char *const NQPF_MQ_COL_NAMES[6] = {"tfpch", "effch", "techch", "pech", "sech", "tgch"};

int nqpf_mq_out_cols(const nqpf_mq_out *o, int *col)
{
    int n = 0;
    col[n++] = NQPF_MQ_TFPCH, col[n++] = NQPF_MQ_EFFCH, col[n++] = NQPF_MQ_TECHCH;
    if (o->meta)
        col[n++] = NQPF_MQ_TGCH;
    if (o->decomposed)
        col[n++] = NQPF_MQ_PECH, col[n++] = NQPF_MQ_SECH;
    return n;
}

void nqpf_mq_label(const nqpf_dea_spec *sp, int index, int frontier, int techch, char *buf, size_t size)
{
    const char *tc = techch ? "-tc:" : "", *tcn = techch ? NQPF_MQ_TECHCH_NAMES[techch] : "";
    if (sp->model == NQPF_DEA_DDF)
        snprintf(buf, size, "%s-ddf-%s%s%s-g:%s-%s%s%s", NQPF_MQ_INDEX_NAMES[index], NQPF_DEA_RTS_NAMES[sp->rts],
                 sp->q ? "-" : "", sp->q ? NQPF_DEA_DISPOSAL_NAMES[sp->bad_strong] : "", NQPF_DEA_DIR_NAMES[sp->dir],
                 NQPF_MQ_FRONTIER_NAMES[frontier], tc, tcn);
    else
        snprintf(buf, size, "%s-%s-%s-%s-%s%s%s", NQPF_MQ_INDEX_NAMES[index],
                 sp->sbm_ddf ? "sbmddf" : NQPF_DEA_MODEL_NAMES[sp->model],
                 NQPF_DEA_ORIENT_NAMES[sp->orient], NQPF_DEA_RTS_NAMES[sp->rts], NQPF_MQ_FRONTIER_NAMES[frontier], tc,
                 tcn);
}
