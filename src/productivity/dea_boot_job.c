/* nqpf — the Simar–Wilson bootstrap of a whole data set: frontiers,
 * replication chunks, MPI ranks and checkpoints (see nqpf_dea_boot_job in
 * dea_boot.h).  Replication b of frontier t is the same computation
 * wherever and whenever it runs (its own random stream, its own pseudo
 * data), so splitting the replications over ranks or over a killed and a
 * resumed run cannot change a digit: the chunks only decide who computes
 * what, and the summary always reads the full B x n matrix in order. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf/dea_boot.h"
#include "nqpf/dist.h"
#include "nqpf/sha256.h"

#define CKPT_MAGIC "NQPFBOOT"
#define CKPT_VERSION 1u
#define CKPT_CHUNK 32 /* replications per checkpoint record */

/* FNV-1a 64 over a record: enough to tell a complete record from a torn
 * one (the header's SHA-256 already ties the file to the run). */
static uint64_t fnv64(const void *p, size_t n, uint64_t h)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* SHA-256 of everything the replications depend on. */
static void fingerprint(const nqpf_dea_job *job, const nqpf_dea_boot_opts *o, unsigned char out[32])
{
    nqpf_sha256 s;
    nqpf_sha256_init(&s);
    const nqpf_dea_spec *sp = &job->spec;
    uint64_t v[10] = {CKPT_VERSION, job->n, sp->m, sp->s, (uint64_t)sp->model, (uint64_t)sp->rts,
                      (uint64_t)sp->orient, o->reps, o->seed, (uint64_t)job->frontier};
    nqpf_sha256_update(&s, v, sizeof v);
    nqpf_sha256_update(&s, &o->h, sizeof o->h);
    nqpf_sha256_update(&s, job->x, job->n * sp->m * sizeof(double));
    nqpf_sha256_update(&s, job->y, job->n * sp->s * sizeof(double));
    uint64_t nt = job->period ? job->n_periods : 0;
    nqpf_sha256_update(&s, &nt, sizeof nt);
    for (size_t i = 0; job->period && i < job->n; i++) {
        uint64_t pi = job->period[i];
        nqpf_sha256_update(&s, &pi, sizeof pi);
    }
    char hex[65];
    nqpf_sha256_hex(&s, hex);
    for (int i = 0; i < 32; i++) {
        unsigned x = 0;
        sscanf(hex + 2 * i, "%2x", &x);
        out[i] = (unsigned char)x;
    }
}

/* Read the checkpoint (rank 0): fill done[t*B + b] and the values of every
 * complete record into all (frontier t's block at off[t], B x ng[t]); cut a
 * torn tail so that appending continues cleanly.  A missing file is fine. */
static int ckpt_load(const char *path, const unsigned char fp[32], size_t T, size_t B, const size_t *ng,
                     const size_t *off, unsigned char *done, double *all, nqpf_error *err)
{
    FILE *f = fopen(path, "r+b");
    if (!f) {
        if (errno == ENOENT)
            return NQPF_OK;
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot open checkpoint: %s", strerror(errno));
    }
    char magic[8];
    uint32_t ver = 0;
    unsigned char hfp[32];
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, CKPT_MAGIC, 8) != 0 || fread(&ver, sizeof ver, 1, f) != 1 ||
        ver != CKPT_VERSION || fread(hfp, 1, 32, f) != 32) {
        fclose(f);
        return nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "not an nqpf bootstrap checkpoint");
    }
    if (memcmp(hfp, fp, 32) != 0) {
        fclose(f);
        return nqpf_fail(err, NQPF_EINPUT, path, 0, 0,
                         "checkpoint belongs to another run (different data or options); remove it or "
                         "name another file");
    }
    long good = ftell(f);
    for (;;) {
        uint64_t hd[4], sum = 0;
        if (fread(hd, sizeof hd, 1, f) != 1)
            break;
        size_t t = hd[0], c0 = hd[1], c1 = hd[2];
        if (t >= T || c0 >= c1 || c1 > B || hd[3] != ng[t])
            break;
        double *dst = all + off[t] + c0 * ng[t];
        size_t nv = (c1 - c0) * ng[t];
        if (fread(dst, sizeof(double), nv, f) != nv || fread(&sum, sizeof sum, 1, f) != 1 ||
            sum != fnv64(dst, nv * sizeof(double), fnv64(hd, sizeof hd, 1469598103934665603ULL)))
            break;
        memset(done + t * B + c0, 1, c1 - c0);
        good = ftell(f);
    }
    int bad = fflush(f) != 0 || ftruncate(fileno(f), good) != 0;
    bad |= fclose(f) != 0;
    if (bad)
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot trim checkpoint: %s", strerror(errno));
    return NQPF_OK;
}

