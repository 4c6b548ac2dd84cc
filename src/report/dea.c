/* nqpf — the report's [dea] step: efficiency scores of every row of the
 * data file against the frontier of its period (include/nqpf/dea.h), with
 * the keys, defaults, rows and model label of `nqpf dea`, so that
 * tables/dea.csv equals that command's output on the same options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea_opts.h"
#include "report_internal.h"

/* The column lists of parsed values (indexed by nqpf_dea_opt) into d. */
void report_dea_names(const nqpf_optval *v, report_dea_data *d)
{
    memset(d, 0, sizeof *d);
    static const int KEYS[3] = {NQPF_DO_INPUTS, NQPF_DO_OUTPUTS, NQPF_DO_UNDESIRABLE};
    for (int k = 0; k < 3; k++) {
        d->k[k] = v[KEYS[k]].n_items;
        for (size_t j = 0; j < d->k[k]; j++)
            d->name[k][j] = v[KEYS[k]].items[j];
    }
}

int report_run_dea(nqpf_report *r, nqpf_error *err)
{
    report_dea_data d;
    nqpf_dea_job job = {0};
    nqpf_optval v[NQPF_DO_NOPTS];
    memset(&d, 0, sizeof d);
    /* the keys of `nqpf dea` (include/nqpf/dea_opts.h); orient defaults by the model */
    int rc = report_section_read(r, "dea", NQPF_DEA_OPTS, NQPF_DO_NOPTS, v, err);
    if (rc)
        return rc;
    nqpf_optsrc src = {r->proj->path, 0, 0};
    nqpf_dea_spec *sp = &job.spec;
    rc = nqpf_dea_opts_spec(v, &src, sp, &job.frontier, &job.window, err);
    if (!rc && !v[NQPF_DO_ORIENT].seen)
        v[NQPF_DO_ORIENT].text = nqpf_dea_default_orient(sp->model);
    if (!rc && !v[NQPF_DO_RTS].seen)
        v[NQPF_DO_RTS].text = NQPF_DEA_RTS_NAMES[sp->rts]; /* fdh: vrs */
    if (!rc)
        rc = report_section_record(r, "dea", NQPF_DEA_OPTS, NQPF_DO_NOPTS, v, err);
    else
        nqpf_opt_free(v, NQPF_DO_NOPTS);
    if (rc)
        return rc;
    job.no_frame = (int)v[NQPF_DO_NO_FRAME].i;
    report_dea_names(v, &d);
    if ((rc = nqpf_dea_spec_check(sp, err))) {
        const nqpf_project_section *s = nqpf_project_section_get(r->proj, "dea");
        snprintf(err->file, sizeof err->file, "%s", r->proj->path);
        err->line = s->line, err->col = s->col, err->code = rc = NQPF_EINPUT;
    }
    if (!rc)
        rc = report_dea_load(r, &d, err);
    if (rc)
        goto out;
    job.n = d.in.n, job.x = d.in.x, job.y = d.in.y, job.b = sp->q ? d.in.b : NULL;
    job.period = d.in.period_of, job.n_periods = d.in.T;
    if ((rc = nqpf_dea_run(&job, &r->dea, err)))
        goto out;
    /* the report keeps the panel: each row's unit and period, their names */
    r->dea_n = d.in.n, r->dea_U = d.in.U, r->dea_T = d.in.T;
    r->dea_urow = d.in.unit_of, r->dea_prow = d.in.period_of, r->dea_unit = d.unit, r->dea_period = d.period;
    d.in.unit_of = d.in.period_of = NULL, d.unit = d.period = NULL;
    int ddf = nqpf_dea_score_is_gap(sp); /* an inefficiency, 0 = on the frontier */
    r->dea_ddf = ddf;
    r->dea_phi = sp->orient == NQPF_DEA_OUT && !ddf;
    /* the model label of `nqpf dea` (with a period column) */
    nqpf_dea_label(sp, v[NQPF_DO_FRONTIER].text, r->dea_variant, sizeof r->dea_variant);
out:
    report_dea_data_free(&d);
    nqpf_opt_free(v, NQPF_DO_NOPTS);
    return rc;
}

void report_free_dea(nqpf_report *r)
{
    nqpf_dea_out_free(&r->dea);
    free(r->dea_urow), free(r->dea_prow);
    report_strv_free(r->dea_unit);
    report_strv_free(r->dea_period);
}
