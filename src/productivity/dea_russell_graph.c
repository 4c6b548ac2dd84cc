/* nqpf — the Russell graph measure (RUSSELL with orient none; Färe, Grosskopf
 * & Lovell 1985; the form of DataEnvelopmentAnalysis.jl's
 * dearussell(orient = :Graph)):
 *
 *   eff = min 1/K (sum_i theta_i + sum_r 1/phi_r)
 *         s.t. sum_j l_j v_ij = theta_i v_i0, theta_i <= 1  (inputs, bad outputs)
 *              sum_j l_j y_rj = phi_r y_r0,  phi_r >= 1     (outputs)
 *              l >= 0 (+ the RTS row)
 *
 * over the variables whose value at the unit is positive, K of them.  A zero
 * input keeps sum l v_i = 0 (as theta_i 0 = 0 forces); a zero output is left
 * free (sum l y_r >= 0, free disposal) and out of the mean.
 *
 * Not an LP: 1/phi is convex, so the problem is a convex program, solved by
 * Kelley's (1960) cutting-plane method in the 1/phi terms.  The LP replaces
 * each 1/phi_r by the upper envelope of its tangents at the cut points
 * 1 = p_0 < p_1 < ... < p_L (and by 0 beyond the last tangent's zero 2 p_L;
 * 1/phi > 0), written without extra rows: phi_r = 1 + the sum of one
 * bounded column per tangent piece, each costing that tangent's slope
 * -1/p_k^2 (pieces between the harmonic means 2 p_k-1 p_k / (p_k-1 + p_k)
 * of neighbouring cut points, where the tangents cross) plus a free
 * zero-cost tail.  The slopes increase, so the LP fills the pieces in order
 * and its optimum LB is the minimum of a function below the objective over
 * the same constraints: LB <= eff*.  The lambdas it finds are feasible, so
 * UB = the objective at their factors (theta_i, phi_r read back from sum l
 * v, as the oriented measures do) is >= eff*.  Each round adds a cut at
 * every phi_r of that point; stop when UB - LB <= GAP_TOL (absolute; the
 * objective is in [0, 1]), and UB, the objective of the reported lambdas,
 * targets and factors, is the score: within GAP_TOL of the optimum by that
 * certificate.  Kelley's method converges (every limit point is optimal)
 * when the phi_r stay bounded; they are bounded unless a reference unit with
 * every input and bad output zero produces a counted output, possible only
 * under CRS and NDRS: then the infimum (1/phi_r -> 0) is not attained and
 * the status is UNBOUNDED.  A round that cannot add a new cut (phi_r at an
 * existing cut point, where the envelope is exact, and the LP's error
 * beyond STALL_TOL) or that runs out of cut slots (NQPF_DEA_RUSSELL_SEGS
 * per output) without closing the gap reports NUMERIC: no score rather
 * than one without a certificate. */
#include <math.h>

#include "dea_internal.h"

#define GAP_TOL 1e-11
/* A point whose every phi_r is a cut point has no envelope error left: its
 * UB - LB is the LP's own error (rows held to 1e-9 on data scaled to ~1;
 * up to ~4e-9 on data over seven orders of magnitude), accepted to this. */
#define STALL_TOL 1e-8
#define SEGS NQPF_DEA_RUSSELL_SEGS

/* One output's cut points: cut[k] is the cut of column slot k (slot 0 is 1,
 * slot SEGS - 1 the tail), ord the slots in increasing order of cut. */
typedef struct {
    double cut[SEGS];
    size_t ord[SEGS], n;
} cuts;

static void cuts_add(cuts *c, double p)
{
    size_t i = c->n++;
    c->cut[i] = p;
    for (; i > 0 && c->cut[c->ord[i - 1]] > p; i--)
        c->ord[i] = c->ord[i - 1];
    c->ord[i] = c->n - 1;
}

/* Is p within a relative 1e-13 of a cut point (nothing left to refine)? */
static int cuts_has(const cuts *c, double p)
{
    for (size_t k = 0; k < c->n; k++)
        if (fabs(c->cut[k] - p) <= 1e-13 * p)
            return 1;
    return 0;
}

/* Bounds and costs of output r's columns col.. col + SEGS - 1: the pieces
 * of the tangent envelope of 1/phi over its cut points, weighed by wt. */
static void cuts_columns(const cuts *c, nqpf_dea_ws *ws, size_t col, double wt)
{
    for (size_t k = 0; k < SEGS; k++) {
        ws->cost[col + k] = 0.0;
        ws->lo[col + k] = ws->hi[col + k] = 0.0;
    }
    double left = 1.0;
    for (size_t i = 0; i < c->n; i++) {
        double p = c->cut[c->ord[i]];
        double right = i + 1 < c->n ? 2.0 * p * c->cut[c->ord[i + 1]] / (p + c->cut[c->ord[i + 1]]) : 2.0 * p;
        size_t k = col + c->ord[i];
        ws->cost[k] = -wt / (p * p);
        ws->hi[k] = fmax(0.0, right - left);
        left = right;
    }
    ws->hi[col + SEGS - 1] = INFINITY; /* beyond 2 p_L the envelope is 0 */
}

