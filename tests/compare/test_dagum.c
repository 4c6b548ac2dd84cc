/* Dagum (1997) Gini decomposition against exact and recomputed references
 * and against an O(n^2) brute force. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "nqpf/compare.h"
#include "nqpf/rng.h"
#include "test.h"

/* Run the decomposition on rows of t whose column pcol equals pval (all rows
 * if pcol is NULL), groups taken from gcol ordered numerically. */
static int run_case(const nqpf_table *t, const char *pcol, const char *pval, const char *gcol,
                    const char *vcol, nqpf_dagum *d)
{
    nqpf_error err;
    nqpf_factor gf;
    if (nqpf_factor_build(t, gcol, &gf, &err))
        return -1;
    double *v = malloc(t->n_rows * sizeof(double)), *y = malloc(t->n_rows * sizeof(double));
    size_t *g = malloc(t->n_rows * sizeof(size_t));
    long pc = pcol ? nqpf_table_col(t, pcol) : -1;
    nqpf_table_column(t, vcol, v, 0, &err);
    size_t m = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        if (pc >= 0 && strcmp(nqpf_table_get(t, i, (size_t)pc), pval) != 0)
            continue;
        y[m] = v[i];
        g[m++] = gf.code[i];
    }
    int rc = nqpf_dagum_gini(y, g, m, gf.n_levels, d, &err);
    if (rc)
        fprintf(stderr, "  dagum failed: %s\n", err.msg);
    free(v), free(y), free(g);
    nqpf_factor_free(&gf);
    return rc;
}

static void test_exact_toy(void)
{
    nqpf_table *t = case_table("cases/compare/dagum_gini_exact_toy/data.csv");
    nqpf_table *e = case_table("cases/compare/dagum_gini_exact_toy/expected.csv");
    CHECK(t && e);
    if (!t || !e)
        return;
    nqpf_dagum d;
    CHECK(run_case(t, NULL, NULL, "group", "value", &d) == 0);
#define EXP(name) case_value(e, "quantity", name, "decimal")
    /* The expected values are exact fractions printed to 15 significant digits. */
    const double tol = 1e-13;
    CHECK_REL(d.G, EXP("G"), tol);
    CHECK_REL(d.Gw, EXP("Gw"), tol);
    CHECK_REL(d.Gnb, EXP("Gnb"), tol);
    CHECK_REL(d.Gt, EXP("Gt"), tol);
    CHECK_ABS(d.G - (d.Gw + d.Gnb + d.Gt), EXP("check"), 1e-15);
    char key[64];
    for (int j = 0; j < 3; j++) {
        snprintf(key, sizeof key, "G_%d%d", j + 1, j + 1);
        CHECK_REL(d.Gjj[j], EXP(key), tol);
        snprintf(key, sizeof key, "mu_%d", j + 1);
        CHECK_REL(d.mu[j], EXP(key), tol);
        snprintf(key, sizeof key, "p_%d", j + 1);
        CHECK_REL(d.p[j], EXP(key), tol);
        snprintf(key, sizeof key, "s_%d", j + 1);
        CHECK_REL(d.s[j], EXP(key), tol);
        for (int h = j + 1; h < 3; h++) {
            snprintf(key, sizeof key, "G_%d%d", j + 1, h + 1);
            CHECK_REL(d.Gjh[j * 3 + h], EXP(key), tol);
            snprintf(key, sizeof key, "D_%d%d", j + 1, h + 1);
            CHECK_REL(d.Djh[j * 3 + h], EXP(key), tol);
            snprintf(key, sizeof key, "d_%d%d", j + 1, h + 1);
            CHECK_REL(d.djh[j * 3 + h], EXP(key), tol);
            snprintf(key, sizeof key, "p_%d%d", j + 1, h + 1);
            CHECK_ABS(d.pjh[j * 3 + h], EXP(key), 1e-15);
        }
    }
#undef EXP
    nqpf_dagum_free(&d);
    nqpf_table_free(t);
    nqpf_table_free(e);
}

