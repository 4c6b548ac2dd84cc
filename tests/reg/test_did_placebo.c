/* nqpf did's placebo draws: the fast path (y and x demeaned once, only the
 * permuted D demeaned per draw) equals a whole nqpf reg fit per draw, on a
 * synthetic unbalanced panel with a covariate, a missing outcome and a
 * singleton unit; and the TWFE fit's D coefficient is the first term. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/reg.h"
#include "../../src/reg/did_internal.h"
#include "test.h"

static double unif(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) * (1.0 / 9007199254740992.0);
}

static void test_fast_placebo_equals_refit(void)
{
    enum { N = 40, T = 6, NX = 1 };
    size_t n = 0;
    static double y[N * T], x[N * T], t[N * T], tval[T], G[N];
    static size_t unit[N * T], slot[N * T], fe_u[N * T], fe_t[N * T];
    uint64_t s = 42;
    for (size_t u = 0; u < N; u++) {
        double r = unif(&s);
        G[u] = r < 0.4 ? 0.0 : r < 0.6 ? 2003.0 : r < 0.8 ? 2004.0 : 2006.0;
    }
    for (size_t k = 0; k < T; k++)
        tval[k] = 2001.0 + (double)k;
    for (size_t u = 0; u < N; u++)
        for (size_t k = 0; k < T; k++) {
            if ((u % 7 == 3 && k == 2) || (u == N - 1 && k > 0)) /* unbalanced; the last unit a singleton */
                continue;
            unit[n] = u, slot[n] = k, t[n] = tval[k];
            fe_u[n] = u, fe_t[n] = k;
            x[n] = unif(&s);
            double D = G[u] > 0 && t[n] >= G[u];
            y[n] = 0.3 * (double)u / N + 0.1 * (double)k + 0.5 * D + 0.2 * x[n] + unif(&s);
            if (u == 5 && k == 4)
                y[n] = NAN; /* dropped listwise */
            n++;
        }
    did_data d;
    memset(&d, 0, sizeof d);
    d.n = n, d.y = y, d.nx = NX, d.x[0] = x, d.xname[0] = "x";
    d.unit = unit, d.N = N, d.t = t, d.slot = slot, d.T = T, d.tval = tval, d.G = G;
    d.n_fe = 2, d.fe[0] = fe_u, d.fe[1] = fe_t, d.fe_name[0] = "unit", d.fe_name[1] = "year";
    d.n_cl = 1, d.cl[0] = fe_u, d.cl_name[0] = "unit";
    nqpf_reg_fit fit;
    nqpf_error err;
    CHECK(did_twfe(&d, G, NQPF_REG_CLUSTER, &fit, &err) == NQPF_OK);
    CHECK(fit.n_singletons == 1 && fit.n_missing == 1);
    CHECK_STR(fit.main.term[0], "D");
    enum { B = 50 };
    double fast[B], slow[B];
    CHECK(did_placebo(&d, fit.in_sample, B, 7, fast, &err) == NQPF_OK);
    CHECK(did_placebo_refit(&d, B, 7, slow, &err) == NQPF_OK);
    int finite = 0;
    for (size_t r = 0; r < B; r++) {
        CHECK(isnan(fast[r]) == isnan(slow[r]));
        if (!isnan(slow[r])) {
            CHECK_REL(fast[r], slow[r], 1e-9);
            finite++;
        }
    }
    CHECK(finite > B / 2);
    nqpf_reg_fit_free(&fit);
}

int main(void)
{
    RUN(test_fast_placebo_equals_refit);
    return test_done();
}
