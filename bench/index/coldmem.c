/* How much a first touch of memory costs on this machine: touch N MiB
 * (one byte a 4 KiB page) of a fresh mapping, on transparent huge pages
 * with a second argument, and print the seconds.  On the development VM
 * (Firecracker, free page reporting) memory idle for 10-15 s comes back
 * from the host at about 1.7 s of CPU a GB, and at about 0.12 s right after
 * another process freed it (bench/index/README.md, session 12):
 *
 *     cc -O2 -o /tmp/coldmem bench/index/coldmem.c
 *     /tmp/coldmem 1200 huge; /tmp/coldmem 1200 huge; sleep 10; /tmp/coldmem 1200 huge
 */
#define _DEFAULT_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return fprintf(stderr, "usage: coldmem MIB [huge]\n"), 2;
    size_t n = (size_t)atol(argv[1]) << 20, align = (size_t)2 << 20;
    char *m = mmap(NULL, n + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return perror("mmap"), 1;
    char *p = (char *)(((size_t)m + align - 1) & ~(align - 1));
#ifdef MADV_HUGEPAGE
    if (argc > 2)
        madvise(p, n, MADV_HUGEPAGE);
#endif
    double t = now();
    for (size_t i = 0; i < n; i += 4096)
        p[i] = 1;
    printf("%s MiB: %.3f s\n", argv[1], now() - t);
    return 0;
}
