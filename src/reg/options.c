/* nqpf — the option tables of nqpf reg and nqpf threshold and their
 * requests (include/nqpf/reg_opts.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/reg_opts.h"

/* Every option but the output files is also a key of the report's [reg] /
 * [threshold] section (P); there `data`, `unit` and `period` default to the
 * project's [data] (src/report/regjob.c). */
#define P NQPF_OPTF_PROJECT
#define DATA {.name = "data", .type = NQPF_OPT_STRING, .metavar = "FILE", \
              .help = "input CSV (or .xlsx, .dta), one row per observation", .example = "panel.csv", \
              .flags = NQPF_OPTF_REQUIRED | P}
#define STR(n, mv, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, .flags = P}
#define FILE_OUT(n, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = "FILE", .help = h, .example = ex}
#define REQ(n, mv, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, \
                           .flags = NQPF_OPTF_REQUIRED | P}
#define ENCODING {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "ENC", \
                  .help = "auto, utf-8, gbk, gb18030", .example = "gbk", .flags = P}
#define SEED {.name = "seed", .type = NQPF_OPT_SIZE, .def = "1", .metavar = "S", .help = "bootstrap seed", \
              .example = "7", .flags = P}
#define OUT {.name = "out", .type = NQPF_OPT_STRING, .metavar = "FILE", \
             .help = "coefficients CSV ('-' = standard output)", .example = "out.csv", .flags = NQPF_OPTF_REQUIRED}
#define FORCE {.name = "force", .type = NQPF_OPT_FLAG, .help = "overwrite existing output files"}

const nqpf_optdef NQPF_THRESHOLD_OPTS[NQPF_THR_NOPTS] = {
    [NQPF_THR_DATA] = DATA,
    [NQPF_THR_UNIT] = REQ("unit", "COL", "panel unit column (fixed effects)", "province"),
    [NQPF_THR_PERIOD] = REQ("period", "COL", "period column", "year"),
    [NQPF_THR_Y] = REQ("y", "COL", "dependent variable", "inv"),
    [NQPF_THR_X] = STR("x", "A,B", "regime-independent regressors", "size,age"),
    [NQPF_THR_RX] = REQ("rx", "A,B", "regime-dependent regressors", "cashflow"),
    [NQPF_THR_Q] = REQ("q", "COL", "threshold variable", "debt"),
    [NQPF_THR_N] = {.name = "n", .type = NQPF_OPT_CHOICE, .def = "1", .choices = "1|2|3", .metavar = "K",
                    .help = "number of thresholds", .example = "2", .flags = P},
    [NQPF_THR_TRIM] = {.name = "trim", .type = NQPF_OPT_DOUBLE, .def = "0.01", .metavar = "P",
                       .help = "share of observations each regime keeps (in (0, 0.5/K))", .example = "0.05", .flags = P},
    [NQPF_THR_GRID] = {.name = "grid", .type = NQPF_OPT_STRING, .def = "all", .metavar = "all|N",
                       .help = "candidates: every distinct value (all) or N >= 2 quantiles", .example = "300", .flags = P},
    [NQPF_THR_BOOTSTRAP] = {.name = "bootstrap", .type = NQPF_OPT_SIZE, .def = "0", .metavar = "B",
                            .help = "bootstrap replications for the F tests (0: none, else at least 2)",
                            .example = "300", .flags = P},
    [NQPF_THR_SEED] = SEED,
    [NQPF_THR_LEVEL] = {.name = "level", .type = NQPF_OPT_DOUBLE, .def = "0.95", .lo = 0, .hi = 1, .metavar = "L",
                        .help = "confidence level of the threshold sets", .example = "0.9",
                        .flags = NQPF_OPTF_LO_OPEN | NQPF_OPTF_HI_OPEN | P},
    [NQPF_THR_VCE] = {.name = "vce", .type = NQPF_OPT_CHOICE, .def = "iid", .choices = "iid|robust|cluster",
                      .metavar = "KIND", .help = "iid, robust (HC1) or cluster (on the unit)", .example = "cluster", .flags = P},
    [NQPF_THR_ENCODING] = ENCODING,
    [NQPF_THR_STATS] = FILE_OUT("stats", "thresholds, intervals, SSRs, F tests", "thr_stats.csv"),
    [NQPF_THR_LR] = FILE_OUT("lr", "LR curves of the thresholds", "thr_lr.csv"),
    [NQPF_THR_OUT] = OUT,
    [NQPF_THR_FORCE] = FORCE,
    [NQPF_THR_BOM] = NQPF_OPTDEF_BOM,
};

static int encoding(const nqpf_optval *v, int *enc, nqpf_error *err)
{
    nqpf_encoding e;
    if (nqpf_encoding_parse(v->text, &e))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown --encoding '%s'", v->text);
    *enc = (int)e;
    return NQPF_OK;
}

