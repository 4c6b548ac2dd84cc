/* nqpf — DEA over a whole data set: period frontiers, frame reduction and
 * OpenMP (see nqpf_dea_run in dea.h).  Every result lands in its row's own
 * slot and each LP depends only on its row, so output is identical for any
 * number of threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "ckpt.h"
#include "dea_internal.h"
#include "dea_periods.h"
#include "nqpf/dist.h"

#define FRAME_BLOCK 400  /* first block size of the decomposition */
#define SCORE_CHUNK 8    /* rows a thread takes at a time */

void nqpf_dea_out_free(nqpf_dea_out *o)
{
    free(o->status);
    free(o->eff);
    free(o->phi);
    free(o->slack_x);
    free(o->slack_y);
    free(o->slack_b);
    free(o->target_x);
    free(o->target_y);
    free(o->target_b);
    free(o->n_peers);
    free(o->peer);
    free(o->lambda);
    free(o->weight);
    free(o->u0_range);
    memset(o, 0, sizeof *o);
}

static int frame_allowed(const nqpf_dea_job *job)
{
    const nqpf_dea_spec *sp = &job->spec;
    if (job->no_frame)
        return 0;
    if (sp->model == NQPF_DEA_FDH)
        return 0; /* a unit inside the convex hull can still be an FDH peer */
    if (sp->model == NQPF_DEA_DDF && sp->q > 0 && !sp->bad_strong)
        return 0; /* weak disposability: dominated units can still matter */
    if (sp->model == NQPF_DEA_ADD && sp->addw == NQPF_DEA_ADDW_BAM && sp->rts != NQPF_DEA_VRS)
        return 0; /* BAM's bounds on the slacks: a dominated unit's combination can be the only one within them */
    return 1;
}

/* Does row k dominate row j strictly (no more of any input or bad output,
 * no less of any output, not identical)?  Then j is dropped without an LP:
 * lambda_k = 1 covers it under every returns to scale. */
static int dominates(const nqpf_dea_job *job, size_t k, size_t j)
{
    const nqpf_dea_spec *sp = &job->spec;
    int strict = 0;
    for (size_t i = 0; i < sp->m; i++) {
        double a = job->x[k * sp->m + i], b = job->x[j * sp->m + i];
        if (a > b)
            return 0;
        strict |= a < b;
    }
    for (size_t i = 0; i < sp->q; i++) {
        double a = job->b[k * sp->q + i], b = job->b[j * sp->q + i];
        if (a > b)
            return 0;
        strict |= a < b;
    }
    for (size_t i = 0; i < sp->s; i++) {
        double a = job->y[k * sp->s + i], b = job->y[j * sp->s + i];
        if (a < b)
            return 0;
        strict |= a > b;
    }
    return strict;
}

static int zero_inputs(const nqpf_dea_job *job, size_t j)
{
    const nqpf_dea_spec *sp = &job->spec;
    for (size_t i = 0; i < sp->m; i++)
        if (job->x[j * sp->m + i] != 0)
            return 0;
    for (size_t i = 0; i < sp->q; i++)
        if (job->b[j * sp->q + i] != 0)
            return 0;
    return 1;
}

static int classify_lp(const nqpf_dea_job *job, const size_t *ids, size_t n, unsigned char *keep, int par);

/* Classify rows ids[0..n-1] (keep[j] = 1 on the frame): a pairwise dominance
 * filter first (O(n^2 d), far cheaper than LPs), then the LP test of
 * dea_frame.c on the survivors against the survivors.  Parallel over chunks
 * when `par`.  Returns NQPF_OK or an error code. */
