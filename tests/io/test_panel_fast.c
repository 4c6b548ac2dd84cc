/* The parallel wide-panel reader (src/io/panel_fast.c, panel_store.c) and
 * the fast decimal path (src/core/decimal.c) against things we did not
 * write: glibc's strtod (correctly rounded) for every number, and panels
 * whose cells encode their own unit and period, read at 1 and 2 threads.
 * The files are large enough (> 16 MiB) to span several blocks. */
#include <errno.h>
#include <omp.h>
#include <stdint.h>
#include <unistd.h>

#include "../../src/core/dtoa.h" /* nqpf_decimal_scan: the fast paths alone */
#include "nqpf/panel.h"
#include "nqpf/util.h"
#include "test.h"

static char tmpdir[] = "/tmp/nqpf-test-panel-fast-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    /* splitmix64: a fixed sequence, so a failure reproduces */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A random decimal: sign, 1-22 digits with a point somewhere (or none),
 * sometimes an exponent, sometimes leading zeros. */
static void random_decimal(char *buf)
{
    char *p = buf;
    uint64_t r = rnd();
    if (r % 5 == 0)
        *p++ = '-';
    else if (r % 17 == 0)
        *p++ = '+';
    int nd = 1 + (int)(rnd() % 22), point = (int)(rnd() % (unsigned)(nd + 2)) - 1;
    if (rnd() % 7 == 0)
        for (int z = (int)(rnd() % 4); z > 0; z--)
            *p++ = '0';
    for (int i = 0; i < nd; i++) {
        if (i == point)
            *p++ = '.';
        *p++ = (char)('0' + rnd() % 10);
    }
    if (rnd() % 3 == 0)
        p += sprintf(p, "%c%d", rnd() % 2 ? 'e' : 'E', (int)(rnd() % 700) - 350);
    *p = '\0';
}

static const char *EDGE[] = {
    "0", "-0", "+0.0", "0e-400", ".5", "5.", "-.25", "1e22", "1e23", "1e-22", "1e-23", "9007199254740992",
    "9007199254740993", "9007199254740993.0", "18014398509481985", "123456789012345678901234567890",
    "0.1", "0.3", "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
    "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "8.98846567431158e307",
    "3.14159265358979323846264338327950288", "-1.5E+10", "7e-10", "0.000001234", "100000000000000000000000",
    "1e308", "1.0000000000000002", "0.99999999999999989", "4503599627370496.5", "4503599627370497.5",
};

/* nqpf_parse_cell agrees with strtod bit for bit, or refuses what strtod
 * could only read as 0 or infinity. */
static int same_as_strtod(const char *s, double *val)
{
    double x = 0;
    int kind = nqpf_parse_cell(s, strlen(s), &x, NULL);
    errno = 0;
    char *end;
    double y = strtod(s, &end);
    int range = errno == ERANGE && (y == 0 || isinf(y));
    if (range && strspn(s, "+-0.eE") == strlen(s)) /* "0e-400" is a plain zero */
        range = 0;
    *val = y;
    if (range)
        return kind == NQPF_CELL_BAD;
    return kind == NQPF_CELL_NUMBER && memcmp(&x, &y, sizeof x) == 0;
}

static void test_parse_cell_vs_strtod(void)
{
    double v;
    for (size_t i = 0; i < sizeof EDGE / sizeof *EDGE; i++)
        if (!same_as_strtod(EDGE[i], &v)) {
            fprintf(stderr, "  differs from strtod: %s\n", EDGE[i]);
            CHECK(0);
        }
    char buf[64];
    int bad = 0;
    for (int i = 0; i < 1000000; i++) {
        random_decimal(buf);
        if (!same_as_strtod(buf, &v) && bad++ < 10) {
            fprintf(stderr, "  differs from strtod: %s\n", buf);
            CHECK(0);
        }
    }
    CHECK(nqpf_parse_cell("1e400", 5, &v, NULL) == NQPF_CELL_BAD);
    CHECK(nqpf_parse_cell("-1e-400", 7, &v, NULL) == NQPF_CELL_BAD);
    CHECK(nqpf_parse_cell("-0", 2, &v, NULL) == NQPF_CELL_NUMBER && v == 0 && signbit(v));
}

