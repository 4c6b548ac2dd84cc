/* Large arrays on huge pages (src/core/hugemem.c): below 512 KiB a plain
 * allocation of exactly n items; from 512 KiB on a block aligned to 2 MiB
 * and rounded up to whole huge pages, whose capacity nqpf_huge_capacity
 * tells beforehand; every byte of it usable, freed with free(); a size
 * that overflows is NULL. */
#include "test.h"

#include <stdint.h>

#include "nqpf/hugemem.h"

static void test_small_is_plain(void)
{
    size_t cap = 0;
    double *p = nqpf_alloc_huge(1000, sizeof *p, &cap);
    REQUIRE(p != NULL);
    CHECK(cap == 1000);
    CHECK(nqpf_huge_capacity(1000, sizeof *p) == 1000);
    /* 512 KiB less one item: still plain */
    CHECK(nqpf_huge_capacity(65535, 8) == 65535);
    p[999] = 1.0;
    free(p);
}

static void test_large_is_rounded(void)
{
    size_t cap = 0, n = 75001; /* a column of the 75,000-row benchmark: 600,008 bytes */
    double *p = nqpf_alloc_huge(n, sizeof *p, &cap);
    REQUIRE(p != NULL);
    CHECK((uintptr_t)p % NQPF_HUGE_PAGE == 0);
    CHECK(cap == NQPF_HUGE_PAGE / sizeof *p); /* one huge page: 262,144 doubles */
    CHECK(nqpf_huge_capacity(n, sizeof *p) == cap);
    CHECK(nqpf_huge_capacity(65536, 8) == 262144); /* exactly 512 KiB */
    for (size_t i = 0; i < cap; i++)
        p[i] = (double)i;
    CHECK(p[cap - 1] == (double)(cap - 1));
    free(p);
    /* 5 MiB and a byte: three huge pages */
    unsigned char *b = nqpf_alloc_huge((5u << 20) + 1, 1, &cap);
    REQUIRE(b != NULL);
    CHECK(cap == 3 * NQPF_HUGE_PAGE);
    b[cap - 1] = 7;
    free(b);
    /* no capacity asked for */
    b = nqpf_alloc_huge(1u << 20, 1, NULL);
    CHECK(b != NULL);
    free(b);
}

static void test_overflow(void)
{
    size_t cap = 1;
    CHECK(nqpf_alloc_huge(SIZE_MAX / 4, 8, &cap) == NULL);
    CHECK(nqpf_huge_capacity(SIZE_MAX / 4, 8) == SIZE_MAX / 4);
}

int main(void)
{
    RUN(test_small_is_plain);
    RUN(test_large_is_rounded);
    RUN(test_overflow);
    return test_done();
}
