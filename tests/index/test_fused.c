/* The fused passes of the index pipeline against the separate kernels they
 * replace: the normalisation's statistics of Z against a scan of Z, entropy
 * weights from those statistics, TOPSIS of the total and the nodes in one
 * pass, and the strided, in-place ranker.  The separate kernels are checked
 * against published values and python elsewhere (test_aggregate.c,
 * test_weights.c, test_index_oracle.py); here every result must be the same
 * double, bit for bit, because the pipeline's outputs must not change. */
#include "../../src/index/colstats.h"
#include "nqpf/index_methods.h"
#include "test.h"

#include <stdint.h>

/* 40000 rows: five blocks of NQPF_IDX_BLOCK and a partial one, so that the
 * blocked, parallel paths run. */
#define M 40000
#define N 7

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static double uniform(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (double)(state >> 11) / 9007199254740992.0;
}

static double *random_matrix(void)
{
    double *x = malloc((size_t)M * N * sizeof *x);
    for (size_t i = 0; x && i < (size_t)M * N; i++)
        x[i] = 1000.0 * uniform() - 200.0;
    return x;
}

static int same(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

/* Every normalisation: the statistics taken while normalising are
 * nqpf_idx_colscan's of the result, and the result is nqpf_normalize's. */
static void test_normalize_stats(void)
{
    static const nqpf_norm_method methods[] = {NQPF_NORM_MINMAX, NQPF_NORM_ZSCORE, NQPF_NORM_RATIO,
                                               NQPF_NORM_VECTOR};
    int dir[N] = {1, -1, 1, 1, -1, 1, 1};
    for (size_t k = 0; k < sizeof methods / sizeof *methods; k++) {
        double *x = random_matrix(), *y = random_matrix();
        REQUIRE(x && y);
        for (size_t i = 0; i < (size_t)M * N; i++)
            x[i] = y[i] = x[i] + 300.0; /* positive: ratio's cost columns need x > 0 */
        double sum[N], lo[N], hi[N], s2[N], lo2[N], hi2[N];
        nqpf_idx_zstats zs = {0, sum, lo, hi};
        nqpf_error err;
        CHECK(nqpf_idx_normalize(x, M, N, dir, methods[k], 0.0001, NULL, &zs, &err) == NQPF_OK);
        CHECK(nqpf_normalize(y, M, N, dir, methods[k], 0.0001, NULL, &err) == NQPF_OK);
        CHECK(same(x, y, (size_t)M * N));
        CHECK(zs.valid);
        CHECK(nqpf_idx_colscan(y, M, N, s2, lo2, hi2, &err) == NQPF_OK);
        CHECK(same(sum, s2, N) && same(lo, lo2, N) && same(hi, hi2, N));
        free(x);
        free(y);
    }
}

/* Entropy weights from the known statistics equal nqpf_weights_entropy's,
 * and so do its error messages (a negative value). */
static void test_entropy_from_stats(void)
{
    double *z = random_matrix();
    REQUIRE(z);
    for (size_t i = 0; i < (size_t)M * N; i++)
        z[i] = z[i] + 200.0;
    double sum[N], lo[N], hi[N], w1[N], e1[N], d1[N], w2[N], e2[N], d2[N];
    nqpf_error err, err2;
    CHECK(nqpf_idx_colscan(z, M, N, sum, lo, hi, &err) == NQPF_OK);
    CHECK(nqpf_idx_entropy(z, M, N, sum, lo, hi, w1, e1, d1, &err) == NQPF_OK);
    CHECK(nqpf_weights_entropy(z, M, N, w2, e2, d2, &err) == NQPF_OK);
    CHECK(same(w1, w2, N) && same(e1, e2, N) && same(d1, d2, N));
    z[123 * N + 4] = -1.0;
    CHECK(nqpf_idx_colscan(z, M, N, sum, lo, hi, &err) == NQPF_OK);
    CHECK(nqpf_idx_entropy(z, M, N, sum, lo, hi, w1, e1, d1, &err) == NQPF_EMATH);
    CHECK(nqpf_weights_entropy(z, M, N, w2, e2, d2, &err2) == NQPF_EMATH);
    CHECK(strcmp(err.msg, err2.msg) == 0);
    free(z);
}

/* The total and three nodes (one without columns) in one pass equal one
 * nqpf_topsis_ext call each. */
static void test_topsis_nodes(void)
{
    double *z = random_matrix(), *s1 = malloc(M * sizeof *s1), *s2 = malloc(M * sizeof *s2);
    double *n1 = malloc((size_t)M * 3 * sizeof *n1), *n2 = malloc((size_t)M * 3 * sizeof *n2);
    REQUIRE(z && s1 && s2 && n1 && n2);
    double w[N] = {0.2, 0.1, 0.05, 0.25, 0.1, 0.2, 0.1}, lo[N], hi[N];
    nqpf_error err;
    CHECK(nqpf_idx_colscan(z, M, N, NULL, lo, hi, &err) == NQPF_OK);
    size_t cols0[4] = {0, 2, 3, 6}, cols1[3] = {1, 4, 5};
    double w0[4], w1[3], lo0[4], hi0[4], lo1[3], hi1[3];
    for (size_t q = 0; q < 4; q++) {
        w0[q] = w[cols0[q]] / 0.6;
        lo0[q] = lo[cols0[q]];
        hi0[q] = hi[cols0[q]];
    }
    for (size_t q = 0; q < 3; q++) {
        w1[q] = w[cols1[q]] / 0.4;
        lo1[q] = lo[cols1[q]];
        hi1[q] = hi[cols1[q]];
    }
    nqpf_idx_node node[3] = {{4, cols0, w0, lo0, hi0}, {0, NULL, NULL, NULL, NULL}, {3, cols1, w1, lo1, hi1}};
    CHECK(nqpf_idx_topsis_nodes(z, M, N, w, lo, hi, s1, node, 3, n1) == 0);
    CHECK(nqpf_topsis_ext((nqpf_rowview){z, N, NULL}, M, N, w, lo, hi, s2, 1, NULL, NULL, &err) == NQPF_OK);
    CHECK(nqpf_topsis_ext((nqpf_rowview){z, N, cols0}, M, 4, w0, lo0, hi0, n2, 3, NULL, NULL, &err) == NQPF_OK);
    CHECK(nqpf_topsis_ext((nqpf_rowview){z, N, cols1}, M, 3, w1, lo1, hi1, n2 + 2, 3, NULL, NULL, &err) == NQPF_OK);
    CHECK(same(s1, s2, M));
    size_t bad = 0;
    for (size_t i = 0; i < M; i++)
        bad += memcmp(&n1[i * 3], &n2[i * 3], sizeof(double)) != 0 || !isnan(n1[i * 3 + 1]) ||
               memcmp(&n1[i * 3 + 2], &n2[i * 3 + 2], sizeof(double)) != 0;
    CHECK(bad == 0);
    /* a degenerate total (every weight 0) is reported, not scored */
    double w00[N] = {0};
    CHECK(nqpf_idx_topsis_nodes(z, M, N, w00, lo, hi, s1, node, 3, n1) != 0);
    free(z);
    free(s1);
    free(s2);
    free(n1);
    free(n2);
}

/* The ranker on strided data, ranks written over the values, gives the
 * ranks by their definition (1 + the number of larger values; average
 * ties: plus half the other equal ones); ties included (values rounded). */
static void test_ranker_strided_in_place(void)
{
    size_t n = 5000, T = 3;
    double *x = malloc(n * T * sizeof *x), *col = malloc(n * sizeof *col), *want = malloc(n * sizeof *want);
    REQUIRE(x && col && want);
    for (size_t i = 0; i < n * T; i++)
        x[i] = floor(uniform() * 900.0) / 7.0 - 50.0;
    nqpf_ranker rk;
    nqpf_error err;
    REQUIRE(nqpf_ranker_init(&rk, n, &err) == NQPF_OK);
    for (size_t t = 0; t < T; t++) {
        for (size_t i = 0; i < n; i++)
            col[i] = x[i * T + t];
        for (size_t i = 0; i < n; i++) {
            size_t larger = 0, equal = 0;
            for (size_t j = 0; j < n; j++) {
                larger += col[j] > col[i];
                equal += col[j] == col[i];
            }
            want[i] = 1.0 + (double)larger + (t == 1 ? 0.5 * (double)(equal - 1) : 0.0);
        }
        CHECK(nqpf_ranker_rank(&rk, x + t, T, t == 1 ? NQPF_RANK_AVERAGE : NQPF_RANK_MIN, x + t, T, &err) ==
              NQPF_OK);
        size_t bad = 0;
        for (size_t i = 0; i < n; i++)
            bad += x[i * T + t] != want[i];
        CHECK(bad == 0);
    }
    nqpf_ranker_free(&rk);
    free(x);
    free(col);
    free(want);
}

/* Min-max normalisation is its definition, bit for bit: (x - min) / (max -
 * min) + shift for a benefit column, (max - x) / (max - min) + shift for a
 * cost one, computed here one cell at a time.  The values are rounded so
 * that many rows sit on each extreme (x = max in a cost column is the case
 * where the kernel's form gives -0 before the shift), and the shifts
 * include 0 and -0. */
static void test_minmax_definition(void)
{
    static const double shifts[] = {0.0001, 0.0, -0.0, 2.5};
    int dir[N] = {1, -1, 1, 1, -1, 1, -1};
    for (size_t k = 0; k < sizeof shifts / sizeof *shifts; k++) {
        double *x = random_matrix(), *want = malloc((size_t)M * N * sizeof *want);
        REQUIRE(x && want);
        for (size_t i = 0; i < (size_t)M * N; i++)
            x[i] = floor(x[i] / 50.0);
        double lo[N], hi[N];
        nqpf_error err;
        REQUIRE(nqpf_idx_colscan(x, M, N, NULL, lo, hi, &err) == NQPF_OK);
        for (size_t i = 0; i < M; i++)
            for (size_t j = 0; j < N; j++) {
                double v = x[i * N + j];
                want[i * N + j] = (dir[j] > 0 ? (v - lo[j]) / (hi[j] - lo[j]) : (hi[j] - v) / (hi[j] - lo[j])) +
                                  shifts[k];
            }
        CHECK(nqpf_normalize(x, M, N, dir, NQPF_NORM_MINMAX, shifts[k], NULL, &err) == NQPF_OK);
        CHECK(same(x, want, (size_t)M * N));
        free(x);
        free(want);
    }
}

/* TOPSIS closeness is its definition, bit for bit: per row, the distances
 * to the weighted ideal and anti-ideal summed column by column, then
 * d- / (d+ + d-); on the whole matrix, on a column view, and on an odd
 * number of rows (the kernel takes rows in pairs). */
static void test_topsis_definition(void)
{
    double *z = random_matrix(), *got = malloc(M * sizeof *got), *want = malloc(M * sizeof *want);
    REQUIRE(z && got && want);
    double w[N] = {0.2, 0.1, 0.05, 0.25, 0.1, 0.2, 0.1}, lo[N], hi[N];
    size_t cols[3] = {5, 0, 3};
    nqpf_error err;
    REQUIRE(nqpf_idx_colscan(z, M, N, NULL, lo, hi, &err) == NQPF_OK);
    for (int view = 0; view < 2; view++) {
        size_t k = view ? 3 : N, m = M - 1;
        double wk[N], lk[N], hk[N];
        for (size_t q = 0; q < k; q++) {
            size_t c = view ? cols[q] : q;
            wk[q] = w[c];
            lk[q] = lo[c];
            hk[q] = hi[c];
        }
        for (size_t i = 0; i < m; i++) {
            double sp = 0, sm = 0;
            for (size_t q = 0; q < k; q++) {
                double v = wk[q] * z[i * N + (view ? cols[q] : q)], a = hk[q] * wk[q], b = lk[q] * wk[q];
                sp += (v - a) * (v - a);
                sm += (v - b) * (v - b);
            }
            want[i] = sqrt(sm) / (sqrt(sp) + sqrt(sm));
        }
        CHECK(nqpf_topsis_ext((nqpf_rowview){z, N, view ? cols : NULL}, m, k, wk, lk, hk, got, 1, NULL, NULL, &err) ==
              NQPF_OK);
        CHECK(same(got, want, m));
    }
    free(z);
    free(got);
    free(want);
}

int main(void)
{
    RUN(test_normalize_stats);
    RUN(test_entropy_from_stats);
    RUN(test_topsis_nodes);
    RUN(test_ranker_strided_in_place);
    RUN(test_minmax_definition);
    RUN(test_topsis_definition);
    return test_done();
}
