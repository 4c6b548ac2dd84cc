/* nqpf — large arrays on transparent huge pages.
 *
 * Why: every first touch of a 4 KiB page of a fresh array is a page fault,
 * and on a virtual machine a fault costs several microseconds: reading and
 * fitting a 75,000-row panel (bench/reg) faulted 11,000 times, a third of
 * the run.  A 2 MiB huge page is one fault for 512 small ones.  The kernel
 * gives them (THP in "madvise" mode, Debian's default) to memory that asks
 * with madvise(MADV_HUGEPAGE) and only in 2 MiB-aligned 2 MiB ranges, so
 * the arrays that matter are allocated aligned and rounded up to whole
 * huge pages.  Advice only: where the kernel has none to give, the memory
 * is ordinary pages, and the results never depend on it. */
#ifndef NQPF_HUGEMEM_H
#define NQPF_HUGEMEM_H

#include <stddef.h>

#define NQPF_HUGE_PAGE ((size_t)2 << 20)

/* Ask for huge pages on the pages that hold [p, p + bytes), an array of at
 * least 4 MiB from malloc or realloc (smaller ones are left as they are);
 * the array's own mapping stays one piece, so realloc can still grow it in
 * place (mremap). */
void nqpf_advise_huge(void *p, size_t bytes);

/* n items of `size` bytes, like nqpf_alloc (NULL: out of memory or
 * overflow), freed with free().  From 512 KiB on the block is 2 MiB-aligned,
 * rounded up to whole huge pages and advised; *cap (if not NULL) is then
 * the number of items that fit in the rounded block (else n), which a
 * growing array may use without reallocating. */
void *nqpf_alloc_huge(size_t n, size_t size, size_t *cap);

/* The *cap nqpf_alloc_huge(n, size, cap) would give (no allocation). */
size_t nqpf_huge_capacity(size_t n, size_t size);

#endif
