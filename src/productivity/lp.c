/* nqpf — bounded primal revised simplex for LPs with few rows (see lp.h),
 * the workspace and the public entry points; the dual phase of warm starts
 * is in lp_dual.c, the shared internals (variable numbering, workspace
 * layout) in lp_internal.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp_internal.h"

nqpf_lp *nqpf_lp_new(size_t max_m, size_t max_cols)
{
    nqpf_lp *lp = calloc(1, sizeof *lp);
    if (!lp)
        return NULL;
    size_t N = max_cols + 2 * max_m;
    lp->max_m = max_m;
    lp->max_cols = max_cols;
    lp->piv_tol = NQPF_LP_TOL_PIVOT;
    lp->harris = NQPF_LP_HARRIS;
    lp->x = malloc((N + 1) * sizeof(double));
    lp->lo = malloc((N + 1) * sizeof(double));
    lp->hi = malloc((N + 1) * sizeof(double));
    lp->st = malloc(N + 1);
    lp->sign = malloc((2 * max_m + 1) * sizeof(double));
    lp->head = malloc((max_m + 1) * sizeof(size_t));
    lp->binv = malloc((max_m * max_m + 1) * sizeof(double));
    lp->aug = malloc((2 * max_m * max_m + 1) * sizeof(double));
    lp->pi = malloc((max_m + 1) * sizeof(double));
    lp->alpha = malloc((max_m + 1) * sizeof(double));
    lp->col = malloc((max_m + 1) * sizeof(double));
    lp->r = malloc((max_m + 1) * sizeof(double));
    lp->dref = malloc((max_cols + 1) * sizeof(double));
    lp->aref = malloc((max_cols + 1) * sizeof(double));
    if (!lp->x || !lp->lo || !lp->hi || !lp->st || !lp->sign || !lp->head || !lp->binv || !lp->aug ||
        !lp->pi || !lp->alpha || !lp->col || !lp->r || !lp->dref || !lp->aref) {
        nqpf_lp_free(lp);
        return NULL;
    }
    return lp;
}

void nqpf_lp_free(nqpf_lp *lp)
{
    if (!lp)
        return;
    free(lp->x);
    free(lp->lo);
    free(lp->hi);
    free(lp->st);
    free(lp->sign);
    free(lp->head);
    free(lp->binv);
    free(lp->aug);
    free(lp->pi);
    free(lp->alpha);
    free(lp->col);
    free(lp->r);
    free(lp->dref);
    free(lp->aref);
    free(lp);
}

static double dot_pi(const nqpf_lp *lp, size_t j)
{
    size_t u = 0;
    const double *a = nqpf_lpi_column(lp, j, &u);
    if (!a)
        return lp->sign[j - lp->nc] * lp->pi[u];
    double s = 0;
    for (size_t i = 0; i < lp->m; i++)
        s += lp->pi[i] * a[i];
    return s;
}

/* Rebuild binv from the basic columns (Gauss-Jordan, partial pivoting).
 * Returns 0, or -1 if the basis is numerically singular. */
