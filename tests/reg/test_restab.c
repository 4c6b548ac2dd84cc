/* The engines' result tables (src/reg/restab.c): the one writer prints a
 * number cell as nqpf_csv_put_num and a text cell as nqpf_csv_put_field
 * (the bytes the commands wrote before the tables were kept in memory),
 * and the table the report takes holds the cells that the CSV reads back
 * as (nqpf_table_read + nqpf_table_unguard), so the report sees what the
 * command writes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/output.h"
#include "nqpf/restab.h"
#include "test.h"

/* texts that quote, guard or both; numbers of every form nqpf prints */
static const char *const TEXT[] = {"ols", "a,b", "say \"hi\"", "=cmd()", "-x", "'=x", "+", "中文", "", "@sum"};
static const double NUM[] = {0.1, -1.5, 1e-300, 3.0, -0.0, 1e21, 12345678.9, NAN, INFINITY, -INFINITY};

static void build(nqpf_restab *r)
{
    REQUIRE(nqpf_restab_header(r, "term,value") == 0);
    for (size_t k = 0; k < sizeof TEXT / sizeof *TEXT; k++) {
        const char *f[1] = {TEXT[k]};
        CHECK(nqpf_restab_row(r, f, 1, &NUM[k], 1) == 0);
    }
}

static void test_bytes_as_the_stream_writers(void)
{
    nqpf_restab r = {0};
    build(&r);
    nqpf_error err;
    REQUIRE(nqpf_restab_done(&r, &err) == NQPF_OK);
    nqpf_buf b = {0};
    CHECK(nqpf_restab_csv(&r, &b) == 0);
    /* the same rows through the FILE writers */
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    REQUIRE(fp != NULL);
    fputs("term,value\n", fp);
    for (size_t k = 0; k < sizeof TEXT / sizeof *TEXT; k++) {
        nqpf_csv_put_field(fp, TEXT[k]);
        fputc(',', fp);
        nqpf_csv_put_num(fp, NUM[k]);
        fputc('\n', fp);
    }
    fclose(fp);
    CHECK(b.len == len && memcmp(b.data, text, len) == 0);
    free(text);
    nqpf_buf_free(&b);
    nqpf_restab_free(&r);
}

static void test_cells_as_read_back(void)
{
    nqpf_restab r = {0};
    build(&r);
    nqpf_error err;
    REQUIRE(nqpf_restab_done(&r, &err) == NQPF_OK);
    char path[] = "/tmp/nqpf-test-restab-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    nqpf_buf b = {0};
    CHECK(nqpf_restab_csv(&r, &b) == 0);
    FILE *fp = fdopen(fd, "wb");
    REQUIRE(fp != NULL);
    fwrite(b.data, 1, b.len, fp);
    fclose(fp);
    nqpf_table *back = NULL;
    int rc = nqpf_table_read(&back, path, NQPF_ENC_UTF8, &err);
    remove(path);
    REQUIRE(rc == NQPF_OK);
    nqpf_table_unguard(back);
    nqpf_table *t = nqpf_restab_take(&r);
    CHECK(t->n_rows == back->n_rows && t->n_cols == back->n_cols);
    for (size_t c = 0; c < t->n_cols && c < back->n_cols; c++)
        CHECK_STR(t->header[c], back->header[c]);
    for (size_t i = 0; i < t->n_rows && i < back->n_rows; i++) {
        CHECK(t->line[i] == back->line[i]);
        for (size_t c = 0; c < t->n_cols; c++)
            CHECK_STR(nqpf_table_get(t, i, c), nqpf_table_get(back, i, c));
    }
    nqpf_table_free(t);
    nqpf_table_free(back);
    nqpf_buf_free(&b);
}

static void test_short_row_and_no_header(void)
{
    nqpf_restab r = {0};
    nqpf_error err;
    REQUIRE(nqpf_restab_header(&r, "a,b,c") == 0);
    CHECK(nqpf_restab_text(&r, "x") == 0 && nqpf_restab_num(&r, 1.0) == 0);
    CHECK(nqpf_restab_done(&r, &err) == NQPF_EINTERNAL);
    nqpf_restab_free(&r);
    /* a table never begun: no text at all (an asked-for file is empty), no table */
    nqpf_restab none = {0};
    nqpf_buf b = {0};
    CHECK(nqpf_restab_done(&none, &err) == NQPF_OK);
    CHECK(nqpf_restab_csv(&none, &b) == 0 && b.len == 0);
    CHECK(nqpf_restab_take(&none) == NULL);
    /* an adder without a header fails and done says so */
    CHECK(nqpf_restab_text(&none, "x") == -1);
    CHECK(nqpf_restab_done(&none, &err) == NQPF_ENOMEM);
    nqpf_restab_free(&none);
    nqpf_buf_free(&b);
}

int main(void)
{
    RUN(test_bytes_as_the_stream_writers);
    RUN(test_cells_as_read_back);
    RUN(test_short_row_and_no_header);
    return test_done();
}