static int classify(const nqpf_dea_job *job, const size_t *ids, size_t n, unsigned char *keep, int par)
{
    size_t *sub = malloc((n + 1) * sizeof(size_t));
    size_t *pos = malloc((n + 1) * sizeof(size_t));
    unsigned char *k2 = malloc(n + 1);
    if (!sub || !pos || !k2) {
        free(sub);
        free(pos);
        free(k2);
        return NQPF_ENOMEM;
    }
#pragma omp parallel for schedule(dynamic, 64) if (par)
    for (size_t j = 0; j < n; j++) {
        keep[j] = 1;
        if (zero_inputs(job, ids[j]))
            continue;
        for (size_t k = 0; k < n; k++)
            if (k != j && dominates(job, ids[k], ids[j])) {
                keep[j] = 0;
                break;
            }
    }
    size_t ns = 0;
    for (size_t j = 0; j < n; j++)
        if (keep[j]) {
            pos[ns] = j;
            sub[ns++] = ids[j];
        }
    int rc = ns ? classify_lp(job, sub, ns, k2, par) : NQPF_OK;
    for (size_t c = 0; c < ns && !rc; c++)
        keep[pos[c]] = k2[c];
    free(sub);
    free(pos);
    free(k2);
    return rc;
}

/* The LP test on every column of a ref built from ids[0..n-1]. */
static int classify_lp(const nqpf_dea_job *job, const size_t *ids, size_t n, unsigned char *keep, int par)
{
    nqpf_dea_ref *ref = NULL;
    nqpf_error e;
    if (nqpf_dea_ref_build(&ref, &job->spec, job->x, job->y, job->b, ids, n, &e))
        return e.code;
    int bad = 0;
    size_t chunk = 32, nch = (n + chunk - 1) / chunk;
#pragma omp parallel if (par)
    {
        nqpf_dea_ws *ws = nqpf_dea_ws_new(&job->spec, n);
        if (!ws) {
#pragma omp atomic write
            bad = NQPF_ENOMEM;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t c = 0; c < nch; c++) {
            if (!ws)
                continue;
            size_t j1 = (c + 1) * chunk < n ? (c + 1) * chunk : n;
            if (nqpf_dea_frame_range(ws, ref, c * chunk, j1, keep)) {
#pragma omp atomic write
                bad = NQPF_EINTERNAL;
            }
        }
        nqpf_dea_ws_free(ws);
    }
    nqpf_dea_ref_free(ref);
    return bad;
}

size_t nqpf_dea_keep_ids(size_t *ids, const unsigned char *keep, size_t n)
{
    size_t w = 0;
    for (size_t j = 0; j < n; j++)
        if (keep[j])
            ids[w++] = ids[j];
    return w;
}

/* Hierarchical decomposition: reduce ids (in place) to the frame (see
 * dea_internal.h). */
int nqpf_dea_reduce_frame(const nqpf_dea_job *job, size_t *ids, size_t *n_io, int par)
{
    size_t n = *n_io, block = FRAME_BLOCK;
    int multi = job->dist && job->dist->size > 1;
    unsigned char *keep = malloc(n ? n : 1);
    if (!keep && !multi)
        return NQPF_ENOMEM;
    int rc = NQPF_OK;
    for (;;) {
        if (n <= block) { /* the last level: one block, on every rank */
            rc = keep ? classify(job, ids, n, keep, par) : NQPF_ENOMEM;
            if (rc)
                break;
            n = nqpf_dea_keep_ids(ids, keep, n);
            break;
        }
        size_t nb = (n + block - 1) / block, blo = 0, bhi = nb;
        double *kd = NULL;
        int bad = keep ? NQPF_OK : NQPF_ENOMEM;
        if (multi) {
            /* each rank classifies its share of the blocks; the keep flags
             * are summed (one rank sets each).  Every rank reaches the
             * agreement, whatever failed locally, and all see the same
             * survivors, so the levels stay in step. */
            nqpf_dist_block(nb, job->dist->size, job->dist->rank, &blo, &bhi);
            if (!(kd = calloc(n ? n : 1, sizeof *kd)))
                bad = NQPF_ENOMEM;
        }
#pragma omp parallel for schedule(dynamic, 1) if (par && !bad)
        for (size_t bi = blo; bi < bhi; bi++) {
            if (bad == NQPF_ENOMEM)
                continue;
            size_t j0 = bi * n / nb, j1 = (bi + 1) * n / nb;
            int r = classify(job, ids + j0, j1 - j0, keep + j0, 0);
            if (r) {
#pragma omp atomic write
                bad = r;
            }
            for (size_t j = j0; kd && j < j1; j++)
                kd[j] = keep[j];
        }
        if (multi) {
            nqpf_error e;
            rc = nqpf_dist_agree(job->dist, bad ? nqpf_fail(&e, bad, NULL, 0, 0, "frame") : NQPF_OK, &e);
            if (!rc)
                rc = nqpf_dist_sum(job->dist, kd, n, &e);
            for (size_t j = 0; j < n && !rc; j++)
                keep[j] = kd[j] > 0;
            free(kd);
        } else {
            rc = bad;
        }
        if (rc)
            break;
        size_t w = nqpf_dea_keep_ids(ids, keep, n);
        if (w * 10 > n * 7)
            block *= 4; /* little progress: merge bigger blocks */
        else
            block *= 2;
        n = w;
    }
    free(keep);
    *n_io = n;
    return rc;
}

