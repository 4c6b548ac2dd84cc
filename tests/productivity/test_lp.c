/* Unit tests of the small-row simplex on LPs with known optima, including
 * degenerate (Beale's cycling example), infeasible and unbounded ones. */
#include <math.h>
#include <stdio.h>

#include "nqpf/lp.h"
#include "test.h"

/* Solve with every column as a reference column (bounds [0, inf)). */
static int solve_ref(nqpf_lp *lp, size_t m, size_t n, const double *A, const double *c, const int *rt,
                     const double *b)
{
    static const double none[1] = {0};
    nqpf_lp_prob p = {m, n, A, c, -1, 0, none, none, none, none, rt, b};
    return nqpf_lp_solve(lp, &p);
}

static void test_small_optimum(void)
{
    nqpf_lp *lp = nqpf_lp_new(4, 8);
    /* min -x1 - x2 : x1 + 2 x2 <= 4, 3 x1 + x2 <= 6 -> (8/5, 6/5), -14/5 */
    double A[] = {1, 3, 2, 1};
    double c[] = {-1, -1};
    int rt[] = {NQPF_LP_LE, NQPF_LP_LE};
    double b[] = {4, 6};
    CHECK(solve_ref(lp, 2, 2, A, c, rt, b) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), -14.0 / 5, 1e-14);
    CHECK_REL(nqpf_lp_value(lp, 0), 8.0 / 5, 1e-14);
    CHECK_REL(nqpf_lp_value(lp, 1), 6.0 / 5, 1e-14);
    /* duals: pi = c_B B^-1 = (-2/5, -1/5) */
    CHECK_REL(nqpf_lp_duals(lp)[0], -2.0 / 5, 1e-14);
    CHECK_REL(nqpf_lp_duals(lp)[1], -1.0 / 5, 1e-14);
    nqpf_lp_free(lp);
}

static void test_phase1_ge_eq(void)
{
    nqpf_lp *lp = nqpf_lp_new(4, 8);
    /* min 2x1 + 3x2 + x3 : x1 + x2 + x3 = 10, x1 - x2 >= 2, x3 <= 4
       -> x3 = 4, x1 + x2 = 6, x1 >= x2 + 2, cheapest x1 = 6 -> 12 + 4 = 16 */
    double A[] = {1, 1, 0, 1, -1, 0, 1, 0, 1};
    double c[] = {2, 3, 1};
    int rt[] = {NQPF_LP_EQ, NQPF_LP_GE, NQPF_LP_LE};
    double b[] = {10, 2, 4};
    CHECK(solve_ref(lp, 3, 3, A, c, rt, b) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), 16.0, 1e-14);
    CHECK_REL(nqpf_lp_value(lp, 0), 6.0, 1e-14);
    CHECK_ABS(nqpf_lp_value(lp, 1), 0.0, 1e-14);
    nqpf_lp_free(lp);
}

static void test_infeasible(void)
{
    nqpf_lp *lp = nqpf_lp_new(4, 8);
    double A[] = {1, 1, 1, 1};
    double c[] = {1, 1};
    int rt[] = {NQPF_LP_GE, NQPF_LP_LE};
    double b[] = {5, 3};
    CHECK(solve_ref(lp, 2, 2, A, c, rt, b) == NQPF_LP_INFEASIBLE);
    nqpf_lp_free(lp);
}

static void test_unbounded(void)
{
    nqpf_lp *lp = nqpf_lp_new(4, 8);
    double A[] = {1, -1};
    double c[] = {-1, 0};
    int rt[] = {NQPF_LP_LE};
    double b[] = {1};
    CHECK(solve_ref(lp, 1, 2, A, c, rt, b) == NQPF_LP_UNBOUNDED);
    nqpf_lp_free(lp);
}

/* Beale (1955): cycles under Dantzig's rule with naive tie breaking. */
static void test_beale_degenerate(void)
{
    nqpf_lp *lp = nqpf_lp_new(4, 8);
    double A[] = {0.25, 0.5, 0, -60, -90, 0, -1.0 / 25, -1.0 / 50, 1, 9, 3, 0};
    double c[] = {-0.75, 150, -1.0 / 50, 6};
    int rt[] = {NQPF_LP_LE, NQPF_LP_LE, NQPF_LP_LE};
    double b[] = {0, 0, 1};
    CHECK(solve_ref(lp, 3, 4, A, c, rt, b) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), -1.0 / 20, 1e-13);
    CHECK_REL(nqpf_lp_value(lp, 0), 1.0 / 25, 1e-13);
    CHECK_REL(nqpf_lp_value(lp, 2), 1.0, 1e-13);
    nqpf_lp_free(lp);
}

/* DEAP example 1 (Coelli 1996), CRS input orientation, firm 1 (2,5;1):
 * reference columns (x1, x2, y) of the five firms, the free theta column
 * (-x0); rows x1, x2 (sum l x - theta x0 <= 0), y (sum l y >= y0). */
