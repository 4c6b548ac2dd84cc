/* nqpf — one run of the composite index from files: the steps every caller
 * shares (`nqpf index`, the report's [data]/[system]/[index]), so that the
 * options are converted, the indicator system and panel read, and missing
 * values filled in one place.
 *
 *   nqpf_index_job j;
 *   nqpf_index_job_init(&j);
 *   ... set j.data, j.system, j.unit, j.period, j.encoding ...
 *   nqpf_index_job_options(&j, vals, err);   (the table NQPF_INDEX_OPTS)
 *   nqpf_index_job_system(&j, err);          (j.sys)
 *   nqpf_index_job_panel(&j, err);           (j.panel, j.fills)
 *   nqpf_index_compute(j.panel, j.sys, &j.o, &result, err);
 *   nqpf_index_job_free(&j);
 *
 * The steps are separate so that a caller can act between them (check a
 * memory budget before reading, time the phases, read its own columns).
 * The job owns sys, panel, fills, ws and wd; a caller that keeps them moves
 * them out and sets the fields to NULL/zero before nqpf_index_job_free. */
#ifndef NQPF_INDEX_JOB_H
#define NQPF_INDEX_JOB_H

#include "nqpf/index.h"
#include "nqpf/missing.h"
#include "nqpf/opt.h"
#include "nqpf/panel.h"
#include "nqpf/system.h"

typedef struct nqpf_index_job {
    /* the inputs, set by the caller */
    const char *data, *system;          /* file paths; data "-" = standard input */
    const char *unit, *period;          /* key columns */
    nqpf_layout layout;                 /* default wide */
    const char *var_col, *value_col;    /* long layout */
    nqpf_encoding encoding;             /* of the data and the system (and of AHP files) */
    nqpf_missing_policy missing;
    nqpf_extrapolation extrapolate;
    const char *const *text_cols;       /* extra text columns read with the panel */
    size_t n_text;
    int check_columns;                  /* check the data's header first: an unknown column is
                                           reported at its line in the system file */
    size_t min_units;                   /* fewer units read is an error; 0 = not checked here */
    char *data_sha;                     /* NULL or 65 chars: the data's SHA-256, hashed while read */
    void (*phase)(void *ctx, const char *what); /* NULL or called after "read" and "missing" */
    void *phase_ctx;
    /* the index's options (nqpf_index_job_options), ws and wd owned */
    nqpf_index_options o;
    nqpf_weight_spec *ws, *wd;
    /* the results, owned */
    nqpf_system *sys;
    nqpf_panel *panel;
    nqpf_fill_log fills;
} nqpf_index_job;

void nqpf_index_job_init(nqpf_index_job *j);

/* The method options (normalize … robustness) of the table NQPF_INDEX_OPTS,
 * values already checked, into j->o; the weight specifications parsed.
 * Call after setting j->encoding (AHP files are read in it). */
int nqpf_index_job_options(nqpf_index_job *j, const nqpf_optval *v, nqpf_error *err);

/* Read the indicator system (and, with check_columns, check the data's
 * header against it). */
int nqpf_index_job_system(nqpf_index_job *j, nqpf_error *err);

/* Read the system's indicators from the panel, check them (long layout:
 * every indicator occurs; min_units) and fill missing values. */
int nqpf_index_job_panel(nqpf_index_job *j, nqpf_error *err);

void nqpf_index_job_free(nqpf_index_job *j);

#endif
