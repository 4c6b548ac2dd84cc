/* nqpf — categorical (ordinal) environment variables in DEA (see dea.h).
 *
 * Banker & Morey (1986), "The use of categorical variables in data
 * envelopment analysis", Management Science 32(12); Cooper, Seiford & Tone
 * (2007) section 7.3: a unit in category c (1 = the least favourable
 * environment) competes only with units whose environment is no better,
 * categories 1..c.  The reference sets are nested, so each category is one
 * ordinary nqpf_dea_run on the rows of categories <= c (with its period
 * rule, frame and threads) that scores the rows of category c only
 * (nqpf_dea_job.only): each row costs its LPs once, not once per category
 * above its own.  The top category's reference set is every row: that run
 * is the job itself, masked to the top category.  Under MPI every rank
 * makes the same runs, each split over the ranks by nqpf_dea_run.
 *
 * Models whose parameters come from the evaluated rows (EBM's affinity,
 * ADD's ranges, the DDF mean direction) would change with each subset, so
 * they are refused rather than given a meaning the literature does not
 * state; radial, SBM and DDF (with their super-efficiency, --fixed and
 * --ar) are the reference-set models of CST 7.3.
 *
 * Checkpoints: a checkpoint file holds one run (its fingerprint covers the
 * rows, the mask and the options), and each category is a run of its own on
 * a subset of the rows, so the top category's run uses FILE and category
 * K < L's run FILE.catK.  Each file is checked against its own run: a
 * resumed command skips the finished categories and the finished chunks of
 * the one that was interrupted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "nqpf/dist.h"

int nqpf_dea_categ_check(const nqpf_dea_job *job, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    if (sp->model != NQPF_DEA_RADIAL && sp->model != NQPF_DEA_SBM && sp->model != NQPF_DEA_DDF)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--categorical works with the radial, sbm and ddf models");
    if (sp->model == NQPF_DEA_DDF && sp->dir == NQPF_DEA_DIR_MEAN)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--categorical: the mean direction would change with each category's reference set");
    return NQPF_OK;
}

int nqpf_dea_categ_levels(const double *v, size_t n, const char *path, const long *line, long col, size_t *cat,
                          size_t *n_cat, nqpf_error *err)
{
    size_t top = 0;
    for (size_t i = 0; i < n; i++) {
        /* integers 1..2^20: a category code, not a measurement */
        if (!(v[i] >= 1 && v[i] <= 1048576 && v[i] == floor(v[i])))
            return nqpf_fail(err, NQPF_EINPUT, path, line ? line[i] : 0, col,
                             isnan(v[i]) ? "missing category (--categorical)"
                                         : "category must be an integer 1, 2, ... (1 = least favourable), not %g",
                             v[i]);
        cat[i] = (size_t)v[i] - 1;
        if (cat[i] + 1 > top)
            top = cat[i] + 1;
    }
    *n_cat = top;
    return NQPF_OK;
}

/* Move row `from` of the subset result sub into row `to` of out, peers
 * renumbered from subset rows to job rows. */
static void put_row(const nqpf_dea_job *job, nqpf_dea_out *out, size_t to, const nqpf_dea_out *sub, size_t from,
                    const size_t *ids)
{
    const nqpf_dea_spec *sp = &job->spec;
    size_t m = sp->m, s = sp->s, q = sp->q, w = m + q + s + 1;
    out->status[to] = sub->status[from];
    out->eff[to] = sub->eff[from];
    out->phi[to] = sub->phi[from];
    memcpy(out->slack_x + to * m, sub->slack_x + from * m, m * sizeof(double));
    memcpy(out->slack_y + to * s, sub->slack_y + from * s, s * sizeof(double));
    memcpy(out->slack_b + to * q, sub->slack_b + from * q, q * sizeof(double));
    memcpy(out->target_x + to * m, sub->target_x + from * m, m * sizeof(double));
    memcpy(out->target_y + to * s, sub->target_y + from * s, s * sizeof(double));
    memcpy(out->target_b + to * q, sub->target_b + from * q, q * sizeof(double));
    size_t k = sub->n_peers[from];
    out->n_peers[to] = k;
    for (size_t j = 0; j < k; j++) {
        out->peer[to * out->width + j] = ids[sub->peer[from * sub->width + j]];
        out->lambda[to * out->width + j] = sub->lambda[from * sub->width + j];
    }
    if (out->weight)
        memcpy(out->weight + to * w, sub->weight + from * w, w * sizeof(double));
    if (out->u0_range)
        memcpy(out->u0_range + 2 * to, sub->u0_range + 2 * from, 2 * sizeof(double));
}

