/* nqpf — the option tables of gini, theil, converge, kde and couple
 * (include/nqpf/compare_opts.h). */
#include <math.h>

#include "nqpf/compare_opts.h"

#define DATA(h) {.name = "data", .type = NQPF_OPT_STRING, .metavar = "FILE", .help = h, .example = "panel.csv", \
                 .flags = NQPF_OPTF_REQUIRED}
#define COL(n, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = "COL", .help = h, .example = ex}
#define REQCOL(n, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = "COL", .help = h, .example = ex, \
                          .flags = NQPF_OPTF_REQUIRED}
#define LONG_DATA DATA("input CSV (long: one row per unit and period)")
#define UNIT_CHECK COL("unit", "unit label (checks that each unit appears once per period)", "province")

const nqpf_optdef NQPF_GINI_OPTS[NQPF_GINI_NOPTS] = {
    [NQPF_GINI_DATA] = LONG_DATA,
    [NQPF_GINI_VALUE] = REQCOL("value", "the measured variable (>= 0)", "index"),
    [NQPF_GINI_GROUP] = COL("group", "group label column (regions), or a built-in grouping of the provinces in --unit: nbs4, belt3, zone8, ns2", "region"),
    [NQPF_GINI_UNIT] = UNIT_CHECK,
    [NQPF_GINI_PERIOD] = COL("period", "period label: one decomposition per period", "year"),
    [NQPF_GINI_MISSING] = NQPF_OPTDEF_MISSING("leave the row out"),
    [NQPF_GINI_FORMAT] = {.name = "format", .type = NQPF_OPT_CHOICE, .def = "long", .choices = "long|wide",
                          .help = "long tidy rows or one row per period", .example = "wide"},
    [NQPF_GINI_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_GINI_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_GINI_BOM] = NQPF_OPTDEF_BOM,
};

const nqpf_optdef NQPF_THEIL_OPTS[NQPF_THEIL_NOPTS] = {
    [NQPF_THEIL_DATA] = LONG_DATA,
    [NQPF_THEIL_VALUE] = REQCOL("value", "the measured variable (>= 0)", "gdp_pc"),
    [NQPF_THEIL_GROUP] = COL("group", "group label column, or nbs4, belt3, zone8, ns2 (built-in groupings of the provinces in --unit)", "region"),
    [NQPF_THEIL_UNIT] = UNIT_CHECK,
    [NQPF_THEIL_PERIOD] = COL("period", "period label: one result per period", "year"),
    [NQPF_THEIL_MISSING] = NQPF_OPTDEF_MISSING("leave the row out"),
    [NQPF_THEIL_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_THEIL_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_THEIL_BOM] = NQPF_OPTDEF_BOM,
};

const nqpf_optdef NQPF_INEQ_OPTS[NQPF_INEQ_NOPTS] = {
    [NQPF_INEQ_DATA] = LONG_DATA,
    [NQPF_INEQ_VALUE] = REQCOL("value", "the measured variable (>= 0)", "index"),
    [NQPF_INEQ_UNIT] = UNIT_CHECK,
    [NQPF_INEQ_PERIOD] = COL("period", "period label: one row per period", "year"),
    [NQPF_INEQ_EPSILON] = {.name = "epsilon", .type = NQPF_OPT_LIST, .def = "0.5,1,2", .lo = 1,
                           .hi = NQPF_INEQ_MAX_EPS, .metavar = "E,...",
                           .help = "inequality aversions of Atkinson's index (each >= 0; one column each)",
                           .example = "0.5,1,2"},
    [NQPF_INEQ_LORENZ] = {.name = "lorenz", .type = NQPF_OPT_STRING, .metavar = "FILE",
                          .help = "also write the Lorenz curve (period,p,L: the n + 1 points k/n) to FILE",
                          .example = "lorenz.csv"},
    [NQPF_INEQ_MISSING] = NQPF_OPTDEF_MISSING("leave the row out"),
    [NQPF_INEQ_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_INEQ_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_INEQ_BOM] = NQPF_OPTDEF_BOM,
};

