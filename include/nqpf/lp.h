/* nqpf — a small-row linear programming core for DEA.
 *
 * DEA envelopment LPs have few rows (inputs + outputs + bad outputs + 1 or
 * 2) and many columns (one per reference unit).  This solver is built for
 * that shape: a bounded primal revised simplex whose basis has only as many
 * rows as the LP, kept as an explicit dense inverse (m x m, m <= ~40), so an
 * iteration costs O(m^2) for the update plus O(m * columns) for pricing.
 *
 * Problem (nqpf_lp_prob):
 *
 *     minimise   sum_j c_j x_j
 *     subject to sum_j a_ij x_j  (<=, >=, =)  rhs_i      i = 0..m-1
 *                lo_j <= x_j <= hi_j
 *
 * The columns come in two blocks so that a DEA reference technology can be
 * shared, read-only, by every LP and every thread without copying:
 *   - n_ref "reference" columns (ref, column-major, leading dimension m),
 *     all with bounds [0, +inf) and cost ref_cost[j] (NULL = all 0); one of
 *     them (ref_skip >= 0) can be left out, which is what super-efficiency
 *     needs;
 *   - n_ext "extra" columns (ext, column-major, ld m) with their own costs
 *     and bounds (lo may be -INFINITY, hi may be +INFINITY).
 *
 * Method: rows get logical variables (slack/surplus, fixed at 0 for "=");
 * phase 1 minimises the sum of artificial variables over a crash basis of
 * logicals and artificials; phase 2 the real objective.  Pricing is Dantzig's
 * rule; the ratio test is Harris's two-pass test (tolerance NQPF_LP_HARRIS)
 * which prefers large pivots; after NQPF_LP_DEGEN consecutive degenerate
 * steps the solver switches to Bland's rule (smallest index, textbook ratio
 * test with smallest-index ties), which cannot cycle, until a step makes
 * progress.  The basis inverse is rebuilt by Gauss-Jordan elimination with
 * partial pivoting every NQPF_LP_REFACTOR updates and always before optimality
 * is declared, so reported values come from a fresh factorisation.
 *
 * Tolerances (absolute, on data the caller has scaled to about 1 — the DEA
 * layer scales every variable by a power of two, which is exact):
 *   NQPF_LP_TOL_PRIMAL  1e-9   bound violation accepted / phase-1 residual
 *   NQPF_LP_TOL_DUAL    1e-9   reduced cost needed to enter the basis
 *   NQPF_LP_TOL_PIVOT   1e-9   smallest pivot accepted in the ratio test
 *   NQPF_LP_HARRIS      1e-11  Harris pass-1 bound relaxation
 *
 * Workspace (nqpf_lp): all memory is allocated once by nqpf_lp_new for the
 * largest problem it will see, so solving allocates nothing; one workspace
 * per thread.  The last basis is kept, and nqpf_lp_resolve restarts from it
 * after the caller changed costs or bounds (e.g. a second stage that fixes
 * the efficiency score and maximises slacks).
 */
#ifndef NQPF_LP_H
#define NQPF_LP_H

#include <stddef.h>

#define NQPF_LP_TOL_PRIMAL 1e-9
#define NQPF_LP_TOL_DUAL 1e-9
#define NQPF_LP_TOL_PIVOT 1e-9
#define NQPF_LP_HARRIS 1e-11
#define NQPF_LP_REFACTOR 40
#define NQPF_LP_DEGEN 30

enum nqpf_lp_status {
    NQPF_LP_OPTIMAL = 0,
    NQPF_LP_INFEASIBLE = 1,
    NQPF_LP_UNBOUNDED = 2,
    NQPF_LP_ITERLIMIT = 3,   /* iteration limit reached (should not happen) */
    NQPF_LP_NUMERIC = 4      /* singular basis that could not be repaired */
};

enum nqpf_lp_row { NQPF_LP_LE = 0, NQPF_LP_GE = 1, NQPF_LP_EQ = 2 };

