/* Unit tests of src/spreg: ln|I - rho W| and traces against dense algebra,
 * the information-matrix covariance against a numerical Hessian, panel and
 * bad-input errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/spreg.h"
#include "test.h"

/* determinant of a dense n x n matrix (row-major, destroyed) by elimination with pivoting */
static double det(double *a, size_t n)
{
    double d = 1;
    for (size_t c = 0; c < n; c++) {
        size_t p = c;
        for (size_t r = c + 1; r < n; r++)
            if (fabs(a[r * n + c]) > fabs(a[p * n + c]))
                p = r;
        if (a[p * n + c] == 0)
            return 0;
        if (p != c) {
            for (size_t j = 0; j < n; j++) {
                double t = a[c * n + j];
                a[c * n + j] = a[p * n + j];
                a[p * n + j] = t;
            }
            d = -d;
        }
        d *= a[c * n + c];
        for (size_t r = c + 1; r < n; r++) {
            double f = a[r * n + c] / a[c * n + c];
            for (size_t j = c; j < n; j++)
                a[r * n + j] -= f * a[c * n + j];
        }
    }
    return d;
}

static char *IDS[] = {"a", "b", "c", "d", "e", "f", "g"};

/* a ring of 7 with chords; sym = symmetric links, else one-way extras */
static nqpf_weights *make_w(int sym, char style)
{
    size_t from[32], to[32], m = 0;
    double wt[32];
    for (size_t i = 0; i < 7; i++) {
        from[m] = i, to[m] = (i + 1) % 7, wt[m++] = 1;
        from[m] = (i + 1) % 7, to[m] = i, wt[m++] = 1;
    }
    from[m] = 0, to[m] = 3, wt[m++] = 1;
    from[m] = 3, to[m] = 0, wt[m++] = 1;
    if (!sym) {
        from[m] = 2, to[m] = 5, wt[m++] = 2.5;
        from[m] = 6, to[m] = 2, wt[m++] = 0.7;
    }
    nqpf_weights *w = NULL;
    nqpf_error err;
    if (nqpf_weights_from_edges(&w, 7, IDS, m, from, to, wt, &err) || nqpf_weights_transform(w, style, &err)) {
        nqpf_weights_free(w);
        return NULL;
    }
    return w;
}

static void dense(const nqpf_weights *w, double *a)
{
    memset(a, 0, w->n * w->n * sizeof *a);
    for (size_t i = 0; i < w->n; i++)
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
            a[i * w->n + w->nbr[q]] = w->w[q];
}

static void check_logdet(int sym, char style, int expect_symmetric)
{
    nqpf_weights *w = make_w(sym, style);
    REQUIRE(w != NULL);
    nqpf_spreg_eig e;
    nqpf_error err;
    int rc = nqpf_spreg_eig_compute(&e, w, &err);
    CHECK(rc == 0);
    if (rc) {
        nqpf_weights_free(w);
        return;
    }
    CHECK(e.symmetric == expect_symmetric);
    CHECK(e.lo < 0 && e.hi > 0);
    double wd[49], a[49];
    dense(w, wd);
    static const double rhos[] = {-0.95, -0.5, -0.2, 0.2, 0.5, 0.9, 0.99};
    for (size_t q = 0; q < sizeof rhos / sizeof rhos[0]; q++) {
        double rho = rhos[q], r = rho * (rho < 0 ? -e.lo : e.hi);
        for (size_t i = 0; i < 49; i++)
            a[i] = (i % 8 == 0) - r * wd[i];
        CHECK_REL(nqpf_spreg_logdet(&e, r), log(fabs(det(a, 7))), 1e-12);
        /* tr((I - rW)^-1) by columns of the inverse: solve with Cramer-free elimination */
        double tr = 0;
        for (size_t c = 0; c < 7; c++) {
            double m[49], b[7];
            for (size_t i = 0; i < 49; i++)
                m[i] = (i % 8 == 0) - r * wd[i];
            for (size_t i = 0; i < 7; i++)
                b[i] = i == c;
            /* replace column c by e_c: x_c = det(M_c)/det(M) */
            double m2[49];
            memcpy(m2, m, sizeof m);
            for (size_t i = 0; i < 7; i++)
                m2[i * 7 + c] = b[i];
            double num = det(m2, 7);
            memcpy(m2, m, sizeof m);
            tr += num / det(m2, 7);
        }
        double tai, tg, tg2;
        nqpf_spreg_traces(&e, r, &tai, &tg, &tg2);
        CHECK_REL(tai, tr, 1e-10);
        CHECK_REL(tg, (tai - 7) / r, 1e-8); /* W A^-1 = (A^-1 - I)/r */
    }
    nqpf_spreg_eig_free(&e);
    nqpf_weights_free(w);
}

