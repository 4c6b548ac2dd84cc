/* nqpf — rank mobility of units between periods (PySAL giddy rank):
 * Kendall's tau, the spatial tau of neighbouring pairs (Rey 2014) and the
 * regime concordance Theta (Rey 2004).  Values must not be NaN. */
#ifndef NQPF_MOBILITY_H
#define NQPF_MOBILITY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nqpf/error.h"
#include "nqpf/rng.h"
#include "nqpf/spatial.h"

/* Kendall's tau of x and y (tau-b when there are ties; nqpf_kendall_tau_b)
 * and its two-sided p from the no-ties variance (4n + 10) / (9n(n - 1))
 * (giddy Tau; scipy's kendalltau has the same tau, another p). */
typedef struct nqpf_tau {
    double tau, p;
} nqpf_tau;
void nqpf_kendall_tau(const double *x, const double *y, size_t n, nqpf_tau *r);

/* Spatial tau (Rey 2014): tau over the pairs of units linked in w (either
 * direction, each pair once): (C_s - D_s) / sqrt(n_x n_y), n_x / n_y the
 * pairs not tied in x / y.  perms > 0: the same random relabelling of units
 * in both periods, stream b of `seed` for draw b; perm_mean = mean tau over
 * the draws, p_sim = giddy's folded pseudo p ((larger + 1)/(perms + 1),
 * the other tail when above 1/2). */
typedef struct nqpf_spatial_tau_result {
    double tau, concordant, discordant, pairs, perm_mean, p_sim;
} nqpf_spatial_tau_result;
int nqpf_spatial_tau(const nqpf_weights *w, const double *x, const double *y, size_t perms, uint64_t seed,
                     nqpf_spatial_tau_result *r, nqpf_error *err);

/* Theta (Rey 2004) for ranks (n x T, unit-major; ascending or descending
 * alike: only |sums of changes| enter) and regime[i] in
 * 0..n_reg-1: per interval t -> t+1 the rank changes d, total = sum |d|,
 * theta = sum_regimes |sum d| / total; max_total = sum_i |2i - n - 1|.
 * perms > 0: regime labels permuted (one draw for all intervals), p_left =
 * share of draws and the observed with theta <= observed, p_right = share
 * above.  Arrays theta, total, p_left, p_right hold T - 1 values. */
typedef struct nqpf_theta_result {
    double *theta, *total, *p_left, *p_right;
    double max_total;
} nqpf_theta_result;
int nqpf_theta(const double *ranks, size_t n, size_t T, const size_t *regime, size_t n_reg, size_t perms,
               uint64_t seed, nqpf_theta_result *r, nqpf_error *err);


/* The long table of `nqpf mobility` (header NQPF_MOBILITY_CSV_HEADER) of
 * the balanced n x T panel y (unit s, period t at [s * T + t]) with period
 * labels: per step t -> t+1 (from, to) tau and tau_p; with w (NULL: none)
 * the spatial tau, its pairs, concordant and discordant pairs (and with
 * perms the permutation mean and p); with regime (n codes of n_reg
 * regimes; NULL: none) Theta of the ranks and the total of absolute rank
 * changes (with perms the left and right p), and last theta_max_total. */
#define NQPF_MOBILITY_CSV_HEADER "statistic,from,to,value\n"
int nqpf_mobility_csv(FILE *fp, const double *y, size_t n, size_t T, const char *const *period,
                      const nqpf_weights *w, const size_t *regime, size_t n_reg, size_t perms, uint64_t seed,
                      nqpf_error *err);

#endif
