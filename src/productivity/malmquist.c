/* nqpf — Malmquist-type indexes: the DEA distance functions behind them
 * (own-period, mixed-period and global LPs), solved in parallel.  Each LP
 * writes only its own slot and reads only shared read-only refs, so the
 * results do not depend on the number of threads or on scheduling. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "malmquist_internal.h"
#include "nqpf/dist.h"
#include "nqpf/lp.h"

#define NONE SIZE_MAX

const char *nqpf_mq_status_name(int status)
{
    if (status == NQPF_MQ_UNDEFINED)
        return "undefined";
    return nqpf_dea_status_name(status);
}

int nqpf_mq_check(const nqpf_mq_job *job, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    if (sp->super || sp->slacks)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "productivity indexes take no super-efficiency or slacks");
    switch (job->index) {
    case NQPF_MQ_MALMQUIST:
        if (sp->sbm_ddf)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                             "--sbm-ddf is an additive inefficiency: use --index luenberger or ml");
        if (sp->model == NQPF_DEA_DDF)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                             "--index malmquist needs --model radial or sbm (the DDF-based index is --index ml)");
        break;
    case NQPF_MQ_ML:
        if (sp->model != NQPF_DEA_DDF && !sp->sbm_ddf)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                             "--index ml is defined on a directional distance function (--model ddf, or sbm "
                             "with --sbm-ddf)");
        break;
    case NQPF_MQ_LUENBERGER:
        if (sp->model == NQPF_DEA_RADIAL)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--index luenberger needs --model ddf or sbm");
        break;
    default:
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown index");
    }
    if (sp->model == NQPF_DEA_DDF && sp->dir == NQPF_DEA_DIR_MEAN)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the mean direction is not defined across periods; use default, ones or observed");
    if (sp->model == NQPF_DEA_FDH)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "productivity indexes take no fdh");
    if (sp->model == NQPF_DEA_RADIAL && sp->orient == NQPF_DEA_NONE)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "radial distance functions need --orient in or out");
    if ((unsigned)job->frontier > NQPF_MQ_GLOBAL)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown frontier");
    if ((unsigned)job->techch > NQPF_MQ_TC_COMPARISON)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown technical-change variant");
    if (job->techch != NQPF_MQ_TC_GEOMETRIC && job->frontier == NQPF_MQ_GLOBAL)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--techch base|comparison needs two technologies (contemporaneous or sequential frontier)");
    if (job->n_periods < 2)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "productivity indexes need at least 2 periods (found %zu)",
                         job->n_periods);
    nqpf_dea_spec c = *sp;
    c.rts = NQPF_DEA_CRS;
    int rc = nqpf_dea_spec_check(&c, err);
    if (!rc && sp->rts != NQPF_DEA_CRS)
        rc = nqpf_dea_spec_check(sp, err);
    if (rc)
        return rc;
    for (size_t r = 0; r < job->n; r++)
        if (job->unit[r] >= job->n_units || job->period[r] >= job->n_periods)
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "row %zu: unit or period id out of range", r);
    return NQPF_OK;
}

void nqpf_mq_out_free(nqpf_mq_out *o)
{
    free(o->present);
    free(o->status);
    free(o->val);
    free(o->cum);
    free(o->own);
    free(o->own_v);
    free(o->glob);
    free(o->fwd);
    free(o->bwd);
    free(o->st_own);
    free(o->st_own_v);
    free(o->st_glob);
    free(o->st_fwd);
    free(o->st_bwd);
    free(o->tgr);
    memset(o, 0, sizeof *o);
}

/* One LP: score row `row` against `ref`, store eff in *d and status in *st. */
typedef struct task {
    const nqpf_dea_ref *ref;
    int vspec; /* 1: the spec.rts workspace, 0: the CRS one */
    size_t row;
    double *d;
    int *st;
} task;

static void *xcalloc(size_t n, size_t size, int *bad)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        *bad = 1;
    return p;
}

static void nan_fill(double *v, size_t n)
{
    if (v)
        for (size_t i = 0; i < n; i++)
            v[i] = NAN;
}