static void test_logdet_row_standardised(void) { check_logdet(1, 'W', 1); }
static void test_logdet_binary(void) { check_logdet(1, 'B', 1); }
static void test_logdet_general(void) { check_logdet(0, 'W', 0); }

/* simulated SAR panel on the 7-unit W, 6 periods */
static nqpf_spreg_panel *sim_panel(const nqpf_weights *w, double rho, int collinear)
{
    size_t n = 7, t = 6, rows = n * t;
    char *unit[42], *period[42], *xn[2] = {"x1", "x2"};
    char pbuf[6][4];
    double y[42], x[84], e[7], v[7];
    nqpf_rng rng;
    nqpf_rng_init(&rng, 7, 0);
    for (size_t p = 0; p < t; p++) {
        snprintf(pbuf[p], 4, "%zu", 2000 + p - 1990);
        for (size_t i = 0; i < n; i++) {
            size_t r = p * n + i;
            unit[r] = IDS[(i * 3) % 7]; /* not in W's order */
            period[r] = pbuf[p];
            x[r] = nqpf_rng_normal(&rng);
            x[rows + r] = collinear ? 2 * x[r] : nqpf_rng_normal(&rng) + (double)i;
            e[i] = 1 + 0.5 * x[r] - 0.8 * x[rows + r] + nqpf_rng_normal(&rng);
        }
        /* y = (I - rho W)^-1 e by iteration; units in row order (i*3)%7 */
        double ez[7];
        for (size_t i = 0; i < n; i++)
            ez[(i * 3) % 7] = e[i];
        memcpy(v, ez, sizeof v);
        for (int it = 0; it < 200; it++) {
            double nv[7];
            nqpf_weights_lag(w, v, nv);
            for (size_t i = 0; i < n; i++)
                nv[i] = ez[i] + rho * nv[i];
            memcpy(v, nv, sizeof v);
        }
        for (size_t i = 0; i < n; i++)
            y[p * n + i] = v[(i * 3) % 7];
    }
    nqpf_spreg_panel *pn = NULL;
    nqpf_error err;
    if (nqpf_spreg_panel_build(&pn, rows, unit, period, y, x, 2, xn, NULL, NULL, &err))
        return NULL;
    return pn;
}

/* W aligned to the panel's unit order */
static nqpf_weights *aligned(const nqpf_weights *w, const nqpf_spreg_panel *pn)
{
    nqpf_weights *a = NULL;
    nqpf_error err;
    if (nqpf_weights_align(&a, w, pn->unit, pn->n, 0, NULL, NULL, &err))
        return NULL;
    return a;
}

static double full_ll(const nqpf_spreg_panel *pn, const nqpf_weights *w, const nqpf_spreg_eig *e, const double *th)
{
    /* unit FE SAR: theta = (b1, b2, rho, s2) */
    size_t n = pn->n, t = pn->t, nt = n * t;
    double y[42], wy[42], x1[42], x2[42];
    for (size_t p = 0; p < t; p++)
        nqpf_weights_lag(w, pn->y + p * n, wy + p * n);
    memcpy(y, pn->y, sizeof y);
    memcpy(x1, pn->x, sizeof x1);
    memcpy(x2, pn->x + nt, sizeof x2);
    double *v[4] = {y, wy, x1, x2};
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t p = 0; p < t; p++)
                s += v[k][p * n + i];
            for (size_t p = 0; p < t; p++)
                v[k][p * n + i] -= s / (double)t;
        }
    double sse = 0;
    for (size_t o = 0; o < nt; o++) {
        double r = y[o] - th[2] * wy[o] - th[0] * x1[o] - th[1] * x2[o];
        sse += r * r;
    }
    return -0.5 * (double)nt * log(2 * 3.14159265358979323846 * th[3]) - sse / (2 * th[3]) +
           (double)t * nqpf_spreg_logdet(e, th[2]);
}

