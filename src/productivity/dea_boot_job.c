/* nqpf — the Simar–Wilson bootstrap of a whole data set: frontiers,
 * replication chunks, MPI ranks and checkpoints (see nqpf_dea_boot_job in
 * dea_boot.h).  Replication b of frontier t is the same computation
 * wherever and whenever it runs (its own random stream, its own pseudo
 * data), so splitting the replications over ranks or over a killed and a
 * resumed run cannot change a digit: the chunks only decide who computes
 * what, and the summary always reads the full B x n matrix in order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt.h"
#include "dea_periods.h"
#include "nqpf/dea_boot.h"
#include "nqpf/dist.h"
#include "nqpf/lp.h"

#define CKPT_MAGIC "NQPFBOOT"
#define CKPT_CHUNK 32 /* replications per checkpoint record */

/* SHA-256 of everything the replications depend on. */
static void fingerprint(const nqpf_dea_job *job, const nqpf_dea_boot_opts *o, unsigned char out[32])
{
    uint64_t v[3] = {o->reps, o->seed, 0};
    memcpy(&v[2], &o->h, sizeof o->h);
    nqpf_ckpt_job_sha(job, v, sizeof v, out);
}

/* Records: hd = {frontier t, first replication, end replication, rows of
 * t}; values = the replications' distances, B x ng[t] per frontier. */
typedef struct boot_ck {
    size_t T, B;
    const size_t *ng, *off;
    unsigned char *done;
    double *all;
} boot_ck;

static double *boot_dest(void *ctx, const uint64_t hd[4])
{
    const boot_ck *c = ctx;
    if (hd[0] >= c->T || hd[2] > c->B || hd[3] != c->ng[hd[0]])
        return NULL;
    return c->all + c->off[hd[0]] + hd[1] * c->ng[hd[0]];
}

static void boot_done(void *ctx, const uint64_t hd[4])
{
    boot_ck *c = ctx;
    memset(c->done + hd[0] * c->B + hd[1], 1, hd[2] - hd[1]);
}

int nqpf_dea_boot_job(const nqpf_dea_job *job, const nqpf_dea_boot_opts *o, nqpf_dea_boot_stats *st, double *h,
                      double *dist, double *draws, nqpf_error *err)
{
    if (job->period && job->n_periods > 1 && job->frontier != NQPF_DEA_CONTEMPORANEOUS &&
        job->frontier != NQPF_DEA_POOLED)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the bootstrap needs a contemporaneous or pooled frontier");
    if (o->reps < 2)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the bootstrap needs at least 2 replications");
    if (!(o->level > 0.0 && o->level < 1.0))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "confidence level must lie strictly between 0 and 1");
    nqpf_dist one = {0, 1};
    const nqpf_dist *dd = o->dist ? o->dist : &one;
    const nqpf_dea_spec *sp = &job->spec;
    size_t n = job->n, m = sp->m, s = sp->s, B = o->reps;
    size_t T = job->period && job->frontier == NQPF_DEA_CONTEMPORANEOUS ? job->n_periods : 1;
    /* rows of each frontier, and where its B x ng block of values starts */
    size_t *ng = calloc(T, sizeof *ng), *off = calloc(T + 1, sizeof *off);
    nqpf_dea_periods per; /* each frontier's rows in row order, bucketed once */
    int per_bad = nqpf_dea_periods_init(&per, job, T);
    double *all = malloc((B * n + 1) * sizeof *all);
    unsigned char *done = calloc(T * B, 1);
    double *gx = malloc((n * m + 1) * sizeof *gx), *gy = malloc((n * s + 1) * sizeof *gy);
    double *gs = malloc((6 * n + 1) * sizeof *gs), *ds = malloc((n + 1) * sizeof *ds);
    size_t *gok = malloc((n ? n : 1) * sizeof *gok);
    unsigned char fp[32];
    int rc = NQPF_OK;
    if (!ng || !off || per_bad || !all || !done || !gx || !gy || !gs || !ds || !gok) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    for (size_t t = 0; t < T; t++) {
        nqpf_dea_periods_rows(&per, t, &ng[t]);
        off[t + 1] = off[t] + B * ng[t];
    }
    if (o->checkpoint) {
        fingerprint(job, o, fp);
        boot_ck ck = {T, B, ng, off, done, all};
        if (dd->rank == 0)
            rc = nqpf_ckpt_load(o->checkpoint, CKPT_MAGIC, fp, boot_dest, boot_done, &ck, err);
        rc = nqpf_dist_agree(dd, rc, err);
        if (!rc)
            rc = nqpf_dist_bcast(dd, done, T * B, err);
        if (!rc)
            rc = nqpf_dist_bcast(dd, all, B * n * sizeof *all, err);
        if (rc)
            goto out;
    }
    nqpf_dea_boot_stats g = {gs, gs + n, gs + 2 * n, gs + 3 * n, gs + 4 * n, gs + 5 * n, gok};
    size_t chunk = o->checkpoint ? CKPT_CHUNK : B;
    for (size_t t = 0; t < T && !rc; t++) {
        size_t k;
        const size_t *rows = nqpf_dea_periods_rows(&per, t, &k);
        if (k == 0)
            continue;
        for (size_t r = 0; r < k; r++) {
            memcpy(gx + r * m, job->x + rows[r] * m, m * sizeof *gx);
            memcpy(gy + r * s, job->y + rows[r] * s, s * sizeof *gy);
        }
        nqpf_dea_boot *bt = NULL;
        rc = nqpf_dea_boot_new(&bt, sp, gx, gy, k, o->h, o->seed, (uint64_t)t * B, job->no_frame, err);
        if (rc)
            break;
        h[t] = bt->h;
        double *gd = all + off[t];
        for (size_t c0 = 0; c0 < B && !rc; c0 += chunk) {
            size_t c1 = c0 + chunk < B ? c0 + chunk : B, have = 0;
            for (size_t b = c0; b < c1; b++)
                have += done[t * B + b];
            if (have == c1 - c0)
                continue; /* from the checkpoint */
            size_t lo, hi;
            nqpf_dist_block(c1 - c0, dd->size, dd->rank, &lo, &hi);
            rc = nqpf_dea_boot_run(bt, c0 + lo, c0 + hi, gd + (c0 + lo) * k, err);
            rc = nqpf_dist_agree(dd, rc, err);
            if (!rc)
                rc = nqpf_dist_allgather_blocks(dd, gd + c0 * k, c1 - c0, k, err);
            if (!rc && o->checkpoint && dd->rank == 0) {
                uint64_t hd[4] = {t, c0, c1, k};
                rc = nqpf_ckpt_append(o->checkpoint, CKPT_MAGIC, fp, hd, gd + c0 * k, err);
            }
            rc = nqpf_dist_agree(dd, rc, err);
        }
        if (!rc)
            rc = nqpf_dea_boot_summary(bt, gd, B, o->level, &g, err);
        for (size_t r = 0; r < k && !rc; r++) {
            size_t i = rows[r];
            st->eff[i] = g.eff[r], st->eff_bc[i] = g.eff_bc[r], st->bias[i] = g.bias[r];
            st->sd[i] = g.sd[r], st->lo[i] = g.lo[r], st->hi[i] = g.hi[r], st->n_ok[i] = g.n_ok[r];
            for (size_t b = 0; b < B && dist; b++)
                dist[i * B + b] = gd[b * k + r];
        }
        /* the pseudo efficiencies are cheap to draw again (same streams) */
        for (size_t b = 0; b < B && draws && !rc; b++) {
            nqpf_dea_boot_draw(bt, b, ds);
            for (size_t r = 0; r < k; r++)
                draws[rows[r] * B + b] = ds[r];
        }
        nqpf_dea_boot_free(bt);
    }
