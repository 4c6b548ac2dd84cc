/* Least squares, covariances and t p-values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/convergence.h"
#include "test.h"

/* y = 1 + 2x exactly: coefficients exact, residuals 0. */
static void test_exact_line(void)
{
    double X[10] = {1, 1, 1, 1, 1, 0, 1, 2, 3, 4}, y[5] = {1, 3, 5, 7, 9};
    nqpf_ols f;
    nqpf_error err;
    CHECK(nqpf_ols_fit(X, y, 5, 2, NULL, &f, &err) == 0);
    CHECK_REL(f.beta[0], 1.0, 1e-14);
    CHECK_REL(f.beta[1], 2.0, 1e-14);
    CHECK_ABS(f.ssr, 0.0, 1e-25);
    CHECK_REL(f.r2, 1.0, 1e-14);
    /* (X'X)^-1 for x = 0..4: [[0.6, -0.2], [-0.2, 0.1]] */
    CHECK_REL(f.xtx_inv[0], 0.6, 1e-14);
    CHECK_REL(f.xtx_inv[1], -0.2, 1e-14);
    CHECK_REL(f.xtx_inv[3], 0.1, 1e-14);
    nqpf_ols_free(&f);
}

/* Hand-checkable covariances: x = (0,1,2,3), y = (0,2,1,3). */
static void test_covariances_by_hand(void)
{
    double X[8] = {1, 1, 1, 1, 0, 1, 2, 3}, y[4] = {0, 2, 1, 3};
    nqpf_ols f;
    nqpf_error err;
    CHECK(nqpf_ols_fit(X, y, 4, 2, NULL, &f, &err) == 0);
    /* slope = Sxy/Sxx = 4/5, intercept = 1.5 - 0.8*1.5 = 0.3 */
    CHECK_REL(f.beta[1], 0.8, 1e-14);
    CHECK_REL(f.beta[0], 0.3, 1e-14);
    double cov[4];
    CHECK(nqpf_ols_cov(&f, X, NQPF_COV_CLASSICAL, NULL, 0, cov, &err) == 0);
    /* residuals -0.3, 0.9, -0.9, 0.3: ssr = 1.8, s2 = 0.9, var(slope) = 0.9/5 */
    CHECK_REL(cov[3], 0.18, 1e-13);
    CHECK(nqpf_ols_cov(&f, X, NQPF_COV_HC1, NULL, 0, cov, &err) == 0);
    /* HC1 slope: n/(n-k) sum (x-xbar)^2 e^2 / Sxx^2 */
    double e[4] = {-0.3, 0.9, -0.9, 0.3}, xc[4] = {-1.5, -0.5, 0.5, 1.5}, m = 0;
    for (int i = 0; i < 4; i++)
        m += xc[i] * xc[i] * e[i] * e[i];
    CHECK_REL(cov[3], 2.0 * m / 25.0, 1e-13);
    /* Cluster with one observation per cluster: G/(G-1)(n-1)/(n-k) = n/(n-k) = HC1. */
    size_t cl[4] = {0, 1, 2, 3};
    double cc[4];
    CHECK(nqpf_ols_cov(&f, X, NQPF_COV_CLUSTER, cl, 4, cc, &err) == 0);
    CHECK_REL(cc[3], cov[3], 1e-13);
    nqpf_ols_free(&f);
}

static void test_collinear_and_small(void)
{
    double X[12] = {1, 1, 1, 1, 0, 1, 2, 3, 0, 2, 4, 6}, y[4] = {0, 2, 1, 3};
    const char *names[3] = {"const", "x", "twice_x"};
    nqpf_ols f;
    nqpf_error err;
    CHECK(nqpf_ols_fit(X, y, 4, 3, names, &f, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "twice_x") != NULL);
    CHECK(nqpf_ols_fit(X, y, 2, 2, NULL, &f, &err) == NQPF_EMATH);
}

/* Two-sided Student t p-values, reference values from scipy.stats.t.sf. */
static void test_t_pvalues(void)
{
    CHECK_REL(nqpf_t_pvalue(2.0, 10), 0.07338803477074039, 1e-12);
    CHECK_REL(nqpf_t_pvalue(-7.665051410188027, 2), 0.016597832980661423, 1e-12);
    CHECK_REL(nqpf_t_pvalue(0.5, 1), 0.7048327646991336, 1e-12);
    CHECK_REL(nqpf_t_pvalue(10, 300), 1.6558627351112513e-20, 1e-9);
    CHECK_REL(nqpf_t_pvalue(1.96, 1e6), 0.04999606758526978, 1e-10);
    CHECK(nqpf_t_pvalue(0.0, 5) == 1.0);
    CHECK(isnan(nqpf_t_pvalue(1.0, 0)));
}

int main(void)
{
    RUN(test_exact_line);
    RUN(test_covariances_by_hand);
    RUN(test_collinear_and_small);
    RUN(test_t_pvalues);
    return test_done();
}
