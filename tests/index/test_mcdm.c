/* Kernels of the standard-deviation and MEREC weights and of VIKOR: the edge
 * cases the CLI test (test_mcdm_pymcdm.py, against pymcdm and numpy) cannot
 * reach, each derived by hand in its comment. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/index_methods.h"
#include "test.h"

/* Two rows (1, 2) and (3, 2): column 2 is constant, so sd = (sqrt 2, 0)
 * and w = (1, 0); one constant matrix has sum sd = 0: an error. */
static void test_sd_edges(void)
{
    nqpf_error err;
    double z[] = {1, 2, 3, 2}, w[2], sd[2];
    CHECK(nqpf_weights_sd(z, 2, 2, w, sd, &err) == NQPF_OK);
    CHECK_REL(sd[0], sqrt(2.0), 1e-15);
    CHECK(sd[1] == 0 && w[0] == 1 && w[1] == 0);
    double c[] = {5, 5, 5, 5};
    CHECK(nqpf_weights_sd(c, 2, 2, w, NULL, &err) == NQPF_EMATH);
    CHECK(nqpf_weights_sd(z, 1, 2, w, NULL, &err) == NQPF_EMATH);
}

/* Two rows, two columns z = (1, 1), (e, 1): a_11 = a_12 = a_22 = 0,
 * a_21 = 1, L = (0, 1).  Removing column 1 changes row 2 from ln(1 + 1/2)
 * to ln 1, so E_1 = ln 1.5; removing column 2 changes nothing: E_2 = 0. */
static void test_merec_by_hand(void)
{
    nqpf_error err;
    double z[] = {1, 1, exp(1.0), 1}, w[2], e[2];
    CHECK(nqpf_weights_merec(z, 2, 2, w, e, &err) == NQPF_OK);
    CHECK_REL(e[0], log(1.5), 1e-15);
    CHECK(e[1] == 0 && w[0] == 1 && w[1] == 0);
    /* scale invariance: min/z does not change when a column is multiplied */
    double z2[] = {7, 1, 7 * exp(1.0), 1}, w2[2];
    CHECK(nqpf_weights_merec(z2, 2, 2, w2, NULL, &err) == NQPF_OK);
    CHECK_REL(w2[0], 1.0, 1e-15);
    /* a zero cell and a fully constant matrix */
    double bad[] = {0, 1, 2, 1};
    CHECK(nqpf_weights_merec(bad, 2, 2, w, NULL, &err) == NQPF_EMATH && strstr(err.msg, "row 1, column 1"));
    double c[] = {3, 3, 3, 3};
    CHECK(nqpf_weights_merec(c, 2, 2, w, NULL, &err) == NQPF_EMATH);
}

/* MEREC on 20,000 rows (three 8192-row blocks): the same bits for 1 and 2
 * threads, as the block sums are added in block order. */
static void test_merec_threads(void)
{
    size_t m = 20000, n = 4;
    double *z = malloc(m * n * sizeof *z), w1[4], w2[4];
    REQUIRE(z != NULL);
    for (size_t i = 0; i < m * n; i++)
        z[i] = 0.5 + (double)((i * 2654435761u) % 1000) / 100.0;
    nqpf_error err;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    CHECK(nqpf_weights_merec(z, m, n, w1, NULL, &err) == NQPF_OK);
    omp_set_num_threads(2);
    CHECK(nqpf_weights_merec(z, m, n, w2, NULL, &err) == NQPF_OK);
    omp_set_num_threads(saved);
    CHECK(memcmp(w1, w2, sizeof w1) == 0);
    free(z);
}

/* VIKOR where every row has the same S: rows (1, 0) and (0, 1) with equal
 * weights give S = (0.5, 0.5), R = (0.5, 0.5): both terms are 0, Q = 0.
 * Rows (0, 0), (1, 0), (1, 1) with w = (0.5, 0.5): S = (1, 0.5, 0),
 * R = (0.5, 0.5, 0), Q at v = 0.5 = (1, 0.75, 0). */
static void test_vikor_by_hand(void)
{
    nqpf_error err;
    double w[] = {0.5, 0.5};
    double a[] = {1, 0, 0, 1}, S[3], R[3], Q[3];
    CHECK(nqpf_vikor(a, 2, 2, w, 0.5, S, R, Q, &err) == NQPF_OK);
    CHECK(S[0] == 0.5 && S[1] == 0.5 && Q[0] == 0 && Q[1] == 0);
    double b[] = {0, 0, 1, 0, 1, 1};
    CHECK(nqpf_vikor(b, 3, 2, w, 0.5, S, R, Q, &err) == NQPF_OK);
    CHECK(S[0] == 1 && S[1] == 0.5 && S[2] == 0 && R[0] == 0.5 && R[1] == 0.5 && R[2] == 0);
    CHECK(Q[0] == 1 && Q[1] == 0.75 && Q[2] == 0);
    /* Q may overwrite S (the chunked sub-index path does) */
    CHECK(nqpf_vikor_q(S, R, 3, 0.5, S, &err) == NQPF_OK);
    CHECK(S[0] == 1 && S[1] == 0.75 && S[2] == 0);
    double sc[3];
    CHECK(nqpf_vikor_score(b, 3, 2, w, 0.5, sc, &err) == NQPF_OK);
    CHECK(sc[0] == 0 && sc[1] == 0.25 && sc[2] == 1);
    /* a constant column with weight: 0/0; without weight: skipped */
    double c[] = {1, 2, 2, 2, 3, 2};
    CHECK(nqpf_vikor(c, 3, 2, w, 0.5, S, R, Q, &err) == NQPF_EMATH);
    double w0[] = {1, 0};
    CHECK(nqpf_vikor(c, 3, 2, w0, 0.5, S, R, Q, &err) == NQPF_OK);
    CHECK(Q[0] == 1 && Q[1] == 0.5 && Q[2] == 0);
    CHECK(nqpf_vikor(b, 3, 2, w, 1.5, S, R, Q, &err) == NQPF_EINPUT);
    double wn[] = {-1, 0.5};
    CHECK(nqpf_vikor(b, 3, 2, wn, 0.5, S, R, Q, &err) == NQPF_EINPUT);
}

int main(void)
{
    RUN(test_sd_edges);
    RUN(test_merec_by_hand);
    RUN(test_merec_threads);
    RUN(test_vikor_by_hand);
    return test_done();
}
