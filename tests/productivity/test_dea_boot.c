/* The Simar–Wilson bootstrap (dea_boot.h): the deterministic pieces against
 * DataEnvelopmentAnalysis.jl and a hand derivation, column generation
 * against scoring every pseudo unit, the resampling step, and the coverage
 * of the intervals in a Monte Carlo with a known frontier. */
#include <math.h>

#include "nqpf/dea_boot.h"
#include "nqpf/rng.h"
#include "test.h"

/* tests/ref/cases/productivity/jl_deaboot_deterministic (DEAP eg4 year 1) */
static const double JX[] = {2, 4, 3, 5, 6};
static const double JY[] = {1, 2, 3, 4, 5};

static nqpf_dea_spec radial(nqpf_dea_rts rts, nqpf_dea_orient o, size_t m, size_t s)
{
    nqpf_dea_spec sp = {.model = NQPF_DEA_RADIAL, .rts = rts, .orient = o, .m = m, .s = s};
    return sp;
}

static double sd(const double *v, size_t n)
{
    double mu = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        mu += v[i] / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mu) * (v[i] - mu);
    return sqrt(ss / (double)(n - 1));
}

static void test_julia_case(void)
{
    nqpf_error err;
    /* input orientation, VRS: theta = 1, 5/8, 1, 9/10, 1 (case expected.csv) */
    nqpf_dea_spec sp = radial(NQPF_DEA_VRS, NQPF_DEA_IN, 1, 1);
    nqpf_dea_boot *bt = NULL;
    CHECK(nqpf_dea_boot_new(&bt, &sp, JX, JY, 5, 0.0, 1, 0, 0, &err) == NQPF_OK);
    if (!bt)
        return;
    const double theta[] = {1, 0.625, 1, 0.9, 1};
    for (size_t i = 0; i < 5; i++)
        CHECK_REL(1.0 / bt->delta[i], theta[i], 1e-12);
    /* DataEnvelopmentAnalysis.jl prints h = 0.1341004 (7 digits) */
    CHECK_ABS(bt->h, 0.1341004, 5e-8);
    /* by hand: the 2m set {0.625, 0.9, 1.375, 1.1} has sd sqrt(0.30125/3)
     * and type-7 IQR 1.16875 - 0.83125 = 0.3375 < 1.349 sd; delta = 1/theta */
    double s2m = sqrt(0.30125 / 3), dl[] = {1, 1.6, 1, 1 / 0.9, 1};
    double h = 0.9 * (0.3375 / 1.349) * pow(4.0, -0.2) * pow(4.0 / 5.0, 0.2) * sd(dl, 5) / s2m;
    CHECK_REL(bt->h, h, 1e-12);
    /* 2n set variance: 2 sum (delta - 1)^2 / (2n - 1) */
    CHECK_REL(bt->var2n, 2 * (0.36 + 1.0 / 81) / 9, 1e-12);
    nqpf_dea_boot_free(bt);

    /* output orientation, VRS: phi = 1, 11/6, 1, 13/12, 1; h = 0.1398634 */
    sp = radial(NQPF_DEA_VRS, NQPF_DEA_OUT, 1, 1);
    CHECK(nqpf_dea_boot_new(&bt, &sp, JX, JY, 5, 0.0, 1, 0, 0, &err) == NQPF_OK);
    if (!bt)
        return;
    const double phi[] = {1, 11.0 / 6, 1, 13.0 / 12, 1};
    for (size_t i = 0; i < 5; i++)
        CHECK_REL(bt->delta[i], phi[i], 1e-12);
    CHECK_ABS(bt->h, 0.1398634, 5e-8);
    nqpf_dea_boot_free(bt);

    /* a given bandwidth is used as it is */
    CHECK(nqpf_dea_boot_new(&bt, &sp, JX, JY, 5, 0.25, 1, 0, 0, &err) == NQPF_OK);
    if (bt)
        CHECK(bt->h == 0.25);
    nqpf_dea_boot_free(bt);
}

