/* nqpf — DEA specs, reference technologies and workspaces (see dea.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"

const char *nqpf_dea_status_name(int status)
{
    switch (status) {
    case NQPF_DEA_OK:
        return "ok";
    case NQPF_DEA_INFEASIBLE:
        return "infeasible";
    case NQPF_DEA_UNBOUNDED:
        return "unbounded";
    default:
        return "numerical";
    }
}

int nqpf_dea_spec_check(const nqpf_dea_spec *spec, nqpf_error *err)
{
    if (spec->m + spec->q == 0 || spec->s + spec->q == 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "DEA needs at least one input and one output");
    if (spec->m + spec->s + spec->q > 64)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "DEA supports at most 64 inputs and outputs in all");
    if ((spec->model == NQPF_DEA_RADIAL || spec->model == NQPF_DEA_FDH) && spec->orient == NQPF_DEA_NONE)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the %s model needs --orient in or out",
                         spec->model == NQPF_DEA_FDH ? "fdh" : "radial");
    if (spec->model == NQPF_DEA_FDH && spec->rts != NQPF_DEA_VRS)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "fdh is the free disposal hull: variable returns to scale only (--rts vrs)");
    int rc = nqpf_dea_wr_check(spec, err); /* weight restrictions: dea_wr.c */
    if (rc)
        return rc;
    if (spec->fixed && spec->model != NQPF_DEA_RADIAL && spec->model != NQPF_DEA_DDF)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "non-discretionary (fixed) variables are supported by the radial and ddf models");
    if (spec->fixed && spec->model == NQPF_DEA_RADIAL) {
        /* the scaled side needs a discretionary variable, or the score is unbounded */
        size_t lo = spec->orient == NQPF_DEA_IN ? 0 : spec->m + spec->q;
        size_t hi = spec->orient == NQPF_DEA_IN ? spec->m + spec->q : spec->m + spec->q + spec->s;
        int any = 0;
        for (size_t k = lo; k < hi; k++)
            any |= !((spec->fixed >> k) & 1);
        if (!any)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "every %s is fixed: nothing left for the %s-oriented score",
                             spec->orient == NQPF_DEA_IN ? "input" : "output",
                             spec->orient == NQPF_DEA_IN ? "input" : "output");
    }
    if (spec->model == NQPF_DEA_EBM && spec->epsilon_set && !(spec->epsilon >= 0 && spec->epsilon <= 1))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "ebm epsilon must be in [0, 1]");
    if (spec->model == NQPF_DEA_EBM && spec->orient == NQPF_DEA_NONE && spec->rts != NQPF_DEA_CRS)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "non-oriented ebm supports --rts crs only: its ratio is unchanged when theta, eta, "
                         "lambda and the slacks are scaled together, so a returns-to-scale row would not bind "
                         "(use --orient in or out for other returns to scale)");
    if (spec->sbm_ddf && (spec->model != NQPF_DEA_SBM || spec->super || spec->orient != NQPF_DEA_NONE))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "sbm-ddf is the non-oriented sbm model without super-efficiency");
    if ((spec->model == NQPF_DEA_ADD || spec->model == NQPF_DEA_RUSSELL) && spec->super)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the %s models have no super-efficiency (--super)",
                         spec->model == NQPF_DEA_ADD ? "additive" : "russell");
    if (spec->model == NQPF_DEA_MDDF && spec->super)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "mddf has no super-efficiency (--super)");
    if (spec->model == NQPF_DEA_GDF &&
        (spec->super || spec->orient != NQPF_DEA_IN || !(spec->gdf_alpha >= 0 && spec->gdf_alpha <= 1)))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "gdf takes no --orient and no --super (--alpha in [0, 1] sets the direction)");
    if (spec->model == NQPF_DEA_ADD && spec->addw > NQPF_DEA_ADDW_BAM)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown additive weights");
    if (spec->model == NQPF_DEA_DDF && spec->q > 0 && !spec->bad_strong && spec->rts != NQPF_DEA_CRS)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "ddf with weakly disposable bad outputs supports --rts crs only "
                         "(use --bad-disposal strong for other returns to scale)");
    return NQPF_OK;
}

