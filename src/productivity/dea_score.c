/* nqpf — scoring one point against a reference technology: the radial,
 * SBM / super-SBM and directional-distance LPs (formulas in dea.h). */
#include <math.h>
#include <string.h>

#include "dea_internal.h"

#define PEER_TOL 1e-12

int nqpf_dea_lp_status(int lp_status)
{
    switch (lp_status) {
    case NQPF_LP_OPTIMAL:
        return NQPF_DEA_OK;
    case NQPF_LP_INFEASIBLE:
        return NQPF_DEA_INFEASIBLE;
    case NQPF_LP_UNBOUNDED:
        return NQPF_DEA_UNBOUNDED;
    default:
        return NQPF_DEA_NUMERIC;
    }
}

static int conv_type(nqpf_dea_rts rts)
{
    return rts == NQPF_DEA_VRS ? NQPF_LP_EQ : rts == NQPF_DEA_NIRS ? NQPF_LP_LE : NQPF_LP_GE;
}

/* Common frame of the extra columns: column 0 is the score variable, then
 * one slack column per input, bad-output and output row.  Rows are
 * equalities; the returns-to-scale row compares sum(lambda) with 1. */
void nqpf_dea_cols(nqpf_dea_ws *ws, const nqpf_dea_rowmap *rm, const nqpf_dea_spec *sp, size_t k)
{
    size_t R = rm->rows;
    memset(ws->ext, 0, R * k * sizeof(double));
    for (size_t i = 0; i < R; i++) {
        ws->rtype[i] = NQPF_LP_EQ;
        ws->rhs[i] = 0.0;
    }
    if (rm->conv) {
        ws->rtype[rm->rc] = conv_type(sp->rts);
        ws->rhs[rm->rc] = 1.0;
    }
    for (size_t c = 0; c < k; c++) {
        ws->cost[c] = 0.0;
        ws->lo[c] = 0.0;
        ws->hi[c] = INFINITY;
    }
    size_t c = 1;
    for (size_t i = 0; i < sp->m; i++, c++)
        ws->ext[c * R + rm->rx + i] = 1.0;
    for (size_t i = 0; i < sp->q; i++, c++)
        ws->ext[c * R + rm->rb + i] = 1.0;
    for (size_t i = 0; i < sp->s; i++, c++)
        ws->ext[c * R + rm->ry + i] = -1.0;
}

void nqpf_dea_prob(nqpf_lp_prob *p, nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, size_t k,
                   long skip)
{
    p->m = rm->rows;
    p->n_ref = ref->n;
    p->ref = ref->A;
    p->ref_cost = NULL;
    p->ref_skip = skip;
    p->n_ext = k;
    p->ext = ws->ext;
    p->ext_cost = ws->cost;
    p->ext_lo = ws->lo;
    p->ext_hi = ws->hi;
    p->row_type = ws->rtype;
    p->rhs = ws->rhs;
}

int nqpf_dea_solve(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, size_t k, long skip,
                   nqpf_dea_result *res)
{
    nqpf_lp_prob p;
    nqpf_dea_prob(&p, ws, ref, rm, k, skip);
    int st = nqpf_lp_solve(ws->lp, &p);
    res->lp_iters += nqpf_lp_iterations(ws->lp);
    res->status = nqpf_dea_lp_status(st);
    return st;
}

/* Peers (basic reference columns with positive weight), sorted by id; lambdas
 * divided by t (SBM's Charnes-Cooper variable, else 1). */
static void peers(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, double t, nqpf_dea_result *res)
{
    size_t nb = nqpf_lp_basic_ref(ws->lp, ws->basic), c = 0;
    for (size_t k = 0; k < nb; k++) {
        double l = nqpf_lp_value(ws->lp, ws->basic[k]) / t;
        if (l > PEER_TOL) {
            ws->basic[c] = ws->basic[k];
            ws->lam[c++] = l;
        }
    }
    /* insertion sort by caller id (c <= rows, tiny) */
    for (size_t i = 1; i < c; i++)
        for (size_t j = i; j > 0 && ref->id[ws->basic[j - 1]] > ref->id[ws->basic[j]]; j--) {
            size_t tb = ws->basic[j];
            ws->basic[j] = ws->basic[j - 1];
            ws->basic[j - 1] = tb;
            double tl = ws->lam[j];
            ws->lam[j] = ws->lam[j - 1];
            ws->lam[j - 1] = tl;
        }
    res->n_peers = c;
    for (size_t i = 0; i < c; i++) {
        if (res->peer)
            res->peer[i] = ref->id[ws->basic[i]];
        if (res->lambda)
            res->lambda[i] = ws->lam[i];
    }
}

