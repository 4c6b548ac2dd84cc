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

#include "report_internal.h"

static const char *const INDEXES[] = {"malmquist", "ml", "luenberger"};
static const char *const FRONTIERS[] = {"contemporaneous", "sequential", "global"};

/* Options (recorded in run.json) into job; the defaults are those of
 * `nqpf malmquist`. */
static int options(nqpf_report *r, nqpf_mq_job *job, int *no_frame, nqpf_error *err)
{
    nqpf_dea_spec *sp = &job->spec;
    int v, rc;
    if ((rc = report_pick(r, "malmquist", "index", "malmquist", INDEXES, 3, &v, err)))
        return rc;
    job->index = (nqpf_mq_index)v;
    if ((rc = report_pick(r, "malmquist", "model", job->index == NQPF_MQ_MALMQUIST ? "radial" : "ddf", REPORT_DEA_MODELS, 3, &v, err)))
        return rc;
    sp->model = (nqpf_dea_model)v;
    if ((rc = report_pick(r, "malmquist", "rts", "crs", REPORT_DEA_RTS, 4, &v, err)))
        return rc;
    sp->rts = (nqpf_dea_rts)v;
    const nqpf_project_section *sec = nqpf_project_section_get(r->proj, "malmquist");
    const nqpf_project_kv *okv = nqpf_project_get(sec, "orient");
    if (sp->model == NQPF_DEA_DDF && okv)
        return report_bad_value(r, okv, "ddf takes no orient (use direction)", err);
    if ((rc = report_pick(r, "malmquist", "orient", sp->model == NQPF_DEA_RADIAL ? "out" : sp->model == NQPF_DEA_SBM ? "none" : "in",
                   REPORT_DEA_ORIENTS, 3, &v, err)))
        return rc;
    sp->orient = (nqpf_dea_orient)v;
    if ((rc = report_pick(r, "malmquist", "frontier", "contemporaneous", FRONTIERS, 3, &v, err)))
        return rc;
    job->frontier = (nqpf_mq_frontier)v;
    if ((rc = report_pick(r, "malmquist", "direction", "default", REPORT_DEA_DIRS, 3, &v, err)))
        return rc;
    sp->dir = (nqpf_dea_dir)v;
    if ((rc = report_pick(r, "malmquist", "bad-disposal", "weak", REPORT_DEA_DISP, 2, &v, err)))
        return rc;
    sp->bad_strong = v;
    return report_bool(r, "malmquist", "no-frame", no_frame, err);
}

int report_run_malmquist(nqpf_report *r, nqpf_error *err)
{
    report_dea_data d;
    nqpf_mq_job job = {0};
    int no_frame = 0;
    int rc = report_dea_lists(r, "malmquist", &d, err);
    if (!rc)
        rc = options(r, &job, &no_frame, err);
    if (!rc)
        rc = report_dea_load(r, &d, err);
    if (rc)
        goto out;
    size_t q = d.k[2];
    job.spec.m = d.k[0], job.spec.s = d.k[1], job.spec.q = q;
    job.n = d.n, job.x = d.X, job.y = d.Y, job.b = q ? d.B : NULL;
    job.unit = d.urow, job.period = d.prow, job.n_units = d.U, job.n_periods = d.T, job.no_frame = no_frame;
    /* the report keeps the names of the units and periods */
    r->mq_U = d.U, r->mq_T = d.T;
    r->mq_unit = d.unit, r->mq_period = d.period;
    d.unit = d.period = NULL;
    if ((rc = nqpf_mq_run(&job, &r->mq, err)) || (rc = nqpf_mq_means_compute(&r->mq, &r->mqm, err)))
        goto out;
    r->mq_have_means = 1;
    const nqpf_dea_spec *sp = &job.spec;
    if (sp->model == NQPF_DEA_DDF)
        snprintf(r->mq_variant, sizeof r->mq_variant, "%s-ddf-%s%s%s-g:%s-%s", INDEXES[job.index], REPORT_DEA_RTS[sp->rts],
                 q ? "-" : "", q ? REPORT_DEA_DISP[sp->bad_strong] : "", REPORT_DEA_DIRS[sp->dir], FRONTIERS[job.frontier]);
    else
        snprintf(r->mq_variant, sizeof r->mq_variant, "%s-%s-%s-%s-%s", INDEXES[job.index], REPORT_DEA_MODELS[sp->model],
                 REPORT_DEA_ORIENTS[sp->orient], REPORT_DEA_RTS[sp->rts], FRONTIERS[job.frontier]);
    r->mq_index = (int)job.index;
    r->mq_ncol = r->mq.decomposed ? 5 : 3;
out:
    report_dea_data_free(&d);
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
