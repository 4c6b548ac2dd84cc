/* nqpf — the option tables of weights, moran, lisa, markov and spreg
 * (include/nqpf/spatial_opts.h). */
#include <math.h>

#include "nqpf/spatial_opts.h"

#define S(n, mv, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex}
#define REQ(n, mv, h, ex) {.name = n, .type = NQPF_OPT_STRING, .metavar = mv, .help = h, .example = ex, \
                           .flags = NQPF_OPTF_REQUIRED}
#define FLAG(n, h) {.name = n, .type = NQPF_OPT_FLAG, .help = h}
/* a count without an upper bound of its own (the int range of the engines) */
#define COUNT(n, d, lo_, mv, h, ex, f) {.name = n, .type = NQPF_OPT_SIZE, .def = d, .lo = lo_, .hi = 2147483647.0, \
                                        .metavar = mv, .help = h, .example = ex, .flags = f}

/* The weights block at offset B; CF, WF, SF: the project flags of
 * contiguity, weights and style, the keys a section accepts ([moran]:
 * contiguity and style, the map gives the polygons; [spreg]: weights, an
 * edge list, and style). */
#define SPATIAL_BLOCK(B, CF, WF, SF)                                                                         \
    [B + NQPF_SP_GEOJSON] = S("geojson", "FILE", "polygons (GeoJSON FeatureCollection) for contiguity or label points", \
                              "data/china_provinces.geojson"),                                               \
    [B + NQPF_SP_ID_FIELD] = {.name = "id-field", .type = NQPF_OPT_STRING, .def = "adcode", .metavar = "NAME",  \
                              .help = "GeoJSON property naming each unit", .example = "adcode"},             \
    [B + NQPF_SP_CONTIGUITY] = {.name = "contiguity", .type = NQPF_OPT_CHOICE, .def = "queen",               \
                                .choices = "queen|rook",                                                    \
                                .help = "contiguity from --geojson (when no other kind of weights is given)", \
                                .example = "rook", .flags = CF},                                             \
    [B + NQPF_SP_SNAP] = {.name = "snap", .type = NQPF_OPT_DOUBLE, .def = "1.490116119384765625e-8", .lo = 0,   \
                          .hi = HUGE_VAL, .metavar = "D",                                                    \
                          .help = "points closer than D in x and y are shared (spdep poly2nb: sqrt(DBL_EPSILON))", \
                          .example = "1e-6"},                                                                \
    [B + NQPF_SP_KNN] = COUNT("knn", NULL, 1, "K", "K nearest neighbours of the coordinates", "4", 0),         \
    [B + NQPF_SP_BAND] = {.name = "distance-band", .type = NQPF_OPT_DOUBLE, .lo = 0, .hi = HUGE_VAL,          \
                          .metavar = "D", .help = "neighbours within distance D (0 < d <= D)", .example = "500", \
                          .flags = NQPF_OPTF_LO_OPEN},                                               \
    [B + NQPF_SP_POWER] = {.name = "inverse-distance", .type = NQPF_OPT_DOUBLE, .lo = 0, .hi = HUGE_VAL,      \
                           .metavar = "P",                                                                   \
                           .help = "weights d^-P within the band (all pairs without --distance-band)",       \
                           .example = "1", .flags = NQPF_OPTF_LO_OPEN},                                      \
    [B + NQPF_SP_COORDS] = {.name = "coords", .type = NQPF_OPT_LIST, .lo = 2, .hi = 2, .metavar = "X,Y",      \
                            .help = "coordinate columns of --data (else GeoJSON label points)",              \
                            .example = "lon,lat"},                                                           \
    [B + NQPF_SP_CENTROIDS] = FLAG("centroids", "use polygon centroids, not the GeoJSON 'cp' label points"),   \
    [B + NQPF_SP_METRIC] = {.name = "metric", .type = NQPF_OPT_CHOICE, .choices = "euclidean|greatcircle",     \
                            .help = "distance (greatcircle km for GeoJSON and lon/lat --coords, else euclidean)", \
                            .example = "euclidean", .flags = NQPF_OPTF_CONTEXT},                             \
    [B + NQPF_SP_WEIGHTS] = {.name = "weights", .type = NQPF_OPT_STRING, .metavar = "FILE",                   \
                             .help = "edge list CSV from,to[,weight] (empty 'to' = no neighbours)",            \
                             .example = "tests/ref/cases/compare/local_moran_afcon_spdep/edges_paper_nb.csv", \
                             .flags = WF},                                                                    \
    [B + NQPF_SP_STYLE] = {.name = "style", .type = NQPF_OPT_CHOICE, .def = "W", .choices = NQPF_SP_STYLES,     \
                           .help = "W row-standardised, B raw/binary, C global, U unit-sum, S variance-stabilising", \
                           .example = "B", .flags = SF},                                                     \
    [B + NQPF_SP_ROW_STD] = FLAG("row-standardize", "row-standardise (the default; same as --style W)"),      \
    [B + NQPF_SP_NO_ROW_STD] = FLAG("no-row-standardize", "same as --style B"),                               \
    [B + NQPF_SP_ORDER] = {.name = "neighbour-order", .type = NQPF_OPT_SIZE, .def = "1", .lo = 1, .hi = 1000,  \
                           .metavar = "K", .help = "use neighbours at exactly K steps (spdep nblag)",        \
                           .example = "2"},                                                                  \
    [B + NQPF_SP_LINK_ISLANDS] = FLAG("link-islands", "link each unit without neighbours to its nearest unit"), \
    [B + NQPF_SP_SUBSET] = FLAG("subset-weights", "drop weights units absent from the data (else an error)")