static void test_covariance_vs_numerical_hessian(void)
{
    nqpf_weights *w0 = make_w(1, 'W');
    REQUIRE(w0 != NULL);
    nqpf_spreg_panel *pn = sim_panel(w0, 0.4, 0);
    REQUIRE(pn != NULL);
    nqpf_weights *w = aligned(w0, pn);
    REQUIRE(w != NULL);
    nqpf_spreg_eig e;
    nqpf_error err;
    REQUIRE(nqpf_spreg_eig_compute(&e, w, &err) == 0);
    nqpf_spreg_spec spec = {NQPF_SPREG_SAR, NQPF_FE_UNIT, 0};
    nqpf_spreg_fit *f = NULL;
    int rc = nqpf_spreg_fit_model(&f, pn, w, &e, &spec, &err);
    CHECK(rc == 0);
    if (!rc) {
        double th[4] = {f->beta[0], f->beta[1], f->rho, f->sigma2}, h[16];
        double ll0 = full_ll(pn, w, &e, th);
        CHECK_REL(ll0, f->loglik, 1e-12);
        for (int a = 0; a < 4; a++)
            for (int b = 0; b < 4; b++) {
                double ha = 1e-4 * fmax(fabs(th[a]), 0.1), hb = 1e-4 * fmax(fabs(th[b]), 0.1), s = 0;
                for (int sa = -1; sa <= 1; sa += 2)
                    for (int sb = -1; sb <= 1; sb += 2) {
                        double t2[4];
                        memcpy(t2, th, sizeof t2);
                        t2[a] += sa * ha;
                        t2[b] += sb * hb;
                        s += sa * sb * full_ll(pn, w, &e, t2);
                    }
                h[a * 4 + b] = -s / (4 * ha * hb);
            }
        /* the observed and expected information differ at finite n; the
         * variances of beta and rho agree closely */
        double inv[16];
        memcpy(inv, h, sizeof inv);
        /* invert 4x4 by Gauss-Jordan */
        double aug[4][8];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 8; j++)
                aug[i][j] = j < 4 ? inv[i * 4 + j] : (j - 4 == i);
        for (int c = 0; c < 4; c++) {
            double pv = aug[c][c];
            for (int j = 0; j < 8; j++)
                aug[c][j] /= pv;
            for (int r = 0; r < 4; r++)
                if (r != c) {
                    double fr = aug[r][c];
                    for (int j = 0; j < 8; j++)
                        aug[r][j] -= fr * aug[c][j];
                }
        }
        for (int i = 0; i < 3; i++)
            CHECK_REL(sqrt(f->cov[i * 4 + i]), sqrt(aug[i][i + 4]), 0.05);
        CHECK(f->rho > 0.1 && f->rho < 0.7);
    }
    nqpf_spreg_fit_free(f);
    nqpf_spreg_eig_free(&e);
    nqpf_weights_free(w);
    nqpf_weights_free(w0);
    nqpf_spreg_panel_free(pn);
}

static void test_unbalanced_and_duplicate(void)
{
    char *unit[3] = {"a", "b", "a"}, *per[3] = {"1", "1", "2"}, *per2[3] = {"1", "1", "1"}, *xn[1] = {"x"};
    double y[3] = {1, 2, 3}, x[3] = {1, 2, 4};
    long lines[3] = {2, 3, 4};
    nqpf_spreg_panel *p = NULL;
    nqpf_error err;
    CHECK(nqpf_spreg_panel_build(&p, 3, unit, per, y, x, 1, xn, "d.csv", lines, &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "unbalanced") != NULL && strstr(err.msg, "'b'") != NULL);
    CHECK(nqpf_spreg_panel_build(&p, 3, unit, per2, y, x, 1, xn, "d.csv", lines, &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "twice") != NULL && err.line == 4);
    CHECK(p == NULL);
}

static void test_singular_x(void)
{
    nqpf_weights *w0 = make_w(1, 'W');
    REQUIRE(w0 != NULL);
    nqpf_spreg_panel *pn = sim_panel(w0, 0.3, 1);
    REQUIRE(pn != NULL);
    nqpf_weights *w = aligned(w0, pn);
    REQUIRE(w != NULL);
    nqpf_spreg_eig e;
    nqpf_error err;
    REQUIRE(nqpf_spreg_eig_compute(&e, w, &err) == 0);
    nqpf_spreg_spec spec = {NQPF_SPREG_SDM, NQPF_FE_BOTH, 0};
    nqpf_spreg_fit *f = NULL;
    CHECK(nqpf_spreg_fit_model(&f, pn, w, &e, &spec, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "'x2'") != NULL);
    CHECK(f == NULL);
    nqpf_spreg_eig_free(&e);
    nqpf_weights_free(w);
    nqpf_weights_free(w0);
    nqpf_spreg_panel_free(pn);
}