const nqpf_optdef NQPF_CONVERGE_OPTS[NQPF_CONV_NOPTS] = {
    [NQPF_CONV_DATA] = LONG_DATA,
    [NQPF_CONV_UNIT] = REQCOL("unit", "unit column", "province"),
    [NQPF_CONV_PERIOD] = REQCOL("period", "period column (numeric periods give T and gaps in their units)", "year"),
    [NQPF_CONV_VALUE] = REQCOL("value", "the variable (positive)", "gdp_pc"),
    [NQPF_CONV_CONTROLS] = {.name = "controls", .type = NQPF_OPT_LIST, .def = "", .lo = 0,
                            .hi = NQPF_CONV_MAX_CONTROLS, .metavar = "A,B,...",
                            .help = "control variables for conditional beta convergence", .example = "open,edu",
                            .flags = NQPF_OPTF_PROJECT},
    [NQPF_CONV_MODELS] = {.name = "models", .type = NQPF_OPT_LIST, .def = "sigma,beta,panel",
                          .choices = "sigma|beta|panel", .lo = 1, .hi = 8, .metavar = "LIST",
                          .help = "any of sigma,beta,panel", .example = "sigma,beta"},
    [NQPF_CONV_SE] = {.name = "se", .type = NQPF_OPT_CHOICE, .def = "cluster", .choices = "classical|hc1|cluster",
                      .help = "standard errors used for t and p", .example = "hc1", .flags = NQPF_OPTF_PROJECT},
    [NQPF_CONV_MISSING] = NQPF_OPTDEF_MISSING("drop the observation"),
    [NQPF_CONV_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_CONV_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_CONV_BOM] = NQPF_OPTDEF_BOM,
};

const nqpf_optdef NQPF_KDE_OPTS[NQPF_KDE_NOPTS] = {
    [NQPF_KDE_DATA] = LONG_DATA,
    [NQPF_KDE_VALUE] = REQCOL("value", "the variable", "index"),
    [NQPF_KDE_PERIOD] = COL("period", "period column: one density per period", "year"),
    [NQPF_KDE_UNIT] = COL("unit", "unit column (checks that each unit appears once per period)", "province"),
    [NQPF_KDE_KERNEL] = {.name = "kernel", .type = NQPF_OPT_CHOICE, .def = "gaussian",
                         .choices = "gaussian|epanechnikov", .help = "kernel", .example = "epanechnikov",
                         .flags = NQPF_OPTF_PROJECT},
    [NQPF_KDE_BW] = {.name = "bw", .type = NQPF_OPT_CHOICE, .def = "silverman",
                     .choices = "silverman|scott|scipy-scott|scipy-silverman", .metavar = "RULE",
                     .help = "bandwidth rule", .example = "scott", .flags = NQPF_OPTF_PROJECT},
    [NQPF_KDE_BANDWIDTH] = {.name = "bandwidth", .type = NQPF_OPT_DOUBLE, .lo = 0, .hi = HUGE_VAL,
                            .metavar = "H", .help = "fixed bandwidth (overrides --bw)", .example = "0.02",
                            .flags = NQPF_OPTF_PROJECT | NQPF_OPTF_LO_OPEN},
    [NQPF_KDE_GRID] = {.name = "grid", .type = NQPF_OPT_SIZE, .def = "512", .lo = 2, .hi = 1000000,
                       .metavar = "N", .help = "number of grid points", .example = "256",
                       .flags = NQPF_OPTF_PROJECT},
    [NQPF_KDE_FROM] = {.name = "from", .type = NQPF_OPT_DOUBLE, .metavar = "X", .help = "lower end of the grid",
                       .example = "0"},
    [NQPF_KDE_TO] = {.name = "to", .type = NQPF_OPT_DOUBLE, .metavar = "X", .help = "upper end of the grid",
                     .example = "1"},
    [NQPF_KDE_MISSING] = NQPF_OPTDEF_MISSING("leave the row out"),
    [NQPF_KDE_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_KDE_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_KDE_BOM] = NQPF_OPTDEF_BOM,
};

const nqpf_optdef NQPF_COUPLE_OPTS[NQPF_CPL_NOPTS] = {
    [NQPF_CPL_DATA] = DATA("input CSV with one column per subsystem index"),
    [NQPF_CPL_SYSTEMS] = {.name = "systems", .type = NQPF_OPT_LIST, .lo = 2, .hi = NQPF_CPL_MAX_SYSTEMS,
                          .metavar = "A,B,...", .help = "the subsystem index columns (values in [0,1])",
                          .example = "tech,industry", .flags = NQPF_OPTF_REQUIRED},
    [NQPF_CPL_UNIT] = COL("unit", "unit label column", "province"),
    [NQPF_CPL_PERIOD] = COL("period", "period label column", "year"),
    [NQPF_CPL_ALPHA] = {.name = "alpha", .type = NQPF_OPT_LIST, .lo = 2, .hi = NQPF_CPL_MAX_SYSTEMS,
                        .metavar = "a1,a2,...",
                        .help = "weights of the coordination index T, one per subsystem, summing to 1 (default equal)",
                        .example = "0.5,0.5"},
    [NQPF_CPL_COUPLING] = {.name = "coupling", .type = NQPF_OPT_CHOICE, .def = "standard",
                           .choices = "standard|nofactor", .help = "coupling-degree formula", .example = "nofactor",
                           .flags = NQPF_OPTF_PROJECT},
    [NQPF_CPL_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_CPL_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_CPL_BOM] = NQPF_OPTDEF_BOM,
};