#define DATA_LONG REQ("data", "FILE", "long CSV: one row per unit (and period)", "data/china_provinces_tech_wide.csv")
#define UNIT_W REQ("unit", "COL", "unit id column (matched to the weights' ids)", "gb_code")
#define VALUE REQ("value", "COL", "numeric column to analyse", "v4_zh_nbzc_hj")
#define PERIOD S("period", "COL", "run once per value of this column", "year")
#define MISSING                                                                                              \
    {.name = "missing", .type = NQPF_OPT_CHOICE, .def = "error", .choices = "error|drop",                     \
     .help = "a missing value: error with its position or drop the unit from that period", .example = "drop"}
/* esda's default (Moran, Moran_Local) and what the report's significance
 * map needs: analytical p of local statistics are unreliable (Anselin 1995) */
#define PERMS(h) COUNT("permutations", "999", 0, "N", h, "99", NQPF_OPTF_PROJECT)
#define SEED COUNT("seed", "12345", 0, "S", "random seed; same output for any thread count", "7", NQPF_OPTF_PROJECT)
#define THREADS COUNT("threads", "0", 0, "N", "OpenMP threads (0: OMP_NUM_THREADS)", "2", 0)

const nqpf_optdef NQPF_WEIGHTS_OPTS[NQPF_WEIGHTS_NOPTS] = {
    [NQPF_WEIGHTS_DATA] = S("data", "FILE", "CSV whose --unit column lists the units (and --coords columns)",
                            "data/china_provinces_tech_wide.csv"),
    [NQPF_WEIGHTS_UNIT] = S("unit", "COL", "unit id column of --data", "gb_code"),
    [NQPF_WEIGHTS_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .metavar = "FILE",
                          .help = "output edge list CSV ('-' = standard output)", .example = "queen.csv",
                          .flags = NQPF_OPTF_REQUIRED},
    [NQPF_WEIGHTS_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_WEIGHTS_KERNEL] = {.name = "kernel", .type = NQPF_OPT_CHOICE, .def = "none",
                             .choices = "none|triangular|uniform|quadratic|quartic|gaussian",
                             .help = "kernel weights K(d/h) from --data's --coords (libpysal Kernel)", .example = "gaussian"},
    [NQPF_WEIGHTS_BANDWIDTH] = S("bandwidth", "H", "kernel bandwidth: fixed (default), adaptive, or a distance",
                                 "adaptive"),
    [NQPF_WEIGHTS_K] = {.name = "k", .type = NQPF_OPT_SIZE, .def = "2", .lo = 1, .hi = 2147483647.0, .metavar = "K",
                        .help = "kernel bandwidth from the K-th nearest neighbour", .example = "4"},
    SPATIAL_BLOCK(NQPF_WEIGHTS_SP, 0, 0, 0),
    [NQPF_WEIGHTS_BOM] = NQPF_OPTDEF_BOM,
};

