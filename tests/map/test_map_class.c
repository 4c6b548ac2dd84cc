/* Colour classes of the report's maps (src/map/map_class.c) on small
 * cases derived by hand; the Jenks breaks of real data are checked against
 * R classInt in tests/report/test_figures.py. */
#include "test.h"

#include "nqpf/map.h"

/* Jenks: the within-class sums of squares of every split of {1, 2, 4, 8}
 * into two runs are 0 + 18.667, 0.5 + 8 and 4.667 + 0, so the optimum
 * closes the first class at 4. */
static void test_jenks_hand(void)
{
    double brk[4];
    const double a[] = {8, 1, 4, 2};
    REQUIRE(nqpf_map_breaks(a, 4, NQPF_MAP_JENKS, 2, brk) == 0);
    CHECK_ABS(brk[0], 1, 0);
    CHECK_ABS(brk[1], 4, 0);
    CHECK_ABS(brk[2], 8, 0);
    /* three clear groups */
    const double b[] = {21, 1, 2, 3, 10, 11, 12, 20, 22};
    REQUIRE(nqpf_map_breaks(b, 9, NQPF_MAP_JENKS, 3, brk) == 0);
    CHECK_ABS(brk[0], 1, 0);
    CHECK_ABS(brk[1], 3, 0);
    CHECK_ABS(brk[2], 12, 0);
    CHECK_ABS(brk[3], 22, 0);
    /* an outlier takes a class of its own: {0..8} has SS 60, any other cut more */
    const double c[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 100};
    REQUIRE(nqpf_map_breaks(c, 10, NQPF_MAP_JENKS, 2, brk) == 0);
    CHECK_ABS(brk[1], 8, 0);
    /* {1,2 | 3,4} (SS 1) beats {1 | 2,3,4} and {1,2,3 | 4} (SS 2 each) */
    const double d[] = {1, 2, 3, 4};
    REQUIRE(nqpf_map_breaks(d, 4, NQPF_MAP_JENKS, 2, brk) == 0);
    CHECK_ABS(brk[1], 2, 0);
}

/* Quantiles: 31 distinct values in 5 classes hold 6, 6, 7, 6, 6 (cuts at
 * ranks round(31 j / 5) = 6, 12, 19, 25); a value equal to a limit is in
 * the lower class; NaN is skipped. */
static void test_quantile_counts(void)
{
    double v[32], brk[6];
    for (int i = 0; i < 31; i++)
        v[i] = (double)((i * 17) % 31); /* 0..30 shuffled */
    v[31] = NAN;
    REQUIRE(nqpf_map_breaks(v, 32, NQPF_MAP_QUANTILE, 5, brk) == 0);
    CHECK_ABS(brk[0], 0, 0);
    CHECK_ABS(brk[1], 5, 0);
    CHECK_ABS(brk[2], 11, 0);
    CHECK_ABS(brk[3], 18, 0);
    CHECK_ABS(brk[4], 24, 0);
    CHECK_ABS(brk[5], 30, 0);
    int count[5] = {0};
    for (int i = 0; i < 31; i++) {
        int c = nqpf_map_class_of(brk, 5, v[i]);
        REQUIRE(c >= 0 && c < 5);
        count[c]++;
    }
    CHECK(count[0] == 6 && count[1] == 6 && count[2] == 7 && count[3] == 6 && count[4] == 6);
    CHECK(nqpf_map_class_of(brk, 5, NAN) == -1);
    CHECK(nqpf_map_class_of(brk, 5, 5) == 0 && nqpf_map_class_of(brk, 5, 5.5) == 1);
}

static void test_equal_and_errors(void)
{
    double brk[5];
    const double v[] = {10, 0, 3};
    REQUIRE(nqpf_map_breaks(v, 3, NQPF_MAP_EQUAL, 4, brk) == 0);
    CHECK_ABS(brk[1], 2.5, 0);
    CHECK_ABS(brk[2], 5, 0);
    CHECK_ABS(brk[3], 7.5, 0);
    CHECK_ABS(brk[4], 10, 0);
    const double none[] = {NAN, NAN};
    CHECK(nqpf_map_breaks(none, 2, NQPF_MAP_QUANTILE, 2, brk) == -1);
    /* the colour schemes: ColorBrewer Blues 5 is the report's former palette */
    CHECK_STR(nqpf_map_colour(5, 0), "#eff3ff");
    CHECK_STR(nqpf_map_colour(5, 4), "#08519c");
    CHECK_STR(nqpf_map_colour(9, 8), "#08306b");
}

/* A style's classes: user breaks {1.5, 3} over the values 4, 1, NaN, 2, 3
 * keep the data's min 1 and max 4 outside (by hand: 1 | 1.5 | 3 | 4), and
 * the legend writes the end classes open; quantile classes write ranges. */
static void test_style_legend(void)
{
    nqpf_map_style st = {.classes = NQPF_MAP_BREAKS_USER, .k = 3, .breaks = {1.5, 3}, .n_breaks = 2};
    const double v[] = {4, 1, NAN, 2, 3};
    double brk[4];
    char txt[3][NQPF_MAP_LEGTXT];
    const char *lt[3], *col[3];
    REQUIRE(nqpf_map_style_breaks(&st, v, 5, brk) == 0);
    CHECK_ABS(brk[0], 1, 0);
    CHECK_ABS(brk[1], 1.5, 0);
    CHECK_ABS(brk[2], 3, 0);
    CHECK_ABS(brk[3], 4, 0);
    nqpf_map_legend(&st, brk, txt, lt, col);
    CHECK_STR(lt[0], "≤ 1.5");
    CHECK_STR(lt[1], "1.5 – 3");
    CHECK_STR(lt[2], "> 3");
    CHECK_STR(col[2], nqpf_map_colour(3, 2));
    nqpf_map_style q = {.classes = NQPF_MAP_QUANTILE, .k = 2};
    const double w[] = {0.5, 0.25, 1, 0.75};
    REQUIRE(nqpf_map_style_breaks(&q, w, 4, brk) == 0); /* ranks (0, 2] and (2, 4]: 0.25 0.5 | 0.75 1 */
    nqpf_map_legend(&q, brk, txt, lt, col);
    CHECK_STR(lt[0], "0.250 – 0.500");
    CHECK_STR(lt[1], "0.500 – 1.000");
    CHECK_STR(col[0], "#deebf7");
}

int main(void)
{
    RUN(test_jenks_hand);
    RUN(test_quantile_counts);
    RUN(test_equal_and_errors);
    RUN(test_style_legend);
    return test_done();
}
