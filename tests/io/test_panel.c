#include <math.h>
#include <unistd.h>

#include "nqpf/missing.h"
#include "nqpf/panel.h"
#include "nqpf/system.h"
#include "test.h"

static char tmpdir[] = "/tmp/nqpf-test-panel-XXXXXX";

static const char *write_tmp(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "wb");
    fputs(text, fp);
    fclose(fp);
    return path;
}

static void test_wide_unbalanced(void)
{
    /* periods out of order, a missing (unit, period) row, units in first-appearance order */
    const char *p = write_tmp("w.csv", "id,year,region,a,b\n"
                                       "S,2012,East,1,2\nR,2010,West,3,4\nS,2010,East,5,NA\nR,2011,West,7,8\n");
    const char *vars[] = {"b", "a"};
    const char *text[] = {"region"};
    nqpf_panel_spec spec = {0};
    spec.path = p;
    spec.unit_col = "id";
    spec.period_col = "year";
    spec.vars = vars;
    spec.n_vars = 2;
    spec.text_cols = text;
    spec.n_text = 1;
    nqpf_panel *pn = NULL;
    nqpf_error err;
    CHECK(nqpf_panel_read(&pn, &spec, &err) == NQPF_OK);
    if (!pn)
        return;
    CHECK(pn->n_units == 2 && pn->n_periods == 3 && pn->n_vars == 2);
    CHECK_STR(pn->units[0], "S");
    CHECK_STR(pn->periods[0], "2010");
    CHECK_STR(pn->periods[2], "2012");
    CHECK(pn->periods_numeric && pn->period_value[1] == 2011);
    CHECK(*nqpf_panel_cell(pn, 0, 2, 0) == 2 && *nqpf_panel_cell(pn, 0, 2, 1) == 1);
    CHECK(isnan(*nqpf_panel_cell(pn, 0, 0, 0)) && *nqpf_panel_cell(pn, 0, 0, 1) == 5);
    CHECK(isnan(*nqpf_panel_cell(pn, 0, 1, 0)) && pn->row_line[0 * 3 + 1] == 0);
    CHECK(pn->row_line[1 * 3 + 0] == 3);
    long line, col;
    nqpf_panel_cell_pos(pn, 0, 0, 0, &line, &col);
    CHECK(line == 4 && col == 5);
    CHECK_STR(pn->text_values[0].keys[pn->text[(1 * 3 + 0) * 1]], "West");
    /* interpolation over numeric years, nearest at the ends */
    nqpf_fill_log log = {0};
    size_t idx[2] = {0, 1};
    CHECK(nqpf_missing_apply(pn, idx, 2, NQPF_MISSING_INTERPOLATE, NQPF_EXTRAP_NEAREST, &log, &err) == NQPF_OK);
    CHECK(*nqpf_panel_cell(pn, 0, 0, 0) == 2);           /* b of S in 2010: nearest (2012) */
    CHECK(*nqpf_panel_cell(pn, 0, 1, 1) == 3);           /* a of S in 2011: (5 + 1) / 2 */
    CHECK(*nqpf_panel_cell(pn, 1, 2, 1) == 7);           /* a of R in 2012: nearest */
    CHECK(log.n == 5);
    nqpf_fill_log_free(&log);
    nqpf_panel_free(pn);
}

static void test_long_layout(void)
{
    const char *p = write_tmp("l.csv", "unit,period,variable,value\n"
                                       "北京,2020,gdp,1.5\n北京,2021,gdp,2\n上海,2020,gdp,3\n上海,2021,gdp,4\n"
                                       "北京,2020,pop,10\n上海,2021,pop,20\nX,2020,other,1\n");
    const char *vars[] = {"pop", "gdp"};
    nqpf_panel_spec spec = {0};
    spec.path = p;
    spec.layout = NQPF_LAYOUT_LONG;
    spec.unit_col = "unit";
    spec.period_col = "period";
    spec.vars = vars;
    spec.n_vars = 2;
    nqpf_panel *pn = NULL;
    nqpf_error err;
    CHECK(nqpf_panel_read(&pn, &spec, &err) == NQPF_OK);
    if (!pn)
        return;
    /* X only has an unwanted variable but is still a unit of the file */
    CHECK(pn->n_units == 2 && pn->n_vars == 2);
    CHECK_STR(pn->vars[0], "pop");
    CHECK_STR(pn->units[1], "上海");
    CHECK(*nqpf_panel_cell(pn, 0, 0, 1) == 1.5 && *nqpf_panel_cell(pn, 1, 1, 0) == 20);
    CHECK(isnan(*nqpf_panel_cell(pn, 0, 1, 0)));
    long line, col;
    nqpf_panel_cell_pos(pn, 1, 1, 0, &line, &col);
    CHECK(line == 7);
    nqpf_panel_free(pn);
    /* duplicate (unit, period, variable) */
    p = write_tmp("l2.csv", "unit,period,variable,value\nA,1,v,1\nA,1,v,2\n");
    spec.path = p;
    spec.vars = NULL;
    spec.n_vars = 0;
    CHECK(nqpf_panel_read(&pn, &spec, &err) == NQPF_EINPUT && err.line == 3);
    CHECK(strstr(err.msg, "first at line 2") != NULL);
}