const nqpf_optdef NQPF_MORAN_OPTS[NQPF_MORAN_NOPTS] = {
    [NQPF_MORAN_DATA] = DATA_LONG,
    [NQPF_MORAN_UNIT] = UNIT_W,
    [NQPF_MORAN_VALUE] = VALUE,
    [NQPF_MORAN_PERIOD] = PERIOD,
    [NQPF_MORAN_MISSING] = MISSING,
    [NQPF_MORAN_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_MORAN_STAT] = {.name = "stat", .type = NQPF_OPT_LIST, .def = "moran,geary,g", .choices = "moran|geary|g|bv|jc",
                         .lo = 1, .hi = 5, .metavar = "LIST",
                         .help = "statistics: any of moran,geary,g,bv,jc (join counts of a 0/1 value)",
                         .example = "moran"},
    [NQPF_MORAN_VALUE2] = S("value2", "COL", "bivariate Moran of --value with the lag of COL (adds statistic bv)",
                            "v4_zh_nbzc_hj"),
    [NQPF_MORAN_RATE_BASE] = S("rate-base", "COL", "analyse EB-standardised rates --value / COL (Assuncao-Reis)",
                               "v4_zh_nbzc_hj"),
    [NQPF_MORAN_PERMUTATIONS] = PERMS("permutation test with N random permutations (0 = none)"),
    [NQPF_MORAN_SEED] = SEED,
    [NQPF_MORAN_THREADS] = THREADS,
    [NQPF_MORAN_ALTERNATIVE] = {.name = "alternative", .type = NQPF_OPT_CHOICE, .def = "greater",
                                .choices = "greater|less|two-sided", .metavar = "H",
                                .help = "alternative hypothesis (greater: spdep's default)", .example = "two-sided"},
    [NQPF_MORAN_NO_ADJUST_N] = FLAG("no-adjust-n", "do not subtract units without neighbours from n"),
    [NQPF_MORAN_G_STYLE] = {.name = "g-style", .type = NQPF_OPT_CHOICE, .def = "B", .choices = NQPF_SP_STYLES,
                            .help = "weights style for Getis-Ord G", .example = "W"},
    [NQPF_MORAN_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_MORAN_BOM] = NQPF_OPTDEF_BOM,
    SPATIAL_BLOCK(NQPF_MORAN_SP, NQPF_OPTF_PROJECT, 0, NQPF_OPTF_PROJECT),
};

