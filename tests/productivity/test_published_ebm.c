/* EBM parameters against the printed examples of Tone & Tsutsui (2010), EJOR
 * 207:1554 (GRIPS DP 09-21): the affinity matrix, eps and w that the paper
 * prints for its projected data, and the whole chain affinity -> eps -> EBM
 * LP -> the printed Table 13 scores.  The data are the paper's (copied in
 * tests/ref/published/, README.md there); the CLI side, with the additive
 * projections, is test_published_ebm.py.  Printed numbers are compared at
 * half a unit in their last digit. */
#include <math.h>

#include "nqpf/dea.h"
#include "test.h"

#define HALF3 (0.5e-3 + 1e-12) /* half a unit in the third decimal */

/* Table 10: the hospitals' inputs (doctors, nurses) projected by the
 * additive model (eq. 19), as printed to 2 decimals. */
static const double T10[] = {20.00, 151.00, 19.00, 131.00, 24.59, 160.00, 27.00, 168.00,
                             22.00, 156.79, 35.06, 255.00, 33.00, 235.00, 27.44, 206.00,
                             30.00, 223.45, 50.00, 268.00, 53.00, 306.00, 38.00, 284.00};

/* The paper prints D = 0.265, S = 0.471, rho = 1.471, eps = 0.529 and
 * w = (0.5, 0.5) for Table 10.  With k = 2, rho = 1 + S and eps = 2 - rho.
 * DEAPack's independent numpy computation of the same formulas gives
 * eps = 0.529398023102911 (its tests/test_tone_tsutsui_2010_ebm_ic_source.py). */
static void test_hospital_affinity(void)
{
    const size_t off[] = {0, 1};
    double S[4], eps, w[2];
    nqpf_dea_affinity(T10, 12, 2, off, 2, S);
    CHECK_ABS((1 - S[1]) / 2, 0.265, HALF3);
    CHECK_ABS(S[1], 0.471, HALF3);
    CHECK(S[1] == S[2] && S[0] == 1 && S[3] == 1);
    nqpf_dea_ebm_eps(S, 2, &eps, w);
    CHECK_ABS(2 - eps, 1.471, HALF3);
    CHECK_ABS(eps, 0.529, HALF3);
    CHECK_REL(eps, 0.529398023102911, 1e-12);
    CHECK_ABS(w[0], 0.5, 1e-15);
    CHECK_ABS(w[1], 0.5, 1e-15);
}

/* Examples 1 and 2: the projections of example 1 all coincide at (1, 1)
 * (affinity 1, eps 0: the radial model); those of example 2 are (2,6),
 * (6,3), (6,3), (2,6), whose log ratios split into two equal clumps
 * (affinity 0, eps 1), and the paper prints w = (0.5, 0.5). */
static void test_examples_affinity(void)
{
    const size_t off[] = {0, 1};
    const double ex1[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    const double ex2[] = {2, 6, 6, 3, 6, 3, 2, 6};
    double S[4], eps, w[2];
    nqpf_dea_affinity(ex1, 6, 2, off, 2, S);
    CHECK(S[1] == 1);
    nqpf_dea_ebm_eps(S, 2, &eps, w);
    CHECK_ABS(eps, 0, 1e-15);
    nqpf_dea_affinity(ex2, 4, 2, off, 2, S);
    CHECK_ABS(S[1], 0, 1e-15);
    nqpf_dea_ebm_eps(S, 2, &eps, w);
    CHECK_ABS(eps, 1, 1e-15);
    CHECK_ABS(w[0], 0.5, 1e-15);
    CHECK_ABS(w[1], 0.5, 1e-15);
}

/* The chain: eps from Table 10, the EBM input-oriented CRS LP on the
 * observed data (Table 9), the printed Table 13 scores. */
static void test_hospital_chain(void)
{
    static const double X[] = {20, 151, 19, 131, 25, 160, 27, 168, 22, 158, 55, 255,
                               33, 235, 31, 206, 30, 244, 50, 268, 53, 306, 38, 284};
    static const double Y[] = {100, 90, 150, 50, 160, 55, 180, 72, 94, 66, 230, 90,
                               220, 88, 152, 80, 190, 100, 250, 100, 260, 147, 250, 120};
    static const double printed[] = {1,     1,     0.868, 0.986, 0.761, 0.771,
                                     0.898, 0.788, 0.931, 0.829, 0.912, 0.946};
    const size_t off[] = {0, 1};
    double S[4], eps, w[2];
    nqpf_dea_affinity(T10, 12, 2, off, 2, S);
    nqpf_dea_ebm_eps(S, 2, &eps, w);
    nqpf_dea_spec sp = {.model = NQPF_DEA_EBM, .rts = NQPF_DEA_CRS, .orient = NQPF_DEA_IN, .m = 2, .s = 2,
                        .epsilon_set = 1, .epsilon = eps};
    nqpf_error err;
    REQUIRE(nqpf_dea_ebm_params(&sp, X, Y, NULL, 12, &err) == NQPF_OK);
    nqpf_dea_job job = {.spec = sp, .n = 12, .x = X, .y = Y};
    nqpf_dea_out out;
    REQUIRE(nqpf_dea_run(&job, &out, &err) == NQPF_OK);
    for (int j = 0; j < 12; j++)
        CHECK_ABS(out.eff[j], printed[j], HALF3);
    nqpf_dea_out_free(&out);
}

int main(void)
{
    RUN(test_hospital_affinity);
    RUN(test_examples_affinity);
    RUN(test_hospital_chain);
    return test_done();
}
