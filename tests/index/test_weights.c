/* Normalisation and objective weights against published / recomputed
 * reference cases (tests/ref/cases/compare/...). */
#include <omp.h>

#include "index/cases.h"
#include "nqpf/index_methods.h"
#include "test.h"

#define ELS "cases/compare/entropy_weights_elsayed2017/"
#define TUS "cases/compare/critic_weights_tus2019/"
#define SYN "cases/compare/synthetic_formula_pinned/"

/* exact-value check: relative 1e-9, or absolute 1e-12 for an expected 0 */
#define CHECK_EXACT(a, b)                                                                    \
    do {                                                                                     \
        double e_ = (b);                                                                     \
        if (e_ == 0)                                                                         \
            CHECK_ABS(a, e_, 1e-12);                                                         \
        else                                                                                 \
            CHECK_REL(a, e_, 1e-9);                                                          \
    } while (0)

static double syn(const char *quantity, const char *index)
{
    return case_value(SYN "expected.csv", "quantity", quantity, "index", index, "value");
}

/* Raw-data entropy weights (no normalisation), Elsayed et al. 2017. */
static void test_entropy_elsayed2017(void)
{
    size_t m, n;
    double *x = case_matrix(ELS "data.csv", &m, &n);
    CHECK(m == 12 && n == 5);
    double w[5], e[5], d[5];
    nqpf_error err;
    CHECK(nqpf_weights_entropy(x, m, n, w, e, d, &err) == NQPF_OK);
    const char *crit[] = {"C1", "C2", "C3", "C4", "C5"};
    double sum = 0;
    for (size_t j = 0; j < 5; j++) {
        const char *f = ELS "expected.csv";
        CHECK_REL(e[j], case_value(f, "criterion", crit[j], NULL, NULL, "entropy_e_recomputed"), 1e-9);
        CHECK_REL(w[j], case_value(f, "criterion", crit[j], NULL, NULL, "weight_recomputed"), 1e-9);
        CHECK_ABS(w[j], case_value(f, "criterion", crit[j], NULL, NULL, "weight_published_6dp"), 5e-7);
        CHECK_REL(d[j], 1.0 - e[j], 1e-15);
        sum += w[j];
    }
    CHECK_REL(sum, 1.0, 1e-15);
    free(x);
}

/* CRITIC, Tus & Adali 2019: all criteria min-max normalised as benefit. */
static void test_critic_tus2019(void)
{
    size_t m, n;
    double *x = case_matrix(TUS "data.csv", &m, &n);
    CHECK(m == 5 && n == 6);
    int dir[6] = {1, 1, 1, 1, 1, 1};
    unsigned char zv[6];
    nqpf_error err;
    CHECK(nqpf_normalize(x, m, n, dir, NQPF_NORM_MINMAX, 0.0, zv, &err) == NQPF_OK);
    double w[6], sd[6], conf[6], info[6];
    CHECK(nqpf_weights_critic(x, m, n, w, sd, conf, info, &err) == NQPF_OK);
    char crit[32];
    const char *f = TUS "expected.csv";
    for (size_t j = 0; j < 6; j++) {
        snprintf(crit, sizeof crit, "C%zu", j + 1);
        CHECK(zv[j] == 0);
        CHECK_REL(w[j], case_value(f, "criterion", crit, NULL, NULL, "weight_recomputed"), 1e-9);
        CHECK_ABS(w[j], case_value(f, "criterion", crit, NULL, NULL, "weight_published_3dp"), 5e-4);
        CHECK_REL(sd[j], case_value(f, "criterion", crit, NULL, NULL, "sd_normalised_ddof1_recomputed"), 1e-9);
        CHECK_REL(info[j], sd[j] * conf[j], 1e-15);
    }
    free(x);
}

/* Synthetic toy: Z = min-max, entropy 0 ln 0 = 0 and the 0.0001 shift,
 * entropy-weighted score. */
