/* Fast exact decimal-to-double conversion for the common cases.
 *
 * Clinger: a decimal whose significand fits in 53 bits and whose power of
 * ten is at most 22 in magnitude converts exactly with one IEEE
 * multiplication or division of two exact doubles.  That covers nearly
 * every cell of a statistical table and is ~10x faster than strtod.
 *
 * Eisel-Lemire (D. Lemire, "Number parsing at a gigabyte per second",
 * Software: Practice and Experience 51(8), 2021): up to 19 significant
 * digits and any power of ten, as 17-digit round-trip output (nqpf's own
 * files) is written, by one or two 64x128-bit products with a truncated
 * power of five; the rare products too close to a halfway point to decide,
 * subnormal results, underflow and overflow are left to the strict parser
 * (nqpf_parse_cell → strtod), as are more than 19 digits.  Both paths give
 * strtod's correctly rounded result (tests/io/test_panel_fast.c checks a
 * million random decimals bit for bit). */
#include "dtoa.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pow5_table.h"

__extension__ typedef unsigned __int128 u128;

/* w * 10^q for w != 0 (at most 19 digits) as a double, or 0 when the
 * algorithm cannot decide or the result is subnormal, zero or infinite. */
static int eisel_lemire(uint64_t w, int q, int neg, double *out)
{
    if (q < NQPF_POW5_MIN || q > NQPF_POW5_MAX)
        return 0;
    int lz = __builtin_clzll(w);
    w <<= lz;
    const uint64_t *t = NQPF_POW5[q - NQPF_POW5_MIN];
    u128 first = (u128)w * t[0];
    uint64_t hi = (uint64_t)(first >> 64), lo = (uint64_t)first;
    if ((hi & 0x1FF) == 0x1FF) { /* the low bits may carry: add the next 64 bits of 5^q */
        u128 second = (u128)w * t[1];
        uint64_t s_hi = (uint64_t)(second >> 64), s_lo = (uint64_t)second;
        lo += s_hi;
        if (s_hi > lo)
            hi++;
        if ((hi & 0x1FF) == 0x1FF && lo == UINT64_MAX && s_lo + w < w)
            return 0; /* undecided: strtod */
    }
    int upper = (int)(hi >> 63);
    uint64_t mant = hi >> (upper + 9);
    /* floor(q * log2(10)) + 63 via the usual fixed-point constant; an
     * arithmetic shift of a negative product (gcc and clang) */
    int power2 = (int)(((int64_t)(152170 + 65536) * q) >> 16) + 63 + upper - lz + 1023;
    if (power2 <= 0)
        return 0; /* subnormal or zero: strtod decides (and flags underflow) */
    /* exactly halfway between two doubles: round to even */
    if (lo <= 1 && q >= -4 && q <= 23 && (mant & 3) == 1 && (mant << (upper + 9)) == hi)
        mant &= ~(uint64_t)1;
    mant += mant & 1;
    mant >>= 1;
    if (mant >= (uint64_t)2 << 52) {
        mant = (uint64_t)1 << 52;
        power2++;
    }
    mant &= ~((uint64_t)1 << 52);
    if (power2 >= 0x7FF)
        return 0; /* overflow: strtod's error */
    uint64_t bits = mant | (uint64_t)power2 << 52 | (uint64_t)neg << 63;
    memcpy(out, &bits, sizeof bits);
    return 1;
}