out:
    free(ng);
    free(off);
    nqpf_dea_periods_free(&per);
    free(all);
    free(done);
    free(gx);
    free(gy);
    free(gs);
    free(ds);
    free(gok);
    return rc;
}

void nqpf_dea_boot_out_free(nqpf_dea_boot_out *out)
{
    free(out->st.eff); /* the start of one block with the other doubles of st and h */
    free(out->st.n_ok);
    free(out->dist);
    free(out->draws);
    memset(out, 0, sizeof *out);
}

int nqpf_dea_boot_job_run(const nqpf_dea_job *job, const nqpf_dea_boot_opts *o, int keep_reps,
                          nqpf_dea_boot_out *out, nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = job->n, B = o->reps, T = job->n_periods ? job->n_periods : 1;
    if (keep_reps && B && n > (size_t)-1 / sizeof(double) / B)
        return nqpf_fail_nomem(err);
    /* six per-row statistics, then the bandwidths, in one block */
    double *buf = malloc((6 * n + T) * sizeof *buf);
    nqpf_dea_boot_stats *st = &out->st;
    if (buf) {
        st->eff = buf, st->eff_bc = buf + n, st->bias = buf + 2 * n, st->sd = buf + 3 * n;
        st->lo = buf + 4 * n, st->hi = buf + 5 * n;
        out->h = buf + 6 * n;
    }
    st->n_ok = malloc((n ? n : 1) * sizeof *st->n_ok);
    if (keep_reps) {
        out->dist = malloc((n * B + 1) * sizeof *out->dist);
        out->draws = malloc((n * B + 1) * sizeof *out->draws);
    }
    int rc = !buf || !st->n_ok || (keep_reps && (!out->dist || !out->draws)) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc)
        rc = nqpf_dea_boot_job(job, o, st, out->h, out->dist, out->draws, err);
    if (rc)
        nqpf_dea_boot_out_free(out);
    return rc;
}

uint64_t nqpf_dea_boot_memory(const nqpf_dea_spec *sp, size_t n, size_t B, int keep_reps, size_t threads)
{
    uint64_t R = nqpf_dea_rows(sp), d = sp->m + sp->s;
    uint64_t all = (uint64_t)B * n * 8 * (keep_reps ? 3 : 1);
    /* copies, stats, rows; nearest projections */
    uint64_t frontier = (uint64_t)n * (8 * d + 6 * 8 + 2 * 8 + 8 + 8 * NQPF_DEA_BOOT_NEAR);
    /* LP workspace; draws and pseudo data; row-major copy, restricted
     * columns and stored bases (8 R each, + R flags); v, ids, positions;
     * flags */
    uint64_t thread = (uint64_t)n * (NQPF_LP_BYTES_PER_COLUMN + 8 * (1 + d) + 3 * 8 * R + R + 3 * 8 + 2);
    return all + frontier + thread * (threads ? threads : 1);
}
