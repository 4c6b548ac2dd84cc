/* nqpf — meta-frontier DEA and technology gap ratios (see dea.h).
 *
 * Battese, Rao & O'Donnell (2004) and O'Donnell, Rao & Battese (2008):
 * units belong to groups (regions, ownership types) that may use different
 * technologies.  Each unit is scored twice, with the same model, returns to
 * scale, orientation and period rule: against the frontier of its own group
 * (the group frontier) and against the frontier of all groups together (the
 * meta-frontier, which envelops every group frontier).  The technology gap
 * ratio TGR = TE_meta / TE_group <= 1 measures how far the group's frontier
 * lies inside the meta-frontier at the unit's mix; TE_meta = TE_group x TGR.
 * For the directional distance function (an inefficiency, not a ratio) the
 * gap is additive: beta_meta = beta_group + gap, gap >= 0.
 *
 * The meta technology contains every group technology, so in exact
 * arithmetic TE_meta <= TE_group (and beta_meta >= beta_group), with or
 * without super-efficiency; an excess within the LP's tolerance (1e-9
 * relative) is rounding and is snapped to TGR = 1 (gap = 0), a larger one is
 * left visible.
 *
 * Both frontiers are ordinary nqpf_dea_run jobs (the group one on the
 * group's rows only), so every model, frontier rule and thread count works
 * as for plain DEA and the results are as exact. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"

void nqpf_dea_meta_free(nqpf_dea_meta *mo)
{
    free(mo->status_group);
    free(mo->eff_group);
    free(mo->tgr);
    memset(mo, 0, sizeof *mo);
}

void nqpf_dea_gather(double *dst, const double *src, const size_t *ids, size_t k, size_t w)
{
    for (size_t i = 0; i < k; i++)
        memcpy(dst + i * w, src + ids[i] * w, w * sizeof(double));
}

/* Score the rows of group g against the group's own frontier and put the
 * results in their rows of mo. */
static int run_group(const nqpf_dea_job *job, const size_t *ids, size_t k, nqpf_dea_meta *mo, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    double *x = malloc((k * sp->m + 1) * sizeof(double));
    double *y = malloc((k * sp->s + 1) * sizeof(double));
    double *b = malloc((k * sp->q + 1) * sizeof(double));
    size_t *per = malloc((k + 1) * sizeof(size_t));
    int rc = NQPF_OK;
    if (!x || !y || !b || !per) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    nqpf_dea_gather(x, job->x, ids, k, sp->m);
    nqpf_dea_gather(y, job->y, ids, k, sp->s);
    if (sp->q)
        nqpf_dea_gather(b, job->b, ids, k, sp->q);
    for (size_t i = 0; job->period && i < k; i++)
        per[i] = job->period[ids[i]];
    nqpf_dea_job g = *job;
    g.n = k;
    g.x = x;
    g.y = y;
    g.b = sp->q ? b : NULL;
    g.period = job->period ? per : NULL;
    g.checkpoint = NULL;
    nqpf_dea_out o = {0};
    rc = nqpf_dea_run(&g, &o, err);
    for (size_t i = 0; !rc && i < k; i++) {
        mo->status_group[ids[i]] = o.status[i];
        mo->eff_group[ids[i]] = o.eff[i];
    }
    nqpf_dea_out_free(&o);
done:
    free(x);
    free(y);
    free(b);
    free(per);
    return rc;
}

int nqpf_dea_meta_run(const nqpf_dea_job *job, const size_t *group, size_t n_groups, nqpf_dea_out *meta,
                      nqpf_dea_meta *mo, nqpf_error *err)
{
    memset(mo, 0, sizeof *mo);
    memset(meta, 0, sizeof *meta);
    if (job->checkpoint || job->dist)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "the meta-frontier runs without --checkpoint and MPI ranks");
    /* one set of EBM / ADD parameters, from all rows, for the group
     * frontiers and the meta-frontier: the TGR compares like with like */
    nqpf_dea_job j = *job;
    int again = 0, prc = nqpf_dea_job_params(&j.spec, job->x, job->y, job->b, job->n, &again, err);
    if (prc || again)
        return prc ? prc : nqpf_dea_meta_run(&j, group, n_groups, meta, mo, err);
    size_t n = job->n;
    for (size_t i = 0; i < n; i++)
        if (group[i] >= n_groups)
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "group index out of range");
    mo->status_group = malloc((n + 1) * sizeof(int));
    mo->eff_group = malloc((n + 1) * sizeof(double));
    mo->tgr = malloc((n + 1) * sizeof(double));
    size_t *start = calloc(n_groups + 1, sizeof(size_t));
    size_t *ids = malloc((n + 1) * sizeof(size_t));
    int rc = NQPF_OK;
    if (!mo->status_group || !mo->eff_group || !mo->tgr || !start || !ids) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* rows by group, in row order within each (a counting sort) */
    for (size_t i = 0; i < n; i++)
        start[group[i] + 1]++;
    for (size_t g = 0; g < n_groups; g++)
        start[g + 1] += start[g];
    {
        size_t *fill = malloc((n_groups + 1) * sizeof(size_t));
        if (!fill) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        memcpy(fill, start, (n_groups + 1) * sizeof(size_t));
        for (size_t i = 0; i < n; i++)
            ids[fill[group[i]]++] = i;
        free(fill);
    }
    for (size_t g = 0; g < n_groups && !rc; g++)
        if (start[g + 1] > start[g])
            rc = run_group(job, ids + start[g], start[g + 1] - start[g], mo, err);
    if (!rc)
        rc = nqpf_dea_run(job, meta, err);
    for (size_t i = 0; !rc && i < n; i++) {
        int ok = meta->status[i] == NQPF_DEA_OK && mo->status_group[i] == NQPF_DEA_OK;
        double me = meta->eff[i], ge = mo->eff_group[i], v = NAN;
        if (ok && nqpf_dea_score_is_gap(&job->spec)) {
            v = me - ge;
            if (v < 0 && -v <= 1e-9 * fmax(1.0, fabs(ge)))
                v = 0.0;
        } else if (ok && ge > 0) {
            v = me / ge;
            if (v > 1 && v - 1 <= 1e-9)
                v = 1.0;
        }
        mo->tgr[i] = v;
    }
done:
    free(start);
    free(ids);
    if (rc) {
        nqpf_dea_meta_free(mo);
        nqpf_dea_out_free(meta);
    }
    return rc;
}