/* Years written "2012年" (as Chinese spreadsheets label them) are the
 * periods 2012 ..., sorted as numbers (9年 before 10年), labelled without
 * the 年; a column mixing "2012年" with other text stays text. */
static void test_nian_periods(void)
{
    const char *p = write_tmp("n.csv", "unit,year,x\nA,10年,1\nA,9年,2\nB,10年,3\nB,9年,4\n");
    nqpf_panel_spec spec = {0};
    spec.path = p;
    spec.unit_col = "unit";
    spec.period_col = "year";
    nqpf_panel *pn = NULL;
    nqpf_error err;
    REQUIRE(nqpf_panel_read(&pn, &spec, &err) == NQPF_OK);
    CHECK(pn->n_periods == 2 && pn->periods_numeric);
    CHECK_STR(pn->periods[0], "9");
    CHECK_STR(pn->periods[1], "10");
    CHECK(pn->period_value[0] == 9 && pn->period_value[1] == 10);
    CHECK(*nqpf_panel_cell(pn, 0, 0, 0) == 2 && *nqpf_panel_cell(pn, 1, 1, 0) == 3);
    nqpf_panel_free(pn);
    pn = NULL;
    spec.path = write_tmp("n2.csv", "unit,year,x\nA,2012年,1\nA,2013,2\n");
    REQUIRE(nqpf_panel_read(&pn, &spec, &err) == NQPF_OK);
    CHECK(!pn->periods_numeric);
    CHECK_STR(pn->periods[0], "2012年");
    nqpf_panel_free(pn);
}

static void test_growth_extrapolation(void)
{
    const char *p = write_tmp("g.csv", "u,t,x\nA,1,\nA,2,100\nA,3,121\nA,4,\nB,1,1\nB,2,1\nB,3,1\nB,4,-1\n");
    nqpf_panel_spec spec = {0};
    spec.path = p;
    spec.unit_col = "u";
    spec.period_col = "t";
    nqpf_panel *pn = NULL;
    nqpf_error err;
    CHECK(nqpf_panel_read(&pn, &spec, &err) == NQPF_OK);
    if (!pn)
        return;
    nqpf_fill_log log = {0};
    size_t idx = 0;
    CHECK(nqpf_missing_apply(pn, &idx, 1, NQPF_MISSING_INTERPOLATE, NQPF_EXTRAP_GROWTH, &log, &err) == NQPF_OK);
    CHECK_REL(*nqpf_panel_cell(pn, 0, 0, 0), 100.0 / 1.21, 1e-14); /* 100 -> 121 is +21% a period */
    CHECK_REL(*nqpf_panel_cell(pn, 0, 3, 0), 121.0 * 1.21, 1e-14);
    CHECK(log.n == 2);
    CHECK_STR(log.items[0].method, "growth");
    nqpf_fill_log_free(&log);
    nqpf_panel_free(pn);
}

static void test_drop_unit(void)
{
    const char *p = write_tmp("d.csv", "u,t,x\nA,1,1\nA,2,\nB,1,2\nB,2,3\nC,1,4\nC,2,5\n");
    nqpf_panel_spec spec = {0};
    spec.path = p;
    spec.unit_col = "u";
    spec.period_col = "t";
    nqpf_panel *pn = NULL;
    nqpf_error err;
    CHECK(nqpf_panel_read(&pn, &spec, &err) == NQPF_OK);
    if (!pn)
        return;
    nqpf_fill_log log = {0};
    size_t idx = 0;
    CHECK(nqpf_missing_apply(pn, &idx, 1, NQPF_MISSING_DROP_UNIT, NQPF_EXTRAP_NEAREST, &log, &err) == NQPF_OK);
    CHECK(pn->n_units == 2 && log.n_dropped_units == 1);
    CHECK_STR(pn->units[0], "B");
    CHECK(*nqpf_panel_cell(pn, 1, 1, 0) == 5);
    nqpf_fill_log_free(&log);
    nqpf_panel_free(pn);
}