/* The fast paths themselves (Clinger, Eisel-Lemire) on 17-19 digit
 * significands with exponents over the whole range: whatever they accept
 * is strtod's value bit for bit, and they accept nearly all normal
 * results (the rest goes to strtod). */
static void test_decimal_scan_long_digits(void)
{
    char buf[64];
    long accepted = 0, normal = 0, wrong = 0;
    for (int i = 0; i < 1000000; i++) {
        int nd = 17 + (int)(rnd() % 3), k = 0;
        buf[k++] = (char)('1' + rnd() % 9);
        for (int d = 1; d < nd; d++)
            buf[k++] = (char)('0' + rnd() % 10);
        k += sprintf(buf + k, "e%d", (int)(rnd() % 660) - 340);
        double y = strtod(buf, NULL), x;
        const char *e = nqpf_decimal_scan(buf, buf + k, &x);
        int is_normal = isnormal(y);
        normal += is_normal;
        if (e) {
            accepted++;
            if (e != buf + k || memcmp(&x, &y, sizeof x) != 0 || !is_normal) {
                if (wrong++ < 5)
                    fprintf(stderr, "  %s: %.17g, strtod %.17g\n", buf, x, y);
            }
        }
    }
    CHECK(wrong == 0);
    CHECK(accepted > normal * 99 / 100);
    /* halfway cases round to even; 2^53 + 1 is one */
    static const char *half[] = {"9007199254740993", "9007199254740995", "9007199254740993e0", "1.8014398509481985e16",
                                 "4503599627370496.5", "4503599627370497.5", "2.2250738585072014e-308"};
    for (size_t i = 0; i < sizeof half / sizeof *half; i++) {
        double x = 0, y = strtod(half[i], NULL);
        const char *e = nqpf_decimal_scan(half[i], half[i] + strlen(half[i]), &x);
        CHECK(!e || memcmp(&x, &y, sizeof x) == 0);
    }
}

/* The short path for the commonest cell (nqpf_decimal_cell) on random
 * 8-byte texts over digits, points, signs, commas, letters and blanks:
 * whatever it accepts ends at a comma, is what the general scan reads
 * there, and is strtod's value bit for bit; and it takes the plain cells
 * it is for ("658512,", "73551.5,", "0.25,"). */
static void test_decimal_cell(void)
{
    static const char alpha[] = "0123456789.,-+e ";
    char buf[16], num[16];
    long accepted = 0, wrong = 0;
    for (int i = 0; i < 2000000; i++) {
        for (int k = 0; k < 8; k++)
            buf[k] = rnd() % 3 ? (char)('0' + rnd() % 10) : alpha[rnd() % (sizeof alpha - 1)];
        double x, y;
        const char *e = nqpf_decimal_cell(buf, buf + 8, &x);
        if (!e)
            continue;
        accepted++;
        size_t n = (size_t)(e - buf);
        memcpy(num, buf, n);
        num[n] = '\0';
        const char *g = nqpf_decimal_scan(buf, buf + 8, &y);
        double z = strtod(num, NULL);
        if (*e != ',' || g != e || memcmp(&x, &y, sizeof x) != 0 || memcmp(&x, &z, sizeof x) != 0) {
            if (wrong++ < 5)
                fprintf(stderr, "  '%.8s': cell %.17g, scan %.17g, strtod %.17g\n", buf, x, y, z);
        }
    }
    CHECK(wrong == 0);
    CHECK(accepted > 10000);
    static const char *plain[] = {"658512,9", "73551.5,", "8393.12,", "510.853,", "0.25,123", "1234567,", "0.00000,"};
    static const double want[] = {658512, 73551.5, 8393.12, 510.853, 0.25, 1234567, 0};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        double x = -1;
        const char *e = nqpf_decimal_cell(plain[i], plain[i] + 8, &x);
        CHECK(e && *e == ',' && x == want[i]);
    }
    /* not its cells: a sign, an exponent, eight digits, a point with no
     * digit before it, the line's end in the word, a blank */
    static const char *other[] = {"-12.5,00", "12e3,000", "12345678", "1234567.", ".5,00000", "1,2", "12 ,0000"};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
        double x;
        CHECK(nqpf_decimal_cell(other[i], other[i] + strlen(other[i]), &x) == NULL);
    }
}