static int alloc_out(const nqpf_dea_job *job, nqpf_dea_out *o)
{
    const nqpf_dea_spec *sp = &job->spec;
    size_t n = job->n ? job->n : 1;
    memset(o, 0, sizeof *o);
    o->width = nqpf_dea_rows(sp);
    o->status = calloc(n, sizeof(int));
    o->eff = calloc(n, sizeof(double));
    o->phi = calloc(n, sizeof(double));
    o->slack_x = calloc(n * sp->m + 1, sizeof(double));
    o->slack_y = calloc(n * sp->s + 1, sizeof(double));
    o->slack_b = calloc(n * sp->q + 1, sizeof(double));
    o->target_x = calloc(n * sp->m + 1, sizeof(double));
    o->target_y = calloc(n * sp->s + 1, sizeof(double));
    o->target_b = calloc(n * sp->q + 1, sizeof(double));
    o->n_peers = calloc(n, sizeof(size_t));
    o->peer = calloc(n * o->width + 1, sizeof(size_t));
    o->lambda = calloc(n * o->width + 1, sizeof(double));
    if (job->weights && !(o->weight = calloc(n * (sp->m + sp->q + sp->s + 1), sizeof(double))))
        return -1;
    if (job->weights && sp->model == NQPF_DEA_RADIAL && sp->orient == NQPF_DEA_IN && sp->rts == NQPF_DEA_VRS &&
        !nqpf_dea_wr_cols(sp) && !(o->u0_range = calloc(2 * n, sizeof(double))))
        return -1;
    return (o->status && o->eff && o->phi && o->slack_x && o->slack_y && o->slack_b && o->target_x &&
            o->target_y && o->target_b && o->n_peers && o->peer && o->lambda)
               ? 0
               : -1;
}

/* Doubles per row in a record: status, eff, phi, slacks, targets, number
 * of peers, peers, lambdas (size_t values below 2^53 are exact). */
static size_t record_len(const nqpf_dea_spec *sp, const nqpf_dea_out *o)
{
    return 3 + 2 * (sp->m + sp->s + sp->q) + 1 + 2 * o->width;
}

/* Row i's results into the record r (pack), or back from it (!pack): the
 * one layout of the MPI exchange and of DEA checkpoints. */
