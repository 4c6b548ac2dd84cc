#include "nqpf/dist.h"
#include "nqpf/memory.h"
#include "nqpf/sha256.h"
#include "nqpf/util.h"
#include "test.h"

static void test_parse_cell(void)
{
    double x = 0;
    const char *why = NULL;
    CHECK(nqpf_parse_cell(" 1.5e3 ", 7, &x, &why) == NQPF_CELL_NUMBER);
    CHECK(x == 1500.0);
    CHECK(nqpf_parse_cell("-0.25", 5, &x, &why) == NQPF_CELL_NUMBER && x == -0.25);
    const char *missing[] = {"", "  ", "NA", "na", "N/A", ".", "-", "--", "...", "\xE2\x80\xA6",
                             "\xE2\x80\xA6\xE2\x80\xA6"};
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        CHECK(nqpf_parse_cell(missing[i], strlen(missing[i]), &x, &why) == NQPF_CELL_MISSING);
    const char *bad[] = {"inf", "NaN", "Infinity", "1,000", "abc", "0x10", "1e999", "1.2.3", "+", "e5"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(nqpf_parse_cell(bad[i], strlen(bad[i]), &x, &why) == NQPF_CELL_BAD);
}

static void test_format_roundtrip(void)
{
    double xs[] = {0.1, 1.0 / 3.0, 2.0, 1e-300, 123456789.123456789, -7.25e10, 0.30000000000000004};
    char buf[40];
    for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
        nqpf_format_double(xs[i], buf, sizeof buf);
        CHECK(strtod(buf, NULL) == xs[i]);
    }
    nqpf_format_double(0.1, buf, sizeof buf);
    CHECK_STR(buf, "0.1");
    nqpf_format_double(-0.0, buf, sizeof buf);
    CHECK_STR(buf, "0");
    nqpf_format_double(NAN, buf, sizeof buf);
    CHECK_STR(buf, "");
}

static void test_strmap(void)
{
    nqpf_strmap m = {0};
    char key[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        int ins = 0;
        CHECK(nqpf_strmap_intern(&m, key, strlen(key), &ins) == i && ins);
    }
    CHECK(nqpf_strmap_find(&m, "k537", 4) == 537);
    CHECK(nqpf_strmap_find(&m, "k5370", 5) == -1);
    CHECK(nqpf_strmap_find(&m, "北京", strlen("北京")) == -1);
    CHECK(nqpf_strmap_intern(&m, "北京", strlen("北京"), NULL) == 1000);
    CHECK_STR(m.keys[1000], "北京");
    nqpf_strmap_free(&m);
}