const nqpf_optdef NQPF_LISA_OPTS[NQPF_LISA_NOPTS] = {
    [NQPF_LISA_DATA] = DATA_LONG,
    [NQPF_LISA_UNIT] = UNIT_W,
    [NQPF_LISA_VALUE] = VALUE,
    [NQPF_LISA_PERIOD] = PERIOD,
    [NQPF_LISA_MISSING] = MISSING,
    [NQPF_LISA_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_LISA_STAT] = {.name = "stat", .type = NQPF_OPT_CHOICE, .def = "moran", .choices = "moran|g|gstar|geary",
                        .help = "local Moran, Getis-Ord Gi or Gi*, local Geary", .example = "gstar"},
    [NQPF_LISA_VALUE2] = S("value2", "COL", "bivariate local Moran: --value against the lag of COL", "v4_zh_nbzc_hj"),
    [NQPF_LISA_SCALE] = {.name = "scale", .type = NQPF_OPT_CHOICE, .def = "n", .choices = "n|n-1",
                         .help = "local Moran divisor of sum z^2 (n: spdep/GeoDa; n-1: esda); local Geary: the "
                                 "sd of the z-scores (n: esda; n-1: spdep)", .example = "n-1"},
    [NQPF_LISA_MOMENTS] = {.name = "moments", .type = NQPF_OPT_CHOICE, .def = "conditional",
                           .choices = "conditional|total", .help = "local Moran E/Var (conditional: spdep)",
                           .example = "total"},
    [NQPF_LISA_G_VARIANCE] = {.name = "g-variance", .type = NQPF_OPT_CHOICE, .def = "spdep", .choices = "spdep|esda",
                              .help = "Gi variance with sum w^2 (spdep) or W_i (esda)", .example = "esda"},
    [NQPF_LISA_G_SD] = {.name = "g-sd", .type = NQPF_OPT_CHOICE, .def = "n", .choices = "n|n-1",
                        .help = "divisor of the standard deviation in Gi z", .example = "n-1"},
    [NQPF_LISA_PERMUTATIONS] = PERMS("conditional permutations per unit (0 = none)"),
    [NQPF_LISA_SEED] = SEED,
    [NQPF_LISA_THREADS] = THREADS,
    [NQPF_LISA_ALTERNATIVE] = {.name = "alternative", .type = NQPF_OPT_CHOICE, .def = "two-sided",
                               .choices = "greater|less|two-sided", .metavar = "H",
                               .help = "alternative of the normal p", .example = "greater"},
    [NQPF_LISA_ALPHA] = {.name = "alpha", .type = NQPF_OPT_DOUBLE, .def = "0.05", .lo = 0, .hi = 1, .metavar = "A",
                         .help = "significance level for the cluster column", .example = "0.1",
                         .flags = NQPF_OPTF_PROJECT | NQPF_OPTF_LO_OPEN | NQPF_OPTF_HI_OPEN},
    [NQPF_LISA_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_LISA_BOM] = NQPF_OPTDEF_BOM,
    SPATIAL_BLOCK(NQPF_LISA_SP, 0, 0, 0),
};

#define CLASSING(n, d, h, f) {.name = n, .type = NQPF_OPT_CHOICE, .def = d, .choices = "period|pooled", .help = h, \
                              .example = "pooled", .flags = f}
#define CUTS(n, h) {.name = n, .type = NQPF_OPT_LIST, .lo = 1, .hi = NQPF_MARKOV_MAX_CUTS, .metavar = "LIST", \
                    .help = h, .example = "0.2,0.4"}