static void test_system_tree(void)
{
    const char *p = write_tmp("s.csv", "column,direction,dimension,subdimension,subdimension2,name,weight\n"
                                       "a,+,D1,S1,T1,Alpha,1\nb,负向,D1,S1,,Beta,2\nc,正,D2,,,Gamma,3\n");
    nqpf_system *s = NULL;
    nqpf_error err;
    CHECK(nqpf_system_read(&s, p, NQPF_ENC_AUTO, &err) == NQPF_OK);
    if (!s)
        return;
    CHECK(s->n_ind == 3 && s->n_levels == 3 && s->n_nodes == 4 && s->has_weights);
    CHECK_STR(s->nodes[s->ind[0].node].path, "D1/S1/T1");
    CHECK_STR(s->nodes[s->ind[1].node].path, "D1/S1");
    CHECK(s->ind[1].direction == -1 && s->ind[2].direction == 1);
    CHECK(nqpf_system_node_within(s, s->ind[0].node, s->ind[1].node));
    CHECK(!nqpf_system_node_within(s, s->ind[2].node, s->ind[0].dimension));
    nqpf_system_free(s);
    p = write_tmp("s2.csv", "column,direction,dimension,subdimension,subdimension2\na,+,D1,,T1\n");
    CHECK(nqpf_system_read(&s, p, NQPF_ENC_AUTO, &err) == NQPF_EINPUT && err.line == 2 && err.col == 5);
}

/* no_missing: set only when the wide reader stored no missing value and
 * every (unit, period) row is there, on the parallel path and the strict
 * one (a quoted field sends rows there); its answer must be what a scan of
 * x finds, or the index's `--missing error` check would skip a NaN. */
static int read_no_missing(const char *name, const char *text, int strict, nqpf_layout layout)
{
    const char *p = write_tmp(name, text);
    nqpf_panel_spec spec = {0};
    spec.path = p;
    spec.unit_col = "id";
    spec.period_col = "year";
    spec.layout = layout;
    spec.strict = strict;
    nqpf_panel *pn = NULL;
    nqpf_error err;
    if (nqpf_panel_read(&pn, &spec, &err) != NQPF_OK || !pn)
        return -1;
    int any_nan = 0;
    for (size_t i = 0; i < pn->n_units * pn->n_periods * pn->n_vars; i++)
        any_nan |= isnan(pn->x[i]);
    int flag = pn->no_missing;
    nqpf_panel_free(pn);
    /* 1: set and x has no NaN; 0: clear and x has one; 2: clear though x has
     * none (not known); -2: set though x has a NaN (wrong) */
    return flag ? (any_nan ? -2 : 1) : (any_nan ? 0 : 2);
}

static void test_no_missing_flag(void)
{
    const char *full = "id,year,a,b\nS,2010,1,2\nS,2011,3,4\nR,2010,5,6\nR,2011,7,8\n";
    for (int strict = 0; strict <= 1; strict++) {
        CHECK(read_no_missing("n1.csv", full, strict, NQPF_LAYOUT_WIDE) == 1);
        CHECK(read_no_missing("n2.csv", "id,year,a,b\nS,2010,1,2\nS,2011,NA,4\nR,2010,5,6\nR,2011,7,8\n", strict,
                              NQPF_LAYOUT_WIDE) == 0);
        CHECK(read_no_missing("n3.csv", "id,year,a,b\nS,2010,1,2\nS,2011,3,\nR,2010,5,6\nR,2011,7,8\n", strict,
                              NQPF_LAYOUT_WIDE) == 0);
        /* R has no 2011 row: the cube fills it with NaN */
        CHECK(read_no_missing("n4.csv", "id,year,a,b\nS,2010,1,2\nS,2011,3,4\nR,2010,5,6\n", strict,
                              NQPF_LAYOUT_WIDE) == 0);
        /* rows out of order, all there */
        CHECK(read_no_missing("n5.csv", "id,year,a,b\nR,2011,7,8\nS,2010,1,2\nR,2010,5,6\nS,2011,3,4\n", strict,
                              NQPF_LAYOUT_WIDE) == 1);
    }
    /* a quoted field: that row goes through the strict reader in a parallel read */
    CHECK(read_no_missing("n6.csv", "id,year,a,b\nS,2010,1,2\n\"S\",2011,\"NA\",4\nR,2010,5,6\nR,2011,7,8\n", 0,
                          NQPF_LAYOUT_WIDE) == 0);
    /* the long layout does not set it (its cells are scattered into a NaN cube) */
    CHECK(read_no_missing("n7.csv", "id,year,variable,value\nS,2010,a,1\nS,2011,a,2\n", 0, NQPF_LAYOUT_LONG) == 2);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    RUN(test_wide_unbalanced);
    RUN(test_long_layout);
    RUN(test_nian_periods);
    RUN(test_growth_extrapolation);
    RUN(test_drop_unit);
    RUN(test_system_tree);
    RUN(test_no_missing_flag);
    return test_done_rmdir(tmpdir);
}
