/* nqpf — the report's [dea] step: efficiency scores of every row of the
 * data file against the frontier of its period (include/nqpf/dea.h), with
 * the keys, defaults, rows and model label of `nqpf dea`, so that
 * tables/dea.csv equals that command's output on the same options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "nqpf/dea_boot.h"
#include "nqpf/dea_opts.h"
#include "report_internal.h"

/* The job and the rows being read: the direction columns go into the
 * one read of the data file, as `nqpf dea` names them. */
typedef struct dea_ctx {
    nqpf_dea_job job;
    report_dea_data *d;
} dea_ctx;

/* The keys into the job, checked by `nqpf dea`'s rules (include/nqpf/dea_opts.h)
 * before anything runs; orient and rts default by the model (fdh: vrs).
 * (seed, level and bandwidth without bootstrap are left unused, as every
 * project key given at its default is accepted.) */
static int fill(const nqpf_report *r, nqpf_optval *v, const nqpf_optsrc *src, void *ctx, nqpf_error *err)
{
    dea_ctx *c = ctx;
    nqpf_dea_job *job = &c->job;
    nqpf_dea_spec *sp = &job->spec;
    const nqpf_optval *cat = &v[NQPF_DO_CATEGORICAL];
    int rc = nqpf_dea_opts_spec(v, src, sp, &job->frontier, &job->window, err);
    if (!rc)
        rc = nqpf_dea_opts_directions(v, src, sp, &c->d->cols, err);
    if (!rc)
        rc = nqpf_dea_opts_together(v, src, err);
    if (!rc && cat->text && nqpf_dea_categ_check(job, err)) { /* the model's conditions, at the key */
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg + strlen("--categorical") + 1);
        rc = nqpf_fail(err, NQPF_EINPUT, src->file, cat->line, cat->col, "categorical %s", why);
    }
    if (!rc)
        rc = nqpf_dea_opts_prices(v, src, &c->d->cols, err);
    if (!rc)
        rc = nqpf_dea_opts_rts_test(v, src, sp, job->frontier, 1, err);
    if (rc)
        return rc;
    c->d->cols.group = v[NQPF_DO_META].text; /* the meta-frontier's groups, read with the data */
    c->d->cols.categ = v[NQPF_DO_CATEGORICAL].text; /* the categories, likewise */
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

/* meta = COL: each row's group text for tables/dea.csv. */
static int group_texts(nqpf_report *r, const report_dea_data *d, nqpf_error *err)
{
    int rc = (r->dea_group = calloc(d->in.n + 1, sizeof(char *))) ? NQPF_OK : nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < d->in.n; i++)
        if (!(r->dea_group[i] = nqpf_strdup(nqpf_dea_input_text(d->in.group, i))))
            rc = nqpf_fail_nomem(err);
    return rc;
}

/* A usage error of the library (a model condition of key k's method): the
 * key is to blame, at its FILE:LINE:COL. */
static int at_key(const nqpf_report *r, const nqpf_optval *v, int k, int rc, nqpf_error *err)
{
    if (rc != NQPF_EUSAGE)
        return rc;
    snprintf(err->file, sizeof err->file, "%s", r->proj->path);
    err->line = v[k].line, err->col = v[k].col;
    return err->code = NQPF_EINPUT;
}

/* bootstrap = B: `nqpf dea --bootstrap B`'s bias-corrected scores and
 * intervals (every row must have a score, as there); the bandwidths by
 * period, the pooled frontier's one repeated. */