/* The own-period technologies refs[0..T-1] under spec S (contemporaneous,
 * or sequential: periods <= t) and, if gref, the global one; each reduced
 * to its frame when `framed`.  The sequential frame of t is the frame of
 * (frame of t-1) + period t's units, the global frame that of the union of
 * the period frames: a unit dominated in a subset is dominated overall. */
static int build_refs(const nqpf_mq_job *job, const nqpf_dea_spec *S, const size_t *order, const size_t *start,
                      int framed, nqpf_dea_ref **refs, nqpf_dea_ref **gref, nqpf_error *err)
{
    const size_t n = job->n, T = job->n_periods;
    const int seq = job->frontier == NQPF_MQ_SEQUENTIAL;
    size_t *cur = malloc((n + 1) * sizeof(size_t)), *prev = malloc((n + 1) * sizeof(size_t));
    size_t *uni = gref ? malloc((n + 1) * sizeof(size_t)) : NULL;
    size_t np = 0, nu = 0;
    int rc = NQPF_OK;
    if (!cur || !prev || (gref && !uni)) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t t = 0; t < T && !rc; t++) {
        size_t nc = 0, cnt = start[t + 1] - start[t];
        if (seq) {
            memcpy(cur, prev, np * sizeof(size_t));
            nc = np;
        }
        memcpy(cur + nc, order + start[t], cnt * sizeof(size_t));
        nc += cnt;
        if (framed && (rc = nqpf_mq_frame(S, job->x, job->y, job->b, cur, &nc)))
            rc = nqpf_fail(err, rc, NULL, 0, 0, "frame reduction failed (%s)", nqpf_status_name(rc));
        if (!rc)
            rc = nqpf_dea_ref_build(&refs[t], S, job->x, job->y, job->b, cur, nc, err);
        if (uni) {
            memcpy(uni + nu, cur, nc * sizeof(size_t));
            nu += nc;
        }
        size_t *sw = prev;
        prev = cur;
        cur = sw;
        np = nc;
    }
    if (!rc && gref) { /* GLOBAL (own refs contemporaneous): the union */
        size_t ng = nu;
        if (framed && (rc = nqpf_mq_frame(S, job->x, job->y, job->b, uni, &ng)))
            rc = nqpf_fail(err, rc, NULL, 0, 0, "frame reduction failed (%s)", nqpf_status_name(rc));
        if (!rc)
            rc = nqpf_dea_ref_build(gref, S, job->x, job->y, job->b, uni, ng, err);
    }
done:
    free(cur);
    free(prev);
    free(uni);
    return rc;
}

/* MPI: each task's (distance, status) from the rank that solved it. */
static int gather_tasks(const nqpf_dist *dd, const task *tasks, size_t nt, size_t lo, size_t hi, int rc,
                        nqpf_error *err)
{
    double *buf = malloc((2 * nt + 1) * sizeof *buf);
    if (!buf && !rc)
        rc = nqpf_fail_nomem(err);
    rc = nqpf_dist_agree(dd, rc, err);
    if (!rc) {
        for (size_t i = lo; i < hi; i++) {
            buf[2 * i] = *tasks[i].d;
            buf[2 * i + 1] = *tasks[i].st;
        }
        rc = nqpf_dist_allgather_blocks(dd, buf, nt, 2, err);
    }
    for (size_t i = 0; i < nt && !rc; i++) {
        *tasks[i].d = buf[2 * i];
        *tasks[i].st = (int)buf[2 * i + 1];
    }
    free(buf);
    return rc;
}

