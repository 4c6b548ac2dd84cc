/* Aggregation: TOPSIS (min-max and vector variants), grey relational
 * analysis, weighted and geometric scores. */
#include "index/cases.h"
#include "nqpf/index_methods.h"
#include "test.h"

#define TOP "cases/compare/topsis_opricovic2004/"
#define SYN "cases/compare/synthetic_formula_pinned/"

#define CHECK_EXACT(a, b)                                                                    \
    do {                                                                                     \
        double e_ = (b);                                                                     \
        if (e_ == 0)                                                                         \
            CHECK_ABS(a, e_, 1e-12);                                                         \
        else                                                                                 \
            CHECK_REL(a, e_, 1e-9);                                                          \
    } while (0)

static double top(const char *alt, const char *col)
{
    return case_value(TOP "expected.csv", "alt", alt, NULL, NULL, col);
}

static double syn(const char *quantity, const char *index)
{
    return case_value(SYN "expected.csv", "quantity", quantity, "index", index, "value");
}

/* Opricovic & Tzeng 2004 with pymcdm's min-max normalisation. */
static void test_topsis_minmax(void)
{
    size_t m, n;
    double *x = case_matrix(TOP "data.csv", &m, &n);
    CHECK(m == 3 && n == 2);
    int dir[] = {-1, 1};
    double w[] = {0.5, 0.5}, c[3];
    nqpf_error err;
    CHECK(nqpf_normalize(x, m, n, dir, NQPF_NORM_MINMAX, 0.0, NULL, &err) == NQPF_OK);
    CHECK(nqpf_topsis(x, m, n, w, c, NULL, NULL, &err) == NQPF_OK);
    const char *alt[] = {"A1", "A2", "A3"};
    for (size_t i = 0; i < 3; i++) {
        CHECK_EXACT(c[i], top(alt[i], "C_minmax_recomputed"));
        CHECK_ABS(c[i], top(alt[i], "C_minmax_published_3dp"), 5e-4);
    }
    free(x);
}

/* Classic Hwang-Yoon vector normalisation, ideal = min for the cost column:
 * NQPF_NORM_VECTOR's 1 - r for cost columns gives the same distances. */
static void test_topsis_vector(void)
{
    size_t m, n;
    double *x = case_matrix(TOP "data.csv", &m, &n);
    double *r = malloc(m * n * sizeof *r);
    memcpy(r, x, m * n * sizeof *r);
    int dir[] = {-1, 1};
    double w[] = {0.5, 0.5}, c[3], dp[3], dm[3];
    nqpf_error err;
    CHECK(nqpf_normalize(x, m, n, dir, NQPF_NORM_VECTOR, 0.0, NULL, &err) == NQPF_OK);
    CHECK(nqpf_topsis(x, m, n, w, c, dp, dm, &err) == NQPF_OK);
    const char *alt[] = {"A1", "A2", "A3"};
    for (size_t i = 0; i < 3; i++) {
        CHECK_EXACT(c[i], top(alt[i], "C_vector_recomputed"));
        CHECK_EXACT(dp[i], top(alt[i], "Dplus_vector"));
        CHECK_EXACT(dm[i], top(alt[i], "Dminus_vector"));
    }
    /* the plain helper: r = x / ||x|| with no direction handling */
    CHECK(nqpf_normalize_vector(r, m, n, &err) == NQPF_OK);
    CHECK_REL(r[0], 1 / sqrt(30.0), 1e-15);
    CHECK_REL(1 - r[0], x[0], 1e-15);
    free(x);
    free(r);
}

static void test_topsis_degenerate(void)
{
    double z[] = {1, 2, 1, 2}, w[] = {0.5, 0.5}, c[2];
    nqpf_error err;
    CHECK(nqpf_topsis(z, 2, 2, w, c, NULL, NULL, &err) == NQPF_EMATH);
    CHECK(isnan(c[0]));
    double nw[] = {-0.5, 1.5};
    CHECK(nqpf_topsis(z, 2, 2, nw, c, NULL, NULL, &err) == NQPF_EINPUT);
}

/* Deng GRA on the synthetic toy (Z = min-max of the indicators). */
static void test_gra_synthetic(void)
{
    size_t m, n;
    double *x = case_matrix(SYN "data_indicators.csv", &m, &n);
    int dir[] = {1, 1, 1};
    nqpf_error err;
    CHECK(nqpf_normalize(x, m, n, dir, NQPF_NORM_MINMAX, 0.0, NULL, &err) == NQPF_OK);
    double xi[12], dmin = -1, dmax = -1, g[4], we[3], eq[3];
    CHECK(nqpf_gra_xi(x, m, n, 0.5, xi, &dmin, &dmax, &err) == NQPF_OK);
    CHECK_EXACT(dmin, syn("gra_delta_min", "-"));
    CHECK_EXACT(dmax, syn("gra_delta_max", "-"));
    char idx[64];
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            snprintf(idx, sizeof idx, "%zu;%zu", i + 1, j + 1);
            CHECK_EXACT(xi[i * n + j], syn("gra_xi_rho0.5", idx));
        }
    nqpf_weights_equal(n, eq);
    CHECK(nqpf_gra(x, m, n, eq, 0.5, g, &err) == NQPF_OK);
    for (size_t i = 0; i < m; i++) {
        snprintf(idx, sizeof idx, "%zu", i + 1);
        CHECK_EXACT(g[i], syn("gra_grade_equal", idx));
    }
    CHECK(nqpf_weights_entropy(x, m, n, we, NULL, NULL, &err) == NQPF_OK);
    CHECK(nqpf_gra(x, m, n, we, 0.5, g, &err) == NQPF_OK);
    for (size_t i = 0; i < m; i++) {
        snprintf(idx, sizeof idx, "%zu", i + 1);
        CHECK_EXACT(g[i], syn("gra_grade_entropyweighted", idx));
    }
    CHECK(nqpf_gra(x, m, n, we, 0.0, g, &err) == NQPF_EINPUT);
    double cst[] = {1, 1, 1, 1};
    CHECK(nqpf_gra(cst, 2, 2, we, 0.5, g, &err) == NQPF_EMATH);
    free(x);
}

static void test_weighted_geometric(void)
{
    double z[] = {1, 4, 0.25, 16}, w[] = {0.5, 0.5}, s[2];
    nqpf_error err;
    nqpf_aggregate_weighted(z, 2, 2, w, s);
    CHECK(s[0] == 2.5 && s[1] == 8.125);
    CHECK(nqpf_aggregate_geometric(z, 2, 2, w, s, &err) == NQPF_OK);
    CHECK_REL(s[0], 2.0, 1e-15);
    CHECK_REL(s[1], 2.0, 1e-15);
    double bad[] = {1, 4, 0.25, 0};
    CHECK(nqpf_aggregate_geometric(bad, 2, 2, w, s, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "row 2, column 2") != NULL);
}

int main(void)
{
    RUN(test_topsis_minmax);
    RUN(test_topsis_vector);
    RUN(test_topsis_degenerate);
    RUN(test_gra_synthetic);
    RUN(test_weighted_geometric);
    return test_done();
}