int nqpf_lpi_refactor(nqpf_lp *lp)
{
    size_t m = lp->m, w = 2 * m;
    double *A = lp->aug;
    memset(A, 0, m * w * sizeof(double));
    for (size_t k = 0; k < m; k++) {
        size_t j = lp->head[k], u = 0;
        const double *a = nqpf_lpi_column(lp, j, &u);
        if (a) {
            for (size_t i = 0; i < m; i++)
                A[i * w + k] = a[i];
        } else {
            A[u * w + k] = lp->sign[j - lp->nc];
        }
        A[k * w + m + k] = 1.0;
    }
    for (size_t c = 0; c < m; c++) {
        size_t piv = c;
        double best = fabs(A[c * w + c]);
        for (size_t i = c + 1; i < m; i++)
            if (fabs(A[i * w + c]) > best) {
                best = fabs(A[i * w + c]);
                piv = i;
            }
        if (!(best > 1e-13))
            return -1;
        if (piv != c)
            for (size_t k = 0; k < w; k++) {
                double t = A[c * w + k];
                A[c * w + k] = A[piv * w + k];
                A[piv * w + k] = t;
            }
        double d = 1.0 / A[c * w + c];
        for (size_t k = 0; k < w; k++)
            A[c * w + k] *= d;
        for (size_t i = 0; i < m; i++) {
            if (i == c)
                continue;
            double f = A[i * w + c];
            if (f == 0.0)
                continue;
            for (size_t k = 0; k < w; k++)
                A[i * w + k] -= f * A[c * w + k];
        }
    }
    /* Row k of B^-1 belongs to basic variable k (B's column k). */
    for (size_t i = 0; i < m; i++)
        memcpy(lp->binv + i * m, A + i * w + m, m * sizeof(double));
    return 0;
}

/* x_B = B^-1 (rhs - N x_N).  Only extra columns can be non-zero off the basis
 * (reference columns sit at 0, logicals and artificials at 0). */
void nqpf_lpi_compute_xb(nqpf_lp *lp)
{
    const nqpf_lp_prob *p = lp->p;
    size_t m = lp->m;
    for (size_t i = 0; i < m; i++)
        lp->r[i] = p->rhs[i];
    for (size_t j = lp->n_ref; j < lp->nc; j++) {
        if (lp->st[j] == ST_BASIC || lp->x[j] == 0.0)
            continue;
        const double *a = p->ext + (j - lp->n_ref) * m;
        for (size_t i = 0; i < m; i++)
            lp->r[i] -= a[i] * lp->x[j];
    }
    for (size_t k = 0; k < m; k++) {
        double s = 0;
        const double *b = lp->binv + k * m;
        for (size_t i = 0; i < m; i++)
            s += b[i] * lp->r[i];
        lp->x[lp->head[k]] = s;
    }
}

void nqpf_lpi_compute_pi(nqpf_lp *lp)
{
    size_t m = lp->m;
    for (size_t i = 0; i < m; i++)
        lp->pi[i] = 0;
    for (size_t k = 0; k < m; k++) {
        double c = nqpf_lpi_cost(lp, lp->head[k]);
        if (c == 0.0)
            continue;
        const double *b = lp->binv + k * m;
        for (size_t i = 0; i < m; i++)
            lp->pi[i] += c * b[i];
    }
}

void nqpf_lpi_ftran(nqpf_lp *lp, size_t q)
{
    size_t m = lp->m, u = 0;
    const double *a = nqpf_lpi_column(lp, q, &u);
    for (size_t k = 0; k < m; k++) {
        const double *b = lp->binv + k * m;
        double s;
        if (a) {
            s = 0;
            for (size_t i = 0; i < m; i++)
                s += b[i] * a[i];
        } else {
            s = b[u] * lp->sign[q - lp->nc];
        }
        lp->alpha[k] = s;
    }
}

/* Four columns at a time: four independent sums, where one dot product
 * of m terms is a chain of m dependent additions.  Each sum runs over the
 * rows in order, so results equal the plain loop's. */
void nqpf_lpi_ref_dots(const nqpf_lp *lp, const double *v, size_t j0, size_t j1, double *out)
{
    size_t m = lp->m, j = j0;
    const double *A = lp->p->ref;
    for (; j + 4 <= j1; j += 4) {
        const double *a0 = A + j * m, *a1 = a0 + m, *a2 = a1 + m, *a3 = a2 + m;
        double s0 = a0[0] * v[0], s1 = a1[0] * v[0], s2 = a2[0] * v[0], s3 = a3[0] * v[0];
        for (size_t i = 1; i < m; i++) {
            s0 += a0[i] * v[i];
            s1 += a1[i] * v[i];
            s2 += a2[i] * v[i];
            s3 += a3[i] * v[i];
        }
        out[j - j0] = s0;
        out[j - j0 + 1] = s1;
        out[j - j0 + 2] = s2;
        out[j - j0 + 3] = s3;
    }
    for (; j < j1; j++) {
        const double *a = A + j * m;
        double s0 = a[0] * v[0];
        for (size_t i = 1; i < m; i++)
            s0 += a[i] * v[i];
        out[j - j0] = s0;
    }
}

