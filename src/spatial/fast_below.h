/* nqpf (internal) — unbiased bounded random integers for the permutation
 * loops, by Lemire's multiply-shift method (ACM TOMACS 2019): one 64x64->128
 * multiplication and, rarely, one division, instead of two divisions per
 * draw.  Same stream discipline as nqpf_rng (caller owns the state). */
#ifndef NQPF_SPATIAL_FAST_BELOW_H
#define NQPF_SPATIAL_FAST_BELOW_H

#include <stdint.h>

#include "nqpf/rng.h"

static inline uint64_t nqpf_fast_below(nqpf_rng *r, uint64_t n)
{
    __extension__ typedef unsigned __int128 u128;
    u128 m = (u128)nqpf_rng_u64(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t t = -n % n; /* 2^64 mod n */
        while (lo < t) {
            m = (u128)nqpf_rng_u64(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

#endif
