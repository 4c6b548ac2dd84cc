/* The column reader (src/io/coltable.c) against things we did not write:
 * glibc's strtod for every number, the generator's own keys for every key
 * cell, hand-derived small files, and the strict serial reader (the
 * reference every error message comes from) at 1 and 2 threads.  The big
 * files (> 16 MiB) span several blocks of the parallel path.  A column the
 * caller supplies (nqpf_coltable_spec.extra, the report's index score)
 * against values worked out by hand.
 *
 * With arguments it is the dump tool of tests/io/test_coltable.py:
 *   test_coltable dump FILE THREADS STRICT NAME:n|k|N|K ...
 * (n number, k key; upper case: required) prints "ok" and each row as
 * line<TAB>cells (numbers %.17g, "nan"; keys their level text, "<NA>"),
 * or "error<TAB>status<TAB>message". */
#include <omp.h>
#include <stdint.h>
#include <unistd.h>

#include "nqpf/coltable.h"
#include "nqpf/output.h"
#include "nqpf/util.h"
#include "test.h"

static char tmpdir[] = "/tmp/nqpf-test-coltable-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static void write_bytes(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(text, 1, len, f);
    fclose(f);
}

static void write_file(const char *path, const char *text)
{
    write_bytes(path, text, strlen(text));
}

static nqpf_coltable *read_cols(const char *path, const nqpf_colspec *cols, size_t n, int threads, int strict,
                                nqpf_error *err, int *rc)
{
    omp_set_num_threads(threads);
    nqpf_coltable_spec sp = {.path = path, .cols = cols, .n_cols = n, .strict = strict};
    nqpf_coltable *t = NULL;
    *rc = nqpf_coltable_read(&t, &sp, err);
    return t;
}

/* Every value and key of a and b the same (NaN equal to NaN). */
static int same_table(const nqpf_coltable *a, const nqpf_coltable *b)
{
    if (a->n_rows != b->n_rows || a->n_cols != b->n_cols)
        return 0;
    if (memcmp(a->line, b->line, a->n_rows * sizeof(long)))
        return 0;
    for (size_t c = 0; c < a->n_cols; c++) {
        const nqpf_column *x = &a->col[c], *y = &b->col[c];
        if (x->type != y->type || x->file_col != y->file_col || x->n_levels != y->n_levels)
            return 0;
        for (size_t i = 0; i < a->n_rows; i++)
            if (x->type == NQPF_COL_NUMBER ? memcmp(&x->num[i], &y->num[i], sizeof(double)) != 0
                                           : x->code[i] != y->code[i])
                return 0;
        for (size_t l = 0; l < x->n_levels; l++)
            if (strcmp(x->levels[l], y->levels[l]))
                return 0;
    }
    return 1;
}

static void test_small_by_hand(void)
{
    /* a BOM, CRLF, a quoted field with a comma and a newline, blank lines,
     * missing tokens, blanks around cells */
    const char *p = tmp_path("small.csv");
    write_file(p, "\xEF\xBB\xBF" "id, y ,x,g\r\n"
                  "a,1.5,2,north\r\n"
                  "\r\n"
                  "b, NA ,\"3,5\",south\r\n"
                  "\"a\",-0.25,4e2,\" north \"\r\n"
                  "c,7,,\"two\nlines\"\r\n"
                  "d,.,1,\r\n");
    nqpf_colspec want[] = {{"y", NQPF_COL_NUMBER, 0, NULL}, {"id", NQPF_COL_KEY, 1, NULL},
                           {"g", NQPF_COL_KEY, 0, NULL},    {"y", NQPF_COL_KEY, 0, NULL},
                           {"x", NQPF_COL_KEY, 0, NULL}};
    for (int strict = 0; strict < 2; strict++) {
        nqpf_error err = {0};
        int rc;
        nqpf_coltable *t = read_cols(p, want, 5, 2, strict, &err, &rc);
        REQUIRE(rc == NQPF_OK && t);
        CHECK(t->n_rows == 5);
        CHECK(t->header_line == 1);
        long lines[] = {2, 4, 5, 6, 8};
        double y[] = {1.5, NAN, -0.25, 7, NAN};
        for (size_t i = 0; i < 5 && t->n_rows == 5; i++) {
            CHECK(t->line[i] == lines[i]);
            CHECK_REL(t->col[0].num[i], y[i], 0);
        }
        int32_t id[] = {0, 1, 0, 2, 3}, g[] = {0, 1, 0, 2, -1};
        for (size_t i = 0; i < 5 && t->n_rows == 5; i++) {
            CHECK(t->col[1].code[i] == id[i]);
            CHECK(t->col[2].code[i] == g[i]);
        }
        CHECK(t->col[2].n_levels == 3 && strcmp(t->col[2].levels[2], "two\nlines") == 0);
        CHECK(t->col[3].n_levels == 5 && strcmp(t->col[3].levels[1], "NA") == 0); /* a key keeps the text */
        CHECK(t->col[4].code[1] == 1 && strcmp(t->col[4].levels[1], "3,5") == 0);
        CHECK(t->col[4].code[3] == -1);
        CHECK(t->col[0].file_col == 2 && t->col[4].file_col == 3);
        CHECK(strcmp(t->col[0].name, "y") == 0 && nqpf_coltable_find(t, "g") == 2);
        nqpf_coltable_free(t);
    }
}