/* The digit runs are read up to eight at a time (one 64-bit word), so
 * every run length around the word size (1-22 digits before and after the
 * point), with signs, leading zeros and what ends the number (the end of
 * the buffer, a comma, a letter), and buffers cut inside the digits: each
 * number sits at the end of a buffer of exactly its size (a read past
 * `end` is an error under AddressSanitizer).  Whatever is accepted is
 * strtod's value bit for bit and ends where strtod's number ends; more
 * than 19 significant digits are refused, up to 15 (with at most 22
 * after the point) are always accepted (exact by Clinger's rule). */
static int check_scan(const char *s, size_t n)
{
    char *b = malloc(n ? n : 1), num[80];
    memcpy(b, s, n);
    memcpy(num, s, n);
    num[n] = '\0';
    size_t len = strspn(num, "+-0123456789.");
    num[len] = '\0';
    int lead = num[0] == '+' || num[0] == '-', sig = 0, frac = 0, any = 0, nonzero = 0, point = 0;
    for (const char *c = num + lead; *c; c++) {
        if (*c == '.') {
            point = 1;
            continue;
        }
        any = 1;
        frac += point;
        nonzero |= *c != '0';
        sig += nonzero;
    }
    double x = 0, y = strtod(num, NULL);
    const char *e = nqpf_decimal_scan(b, b + n, &x);
    int ok = 1;
    if (e)
        ok = any && sig <= 19 && e == b + len && memcmp(&x, &y, sizeof x) == 0;
    else
        ok = !any || sig > 15 || frac > 22;
    free(b);
    if (!ok)
        fprintf(stderr, "  scan of '%.*s' (%zu bytes): %s %.17g, strtod %.17g\n", (int)n, s, n,
                e ? "accepted" : "refused", x, y);
    return ok;
}

static void test_decimal_scan_word_boundaries(void)
{
    static const char *SIGN[] = {"", "-", "+"}, *ZEROS[] = {"", "0", "00", "000000000"}, *TAIL[] = {"", ",", "x7"};
    char s[80];
    int bad = 0;
    long cases = 0;
    for (int a = 0; a <= 22; a++)
        for (int f = -1; f <= 22; f++) /* -1: no point */
            for (int z = 0; z < 4; z++)
                for (int sg = 0; sg < 3; sg++)
                    for (int t = 0; t < 3; t++)
                        for (int rep = 0; rep < 4; rep++) {
                            /* rep 0: all nines, 1: all zeros, else random */
                            int k = sprintf(s, "%s%s", SIGN[sg], ZEROS[z]);
                            for (int i = 0; i < a + (f > 0 ? f : 0); i++) {
                                if (i == a && f >= 0)
                                    s[k++] = '.';
                                s[k++] = rep == 0 ? '9' : rep == 1 ? '0' : (char)('0' + rnd() % 10);
                            }
                            if (f == 0)
                                s[k++] = '.';
                            k += sprintf(s + k, "%s", TAIL[t]);
                            cases++;
                            if (!check_scan(s, (size_t)k) && bad++ < 10)
                                CHECK(0);
                            /* the buffer cut inside the number */
                            if (t == 0 && rep >= 2)
                                for (int cut = 1; cut < k; cut++)
                                    if (!check_scan(s, (size_t)cut) && bad++ < 10)
                                        CHECK(0);
                        }
    CHECK(bad == 0);
    CHECK(cases == 23L * 24 * 4 * 3 * 3 * 4);
    /* a non-ASCII byte or a character next to the digits in the table ends the run */
    static const char *ENDS[] = {"1234567\xb8", "12345678\xb9", "123/4567", "1234:5678", "12345678901234567/"};
    for (size_t i = 0; i < sizeof ENDS / sizeof *ENDS; i++)
        CHECK(check_scan(ENDS[i], strlen(ENDS[i])));
}

