/* nqpf — Simar–Wilson smoothed bootstrap of radial DEA (see dea_boot.h).
 *
 * Each replication is a fresh technology (the pseudo data), and n LPs score
 * the original units against it.  Reducing every pseudo technology to its
 * frame first (as nqpf_dea_run does for a period) costs more LPs than the
 * scoring itself, so a replication uses column generation instead (restricted
 * basis entry, Ali 1993): unit i is first scored against a few seed columns,
 * a feasible restricted problem since the pseudo copies of its plain peers
 * are among them (the untouched side of the data keeps the plain solution
 * feasible), and then the columns whose reduced cost under the restricted
 * duals is negative are added until none is left.  No negative reduced cost
 * means the restricted optimum is optimal for all n columns (LP duality), so
 * the scores equal a full solve's; the tests check this against --no-frame,
 * which scores every unit against every pseudo unit from scratch.
 *
 * What makes it fast is where each unit starts:
 *   - seeds: a pseudo unit is its plain projection pushed out by a random
 *     factor, so unit i's pseudo peers are mostly pseudo units that are also
 *     peers of units projecting near i.  The k nearest projections of every
 *     unit are found once (nearest_projections); the seeds of unit i are its
 *     plain peers and the pseudo peers of the already scored units among its
 *     neighbours.
 *   - basis: the nearest scored neighbour's optimal basis.  Its multipliers,
 *     rescaled, are dual feasible for unit i (only the score column and the
 *     right-hand side differ), so dual simplex pivots (lp_dual.c) reach the
 *     restricted optimum in a few steps.
 *   - units are visited sorted by their plain peer lists, so neighbours are
 *     usually scored before a unit.
 * Then one vectorised pricing pass over all n columns (price_all) either
 * proves optimality or adds the best CG_ADD columns, about 1.5 passes and
 * 4 pivots per unit on 3-input, 2-output data.
 *
 * The replications, not the units, are spread over threads: a replication
 * is milliseconds of independent work, which keeps every core busy without
 * synchronisation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "nqpf/convergence.h"
#include "nqpf/dea_boot.h"
#include "nqpf/rng.h"
#include "nqpf/util.h"

/* Julia's isapprox(x, 1, atol = 1e-5), which defines "efficient" in the
 * bandwidth rule we reproduce. */
#define BOOT_EFFICIENT_TOL 1e-5
/* Columns added per pricing round, and rounds before giving up on column
 * generation for a unit (then it is scored against every column). */
#define CG_ADD 8
#define CG_MAX_ROUNDS 64
/* Units (times replications) below which one thread works alone. */
#define BOOT_TEAM_MIN 64

int nqpf_dea_boot_bandwidth(const double *score, size_t n, nqpf_dea_orient orient, double *h, nqpf_error *err)
{
    if (n < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "bootstrap bandwidth: needs at least 2 units");
    double *two = malloc(2 * n * sizeof *two), *dist = malloc(n * sizeof *dist);
    if (!two || !dist) {
        free(two);
        free(dist);
        return nqpf_fail_nomem(err);
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(score[i] - 1.0) > BOOT_EFFICIENT_TOL)
            two[m++] = score[i];
    for (size_t i = 0; i < m; i++)
        two[m + i] = 2.0 - two[i];
    for (size_t i = 0; i < n; i++)
        dist[i] = orient == NQPF_DEA_IN ? 1.0 / score[i] : score[i];
    int rc = NQPF_OK;
    if (m == 0) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "bootstrap bandwidth: every unit is efficient, so the rule has nothing to work "
                       "with; give --bandwidth");
    } else {
        nqpf_sigma st2m, stx;
        nqpf_sigma_stats(two, 2 * m, &st2m);
        nqpf_sigma_stats(dist, n, &stx);
        double s2m = st2m.sd_sample;
        qsort(two, 2 * m, sizeof *two, nqpf_cmp_double);
        double r2m = nqpf_quantile7(two, 2 * m, 0.75) - nqpf_quantile7(two, 2 * m, 0.25);
        double spread = r2m / 1.349 < s2m ? r2m / 1.349 : s2m;
        double sx = stx.sd_sample;
        if (!(s2m > 0.0) || !(spread > 0.0) || !isfinite(sx))
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "bootstrap bandwidth: the inefficient scores have no spread; give --bandwidth");
        else
            *h = 0.9 * spread * pow(2.0 * (double)m, -0.2) * pow(2.0 * (double)m / (double)n, 0.2) * (sx / s2m);
    }
    free(two);
    free(dist);
    return rc;
}