const nqpf_optdef NQPF_MARKOV_OPTS[NQPF_MARKOV_NOPTS] = {
    [NQPF_MARKOV_DATA] = REQ("data", "FILE", "long CSV: one row per unit and period",
                             "data/china_provinces_tech_wide.csv"),
    [NQPF_MARKOV_UNIT] = REQ("unit", "COL", "unit id column", "gb_code"),
    [NQPF_MARKOV_VALUE] = REQ("value", "COL", "numeric column to classify", "v4_zh_nbzc_hj"),
    [NQPF_MARKOV_PERIOD] = REQ("period", "COL", "period column (transitions go from each period to the next)", "year"),
    [NQPF_MARKOV_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_MARKOV_CLASSES] = {.name = "classes", .type = NQPF_OPT_SIZE, .def = "5", .lo = 2, .hi = 64, .metavar = "K",
                             .help = "number of classes", .example = "4", .flags = NQPF_OPTF_PROJECT},
    [NQPF_MARKOV_CLASSING] = CLASSING("classing", "period", "quantiles per period or of all values",
                                      NQPF_OPTF_PROJECT),
    [NQPF_MARKOV_CUTS] = CUTS("cuts", "fixed increasing cut points c1,...,c(K-1) instead of quantiles"),
    [NQPF_MARKOV_RELATIVE] = FLAG("relative", "divide values by their period's mean first"),
    [NQPF_MARKOV_FILL_EMPTY] = FLAG("fill-empty", "an empty row becomes p_ii = 1 (giddy fill_empty_classes)"),
    [NQPF_MARKOV_MFPT] = FLAG("mfpt", "also write mean first passage times"),
    [NQPF_MARKOV_SPATIAL] = {.name = "spatial", .type = NQPF_OPT_FLAG,
                             .help = "spatial Markov: condition on the spatial lag's class",
                             .flags = NQPF_OPTF_PROJECT},
    [NQPF_MARKOV_LAG_CLASSES] = {.name = "lag-classes", .type = NQPF_OPT_SIZE, .lo = 2, .hi = 64, .metavar = "M",
                                 .help = "classes of the spatial lag (default: --classes)", .example = "3",
                                 .flags = NQPF_OPTF_PROJECT | NQPF_OPTF_CONTEXT},
    [NQPF_MARKOV_LAG_CLASSING] = CLASSING("lag-classing", NULL, "classing of the lag (default: --classing)",
                                          NQPF_OPTF_CONTEXT),
    [NQPF_MARKOV_LAG_CUTS] = CUTS("lag-cuts", "fixed cut points for the lag classes"),
    [NQPF_MARKOV_LISA] = FLAG("lisa", "LISA Markov: the classes are the Moran scatter-plot quadrants HH,LH,LL,HL"),
    [NQPF_MARKOV_SPILLOVER] = {.name = "spillover", .type = NQPF_OPT_FLAG,
                               .help = "with --lisa: clusters of significant HH cores and spill-over units",
                               .flags = NQPF_OPTF_PROJECT},
    [NQPF_MARKOV_PERMUTATIONS] = COUNT("permutations", "0", 0, "N",
                                       "--spatial: relocations for x2's permutation p; --spillover: LISA permutations",
                                       "99", NQPF_OPTF_PROJECT),
    [NQPF_MARKOV_SEED] = COUNT("seed", "12345", 0, "S", "random seed of --permutations", "7", NQPF_OPTF_PROJECT),
    [NQPF_MARKOV_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_MARKOV_BOM] = NQPF_OPTDEF_BOM,
    SPATIAL_BLOCK(NQPF_MARKOV_SP, 0, 0, 0),
};

/* nqpf spreg and the report's [spreg] (P: a project key; there W is an edge
 * list, `weights`, and data, unit and period default to the project's [data]) */