/* Choose an entering variable; returns its index or (size_t)-1, with the
 * direction (+1 increase, -1 decrease) in *dir. */
static size_t price(nqpf_lp *lp, int bland, int *dir)
{
    const nqpf_lp_prob *p = lp->p;
    size_t best = (size_t)-1;
    double best_score = 0;
    size_t m = lp->m;
    /* Reference columns: nonbasic at 0, may only increase.  Partial pricing:
     * scan segments of the columns, starting where the last scan stopped,
     * and stop after the first segment with a candidate; optimality is only
     * declared after a full cycle finds none.  Bland's rule scans all. */
    size_t nr = lp->n_ref, seg = bland ? nr : (nr / 8 > 512 ? nr / 8 : 512);
    size_t start = bland ? 0 : (lp->pstart < nr ? lp->pstart : 0), done = 0;
    const double *rc = lp->phase == 2 ? p->ref_cost : NULL, *pi = lp->pi;
    while (done < nr) {
        size_t len = seg < nr - done ? seg : nr - done;
        /* pi . a_j of the segment, which may wrap past the last column */
        size_t first = start + len <= nr ? len : nr - start;
        nqpf_lpi_ref_dots(lp, pi, start, start + first, lp->aref);
        nqpf_lpi_ref_dots(lp, pi, 0, len - first, lp->aref + first);
        for (size_t c = 0; c < len; c++) {
            size_t j = start + c;
            if (j >= nr)
                j -= nr;
            if (lp->st[j] == ST_BASIC || (long)j == p->ref_skip)
                continue;
            double d = (rc ? rc[j] : 0.0) - lp->aref[c];
            if (d < -NQPF_LP_TOL_DUAL && -d > best_score) {
                best = j;
                best_score = -d;
                *dir = 1;
                if (bland)
                    return best; /* smallest eligible index */
            }
        }
        done += len;
        start += len;
        if (start >= nr)
            start -= nr;
        if (best != (size_t)-1)
            break;
    }
    lp->pstart = start;
    size_t last = lp->phase == 1 ? lp->N : lp->nc + m; /* artificials never re-enter */
    for (size_t j = lp->n_ref; j < last; j++) {
        int s = lp->st[j];
        if (s == ST_BASIC || s == ST_FIXED)
            continue;
        if (j >= lp->nc + m)
            continue; /* a nonbasic artificial is fixed at 0 */
        double d = nqpf_lpi_cost(lp, j) - dot_pi(lp, j);
        double score = 0;
        int dd = 0;
        if ((s == ST_LO || s == ST_FREE) && d < -NQPF_LP_TOL_DUAL) {
            score = -d;
            dd = 1;
        } else if ((s == ST_UP || s == ST_FREE) && d > NQPF_LP_TOL_DUAL) {
            score = d;
            dd = -1;
        }
        if (dd && score > best_score) {
            best = j;
            best_score = score;
            *dir = dd;
            if (bland)
                return best;
        }
    }
    return best;
}

void nqpf_lpi_pivot(nqpf_lp *lp, size_t r)
{
    size_t m = lp->m;
    double *br = lp->binv + r * m;
    double d = 1.0 / lp->alpha[r];
    for (size_t k = 0; k < m; k++)
        br[k] *= d;
    for (size_t i = 0; i < m; i++) {
        if (i == r || lp->alpha[i] == 0.0)
            continue;
        double f = lp->alpha[i];
        double *bi = lp->binv + i * m;
        for (size_t k = 0; k < m; k++)
            bi[k] -= f * br[k];
    }
}