int nqpf_thr_request_from(const nqpf_optval *v, nqpf_thr_request *rq, nqpf_error *err)
{
    memset(rq, 0, sizeof *rq);
    int rc = encoding(&v[NQPF_THR_ENCODING], &rq->encoding, err);
    if (rc)
        return rc;
    const char *grid = v[NQPF_THR_GRID].text;
    if (strcmp(grid, "all") != 0) {
        char *end = NULL;
        long g = strtol(grid, &end, 10);
        if (*end || g < 2)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--grid takes all or a number of points >= 2, not '%s'",
                             grid);
        rq->grid = (size_t)g;
    }
    if (v[NQPF_THR_BOOTSTRAP].z == 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--bootstrap needs at least 2 replications");
    rq->data = v[NQPF_THR_DATA].text;
    rq->unit = v[NQPF_THR_UNIT].text, rq->period = v[NQPF_THR_PERIOD].text;
    rq->y = v[NQPF_THR_Y].text, rq->x = v[NQPF_THR_X].text, rq->rx = v[NQPF_THR_RX].text, rq->q = v[NQPF_THR_Q].text;
    rq->vce = v[NQPF_THR_VCE].text;
    rq->n_thr = (size_t)v[NQPF_THR_N].i + 1;
    rq->trim = v[NQPF_THR_TRIM].num;
    rq->boot = v[NQPF_THR_BOOTSTRAP].z;
    rq->seed = (unsigned long long)v[NQPF_THR_SEED].z;
    rq->level = v[NQPF_THR_LEVEL].num;
    rq->out = v[NQPF_THR_OUT].text, rq->stats = v[NQPF_THR_STATS].text, rq->lr = v[NQPF_THR_LR].text;
    rq->force = (int)v[NQPF_THR_FORCE].i, rq->bom = (int)v[NQPF_THR_BOM].i;
    return NQPF_OK;
}

const nqpf_optdef NQPF_REG_OPTS[NQPF_RGO_NOPTS] = {
    [NQPF_RGO_DATA] = DATA,
    [NQPF_RGO_Y] = REQ("y", "COL", "dependent variable", "gdp_pc"),
    [NQPF_RGO_X] = STR("x", "A,B,...", "exogenous regressors", "open,edu"),
    [NQPF_RGO_UNIT] = STR("unit", "COL", "panel unit column (`unit` in --absorb / --cluster)", "province"),
    [NQPF_RGO_PERIOD] = STR("period", "COL", "period column (`period` in --absorb)", "year"),
    [NQPF_RGO_ABSORB] = STR("absorb", "LIST", "fixed effects to absorb: unit, period, columns, a#b", "unit,period"),
    [NQPF_RGO_VCE] = STR("vce", "KIND", "iid (default), robust (HC1) or cluster (default with --cluster)", "robust"),
    [NQPF_RGO_CLUSTER] = STR("cluster", "COL[,COL]", "cluster variables (two or more: multi-way)", "unit"),
    [NQPF_RGO_IV] = STR("iv", "E=Z1,Z2;...", "endogenous regressors and their excluded instruments (2SLS)",
                        "edu=z1,z2"),
    [NQPF_RGO_BY] = STR("by", "COL", "fit the model separately in each group of COL", "region4"),
    [NQPF_RGO_WEIGHTS] = STR("weights", "COL", "analytic weights (> 0)", "pop"),
    [NQPF_RGO_DOF] = {.name = "dof", .type = NQPF_OPT_STRING, .def = "reghdfe", .metavar = "RULE",
                      .help = "reghdfe, all (areg, estimatr) or xtreg", .example = "all", .flags = P},
    [NQPF_RGO_CLUSTER_ADJ] = {.name = "cluster-adj", .type = NQPF_OPT_STRING, .def = "min", .metavar = "RULE",
                              .help = "multi-way: min (one Gmin/(Gmin-1), reghdfe) or each (per term, sandwich/cgmreg)",
                              .example = "each", .flags = P},
    [NQPF_RGO_CENTER] = {.name = "center", .type = NQPF_OPT_FLAG,
                         .help = "centre the parts of A*M interaction terms at their means", .flags = P},
    [NQPF_RGO_AT] = STR("at", "V1,V2", "moderator values for the marginal effects of A*M (default mean-sd, mean, mean+sd)",
                        "0,1"),
    [NQPF_RGO_WINSOR] = STR("winsor", "LO,HI",
                            "winsorise y, the regressors and instruments at these percentiles (e.g. 1,99; Stata's winsor2)",
                            "1,99"),
    [NQPF_RGO_WINSOR_BY] = STR("winsor-by", "COL", "winsorise within the groups of COL (e.g. period)", "year"),
    [NQPF_RGO_UTEST] = STR("utest", "X", "U shape: add X^2, Lind-Mehlum test and turning point (X in --x)", "open"),
    [NQPF_RGO_BDIFF] = STR("bdiff", "TERM",
                           "with --by (2 groups): permutation test of TERM's coefficient difference (--boot B, default 1000)",
                           "open"),
    [NQPF_RGO_MEDIATOR] = STR("mediator", "M",
                              "mechanism test: total, a (M on the treatment: the first --x, or with --iv the first "
                              "endogenous) and b paths, Sobel z; per group with --by",
                              "edu"),
    [NQPF_RGO_BOOT] = {.name = "boot", .type = NQPF_OPT_SIZE, .metavar = "B",
                       .help = "replications: bootstrap of a*b (--mediator; default none), permutations (--bdiff; "
                               "default 1000); at least 2",
                       .example = "1000", .flags = P},
    [NQPF_RGO_SEED] = SEED,
    [NQPF_RGO_LEVEL] = {.name = "level", .type = NQPF_OPT_DOUBLE, .def = "0.95", .lo = 0, .hi = 1, .metavar = "L",
                        .help = "bootstrap interval level", .example = "0.9",
                        .flags = NQPF_OPTF_LO_OPEN | NQPF_OPTF_HI_OPEN | P},
    [NQPF_RGO_BOOT_REPS] = FILE_OUT("boot-reps", "write each replication's a, b, a*b", "reps.csv"),
    [NQPF_RGO_KEEP_SINGLETONS] = {.name = "keep-singletons", .type = NQPF_OPT_FLAG, .help = "keep singleton groups", .flags = P},
    [NQPF_RGO_TOL] = {.name = "tol", .type = NQPF_OPT_DOUBLE, .def = "1e-13", .lo = 0, .hi = 1e-3, .metavar = "T",
                      .help = "tolerance of the projections (0: the default)", .example = "1e-10",
                      .flags = NQPF_OPTF_HI_OPEN | P},
    [NQPF_RGO_ENCODING] = ENCODING,
    [NQPF_RGO_STATS] = FILE_OUT("stats", "model statistics CSV", "stats.csv"),
    [NQPF_RGO_TABLE] = FILE_OUT("table",
                           "the paper's table (.tex: LaTeX booktabs, else CSV): stars, (se), FE rows, N, R2",
                           "table.tex"),
    [NQPF_RGO_DIGITS] = {.name = "digits", .type = NQPF_OPT_SIZE, .def = "3", .metavar = "D",
                         .help = "decimals in --table (0: the default)", .example = "4", .flags = P},
    [NQPF_RGO_OUT] = OUT,
    [NQPF_RGO_FORCE] = FORCE,
    [NQPF_RGO_BOM] = NQPF_OPTDEF_BOM,
};

