#include "nqpf/rng.h"
#include "test.h"

/* xoshiro256** reference: with state {1,2,3,4} the first outputs are
 * 11520, 0, 1509978240, 1215971899390074240 (Vigna's reference code). */
static void test_xoshiro_reference(void)
{
    nqpf_rng r = {{1, 2, 3, 4}, 0, 0.0};
    CHECK(nqpf_rng_u64(&r) == 11520ULL);
    CHECK(nqpf_rng_u64(&r) == 0ULL);
    CHECK(nqpf_rng_u64(&r) == 1509978240ULL);
    CHECK(nqpf_rng_u64(&r) == 1215971899390074240ULL);
}

static void test_streams_reproducible_and_distinct(void)
{
    nqpf_rng a, b, c;
    nqpf_rng_init(&a, 42, 7);
    nqpf_rng_init(&b, 42, 7);
    nqpf_rng_init(&c, 42, 8);
    int same = 1, differ = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = nqpf_rng_u64(&a), y = nqpf_rng_u64(&b), z = nqpf_rng_u64(&c);
        same &= x == y;
        differ += x != z;
    }
    CHECK(same);
    CHECK(differ == 100);
}

static void test_moments(void)
{
    nqpf_rng r;
    nqpf_rng_init(&r, 1, 0);
    const int n = 200000;
    double su = 0, sn = 0, sn2 = 0;
    long counts[6] = {0};
    for (int i = 0; i < n; i++) {
        su += nqpf_rng_uniform(&r);
        double z = nqpf_rng_normal(&r);
        sn += z;
        sn2 += z * z;
        counts[nqpf_rng_below(&r, 6)]++;
    }
    CHECK_ABS(su / n, 0.5, 0.005);
    CHECK_ABS(sn / n, 0.0, 0.01);
    CHECK_ABS(sn2 / n, 1.0, 0.01);
    for (int k = 0; k < 6; k++)
        CHECK_ABS(counts[k] / (double)n, 1.0 / 6.0, 0.005);
}

int main(void)
{
    RUN(test_xoshiro_reference);
    RUN(test_streams_reproducible_and_distinct);
    RUN(test_moments);
    return test_done();
}