/* Score the rows of category c against the rows ids[0..k) (categories
 * <= c) and put their results in out. */
static int run_category(const nqpf_dea_job *job, const size_t *cat, size_t c, const size_t *ids, size_t k,
                        const char *checkpoint, nqpf_dea_out *out, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    double *blk[6] = {0};
    const double *src[6] = {job->x, job->y, job->b, job->gx, job->gy, job->gb};
    const size_t wid[6] = {sp->m, sp->s, sp->q, sp->m, sp->s, sp->q};
    size_t *per = malloc((k + 1) * sizeof(size_t));
    unsigned char *only = malloc(k + 1);
    int rc = per && only ? NQPF_OK : nqpf_fail_nomem(err);
    for (int a = 0; a < 6 && !rc; a++)
        if (src[a] && wid[a]) {
            if (!(blk[a] = malloc(k * wid[a] * sizeof(double))))
                rc = nqpf_fail_nomem(err);
            else
                nqpf_dea_gather(blk[a], src[a], ids, k, wid[a]);
        }
    nqpf_dea_out o = {0};
    if (job->dist) /* every rank goes on to the run's collective calls, or none */
        rc = nqpf_dist_agree(job->dist, rc, err);
    if (!rc) {
        for (size_t i = 0; job->period && i < k; i++)
            per[i] = job->period[ids[i]];
        for (size_t i = 0; i < k; i++)
            only[i] = cat[ids[i]] == c;
        nqpf_dea_job g = *job;
        g.n = k;
        g.x = blk[0], g.y = blk[1], g.b = blk[2], g.gx = blk[3], g.gy = blk[4], g.gb = blk[5];
        g.period = job->period ? per : NULL;
        g.only = only;
        g.checkpoint = checkpoint;
        rc = nqpf_dea_run(&g, &o, err);
    }
    for (size_t i = 0; !rc && i < k; i++)
        if (only[i])
            put_row(job, out, ids[i], &o, i, ids);
    out->n_scored += o.n_scored;
    out->lp_iters += o.lp_iters;
    nqpf_dea_out_free(&o);
    for (int a = 0; a < 6; a++)
        free(blk[a]);
    free(per);
    free(only);
    return rc;
}

int nqpf_dea_categ_run(const nqpf_dea_job *job, const size_t *cat, size_t n_cat, nqpf_dea_out *out,
                       nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = nqpf_dea_categ_check(job, err);
    if (rc)
        return rc;
    size_t n = job->n;
    for (size_t i = 0; i < n; i++)
        if (cat[i] >= n_cat)
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "category index out of range");
    /* the top category: every row is its reference set */
    unsigned char *top = malloc(n + 1);
    rc = top ? NQPF_OK : nqpf_fail_nomem(err);
    if (job->dist)
        rc = nqpf_dist_agree(job->dist, rc, err);
    if (rc) {
        free(top);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        top[i] = cat[i] + 1 == n_cat;
    nqpf_dea_job g = *job;
    g.only = top;
    rc = nqpf_dea_run(&g, out, err);
    free(top);
    if (rc)
        return rc;
    size_t *ids = malloc((n + 1) * sizeof(size_t));
    /* FILE.catK: FILE, ".cat", up to 20 digits and the NUL */
    size_t ck_len = job->checkpoint ? strlen(job->checkpoint) + 26 : 0;
    char *ck = ck_len ? malloc(ck_len) : NULL;
    if (!ids || (ck_len && !ck))
        rc = nqpf_fail_nomem(err);
    if (job->dist)
        rc = nqpf_dist_agree(job->dist, rc, err);
    for (size_t c = 0; !rc && c + 1 < n_cat; c++) {
        size_t k = 0, own = 0;
        for (size_t i = 0; i < n; i++)
            if (cat[i] <= c)
                ids[k++] = i, own += cat[i] == c;
        if (ck)
            snprintf(ck, ck_len, "%s.cat%zu", job->checkpoint, c + 1);
        if (own && k < n)
            rc = run_category(job, cat, c, ids, k, ck, out, err);
    }
    free(ck);
    free(ids);
    if (rc)
        nqpf_dea_out_free(out);
    return rc;
}