static void xfer_row(const nqpf_dea_spec *sp, nqpf_dea_out *o, size_t i, double *r, int pack)
{
    size_t m = sp->m, s = sp->s, q = sp->q, w = o->width, k = 0;
#define XFER(dst) (pack ? (void)(r[k++] = (double)(dst)) : (void)((dst) = r[k++]))
    int st = o->status[i];
    double np = (double)o->n_peers[i];
    XFER(st);
    XFER(o->eff[i]);
    XFER(o->phi[i]);
    for (size_t j = 0; j < m; j++) XFER(o->slack_x[i * m + j]);
    for (size_t j = 0; j < s; j++) XFER(o->slack_y[i * s + j]);
    for (size_t j = 0; j < q; j++) XFER(o->slack_b[i * q + j]);
    for (size_t j = 0; j < m; j++) XFER(o->target_x[i * m + j]);
    for (size_t j = 0; j < s; j++) XFER(o->target_y[i * s + j]);
    for (size_t j = 0; j < q; j++) XFER(o->target_b[i * q + j]);
    XFER(np);
    for (size_t j = 0; j < w; j++) {
        double pv = (double)o->peer[i * w + j];
        XFER(pv);
        if (!pack)
            o->peer[i * w + j] = (size_t)pv;
    }
    for (size_t j = 0; j < w; j++) XFER(o->lambda[i * w + j]);
#undef XFER
    if (!pack) {
        o->status[i] = st;
        o->n_peers[i] = (size_t)np;
    }
}

/* MPI: the scored rows sel[0..ns) exchanged in blocks (this rank's is
 * sel[lo..hi)), so all ranks end with all of them. */
static int gather_rows(const nqpf_dea_job *job, nqpf_dea_out *o, const size_t *sel, size_t ns, size_t lo,
                       size_t hi, nqpf_error *err)
{
    size_t K = record_len(&job->spec, o);
    double *buf = malloc((ns * K + 1) * sizeof *buf);
    if (!buf)
        return nqpf_fail_nomem(err);
    for (size_t p = lo; p < hi; p++)
        xfer_row(&job->spec, o, sel[p], buf + p * K, 1);
    int rc = nqpf_dist_allgather_blocks(job->dist, buf, ns, K, err);
    for (size_t p = 0; p < ns && !rc; p++)
        xfer_row(&job->spec, o, sel[p], buf + p * K, 0);
    free(buf);
    return rc;
}

/* What scoring a row of a period needs (read-only while it is scored). */
typedef struct period_ctx {
    const nqpf_dea_job *job;
    const nqpf_dea_ref *ref, *full; /* frame (or all), and all units for super-efficiency */
    const long *in_frame, *col_of;  /* a row's column in ref / full, or -1 */
    const double *gmean;            /* DDF mean direction, else NULL */
    nqpf_dea_out *out;
} period_ctx;

/* Score row i into its slots of pc->out; returns the simplex iterations. */
static size_t score_row(nqpf_dea_ws *ws, const period_ctx *pc, size_t i)
{
    const nqpf_dea_job *job = pc->job;
    const nqpf_dea_spec *sp = &job->spec;
    size_t m = sp->m, s = sp->s, q = sp->q;
    nqpf_dea_out *out = pc->out;
    nqpf_dea_point pt = {job->x + i * m, job->y + i * s, job->b ? job->b + i * q : NULL, NULL, NULL,
                         NULL, sp->super ? pc->in_frame[i] : -1};
    const nqpf_dea_ref *use = pc->ref;
    if (pc->full && pc->in_frame[i] >= 0) {
        use = pc->full;
        pt.exclude = pc->col_of[i];
    }
    if (pc->gmean) {
        pt.gx = pc->gmean;
        pt.gy = pc->gmean + m;
        pt.gb = pc->gmean + m + s;
    }
    if (job->gx) /* the row's own directions (the job's) */
        pt.gx = job->gx + i * m;
    if (job->gy)
        pt.gy = job->gy + i * s;
    if (job->gb)
        pt.gb = job->gb + i * q;
    nqpf_dea_result r = {0};
    r.slack_x = out->slack_x + i * m;
    r.slack_y = out->slack_y + i * s;
    r.slack_b = out->slack_b + i * q;
    r.target_x = out->target_x + i * m;
    r.target_y = out->target_y + i * s;
    r.target_b = out->target_b + i * q;
    r.peer = out->peer + i * out->width;
    r.lambda = out->lambda + i * out->width;
    if (out->weight)
        r.weight = out->weight + i * (m + s + sp->q + 1);
    if (out->u0_range)
        r.u0_range = out->u0_range + 2 * i;
    nqpf_dea_score(ws, use, &pt, &r);
    /* The unit belongs to its own technology, so theta, rho <= 1,
     * phi >= 1, beta >= 0 exactly; snap rounding (< 1e-12) that
     * crossed the bound, so efficient units read exactly 1 (0). */
    if (r.status == NQPF_DEA_OK && !sp->super) {
        if (sp->model == NQPF_DEA_DDF || sp->model == NQPF_DEA_MDDF) {
            if (r.eff < 0 && r.eff > -1e-12)
                r.eff = 0.0;
        } else if (r.eff > 1 && r.eff < 1 + 1e-12) {
            r.eff = 1.0;
            if (!isnan(r.phi))
                r.phi = 1.0;
        }
    }
    out->status[i] = r.status;
    out->eff[i] = r.eff;
    out->phi[i] = r.phi;
    out->n_peers[i] = r.status == NQPF_DEA_OK ? r.n_peers : 0;
    return r.lp_iters;
}