/* Slacks in original units from the slack columns (divided by t), times sgn. */
static void slacks(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, double t, double sgn, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    size_t base = ref->n + 1;
    for (size_t i = 0; i < sp->m; i++) {
        double v = sgn * nqpf_lp_value(ws->lp, base + i) / t / ref->fx[i];
        if (res->slack_x)
            res->slack_x[i] = v;
    }
    base += sp->m;
    for (size_t i = 0; i < sp->q; i++) {
        double v = sgn * nqpf_lp_value(ws->lp, base + i) / t / ref->fb[i];
        if (res->slack_b)
            res->slack_b[i] = v;
    }
    base += sp->q;
    for (size_t i = 0; i < sp->s; i++) {
        double v = sgn * nqpf_lp_value(ws->lp, base + i) / t / ref->fy[i];
        if (res->slack_y)
            res->slack_y[i] = v;
    }
}

/* Targets from the score and slacks: x' = ax x0 - gxs - sx etc. (EBM: the
 * radial factors theta, eta that score_ebm left in ws). */
static void targets(const nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, double score,
                    nqpf_dea_result *res, double *sx, double *sy, double *sb)
{
    const nqpf_dea_spec *sp = &ref->spec;
    const double *gsc = ws->g0;
    int ebm = sp->model == NQPF_DEA_EBM;
    int rin = sp->model == NQPF_DEA_RADIAL && sp->orient == NQPF_DEA_IN;
    int rout = sp->model == NQPF_DEA_RADIAL && sp->orient == NQPF_DEA_OUT;
    int ddf = sp->model == NQPF_DEA_DDF;
    double ax = rin ? score : ebm ? ws->ebm_ax : 1.0, ay = rout ? score : ebm ? ws->ebm_ay : 1.0;
    double ab = ebm && sp->orient == NQPF_DEA_NONE ? ay : ax;
    size_t m = sp->m, q = sp->q;
#define FX(k, a) ((sp->fixed >> (k)) & 1 ? 1.0 : (a)) /* fixed variables keep their level */
    for (size_t i = 0; i < sp->m; i++) {
        double v = FX(i, ax) * pt->x[i] - sx[i];
        if (ddf)
            v -= score * gsc[i] / ref->fx[i];
        if (res->target_x)
            res->target_x[i] = v;
    }
    for (size_t i = 0; i < sp->q; i++) {
        double v = FX(m + i, ab) * pt->b[i] - sb[i];
        if (ddf)
            v -= score * gsc[sp->m + i] / ref->fb[i];
        if (res->target_b)
            res->target_b[i] = v;
    }
    for (size_t i = 0; i < sp->s; i++) {
        double v = FX(m + q + i, ay) * pt->y[i] + sy[i];
        if (ddf)
            v += score * gsc[sp->m + sp->q + i] / ref->fy[i];
        if (res->target_y)
            res->target_y[i] = v;
    }
#undef FX
}

/* The whole result block once the LP of the final stage is optimal. */
void nqpf_dea_finish(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, double t, double sgn,
                   double score, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    double sx[64], sy[64], sb[64];
    double *ox = res->slack_x, *oy = res->slack_y, *ob = res->slack_b;
    res->slack_x = sx;
    res->slack_y = sy;
    res->slack_b = sb;
    slacks(ws, ref, t, sgn, res);
    /* Slacks are >= 0 (super-SBM: <= 0) by construction; what has the other
     * sign is rounding of a basic variable at its bound (Harris tolerance). */
    for (size_t i = 0; i < sp->m; i++)
        sx[i] = sgn * fmax(0.0, sgn * sx[i]);
    for (size_t i = 0; i < sp->s; i++)
        sy[i] = sgn * fmax(0.0, sgn * sy[i]);
    for (size_t i = 0; i < sp->q; i++)
        sb[i] = sgn * fmax(0.0, sgn * sb[i]);
    res->slack_x = ox;
    res->slack_y = oy;
    res->slack_b = ob;
    if (ox)
        memcpy(ox, sx, sp->m * sizeof(double));
    if (oy)
        memcpy(oy, sy, sp->s * sizeof(double));
    if (ob)
        memcpy(ob, sb, sp->q * sizeof(double));
    targets(ws, ref, pt, score, res, sx, sy, sb);
    peers(ws, ref, t, res);
}