const nqpf_optdef NQPF_FORECAST_OPTS[NQPF_FC_NOPTS] = {
    [NQPF_FC_DATA] = LONG_DATA,
    [NQPF_FC_VALUE] = REQCOL("value", "the series (positive)", "index"),
    [NQPF_FC_PERIOD] = REQCOL("period", "time column giving the order of the series", "year"),
    [NQPF_FC_UNIT] = COL("unit", "unit column: one model per unit (optional)", "province"),
    /* 3: the report's forecast needs steps beyond the data, and so does a forecast by default */
    [NQPF_FC_HORIZON] = {.name = "horizon", .type = NQPF_OPT_SIZE, .def = "3", .lo = 0, .hi = 10000, .metavar = "H",
                         .help = "forecast H steps beyond the data", .example = "5", .flags = NQPF_OPTF_PROJECT},
    [NQPF_FC_ROLLING] = {.name = "rolling", .type = NQPF_OPT_FLAG,
                         .help = "metabolic (rolling) forecasts instead of one fit"},
    [NQPF_FC_ALPHA] = {.name = "alpha", .type = NQPF_OPT_DOUBLE, .def = "0.5", .lo = 0, .hi = 1, .metavar = "W",
                       .help = "background weight", .example = "0.4",
                       .flags = NQPF_OPTF_PROJECT | NQPF_OPTF_LO_OPEN | NQPF_OPTF_HI_OPEN},
    [NQPF_FC_SD] = {.name = "sd", .type = NQPF_OPT_CHOICE, .def = "pop", .choices = "pop|sample",
                    .help = "SD in C and P: population or sample", .example = "sample"},
    [NQPF_FC_RESID_FROM] = {.name = "residuals-from", .type = NQPF_OPT_CHOICE, .def = "2", .choices = "1|2",
                            .help = "residual statistics over k = 2..n or 1..n", .example = "1"},
    [NQPF_FC_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_FC_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_FC_BOM] = NQPF_OPTDEF_BOM,
};

const nqpf_optdef NQPF_TRUNCREG_OPTS[NQPF_TRUNCREG_NOPTS] = {
    [NQPF_TOB_DATA] = DATA("input CSV (or .xlsx, .dta), one row per observation"),
    [NQPF_TOB_Y] = REQCOL("y", "the censored or truncated variable (e.g. efficiency)", "score"),
    [NQPF_TOB_X] = {.name = "x", .type = NQPF_OPT_LIST, .lo = 1, .hi = NQPF_TOB_MAX_X, .metavar = "A,B,...",
                    .help = "regressors (a constant is added)", .example = "open,edu", .flags = NQPF_OPTF_REQUIRED},
    [NQPF_TOB_LOWER] = {.name = "lower", .type = NQPF_OPT_DOUBLE, .metavar = "L",
                        .help = "left-censoring limit (tobit) or truncation point (truncreg); default none",
                        .example = "0"},
    [NQPF_TOB_UPPER] = {.name = "upper", .type = NQPF_OPT_DOUBLE, .metavar = "U",
                        .help = "right-censoring limit (tobit) or truncation point (truncreg); default none",
                        .example = "1"},
    [NQPF_TOB_ENCODING] = {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "ENC",
                           .help = "auto, utf-8, gbk, gb18030", .example = "gbk"},
    [NQPF_TOB_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_TOB_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_TOB_BOM] = NQPF_OPTDEF_BOM,
    [NQPF_TOB_BOOTSTRAP] = {.name = "bootstrap", .type = NQPF_OPT_SIZE, .def = "0", .metavar = "B",
                            .help = "Simar-Wilson (2007) bootstrap replications (0 none, else at least 2)",
                            .example = "2000"},
    [NQPF_TOB_SEED] = {.name = "seed", .type = NQPF_OPT_SIZE, .def = "1", .metavar = "S",
                       .help = "bootstrap random seed", .example = "7"},
    [NQPF_TOB_LEVEL] = {.name = "level", .type = NQPF_OPT_DOUBLE, .def = "0.95", .lo = 0, .hi = 1, .metavar = "L",
                        .help = "bootstrap interval level", .example = "0.9",
                        .flags = NQPF_OPTF_LO_OPEN | NQPF_OPTF_HI_OPEN},
};

