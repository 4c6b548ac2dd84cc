/* nqpf spreg — internal operators shared by the estimators (not public). */
#ifndef NQPF_SPREG_OPS_H
#define NQPF_SPREG_OPS_H

#include <stddef.h>

#include "nqpf/spreg.h"
#include "nqpf/util.h"

/* out = (I_T kron W) v; out must not alias v. */
void spreg_lag(const nqpf_weights *w, size_t t, const double *v, double *out);
/* The within transform of v (n t, period-major) in place. */
void spreg_demean(nqpf_spreg_fe fe, size_t n, size_t t, double *v);
/* Number of fixed effects the transform removes. */
size_t spreg_n_fe(nqpf_spreg_fe fe, size_t n, size_t t);
double spreg_dot(const double *a, const double *b, size_t m);

/* Solve the k x k symmetric positive definite system a x = b (a, b copied).
 * Returns -1 on success, else the index of the first column whose pivot is
 * (numerically) zero: that column is a linear combination of the earlier
 * ones; -2 when out of memory.  inv (optional) receives a^-1. */
static inline long spreg_spd_solve(size_t k, const double *a, const double *b, double *x, double *inv)
{
    return nqpf_spd_solve(k, a, b, x, inv, 1e-11); /* pivot tolerance of spreg's fits */
}
/* Invert a general k x k matrix (row-major) in place; 0 or -1 when singular. */
int spreg_inverse(size_t k, double *a);

/* Dense G = W (I - rho W)^-1 (n x n row-major, malloc'd) and optionally
 * A^-1 (same layout).  Returns 0, -1 out of memory, -2 singular. */
int spreg_dense_g(const nqpf_weights *w, double rho, double **g, double **ainv);
/* y = M v for a dense n x n row-major M, per period. */
void spreg_dense_apply(const double *m, size_t n, size_t t, const double *v, double *out);

/* out = (I - rho W)^-1 v for one period by the Neumann iteration
 * out <- v + rho W out (needs |rho| |W|_inf < 1); tmp: n scratch. */
void spreg_neumann(const nqpf_weights *w, double rho, const double *v, double *out, double *tmp);

/* What the information matrix needs of G = W (I - rho W)^-1: tr G, tr G^2,
 * tr G'G (of J G J with lee_time), and, when fit is not NULL, gfit = (I_T
 * kron G) fit and afit = (I_T kron A^-1) fit.  Dense when eig is exact, by
 * Neumann iterations and Hutchinson probes when approximate.  0, -1 (out of
 * memory) or -2 (singular). */
int spreg_g_ops(const nqpf_weights *w, const nqpf_spreg_eig *eig, double rho, size_t t, int lee_time,
                const double *fit, double *gfit, double *afit, double *trg, double *trg2, double *trgg);

#endif