/* Second stage of RADIAL and DDF: fix the score, maximise the slack sum in
 * original units (weights normalised to at most 1). */
static int max_slacks(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, nqpf_lp_prob *p, double score)
{
    const nqpf_dea_spec *sp = &ref->spec;
    ws->lo[0] = ws->hi[0] = score;
    ws->cost[0] = 0.0;
    double wmax = 0;
    size_t c = 1;
    for (size_t i = 0; i < sp->m; i++, c++)
        wmax = fmax(wmax, ws->cost[c] = 1.0 / ref->fx[i]);
    for (size_t i = 0; i < sp->q; i++, c++)
        wmax = fmax(wmax, ws->cost[c] = 1.0 / ref->fb[i]);
    for (size_t i = 0; i < sp->s; i++, c++)
        wmax = fmax(wmax, ws->cost[c] = 1.0 / ref->fy[i]);
    for (c = 1; c < 1 + sp->m + sp->q + sp->s; c++) /* non-discretionary slacks do not count (Banker-Morey) */
        ws->cost[c] = (sp->fixed >> (c - 1)) & 1 ? 0.0 : -ws->cost[c] / wmax;
    nqpf_dea_wr_fix(ws, ref, c);
    return nqpf_lp_resolve(ws->lp, p);
}

static int radial_ddf_solve(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_lp_prob *pp,
                            int st, nqpf_dea_result *res);

static int score_radial_ddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt,
                            nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t R = rm.rows, k = 1 + sp->m + sp->q + sp->s + nqpf_dea_wr_cols(sp);
    size_t m = sp->m, q = sp->q;
    const double *px = ws->p0, *pb = ws->p0 + m, *py = ws->p0 + m + q;
    nqpf_dea_cols(ws, &rm, sp, k);
    ws->lo[0] = -INFINITY;
    double *col = ws->ext; /* column 0 */
    /* the scaled side's rows: sum l a + s - theta a0 = 0 (phi for outputs);
     * a fixed (non-discretionary) row keeps its level: rhs a0, no theta */
    if (sp->model == NQPF_DEA_RADIAL && sp->orient == NQPF_DEA_IN) {
        for (size_t i = 0; i < m + q; i++) {
            size_t r = i < m ? rm.rx + i : rm.rb + i - m;
            if ((sp->fixed >> i) & 1)
                ws->rhs[r] = px[i]; /* px and pb are contiguous in p0 */
            else
                col[r] = -px[i];
        }
        for (size_t i = 0; i < sp->s; i++)
            ws->rhs[rm.ry + i] = py[i];
        ws->cost[0] = 1.0;
    } else if (sp->model == NQPF_DEA_RADIAL) {
        for (size_t i = 0; i < sp->s; i++) {
            if ((sp->fixed >> (m + q + i)) & 1)
                ws->rhs[rm.ry + i] = py[i];
            else
                col[rm.ry + i] = -py[i];
        }
        for (size_t i = 0; i < m; i++)
            ws->rhs[rm.rx + i] = px[i];
        for (size_t i = 0; i < q; i++)
            ws->rhs[rm.rb + i] = pb[i];
        ws->cost[0] = -1.0;
    } else {
        const double *gx = ws->g0, *gb = ws->g0 + m, *gy = ws->g0 + m + q;
        for (size_t i = 0; i < m; i++) {
            col[rm.rx + i] = gx[i];
            ws->rhs[rm.rx + i] = px[i];
        }
        for (size_t i = 0; i < q; i++) {
            col[rm.rb + i] = gb[i];
            ws->rhs[rm.rb + i] = pb[i];
            if (!sp->bad_strong)
                ws->hi[1 + m + i] = 0.0; /* weak disposability: no slack */
        }
        for (size_t i = 0; i < sp->s; i++) {
            col[rm.ry + i] = -gy[i];
            ws->rhs[rm.ry + i] = py[i];
        }
        ws->cost[0] = -1.0;
    }
    (void)R;
    nqpf_dea_wr_columns(ws, ref, &rm, 1 + m + q + sp->s);
    nqpf_lp_prob p;
    nqpf_dea_prob(&p, ws, ref, &rm, k, pt->exclude);
    int st = ws->warm_head ? nqpf_lp_solve_from(ws->lp, &p, ws->warm_head) : nqpf_lp_solve(ws->lp, &p);
    return radial_ddf_solve(ws, ref, pt, &p, st, res);
}