/* Basic position k in the ratio test: *g = -dir alpha_k is how fast its
 * variable moves per unit step of the entering one.  0 when |g| is below the
 * pivot tolerance (no candidate); else 1 and *room, the distance from the
 * variable to the bound it moves towards (INFINITY when that bound is). */
static int basic_room(const nqpf_lp *lp, size_t k, int dir, double *g, double *room)
{
    *g = -dir * lp->alpha[k];
    if (fabs(*g) < lp->piv_tol)
        return 0;
    size_t j = lp->head[k];
    double lo, hi;
    nqpf_lpi_bounds(lp, j, &lo, &hi);
    if (*g < 0)
        *room = isfinite(lo) ? lp->x[j] - lo : INFINITY;
    else
        *room = isfinite(hi) ? hi - lp->x[j] : INFINITY;
    return 1;
}

/* fresh: B^-1 and x_B are already those of the current basis (skip the
 * first factorisation). */
static int run_phase(nqpf_lp *lp, int fresh)
{
    size_t m = lp->m;
    size_t max_it = 50 * (m + lp->nc) + 1000;
    size_t since = fresh ? 0 : NQPF_LP_REFACTOR; /* else factorise first */
    int degen = 0, bland = 0;
    for (size_t it = 0; it < max_it; it++) {
        if (since >= NQPF_LP_REFACTOR) {
            if (nqpf_lpi_refactor(lp) != 0)
                return NQPF_LP_NUMERIC;
            nqpf_lpi_compute_xb(lp);
            since = 0;
        }
        nqpf_lpi_compute_pi(lp);
        int dir = 1;
        size_t q = price(lp, bland, &dir);
        if (q == (size_t)-1) {
            if (since > 0) {
                since = NQPF_LP_REFACTOR;
                continue;
            }
            /* Fresh x_B must respect the bounds: a step past a skipped tiny
             * pivot can leave a basic variable infeasible; then the caller
             * retries with other tolerances. */
            for (size_t k = 0; k < m; k++) {
                size_t j = lp->head[k];
                double lo, hi;
                nqpf_lpi_bounds(lp, j, &lo, &hi);
                double tol = NQPF_LP_TOL_PRIMAL * (1.0 + fabs(lp->x[j]));
                if (lp->x[j] < lo - tol || lp->x[j] > hi + tol)
                    return NQPF_LP_PRIMAL_LOST;
            }
            return NQPF_LP_OPTIMAL;
        }
        nqpf_lpi_ftran(lp, q);
        /* Ratio test.  Basic k changes by g = -dir * alpha_k per unit step. */
        double range = (q >= lp->n_ref && isfinite(lp->lo[q]) && isfinite(lp->hi[q])) ? lp->hi[q] - lp->lo[q]
                                                                                      : INFINITY;
        size_t r = (size_t)-1;
        double t = INFINITY;
        if (!bland) {
            double tmax = INFINITY;
            for (size_t k = 0; k < m; k++) {
                double g, room;
                if (!basic_room(lp, k, dir, &g, &room))
                    continue;
                double rt = (room + lp->harris) / fabs(g);
                if (rt < tmax)
                    tmax = rt;
            }
            double bestpiv = 0;
            for (size_t k = 0; k < m && isfinite(tmax); k++) {
                double g, room;
                if (!basic_room(lp, k, dir, &g, &room))
                    continue;
                double rt = room / fabs(g);
                if (rt <= tmax && fabs(g) > bestpiv) {
                    bestpiv = fabs(g);
                    r = k;
                    t = rt < 0 ? 0 : rt;
                }
            }
        } else {
            for (size_t k = 0; k < m; k++) {
                double g, room;
                if (!basic_room(lp, k, dir, &g, &room))
                    continue;
                double rt = room / fabs(g);
                if (rt < 0)
                    rt = 0;
                if (rt < t || (rt == t && r != (size_t)-1 && lp->head[k] < lp->head[r])) {
                    t = rt;
                    r = k;
                }
            }
        }
        int flip = 0;
        if (range <= t) {
            flip = 1;
            t = range;
        }
        if (!isfinite(t)) {
            if (since > 0) {
                since = NQPF_LP_REFACTOR;
                continue;
            }
            return NQPF_LP_UNBOUNDED;
        }
        if (t <= 1e-12) {
            if (++degen > NQPF_LP_DEGEN)
                bland = 1;
        } else {
            degen = 0;
            bland = 0;
        }
        for (size_t k = 0; k < m; k++)
            lp->x[lp->head[k]] -= dir * t * lp->alpha[k];
        lp->x[q] += dir * t;
        lp->iters++;
        if (flip) {
            lp->st[q] = dir > 0 ? ST_UP : ST_LO;
            lp->x[q] = dir > 0 ? lp->hi[q] : lp->lo[q];
            continue;
        }
        size_t jl = lp->head[r];
        double g = -dir * lp->alpha[r];
        if (jl >= lp->n_ref) {
            int at_lo = g < 0;
            lp->x[jl] = at_lo ? lp->lo[jl] : lp->hi[jl];
            lp->st[jl] = lp->lo[jl] == lp->hi[jl] ? ST_FIXED : (at_lo ? ST_LO : ST_UP);
        } else {
            lp->x[jl] = 0.0;
            lp->st[jl] = ST_LO;
        }
        lp->head[r] = q;
        lp->st[q] = ST_BASIC;
        nqpf_lpi_pivot(lp, r);
        since++;
    }
    return NQPF_LP_ITERLIMIT;
}