/* Can phi_r grow without bound: a reference unit with every input and bad
 * output zero and y_r > 0, under returns to scale that let lambda grow? */
static int unbounded(const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, const nqpf_dea_point *pt, const double *p0)
{
    const nqpf_dea_spec *sp = &ref->spec;
    size_t in = sp->m + sp->q;
    if (sp->rts != NQPF_DEA_CRS && sp->rts != NQPF_DEA_NDRS)
        return 0;
    for (size_t j = 0; j < ref->n; j++) {
        const double *a = ref->A + j * rm->rows + rm->rx;
        size_t v = 0;
        while (v < in && a[v] == 0)
            v++;
        if ((long)j == pt->exclude || v < in)
            continue;
        for (v = in; v < in + sp->s; v++)
            if (p0[v] > 0 && a[v] > 0)
                return 1;
    }
    return 0;
}

/* Solve prob from the last basis (warm) or afresh; a warm start that ends
 * in anything but an optimum (badly scaled data: a singular basis, or an
 * "unbounded" ray that cannot exist, every objective being bounded) is
 * retried from a crash basis. */
static int resolve(nqpf_dea_ws *ws, const nqpf_lp_prob *prob, int warm, nqpf_dea_result *res)
{
    int st = warm ? nqpf_lp_resolve(ws->lp, prob) : nqpf_lp_solve(ws->lp, prob);
    res->lp_iters += nqpf_lp_iterations(ws->lp);
    if (warm && st != NQPF_LP_OPTIMAL) {
        st = nqpf_lp_solve(ws->lp, prob);
        res->lp_iters += nqpf_lp_iterations(ws->lp);
    }
    return st;
}

/* The factors of the last LP's lambdas (fac: theta_i <= 1, phi_r >= 1, 1
 * for a variable not counted; agg: sum l v) and the objective there. */
static double factors(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, double wt, double *agg,
                      double *fac)
{
    const double *p0 = ws->p0;
    size_t in = ref->spec.m + ref->spec.q, d = in + ref->spec.s;
    double ub = 0.0;
    nqpf_dea_russell_agg(ws, ref, rm, agg);
    for (size_t v = 0; v < d; v++) {
        fac[v] = 1.0;
        if (p0[v] > 0 && v < in)
            ub += fac[v] = fmin(1.0, agg[v] / p0[v]);
        else if (p0[v] > 0)
            ub += 1.0 / (fac[v] = fmax(1.0, agg[v] / p0[v]));
    }
    return ub * wt;
}

/* The LP of the inputs with every phi_r fixed (the pieces at 0, rhs
 * phi_r y_r0): F(phi) = min 1/K sum theta_i; returns the objective at its
 * factors (F(phi) + 1/K sum 1/phi_r), NaN when infeasible or failed. */
static double fixed_phi(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, const nqpf_lp_prob *prob,
                        const double *phi, double wt, double *agg, double *fac, nqpf_dea_result *res)
{
    size_t in = ref->spec.m + ref->spec.q, s = ref->spec.s, cs = 1 + in + s + in;
    for (size_t k = cs; k < cs + s * SEGS; k++)
        ws->lo[k] = ws->hi[k] = 0.0;
    for (size_t r = 0; r < s; r++)
        ws->rhs[rm->ry + r] = ws->p0[in + r] > 0 ? phi[r] * ws->p0[in + r] : 0.0;
    int st = resolve(ws, prob, 1, res);
    return st == NQPF_LP_OPTIMAL ? factors(ws, ref, rm, wt, agg, fac) : NAN;
}

/* Polish Kelley's point (its phi in fac) on the face of its LP
 * (dea_russell_face.c), up to three times: a polished phi is kept when the
 * LP at it scores lower, so UB - LB <= GAP_TOL still holds; the last LP
 * solved is that of the point kept, which the result block reads.  Returns
 * its objective (NaN when even Kelley's phi fails, which cannot happen:
 * its lambdas are feasible for the fixed-phi LP). */
