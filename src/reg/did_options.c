/* nqpf — the option table of nqpf did and its request
 * (include/nqpf/did_opts.h): the options of src/cli/cmd_did.c, declared
 * once; every option but the output files is also a key of the report's
 * [did] section (there data, unit and period default to the project's
 * [data]). */
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/did_opts.h"

#define P NQPF_OPTF_PROJECT
#define REQ(n, mv, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, \
                           .flags = NQPF_OPTF_REQUIRED | P}
#define STR(n, mv, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, .flags = P}
#define FILE_OUT(n, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = "FILE", .help = h, .example = ex}

const nqpf_optdef NQPF_DID_OPTS[NQPF_DIDO_NOPTS] = {
    [NQPF_DIDO_DATA] = REQ("data", "FILE", "input CSV (or .xlsx, .dta), one row per unit and period", "mpdta.csv"),
    [NQPF_DIDO_UNIT] = REQ("unit", "COL", "panel unit column", "countyreal"),
    [NQPF_DIDO_PERIOD] = REQ("period", "COL", "period column (numbers)", "year"),
    [NQPF_DIDO_Y] = REQ("y", "COL", "outcome", "lemp"),
    [NQPF_DIDO_TREAT] = STR("treat", "COL", "0/1 post-treatment indicator (never switches off)", "treat"),
    [NQPF_DIDO_FIRST_TREATED] = STR("first-treated", "COL", "first treated period (0/empty: never)", "first.treat"),
    [NQPF_DIDO_X] = STR("x", "A,B", "covariates (cs: outcome regression on base-period values)", "lpop"),
    [NQPF_DIDO_ABSORB] = STR("absorb", "LIST", "absorbed fixed effects (default unit,period)", "unit,period"),
    [NQPF_DIDO_CLUSTER] = STR("cluster", "LIST", "cluster dimensions (default unit)", "unit"),
    [NQPF_DIDO_DOF] = {.name = "dof", .type = NQPF_OPT_CHOICE, .def = "reghdfe", .choices = "reghdfe|all",
                       .metavar = "KIND", .help = "reghdfe or all (count every absorbed level)", .example = "all",
                       .flags = P},
    [NQPF_DIDO_EVENT_WINDOW] = STR("event-window", "-K,L", "event study: leads K, lags L, endpoints binned", "-3,3"),
    [NQPF_DIDO_REF] = {.name = "ref", .type = NQPF_OPT_INT, .def = "-1", .metavar = "E",
                       .help = "reference event time", .example = "-2", .flags = P},
    [NQPF_DIDO_PLACEBO] = {.name = "placebo", .type = NQPF_OPT_SIZE, .def = "0", .metavar = "B",
                           .help = "placebo draws (permuted treatment timing)", .example = "200", .flags = P},
    [NQPF_DIDO_SEED] = {.name = "seed", .type = NQPF_OPT_SIZE, .def = "1", .metavar = "S",
                        .help = "seed of the placebo and the bootstrap", .example = "7", .flags = P},
    [NQPF_DIDO_ESTIMATOR] = {.name = "estimator", .type = NQPF_OPT_CHOICE, .def = "twfe", .choices = "twfe|cs",
                             .metavar = "KIND", .help = "twfe or cs (Callaway-Sant'Anna)", .example = "cs", .flags = P},
    [NQPF_DIDO_CONTROL] = {.name = "control", .type = NQPF_OPT_CHOICE, .def = "never", .choices = "never|notyet",
                           .metavar = "KIND", .help = "cs controls: never or notyet", .example = "notyet", .flags = P},
    [NQPF_DIDO_BOOT] = {.name = "boot", .type = NQPF_OPT_SIZE, .def = "0", .metavar = "B",
                        .help = "cs: multiplier-bootstrap replications (0: analytic SEs)", .example = "999", .flags = P},
    [NQPF_DIDO_LEVEL] = {.name = "level", .type = NQPF_OPT_DOUBLE, .def = "0.95", .lo = 0, .hi = 1, .metavar = "L",
                         .help = "confidence level", .example = "0.9",
                         .flags = NQPF_OPTF_LO_OPEN | NQPF_OPTF_HI_OPEN | P},
    [NQPF_DIDO_ENCODING] = {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "ENC",
                            .help = "auto, utf-8, gbk, gb18030", .example = "gbk", .flags = P},
    [NQPF_DIDO_STATS] = FILE_OUT("stats", "statistics: N, clusters, pre-trend test, placebo p", "did_stats.csv"),
    [NQPF_DIDO_EVENT] = FILE_OUT("event", "event-study rows for the plot", "did_event.csv"),
    [NQPF_DIDO_DRAWS] = FILE_OUT("draws", "placebo draws", "did_draws.csv"),
    [NQPF_DIDO_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .metavar = "FILE", .help = "estimates CSV",
                       .example = "did.csv", .flags = NQPF_OPTF_REQUIRED},
    [NQPF_DIDO_FORCE] = {.name = "force", .type = NQPF_OPT_FLAG, .help = "overwrite existing output files"},
};

int nqpf_did_request_from(const nqpf_optval *v, nqpf_did_request *rq, nqpf_error *err)
{
    memset(rq, 0, sizeof *rq);
    nqpf_encoding enc;
    if (nqpf_encoding_parse(v[NQPF_DIDO_ENCODING].text, &enc))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown --encoding '%s'", v[NQPF_DIDO_ENCODING].text);
    if (v[NQPF_DIDO_BOOT].z == 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--boot needs at least 2 replications");
    rq->encoding = (int)enc;
    rq->data = v[NQPF_DIDO_DATA].text;
    rq->unit = v[NQPF_DIDO_UNIT].text, rq->period = v[NQPF_DIDO_PERIOD].text, rq->y = v[NQPF_DIDO_Y].text;
    rq->treat = v[NQPF_DIDO_TREAT].text, rq->first_treated = v[NQPF_DIDO_FIRST_TREATED].text;
    rq->x = v[NQPF_DIDO_X].text, rq->absorb = v[NQPF_DIDO_ABSORB].text, rq->cluster = v[NQPF_DIDO_CLUSTER].text;
    rq->dof = v[NQPF_DIDO_DOF].text;
    rq->window = v[NQPF_DIDO_EVENT_WINDOW].text;
    rq->ref = (long)v[NQPF_DIDO_REF].i;
    rq->placebo = v[NQPF_DIDO_PLACEBO].z;
    rq->seed = (unsigned long long)v[NQPF_DIDO_SEED].z;
    rq->cs = v[NQPF_DIDO_ESTIMATOR].i == 1;
    rq->notyet = v[NQPF_DIDO_CONTROL].i == 1;
    rq->boot = v[NQPF_DIDO_BOOT].z;
    rq->level = v[NQPF_DIDO_LEVEL].num;
    rq->out = v[NQPF_DIDO_OUT].text, rq->stats = v[NQPF_DIDO_STATS].text;
    rq->event = v[NQPF_DIDO_EVENT].text, rq->draws = v[NQPF_DIDO_DRAWS].text;
    rq->force = (int)v[NQPF_DIDO_FORCE].i;
    return NQPF_OK;
}
