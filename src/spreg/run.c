/* nqpf — a whole `nqpf spreg` job with W from an edge list: the data's
 * units, a balanced panel (nqpf_spreg_panel_build), W aligned to the units
 * by id and styled, ln|I - rho W| prepared, the fit, the effects and the
 * diagnostics, written as `nqpf spreg` writes them (nqpf_spreg_write_fit,
 * nqpf_spreg_write_diag), all files or none.  The report's [spreg] runs it;
 * the command line's other weight sources (--geojson, --knn, ...) stay in
 * src/cli/cmd_spreg.c. */
#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/spreg_opts.h"
#include "nqpf/util.h"

#define MAX_X 256

typedef struct spreg_job {
    nqpf_table *t;
    double *y, *x;
    char **uid, **pid, *xstore, *xn[MAX_X];
    size_t k;
    long *lines;                  /* file line of each unit's first row */
    nqpf_spreg_panel *pn;
    nqpf_weights *raw, *w;
    nqpf_spreg_eig eig;
    nqpf_spreg_fit *fit;
    double *eff;
} spreg_job;

static void job_free(spreg_job *j)
{
    nqpf_table_free(j->t);
    free(j->y), free(j->x), free(j->uid), free(j->pid), free(j->xstore), free(j->lines), free(j->eff);
    nqpf_spreg_panel_free(j->pn);
    nqpf_weights_free(j->raw), nqpf_weights_free(j->w);
    nqpf_spreg_eig_free(&j->eig);
    nqpf_spreg_fit_free(j->fit);
}

static int load(const nqpf_spreg_request *rq, spreg_job *j, nqpf_error *err)
{
    size_t uc, pc = 0;
    int rc = nqpf_opt_names(rq->x, "x", &j->xstore, j->xn, MAX_X, &j->k, err);
    if (!rc && !j->k)
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--x expects a comma-separated list of columns");
    if (!rc)
        rc = nqpf_table_read(&j->t, rq->data, (nqpf_encoding)rq->encoding, err);
    if (!rc && !(rc = nqpf_table_require(j->t, rq->unit, &uc, err)) && rq->period)
        rc = nqpf_table_require(j->t, rq->period, &pc, err);
    if (rc)
        return rc;
    size_t n = j->t->n_rows;
    if (n == 0)
        return nqpf_fail(err, NQPF_EINPUT, rq->data, 0, 0, "no data rows");
    j->y = nqpf_alloc(n, sizeof *j->y);
    j->x = nqpf_alloc(n * j->k, sizeof *j->x);
    j->uid = nqpf_alloc(n, sizeof *j->uid);
    j->pid = nqpf_alloc(n, sizeof *j->pid);
    if (!j->y || !j->x || !j->uid || !j->pid)
        return nqpf_fail_nomem(err);
    rc = nqpf_table_column(j->t, rq->y, j->y, 0, err);
    for (size_t a = 0; !rc && a < j->k; a++)
        rc = nqpf_table_column(j->t, j->xn[a], j->x + a * n, 0, err);
    for (size_t i = 0; !rc && i < n; i++) {
        j->uid[i] = (char *)nqpf_table_get(j->t, i, uc);
        j->pid[i] = rq->period ? (char *)nqpf_table_get(j->t, i, pc) : NULL;
        if (!*j->uid[i])
            rc = nqpf_fail(err, NQPF_EMISSING, rq->data, j->t->line[i], (long)uc + 1, "empty unit id");
    }
    if (!rc)
        rc = nqpf_spreg_panel_build(&j->pn, n, j->uid, rq->period ? j->pid : NULL, j->y, j->x, j->k, j->xn, rq->data,
                                    j->t->line, err);
    return rc;
}

/* W aligned to the panel's units (ids in order of first appearance, as the
 * panel numbers them) and styled; islands under W are an error, as in the
 * command (their row of the row-standardised W would be zero). */
static int weights(const nqpf_spreg_request *rq, spreg_job *j, nqpf_error *err)
{
    size_t U = j->pn->n;
    nqpf_strmap m = {0};
    int rc = nqpf_weights_read_edges(&j->raw, rq->weights, err);
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
    if (!rc)
        rc = nqpf_weights_align(&j->w, j->raw, j->pn->unit, U, 0, rq->data, j->lines, err);
    if (!rc)
        rc = nqpf_weights_transform(j->w, rq->style, err);
    for (size_t i = 0; !rc && rq->style == 'W' && i < U; i++)
        if (nqpf_weights_card(j->w, i) == 0)
            rc = nqpf_fail(err, NQPF_EINPUT, rq->data, j->lines[i], 0,
                           "unit '%s' has no neighbours, so its row of the row-standardised W is zero and W is not "
                           "row-stochastic; drop the unit or use style B",
                           j->pn->unit[i]);
    return rc;
}

int nqpf_spreg_run(const nqpf_spreg_request *rq, nqpf_error *err)
{
    spreg_job j;
    memset(&j, 0, sizeof j);
    nqpf_outfile fo = {0}, fd = {0};
    nqpf_spreg_diag dg;
    size_t k = 0;
    int rc = load(rq, &j, err);
    if (!rc)
        rc = weights(rq, &j, err), k = j.k;
    if (!rc && (rq->spec.model != NQPF_SPREG_SLX || rq->diagnostics || rq->effects))
        rc = nqpf_spreg_eig_prepare(&j.eig, j.w, rq->logdet, err);
    if (!rc)
        rc = nqpf_spreg_fit_model(&j.fit, j.pn, j.w, &j.eig, &rq->spec, err);
    if (!rc && rq->effects && !(j.eff = nqpf_alloc(12 * k, sizeof *j.eff)))
        rc = nqpf_fail_nomem(err);
    if (!rc && rq->effects)
        rc = nqpf_spreg_effects(j.fit, j.w, &j.eig, rq->draws, rq->seed, j.eff, j.eff + 3 * k, j.eff + 6 * k,
                                j.eff + 9 * k, err);
    if (!rc && rq->diagnostics)
        rc = nqpf_spreg_diagnostics(j.pn, j.w, &j.eig, rq->spec.fe, rq->spec.lee_yu, &dg, err);
    if (!rc && !(rc = nqpf_outfile_open(&fo, rq->out, rq->force, err)))
        nqpf_spreg_write_fit(fo.fp, j.fit, j.pn->xname, j.eff, j.eff ? j.eff + 3 * k : NULL,
                             j.eff ? j.eff + 6 * k : NULL, j.eff ? j.eff + 9 * k : NULL, 1);
    if (!rc && rq->diagnostics && !(rc = nqpf_outfile_open(&fd, rq->diagnostics, rq->force, err)))
        nqpf_spreg_write_diag(fd.fp, &dg);
    if (!rc) {
        nqpf_outfile *fs[2] = {&fo, &fd};
        rc = nqpf_outfiles_commit(fs, rq->diagnostics ? 2 : 1, err);
    }
    if (rc)
        nqpf_outfile_abort(&fo), nqpf_outfile_abort(&fd);
    job_free(&j);
    return rc;
}