void nqpf_dea_boot_free(nqpf_dea_boot *bt)
{
    if (!bt)
        return;
    free(bt->delta);
    free(bt->peer);
    free(bt->n_peer);
    free(bt->order);
    free(bt->near);
    free(bt);
}

/* Visit units sorted by their plain peer lists (ascending ids), so that
 * consecutive units sit on the same or neighbouring facets (see replicate).
 * Each key carries its own pointers: no context for the comparator. */
typedef struct peer_key {
    const size_t *p;
    size_t np, idx;
} peer_key;

static int cmp_peer_key(const void *a, const void *b)
{
    const peer_key *x = a, *y = b;
    for (size_t k = 0; k < x->np && k < y->np; k++)
        if (x->p[k] != y->p[k])
            return x->p[k] < y->p[k] ? -1 : 1;
    if (x->np != y->np)
        return x->np < y->np ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int order_by_peers(nqpf_dea_boot *bt)
{
    peer_key *k = malloc(bt->n * sizeof *k);
    if (!k)
        return -1;
    for (size_t i = 0; i < bt->n; i++) {
        k[i].p = bt->peer + i * bt->width;
        k[i].np = bt->n_peer[i];
        k[i].idx = i;
    }
    qsort(k, bt->n, sizeof *k, cmp_peer_key);
    for (size_t i = 0; i < bt->n; i++)
        bt->order[i] = k[i].idx;
    free(k);
    return 0;
}

/* Nearest neighbours of every unit's plain projection (input orientation:
 * (theta x, y); output: (x, phi y)), each variable divided by its mean.
 * A pseudo unit is its plain projection pushed out by a random factor, so
 * the pseudo peers of unit i are mostly pseudo copies of units projecting
 * near i; they seed i's restricted LP in every replication.  Brute force,
 * O(n^2 (m + s)) once per frontier: each replication prices all n columns
 * for all n units anyway, O(n^2 (m + s)) per replication. */
static int nearest_projections(nqpf_dea_boot *bt, const double *farrell)
{
    size_t n = bt->n, m = bt->spec.m, s = bt->spec.s, d = m + s, K = bt->k_near;
    double *P = malloc(n * d * sizeof *P), *scale = calloc(d, sizeof *scale);
    if (!P || !scale) {
        free(P);
        free(scale);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        double fx = bt->spec.orient == NQPF_DEA_IN ? farrell[i] : 1.0;
        double fy = bt->spec.orient == NQPF_DEA_IN ? 1.0 : farrell[i];
        for (size_t k = 0; k < m; k++)
            P[i * d + k] = bt->x[i * m + k] * fx;
        for (size_t k = 0; k < s; k++)
            P[i * d + m + k] = bt->y[i * s + k] * fy;
        for (size_t k = 0; k < d; k++)
            scale[k] += P[i * d + k];
    }
    for (size_t k = 0; k < d; k++)
        scale[k] = scale[k] > 0.0 ? (double)n / scale[k] : 1.0;
    for (size_t i = 0; i < n * d; i++)
        P[i] *= scale[i % d];
    int bad = 0;
    /* no team for a small frontier: its O(n^2 d) distances cost less than
     * starting one, which a panel of many short periods pays per period */
#pragma omp parallel if (n > BOOT_TEAM_MIN)
    {
        double *bd = malloc((K + 1) * sizeof *bd);
        size_t *bj = malloc((K + 1) * sizeof *bj);
        if (!bd || !bj) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            if (!bd || !bj)
                continue;
            size_t c = 0;
            for (size_t j = 0; j < n; j++) {
                if (j == i)
                    continue;
                double dist = 0.0;
                for (size_t k = 0; k < d; k++) {
                    double t = P[i * d + k] - P[j * d + k];
                    dist += t * t;
                }
                nqpf_smallest_k(bd, bj, &c, K, dist, j);
            }
            for (size_t k = 0; k < K; k++)
                bt->near[i * K + k] = k < c ? bj[k] : i;
        }
        free(bd);
        free(bj);
    }
    free(P);
    free(scale);
    return bad ? -1 : 0;
}

