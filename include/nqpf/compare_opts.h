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
    NQPF_GINI_FORMAT, NQPF_GINI_OUT, NQPF_GINI_FORCE, NQPF_GINI_NOPTS
};
extern const nqpf_optdef NQPF_GINI_OPTS[NQPF_GINI_NOPTS];

enum nqpf_theil_opt {
    NQPF_THEIL_DATA, NQPF_THEIL_VALUE, NQPF_THEIL_GROUP, NQPF_THEIL_UNIT, NQPF_THEIL_PERIOD, NQPF_THEIL_MISSING,
    NQPF_THEIL_OUT, NQPF_THEIL_FORCE, NQPF_THEIL_NOPTS
};
extern const nqpf_optdef NQPF_THEIL_OPTS[NQPF_THEIL_NOPTS];

/* [converge]: controls, se */
enum nqpf_converge_opt {
    NQPF_CONV_DATA, NQPF_CONV_UNIT, NQPF_CONV_PERIOD, NQPF_CONV_VALUE, NQPF_CONV_CONTROLS, NQPF_CONV_MODELS,
    NQPF_CONV_SE, NQPF_CONV_MISSING, NQPF_CONV_OUT, NQPF_CONV_FORCE, NQPF_CONV_NOPTS
};
extern const nqpf_optdef NQPF_CONVERGE_OPTS[NQPF_CONV_NOPTS];
#define NQPF_CONV_MAX_CONTROLS 64

/* [kde]: kernel, bw, bandwidth, grid (choices in the order of nqpf_kernel
 * and nqpf_bw_rule) */
enum nqpf_kde_opt {
    NQPF_KDE_DATA, NQPF_KDE_VALUE, NQPF_KDE_PERIOD, NQPF_KDE_UNIT, NQPF_KDE_KERNEL, NQPF_KDE_BW,
    NQPF_KDE_BANDWIDTH, NQPF_KDE_GRID, NQPF_KDE_FROM, NQPF_KDE_TO, NQPF_KDE_MISSING, NQPF_KDE_OUT,
    NQPF_KDE_FORCE, NQPF_KDE_NOPTS
};
extern const nqpf_optdef NQPF_KDE_OPTS[NQPF_KDE_NOPTS];

/* [coupling]: coupling (choices in the order of nqpf_coupling_kind) */
enum nqpf_couple_opt {
    NQPF_CPL_DATA, NQPF_CPL_SYSTEMS, NQPF_CPL_UNIT, NQPF_CPL_PERIOD, NQPF_CPL_ALPHA, NQPF_CPL_COUPLING,
    NQPF_CPL_OUT, NQPF_CPL_FORCE, NQPF_CPL_NOPTS
};
extern const nqpf_optdef NQPF_COUPLE_OPTS[NQPF_CPL_NOPTS];
#define NQPF_CPL_MAX_SYSTEMS 64

#endif
