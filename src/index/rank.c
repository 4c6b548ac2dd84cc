/* Ranks with ties, Spearman's rho and Kendall's tau-b (Knight's O(n log n)
 * algorithm with the tie corrections of Kendall 1945). */
#include "nqpf/index_methods.h"
#include "nqpf/hugemem.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { double v; size_t i; } keyed;

/* descending by value; index breaks ties so the order is total */
static int cmp_desc(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->v > b->v)
        return -1;
    if (a->v < b->v)
        return 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* Ranks by a stable LSD radix sort on the bits of the doubles: O(n)
 * instead of O(n log n) comparisons, which matters when every period of a
 * large panel is ranked.  Keys are the doubles' bits mapped so that the
 * unsigned order is the descending order of the values (-0 as 0); digits
 * are 11 bits (a 2048-bucket histogram stays in L1, where 16-bit digits
 * scattered into 65536 places and cost more than the sort itself), all six
 * histograms come from one pass, a digit that every key shares is skipped,
 * and the buffers are allocated once per ranker, not once per vector.
 * Equal values have equal keys, so ties are runs of equal keys. */
#define DIGIT_BITS 11
#define N_DIGITS 6 /* 6 x 11 >= 64 */
#define BUCKETS (1u << DIGIT_BITS)

struct nqpf_ranker_mem {
    uint64_t *keys;   /* 2n: the two halves take turns as source and target */
    uint32_t *rows;   /* 2n, likewise */
    uint64_t *key, *key2;
    uint32_t *idx, *idx2;
    uint32_t count[N_DIGITS][BUCKETS]; /* n <= UINT32_MAX */
};

int nqpf_ranker_init(nqpf_ranker *rk, size_t n, nqpf_error *err)
{
    rk->n = n;
    rk->mem = NULL;
    if (n < 256 || n > UINT32_MAX)
        return NQPF_OK; /* small vectors (and huge ones) are sorted by qsort */
    struct nqpf_ranker_mem *m = malloc(sizeof *m);
    if (m) {
        /* touched at once by the first sort: huge pages fault far less */
        m->keys = nqpf_alloc_huge(2 * n, sizeof *m->keys, NULL);
        m->rows = nqpf_alloc_huge(2 * n, sizeof *m->rows, NULL);
    }
    if (!m || !m->keys || !m->rows) {
        if (m) {
            free(m->keys);
            free(m->rows);
        }
        free(m);
        return nqpf_fail_nomem(err);
    }
    rk->mem = m;
    return NQPF_OK;
}

void nqpf_ranker_free(nqpf_ranker *rk)
{
    struct nqpf_ranker_mem *m = rk->mem;
    if (m) {
        free(m->keys);
        free(m->rows);
        free(m);
    }
    rk->mem = NULL;
}

static uint64_t desc_key(double v)
{
    v = v == 0.0 ? 0.0 : v; /* -0 ranks as 0 */
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    u = (u >> 63) ? ~u : (u | 0x8000000000000000ULL); /* ascending as unsigned */
    return ~u;                                       /* descending */
}

/* Sorted keys and their rows: m->key/m->idx after the call. */
static void radix_sort(struct nqpf_ranker_mem *m, const double *x, size_t stride, size_t n)
{
    m->key = m->keys;
    m->key2 = m->keys + n;
    m->idx = m->rows;
    m->idx2 = m->rows + n;
    memset(m->count, 0, sizeof m->count);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = desc_key(x[i * stride]);
        m->key[i] = k;
        m->idx[i] = (uint32_t)i;
        for (int d = 0; d < N_DIGITS; d++)
            m->count[d][(k >> (d * DIGIT_BITS)) & (BUCKETS - 1)]++;
    }
    for (int d = 0; d < N_DIGITS; d++) {
        int shift = d * DIGIT_BITS;
        uint32_t *c = m->count[d];
        if (c[(m->key[0] >> shift) & (BUCKETS - 1)] == n)
            continue; /* every key has the same digit here */
        uint32_t pos = 0;
        for (size_t b = 0; b < BUCKETS; b++) {
            uint32_t t = c[b];
            c[b] = pos;
            pos += t;
        }
        for (size_t i = 0; i < n; i++) {
            size_t p = c[(m->key[i] >> shift) & (BUCKETS - 1)]++;
            m->key2[p] = m->key[i];
            m->idx2[p] = m->idx[i];
        }
        uint64_t *tk = m->key;
        m->key = m->key2;
        m->key2 = tk;
        uint32_t *ti = m->idx;
        m->idx = m->idx2;
        m->idx2 = ti;
    }
}

/* Ranks from the sorted order: positions s..e-1 of a run of equal values
 * hold ranks s+1..e. */
static void assign_ranks(size_t n, nqpf_rank_ties ties, const uint64_t *key, const uint32_t *idx,
                         const keyed *k, double *rank, size_t rstride)
{
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && (key ? key[e] == key[s] : k[e].v == k[s].v))
            e++;
        double r = ties == NQPF_RANK_MIN ? (double)(s + 1) : 0.5 * (double)(s + 1 + e);
        for (size_t q = s; q < e; q++)
            rank[(key ? idx[q] : k[q].i) * rstride] = r;
        s = e;
    }
}

