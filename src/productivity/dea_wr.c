/* nqpf — weight restrictions of the radial model (dea.h: spec.ar, wb, vw):
 * the envelopment LP's columns that are the duals of the restrictions on
 * the multiplier weights, and the checks of a spec that has them.
 *
 * The weights are -pi (inputs, bad outputs) and pi (outputs) times the row
 * scale f, pi the row duals of the min LP (see weights() in dea_score.c).
 * A column p >= 0 with cost c prices out as c - pi.col >= 0, so a
 * restriction sum_k a_k w_k <= c is the column with -a_k f_k on input rows
 * and a_k f_k on output rows and cost c.  Homogeneous restrictions (c = 0:
 * assurance regions, virtual weights) leave the objective theta (phi);
 * absolute bounds (c = hi, -lo) add c.p to it, and the LP optimum, not
 * theta, is then the multiplier score. */
#include <math.h>

#include "dea_internal.h"

size_t nqpf_dea_wr_cols(const nqpf_dea_spec *sp)
{
    return 2 * (sp->n_ar + sp->n_wb + sp->n_vw);
}

/* The row and the scale of variable v (order x, b, y). */
static void var_row(const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, size_t v, size_t *row, double *f)
{
    size_t m = ref->spec.m, in = m + ref->spec.q;
    *row = v < m ? rm->rx + v : v < in ? rm->rb + v - m : rm->ry + v - in;
    *f = v < m ? ref->fx[v] : v < in ? ref->fb[v - m] : ref->fy[v - in];
}

/* Put coefficient a of weight v into column col (see the top). */
static void put(const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, double *col, size_t v, double a)
{
    size_t row;
    double f;
    var_row(ref, rm, v, &row, &f);
    col[row] += v < ref->spec.m + ref->spec.q ? -a * f : a * f;
}

/* Virtual-weight column of restriction r, upper side (share <= hi) or
 * lower: the coefficients are the evaluated unit's own data z0 (p0 holds it
 * scaled, a_k f_k = coef z_k0 f_k), so these columns belong to one point
 * and are rebuilt for every nqpf_dea_score call — a column shared across
 * units would restrict the shares at another unit's data.  Nothing else of
 * the envelopment LP changes: the frame stays valid (a dominated unit's
 * multiplier row is implied for any v, u >= 0, restricted or not), and the
 * warm-started bootstrap and column generation refuse restrictions. */
static void virtual_col(const nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, double *col,
                        const struct nqpf_dea_wbound *r, int upper)
{
    const nqpf_dea_spec *sp = &ref->spec;
    size_t in = sp->m + sp->q, k0 = r->v < in ? 0 : in, k1 = r->v < in ? in : in + sp->s;
    double share = upper ? r->hi : r->lo, sg = upper ? 1.0 : -1.0;
    for (size_t k = k0; k < k1; k++) { /* sg (z_v0 w_v - share sum_k z_k0 w_k) <= 0, in scaled data */
        size_t row;
        double f;
        var_row(ref, rm, k, &row, &f);
        double a = sg * ws->p0[k] * ((k == r->v) - share);
        col[row] += k < in ? -a : a;
    }
}

void nqpf_dea_wr_columns(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, size_t k0)
{
    const nqpf_dea_spec *sp = &ref->spec;
    size_t R = rm->rows, c = k0;
    /* assurance regions: w_a - hi w_b <= 0 and lo w_b - w_a <= 0 */
    for (size_t t = 0; t < sp->n_ar; t++, c += 2) {
        const struct nqpf_dea_ar *r = &sp->ar[t];
        put(ref, rm, ws->ext + c * R, r->a, 1.0);
        put(ref, rm, ws->ext + c * R, r->b, -r->hi);
        put(ref, rm, ws->ext + (c + 1) * R, r->b, r->lo);
        put(ref, rm, ws->ext + (c + 1) * R, r->a, -1.0);
    }
    /* absolute bounds: w_v <= hi (cost hi), -w_v <= -lo (cost -lo); a side
     * that does not bind (hi infinite, lo 0) is a column fixed at 0 */
    for (size_t t = 0; t < sp->n_wb; t++, c += 2) {
        const struct nqpf_dea_wbound *r = &sp->wb[t];
        put(ref, rm, ws->ext + c * R, r->v, 1.0);
        put(ref, rm, ws->ext + (c + 1) * R, r->v, -1.0);
        ws->cost[c] = isinf(r->hi) ? 0.0 : r->hi;
        ws->cost[c + 1] = -r->lo;
        if (isinf(r->hi))
            ws->hi[c] = 0.0;
        if (r->lo == 0)
            ws->hi[c + 1] = 0.0;
    }
    for (size_t t = 0; t < sp->n_vw; t++, c += 2) {
        const struct nqpf_dea_wbound *r = &sp->vw[t];
        virtual_col(ws, ref, rm, ws->ext + c * R, r, 1);
        virtual_col(ws, ref, rm, ws->ext + (c + 1) * R, r, 0);
        if (!(r->hi < 1)) /* a share is never above 1 */
            ws->hi[c] = 0.0;
        if (r->lo == 0)
            ws->hi[c + 1] = 0.0;
    }
}

/* The absolute-bound columns have a cost: a second stage that maximises
 * slacks at the fixed score keeps them at their first-stage values (with
 * them free it could trade the bound's cost against theta). */
void nqpf_dea_wr_fix(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, size_t k0)
{
    const nqpf_dea_spec *sp = &ref->spec;
    for (size_t c = k0 + 2 * sp->n_ar; c < k0 + 2 * (sp->n_ar + sp->n_wb); c++) {
        ws->lo[c] = ws->hi[c] = nqpf_lp_value(ws->lp, ref->n + c);
        ws->cost[c] = 0.0;
    }
}

static int bad_bound(const nqpf_dea_spec *sp, const struct nqpf_dea_wbound *r, int virt)
{
    return r->v >= sp->m + sp->q + sp->s || !(r->lo >= 0 && r->lo <= r->hi && r->lo < INFINITY) ||
           (virt && r->lo > 1);
}

int nqpf_dea_wr_check(const nqpf_dea_spec *spec, nqpf_error *err)
{
    if (!nqpf_dea_wr_cols(spec))
        return NQPF_OK;
    if (spec->n_ar > 8 || spec->n_wb > 8 || spec->n_vw > 8 || spec->model != NQPF_DEA_RADIAL || spec->fixed)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "assurance regions, weight bounds and virtual-weight restrictions are supported by the "
                         "radial model without --fixed (at most 8 of each)");
    for (size_t t = 0; t < spec->n_ar; t++) {
        const struct nqpf_dea_ar *r = &spec->ar[t];
        size_t in = spec->m + spec->q, d = in + spec->s;
        if (r->a >= d || r->b >= d || r->a == r->b || (r->a < in) != (r->b < in) ||
            !(r->lo >= 0 && r->lo <= r->hi && r->hi < INFINITY))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                             "an assurance region bounds the weight ratio of two different inputs or two "
                             "outputs by 0 <= lo <= hi < inf");
    }
    for (size_t t = 0; t < spec->n_wb; t++)
        if (bad_bound(spec, &spec->wb[t], 0))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "a weight bound needs 0 <= lo <= hi (hi may be inf)");
    for (size_t t = 0; t < spec->n_vw; t++)
        if (bad_bound(spec, &spec->vw[t], 1))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                             "a virtual-weight share needs 0 <= lo <= 1 and lo <= hi");
    return NQPF_OK;
}
