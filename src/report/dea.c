/* nqpf — the report's [dea] step: efficiency scores of every row of the
 * data file against the frontier of its period (include/nqpf/dea.h), with
 * the keys, defaults, rows and model label of `nqpf dea`, so that
 * tables/dea.csv equals that command's output on the same options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

static const char *const FRONTIERS[] = {"contemporaneous", "pooled", "sequential"};

/* frontier = contemporaneous | pooled | sequential | window:K (K >= 1) */
static int frontier(nqpf_report *r, nqpf_dea_job *job, const char **text, nqpf_error *err)
{
    const nqpf_project_kv *kv;
    int rc = report_opt_str(r, "dea", "frontier", "contemporaneous", text, &kv, err);
    if (rc)
        return rc;
    for (int i = 0; i < 3; i++)
        if (!strcmp(*text, FRONTIERS[i])) {
            job->frontier = i == 0 ? NQPF_DEA_CONTEMPORANEOUS : i == 1 ? NQPF_DEA_POOLED : NQPF_DEA_SEQUENTIAL;
            return NQPF_OK;
        }
    char *end = NULL;
    long k = strncmp(*text, "window:", 7) ? 0 : strtol(*text + 7, &end, 10);
    if (k < 1 || !end || *end)
        return report_bad_value(r, kv, "dea.frontier must be contemporaneous, pooled, sequential or window:K (K >= 1)",
                                err);
    job->frontier = NQPF_DEA_WINDOW;
    job->window = (size_t)k;
    return NQPF_OK;
}

/* Options (recorded in run.json); the defaults are those of `nqpf dea`. */
static int options(nqpf_report *r, nqpf_dea_job *job, const char **front, nqpf_error *err)
{
    nqpf_dea_spec *sp = &job->spec;
    int v, rc;
    if ((rc = report_pick(r, "dea", "model", "radial", REPORT_DEA_MODELS, 3, &v, err)))
        return rc;
    sp->model = (nqpf_dea_model)v;
    if ((rc = report_pick(r, "dea", "rts", "crs", REPORT_DEA_RTS, 4, &v, err)))
        return rc;
    sp->rts = (nqpf_dea_rts)v;
    const nqpf_project_kv *okv = nqpf_project_get(nqpf_project_section_get(r->proj, "dea"), "orient");
    if (sp->model == NQPF_DEA_DDF && okv)
        return report_bad_value(r, okv, "ddf takes no orient (use direction)", err);
    if ((rc = report_pick(r, "dea", "orient", sp->model == NQPF_DEA_SBM ? "none" : "in", REPORT_DEA_ORIENTS, 3, &v,
                          err)))
        return rc;
    sp->orient = (nqpf_dea_orient)v;
    if ((rc = report_bool(r, "dea", "super", &sp->super, err)) || (rc = frontier(r, job, front, err)) ||
        (rc = report_pick(r, "dea", "direction", "default", REPORT_DEA_DIRS, 4, &v, err)))
        return rc;
    sp->dir = (nqpf_dea_dir)v;
    if ((rc = report_pick(r, "dea", "bad-disposal", "weak", REPORT_DEA_DISP, 2, &v, err)))
        return rc;
    sp->bad_strong = v;
    return report_bool(r, "dea", "no-frame", &job->no_frame, err);
}

int report_run_dea(nqpf_report *r, nqpf_error *err)
{
    report_dea_data d;
    nqpf_dea_job job = {0};
    const char *front = "";
    int rc = report_dea_lists(r, "dea", &d, err);
    if (!rc)
        rc = options(r, &job, &front, err);
    nqpf_dea_spec *sp = &job.spec;
    sp->m = d.k[0], sp->s = d.k[1], sp->q = d.k[2];
    if (!rc && (rc = nqpf_dea_spec_check(sp, err))) {
        const nqpf_project_section *s = nqpf_project_section_get(r->proj, "dea");
        snprintf(err->file, sizeof err->file, "%s", r->proj->path);
        err->line = s->line, err->col = s->col, err->code = rc = NQPF_EINPUT;
    }
    if (!rc)
        rc = report_dea_load(r, &d, err);
    if (rc)
        goto out;
    job.n = d.n, job.x = d.X, job.y = d.Y, job.b = sp->q ? d.B : NULL;
    job.period = d.prow, job.n_periods = d.T;
    if ((rc = nqpf_dea_run(&job, &r->dea, err)))
        goto out;
    r->dea_n = d.n, r->dea_U = d.U, r->dea_T = d.T;
    r->dea_urow = d.urow, r->dea_prow = d.prow, r->dea_unit = d.unit, r->dea_period = d.period;
    d.urow = d.prow = NULL, d.unit = d.period = NULL;
    int ddf = sp->model == NQPF_DEA_DDF;
    r->dea_ddf = ddf;
    r->dea_phi = sp->orient == NQPF_DEA_OUT && !ddf;
    /* the model label of `nqpf dea` (with a period column) */
    snprintf(r->dea_variant, sizeof r->dea_variant, "%s-%s%s%s%s%s%s-%s", REPORT_DEA_MODELS[sp->model],
             REPORT_DEA_RTS[sp->rts], ddf ? "" : "-", ddf ? "" : REPORT_DEA_ORIENTS[sp->orient],
             sp->super ? "-super" : "", ddf ? "-" : "",
             ddf ? (sp->q ? REPORT_DEA_DISP[sp->bad_strong] : REPORT_DEA_DIRS[sp->dir]) : "", front);
    if (ddf && sp->q) {
        size_t L = strlen(r->dea_variant);
        snprintf(r->dea_variant + L, sizeof r->dea_variant - L, "-g:%s", REPORT_DEA_DIRS[sp->dir]);
    }
out:
    report_dea_data_free(&d);
    return rc;
}

void report_free_dea(nqpf_report *r)
{
    nqpf_dea_out_free(&r->dea);
    free(r->dea_urow), free(r->dea_prow);
    report_strv_free(r->dea_unit);
    report_strv_free(r->dea_period);
}