int nqpf_ranker_rank(nqpf_ranker *rk, const double *x, size_t stride, nqpf_rank_ties ties, double *rank,
                     size_t rstride, nqpf_error *err)
{
    size_t n = rk->n;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i * stride]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "row %zu: cannot rank a missing value",
                             i + 1);
    if (n == 0)
        return NQPF_OK;
    struct nqpf_ranker_mem *m = rk->mem;
    if (m) {
        radix_sort(m, x, stride, n);
        assign_ranks(n, ties, m->key, m->idx, NULL, rank, rstride);
        return NQPF_OK;
    }
    keyed *k = malloc(n * sizeof *k);
    if (!k)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){x[i * stride], i};
    qsort(k, n, sizeof *k, cmp_desc);
    assign_ranks(n, ties, NULL, NULL, k, rank, rstride);
    free(k);
    return NQPF_OK;
}

int nqpf_rank_desc(const double *x, size_t n, nqpf_rank_ties ties, double *rank, nqpf_error *err)
{
    nqpf_ranker rk;
    int rc = nqpf_ranker_init(&rk, n, err);
    if (!rc)
        rc = nqpf_ranker_rank(&rk, x, 1, ties, rank, 1, err);
    nqpf_ranker_free(&rk);
    return rc;
}

double nqpf_spearman(const double *a, const double *b, size_t n)
{
    if (n < 2)
        return NAN;
    double *ra = malloc(n * sizeof *ra), *rb = malloc(n * sizeof *rb);
    double r = NAN;
    if (ra && rb && nqpf_rank_desc(a, n, NQPF_RANK_AVERAGE, ra, NULL) == NQPF_OK &&
        nqpf_rank_desc(b, n, NQPF_RANK_AVERAGE, rb, NULL) == NQPF_OK) {
        /* the mean of ranks 1..n is (n+1)/2 whatever the ties */
        double mu = 0.5 * ((double)n + 1.0), sab = 0, saa = 0, sbb = 0;
        for (size_t i = 0; i < n; i++) {
            double da = ra[i] - mu, db = rb[i] - mu;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa > 0 && sbb > 0) {
            r = sab / sqrt(saa * sbb);
            r = r > 1 ? 1 : r < -1 ? -1 : r;
        }
    }
    free(ra);
    free(rb);
    return r;
}

typedef struct { double a, b; } pair;

static int cmp_pair(const void *pa, const void *pb)
{
    const pair *x = pa, *y = pb;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

/* Sort v ascending by bottom-up merge sort and return the number of
 * inversions (pairs p < q with v[p] > v[q]; equal values are not inverted). */
static uint64_t sort_count_inversions(double *v, double *tmp, size_t n)
{
    uint64_t inv = 0;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t p = lo, q = mid, o = lo;
            while (p < mid && q < hi) {
                if (v[p] <= v[q])
                    tmp[o++] = v[p++];
                else {
                    inv += mid - p; /* v[q] is below every remaining left value */
                    tmp[o++] = v[q++];
                }
            }
            while (p < mid)
                tmp[o++] = v[p++];
            while (q < hi)
                tmp[o++] = v[q++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
    return inv;
}

/* sum over runs of equal values of t(t-1)/2 (v sorted) */
static uint64_t tied_pairs(const double *v, size_t n)
{
    uint64_t s = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i + 1;
        while (e < n && v[e] == v[i])
            e++;
        uint64_t t = e - i;
        s += t * (t - 1) / 2;
        i = e;
    }
    return s;
}

double nqpf_kendall_tau_b(const double *a, const double *b, size_t n)
{
    if (n < 2)
        return NAN;
    for (size_t i = 0; i < n; i++)
        if (isnan(a[i]) || isnan(b[i]))
            return NAN;
    pair *p = malloc(n * sizeof *p);
    double *v = malloc(n * sizeof *v), *tmp = malloc(n * sizeof *tmp);
    double tau = NAN;
    if (p && v && tmp) {
        for (size_t i = 0; i < n; i++)
            p[i] = (pair){a[i], b[i]};
        qsort(p, n, sizeof *p, cmp_pair);
        uint64_t n1 = 0, n3 = 0; /* pairs tied in a; tied in both */
        for (size_t i = 0; i < n;) {
            size_t e = i + 1;
            while (e < n && p[e].a == p[i].a)
                e++;
            uint64_t t = e - i;
            n1 += t * (t - 1) / 2;
            for (size_t s = i; s < e;) { /* within an a-run, b is sorted */
                size_t f = s + 1;
                while (f < e && p[f].b == p[s].b)
                    f++;
                uint64_t u = f - s;
                n3 += u * (u - 1) / 2;
                s = f;
            }
            i = e;
        }
        for (size_t i = 0; i < n; i++)
            v[i] = p[i].b;
        /* with (a, b) sorted, a pair is discordant exactly when its b values
         * are inverted (pairs tied in a are never inverted) */
        uint64_t nd = sort_count_inversions(v, tmp, n);
        uint64_t n2 = tied_pairs(v, n);
        uint64_t n0 = (uint64_t)n * (n - 1) / 2;
        if (n0 > n1 && n0 > n2) {
            /* n_c - n_d = (n0 - n1 - n2 + n3) - 2 n_d, in exact integers */
            int64_t diff = (int64_t)(n0 - n1 - n2 + n3) - 2 * (int64_t)nd;
            double num = (double)diff;
            /* one sqrt of the product: exactly +-1 for perfect agreement */
            tau = num / sqrt((double)(n0 - n1) * (double)(n0 - n2));
            tau = tau > 1 ? 1 : tau < -1 ? -1 : tau;
        }
    }
    free(p);
    free(v);
    free(tmp);
    return tau;
}
