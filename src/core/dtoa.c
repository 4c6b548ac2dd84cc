/* Shortest round-trip decimal text for doubles of ordinary magnitude, in
 * exact integer arithmetic.
 *
 * Why: glibc's printf("%.17g") works in multi-precision arithmetic and
 * dominated the time of writing large result files (bench/index).  For
 * 1e-5 <= |x| < 1e15 — scores, weights, shares, most data — the text is
 * the same as the shortest of printf's %.15g/%.16g/%.17g that reads back
 * to x (tests/core/test_util.c checks this on random doubles of eight
 * kinds); other magnitudes return -1 and the caller uses printf.  Two
 * ways, same text: Schubfach (nqpf_dtoa_fast, at the end) for nearly every
 * x, and dtoa_exact, which decides the 15-, 16- and 17-digit roundings
 * from x·10^k in 128 bits, where x's significand is a power of two.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "dtoa.h"

typedef unsigned __int128 u128;

static const uint64_t P10[20] = {1ULL,
                                 10ULL,
                                 100ULL,
                                 1000ULL,
                                 10000ULL,
                                 100000ULL,
                                 1000000ULL,
                                 10000000ULL,
                                 100000000ULL,
                                 1000000000ULL,
                                 10000000000ULL,
                                 100000000000ULL,
                                 1000000000000ULL,
                                 10000000000000ULL,
                                 100000000000000ULL,
                                 1000000000000000ULL,
                                 10000000000000000ULL,
                                 100000000000000000ULL,
                                 1000000000000000000ULL,
                                 10000000000000000000ULL};

/* 10^k for k = 0..22 as 128-bit integers (10^19.. exceed 64 bits). */
static u128 pow10_128(int k)
{
    return k < 20 ? (u128)P10[k] : (u128)P10[19] * P10[k - 19];
}

/* x·10^k = q + phi with q the 17-digit integer part and 0 <= phi < 1
 * (phi = r / 2^s exactly); everything below is decided from q, r and s,
 * computed once per number: the 15-, 16- and 17-digit roundings come from
 * q by 64-bit division by a constant, and whether one reads back to x from
 * its small distance to q.  (Rounding each candidate and re-multiplying x
 * in 128 bits for each of the three tries took twice as long.) */
typedef struct exact {
    uint64_t q;
    u128 r;      /* phi·2^s */
    int s;
    int phi0;    /* phi == 0 */
    int phi_cmp; /* sign of 2·phi - 1 */
} exact;

/* round(x·10^k / d) with ties to even, d = 1, 10 or 100 (a constant once
 * inlined): with q = f·d + rem, the fraction (rem + phi) / d against 1/2,
 * i.e. 2·rem + 2·phi against d, where 2·rem + 2·phi lies in [2·rem, 2·rem + 2). */
static inline __attribute__((always_inline)) uint64_t round_by(const exact *e, uint64_t d)
{
    uint64_t f = e->q / d, rem = e->q % d, twice = 2 * rem;
    int up;
    if (twice + 1 < d)
        up = 0;
    else if (twice + 1 == d) /* 2·phi against 1 */
        up = e->phi_cmp > 0 || (e->phi_cmp == 0 && (f & 1));
    else if (twice == d) /* exactly half when phi == 0: to even */
        up = !e->phi0 || (f & 1);
    else
        up = 1;
    return f + (uint64_t)up;
}

static uint64_t round_digits(const exact *e, int j)
{
    switch (j) {
    case 0: return round_by(e, 1);
    case 1: return round_by(e, 10);
    default: return round_by(e, 100);
    }
}

/* Does the decimal V·10^-k (V = D·10^j, within 51 of q) read back to x?
 * Its distance to x, scaled by 2^s, is |(V - q)·2^s - r|; x's rounding
 * interval has half-width 10^k / 2 on that scale, or 10^k / 4 below x when
 * x is a power of two (m = 2^52); a tie reads back to the even
 * significand. */
static int round_trips(const exact *e, uint64_t V, int k, uint64_t m)
{
    int64_t delta = (int64_t)V - (int64_t)e->q;
    u128 diff;
    int below;
    if (delta >= 1) {
        diff = ((u128)delta << e->s) - e->r;
        below = 0;
    } else {
        diff = ((u128)(uint64_t)(-delta) << e->s) + e->r;
        below = diff != 0;
    }
    u128 pk = pow10_128(k), scaled = below && m == (1ULL << 52) ? diff * 4 : diff * 2;
    if (scaled < pk)
        return 1;
    if (scaled == pk)
        return !(m & 1);
    return 0;
}

static const char PAIRS[201] = /* "00" "01" ... "99" */
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The 8 digits of v < 10^8 as ASCII, the first in the lowest byte (memory
 * order on a little-endian machine): split into 4-digit, then 2-digit,
 * then single-digit lanes of one 64-bit word, each split a multiply and a
 * shift for all lanes at once (v / 10^4 by division by a constant; a lane
 * x < 10^4 gives x / 100 = (x·10486) >> 20 and x < 100 gives
 * x / 10 = (x·103) >> 10, exact in those ranges). */
