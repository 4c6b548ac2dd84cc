/* nqpf — LP internals shared by the primal (lp.c) and dual (lp_dual.c)
 * simplex (not installed).
 *
 * Variables are numbered: reference columns [0, n_ref), extra columns
 * [n_ref, nc), row logicals [nc, nc+m), artificials [nc+m, nc+2m), where
 * nc = n_ref + n_ext.  Logicals and artificials are signed unit columns. */
#ifndef NQPF_LP_INTERNAL_H
#define NQPF_LP_INTERNAL_H

#include <math.h>

#include "nqpf/lp.h"

enum { ST_BASIC = 0, ST_LO = 1, ST_UP = 2, ST_FREE = 3, ST_FIXED = 4 };

/* Internal outcome: "optimal" but the fresh solution violates a bound. */
#define NQPF_LP_PRIMAL_LOST 100

struct nqpf_lp {
    size_t max_m, max_cols;
    const nqpf_lp_prob *p;
    size_t m, n_ref, nc, N;
    int phase;
    double *x, *lo, *hi;  /* N each (lo/hi unused for reference columns) */
    signed char *st;      /* N */
    double *sign;         /* 2m: coefficient of logical i / artificial i */
    size_t *head;         /* m basic variables */
    double *binv;         /* m*m row-major basis inverse */
    double *aug;          /* m*2m scratch for inversion */
    double *pi, *alpha, *col, *r; /* m each */
    double *dref, *aref;  /* max_cols: reduced costs and a tableau row over
                             the reference block (dual simplex); aref is
                             the primal pricing's scratch too */
    double obj;
    size_t iters, dual_iters;
    size_t pstart; /* partial pricing position (reset by every solve) */
    double piv_tol, harris; /* ratio-test tolerances of the current attempt */
    int optimal;            /* the last solve ended optimal (basis reusable) */
};

/* Cost of variable j in the current phase. */
static inline double nqpf_lpi_cost(const nqpf_lp *lp, size_t j)
{
    const nqpf_lp_prob *p = lp->p;
    if (lp->phase == 1)
        return j >= lp->nc + lp->m ? 1.0 : 0.0;
    if (j < lp->n_ref)
        return p->ref_cost ? p->ref_cost[j] : 0.0;
    if (j < lp->nc)
        return p->ext_cost[j - lp->n_ref];
    return 0.0;
}

/* Pointer to the dense column of a structural variable, or NULL for a unit
 * column (logical/artificial), in which case *unit gets its row. */
static inline const double *nqpf_lpi_column(const nqpf_lp *lp, size_t j, size_t *unit)
{
    const nqpf_lp_prob *p = lp->p;
    if (j < lp->n_ref)
        return p->ref + j * lp->m;
    if (j < lp->nc)
        return p->ext + (j - lp->n_ref) * lp->m;
    *unit = (j - lp->nc) % lp->m;
    return NULL;
}

/* Bounds of variable j (reference columns [0, inf), artificials of phase 2
 * [0, 0] once fixed by phase2's set-up). */
static inline void nqpf_lpi_bounds(const nqpf_lp *lp, size_t j, double *lo, double *hi)
{
    *lo = j < lp->n_ref ? 0.0 : lp->lo[j];
    *hi = j < lp->n_ref ? INFINITY : lp->hi[j];
}

/* out[j - j0] = v . a_j for reference columns j0 <= j < j1. */
void nqpf_lpi_ref_dots(const nqpf_lp *lp, const double *v, size_t j0, size_t j1, double *out);
/* Rebuild binv from the basic columns; 0, or -1 when singular. */
int nqpf_lpi_refactor(nqpf_lp *lp);
/* x_B = B^-1 (rhs - N x_N). */
void nqpf_lpi_compute_xb(nqpf_lp *lp);
/* pi = c_B B^-1 for the current phase's costs. */
void nqpf_lpi_compute_pi(nqpf_lp *lp);
/* alpha = B^-1 a_q. */
void nqpf_lpi_ftran(nqpf_lp *lp, size_t q);
/* Update binv for basic row r replaced by the column in alpha. */
void nqpf_lpi_pivot(nqpf_lp *lp, size_t r);

/* Dual simplex phase (lp_dual.c): from a factorised basis whose x_B may
 * violate bounds, pivot until x_B is within them.  NQPF_LP_OPTIMAL: the
 * basis is primal feasible, freshly factorised with fresh x_B (primal
 * phase 2 then proves or restores optimality); anything else: give up
 * (the caller solves afresh, which decides infeasibility). */
int nqpf_lpi_dual(nqpf_lp *lp);

#endif
