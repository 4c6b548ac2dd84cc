/* nqpf_dea_job.only (the rows to score) and the categorical runs built on it
 * (dea_categ.c, Banker & Morey 1986).
 *
 * The peer here is nqpf's own unmasked run, which the randomised HiGHS
 * tests (test_dea_random.py, test_dea_categorical.py) check against scipy:
 * a masked run must give every scored row the unmasked run's results byte
 * for byte (same reference sets, frames, mean directions), cost exactly
 * one scoring per scored row, and leave the other rows untouched.  The
 * categorical run is compared with what dea_categ.c did before the mask:
 * one unmasked run per category over the rows of categories <= c, keeping
 * category c's rows; the results must be identical and the rows scored drop
 * from n + sum_c |{cat <= c}| to n.  Checkpoints hold the scored rows only:
 * a resumed run scores nothing twice, and a file written under one mask is
 * refused under another (its fingerprint includes the mask). */
#include <stdint.h>
#include <unistd.h>

#include "nqpf/dea.h"
#include "nqpf/rng.h"
#include "test.h"

#define N 420
#define T 3
#define L 4
#define M 2
#define S 2
#define Q 1

typedef struct data {
    double x[N * M], y[N * S], b[N * Q];
    size_t per[N], cat[N];
    unsigned char mask[N];
} data;

/* Random units with ties and duplicates (the frame and the LPs' degenerate
 * cases), categories 1..L with category L - 1 empty in period 1. */
static void make_data(data *d, uint64_t seed)
{
    nqpf_rng r;
    nqpf_rng_init(&r, seed, 0);
    for (size_t i = 0; i < N; i++) {
        d->per[i] = i % T;
        for (size_t k = 0; k < M; k++)
            d->x[i * M + k] = 1 + (double)(nqpf_rng_u64(&r) % 40) / 4;
        for (size_t k = 0; k < S; k++)
            d->y[i * S + k] = 1 + (double)(nqpf_rng_u64(&r) % 40) / 4;
        d->b[i] = 1 + (double)(nqpf_rng_u64(&r) % 12) / 4;
        if (i >= 10 && i % 17 == 0) { /* a duplicate of an earlier unit */
            memcpy(d->x + i * M, d->x + (i - 9) * M, M * sizeof(double));
            memcpy(d->y + i * S, d->y + (i - 9) * S, S * sizeof(double));
            d->b[i] = d->b[i - 9];
        }
        d->cat[i] = nqpf_rng_u64(&r) % L;
        if (d->per[i] == 1 && d->cat[i] == L - 2)
            d->cat[i] = 0;
        d->mask[i] = nqpf_rng_u64(&r) % 5 < 2;
    }
}

static nqpf_dea_job make_job(const data *d, nqpf_dea_spec sp)
{
    nqpf_dea_job j = {0};
    sp.m = M, sp.s = S, sp.q = sp.model == NQPF_DEA_RADIAL ? 0 : Q;
    j.spec = sp;
    j.n = N, j.x = d->x, j.y = d->y, j.b = sp.q ? d->b : NULL;
    j.period = d->per, j.n_periods = T, j.frontier = NQPF_DEA_CONTEMPORANEOUS;
    return j;
}

/* Row i of a and row k of b hold the same bytes (peers mapped by ids when
 * given: b's peers are rows of a subset). */
static int same_row(const nqpf_dea_job *job, const nqpf_dea_out *a, size_t i, const nqpf_dea_out *b, size_t k,
                    const size_t *ids)
{
    const nqpf_dea_spec *sp = &job->spec;
    size_t m = sp->m, s = sp->s, q = sp->q;
    if (a->status[i] != b->status[k] || memcmp(&a->eff[i], &b->eff[k], sizeof(double)) ||
        memcmp(&a->phi[i], &b->phi[k], sizeof(double)) || a->n_peers[i] != b->n_peers[k] ||
        memcmp(a->slack_x + i * m, b->slack_x + k * m, m * sizeof(double)) ||
        memcmp(a->slack_y + i * s, b->slack_y + k * s, s * sizeof(double)) ||
        memcmp(a->slack_b + i * q, b->slack_b + k * q, q * sizeof(double)) ||
        memcmp(a->target_x + i * m, b->target_x + k * m, m * sizeof(double)) ||
        memcmp(a->target_y + i * s, b->target_y + k * s, s * sizeof(double)) ||
        memcmp(a->target_b + i * q, b->target_b + k * q, q * sizeof(double)))
        return 0;
    for (size_t p = 0; p < a->n_peers[i]; p++) {
        size_t pb = b->peer[k * b->width + p];
        if (a->peer[i * a->width + p] != (ids ? ids[pb] : pb) ||
            memcmp(&a->lambda[i * a->width + p], &b->lambda[k * b->width + p], sizeof(double)))
            return 0;
    }
    return 1;
}

