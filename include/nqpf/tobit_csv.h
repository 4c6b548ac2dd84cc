/* nqpf — the result table of a tobit or truncated regression fit:
 *   term,statistic,value
 * coef, se, z, p, ci_lo, ci_hi per term (_cons first, then xname), ln_sigma
 * and sigma, then n, n_left, n_right (n_uncensored for tobit), loglik and
 * iterations; with bootstrap draws also boot_mean, boot_se, boot_lo, boot_hi
 * (percentile interval at level) per term and sigma, boot_reps and
 * boot_failed. */
#ifndef NQPF_TOBIT_CSV_H
#define NQPF_TOBIT_CSV_H

#include <stdio.h>

#include "nqpf/tobit.h"

/* draws: B x (k+1) bootstrap estimates (nqpf_truncreg_boot), or NULL; tmp:
 * B doubles of work space. */
void nqpf_tobit_csv(FILE *fp, const nqpf_tobit *f, char *const *xname, int truncated, const double *draws, size_t B,
                    double level, double *tmp);

#endif