static nqpf_panel *read_panel(const char *path, int threads, nqpf_error *err, int *rc)
{
    omp_set_num_threads(threads);
    nqpf_panel_spec spec = {0};
    spec.path = path;
    spec.unit_col = "unit";
    spec.period_col = "year";
    nqpf_panel *p = NULL;
    *rc = nqpf_panel_read(&p, &spec, err);
    return p;
}

/* 240,000 rows of random decimals (about 20 MiB, several blocks) with
 * blank lines, CRLF rows, a quoted row and values with blanks around:
 * every cell equals strtod's value of its text, at 1 and 2 threads. */
static void test_panel_numbers_vs_strtod(void)
{
    enum { U = 4000, T = 60, V = 4 };
    double *want = malloc((size_t)U * T * V * sizeof *want);
    REQUIRE(want);
    FILE *fp = fopen(tmp_path("num.csv"), "wb");
    REQUIRE(fp);
    fputs("unit,year,a,b,c,d\n", fp);
    char buf[64];
    for (int u = 0; u < U; u++)
        for (int t = 0; t < T; t++) {
            if (rnd() % 997 == 0)
                fputs("\n", fp); /* blank lines: rows fewer than lines */
            if (rnd() % 5000 == 0)
                fprintf(fp, "\"u%d\",%d", u, 1990 + t); /* a quote: the strict reader takes over */
            else
                fprintf(fp, "u%d,%d", u, 1990 + t);
            for (int v = 0; v < V; v++) {
                double y;
                do
                    random_decimal(buf);
                while (nqpf_parse_cell(buf, strlen(buf), &y, NULL) != NQPF_CELL_NUMBER || !same_as_strtod(buf, &y));
                want[((size_t)u * T + (size_t)t) * V + (size_t)v] = y;
                fprintf(fp, rnd() % 1000 == 0 ? ", %s " : ",%s", buf);
            }
            fputs(rnd() % 100 == 0 ? "\r\n" : "\n", fp);
        }
    fclose(fp);
    nqpf_error err;
    int rc1, rc2;
    nqpf_panel *p1 = read_panel(tmp_path("num.csv"), 1, &err, &rc1);
    nqpf_panel *p2 = read_panel(tmp_path("num.csv"), 2, &err, &rc2);
    CHECK(rc1 == NQPF_OK && rc2 == NQPF_OK);
    if (rc1 || rc2)
        fprintf(stderr, "  %s\n", err.msg);
    if (p1 && p2) {
        CHECK(p1->n_units == U && p1->n_periods == T && p1->n_vars == V);
        size_t n = (size_t)U * T * V, bad = 0;
        for (size_t i = 0; i < n; i++)
            bad += memcmp(&p1->x[i], &want[i], sizeof(double)) != 0 || memcmp(&p2->x[i], &want[i], sizeof(double)) != 0;
        CHECK(bad == 0);
        CHECK(memcmp(p1->row_line, p2->row_line, (size_t)U * T * sizeof(long)) == 0);
        CHECK(p1->row_line[0] == 2 || p1->row_line[0] == 3);
    }
    nqpf_panel_free(p1);
    nqpf_panel_free(p2);
    free(want);
}

/* Rows shuffled, some (unit, period) pairs absent, a text column: each
 * cell holds u * 1000 + t, so its place in the cube is checked by value. */