const nqpf_optdef NQPF_OBSTACLE_OPTS[NQPF_OBS_NOPTS] = {
    [NQPF_OBS_INDEX_DIR] = {.name = "index-dir", .type = NQPF_OPT_STRING, .metavar = "DIR",
                            .help = "output directory of `nqpf index` (normalized.csv, weights.csv)",
                            .example = "idx-out"},
    [NQPF_OBS_NORMALIZED] = {.name = "normalized", .type = NQPF_OPT_STRING, .metavar = "FILE",
                             .help = "normalised values: unit,period,<indicators>", .example = "normalized.csv"},
    [NQPF_OBS_WEIGHTS] = {.name = "weights", .type = NQPF_OPT_STRING, .metavar = "FILE",
                          .help = "weights: indicator,weight[,dimension]", .example = "weights.csv"},
    [NQPF_OBS_UNIT] = {.name = "unit", .type = NQPF_OPT_STRING, .def = "unit", .metavar = "COL",
                       .help = "unit column of the normalised file", .example = "province"},
    [NQPF_OBS_PERIOD] = COL("period", "period column (default period, if present)", "year"),
    [NQPF_OBS_SHIFT] = {.name = "shift", .type = NQPF_OPT_DOUBLE, .metavar = "S",
                        .help = "shift added by the index run (default: from DIR/run.json, else 0)",
                        .example = "0.0001"},
    /* the report's table shows the 5 largest; the command writes all unless asked */
    [NQPF_OBS_TOP] = {.name = "top", .type = NQPF_OPT_SIZE, .lo = 0, .hi = 100000, .metavar = "K",
                      .help = "write only the K largest indicator obstacles per unit (default: all on the command "
                              "line, 5 in a project's [obstacle])",
                      .example = "5", .flags = NQPF_OPTF_PROJECT | NQPF_OPTF_CONTEXT},
    [NQPF_OBS_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .metavar = "FILE",
                      .help = "output CSV ('-' = standard output)", .example = "out.csv"},
    [NQPF_OBS_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_OBS_BOM] = NQPF_OPTDEF_BOM,
};

/* nqpf growth and the report's [growth] (GP: a project key; there `file`
 * is also read for data, and `name` is the report's own label column) */
#define GP NQPF_OPTF_PROJECT
#define GCOL(n, h, ex, f) {.name = n, .type = NQPF_OPT_STRING, .metavar = "COL", .help = h, .example = ex, .flags = f}
const nqpf_optdef NQPF_GROWTH_OPTS[NQPF_GR_NOPTS] = {
    [NQPF_GR_DATA] = {.name = "data", .type = NQPF_OPT_STRING, .metavar = "FILE",
                      .help = "input CSV (long: one row per unit and period)", .example = "data/pwt91_subset.csv",
                      .flags = NQPF_OPTF_REQUIRED | GP},
    [NQPF_GR_UNIT] = GCOL("unit", "unit column", "countrycode", NQPF_OPTF_REQUIRED | GP),
    [NQPF_GR_PERIOD] = GCOL("period", "period column (consecutive periods are differenced)", "year",
                            NQPF_OPTF_REQUIRED | GP),
    [NQPF_GR_OUTPUT] = GCOL("output", "real output (e.g. rgdpna); required, or --value", "rgdpna", GP),
    [NQPF_GR_VALUE] = GCOL("value", "same as --output", "rgdpna", GP),
    [NQPF_GR_CAPITAL] = GCOL("capital", "capital services or stock (e.g. rkna)", "rkna", NQPF_OPTF_REQUIRED | GP),
    [NQPF_GR_LABOUR] = {.name = "labour", .type = NQPF_OPT_STRING, .metavar = "COL[*COL]",
                        .help = "labour input, a column or a product of columns (e.g. emp*avh*hc)",
                        .example = "emp*avh*hc", .flags = NQPF_OPTF_REQUIRED | GP},
    [NQPF_GR_SHARE] = {.name = "share", .type = NQPF_OPT_STRING, .metavar = "COL|NUMBER",
                       .help = "labour share column (Törnqvist average) or a constant in [0,1]", .example = "labsh",
                       .flags = NQPF_OPTF_REQUIRED | GP},
    [NQPF_GR_BASE] = {.name = "base", .type = NQPF_OPT_STRING, .metavar = "PERIOD",
                      .help = "rescale the TFP index to 1 in this period", .example = "2011", .flags = GP},
    [NQPF_GR_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_GR_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_GR_BOM] = NQPF_OPTDEF_BOM,
};
#undef GCOL
#undef GP
