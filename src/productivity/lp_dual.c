/* nqpf — the dual simplex phase of the small-row LP solver (see lp_internal.h).
 *
 * Why a dual phase: a neighbouring DEA problem's optimal basis is usually
 * not primal feasible for the next unit (its right-hand side and score
 * column differ), but it stays dual feasible.  In a radial envelopment LP
 * every cost is 0 except the score variable's, so the basis' multipliers
 * for the new unit are the neighbour's divided by pi . a_score > 0, and
 * every reduced cost keeps its sign.  From there a few dual pivots reach
 * the new optimum, where a fresh primal solve needs a phase 1 and a dozen
 * pivots.  The phase also works from a basis that is not dual feasible (the
 * reduced costs of the wrong sign count as zero in the ratio test): it then
 * only restores primal feasibility, and primal phase 2 finishes the job.
 *
 * Method (Koberstein 2005, ch. 3, without bound flipping): the leaving row
 * is the largest bound violation; row r of B^-1 gives alpha_rj = rho_r a_j
 * for every nonbasic j; the entering column is chosen by Harris' two-pass
 * ratio test on |d_j| / |alpha_rj| (tolerance NQPF_LP_TOL_DUAL), preferring
 * large |alpha_rj|.  The reference block, where nearly all columns are,
 * keeps its reduced costs in an array updated by each step (d -= t alpha_r,
 * recomputed from pi at every refactorisation) and forms alpha_r in one
 * pass; the few other columns are priced directly.  Every NQPF_LP_REFACTOR
 * pivots, and always before feasibility is declared, B^-1 is rebuilt.  A phase that cannot finish
 * (no entering column, which for a dual feasible basis means the LP is
 * infeasible, or the iteration limit under dual degeneracy) returns a
 * status other than optimal and the caller solves afresh, so infeasibility
 * is always decided by the primal code. */
#include <math.h>

#include "lp_internal.h"

/* Reduced costs of the reference block from a fresh pi (0 on the basis). */
static void fresh_dref(nqpf_lp *lp)
{
    const double *c = lp->p->ref_cost;
    nqpf_lpi_compute_pi(lp);
    nqpf_lpi_ref_dots(lp, lp->pi, 0, lp->n_ref, lp->dref);
    for (size_t j = 0; j < lp->n_ref; j++)
        lp->dref[j] = lp->st[j] == ST_BASIC ? 0.0 : (c ? c[j] : 0.0) - lp->dref[j];
}

/* The basic row with the largest bound violation, or (size_t)-1; *target
 * gets the bound it is to leave at. */
static size_t leaving_row(const nqpf_lp *lp, double *target)
{
    size_t r = (size_t)-1;
    double worst = 0.0;
    for (size_t k = 0; k < lp->m; k++) {
        size_t j = lp->head[k];
        double lo, hi, x = lp->x[j], tol = NQPF_LP_TOL_PRIMAL * (1.0 + fabs(x));
        nqpf_lpi_bounds(lp, j, &lo, &hi);
        double v = x < lo - tol ? lo - x : x > hi + tol ? x - hi : 0.0;
        if (v > 0.0) {
            const double *b = lp->binv + k * lp->m;
            double w = 0.0;
            for (size_t i = 0; i < lp->m; i++)
                w += b[i] * b[i];
            v = v * v / w;
        }
        if (v > worst) {
            worst = v;
            r = k;
            *target = x < lo ? lo : hi;
        }
    }
    return r;
}

/* The ratio |d| / |a| of a column that may enter in the direction its
 * sign-adjusted row coefficient a allows (status s), else -1.  Reduced
 * costs of the wrong sign count as 0. */
static double dual_ratio(int s, double d, double a, double piv_tol)
{
    if ((s == ST_LO || s == ST_FREE) && a > piv_tol)
        return (d > 0.0 ? d : 0.0) / a;
    if ((s == ST_UP || s == ST_FREE) && a < -piv_tol)
        return (d < 0.0 ? -d : 0.0) / -a;
    return -1.0;
}

/* Row coefficient (times sg) and reduced cost of a column outside the
 * reference block: extra columns and logicals that may move. */
static int other_column(const nqpf_lp *lp, size_t j, const double *rho, double sg, double *a, double *d)
{
    if (lp->st[j] == ST_BASIC || lp->st[j] == ST_FIXED)
        return 0;
    size_t u = 0;
    const double *col = nqpf_lpi_column(lp, j, &u);
    double ra = 0.0, pa = 0.0;
    if (col) {
        for (size_t i = 0; i < lp->m; i++) {
            ra += rho[i] * col[i];
            pa += lp->pi[i] * col[i];
        }
    } else {
        ra = rho[u] * lp->sign[j - lp->nc];
        pa = lp->pi[u] * lp->sign[j - lp->nc];
    }
    *a = sg * ra;
    *d = nqpf_lpi_cost(lp, j) - pa;
    return 1;
}

