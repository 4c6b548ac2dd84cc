/* Unit tests of nqpf reg's building blocks: the projection (exact group
 * demeaning for one dimension; conjugate gradient for several equals the
 * least-squares residual on the dummies), groups and interactions,
 * singletons, components, nesting, distributions, covariances. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "nqpf/convergence.h"
#include "nqpf/reg.h"
#include "../../src/reg/reg_internal.h"
#include "test.h"

/* a small deterministic generator for test data */
static double unif(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) * (1.0 / 9007199254740992.0);
}

static void test_one_fe_is_group_means(void)
{
    size_t n = 9, code[9] = {0, 1, 2, 0, 1, 2, 0, 0, 1}, L[1] = {3};
    const size_t *codes[1] = {code};
    double v[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w[9] = {1, 2, 1, 3, 1, 1, 2, 1, 1}, x[9];
    nqpf_hdfe h;
    nqpf_error err;
    size_t it;
    CHECK(nqpf_hdfe_init(&h, n, 1, codes, L, NULL, 1e-13, 100, &err) == NQPF_OK);
    for (size_t i = 0; i < n; i++)
        x[i] = v[i];
    CHECK(nqpf_hdfe_demean(&h, x, "v", &it, &err) == NQPF_OK);
    double mean[3] = {(1 + 4 + 7 + 8) / 4.0, (2 + 5 + 9) / 3.0, (3 + 6) / 2.0};
    for (size_t i = 0; i < n; i++)
        CHECK_ABS(x[i], v[i] - mean[code[i]], 1e-15);
    CHECK(it == 0);
    nqpf_hdfe_free(&h);
    /* weighted means */
    CHECK(nqpf_hdfe_init(&h, n, 1, codes, L, w, 1e-13, 100, &err) == NQPF_OK);
    for (size_t i = 0; i < n; i++)
        x[i] = v[i];
    CHECK(nqpf_hdfe_demean(&h, x, "v", &it, &err) == NQPF_OK);
    double wm[3] = {(1 * 1 + 4 * 3 + 7 * 2 + 8 * 1) / 7.0, (2 * 2 + 5 + 9) / 4.0, (3 + 6) / 2.0};
    for (size_t i = 0; i < n; i++)
        CHECK_ABS(x[i], v[i] - wm[code[i]], 1e-14);
    nqpf_hdfe_free(&h);
}

/* Three unbalanced dimensions: the CG projection equals the residual of
 * least squares on all dummies (dense QR). */
static void test_three_fe_equal_dummy_regression(void)
{
    enum { N = 300, LA = 20, LB = 7, LC = 5 };
    size_t a[N], b[N], c[N], L[3] = {LA, LB, LC};
    double v[N], x[N], w[N];
    uint64_t s = 42;
    for (size_t i = 0; i < N; i++) {
        a[i] = i % LA;
        b[i] = (size_t)(unif(&s) * LB);
        c[i] = (a[i] + 3 * b[i]) % LC;
        v[i] = unif(&s) * 10.0 + (double)a[i] * 0.3 - (double)b[i];
        w[i] = 0.5 + unif(&s);
    }
    const size_t *codes[3] = {a, b, c};
    for (int weighted = 0; weighted < 2; weighted++) {
        /* dense: columns 1, A dummies (all but the first), B and C dummies (all but the first) */
        size_t k = 1 + (LA - 1) + (LB - 1) + (LC - 1);
        double *X = calloc(N * k, sizeof *X), y[N];
        for (size_t i = 0; i < N; i++) {
            double sw = weighted ? sqrt(w[i]) : 1.0;
            X[i] = sw;
            if (a[i])
                X[(a[i]) * N + i] = sw;
            if (b[i])
                X[(LA - 1 + b[i]) * N + i] = sw;
            if (c[i])
                X[(LA - 1 + LB - 1 + c[i]) * N + i] = sw;
            y[i] = v[i] * sw;
        }
        nqpf_ols o;
        nqpf_error err;
        CHECK(nqpf_ols_fit(X, y, N, k, NULL, &o, &err) == NQPF_OK);
        nqpf_hdfe h;
        size_t it = 0;
        CHECK(nqpf_hdfe_init(&h, N, 3, codes, L, weighted ? w : NULL, 1e-13, 1000, &err) == NQPF_OK);
        for (size_t i = 0; i < N; i++)
            x[i] = v[i];
        CHECK(nqpf_hdfe_demean(&h, x, "v", &it, &err) == NQPF_OK);
        CHECK(it > 0 && it < 200);
        for (size_t i = 0; i < N; i++)
            CHECK_ABS(x[i] * (weighted ? sqrt(w[i]) : 1.0), o.resid[i], 1e-11);
        nqpf_ols_free(&o);
        nqpf_hdfe_free(&h);
        free(X);
    }
}

static void test_not_converging_is_an_error(void)
{
    enum { N = 200 };
    size_t a[N], b[N], L[2] = {40, 40};
    double v[N];
    uint64_t s = 7;
    for (size_t i = 0; i < N; i++)
        a[i] = i % 40, b[i] = (i * 7 + i / 40) % 40, v[i] = unif(&s);
    const size_t *codes[2] = {a, b};
    nqpf_hdfe h;
    nqpf_error err;
    size_t it;
    CHECK(nqpf_hdfe_init(&h, N, 2, codes, L, NULL, 1e-13, 1, &err) == NQPF_OK);
    CHECK(nqpf_hdfe_demean(&h, v, "v", &it, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "did not converge") != NULL);
    nqpf_hdfe_free(&h);
}

static void test_groups_and_interactions(void)
{
    size_t a[6] = {5, 5, 9, 9, NQPF_REG_NA, 5}, b[6] = {1, 2, 1, 1, 1, 1}, code[6], L = 0;
    const size_t *p1[1] = {a}, *p2[2] = {a, b};
    nqpf_error err;
    CHECK(nqpf_reg_group(p1, 1, 6, code, &L, &err) == NQPF_OK);
    CHECK(L == 2 && code[0] == 0 && code[2] == 1 && code[4] == NQPF_REG_NA && code[5] == 0);
    CHECK(nqpf_reg_group(p2, 2, 6, code, &L, &err) == NQPF_OK);
    CHECK(L == 3 && code[0] == 0 && code[1] == 1 && code[2] == 2 && code[3] == 2 && code[5] == 0);
    CHECK(code[4] == NQPF_REG_NA);
}

static void test_singletons_iterate(void)
{
    /* row 4 is alone in unit 2; dropping it leaves row 3 alone in period 1 */
    size_t unit[5] = {0, 0, 1, 1, 2}, per[5] = {0, 0, 0, 1, 1}, L[2] = {3, 2};
    const size_t *codes[2] = {unit, per};
    unsigned char keep[5] = {1, 1, 1, 1, 1};
    size_t d = nqpf_reg_drop_singletons(codes, L, 2, 5, keep);
    /* row 4 (unit 2) goes; then period 1 has row 3 alone; then unit 1 has row 2 alone */
    CHECK(d == 3);
    CHECK(keep[0] && keep[1] && !keep[2] && !keep[3] && !keep[4]);
}

static void test_components_and_nesting(void)
{
    /* two connected blocks: firms {0,1} with workers {0,1}, firm 2 with worker 2 */
    size_t f[5] = {0, 1, 0, 2, 2}, wk[5] = {0, 1, 1, 2, 2};
    CHECK(nqpf_reg_components(f, 3, wk, 3, 5) == 2);
    size_t unit[6] = {0, 0, 1, 1, 2, 2}, reg1[6] = {0, 0, 0, 0, 1, 1}, reg2[6] = {0, 1, 0, 0, 1, 1};
    CHECK(nqpf_reg_nested(unit, 3, reg1, 6) == 1);
    CHECK(nqpf_reg_nested(unit, 3, reg2, 6) == 0);
}

static void test_distributions(void)
{
    /* R: qt, qnorm, pchisq(lower.tail = FALSE), pf(lower.tail = FALSE) */
    CHECK_REL(nqpf_t_quantile(0.975, 10), 2.2281388519862739, 1e-14);
    CHECK_REL(nqpf_t_quantile(0.975, 3), 3.1824463052837078, 1e-14);
    CHECK_REL(nqpf_t_quantile(0.975, INFINITY), 1.9599639845400536, 1e-14);
    CHECK_REL(nqpf_t_quantile(0.995, 499), 2.5857176831117537, 1e-13);
    CHECK_REL(nqpf_t_quantile(0.025, 10), -2.2281388519862739, 1e-14);
    CHECK_REL(nqpf_chi2_pvalue(3.84, 1), 0.050043521248705224, 1e-12);
    CHECK_REL(nqpf_chi2_pvalue(20, 7), 0.0055696830729455712, 1e-12);
    CHECK_REL(nqpf_chi2_pvalue(0.5, 3), 0.91889141165467592, 1e-12);
    CHECK_REL(nqpf_reg_f_pvalue(3, 2, 10), 0.095367431640624972, 1e-12);
    CHECK_REL(nqpf_reg_f_pvalue(112.4, 2, 30), 1.1583170948071367e-14, 1e-9);
}

/* Two-way clustering: V1 + V2 - V12 with one Gmin/(Gmin-1) (reghdfe), by hand. */
static void test_two_way_cluster_by_hand(void)
{
    enum { N = 8 };
    double X[N] = {1, -1, 2, 0.5, -2, 1, 0, 3}, e[N] = {0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.3, -0.6};
    size_t c1[N] = {0, 0, 1, 1, 2, 2, 3, 3}, c2[N] = {0, 1, 0, 1, 0, 1, 0, 1}, lv[2] = {4, 2};
    const size_t *cl[2] = {c1, c2};
    double xx = 0.0;
    for (size_t i = 0; i < N; i++)
        xx += X[i] * X[i];
    double bread = 1.0 / xx, V = 0.0;
    nqpf_error err;
    CHECK(nqpf_reg_vce(X, e, N, 1, &bread, 1, NQPF_REG_CLUSTER, 0, 2, cl, lv, &V, &err) == NQPF_OK);
    double u1[4] = {0}, u2[2] = {0}, m12 = 0.0;
    for (size_t i = 0; i < N; i++) {
        u1[c1[i]] += X[i] * e[i];
        u2[c2[i]] += X[i] * e[i];
        m12 += X[i] * e[i] * X[i] * e[i]; /* every (c1, c2) cell holds one row */
    }
    double m = -m12;
    for (int g = 0; g < 4; g++)
        m += u1[g] * u1[g];
    for (int g = 0; g < 2; g++)
        m += u2[g] * u2[g];
    double want = bread * bread * m * (N - 1.0) / (N - 1.0) * 2.0 / 1.0;
    if (want < 0.0)
        want = 0.0; /* the eigenvalue fix */
    CHECK_REL(V, want, 1e-14);
}

int main(void)
{
    RUN(test_one_fe_is_group_means);
    RUN(test_three_fe_equal_dummy_regression);
    RUN(test_not_converging_is_an_error);
    RUN(test_groups_and_interactions);
    RUN(test_singletons_iterate);
    RUN(test_components_and_nesting);
    RUN(test_distributions);
    RUN(test_two_way_cluster_by_hand);
    return test_done();
}
