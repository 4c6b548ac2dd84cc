/* nqpf — reproducible random streams.
 *
 * Every random experiment (a bootstrap replication, a permutation, a
 * simulation draw) gets its own stream, named by (seed, stream id), so the
 * numbers do not depend on how work is split across threads or MPI ranks:
 * replication b always uses stream b.
 *
 * Generator: xoshiro256** (Blackman & Vigna 2018), whose 256-bit state is
 * filled from SplitMix64 applied to the seed and the stream id; distinct ids
 * give statistically independent sequences for all practical purposes.
 * Written here (30 lines) because the C library offers no seedable,
 * portable generator. */
#ifndef NQPF_RNG_H
#define NQPF_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct nqpf_rng {
    uint64_t s[4];
    int have_spare;   /* a cached second normal deviate */
    double spare;
} nqpf_rng;

/* Start the stream `stream` of generator `seed`. */
void nqpf_rng_init(nqpf_rng *r, uint64_t seed, uint64_t stream);
uint64_t nqpf_rng_u64(nqpf_rng *r);
/* Uniform on [0, 1) with 53 random bits. */
double nqpf_rng_uniform(nqpf_rng *r);
/* Uniform integer in [0, n) without modulo bias (n > 0). */
uint64_t nqpf_rng_below(nqpf_rng *r, uint64_t n);
/* Standard normal (Marsaglia polar method). */
double nqpf_rng_normal(nqpf_rng *r);
/* Fisher–Yates shuffle of idx[0..n). */
void nqpf_rng_shuffle(nqpf_rng *r, size_t *idx, size_t n);

#endif