static const nqpf_dea_spec SPECS[] = {
    {.model = NQPF_DEA_RADIAL, .rts = NQPF_DEA_VRS, .orient = NQPF_DEA_IN, .slacks = 1},
    {.model = NQPF_DEA_RADIAL, .rts = NQPF_DEA_CRS, .orient = NQPF_DEA_OUT, .super = 1},
    {.model = NQPF_DEA_SBM, .rts = NQPF_DEA_VRS, .orient = NQPF_DEA_NONE},
    {.model = NQPF_DEA_DDF, .rts = NQPF_DEA_VRS, .bad_strong = 1, .dir = NQPF_DEA_DIR_DEFAULT, .slacks = 1},
};
#define N_SPECS (sizeof SPECS / sizeof SPECS[0])

/* A masked run gives the scored rows the unmasked results, byte for byte,
 * scores nothing else, and keeps the DDF mean direction of all the rows. */
static void test_mask_matches_full(void)
{
    static data d;
    make_data(&d, 11);
    nqpf_dea_spec mean = {.model = NQPF_DEA_DDF, .rts = NQPF_DEA_VRS, .bad_strong = 1, .dir = NQPF_DEA_DIR_MEAN};
    for (size_t c = 0; c <= N_SPECS; c++) {
        for (int fr = 0; fr < 2; fr++) {
            nqpf_dea_job job = make_job(&d, c < N_SPECS ? SPECS[c] : mean);
            job.frontier = fr ? NQPF_DEA_SEQUENTIAL : NQPF_DEA_CONTEMPORANEOUS;
            nqpf_dea_out full = {0}, part = {0};
            nqpf_error err;
            REQUIRE(nqpf_dea_run(&job, &full, &err) == NQPF_OK);
            CHECK(full.n_scored == N);
            job.only = d.mask;
            REQUIRE(nqpf_dea_run(&job, &part, &err) == NQPF_OK);
            size_t want = 0, bad = 0, touched = 0;
            for (size_t i = 0; i < N; i++) {
                want += d.mask[i];
                if (d.mask[i])
                    bad += !same_row(&job, &part, i, &full, i, NULL);
                else
                    touched += part.status[i] != 0 || part.eff[i] != 0 || part.n_peers[i] != 0;
            }
            CHECK(bad == 0);
            CHECK(touched == 0);
            CHECK(part.n_scored == want);
            CHECK(part.lp_iters < full.lp_iters);
            nqpf_dea_out_free(&full);
            nqpf_dea_out_free(&part);
        }
    }
}

/* Before the mask: one unmasked run per category c over the rows of
 * categories <= c (the top one is the whole job), category c's rows kept. */
static void categ_unmasked(const nqpf_dea_job *job, const size_t *cat, nqpf_dea_out *ref, size_t *rows,
                           uint64_t *iters)
{
    nqpf_error err;
    *rows = 0, *iters = 0;
    for (size_t c = 0; c < L; c++) {
        static size_t ids[N], per[N];
        static double x[N * M], y[N * S], b[N * Q];
        size_t k = 0;
        for (size_t i = 0; i < N; i++)
            if (cat[i] <= c) {
                memcpy(x + k * M, job->x + i * M, sizeof(double) * M);
                memcpy(y + k * S, job->y + i * S, sizeof(double) * S);
                b[k] = job->b ? job->b[i] : 0;
                per[k] = job->period[i];
                ids[k++] = i;
            }
        nqpf_dea_job g = *job;
        g.n = k, g.x = x, g.y = y, g.b = job->b ? b : NULL, g.period = per;
        nqpf_dea_out o = {0};
        if (nqpf_dea_run(&g, &o, &err) != NQPF_OK)
            continue;
        *rows += o.n_scored, *iters += o.lp_iters;
        for (size_t r = 0; r < k; r++)
            if (cat[ids[r]] == c)
                CHECK(same_row(job, ref, ids[r], &o, r, ids));
        nqpf_dea_out_free(&o);
    }
}

