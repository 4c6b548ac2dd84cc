/* EBM parameters (Tone & Tsutsui 2010): the affinity matrix, eps and the
 * weights on cases derived by hand, and the radial limit eps = 0. */
#include <math.h>

#include "nqpf/dea.h"
#include "test.h"

/* a = (1, 2, 4), b = (2, 2, 2): c = ln(b/a) = (ln 2, 0, -ln 2), mean 0,
 * sum |c - mean| = 2 ln 2, range 2 ln 2, so D = 2 ln 2 / (3 * 2 ln 2) = 1/3
 * and S = 1 - 2/3 = 1/3.  S = [[1, 1/3], [1/3, 1]] has rho = 4/3 with the
 * eigenvector (1, 1): eps = (2 - 4/3) / (2 - 1) = 2/3, w = (1/2, 1/2). */
static void test_hand_pair(void)
{
    const double v[] = {1, 2, 2, 2, 4, 2};
    const size_t off[] = {0, 1};
    double S[4], eps, w[2];
    nqpf_dea_affinity(v, 3, 2, off, 2, S);
    CHECK_REL(S[0], 1.0, 0);
    CHECK_REL(S[1], 1.0 / 3, 1e-15);
    CHECK_REL(S[2], 1.0 / 3, 1e-15);
    nqpf_dea_ebm_eps(S, 2, &eps, w);
    CHECK_REL(eps, 2.0 / 3, 1e-14);
    CHECK_REL(w[0], 0.5, 1e-14);
    CHECK_REL(w[1], 0.5, 1e-14);
    /* a unit with a zero in the pair is left out of that pair's index:
     * the same pair after a unit (0, 5) has the same S */
    const double v0[] = {0, 5, 1, 2, 2, 2, 4, 2};
    nqpf_dea_affinity(v0, 4, 2, off, 2, S);
    CHECK_REL(S[1], 1.0 / 3, 1e-15);
}

/* Proportional columns: c is constant, D = 0, S = 1 everywhere, rho = k and
 * eps = 0 (the radial model), w uniform.  Half the units at each end of
 * the range: D = 1/2, S = 0, rho = 1, eps = 1 (unrelated columns). */
static void test_extremes(void)
{
    const double prop[] = {1, 2, 3, 2, 4, 6, 5, 10, 15};
    const size_t off[] = {0, 1, 2};
    double S[9], eps, w[3];
    nqpf_dea_affinity(prop, 3, 3, off, 3, S);
    for (int i = 0; i < 9; i++)
        CHECK_REL(S[i], 1.0, 1e-15);
    nqpf_dea_ebm_eps(S, 3, &eps, w);
    CHECK(fabs(eps) < 1e-14);
    for (int i = 0; i < 3; i++)
        CHECK_REL(w[i], 1.0 / 3, 1e-14);
    const double split[] = {1, 1, 1, 2};
    nqpf_dea_affinity(split, 2, 2, off, 2, S);
    CHECK(fabs(S[1]) < 1e-15);
    nqpf_dea_ebm_eps(S, 2, &eps, w);
    CHECK_REL(eps, 1.0, 1e-14);
    /* one column: eps 0, weight 1 */
    nqpf_dea_ebm_eps(S, 1, &eps, w);
    CHECK(eps == 0 && w[0] == 1);
}

/* eps = 0: EBM is the radial model.  DEAP example 1 (Coelli 1996), firm 3
 * (6, 6; 3) has CRS input efficiency 5/6 (2 inputs, 1 output). */
static void test_radial_limit(void)
{
    static const double X[] = {2, 5, 2, 4, 6, 6, 3, 2, 6, 2};
    static const double Y[] = {1, 2, 3, 1, 2};
    nqpf_dea_spec sp = {.model = NQPF_DEA_EBM, .rts = NQPF_DEA_CRS, .orient = NQPF_DEA_IN, .m = 2, .s = 1,
                        .epsilon_set = 1, .epsilon = 0};
    nqpf_error err;
    CHECK(nqpf_dea_ebm_params(&sp, X, Y, NULL, 5, &err) == NQPF_OK);
    nqpf_dea_job job = {.spec = sp, .n = 5, .x = X, .y = Y};
    nqpf_dea_out out;
    CHECK(nqpf_dea_run(&job, &out, &err) == NQPF_OK);
    CHECK_REL(out.eff[2], 5.0 / 6, 1e-14);
    nqpf_dea_out_free(&out);
}

int main(void)
{
    RUN(test_hand_pair);
    RUN(test_extremes);
    RUN(test_radial_limit);
    return test_done();
}
