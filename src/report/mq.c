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

int report_run_malmquist(nqpf_report *r, nqpf_error *err)
{
    report_dea_data d;
    nqpf_mq_job job = {0};
    nqpf_optval v[NQPF_MO_NOPTS];
    memset(&d, 0, sizeof d);
    /* the keys of `nqpf malmquist` (include/nqpf/dea_opts.h); model and orient default by the index and model */
    int rc = report_section_read(r, "malmquist", NQPF_MALMQUIST_OPTS, NQPF_MO_NOPTS, v, err);
    if (rc)
        return rc;
    nqpf_optsrc src = {r->proj->path, 0, 0};
    int index = 0, frontier = 0;
    const char *mname = NULL, *oname = NULL;
    rc = nqpf_mq_opts_spec(v, &src, &job.spec, &index, &frontier, &mname, &oname, err);
    if (!rc) {
        v[NQPF_MO_MODEL].text = mname;
        v[NQPF_MO_ORIENT].text = oname;
        rc = report_section_record(r, "malmquist", NQPF_MALMQUIST_OPTS, NQPF_MO_NOPTS, v, err);
    } else {
        nqpf_opt_free(v, NQPF_MO_NOPTS);
    }
    if (rc)
        return rc;
    job.index = (nqpf_mq_index)index;
    job.frontier = (nqpf_mq_frontier)frontier;
    job.techch = (nqpf_mq_techch)v[NQPF_MO_TECHCH].i;
    int no_frame = (int)v[NQPF_MO_NO_FRAME].i;
    /* the lists have the places of the DEA table's */
    const nqpf_optval lists[NQPF_DO_NOPTS] = {[NQPF_DO_INPUTS] = v[NQPF_MO_INPUTS],
                                              [NQPF_DO_OUTPUTS] = v[NQPF_MO_OUTPUTS],
                                              [NQPF_DO_UNDESIRABLE] = v[NQPF_MO_UNDESIRABLE]};
    report_dea_names(lists, &d);
    rc = report_dea_load(r, &d, err);
    if (rc)
        goto out;
    size_t q = d.k[2];
    job.spec.m = d.k[0], job.spec.s = d.k[1], job.spec.q = q;
    job.n = d.in.n, job.x = d.in.x, job.y = d.in.y, job.b = q ? d.in.b : NULL;
    job.unit = d.in.unit_of, job.period = d.in.period_of, job.n_units = d.in.U, job.n_periods = d.in.T;
    job.no_frame = no_frame;
    /* the report keeps the names of the units and periods */
    r->mq_U = d.in.U, r->mq_T = d.in.T;
    r->mq_unit = d.unit, r->mq_period = d.period;
    d.unit = d.period = NULL;
    if ((rc = nqpf_mq_run(&job, &r->mq, err)) || (rc = nqpf_mq_means_compute(&r->mq, &r->mqm, err)))
        goto out;
    r->mq_have_means = 1;
    nqpf_mq_label(&job.spec, index, frontier, (int)job.techch, r->mq_variant, sizeof r->mq_variant);
    r->mq_index = (int)job.index;
    r->mq_ncol = r->mq.decomposed ? 5 : 3;
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