/* Score the rows eval[e0..e1) that lie in [rlo, rhi), OpenMP over rows (a
 * workspace per thread for references of up to nr columns), counting them
 * and their iterations in pc->out.  Returns 1 when a workspace could not be
 * allocated.  No team for a period of at most SCORE_CHUNK rows: one thread
 * would score them all anyway, and starting a team per period cost more
 * than the LPs of a panel of many short periods. */
static int score_rows(const period_ctx *pc, size_t nr, const size_t *eval, size_t e0, size_t e1, size_t rlo,
                      size_t rhi)
{
    int bad = 0;
    size_t rows = 0;
    uint64_t iters = 0;
#pragma omp parallel reduction(+ : rows, iters) if (e1 - e0 > SCORE_CHUNK)
    {
        nqpf_dea_ws *ws = nqpf_dea_ws_new(&pc->job->spec, nr);
        if (!ws) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, SCORE_CHUNK)
        for (size_t e = e0; e < e1; e++)
            if (ws && eval[e] >= rlo && eval[e] < rhi) {
                iters += score_row(ws, pc, eval[e]);
                rows++;
            }
        nqpf_dea_ws_free(ws);
    }
    pc->out->n_scored += rows;
    pc->out->lp_iters += iters;
    return bad;
}

/* ---- checkpoints (job->checkpoint) ----------------------------------
 * Rows are checkpointed in chunks of DEA_CKPT_ROWS rows of one period,
 * in the period's row order: record hd = {period, first, end, record
 * length}, values = the rows' records (xfer_row).  A period whose rows are
 * all in the file is skipped, frame included. */
#define DEA_CKPT_MAGIC "NQPFDEA1"
#define DEA_CKPT_ROWS 4096

typedef struct dea_ck {
    size_t T, K;
    const size_t *pstart;  /* T + 1 offsets: period t's rows are positions pstart[t].. */
    double *rec;           /* n records, by position */
    unsigned char *done;   /* n flags, by position */
} dea_ck;

static double *dea_ck_dest(void *ctx, const uint64_t hd[4])
{
    const dea_ck *c = ctx;
    if (hd[0] >= c->T || hd[3] != c->K || hd[2] > c->pstart[hd[0] + 1] - c->pstart[hd[0]])
        return NULL;
    return c->rec + (c->pstart[hd[0]] + hd[1]) * c->K;
}

static void dea_ck_done(void *ctx, const uint64_t hd[4])
{
    dea_ck *c = ctx;
    memset(c->done + c->pstart[hd[0]] + hd[1], 1, hd[2] - hd[1]);
}

/* Score period t's rows in chunks, each split over the ranks, gathered,
 * appended to the checkpoint by rank 0; chunks already there are unpacked.
 * Every rank makes the same collective calls (the done flags are shared). */
