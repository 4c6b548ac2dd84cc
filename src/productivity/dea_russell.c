/* nqpf — input and output Russell measures (RUSSELL in dea.h; Färe &
 * Lovell 1978) on the shared column layout of dea_score.c.
 *
 * Columns: 0 the score (fixed at 0: not used), 1..d one slack per row, then
 * one factor per counted variable: theta_i (inputs, bad outputs; 0..1) in
 * rows sum l x + s- - theta_i x_i0 = 0, or phi_r (outputs; >= 1) in rows
 * sum l y - s+ - phi_r y_r0 = 0.  A variable whose x_i0 (y_r0) is 0 cannot
 * be scaled: its factor is fixed at 1.
 *
 * Each slack column is scaled by its row's value at the point (entry v_0
 * instead of 1), and the factors are read back from the reported lambdas:
 * the LP core accepts a basic variable up to 1e-9 below its bound, and on a
 * row whose v_0 is tiny next to the row's largest value (data over many
 * orders of magnitude) that tolerance, or a lambda below the reported peers'
 * threshold, would move that row's factor by far more than 1e-9. */
#include <math.h>

#include "dea_internal.h"

#define LAMBDA_TOL 1e-12 /* as the peers of dea_score.c */

void nqpf_dea_russell_agg(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, double *agg)
{
    size_t d = ref->spec.m + ref->spec.q + ref->spec.s;
    for (size_t v = 0; v < d; v++)
        agg[v] = 0.0;
    size_t nb = nqpf_lp_basic_ref(ws->lp, ws->basic);
    for (size_t b = 0; b < nb; b++) {
        double l = nqpf_lp_value(ws->lp, ws->basic[b]);
        const double *a = ref->A + ws->basic[b] * rm->rows;
        for (size_t v = 0; l > LAMBDA_TOL && v < d; v++)
            agg[v] += l * a[rm->rx + v];
    }
}

void nqpf_dea_russell_report(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, const double *agg,
                             const double *fac, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    size_t m = sp->m, in = m + sp->q, d = in + sp->s;
    nqpf_dea_finish(ws, ref, pt, 1.0, 1.0, res->eff, res); /* peers and lambdas */
    /* slacks and targets from the factors and the lambdas: targets are
     * sum l (x, y), slacks theta_i x_i0 - target, target - phi_r y_r0 */
    for (size_t v = 0; v < d; v++) {
        double f, a0;
        if (v < m)
            f = ref->fx[v], a0 = pt->x[v];
        else if (v < in)
            f = ref->fb[v - m], a0 = pt->b[v - m];
        else
            f = ref->fy[v - in], a0 = pt->y[v - in];
        double t = agg[v] / f, sl = fmax(0.0, v < in ? fac[v] * a0 - t : t - fac[v] * a0);
        size_t i = v < m ? v : v < in ? v - m : v - in;
        double *ds = v < m ? res->slack_x : v < in ? res->slack_b : res->slack_y;
        double *dt = v < m ? res->target_x : v < in ? res->target_b : res->target_y;
        if (ds)
            ds[i] = sl;
        if (dt)
            dt[i] = t;
    }
}

int nqpf_dea_score_russell(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt,
                           nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t m = sp->m, q = sp->q, s = sp->s, in = m + q, d = in + s, c0 = 1 + d;
    int out = sp->orient == NQPF_DEA_OUT;
    size_t v0 = out ? in : 0, v1 = out ? d : in; /* the scaled variables */
    double wt = 1.0 / (double)(v1 - v0);
    if (sp->orient == NQPF_DEA_NONE)
        return NQPF_EINTERNAL; /* refused by nqpf_dea_spec_check */
    nqpf_dea_cols(ws, &rm, sp, c0 + (v1 - v0));
    ws->hi[0] = 0.0;
    for (size_t v = 0; v < d; v++) {
        if (ws->p0[v] > 0)
            ws->ext[(1 + v) * rm.rows + rm.rx + v] *= ws->p0[v];
        ws->rhs[rm.rx + v] = v >= v0 && v < v1 ? 0.0 : ws->p0[v];
    }
    for (size_t v = v0; v < v1; v++) {
        size_t c = c0 + v - v0;
        ws->ext[c * rm.rows + rm.rx + v] = -ws->p0[v];
        ws->cost[c] = out ? -wt : wt;
        ws->lo[c] = ws->p0[v] > 0 ? (out ? 1.0 : 0.0) : 1.0;
        ws->hi[c] = ws->p0[v] > 0 && out ? INFINITY : 1.0;
    }
    if (nqpf_dea_solve(ws, ref, &rm, c0 + (v1 - v0), pt->exclude, res) != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    double agg[64];
    nqpf_dea_russell_agg(ws, ref, &rm, agg);
    double sum = 0.0, fac[64];
    for (size_t v = 0; v < d; v++) {
        fac[v] = 1.0;
        if (v < v0 || v >= v1 || !(ws->p0[v] > 0))
            continue;
        double f = nqpf_lp_value(ws->lp, ref->n + c0 + v - v0), r = agg[v] / ws->p0[v];
        fac[v] = out ? fmax(1.0, fmin(f, r)) : fmin(1.0, fmax(f, r));
    }
    for (size_t v = v0; v < v1; v++)
        sum += fac[v];
    res->eff = out ? (double)(v1 - v0) / sum : sum * wt;
    if (out)
        res->phi = sum * wt; /* the mean phi, DataEnvelopmentAnalysis.jl's output Russell score */
    nqpf_dea_russell_report(ws, ref, pt, agg, fac, res);
    return NQPF_OK;
}