#define P NQPF_OPTF_PROJECT
const nqpf_optdef NQPF_SPREG_OPTS[NQPF_SPREG_NOPTS] = {
    [NQPF_SPREG_DATA] = {.name = "data", .type = NQPF_OPT_STRING, .metavar = "FILE",
                         .help = "CSV (or .xlsx/.dta): one row per unit (and period)",
                         .example = "tests/ref/cases/compare/moran_geary_columbus_spdep/data.csv",
                         .flags = NQPF_OPTF_REQUIRED | P},
    [NQPF_SPREG_UNIT] = {.name = "unit", .type = NQPF_OPT_STRING, .metavar = "COL",
                         .help = "unit id column (matched to the weights' ids)", .example = "idx",
                         .flags = NQPF_OPTF_REQUIRED | P},
    [NQPF_SPREG_PERIOD] = {.name = "period", .type = NQPF_OPT_STRING, .metavar = "COL",
                           .help = "period column: a balanced panel", .example = "year", .flags = P},
    [NQPF_SPREG_Y] = {.name = "y", .type = NQPF_OPT_STRING, .metavar = "COL", .help = "dependent variable",
                      .example = "CRIME", .flags = NQPF_OPTF_REQUIRED | P},
    [NQPF_SPREG_X] = {.name = "x", .type = NQPF_OPT_LIST, .lo = 1, .hi = NQPF_SPREG_MAX_X, .metavar = "A,B",
                      .help = "regressors", .example = "INC,HOVAL", .flags = NQPF_OPTF_REQUIRED | P},
    [NQPF_SPREG_MODEL] = {.name = "model", .type = NQPF_OPT_CHOICE, .choices = "sar|sem|sdm|sdem|slx|sac",
                          .help = "the model", .example = "sar", .flags = NQPF_OPTF_REQUIRED | P},
    [NQPF_SPREG_FE] = {.name = "fe", .type = NQPF_OPT_CHOICE, .def = "none", .choices = "none|unit|period|both",
                       .help = "fixed effects removed by demeaning", .example = "both", .flags = P},
    [NQPF_SPREG_LEE_YU] = {.name = "lee-yu", .type = NQPF_OPT_FLAG,
                           .help = "Lee & Yu (2010) bias correction (transformation approach)", .flags = P},
    [NQPF_SPREG_EFFECTS] = {.name = "effects", .type = NQPF_OPT_FLAG, .help = "add direct, indirect and total effects",
                            .flags = P},
    [NQPF_SPREG_DRAWS] = COUNT("draws", "1000", 0, "N", "simulated draws for the effects' standard errors", "500", P),
    [NQPF_SPREG_SEED] = COUNT("seed", "12345", 0, "S", "random seed of the draws", "7", P),
    [NQPF_SPREG_LOGDET] = {.name = "logdet", .type = NQPF_OPT_CHOICE, .def = "auto", .choices = "auto|exact|approx",
                           .help = "ln|I - rho W|: exact eigenvalues (auto: up to 1500 units) or the trace series",
                           .example = "exact", .flags = P},
    [NQPF_SPREG_UNIT_EFFECTS] = S("unit-effects", "FILE",
                                  "per-unit direct, indirect and total effects (unit,variable,direct,indirect,total)",
                                  "unit_effects.csv"),
    [NQPF_SPREG_DIAGNOSTICS] = S("diagnostics", "FILE", "write LM, Wald and LR tests", "tests.csv"),
    [NQPF_SPREG_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_SPREG_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_SPREG_BOM] = NQPF_OPTDEF_BOM,
    SPATIAL_BLOCK(NQPF_SPREG_SP, 0, P, P),
    [NQPF_SPREG_ENCODING] = {.name = "encoding", .type = NQPF_OPT_STRING, .def = "auto", .metavar = "ENC",
                             .help = "auto, utf-8, gbk, gb18030", .example = "gbk", .flags = P},
};
#undef P

const nqpf_optdef NQPF_MOBILITY_OPTS[NQPF_MOBILITY_NOPTS] = {
    [NQPF_MOBILITY_DATA] = REQ("data", "FILE", "long CSV: one row per unit and period",
                               "data/china_provinces_tech_wide.csv"),
    [NQPF_MOBILITY_UNIT] = UNIT_W,
    [NQPF_MOBILITY_VALUE] = VALUE,
    [NQPF_MOBILITY_PERIOD] = REQ("period", "COL", "period column (the intervals are consecutive periods)", "year"),
    [NQPF_MOBILITY_REGIME] = S("regime", "COL", "regime of each unit: adds Theta (rank concordance within regimes)",
                               "region4"),
    [NQPF_MOBILITY_OUT] = NQPF_OPTDEF_OUT,
    [NQPF_MOBILITY_PERMUTATIONS] = COUNT("permutations", "999", 0, "N",
                                         "random permutations for the spatial tau and Theta tests (0 = none)", "99", 0),
    [NQPF_MOBILITY_SEED] = COUNT("seed", "12345", 0, "S", "random seed (draw b uses stream b)", "7", 0),
    [NQPF_MOBILITY_FORCE] = NQPF_OPTDEF_FORCE,
    [NQPF_MOBILITY_BOM] = NQPF_OPTDEF_BOM,
    SPATIAL_BLOCK(NQPF_MOBILITY_SP, 0, 0, 0),
};