static inline uint64_t digits8(uint32_t v)
{
    uint64_t hi = v / 10000, lo = v % 10000;
    uint64_t w = hi | (lo << 32);                               /* [hi, lo] in 32-bit lanes */
    uint64_t top = ((w * 10486) >> 20) & ((0x7FULL << 32) | 0x7FULL);
    w = ((w - 100 * top) << 16) | top;                          /* 16-bit lanes, 2 digits each */
    uint64_t tens = ((w * 103) >> 10) & 0x000F000F000F000FULL;
    w = ((w - 10 * tens) << 8) | tens;                          /* 8-bit lanes, 1 digit each */
    return w | 0x3030303030303030ULL;
}

/* The nd digits of D (D < 10^nd, nd <= 17, leading zeros written) into
 * out[0..nd): 8 at a time (digits8) from the right, the rest two at a
 * time.  Written straight into the caller's text: formatting them into a
 * scratch array first and copying cost a store-forwarding stall per
 * number. */
static void put_digits(char *out, uint64_t D, int nd)
{
    char *e = out + nd;
    for (; nd >= 8; nd -= 8) {
        uint64_t w = digits8((uint32_t)(D % 100000000u));
        D /= 100000000u;
        e -= 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        memcpy(e, &w, 8);
    }
    uint32_t hi = (uint32_t)D;
    for (; nd >= 2; nd -= 2) {
        e -= 2;
        memcpy(e, PAIRS + 2 * (hi % 100), 2);
        hi /= 100;
    }
    if (nd)
        e[-1] = (char)('0' + hi % 10);
}

/* D without its trailing zeros: *nd (digits of D on entry) becomes the
 * count of significant digits. */
static uint64_t strip_zeros(uint64_t D, int *nd)
{
    if (*nd > 8 && D % 100000000u == 0) { /* a short number's 16 digits lose 8 at once */
        D /= 100000000u;
        *nd -= 8;
    }
    while (*nd > 1 && D % 10 == 0) {
        D /= 10;
        (*nd)--;
    }
    return D;
}

/* Render D (nd significant digits, no trailing zeros) with decimal
 * exponent X as printf's %.{p}g prints it. */
static int render(char *buf, int neg, uint64_t D, int nd, int p, int X)
{
    int n = 0;
    if (neg)
        buf[n++] = '-';
    if (X < -4 || X >= p) { /* d.ddde+XX: the digits one place right, the first moved before the point */
        put_digits(buf + n + 1, D, nd);
        buf[n] = buf[n + 1];
        if (nd > 1)
            buf[n + 1] = '.';
        n += nd > 1 ? nd + 1 : 1;
        buf[n++] = 'e';
        buf[n++] = X < 0 ? '-' : '+';
        int ax = X < 0 ? -X : X;
        if (ax >= 100)
            buf[n++] = (char)('0' + ax / 100);
        buf[n++] = (char)('0' + (ax / 10) % 10);
        buf[n++] = (char)('0' + ax % 10);
    } else if (X >= 0 && nd <= X + 1) { /* an integer: digits, then zeros */
        put_digits(buf + n, D, nd);
        n += nd;
        for (int i = nd; i <= X; i++)
            buf[n++] = '0';
    } else if (X >= 0) { /* ddd.ddd: the integer part moved left over the point's place */
        put_digits(buf + n + 1, D, nd);
        memmove(buf + n, buf + n + 1, (size_t)X + 1);
        buf[n + X + 1] = '.';
        n += nd + 1;
    } else {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = 0; i < -X - 1; i++)
            buf[n++] = '0';
        put_digits(buf + n, D, nd);
        n += nd;
    }
    buf[n] = '\0';
    return n;
}

/* The shortest of the correctly rounded 15-, 16- and 17-digit decimals that
 * reads back to x, decided exactly (the reference, and the path for an x
 * whose significand is a power of two). */
static int dtoa_exact(double x, char *buf)
{
    double ax = fabs(x);
    if (!(ax >= 1e-5 && ax < 1e15))
        return -1;
    /* ax = m_full·2^-s_full straight from the bits (ax is normal here) */
    uint64_t bits;
    memcpy(&bits, &ax, sizeof bits);
    int be = (int)((bits >> 52) & 0x7FF);
    uint64_t m_full = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
    int s_full = 1075 - be;
    if (s_full <= 0 || s_full > 100)
        return -1;
    /* decimal exponent floor((be - 1023)·log10 2) as (e·78913) >> 18 (exact
     * for |e| <= 1650; the 17-digit check below would correct it by one);
     * the offset 2^40 keeps the shifted value non-negative */
    int X = (int)((((int64_t)(be - 1023) * 78913) + ((int64_t)1 << 40)) >> 18) - (1 << 22);
    int k = 16 - X;
    if (k < 0 || k > 22)
        return -1;
    /* x·10^k = P / 2^s; m < 2^53 and 10^k < 2^74, so P fits in 128 bits */
    u128 P = (u128)m_full * pow10_128(k);
    /* fix X from the integer part of x·10^k: it must have 17 digits */
    u128 F = P >> s_full;
    if (F >= (u128)P10[17]) {
        X++;
        k--;
    } else if (F < (u128)P10[16]) {
        X--;
        k++;
    }
    if (k < 0 || k > 22)
        return -1;
    P = (u128)m_full * pow10_128(k);
    u128 one = (u128)1 << s_full, r = P & (one - 1);
    exact e = {(uint64_t)(P >> s_full), r, s_full, r == 0, (r << 1 > one) - (r << 1 < one)};
    for (int p = 15; p <= 17; p++) {
        int j = 17 - p, Xp = X;
        uint64_t D = round_digits(&e, j), V = D * P10[j];
        if (D >= P10[p]) { /* 9.99… rounded up to 10.0… */
            D /= 10;
            Xp++;
        }
        if (p == 17 || round_trips(&e, V, k, m_full)) {
            int nd = p;
            D = strip_zeros(D, &nd);
            return render(buf, x < 0, D, nd, p, Xp);
        }
    }
    return -1;
}

