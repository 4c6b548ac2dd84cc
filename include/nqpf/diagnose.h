/* nqpf — diagnose: obstacle degree and coupling coordination.
 *
 * Obstacle degree (障碍度) of indicator j for unit i, from the composite
 * index's normalised values Z (direction-adjusted, in [shift, 1+shift]) and
 * weights w:
 *   factor contribution F_j = w_j,  deviation I_ij = 1 + shift - Z_ij,
 *   O_ij = F_j I_ij / sum_j F_j I_ij.
 * The deviation is measured from the best attainable normalised value
 * (1 + shift), so a shifted normalisation gives the same obstacles as the
 * unshifted one.  A unit that is best on every indicator has a zero
 * denominator: its obstacles are undefined (NaN) and it is flagged.
 *
 * Coupling coordination of n >= 2 subsystem indices U_i in [0,1]:
 *   C = n [prod U_i / (sum U_i)^n]^(1/n)   (standard; = geometric/arithmetic mean)
 *   T = sum alpha_i U_i,  D = sqrt(C T).
 */
#ifndef NQPF_DIAGNOSE_H
#define NQPF_DIAGNOSE_H

#include <stddef.h>
#include <stdio.h>

#include "nqpf/error.h"

/* Z: m units x p indicators, row-major; w: p weights (>= 0, not all 0).
 * Writes I and O (m x p) and best[m] (1 if the unit's denominator is 0, its
 * O row then NaN).  A NaN in Z makes that unit's row NaN (best = 0).  Z may
 * be I (the deviations replace the values in place). */
int nqpf_obstacle(const double *Z, size_t m, size_t p, const double *w, double shift, double *I, double *O,
                  int *best, nqpf_error *err);

/* The obstacle ranks of x[0..n) (one unit's indicators or dimensions):
 * order[r] is the index of the (r+1)-th largest, NaN last, ties in index
 * order, and rank[j] = 1 + the position of j in order (rank may be NULL).  Stable insertion: n is a
 * handful of indicators. */
void nqpf_obstacle_rank(const double *x, size_t n, size_t *order, size_t *rank);

/* Coupling-degree variants (the "corrected" coupling degree of Wang Shujia
 * et al. 2021 is not implemented: its formula could not be checked against
 * the paper). */
typedef enum nqpf_coupling_kind {
    NQPF_COUPLING_STANDARD = 0, /* n [prod U / (sum U)^n]^(1/n) */
    NQPF_COUPLING_NOFACTOR      /* [prod U / (sum U)^n]^(1/n): the common erroneous form, = standard / n */
} nqpf_coupling_kind;

int nqpf_coupling_parse(const char *s, nqpf_coupling_kind *out);
const char *nqpf_coupling_name(nqpf_coupling_kind k);

/* One observation: U[n] in [0,1] (values outside are an input error the
 * caller reports with a position), alpha[n] weights summing to 1.
 * C is 0 when some U_i is 0, including when all are 0 (no development, no
 * coupling: C = T = D = 0). */
int nqpf_coupling(const double *U, size_t n, const double *alpha, nqpf_coupling_kind kind, double *C,
                  double *T, double *D, nqpf_error *err);

/* Ten-level classification of D: [0,0.1) -> 1 (极度失调) ... [0.9,1] -> 10
 * (优质协调).  Returns 0 for D outside [0,1] or NaN. */
int nqpf_coupling_class(double D);
const char *nqpf_coupling_class_zh(int cls);
const char *nqpf_coupling_class_en(int cls);


/* The table of `nqpf couple`: header period,unit,<systems>,C,T,D,level,
 * level_zh,level_en,coupling, then a row per case in period order (input
 * order within a period).  U: the ns subsystem indices of the n cases,
 * column-major (system j of case r at U[j * n + r]); period and unit:
 * n codes into their labels. */
int nqpf_coupling_csv(FILE *fp, const double *U, size_t n, char *const *systems, size_t ns, const double *alpha,
                      nqpf_coupling_kind kind, const size_t *period, char *const *period_label, size_t n_periods,
                      const size_t *unit, char *const *unit_label, nqpf_error *err);

#endif
