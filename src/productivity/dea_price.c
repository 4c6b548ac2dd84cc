/* nqpf — economic efficiency with prices: cost, revenue, profit
 * (Nerlovian) and profitability efficiency and their technical x
 * allocative decompositions (see dea.h; the optimum of one unit is in
 * dea_price_opt.c).
 *
 * The technical part is an ordinary nqpf_dea_run of the same job with the
 * model the decomposition needs (Farrell 1957 for cost; its output twin for
 * revenue; Chambers, Chung & Faere 1998 for profit: the directional distance
 * function in the direction that normalises the profit gap; the CRS radial
 * input score for profitability, which equals the CRS generalised distance
 * function for any alpha), so periods, frontier rules and threads behave as
 * in plain DEA.  The optimum of each row uses the row's own prices against
 * the reference rows of its period chosen by the same rule. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_periods.h"
#include "dea_price.h"

void nqpf_dea_price_free(nqpf_dea_price_out *o)
{
    free(o->status);
    free(o->tech_status);
    free(o->eff);
    free(o->tech);
    free(o->alloc);
    free(o->optimum);
    free(o->observed);
    free(o->opt_x);
    free(o->opt_y);
    free(o->n_peers);
    free(o->peer);
    free(o->lambda);
    memset(o, 0, sizeof *o);
}

static int alloc_out(const nqpf_dea_job *job, nqpf_dea_price_out *o)
{
    size_t n = job->n + 1, m = job->spec.m, s = job->spec.s;
    o->width = (m > s ? m : s) + 1;
    o->status = calloc(n, sizeof(int));
    o->tech_status = calloc(n, sizeof(int));
    o->eff = malloc(n * sizeof(double));
    o->tech = malloc(n * sizeof(double));
    o->alloc = malloc(n * sizeof(double));
    o->optimum = malloc(n * sizeof(double));
    o->observed = malloc(n * sizeof(double));
    o->opt_x = calloc(n * m, sizeof(double));
    o->opt_y = calloc(n * s, sizeof(double));
    o->n_peers = calloc(n, sizeof(size_t));
    o->peer = calloc(n * o->width, sizeof(size_t));
    o->lambda = calloc(n * o->width, sizeof(double));
    return o->status && o->tech_status && o->eff && o->tech && o->alloc && o->optimum && o->observed && o->opt_x &&
           o->opt_y && o->n_peers && o->peer && o->lambda;
}

/* The spec of the technical score of kind. */
static nqpf_dea_spec tech_spec(const nqpf_dea_spec *sp, nqpf_dea_econ kind)
{
    nqpf_dea_spec t = *sp;
    t.model = kind == NQPF_DEA_PROFIT ? NQPF_DEA_DDF : NQPF_DEA_RADIAL;
    t.orient = kind == NQPF_DEA_REVENUE ? NQPF_DEA_OUT : NQPF_DEA_IN;
    t.slacks = 0;
    return t;
}

/* a / b with 0 / 0 = 1 (both the optimum and the observed value 0). */
static double ratio(double a, double b)
{
    return a == 0 && b == 0 ? 1.0 : a / b;
}

/* Row i's observed value and, from its optimum and technical score, the
 * efficiency and the allocative part.  gmean: the period's mean direction
 * (profit, direction mean) or NULL. */
static void decompose(const nqpf_dea_job *job, nqpf_dea_econ kind, const double *w, const double *p,
                      const double *gmean, size_t i, nqpf_dea_price_out *o)
{
    const nqpf_dea_spec *sp = &job->spec;
    size_t m = sp->m, s = sp->s;
    const double *x0 = job->x + i * m, *y0 = job->y + i * s, *w0 = w ? w + i * m : NULL, *p0 = p ? p + i * s : NULL;
    double cost = w0 ? nqpf_price_dot(w0, x0, m) : NAN, rev = p0 ? nqpf_price_dot(p0, y0, s) : NAN;
    double opt = o->optimum[i];
    o->eff[i] = o->alloc[i] = NAN;
    switch (kind) {
    case NQPF_DEA_COST:
        o->observed[i] = cost;
        o->eff[i] = ratio(opt, cost);
        break;
    case NQPF_DEA_REVENUE:
        o->observed[i] = rev;
        o->eff[i] = ratio(rev, opt);
        break;
    case NQPF_DEA_PROFITABILITY:
        o->observed[i] = cost > 0 ? rev / cost : 0; /* no cost (and so no revenue): no return */
        o->eff[i] = ratio(o->observed[i], opt);
        break;
    case NQPF_DEA_PROFIT: {
        double norm = 0;
        for (size_t k = 0; k < m; k++) /* p0.gy + w0.gx for the DDF direction */
            norm += w0[k] * (gmean                          ? gmean[k]
                             : sp->dir == NQPF_DEA_DIR_ONES     ? 1.0
                             : sp->dir == NQPF_DEA_DIR_OBSERVED ? x0[k]
                                                                : 0.0);
        for (size_t k = 0; k < s; k++)
            norm += p0[k] * (gmean ? gmean[m + k] : sp->dir == NQPF_DEA_DIR_ONES ? 1.0 : y0[k]);
        o->observed[i] = rev - cost;
        double gap = opt - o->observed[i];
        if (norm > 0)
            o->eff[i] = gap / norm;
        else if (gap <= 1e-9 * fmax(1.0, fabs(opt))) /* within the tolerance: on the frontier */
            o->eff[i] = 0;
        else
            o->status[i] = NQPF_DEA_UNBOUNDED;
        break;
    }
    }
    if (o->status[i] != NQPF_DEA_OK || o->tech_status[i] != NQPF_DEA_OK) {
        o->eff[i] = o->status[i] == NQPF_DEA_OK ? o->eff[i] : NAN;
        return;
    }
    o->alloc[i] = kind == NQPF_DEA_PROFIT ? o->eff[i] - o->tech[i] : o->eff[i] / o->tech[i];
}