int nqpf_dea_score_is_gap(const nqpf_dea_spec *spec)
{
    return spec->model == NQPF_DEA_DDF || spec->model == NQPF_DEA_MDDF || spec->model == NQPF_DEA_ADD ||
           spec->sbm_ddf;
}

int nqpf_dea_job_params(nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t n, int *again,
                        nqpf_error *err)
{
    *again = 0;
    if (sp->model == NQPF_DEA_EBM && !sp->ebm_ready)
        *again = 1;
    if (sp->model == NQPF_DEA_ADD && !sp->add_ready)
        *again = 2;
    if (*again == 1)
        return nqpf_dea_ebm_params(sp, x, y, b, n, err);
    return *again ? nqpf_dea_add_params(sp, x, y, b, n, err) : NQPF_OK;
}

size_t nqpf_dea_rows(const nqpf_dea_spec *spec)
{
    size_t r = spec->m + spec->q + spec->s + (spec->rts != NQPF_DEA_CRS);
    if (spec->model == NQPF_DEA_SBM)
        r += 1 + (spec->super ? spec->s : 0);
    if (spec->model == NQPF_DEA_EBM && spec->orient == NQPF_DEA_NONE)
        r += 1;
    return r;
}

double nqpf_dea_pow2_scale(double maxabs)
{
    if (!(maxabs > 0) || !isfinite(maxabs))
        return 1.0;
    int e = 0;
    frexp(maxabs, &e);
    return ldexp(1.0, -e);
}

void nqpf_dea_layout(const nqpf_dea_spec *spec, nqpf_dea_rowmap *rm)
{
    rm->lead = spec->model == NQPF_DEA_SBM || (spec->model == NQPF_DEA_EBM && spec->orient == NQPF_DEA_NONE);
    rm->rx = rm->lead;
    rm->rb = rm->rx + spec->m;
    rm->ry = rm->rb + spec->q;
    rm->rc = rm->ry + spec->s;
    rm->conv = spec->rts != NQPF_DEA_CRS;
    rm->ryb = rm->rc + (size_t)rm->conv;
    rm->n_yb = (spec->model == NQPF_DEA_SBM && spec->super) ? spec->s : 0;
    rm->rows = rm->ryb + rm->n_yb;
}

