/* nqpf — a whole spreg job, of `nqpf spreg` and of the report's [spreg]:
 * the data's units, a balanced panel (nqpf_spreg_panel_build), W aligned to
 * the units by id and styled (from an edge list, or the caller's wfn: the
 * command line's --geojson, --knn, ...), ln|I - rho W| prepared, the fit,
 * the effects, the per-unit effects and the diagnostics, as tables in
 * memory (nqpf_spreg_compute), written all files or none (nqpf_spreg_run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "nqpf/output.h"
#include "nqpf/spreg_opts.h"
#include "nqpf/util.h"

typedef struct spreg_job {
    nqpf_coltable *t;       /* the columns the job reads (nqpf_spreg_wfn lays them out) */
    double *y, *x;
    char **uid, **pid;
    size_t k;
    long *lines;                  /* file line of each unit's first row */
    nqpf_spreg_panel *pn;
    nqpf_weights *raw, *w;
    nqpf_spreg_eig eig;
    nqpf_spreg_fit *fit;
    double *eff, *ueff;
} spreg_job;

static void job_free(spreg_job *j)
{
    nqpf_coltable_free(j->t);
    free(j->y), free(j->x), free(j->uid), free(j->pid), free(j->lines), free(j->eff), free(j->ueff);
    nqpf_spreg_panel_free(j->pn);
    nqpf_weights_free(j->raw), nqpf_weights_free(j->w);
    nqpf_spreg_eig_free(&j->eig);
    nqpf_spreg_fit_free(j->fit);
}

/* The columns, in the order the checks name them (the unit, the period, y,
 * the regressors; then wfn's, optional: wfn words a missing one), read
 * through the column reader: only these columns, from the file or from the
 * report's table. */
static int read_columns(const nqpf_spreg_request *rq, spreg_job *j, nqpf_error *err)
{
    size_t nc = 0, cap = 3 + rq->n_x + rq->n_wcols;
    nqpf_colspec *want = nqpf_alloc(cap, sizeof *want);
    unsigned char *optional = nqpf_calloc(cap, 1);
    if (!want || !optional) {
        free(want), free(optional);
        return nqpf_fail_nomem(err);
    }
    want[nc++] = (nqpf_colspec){rq->unit, NQPF_COL_KEY, 0, NULL};
    if (rq->period)
        want[nc++] = (nqpf_colspec){rq->period, NQPF_COL_KEY, 0, NULL};
    want[nc++] = (nqpf_colspec){rq->y, NQPF_COL_NUMBER, 1, NULL};
    for (size_t a = 0; a < rq->n_x; a++)
        want[nc++] = (nqpf_colspec){rq->x[a], NQPF_COL_NUMBER, 1, NULL};
    for (size_t a = 0; a < rq->n_wcols; a++) {
        optional[nc] = 1;
        want[nc++] = (nqpf_colspec){rq->wcols[a], NQPF_COL_KEY, 0, NULL};
    }
    nqpf_coltable_spec sp = {.path = rq->data, .encoding = (nqpf_encoding)rq->encoding, .cols = want, .n_cols = nc,
                             .optional = optional, .extra = rq->data_extra};
    int rc = nqpf_coltable_read(&j->t, &sp, err);
    free(want), free(optional);
    return rc;
}