/* Optional requests: one the header lacks reads as absent (file_col 0, no
 * values, not found by name) while the others read as without it, by the
 * parallel and strict paths, at 1 and 2 threads; one the header has
 * reads as any request.  A missing required column is still an error. */
static void test_optional(void)
{
    const char *p = tmp_path("optional.csv");
    write_file(p, "u,y,g\n"
                  "a,1,n\n"
                  "b,2.5,s\n"
                  "a,-3,n\n");
    nqpf_colspec want[] = {{"y", NQPF_COL_NUMBER, 1, NULL}, {"zone", NQPF_COL_KEY, 0, NULL},
                           {"u", NQPF_COL_KEY, 1, NULL},    {"x", NQPF_COL_NUMBER, 0, NULL},
                           {"g", NQPF_COL_KEY, 0, NULL}};
    unsigned char optional[] = {0, 1, 0, 1, 1};
    for (int strict = 0; strict < 2; strict++)
        for (int threads = 1; threads <= 2; threads++) {
            omp_set_num_threads(threads);
            nqpf_error err = {0};
            nqpf_coltable *t = NULL;
            nqpf_coltable_spec sp = {.path = p, .cols = want, .n_cols = 5, .optional = optional, .strict = strict};
            int rc = nqpf_coltable_read(&t, &sp, &err);
            REQUIRE(rc == NQPF_OK && t && t->n_rows == 3);
            CHECK(t->col[1].file_col == 0 && t->col[1].name == NULL && t->col[1].code == NULL);
            CHECK(t->col[3].file_col == 0 && t->col[3].num == NULL);
            CHECK(nqpf_coltable_find(t, "zone") == -1 && nqpf_coltable_find(t, "g") == 4);
            CHECK(t->col[0].num[0] == 1.0 && t->col[0].num[1] == 2.5 && t->col[0].num[2] == -3.0);
            CHECK(t->col[2].n_levels == 2 && t->col[2].code[2] == 0 && t->col[4].file_col == 3);
            CHECK(t->col[4].n_levels == 2 && strcmp(t->col[4].levels[1], "s") == 0 && t->col[4].code[2] == 0);
            nqpf_coltable_free(t);
        }
    nqpf_colspec need[] = {{"zone", NQPF_COL_KEY, 0, NULL}, {"v", NQPF_COL_NUMBER, 0, NULL}};
    unsigned char first_only[] = {1, 0};
    nqpf_coltable_spec sp = {.path = p, .cols = need, .n_cols = 2, .optional = first_only};
    nqpf_coltable *t = NULL;
    nqpf_error err = {0};
    CHECK(nqpf_coltable_read(&t, &sp, &err) != NQPF_OK && t == NULL && err.line == 1);
    CHECK(strstr(err.msg, "'v'") != NULL);
}

