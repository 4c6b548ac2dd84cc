/* GM(1,1) on the textbook series (Liu Sifeng et al.). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cases.h"
#include "nqpf/grey.h"
#include "test.h"

static const double X0[5] = {2.874, 3.278, 3.337, 3.390, 3.679};

static void test_textbook(void)
{
    nqpf_table *d = case_table("cases/compare/gm11_textbook/data.csv");
    CHECK(d != NULL);
    if (!d)
        return;
    double x[5];
    nqpf_error err;
    CHECK(nqpf_table_column(d, "x0", x, 0, &err) == 0);
    nqpf_gm11_opts o;
    nqpf_gm11_opts_default(&o);
    nqpf_gm11 g;
    CHECK(nqpf_gm11_fit(x, 5, 3, &o, &g, &err) == 0);
#define EXP(q) case_kv("cases/compare/gm11_textbook/expected.csv", q)
    /* Textbook figures, 4 decimals.  b = 3.065363 is printed as 3.0653, i.e.
     * truncated rather than rounded, so its bound is one unit of the last digit. */
    CHECK_ABS(g.a, EXP("a"), 0.5e-4);
    CHECK(g.b >= EXP("b") && g.b < EXP("b") + 1e-4);
    CHECK_ABS(g.c1, 85.2665, 0.5e-4);
    CHECK_ABS(g.c2, -82.3925, 0.5e-4);
    /* Recomputed values, 12 significant digits. */
    const double tol = 1e-11;
    CHECK_REL(g.a, EXP("a_full"), tol);
    CHECK_REL(g.b, EXP("b_full"), 1e-9); /* printed with 10 significant digits */
    CHECK_REL(g.c1, EXP("x0(1)-b/a"), tol);
    CHECK_REL(g.c2, EXP("b/a"), tol);
    char q[64];
    for (int k = 1; k <= 8; k++) {
        snprintf(q, sizeof q, "x1hat_%d", k);
        CHECK_REL(g.x1hat[k - 1], EXP(q), tol);
        snprintf(q, sizeof q, "x0hat_%d", k);
        CHECK_REL(g.x0hat[k - 1], EXP(q), tol);
    }
    for (int k = 1; k <= 5; k++) {
        snprintf(q, sizeof q, "residual_%d", k);
        if (k == 1)
            CHECK_ABS(g.resid[0], EXP(q), 1e-14);
        else
            CHECK_REL(g.resid[k - 1], EXP(q), tol);
        snprintf(q, sizeof q, "rel_error_%d", k);
        if (k == 1)
            CHECK_ABS(g.rel[0], EXP(q), 1e-14);
        else
            CHECK_REL(g.rel[k - 1], EXP(q), tol);
        if (k >= 2) {
            snprintf(q, sizeof q, "level_ratio_%d", k);
            CHECK_REL(g.lambda[k - 1], EXP(q), tol);
        }
    }
    CHECK_REL(g.mean_rel, EXP("mean_rel_error_k2..n"), tol);
    CHECK_REL(g.C, EXP("posterior_variance_ratio_C(pop sd; residuals k=2..n)"), tol);
    CHECK_REL(g.P, EXP("small_error_prob_P"), 0);
    CHECK_ABS(g.lambda_lo, 0.7165, 0.5e-4);
    CHECK_ABS(g.lambda_hi, 1.3956, 0.5e-4);
    CHECK(g.ratio_ok == 1);
    CHECK(g.grade == 1);
#undef EXP
    nqpf_gm11_free(&g);
    nqpf_table_free(d);
}

static void test_variants_and_rolling(void)
{
    nqpf_gm11_opts o;
    nqpf_gm11_opts_default(&o);
    nqpf_gm11 g, s;
    nqpf_error err;
    CHECK(nqpf_gm11_fit(X0, 5, 2, &o, &g, &err) == 0);
    o.sd_sample = 1;
    CHECK(nqpf_gm11_fit(X0, 5, 0, &o, &s, &err) == 0);
    /* sample SDs: S1 * sqrt(5/4), S2 * sqrt(4/3) */
    CHECK_REL(s.C, g.C * sqrt(4.0 / 3.0) / sqrt(5.0 / 4.0), 1e-13);
    nqpf_gm11_free(&s);
    o.sd_sample = 0;
    o.resid_from1 = 1;
    CHECK(nqpf_gm11_fit(X0, 5, 0, &o, &s, &err) == 0);
    CHECK_REL(s.mean_rel, g.mean_rel * 4.0 / 5.0, 1e-13); /* residual at k=1 is 0 */
    nqpf_gm11_free(&s);
    o.resid_from1 = 0;
    /* Rolling: first step is the ordinary one-step forecast; the second
     * refits on (x0(2..5), forecast 1). */
    double fc[2];
    CHECK(nqpf_gm11_rolling(X0, 5, 2, &o, fc, &err) == 0);
    CHECK_REL(fc[0], g.x0hat[5], 1e-13);
    double w[5] = {X0[1], X0[2], X0[3], X0[4], fc[0]};
    CHECK(nqpf_gm11_fit(w, 5, 1, &o, &s, &err) == 0);
    CHECK_REL(fc[1], s.x0hat[5], 1e-13);
    nqpf_gm11_free(&s);
    nqpf_gm11_free(&g);
    /* Errors: too short, non-positive, constant (a = 0). */
    CHECK(nqpf_gm11_fit(X0, 3, 0, &o, &g, &err) == NQPF_EINPUT);
    double neg[4] = {1, 2, -1, 3};
    CHECK(nqpf_gm11_fit(neg, 4, 0, &o, &g, &err) == NQPF_EINPUT);
    double flat[4] = {2, 2, 2, 2};
    CHECK(nqpf_gm11_fit(flat, 4, 0, &o, &g, &err) == NQPF_EMATH);
    /* Class-ratio failure is reported, not fatal. */
    double jump[5] = {1, 10, 11, 12, 13};
    CHECK(nqpf_gm11_fit(jump, 5, 0, &o, &g, &err) == 0);
    CHECK(g.ratio_ok == 0);
    nqpf_gm11_free(&g);
}

int main(void)
{
    RUN(test_textbook);
    RUN(test_variants_and_rolling);
    return test_done();
}
