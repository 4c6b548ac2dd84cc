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

#endif
