/* Options of `nqpf index`, shared with `nqpf demo`, which runs the same
 * pipeline on the bundled data. */
#ifndef NQPF_CLI_CMD_INDEX_H
#define NQPF_CLI_CMD_INDEX_H

#include "nqpf/index.h"
#include "nqpf/missing.h"

typedef struct nqpf_index_cli {
    const char *data, *system, *unit, *period, *out;
    const char *layout, *var_col, *value_col, *encoding, *missing, *extrapolate;
    const char *normalize, *scope, *weights, *dim_weights, *combine, *aggregate, *ri, *ahp_method;
    double shift, alpha, rho, pca_share;
    int force, hierarchical, allow_inconsistent, robustness, quiet, no_normalized, timing;
    const char *max_memory;  /* --max-memory SIZE, or NULL */
} nqpf_index_cli;

typedef void (*nqpf_index_summary_fn)(const nqpf_index_cli *a, const nqpf_index_result *r,
                                      const nqpf_fill_log *fills);

void nqpf_index_cli_defaults(nqpf_index_cli *a);
/* Validate the options, run the pipeline, write a->out atomically, then
 * call summary (if non-NULL) while the results are still in memory. */
int nqpf_index_run(const nqpf_index_cli *a, nqpf_index_summary_fn summary, nqpf_error *err);

#endif
