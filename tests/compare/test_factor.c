/* Label columns as factors: level order and errors. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "nqpf/compare.h"
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

int main(void)
{
    RUN(test_numeric_and_text_order);
    RUN(test_chinese_first_appearance_and_empty_label);
    return test_done();
}
