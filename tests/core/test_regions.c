/* Provinces and regional groupings (src/core/regions.c): group sizes of
 * every scheme, the NBS four regions against the bundled yearbook panel's
 * own region4 column (compiled independently, by the techme package), and
 * every way a data file names a province. */
#include "nqpf/csv.h"
#include "nqpf/regions.h"
#include "test.h"

static const int MAINLAND[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
                               42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65};

/* Group sizes: NBS 10/6/12/3; belts 11/8/12; the eight zones 3,4,3,3,4,4,5,5;
 * north 15, south 16 — and nobody outside the mainland. */
static void test_group_sizes(void)
{
    static const size_t want[4][8] = {{10, 6, 12, 3}, {11, 8, 12}, {3, 4, 3, 3, 4, 4, 5, 5}, {15, 16}};
    for (int s = 0; s < 4; s++) {
        size_t n = 0;
        const char *const *lab = nqpf_region_labels((nqpf_region_scheme)s, 0, &n);
        REQUIRE(lab != NULL);
        size_t count[8] = {0};
        for (size_t i = 0; i < 31; i++) {
            const char *g = nqpf_region_of((nqpf_region_scheme)s, MAINLAND[i], 0);
            REQUIRE(g != NULL);
            for (size_t k = 0; k < n; k++)
                count[k] += strcmp(g, lab[k]) == 0;
        }
        for (size_t k = 0; k < n; k++)
            CHECK(count[k] == want[s][k]);
        CHECK(nqpf_region_of((nqpf_region_scheme)s, 81, 0) == NULL);
        CHECK(nqpf_region_of((nqpf_region_scheme)s, 71, 1) == NULL);
    }
    CHECK_STR(nqpf_region_of(NQPF_REGION_ZONE8, 50, 0), "大西南");
    CHECK_STR(nqpf_region_of(NQPF_REGION_ZONE8, 15, 1), "Middle Yellow River");
    CHECK_STR(nqpf_region_of(NQPF_REGION_BELT3, 21, 0), "东部");
    CHECK_STR(nqpf_region_of(NQPF_REGION_NBS4, 21, 0), "东北");
    CHECK_STR(nqpf_region_of(NQPF_REGION_NS2, 51, 1), "South");
    CHECK(nqpf_region_scheme_find("zone8") == NQPF_REGION_ZONE8);
    CHECK(nqpf_region_scheme_find("nbs") == -1);
}

/* The bundled panel names each province three ways (Chinese, English,
 * six-digit GB code) and carries the NBS region in English. */
static void test_bundled_panel(void)
{
    nqpf_table *t = NULL;
    nqpf_error err;
    REQUIRE(nqpf_table_read(&t, "data/china_provinces_tech_wide.csv", NQPF_ENC_AUTO, &err) == NQPF_OK);
    size_t cz, ce, cg, cr;
    int ok = !nqpf_table_require(t, "province", &cz, &err) && !nqpf_table_require(t, "province_en", &ce, &err) &&
             !nqpf_table_require(t, "gb_code", &cg, &err) && !nqpf_table_require(t, "region4", &cr, &err);
    CHECK(ok);
    size_t rows = 0;
    for (size_t i = 0; ok && i < t->n_rows; i++) {
        int code = atoi(nqpf_table_get(t, i, cg)) / 10000;
        CHECK(nqpf_province_code(nqpf_table_get(t, i, cz)) == code);
        CHECK(nqpf_province_code(nqpf_table_get(t, i, ce)) == code);
        CHECK(nqpf_province_code(nqpf_table_get(t, i, cg)) == code);
        CHECK_STR(nqpf_region_of(NQPF_REGION_NBS4, code, 1), nqpf_table_get(t, i, cr));
        CHECK_STR(nqpf_province_name(code, 0), nqpf_table_get(t, i, cz));
        rows++;
    }
    CHECK(rows == 31 * 14);
    nqpf_table_free(t);
}

static void test_keys(void)
{
    static const struct {
        const char *key;
        int code;
    } cases[] = {
        {"江苏省", 32}, {"北京市", 11}, {"广西壮族自治区", 45}, {"新疆维吾尔自治区", 65}, {"宁夏回族自治区", 64},
        {"内蒙古自治区", 15}, {"西藏自治区", 54}, {"香港特别行政区", 81}, {"澳门", 82}, {" 重庆 ", 50},
        {"320100", 32}, {"11", 11}, {"440300000000", 44}, {"Shanxi", 14}, {"Shaanxi", 61},
        {"inner-mongolia", 15}, {"Nei Mongol", 15}, {"XIZANG", 54}, {"Hong Kong", 81}, {"Macau", 82},
        {"江苏省省", -1}, {"江", -1}, {"99", -1}, {"1100", -1}, {"", -1}, {"Shan xi x", -1}, {"苏州市", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = nqpf_province_code(cases[i].key);
        if (got != cases[i].code)
            fprintf(stderr, "  key '%s': %d, expected %d\n", cases[i].key, got, cases[i].code);
        CHECK(got == cases[i].code);
    }
}

int main(void)
{
    RUN(test_group_sizes);
    RUN(test_bundled_panel);
    RUN(test_keys);
    return test_done();
}
