/* nqpf — the option tables of the compare & diagnose analyses (gini, theil,
 * converge, kde, couple): one declaration each, read by the command line
 * (src/cli) and by the project's sections (src/report) through
 * include/nqpf/opt.h.  Each enum indexes its table; options flagged
 * NQPF_OPTF_PROJECT are also keys of the analysis's [section]. */
#ifndef NQPF_COMPARE_OPTS_H
#define NQPF_COMPARE_OPTS_H

#include "nqpf/opt.h"

enum nqpf_gini_opt {
    NQPF_GINI_DATA, NQPF_GINI_VALUE, NQPF_GINI_GROUP, NQPF_GINI_UNIT, NQPF_GINI_PERIOD, NQPF_GINI_MISSING,
    NQPF_GINI_FORMAT, NQPF_GINI_OUT, NQPF_GINI_FORCE, NQPF_GINI_BOM, NQPF_GINI_NOPTS
};
extern const nqpf_optdef NQPF_GINI_OPTS[NQPF_GINI_NOPTS];

enum nqpf_theil_opt {
    NQPF_THEIL_DATA, NQPF_THEIL_VALUE, NQPF_THEIL_GROUP, NQPF_THEIL_UNIT, NQPF_THEIL_PERIOD, NQPF_THEIL_MISSING,
    NQPF_THEIL_OUT, NQPF_THEIL_FORCE, NQPF_THEIL_BOM, NQPF_THEIL_NOPTS
};
extern const nqpf_optdef NQPF_THEIL_OPTS[NQPF_THEIL_NOPTS];

enum nqpf_ineq_opt {
    NQPF_INEQ_DATA, NQPF_INEQ_VALUE, NQPF_INEQ_UNIT, NQPF_INEQ_PERIOD, NQPF_INEQ_EPSILON, NQPF_INEQ_LORENZ,
    NQPF_INEQ_MISSING, NQPF_INEQ_OUT, NQPF_INEQ_FORCE, NQPF_INEQ_BOM, NQPF_INEQ_NOPTS
};
#define NQPF_INEQ_MAX_EPS 16
extern const nqpf_optdef NQPF_INEQ_OPTS[NQPF_INEQ_NOPTS];

/* [converge]: controls, se */
enum nqpf_converge_opt {
    NQPF_CONV_DATA, NQPF_CONV_UNIT, NQPF_CONV_PERIOD, NQPF_CONV_VALUE, NQPF_CONV_CONTROLS, NQPF_CONV_MODELS,
    NQPF_CONV_SE, NQPF_CONV_MISSING, NQPF_CONV_OUT, NQPF_CONV_FORCE, NQPF_CONV_BOM, NQPF_CONV_NOPTS
};
extern const nqpf_optdef NQPF_CONVERGE_OPTS[NQPF_CONV_NOPTS];
#define NQPF_CONV_MAX_CONTROLS 64

/* [kde]: kernel, bw, bandwidth, grid (choices in the order of nqpf_kernel
 * and nqpf_bw_rule) */
enum nqpf_kde_opt {
    NQPF_KDE_DATA, NQPF_KDE_VALUE, NQPF_KDE_PERIOD, NQPF_KDE_UNIT, NQPF_KDE_KERNEL, NQPF_KDE_BW,
    NQPF_KDE_BANDWIDTH, NQPF_KDE_GRID, NQPF_KDE_FROM, NQPF_KDE_TO, NQPF_KDE_MISSING, NQPF_KDE_OUT,
    NQPF_KDE_FORCE, NQPF_KDE_BOM, NQPF_KDE_NOPTS
};
extern const nqpf_optdef NQPF_KDE_OPTS[NQPF_KDE_NOPTS];

/* [coupling]: coupling (choices in the order of nqpf_coupling_kind) */
enum nqpf_couple_opt {
    NQPF_CPL_DATA, NQPF_CPL_SYSTEMS, NQPF_CPL_UNIT, NQPF_CPL_PERIOD, NQPF_CPL_ALPHA, NQPF_CPL_COUPLING,
    NQPF_CPL_OUT, NQPF_CPL_FORCE, NQPF_CPL_BOM, NQPF_CPL_NOPTS
};
extern const nqpf_optdef NQPF_COUPLE_OPTS[NQPF_CPL_NOPTS];
#define NQPF_CPL_MAX_SYSTEMS 64

/* nqpf tobit takes the first NQPF_TOBIT_NOPTS options, nqpf truncreg all. */
enum nqpf_tobit_opt {
    NQPF_TOB_DATA, NQPF_TOB_Y, NQPF_TOB_X, NQPF_TOB_LOWER, NQPF_TOB_UPPER, NQPF_TOB_ENCODING, NQPF_TOB_OUT,
    NQPF_TOB_FORCE, NQPF_TOB_BOM, NQPF_TOBIT_NOPTS, NQPF_TOB_BOOTSTRAP = NQPF_TOBIT_NOPTS, NQPF_TOB_SEED,
    NQPF_TOB_LEVEL, NQPF_TRUNCREG_NOPTS
};
extern const nqpf_optdef NQPF_TRUNCREG_OPTS[NQPF_TRUNCREG_NOPTS];
#define NQPF_TOB_MAX_X 64

/* nqpf obstacle.  Not yet the table of [obstacle]: the report's top is 5
 * in [1, 100000], the command's 0 (every indicator). */
enum nqpf_obstacle_opt {
    NQPF_OBS_INDEX_DIR, NQPF_OBS_NORMALIZED, NQPF_OBS_WEIGHTS, NQPF_OBS_UNIT, NQPF_OBS_PERIOD, NQPF_OBS_SHIFT,
    NQPF_OBS_TOP, NQPF_OBS_OUT, NQPF_OBS_FORCE, NQPF_OBS_BOM, NQPF_OBS_NOPTS
};
extern const nqpf_optdef NQPF_OBSTACLE_OPTS[NQPF_OBS_NOPTS];

/* nqpf growth (include/nqpf/growth.h).  [growth] names the file `file`
 * and has a report-only `name`: not yet read through this table. */
enum nqpf_growth_opt {
    NQPF_GR_DATA, NQPF_GR_UNIT, NQPF_GR_PERIOD, NQPF_GR_OUTPUT, NQPF_GR_VALUE, NQPF_GR_CAPITAL, NQPF_GR_LABOUR,
    NQPF_GR_SHARE, NQPF_GR_BASE, NQPF_GR_OUT, NQPF_GR_FORCE, NQPF_GR_BOM, NQPF_GR_NOPTS
};
extern const nqpf_optdef NQPF_GROWTH_OPTS[NQPF_GR_NOPTS];

/* nqpf forecast.  Not yet the table of [forecast]: the report's defaults
 * differ (horizon 3 in [0, 1000], alpha in [1e-9, 1 - 1e-9]; see
 * docs/report.md) and await a decision. */
enum nqpf_forecast_opt {
    NQPF_FC_DATA, NQPF_FC_VALUE, NQPF_FC_PERIOD, NQPF_FC_UNIT, NQPF_FC_HORIZON, NQPF_FC_ROLLING, NQPF_FC_ALPHA,
    NQPF_FC_SD, NQPF_FC_RESID_FROM, NQPF_FC_OUT, NQPF_FC_FORCE, NQPF_FC_BOM, NQPF_FC_NOPTS
};
extern const nqpf_optdef NQPF_FORECAST_OPTS[NQPF_FC_NOPTS];

#endif
