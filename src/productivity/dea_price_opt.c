/* nqpf — the economic optimum of one unit at its own prices (see dea.h,
 * "economic efficiency with prices"; the decomposition is in dea_price.c).
 *
 * Outputs and inputs are freely disposable and no bad outputs are modelled,
 * so an optimal bundle can always be taken as sum_j l_j (x_j, y_j): with
 * prices >= 0, buying more than X l or selling less than Y l never helps.
 * The optimum over the technology is therefore an LP in the unit weights l
 * alone, whose cost of column j is the price of unit j's bundle:
 *   cost     min sum l_j (w0.x_j)  s.t. sum l_j y_j >= y0, rts row
 *   revenue  max sum l_j (p0.y_j)  s.t. sum l_j x_j <= x0, rts row
 * (one row per output / input: m or s rows, not m + s).  Profit under VRS
 * (sum l = 1) maximises a linear function over the convex hull of the units
 * and profitability under CRS a ratio of two linear functions over the cone
 * they span: both optima sit at a single unit, found by enumeration (exact,
 * no LP); ties go to the first unit in the reference order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "dea_price.h"

double nqpf_price_dot(const double *a, const double *b, size_t k)
{
    double v = 0;
    for (size_t i = 0; i < k; i++)
        v += a[i] * b[i];
    return v;
}

int nqpf_price_period_build(nqpf_price_period *pp, const nqpf_dea_job *job, nqpf_dea_econ kind, const size_t *ids,
                            size_t nr)
{
    const nqpf_dea_spec *sp = &job->spec;
    int lp = kind == NQPF_DEA_COST || kind == NQPF_DEA_REVENUE;
    size_t k = kind == NQPF_DEA_COST ? sp->s : sp->m; /* constrained variables */
    const double *v = kind == NQPF_DEA_COST ? job->y : job->x;
    memset(pp, 0, sizeof *pp);
    pp->job = job, pp->kind = kind, pp->ids = ids, pp->nr = nr;
    pp->conv = lp && sp->rts != NQPF_DEA_CRS;
    pp->rows = lp ? k + (size_t)pp->conv : 0;
    if (!lp)
        return NQPF_OK;
    pp->A = malloc((pp->rows * nr + 1) * sizeof(double));
    pp->f = malloc((k + 1) * sizeof(double));
    if (!pp->A || !pp->f)
        return NQPF_ENOMEM;
    for (size_t r = 0; r < k; r++) {
        double mx = 0;
        for (size_t c = 0; c < nr; c++)
            mx = fmax(mx, v[ids[c] * k + r]);
        pp->f[r] = nqpf_dea_pow2_scale(mx);
        for (size_t c = 0; c < nr; c++)
            pp->A[c * pp->rows + r] = v[ids[c] * k + r] * pp->f[r];
    }
    for (size_t c = 0; pp->conv && c < nr; c++)
        pp->A[c * pp->rows + k] = 1.0;
    return NQPF_OK;
}

void nqpf_price_period_free(nqpf_price_period *pp)
{
    free(pp->A);
    free(pp->f);
    memset(pp, 0, sizeof *pp);
}

/* Record the optimal weights lam[0..np) of reference columns col[] as the
 * row's bundle and peers (ascending caller ids). */
static void put_bundle(const nqpf_price_period *pp, size_t i, const size_t *col, const double *lam, size_t np,
                       nqpf_dea_price_out *o)
{
    const nqpf_dea_job *job = pp->job;
    size_t m = job->spec.m, s = job->spec.s, w = o->width, k = 0;
    for (size_t a = 0; a < m; a++)
        o->opt_x[i * m + a] = 0;
    for (size_t a = 0; a < s; a++)
        o->opt_y[i * s + a] = 0;
    for (size_t e = 0; e < np; e++) {
        size_t j = pp->ids[col[e]];
        for (size_t a = 0; a < m; a++)
            o->opt_x[i * m + a] += lam[e] * job->x[j * m + a];
        for (size_t a = 0; a < s; a++)
            o->opt_y[i * s + a] += lam[e] * job->y[j * s + a];
        if (lam[e] > 0 && k < w) { /* insertion by caller id */
            size_t at = k++;
            while (at > 0 && o->peer[i * w + at - 1] > j) {
                o->peer[i * w + at] = o->peer[i * w + at - 1];
                o->lambda[i * w + at] = o->lambda[i * w + at - 1];
                at--;
            }
            o->peer[i * w + at] = j;
            o->lambda[i * w + at] = lam[e];
        }
    }
    o->n_peers[i] = k;
}