static void test_synthetic_minmax_entropy(void)
{
    size_t m, n;
    double *x = case_matrix(SYN "data_indicators.csv", &m, &n);
    CHECK(m == 4 && n == 3);
    double *xs = malloc(m * n * sizeof *xs);
    memcpy(xs, x, m * n * sizeof *xs);
    int dir[3] = {1, 1, 1};
    nqpf_error err;
    CHECK(nqpf_normalize(x, m, n, dir, NQPF_NORM_MINMAX, 0.0, NULL, &err) == NQPF_OK);
    char idx[64];
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            snprintf(idx, sizeof idx, "%zu;%zu", i + 1, j + 1);
            CHECK_EXACT(x[i * n + j], syn("Z_minmax", idx));
        }
    double w[3], e[3];
    CHECK(nqpf_weights_entropy(x, m, n, w, e, NULL, &err) == NQPF_OK);
    for (size_t j = 0; j < n; j++) {
        snprintf(idx, sizeof idx, "%zu", j + 1);
        CHECK_EXACT(e[j], syn("entropy_e_elementwise0ln0", idx));
        CHECK_EXACT(w[j], syn("entropy_w_elementwise0ln0", idx));
    }
    double score[4];
    nqpf_aggregate_weighted(x, m, n, w, score);
    for (size_t i = 0; i < m; i++) {
        snprintf(idx, sizeof idx, "%zu", i + 1);
        CHECK_EXACT(score[i], syn("score_entropyweighted", idx));
    }
    /* the shift variant: z + 0.0001, then entropy */
    CHECK(nqpf_normalize(xs, m, n, dir, NQPF_NORM_MINMAX, 0.0001, NULL, &err) == NQPF_OK);
    CHECK(nqpf_weights_entropy(xs, m, n, w, e, NULL, &err) == NQPF_OK);
    for (size_t j = 0; j < n; j++) {
        snprintf(idx, sizeof idx, "%zu", j + 1);
        CHECK_EXACT(e[j], syn("entropy_e_shift0.0001", idx));
        CHECK_EXACT(w[j], syn("entropy_w_shift0.0001", idx));
    }
    free(x);
    free(xs);
}

static void test_normalize_variants(void)
{
    /* column 1 benefit, column 2 cost, column 3 constant */
    double x[] = {1, 10, 5, 2, 20, 5, 4, 40, 5};
    int dir[] = {1, -1, 1};
    unsigned char zv[3];
    nqpf_error err;
    double z[9];
    memcpy(z, x, sizeof x);
    CHECK(nqpf_normalize(z, 3, 3, dir, NQPF_NORM_MINMAX, 0.5, zv, &err) == NQPF_OK);
    CHECK(zv[0] == 0 && zv[1] == 0 && zv[2] == 1);
    CHECK(z[0] == 0.5 && z[6] == 1.5 && z[1] == 1.5 && z[7] == 0.5);
    CHECK_REL(z[3], 1.0 / 3.0 + 0.5, 1e-15);
    CHECK(z[2] == 0.5 && z[5] == 0.5 && z[8] == 0.5);

    memcpy(z, x, sizeof x);
    CHECK(nqpf_normalize(z, 3, 3, dir, NQPF_NORM_ZSCORE, 0.0, zv, &err) == NQPF_OK);
    /* column 1: mean 7/3, population sd sqrt(14/9) */
    double mu = 7.0 / 3.0, sd = sqrt(14.0 / 9.0);
    CHECK_REL(z[0], (1 - mu) / sd, 1e-14);
    CHECK_REL(z[6], (4 - mu) / sd, 1e-14);
    CHECK_REL(z[1], -(10 - 70.0 / 3.0) / (10 * sd), 1e-14); /* cost flips the sign */
    CHECK(z[2] == 0 && z[5] == 0 && z[8] == 0 && zv[2] == 1);

    memcpy(z, x, sizeof x);
    CHECK(nqpf_normalize(z, 3, 3, dir, NQPF_NORM_RATIO, 0.0, zv, &err) == NQPF_OK);
    CHECK(z[0] == 0.25 && z[6] == 1 && z[1] == 1 && z[4] == 0.5 && z[7] == 0.25 && z[2] == 1);

    memcpy(z, x, sizeof x);
    CHECK(nqpf_normalize(z, 3, 3, dir, NQPF_NORM_VECTOR, 0.0, zv, &err) == NQPF_OK);
    CHECK_REL(z[0], 1 / sqrt(21.0), 1e-15);
    CHECK_REL(z[1], 1 - 10 / sqrt(2100.0), 1e-15);
    double v[] = {3, 4};
    CHECK(nqpf_normalize_vector(v, 2, 1, &err) == NQPF_OK && v[0] == 0.6 && v[1] == 0.8);
}