/* Bounds of extra columns, logicals and artificials for problem p. */
static void set_bounds(nqpf_lp *lp)
{
    const nqpf_lp_prob *p = lp->p;
    for (size_t j = 0; j < p->n_ext; j++) {
        lp->lo[lp->n_ref + j] = p->ext_lo[j];
        lp->hi[lp->n_ref + j] = p->ext_hi[j];
    }
    for (size_t i = 0; i < lp->m; i++) {
        size_t L = lp->nc + i;
        lp->lo[L] = 0.0;
        lp->hi[L] = p->row_type[i] == NQPF_LP_EQ ? 0.0 : INFINITY;
        lp->sign[i] = p->row_type[i] == NQPF_LP_GE ? -1.0 : 1.0;
    }
}

static void setup(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    lp->p = p;
    lp->m = p->m;
    lp->n_ref = p->n_ref;
    lp->nc = p->n_ref + p->n_ext;
    lp->N = lp->nc + 2 * p->m;
    lp->iters = 0;
    lp->dual_iters = 0;
    lp->pstart = 0;
}

static double nonbasic_start(double lo, double hi, signed char *st)
{
    if (isfinite(lo)) {
        *st = lo == hi ? ST_FIXED : ST_LO;
        return lo;
    }
    if (isfinite(hi)) {
        *st = ST_UP;
        return hi;
    }
    *st = ST_FREE;
    return 0.0;
}

static double objective(const nqpf_lp *lp)
{
    double s = 0;
    for (size_t k = 0; k < lp->m; k++)
        s += nqpf_lpi_cost(lp, lp->head[k]) * lp->x[lp->head[k]];
    for (size_t j = lp->n_ref; j < lp->nc; j++)
        if (lp->st[j] != ST_BASIC)
            s += nqpf_lpi_cost(lp, j) * lp->x[j];
    return s;
}

