/* nqpf — checkpoint files (see ckpt.h). */
#include "ckpt.h"
#include "nqpf/dea.h"
#include "nqpf/sha256.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CKPT_VERSION 1u

/* FNV-1a 64: tells a complete record from a torn one (the header's SHA-256
 * already ties the file to the run). */
static uint64_t fnv64(const void *p, size_t n, uint64_t h)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t record_sum(const uint64_t hd[4], const double *v, size_t nv)
{
    return fnv64(v, nv * sizeof *v, fnv64(hd, 4 * sizeof *hd, 1469598103934665603ULL));
}

int nqpf_ckpt_load(const char *path, const char magic[8], const unsigned char fp[32], nqpf_ckpt_dest_fn dest,
                   nqpf_ckpt_done_fn done, void *ctx, nqpf_error *err)
{
    FILE *f = fopen(path, "r+b");
    if (!f) {
        if (errno == ENOENT)
            return NQPF_OK;
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot open checkpoint: %s", strerror(errno));
    }
    char mg[8];
    uint32_t ver = 0;
    unsigned char hfp[32];
    if (fread(mg, 1, 8, f) != 8 || memcmp(mg, magic, 8) != 0 || fread(&ver, sizeof ver, 1, f) != 1 ||
        ver != CKPT_VERSION || fread(hfp, 1, 32, f) != 32) {
        fclose(f);
        return nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "not an nqpf checkpoint of this kind");
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
        if (fread(hd, sizeof hd, 1, f) != 1 || hd[2] <= hd[1])
            break;
        double *v = dest(ctx, hd);
        if (!v)
            break;
        size_t nv = (size_t)(hd[2] - hd[1]) * (size_t)hd[3];
        if (fread(v, sizeof *v, nv, f) != nv || fread(&sum, sizeof sum, 1, f) != 1 || sum != record_sum(hd, v, nv))
            break;
        done(ctx, hd);
        good = ftell(f);
    }
    /* cut a torn tail so that appending continues cleanly */
    int bad = fflush(f) != 0 || ftruncate(fileno(f), good) != 0;
    bad |= fclose(f) != 0;
    if (bad)
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot trim checkpoint: %s", strerror(errno));
    return NQPF_OK;
}

int nqpf_ckpt_append(const char *path, const char magic[8], const unsigned char fp[32], const uint64_t hd[4],
                     const double *v, nqpf_error *err)
{
    FILE *f = fopen(path, "ab");
    if (!f)
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot write checkpoint: %s", strerror(errno));
    int bad = 0;
    if (ftell(f) == 0) {
        uint32_t ver = CKPT_VERSION;
        bad |= fwrite(magic, 1, 8, f) != 8 || fwrite(&ver, sizeof ver, 1, f) != 1 || fwrite(fp, 1, 32, f) != 32;
    }
    size_t nv = (size_t)(hd[2] - hd[1]) * (size_t)hd[3];
    uint64_t sum = record_sum(hd, v, nv);
    bad |= fwrite(hd, 4 * sizeof *hd, 1, f) != 1 || fwrite(v, sizeof *v, nv, f) != nv ||
           fwrite(&sum, sizeof sum, 1, f) != 1;
    /* on disk before the next chunk starts: a kill loses at most one chunk */
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    return bad ? nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot write checkpoint: %s", strerror(errno)) : NQPF_OK;
}

void nqpf_ckpt_job_sha(const struct nqpf_dea_job *job, const void *extra, size_t n_extra, unsigned char out[32])
{
    nqpf_sha256 s;
    nqpf_sha256_init(&s);
    const nqpf_dea_spec *sp = &job->spec;
    uint64_t v[14] = {CKPT_VERSION, job->n, sp->m, sp->s, sp->q, (uint64_t)sp->model, (uint64_t)sp->rts,
                      (uint64_t)sp->orient, (uint64_t)sp->super, (uint64_t)sp->slacks, (uint64_t)sp->dir,
                      (uint64_t)sp->bad_strong, (uint64_t)job->frontier, job->window};
    nqpf_sha256_update(&s, v, sizeof v);
    if (sp->fixed) /* non-discretionary variables change the scores */
        nqpf_sha256_update(&s, &sp->fixed, sizeof sp->fixed);
    if (sp->model == NQPF_DEA_EBM) { /* the EBM parameters decide the scores too */
        nqpf_sha256_update(&s, &sp->epsilon_set, sizeof sp->epsilon_set);
        if (sp->epsilon_set)
            nqpf_sha256_update(&s, &sp->epsilon, sizeof sp->epsilon);
    }
    if (sp->model == NQPF_DEA_ADD) /* so do the additive weights */
        nqpf_sha256_update(&s, &sp->addw, sizeof sp->addw);
    if (job->only) { /* the file holds the masked rows only (absent: the fingerprint of before the mask) */
        nqpf_sha256_update(&s, "only", 4);
        for (size_t i = 0; i < job->n; i++) {
            unsigned char b = job->only[i] != 0;
            nqpf_sha256_update(&s, &b, 1);
        }
    }
    nqpf_sha256_update(&s, extra, n_extra);
    nqpf_sha256_update(&s, job->x, job->n * sp->m * sizeof(double));
    nqpf_sha256_update(&s, job->y, job->n * sp->s * sizeof(double));
    if (sp->q)
        nqpf_sha256_update(&s, job->b, job->n * sp->q * sizeof(double));
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