static int score_chunks(const period_ctx *pc, dea_ck *ck, const nqpf_dist *dd, size_t t, size_t nr,
                        const size_t *eval, size_t ne, const unsigned char fp[32], nqpf_error *err)
{
    const nqpf_dea_spec *sp = &pc->job->spec;
    int rc = NQPF_OK;
    for (size_t e0 = 0; e0 < ne && !rc; e0 += DEA_CKPT_ROWS) {
        size_t e1 = e0 + DEA_CKPT_ROWS < ne ? e0 + DEA_CKPT_ROWS : ne, have = 0, lo, hi;
        double *rec = ck->rec + (ck->pstart[t] + e0) * ck->K;
        for (size_t e = e0; e < e1; e++)
            have += ck->done[ck->pstart[t] + e];
        if (have < e1 - e0) {
            nqpf_dist_block(e1 - e0, dd->size, dd->rank, &lo, &hi);
            if (score_rows(pc, nr, eval, e0 + lo, e0 + hi, 0, (size_t)-1))
                rc = nqpf_fail_nomem(err);
            for (size_t e = e0 + lo; e < e0 + hi && !rc; e++)
                xfer_row(sp, pc->out, eval[e], rec + (e - e0) * ck->K, 1);
            rc = nqpf_dist_agree(dd, rc, err);
            if (!rc)
                rc = nqpf_dist_allgather_blocks(dd, rec, e1 - e0, ck->K, err);
            if (!rc && dd->rank == 0) {
                uint64_t hd[4] = {t, e0, e1, ck->K};
                rc = nqpf_ckpt_append(pc->job->checkpoint, DEA_CKPT_MAGIC, fp, hd, rec, err);
            }
            rc = nqpf_dist_agree(dd, rc, err);
        }
        for (size_t e = e0; e < e1 && !rc; e++)
            xfer_row(sp, pc->out, eval[e], rec + (e - e0) * ck->K, 0);
    }
    return rc;
}