static void test_normalize_errors(void)
{
    nqpf_error err;
    double z[] = {1, 0, 2, 3};
    int dir[] = {1, -1};
    CHECK(nqpf_normalize(z, 2, 2, dir, NQPF_NORM_RATIO, 0.0, NULL, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "row 1, column 2") != NULL);
    int bad[] = {1, 0};
    CHECK(nqpf_normalize(z, 2, 2, bad, NQPF_NORM_MINMAX, 0.0, NULL, &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "column 2") != NULL);
    double nanz[] = {1, 2, NAN, 3};
    CHECK(nqpf_normalize(nanz, 2, 2, dir, NQPF_NORM_MINMAX, 0.0, NULL, &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "row 2, column 1") != NULL);
    double neg[] = {-1, 2, -3, 3};
    int ben[] = {1, 1};
    CHECK(nqpf_normalize(neg, 2, 2, ben, NQPF_NORM_RATIO, 0.0, NULL, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "column 1") != NULL);
}

static void test_entropy_errors(void)
{
    nqpf_error err;
    double w[2];
    double neg[] = {1, 2, -0.5, 3};
    CHECK(nqpf_weights_entropy(neg, 2, 2, w, NULL, NULL, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "row 2, column 1") != NULL);
    double zero[] = {1, 0, 2, 0};
    CHECK(nqpf_weights_entropy(zero, 2, 2, w, NULL, NULL, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "column 2") != NULL);
    CHECK(nqpf_weights_entropy(zero, 1, 2, w, NULL, NULL, &err) == NQPF_EMATH);
    /* every column constant: d = 0 everywhere */
    double cst[] = {1, 2, 1, 2, 1, 2};
    double e[2];
    CHECK(nqpf_weights_entropy(cst, 3, 2, w, e, NULL, &err) == NQPF_EMATH);
    /* a constant column gets e = 1 exactly and weight 0 */
    double mix[] = {0.1, 1, 0.1, 2, 0.1, 4};
    CHECK(nqpf_weights_entropy(mix, 3, 2, w, e, NULL, &err) == NQPF_OK);
    CHECK(e[0] == 1.0 && w[0] == 0.0 && w[1] == 1.0);
    /* a zero inside a column follows 0 ln 0 = 0: p = (0, 1/3, 2/3) */
    double z0[] = {0, 1, 2};
    double e1;
    CHECK(nqpf_weights_entropy(z0, 3, 1, w, &e1, NULL, &err) == NQPF_OK);
    CHECK_REL(e1, -(log(1.0 / 3) / 3 + 2 * log(2.0 / 3) / 3) / log(3.0), 1e-15);
}

static void test_critic_cv_errors(void)
{
    nqpf_error err;
    double w[2], mean[2], sd[2], cv[2];
    double cst[] = {1, 2, 1, 3, 1, 5};
    CHECK(nqpf_weights_critic(cst, 3, 2, w, NULL, NULL, NULL, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "column 1") != NULL);
    /* proportional columns have equal cv */
    double pr[] = {1, 2, 2, 4, 3, 6};
    CHECK(nqpf_weights_cv(pr, 3, 2, w, mean, sd, cv, &err) == NQPF_OK);
    CHECK_REL(w[0], 0.5, 1e-15);
    CHECK_REL(mean[1], 4.0, 1e-15);
    CHECK_REL(sd[1], 2.0, 1e-15); /* sample sd of 2, 4, 6 */
    CHECK_REL(cv[0], 0.5, 1e-15);
    CHECK(nqpf_weights_cv(cst, 3, 2, w, NULL, NULL, cv, &err) == NQPF_OK);
    CHECK(cv[0] == 0 && w[0] == 0 && w[1] == 1);
    double negmean[] = {-1, 2, -2, 4};
    CHECK(nqpf_weights_cv(negmean, 2, 2, w, NULL, NULL, NULL, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "column 1") != NULL);
    nqpf_weights_equal(2, w);
    CHECK(w[0] == 0.5 && w[1] == 0.5);
}