static int check(const nqpf_dea_job *job, nqpf_dea_econ kind, const double *w, const double *p, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    const char *what = NULL;
    if (sp->q)
        what = "takes no undesirable outputs";
    else if (sp->super || sp->fixed || nqpf_dea_wr_cols(sp))
        what = "takes no super-efficiency, fixed variables, assurance regions or other weight restrictions";
    else if (kind == NQPF_DEA_PROFIT && sp->rts != NQPF_DEA_VRS)
        what = "profit efficiency needs vrs (under other returns to scale the maximum profit is 0 or unbounded)";
    else if (kind == NQPF_DEA_PROFITABILITY && sp->rts != NQPF_DEA_CRS)
        what = "profitability efficiency is defined on the crs technology";
    else if (kind != NQPF_DEA_REVENUE && !w)
        what = "needs input prices";
    else if (kind != NQPF_DEA_COST && !p)
        what = "needs output prices";
    return what ? nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "economic efficiency: %s", what) : NQPF_OK;
}

/* The optimum of every row of period t (rows eval[0..ne)) against the
 * reference rows ids[0..nr). */
static int period_optimum(const nqpf_dea_job *job, nqpf_dea_econ kind, const double *w, const double *p,
                          const size_t *ids, size_t nr, const size_t *eval, size_t ne, nqpf_dea_price_out *o)
{
    nqpf_price_period pp;
    int rc = nqpf_price_period_build(&pp, job, kind, ids, nr), bad = 0;
    size_t m = job->spec.m, s = job->spec.s;
    if (rc) {
        nqpf_price_period_free(&pp);
        return rc;
    }
#pragma omp parallel if (ne > 8) /* one thread takes the first 8 rows anyway */
    {
        nqpf_price_ws ws;
        int ok = nqpf_price_ws_init(&ws, nr, pp.rows) == NQPF_OK;
        if (!ok) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 8)
        for (size_t e = 0; e < ne; e++)
            if (ok)
                nqpf_price_optimum(&pp, &ws, eval[e], w ? w + eval[e] * m : NULL, p ? p + eval[e] * s : NULL, o);
        nqpf_price_ws_free(&ws);
    }
    nqpf_price_period_free(&pp);
    return bad ? NQPF_ENOMEM : NQPF_OK;
}

int nqpf_dea_price_run(const nqpf_dea_job *job, nqpf_dea_econ kind, const double *w, const double *p,
                       nqpf_dea_price_out *out, nqpf_error *err)
{
    int rc = check(job, kind, w, p, err);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    nqpf_dea_job tj = *job;
    tj.spec = tech_spec(&job->spec, kind);
    tj.weights = 0;
    tj.checkpoint = NULL;
    nqpf_dea_out to = {0};
    if ((rc = nqpf_dea_run(&tj, &to, err)))
        return rc;
    size_t n = job->n, m = job->spec.m, s = job->spec.s;
    size_t T = job->period && job->frontier != NQPF_DEA_POOLED ? job->n_periods : 1;
    nqpf_dea_periods per; /* rows bucketed by period once: no scan of all rows per period */
    int per_bad = nqpf_dea_periods_init(&per, job, T);
    double *gmean = calloc(m + s + job->spec.q + 1, sizeof(double));
    if (!alloc_out(job, out) || per_bad || !gmean) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        out->tech_status[i] = to.status[i];
        out->tech[i] = to.eff[i];
    }
    for (size_t t = 0; t < T && !rc; t++) {
        /* the reference rows of period t, by the rule of nqpf_dea_run */
        size_t nr, ne;
        const size_t *eval = nqpf_dea_periods_rows(&per, t, &ne);
        if (ne == 0)
            continue;
        const size_t *ids = nqpf_dea_periods_ref(&per, t, &nr);
        if (period_optimum(job, kind, w, p, ids, nr, eval, ne, out)) {
            rc = nqpf_fail(err, NQPF_ENOMEM, NULL, 0, 0, "economic efficiency: out of memory");
            break;
        }
        /* the mean direction of the evaluated rows, as nqpf_dea_run's */
        int use_mean = kind == NQPF_DEA_PROFIT && job->spec.dir == NQPF_DEA_DIR_MEAN;
        if (use_mean)
            nqpf_dea_period_mean(job, eval, ne, gmean);
        for (size_t e = 0; e < ne; e++)
            decompose(job, kind, w, p, use_mean ? gmean : NULL, eval[e], out);
    }
done:
    nqpf_dea_periods_free(&per);
    free(gmean);
    nqpf_dea_out_free(&to);
    if (rc)
        nqpf_dea_price_free(out);
    return rc;
}