static void test_categ_scores_each_row_once(void)
{
    static data d;
    make_data(&d, 12);
    size_t nested = 0; /* rows the per-category runs scored before the mask */
    for (size_t c = 0; c < L; c++)
        for (size_t i = 0; i < N; i++)
            nested += d.cat[i] <= c;
    for (size_t c = 0; c < N_SPECS; c++) {
        nqpf_dea_job job = make_job(&d, SPECS[c]);
        nqpf_dea_out out = {0};
        nqpf_error err;
        REQUIRE(nqpf_dea_categ_run(&job, d.cat, L, &out, &err) == NQPF_OK);
        size_t rows = 0;
        uint64_t iters = 0;
        categ_unmasked(&job, d.cat, &out, &rows, &iters);
        CHECK(out.n_scored == N);
        CHECK(rows == nested);
        CHECK(out.lp_iters < iters);
        printf("# spec %zu, %d units, %d categories: rows scored %zu -> %zu, simplex iterations %llu -> %llu\n", c,
               N, L, rows, out.n_scored, (unsigned long long)iters, (unsigned long long)out.lp_iters);
        nqpf_dea_out_free(&out);
    }
}

/* Checkpoints of a masked run: the scored rows only; resuming scores what
 * is missing and nothing else; another mask's file is refused. */
static void test_mask_checkpoint(void)
{
    static data d;
    make_data(&d, 13);
    char path[64];
    snprintf(path, sizeof path, "/tmp/nqpf_catmask_%ld.ckpt", (long)getpid());
    unlink(path);
    nqpf_dea_job job = make_job(&d, SPECS[0]);
    job.only = d.mask;
    nqpf_dea_out plain = {0}, first = {0}, again = {0}, torn = {0}, other = {0};
    nqpf_error err;
    REQUIRE(nqpf_dea_run(&job, &plain, &err) == NQPF_OK);
    job.checkpoint = path;
    REQUIRE(nqpf_dea_run(&job, &first, &err) == NQPF_OK);
    REQUIRE(nqpf_dea_run(&job, &again, &err) == NQPF_OK);
    CHECK(first.n_scored == plain.n_scored);
    CHECK(again.n_scored == 0); /* everything came from the file */
    /* a run killed in its last period: the file cut inside its record */
    FILE *f = fopen(path, "rb");
    REQUIRE(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    REQUIRE(truncate(path, size * 2 / 3) == 0);
    REQUIRE(nqpf_dea_run(&job, &torn, &err) == NQPF_OK);
    CHECK(torn.n_scored > 0 && torn.n_scored < plain.n_scored);
    size_t bad = 0;
    for (size_t i = 0; i < N; i++)
        if (d.mask[i])
            bad += !same_row(&job, &first, i, &plain, i, NULL) + !same_row(&job, &again, i, &plain, i, NULL) +
                   !same_row(&job, &torn, i, &plain, i, NULL);
    CHECK(bad == 0);
    job.only = NULL; /* the same file under another mask */
    CHECK(nqpf_dea_run(&job, &other, &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "another run") != NULL);
    nqpf_dea_out_free(&plain);
    nqpf_dea_out_free(&first);
    nqpf_dea_out_free(&again);
    nqpf_dea_out_free(&torn);
    nqpf_dea_out_free(&other);
    unlink(path);
}

int main(void)
{
    RUN(test_mask_matches_full);
    RUN(test_categ_scores_each_row_once);
    RUN(test_mask_checkpoint);
    return test_done();
}