static int load(const nqpf_spreg_request *rq, spreg_job *j, nqpf_error *err)
{
    j->k = rq->n_x;
    int rc = read_columns(rq, j, err);
    if (rc)
        return rc;
    size_t n = j->t->n_rows, at = rq->period ? 2 : 1;
    if (n == 0)
        return nqpf_fail(err, NQPF_EINPUT, rq->data, 0, 0, "no data rows");
    j->x = nqpf_alloc(n * j->k, sizeof *j->x);
    j->uid = nqpf_alloc(n, sizeof *j->uid);
    j->pid = nqpf_alloc(n, sizeof *j->pid);
    if (!j->x || !j->uid || !j->pid)
        return nqpf_fail_nomem(err);
    j->y = j->t->col[at].num;
    j->t->col[at].num = NULL;
    for (size_t a = 0; a < j->k; a++) { /* side by side, one column at a time */
        nqpf_column *c = &j->t->col[at + 1 + a];
        memcpy(j->x + a * n, c->num, n * sizeof *j->x);
        free(c->num);
        c->num = NULL;
    }
    const nqpf_column *u = &j->t->col[0], *p = rq->period ? &j->t->col[1] : NULL;
    for (size_t i = 0; !rc && i < n; i++) {
        j->uid[i] = u->code[i] < 0 ? NULL : u->levels[u->code[i]];
        j->pid[i] = !p ? NULL : p->code[i] < 0 ? (char *)"" : p->levels[p->code[i]];
        if (!j->uid[i])
            rc = nqpf_fail(err, NQPF_EMISSING, rq->data, j->t->line[i], u->file_col, "empty unit id");
    }
    if (!rc)
        rc = nqpf_spreg_panel_build(&j->pn, n, j->uid, rq->period ? j->pid : NULL, j->y, j->x, j->k, rq->x, rq->data,
                                    j->t->line, err);
    return rc;
}

/* W aligned to the panel's units (ids in order of first appearance, as the
 * panel numbers them) and styled; islands under W are an error (their row
 * of the row-standardised W would be zero). */
static int weights(const nqpf_spreg_request *rq, spreg_job *j, nqpf_error *err)
{
    size_t U = j->pn->n;
    nqpf_strmap m = {0};
    int rc = rq->wfn ? NQPF_OK : nqpf_weights_read_edges(&j->raw, rq->weights, err);
    if (!rc && !(j->lines = calloc(U + 1, sizeof *j->lines)))
        rc = nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < j->t->n_rows; i++) {
        int ins = 0;
        long u = nqpf_strmap_intern(&m, j->uid[i], strlen(j->uid[i]), &ins);
        if (u < 0)
            rc = nqpf_fail_nomem(err);
        else if (ins && (size_t)u < U)
            j->lines[u] = j->t->line[i];
    }
    nqpf_strmap_free(&m);
    if (!rc && rq->wfn)
        rc = rq->wfn(rq->wctx, j->t, j->pn->unit, U, j->lines, rq->style, &j->w, err);
    else if (!rc && !(rc = nqpf_weights_align(&j->w, j->raw, j->pn->unit, U, 0, rq->data, j->lines, err)))
        rc = nqpf_weights_transform(j->w, rq->style, err);
    /* the remedies: the command line's W (wfn) has --link-islands, an edge list only the style */
    const char *fix = rq->wfn ? "use --link-islands, drop the unit, or --style B" : "drop the unit or use style B";
    for (size_t i = 0; !rc && rq->style == 'W' && i < U; i++)
        if (nqpf_weights_card(j->w, i) == 0)
            rc = nqpf_fail(err, NQPF_EINPUT, rq->data, j->lines[i], 0,
                           "unit '%s' has no neighbours, so its row of the row-standardised W is zero and W is not "
                           "row-stochastic; %s",
                           j->pn->unit[i], fix);
    return rc;
}

