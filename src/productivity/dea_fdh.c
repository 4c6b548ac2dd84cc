/* nqpf — free disposal hull (FDH) scores (Deprins, Simar & Tulkens 1984).
 *
 * The FDH technology is the set of points freely disposable from some
 * observed unit: no convexity, so a unit's reference is a single other unit
 * and the score needs no LP — enumerate the reference units that dominate
 * the evaluated point in the fixed dimensions and take the best radial
 * ratio (Tulkens 1993):
 *   input:  theta = min_{j: y_j >= y_0} max_i x_ij / x_i0
 *   output: phi   = max_{j: x_j <= x_0} min_r y_rj / y_r0,  eff = 1/phi
 * Bad outputs are treated as inputs, as in the radial model.  A ratio with
 * a zero denominator sets no bound when the numerator is 0 too and rules
 * the unit j out otherwise (input orientation: theta * 0 >= x_ij > 0 is
 * impossible; output orientation: phi * 0 <= y_rj always holds, so an
 * output the evaluated unit does not produce sets no bound).
 *
 * O(n (m + q + s)) per point, exact: every ratio is computed once, in the
 * ref's power-of-two scaled units, where it equals the unscaled ratio.
 * Peers: the one unit attaining the score (lambda 1); among ties the lowest
 * column, or, with spec.slacks, the one with the largest sum of slacks in
 * original units (the FDH counterpart of the radial max-slack stage).
 * Slacks and targets are relative to that peer: target = the peer's data. */
#include <math.h>

#include "dea_internal.h"

/* Ratio bound of column a against point p0 in variable k: the radial
 * factor the point must be scaled by to reach the column; -1 when the
 * column can never be reached that way (input side) — see above. */
static double input_ratio(double a, double p)
{
    if (p > 0)
        return a / p;
    return a > 0 ? -1.0 : 0.0;
}

/* The input-side variables of the layout: inputs x then bad outputs b
 * (contiguous rows rx .. rx+m+q-1); outputs y follow at ry. */
static int admissible_in(const double *a, const double *p0, const nqpf_dea_rowmap *rm, size_t s, double *theta)
{
    for (size_t r = 0; r < s; r++)
        if (a[rm->ry + r] < p0[(rm->ry - rm->rx) + r])
            return 0;
    double t = 0.0;
    for (size_t i = 0; i < rm->ry - rm->rx; i++) {
        double v = input_ratio(a[rm->rx + i], p0[i]);
        if (v < 0)
            return 0;
        if (v > t)
            t = v;
    }
    *theta = t;
    return 1;
}

static int admissible_out(const double *a, const double *p0, const nqpf_dea_rowmap *rm, size_t s, double *phi)
{
    for (size_t i = 0; i < rm->ry - rm->rx; i++)
        if (a[rm->rx + i] > p0[i])
            return 0;
    double f = INFINITY;
    for (size_t r = 0; r < s; r++) {
        double p = p0[(rm->ry - rm->rx) + r];
        if (p > 0 && a[rm->ry + r] / p < f)
            f = a[rm->ry + r] / p;
    }
    *phi = f;
    return 1;
}

/* Sum of slacks in original units of column a at score `score`. */
static double slack_sum(const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, const double *a, const double *p0,
                        double score, int in)
{
    const nqpf_dea_spec *sp = &ref->spec;
    double sum = 0.0;
    for (size_t i = 0; i < sp->m + sp->q; i++) {
        double f = i < sp->m ? ref->fx[i] : ref->fb[i - sp->m];
        sum += ((in ? score : 1.0) * p0[i] - a[rm->rx + i]) / f;
    }
    for (size_t r = 0; r < sp->s; r++)
        sum += (a[rm->ry + r] - (in ? 1.0 : score) * p0[sp->m + sp->q + r]) / ref->fy[r];
    return sum;
}

