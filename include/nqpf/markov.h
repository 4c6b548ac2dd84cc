/* nqpf — discrete Markov chains of class transitions (Quah 1993; Rey 2001):
 * classic transition matrices of units moving between value classes from
 * one period to the next, their steady state, first mean passage times and
 * sojourn times, and the spatial Markov chain conditioned on the class of
 * each unit's spatial lag (Rey 2001; PySAL giddy Spatial_Markov).
 *
 * Panels are row-major n_units x n_periods arrays (unit s, period t at
 * [s * T + t]).  Classes are 0..k-1.  Matrices are row-major k x k.
 * All outputs are caller-allocated. */
#ifndef NQPF_MARKOV_H
#define NQPF_MARKOV_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"
#include "nqpf/spatial.h"

/* Quantile cut points of x[0..n) for k classes: cuts[c] = the 100(c+1)/k-th
 * percentile with linear interpolation (numpy's default), c = 0..k-2.  NaNs
 * are ignored.  Class of v = the smallest c with v <= cuts[c], else k-1
 * (mapclassify Quantiles; upper-inclusive). */
int nqpf_quantile_cuts(const double *x, size_t n, size_t k, double *cuts, nqpf_error *err);
size_t nqpf_classify(double v, const double *cuts, size_t n_cuts);

typedef enum nqpf_classing {
    NQPF_CLASS_PERIOD = 0,   /* quantiles of each period's values (relative position; default) */
    NQPF_CLASS_POOLED,       /* quantiles of all values pooled */
    NQPF_CLASS_CUTS          /* fixed cut points given by the user */
} nqpf_classing;

/* Classes of a panel y (n x T) into cls (n x T).  With NQPF_CLASS_CUTS,
 * cuts[0..k-1) are the given (increasing) cut points.  NaN values get class
 * (size_t)-1 and their transitions are skipped. */
int nqpf_markov_classes(const double *y, size_t n, size_t T, size_t k, nqpf_classing how,
                        const double *cuts, size_t *cls, nqpf_error *err);

/* Transition counts (k x k) over t -> t+1 for every unit. */
void nqpf_markov_counts(const size_t *cls, size_t n, size_t T, size_t k, double *counts);

/* Row-normalised probabilities; an empty row is all zero, or the identity
 * row when fill_empty (giddy fill_empty_classes). */
void nqpf_markov_probs(const double *counts, size_t k, int fill_empty, double *p);

/* Steady state (ergodic distribution) pi with pi P = pi, sum pi = 1.
 * NQPF_EMATH when P is not stochastic (an empty row) or the chain is
 * reducible with several closed classes (no unique steady state). */
int nqpf_markov_steady(const double *p, size_t k, double *pi, nqpf_error *err);

/* First mean passage times m[i][j] (expected steps from i to first reach j;
 * diagonal = mean recurrence time 1/pi_i), Kemeny & Snell (1976):
 * M = (I - Z + E Z_dg) D, Z = (I - P + 1 pi)^-1, D = diag(1/pi). */
int nqpf_markov_mfpt(const double *p, const double *pi, size_t k, double *m, nqpf_error *err);

/* Communicating classes of P (an edge where p_ij > 0): cls[i] (k entries)
 * numbers the classes 0..n_classes-1 in the order of their smallest state;
 * closed[c] (k entries) is 1 when no transition leaves class c (a recurrent
 * class: the chain, once there, stays), 0 for a transient class. */
int nqpf_markov_structure(const double *p, size_t k, size_t *cls, unsigned char *closed, size_t *n_classes,
                          nqpf_error *err);

/* The steady state of a chain started in closed class c: pi (k entries) is
 * zero outside the class (giddy steady_state: one row per recurrent class). */
int nqpf_markov_steady_class(const double *p, size_t k, const size_t *cls, size_t c, double *pi, nqpf_error *err);

/* First mean passage times of any stochastic P, reducible or not:
 * m[i][j] = expected steps from i to first reach j (diagonal: the return
 * time), INFINITY where j is not reached with probability 1 (a state in
 * another closed class, a transient state's own return, ...).  For an
 * irreducible chain equal to nqpf_markov_mfpt up to rounding. */
int nqpf_markov_mfpt_general(const double *p, size_t k, double *m, nqpf_error *err);

/* lag[s*T+t] = sum_j w_sj y[j*T+t]: the spatial lag of every period of an
 * n x T panel (unit-major), the conditioning variable of the spatial
 * Markov chain (written out by `nqpf markov` as its lag cuts). */
int nqpf_weights_lag_panel(const nqpf_weights *w, const double *y, size_t n, size_t T, double *lag,
                           nqpf_error *err);

/* Spatial Markov: lag[s,t] = sum_j w_sj y[j,t]; the transition of unit s
 * from t to t+1 counts in the matrix of the lag class of (s, t).  The lag
 * classes use `lag_how` (and lag_cuts for NQPF_CLASS_CUTS) with k_lag classes.
 * counts is k_lag x k x k.  lag_cls (n x T, optional) receives lag classes. */