static int run_boot(nqpf_report *r, const nqpf_dea_job *job, const report_dea_data *d, const nqpf_optval *v,
                    nqpf_error *err)
{
    int rc = nqpf_dea_input_all_scored(&d->in, &r->dea, r->data_path, err);
    if (rc)
        return rc;
    nqpf_dea_boot_opts o = {.reps = v[NQPF_DO_BOOTSTRAP].z, .seed = (uint64_t)v[NQPF_DO_SEED].z,
                            .level = v[NQPF_DO_LEVEL].num, .h = v[NQPF_DO_BANDWIDTH].num};
    report_dea_boot *bo = calloc(1, sizeof *bo);
    double *h = malloc((d->in.T + 1) * sizeof *h);
    rc = bo && h ? nqpf_dea_boot_job_run(job, &o, 0, &bo->out, err) : nqpf_fail_nomem(err);
    rc = at_key(r, v, NQPF_DO_BOOTSTRAP, rc, err);
    if (!rc) {
        for (size_t t = 0; t < d->in.T; t++)
            h[t] = bo->out.h[job->frontier == NQPF_DEA_POOLED ? 0 : t];
        bo->h = h;
        r->dea_boot = bo;
    } else {
        if (bo)
            nqpf_dea_boot_out_free(&bo->out);
        free(bo), free(h);
    }
    return rc;
}

/* economic = K: `nqpf dea --economic K` on the job (the Nerlovian
 * direction the observed bundle unless direction is given). */
static int run_econ(nqpf_report *r, const nqpf_dea_job *job, const report_dea_data *d, const nqpf_optval *v,
                    nqpf_error *err)
{
    nqpf_dea_job j = *job;
    if (!v[NQPF_DO_DIRECTION].seen)
        j.spec.dir = NQPF_DEA_DIR_OBSERVED;
    report_dea_econ *e = calloc(1, sizeof *e);
    if (!e)
        return nqpf_fail_nomem(err);
    e->kind = (nqpf_dea_econ)(v[NQPF_DO_ECONOMIC].i - 1);
    nqpf_dea_price_label(e->kind, &j.spec, v[NQPF_DO_FRONTIER].text, e->label, sizeof e->label);
    int rc = at_key(r, v, NQPF_DO_ECONOMIC, nqpf_dea_price_run(&j, e->kind, d->in.w, d->in.p, &e->out, err), err);
    if (rc)
        free(e);
    else
        r->dea_econ = e;
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
    nqpf_dea_job_from_input(&job, &d.in);
    /* categorical, meta (with each row's group text) or plain */
    if ((rc = nqpf_dea_input_run(&job, &d.in, r->data_path, &r->dea, &r->dea_meta, err)) ||
        (v[NQPF_DO_META].text && (rc = group_texts(r, &d, err))))
        goto out;
    if (v[NQPF_DO_BOOTSTRAP].z && (rc = run_boot(r, &job, &d, v, err)))
        goto out;
    if (v[NQPF_DO_ECONOMIC].i && (rc = run_econ(r, &job, &d, v, err)))
        goto out;
    if (v[NQPF_DO_RTS_TEST].z) { /* each period's frontier, as `nqpf dea --period P --rts-test B` */
        if (!(r->dea_rts = calloc(1, sizeof *r->dea_rts))) {
            rc = nqpf_fail_nomem(err);
            goto out;
        }
        if ((rc = nqpf_dea_rts_tests_run(&job, 1, v[NQPF_DO_RTS_TEST].z, (uint64_t)v[NQPF_DO_SEED].z,
                                         v[NQPF_DO_BANDWIDTH].num, 1.0 - v[NQPF_DO_LEVEL].num, r->dea_rts, err)))
            goto out;
    }
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
    if (v[NQPF_DO_CATEGORICAL].text) /* the restricted reference sets, likewise */
        strncat(r->dea_variant, "-categorical", sizeof r->dea_variant - strlen(r->dea_variant) - 1);
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
    if (r->dea_boot) {
        nqpf_dea_boot_out_free(&r->dea_boot->out);
        free(r->dea_boot->h);
    }
    free(r->dea_boot);
    if (r->dea_rts)
        nqpf_dea_rts_tests_free(r->dea_rts);
    free(r->dea_rts);
    if (r->dea_econ)
        nqpf_dea_price_free(&r->dea_econ->out);
    free(r->dea_econ);
    report_strv_free(r->dea_group);
    report_strv_free(r->dea_unit);
    report_strv_free(r->dea_period);
}
