/* nqpf — the EBM envelopment LPs (Tone & Tsutsui 2010; formulas in dea.h)
 * on the shared column layout of dea_score.c.
 *
 * Rows are the input, bad-output and output rows (and, non-oriented, the
 * normalisation row 0).  Scaling: a slack term w s_i / x_i0 is invariant
 * when row i is scaled by a power of two, so the LP uses the ref's scaled
 * point directly and slacks come back through nqpf_dea_finish in original
 * units. */
#include <math.h>

#include "dea_internal.h"

int nqpf_dea_score_ebm(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t R = rm.rows, m = sp->m, q = sp->q, s = sp->s;
    int none = sp->orient == NQPF_DEA_NONE, in = sp->orient == NQPF_DEA_IN;
    size_t k = 1 + m + q + s + (size_t)none; /* non-oriented: eta is column k - 1 */
    const double *px = ws->p0, *pb = ws->p0 + m, *py = ws->p0 + m + q;
    const double *w = sp->ebm_w;
    double ei = sp->ebm_eps_in, eo = sp->ebm_eps_out, eb = sp->ebm_eps_bad;
    nqpf_dea_cols(ws, &rm, sp, k);
    double *col = ws->ext; /* column 0: theta (in, none) or phi (out) */
    ws->lo[0] = -INFINITY; /* all-zero inputs (outputs) leave it free: UNBOUNDED, as RADIAL */
    size_t cx = 1, cb = 1 + m, cy = 1 + m + q; /* first slack column of each block */
    if (!sp->ebm_ready)
        return NQPF_EINTERNAL;
    if (!none && in) {
        /* min theta - ei sum w s/x0 over theta x0 = X l + s-, Y l - s+ = y0;
         * bad outputs are inputs here */
        for (size_t i = 0; i < m; i++) {
            col[rm.rx + i] = -px[i];
            ws->cost[cx + i] = px[i] > 0 ? -ei * w[i] / px[i] : 0.0;
        }
        for (size_t i = 0; i < q; i++) {
            col[rm.rb + i] = -pb[i];
            ws->cost[cb + i] = pb[i] > 0 ? -ei * w[m + i] / pb[i] : 0.0;
        }
        for (size_t i = 0; i < s; i++)
            ws->rhs[rm.ry + i] = py[i];
        ws->cost[0] = 1.0;
    } else if (!none) {
        /* max phi + eo sum w s+/y0 over X l + s- = x0, Y l - s+ = phi y0 */
        for (size_t i = 0; i < s; i++) {
            col[rm.ry + i] = -py[i];
            ws->cost[cy + i] = py[i] > 0 ? -eo * w[m + q + i] / py[i] : 0.0;
        }
        for (size_t i = 0; i < m; i++)
            ws->rhs[rm.rx + i] = px[i];
        for (size_t i = 0; i < q; i++)
            ws->rhs[rm.rb + i] = pb[i];
        ws->cost[0] = -1.0;
    } else {
        /* Charnes-Cooper: min theta - ei sum w s-/x0 subject to
         * eta + eo sum w s+/y0 + eb sum w sb/b0 = 1 (row 0),
         * theta x0 = X l + s-, eta y0 = Y l - s+, eta b0 = B l + sb */
        double *eta = ws->ext + (k - 1) * R;
        ws->rhs[0] = 1.0;
        eta[0] = 1.0;
        ws->lo[k - 1] = 0.0;
        for (size_t i = 0; i < m; i++) {
            col[rm.rx + i] = -px[i];
            ws->cost[cx + i] = px[i] > 0 ? -ei * w[i] / px[i] : 0.0;
        }
        for (size_t i = 0; i < q; i++) {
            eta[rm.rb + i] = -pb[i];
            ws->ext[(cb + i) * R] = pb[i] > 0 ? eb * w[m + i] / pb[i] : 0.0;
        }
        for (size_t i = 0; i < s; i++) {
            eta[rm.ry + i] = -py[i];
            ws->ext[(cy + i) * R] = py[i] > 0 ? eo * w[m + q + i] / py[i] : 0.0;
        }
        ws->cost[0] = 1.0;
    }
    if (nqpf_dea_solve(ws, ref, &rm, k, pt->exclude, res) != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    double v = nqpf_lp_objective(ws->lp), r = nqpf_lp_value(ws->lp, ref->n);
    if (!none && !in) {
        if (!(-v > 1e-12)) {
            res->status = NQPF_DEA_UNBOUNDED; /* no finite (super-)efficiency */
            return NQPF_OK;
        }
        res->eff = -1.0 / v;
        res->phi = -v;
        ws->ebm_ax = 1.0;
        ws->ebm_ay = r;
    } else {
        res->eff = v;
        ws->ebm_ax = r;
        ws->ebm_ay = none ? nqpf_lp_value(ws->lp, ref->n + k - 1) : 1.0;
    }
    nqpf_dea_finish(ws, ref, pt, 1.0, 1.0, v, res);
    return NQPF_OK;
}