/* Exact powers of ten representable in a double (10^22 is the last). */
static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static const uint64_t POW10_U64[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR 1 /* byte i of a word loaded from p is p[i] */
static const uint64_t ONES = 0x0101010101010101ULL, HIGHS = 0x8080808080808080ULL;

/* The high bit of each byte of w that is no digit: not ASCII, below '0'
 * ((x | 0x80) - 0x30 keeps bit 7 clear) or above '9' ((x & 0x7F) + 0x46
 * sets it); no borrow or carry crosses bytes. */
static inline uint64_t non_digits(uint64_t w)
{
    return (w | ~((w | HIGHS) - ONES * 0x30) | ((w & ~HIGHS) + ONES * 0x46)) & HIGHS;
}

/* The value of the n (1-8) digits in the low bytes of w (D. Lemire,
 * "Number parsing at a gigabyte per second", 2021: eight digits combined
 * by three multiplies).  The digits go to the top n bytes, zeros (leading
 * zero digits) below; the bytes after them are shifted out, with any
 * borrow the subtraction of '0' from them made. */
static inline uint64_t digits_value(uint64_t w, int n)
{
    uint64_t v = (w - ONES * '0') << (8 * (8 - n));
    v = v * 10 + (v >> 8);
    return ((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
            ((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32))) >> 32;
}

/* The common cell in one word: digits, perhaps a point and more digits,
 * all in the 8 bytes at p and ended there ("658512,", "73551.5,",
 * "0.25\n").  Sets *m, *digits, *e10 and returns the end, or NULL for
 * anything else (the general path below then starts over). */
static inline const char *one_word(const char *p, uint64_t *m, int *digits, int *e10)
{
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t nd = non_digits(w);
    if (!nd)
        return NULL;
    int n = __builtin_ctzll(nd) >> 3, frac = 0;
    if ((uint8_t)(w >> (8 * n)) == '.') {
        if (n == 7)
            return NULL;
        uint64_t after = nd & (~(uint64_t)0 << (8 * n + 8));
        if (!after)
            return NULL;
        /* drop the point: the bytes after it move down one */
        uint64_t below = ((uint64_t)1 << (8 * n)) - 1;
        int end = __builtin_ctzll(after) >> 3;
        w = (w & below) | ((w >> 8) & ~below);
        frac = end - n - 1;
        n = end - 1;
        p++;
    }
    if (n == 0)
        return NULL;
    *m = digits_value(w, n);
    *digits = n;
    *e10 = -frac;
    return p + n;
}
#endif

/* The commonest cell of all, on its own short path: up to seven digits,
 * perhaps with a point among them, no sign, then the comma that ends the
 * field, all in the 8 bytes at p (before le): "658512,", "73551.5,",
 * "0.25,".  Exact by Clinger (below 10^7, divided by at most 10^6), so
 * the same double as nqpf_decimal_scan's, in half its instructions (the
 * row's parse takes 9% less CPU: bench/index/README.md, session 12). */
const char *nqpf_decimal_cell(const char *p, const char *le, double *out)
{
    if (le - p < 8)
        return NULL;
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t nd = non_digits(w);
    if (!nd)
        return NULL;
    int n = __builtin_ctzll(nd) >> 3; /* the first byte that is no digit */
    if (n == 0)
        return NULL;
    unsigned c = (uint8_t)(w >> (8 * n));
    if (c == '.') {
        if (n == 7)
            return NULL;
        uint64_t after = nd & (~(uint64_t)0 << (8 * n + 8));
        if (!after)
            return NULL;
        int end = __builtin_ctzll(after) >> 3;
        if ((uint8_t)(w >> (8 * end)) != ',')
            return NULL;
        uint64_t below = ((uint64_t)1 << (8 * n)) - 1;
        w = (w & below) | ((w >> 8) & ~below); /* drop the point */
        *out = (double)digits_value(w, end - 1) / POW10[end - n - 1];
        return p + end;
    }
    if (c != ',')
        return NULL;
    *out = (double)digits_value(w, n);
    return p + n;
}

/* Append the run of digits at p to *m (*count += how many), eight at a
 * time while at least 8 bytes are left before `end` (never read past it)
 * and m is small, else one at a time.  Byte for byte, a digit that comes
 * when m already has 19 significant digits (m >= 10^18) refuses the number
 * (NULL): the byte loop is the reference, the words only take digits it
 * would have taken (m < 10^11 gets at most 8 more: below 10^19). */
static inline const char *scan_digits(const char *p, const char *end, uint64_t *m, int *count)
{
#ifdef SWAR
    while (end - p >= 8 && *m < 100000000000ULL) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t nd = non_digits(w);
        int n = nd ? __builtin_ctzll(nd) >> 3 : 8;
        if (n == 0)
            return p;
        *m = *m * POW10_U64[n] + digits_value(w, n);
        *count += n;
        p += n;
        if (n < 8)
            return p;
    }
#endif
    for (; p < end && (unsigned)(*p - '0') < 10; p++, ++*count) {
        if (*m >= 1000000000000000000ULL)
            return NULL;
        *m = *m * 10 + (uint64_t)(*p - '0');
    }
    return p;
}

const char *nqpf_decimal_scan(const char *p, const char *end, double *out)
{
    int neg = 0, digits = 0, e10 = 0;
    uint64_t m = 0;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    const char *q = NULL;
#ifdef SWAR
    if (end - p >= 8)
        q = one_word(p, &m, &digits, &e10);
#endif
    if (q)
        p = q;
    else {
        /* at most 19 significant digits fit in 64 bits (m < 10^18 before
         * the last); leading zeros do not count */
        if (!(p = scan_digits(p, end, &m, &digits)))
            return NULL;
        if (p < end && *p == '.') {
            int frac = 0;
            if (!(p = scan_digits(p + 1, end, &m, &frac)))
                return NULL;
            digits += frac;
            e10 -= frac;
        }
    }
    if (digits == 0)
        return NULL;
    if (p < end && (*p == 'e' || *p == 'E')) {
        int eneg = 0, ev = 0, ed = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        for (; p < end && (unsigned)(*p - '0') < 10 && ev < 10000; p++, ed++)
            ev = ev * 10 + (*p - '0');
        if (ed == 0)
            return NULL;
        e10 += eneg ? -ev : ev;
    }
    if (m == 0) {
        *out = neg ? -0.0 : 0.0;
        return p;
    }
    if (m > (1ULL << 53) || e10 < -22 || e10 > 22)
        return eisel_lemire(m, e10, neg, out) ? p : NULL;
    double d = (double)m;
    d = e10 < 0 ? d / POW10[-e10] : d * POW10[e10];
    *out = neg ? -d : d;
    return p;
}