int nqpf_mq_run(const nqpf_mq_job *job, nqpf_mq_out *out, nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = nqpf_mq_check(job, err);
    if (rc)
        return rc;
    if (job->spec.model == NQPF_DEA_EBM && !job->spec.ebm_ready) {
        /* eps and weights from all rows of every period, so every
         * frontier and every mixed-period score uses the same measure */
        nqpf_mq_job j = *job;
        rc = nqpf_dea_ebm_params(&j.spec, job->x, job->y, job->b, job->n, err);
        return rc ? rc : nqpf_mq_run(&j, out, err);
    }
    const size_t n = job->n, U = job->n_units, T = job->n_periods, P = T - 1, K = U * P;
    const nqpf_dea_spec *sp = &job->spec;
    const int glob = job->frontier == NQPF_MQ_GLOBAL;
    const int dec = sp->rts != NQPF_DEA_CRS;
    nqpf_dea_spec spc = *sp;
    spc.rts = NQPF_DEA_CRS;
    out->n_units = U;
    out->n_pairs = P;
    out->decomposed = dec;
    out->additive = job->index == NQPF_MQ_LUENBERGER;

    int bad = 0;
    size_t *rowof = xcalloc(U * T, sizeof(size_t), &bad);
    size_t *order = xcalloc(n, sizeof(size_t), &bad);
    size_t *start = xcalloc(T + 1, sizeof(size_t), &bad);
    nqpf_dea_ref **refc = xcalloc(T, sizeof *refc, &bad);
    nqpf_dea_ref **refv = xcalloc(T, sizeof *refv, &bad);
    nqpf_dea_ref *refg = NULL;
    task *tasks = NULL;
    out->present = xcalloc(K, 1, &bad);
    out->status = xcalloc(K, sizeof(int), &bad);
    out->val = xcalloc(K * NQPF_MQ_NCOL, sizeof(double), &bad);
    out->cum = xcalloc(K * NQPF_MQ_NCOL, sizeof(double), &bad);
    out->own = xcalloc(n, sizeof(double), &bad);
    out->st_own = xcalloc(n, sizeof(int), &bad);
    if (dec) {
        out->own_v = xcalloc(n, sizeof(double), &bad);
        out->st_own_v = xcalloc(n, sizeof(int), &bad);
    }
    if (glob) {
        out->glob = xcalloc(n, sizeof(double), &bad);
        out->st_glob = xcalloc(n, sizeof(int), &bad);
    } else {
        out->fwd = xcalloc(K, sizeof(double), &bad);
        out->bwd = xcalloc(K, sizeof(double), &bad);
        out->st_fwd = xcalloc(K, sizeof(int), &bad);
        out->st_bwd = xcalloc(K, sizeof(int), &bad);
    }
    if (bad) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    nan_fill(out->own, n);
    nan_fill(out->own_v, n);
    nan_fill(out->glob, n);
    nan_fill(out->fwd, K);
    nan_fill(out->bwd, K);
    for (size_t i = 0; i < U * T; i++)
        rowof[i] = NONE;
    for (size_t r = 0; r < n; r++) {
        size_t *slot = &rowof[job->unit[r] * T + job->period[r]];
        if (*slot != NONE) {
            rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "unit %zu appears twice in period %zu", job->unit[r],
                           job->period[r]);
            goto done;
        }
        *slot = r;
        start[job->period[r] + 1]++;
    }
    /* Rows sorted by period (stable): period t's rows are order[start[t] ..
     * start[t+1]-1] and the sequential frontier of t is the prefix
     * order[0 .. start[t+1]-1]. */
    for (size_t t = 0; t < T; t++)
        start[t + 1] += start[t];
    {
        size_t *fill = xcalloc(T, sizeof(size_t), &bad);
        if (bad) {
            free(fill);
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t r = 0; r < n; r++)
            order[start[job->period[r]] + fill[job->period[r]]++] = r;
        free(fill);
    }
    for (size_t t = 0; t < T; t++)
        if (start[t + 1] == start[t]) {
            rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "period %zu has no units", t);
            goto done;
        }
    {
        int framed = !job->no_frame && nqpf_mq_frame_allowed(sp);
        if ((rc = build_refs(job, &spc, order, start, framed, refc, glob ? &refg : NULL, err)))
            goto done;
        if (dec && (rc = build_refs(job, sp, order, start, framed, refv, NULL, err)))
            goto done;
    }

    /* The task list, in a fixed order. */
    size_t nt = 0, cap = n * (1 + (size_t)dec + (size_t)glob) + 2 * K;
    tasks = xcalloc(cap, sizeof *tasks, &bad);
    if (bad) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t r = 0; r < n; r++) {
        size_t t = job->period[r];
        tasks[nt++] = (task){refc[t], 0, r, &out->own[r], &out->st_own[r]};
        if (dec)
            tasks[nt++] = (task){refv[t], 1, r, &out->own_v[r], &out->st_own_v[r]};
        if (glob)
            tasks[nt++] = (task){refg, 0, r, &out->glob[r], &out->st_glob[r]};
    }
    for (size_t u = 0; u < U; u++)
        for (size_t t = 0; t < P; t++) {
            size_t k = u * P + t, r0 = rowof[u * T + t], r1 = rowof[u * T + t + 1];
            out->present[k] = r0 != NONE && r1 != NONE;
            if (!out->present[k] || glob || job->own_only)
                continue;
            /* the base variant needs only D^t(t+1), the comparison one D^t+1(t) */
            if (job->techch != NQPF_MQ_TC_COMPARISON)
                tasks[nt++] = (task){refc[t], 0, r1, &out->fwd[k], &out->st_fwd[k]};
            if (job->techch != NQPF_MQ_TC_BASE)
                tasks[nt++] = (task){refc[t + 1], 0, r0, &out->bwd[k], &out->st_bwd[k]};
        }
    out->n_lps = nt;
    /* MPI: rank r solves its block of the task list, then all are gathered */
    nqpf_dist one = {0, 1};
    const nqpf_dist *dd = job->dist ? job->dist : &one;
    size_t lo, hi;
    nqpf_dist_block(nt, dd->size, dd->rank, &lo, &hi);
    size_t max_n = n; /* the largest ref has at most n columns */
    const double *X = job->x, *Y = job->y, *B = job->b;
    const size_t m = sp->m, s = sp->s, q = sp->q;