static void test_unsorted_unbalanced(void)
{
    enum { U = 3000, T = 40 };
    size_t n = (size_t)U * T;
    uint32_t *order = malloc(n * sizeof *order);
    REQUIRE(order);
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = rnd() % (i + 1);
        uint32_t s = order[i];
        order[i] = order[j];
        order[j] = s;
    }
    unsigned char *absent = calloc(n, 1);
    REQUIRE(absent);
    FILE *fp = fopen(tmp_path("shuf.csv"), "wb");
    REQUIRE(fp);
    fputs("year,unit,x,region,y\n", fp);
    /* unit u first appears where its first row in the shuffled order is */
    long *first_seen = malloc(U * sizeof *first_seen);
    for (int u = 0; u < U; u++)
        first_seen[u] = -1;
    long rank = 0;
    int *unit_rank = malloc(U * sizeof *unit_rank);
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i];
        int u = (int)(r / T), t = (int)(r % T);
        if (rnd() % 10 == 0 && !(u == 0 && t == 0) && t != 0) { /* drop it (year 2000 stays, so T is known) */
            absent[r] = 1;
            continue;
        }
        if (first_seen[u] < 0) {
            first_seen[u] = (long)i;
            unit_rank[u] = (int)rank++;
        }
        fprintf(fp, "%d,u%d,%d,R%d,%d.5\n", 2000 + t, u, u * 1000 + t, u % 7, t);
    }
    fclose(fp);
    nqpf_error err;
    int rc1, rc2;
    nqpf_panel_spec spec = {0};
    const char *text[] = {"region"};
    spec.path = tmp_path("shuf.csv");
    spec.unit_col = "unit";
    spec.period_col = "year";
    spec.text_cols = text;
    spec.n_text = 1;
    nqpf_panel *p1 = NULL, *p2 = NULL;
    omp_set_num_threads(1);
    rc1 = nqpf_panel_read(&p1, &spec, &err);
    omp_set_num_threads(2);
    rc2 = nqpf_panel_read(&p2, &spec, &err);
    CHECK(rc1 == NQPF_OK && rc2 == NQPF_OK);
    if (rc1 || rc2)
        fprintf(stderr, "  %ld:%ld %s\n", err.line, err.col, err.msg);
    if (p1 && p2) {
        CHECK(p1->n_units == U && p1->n_periods == T && p1->n_vars == 2 && p2->n_vars == 2);
        size_t wrong = 0;
        for (int u = 0; u < U; u++)
            for (int t = 0; t < T; t++) {
                size_t r = (size_t)unit_rank[u] * T + (size_t)t;
                double *c1 = &p1->x[r * 2], *c2 = &p2->x[r * 2];
                if (absent[(size_t)u * T + (size_t)t])
                    wrong += !(isnan(c1[0]) && isnan(c1[1]) && isnan(c2[0]) && p1->row_line[r] == 0 &&
                               p1->text[r] == UINT32_MAX && p2->text[r] == UINT32_MAX);
                else {
                    char want_region[16];
                    snprintf(want_region, sizeof want_region, "R%d", u % 7);
                    wrong += !(c1[0] == u * 1000 + t && c1[1] == t + 0.5 && c2[0] == c1[0] && c2[1] == c1[1] &&
                               strcmp(p1->text_values[0].keys[p1->text[r]], want_region) == 0 &&
                               strcmp(p2->text_values[0].keys[p2->text[r]], want_region) == 0);
                }
            }
        CHECK(wrong == 0);
        CHECK(memcmp(p1->row_line, p2->row_line, n * sizeof(long)) == 0);
    }
    nqpf_panel_free(p1);
    nqpf_panel_free(p2);
    free(order);
    free(absent);
    free(first_seen);
    free(unit_rank);
}

/* A problem deep in a large file is reported at its exact line and column
 * with the strict reader's words, at 1 and 2 threads alike. */
