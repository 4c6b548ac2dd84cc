/* Theil T/L decomposition, CV and Gini against pysal's published values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "nqpf/compare.h"
#include "test.h"

/* pysal inequality tests, Mexico per-capita GDP by decade, hanson98 regions;
 * printed with 8 decimals: absolute 0.5e-8. */
static void test_mexico_pysal(void)
{
    nqpf_table *t = case_table("cases/compare/theil_gini_dagum_mexico_pysal/data.csv");
    /* expected.csv ends with a '#' comment line that holds commas, so it is
     * read line by line here rather than as a table. */
    char path[1024];
    FILE *e = fopen(test_ref(path, sizeof path, "cases/compare/theil_gini_dagum_mexico_pysal/expected.csv"), "r");
    CHECK(t && e);
    if (!t || !e)
        return;
    nqpf_error err;
    nqpf_factor gf;
    CHECK(nqpf_factor_build(t, "hanson98", &gf, &err) == 0);
    double y[64];
    CHECK(t->n_rows == 32);
    size_t done = 0;
    char line[512];
    CHECK(fgets(line, sizeof line, e) != NULL); /* header */
    while (fgets(line, sizeof line, e)) {
        if (line[0] == '#')
            continue;
        char year[16];
        double T, Tb, Tw;
        if (sscanf(line, "%15[^,],%lf,%lf,%lf", year, &T, &Tb, &Tw) != 4) {
            CHECK(!"unreadable expected row");
            continue;
        }
        char col[64];
        snprintf(col, sizeof col, "pcgdp%s", year);
        CHECK(nqpf_table_column(t, col, y, 0, &err) == 0);
        nqpf_theil_result th;
        CHECK(nqpf_theil(y, gf.code, 32, gf.n_levels, &th, &err) == 0);
        CHECK_ABS(th.T, T, 0.5e-8);
        CHECK_ABS(th.Tb, Tb, 0.5e-8);
        CHECK_ABS(th.Tw, Tw, 0.5e-8);
        CHECK_ABS(th.T - (th.Tb + th.Tw), 0.0, 1e-15);
        CHECK_ABS(th.L - (th.Lb + th.Lw), 0.0, 1e-15);
        if (strcmp(year, "1940") == 0) {
            CHECK_REL(th.gini, 0.35372371173452849, 1e-15);
            CHECK_REL(th.gini_corrected, 0.3651341540, 1e-10 / 0.365);
        }
        nqpf_theil_free(&th);
        done++;
    }
    CHECK(done == 7);
    nqpf_factor_free(&gf);
    nqpf_table_free(t);
    fclose(e);
}

/* pysal toy: y = [0,0,0,10,10,10], groups [0,0,0,1,1,1]: T = between = ln 2, within 0. */
static void test_toy_zero_incomes(void)
{
    double y[6] = {0, 0, 0, 10, 10, 10};
    size_t g[6] = {0, 0, 0, 1, 1, 1};
    nqpf_theil_result th;
    nqpf_error err;
    CHECK(nqpf_theil(y, g, 6, 2, &th, &err) == 0);
    CHECK_REL(th.T, 0.6931471805599453, 1e-15);
    CHECK_REL(th.Tb, 0.6931471805599453, 1e-15);
    CHECK_ABS(th.Tw, 0.0, 1e-16);
    CHECK(isnan(th.L)); /* mean log deviation undefined with zeros */
    nqpf_theil_free(&th);
}

/* Hand check of L and CV: y = 1, 2, 4 -> mu = 7/3. */
static void test_L_and_cv_by_hand(void)
{
    double y[3] = {1, 2, 4};
    size_t g[3] = {0, 0, 1};
    nqpf_theil_result th;
    nqpf_error err;
    CHECK(nqpf_theil(y, g, 3, 2, &th, &err) == 0);
    double mu = 7.0 / 3.0;
    CHECK_REL(th.L, (log(mu / 1) + log(mu / 2) + log(mu / 4)) / 3, 1e-14);
    CHECK_REL(th.Lb, (2.0 / 3) * log(mu / 1.5) + (1.0 / 3) * log(mu / 4), 1e-14);
    double var = ((1 - mu) * (1 - mu) + (2 - mu) * (2 - mu) + (4 - mu) * (4 - mu));
    CHECK_REL(th.cv_pop, sqrt(var / 3) / mu, 1e-14);
    CHECK_REL(th.cv_sample, sqrt(var / 2) / mu, 1e-14);
    CHECK_REL(th.gini, (2 * (1 + 3 + 2)) / (2 * 9 * mu), 1e-14);
    nqpf_theil_free(&th);
    double bad[2] = {1, -1};
    CHECK(nqpf_theil(bad, g, 2, 2, &th, &err) == NQPF_EINPUT);
}

int main(void)
{
    RUN(test_mexico_pysal);
    RUN(test_toy_zero_incomes);
    RUN(test_L_and_cv_by_hand);
    return test_done();
}
