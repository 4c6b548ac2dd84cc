/* nqpf — the option table of the report's [spreg] section and a whole
 * spreg job on an edge-list W.  Not yet the command's own table
 * (include/nqpf/spatial_opts.h, NQPF_SPREG_OPTS, with the shared weights
 * block): the two have the same names, defaults and help; merging them
 * (the section taking the weights block's keys) is left for issue 11.
 *
 * Originally: the option table of nqpf spreg and a whole spreg job on an
 * edge-list W (src/spreg/options.c, src/spreg/run.c): read by the report's
 * [spreg] section, with the names, defaults and help of src/cli/cmd_spreg.c's
 * options, so the command line can move onto the same table (its other
 * weight sources, --geojson, --knn, ..., are the command line's).  The enum
 * indexes the table. */
#ifndef NQPF_SPREG_SECTION_OPTS_H
#define NQPF_SPREG_SECTION_OPTS_H

#include <stdint.h>

#include "nqpf/opt.h"
#include "nqpf/spreg.h"

enum nqpf_spreg_section_opt {
    NQPF_SPO_DATA, NQPF_SPO_UNIT, NQPF_SPO_PERIOD, NQPF_SPO_Y, NQPF_SPO_X, NQPF_SPO_MODEL, NQPF_SPO_FE,
    NQPF_SPO_LEE_YU, NQPF_SPO_EFFECTS, NQPF_SPO_DRAWS, NQPF_SPO_SEED, NQPF_SPO_LOGDET, NQPF_SPO_WEIGHTS,
    NQPF_SPO_STYLE, NQPF_SPO_ENCODING, NQPF_SPO_UNIT_EFFECTS, NQPF_SPO_DIAGNOSTICS, NQPF_SPO_OUT, NQPF_SPO_FORCE,
    NQPF_SPO_NOPTS
};
extern const nqpf_optdef NQPF_SPREG_SECTION_OPTS[NQPF_SPO_NOPTS];

/* One `nqpf spreg` job with W read from an edge list (nqpf weights' output). */
typedef struct nqpf_spreg_request {
    const char *data, *unit, *period, *y, *x, *weights, *logdet;
    int encoding;
    nqpf_spreg_spec spec;
    char style;                     /* W, B, C, U or S */
    int effects;
    size_t draws;
    uint64_t seed;
    const char *out, *diagnostics;  /* diagnostics may be NULL */
    int force;
} nqpf_spreg_request;

/* The request of parsed values v (indexed by nqpf_spreg_section_opt): the model,
 * fe, encoding and style checked, --fe needing --period. */
int nqpf_spreg_request_from(const nqpf_optval *v, nqpf_spreg_request *rq, nqpf_error *err);

/* Read the data and W, fit, effects, diagnostics; write out (and
 * diagnostics) atomically, as `nqpf spreg` writes them. */
int nqpf_spreg_run(const nqpf_spreg_request *rq, nqpf_error *err);

#endif
