/* nqpf — the rows of a DEA job by period and each period's reference rows
 * (dea_periods.c; not installed).
 *
 * Why: walking all n rows once per period made a whole run O(n T) outside
 * the LPs, so a long panel with a row or two per period (a firm-day panel)
 * spent its time in those scans.  The rows are bucketed once (a stable
 * counting sort, O(n + T)); a period's reference set is then built from
 * its buckets in time proportional to its size. */
#ifndef NQPF_DEA_PERIODS_H
#define NQPF_DEA_PERIODS_H

#include "nqpf/dea.h"

typedef struct nqpf_dea_periods {
    size_t T;                  /* frontiers: 1 puts every row in period 0 */
    nqpf_dea_frontier frontier;
    size_t window;
    size_t *order, *end;       /* period t's rows: order[end[t-1] .. end[t]), in file order */
    size_t *ref, *tmp;         /* reference rows of the last nqpf_dea_periods_ref (tmp: sequential) */
    size_t nref, merged;       /* sequential: ref holds periods 0 .. merged-1 */
    const size_t **at, **stop; /* the merge's runs (T + 1) and its heap of runs */
    size_t *heap;
} nqpf_dea_periods;

/* Bucket job's rows into T frontiers (T == 1: every row, else job->period
 * with T = job->n_periods; rows of a period >= T are in none).  Returns
 * NQPF_OK or NQPF_ENOMEM (p is then freed). */
int nqpf_dea_periods_init(nqpf_dea_periods *p, const nqpf_dea_job *job, size_t T);
void nqpf_dea_periods_free(nqpf_dea_periods *p);

/* Period t's own rows, in file order (*k of them). */
const size_t *nqpf_dea_periods_rows(const nqpf_dea_periods *p, size_t t, size_t *k);

/* The reference rows of period t by job's frontier rule, in file order
 * (the LP's column order, which decides among optimal solutions in
 * degenerate cases): t itself (contemporaneous; T == 1: every row),
 * 0..t (sequential: the last set merged with the periods since) or the
 * window's periods (a merge of its buckets).  O(size log runs); valid until
 * the next call. */
const size_t *nqpf_dea_periods_ref(nqpf_dea_periods *p, size_t t, size_t *nr);

/* The DDF mean direction of rows[0..k) (a period's rows, scored or
 * not): g[0..m) the inputs', g[m..m+s) the outputs', g[m+s..m+s+q) the
 * undesirable outputs' means, each summed in row order term by term
 * (x / k), as every run of the mean direction has summed them. */
void nqpf_dea_period_mean(const nqpf_dea_job *job, const size_t *rows, size_t k, double *g);

#endif