int nqpf_dea_run(const nqpf_dea_job *job, nqpf_dea_out *out, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    int rc = nqpf_dea_spec_check(sp, err);
    if (rc)
        return rc;
    if (job->weights && ((sp->model != NQPF_DEA_RADIAL && sp->model != NQPF_DEA_DDF) || sp->fixed ||
                         job->checkpoint || (job->dist && job->dist->size > 1)))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "multiplier weights are written for the radial and ddf models, without --fixed and "
                         "--checkpoint, on one MPI rank");
    nqpf_dea_job j = *job;
    int again = 0;
    /* EBM eps and weights, ADD weights: from all rows of the job (every
     * period, every rank: each has all the data), so all frontiers share them */
    rc = nqpf_dea_job_params(&j.spec, job->x, job->y, job->b, job->n, &again, err);
    if (again) {
        if (job->dist) /* every rank takes this call, so all agree */
            rc = nqpf_dist_agree(job->dist, rc, err);
        return rc ? rc : nqpf_dea_run(&j, out, err);
    }
    if (alloc_out(job, out)) {
        nqpf_dea_out_free(out);
        rc = nqpf_fail_nomem(err);
        return job->dist ? nqpf_dist_agree(job->dist, rc, err) : rc;
    }
    size_t n = job->n, m = sp->m, s = sp->s, q = sp->q;
    size_t T = job->period && job->frontier != NQPF_DEA_POOLED ? job->n_periods : 1;
    nqpf_dist one = {0, 1};
    const nqpf_dist *dd = job->dist ? job->dist : &one;
    /* sel: the rows to score (job->only), in row order; this rank scores
     * the block sel[sel_lo..sel_hi), i.e. the scored rows in [own_lo, own_hi) */
    size_t *sel = malloc((n + 1) * sizeof(size_t)), ns = 0, sel_lo = 0, sel_hi = 0, own_lo = 0, own_hi = 0;
    for (size_t i = 0; sel && i < n; i++)
        if (!job->only || job->only[i])
            sel[ns++] = i;
    nqpf_dist_block(ns, dd->size, dd->rank, &sel_lo, &sel_hi);
    if (sel && sel_lo < sel_hi)
        own_lo = sel[sel_lo], own_hi = sel[sel_hi - 1] + 1;
    /* Under MPI every rank walks every period (the frames are built
     * together); an error is not acted on at once but agreed at the top of
     * the next period or after the loop, so all ranks make the same calls. */
    int multi = dd->size > 1, agreed = 0;
    dea_ck ck = {T, record_len(sp, out), NULL, NULL, NULL};
    unsigned char fp[32] = {0};
    size_t *pstart = NULL;
    nqpf_dea_periods per;
    int per_bad = nqpf_dea_periods_init(&per, job, T);
    size_t *eval = malloc((n + 1) * sizeof(size_t));
    long *col_of = malloc((n + 1) * sizeof(long));
    long *in_frame = malloc((n + 1) * sizeof(long));
    size_t *frame_ids = malloc((n + 1) * sizeof(size_t));
    double *gmean = calloc(m + s + q + 1, sizeof(double));
    if (!sel || per_bad || !eval || !col_of || !in_frame || !frame_ids || !gmean) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* -1 everywhere; each period resets only the entries it set */
    for (size_t i = 0; i < n; i++)
        col_of[i] = in_frame[i] = -1;
    if (job->checkpoint) {
        /* every rank loads the same state: rank 0 reads, the others receive */
        pstart = calloc(T + 1, sizeof *pstart);
        ck.rec = malloc((ns * ck.K + 1) * sizeof *ck.rec);
        ck.done = calloc(ns + 1, 1);
        if (!pstart || !ck.rec || !ck.done)
            rc = nqpf_fail_nomem(err);
        for (size_t p = 0; !rc && p < ns; p++)
            pstart[(T == 1 ? 0 : job->period[sel[p]]) + 1]++;
        for (size_t t = 0; !rc && t < T; t++)
            pstart[t + 1] += pstart[t];
        ck.pstart = pstart;
        if (!rc) {
            nqpf_ckpt_job_sha(job, DEA_CKPT_MAGIC, 8, fp);
            if (dd->rank == 0)
                rc = nqpf_ckpt_load(job->checkpoint, DEA_CKPT_MAGIC, fp, dea_ck_dest, dea_ck_done, &ck, err);
        }
        rc = nqpf_dist_agree(dd, rc, err);
        if (!rc)
            rc = nqpf_dist_bcast(dd, ck.done, ns, err);
        if (!rc)
            rc = nqpf_dist_bcast(dd, ck.rec, ns * ck.K * sizeof *ck.rec, err);
        if (rc) {
            agreed = multi;
            goto done;
        }
    }
    for (size_t t = 0; t < T; t++) {
        if (multi && (rc = nqpf_dist_agree(dd, rc, err))) {
            agreed = 1;
            break;
        }
        size_t np, ne = 0, mine = 0;
        const size_t *rows = nqpf_dea_periods_rows(&per, t, &np);
        for (size_t e = 0; e < np; e++) {
            size_t i = rows[e];
            if (!job->only || job->only[i]) {
                eval[ne++] = i;
                mine += i >= own_lo && i < own_hi;
            }
        }
        /* no row of period t to score (here, or on any rank: ne is the
         * same on all, so they skip together) */
        if ((mine == 0 && !multi) || ne == 0)
            continue;
        if (job->checkpoint) {
            size_t have = 0;
            for (size_t e = 0; e < ne; e++)
                have += ck.done[pstart[t] + e];
            if (have == ne) { /* the whole period is in the checkpoint */
                for (size_t e = 0; e < ne; e++)
                    xfer_row(sp, out, eval[e], ck.rec + (pstart[t] + e) * ck.K, 0);
                continue;
            }
        }
        /* ref: what units are scored against (the frame when allowed);
         * full: super-efficiency of a frame unit o needs every unit but o,
         * since units dropped from the frame may be dominated only via o.
         * A unit off the frame is dominated by others, so the frame is
         * exactly its technology without it. */
        nqpf_dea_ref *ref = NULL, *full = NULL;
        size_t nr;
        const size_t *ref_ids = nqpf_dea_periods_ref(&per, t, &nr);
        size_t nf = nr;
        if (frame_allowed(job) && nr > NQPF_DEA_FRAME_MIN) {
            memcpy(frame_ids, ref_ids, nr * sizeof(size_t));
            rc = nqpf_dea_reduce_frame(job, frame_ids, &nf, 1);
            if (rc) {
                rc = nqpf_fail(err, rc, NULL, 0, 0, "DEA: out of memory while reducing the frontier");
                goto period_end;
            }
            if (sp->super) {
                rc = nqpf_dea_ref_build(&full, sp, job->x, job->y, job->b, ref_ids, nr, err);
                if (rc)
                    goto period_end;
            }
        } else {
            memcpy(frame_ids, ref_ids, nr * sizeof(size_t));
        }
        out->frame_size = nf;
        rc = nqpf_dea_ref_build(&ref, sp, job->x, job->y, job->b, frame_ids, nf, err);
        if (rc)
            goto period_end;
        for (size_t c = 0; c < nf; c++)
            in_frame[ref->id[c]] = (long)c;
        if (full)
            for (size_t c = 0; c < nr; c++)
                col_of[full->id[c]] = (long)c;
        int use_mean = (sp->model == NQPF_DEA_DDF || sp->model == NQPF_DEA_MDDF) && sp->dir == NQPF_DEA_DIR_MEAN;
        if (use_mean) /* over all of the period's rows, scored or not, in file order */
            nqpf_dea_period_mean(job, rows, np, gmean);
        period_ctx pc = {job, ref, full, in_frame, col_of, use_mean ? gmean : NULL, out};
        if (job->checkpoint) {
            rc = score_chunks(&pc, &ck, dd, t, nr, eval, ne, fp, err);
        } else if (score_rows(&pc, nr, eval, 0, ne, own_lo, own_hi)) {
            rc = nqpf_fail_nomem(err);
        }
    period_end:
        for (size_t c = 0; ref && c < nf; c++)
            in_frame[ref->id[c]] = -1;
        for (size_t c = 0; full && c < nr; c++)
            col_of[full->id[c]] = -1;
        nqpf_dea_ref_free(ref);
        nqpf_dea_ref_free(full);
        if (rc && !multi)
            goto done;
    }
