/* nqpf — the modified directional distance function (MDDF in dea.h;
 * Aparicio, Pastor & Ray 2013; DataEnvelopmentAnalysis.jl's deamddf):
 * one factor for the inputs and one for the outputs,
 *
 *   eff = max beta_x + beta_y  s.t.  sum l x + s- + beta_x gx = x0,
 *         sum l b + sb + beta_x gb = b0, sum l y - s+ - beta_y gy = y0,
 *
 * on the shared column layout of dea_score.c: column 0 is beta_x, 1..d the
 * slacks, 1 + d beta_y (the slot the non-oriented EBM uses for eta).  A
 * side whose direction is all zero keeps its factor at 0.  With slacks a
 * second stage fixes both factors and maximises the slacks in original
 * units (the additive model on the first-stage targets, as the Julia
 * package). */
#include <math.h>

#include "dea_internal.h"

int nqpf_dea_score_mddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t m = sp->m, q = sp->q, in = m + q, d = in + sp->s, cy = 1 + d, k = 2 + d;
    const size_t R = rm.rows;
    nqpf_dea_cols(ws, &rm, sp, k);
    int any_x = 0, any_y = 0;
    for (size_t v = 0; v < d; v++) { /* rows x, b, y follow each other from rm.rx */
        ws->rhs[rm.rx + v] = ws->p0[v];
        if (v < in)
            ws->ext[rm.rx + v] = ws->g0[v], any_x |= ws->g0[v] > 0;
        else
            ws->ext[cy * R + rm.rx + v] = -ws->g0[v], any_y |= ws->g0[v] > 0;
    }
    ws->cost[0] = ws->cost[cy] = -1.0;
    ws->hi[0] = any_x ? INFINITY : 0.0;
    ws->hi[cy] = any_y ? INFINITY : 0.0;
    if (nqpf_dea_solve(ws, ref, &rm, k, pt->exclude, res) != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    double bx = nqpf_lp_value(ws->lp, ref->n), by = nqpf_lp_value(ws->lp, ref->n + cy);
    if (sp->slacks) {
        const double *f[3] = {ref->fx, ref->fb, ref->fy};
        ws->lo[0] = ws->hi[0] = bx;
        ws->lo[cy] = ws->hi[cy] = by;
        ws->cost[0] = ws->cost[cy] = 0.0;
        for (size_t v = 0; v < d; v++) /* a scaled slack is f times the original */
            ws->cost[1 + v] = -1.0 / (v < m ? f[0][v] : v < in ? f[1][v - m] : f[2][v - in]);
        if (nqpf_dea_solve(ws, ref, &rm, k, pt->exclude, res) != NQPF_LP_OPTIMAL)
            return NQPF_OK;
    }
    res->eff = bx + by;
    nqpf_dea_finish(ws, ref, pt, 1.0, 1.0, res->eff, res); /* slacks, peers; targets x0 - s */
    for (size_t i = 0; res->target_x && i < m; i++)
        res->target_x[i] -= bx * ws->g0[i] / ref->fx[i];
    for (size_t i = 0; res->target_b && i < q; i++)
        res->target_b[i] -= bx * ws->g0[m + i] / ref->fb[i];
    for (size_t i = 0; res->target_y && i < sp->s; i++)
        res->target_y[i] += by * ws->g0[in + i] / ref->fy[i];
    return NQPF_OK;
}
