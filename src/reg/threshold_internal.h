/* nqpf threshold — what threshold.c and threshold_search.c share (not public). */
#ifndef NQPF_THRESHOLD_INTERNAL_H
#define NQPF_THRESHOLD_INTERNAL_H

#include "nqpf/threshold.h"

/* The data in the shape the sweep needs; built once (thr_data_init). */
typedef struct thr_data {
    size_t n, N, k, m;        /* observations, units, regime-dependent and -independent regressors */
    const size_t *unit;
    double *T;                /* observations per unit */
    const double *const *rx;  /* k raw columns */
    double *rxw, *xw;         /* within-transformed rx (n x k) and x (n x m), column-major */
    size_t *order;            /* observations sorted by q (ties by index) */
    size_t *rank;             /* rank[i]: position of observation i in order */
    double *qs;               /* q in sorted order */
    size_t n_cand;
    size_t *cand_n1;          /* candidate c: the first cand_n1[c] sorted observations are q <= gamma */
    double *cand_gamma;
    size_t min_obs;           /* fewest observations a regime may have */
} thr_data;

int thr_data_init(thr_data *d, const nqpf_thr_spec *s, nqpf_error *err);
void thr_data_free(thr_data *d);

/* Within transformation of v (n values) by unit, in place; -1 when out of
 * memory. */
int thr_within(const thr_data *d, double *v);

/* One sweep.  fixed[0..nf): thresholds held fixed (their regressors
 * rx 1(q <= g) join x); yw: the within-transformed dependent variable.
 * ssr_null gets the SSR with the fixed thresholds only; ssr[c] the SSR with
 * candidate c added (NaN when c coincides with a fixed threshold, leaves a
 * regime with fewer than min_obs observations, or the regime's regressors
 * are degenerate).  e_null (optional, n): the residuals of the fixed model.
 * *best: the candidate of least SSR (first among equals), or -1. */
int thr_sweep(const thr_data *d, const double *fixed, size_t nf, const double *yw, double *ssr_null, double *ssr,
              double *e_null, long *best, nqpf_error *err);

#endif
