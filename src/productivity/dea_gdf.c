/* nqpf — generalized (hyperbolic) distance function (GDF in dea.h;
 * Chavas & Cox 1999, Färe, Grosskopf & Lovell 1985):
 *
 *   eff = min delta  s.t.  sum l (x, b) <= delta^(1-a) (x0, b0),
 *                          sum l y >= y0 / delta^a   (+ the RTS row).
 *
 * Not an LP (DataEnvelopmentAnalysis.jl's deagdf hands it to Ipopt), but
 * one-dimensional: delta is feasible iff the radial input score theta(delta)
 * of the point (delta^(1-a) (x0, b0), y0 / delta^a) is <= 1, and theta
 * decreases in delta (the point's inputs grow, its outputs shrink).  So the
 * least feasible delta is the root of g(u) = ln theta(e^u), found by
 * regula falsi with the Illinois safeguard, each step one radial LP of the
 * same columns.  In u = ln delta, g is linear under CRS (g = ln theta(1) -
 * u: one step) and piecewise smooth otherwise.
 *
 * The bracket comes from the model: for delta < delta_h, theta(delta) >=
 * theta(delta_h) (delta_h / delta)^(1-a) (outputs y0 / delta^a are only
 * harder to reach), so g(u) >= g(u_h) + (1-a)(u_h - u) and no root lies
 * below u_h + g(u_h)/(1-a). */
#include <math.h>

#include "dea_internal.h"

#define U_TOL 1e-13   /* stop when the bracket in ln delta is this narrow */
#define MAX_STEPS 400 /* regula falsi steps (bisection alone needs ~50) */
#define MAX_WIDEN 5   /* doublings of the step down (to ln delta = -31) before delta -> 0 */

typedef struct gdf_ctx {
    nqpf_dea_ws *ws;
    const nqpf_dea_ref *rad; /* the same columns read as a radial input ref */
    const nqpf_dea_point *pt;
    double a;
    nqpf_dea_result *res;
    size_t iters;
} gdf_ctx;

/* g(u) = ln theta(e^u), +inf when that point is infeasible (outputs out of
 * reach); *st the LP's status. */
static double g_at(gdf_ctx *c, double u, int *st)
{
    const nqpf_dea_spec *sp = &c->rad->spec;
    const nqpf_dea_point *pt = c->pt;
    double xs[64], bs[64], ys[64], ex = exp((1.0 - c->a) * u), ey = exp(-c->a * u);
    for (size_t i = 0; i < sp->m; i++)
        xs[i] = pt->x[i] * ex;
    for (size_t i = 0; i < sp->q; i++)
        bs[i] = pt->b[i] * ex;
    for (size_t i = 0; i < sp->s; i++)
        ys[i] = pt->y[i] * ey;
    nqpf_dea_point p = {xs, ys, bs, NULL, NULL, NULL, pt->exclude};
    int rc = nqpf_dea_score(c->ws, c->rad, &p, c->res);
    c->iters += c->res->lp_iters;
    *st = rc ? NQPF_DEA_NUMERIC : c->res->status;
    if (*st == NQPF_DEA_INFEASIBLE)
        return INFINITY;
    return *st == NQPF_DEA_OK ? log(c->res->eff) : NAN;
}

/* ln delta where the outputs y0 / delta^a leave the reach of the
 * technology (VRS, NIRS: at most phi y0 with phi the radial output score of
 * y0 with inputs no unit exceeds, so that they never bind), or NAN. */
static double reach_u(gdf_ctx *c)
{
    const nqpf_dea_ref *r = c->rad;
    const nqpf_dea_spec *sp = &r->spec;
    if (!(c->a > 0) || (sp->rts != NQPF_DEA_VRS && sp->rts != NQPF_DEA_NIRS))
        return NAN; /* outputs reach any multiple: no edge */
    double xb[64] = {0}, bb[64] = {0};
    for (size_t j = 0; j < r->n; j++) {
        for (size_t i = 0; i < sp->m; i++)
            xb[i] = fmax(xb[i], r->x[r->id[j] * sp->m + i]);
        for (size_t i = 0; i < sp->q; i++)
            bb[i] = fmax(bb[i], r->b[r->id[j] * sp->q + i]);
    }
    nqpf_dea_ref out = *r;
    out.spec.orient = NQPF_DEA_OUT;
    nqpf_dea_point p = {xb, c->pt->y, bb, NULL, NULL, NULL, c->pt->exclude};
    if (nqpf_dea_score(c->ws, &out, &p, c->res) || c->res->status != NQPF_DEA_OK)
        return NAN;
    c->iters += c->res->lp_iters;
    return -log(c->res->phi) / c->a;
}

/* The least feasible u, from a feasible uh (gh <= 0; -inf where theta is
 * 0); -inf when every delta is feasible however small; NAN with *st set
 * when an LP fails. */