#pragma omp parallel
    {
        nqpf_dea_ws *wsc = nqpf_dea_ws_new(&spc, max_n);
        nqpf_dea_ws *wsv = dec ? nqpf_dea_ws_new(sp, max_n) : NULL;
        if (!wsc || (dec && !wsv)) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (size_t i = lo; i < hi; i++) {
            if (!wsc || (dec && !wsv))
                continue;
            const task *tk = &tasks[i];
            size_t r = tk->row;
            nqpf_dea_point pt = {X + r * m, Y + r * s, q ? B + r * q : NULL, NULL, NULL, NULL, -1};
            nqpf_dea_result res;
            memset(&res, 0, sizeof res);
            nqpf_dea_score(tk->vspec ? wsv : wsc, tk->ref, &pt, &res);
            *tk->st = res.status;
            *tk->d = res.status == NQPF_DEA_OK ? res.eff : NAN;
        }
        nqpf_dea_ws_free(wsc);
        nqpf_dea_ws_free(wsv);
    }
    rc = bad ? nqpf_fail_nomem(err) : NQPF_OK;
    if (dd->size > 1 && (rc = gather_tasks(dd, tasks, nt, lo, hi, rc, err)))
        goto done;
    if (rc)
        goto done;
    if (!job->own_only)
        nqpf_mq_indexes(job, rowof, out);
done:
    if (refc)
        for (size_t t = 0; t < T; t++)
            nqpf_dea_ref_free(refc[t]);
    if (refv)
        for (size_t t = 0; t < T; t++)
            nqpf_dea_ref_free(refv[t]);
    nqpf_dea_ref_free(refg);
    free(refc);
    free(refv);
    free(rowof);
    free(order);
    free(start);
    free(tasks);
    if (rc)
        nqpf_mq_out_free(out);
    return rc;
}

uint64_t nqpf_mq_memory(const nqpf_dea_spec *sp, size_t n, size_t threads)
{
    uint64_t d = sp->m + sp->s + sp->q, R = nqpf_dea_rows(sp);
    uint64_t per_row = 8 * d + 48                      /* the CLI's data and keys */
                       + 3 * 8 * (R + 1)               /* CRS, VRS and global references */
                       + 5 * sizeof(void *) * 5        /* tasks: own, VRS, global, forward, backward */
                       + 1 + 4 + 2 * 8 * NQPF_MQ_NCOL  /* pair results and cumulative indexes */
                       + 6 * 12;                       /* distances and statuses */
    return (uint64_t)n * (per_row + 2 * NQPF_LP_BYTES_PER_COLUMN * (threads ? threads : 1));
}
