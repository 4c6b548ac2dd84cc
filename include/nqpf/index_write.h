/* nqpf — writing an index run's results into an output directory:
 *   scores.csv, weights.csv, normalized.csv, filled.csv, run.json
 *   (+ robustness.csv and robustness_scores.csv with --robustness). */
#ifndef NQPF_INDEX_WRITE_H
#define NQPF_INDEX_WRITE_H

#include "nqpf/index.h"
#include "nqpf/missing.h"
#include "nqpf/output.h"

/* A resolved option for run.json: every option and default actually used. */
typedef struct nqpf_kv {
    const char *key;
    const char *value;
} nqpf_kv;

/* An input file recorded in run.json with its checksum. */
typedef struct nqpf_input_file {
    const char *role;   /* "data", "system", "ahp" */
    const char *path;
    const char *encoding;
    const char *sha256;   /* precomputed hex digest, or NULL to compute it here */
} nqpf_input_file;

typedef struct nqpf_run_info {
    const char *command;
    const nqpf_kv *options;
    size_t n_options;
    const nqpf_input_file *inputs;
    size_t n_inputs;
    int write_normalized;   /* index: also write normalized.csv */
} nqpf_run_info;

int nqpf_index_write(const nqpf_outdir *d, const nqpf_index_result *r, const nqpf_fill_log *fills,
                     const nqpf_run_info *info, nqpf_error *err);

/* run.json alone (shared by other commands that write a directory). */
int nqpf_write_run_json(const nqpf_outdir *d, const nqpf_run_info *info, const nqpf_index_result *r,
                        const nqpf_fill_log *fills, nqpf_error *err);

#endif
