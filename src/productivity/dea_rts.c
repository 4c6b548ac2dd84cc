/* nqpf — the range of the free term u0 over the optimal multipliers of the
 * VRS input-oriented radial model (Banker & Thrall 1992), which classifies
 * returns to scale at the unit's projection when the optimum is not unique:
 * increasing if u0 < 0 at every optimum (max u0 < 0), decreasing if u0 > 0
 * at every optimum (min u0 > 0), constant otherwise (Cooper, Seiford & Tone
 * 2007, ch. 5, with theta = u.y0 - u0).
 *
 * min u0 over {v.x0 = 1, u.y0 - u0 = theta*, u.y_j - v.x_j - u0 <= 0,
 * v, u >= 0} has n constraints; its LP dual has the envelopment shape the
 * small-row core is built for:
 *     min a - theta* b  s.t.  sum l x <= a x0,  sum l y >= b y0,
 *                             sum l - b = c,  l >= 0,  a, b free,
 * with min u0 = -(optimum at c = 1) and max u0 = (optimum at c = -1)
 * (strong duality; the max is min of -u0, whose u0 column flips c).  Bad
 * outputs are inputs, as in the radial model. */
#include <math.h>

#include "dea_internal.h"

static int solve_side(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, double theta, double c,
                      double *value)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t R = rm.rows, m = sp->m, q = sp->q, s = sp->s, k = 2 + m + q + s;
    const double *px = ws->p0, *pb = ws->p0 + m, *py = ws->p0 + m + q;
    nqpf_dea_cols(ws, &rm, sp, k);
    double *a = ws->ext, *b = ws->ext + (k - 1) * R;
    for (size_t i = 0; i < m; i++)
        a[rm.rx + i] = -px[i];
    for (size_t i = 0; i < q; i++)
        a[rm.rb + i] = -pb[i];
    for (size_t i = 0; i < s; i++)
        b[rm.ry + i] = -py[i];
    b[rm.rc] = -1.0;
    ws->rhs[rm.rc] = c;
    ws->cost[0] = 1.0;
    ws->cost[k - 1] = -theta;
    ws->lo[0] = ws->lo[k - 1] = -INFINITY;
    nqpf_lp_prob p;
    nqpf_dea_prob(&p, ws, ref, &rm, k, pt->exclude);
    int st = nqpf_lp_solve(ws->lp, &p);
    *value = st == NQPF_LP_OPTIMAL ? nqpf_lp_objective(ws->lp) : NAN;
    return st;
}

/* An infeasible dual side means the multiplier LP is unbounded in that
 * direction (it is feasible: theta* has optimal multipliers), so u0 is
 * unbounded there: -inf or +inf. */
void nqpf_dea_u0_range(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, double theta,
                       double range[2])
{
    double lo = NAN, hi = NAN;
    int st = solve_side(ws, ref, pt, theta, 1.0, &lo);
    range[0] = st == NQPF_LP_OPTIMAL ? -lo : st == NQPF_LP_INFEASIBLE ? -INFINITY : NAN;
    st = solve_side(ws, ref, pt, theta, -1.0, &hi);
    range[1] = st == NQPF_LP_OPTIMAL ? hi : st == NQPF_LP_INFEASIBLE ? INFINITY : NAN;
}