/* Recomputed values printed with 12 significant digits: relative 1e-11. */
static void test_obbalx_panel(void)
{
    nqpf_table *t = case_table("cases/compare/dagum_gini_obbalx/data.csv");
    nqpf_table *e = case_table("cases/compare/dagum_gini_obbalx/expected_recomputed_full_precision.csv");
    CHECK(t && e);
    if (!t || !e)
        return;
    const double tol = 1e-11;
    CHECK(e->n_rows == 9);
    for (size_t r = 0; r < e->n_rows; r++) {
        const char *year = nqpf_table_get(e, r, 0);
        nqpf_dagum d;
        CHECK(run_case(t, "year", year, "group", "value", &d) == 0);
#define EXP(name) case_value(e, "year", year, name)
        CHECK_REL(d.G, EXP("G"), tol);
        CHECK_REL(d.Gw, EXP("Gw"), tol);
        CHECK_REL(d.Gnb, EXP("Gnb"), tol);
        CHECK_REL(d.Gt, EXP("Gt"), tol);
        CHECK_REL(d.Gw / d.G, EXP("Gw_share"), tol);
        CHECK_REL(d.Gnb / d.G, EXP("Gnb_share"), tol);
        CHECK_REL(d.Gt / d.G, EXP("Gt_share"), tol);
        char key[64];
        for (int j = 0; j < 3; j++) {
            snprintf(key, sizeof key, "G_%d%d", j + 1, j + 1);
            CHECK_REL(d.Gjj[j], EXP(key), tol);
            snprintf(key, sizeof key, "mu%d", j + 1);
            CHECK_REL(d.mu[j], EXP(key), tol);
            for (int h = j + 1; h < 3; h++) {
                snprintf(key, sizeof key, "G_%d%d", j + 1, h + 1);
                CHECK_REL(d.Gjh[j * 3 + h], EXP(key), tol);
                snprintf(key, sizeof key, "D_%d%d", j + 1, h + 1);
                CHECK_REL(d.Djh[j * 3 + h], EXP(key), tol);
            }
        }
#undef EXP
        CHECK_ABS(d.G - (d.Gw + d.Gnb + d.Gt), 0.0, 1e-14);
        nqpf_dagum_free(&d);
    }
    nqpf_table_free(t);
    nqpf_table_free(e);
}

/* Mexico 1940-2000 by hanson98 regions (5 groups); G anchored by pysal. */
static void test_mexico_hanson98(void)
{
    nqpf_table *t = case_table("cases/compare/theil_gini_dagum_mexico_pysal/data.csv");
    nqpf_table *e = case_table("cases/compare/theil_gini_dagum_mexico_pysal/expected_dagum_recomputed.csv");
    CHECK(t && e);
    if (!t || !e)
        return;
    const double tol = 1e-11;
    for (size_t r = 0; r < e->n_rows; r++) {
        const char *year = nqpf_table_get(e, r, 0);
        char col[64];
        snprintf(col, sizeof col, "pcgdp%s", year);
        nqpf_dagum d;
        CHECK(run_case(t, NULL, NULL, "hanson98", col, &d) == 0);
#define EXP(name) case_value(e, "year", year, name)
        CHECK_REL(d.G, EXP("G"), tol);
        CHECK_REL(d.Gw, EXP("Gw"), tol);
        CHECK_REL(d.Gnb, EXP("Gnb"), tol);
        CHECK_REL(d.Gt, EXP("Gt"), tol);
        for (int j = 0; j < 5; j++) {
            snprintf(col, sizeof col, "G_%d%d", j + 1, j + 1);
            CHECK_REL(d.Gjj[j], EXP(col), tol);
        }
#undef EXP
        if (strcmp(year, "1940") == 0)
            CHECK_REL(d.G, 0.35372371173452849, 1e-15); /* pysal test_gini.py */
        nqpf_dagum_free(&d);
    }
    nqpf_table_free(t);
    nqpf_table_free(e);
}

/* Straight from the definitions: double sums over all pairs. */
static void brute(const double *y, const size_t *g, size_t n, size_t k, double *G, double *Gw, double *Gnb,
                  double *Gt, double *Gjh, double *Djh)
{
    double mu = 0, *nj = calloc(k, sizeof(double)), *mj = calloc(k, sizeof(double));
    for (size_t i = 0; i < n; i++) {
        mu += y[i];
        nj[g[i]]++;
        mj[g[i]] += y[i];
    }
    mu /= (double)n;
    for (size_t j = 0; j < k; j++)
        mj[j] /= nj[j];
    double tot = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < n; r++)
            tot += fabs(y[i] - y[r]);
    *G = tot / (2.0 * n * n * mu);
    *Gw = *Gnb = *Gt = 0;
    for (size_t j = 0; j < k; j++)
        for (size_t h = 0; h < k; h++) {
            double s = 0, dpos = 0, dneg = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t r = 0; r < n; r++)
                    if (g[i] == j && g[r] == h) {
                        s += fabs(y[i] - y[r]);
                        if (y[i] > y[r])
                            dpos += y[i] - y[r];
                        else
                            dneg += y[r] - y[i];
                    }
            double pj = nj[j] / n, ph = nj[h] / n, sj = pj * mj[j] / mu, sh = ph * mj[h] / mu;
            if (j == h) {
                Gjh[j * k + j] = s / (2.0 * nj[j] * nj[j] * mj[j]);
                *Gw += Gjh[j * k + j] * pj * sj;
                continue;
            }
            Gjh[j * k + h] = s / (nj[j] * nj[h] * (mj[j] + mj[h]));
            double d = mj[j] >= mj[h] ? dpos : dneg, p = mj[j] >= mj[h] ? dneg : dpos;
            Djh[j * k + h] = (d - p) / (d + p);
            if (j < h) {
                *Gnb += Gjh[j * k + h] * (pj * sh + ph * sj) * Djh[j * k + h];
                *Gt += Gjh[j * k + h] * (pj * sh + ph * sj) * (1 - Djh[j * k + h]);
            }
        }
    free(nj), free(mj);
}