int nqpf_dea_boot_new(nqpf_dea_boot **out, const nqpf_dea_spec *spec, const double *x, const double *y, size_t n,
                      double h, uint64_t seed, uint64_t stream0, int no_frame, nqpf_error *err)
{
    *out = NULL;
    if (spec->model != NQPF_DEA_RADIAL || spec->super || spec->q > 0 || spec->fixed || nqpf_dea_wr_cols(spec) ||
        (spec->orient != NQPF_DEA_IN && spec->orient != NQPF_DEA_OUT))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "the bootstrap covers radial models (input or output orientation) without "
                         "super-efficiency, undesirable outputs, fixed variables, assurance regions or other "
                         "weight restrictions");
    if (n < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the bootstrap needs at least 2 units per frontier");
    nqpf_dea_boot *bt = calloc(1, sizeof *bt);
    if (!bt || !(bt->delta = malloc(n * sizeof(double))) || !(bt->n_peer = malloc(n * sizeof(size_t)))) {
        nqpf_dea_boot_free(bt);
        return nqpf_fail_nomem(err);
    }
    bt->spec = *spec;
    bt->spec.slacks = 0;
    bt->n = n;
    bt->x = x;
    bt->y = y;
    bt->seed = seed;
    bt->stream0 = stream0;
    bt->no_frame = no_frame;
    nqpf_dea_job job = {0};
    job.spec = bt->spec;
    job.n = n;
    job.x = x;
    job.y = y;
    job.no_frame = no_frame;
    nqpf_dea_out res = {0};
    int rc = nqpf_dea_run(&job, &res, err);
    if (rc) {
        nqpf_dea_boot_free(bt);
        return rc;
    }
    /* the plain peers seed the column generation of every replication */
    bt->width = res.width;
    bt->peer = res.peer;
    res.peer = NULL;
    memcpy(bt->n_peer, res.n_peers, n * sizeof(size_t));
    if (!(bt->order = malloc(n * sizeof(size_t))) || order_by_peers(bt)) {
        nqpf_dea_out_free(&res);
        nqpf_dea_boot_free(bt);
        return nqpf_fail_nomem(err);
    }
    /* Farrell scores for the bandwidth rule: theta (input) or phi (output) */
    double *farrell = bt->delta;
    for (size_t i = 0; i < n && !rc; i++) {
        if (res.status[i] != NQPF_DEA_OK)
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "bootstrap: unit %zu has no DEA score (%s)", i,
                           nqpf_dea_status_name(res.status[i]));
        else
            farrell[i] = spec->orient == NQPF_DEA_IN ? res.eff[i] : res.phi[i];
    }
    nqpf_dea_out_free(&res);
    bt->k_near = n - 1 < NQPF_DEA_BOOT_NEAR ? n - 1 : NQPF_DEA_BOOT_NEAR;
    if (!rc && (!(bt->near = malloc(n * bt->k_near * sizeof(size_t) + 1)) || nearest_projections(bt, farrell))) {
        nqpf_dea_boot_free(bt);
        return nqpf_fail_nomem(err);
    }
    if (!rc && !(h > 0.0))
        rc = nqpf_dea_boot_bandwidth(farrell, n, spec->orient, &h, err);
    if (rc) {
        nqpf_dea_boot_free(bt);
        return rc;
    }
    bt->h = h;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        bt->delta[i] = spec->orient == NQPF_DEA_IN ? 1.0 / farrell[i] : farrell[i];
        ss += (bt->delta[i] - 1.0) * (bt->delta[i] - 1.0);
    }
    /* the 2n set {delta, 2 - delta} has mean exactly 1 */
    bt->var2n = 2.0 * ss / (double)(2 * n - 1);
    *out = bt;
    return NQPF_OK;
}