/* Profit (VRS) or profitability (CRS) by enumeration. */
static void enumerate(const nqpf_price_period *pp, size_t i, const double *w0, const double *p0,
                      nqpf_dea_price_out *o)
{
    const nqpf_dea_job *job = pp->job;
    size_t m = job->spec.m, s = job->spec.s, best = (size_t)-1;
    double bv = -INFINITY;
    int profit = pp->kind == NQPF_DEA_PROFIT;
    for (size_t c = 0; c < pp->nr; c++) {
        size_t j = pp->ids[c];
        double rev = nqpf_price_dot(p0, job->y + j * s, s), cost = nqpf_price_dot(w0, job->x + j * m, m), v;
        if (profit) {
            v = rev - cost;
        } else if (cost > 0) {
            v = rev / cost;
        } else if (rev > 0) { /* revenue at no cost: the ratio is unbounded */
            o->status[i] = NQPF_DEA_UNBOUNDED;
            return;
        } else {
            continue; /* nothing in, nothing out: no ratio */
        }
        if (v > bv)
            bv = v, best = c;
    }
    if (best == (size_t)-1) { /* every unit had neither cost nor revenue */
        bv = 0;
        o->n_peers[i] = 0;
        memset(o->opt_x + i * m, 0, m * sizeof(double));
        memset(o->opt_y + i * s, 0, s * sizeof(double));
    } else {
        double one = 1.0;
        put_bundle(pp, i, &best, &one, 1, o);
    }
    o->status[i] = NQPF_DEA_OK;
    o->optimum[i] = bv;
}

int nqpf_price_ws_init(nqpf_price_ws *ws, size_t max_nr, size_t max_rows)
{
    memset(ws, 0, sizeof *ws);
    ws->lp = nqpf_lp_new(max_rows ? max_rows : 1, max_nr + 1);
    ws->c = malloc((max_nr + 1) * sizeof(double));
    ws->cs = malloc((max_nr + 1) * sizeof(double));
    ws->rhs = malloc((max_rows + 1) * sizeof(double));
    ws->lam = malloc((max_rows + 1) * sizeof(double));
    ws->col = malloc((max_rows + 1) * sizeof(size_t));
    ws->rt = malloc((max_rows + 1) * sizeof(int));
    if (ws->lp && ws->c && ws->cs && ws->rhs && ws->lam && ws->col && ws->rt)
        return NQPF_OK;
    nqpf_price_ws_free(ws);
    return NQPF_ENOMEM;
}

void nqpf_price_ws_free(nqpf_price_ws *ws)
{
    nqpf_lp_free(ws->lp);
    free(ws->c);
    free(ws->cs);
    free(ws->rhs);
    free(ws->lam);
    free(ws->col);
    free(ws->rt);
    memset(ws, 0, sizeof *ws);
}

void nqpf_price_optimum(const nqpf_price_period *pp, nqpf_price_ws *ws, size_t i, const double *w0, const double *p0,
                        nqpf_dea_price_out *o)
{
    const nqpf_dea_job *job = pp->job;
    const nqpf_dea_spec *sp = &job->spec;
    size_t m = sp->m, s = sp->s, nr = pp->nr, rows = pp->rows;
    if (pp->kind == NQPF_DEA_PROFIT || pp->kind == NQPF_DEA_PROFITABILITY) {
        enumerate(pp, i, w0, p0, o);
        return;
    }
    int cost = pp->kind == NQPF_DEA_COST;
    size_t k = cost ? s : m;
    const double *v0 = cost ? job->y + i * s : job->x + i * m;
    double mx = 0;
    for (size_t e = 0; e < nr; e++) {
        size_t j = pp->ids[e];
        ws->c[e] = cost ? nqpf_price_dot(w0, job->x + j * m, m) : nqpf_price_dot(p0, job->y + j * s, s);
        mx = fmax(mx, ws->c[e]);
    }
    double fc = nqpf_dea_pow2_scale(mx);
    for (size_t e = 0; e < nr; e++) /* revenue is maximised: min -p0.y */
        ws->cs[e] = (cost ? 1.0 : -1.0) * ws->c[e] * fc;
    for (size_t r = 0; r < k; r++) {
        ws->rhs[r] = v0[r] * pp->f[r];
        ws->rt[r] = cost ? NQPF_LP_GE : NQPF_LP_LE;
    }
    if (pp->conv) {
        ws->rhs[k] = 1.0;
        ws->rt[k] = sp->rts == NQPF_DEA_VRS ? NQPF_LP_EQ : sp->rts == NQPF_DEA_NIRS ? NQPF_LP_LE : NQPF_LP_GE;
    }
    nqpf_lp_prob pr = {.m = rows, .n_ref = nr, .ref = pp->A, .ref_cost = ws->cs, .ref_skip = -1,
                       .n_ext = 0, .row_type = ws->rt, .rhs = ws->rhs};
    int st = nqpf_lp_solve(ws->lp, &pr);
    o->status[i] = nqpf_dea_lp_status(st);
    if (st != NQPF_LP_OPTIMAL)
        return;
    size_t nb = nqpf_lp_basic_ref(ws->lp, ws->col), np = 0;
    double opt = 0;
    for (size_t e = 0; e < nb; e++) {
        double l = nqpf_lp_value(ws->lp, ws->col[e]);
        if (l > 0) {
            ws->col[np] = ws->col[e], ws->lam[np++] = l;
            opt += l * ws->c[ws->col[e]]; /* the optimum from the unscaled prices */
        }
    }
    put_bundle(pp, i, ws->col, ws->lam, np, o);
    o->optimum[i] = opt;
}