/* fresh: B^-1 and x_B are current (phase 1 has just ended optimal). */
static int phase2(nqpf_lp *lp, int fresh)
{
    lp->phase = 2;
    for (size_t i = 0; i < lp->m; i++) {
        size_t A = lp->nc + lp->m + i;
        lp->lo[A] = lp->hi[A] = 0.0;
        if (lp->st[A] != ST_BASIC) {
            lp->st[A] = ST_FIXED;
            lp->x[A] = 0.0;
        }
    }
    int rc = run_phase(lp, fresh);
    if (rc == NQPF_LP_OPTIMAL)
        lp->obj = objective(lp);
    return rc;
}

/* Take problem p with every variable but the artificials nonbasic at a
 * bound (reference columns at 0). */
static void start_all_nonbasic(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    setup(lp, p);
    set_bounds(lp);
    for (size_t j = 0; j < lp->n_ref; j++) {
        lp->x[j] = 0.0;
        lp->st[j] = ST_LO;
    }
    for (size_t j = lp->n_ref; j < lp->nc + p->m; j++)
        lp->x[j] = nonbasic_start(lp->lo[j], lp->hi[j], &lp->st[j]);
}

static int solve_attempt(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    if (p->m > lp->max_m || p->n_ref + p->n_ext > lp->max_cols)
        return NQPF_LP_NUMERIC;
    start_all_nonbasic(lp, p);
    size_t m = p->m;
    /* Residual of the rows at the nonbasic start. */
    for (size_t i = 0; i < m; i++)
        lp->r[i] = p->rhs[i];
    for (size_t j = 0; j < p->n_ext; j++) {
        double v = lp->x[lp->n_ref + j];
        if (v == 0.0)
            continue;
        for (size_t i = 0; i < m; i++)
            lp->r[i] -= p->ext[j * m + i] * v;
    }
    int need_phase1 = 0;
    for (size_t i = 0; i < m; i++) {
        size_t L = lp->nc + i, A = lp->nc + m + i;
        double ri = lp->r[i];
        lp->sign[m + i] = ri >= 0 ? 1.0 : -1.0;
        lp->lo[A] = 0.0;
        lp->hi[A] = INFINITY;
        int rt = p->row_type[i];
        if ((rt == NQPF_LP_LE && ri >= 0) || (rt == NQPF_LP_GE && ri <= 0) || (rt == NQPF_LP_EQ && ri == 0)) {
            lp->head[i] = L;
            lp->st[L] = ST_BASIC;
            lp->x[L] = fabs(ri);
            lp->st[A] = ST_FIXED;
            lp->x[A] = 0.0;
        } else {
            lp->head[i] = A;
            lp->st[A] = ST_BASIC;
            lp->x[A] = fabs(ri);
            need_phase1 = 1;
        }
    }
    if (need_phase1) {
        lp->phase = 1;
        int rc = run_phase(lp, 0);
        if (rc != NQPF_LP_OPTIMAL)
            return rc == NQPF_LP_UNBOUNDED ? NQPF_LP_NUMERIC : rc;
        double infeas = 0, scale = 1.0;
        for (size_t i = 0; i < m; i++) {
            infeas += lp->x[lp->nc + m + i];
            if (fabs(p->rhs[i]) > scale)
                scale = fabs(p->rhs[i]);
        }
        if (infeas > NQPF_LP_TOL_PRIMAL * scale)
            return NQPF_LP_INFEASIBLE;
    }
    /* phase 1 ended on a fresh factorisation; changing the costs keeps it */
    return phase2(lp, need_phase1);
}

/* Attempts: the default tolerances; if the result lost primal feasibility,
 * no Harris relaxation and tiny pivots admitted to the ratio test (so no
 * basic variable is stepped over); if a basis became singular, only large
 * pivots.  If all fail the status is NQPF_LP_NUMERIC, never a wrong optimum. */
static int solve_fresh(nqpf_lp *lp, const nqpf_lp_prob *p);

int nqpf_lp_solve(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    int rc = solve_fresh(lp, p);
    lp->optimal = rc == NQPF_LP_OPTIMAL;
    return rc;
}

