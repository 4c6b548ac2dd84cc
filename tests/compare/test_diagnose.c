/* Obstacle degree and coupling coordination: synthetic_formula_pinned. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cases.h"
#include "nqpf/diagnose.h"
#include "test.h"

/* Z (min-max, benefit) and entropy weights (0 ln 0 := 0) of the pinned
 * 4 x 3 indicator table, recomputed from the raw data with SOURCE.txt's formulas. */
static int pinned_inputs(double Z[12], double w[3])
{
    nqpf_table *t = case_table("cases/compare/synthetic_formula_pinned/data_indicators.csv");
    if (!t)
        return -1;
    nqpf_error err;
    const char *cols[3] = {"x1", "x2", "x3"};
    double e[3], dsum = 0;
    for (int j = 0; j < 3; j++) {
        double x[4], lo = INFINITY, hi = -INFINITY, s = 0;
        nqpf_table_column(t, cols[j], x, 0, &err);
        for (int i = 0; i < 4; i++)
            lo = fmin(lo, x[i]), hi = fmax(hi, x[i]);
        for (int i = 0; i < 4; i++)
            s += (Z[i * 3 + j] = (x[i] - lo) / (hi - lo));
        double h = 0;
        for (int i = 0; i < 4; i++) {
            double pr = Z[i * 3 + j] / s;
            if (pr > 0)
                h -= pr * log(pr);
        }
        e[j] = h / log(4.0);
        dsum += 1 - e[j];
    }
    for (int j = 0; j < 3; j++)
        w[j] = (1 - e[j]) / dsum;
    nqpf_table_free(t);
    return 0;
}

static double expected(nqpf_table *e, const char *q, const char *idx)
{
    return case_value2(e, "quantity", q, "index", idx, "value");
}

/* Expected values printed with 15 significant digits. */
static void test_obstacle_pinned(void)
{
    double Z[12], w[3], I[12], O[12];
    int best[4];
    nqpf_table *e = case_table("cases/compare/synthetic_formula_pinned/expected.csv");
    CHECK(e && pinned_inputs(Z, w) == 0);
    if (!e)
        return;
    CHECK_REL(w[0], expected(e, "entropy_w_elementwise0ln0", "1"), 1e-14);
    nqpf_error err;
    CHECK(nqpf_obstacle(Z, 4, 3, w, 0.0, I, O, best, &err) == 0);
    for (int i = 0; i < 4; i++) {
        CHECK(best[i] == 0);
        for (int j = 0; j < 3; j++) {
            char idx[64];
            snprintf(idx, sizeof idx, "%d;%d", i + 1, j + 1);
            CHECK_ABS(O[i * 3 + j], expected(e, "obstacle_degree", idx), 1e-14);
        }
    }
    /* A shift s of every Z leaves the obstacles unchanged (I measured from 1+s). */
    double Zs[12], O2[12];
    for (int k = 0; k < 12; k++)
        Zs[k] = Z[k] + 0.0001;
    CHECK(nqpf_obstacle(Zs, 4, 3, w, 0.0001, I, O2, best, &err) == 0);
    for (int k = 0; k < 12; k++)
        CHECK_ABS(O2[k], O[k], 1e-12);
    /* Best everywhere: flagged, NaN obstacles. */
    double one[3] = {1, 1, 1};
    CHECK(nqpf_obstacle(one, 1, 3, w, 0.0, I, O, best, &err) == 0);
    CHECK(best[0] == 1 && isnan(O[0]));
    double wneg[3] = {0.5, -0.1, 0.6};
    CHECK(nqpf_obstacle(Z, 4, 3, wneg, 0.0, I, O, best, &err) == NQPF_EINPUT);
    nqpf_table_free(e);
}