static void test_errors(void)
{
    nqpf_error err;
    nqpf_dea_boot *bt = NULL;
    nqpf_dea_spec sp = radial(NQPF_DEA_VRS, NQPF_DEA_IN, 1, 1);
    /* every unit efficient: no rule-of-thumb bandwidth */
    const double ex[] = {1, 2, 3}, ey[] = {1, 2, 3};
    CHECK(nqpf_dea_boot_new(&bt, &sp, ex, ey, 3, 0.0, 1, 0, 0, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "--bandwidth") != NULL && bt == NULL);
    /* ... but a given one works */
    CHECK(nqpf_dea_boot_new(&bt, &sp, ex, ey, 3, 0.1, 1, 0, 0, &err) == NQPF_OK);
    nqpf_dea_boot_free(bt);
    bt = NULL;
    /* models outside Simar-Wilson's radial setting */
    sp.model = NQPF_DEA_SBM;
    CHECK(nqpf_dea_boot_new(&bt, &sp, JX, JY, 5, 0.0, 1, 0, 0, &err) == NQPF_EUSAGE);
    sp = radial(NQPF_DEA_VRS, NQPF_DEA_IN, 1, 1);
    sp.super = 1;
    CHECK(nqpf_dea_boot_new(&bt, &sp, JX, JY, 5, 0.0, 1, 0, 0, &err) == NQPF_EUSAGE);
    /* a unit with zero input has no input-oriented score */
    sp = radial(NQPF_DEA_CRS, NQPF_DEA_IN, 1, 1);
    const double zx[] = {2, 0, 3}, zy[] = {1, 1, 2};
    CHECK(nqpf_dea_boot_new(&bt, &sp, zx, zy, 3, 0.1, 1, 0, 0, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "unit 1") != NULL);
    /* level outside (0, 1) */
    sp = radial(NQPF_DEA_VRS, NQPF_DEA_IN, 1, 1);
    CHECK(nqpf_dea_boot_new(&bt, &sp, JX, JY, 5, 0.0, 1, 0, 0, &err) == NQPF_OK);
    if (bt) {
        double d[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, v[6 * 5];
        size_t ok[5];
        nqpf_dea_boot_stats st = {v, v + 5, v + 10, v + 15, v + 20, v + 25, ok};
        CHECK(nqpf_dea_boot_summary(bt, d, 2, 1.0, &st, &err) == NQPF_EUSAGE);
    }
    nqpf_dea_boot_free(bt);
}

/* With h = 0 a draw is a plain resample of the reflected set, reflected
 * back: every pseudo distance is one of the plain distances, each about
 * equally often. */
static void test_draw_without_smoothing(void)
{
    nqpf_error err;
    nqpf_dea_spec sp = radial(NQPF_DEA_VRS, NQPF_DEA_IN, 1, 1);
    nqpf_dea_boot *bt = NULL;
    CHECK(nqpf_dea_boot_new(&bt, &sp, JX, JY, 5, 1e-300, 7, 0, 0, &err) == NQPF_OK);
    if (!bt)
        return;
    /* distances are 1, 1.6, 1, 1.11.., 1: in [1, 2), where 2 - (2 - d) = d
     * exactly (Sterbenz), so draws must match exactly */
    size_t count[3] = {0, 0, 0}, total = 0;
    double ds[5];
    for (size_t b = 0; b < 4000; b++) {
        nqpf_dea_boot_draw(bt, b, ds);
        for (size_t i = 0; i < 5; i++, total++) {
            if (ds[i] == 1.0)
                count[0]++;
            else if (ds[i] == bt->delta[1])
                count[1]++;
            else if (ds[i] == bt->delta[3])
                count[2]++;
        }
    }
    CHECK(count[0] + count[1] + count[2] == total);
    /* expected shares 3/5, 1/5, 1/5; 20000 draws: sd of a share <= 0.0035 */
    CHECK_ABS((double)count[0] / (double)total, 0.6, 0.02);
    CHECK_ABS((double)count[1] / (double)total, 0.2, 0.02);
    /* the same replication gives the same draws (stream = replication) */
    double a[5], c[5];
    nqpf_dea_boot_draw(bt, 123, a);
    nqpf_dea_boot_draw(bt, 123, c);
    CHECK(memcmp(a, c, sizeof a) == 0);
    nqpf_dea_boot_free(bt);
}

/* Generated technology: total output prod x^(0.8/m) split in random shares,
 * half-normal input inefficiency; returns the true Farrell input efficiency
 * in theta (exact for s = 1). */
static void generate(nqpf_rng *r, size_t n, size_t m, size_t s, double *x, double *y, double *theta)
{
    for (size_t j = 0; j < n; j++) {
        double core = 1.0;
        for (size_t k = 0; k < m; k++) {
            x[j * m + k] = 1.0 + 9.0 * nqpf_rng_uniform(r);
            core *= pow(x[j * m + k], 0.8 / (double)m);
        }
        double u = fabs(0.3 * nqpf_rng_normal(r)), wsum = 0;
        for (size_t k = 0; k < s; k++)
            wsum += y[j * s + k] = 0.5 + nqpf_rng_uniform(r);
        for (size_t k = 0; k < s; k++) /* output mix; s = 1: y = core */
            y[j * s + k] *= core / wsum;
        /* inefficiency as extra input: x = x_frontier e^u, theta = e^-u */
        for (size_t k = 0; k < m; k++)
            x[j * m + k] *= exp(u);
        if (theta)
            theta[j] = exp(-u);
    }
}

/* Column generation must give the scores of a solve over every column. */
static void test_column_generation_matches_full(void)
{
    nqpf_error err;
    size_t n = 300, m = 3, s = 2, B = 12;
    double *x = malloc(n * m * sizeof *x), *y = malloc(n * s * sizeof *y);
    double *d1 = malloc(n * B * sizeof *d1), *d2 = malloc(n * B * sizeof *d2);
    nqpf_rng r;
    nqpf_rng_init(&r, 42, 0);
    generate(&r, n, m, s, x, y, NULL);
    for (int o = 0; o < 2; o++)
        for (int rts = 0; rts < 4; rts++) {
            nqpf_dea_spec sp = radial((nqpf_dea_rts)rts, o ? NQPF_DEA_OUT : NQPF_DEA_IN, m, s);
            nqpf_dea_boot *cg = NULL, *full = NULL;
            CHECK(nqpf_dea_boot_new(&cg, &sp, x, y, n, 0.0, 9, 0, 0, &err) == NQPF_OK);
            CHECK(nqpf_dea_boot_new(&full, &sp, x, y, n, 0.0, 9, 0, 1, &err) == NQPF_OK);
            if (!cg || !full)
                continue;
            CHECK(nqpf_dea_boot_run(cg, 0, B, d1, &err) == NQPF_OK);
            CHECK(nqpf_dea_boot_run(full, 0, B, d2, &err) == NQPF_OK);
            double worst = 0;
            for (size_t k = 0; k < n * B; k++)
                worst = fmax(worst, fabs(d1[k] - d2[k]) / d2[k]);
            if (worst > 1e-10)
                fprintf(stderr, "  orient %d rts %d: column generation differs by %.3g\n", o, rts, worst);
            CHECK(worst <= 1e-10);
            nqpf_dea_boot_free(cg);
            nqpf_dea_boot_free(full);
        }
    free(x);
    free(y);
    free(d1);
    free(d2);
}

/* Monte Carlo: n = 100 units, 1 input, 1 output, VRS, input orientation;
 * 40 samples of B = 400.  The percentile intervals must cover the true
 * efficiency about as often as Simar & Wilson (1998, 2000) report for the
 * smoothed bootstrap at this size, and bias correction must move the plain
 * scores towards the truth on average.  */
static void test_coverage(void)
{
    nqpf_error err;
    size_t n = 100, B = 400, trials = 40, covered = 0, total = 0;
    double mse_plain = 0, mse_bc = 0;
    double x[100], y[100], th[100], *d = malloc(n * B * sizeof *d), v[6 * 100];
    size_t ok[100];
    nqpf_dea_boot_stats st = {v, v + n, v + 2 * n, v + 3 * n, v + 4 * n, v + 5 * n, ok};
    nqpf_dea_spec sp = radial(NQPF_DEA_VRS, NQPF_DEA_IN, 1, 1);
    for (size_t t = 0; t < trials; t++) {
        nqpf_rng r;
        nqpf_rng_init(&r, 2024, t);
        generate(&r, n, 1, 1, x, y, th);
        nqpf_dea_boot *bt = NULL;
        if (nqpf_dea_boot_new(&bt, &sp, x, y, n, 0.0, 77, 0, 0, &err) != NQPF_OK ||
            nqpf_dea_boot_run(bt, 0, B, d, &err) != NQPF_OK ||
            nqpf_dea_boot_summary(bt, d, B, 0.95, &st, &err) != NQPF_OK) {
            CHECK(0);
            nqpf_dea_boot_free(bt);
            break;
        }
        for (size_t i = 0; i < n; i++) {
            covered += st.lo[i] <= th[i] && th[i] <= st.hi[i];
            total++;
            mse_plain += (st.eff[i] - th[i]) * (st.eff[i] - th[i]);
            mse_bc += (st.eff_bc[i] - th[i]) * (st.eff_bc[i] - th[i]);
            CHECK(st.lo[i] <= st.eff_bc[i] && st.eff_bc[i] <= st.hi[i] + 1e-12);
            CHECK(st.eff_bc[i] <= st.eff[i]);
        }
        nqpf_dea_boot_free(bt);
    }
    double cov = (double)covered / (double)total;
    fprintf(stderr, "  coverage of 95%% intervals %.3f, rmse plain %.4f, bias-corrected %.4f\n", cov,
            sqrt(mse_plain / (double)total), sqrt(mse_bc / (double)total));
    CHECK(cov > 0.85 && cov < 0.99);
    CHECK(mse_bc < mse_plain);
    free(d);
}

int main(void)
{
    RUN(test_julia_case);
    RUN(test_errors);
    RUN(test_draw_without_smoothing);
    RUN(test_column_generation_matches_full);
    RUN(test_coverage);
    return test_done();
}
