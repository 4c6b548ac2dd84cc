/* nqpf — a whole spreg job: the request of nqpf spreg and of the report's
 * [spreg] section, both parsed against the one option table
 * (NQPF_SPREG_OPTS, include/nqpf/spatial_opts.h), and its run.  W is an
 * edge list (`weights`) unless the caller builds it (the command line's
 * --geojson, --knn, ... through wfn). */
#ifndef NQPF_SPREG_OPTS_H
#define NQPF_SPREG_OPTS_H

#include <stdint.h>

#include "nqpf/coltable.h"
#include "nqpf/csv.h"
#include "nqpf/spatial_opts.h"
#include "nqpf/spreg.h"

/* W for the panel's n units ids (in order of first appearance in the
 * data; lines: the file line of each unit's first row), aligned to them and
 * in style `style`.  t: the data's columns as the job read them
 * (nqpf_coltable_read): column 0 the unit (KEY), then the period (KEY) when
 * there is one, y and the regressors (NUMBER), and last the request's
 * n_wcols further columns (KEY, in the order of wcols; optional: a column
 * the header lacks has file_col 0 and no values). */
typedef int (*nqpf_spreg_wfn)(void *ctx, const nqpf_coltable *t, char *const *ids, size_t n, const long *lines,
                              char style, nqpf_weights **w, nqpf_error *err);

typedef struct nqpf_spreg_request {
    const char *data, *unit, *period, *y, *weights, *logdet;
    const struct nqpf_colsource *data_extra; /* NULL, or a column the caller supplies (coltable.h: the
                                       report's [spreg] adds the index score) */
    char *const *x;                 /* the regressors, n_x of them */
    size_t n_x;
    int encoding;
    nqpf_spreg_spec spec;
    char style;                     /* W, B, C, U or S */
    int effects;
    size_t draws;
    uint64_t seed;
    const char *out, *diagnostics, *unit_effects; /* the last two may be NULL */
    int out_flags;                  /* NQPF_OUT_FORCE, NQPF_OUT_BOM */
    nqpf_spreg_wfn wfn;             /* NULL: W read from the edge list `weights` */
    void *wctx;
    char *const *wcols;             /* columns wfn reads besides the unit (the command line's --coords
                                       X,Y), read with the data in its one pass (standard input too) */
    size_t n_wcols;
} nqpf_spreg_request;

/* The request of parsed values v (indexed by nqpf_spreg_opt): the model,
 * fe and encoding checked, --fe needing --period. */
int nqpf_spreg_request_from(const nqpf_optval *v, nqpf_spreg_request *rq, nqpf_error *err);

/* The job's tables in memory: out, and diagnostics and unit_effects when
 * the request names those files (their names are not used here; a table
 * not built has no header). */
typedef struct nqpf_spreg_output {
    nqpf_restab out, diagnostics, unit_effects;
} nqpf_spreg_output;
/* Read the data and W, fit, effects, diagnostics into o (freed on error). */
int nqpf_spreg_compute(const nqpf_spreg_request *rq, nqpf_spreg_output *o, void (*warn)(void *ctx, const char *msg),
                       void *ctx, nqpf_error *err);
void nqpf_spreg_output_free(nqpf_spreg_output *o);
/* nqpf_spreg_compute, then out, diagnostics and unit_effects written
 * atomically (all or none).  Warnings (an approximated
 * ln|I - rho W|) go to warn(ctx, msg) when warn is set. */
int nqpf_spreg_run(const nqpf_spreg_request *rq, void (*warn)(void *ctx, const char *msg), void *ctx,
                   nqpf_error *err);

#endif