static void test_coupling_pinned(void)
{
    double Z[12], w[3];
    nqpf_table *e = case_table("cases/compare/synthetic_formula_pinned/expected.csv");
    CHECK(e && pinned_inputs(Z, w) == 0);
    if (!e)
        return;
    nqpf_error err;
    double alpha[2] = {0.5, 0.5};
    for (int i = 0; i < 4; i++) {
        /* U1: entropy weights renormalised inside subsystem {x1, x2}; U2 = Z(x3). */
        double U[2] = {(w[0] * Z[i * 3] + w[1] * Z[i * 3 + 1]) / (w[0] + w[1]), Z[i * 3 + 2]};
        double C, T, D;
        CHECK(nqpf_coupling(U, 2, alpha, NQPF_COUPLING_STANDARD, &C, &T, &D, &err) == 0);
        char idx[64];
        snprintf(idx, sizeof idx, "%d", i + 1);
        CHECK_ABS(U[0], expected(e, "ccd_U1", idx), 1e-14);
        CHECK_ABS(C, expected(e, "ccd_C", idx), 1e-14);
        CHECK_ABS(T, expected(e, "ccd_T", idx), 1e-14);
        CHECK_ABS(D, expected(e, "ccd_D", idx), 1e-14);
        /* For n = 2 the standard form is 2 sqrt(U1 U2)/(U1+U2). */
        CHECK_ABS(C, U[0] + U[1] > 0 ? 2 * sqrt(U[0] * U[1]) / (U[0] + U[1]) : 0.0, 1e-15);
        double C2;
        CHECK(nqpf_coupling(U, 2, alpha, NQPF_COUPLING_NOFACTOR, &C2, &T, &D, &err) == 0);
        CHECK_ABS(C2, C / 2, 1e-15);
    }
    nqpf_table_free(e);
}

static void test_coupling_n_and_classes(void)
{
    nqpf_error err;
    double U[3] = {0.2, 0.5, 0.8}, a[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3}, C, T, D;
    CHECK(nqpf_coupling(U, 3, a, NQPF_COUPLING_STANDARD, &C, &T, &D, &err) == 0);
    CHECK_REL(C, 3 * cbrt(0.2 * 0.5 * 0.8) / 1.5, 1e-14);
    CHECK_REL(T, 0.5, 1e-15);
    CHECK_REL(D, sqrt(C * 0.5), 1e-15);
    double eq[3] = {0.4, 0.4, 0.4};
    CHECK(nqpf_coupling(eq, 3, a, NQPF_COUPLING_STANDARD, &C, &T, &D, &err) == 0);
    CHECK(C == 1.0);
    double zero[2] = {0, 0};
    CHECK(nqpf_coupling(zero, 2, a, NQPF_COUPLING_STANDARD, &C, &T, &D, &err) == 0);
    CHECK(C == 0.0 && D == 0.0);
    double bad[2] = {0.5, 1.2};
    CHECK(nqpf_coupling(bad, 2, a, NQPF_COUPLING_STANDARD, &C, &T, &D, &err) == NQPF_EINPUT);
    CHECK(nqpf_coupling_class(0.0) == 1);
    CHECK(nqpf_coupling_class(0.0999999) == 1);
    CHECK(nqpf_coupling_class(0.1) == 2);
    CHECK(nqpf_coupling_class(0.3) == 4);
    CHECK(nqpf_coupling_class(0.7) == 8);
    CHECK(nqpf_coupling_class(0.6) == 7);
    CHECK(nqpf_coupling_class(0.9) == 10);
    CHECK(nqpf_coupling_class(1.0) == 10);
    CHECK(nqpf_coupling_class(NAN) == 0);
    for (int c = 1; c <= 10; c++)
        CHECK(nqpf_coupling_class((c - 1) / 10.0) == c);
    CHECK_STR(nqpf_coupling_class_zh(1), "极度失调");
    CHECK_STR(nqpf_coupling_class_zh(10), "优质协调");
    CHECK_STR(nqpf_coupling_class_zh(6), "勉强协调");
}

/* The obstacle ranks by hand: largest first, ties in index order (the
 * earlier indicator ranks higher), NaN (a unit with no obstacle) last. */
static void test_obstacle_rank(void)
{
    const double x[5] = {0.2, NAN, 0.5, 0.2, 0.1};
    size_t order[5], rank[5];
    nqpf_obstacle_rank(x, 5, order, rank);
    const size_t want_order[5] = {2, 0, 3, 4, 1}, want_rank[5] = {2, 5, 1, 3, 4};
    for (int i = 0; i < 5; i++)
        CHECK(order[i] == want_order[i] && rank[i] == want_rank[i]);
    const double nan2[2] = {NAN, NAN};
    nqpf_obstacle_rank(nan2, 2, order, NULL);
    CHECK(order[0] == 0 && order[1] == 1);
    nqpf_obstacle_rank(x, 0, order, rank); /* nothing to rank: nothing written */
}

int main(void)
{
    RUN(test_obstacle_pinned);
    RUN(test_obstacle_rank);
    RUN(test_coupling_pinned);
    RUN(test_coupling_n_and_classes);
    return test_done();
}
