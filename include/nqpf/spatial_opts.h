/* nqpf — the option tables of the spatial analyses (weights, moran, lisa,
 * markov): one declaration each, read by the command line (src/cli) and by
 * the project's sections (src/report) through include/nqpf/opt.h.
 *
 * The weights options are one block of NQPF_SP_NOPTS options, the same in
 * every table that has them: a table places the block at its own offset
 * (NQPF_MORAN_SP for moran, …) and the block's values are read from
 * v + offset with the NQPF_SP_* indices. */
#ifndef NQPF_SPATIAL_OPTS_H
#define NQPF_SPATIAL_OPTS_H

#include "nqpf/opt.h"

/* the weights block */
enum nqpf_spatial_opt {
    NQPF_SP_GEOJSON, NQPF_SP_ID_FIELD, NQPF_SP_CONTIGUITY, NQPF_SP_SNAP, NQPF_SP_KNN, NQPF_SP_BAND,
    NQPF_SP_POWER, NQPF_SP_COORDS, NQPF_SP_CENTROIDS, NQPF_SP_METRIC, NQPF_SP_WEIGHTS, NQPF_SP_STYLE,
    NQPF_SP_ROW_STD, NQPF_SP_NO_ROW_STD, NQPF_SP_ORDER, NQPF_SP_LINK_ISLANDS, NQPF_SP_SUBSET, NQPF_SP_NOPTS
};
/* choices of --style, in this order */
#define NQPF_SP_STYLES "W|B|C|U|S"

enum nqpf_weights_opt {
    NQPF_WEIGHTS_DATA, NQPF_WEIGHTS_UNIT, NQPF_WEIGHTS_OUT, NQPF_WEIGHTS_FORCE, NQPF_WEIGHTS_KERNEL,
    NQPF_WEIGHTS_BANDWIDTH, NQPF_WEIGHTS_K, NQPF_WEIGHTS_BOM, NQPF_WEIGHTS_SP,
    NQPF_WEIGHTS_NOPTS = NQPF_WEIGHTS_SP + NQPF_SP_NOPTS
};
extern const nqpf_optdef NQPF_WEIGHTS_OPTS[NQPF_WEIGHTS_NOPTS];

/* [moran]: contiguity, style, permutations, seed */
enum nqpf_moran_opt {
    NQPF_MORAN_DATA, NQPF_MORAN_UNIT, NQPF_MORAN_VALUE, NQPF_MORAN_PERIOD, NQPF_MORAN_MISSING, NQPF_MORAN_OUT,
    NQPF_MORAN_STAT, NQPF_MORAN_VALUE2, NQPF_MORAN_RATE_BASE,
    /* the weights block before permutations and seed: the project keys in the order run.json records them */
    NQPF_MORAN_SP, NQPF_MORAN_PERMUTATIONS = NQPF_MORAN_SP + NQPF_SP_NOPTS, NQPF_MORAN_SEED, NQPF_MORAN_THREADS,
    NQPF_MORAN_ALTERNATIVE, NQPF_MORAN_NO_ADJUST_N, NQPF_MORAN_G_STYLE, NQPF_MORAN_FORCE, NQPF_MORAN_BOM,
    NQPF_MORAN_NOPTS
};
extern const nqpf_optdef NQPF_MORAN_OPTS[NQPF_MORAN_NOPTS];

/* [lisa]: permutations, seed */
enum nqpf_lisa_opt {
    NQPF_LISA_DATA, NQPF_LISA_UNIT, NQPF_LISA_VALUE, NQPF_LISA_PERIOD, NQPF_LISA_MISSING, NQPF_LISA_OUT,
    NQPF_LISA_STAT, NQPF_LISA_VALUE2, NQPF_LISA_SCALE, NQPF_LISA_MOMENTS, NQPF_LISA_G_VARIANCE, NQPF_LISA_G_SD,
    NQPF_LISA_PERMUTATIONS, NQPF_LISA_SEED, NQPF_LISA_THREADS, NQPF_LISA_ALTERNATIVE, NQPF_LISA_ALPHA,
    NQPF_LISA_FORCE, NQPF_LISA_BOM, NQPF_LISA_SP, NQPF_LISA_NOPTS = NQPF_LISA_SP + NQPF_SP_NOPTS
};
extern const nqpf_optdef NQPF_LISA_OPTS[NQPF_LISA_NOPTS];

/* [markov]: classes, classing */
enum nqpf_markov_opt {
    NQPF_MARKOV_DATA, NQPF_MARKOV_UNIT, NQPF_MARKOV_VALUE, NQPF_MARKOV_PERIOD, NQPF_MARKOV_OUT, NQPF_MARKOV_CLASSES,
    NQPF_MARKOV_CLASSING, NQPF_MARKOV_CUTS, NQPF_MARKOV_RELATIVE, NQPF_MARKOV_FILL_EMPTY, NQPF_MARKOV_MFPT,
    NQPF_MARKOV_SPATIAL, NQPF_MARKOV_LAG_CLASSES, NQPF_MARKOV_LAG_CLASSING, NQPF_MARKOV_LAG_CUTS, NQPF_MARKOV_LISA,
    NQPF_MARKOV_FORCE, NQPF_MARKOV_BOM, NQPF_MARKOV_SP, NQPF_MARKOV_NOPTS = NQPF_MARKOV_SP + NQPF_SP_NOPTS
};
extern const nqpf_optdef NQPF_MARKOV_OPTS[NQPF_MARKOV_NOPTS];
#define NQPF_MARKOV_MAX_CUTS 63

/* mobility (no project section): rank mobility between periods */
enum nqpf_mobility_opt {
    NQPF_MOBILITY_DATA, NQPF_MOBILITY_UNIT, NQPF_MOBILITY_VALUE, NQPF_MOBILITY_PERIOD, NQPF_MOBILITY_REGIME,
    NQPF_MOBILITY_OUT, NQPF_MOBILITY_PERMUTATIONS, NQPF_MOBILITY_SEED, NQPF_MOBILITY_FORCE, NQPF_MOBILITY_BOM,
    NQPF_MOBILITY_SP, NQPF_MOBILITY_NOPTS = NQPF_MOBILITY_SP + NQPF_SP_NOPTS
};
extern const nqpf_optdef NQPF_MOBILITY_OPTS[NQPF_MOBILITY_NOPTS];

/* nqpf spreg and the report's [spreg] (include/nqpf/spreg_opts.h: its request):
 * the project keys are those before the block, the block's weights (an edge
 * list) and style, then encoding, the order run.json records them in */
enum nqpf_spreg_opt {
    NQPF_SPREG_DATA, NQPF_SPREG_UNIT, NQPF_SPREG_PERIOD, NQPF_SPREG_Y, NQPF_SPREG_X, NQPF_SPREG_MODEL, NQPF_SPREG_FE,
    NQPF_SPREG_LEE_YU, NQPF_SPREG_EFFECTS, NQPF_SPREG_DRAWS, NQPF_SPREG_SEED, NQPF_SPREG_LOGDET,
    NQPF_SPREG_UNIT_EFFECTS, NQPF_SPREG_DIAGNOSTICS, NQPF_SPREG_OUT, NQPF_SPREG_FORCE, NQPF_SPREG_BOM, NQPF_SPREG_SP,
    NQPF_SPREG_ENCODING = NQPF_SPREG_SP + NQPF_SP_NOPTS, NQPF_SPREG_NOPTS
};
extern const nqpf_optdef NQPF_SPREG_OPTS[NQPF_SPREG_NOPTS];
#define NQPF_SPREG_MAX_X 64

#endif