void nqpf_dea_boot_draw(const nqpf_dea_boot *bt, size_t b, double *ds)
{
    size_t n = bt->n;
    nqpf_rng r;
    nqpf_rng_init(&r, bt->seed, bt->stream0 + b);
    double mean = 0.0;
    /* ds holds beta_i + h eps_i while the mean of beta accumulates */
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)nqpf_rng_below(&r, 2 * (uint64_t)n);
        double beta = k < n ? bt->delta[k] : 2.0 - bt->delta[k - n];
        mean += beta;
        ds[i] = beta + bt->h * nqpf_rng_normal(&r);
    }
    mean /= (double)n;
    double shrink = bt->var2n > 0.0 ? 1.0 / sqrt(1.0 + bt->h * bt->h / bt->var2n) : 1.0;
    for (size_t i = 0; i < n; i++) {
        double d = mean + (ds[i] - mean) * shrink;
        ds[i] = d < 1.0 ? 2.0 - d : d;
    }
}

/* Per-thread scratch of a replication. */
typedef struct boot_ws {
    nqpf_dea_ws *ws;
    double *ds, *px, *py; /* pseudo efficiencies, pseudo inputs, outputs */
    double *At, *v;       /* the pseudo ref row-major (rows x n); pi.a_j */
    size_t *hits;         /* chunks of columns with a candidate */
    double *subA;         /* restricted columns (rows x n at most) */
    size_t *subid;        /* their pseudo unit ids */
    size_t *pos;          /* position of a pseudo unit in the restricted set */
    unsigned char *in;    /* pseudo unit already in the restricted set */
    size_t *seed;         /* seed columns of one unit */
    size_t *head;         /* a basis in the restricted LP's numbering */
    /* every scored unit's optimal basis (R entries at i*R): a pseudo unit
     * (bas_ref) or an LP variable behind the reference columns (offset
     * from their end) */
    size_t *bas;
    unsigned char *bas_ref, *scored;
} boot_ws;

/* v = pi' A from the row-major copy At (R x n), eight columns at a time in
 * a GCC/Clang vector type (SSE2 or AVX2 operations), several times faster
 * than n short dot products over the columns; an AVX2 clone is picked at
 * run time where the CPU has it.  Each v[j] is summed over the rows in the
 * same order in every clone (no fused multiply-add), so the choice of
 * entering columns does not depend on the CPU.  Returns the number of
 * chunks of PRICE_CHUNK columns with some v > tol, listed in hits: a
 * column enters when v > tol, and few do, so the caller looks at those
 * chunks only (the test is one vector OR per block, not a branch). */
#define PRICE_CHUNK 32
typedef double boot_v4 __attribute__((vector_size(32)));
typedef long long boot_l4 __attribute__((vector_size(32)));

__attribute__((target_clones("avx2", "default"))) static size_t price_all(const double *At, size_t R, size_t n,
                                                                         const double *pi, double tol, double *v,
                                                                         size_t *hits)
{
    size_t n8 = n & ~(size_t)7, nh = 0;
    boot_v4 tv = {tol, tol, tol, tol};
    for (size_t c0 = 0; c0 < n8; c0 += PRICE_CHUNK) {
        size_t c1 = c0 + PRICE_CHUNK < n8 ? c0 + PRICE_CHUNK : n8;
        boot_l4 g = {0, 0, 0, 0};
        for (size_t j = c0; j < c1; j += 8) {
            boot_v4 acc, acc2, a, a2; /* two independent sums */
            memcpy(&a, At + j, sizeof a);
            memcpy(&a2, At + j + 4, sizeof a2);
            acc = a * pi[0];
            acc2 = a2 * pi[0];
            for (size_t k = 1; k < R; k++) {
                memcpy(&a, At + k * n + j, sizeof a);
                memcpy(&a2, At + k * n + j + 4, sizeof a2);
                acc += a * pi[k];
                acc2 += a2 * pi[k];
            }
            memcpy(v + j, &acc, sizeof acc);
            memcpy(v + j + 4, &acc2, sizeof acc2);
            g |= (acc > tv) | (acc2 > tv);
        }
        if (g[0] | g[1] | g[2] | g[3])
            hits[nh++] = c0 / PRICE_CHUNK;
    }
    int tail = 0;
    for (size_t j = n8; j < n; j++) {
        double acc = At[j] * pi[0];
        for (size_t k = 1; k < R; k++)
            acc += At[k * n + j] * pi[k];
        v[j] = acc;
        tail |= acc > tol;
    }
    if (tail && (nh == 0 || hits[nh - 1] != n8 / PRICE_CHUNK))
        hits[nh++] = n8 / PRICE_CHUNK;
    return nh;
}

