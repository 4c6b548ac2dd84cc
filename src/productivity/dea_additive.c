/* nqpf — weighted additive DEA models (ADD in dea.h): the additive model
 * (Charnes, Cooper, Golany, Seiford & Stutz 1985), MIP, normalized, RAM
 * (Cooper, Park & Pastor 1999) and BAM (Cooper, Pastor, Borras, Aparicio &
 * Pastor 2011), on the shared column layout of dea_score.c.
 *
 * The LP is the envelopment frame of the other models with the score column
 * fixed at 0: rows sum l x + s- = x0, sum l b + sb = b0, sum l y - s+ = y0
 * (and the returns-to-scale row), objective max sum w s.  A slack column is
 * in the row's scaled units (f times the original), so its cost is w / f and
 * the objective comes out in original units. */
#include <math.h>

#include "dea_internal.h"

/* Does orientation o count the slacks of variable v (order x, b, y)? */
static int counted(const nqpf_dea_spec *sp, size_t v)
{
    int in_side = v < sp->m + sp->q;
    return sp->orient == NQPF_DEA_NONE || (sp->orient == NQPF_DEA_IN) == in_side;
}

/* N of RAM and BAM: the number of counted variables. */
static double n_counted(const nqpf_dea_spec *sp)
{
    size_t d = sp->m + sp->q + sp->s, c = 0;
    for (size_t v = 0; v < d; v++)
        c += (size_t)counted(sp, v);
    return (double)c;
}

/* Column v (order x, b, y) of row j of the job's data. */
static double cell(const nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t j, size_t v)
{
    size_t m = sp->m, q = sp->q;
    return v < m ? x[j * m + v] : v < m + q ? b[j * q + v - m] : y[j * sp->s + v - m - q];
}

int nqpf_dea_add_params(nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t n,
                        nqpf_error *err)
{
    size_t d = sp->m + sp->q + sp->s, in = sp->m + sp->q;
    double N = n_counted(sp);
    if (n == 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the additive models need at least one unit");
    for (size_t v = 0; v < d; v++) {
        double lo = INFINITY, hi = -INFINITY, mean = 0, ss = 0;
        for (size_t j = 0; j < n; j++) {
            double a = cell(sp, x, y, b, j, v);
            lo = fmin(lo, a);
            hi = fmax(hi, a);
            mean += a;
        }
        mean /= (double)n;
        for (size_t j = 0; j < n; j++) {
            double e = cell(sp, x, y, b, j, v) - mean;
            ss += e * e;
        }
        /* sample deviation (n - 1), as DataEnvelopmentAnalysis.jl's std */
        double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
        double w = 0.0;
        if (counted(sp, v)) {
            if (sp->addw == NQPF_DEA_ADDW_ONES)
                w = 1.0;
            else if (sp->addw == NQPF_DEA_ADDW_NORMALIZED)
                w = sd > 0 ? 1.0 / sd : 0.0;
            else if (sp->addw == NQPF_DEA_ADDW_RAM)
                w = hi > lo ? 1.0 / (N * (hi - lo)) : 0.0;
        }
        sp->add_w[v] = w;
        sp->add_bnd[v] = v < in ? lo : hi;
    }
    sp->add_ready = 1;
    return NQPF_OK;
}

/* The weight of variable v at the evaluated point's value a0 (unit-specific
 * for MIP and BAM); 0 leaves the term out. */
static double weight(const nqpf_dea_spec *sp, size_t v, double a0, double N)
{
    if (!counted(sp, v))
        return 0.0;
    if (sp->addw == NQPF_DEA_ADDW_MIP)
        return a0 > 0 ? 1.0 / a0 : 0.0;
    if (sp->addw == NQPF_DEA_ADDW_BAM) {
        double room = v < sp->m + sp->q ? a0 - sp->add_bnd[v] : sp->add_bnd[v] - a0;
        return room > 0 ? 1.0 / (N * room) : 0.0;
    }
    return sp->add_w[v];
}

int nqpf_dea_score_add(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res)
{
    const nqpf_dea_spec *sp = &ref->spec;
    if (!sp->add_ready)
        return NQPF_EINTERNAL;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(sp, &rm);
    size_t m = sp->m, q = sp->q, d = m + q + sp->s, k = 1 + d;
    double N = n_counted(sp), w[64], f[64];
    nqpf_dea_cols(ws, &rm, sp, k);
    ws->hi[0] = 0.0; /* no score column: the slacks are the model */
    for (size_t v = 0; v < d; v++) {
        /* p0 and the rows share the order x, b, y */
        double a0 = v < m ? pt->x[v] : v < m + q ? pt->b[v - m] : pt->y[v - m - q];
        f[v] = v < m ? ref->fx[v] : v < m + q ? ref->fb[v - m] : ref->fy[v - m - q];
        w[v] = weight(sp, v, a0, N);
        ws->rhs[rm.rx + v] = ws->p0[v];
        ws->cost[1 + v] = -w[v] / f[v];
        if (sp->addw == NQPF_DEA_ADDW_BAM && sp->rts != NQPF_DEA_VRS) {
            /* targets within the data: sum l x >= min x, sum l y <= max y */
            double room = v < m + q ? a0 - sp->add_bnd[v] : sp->add_bnd[v] - a0;
            ws->hi[1 + v] = fmax(0.0, room) * f[v];
        }
    }
    if (nqpf_dea_solve(ws, ref, &rm, k, pt->exclude, res) != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    /* the score from the slacks as reported (a basic slack rounded below 0
     * counts 0), so that sum w s = eff holds and no score is negative */
    double score = 0.0;
    for (size_t v = 0; v < d; v++)
        score += w[v] * fmax(0.0, nqpf_lp_value(ws->lp, ref->n + 1 + v) / f[v]);
    res->eff = score;
    nqpf_dea_finish(ws, ref, pt, 1.0, 1.0, score, res);
    return NQPF_OK;
}
