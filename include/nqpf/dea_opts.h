/* nqpf — the option table of the DEA analysis: one declaration read by
 * `nqpf dea` (src/cli) and by the project's [dea] section (src/report)
 * through include/nqpf/opt.h.  Options flagged NQPF_OPTF_PROJECT are also
 * keys of [dea]; the others (bootstrap, checkpoint, output columns, prices)
 * are the command line's.  Choices are in the order of the enums of
 * include/nqpf/dea.h. */
#ifndef NQPF_DEA_OPTS_H
#define NQPF_DEA_OPTS_H

#include "nqpf/dea.h"
#include "nqpf/malmquist.h"
#include "nqpf/opt.h"

#define NQPF_DEA_MAXV 64

enum nqpf_dea_opt {
    NQPF_DO_DATA, NQPF_DO_UNIT, NQPF_DO_PERIOD, NQPF_DO_INPUTS, NQPF_DO_OUTPUTS, NQPF_DO_UNDESIRABLE, NQPF_DO_OUT,
    NQPF_DO_FORCE, NQPF_DO_MODEL, NQPF_DO_RTS, NQPF_DO_ORIENT, NQPF_DO_SUPER, NQPF_DO_SLACKS, NQPF_DO_PEERS,
    NQPF_DO_TARGETS, NQPF_DO_FRONTIER, NQPF_DO_DIRECTION, NQPF_DO_BAD_DISPOSAL, NQPF_DO_ENCODING, NQPF_DO_NO_FRAME,
    NQPF_DO_BOOTSTRAP, NQPF_DO_SEED, NQPF_DO_LEVEL, NQPF_DO_BANDWIDTH, NQPF_DO_BOOT_REPS, NQPF_DO_CHECKPOINT,
    NQPF_DO_MAX_MEMORY, NQPF_DO_META, NQPF_DO_EPSILON, NQPF_DO_FIXED, NQPF_DO_WEIGHTS, NQPF_DO_AR,
    NQPF_DO_ECONOMIC, NQPF_DO_INPUT_PRICES, NQPF_DO_OUTPUT_PRICES, NQPF_DO_SBM_DDF, NQPF_DO_RTS_TEST,
    NQPF_DO_ADD_WEIGHTS, NQPF_DO_PEEL, NQPF_DO_ALPHA, NQPF_DO_INPUT_DIRS,
    NQPF_DO_OUTPUT_DIRS, NQPF_DO_BAD_DIRS, NQPF_DO_BOM, NQPF_DO_CATEGORICAL, NQPF_DO_WEIGHT_BOUNDS,
    NQPF_DO_VIRTUAL, NQPF_DO_NOPTS
};
extern const nqpf_optdef NQPF_DEA_OPTS[NQPF_DO_NOPTS];

/* The names of the choices, by enum value. */
extern const char *const NQPF_DEA_ADDW_NAMES[5];
extern const char *const NQPF_DEA_MODEL_NAMES[9], *const NQPF_DEA_RTS_NAMES[4], *const NQPF_DEA_ORIENT_NAMES[3],
    *const NQPF_DEA_DIR_NAMES[4], *const NQPF_DEA_DISPOSAL_NAMES[2], *const NQPF_DEA_ECON_NAMES[4];

/* The model of parsed values v (indexed by nqpf_dea_opt): model, rts (fdh:
 * vrs unless given), orient (sbm: none, else in, unless given), super,
 * direction, bad disposal, the frontier rule and its window into *frontier
 * and *window; the sizes m, s, q from the lists.  src: where orient was
 * given in a project (NULL: the command line) for "ddf takes no orient". */
int nqpf_dea_opts_spec(const nqpf_optval *v, const nqpf_optsrc *src, nqpf_dea_spec *sp, nqpf_dea_frontier *frontier,
                       size_t *window, nqpf_error *err);

/* The per-row direction columns of ddf and mddf (input-directions,
 * output-directions, undesirable-directions; one column per input, output,
 * bad output) checked against sp and named into nm->gx, gy, gb (with mg,
 * sg, qg) so that nqpf_dea_input_read brings them with the data; a side not
 * given stays NULL and keeps direction.  Any other model refuses them.  src
 * as for nqpf_dea_opts_spec (errors at the key's FILE:LINE:COL). */
int nqpf_dea_opts_directions(const nqpf_optval *v, const nqpf_optsrc *src, const nqpf_dea_spec *sp,
                              nqpf_dea_names *nm, nqpf_error *err);