static void add_column(const nqpf_dea_ref *full, boot_ws *w, size_t *ns, size_t j)
{
    memcpy(w->subA + *ns * full->rows, full->A + j * full->rows, full->rows * sizeof(double));
    w->pos[j] = *ns;
    w->subid[(*ns)++] = j;
    w->in[j] = 1;
}

/* The CG_ADD most attractive columns of a pricing pass, best first
 * (smallest index first among equals): the smallest -v. */
typedef struct top_cols {
    size_t j[CG_ADD], n;
    double v[CG_ADD];
} top_cols;

/* Score the point pt (unit i) against `full` by column generation from the
 * columns seed[0..n_seed) (see the top of the file), starting from the
 * optimal basis of unit src (none when src >= n); NQPF_DEA_* status in r.
 * Unit i's optimal basis is stored for the units after it. */
static void score_cg(const nqpf_dea_ref *full, boot_ws *w, const nqpf_dea_point *pt, const size_t *seed,
                     size_t n_seed, size_t i, size_t src, nqpf_dea_result *r)
{
    size_t R = full->rows, n = full->n, ns = 0;
    for (size_t k = 0; k < n_seed; k++)
        if (!w->in[seed[k]])
            add_column(full, w, &ns, seed[k]);
    int done = 0;
    for (int round = 0; round < CG_MAX_ROUNDS && !done; round++) {
        nqpf_dea_ref sub = *full;
        sub.n = ns;
        sub.A = w->subA;
        sub.id = w->subid;
        if (round == 0) {
            /* the source basis, mapped to the restricted numbering (its
             * pseudo units are among the seeds) */
            int warm = src < n;
            for (size_t k = 0; k < R && warm; k++) {
                size_t j = w->bas[src * R + k];
                if (!w->bas_ref[src * R + k])
                    w->head[k] = ns + j;
                else if (w->in[j])
                    w->head[k] = w->pos[j];
                else
                    warm = 0;
            }
            w->ws->warm_head = warm ? w->head : NULL;
            nqpf_dea_score(w->ws, &sub, pt, r);
            w->ws->warm_head = NULL;
        } else { /* the last optimum stays feasible: continue from its basis */
            nqpf_dea_rescore_grown(w->ws, &sub, pt, r);
        }
        if (r->status != NQPF_DEA_OK)
            break;
        /* reduced cost of column j: -pi.a_j (reference columns cost 0) */
        top_cols t = {{0}, 0, {0}};
        size_t nh = price_all(w->At, R, n, nqpf_lp_duals(w->ws->lp), NQPF_LP_TOL_DUAL, w->v, w->hits);
        for (size_t h = 0; h < nh; h++)
            for (size_t j = PRICE_CHUNK * w->hits[h]; j < PRICE_CHUNK * (w->hits[h] + 1) && j < n; j++)
                if (w->v[j] > NQPF_LP_TOL_DUAL && !w->in[j])
                    nqpf_smallest_k(t.v, t.j, &t.n, CG_ADD, -w->v[j], j);
        if (t.n == 0)
            done = 1;
        for (size_t k = 0; k < t.n; k++)
            add_column(full, w, &ns, t.j[k]);
    }
    if (!done)
        nqpf_dea_score(w->ws, full, pt, r); /* safety net: all columns */
    w->scored[i] = r->status == NQPF_DEA_OK;
    if (w->scored[i]) {
        size_t nr = done ? ns : n;
        nqpf_lp_basis(w->ws->lp, w->head);
        for (size_t k = 0; k < R; k++) {
            size_t j = w->head[k];
            w->bas_ref[i * R + k] = j < nr;
            w->bas[i * R + k] = j < nr ? (done ? w->subid[j] : j) : j - nr;
        }
    }
    for (size_t k = 0; k < ns; k++)
        w->in[w->subid[k]] = 0;
}