static int solve_fresh(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    static const double piv[3] = {NQPF_LP_TOL_PIVOT, 1e-13, 1e-6};
    static const double har[3] = {NQPF_LP_HARRIS, 0.0, 1e-9};
    int rc = NQPF_LP_NUMERIC;
    for (int a = 0; a < 3; a++) {
        lp->piv_tol = piv[a];
        lp->harris = har[a];
        rc = solve_attempt(lp, p);
        if (rc == NQPF_LP_PRIMAL_LOST || rc == NQPF_LP_NUMERIC || rc == NQPF_LP_ITERLIMIT)
            continue;
        break;
    }
    lp->piv_tol = NQPF_LP_TOL_PIVOT;
    lp->harris = NQPF_LP_HARRIS;
    if (rc == NQPF_LP_PRIMAL_LOST || rc == NQPF_LP_ITERLIMIT)
        rc = NQPF_LP_NUMERIC;
    return rc;
}

/* The last problem grew by p->n_ref - lp->n_ref reference columns appended
 * after the old ones: shift the variables behind the reference block and
 * make the new columns nonbasic at 0, so the old basis carries over. */
static void grow_ref(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    size_t old = lp->n_ref, d = p->n_ref - old, tail = lp->N - old;
    memmove(lp->x + old + d, lp->x + old, tail * sizeof *lp->x);
    memmove(lp->lo + old + d, lp->lo + old, tail * sizeof *lp->lo);
    memmove(lp->hi + old + d, lp->hi + old, tail * sizeof *lp->hi);
    memmove(lp->st + old + d, lp->st + old, tail);
    for (size_t j = old; j < old + d; j++) {
        lp->x[j] = 0.0;
        lp->st[j] = ST_LO;
    }
    for (size_t k = 0; k < lp->m; k++)
        if (lp->head[k] >= old)
            lp->head[k] += d;
    lp->n_ref = p->n_ref;
    lp->nc += d;
    lp->N += d;
}

int nqpf_lp_add_columns(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    if (!lp->optimal || lp->p == NULL || p->m != lp->m || p->n_ref < lp->n_ref ||
        p->n_ref + p->n_ext > lp->max_cols || p->n_ext != lp->nc - lp->n_ref)
        return nqpf_lp_solve(lp, p);
    grow_ref(lp, p);
    lp->p = p;
    lp->iters = lp->dual_iters = 0;
    lp->pstart = 0;
    /* same basis, same B^-1 and x_B: price the new columns from there */
    int rc = run_phase(lp, 1);
    if (rc == NQPF_LP_OPTIMAL)
        lp->obj = objective(lp);
    else if (rc == NQPF_LP_PRIMAL_LOST || rc == NQPF_LP_NUMERIC || rc == NQPF_LP_ITERLIMIT)
        return nqpf_lp_solve(lp, p);
    lp->optimal = rc == NQPF_LP_OPTIMAL;
    return rc;
}

static int resolve_body(nqpf_lp *lp, const nqpf_lp_prob *p);

int nqpf_lp_resolve(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    int rc = resolve_body(lp, p);
    lp->optimal = rc == NQPF_LP_OPTIMAL;
    return rc;
}

