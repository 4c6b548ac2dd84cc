/* nqpf — [dea] rts-test = B: the Simar-Wilson (2002) test of constant
 * against variable returns to scale on each period's frontier, as
 * tables/dea_rts_test.csv (the output of `nqpf dea --period P --rts-test B`,
 * written by the same nqpf_dea_rts_tests_write) and its methods sentence
 * with the decision per period. */
#include <stdlib.h>

#include "report_internal.h"

static double level(const nqpf_report *r)
{
    return strtod(report_opt(r, "dea.level"), NULL); /* validated by the option table */
}

static void print_rts(FILE *fp, const void *ctx)
{
    const nqpf_report *r = ctx;
    nqpf_dea_rts_tests_write(fp, r->dea_rts, report_opt(r, "data.period"), (const char *const *)r->dea_period,
                             level(r));
}

int report_dea_rts_table(const nqpf_report *r, int bom, report_sink *tables, nqpf_buf *written, nqpf_error *err)
{
    int rc = report_write_file(&tables->dir, "dea_rts_test.csv", bom, print_rts, r, err);
    if (!rc)
        nqpf_buf_puts(written, "tables/dea_rts_test.csv\n");
    return rc;
}

int report_dea_rts_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const nqpf_dea_rts_tests *t = r->dea_rts;
    double lv = level(r);
    size_t tested = 0, rejected = 0;
    for (size_t k = 0; k < t->T; k++)
        if (t->count[k]) {
            tested++;
            rejected += t->res[k].S < t->res[k].crit; /* the test's decision (dea.h) */
        }
    return nqpf_buf_printf(
        b,
        en ? "Returns to scale: the Simar & Wilson (2002) bootstrap test of constant against variable returns on "
             "each period's frontier, statistic S = Σ θ_CRS / Σ θ_VRS (radial, %s-oriented) compared with its "
             "distribution over %s smoothed-bootstrap replications under CRS (seed %s); CRS is rejected at "
             "level %g when S is below the critical value (the %g quantile): rejected in %zu of %zu periods "
             "(statistic, p-value and critical value in tables/dea_rts_test.csv, as `nqpf dea --rts-test`). "
           : "规模报酬检验：在各期前沿上以Simar和Wilson（2002）自助法检验规模报酬不变（CRS）对可变（VRS），统计量 S = "
             "Σ θ_CRS / Σ θ_VRS（径向，%s导向），与CRS假设下%s次平滑自助重复的分布比较（种子%s）；S 小于临界值（%g分位数）"
             "时在显著性水平%g下拒绝CRS：%zu个时期中有%zu个拒绝（统计量、p值与临界值见tables/dea_rts_test.csv，与 `nqpf dea "
             "--rts-test` 一致）。",
        report_lang_value(en, report_opt(r, "dea.orient")), report_opt(r, "dea.rts-test"), report_opt(r, "dea.seed"),
        1 - lv, 1 - lv, en ? rejected : tested, en ? tested : rejected);
}