int nqpf_spatial_markov_counts(const nqpf_weights *w, const double *y, const size_t *cls, size_t n,
                               size_t T, size_t k, size_t k_lag, nqpf_classing lag_how,
                               const double *lag_cuts, double *counts, size_t *lag_cls,
                               nqpf_error *err);

/* The random-permutation p-value of x2 = sum_l chi2(counts of lag class l,
 * pooled counts) (giddy Spatial_Markov x2_rpvalue): permutation b (stream b
 * of `seed`) relocates the units' rows of y (n x T), the lag classes are
 * recomputed from the relocated values with lag_how/lag_cuts while each
 * unit keeps its own classes cls, and p = (#{x2_b >= x2} + 1)/(perms + 1).
 * *x2_obs receives the observed x2.  In markov_perm.c. */
int nqpf_spatial_markov_x2_perm(const nqpf_weights *w, const double *y, const size_t *cls, size_t n, size_t T,
                                size_t k, size_t k_lag, nqpf_classing lag_how, const double *lag_cuts,
                                const double *pooled, size_t perms, uint64_t seed, double *x2_obs, double *p,
                                nqpf_error *err);

/* LISA Markov spillover (giddy LISA_Markov.spillover, neighbours_on =
 * False): the cores of period t are the units with quad == core_quad (0 =
 * HH) and p_sim <= alpha; each core with its neighbours (w's structure)
 * forms clusters, component[s*T + t] = 1.. numbered by each cluster's
 * smallest unit, 0 = in no cluster; spill[s*(T-1) + t] = 1 when s is in no
 * cluster in period t, in one in t+1, and that cluster holds a unit that
 * was clustered in t.  In markov_spill.c. */
int nqpf_lisa_spillover(const nqpf_weights *w, const size_t *quad, const double *p_sim, size_t n, size_t T,
                        size_t core_quad, double alpha, size_t *component, unsigned char *spill, nqpf_error *err);
/* The whole spill-over analysis of `nqpf markov --lisa --spillover`: per
 * unit and period the conditional-permutation LISA p of y (n x T, perms
 * permutations, period t seeded seed + t) into psim (n x T), then
 * nqpf_lisa_spillover of HH cores at 0.05 into comp (n x T) and sp
 * (n x (T-1)); quad: the units' LISA quadrants (n x T).  In markov_spill.c. */
int nqpf_lisa_spillover_run(const nqpf_weights *w, const double *y, const size_t *quad, size_t n, size_t T,
                            size_t perms, uint64_t seed, double *psim, size_t *comp, unsigned char *sp,
                            nqpf_error *err);

/* Chi-square of count matrix t1 against the probabilities of t2 (k x k;
 * giddy chi2): E_ij = (sum_j t1_ij) t2_ij / sum_j t2_ij, stat = sum
 * (t1 - E)^2 / E with E = 0 cells divided by 1, dof = (r1 - 1)(r2 - 1) for
 * r1, r2 the rows with transitions in t1, t2. */
void nqpf_markov_chi2(const double *t1, const double *t2, size_t k, double *stat, double *dof);

/* Bickenbach & Bode (2003) tests that m regimes' chains (counts t, m x k x k)
 * share the pooled matrix: Q = sum n_i^r (p_ij^r - p_ij)^2 / p_ij (p_ij = 0:
 * divided by 1) and LR = 2 sum n_ij^r log(p_ij^r / p_ij) over n_ij^r > 0;
 * dof = sum_i (b_i - 1)(A_i - 1), b_i the regimes with transitions from i,
 * A_i the non-zero cells of the pooled row i (giddy homogeneity). */
void nqpf_markov_homogeneity(const double *t, size_t m, size_t k, double *q, double *lr, double *dof);

/* Multinomial test of a conditional steady state against the pooled one
 * on n transitions: sum_j (n cond_j - n pooled_j)^2 / (n pooled_j), k - 1
 * dof (Rey 2001; giddy Spatial_Markov.shtest). */
double nqpf_markov_steady_chi2(const double *pooled, const double *cond, size_t k, double n);

/* LISA Markov (Rey, Murray & Anselin 2011; giddy LISA_Markov).  quad
 * (n x T) receives each unit's Moran scatter-plot quadrant per period, 0..3 =
 * HH, LH, LL, HL (own value, lag; PySAL's numbering minus 1), from the signs
 * of z = y - mean and of its spatial lag; own_low / lag_low (n x T) receive
 * y < mean and Wy < mean.  NQPF_EINPUT when a value is missing. */
int nqpf_lisa_quadrants(const nqpf_weights *w, const double *y, size_t n, size_t T, size_t *quad,
                        unsigned char *own_low, unsigned char *lag_low, nqpf_error *err);

/* Expected quadrant transitions (4 x 4) when own and lag moves are
 * independent: row total of counts times P_own (x) P_lag, the 2-state chains
 * of own_low and lag_low (giddy LISA_Markov.expected_t). */
void nqpf_lisa_markov_expected(const double *counts, const unsigned char *own_low, const unsigned char *lag_low,
                               size_t n, size_t T, double *expected);

#endif
