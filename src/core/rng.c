#include "nqpf/rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void nqpf_rng_init(nqpf_rng *r, uint64_t seed, uint64_t stream)
{
    /* Mix the stream id through SplitMix64 first so that nearby ids (0, 1,
     * 2, …) start far apart in the seed sequence. */
    uint64_t t = stream;
    uint64_t x = seed ^ splitmix64(&t);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
        r->s[0] = 1; /* the all-zero state is the one forbidden state */
    r->have_spare = 0;
    r->spare = 0.0;
}

uint64_t nqpf_rng_u64(nqpf_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double nqpf_rng_uniform(nqpf_rng *r)
{
    return (double)(nqpf_rng_u64(r) >> 11) * 0x1.0p-53;
}

uint64_t nqpf_rng_below(nqpf_rng *r, uint64_t n)
{
    /* rejection of the short top range keeps every value equally likely */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = nqpf_rng_u64(r);
    while (x >= limit);
    return x % n;
}

double nqpf_rng_normal(nqpf_rng *r)
{
    if (r->have_spare) {
        r->have_spare = 0;
        return r->spare;
    }
    double u, v, s;
    do {
        u = 2.0 * nqpf_rng_uniform(r) - 1.0;
        v = 2.0 * nqpf_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double f = sqrt(-2.0 * log(s) / s);
    r->spare = v * f;
    r->have_spare = 1;
    return u * f;
}

void nqpf_rng_shuffle(nqpf_rng *r, size_t *idx, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)nqpf_rng_below(r, i);
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}
