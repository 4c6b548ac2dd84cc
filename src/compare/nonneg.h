/* Private to src/compare: the input check shared by the disparity measures. */
#ifndef NQPF_COMPARE_NONNEG_H
#define NQPF_COMPARE_NONNEG_H

#include <stddef.h>

#include "nqpf/error.h"

/* Every y[i] must be finite and >= 0 (g, if non-NULL, holds group codes
 * below k) and the total positive; `what` names the measure in messages
 * ("the Gini", "Theil indices").  Sets *total. */
int nqpf_check_nonneg(const double *y, const size_t *g, size_t n, size_t k, const char *what, double *total,
                      nqpf_error *err);

/* Both decompositions (Dagum, Theil) start the same way: check y as
 * nqpf_check_nonneg does, then calloc the k-vectors they carry of group
 * sizes nj, means mu, population shares p and income shares s.  An
 * allocation failure is left for the caller to find among its own vectors
 * (each pointer may be NULL); free them with nqpf_group_shares_free. */
int nqpf_group_shares_begin(const double *y, const size_t *g, size_t n, size_t k, const char *what, double *total,
                            double **nj, double **mu, double **p, double **s, nqpf_error *err);
void nqpf_group_shares_free(double *nj, double *mu, double *p, double *s);

#endif
