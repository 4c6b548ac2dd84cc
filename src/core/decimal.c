/* Fast exact decimal-to-double conversion for the common case (Clinger).
 *
 * A decimal whose significand fits in 53 bits and whose power of ten is at
 * most 22 in magnitude converts exactly with one IEEE multiplication or
 * division of two exact doubles, so the result equals strtod's correctly
 * rounded one.  That covers nearly every cell of a statistical table and is
 * ~10x faster than strtod.  Everything else (more digits, larger exponents,
 * subnormals) is left to the strict parser (nqpf_parse_cell → strtod). */
#include "dtoa.h"

#include <stddef.h>
#include <stdint.h>

/* Exact powers of ten representable in a double (10^22 is the last). */
static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

const char *nqpf_decimal_scan(const char *p, const char *end, double *out)
{
    int neg = 0, digits = 0, e10 = 0;
    uint64_t m = 0;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    for (; p < end && (unsigned)(*p - '0') < 10; p++, digits++) {
        if (m >= 100000000000000000ULL)
            return NULL;
        m = m * 10 + (uint64_t)(*p - '0');
    }
    if (p < end && *p == '.')
        for (p++; p < end && (unsigned)(*p - '0') < 10; p++, digits++) {
            if (m >= 100000000000000000ULL)
                return NULL;
            m = m * 10 + (uint64_t)(*p - '0');
            e10--;
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
    if (m > (1ULL << 53) || e10 < -22 || e10 > 22)
        return NULL;
    double d = (double)m;
    d = e10 < 0 ? d / POW10[-e10] : d * POW10[e10];
    *out = neg ? -d : d;
    return p;
}
