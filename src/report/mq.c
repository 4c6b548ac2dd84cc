/* nqpf — the report's [malmquist] step: productivity change between
 * consecutive periods (include/nqpf/malmquist.h) on columns of the
 * project's data file.  The keys are the names of the `nqpf malmquist`
 * options and the rows are built exactly as that command builds them
 * (units in order of first appearance, periods in numeric order when all
 * are numbers), so tables/malmquist.csv equals its output.  Data are read
 * as published: a missing or negative cell is an error at FILE:LINE:COL
 * (the index's [data] missing = … filling is for the index indicators;
 * filling DEA inputs/outputs would invent a frontier point). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea_opts.h"
#include "report_internal.h"

/* The job of a [malmquist] section and the choices its label names. */
typedef struct mq_ctx {
    nqpf_mq_job job;
    int index, frontier;
    report_dea_data *d; /* the rows to read: meta = COL names their group column */
} mq_ctx;

/* The keys into the job; model and orient default by the index and model. */
static int fill(const nqpf_report *r, nqpf_optval *v, const nqpf_optsrc *src, void *ctx, nqpf_error *err)
{
    mq_ctx *c = ctx;
    const char *mname = NULL, *oname = NULL;
    int rc = nqpf_mq_opts_spec(v, src, &c->job.spec, &c->index, &c->frontier, &mname, &oname, err);
    if (!rc)
        v[NQPF_MO_MODEL].text = mname, v[NQPF_MO_ORIENT].text = oname;
    c->d->cols.group = v[NQPF_MO_META].text;
    return rc;
}

int report_run_malmquist(nqpf_report *r, nqpf_error *err)
{
    static const int LISTS[3] = {NQPF_MO_INPUTS, NQPF_MO_OUTPUTS, NQPF_MO_UNDESIRABLE};
    report_dea_data d;
    mq_ctx c = {.d = &d};
    nqpf_mq_job *job = &c.job;
    nqpf_optval v[NQPF_MO_NOPTS];
    /* the keys of `nqpf malmquist` (include/nqpf/dea_opts.h) */
    int rc = report_dea_section(r, "malmquist", NQPF_MALMQUIST_OPTS, NQPF_MO_NOPTS, LISTS, fill, &c, v, &d, err);
    if (rc)
        return rc;
    job->index = (nqpf_mq_index)c.index;
    job->frontier = (nqpf_mq_frontier)c.frontier;
    job->techch = (nqpf_mq_techch)v[NQPF_MO_TECHCH].i;
    size_t q = d.k[2];
    job->spec.m = d.k[0], job->spec.s = d.k[1], job->spec.q = q;
    job->n = d.in.n, job->x = d.in.x, job->y = d.in.y, job->b = q ? d.in.b : NULL;
    job->unit = d.in.unit_of, job->period = d.in.period_of, job->n_units = d.in.U, job->n_periods = d.in.T;
    job->no_frame = (int)v[NQPF_MO_NO_FRAME].i;
    /* the report keeps the names of the units and periods */
    r->mq_U = d.in.U, r->mq_T = d.in.T;
    r->mq_unit = d.unit, r->mq_period = d.period;
    d.unit = d.period = NULL;
    /* meta = COL: the meta-frontier index of `nqpf malmquist --meta COL` (a unit keeps its group) */
    const char *meta = v[NQPF_MO_META].text;
    if (meta && (rc = nqpf_dea_input_groups_fixed(&d.in, err)))
        goto out;
    if ((rc = meta ? nqpf_mq_meta_run(job, d.in.group_of, d.in.G, &r->mq, err) : nqpf_mq_run(job, &r->mq, err)) ||
        (rc = nqpf_mq_means_compute(&r->mq, &r->mqm, err)))
        goto out;
    r->mq_have_means = 1;
    nqpf_mq_label(&job->spec, c.index, c.frontier, (int)job->techch, r->mq_variant, sizeof r->mq_variant);
    if (meta)
        strncat(r->mq_variant, "-meta", sizeof r->mq_variant - strlen(r->mq_variant) - 1);
    r->mq_index = (int)job->index;
    r->mq_ncol = nqpf_mq_out_cols(&r->mq, r->mq_col);
out:
    report_dea_data_free(&d);
    nqpf_opt_free(v, NQPF_MO_NOPTS);
    return rc;
}

void report_free_malmquist(nqpf_report *r)
{
    nqpf_mq_out_free(&r->mq);
    if (r->mq_have_means)
        nqpf_mq_means_free(&r->mqm);
    report_strv_free(r->mq_unit);
    report_strv_free(r->mq_period);
}