/* FIPS 180-2 appendix B test vectors. */
static void test_sha256(void)
{
    nqpf_sha256 s;
    char hex[65];
    nqpf_sha256_init(&s);
    nqpf_sha256_update(&s, "abc", 3);
    nqpf_sha256_hex(&s, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    nqpf_sha256_init(&s);
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    nqpf_sha256_update(&s, m, strlen(m));
    nqpf_sha256_hex(&s, hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    nqpf_sha256_init(&s);
    char a[1000];
    memset(a, 'a', sizeof a);
    for (int i = 0; i < 1000; i++)
        nqpf_sha256_update(&s, a, sizeof a);
    nqpf_sha256_hex(&s, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* The fast decimal path must agree with strtod bit for bit. */
static void test_parse_matches_strtod(void)
{
    unsigned long long st = 12345;
    char buf[64];
    long bad = 0;
    for (int i = 0; i < 300000; i++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned long long r = st >> 11;
        int digits = 1 + (int)(r % 19), point = (int)((r >> 8) % (digits + 1)), ex = (int)((r >> 16) % 61) - 30;
        int n = 0;
        if ((r >> 24) & 1)
            buf[n++] = '-';
        unsigned long long q = st;
        for (int d = 0; d < digits; d++) {
            if (d == point && d > 0)
                buf[n++] = '.';
            q = q * 2862933555777941757ULL + 3037000493ULL;
            buf[n++] = (char)('0' + (q >> 60) % 10);
        }
        if ((r >> 30) & 1)
            n += snprintf(buf + n, sizeof buf - n, "e%d", ex);
        buf[n] = '\0';
        double x = 0, y = strtod(buf, NULL);
        if (nqpf_parse_cell(buf, (size_t)n, &x, NULL) != NQPF_CELL_NUMBER || memcmp(&x, &y, sizeof x) != 0)
            bad++;
    }
    CHECK(bad == 0);
}

/* Shortest round-trip text: compare with the plain 15/16/17-digit search of
 * printf (the fast path, src/core/dtoa.c, must print the same text). */
static void test_format_shortest_random(void)
{
    unsigned long long st = 99;
    long bad = 0;
    for (int i = 0; i < 800000; i++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        double x;
        double u = (double)(st >> 11) / 9007199254740992.0;
        switch (i % 8) {
        case 0: {
            unsigned long long bits = st;
            memcpy(&x, &bits, sizeof x);
            if (!isfinite(x))
                continue;
            break;
        }
        case 1: x = u; break;
        case 2: x = (double)((long long)(st >> 40) - (1LL << 23)) / 1000.0; break;
        case 3: x = pow(10.0, -6.0 + 22.0 * u); break;                   /* log-uniform 1e-6 .. 1e16 */
        case 4: x = ldexp(1.0, (int)(st % 120) - 60) * (st & 1 ? 1 : -1); break; /* powers of two */
        case 5: x = nextafter(pow(10.0, (double)((int)(st % 24) - 6)), (st >> 7) & 1 ? 0 : 1e300); break; /* next to 10^k */
        case 6: x = (double)(st >> 40) / pow(10.0, (double)(st % 9)); break; /* short decimals: 1.5, 0.0025, 8393.12 */
        default: /* a few steps from a short decimal: the shortest text is long, its neighbours' short */
            x = (double)(st >> 44) / pow(10.0, (double)(st % 7));
            for (int k = (int)((st >> 3) % 4) + 1; k > 0; k--)
                x = nextafter(x, (st >> 9) & 1 ? 0 : 1e300);
        }
        char got[40], want[40];
        nqpf_format_double(x, got, sizeof got);
        for (int p = 15; p <= 17; p++) {
            snprintf(want, sizeof want, "%.*g", p, x);
            if (strtod(want, NULL) == x)
                break;
        }
        if (x == 0)
            strcpy(want, "0");
        bad += strcmp(got, want) != 0;
    }
    CHECK(bad == 0);
}

/* The SHA-extension and portable paths agree on random data of every length. */
static void test_sha256_paths_agree(void)
{
    unsigned char buf[1000];
    unsigned long long st = 7;
    for (size_t i = 0; i < sizeof buf; i++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        buf[i] = (unsigned char)(st >> 56);
    }
    int bad = 0;
    for (size_t n = 0; n <= sizeof buf; n += 7) {
        nqpf_sha256 a, b;
        char ha[65], hb[65];
        nqpf_sha256_init(&a);
        nqpf_sha256_init_portable(&b);
        nqpf_sha256_update(&a, buf, n / 2);
        nqpf_sha256_update(&a, buf + n / 2, n - n / 2);
        nqpf_sha256_update(&b, buf, n);
        nqpf_sha256_hex(&a, ha);
        nqpf_sha256_hex(&b, hb);
        bad += strcmp(ha, hb) != 0;
    }
    CHECK(bad == 0);
}

static void test_sizes_and_blocks(void)
{
    uint64_t b = 0;
    CHECK(nqpf_parse_size("512M", &b) == 0 && b == 512ull << 20);
    CHECK(nqpf_parse_size("2G", &b) == 0 && b == 2ull << 30);
    CHECK(nqpf_parse_size("1.5GiB", &b) == 0 && b == 3ull << 29);
    CHECK(nqpf_parse_size("300000", &b) == 0 && b == 300000);
    CHECK(nqpf_parse_size("4kb", &b) == 0 && b == 4096);
    CHECK(nqpf_parse_size("lots", &b) == -1 && nqpf_parse_size("-1G", &b) == -1 && nqpf_parse_size("2X", &b) == -1);
    nqpf_error err;
    CHECK(nqpf_memory_check(100, 0, "x", &err) == NQPF_OK && nqpf_memory_check(100, 100, "x", &err) == NQPF_OK);
    CHECK(nqpf_memory_check(3 << 20, 1 << 20, "DEA", &err) == NQPF_ENOMEM);
    CHECK(strstr(err.msg, "DEA needs about 3.0 MiB, over --max-memory 1.0 MiB") != NULL);
    /* blocks: contiguous, cover 0..n, sizes differ by at most one */
    for (size_t n = 0; n < 40; n++)
        for (int P = 1; P <= 7; P++) {
            size_t next = 0;
            for (int r = 0; r < P; r++) {
                size_t lo, hi;
                nqpf_dist_block(n, P, r, &lo, &hi);
                CHECK(lo == next && hi >= lo && hi - lo <= n / (size_t)P + 1 && hi - lo >= n / (size_t)P);
                next = hi;
            }
            CHECK(next == n);
        }
    /* the plain build is one rank */
    nqpf_dist d = nqpf_dist_world();
    CHECK(d.rank == 0 && d.size == 1);
}

/* Optimal string alignment distances worked by hand: one substitution,
 * insertion, deletion or adjacent transposition each; code points, not
 * bytes, for Chinese; ASCII case ignored. */
static void test_edit_distance(void)
{
    CHECK(nqpf_edit_distance("province", "province") == 0);
    CHECK(nqpf_edit_distance("provnce", "province") == 1);  /* insertion */
    CHECK(nqpf_edit_distance("provinces", "province") == 1); /* deletion */
    CHECK(nqpf_edit_distance("provimce", "province") == 1);  /* substitution */
    CHECK(nqpf_edit_distance("porvince", "province") == 1);  /* transposition */
    CHECK(nqpf_edit_distance("ca", "abc") == 3);             /* OSA, not Damerau: 3 */
    CHECK(nqpf_edit_distance("Year", "year") == 0);
    CHECK(nqpf_edit_distance("地区", "地域") == 1);          /* one code point, three bytes */
    CHECK(nqpf_edit_distance("", "abc") == 3);
    CHECK(nqpf_edit_distance("kitten", "sitting") == 3);
    char big[80];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(nqpf_edit_distance(big, "a") == (size_t)-1);
}

static void test_suggest(void)
{
    const char *cols[] = {"province", "year", "region4", "gb_code", "年份"};
    CHECK_STR(nqpf_suggest("provnce", cols, 5), "province");
    CHECK_STR(nqpf_suggest("yaer", cols, 5), "year");
    CHECK_STR(nqpf_suggest("region", cols, 5), "region4");
    CHECK_STR(nqpf_suggest("年分", cols, 5), "年份");
    CHECK(nqpf_suggest("gdp", cols, 5) == NULL);    /* nothing near */
    CHECK(nqpf_suggest("year", cols, 5) == NULL);   /* an exact name is not a suggestion */
    CHECK(nqpf_suggest("x", cols, 0) == NULL);
}

/* nqpf_order_by_code: by hand on a small case (a code out of range left
 * out), then against a stable sort by code on random codes. */
static void test_order_by_code(void)
{
    const size_t code[] = {2, 0, 9, 2, 1, 0, 2};
    size_t order[7], end[3];
    CHECK(nqpf_order_by_code(code, 7, 3, order, end) == 6);
    const size_t want[] = {1, 5, 4, 0, 3, 6};
    CHECK(memcmp(order, want, sizeof want) == 0);
    CHECK(end[0] == 2 && end[1] == 3 && end[2] == 6);
    enum { N = 5000, L = 37 };
    static size_t rc[N], ro[N], re[L];
    unsigned long long x = 88172645463325252ULL;
    for (size_t i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        rc[i] = (size_t)(x % L);
    }
    CHECK(nqpf_order_by_code(rc, N, L, ro, re) == N);
    int bad = re[L - 1] != N;
    for (size_t p = 1; p < N; p++) /* by code, then by index: what a stable sort gives */
        bad |= rc[ro[p - 1]] > rc[ro[p]] || (rc[ro[p - 1]] == rc[ro[p]] && ro[p - 1] >= ro[p]);
    for (size_t k = 0; k < L; k++)
        bad |= (k ? re[k - 1] : 0) > re[k] || (re[k] > (k ? re[k - 1] : 0) && rc[ro[re[k] - 1]] != k);
    CHECK(!bad);
}

/* Column-major products worked by hand: A = [1 3; 2 4], B = [5 7; 6 8],
 * A B = [23 31; 34 46], 2 A B A = [170 386; 252 572] (integers: exact). */
static void test_mat_mul_sandwich(void)
{
    const double a[4] = {1, 2, 3, 4}, b[4] = {5, 6, 7, 8};
    const double ab[4] = {23, 34, 31, 46}, aba2[4] = {170, 252, 386, 572};
    double out[4], tmp[4];
    nqpf_mat_mul(2, a, b, out);
    CHECK(memcmp(out, ab, sizeof out) == 0);
    nqpf_sandwich(2, a, b, 2.0, tmp, out);
    CHECK(memcmp(tmp, ab, sizeof tmp) == 0);
    CHECK(memcmp(out, aba2, sizeof out) == 0);
    const double one = 3.0, meat = 5.0;
    nqpf_sandwich(1, &one, &meat, 0.5, tmp, out); /* 0.5 * 3 * 5 * 3 */
    CHECK(out[0] == 22.5);
}

int main(void)
{
    RUN(test_sizes_and_blocks);
    RUN(test_sha256_paths_agree);
    RUN(test_format_shortest_random);
    RUN(test_parse_matches_strtod);
    RUN(test_parse_cell);
    RUN(test_format_roundtrip);
    RUN(test_strmap);
    RUN(test_sha256);
    RUN(test_edit_distance);
    RUN(test_suggest);
    RUN(test_order_by_code);
    RUN(test_mat_mul_sandwich);
    return test_done();
}