/* Seeds of unit i's restricted LP: its plain peers and the pseudo peers of
 * the scored units among its nearest projections (src, the nearest of
 * them, or else the last unit scored, gives the starting basis). */
static size_t unit_seeds(const nqpf_dea_boot *bt, const boot_ws *w, size_t R, size_t i, size_t last, size_t *src)
{
    size_t K = bt->k_near, n = bt->n, ns = bt->n_peer[i];
    memcpy(w->seed, bt->peer + i * bt->width, ns * sizeof *w->seed);
    *src = n;
    for (size_t k = 0; k < K; k++) {
        size_t j = bt->near[i * K + k];
        if (!w->scored[j])
            continue;
        if (*src == n)
            *src = j;
        for (size_t q = 0; q < R; q++)
            if (w->bas_ref[j * R + q])
                w->seed[ns++] = w->bas[j * R + q];
    }
    if (*src == n && last < n && w->scored[last]) {
        *src = last;
        for (size_t q = 0; q < R; q++)
            if (w->bas_ref[last * R + q])
                w->seed[ns++] = w->bas[last * R + q];
    }
    return ns;
}

/* One replication: pseudo data, then the original units' distances. */
static int replicate(const nqpf_dea_boot *bt, size_t b, boot_ws *w, double *dist)
{
    const nqpf_dea_spec *sp = &bt->spec;
    size_t n = bt->n, m = sp->m, s = sp->s;
    nqpf_dea_boot_draw(bt, b, w->ds);
    for (size_t j = 0; j < n; j++) {
        if (sp->orient == NQPF_DEA_IN) {
            double f = w->ds[j] / bt->delta[j];
            for (size_t k = 0; k < m; k++)
                w->px[j * m + k] = bt->x[j * m + k] * f;
        } else {
            double f = bt->delta[j] / w->ds[j];
            for (size_t k = 0; k < s; k++)
                w->py[j * s + k] = bt->y[j * s + k] * f;
        }
    }
    const double *jx = sp->orient == NQPF_DEA_IN ? w->px : bt->x;
    const double *jy = sp->orient == NQPF_DEA_IN ? bt->y : w->py;
    nqpf_dea_ref *ref = NULL;
    nqpf_error e;
    if (nqpf_dea_ref_build(&ref, sp, jx, jy, NULL, NULL, n, &e))
        return e.code;
    size_t R = ref->rows, last = n;
    for (size_t j = 0; j < n; j++)
        for (size_t k = 0; k < R; k++)
            w->At[k * n + j] = ref->A[j * R + k];
    memset(w->scored, 0, n);
    for (size_t o = 0; o < n; o++) {
        size_t i = bt->order[o];
        nqpf_dea_point pt = {bt->x + i * m, bt->y + i * s, NULL, NULL, NULL, NULL, -1};
        nqpf_dea_result r = {0};
        if (bt->no_frame) {
            nqpf_dea_score(w->ws, ref, &pt, &r);
        } else {
            size_t src, ns = unit_seeds(bt, w, R, i, last, &src);
            score_cg(ref, w, &pt, w->seed, ns, i, src, &r);
            last = i;
        }
        if (r.status != NQPF_DEA_OK)
            dist[i] = NAN;
        else
            dist[i] = sp->orient == NQPF_DEA_IN ? 1.0 / r.eff : r.phi;
    }
    nqpf_dea_ref_free(ref);
    return NQPF_OK;
}