int nqpf_dea_ref_build(nqpf_dea_ref **out, const nqpf_dea_spec *spec, const double *x, const double *y,
                       const double *b, const size_t *id, size_t n, nqpf_error *err)
{
    *out = NULL;
    size_t m = spec->m, s = spec->s, q = spec->q;
    nqpf_dea_rowmap rm;
    nqpf_dea_layout(spec, &rm);
    nqpf_dea_ref *r = calloc(1, sizeof *r);
    if (!r)
        return nqpf_fail_nomem(err);
    r->spec = *spec;
    r->n = n;
    r->rows = rm.rows;
    r->lead = rm.lead;
    r->x = x;
    r->y = y;
    r->b = b;
    r->A = calloc(rm.rows * (n ? n : 1), sizeof(double));
    r->fx = malloc((m + 1) * sizeof(double));
    r->fy = malloc((s + 1) * sizeof(double));
    r->fb = malloc((q + 1) * sizeof(double));
    r->id = malloc((n + 1) * sizeof(size_t));
    if (!r->A || !r->fx || !r->fy || !r->fb || !r->id) {
        nqpf_dea_ref_free(r);
        return nqpf_fail_nomem(err);
    }
    for (size_t j = 0; j < n; j++)
        r->id[j] = id ? id[j] : j;
    for (size_t i = 0; i < m; i++) {
        double mx = 0;
        for (size_t j = 0; j < n; j++)
            mx = fmax(mx, fabs(x[r->id[j] * m + i]));
        r->fx[i] = nqpf_dea_pow2_scale(mx);
    }
    for (size_t i = 0; i < s; i++) {
        double mx = 0;
        for (size_t j = 0; j < n; j++)
            mx = fmax(mx, fabs(y[r->id[j] * s + i]));
        r->fy[i] = nqpf_dea_pow2_scale(mx);
    }
    for (size_t i = 0; i < q; i++) {
        double mx = 0;
        for (size_t j = 0; j < n; j++)
            mx = fmax(mx, fabs(b[r->id[j] * q + i]));
        r->fb[i] = nqpf_dea_pow2_scale(mx);
    }
    for (size_t j = 0; j < n; j++) {
        double *a = r->A + j * rm.rows;
        size_t u = r->id[j];
        for (size_t i = 0; i < m; i++)
            a[rm.rx + i] = x[u * m + i] * r->fx[i];
        for (size_t i = 0; i < q; i++)
            a[rm.rb + i] = b[u * q + i] * r->fb[i];
        for (size_t i = 0; i < s; i++)
            a[rm.ry + i] = y[u * s + i] * r->fy[i];
        if (rm.conv)
            a[rm.rc] = 1.0;
    }
    *out = r;
    return NQPF_OK;
}

void nqpf_dea_ref_free(nqpf_dea_ref *r)
{
    if (!r)
        return;
    free(r->A);
    free(r->fx);
    free(r->fy);
    free(r->fb);
    free(r->id);
    free(r);
}

nqpf_dea_ws *nqpf_dea_ws_new(const nqpf_dea_spec *spec, size_t max_n)
{
    nqpf_dea_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    size_t rows = nqpf_dea_rows(spec);
    /* score + one slack per row + EBM's eta + two columns per weight restriction */
    size_t k = 2 + spec->m + spec->q + spec->s + nqpf_dea_wr_cols(spec);
    size_t d = spec->m + spec->q + spec->s + 1;
    if (spec->model == NQPF_DEA_RUSSELL) /* a factor per variable; the graph measure's tangent pieces */
        k += d + (spec->orient == NQPF_DEA_NONE ? spec->s * NQPF_DEA_RUSSELL_SEGS : 0);
    ws->max_rows = rows;
    ws->max_ext = k;
    ws->lp = nqpf_lp_new(rows, max_n + k);
    ws->ext = calloc(rows * k, sizeof(double));
    ws->cost = calloc(k, sizeof(double));
    ws->lo = calloc(k, sizeof(double));
    ws->hi = calloc(k, sizeof(double));
    ws->rhs = calloc(rows, sizeof(double));
    ws->rtype = calloc(rows, sizeof(int));
    ws->p0 = calloc(d, sizeof(double));
    ws->g0 = calloc(d, sizeof(double));
    ws->basic = calloc(rows + 1, sizeof(size_t));
    ws->lam = calloc(rows + 1, sizeof(double));
    ws->ref_cost = NULL;
    ws->max_n = max_n;
    if (!ws->lp || !ws->ext || !ws->cost || !ws->lo || !ws->hi || !ws->rhs || !ws->rtype || !ws->p0 || !ws->g0 ||
        !ws->basic || !ws->lam) {
        nqpf_dea_ws_free(ws);
        return NULL;
    }
    return ws;
}

void nqpf_dea_ws_free(nqpf_dea_ws *ws)
{
    if (!ws)
        return;
    nqpf_lp_free(ws->lp);
    free(ws->ext);
    free(ws->cost);
    free(ws->lo);
    free(ws->hi);
    free(ws->rhs);
    free(ws->rtype);
    free(ws->p0);
    free(ws->g0);
    free(ws->basic);
    free(ws->lam);
    free(ws->ref_cost);
    free(ws);
}