static double polish(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, const nqpf_lp_prob *prob,
                     double wt, double *agg, double *fac, nqpf_dea_result *res)
{
    size_t in = ref->spec.m + ref->spec.q, s = ref->spec.s;
    double phi[64], step[64];
    for (size_t r = 0; r < s; r++)
        phi[r] = fac[in + r];
    double ub = fixed_phi(ws, ref, rm, prob, phi, wt, agg, fac, res);
    for (int it = 0; it < 3 && ub == ub && nqpf_dea_russell_face(ws, ref, rm, wt, step); it++) {
        double u = fixed_phi(ws, ref, rm, prob, step, wt, agg, fac, res);
        if (!(u <= ub + 4e-16)) { /* not higher beyond rounding: the objective is flat there */
            ub = fixed_phi(ws, ref, rm, prob, phi, wt, agg, fac, res); /* back to the point kept */
            break;
        }
        ub = u;
        for (size_t r = 0; r < s; r++)
            phi[r] = step[r];
    }
    return ub;
}

int nqpf_dea_score_russell_graph(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt,
                                 nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t m = sp->m, q = sp->q, s = sp->s, in = m + q, d = in + s, c0 = 1 + d, cs = c0 + in;
    size_t k_cols = cs + s * SEGS, R = rm.rows, K = 0;
    const double *p0 = ws->p0;
    if (k_cols > ws->max_ext || d > 64)
        return NQPF_EINTERNAL;
    for (size_t v = 0; v < d; v++)
        K += p0[v] > 0;
    if (unbounded(ref, &rm, pt, p0)) {
        res->status = NQPF_DEA_UNBOUNDED;
        return NQPF_OK;
    }
    double wt = K ? 1.0 / (double)K : 0.0;
    nqpf_dea_cols(ws, &rm, sp, k_cols);
    ws->hi[0] = 0.0;
    for (size_t v = 0; v < d; v++) {
        if (p0[v] > 0) /* sum l v = factor v0: no slack */
            ws->hi[1 + v] = 0.0;
        ws->rhs[rm.rx + v] = v >= in ? p0[v] : 0.0; /* phi_r = 1 + the pieces */
    }
    for (size_t v = 0; v < in; v++) { /* theta_i, in [0, 1] */
        ws->ext[(c0 + v) * R + rm.rx + v] = -p0[v];
        ws->cost[c0 + v] = p0[v] > 0 ? wt : 0.0;
        ws->hi[c0 + v] = p0[v] > 0 ? 1.0 : 0.0;
    }
    cuts cut[64];
    for (size_t r = 0; r < s; r++) {
        cut[r].n = 0;
        cuts_add(&cut[r], 1.0);
        for (size_t k = 0; k < SEGS; k++)
            ws->ext[(cs + r * SEGS + k) * R + rm.ry + r] = -p0[in + r];
    }
    nqpf_lp_prob prob;
    nqpf_dea_prob(&prob, ws, ref, &rm, k_cols, pt->exclude);
    double agg[64], fac[64];
    for (size_t round = 0;; round++) {
        for (size_t r = 0; r < s; r++) { /* (after a polish, which fixed phi) */
            ws->rhs[rm.ry + r] = p0[in + r];
            if (p0[in + r] > 0)
                cuts_columns(&cut[r], ws, cs + r * SEGS, wt);
        }
        /* only bounds and costs change between rounds: restart from the last basis */
        int st = resolve(ws, &prob, round > 0, res);
        res->status = nqpf_dea_lp_status(st);
        if (st != NQPF_LP_OPTIMAL)
            return NQPF_OK;
        double lb = nqpf_lp_objective(ws->lp), ub = factors(ws, ref, &rm, wt, agg, fac);
        for (size_t r = 0; r < s; r++)
            lb += p0[in + r] > 0 ? wt : 0.0; /* the envelope's value 1 at phi = 1 */
        int stall = 1; /* is every phi_r at a cut point, where the envelope is exact? */
        for (size_t r = 0; r < s; r++)
            stall &= !(p0[in + r] > 0) || cuts_has(&cut[r], fac[in + r]);
        if (ub - lb <= (stall ? STALL_TOL : GAP_TOL) || !K) {
            double u = K ? polish(ws, ref, &rm, &prob, wt, agg, fac, res) : ub;
            if (u - lb <= (stall ? STALL_TOL : GAP_TOL) || !K) { /* the certificate, for the point reported */
                res->eff = K ? u : 1.0;   /* nothing to scale: on the frontier */
                nqpf_dea_russell_report(ws, ref, pt, agg, fac, res);
                return NQPF_OK;
            }
            /* the LP at fixed phi scored a hair above Kelley's point (its
             * tolerances): go on cutting, at the phi in fac */
        }
        int added = 0;
        for (size_t r = 0; r < s; r++) {
            double p = fac[in + r];
            if (!(p0[in + r] > 0) || cuts_has(&cut[r], p))
                continue;
            if (cut[r].n == SEGS - 1)
                break; /* out of slots */
            cuts_add(&cut[r], p);
            added = 1;
        }
        if (!added) {
            res->status = NQPF_DEA_NUMERIC;
            return NQPF_OK;
        }
    }
}