int nqpf_dea_boot_run(const nqpf_dea_boot *bt, size_t b0, size_t b1, double *dist, nqpf_error *err)
{
    size_t n = bt->n, R = nqpf_dea_rows(&bt->spec);
    int bad = 0;
    /* a team only when the replications' LPs (n each) outweigh starting it:
     * a panel of many short periods would otherwise pay one per period */
#pragma omp parallel if ((b1 - b0) * n > BOOT_TEAM_MIN)
    {
        boot_ws w;
        w.ws = nqpf_dea_ws_new(&bt->spec, n);
        w.ds = malloc(n * sizeof *w.ds);
        w.px = malloc(n * bt->spec.m * sizeof *w.px);
        w.py = malloc(n * bt->spec.s * sizeof *w.py);
        w.At = malloc(n * R * sizeof *w.At);
        w.v = malloc(n * sizeof *w.v);
        w.hits = malloc((n / PRICE_CHUNK + 2) * sizeof *w.hits);
        w.subA = malloc(n * R * sizeof *w.subA);
        w.subid = malloc(n * sizeof *w.subid);
        w.pos = malloc(n * sizeof *w.pos);
        w.in = calloc(n, 1);
        w.seed = malloc((bt->width + (bt->k_near + 1) * R) * sizeof *w.seed);
        w.head = malloc(R * sizeof *w.head);
        w.bas = malloc(n * R * sizeof *w.bas);
        w.bas_ref = malloc(n * R);
        w.scored = malloc(n);
        if (!w.ws || !w.ds || !w.px || !w.py || !w.At || !w.v || !w.hits || !w.subA || !w.subid || !w.pos ||
            !w.in || !w.seed || !w.head || !w.bas || !w.bas_ref || !w.scored) {
#pragma omp atomic write
            bad = NQPF_ENOMEM;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t b = b0; b < b1; b++) {
            int stop;
#pragma omp atomic read
            stop = bad;
            if (stop)
                continue;
            int rc = replicate(bt, b, &w, dist + (b - b0) * n);
            if (rc) {
#pragma omp atomic write
                bad = rc;
            }
        }
        nqpf_dea_ws_free(w.ws);
        free(w.ds);
        free(w.px);
        free(w.py);
        free(w.At);
        free(w.v);
        free(w.hits);
        free(w.subA);
        free(w.subid);
        free(w.pos);
        free(w.in);
        free(w.seed);
        free(w.head);
        free(w.bas);
        free(w.bas_ref);
        free(w.scored);
    }
    if (bad == NQPF_ENOMEM)
        return nqpf_fail_nomem(err);
    if (bad)
        return nqpf_fail(err, bad, NULL, 0, 0, "bootstrap replication failed (%s)", nqpf_status_name(bad));
    return NQPF_OK;
}

int nqpf_dea_boot_summary(const nqpf_dea_boot *bt, const double *dist, size_t B, double level,
                          nqpf_dea_boot_stats *st, nqpf_error *err)
{
    if (!(level > 0.0 && level < 1.0))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "confidence level must lie strictly between 0 and 1");
    size_t n = bt->n;
    double *d = malloc((B ? B : 1) * sizeof *d);
    if (!d)
        return nqpf_fail_nomem(err);
    double alpha = 1.0 - level;
    for (size_t i = 0; i < n; i++) {
        double di = bt->delta[i], sum = 0.0, se = 0.0, me = 0.0;
        size_t k = 0;
        for (size_t b = 0; b < B; b++) {
            double v = dist[b * n + i];
            if (isnan(v))
                continue;
            sum += v;
            me += 1.0 / v;
            d[k++] = di - v;
        }
        st->eff[i] = 1.0 / di;
        st->n_ok[i] = k;
        if (k < 2) {
            st->eff_bc[i] = st->bias[i] = st->sd[i] = st->lo[i] = st->hi[i] = NAN;
            continue;
        }
        me /= (double)k;
        for (size_t b = 0; b < B; b++) {
            double v = dist[b * n + i];
            if (!isnan(v))
                se += (1.0 / v - me) * (1.0 / v - me);
        }
        double bias_d = sum / (double)k - di;
        /* a corrected distance or bound <= 0 has no efficiency: NaN */
        double dbc = di - bias_d;
        st->eff_bc[i] = dbc > 0.0 ? 1.0 / dbc : NAN;
        st->bias[i] = st->eff[i] - st->eff_bc[i];
        st->sd[i] = sqrt(se / (double)(k - 1));
        qsort(d, k, sizeof *d, nqpf_cmp_double);
        double dlo = di + nqpf_quantile7(d, k, 0.5 * alpha);
        double dhi = di + nqpf_quantile7(d, k, 1.0 - 0.5 * alpha);
        st->lo[i] = dhi > 0.0 ? 1.0 / dhi : NAN;
        st->hi[i] = dlo > 0.0 ? 1.0 / dlo : NAN;
    }
    free(d);
    return NQPF_OK;
}