static void test_rank_levels(void)
{
    const char *p = tmp_path("rank.csv");
    write_file(p, "t,s\n2010,b\n9,a\n2010.0,c\n10,a\n");
    nqpf_colspec want[] = {{"t", NQPF_COL_KEY, 1, NULL}, {"s", NQPF_COL_KEY, 1, NULL}};
    nqpf_error err = {0};
    int rc;
    nqpf_coltable *t = read_cols(p, want, 2, 1, 0, &err, &rc);
    REQUIRE(rc == NQPF_OK && t);
    size_t rank[4], first[4], nr = 0;
    /* levels 2010, 9, 2010.0, 10: numbers, so 9 < 10 < 2010 = 2010.0 */
    REQUIRE(nqpf_coltable_rank_levels(&t->col[0], rank, &nr, first, &err) == NQPF_OK);
    CHECK(nr == 3 && rank[0] == 2 && rank[1] == 0 && rank[2] == 2 && rank[3] == 1);
    CHECK(first[2] == 0);
    /* levels b, a, c: text, by bytes */
    REQUIRE(nqpf_coltable_rank_levels(&t->col[1], rank, &nr, first, &err) == NQPF_OK);
    CHECK(nr == 3 && rank[0] == 1 && rank[1] == 0 && rank[2] == 2);
    nqpf_coltable_free(t);
}

/* The same error, worded the same, from the strict reader and from the
 * parallel path at 1 and 2 threads. */
static void check_error(const char *name, const char *text, const nqpf_colspec *want, size_t n, int status,
                        const char *message)
{
    const char *p = tmp_path(name);
    /* the text of a nul*.csv goes on past the NUL byte that strlen stops at, to its newline */
    write_bytes(p, text, strlen(text) + (strstr(name, "nul") != NULL) * 2);
    long at[2] = {0, 0};
    for (int mode = 0; mode < 3; mode++) {
        nqpf_error err = {0};
        int rc;
        nqpf_coltable *t = read_cols(p, want, n, mode == 2 ? 2 : 1, mode == 0, &err, &rc);
        CHECK(t == NULL);
        CHECK(rc == status);
        if (mode == 0)
            at[0] = err.line, at[1] = err.col;
        CHECK(err.line == at[0] && err.col == at[1]);
        if (!strstr(err.msg, message)) {
            fprintf(stderr, "  %s (mode %d): got '%s', expected '%s'\n", name, mode, err.msg, message);
            CHECK(0);
        }
        nqpf_coltable_free(t);
    }
}

static void test_errors(void)
{
    nqpf_colspec yx[] = {{"y", NQPF_COL_NUMBER, 0, NULL}, {"x", NQPF_COL_NUMBER, 1, NULL}};
    check_error("bad.csv", "y,x\n1,2\n3,abc\n", yx, 2, NQPF_EPARSE, "'abc' in column 'x': not a number");
    check_error("missing.csv", "y,x\n1,2\n3, NA\n", yx, 2, NQPF_EMISSING, "missing value in column 'x'");
    check_error("width.csv", "y,x\n1,2\n3,4,5\n", yx, 2, NQPF_EPARSE, "row has 3 fields but the header has 2");
    check_error("narrow.csv", "y,x\n1,2\n3\n", yx, 2, NQPF_EPARSE, "row has 1 fields but the header has 2");
    check_error("thousands.csv", "y,x\n\"1,000\",2\n", yx, 2, NQPF_EPARSE, "thousands separators");
    check_error("empty.csv", "", yx, 2, NQPF_EINPUT, "file is empty (a header row is required)");
    check_error("dup.csv", "y,x,y\n1,2,3\n", yx, 2, NQPF_EINPUT, "duplicate column name 'y' (also column 1)");
    nqpf_colspec unit[] = {{"firm", NQPF_COL_KEY, 1, "unit"}};
    check_error("nocol.csv", "frim,x\na,1\n", unit, 1, NQPF_EINPUT,
                "no unit column 'firm' in the header (did you mean 'frim'?)");
    check_error("emptykey.csv", "firm,x\na,1\n ,2\n", unit, 1, NQPF_EMISSING, "missing value in column 'firm'");
    check_error("nul.csv", "y,x\n1,2\n3,4\0\n", yx, 2, NQPF_EPARSE, "NUL byte (0x00) in a field");
}