static int ckpt_append(const char *path, const unsigned char fp[32], size_t t, size_t c0, size_t c1, size_t ng,
                       const double *v, nqpf_error *err)
{
    FILE *f = fopen(path, "ab");
    if (!f)
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot write checkpoint: %s", strerror(errno));
    int bad = 0;
    if (ftell(f) == 0) {
        uint32_t ver = CKPT_VERSION;
        bad |= fwrite(CKPT_MAGIC, 1, 8, f) != 8 || fwrite(&ver, sizeof ver, 1, f) != 1 || fwrite(fp, 1, 32, f) != 32;
    }
    uint64_t hd[4] = {t, c0, c1, ng};
    size_t nv = (c1 - c0) * ng;
    uint64_t sum = fnv64(v, nv * sizeof(double), fnv64(hd, sizeof hd, 1469598103934665603ULL));
    bad |= fwrite(hd, sizeof hd, 1, f) != 1 || fwrite(v, sizeof(double), nv, f) != nv ||
           fwrite(&sum, sizeof sum, 1, f) != 1;
    /* on disk before the next chunk starts: a kill loses at most one chunk */
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    return bad ? nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot write checkpoint: %s", strerror(errno)) : NQPF_OK;
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
    size_t *rows = malloc((n ? n : 1) * sizeof *rows);
    double *all = malloc((B * n + 1) * sizeof *all);
    unsigned char *done = calloc(T * B, 1);
    double *gx = malloc((n * m + 1) * sizeof *gx), *gy = malloc((n * s + 1) * sizeof *gy);
    double *gs = malloc((6 * n + 1) * sizeof *gs), *ds = malloc((n + 1) * sizeof *ds);
    size_t *gok = malloc((n ? n : 1) * sizeof *gok);
    unsigned char fp[32];
    int rc = NQPF_OK;
    if (!ng || !off || !rows || !all || !done || !gx || !gy || !gs || !ds || !gok) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        ng[T == 1 ? 0 : job->period[i]]++;
    for (size_t t = 0; t < T; t++)
        off[t + 1] = off[t] + B * ng[t];
    if (o->checkpoint) {
        fingerprint(job, o, fp);
        if (dd->rank == 0)
            rc = ckpt_load(o->checkpoint, fp, T, B, ng, off, done, all, err);
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
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (T == 1 || job->period[i] == t)
                rows[k++] = i;
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
            rc = nqpf_dea_boot_run(bt, c0 + lo, c0 + hi, gd + (c0 + lo) * k, NULL, err);
            rc = nqpf_dist_agree(dd, rc, err);
            if (!rc)
                rc = nqpf_dist_allgather_blocks(dd, gd + c0 * k, c1 - c0, k, err);
            if (!rc && o->checkpoint && dd->rank == 0)
                rc = ckpt_append(o->checkpoint, fp, t, c0, c1, k, gd + c0 * k, err);
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
    free(rows);
    free(all);
    free(done);
    free(gx);
    free(gy);
    free(gs);
    free(ds);
    free(gok);
    return rc;
}

uint64_t nqpf_dea_boot_memory(const nqpf_dea_spec *sp, size_t n, size_t B, int keep_reps, size_t threads)
{
    uint64_t R = nqpf_dea_rows(sp), d = sp->m + sp->s;
    uint64_t all = (uint64_t)B * n * 8 * (keep_reps ? 3 : 1);
    uint64_t frontier = (uint64_t)n * (8 * d + 6 * 8 + 2 * 8 + 8); /* copies, stats, rows */
    uint64_t thread = (uint64_t)n * (25 + 8 * (1 + d) + 3 * 8 * R + 3 * 8 + 2 + 8 + 8 * R);
    return all + frontier + thread * (threads ? threads : 1);
}