/* The options that do not go together, as `nqpf dea` and [dea] refuse
 * them: categorical without meta, bootstrap and peel; meta without
 * bootstrap and checkpoint; peel without super, meta, bootstrap and
 * checkpoint (nqpf_dea_peel's conditions) ("categorical takes no meta").  src as for nqpf_dea_opts_spec. */
int nqpf_dea_opts_together(const nqpf_optval *v, const nqpf_optsrc *src, nqpf_error *err);

/* economic (cost, revenue, profit, profitability) and its prices, as
 * `nqpf dea --economic` and [dea] economic take them: the kind chooses the
 * technical model, so the options of another model are refused; one price
 * column per input (not revenue) and per output (not cost), named into
 * nm->w, mw, p, sp so that nqpf_dea_input_read brings them with the data;
 * prices without economic are refused.  src as for nqpf_dea_opts_spec. */
int nqpf_dea_opts_prices(const nqpf_optval *v, const nqpf_optsrc *src, nqpf_dea_names *nm, nqpf_error *err);

/* rts-test = B (not 0), as `nqpf dea --rts-test` and [dea] rts-test take
 * it: without bootstrap, checkpoint, meta, economic, weights, super, slacks,
 * categorical and peel; radial in or out; with periods, on each period's
 * (contemporaneous) frontier.  src as for nqpf_dea_opts_spec. */
int nqpf_dea_opts_rts_test(const nqpf_optval *v, const nqpf_optsrc *src, const nqpf_dea_spec *sp,
                           nqpf_dea_frontier frontier, int periods, nqpf_error *err);

/* The default orientation of a model (sbm: none, else in). */
const char *nqpf_dea_default_orient(nqpf_dea_model m);

/* The model label of a DEA run (`radial-vrs-in-contemporaneous`), the
 * frontier text last ("single" without periods). */
void nqpf_dea_label(const nqpf_dea_spec *sp, const char *frontier, char *buf, size_t size);

/* nqpf malmquist and [malmquist] (include/nqpf/malmquist.h).  The project
 * keys come first in the order run.json records them. */
enum nqpf_mq_opt {
    NQPF_MO_DATA, NQPF_MO_UNIT, NQPF_MO_PERIOD, NQPF_MO_INPUTS, NQPF_MO_OUTPUTS, NQPF_MO_UNDESIRABLE, NQPF_MO_OUT,
    NQPF_MO_FORCE, NQPF_MO_INDEX, NQPF_MO_MODEL, NQPF_MO_RTS, NQPF_MO_ORIENT, NQPF_MO_FRONTIER, NQPF_MO_DIRECTION,
    NQPF_MO_BAD_DISPOSAL, NQPF_MO_CUMULATIVE, NQPF_MO_MEANS, NQPF_MO_ENCODING, NQPF_MO_MAX_MEMORY, NQPF_MO_NO_FRAME,
    NQPF_MO_TECHCH, NQPF_MO_META, NQPF_MO_SBM_DDF, NQPF_MO_BOM, NQPF_MO_NOPTS
};
extern const nqpf_optdef NQPF_MALMQUIST_OPTS[NQPF_MO_NOPTS];
extern const char *const NQPF_MQ_INDEX_NAMES[3], *const NQPF_MQ_FRONTIER_NAMES[3], *const NQPF_MQ_TECHCH_NAMES[3];

/* The index of parsed values v (indexed by nqpf_mq_opt): index, model
 * (malmquist: radial, else ddf, unless given), rts, orient (radial: out,
 * sbm: none, ddf: in, unless given; ddf takes none), frontier, direction,
 * bad disposal, m, s, q.  *model and *orient: the names used (for run.json).
 * src as for nqpf_dea_opts_spec. */
int nqpf_mq_opts_spec(const nqpf_optval *v, const nqpf_optsrc *src, nqpf_dea_spec *sp, int *index, int *frontier,
                      const char **model, const char **orient, nqpf_error *err);

/* The label of a productivity-index run (`malmquist-radial-out-vrs-contemporaneous`;
 * `-tc:base` or `-tc:comparison` appended unless techch is geometric). */
void nqpf_mq_label(const nqpf_dea_spec *sp, int index, int frontier, int techch, char *buf, size_t size);

/* The value columns a Malmquist run writes, by NQPF_MQ_* index (their
 * names in NQPF_MQ_COL_NAMES): tfpch, effch, techch, tgch (meta), pech,
 * sech (decomposed); col gets up to NQPF_MQ_NCOL indices, the count is
 * returned.  `nqpf malmquist` and [malmquist] write the same columns. */
extern const char *const NQPF_MQ_COL_NAMES[6];
int nqpf_mq_out_cols(const nqpf_mq_out *o, int *col);

#endif