static const double D1_REF[] = {2, 5, 1, 2, 4, 2, 6, 6, 3, 3, 2, 1, 6, 2, 2};
static const double D1_EXT[] = {-2, -5, 0};
static const double D1_EC[] = {1}, D1_ELO[] = {-INFINITY}, D1_EHI[] = {INFINITY}, D1_B[] = {0, 0, 1};
static const int D1_RT[] = {NQPF_LP_LE, NQPF_LP_LE, NQPF_LP_GE};

static nqpf_lp_prob deap1_firm1(void)
{
    nqpf_lp_prob p = {3, 5, D1_REF, NULL, -1, 1, D1_EXT, D1_EC, D1_ELO, D1_EHI, D1_RT, D1_B};
    return p;
}

/* Free extra column, then a resolve that fixes it and changes costs: the
 * radial DEA two-stage pattern on DEAP example 1, unit 1 (theta = 1/2). */
static void test_free_column_and_resolve(void)
{
    nqpf_lp *lp = nqpf_lp_new(4, 16);
    nqpf_lp_prob p = deap1_firm1();
    CHECK(nqpf_lp_solve(lp, &p) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), 0.5, 1e-14);
    CHECK_REL(nqpf_lp_value(lp, 1), 0.5, 1e-14);
    /* Stage 2: theta fixed; max slacks = min -(s1 + s2 + s3) with explicit
       slack columns and equality rows. */
    double ext2[] = {-2, -5, 0, 1, 0, 0, 0, 1, 0, 0, 0, -1};
    double ec2[] = {0, -1, -1, -1}, lo2[] = {0.5, 0, 0, 0}, hi2[] = {0.5, INFINITY, INFINITY, INFINITY};
    int rt2[] = {NQPF_LP_EQ, NQPF_LP_EQ, NQPF_LP_EQ};
    nqpf_lp_prob p2 = {3, 5, D1_REF, NULL, -1, 4, ext2, ec2, lo2, hi2, rt2, D1_B};
    CHECK(nqpf_lp_solve(lp, &p2) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), -0.5, 1e-14); /* slack x2 = 0.5 */
    CHECK_REL(nqpf_lp_value(lp, 5 + 2), 0.5, 1e-14);
    CHECK(nqpf_lp_resolve(lp, &p2) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), -0.5, 1e-14);
    /* Leaving out unit 2 (index 1): unit 1 is then scored against 3, 4, 5. */
    p.ref_skip = 1;
    CHECK(nqpf_lp_solve(lp, &p) == NQPF_LP_OPTIMAL);
    CHECK(nqpf_lp_value(lp, 1) == 0.0);
    nqpf_lp_free(lp);
}

/* Warm starts: a neighbour's basis (nqpf_lp_solve_from) and appended
 * columns (nqpf_lp_add_columns) reach the optimum of a fresh solve. */
static void test_warm_starts(void)
{
    nqpf_lp *lp = nqpf_lp_new(4, 16);
    /* DEAP example 1 (CRS input): theta of firm 1 (2,5;1) against all is 0.5 */
    nqpf_lp_prob p = deap1_firm1();
    CHECK(nqpf_lp_solve(lp, &p) == NQPF_LP_OPTIMAL);
    size_t head[3];
    CHECK(nqpf_lp_basis(lp, head) == 3);
    /* firm 4 (3,2;1) from firm 1's basis: theta = 5/7 (DEAP) as from scratch */
    double ext4[] = {-3, -2, 0};
    nqpf_lp_prob p4 = p;
    p4.ext = ext4;
    CHECK(nqpf_lp_solve_from(lp, &p4, head) == NQPF_LP_OPTIMAL);
    double warm = nqpf_lp_objective(lp);
    CHECK(nqpf_lp_solve(lp, &p4) == NQPF_LP_OPTIMAL);
    CHECK_REL(warm, nqpf_lp_objective(lp), 1e-14);
    CHECK_REL(warm, 5.0 / 7, 1e-14);
    /* not a basis (a variable twice): falls back to a fresh solve */
    size_t dup[3] = {0, 0, 5};
    CHECK(nqpf_lp_solve_from(lp, &p4, dup) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), 5.0 / 7, 1e-14);
    /* column generation: firm 1 against firms 4 and 3 first (theta = 1: a
     * third of firm 3), then firms 2 and 5 appended: theta = 0.5 */
    double sub[] = {3, 2, 1, 6, 6, 3, 2, 4, 2, 6, 2, 2};
    nqpf_lp_prob q = {3, 2, sub, NULL, -1, 1, D1_EXT, D1_EC, D1_ELO, D1_EHI, D1_RT, D1_B};
    CHECK(nqpf_lp_solve(lp, &q) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), 1.0, 1e-14);
    q.n_ref = 4;
    CHECK(nqpf_lp_add_columns(lp, &q) == NQPF_LP_OPTIMAL);
    CHECK_REL(nqpf_lp_objective(lp), 0.5, 1e-14);
    nqpf_lp_free(lp);
}

