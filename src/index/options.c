/* nqpf — the option table of the composite index (include/nqpf/index_opts.h). */
#include <math.h>

#include "nqpf/index_opts.h"

#define S(n, mv, h, ex, f) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, .flags = f}
#define CH(n, d, ch, h, ex, f) {.name = n, .type = NQPF_OPT_CHOICE, .def = d, .choices = ch, .help = h, \
                                .example = ex, .flags = f}
#define FLAG(n, h) {.name = n, .type = NQPF_OPT_FLAG, .help = h}
#define P NQPF_OPTF_PROJECT

const nqpf_optdef NQPF_INDEX_OPTS[NQPF_IX_NOPTS] = {
    [NQPF_IX_DATA] = S("data", "FILE", "panel CSV (wide: unit,period,var…; long: unit,period,variable,value)",
                       "data/china_provinces_tech_wide.csv", NQPF_OPTF_REQUIRED),
    [NQPF_IX_MAX_MEMORY] = S("max-memory", "SIZE", "stop before reading if the run would need more (e.g. 2G)", "2G", 0),
    [NQPF_IX_SYSTEM] = S("system", "FILE", "indicator system CSV", "data/nqpf_system.csv", NQPF_OPTF_REQUIRED),
    [NQPF_IX_UNIT] = S("unit", "COL", "unit (region/firm) column", "province", NQPF_OPTF_REQUIRED),
    [NQPF_IX_PERIOD] = S("period", "COL", "period (year) column", "year", NQPF_OPTF_REQUIRED),
    [NQPF_IX_OUT] = S("out", "DIR", "output directory (created atomically)", "res", NQPF_OPTF_REQUIRED),
    [NQPF_IX_FORCE] = FLAG("force", "replace an existing output directory"),
    [NQPF_IX_LAYOUT] = CH("layout", "wide", "wide|long", "data layout", "long", 0),
    [NQPF_IX_VAR_COL] = S("var-col", "COL", "long layout: variable-name column (default variable)", "variable", 0),
    [NQPF_IX_VALUE_COL] = S("value-col", "COL", "long layout: value column (default value)", "value", 0),
    [NQPF_IX_ENCODING] = {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "ENC",
                          .help = "auto, utf-8, gbk, gb18030 (also utf8, gb2312, cp936)", .example = "gbk"},
    [NQPF_IX_MISSING] = CH("missing", "error", "error|interpolate|drop-unit", "missing values", "interpolate", 0),
    [NQPF_IX_EXTRAPOLATE] = CH("extrapolate", "nearest", "nearest|growth", "ends of a series when interpolating",
                               "growth", 0),
    [NQPF_IX_NORMALIZE] = CH("normalize", "minmax", "minmax|zscore|ratio|vector", "normalisation", "zscore", P),
    [NQPF_IX_SCOPE] = CH("scope", "panel", "panel|period",
                         "normalise and weight over the pooled panel (global entropy) or per period", "period", P),
    [NQPF_IX_SHIFT] = {.name = "shift", .type = NQPF_OPT_DOUBLE, .def = "0.0001", .lo = 0, .hi = HUGE_VAL,
                       .metavar = "S", .help = "added after min-max so logs are defined", .example = "0.001",
                       .flags = P},
    [NQPF_IX_WEIGHTS] = {.name = "weights", .type = NQPF_OPT_STRING, .def = "entropy", .metavar = "M",
                         .help = "entropy, critic, cv, equal, pca, fixed, ahp:FILE, combo:A+B, sd, merec", .example = "critic",
                         .flags = P},
    [NQPF_IX_HIERARCHICAL] = FLAG("hierarchical", "weights within each dimension, then across dimensions"),
    [NQPF_IX_DIM_WEIGHTS] = S("dim-weights", "M", "with --hierarchical: method across dimensions (e.g. ahp:FILE)",
                              "equal", 0),
    [NQPF_IX_COMBINE] = CH("combine", "mult", "mult|linear", "combination rule for combo:A+B", "linear", P),
    [NQPF_IX_ALPHA] = {.name = "alpha", .type = NQPF_OPT_DOUBLE, .def = "0.5", .lo = 0, .hi = 1, .metavar = "A",
                       .help = "linear combination: A·w1 + (1−A)·w2", .example = "0.3", .flags = P},
    [NQPF_IX_AGGREGATE] = CH("aggregate", "weighted", "weighted|topsis|gra|geometric|vikor", "aggregation (vikor: score = 1 - Q)",
                                  "topsis", P),
    [NQPF_IX_RHO] = {.name = "rho", .type = NQPF_OPT_DOUBLE, .def = "0.5", .lo = 0, .hi = 1, .metavar = "R",
                     .help = "grey relational distinguishing coefficient", .example = "0.3",
                     .flags = P | NQPF_OPTF_LO_OPEN},
    [NQPF_IX_VIKOR_V] = {.name = "vikor-v", .type = NQPF_OPT_DOUBLE, .def = "0.5", .lo = 0, .hi = 1, .metavar = "V",
                         .help = "VIKOR: weight of group utility S against individual regret R in Q", .example = "0.7",
                         .flags = P},
    [NQPF_IX_PCA_SHARE] = {.name = "pca-share", .type = NQPF_OPT_DOUBLE, .def = "0.85", .lo = 0, .hi = 1,
                           .metavar = "S", .help = "PCA: cumulative variance share kept", .example = "0.9",
                           .flags = P | NQPF_OPTF_LO_OPEN},
    [NQPF_IX_RI] = CH("ri", "saaty1980", "saaty1980|saaty2005|tummala|dd", "AHP random index table", "saaty2005", 0),
    [NQPF_IX_AHP_METHOD] = CH("ahp-method", "eigen", "eigen|geometric|column-mean", "AHP weights", "geometric", 0),
    [NQPF_IX_ALLOW_INCONSISTENT] = FLAG("allow-inconsistent", "accept an AHP matrix with CR > 0.1"),
    [NQPF_IX_ROBUSTNESS] = FLAG("robustness", "also score under entropy/critic/cv/equal/pca; rank correlations"),
    [NQPF_IX_NO_NORMALIZED] = FLAG("no-normalized", "do not write normalized.csv (very large panels)"),
    [NQPF_IX_QUIET] = FLAG("quiet", "no summary or warnings on stderr"),
    [NQPF_IX_TIMING] = FLAG("timing", "print the time of each phase on stderr"),
    [NQPF_IX_BOM] = NQPF_OPTDEF_BOM,
};