static void test_errors_deep(void)
{
    static const struct {
        const char *cell;   /* written at column 4 of line 150001 */
        const char *msg;    /* expected message after "FILE:" */
    } cases[] = {
        {"12x", "150001:4: '12x' in column 'b': not a number"},
        {"1,5", "150001:6: row has 6 fields but the header has 5"},
        {"--1", "150001:4: '--1' in column 'b': not a number"},
        {"1e400", "150001:4: '1e400' in column 'b': number overflows a double"},
        {"\xff", "150001:4: invalid UTF-8 (byte 0xFF); if the file is GBK/GB18030 say --encoding gbk"},
        {"1\r2", "150001:4: row has 4 fields but the header has 5"}, /* a bare CR ends a row */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        FILE *fp = fopen(tmp_path("err.csv"), "wb");
        REQUIRE(fp);
        fputs("unit,year,a,b,c\n", fp);
        for (long line = 2; line <= 200000; line++) {
            long r = line - 2;
            if (line == 150001)
                fprintf(fp, "u%ld,%ld,1,%s,3\n", r / 50, 2000 + r % 50, cases[c].cell);
            else
                fprintf(fp, "u%ld,%ld,1.25,2.5,%ld\n", r / 50, 2000 + r % 50, r);
        }
        fclose(fp);
        char msg[2][512];
        for (int th = 1; th <= 2; th++) {
            nqpf_error err;
            int rc;
            nqpf_panel *p = read_panel(tmp_path("err.csv"), th, &err, &rc);
            CHECK(rc != NQPF_OK && !p);
            nqpf_panel_free(p);
            nqpf_error_format(&err, msg[th - 1], sizeof msg[th - 1]);
        }
        CHECK_STR(msg[0], msg[1]);
        const char *at = strstr(msg[0], "err.csv:");
        CHECK(at && strstr(at, cases[c].msg) == at + 8);
        if (!(at && strstr(at, cases[c].msg) == at + 8))
            fprintf(stderr, "  got: %s\n  want: ...%s\n", msg[0], cases[c].msg);
    }
}

/* The first of two rows for one (unit, period) is named, in file order. */
static void test_duplicate_row(void)
{
    FILE *fp = fopen(tmp_path("dup.csv"), "wb");
    REQUIRE(fp);
    fputs("unit,year,a\n", fp);
    for (long r = 0; r < 100000; r++)
        fprintf(fp, "u%ld,%ld,%ld\n", r / 10, 2000 + (r == 70000 ? 3 : r % 10), r);
    fclose(fp);
    char msg[2][512];
    for (int th = 1; th <= 2; th++) {
        nqpf_error err;
        int rc;
        nqpf_panel *p = read_panel(tmp_path("dup.csv"), th, &err, &rc);
        CHECK(rc == NQPF_EINPUT);
        nqpf_panel_free(p);
        nqpf_error_format(&err, msg[th - 1], sizeof msg[th - 1]);
    }
    CHECK_STR(msg[0], msg[1]);
    CHECK(strstr(msg[0], "dup.csv:70005: duplicate row for unit 'u7000', period '2003' (first at line 70002)") != NULL);
}

/* Quoted fields with a newline in them placed across every 1 MiB offset of
 * a 28 MiB file: the reader's raw reads are 1 MiB, so each such field is
 * cut by a refill, and a parallel block (16 MiB) then ends before the
 * quoted line while the strict reader reads on across the cut.  The
 * newline falls on the last byte before the offset or on the first after
 * it, in turn.  Read at 1 and 2 threads and by the strict reader alone
 * (the file), and from standard input (a pipe): the same
 * cube, lines and texts, every cell where its value says (u * 1000 + t),
 * every note as written. */