/* A tiny xorshift generator: the test's LPs do not depend on nqpf_rng. */
static double uniform(unsigned long long *st)
{
    *st ^= *st << 13;
    *st ^= *st >> 7;
    *st ^= *st << 17;
    return (double)(*st >> 11) / 9007199254740992.0;
}

/* Warm starts through the dual simplex.  Random input-oriented VRS DEA LPs
 * (40 units, 2 inputs, 2 outputs): every unit solved from the previous
 * unit's optimal basis (dual feasible, usually not primal feasible) must
 * reach a fresh solve's optimum, and from arbitrary bases (neither
 * feasible) too; a unit no reference mix can match is infeasible from any
 * start. */
static void test_dual_warm_starts(void)
{
    enum { N = 40, M = 2, S = 2, R = M + S + 1 };
    double A[R * N], ext[R], b[R];
    static const double ec[] = {1}, elo[] = {-INFINITY}, ehi[] = {INFINITY};
    int rt[R];
    for (int k = 0; k < R; k++)
        rt[k] = k < M ? NQPF_LP_LE : k < M + S ? NQPF_LP_GE : NQPF_LP_EQ;
    nqpf_lp *warm = nqpf_lp_new(R, N + 1), *fresh = nqpf_lp_new(R, N + 1);
    unsigned long long st = 0x9e3779b97f4a7c15ULL;
    size_t head[R], solved = 0, via_dual = 0, arbitrary = 0;
    double worst = 0;
    nqpf_lp_prob p = {R, N, A, NULL, -1, 1, ext, ec, elo, ehi, rt, b};
    for (int trial = 0; trial < 50; trial++) {
        for (int j = 0; j < N; j++)
            for (int k = 0; k < R; k++)
                A[j * R + k] = k < M + S ? 1.0 + 9.0 * uniform(&st) : 1.0;
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < R; k++) {
                ext[k] = k < M ? -A[i * R + k] : 0.0;
                b[k] = k < M ? 0.0 : k < M + S ? A[i * R + k] : 1.0;
            }
            CHECK(nqpf_lp_solve(fresh, &p) == NQPF_LP_OPTIMAL);
            double want = nqpf_lp_objective(fresh);
            if (i > 0) {
                CHECK(nqpf_lp_solve_from(warm, &p, head) == NQPF_LP_OPTIMAL);
                worst = fmax(worst, fabs(nqpf_lp_objective(warm) - want) / want);
                via_dual += nqpf_lp_dual_iterations(warm) > 0;
                solved++;
            } else {
                CHECK(nqpf_lp_solve(warm, &p) == NQPF_LP_OPTIMAL);
            }
            nqpf_lp_basis(warm, head);
            /* an arbitrary start: R distinct variables drawn at random */
            size_t any[R];
            for (int k = 0; k < R; k++) {
                int dup;
                do {
                    any[k] = (size_t)(uniform(&st) * (N + 1 + R));
                    dup = 0;
                    for (int l = 0; l < k; l++)
                        dup |= any[l] == any[k];
                } while (dup);
            }
            CHECK(nqpf_lp_solve_from(fresh, &p, any) == NQPF_LP_OPTIMAL);
            worst = fmax(worst, fabs(nqpf_lp_objective(fresh) - want) / want);
            arbitrary += nqpf_lp_dual_iterations(fresh) > 0;
        }
    }
    fprintf(stderr, "  %zu warm starts, %zu through dual pivots; %zu arbitrary starts through dual pivots; "
                    "worst rel diff %.3g\n", solved, via_dual, arbitrary, worst);
    CHECK(worst <= 1e-12);
    CHECK(via_dual * 2 > solved);
    CHECK(arbitrary > 0);
    /* a unit with more of output 1 than any reference unit: infeasible */
    b[M] = 11.0;
    CHECK(nqpf_lp_solve_from(warm, &p, head) == NQPF_LP_INFEASIBLE);
    nqpf_lp_free(warm);
    nqpf_lp_free(fresh);
}

static void test_too_big(void)
{
    nqpf_lp *lp = nqpf_lp_new(1, 1);
    double A[] = {1, 1, 1, 1};
    double c[] = {1, 1};
    int rt[] = {NQPF_LP_GE, NQPF_LP_LE};
    double b[] = {5, 3};
    CHECK(solve_ref(lp, 2, 2, A, c, rt, b) == NQPF_LP_NUMERIC);
    nqpf_lp_free(lp);
}

int main(void)
{
    RUN(test_small_optimum);
    RUN(test_warm_starts);
    RUN(test_dual_warm_starts);
    RUN(test_phase1_ge_eq);
    RUN(test_infeasible);
    RUN(test_unbounded);
    RUN(test_beale_degenerate);
    RUN(test_free_column_and_resolve);
    RUN(test_too_big);
    return test_done();
}
