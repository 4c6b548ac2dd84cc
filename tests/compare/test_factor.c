/* Label columns as factors: level order and errors. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "nqpf/compare.h"
#include "nqpf/regions.h"
#include "test.h"

static nqpf_table *write_and_read(const char *text)
{
    char path[] = "/tmp/nqpf-factor-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    nqpf_table *t = NULL;
    nqpf_error err;
    if (nqpf_table_read(&t, path, NQPF_ENC_AUTO, &err))
        t = NULL;
    remove(path);
    return t;
}

static void test_numeric_and_text_order(void)
{
    nqpf_table *t = write_and_read("g,y\n10,a\n9,b\n10,c\n2,d\n");
    CHECK(t != NULL);
    if (!t)
        return;
    nqpf_factor f;
    nqpf_error err;
    CHECK(nqpf_factor_build(t, "g", &f, &err) == 0);
    CHECK(f.n_levels == 3);
    CHECK_STR(f.level[0], "2");
    CHECK_STR(f.level[1], "9");
    CHECK_STR(f.level[2], "10");
    CHECK(f.code[0] == 2 && f.code[1] == 1 && f.code[2] == 2 && f.code[3] == 0);
    CHECK(f.level_num && f.level_num[2] == 10.0);
    nqpf_factor_free(&f);
    CHECK(nqpf_factor_build(t, "y", &f, &err) == 0);
    CHECK(f.n_levels == 4 && f.level_num == NULL);
    CHECK_STR(f.level[0], "a");
    nqpf_factor_free(&f);
    CHECK(nqpf_factor_build(t, "nope", &f, &err) == NQPF_EINPUT);
    nqpf_table_free(t);
}

static void test_chinese_first_appearance_and_empty_label(void)
{
    nqpf_table *t = write_and_read("region,v\n西部,1\n东部,2\n西部,3\n,4\n");
    CHECK(t != NULL);
    if (!t)
        return;
    nqpf_factor f;
    nqpf_error err;
    CHECK(nqpf_factor_build(t, "region", &f, &err) == NQPF_EINPUT);
    CHECK(err.line == 5 && err.col == 1);
    nqpf_table_free(t);
    t = write_and_read("region,v\n西部,1\n东部,2\n西部,3\n");
    CHECK(nqpf_factor_build(t, "region", &f, &err) == 0);
    CHECK(f.n_levels == 2);
    CHECK_STR(f.level[0], "西部");
    CHECK_STR(f.level[1], "东部");
    nqpf_factor_free(&f);
    nqpf_table_free(t);
}

/* The key-based grouping shared by `--group nbs4` and the report's [group]:
 * NBS (2011) puts Sichuan in the West, Beijing in the East, Jilin in the
 * Northeast and Hubei (found by its GB code in alt) in the Centre; levels in
 * the scheme's order.  Hong Kong is no mainland province: its index comes
 * back and err is left for the caller. */
static void test_region_codes(void)
{
    const char *key[] = {"四川省", "北京", "220000", "甲"}, *alt[] = {NULL, NULL, NULL, "420000"};
    nqpf_factor f;
    size_t bad = 99;
    nqpf_error err;
    nqpf_error_clear(&err);
    CHECK(nqpf_region_codes(key, alt, 4, NQPF_REGION_NBS4, 1, &f, &bad, &err) == 0);
    CHECK(f.n_levels == 4 && f.n_rows == 4);
    CHECK_STR(f.level[0], "East");
    CHECK_STR(f.level[3], "Northeast");
    CHECK(f.code[0] == 2 && f.code[1] == 0 && f.code[2] == 3 && f.code[3] == 1);
    nqpf_factor_free(&f);
    const char *two[] = {"北京", "香港"};
    CHECK(nqpf_region_codes(two, NULL, 2, NQPF_REGION_NBS4, 0, &f, &bad, &err) == NQPF_EINPUT);
    CHECK(bad == 1 && err.msg[0] == '\0');
    /* only the groups present, Chinese labels */
    CHECK(nqpf_region_codes(two, NULL, 1, NQPF_REGION_NBS4, 0, &f, &bad, &err) == 0);
    CHECK(f.n_levels == 1 && f.code[0] == 0);
    CHECK_STR(f.level[0], "东部");
    nqpf_factor_free(&f);
}

int main(void)
{
    RUN(test_region_codes);
    RUN(test_numeric_and_text_order);
    RUN(test_chinese_first_appearance_and_empty_label);
    return test_done();
}