typedef struct nqpf_lp_prob {
    size_t m;               /* rows */
    size_t n_ref;           /* reference columns, bounds [0, inf) */
    const double *ref;      /* m x n_ref, column-major */
    const double *ref_cost; /* n_ref costs, or NULL for zeros */
    long ref_skip;          /* reference column to leave out, or -1 */
    size_t n_ext;           /* extra columns */
    const double *ext;      /* m x n_ext, column-major */
    const double *ext_cost; /* n_ext */
    const double *ext_lo;   /* n_ext, may be -INFINITY */
    const double *ext_hi;   /* n_ext, may be +INFINITY */
    const int *row_type;    /* m values of enum nqpf_lp_row */
    const double *rhs;      /* m */
} nqpf_lp_prob;

typedef struct nqpf_lp nqpf_lp;

/* Workspace bytes per column (x, bounds, status, the dual simplex's
 * reduced costs and tableau row), for memory estimates. */
#define NQPF_LP_BYTES_PER_COLUMN (5 * 8 + 1)

/* A workspace for problems with at most max_m rows and max_cols = n_ref +
 * n_ext columns.  Returns NULL when out of memory.  Free with nqpf_lp_free. */
nqpf_lp *nqpf_lp_new(size_t max_m, size_t max_cols);
void nqpf_lp_free(nqpf_lp *lp);

/* Solve p from a crash basis.  Returns an enum nqpf_lp_status.  p (and the
 * arrays it points to) must stay valid until the next solve. */
int nqpf_lp_solve(nqpf_lp *lp, const nqpf_lp_prob *p);
/* Solve p again starting from the basis of the last solve of a problem with
 * the same rows and columns (costs, bounds and rhs may differ).  Falls back to
 * a fresh solve when that basis is not primal feasible. */
int nqpf_lp_resolve(nqpf_lp *lp, const nqpf_lp_prob *p);
/* Column generation: p is the last problem, solved to optimality, with
 * reference columns appended after the old ones and nothing else changed.
 * The old optimum stays feasible and its factorisation valid, so phase 2
 * just goes on pricing from there (a fresh solve otherwise). */
int nqpf_lp_add_columns(nqpf_lp *lp, const nqpf_lp_prob *p);
/* Solve p from the basis head[0..m): m distinct variable indices in p's
 * numbering (reference columns 0..n_ref-1, extra columns n_ref..n_ref+
 * n_ext-1, then one logical per row), e.g. a neighbour problem's optimal
 * basis.  When that basis is non-singular but not primal feasible for p,
 * dual simplex pivots restore feasibility first (few, when the basis is
 * dual feasible for p, as a neighbouring DEA unit's optimal basis is);
 * then primal phase 2 proves optimality.  A singular basis, or a dual phase
 * that cannot finish, falls back to nqpf_lp_solve. */
int nqpf_lp_solve_from(nqpf_lp *lp, const nqpf_lp_prob *p, const size_t *head);
/* The basic variables of the last solve (m entries, numbered as above;
 * an index >= n_ref + n_ext + m is an artificial at zero).  Returns m. */
size_t nqpf_lp_basis(const nqpf_lp *lp, size_t *head);

/* Results of the last solve (valid when it returned NQPF_LP_OPTIMAL). */
double nqpf_lp_objective(const nqpf_lp *lp);
/* Value of column j (0..n_ref-1 reference, then extra columns). */
double nqpf_lp_value(const nqpf_lp *lp, size_t j);
/* Row duals (simplex multipliers pi = c_B B^-1), m values. */
const double *nqpf_lp_duals(const nqpf_lp *lp);
/* Basic reference columns (the only ones that can be non-zero): fills idx
 * (capacity m) and returns the count. */
size_t nqpf_lp_basic_ref(const nqpf_lp *lp, size_t *idx);
/* Simplex iterations of the last solve (primal and dual). */
size_t nqpf_lp_iterations(const nqpf_lp *lp);
/* Of those, dual simplex pivots (nqpf_lp_solve_from from a basis that was
 * not primal feasible). */
size_t nqpf_lp_dual_iterations(const nqpf_lp *lp);

#endif