static void test_effects_reproducible(void)
{
    nqpf_weights *w0 = make_w(0, 'W');
    REQUIRE(w0 != NULL);
    nqpf_spreg_panel *pn = sim_panel(w0, 0.3, 0);
    REQUIRE(pn != NULL);
    nqpf_weights *w = aligned(w0, pn);
    REQUIRE(w != NULL);
    nqpf_spreg_eig e;
    nqpf_error err;
    REQUIRE(nqpf_spreg_eig_compute(&e, w, &err) == 0);
    nqpf_spreg_spec spec = {NQPF_SPREG_SDM, NQPF_FE_UNIT, 0};
    nqpf_spreg_fit *f = NULL;
    int rc = nqpf_spreg_fit_model(&f, pn, w, &e, &spec, &err);
    CHECK(rc == 0);
    if (!rc) {
        double a[24], b[24];
        CHECK(nqpf_spreg_effects(f, w, &e, 200, 42, a, a + 6, a + 12, a + 18, &err) == 0);
        CHECK(nqpf_spreg_effects(f, w, &e, 200, 42, b, b + 6, b + 12, b + 18, &err) == 0);
        CHECK(memcmp(a, b, sizeof a) == 0);
        /* row-stochastic W: total = (b + t)/(1 - rho) */
        CHECK_REL(a[2], (f->beta[0] + f->beta[2]) / (1 - f->rho), 1e-12);
        CHECK(a[6] > 0);
    }
    nqpf_spreg_fit_free(f);
    nqpf_spreg_eig_free(&e);
    nqpf_weights_free(w);
    nqpf_weights_free(w0);
    nqpf_spreg_panel_free(pn);
}

/* the trace series against the exact eigenvalues on a 400-unit torus
 * lattice (rook, row-standardised) */
static void test_logdet_approx(void)
{
    size_t k = 20, n = k * k, m = 0;
    size_t *from = malloc(4 * n * sizeof *from), *to = malloc(4 * n * sizeof *to);
    char **ids = malloc(n * sizeof *ids);
    REQUIRE(from && to && ids);
    for (size_t i = 0; i < n; i++) {
        ids[i] = malloc(8);
        snprintf(ids[i], 8, "%zu", i);
        size_t r = i / k, c = i % k;
        size_t nb[4] = {((r + 1) % k) * k + c, ((r + k - 1) % k) * k + c, r * k + (c + 1) % k, r * k + (c + k - 1) % k};
        for (int q = 0; q < 4; q++)
            from[m] = i, to[m++] = nb[q];
    }
    nqpf_weights *w = NULL;
    nqpf_error err;
    int rc = nqpf_weights_from_edges(&w, n, ids, m, from, to, NULL, &err);
    CHECK(rc == 0);
    if (!rc && nqpf_weights_transform(w, 'W', &err) == 0) {
        nqpf_spreg_eig ex, ap;
        CHECK(nqpf_spreg_eig_compute(&ex, w, &err) == 0);
        CHECK(nqpf_spreg_eig_approx(&ap, w, 300, 100, 1, &err) == 0);
        CHECK(ap.row_stochastic == 1);
        static const double rhos[] = {-0.8, -0.3, 0.2, 0.5, 0.8};
        for (size_t q = 0; q < 5; q++) {
            double a = nqpf_spreg_logdet(&ex, rhos[q]), b = nqpf_spreg_logdet(&ap, rhos[q]);
            /* Monte-Carlo error of the orders >= 5 only: small against n */
            CHECK_ABS(b, a, 0.02 * fabs(a) + 0.05);
            double t1, t2, u1, u2;
            nqpf_spreg_traces(&ex, rhos[q], &t1, &t2, NULL);
            nqpf_spreg_traces(&ap, rhos[q], &u1, &u2, NULL);
            CHECK_REL(u1, t1, 1e-2);
        }
        /* tr(W^3) and tr(W^4) are exact: the series at small rho equals the exact value */
        CHECK_REL(nqpf_spreg_logdet(&ap, 0.05), nqpf_spreg_logdet(&ex, 0.05), 1e-7);
        nqpf_spreg_eig_free(&ex);
        nqpf_spreg_eig_free(&ap);
    }
    nqpf_weights_free(w);
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids), free(from), free(to);
}

static void test_chi2(void)
{
    CHECK_REL(nqpf_chi2_upper(3.841458820694124, 1), 0.05, 1e-12);
    CHECK_REL(nqpf_chi2_upper(5.991464547107979, 2), 0.05, 1e-12);
    CHECK_REL(nqpf_chi2_upper(11.070497693516351, 5), 0.05, 1e-10);
    CHECK_REL(nqpf_chi2_upper(1.0, 4), 0.9097959895689501, 1e-12);
}

int main(void)
{
    RUN(test_logdet_row_standardised);
    RUN(test_logdet_binary);
    RUN(test_logdet_general);
    RUN(test_covariance_vs_numerical_hessian);
    RUN(test_unbalanced_and_duplicate);
    RUN(test_singular_x);
    RUN(test_effects_reproducible);
    RUN(test_logdet_approx);
    RUN(test_chi2);
    return test_done();
}
