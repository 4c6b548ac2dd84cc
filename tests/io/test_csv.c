#include <iconv.h>
#include <unistd.h>

#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/sha256.h"
#include "test.h"

static char tmpdir[] = "/tmp/nqpf-test-csv-XXXXXX";

static const char *write_tmp(const char *name, const char *bytes, size_t n)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "wb");
    fwrite(bytes, 1, n, fp);
    fclose(fp);
    return path;
}

static void test_rfc4180(void)
{
    const char *s = "\xEF\xBB\xBFunit,name,v\r\n"
                    "1,\"a, \"\"quoted\"\"\nname\",2.5\r\n"
                    "\r\n"
                    "2,北京,-\n"
                    "3,\"\",7";
    const char *p = write_tmp("a.csv", s, strlen(s));
    nqpf_table *t = NULL;
    nqpf_error err;
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_OK);
    if (!t)
        return;
    CHECK(t->n_cols == 3 && t->n_rows == 3);
    CHECK_STR(t->header[0], "unit");
    CHECK_STR(nqpf_table_get(t, 0, 1), "a, \"quoted\"\nname");
    CHECK(t->line[0] == 2 && t->line[1] == 5 && t->line[2] == 6);
    CHECK_STR(nqpf_table_get(t, 1, 1), "北京");
    CHECK_STR(nqpf_table_get(t, 2, 1), "");
    double x;
    CHECK(nqpf_table_number(t, 0, 2, &x, &err) == NQPF_OK && x == 2.5);
    CHECK(nqpf_table_number(t, 1, 2, &x, &err) == NQPF_EMISSING && isnan(x));
    CHECK(nqpf_table_number(t, 1, 1, &x, &err) == NQPF_EPARSE && err.line == 5 && err.col == 2);
    CHECK(t->encoding == NQPF_ENC_UTF8);
    nqpf_table_free(t);
}

static void test_gbk_autodetect(void)
{
    const char *utf = "省份,值\n北京,1\n广东,2\n";
    char gbk[128];
    iconv_t cd = iconv_open("GBK", "UTF-8");
    char *in = (char *)utf, *out = gbk;
    size_t inl = strlen(utf), outl = sizeof gbk;
    iconv(cd, &in, &inl, &out, &outl);
    iconv_close(cd);
    const char *p = write_tmp("gbk.csv", gbk, sizeof gbk - outl);
    nqpf_table *t = NULL;
    nqpf_error err;
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_OK);
    if (!t)
        return;
    CHECK(t->encoding == NQPF_ENC_GB18030);
    CHECK_STR(t->header[0], "省份");
    CHECK_STR(nqpf_table_get(t, 1, 0), "广东");
    nqpf_table_free(t);
    /* the same bytes forced as UTF-8 are an error with a hint */
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_UTF8, &err) == NQPF_EPARSE);
    CHECK(strstr(err.msg, "--encoding") != NULL && err.line == 1);
}

static void test_errors(void)
{
    nqpf_table *t = NULL;
    nqpf_error err;
    const char *p = write_tmp("ragged.csv", "a,b\n1,2\n3\n", 10);
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_EPARSE && err.line == 3);
    p = write_tmp("trunc.csv", "a,b\n1,\"2\n", 9);
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_EPARSE && err.line == 2 && err.col == 2);
    CHECK(strstr(err.msg, "unterminated") != NULL);
    /* a NUL byte is refused with its position, quoted or not */
    p = write_tmp("nul.csv", "a,b\n1,x\0y\n", 11);
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_EPARSE && err.line == 2 && err.col == 2);
    CHECK(strstr(err.msg, "NUL") != NULL);
    p = write_tmp("nulq.csv", "a,b\n\"1\",\"x\0y\"\n", 15);
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_EPARSE && err.line == 2 && err.col == 2);
    CHECK(strstr(err.msg, "NUL") != NULL);
    p = write_tmp("empty.csv", "", 0);
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_EINPUT);
    p = write_tmp("dup.csv", "a,a\n1,2\n", 8);
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_EINPUT && err.col == 2);
    p = write_tmp("afterq.csv", "a,b\n\"1\"x,2\n", 11);
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_EPARSE);
    CHECK(nqpf_table_read(&t, "/nonexistent/x.csv", NQPF_ENC_AUTO, &err) == NQPF_EIO);
}