/* the fitted model's estimates: the effects and per-unit effects when asked */
static int estimate(const nqpf_spreg_request *rq, spreg_job *j, void (*warn)(void *ctx, const char *msg), void *ctx,
                    nqpf_error *err)
{
    size_t k = j->k;
    int rc = NQPF_OK;
    if (rq->spec.model != NQPF_SPREG_SLX || rq->diagnostics || rq->effects)
        rc = nqpf_spreg_eig_prepare(&j->eig, j->w, rq->logdet, err);
    if (!rc && j->eig.approx && warn) {
        char msg[400];
        snprintf(msg, sizeof msg,
                 "%zu units: ln|I - rho W| and the traces are approximated (series of %zu terms, %zu Hutchinson "
                 "probes; rho in (%.6g, %.6g)); --logdet exact for the exact eigenvalues",
                 j->eig.n, j->eig.m, j->eig.probes, j->eig.lo, j->eig.hi);
        warn(ctx, msg);
    }
    if (!rc)
        rc = nqpf_spreg_fit_model(&j->fit, j->pn, j->w, &j->eig, &rq->spec, err);
    if (!rc && rq->effects && !(j->eff = nqpf_alloc(12 * k, sizeof *j->eff)))
        rc = nqpf_fail_nomem(err);
    if (!rc && rq->effects)
        rc = nqpf_spreg_effects(j->fit, j->w, &j->eig, rq->draws, rq->seed, j->eff, j->eff + 3 * k, j->eff + 6 * k,
                                j->eff + 9 * k, err);
    if (!rc && rq->unit_effects && !(j->ueff = nqpf_alloc(j->pn->n * k * 3, sizeof *j->ueff)))
        rc = nqpf_fail_nomem(err);
    if (!rc && rq->unit_effects)
        rc = nqpf_spreg_unit_effects(j->fit, j->w, j->ueff, err);
    return rc;
}

int nqpf_spreg_compute(const nqpf_spreg_request *rq, nqpf_spreg_output *o, void (*warn)(void *ctx, const char *msg),
                       void *ctx, nqpf_error *err)
{
    spreg_job j;
    memset(&j, 0, sizeof j);
    memset(o, 0, sizeof *o);
    nqpf_spreg_diag dg;
    int rc = load(rq, &j, err);
    size_t k = j.k;
    if (!rc)
        rc = weights(rq, &j, err);
    if (!rc)
        rc = estimate(rq, &j, warn, ctx, err);
    if (!rc && rq->diagnostics)
        rc = nqpf_spreg_diagnostics(j.pn, j.w, &j.eig, rq->spec.fe, rq->spec.lee_yu, &dg, err);
    double *e = j.eff;
    if (!rc && (nqpf_spreg_fit_table(&o->out, j.fit, j.pn->xname, e, e ? e + 3 * k : NULL, e ? e + 6 * k : NULL,
                                     e ? e + 9 * k : NULL) ||
                (rq->diagnostics && nqpf_spreg_diag_table(&o->diagnostics, &dg)) ||
                (rq->unit_effects &&
                 nqpf_spreg_unit_effects_table(&o->unit_effects, j.fit, j.pn->n, j.pn->unit, j.pn->xname, j.ueff))))
        rc = nqpf_fail_nomem(err);
    nqpf_restab *tabs[3] = {&o->out, &o->diagnostics, &o->unit_effects};
    for (int q = 0; q < 3 && !rc; q++)
        rc = nqpf_restab_done(tabs[q], err);
    if (rc)
        nqpf_spreg_output_free(o);
    job_free(&j);
    return rc;
}

void nqpf_spreg_output_free(nqpf_spreg_output *o)
{
    nqpf_restab_free(&o->out), nqpf_restab_free(&o->diagnostics), nqpf_restab_free(&o->unit_effects);
}

int nqpf_spreg_run(const nqpf_spreg_request *rq, void (*warn)(void *ctx, const char *msg), void *ctx,
                   nqpf_error *err)
{
    nqpf_spreg_output o;
    int rc = nqpf_spreg_compute(rq, &o, warn, ctx, err);
    if (!rc) {
        /* all files or none */
        const char *paths[3] = {rq->out, rq->diagnostics, rq->unit_effects};
        const nqpf_restab *tabs[3] = {&o.out, &o.diagnostics, &o.unit_effects};
        rc = nqpf_restabs_write(paths, tabs, NULL, 3, rq->out_flags, err);
        nqpf_spreg_output_free(&o);
    }
    return rc;
}