/* ---- big files: values against strtod, keys against the generator ---- */

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL); /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Rows "firm,year,v1..v4,note": firm f<k> with k from a few thousand, v as
 * random decimals, sometimes empty or NA, sometimes a quoted note (which
 * sends that line to the strict reader), sometimes a blank line or CRLF. */
static size_t write_big(const char *path, char **texts, size_t rows)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fputs("firm,year,v1,v2,v3,v4,note\n", f);
    for (size_t i = 0; i < rows; i++) {
        fprintf(f, "f%u,%u", (unsigned)(i / 7 % 5000), 2000 + (unsigned)(i % 7));
        for (int v = 0; v < 4; v++) {
            char *s = texts[i * 4 + v];
            uint64_t r = rnd();
            if (r % 50 == 0)
                s[0] = '\0';
            else if (r % 50 == 1)
                strcpy(s, "NA");
            else
                snprintf(s, 32, "%s%llu.%llu%s", r % 3 ? "" : "-", (unsigned long long)(rnd() % 100000),
                         (unsigned long long)(rnd() % 1000000), r % 11 == 0 ? "e-3" : "");
            fprintf(f, ",%s", s);
        }
        uint64_t r = rnd();
        fputs(r % 997 == 0 ? ",\"a, quoted note\"" : ",plain", f);
        fputs(r % 13 == 0 ? "\r\n" : "\n", f);
        if (r % 1009 == 0)
            fputs("\n", f);
    }
    fclose(f);
    return rows;
}

static void test_big_vs_strtod(void)
{
    size_t rows = 400000; /* about 25 MB: two blocks and more */
    char **texts = malloc(rows * 4 * sizeof *texts);
    char *pool = malloc(rows * 4 * 32);
    REQUIRE(texts && pool);
    for (size_t i = 0; i < rows * 4; i++)
        texts[i] = pool + i * 32;
    const char *p = tmp_path("big.csv");
    REQUIRE(write_big(p, texts, rows) == rows);
    nqpf_colspec want[] = {{"v3", NQPF_COL_NUMBER, 0, NULL}, {"firm", NQPF_COL_KEY, 1, NULL},
                           {"v1", NQPF_COL_NUMBER, 0, NULL}, {"year", NQPF_COL_KEY, 1, NULL},
                           {"year", NQPF_COL_NUMBER, 1, NULL}};
    nqpf_coltable *t[3];
    for (int mode = 0; mode < 3; mode++) {
        nqpf_error err = {0};
        int rc;
        t[mode] = read_cols(p, want, 5, mode == 2 ? 2 : 1, mode == 0, &err, &rc);
        CHECK(rc == NQPF_OK);
    }
    REQUIRE(t[0] && t[1] && t[2]);
    CHECK(same_table(t[0], t[1]));
    CHECK(same_table(t[0], t[2]));
    REQUIRE(t[2]->n_rows == rows);
    size_t bad = 0;
    for (size_t i = 0; i < rows; i++) {
        for (int k = 0; k < 2; k++) {
            const char *s = texts[i * 4 + (k ? 0 : 2)];
            double want_v = *s && strcmp(s, "NA") ? strtod(s, NULL) : NAN;
            double got = t[2]->col[k ? 2 : 0].num[i];
            bad += !(isnan(want_v) ? isnan(got) : memcmp(&got, &want_v, sizeof got) == 0);
        }
        char firm[16];
        snprintf(firm, sizeof firm, "f%u", (unsigned)(i / 7 % 5000));
        bad += strcmp(t[2]->col[1].levels[t[2]->col[1].code[i]], firm) != 0;
        bad += t[2]->col[4].num[i] != 2000 + (double)(i % 7);
        bad += t[2]->col[3].code[i] != (int32_t)(i % 7);
    }
    CHECK(bad == 0);
    CHECK(t[2]->col[1].n_levels == 5000);
    for (int mode = 0; mode < 3; mode++)
        nqpf_coltable_free(t[mode]);
    free(texts);
    free(pool);
}

/* An error deep in a big file (inside a parallel block): the same message
 * as the strict reader's, whatever the threads. */