/* Rows that straddle the reader's 1 MiB chunks must come out whole. */
static void test_large_chunks(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/big.csv", tmpdir);
    FILE *fp = fopen(path, "wb");
    fputs("u,t,x\n", fp);
    for (int i = 0; i < 200000; i++)
        fprintf(fp, "\"unit %d\",%d,%d.5\r\n", i, i % 7, i);
    fclose(fp);
    nqpf_csv *r = NULL;
    nqpf_error err;
    CHECK(nqpf_csv_open(&r, path, NQPF_ENC_AUTO, ',', &err) == NQPF_OK);
    nqpf_csv_row row;
    long n = 0, bad = 0;
    CHECK(nqpf_csv_next(r, &row, &err) == 1);
    int rc;
    while ((rc = nqpf_csv_next(r, &row, &err)) == 1) {
        char want[32];
        snprintf(want, sizeof want, "unit %ld", n);
        if (row.n != 3 || strcmp(row.field[0], want) != 0 || row.line != n + 2)
            bad++;
        n++;
    }
    CHECK(rc == 0);
    CHECK(n == 200000);
    CHECK(bad == 0);
    nqpf_csv_close(r);
}

/* The read ahead in parts (nqpf_csv_read_ahead_begin/_part/_end): parts
 * read in reverse order, read aheads of every size from one byte to far
 * more than is left (the file ends inside a part, or in the first), taken
 * between rows: every row comes back once, in order, with its line, and
 * the input's SHA-256 is the file's. */
static void test_read_ahead_parts(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/ahead.csv", tmpdir);
    FILE *fp = fopen(path, "wb");
    fputs("i,x\n", fp);
    const long N = 400000;
    for (long i = 0; i < N; i++)
        fprintf(fp, "%ld,%ld\n", i, i * 7 % 1000);
    fclose(fp);
    static const size_t sizes[] = {1, 4096, (size_t)2 << 20, ((size_t)2 << 20) + 1, (size_t)5 << 20, (size_t)64 << 20};
    nqpf_csv *r = NULL;
    nqpf_error err;
    nqpf_sha256 sha;
    nqpf_sha256_init(&sha);
    CHECK(nqpf_csv_open(&r, path, NQPF_ENC_AUTO, ',', &err) == NQPF_OK);
    nqpf_csv_hash(r, &sha);
    nqpf_csv_row row;
    CHECK(nqpf_csv_next(r, &row, &err) == 1);
    long n = 0, bad = 0, split = 0;
    int rc;
    while ((rc = nqpf_csv_next(r, &row, &err)) == 1) {
        char want[32];
        snprintf(want, sizeof want, "%ld", n);
        if (row.n != 2 || strcmp(row.field[0], want) != 0 || row.line != n + 2)
            bad++;
        n++;
        if (n % 25000 == 0) {
            size_t parts = nqpf_csv_read_ahead_begin(r, sizes[(n / 25000) % 6]);
            split += parts > 1;
            for (size_t k = parts; k-- > 0;)
                nqpf_csv_read_ahead_part(r, k);
            if (parts)
                nqpf_csv_read_ahead_end(r);
        }
    }
    CHECK(rc == 0);
    CHECK(n == N);
    CHECK(bad == 0);
    CHECK(split > 0);
    char hex[65], want[65];
    CHECK(nqpf_csv_sha256(r, hex) == 1);
    nqpf_csv_close(r);
    CHECK(nqpf_sha256_file(path, want, &err) == NQPF_OK && strcmp(hex, want) == 0);
}