static double root(gdf_ctx *c, double uh, double gh, int *st)
{
    double ul, gl;
    if (c->a < 1 && gh > -INFINITY) {
        ul = uh + gh / (1.0 - c->a);
        gl = g_at(c, ul, st);
        if (*st != NQPF_DEA_OK && *st != NQPF_DEA_INFEASIBLE)
            return NAN;
        if (gl <= 0) /* the bound is attained: nothing feasible lies below */
            return ul;
    } else {
        double step = 1.0;
        for (size_t k = 0;; k++, step *= 2) {
            if (k == MAX_WIDEN) { /* feasible however small: delta -> 0 (e.g. y0 = 0) */
                *st = NQPF_DEA_OK;
                return -INFINITY;
            }
            ul = uh - step;
            gl = g_at(c, ul, st);
            if (*st != NQPF_DEA_OK && *st != NQPF_DEA_INFEASIBLE)
                return NAN;
            if (gl > 0)
                break;
            uh = ul, gh = gl;
        }
    }
    int side = 0;
    for (size_t k = 0; k < MAX_STEPS && uh - ul > U_TOL; k++) {
        double u = isinf(gl) || isinf(gh) ? 0.5 * (ul + uh) : uh - gh * (uh - ul) / (gh - gl);
        if (!(u > ul && u < uh))
            u = 0.5 * (ul + uh);
        double g = g_at(c, u, st);
        /* Where the outputs y0 / delta^a leave the technology's reach, theta
         * jumps from below 1 to infeasible, and right at that edge the LP
         * can fail numerically: there, as below it, no delta is feasible. */
        if (*st == NQPF_DEA_NUMERIC && isinf(gl))
            g = INFINITY;
        else if (*st != NQPF_DEA_OK && *st != NQPF_DEA_INFEASIBLE)
            return NAN;
        if (g > 0) {
            ul = u, gl = g;
            if (side < 0) /* Illinois: the kept end twice, halve its value */
                gh *= 0.5;
            side = -1;
        } else {
            uh = u, gh = g;
            if (side > 0 && !isinf(gl))
                gl *= 0.5;
            side = 1;
            if (g == 0)
                break;
        }
    }
    *st = NQPF_DEA_OK;
    if (isinf(gl)) {
        /* infeasible below: the root is the edge of the outputs' reach,
         * where the bisection can only get to the LP's feasibility
         * tolerance; take the edge from its own (well-posed) LP */
        double ue = reach_u(c);
        if (ue > ul - 1e-6 && ue < uh + 1e-6) { /* uh may sit below the edge by the LP's tolerance */
            int se;
            g_at(c, ue, &se);
            if (se == NQPF_DEA_OK)
                return ue;
        }
    }
    return uh;
}

int nqpf_dea_score_gdf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res)
{
    nqpf_dea_ref rad = *ref; /* shares the columns; only the model differs */
    rad.spec.model = NQPF_DEA_RADIAL;
    rad.spec.orient = NQPF_DEA_IN;
    gdf_ctx c = {ws, &rad, pt, ref->spec.gdf_alpha, res, 0};
    int st;
    double g1 = g_at(&c, 0.0, &st), u = 0.0;
    /* theta 0 = delta when a = 0, and under CRS delta = theta(1) for any a */
    int closed = c.a == 0 || ref->spec.rts == NQPF_DEA_CRS;
    if (st == NQPF_DEA_OK && g1 == -INFINITY && closed) {
        res->eff = 0.0;
        res->lp_iters = c.iters;
        return NQPF_OK;
    }
    if (st == NQPF_DEA_OK && g1 > 0 && g1 <= 1e-9)
        g1 = 0.0; /* the unit in its own reference: theta(1) <= 1 up to rounding */
    if (st == NQPF_DEA_OK && g1 > 0)
        st = NQPF_DEA_INFEASIBLE; /* not even delta = 1 (the unit left out of its own reference) */
    if (st == NQPF_DEA_OK)
        u = closed ? g1 : root(&c, 0.0, g1, &st);
    if (st == NQPF_DEA_OK && u > -INFINITY)
        g_at(&c, u, &st); /* peers, lambdas, slacks and targets at the solution */
    double theta = res->eff, ex = u > -INFINITY ? exp((1.0 - c.a) * u) : 0.0;
    res->lp_iters = c.iters;
    res->status = st;
    res->phi = NAN;
    res->eff = st == NQPF_DEA_OK ? exp(u) : NAN;
    /* the radial slacks are theta x' - sum l x; GDF's are x' - sum l x
     * (x' = delta^(1-a) x0), which differ where theta < 1: at the edge of
     * the outputs' reach */
    for (size_t i = 0; st == NQPF_DEA_OK && res->slack_x && i < ref->spec.m; i++)
        res->slack_x[i] += (1.0 - theta) * pt->x[i] * ex;
    for (size_t i = 0; st == NQPF_DEA_OK && res->slack_b && i < ref->spec.q; i++)
        res->slack_b[i] += (1.0 - theta) * pt->b[i] * ex;
    return NQPF_OK;
}