static void test_big_error_position(void)
{
    const char *p = tmp_path("bigbad.csv");
    FILE *f = fopen(p, "wb");
    REQUIRE(f);
    fputs("a,b\n", f);
    for (long i = 0; i < 1500000; i++)
        fprintf(f, i == 1234567 ? "%ld,1.5x\n" : "%ld,2.25\n", i);
    fclose(f);
    nqpf_colspec want[] = {{"a", NQPF_COL_KEY, 0, NULL}, {"b", NQPF_COL_NUMBER, 0, NULL}};
    char msg[3][2048];
    for (int mode = 0; mode < 3; mode++) {
        nqpf_error err = {0};
        int rc;
        nqpf_coltable *t = read_cols(p, want, 2, mode == 2 ? 2 : 1, mode == 0, &err, &rc);
        CHECK(rc == NQPF_EPARSE && !t);
        snprintf(msg[mode], sizeof msg[mode], "%s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
        nqpf_coltable_free(t);
    }
    CHECK(strstr(msg[0], ":1234569:2: '1.5x' in column 'b'") != NULL);
    CHECK(strcmp(msg[0], msg[1]) == 0 && strcmp(msg[0], msg[2]) == 0);
}

/* ---- a column the caller supplies (nqpf_colsource) ---- */

/* The caller's side: units a, b and periods 2001, 2002 by their texts,
 * a value per (unit, period) (NaN: none), and a count of the calls. */
typedef struct src_ctx {
    size_t finds, values;
} src_ctx;

static long src_find(void *ctx, int key, const char *text, size_t n)
{
    static const char *const names[2][2] = {{"a", "b"}, {"2001", "2002"}};
    ((src_ctx *)ctx)->finds++;
    for (long i = 0; i < 2; i++)
        if (strlen(names[key - 1][i]) == n && memcmp(names[key - 1][i], text, n) == 0)
            return i;
    return -1;
}

static double src_value(void *ctx, long unit, long period)
{
    const double v[2][2] = {{0.1, NAN}, {-2.5e-7, 1 / 3.0}};
    ((src_ctx *)ctx)->values++;
    return v[unit][period];
}

/* A file of 7 rows whose (unit, year) are, by line: 2 a,2001  3 b,2002
 * 4 c,2001 (no such unit)  5 a,2002 (no value)  7 " b ",2001 (trimmed)
 * 8 "",2002 (empty)  9 a,1999 (no such period); a text column of junk. */
static const char *extra_file(void)
{
    const char *p = tmp_path("extra.csv");
    write_file(p, "unit, year ,x,note\n"
                  "a,2001,1,\"junk, \"\"q\"\"\"\n"
                  "b,2002,2,1.2.3\n"
                  "c,2001,3,x\n"
                  "a,2002,4,\n"
                  "\n"
                  " b ,2001,5,NA\n"
                  ",2002,6,w\n"
                  "a,1999,7,v\n");
    return p;
}

static int read_extra(const char *path, const nqpf_colspec *want, size_t n, const unsigned char *optional,
                      const char *key2, int strict, src_ctx *ctx, nqpf_coltable **t, nqpf_error *err)
{
    nqpf_colsource xs = {"score", "unit", key2, src_find, src_value, ctx};
    nqpf_coltable_spec sp = {.path = path, .cols = want, .n_cols = n, .optional = optional, .strict = strict,
                             .extra = ctx ? &xs : NULL};
    return nqpf_coltable_read(t, &sp, err);
}

/* Rows get the value of their unit and period, NaN where either is not
 * the caller's or it has none; each distinct text looked up once (4 units
 * with the empty one, 4 periods), value once per row with both found; the
 * column follows the file's last (file_col 5) and joins the header; a KEY
 * of it has the printed numbers as levels; the key columns the reader
 * needs are not among the table's.  The same by both paths, 1 and 2 threads. */
static void test_extra_values(void)
{
    const char *p = extra_file();
    nqpf_colspec want[] = {{"score", NQPF_COL_NUMBER, 0, NULL}, {"x", NQPF_COL_NUMBER, 1, NULL},
                           {"score", NQPF_COL_KEY, 0, NULL},    {"unit", NQPF_COL_KEY, 0, NULL}};
    const double score[] = {0.1, 1 / 3.0, NAN, NAN, -2.5e-7, NAN, NAN};
    const long lines[] = {2, 3, 4, 5, 7, 8, 9};
    const int32_t code[] = {0, 1, -1, -1, 2, -1, -1};
    for (int strict = 0; strict < 2; strict++)
        for (int threads = 1; threads <= 2; threads++) {
            omp_set_num_threads(threads);
            src_ctx ctx = {0};
            nqpf_coltable *t = NULL;
            nqpf_error err = {0};
            REQUIRE(read_extra(p, want, 4, NULL, "year", strict, &ctx, &t, &err) == NQPF_OK && t);
            REQUIRE(t->n_rows == 7 && t->n_cols == 4);
            CHECK(ctx.finds == 8 && ctx.values == 4);
            CHECK(t->n_header == 5 && strcmp(t->header[4], "score") == 0);
            CHECK(t->col[0].file_col == 5 && strcmp(t->col[0].name, "score") == 0);
            CHECK(t->col[2].file_col == 5 && t->col[2].type == NQPF_COL_KEY && t->col[2].n_levels == 3);
            CHECK(nqpf_coltable_find(t, "score") == 0 && t->col[1].file_col == 3 && t->col[3].n_levels == 3);
            for (size_t i = 0; i < 7; i++) {
                CHECK(t->line[i] == lines[i]);
                CHECK(isnan(score[i]) ? isnan(t->col[0].num[i]) : memcmp(&t->col[0].num[i], &score[i], 8) == 0);
                CHECK(t->col[1].num[i] == (double)(i + 1));
                CHECK(t->col[2].code[i] == code[i]);
            }
            /* a level is the number as printed, which reads back as the same double */
            const double lv[] = {0.1, 1 / 3.0, -2.5e-7};
            for (size_t l = 0; l < 3 && t->col[2].n_levels == 3; l++) {
                nqpf_buf b = {0};
                REQUIRE(nqpf_buf_csv_num(&b, lv[l]) == 0);
                CHECK(strlen(t->col[2].levels[l]) == b.len && memcmp(t->col[2].levels[l], b.data, b.len) == 0);
                double back = strtod(t->col[2].levels[l], NULL);
                CHECK(memcmp(&back, &lv[l], 8) == 0);
                nqpf_buf_free(&b);
            }
            nqpf_coltable_free(t);
        }
}

/* The file's own column wins (nothing looked up); a file where no row
 * matches, or whose header lacks a key, has no such column, with the
 * message of a read without the source (and none when optional); a
 * required request with a row the caller has no value for is "missing
 * value" at that row, in the column after the file's last; a request of a
 * column close to the supplied name is pointed to it. */
static void test_extra_cases(void)
{
    nqpf_colspec y[] = {{"score", NQPF_COL_NUMBER, 0, NULL}, {"x", NQPF_COL_NUMBER, 0, NULL}};
    const char *own = tmp_path("own.csv");
    write_file(own, "unit,year,score,x\na,2001,7.25,1\nb,2002,,2\n");
    src_ctx ctx = {0};
    nqpf_coltable *t = NULL;
    nqpf_error err = {0};
    REQUIRE(read_extra(own, y, 2, NULL, "year", 0, &ctx, &t, &err) == NQPF_OK && t);
    CHECK(t->col[0].file_col == 3 && t->col[0].num[0] == 7.25 && isnan(t->col[0].num[1]) && t->n_header == 4);
    CHECK(ctx.finds == 0 && ctx.values == 0);
    nqpf_coltable_free(t);

    /* no row matches, or no key: the error of a file without the column */
    char none[512], extra[512]; /* tmp_path's buffer is reused */
    snprintf(none, sizeof none, "%s", tmp_path("nomatch.csv"));
    snprintf(extra, sizeof extra, "%s", extra_file());
    write_file(none, "unit,year,x\nc,2001,1\na,1999,2\n");
    struct {
        const char *path, *key2;
    } no[] = {{none, "year"}, {extra, "period"}};
    for (size_t k = 0; k < 2; k++) {
        nqpf_error e0 = {0}, e1 = {0};
        src_ctx c = {0};
        int r0 = read_extra(no[k].path, y, 2, NULL, no[k].key2, 0, NULL, &t, &e0);
        int r1 = read_extra(no[k].path, y, 2, NULL, no[k].key2, 0, &c, &t, &e1);
        CHECK(r0 == NQPF_EINPUT && r1 == r0 && t == NULL && e1.line == 1 && e1.line == e0.line && e1.col == e0.col);
        CHECK(strcmp(e0.msg, e1.msg) == 0 && strstr(e1.msg, "no column 'score' in the header") != NULL);
        CHECK(k == 0 ? c.finds == 6 && c.values == 0 : c.finds == 0); /* c, a, "" and 2001, 1999, "" */
        unsigned char opt[] = {1, 0};
        REQUIRE(read_extra(no[k].path, y, 2, opt, no[k].key2, 0, &c, &t, &e1) == NQPF_OK && t);
        CHECK(t->col[0].file_col == 0 && t->col[0].num == NULL && t->col[1].file_col == 3 && t->n_header == 3 + k);
        nqpf_coltable_free(t);
    }

    nqpf_colspec req[] = {{"x", NQPF_COL_NUMBER, 0, NULL}, {"score", NQPF_COL_NUMBER, 1, NULL}};
    for (int strict = 0; strict < 2; strict++) {
        REQUIRE(read_extra(extra_file(), req, 2, NULL, "year", strict, &ctx, &t, &err) == NQPF_EMISSING && !t);
        CHECK(err.line == 4 && err.col == 5 && strcmp(err.msg, "missing value in column 'score'") == 0);
    }
    nqpf_colspec typo[] = {{"scor", NQPF_COL_NUMBER, 0, NULL}};
    REQUIRE(read_extra(extra_file(), typo, 1, NULL, "year", 0, &ctx, &t, &err) == NQPF_EINPUT && !t);
    CHECK(err.line == 1 && strstr(err.msg, "no column 'scor' in the header (did you mean 'score'?)") != NULL);
}

/* ---- the dump tool of test_coltable.py ---- */
static int dump(int argc, char **argv)
{
    size_t n = (size_t)(argc - 5);
    nqpf_colspec *want = calloc(n ? n : 1, sizeof *want);
    if (!want)
        return 2;
    for (size_t c = 0; c < n; c++) {
        char *a = argv[5 + c], *colon = strrchr(a, ':');
        if (!colon)
            return 2;
        *colon = '\0';
        want[c].name = a;
        want[c].type = colon[1] == 'k' || colon[1] == 'K' ? NQPF_COL_KEY : NQPF_COL_NUMBER;
        want[c].required = colon[1] == 'N' || colon[1] == 'K';
    }
    nqpf_error err = {0};
    int rc;
    nqpf_coltable *t = read_cols(argv[2], want, n, atoi(argv[3]), atoi(argv[4]), &err, &rc);
    if (rc) {
        printf("error\t%d\t%s:%ld:%ld: %s\n", rc, err.file, err.line, err.col, err.msg);
        free(want);
        return 0;
    }
    printf("ok\n");
    for (size_t i = 0; i < t->n_rows; i++) {
        printf("%ld", t->line[i]);
        for (size_t c = 0; c < n; c++) {
            const nqpf_column *col = &t->col[c];
            if (col->type == NQPF_COL_NUMBER)
                printf(isnan(col->num[i]) ? "\tnan" : "\t%.17g", col->num[i]);
            else
                printf("\t%s", col->code[i] < 0 ? "<NA>" : col->levels[col->code[i]]);
        }
        printf("\n");
    }
    nqpf_coltable_free(t);
    free(want);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "dump") == 0)
        return dump(argc, argv);
    if (!mkdtemp(tmpdir))
        return 1;
    RUN(test_small_by_hand);
    RUN(test_optional);
    RUN(test_rank_levels);
    RUN(test_errors);
    RUN(test_big_vs_strtod);
    RUN(test_big_error_position);
    RUN(test_extra_values);
    RUN(test_extra_cases);
    const char *names[] = {"small.csv", "rank.csv", "bad.csv", "missing.csv", "width.csv", "narrow.csv",
                           "thousands.csv", "empty.csv", "dup.csv", "nocol.csv", "emptykey.csv", "nul.csv",
                           "big.csv", "bigbad.csv", "extra.csv", "own.csv", "nomatch.csv"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(tmp_path(names[i]));
    rmdir(tmpdir);
    return test_done();
}