/* Periods sort as numbers when all are numbers (9 before 10), else as text. */
/* Formula-injection guard of the CSV writer (CWE-1236): text cells only. */
static void test_formula_guard(void)
{
    static const struct { const char *in, *out; } cases[] = {
        {"=SUM(A1)", "'=SUM(A1)"}, {"+evil", "'+evil"}, {"-neg", "'-neg"}, {"@at", "'@at"},
        {"\tx", "'\tx"}, {"\rx", "\"'\rx\""}, {"=a,b", "\"'=a,b\""}, {"=\"q\"", "\"'=\"\"q\"\"\""},
        {"'=x", "''=x"}, {"''-y", "'''-y"}, {"'plain", "'plain"}, {"-1.5", "-1.5"}, {"+3", "+3"},
        {"-1e-3", "-1e-3"}, {"-", "-"}, {"+", "+"}, {"--", "--"}, {"+-x", "'+-x"}, {"plain", "plain"}, {"", ""}, {"北京", "北京"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *mem = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&mem, &len);
        nqpf_csv_put_field(fp, cases[i].in);
        fclose(fp);
        CHECK_STR(mem, cases[i].out);
        free(mem);
        nqpf_buf b = {0};
        CHECK(nqpf_buf_csv_field(&b, cases[i].in) == 0);
        CHECK_STR(b.data ? b.data : "", cases[i].out);
        nqpf_buf_free(&b);
    }
    /* unguarding undoes exactly one guard */
    CHECK_STR(nqpf_csv_unguard("'=x"), "=x");
    CHECK_STR(nqpf_csv_unguard("''=x"), "'=x");
    CHECK_STR(nqpf_csv_unguard("'plain"), "'plain");
    CHECK_STR(nqpf_csv_unguard("'-1.5"), "'-1.5");
    CHECK_STR(nqpf_csv_unguard("=x"), "=x");
    /* the raw variant (input conversion) does not guard */
    nqpf_buf b = {0};
    CHECK(nqpf_buf_csv_field_raw(&b, "=x") == 0);
    CHECK_STR(b.data, "=x");
    nqpf_buf_free(&b);
}

static void test_rank_column(void)
{
    nqpf_table *t = NULL;
    nqpf_error err;
    const char *csv = "u,year\na,10\nb,9\nc,10\nd,2e1\n";
    const char *p = write_tmp("rank.csv", csv, strlen(csv));
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_OK);
    if (!t)
        return;
    size_t rank[4], first[4], T = 0;
    CHECK(nqpf_table_rank_column(t, 1, rank, &T, first, &err) == NQPF_OK);
    CHECK(T == 3 && rank[0] == 1 && rank[1] == 0 && rank[2] == 1 && rank[3] == 2);
    CHECK(first[0] == 1 && first[1] == 0 && first[2] == 3);
    CHECK(nqpf_table_rank_column(t, 0, rank, &T, NULL, &err) == NQPF_OK);
    CHECK(T == 4 && rank[0] == 0 && rank[3] == 3); /* text: a < b < c < d */
    nqpf_table_free(t);
    const char *miss = "u,year\na,1\nb,\n";
    p = write_tmp("rankmiss.csv", miss, strlen(miss));
    CHECK(nqpf_table_read(&t, p, NQPF_ENC_AUTO, &err) == NQPF_OK);
    if (!t)
        return;
    CHECK(nqpf_table_rank_column(t, 1, rank, &T, NULL, &err) == NQPF_EMISSING && err.line == 3 && err.col == 2);
    nqpf_table_free(t);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    RUN(test_rank_column);
    RUN(test_formula_guard);
    RUN(test_rfc4180);
    RUN(test_gbk_autodetect);
    RUN(test_errors);
    RUN(test_large_chunks);
    RUN(test_read_ahead_parts);
    return test_done_rmdir(tmpdir);
}