done:
    if (multi && !agreed) {
        rc = nqpf_dist_agree(dd, rc, err);
        if (!rc && !job->checkpoint) /* with a checkpoint every chunk was gathered */
            rc = gather_rows(job, out, sel, ns, sel_lo, sel_hi, err);
    }
    free(sel);
    free(pstart);
    free(ck.rec);
    free(ck.done);
    nqpf_dea_periods_free(&per);
    free(eval);
    free(col_of);
    free(in_frame);
    free(frame_ids);
    free(gmean);
    if (rc)
        nqpf_dea_out_free(out);
    return rc;
}

uint64_t nqpf_dea_memory(const nqpf_dea_spec *sp, size_t n, size_t threads)
{
    uint64_t d = sp->m + sp->s + sp->q, R = nqpf_dea_rows(sp), w = R;
    uint64_t per_row = 8 * d + 48          /* the CLI's data, periods, sort keys */
                       + 28 + 16 * d + 16 * w  /* results (alloc_out) */
                       + 64                 /* row lists of nqpf_dea_run (sel: the rows scored; by period) */
                       + 8 * (R + 1) * (sp->super ? 2 : 1) /* references (+ full one for super) */
                       + 24;                /* frame classification lists */
    /* (under MPI the exchange adds 8 (4 + 2d + 2w) bytes per row) */
    uint64_t per_thread_row = NQPF_LP_BYTES_PER_COLUMN;
    return (uint64_t)n * (per_row + per_thread_row * (threads ? threads : 1));
}