int nqpf_dea_rescore_grown(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt,
                           nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    res->status = NQPF_DEA_NUMERIC;
    res->eff = res->phi = NAN;
    res->n_peers = 0;
    res->lp_iters = 0;
    if (sp->model == NQPF_DEA_SBM || sp->slacks || nqpf_dea_wr_cols(sp) || ref->n > ws->max_n)
        return NQPF_EINTERNAL;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    nqpf_lp_prob p;
    nqpf_dea_prob(&p, ws, ref, &rm, 1 + sp->m + sp->q + sp->s, pt->exclude);
    return radial_ddf_solve(ws, ref, pt, &p, nqpf_lp_add_columns(ws->lp, &p), res);
}

/* The multiplier weights of an optimal first-stage RADIAL or DDF LP (dea.h)
 * from its row duals pi: the theta (phi, beta) column prices out to zero, so the
 * input (output) duals are normalised on the unit; a lambda column's
 * reduced cost >= 0 is the multiplier constraint of its unit.  Scaled row i
 * carries f_i times the data, so the weight of the original variable is
 * f_i times the dual. */
static void weights(const nqpf_dea_ws *ws, const nqpf_dea_ref *ref, double *w)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    const double *pi = nqpf_lp_duals(ws->lp);
    size_t m = sp->m, q = sp->q, s = sp->s;
    for (size_t i = 0; i < m; i++)
        w[i] = -pi[rm.rx + i] * ref->fx[i];
    for (size_t i = 0; i < q; i++)
        w[m + i] = -pi[rm.rb + i] * ref->fb[i];
    for (size_t i = 0; i < s; i++)
        w[m + q + i] = pi[rm.ry + i] * ref->fy[i];
    w[m + q + s] = rm.conv ? -pi[rm.rc] : 0.0;
}

