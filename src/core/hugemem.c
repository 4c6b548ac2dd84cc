/* nqpf — large arrays on transparent huge pages (see hugemem.h). */
#define _DEFAULT_SOURCE 1 /* madvise */
#include "nqpf/hugemem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "nqpf/util.h"

/* From this size on an array gets its own aligned huge pages: below it the
 * rounding to 2 MiB would cost more zeroing than the faults it saves. */
#define HUGE_MIN ((size_t)512 << 10)

void nqpf_advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    long pg = sysconf(_SC_PAGESIZE);
    if (pg <= 0 || bytes < (4u << 20))
        return;
    /* the pages that hold [p, p + bytes), rounded outwards: an array this
     * large is malloc's own mapping with its header in the first page, so
     * this is the whole mapping, advised as one piece.  Rounded inwards it
     * was split in two, realloc's mremap then failed (EFAULT: a range
     * over two mappings) and realloc copied instead, holding both copies:
     * reading 1 million rows from standard input peaked at 1.65 times the
     * data.  Memory of others in those end pages only gets the same hint. */
    uintptr_t a = (uintptr_t)p & ~((uintptr_t)pg - 1);
    uintptr_t e = ((uintptr_t)p + bytes + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p, (void)bytes;
#endif
}

/* The block nqpf_alloc_huge takes for bytes: whole huge pages, or 0 for a
 * plain allocation. */
static size_t huge_block(size_t bytes)
{
#ifdef MADV_HUGEPAGE
    if (bytes >= HUGE_MIN && bytes <= SIZE_MAX - NQPF_HUGE_PAGE)
        return (bytes + NQPF_HUGE_PAGE - 1) / NQPF_HUGE_PAGE * NQPF_HUGE_PAGE;
#endif
    (void)bytes;
    return 0;
}

size_t nqpf_huge_capacity(size_t n, size_t size)
{
    size_t whole = size && n <= SIZE_MAX / size ? huge_block(n * size) : 0;
    return whole ? whole / size : n;
}

void *nqpf_alloc_huge(size_t n, size_t size, size_t *cap)
{
    if (cap)
        *cap = n;
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t whole = huge_block(n * size);
    if (!whole)
        return nqpf_alloc(n, size);
    void *p = NULL;
    if (posix_memalign(&p, NQPF_HUGE_PAGE, whole) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, whole, MADV_HUGEPAGE);
#endif
    if (cap)
        *cap = whole / size;
    return p;
}