static int resolve_body(nqpf_lp *lp, const nqpf_lp_prob *p)
{
    if (lp->p == NULL || p->m != lp->m || p->n_ref != lp->n_ref || p->n_ref + p->n_ext != lp->nc)
        return nqpf_lp_solve(lp, p);
    lp->p = p;
    lp->iters = lp->dual_iters = 0;
    lp->pstart = 0;
    set_bounds(lp);
    /* Put nonbasic extra columns on a valid bound of their new range. */
    for (size_t j = lp->n_ref; j < lp->nc + lp->m; j++) {
        if (lp->st[j] == ST_BASIC)
            continue;
        double lo = lp->lo[j], hi = lp->hi[j];
        if (lp->st[j] == ST_UP && isfinite(hi)) {
            lp->x[j] = hi;
            if (lo == hi)
                lp->st[j] = ST_FIXED;
        } else {
            lp->x[j] = nonbasic_start(lo, hi, &lp->st[j]);
        }
    }
    if (nqpf_lpi_refactor(lp) != 0)
        return nqpf_lp_solve(lp, p);
    nqpf_lpi_compute_xb(lp);
    for (size_t k = 0; k < lp->m; k++) {
        size_t j = lp->head[k];
        double lo, hi;
        nqpf_lpi_bounds(lp, j, &lo, &hi);
        if (j >= lp->nc + lp->m)
            lo = hi = 0.0;
        if (lp->x[j] < lo - NQPF_LP_TOL_PRIMAL || lp->x[j] > hi + NQPF_LP_TOL_PRIMAL)
            return nqpf_lp_solve(lp, p);
    }
    int rc = phase2(lp, 1);
    if (rc == NQPF_LP_PRIMAL_LOST || rc == NQPF_LP_NUMERIC || rc == NQPF_LP_ITERLIMIT)
        return nqpf_lp_solve(lp, p);
    return rc;
}

int nqpf_lp_solve_from(nqpf_lp *lp, const nqpf_lp_prob *p, const size_t *head)
{
    if (p->m > lp->max_m || p->n_ref + p->n_ext > lp->max_cols)
        return nqpf_lp_solve(lp, p);
    start_all_nonbasic(lp, p);
    size_t m = p->m;
    for (size_t i = 0; i < m; i++) { /* artificials stay out */
        size_t A = lp->nc + m + i;
        lp->sign[m + i] = 1.0;
        lp->lo[A] = lp->hi[A] = lp->x[A] = 0.0;
        lp->st[A] = ST_FIXED;
    }
    for (size_t k = 0; k < m; k++) {
        size_t j = head[k];
        if (j >= lp->nc + m || lp->st[j] == ST_BASIC)
            return nqpf_lp_solve(lp, p); /* not a basis of p */
        lp->head[k] = j;
        lp->st[j] = ST_BASIC;
        lp->x[j] = 0.0;
    }
    lp->phase = 2;
    if (nqpf_lpi_refactor(lp) != 0)
        return nqpf_lp_solve(lp, p);
    nqpf_lpi_compute_xb(lp);
    /* not primal feasible here: dual pivots first (lp_dual.c) */
    if (nqpf_lpi_dual(lp) != NQPF_LP_OPTIMAL)
        return nqpf_lp_solve(lp, p);
    int rc = phase2(lp, 1);
    if (rc == NQPF_LP_PRIMAL_LOST || rc == NQPF_LP_NUMERIC || rc == NQPF_LP_ITERLIMIT)
        return nqpf_lp_solve(lp, p);
    lp->optimal = rc == NQPF_LP_OPTIMAL;
    return rc;
}

size_t nqpf_lp_basis(const nqpf_lp *lp, size_t *head)
{
    memcpy(head, lp->head, lp->m * sizeof *head);
    return lp->m;
}

double nqpf_lp_objective(const nqpf_lp *lp) { return lp->obj; }

double nqpf_lp_value(const nqpf_lp *lp, size_t j)
{
    if (j < lp->n_ref && lp->st[j] != ST_BASIC)
        return 0.0;
    return lp->x[j];
}

const double *nqpf_lp_duals(const nqpf_lp *lp) { return lp->pi; }

size_t nqpf_lp_basic_ref(const nqpf_lp *lp, size_t *idx)
{
    size_t c = 0;
    for (size_t k = 0; k < lp->m; k++)
        if (lp->head[k] < lp->n_ref)
            idx[c++] = lp->head[k];
    return c;
}

size_t nqpf_lp_iterations(const nqpf_lp *lp) { return lp->iters; }

size_t nqpf_lp_dual_iterations(const nqpf_lp *lp) { return lp->dual_iters; }