/* ---- the fast path: Schubfach ----------------------------------------
 *
 * R. Giulietti, "The Schubfach way to render doubles" (2020): x = c·2^q
 * and the bounds of its rounding interval, scaled by 10^-k so that
 * floor(x·10^-k) has 16 or 17 digits, are each computed with one 126-bit
 * multiply rounded to odd; the shortest decimal in the interval (the
 * closest of two, ties to even) then follows from comparisons.  Here k is
 * in -21..-1, so 10^-k is an exact integer and its 126-bit g needs no
 * table.  The answer is the same text as dtoa_exact's: when x's interval
 * is symmetric (c not a power of two), the shortest decimal with 16 or 17
 * digits is the correctly rounded one (printf's %.16g / %.17g), and one
 * with 15 digits or fewer is what %.15g prints; the power-of-two case goes
 * to dtoa_exact.  Why: dtoa_exact tries three lengths a number and took
 * 45 ns for a score; writing scores.csv of 5 million rows formats 20
 * million of them. */

#define MASK63 ((1ULL << 63) - 1)

/* floor(g·cp / 2^127), g = g1·2^63 + g0, with its last bit set when
 * anything was cut (round to odd) */
static inline uint64_t rop(uint64_t g1, uint64_t g0, uint64_t cp)
{
    u128 y = (u128)g1 * cp;
    uint64_t x1 = (uint64_t)(((u128)g0 * cp) >> 64);
    uint64_t z = ((uint64_t)y >> 1) + x1;
    return ((uint64_t)(y >> 64) + (z >> 63)) | (((z & MASK63) + MASK63) >> 63);
}

int nqpf_dtoa_fast(double x, char *buf)
{
    double ax = fabs(x);
    if (!(ax >= 1e-5 && ax < 1e15))
        return -1;
    uint64_t bits;
    memcpy(&bits, &ax, sizeof bits);
    uint64_t c = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
    if (c == 1ULL << 52) /* the interval is narrower below x */
        return dtoa_exact(x, buf);
    int q = (int)(bits >> 52) - 1075;
    /* k = floor(q·log10 2) (in -21..-1 here; exact for |q| < 1100, the
     * offset keeps the shifted value non-negative), L the bit length of
     * 10^-k: floor(-k·log2 10) + 1 */
    int k = (int)((((int64_t)q * 315653) + ((int64_t)1 << 40)) >> 20) - (1 << 20);
    int L = (int)(((int64_t)-k * 1741647) >> 19) + 1;
    /* g = 10^-k·2^(126-L) + 1, in [2^125, 2^126): 10^-k over-approximated as
     * the method requires; then g·(4c << h) / 2^127 = 4·x·10^-k */
    u128 g = (pow10_128(-k) << (126 - L)) + 1;
    uint64_t g1 = (uint64_t)(g >> 63), g0 = (uint64_t)g & MASK63;
    int h = q + L + 1;
    uint64_t out = c & 1; /* an odd c excludes the interval's ends */
    uint64_t cb = c << 2;
    uint64_t vb = rop(g1, g0, cb << h), vbl = rop(g1, g0, (cb - 2) << h), vbr = rop(g1, g0, (cb + 2) << h);
    uint64_t s = vb >> 2, f = 0;
    int found = 0;
    if (s >= 100) { /* one digit fewer: the multiples of ten beside x */
        uint64_t sp10 = s / 10 * 10, tp10 = sp10 + 10;
        int upin = vbl + out <= sp10 << 2, wpin = (tp10 << 2) + out <= vbr;
        if (upin != wpin)
            f = upin ? sp10 : tp10, found = 1;
    }
    if (!found) {
        uint64_t t = s + 1;
        int uin = vbl + out <= s << 2, win = (t << 2) + out <= vbr;
        if (uin != win)
            f = uin ? s : t;
        else { /* both in: the closer, ties to even */
            uint64_t twice = (s + t) << 1;
            f = vb < twice || (vb == twice && !(s & 1)) ? s : t;
        }
    }
    int digits = f >= P10[16] ? 17 : 16, nd = digits;
    uint64_t D = strip_zeros(f, &nd);
    return render(buf, x < 0, D, nd, nd > 15 ? nd : 15, k + digits - 1);
}