/* The result of a RADIAL or DDF LP that returned st (see score_radial_ddf). */
static int radial_ddf_solve(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_lp_prob *pp,
                            int st, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_lp_prob p = *pp;
    res->lp_iters += nqpf_lp_iterations(ws->lp);
    res->status = nqpf_dea_lp_status(st);
    if (st == NQPF_LP_UNBOUNDED && (sp->n_wb || sp->n_vw))
        res->status = NQPF_DEA_INFEASIBLE; /* no weights meet the bounds or shares (dea.h) */
    if (st != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    double v = nqpf_lp_value(ws->lp, ref->n);
    double score = v; /* theta (phi): the targets' factor */
    /* absolute bounds price their columns: the multiplier score is the LP's
     * optimum theta + c.p (min -phi + c.p), not theta (dea_wr.c) */
    double e = !sp->n_wb ? v : sp->orient == NQPF_DEA_OUT ? -nqpf_lp_objective(ws->lp) : nqpf_lp_objective(ws->lp);
    if (sp->model == NQPF_DEA_RADIAL && sp->orient == NQPF_DEA_OUT) {
        if (!(e > 1e-12)) {
            res->status = NQPF_DEA_UNBOUNDED; /* no finite super-efficiency */
            return NQPF_OK;
        }
        res->eff = 1.0 / e;
        res->phi = e;
    } else {
        res->eff = e;
    }
    if (res->weight)
        weights(ws, ref, res->weight); /* before a second stage changes the duals */
    if (sp->slacks) {
        st = max_slacks(ws, ref, &p, v);
        res->lp_iters += nqpf_lp_iterations(ws->lp);
        if (st != NQPF_LP_OPTIMAL) {
            res->status = NQPF_DEA_NUMERIC;
            res->eff = res->phi = NAN;
            return NQPF_OK;
        }
    }
    nqpf_dea_finish(ws, ref, pt, 1.0, 1.0, score, res);
    int bt = res->u0_range && sp->model == NQPF_DEA_RADIAL && sp->orient == NQPF_DEA_IN && sp->rts == NQPF_DEA_VRS;
    if (bt && !nqpf_dea_wr_cols(sp))
        nqpf_dea_u0_range(ws, ref, pt, score, res->u0_range); /* last: it replaces the LP */
    else if (bt) /* Banker-Thrall's range is of the unrestricted multipliers: none here */
        res->u0_range[0] = res->u0_range[1] = NAN;
    return NQPF_OK;
}

/* SBM (plain, or super-SBM when super != 0), Charnes-Cooper form. */
static int sbm_lp(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, int super,
                  nqpf_dea_result *res, double *value, double *tval)
{
    const nqpf_dea_spec *sp = &ref->spec;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t R = rm.rows, k = 1 + sp->m + sp->q + sp->s;
    size_t m = sp->m, q = sp->q, s = sp->s;
    const double *px = ws->p0, *pb = ws->p0 + m, *py = ws->p0 + m + q;
    double dq = (double)(s + q);
    nqpf_dea_cols(ws, &rm, sp, k);
    if (rm.conv) {
        ws->rhs[rm.rc] = 0.0;
        ws->ext[rm.rc] = -1.0; /* sum Lambda - t  (type) 0 */
    }
    ws->rhs[0] = 1.0;
    ws->ext[0] = 1.0;
    int none = sp->orient == NQPF_DEA_NONE, in = sp->orient == NQPF_DEA_IN, out = sp->orient == NQPF_DEA_OUT;
    double sg = super ? -1.0 : 1.0; /* super-SBM slacks enter with the opposite sign */
    if (sp->sbm_ddf) /* no ratio: t = 1 (row 0) and every slack priced, see dea.h */
        none = 0, in = 1;
    size_t c = 1;
    for (size_t i = 0; i < m; i++, c++) {
        ws->ext[rm.rx + i] = -px[i];
        ws->ext[c * R + rm.rx + i] = sg;
        double v = px[i] > 0 ? 1.0 / ((double)m * px[i]) : 0.0;
        if (!out)
            ws->cost[c] = -sg * v;
        if (super) {
            ws->rtype[rm.rx + i] = NQPF_LP_LE;
            if (px[i] == 0 || out)
                ws->hi[c] = 0.0;
        }
    }
    for (size_t i = 0; i < q; i++, c++) {
        ws->ext[rm.rb + i] = -pb[i];
        ws->ext[c * R + rm.rb + i] = sg;
        double w = pb[i] > 0 ? 1.0 / (dq * pb[i]) : 0.0;
        if (none)
            ws->ext[c * R] = -sg * -w; /* normalisation row: +w (SBM), -w (super) */
        if (out || sp->sbm_ddf)
            ws->cost[c] = -sg * w;
        if (super) {
            ws->rtype[rm.rb + i] = NQPF_LP_LE;
            if (pb[i] == 0 || in)
                ws->hi[c] = 0.0;
        }
    }
    for (size_t i = 0; i < s; i++, c++) {
        ws->ext[rm.ry + i] = -py[i];
        ws->ext[c * R + rm.ry + i] = -sg;
        double w = py[i] > 0 ? 1.0 / (dq * py[i]) : 0.0;
        if (none)
            ws->ext[c * R] = sg * w;
        if (out || sp->sbm_ddf)
            ws->cost[c] = -sg * w;
        if (super) {
            ws->rtype[rm.ry + i] = NQPF_LP_GE;
            ws->ext[c * R + rm.ryb + i] = 1.0; /* Phi+ - t y0 <= 0 */
            ws->ext[rm.ryb + i] = -py[i];
            if (in)
                ws->hi[c] = 0.0;
        }
    }
    for (size_t i = 0; i < rm.n_yb; i++)
        ws->rtype[rm.ryb + i] = NQPF_LP_LE;
    if (!out && !sp->sbm_ddf)
        ws->cost[0] = 1.0;
    for (size_t j = 1; sp->sbm_ddf && j < k; j++) /* the 1/2 of the two sides' means */
        ws->cost[j] *= 0.5;
    nqpf_lp_prob p;
    nqpf_dea_prob(&p, ws, ref, &rm, k, pt->exclude);
    int st = nqpf_lp_solve(ws->lp, &p);
    res->lp_iters += nqpf_lp_iterations(ws->lp);
    if (st == NQPF_LP_OPTIMAL) {
        *value = nqpf_lp_objective(ws->lp);
        *tval = nqpf_lp_value(ws->lp, ref->n);
    }
    return nqpf_dea_lp_status(st);
}

static int score_sbm(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    int out = sp->orient == NQPF_DEA_OUT;
    double v = NAN, t = NAN;
    nqpf_dea_point plain = *pt;
    if (sp->super)
        plain.exclude = -1; /* super-SBM applies to SBM-efficient units only */
    res->status = sbm_lp(ws, ref, &plain, 0, res, &v, &t);
    if (res->status != NQPF_DEA_OK)
        return NQPF_OK;
    double rho = sp->sbm_ddf ? -v : out ? 1.0 / (1.0 - v) : v; /* SBM-DDF: beta = -min */
    int super = 0;
    if (sp->super && rho >= 1.0 - 1e-9) {
        super = 1;
        res->status = sbm_lp(ws, ref, pt, 1, res, &v, &t);
        if (res->status != NQPF_DEA_OK)
            return NQPF_OK;
        if (out) {
            if (!(v < 1.0 - 1e-12)) {
                res->status = NQPF_DEA_UNBOUNDED;
                return NQPF_OK;
            }
            rho = 1.0 / (1.0 - v);
        } else {
            rho = v;
        }
    }
    res->eff = rho;
    if (out)
        res->phi = 1.0 / rho;
    if (t > 1e-300) {
        nqpf_dea_finish(ws, ref, pt, t, super ? -1.0 : 1.0, rho, res);
    } else {
        /* t = 0: the optimum is a limit (free production from zero-input
         * units); the score is exact but lambda = Lambda/t is not defined. */
        double *arr[] = {res->slack_x, res->slack_y, res->slack_b, res->target_x, res->target_y, res->target_b};
        size_t len[] = {sp->m, sp->s, sp->q, sp->m, sp->s, sp->q};
        for (size_t a = 0; a < 6; a++)
            for (size_t i = 0; arr[a] && i < len[a]; i++)
                arr[a][i] = NAN;
    }
    return NQPF_OK;
}

int nqpf_dea_score(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    size_t m = sp->m, q = sp->q, s = sp->s;
    res->status = NQPF_DEA_NUMERIC;
    res->eff = res->phi = NAN;
    res->n_peers = 0;
    res->lp_iters = 0;
    if (ref->n > ws->max_n || ref->rows > ws->max_rows || 1 + m + q + s + nqpf_dea_wr_cols(sp) > ws->max_ext)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < m; i++)
        ws->p0[i] = pt->x[i] * ref->fx[i];
    for (size_t i = 0; i < q; i++)
        ws->p0[m + i] = pt->b[i] * ref->fb[i];
    for (size_t i = 0; i < s; i++)
        ws->p0[m + q + i] = pt->y[i] * ref->fy[i];
    if (sp->model == NQPF_DEA_DDF || sp->model == NQPF_DEA_MDDF) {
        for (size_t i = 0; i < m; i++) {
            double g = pt->gx ? pt->gx[i]
                       : sp->dir == NQPF_DEA_DIR_ONES     ? 1.0
                       : sp->dir == NQPF_DEA_DIR_OBSERVED ? pt->x[i]
                                                           : 0.0;
            ws->g0[i] = g * ref->fx[i];
        }
        for (size_t i = 0; i < q; i++) {
            double g = pt->gb ? pt->gb[i] : sp->dir == NQPF_DEA_DIR_ONES ? 1.0 : pt->b[i];
            ws->g0[m + i] = g * ref->fb[i];
        }
        for (size_t i = 0; i < s; i++) {
            double g = pt->gy ? pt->gy[i] : sp->dir == NQPF_DEA_DIR_ONES ? 1.0 : pt->y[i];
            ws->g0[m + q + i] = g * ref->fy[i];
        }
        for (size_t k = 0; k < m + q + s; k++) /* non-discretionary: no direction */
            if ((sp->fixed >> k) & 1)
                ws->g0[k] = 0.0;
    }
    if (sp->model == NQPF_DEA_SBM)
        return score_sbm(ws, ref, pt, res);
    if (sp->model == NQPF_DEA_FDH)
        return nqpf_dea_score_fdh(ref, ws->p0, pt, res);
    if (sp->model == NQPF_DEA_EBM)
        return nqpf_dea_score_ebm(ws, ref, pt, res);
    if (sp->model == NQPF_DEA_ADD)
        return nqpf_dea_score_add(ws, ref, pt, res);
    if (sp->model == NQPF_DEA_RUSSELL)
        return sp->orient == NQPF_DEA_NONE ? nqpf_dea_score_russell_graph(ws, ref, pt, res)
                                           : nqpf_dea_score_russell(ws, ref, pt, res);
    if (sp->model == NQPF_DEA_GDF)
        return nqpf_dea_score_gdf(ws, ref, pt, res);
    if (sp->model == NQPF_DEA_MDDF)
        return nqpf_dea_score_mddf(ws, ref, pt, res);
    return score_radial_ddf(ws, ref, pt, res);
}