int nqpf_reg_request_from(const nqpf_optval *v, nqpf_reg_request *rq, nqpf_error *err)
{
    memset(rq, 0, sizeof *rq);
    int rc = encoding(&v[NQPF_RGO_ENCODING], &rq->encoding, err);
    if (rc)
        return rc;
    if (v[NQPF_RGO_BOOT].seen && v[NQPF_RGO_BOOT].z == 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--boot needs at least 2 replications");
    rq->data = v[NQPF_RGO_DATA].text;
    rq->y = v[NQPF_RGO_Y].text, rq->x = v[NQPF_RGO_X].text;
    rq->unit = v[NQPF_RGO_UNIT].text, rq->period = v[NQPF_RGO_PERIOD].text;
    rq->absorb = v[NQPF_RGO_ABSORB].text, rq->vce = v[NQPF_RGO_VCE].text, rq->cluster = v[NQPF_RGO_CLUSTER].text;
    rq->iv = v[NQPF_RGO_IV].text, rq->by = v[NQPF_RGO_BY].text, rq->weights = v[NQPF_RGO_WEIGHTS].text;
    rq->dof = v[NQPF_RGO_DOF].text, rq->cluster_adj = v[NQPF_RGO_CLUSTER_ADJ].text;
    rq->keep_singletons = (int)v[NQPF_RGO_KEEP_SINGLETONS].i;
    rq->tol = v[NQPF_RGO_TOL].num;
    rq->center = (int)v[NQPF_RGO_CENTER].i;
    rq->at = v[NQPF_RGO_AT].text, rq->winsor = v[NQPF_RGO_WINSOR].text, rq->winsor_by = v[NQPF_RGO_WINSOR_BY].text;
    rq->utest = v[NQPF_RGO_UTEST].text, rq->bdiff = v[NQPF_RGO_BDIFF].text, rq->mediator = v[NQPF_RGO_MEDIATOR].text;
    rq->boot = v[NQPF_RGO_BOOT].z;
    rq->seed = (unsigned long long)v[NQPF_RGO_SEED].z;
    rq->level = v[NQPF_RGO_LEVEL].num;
    rq->boot_reps = v[NQPF_RGO_BOOT_REPS].text;
    rq->table = v[NQPF_RGO_TABLE].text;
    rq->digits = v[NQPF_RGO_DIGITS].z;
    rq->out = v[NQPF_RGO_OUT].text, rq->stats = v[NQPF_RGO_STATS].text;
    rq->force = (int)v[NQPF_RGO_FORCE].i, rq->bom = (int)v[NQPF_RGO_BOM].i;
    return NQPF_OK;
}
