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
    [NQPF_GINI_GROUP] = COL("group", "group label (regions); without it only G is decomposed trivially", "region"),
    [NQPF_GINI_UNIT] = UNIT_CHECK,
    [NQPF_GINI_PERIOD] = COL("period", "period label: one decomposition per period", "year"),
    [NQPF_GINI_MISSING] = NQPF_OPTDEF_MISSING("leave the row out"),
    [NQPF_GINI_FORMAT] = {.name = "format", .type = NQPF_OPT_CHOICE, .def = "long", .choices = "long|wide",
                          .help = "long tidy rows or one row per period", .example = "wide"},
    [NQPF_GINI_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_GINI_FORCE] = NQPF_OPTDEF_FORCE,
};

const nqpf_optdef NQPF_THEIL_OPTS[NQPF_THEIL_NOPTS] = {
    [NQPF_THEIL_DATA] = LONG_DATA,
    [NQPF_THEIL_VALUE] = REQCOL("value", "the measured variable (>= 0)", "gdp_pc"),
    [NQPF_THEIL_GROUP] = COL("group", "group label for the decomposition (optional)", "region"),
    [NQPF_THEIL_UNIT] = UNIT_CHECK,
    [NQPF_THEIL_PERIOD] = COL("period", "period label: one result per period", "year"),
    [NQPF_THEIL_MISSING] = NQPF_OPTDEF_MISSING("leave the row out"),
    [NQPF_THEIL_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_THEIL_FORCE] = NQPF_OPTDEF_FORCE,
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
};
