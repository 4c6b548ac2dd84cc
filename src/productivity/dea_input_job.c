/* nqpf — a DEA job on the rows of a data file (nqpf_dea_input): the steps
 * `nqpf dea` and the report's [dea] share, so that both score the same rows
 * the same way. */
#include <stdlib.h>

#include "nqpf/coltable.h"
#include "nqpf/dea.h"

void nqpf_dea_job_from_input(nqpf_dea_job *job, const nqpf_dea_input *in)
{
    job->n = in->n, job->x = in->x, job->y = in->y, job->b = job->spec.q ? in->b : NULL;
    job->period = in->period_of, job->n_periods = in->T;
    job->gx = in->gx, job->gy = in->gy, job->gb = in->gb; /* the rows' own directions, when named */
}

/* Each row against the rows of categories <= its own. */
static int run_categ(const nqpf_dea_job *job, const nqpf_dea_input *in, const char *path, nqpf_dea_out *out,
                     nqpf_error *err)
{
    size_t n = in->n, n_cat = 0, *cat = malloc((n + 1) * sizeof *cat);
    int rc = cat ? NQPF_OK : nqpf_fail_nomem(err);
    if (!rc)
        rc = nqpf_dea_categ_levels(in->categ, n, path, in->t->line, in->categ_col->file_col, cat, &n_cat, err);
    if (!rc)
        rc = nqpf_dea_categ_run(job, cat, n_cat, out, err);
    free(cat);
    return rc;
}

int nqpf_dea_input_run(const nqpf_dea_job *job, const nqpf_dea_input *in, const char *path, nqpf_dea_out *out,
                       nqpf_dea_meta *mo, nqpf_error *err)
{
    if (in->categ)
        return run_categ(job, in, path, out, err);
    if (in->group_of) {
        nqpf_dea_job j = *job;
        j.dist = NULL; /* the meta-frontier runs on one rank */
        return nqpf_dea_meta_run(&j, in->group_of, in->G, out, mo, err);
    }
    return nqpf_dea_run(job, out, err);
}

int nqpf_dea_input_all_scored(const nqpf_dea_input *in, const nqpf_dea_out *res, const char *path, nqpf_error *err)
{
    for (size_t i = 0; i < in->n; i++)
        if (res->status[i] != NQPF_DEA_OK)
            return nqpf_fail(err, NQPF_EMATH, path, in->t->line[i], in->unit->file_col,
                             "unit '%s' has no DEA score (%s); the bootstrap needs every unit scored",
                             nqpf_dea_input_text(in->unit, i), nqpf_dea_status_name(res->status[i]));
    return NQPF_OK;
}
