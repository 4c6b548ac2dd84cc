/* nqpf — the option table of nqpf did and its request
 * (include/nqpf/did_opts.h): declared once; every option but the output
 * files is also a key of the report's [did] section (there data, unit and
 * period default to the project's [data]). */
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/did_opts.h"

#define P NQPF_OPTF_PROJECT
#define S(n, mv, h, ex, f) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, .flags = f}
#define MPDTA "tests/ref/econ/mpdta.csv"
#define COUNT(n, d, lo_, mv, h, ex) {.name = n, .type = NQPF_OPT_SIZE, .def = d, .lo = lo_, .hi = 2147483647.0, \
                                     .metavar = mv, .help = h, .example = ex, .flags = P}

const nqpf_optdef NQPF_DID_OPTS[NQPF_DID_NOPTS] = {
    [NQPF_DID_DATA] = S("data", "FILE", "input CSV (or .xlsx, .dta), one row per unit and period", MPDTA,
                        NQPF_OPTF_REQUIRED | P),
    [NQPF_DID_UNIT] = S("unit", "COL", "panel unit column", "countyreal", NQPF_OPTF_REQUIRED | P),
    [NQPF_DID_PERIOD] = S("period", "COL", "period column (numbers)", "year", NQPF_OPTF_REQUIRED | P),
    [NQPF_DID_Y] = S("y", "COL", "outcome", "lemp", NQPF_OPTF_REQUIRED | P),
    [NQPF_DID_TREAT] = S("treat", "COL", "0/1 post-treatment indicator (never switches off)", "treat", P),
    [NQPF_DID_FIRST_TREATED] = S("first-treated", "COL", "first treated period (0/empty: never)", "first.treat", P),
    [NQPF_DID_X] = S("x", "A,B", "covariates (cs: outcome regression on base-period values)", "lpop", P),
    [NQPF_DID_ABSORB] = S("absorb", "LIST", "absorbed fixed effects (default unit,period)", "unit,period", P),
    [NQPF_DID_CLUSTER] = S("cluster", "LIST", "cluster dimensions (default unit)", "unit", P),
    [NQPF_DID_DOF] = {.name = "dof", .type = NQPF_OPT_CHOICE, .def = "reghdfe", .choices = "reghdfe|all",
                      .help = "small-sample factor: reghdfe's, or every absorbed level counted", .example = "all", .flags = P},
    [NQPF_DID_EVENT_WINDOW] = S("event-window", "-K,L", "event study: leads K, lags L, endpoints binned", "-3,3", P),
    [NQPF_DID_REF] = {.name = "ref", .type = NQPF_OPT_INT, .def = "-1", .lo = -2147483647.0, .hi = 2147483647.0,
                      .metavar = "E", .help = "reference event time", .example = "-2", .flags = P},
    [NQPF_DID_PLACEBO] = COUNT("placebo", "0", 0, "B", "placebo draws (permuted treatment timing)", "200"),
    [NQPF_DID_SEED] = COUNT("seed", "1", 0, "S", "seed of the placebo and the bootstrap", "7"),
    [NQPF_DID_ESTIMATOR] = {.name = "estimator", .type = NQPF_OPT_CHOICE, .def = "twfe", .choices = "twfe|cs",
                            .help = "TWFE or Callaway-Sant'Anna", .example = "cs", .flags = P},
    [NQPF_DID_CONTROL] = {.name = "control", .type = NQPF_OPT_CHOICE, .def = "never", .choices = "never|notyet",
                          .help = "cs controls: never-treated or not-yet-treated units", .example = "notyet", .flags = P},
    /* one replication gives no standard error */
    [NQPF_DID_BOOT] = {.name = "boot", .type = NQPF_OPT_SIZE, .def = "0", .lo = 0, .hi = 2147483647.0, .metavar = "B",
                       .help = "cs: multiplier-bootstrap replications (0: analytic SEs; else at least 2)",
                       .example = "999", .flags = P},
    [NQPF_DID_LEVEL] = {.name = "level", .type = NQPF_OPT_DOUBLE, .def = "0.95", .lo = 0, .hi = 1, .metavar = "L",
                        .help = "confidence level", .example = "0.9",
                        .flags = NQPF_OPTF_LO_OPEN | NQPF_OPTF_HI_OPEN | P},
    [NQPF_DID_ENCODING] = {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "ENC",
                           .help = "auto, utf-8, gbk, gb18030", .example = "gbk", .flags = P},
    [NQPF_DID_STATS] = S("stats", "FILE", "statistics: N, clusters, pre-trend test, placebo p", "did_stats.csv", 0),
    [NQPF_DID_EVENT] = S("event", "FILE", "event-study rows for the plot", "did_event.csv", 0),
    [NQPF_DID_DRAWS] = S("draws", "FILE", "placebo draws", "did_draws.csv", 0),
    [NQPF_DID_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .metavar = "FILE", .help = "estimates CSV",
                      .example = "did.csv", .flags = NQPF_OPTF_REQUIRED},
    [NQPF_DID_FORCE] = {.name = "force", .type = NQPF_OPT_FLAG, .help = "overwrite existing output files"},
    [NQPF_DID_BOM] = NQPF_OPTDEF_BOM,
};

int nqpf_did_request_from(const nqpf_optval *v, nqpf_did_request *rq, nqpf_error *err)
{
    memset(rq, 0, sizeof *rq);
    nqpf_encoding enc;
    if (nqpf_encoding_parse(v[NQPF_DID_ENCODING].text, &enc))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "'%s': --encoding must be auto, utf-8, gbk or gb18030",
                         v[NQPF_DID_ENCODING].text);
    if (v[NQPF_DID_BOOT].z == 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--boot needs at least 2 replications");
    rq->encoding = (int)enc;
    rq->data = v[NQPF_DID_DATA].text;
    rq->unit = v[NQPF_DID_UNIT].text, rq->period = v[NQPF_DID_PERIOD].text, rq->y = v[NQPF_DID_Y].text;
    rq->treat = v[NQPF_DID_TREAT].text, rq->first_treated = v[NQPF_DID_FIRST_TREATED].text;
    rq->x = v[NQPF_DID_X].text, rq->absorb = v[NQPF_DID_ABSORB].text, rq->cluster = v[NQPF_DID_CLUSTER].text;
    rq->dof = v[NQPF_DID_DOF].text;
    rq->window = v[NQPF_DID_EVENT_WINDOW].text;
    rq->ref = (long)v[NQPF_DID_REF].i;
    rq->placebo = v[NQPF_DID_PLACEBO].z;
    rq->seed = (unsigned long long)v[NQPF_DID_SEED].z;
    rq->cs = v[NQPF_DID_ESTIMATOR].i == 1;
    rq->notyet = v[NQPF_DID_CONTROL].i == 1;
    rq->boot = v[NQPF_DID_BOOT].z;
    rq->level = v[NQPF_DID_LEVEL].num;
    rq->out = v[NQPF_DID_OUT].text, rq->stats = v[NQPF_DID_STATS].text;
    rq->event = v[NQPF_DID_EVENT].text, rq->draws = v[NQPF_DID_DRAWS].text;
    rq->force = (int)v[NQPF_DID_FORCE].i, rq->bom = (int)v[NQPF_DID_BOM].i;
    return NQPF_OK;
}