static void test_quoted_newline_at_boundaries(void)
{
    enum { U = 100000, T = 10, MIB = 1 << 20 };
    FILE *fp = fopen(tmp_path("qnl.csv"), "wb");
    REQUIRE(fp);
    const char *head = "unit,year,a,note,b\n";
    fputs(head, fp);
    long off = (long)strlen(head), next = MIB;
    int quoted = 0;
    char pre[64], note[600];
    for (int u = 0; u < U; u++)
        for (int t = 0; t < T; t++) {
            int pl = snprintf(pre, sizeof pre, "u%d,%d,%d,", u, 2000 + t, u * 1000 + t);
            long d = next - off; /* where the next MiB offset falls from this row's start */
            if (d <= pl + 300) { /* this row's note covers it (rows are < 300 bytes) */
                long nl = next - (quoted % 2) - off - pl - 1; /* the newline's index in the note's text */
                note[0] = '"';
                memset(note + 1, 'x', (size_t)nl);
                snprintf(note + 1 + nl, sizeof note - 1 - (size_t)nl, "\nq%d\"", quoted);
                quoted++;
                next += MIB;
            } else
                snprintf(note, sizeof note, "n%d", t % 3);
            off += fprintf(fp, "%s%s,%d.5\n", pre, note, t);
        }
    fclose(fp);
    CHECK(quoted >= 26); /* every MiB offset of the file */
    nqpf_panel *p[4] = {NULL, NULL, NULL, NULL};
    nqpf_error err;
    int rc[4];
    const char *text[] = {"note"};
    for (int k = 0; k < 4; k++) {
        nqpf_panel_spec spec = {0};
        spec.path = tmp_path("qnl.csv");
        if (k == 3) {
            REQUIRE(freopen(spec.path, "rb", stdin));
            spec.path = "-";
        }
        spec.unit_col = "unit";
        spec.period_col = "year";
        spec.text_cols = text;
        spec.n_text = 1;
        spec.strict = k == 2;
        omp_set_num_threads(k == 0 ? 1 : 2);
        rc[k] = nqpf_panel_read(&p[k], &spec, &err);
        if (rc[k])
            fprintf(stderr, "  %ld:%ld %s\n", err.line, err.col, err.msg);
    }
    CHECK(rc[0] == NQPF_OK && rc[1] == NQPF_OK && rc[2] == NQPF_OK && rc[3] == NQPF_OK);
    if (!rc[0] && !rc[1] && !rc[2] && !rc[3]) {
        size_t n = (size_t)U * T, wrong = 0, multi = 0;
        for (int k = 0; k < 4; k++)
            CHECK(p[k]->n_units == U && p[k]->n_periods == T && p[k]->n_vars == 2);
        for (size_t r = 0; r < n; r++) {
            const char *nt = p[0]->text_values[0].keys[p[0]->text[r]];
            int u = (int)(r / T), t = (int)(r % T);
            multi += strchr(nt, '\n') != NULL;
            for (int k = 0; k < 4; k++)
                wrong += !(p[k]->x[r * 2] == u * 1000 + t && p[k]->x[r * 2 + 1] == t + 0.5 &&
                           p[k]->row_line[r] == p[0]->row_line[r] &&
                           strcmp(p[k]->text_values[0].keys[p[k]->text[r]], nt) == 0);
            if (nt[0] == 'n')
                wrong += nt[1] - '0' != t % 3;
        }
        CHECK(wrong == 0);
        CHECK(multi == (size_t)quoted);
        /* each quoted note adds a line: the last row is on line n + 1 + quoted */
        CHECK(p[1]->row_line[n - 1] == (long)n + 1 + quoted);
    }
    for (int k = 0; k < 4; k++)
        nqpf_panel_free(p[k]);
}

/* Differential: thousands of small random files made of the pieces that
 * trouble readers (quotes, blank lines, CR, CRLF, NUL, bytes >= 0x80, bad
 * numbers, short rows, repeated rows) read by the fast path at 1 and 2
 * threads and by the strict serial reader alone: the same status, the
 * same message, the same cube, bit for bit. */