static void test_combine_hierarchy(void)
{
    nqpf_error err;
    double a[] = {0.2, 0.3, 0.5}, b[] = {0.5, 0.25, 0.25}, w[3];
    CHECK(nqpf_weights_combine(a, b, 3, NQPF_COMBO_MULT, 0, w, &err) == NQPF_OK);
    double s = 0.1 + 0.075 + 0.125;
    CHECK_REL(w[0], 0.1 / s, 1e-15);
    CHECK_REL(w[2], 0.125 / s, 1e-15);
    CHECK(nqpf_weights_combine(a, b, 3, NQPF_COMBO_LINEAR, 0.4, w, &err) == NQPF_OK);
    CHECK_REL(w[1], 0.4 * 0.3 + 0.6 * 0.25, 1e-15);
    CHECK(nqpf_weights_combine(a, b, 3, NQPF_COMBO_LINEAR, 1.5, w, &err) == NQPF_EINPUT);
    double z1[] = {1, 0, 0}, z2[] = {0, 1, 1};
    CHECK(nqpf_weights_combine(z1, z2, 3, NQPF_COMBO_MULT, 0, w, &err) == NQPF_EMATH);

    /* indicators 1,2 in dimension A (weight 0.6), 3 in B (0.4) */
    double local[] = {0.1, 0.3, 0.6}, dw[] = {0.6, 0.4};
    size_t dim[] = {0, 0, 1};
    CHECK(nqpf_weights_hierarchy(local, dim, 3, dw, 2, 1, w, &err) == NQPF_OK);
    CHECK_REL(w[0], 0.25 * 0.6, 1e-15);
    CHECK_REL(w[1], 0.75 * 0.6, 1e-15);
    CHECK_REL(w[2], 0.4, 1e-15);
    CHECK(nqpf_weights_hierarchy(local, dim, 3, dw, 2, 0, w, &err) == NQPF_OK);
    CHECK_REL(w[0], 0.06, 1e-15);
    size_t dim3[] = {0, 0, 0};
    CHECK(nqpf_weights_hierarchy(local, dim3, 3, dw, 2, 1, w, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "dimension 2") != NULL);
}

/* Blocked reductions give bit-identical results for any thread count. */
static void test_thread_determinism(void)
{
    size_t m = 200003, n = 7;
    double *z = malloc(m * n * sizeof *z), *z2 = malloc(m * n * sizeof *z2);
    unsigned long long s = 42;
    for (size_t k = 0; k < m * n; k++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        z[k] = (double)(s >> 11) / 9007199254740992.0 * (1.0 + (double)(k % n));
    }
    memcpy(z2, z, m * n * sizeof *z);
    int dir[] = {1, -1, 1, 1, -1, 1, 1};
    double w1[7], w2[7], c1[7], c2[7], p1[7], p2[7], e1[7], e2[7], k1 = 0, k2 = 0;
    size_t ku1 = 0, ku2 = 0;
    nqpf_error err;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    CHECK(nqpf_normalize(z, m, n, dir, NQPF_NORM_ZSCORE, 0.0, NULL, &err) == NQPF_OK);
    CHECK(nqpf_weights_critic(z, m, n, c1, NULL, NULL, NULL, &err) == NQPF_OK);
    CHECK(nqpf_weights_pca(z, m, n, 0.8, p1, e1, &ku1, &err) == NQPF_OK);
    CHECK(nqpf_normalize(z, m, n, dir, NQPF_NORM_MINMAX, 0.0, NULL, &err) == NQPF_OK);
    CHECK(nqpf_weights_entropy(z, m, n, w1, NULL, NULL, &err) == NQPF_OK);
    k1 = z[12345];
    omp_set_num_threads(3);
    CHECK(nqpf_normalize(z2, m, n, dir, NQPF_NORM_ZSCORE, 0.0, NULL, &err) == NQPF_OK);
    CHECK(nqpf_weights_critic(z2, m, n, c2, NULL, NULL, NULL, &err) == NQPF_OK);
    CHECK(nqpf_weights_pca(z2, m, n, 0.8, p2, e2, &ku2, &err) == NQPF_OK);
    CHECK(nqpf_normalize(z2, m, n, dir, NQPF_NORM_MINMAX, 0.0, NULL, &err) == NQPF_OK);
    CHECK(nqpf_weights_entropy(z2, m, n, w2, NULL, NULL, &err) == NQPF_OK);
    k2 = z2[12345];
    omp_set_num_threads(saved);
    CHECK(memcmp(w1, w2, sizeof w1) == 0);
    CHECK(memcmp(c1, c2, sizeof c1) == 0);
    CHECK(memcmp(p1, p2, sizeof p1) == 0 && memcmp(e1, e2, sizeof e1) == 0 && ku1 == ku2);
    CHECK(k1 == k2);
    free(z);
    free(z2);
}

int main(void)
{
    RUN(test_entropy_elsayed2017);
    RUN(test_critic_tus2019);
    RUN(test_synthetic_minmax_entropy);
    RUN(test_normalize_variants);
    RUN(test_normalize_errors);
    RUN(test_entropy_errors);
    RUN(test_critic_cv_errors);
    RUN(test_combine_hierarchy);
    RUN(test_thread_determinism);
    return test_done();
}
