/* nqpf — the report's [dea] step: efficiency scores of every row of the
 * data file against the frontier of its period (include/nqpf/dea.h), with
 * the keys, defaults, rows and model label of `nqpf dea`, so that
 * tables/dea.csv equals that command's output on the same options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea_opts.h"
#include "report_internal.h"

/* The job and the rows being read: the direction columns go into the
 * one read of the data file, as `nqpf dea` names them. */
typedef struct dea_ctx {
    nqpf_dea_job job;
    report_dea_data *d;
} dea_ctx;

/* The keys into the job; orient and rts default by the model (fdh: vrs). */
static int fill(const nqpf_report *r, nqpf_optval *v, const nqpf_optsrc *src, void *ctx, nqpf_error *err)
{
    dea_ctx *c = ctx;
    nqpf_dea_job *job = &c->job;
    nqpf_dea_spec *sp = &job->spec;
    int rc = nqpf_dea_opts_spec(v, src, sp, &job->frontier, &job->window, err);
    if (!rc)
        rc = nqpf_dea_opts_directions(v, src, sp, &c->d->cols, err);
    if (rc)
        return rc;
    /* nqpf_dea_peel's conditions (and `nqpf dea --peel`'s), found before anything runs */
    if (v[NQPF_DO_PEEL].i && (sp->super || v[NQPF_DO_META].text))
        return nqpf_fail(err, NQPF_EINPUT, src->file, v[NQPF_DO_PEEL].line, v[NQPF_DO_PEEL].col,
                         "peel needs scores without super-efficiency and without meta (super = no, no meta)");
    c->d->cols.group = v[NQPF_DO_META].text; /* the meta-frontier's groups, read with the data */
    if (!v[NQPF_DO_ORIENT].seen)
        v[NQPF_DO_ORIENT].text = nqpf_dea_default_orient(sp->model);
    if (!v[NQPF_DO_RTS].seen)
        v[NQPF_DO_RTS].text = NQPF_DEA_RTS_NAMES[sp->rts];
    if ((rc = nqpf_dea_spec_check(sp, err))) { /* a combination of keys: the section is to blame */
        const nqpf_project_section *s = nqpf_project_section_get(r->proj, "dea");
        snprintf(err->file, sizeof err->file, "%s", r->proj->path);
        err->line = s->line, err->col = s->col, err->code = rc = NQPF_EINPUT;
    }
    return rc;
}

/* meta = COL: the scores against the meta-frontier (as nqpf_dea_run's),
 * the group scores and gaps, and each row's group text for tables/dea.csv. */
static int run_meta(nqpf_report *r, const nqpf_dea_job *job, const report_dea_data *d, nqpf_error *err)
{
    int rc = nqpf_dea_meta_run(job, d->in.group_of, d->in.G, &r->dea, &r->dea_meta, err);
    if (!rc && !(r->dea_group = calloc(d->in.n + 1, sizeof(char *))))
        rc = nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < d->in.n; i++)
        if (!(r->dea_group[i] = nqpf_strdup(nqpf_dea_input_text(d->in.group, i))))
            rc = nqpf_fail_nomem(err);
    return rc;
}

int report_run_dea(nqpf_report *r, nqpf_error *err)
{
    static const int LISTS[3] = {NQPF_DO_INPUTS, NQPF_DO_OUTPUTS, NQPF_DO_UNDESIRABLE};
    report_dea_data d;
    dea_ctx c = {.d = &d};
    nqpf_dea_job job;
    nqpf_optval v[NQPF_DO_NOPTS];
    /* the keys of `nqpf dea` (include/nqpf/dea_opts.h) */
    int rc = report_dea_section(r, "dea", NQPF_DEA_OPTS, NQPF_DO_NOPTS, LISTS, fill, &c, v, &d, err);
    if (rc)
        return rc;
    job = c.job;
    nqpf_dea_spec *sp = &job.spec;
    job.no_frame = (int)v[NQPF_DO_NO_FRAME].i;
    job.n = d.in.n, job.x = d.in.x, job.y = d.in.y, job.b = sp->q ? d.in.b : NULL;
    job.period = d.in.period_of, job.n_periods = d.in.T;
    job.gx = d.in.gx, job.gy = d.in.gy, job.gb = d.in.gb; /* the rows' own directions, when named */
    if ((rc = v[NQPF_DO_META].text ? run_meta(r, &job, &d, err) : nqpf_dea_run(&job, &r->dea, err)))
        goto out;
    if (v[NQPF_DO_PEEL].i && (rc = !(r->dea_layer = malloc((d.in.n + 1) * sizeof *r->dea_layer))
                                       ? nqpf_fail_nomem(err)
                                       : nqpf_dea_peel(&job, &r->dea, r->dea_layer, err)))
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
    if (job.gx || job.gy || job.gb) /* as `nqpf dea` marks the rows' own directions */
        strncat(r->dea_variant, "-g:columns", sizeof r->dea_variant - strlen(r->dea_variant) - 1);
out:
    report_dea_data_free(&d);
    nqpf_opt_free(v, NQPF_DO_NOPTS);
    return rc;
}

void report_free_dea(nqpf_report *r)
{
    nqpf_dea_out_free(&r->dea);
    free(r->dea_urow), free(r->dea_prow), free(r->dea_layer);
    nqpf_dea_meta_free(&r->dea_meta);
    report_strv_free(r->dea_group);
    report_strv_free(r->dea_unit);
    report_strv_free(r->dea_period);
}
