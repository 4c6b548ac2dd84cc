/* nqpf — the option table of nqpf spreg and its request
 * (include/nqpf/spreg_opts.h).  Every option but the output files is also a
 * key of the report's [spreg] section. */
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/spreg_opts.h"

#define P NQPF_OPTF_PROJECT
#define REQ(n, mv, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, \
                           .flags = NQPF_OPTF_REQUIRED | P}
#define STR(n, mv, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, .flags = P}
#define FILE_OUT(n, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = "FILE", .help = h, .example = ex}

const nqpf_optdef NQPF_SPREG_SECTION_OPTS[NQPF_SPO_NOPTS] = {
    [NQPF_SPO_DATA] = REQ("data", "FILE", "CSV (or .xlsx/.dta): one row per unit (and period)", "produc.csv"),
    [NQPF_SPO_UNIT] = REQ("unit", "COL", "unit id column (matched to the weights' ids)", "state"),
    [NQPF_SPO_PERIOD] = STR("period", "COL", "period column: a balanced panel", "year"),
    [NQPF_SPO_Y] = REQ("y", "COL", "dependent variable", "lgsp"),
    [NQPF_SPO_X] = REQ("x", "A,B", "regressors", "lpcap,lpc"),
    [NQPF_SPO_MODEL] = {.name = "model", .type = NQPF_OPT_CHOICE, .choices = "sar|sem|sdm|sdem|slx|sac",
                        .help = "the model", .example = "sdm", .flags = NQPF_OPTF_REQUIRED | P},
    [NQPF_SPO_FE] = {.name = "fe", .type = NQPF_OPT_CHOICE, .def = "none", .choices = "none|unit|period|both",
                     .help = "fixed effects removed by demeaning", .example = "both", .flags = P},
    [NQPF_SPO_LEE_YU] = {.name = "lee-yu", .type = NQPF_OPT_FLAG,
                         .help = "Lee & Yu (2010) bias correction (transformation approach)", .flags = P},
    [NQPF_SPO_EFFECTS] = {.name = "effects", .type = NQPF_OPT_FLAG, .help = "add direct, indirect and total effects",
                          .flags = P},
    [NQPF_SPO_DRAWS] = {.name = "draws", .type = NQPF_OPT_SIZE, .def = "1000", .metavar = "N",
                        .help = "simulated draws for the effects' standard errors", .example = "500", .flags = P},
    [NQPF_SPO_SEED] = {.name = "seed", .type = NQPF_OPT_SIZE, .def = "12345", .metavar = "S",
                       .help = "random seed of the draws", .example = "7", .flags = P},
    [NQPF_SPO_LOGDET] = {.name = "logdet", .type = NQPF_OPT_CHOICE, .def = "auto", .choices = "auto|exact|approx",
                         .help = "ln|I - rho W|: exact eigenvalues (auto: up to 1500 units) or the trace series",
                         .example = "exact", .flags = P},
    [NQPF_SPO_WEIGHTS] = REQ("weights", "FILE", "edge list from,to[,weight] (e.g. nqpf weights --out)", "w.csv"),
    [NQPF_SPO_STYLE] = {.name = "style", .type = NQPF_OPT_CHOICE, .def = "W", .choices = "W|B|C|U|S",
                        .help = "weights style (W: row-standardised)", .example = "B", .flags = P},
    [NQPF_SPO_ENCODING] = {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "ENC",
                           .help = "auto, utf-8, gbk, gb18030", .example = "gbk", .flags = P},
    [NQPF_SPO_UNIT_EFFECTS] = FILE_OUT("unit-effects", "per-unit direct, indirect and total effects", "ue.csv"),
    [NQPF_SPO_DIAGNOSTICS] = FILE_OUT("diagnostics", "write LM, Wald and LR tests", "tests.csv"),
    [NQPF_SPO_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .metavar = "FILE",
                      .help = "output CSV (\"-\" = standard output)", .example = "sdm.csv", .flags = NQPF_OPTF_REQUIRED},
    [NQPF_SPO_FORCE] = {.name = "force", .type = NQPF_OPT_FLAG, .help = "overwrite existing output files"},
};

int nqpf_spreg_request_from(const nqpf_optval *v, nqpf_spreg_request *rq, nqpf_error *err)
{
    memset(rq, 0, sizeof *rq);
    nqpf_encoding enc;
    if (nqpf_encoding_parse(v[NQPF_SPO_ENCODING].text, &enc))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown --encoding '%s'", v[NQPF_SPO_ENCODING].text);
    int rc = nqpf_spreg_model_parse(v[NQPF_SPO_MODEL].text, &rq->spec.model, err);
    if (!rc)
        rc = nqpf_spreg_fe_parse(v[NQPF_SPO_FE].text, &rq->spec.fe, err);
    if (rc)
        return rc;
    if (!v[NQPF_SPO_PERIOD].text && rq->spec.fe != NQPF_FE_NONE)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--fe %s needs --period (a panel)", v[NQPF_SPO_FE].text);
    rq->spec.lee_yu = (int)v[NQPF_SPO_LEE_YU].i;
    rq->encoding = (int)enc;
    rq->data = v[NQPF_SPO_DATA].text, rq->unit = v[NQPF_SPO_UNIT].text, rq->period = v[NQPF_SPO_PERIOD].text;
    rq->y = v[NQPF_SPO_Y].text, rq->x = v[NQPF_SPO_X].text, rq->weights = v[NQPF_SPO_WEIGHTS].text;
    rq->logdet = v[NQPF_SPO_LOGDET].text;
    rq->style = v[NQPF_SPO_STYLE].text[0];
    rq->effects = (int)v[NQPF_SPO_EFFECTS].i;
    rq->draws = v[NQPF_SPO_DRAWS].z;
    rq->seed = (uint64_t)v[NQPF_SPO_SEED].z;
    rq->out = v[NQPF_SPO_OUT].text, rq->diagnostics = v[NQPF_SPO_DIAGNOSTICS].text;
    rq->force = (int)v[NQPF_SPO_FORCE].i;
    return NQPF_OK;
}
