/* Kernel weights against libpysal's test literals (weights/tests/
 * test_distance.py Test_Kernel, the six points (10,10) (20,10) (40,10)
 * (15,20) (30,20) (30,30)): default fixed triangular, fixed 15, adaptive
 * triangular and gaussian with k = 2. */
#include "test.h"
#include "nqpf/spatial.h"

static const double X[6] = {10, 20, 40, 15, 30, 30}, Y[6] = {10, 10, 10, 20, 20, 30};
static char *ID[6] = {"0", "1", "2", "3", "4", "5"};

/* weight of the link i -> j, 0 when absent */
static double wij(const nqpf_weights *w, size_t i, size_t j)
{
    for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
        if (w->nbr[q] == j)
            return w->w[q];
    return 0;
}

static void test_kernels(void)
{
    nqpf_weights *w = NULL;
    nqpf_error err;
    double h[6];
    /* fixed, default bandwidth: (1 + 1e-7) x the largest 2nd-neighbour distance (20) */
    CHECK(nqpf_weights_kernel(&w, 6, ID, X, Y, NQPF_SKERNEL_TRIANGULAR, 0, NAN, 2, NQPF_METRIC_EUCLIDEAN, h, &err) == 0);
    CHECK_REL(wij(w, 0, 1), 0.500000049999995, 1e-12);
    CHECK_REL(wij(w, 0, 3), 0.4409830615267465, 1e-12);
    CHECK(nqpf_weights_card(w, 0) == 2);
    CHECK_REL(h[3], 20.000002, 1e-15);
    nqpf_weights_free(w);
    /* fixed bandwidth 15 */
    CHECK(nqpf_weights_kernel(&w, 6, ID, X, Y, NQPF_SKERNEL_TRIANGULAR, 0, 15, 2, NQPF_METRIC_EUCLIDEAN, h, &err) == 0);
    CHECK_REL(wij(w, 0, 1), 0.33333333333333337, 1e-12);
    CHECK_REL(wij(w, 0, 3), 0.2546440075000701, 1e-12);
    CHECK(h[5] == 15);
    nqpf_weights_free(w);
    /* adaptive triangular: bandwidths and unit 0's weights */
    static const double abw[6] = {11.180341005532938, 11.180341005532938, 20.000002000000002,
                                  11.180341005532938, 14.142137037944515, 18.027758180095585};
    CHECK(nqpf_weights_kernel(&w, 6, ID, X, Y, NQPF_SKERNEL_TRIANGULAR, 1, NAN, 2, NQPF_METRIC_EUCLIDEAN, h, &err) == 0);
    for (int i = 0; i < 6; i++)
        CHECK_REL(h[i], abw[i], 1e-12);
    CHECK_REL(wij(w, 0, 1), 0.10557289844279438, 1e-9);
    CHECK_REL(wij(w, 0, 3), 9.9999990066379496e-08, 1e-6); /* 1 - d/h at d ~ h: few significant digits */
    nqpf_weights_free(w);
    /* adaptive gaussian; the diagonal libpysal stores would be K(0) = 0.3989422804014327 */
    CHECK(nqpf_weights_kernel(&w, 6, ID, X, Y, NQPF_SKERNEL_GAUSSIAN, 1, NAN, 2, NQPF_METRIC_EUCLIDEAN, h, &err) == 0);
    CHECK_REL(wij(w, 0, 1), 0.26741902915776961, 1e-12);
    CHECK_REL(wij(w, 0, 3), 0.24197074871621341, 1e-12);
    CHECK_REL(nqpf_skernel_value(NQPF_SKERNEL_GAUSSIAN, 0), 0.3989422804014327, 1e-15);
    nqpf_weights_free(w);
    /* the other kernels at z = 1/2 (libpysal's formulas) */
    CHECK(nqpf_skernel_value(NQPF_SKERNEL_UNIFORM, 0.5) == 0.5);
    CHECK_REL(nqpf_skernel_value(NQPF_SKERNEL_QUADRATIC, 0.5), 0.5625, 1e-15);
    CHECK_REL(nqpf_skernel_value(NQPF_SKERNEL_QUARTIC, 0.5), 15.0 / 16 * 0.5625, 1e-15);
    /* errors */
    CHECK(nqpf_weights_kernel(&w, 6, ID, X, Y, NQPF_SKERNEL_TRIANGULAR, 1, NAN, 6, NQPF_METRIC_EUCLIDEAN, h, &err) ==
          NQPF_EUSAGE);
    CHECK(w == NULL);
}

int main(void)
{
    RUN(test_kernels);
    return test_done();
}