/* Harris' two passes: the largest dual step the tolerance allows, then the
 * largest |alpha_rj| among the columns within it.  *dq gets the entering
 * column's reduced cost, *aq its signed row coefficient. */
static size_t entering(nqpf_lp *lp, const double *rho, double sg, double *dq, double *aq)
{
    size_t nr = lp->n_ref, last = lp->nc + lp->m;
    long skip = lp->p->ref_skip;
    double tol = NQPF_LP_TOL_DUAL, pt = lp->piv_tol, tmax = INFINITY, a, d;
    for (size_t j = 0; j < nr; j++) {
        a = sg * lp->aref[j];
        if (a > pt && lp->st[j] != ST_BASIC && (long)j != skip) {
            double t = ((lp->dref[j] > 0.0 ? lp->dref[j] : 0.0) + tol) / a;
            if (t < tmax)
                tmax = t;
        }
    }
    for (size_t j = nr; j < last; j++)
        if (other_column(lp, j, rho, sg, &a, &d)) {
            double t = dual_ratio(lp->st[j], d, a, pt);
            if (t >= 0.0 && t + tol / fabs(a) < tmax)
                tmax = t + tol / fabs(a);
        }
    size_t q = (size_t)-1;
    double best = 0.0;
    for (size_t j = 0; j < nr && isfinite(tmax); j++) {
        a = sg * lp->aref[j];
        if (a > pt && a > best && lp->st[j] != ST_BASIC && (long)j != skip &&
            (lp->dref[j] > 0.0 ? lp->dref[j] : 0.0) / a <= tmax) {
            best = a;
            q = j;
            *dq = lp->dref[j];
            *aq = lp->aref[j];
        }
    }
    for (size_t j = nr; j < last && isfinite(tmax); j++)
        if (other_column(lp, j, rho, sg, &a, &d)) {
            double t = dual_ratio(lp->st[j], d, a, pt);
            if (t >= 0.0 && t <= tmax && fabs(a) > best) {
                best = fabs(a);
                q = j;
                *dq = d;
                *aq = sg * a;
            }
        }
    return q;
}

int nqpf_lpi_dual(nqpf_lp *lp)
{
    size_t m = lp->m, since = 0, max_it = 20 * m + 100;
    fresh_dref(lp);
    for (size_t it = 0;; it++) {
        if (since >= NQPF_LP_REFACTOR) {
            if (nqpf_lpi_refactor(lp) != 0)
                return NQPF_LP_NUMERIC;
            nqpf_lpi_compute_xb(lp);
            fresh_dref(lp);
            since = 0;
        }
        double target = 0.0;
        size_t r = leaving_row(lp, &target);
        if (r == (size_t)-1) {
            if (since == 0)
                return NQPF_LP_OPTIMAL;
            since = NQPF_LP_REFACTOR; /* confirm on a fresh factorisation */
            continue;
        }
        if (it >= max_it)
            return NQPF_LP_ITERLIMIT;
        size_t jr = lp->head[r];
        double sg = lp->x[jr] < target ? -1.0 : 1.0;
        const double *rho = lp->binv + r * m;
        nqpf_lpi_ref_dots(lp, rho, 0, lp->n_ref, lp->aref);
        if (since > 0)
            nqpf_lpi_compute_pi(lp); /* for the columns outside the block */
        double dq = 0.0, aq = 1.0;
        size_t q = entering(lp, rho, sg, &dq, &aq);
        if (q == (size_t)-1)
            return NQPF_LP_INFEASIBLE;
        /* dual step: d_j -= (d_q / alpha_rq) alpha_rj; the leaving column's
         * alpha_rj is 1, so a leaving reference column gets -d_q/alpha_rq */
        double td = dq / aq;
        for (size_t j = 0; j < lp->n_ref; j++)
            lp->dref[j] -= td * lp->aref[j];
        if (q < lp->n_ref)
            lp->dref[q] = 0.0;
        nqpf_lpi_ftran(lp, q);
        double step = (lp->x[jr] - target) / lp->alpha[r];
        for (size_t k = 0; k < m; k++)
            lp->x[lp->head[k]] -= lp->alpha[k] * step;
        lp->x[q] += step;
        lp->x[jr] = target;
        if (jr < lp->n_ref)
            lp->st[jr] = ST_LO;
        else
            lp->st[jr] = lp->lo[jr] == lp->hi[jr] ? ST_FIXED : target == lp->lo[jr] ? ST_LO : ST_UP;
        lp->head[r] = q;
        lp->st[q] = ST_BASIC;
        nqpf_lpi_pivot(lp, r);
        lp->iters++;
        lp->dual_iters++;
        since++;
    }
}
