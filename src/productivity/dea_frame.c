/* nqpf — the frame (strongly efficient units) of a reference technology.
 *
 * Column o is dropped when the OTHER columns strictly dominate it: the
 * additive model (Charnes et al. 1985) with o left out of the reference set,
 *   max sum(s)  s.t.  sum_{j!=o} l_j x_j + s- = x_o,  sum_{j!=o} l_j y_j - s+ = y_o,
 * (bad outputs as inputs), l >= 0 and the returns-to-scale row, has a
 * positive optimum (or is unbounded).  Then o = p + d with p in the technology
 * of the others and d a non-zero disposal direction, so o is not an extreme
 * point and the technology, hence every score, is unchanged without it.
 * Columns that are infeasible to cover (extreme points) or covered with zero
 * slack (duplicates, points inside an efficient face) are kept: keeping a
 * redundant unit costs time, dropping a needed one would be wrong.  Units
 * with all inputs and bad outputs zero are always kept (under CRS they span
 * a ray that no finite slack test describes).  Slacks are measured in the
 * ref's power-of-two scaled units, which changes the weights but not the
 * sign of the optimum; NQPF_DEA_FRAME_TOL guards against rounding. */
#include <math.h>
#include <string.h>

#include "dea_internal.h"

#define NQPF_DEA_FRAME_TOL 1e-9

int nqpf_dea_frame_range(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, size_t j0, size_t j1, unsigned char *keep)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t R = rm.rows, k = 1 + sp->m + sp->q + sp->s;
    if (ref->n > ws->max_n || R > ws->max_rows || k > ws->max_ext)
        return NQPF_EINTERNAL;
    for (size_t j = j0; j < j1; j++) {
        size_t c;
        /* frame of the extra columns, as in dea_score.c: column 0 unused */
        memset(ws->ext, 0, R * k * sizeof(double));
        for (size_t i = 0; i < R; i++) {
            ws->rtype[i] = NQPF_LP_EQ;
            ws->rhs[i] = 0.0;
        }
        for (c = 0; c < k; c++) {
            ws->cost[c] = -1.0;
            ws->lo[c] = 0.0;
            ws->hi[c] = INFINITY;
        }
        ws->cost[0] = 0.0;
        ws->hi[0] = 0.0;
        c = 1;
        for (size_t i = 0; i < sp->m; i++, c++)
            ws->ext[c * R + rm.rx + i] = 1.0;
        for (size_t i = 0; i < sp->q; i++, c++)
            ws->ext[c * R + rm.rb + i] = 1.0;
        for (size_t i = 0; i < sp->s; i++, c++)
            ws->ext[c * R + rm.ry + i] = -1.0;
        const double *a = ref->A + j * R;
        int zero_in = 1;
        for (size_t i = rm.rx; i < rm.ry; i++)
            if (a[i] != 0.0)
                zero_in = 0;
        if (zero_in) {
            keep[j] = 1;
            continue;
        }
        for (size_t i = rm.rx; i < rm.rc; i++)
            ws->rhs[i] = a[i];
        if (rm.conv) {
            ws->rtype[rm.rc] = sp->rts == NQPF_DEA_VRS ? NQPF_LP_EQ : sp->rts == NQPF_DEA_NIRS ? NQPF_LP_LE : NQPF_LP_GE;
            ws->rhs[rm.rc] = 1.0;
        }
        nqpf_lp_prob p = {R, ref->n, ref->A, NULL, -1, k, ws->ext, ws->cost, ws->lo, ws->hi, ws->rtype, ws->rhs};
        p.ref_skip = (long)j;
        int st = nqpf_lp_solve(ws->lp, &p);
        if (st == NQPF_LP_OPTIMAL)
            keep[j] = !(nqpf_lp_objective(ws->lp) < -NQPF_DEA_FRAME_TOL);
        else
            keep[j] = st != NQPF_LP_UNBOUNDED; /* infeasible: extreme; unbounded: dominated */
    }
    return NQPF_OK;
}

int nqpf_dea_frame(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, unsigned char *keep, nqpf_error *err)
{
    int rc = nqpf_dea_frame_range(ws, ref, 0, ref->n, keep);
    if (rc)
        return nqpf_fail(err, rc, NULL, 0, 0, "DEA frame: workspace too small for the reference set");
    return NQPF_OK;
}
