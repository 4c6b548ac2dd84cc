/* nqpf — the option table of the composite index (`nqpf index` and the
 * project's [index] section, whose keys are the options flagged
 * NQPF_OPTF_PROJECT: the method; the data, system and missing values come
 * from [data] and [system]).  Choices are listed in the order of the
 * enums they select where there is one (nqpf_norm, nqpf_aggregate). */
#ifndef NQPF_INDEX_OPTS_H
#define NQPF_INDEX_OPTS_H

#include "nqpf/opt.h"

enum nqpf_index_opt {
    NQPF_IX_DATA, NQPF_IX_MAX_MEMORY, NQPF_IX_SYSTEM, NQPF_IX_UNIT, NQPF_IX_PERIOD, NQPF_IX_OUT, NQPF_IX_FORCE,
    NQPF_IX_LAYOUT, NQPF_IX_VAR_COL, NQPF_IX_VALUE_COL, NQPF_IX_ENCODING, NQPF_IX_MISSING, NQPF_IX_EXTRAPOLATE,
    NQPF_IX_NORMALIZE, NQPF_IX_SCOPE, NQPF_IX_SHIFT, NQPF_IX_WEIGHTS, NQPF_IX_HIERARCHICAL, NQPF_IX_DIM_WEIGHTS,
    NQPF_IX_COMBINE, NQPF_IX_ALPHA, NQPF_IX_AGGREGATE, NQPF_IX_RHO, NQPF_IX_VIKOR_V, NQPF_IX_PCA_SHARE, NQPF_IX_RI,
    NQPF_IX_AHP_METHOD, NQPF_IX_ALLOW_INCONSISTENT, NQPF_IX_ROBUSTNESS, NQPF_IX_NO_NORMALIZED, NQPF_IX_QUIET,
    NQPF_IX_TIMING, NQPF_IX_BOM, NQPF_IX_NOPTS
};
extern const nqpf_optdef NQPF_INDEX_OPTS[NQPF_IX_NOPTS];

#endif
