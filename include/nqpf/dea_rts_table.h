/* nqpf — the Simar-Wilson returns-to-scale test over a whole DEA job, one
 * test per frontier, and its table: what `nqpf dea --rts-test B` writes and
 * the report's [dea] rts-test = B shows (dea_rts_table.c). */
#ifndef NQPF_DEA_RTS_TABLE_H
#define NQPF_DEA_RTS_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "nqpf/dea.h"

typedef struct nqpf_dea_rts_tests {
    size_t T;                 /* frontiers: job->n_periods when per_period, else 1 */
    int per_period;
    nqpf_dea_orient orient;   /* the job's (the model label) */
    nqpf_dea_rts_test *res;   /* T results */
    size_t *count;            /* T: rows of each frontier (0: no test) */
} nqpf_dea_rts_tests;

/* nqpf_dea_rts_test_run on each frontier of job: per_period, the rows of
 * each period (frontier t uses streams t*B ..), else all rows; alpha = 1 -
 * the level.  On failure *out is left empty. */
int nqpf_dea_rts_tests_run(const nqpf_dea_job *job, int per_period, size_t B, uint64_t seed, double h,
                           double alpha, nqpf_dea_rts_tests *out, nqpf_error *err);
/* The table: [PERIOD,]statistic,p_value,critical_value,bandwidth,reps,
 * level,model, one row per tested frontier; period_col and label[t] (the
 * period texts) used when per_period. */
void nqpf_dea_rts_tests_write(FILE *fp, const nqpf_dea_rts_tests *t, const char *period_col,
                              const char *const *label, double level);
void nqpf_dea_rts_tests_free(nqpf_dea_rts_tests *t);

#endif