int nqpf_dea_score_fdh(const nqpf_dea_ref *ref, const double *p0, const nqpf_dea_point *pt,
                       nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    int in = sp->orient != NQPF_DEA_OUT;
    /* Nothing to contract (input) or to expand (output): radial scores
     * are unbounded, as the LP of the radial model reports them. */
    int any = 0;
    size_t lo = in ? 0 : sp->m + sp->q, hi = in ? sp->m + sp->q : sp->m + sp->q + sp->s;
    for (size_t k = lo; k < hi; k++)
        any |= p0[k] > 0;
    long best = -1;
    double score = in ? INFINITY : -INFINITY, best_slack = -INFINITY;
    for (size_t j = 0; j < ref->n; j++) {
        if ((long)j == pt->exclude)
            continue;
        const double *a = ref->A + j * ref->rows;
        double v = NAN;
        if (!(in ? admissible_in(a, p0, &rm, sp->s, &v) : admissible_out(a, p0, &rm, sp->s, &v)))
            continue;
        int better = in ? v < score : v > score;
        if (!better && v == score && sp->slacks && isfinite(v)) {
            double sl = slack_sum(ref, &rm, a, p0, v, in);
            better = sl > best_slack;
            if (better)
                best_slack = sl;
        } else if (better && sp->slacks && isfinite(v)) {
            best_slack = slack_sum(ref, &rm, a, p0, v, in);
        }
        if (better) {
            score = v;
            best = (long)j;
        }
    }
    res->lp_iters = 0;
    if (best < 0) {
        res->status = NQPF_DEA_INFEASIBLE; /* super-efficiency: nothing dominates */
        return NQPF_OK;
    }
    /* output orientation, phi = 0: every dominated unit lacks an output
     * the evaluated one has, so (super-)efficiency 1/phi is unbounded, as
     * the radial LP reports it */
    if (!any || !isfinite(score) || (!in && score == 0)) {
        res->status = NQPF_DEA_UNBOUNDED;
        return NQPF_OK;
    }
    res->status = NQPF_DEA_OK;
    const double *a = ref->A + (size_t)best * ref->rows;
    res->eff = score;
    res->phi = NAN;
    if (!in) {
        /* 1/phi = max_r y_r0 / y_rj, each ratio rounded once: the
         * correctly rounded efficiency, not the reciprocal of a rounded phi */
        double e = 0.0;
        for (size_t r = 0; r < sp->s; r++) {
            double p = p0[sp->m + sp->q + r];
            if (p > 0 && p / a[rm.ry + r] > e)
                e = p / a[rm.ry + r];
        }
        res->eff = e;
        res->phi = score;
    }
    size_t u = ref->id[best];
    for (size_t i = 0; i < sp->m; i++) {
        double tx = ref->x[u * sp->m + i];
        if (res->slack_x)
            res->slack_x[i] = fmax(0.0, ((in ? score : 1.0) * p0[i] - a[rm.rx + i]) / ref->fx[i]);
        if (res->target_x)
            res->target_x[i] = tx;
    }
    for (size_t i = 0; i < sp->q; i++) {
        double tb = ref->b[u * sp->q + i];
        if (res->slack_b)
            res->slack_b[i] = fmax(0.0, ((in ? score : 1.0) * p0[sp->m + i] - a[rm.rb + i]) / ref->fb[i]);
        if (res->target_b)
            res->target_b[i] = tb;
    }
    for (size_t r = 0; r < sp->s; r++) {
        double ty = ref->y[u * sp->s + r];
        if (res->slack_y)
            res->slack_y[r] = fmax(0.0, (a[rm.ry + r] - (in ? 1.0 : score) * p0[sp->m + sp->q + r]) / ref->fy[r]);
        if (res->target_y)
            res->target_y[r] = ty;
    }
    res->n_peers = 1;
    if (res->peer)
        res->peer[0] = u;
    if (res->lambda)
        res->lambda[0] = 1.0;
    return NQPF_OK;
}