static void test_random_vs_brute_force(void)
{
    const size_t n = 300, k = 4;
    double y[300], Gjh[16], Djh[16], G, Gw, Gnb, Gt;
    size_t g[300];
    nqpf_rng r;
    for (uint64_t rep = 0; rep < 3; rep++) {
        nqpf_rng_init(&r, 20240611, rep);
        for (size_t i = 0; i < n; i++) {
            g[i] = (size_t)nqpf_rng_below(&r, k);
            y[i] = exp(0.7 * nqpf_rng_normal(&r) + 0.3 * (double)g[i]);
            if (i % 17 == 0)
                y[i] = floor(y[i] * 4.0) / 4.0; /* some ties, some zeros */
        }
        brute(y, g, n, k, &G, &Gw, &Gnb, &Gt, Gjh, Djh);
        nqpf_dagum d;
        nqpf_error err;
        CHECK(nqpf_dagum_gini(y, g, n, k, &d, &err) == 0);
        CHECK_REL(d.G, G, 1e-12);
        CHECK_REL(d.Gw, Gw, 1e-12);
        CHECK_REL(d.Gnb, Gnb, 1e-12);
        CHECK_REL(d.Gt, Gt, 1e-12);
        for (size_t j = 0; j < k; j++)
            for (size_t h = 0; h < k; h++) {
                CHECK_REL(d.Gjh[j * k + h], Gjh[j * k + h], 1e-12);
                if (j != h)
                    CHECK_REL(d.Djh[j * k + h], Djh[j * k + h], 1e-12);
            }
        CHECK_ABS(d.G - (d.Gw + d.Gnb + d.Gt), 0.0, 1e-14);
        nqpf_dagum_free(&d);
    }
}

static void test_degenerate_inputs(void)
{
    nqpf_dagum d;
    nqpf_error err;
    double y[4] = {1, 2, -1, 3};
    size_t g[4] = {0, 0, 1, 1};
    CHECK(nqpf_dagum_gini(y, g, 4, 2, &d, &err) == NQPF_EINPUT);
    double z[3] = {0, 0, 0};
    CHECK(nqpf_dagum_gini(z, g, 3, 2, &d, &err) == NQPF_EMATH);
    CHECK(nqpf_dagum_gini(z, g, 0, 2, &d, &err) == NQPF_EMATH);
    /* An empty group is left out: the others still decompose exactly. */
    double w[4] = {1, 2, 3, 5};
    size_t h[4] = {0, 0, 2, 2};
    CHECK(nqpf_dagum_gini(w, h, 4, 3, &d, &err) == 0);
    CHECK(isnan(d.Gjj[1]) && d.nj[1] == 0.0);
    CHECK_ABS(d.G - (d.Gw + d.Gnb + d.Gt), 0.0, 1e-15);
    nqpf_dagum_free(&d);
    /* Identical constant groups: Gini 0, no between contribution. */
    double c[4] = {2, 2, 2, 2};
    CHECK(nqpf_dagum_gini(c, g, 4, 2, &d, &err) == 0);
    CHECK(d.G == 0.0 && d.Gw == 0.0 && d.Gnb == 0.0 && d.Gt == 0.0);
    nqpf_dagum_free(&d);
}

int main(void)
{
    RUN(test_exact_toy);
    RUN(test_obbalx_panel);
    RUN(test_mexico_hanson98);
    RUN(test_random_vs_brute_force);
    RUN(test_degenerate_inputs);
    return test_done();
}