static void test_fast_equals_strict(void)
{
    static const char *cells[] = {"1", "2.5", "-0", "1e5", "", "NA", " 3 ", "x", "1e400", "\"4\"", "\"a\nb\"",
                                  "7\r", "\r", "\xff", "\xe4\xb8\xad", "12345678901234567890", "0.1"};
    static const char *ends[] = {"\n", "\n", "\n", "\r\n", "\n\n", "\n \n", "\r", " \r \n"};
    char buf[1 << 14];
    int differ = 0;
    for (int iter = 0; iter < 1000; iter++) {
        size_t n = (size_t)snprintf(buf, sizeof buf, "unit,year,a,b\n");
        int rows = 1 + (int)(rnd() % 200);
        for (int r = 0; r < rows && n < sizeof buf - 200; r++) {
            int u = (int)(rnd() % 6), t = (int)(rnd() % 8);
            if (rnd() % 8 == 0) { /* a troublesome row */
                n += (size_t)snprintf(buf + n, sizeof buf - n, "u%d,%d,%s,%s%s", u, 2000 + t, cells[rnd() % 17],
                                      cells[rnd() % 17], rnd() % 5 ? "" : ",9");
            } else
                n += (size_t)snprintf(buf + n, sizeof buf - n, "u%d,%d,%d.5,%d", u, 2000 + t, r, -r);
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", ends[rnd() % 8]);
            if (rnd() % 300 == 0)
                buf[n++] = '\0';
        }
        if (rnd() % 4 == 0 && n > 0)
            n--; /* no final newline */
        FILE *fp = fopen(tmp_path("diff.csv"), "wb");
        REQUIRE(fp);
        fwrite(buf, 1, n, fp);
        fclose(fp);
        nqpf_panel *p[3] = {NULL, NULL, NULL};
        nqpf_error err[3];
        int rc[3];
        char msg[3][1200];
        for (int k = 0; k < 3; k++) {
            nqpf_panel_spec spec = {0};
            spec.path = tmp_path("diff.csv");
            spec.unit_col = "unit";
            spec.period_col = "year";
            spec.encoding = NQPF_ENC_UTF8;
            spec.strict = k == 2;
            omp_set_num_threads(k == 0 ? 1 : 2);
            rc[k] = nqpf_panel_read(&p[k], &spec, &err[k]);
            if (rc[k])
                nqpf_error_format(&err[k], msg[k], sizeof msg[k]);
            else
                msg[k][0] = '\0';
        }
        int same = 1;
        for (int k = 0; k < 2; k++) {
            same &= rc[k] == rc[2] && strcmp(msg[k], msg[2]) == 0;
            if (same && !rc[2]) {
                const nqpf_panel *a = p[k], *b = p[2];
                size_t cells_n = a->n_units * a->n_periods;
                same &= a->n_units == b->n_units && a->n_periods == b->n_periods && a->n_vars == b->n_vars &&
                        memcmp(a->x, b->x, cells_n * a->n_vars * sizeof(double)) == 0 &&
                        memcmp(a->row_line, b->row_line, cells_n * sizeof(long)) == 0;
                for (size_t u = 0; same && u < a->n_units; u++)
                    same &= strcmp(a->units[u], b->units[u]) == 0;
            }
        }
        if (!same && differ++ < 3)
            fprintf(stderr, "  file %d differs: fast '%s' / '%s', strict '%s'\n", iter, msg[0], msg[1], msg[2]);
        for (int k = 0; k < 3; k++)
            nqpf_panel_free(p[k]);
    }
    CHECK(differ == 0);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_parse_cell_vs_strtod);
    RUN(test_decimal_scan_long_digits);
    RUN(test_decimal_scan_word_boundaries);
    RUN(test_decimal_cell);
    RUN(test_panel_numbers_vs_strtod);
    RUN(test_unsorted_unbalanced);
    RUN(test_errors_deep);
    RUN(test_duplicate_row);
    RUN(test_fast_equals_strict);
    RUN(test_quoted_newline_at_boundaries);
    const char *names[] = {"num.csv", "shuf.csv", "err.csv", "dup.csv", "diff.csv", "qnl.csv"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(tmp_path(names[i]));
    rmdir(tmpdir);
    return test_done();
}
