/* nqpf — what every libFuzzer target shares.
 *
 * Each fuzz/fuzz_<target>.c defines fuzz_one(path, data, size), called
 * with the input already written to a private temporary file `path`
 * (the parsers take file names, and .xlsx/.dta are recognised by their
 * extension, which each target chooses with FUZZ_SUFFIX).  Targets only
 * check that a parser returns, without a crash, leak or undefined
 * behaviour (the build adds ASan and UBSan), whatever it is given. */
#ifndef NQPF_FUZZ_H
#define NQPF_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_SUFFIX
#define FUZZ_SUFFIX ".csv"
#endif

static void fuzz_one(const char *path, const uint8_t *data, size_t size);

static char fuzz_path[96]; /* the harness's own scratch name (not library state) */

static void fuzz_cleanup(void)
{
    if (fuzz_path[0])
        unlink(fuzz_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* one name per process, made once: the fuzzer calls us in a loop.  In
     * memory (/dev/shm) where there is one: on a disk, ext4 flushes a file
     * rewritten through truncation at every close, which cost more than the
     * parsing; the old file is unlinked first for the same reason. */
    char *path = fuzz_path;
    if (!path[0]) {
        snprintf(path, sizeof fuzz_path, "%s/nqpf-fuzz-%ld%s", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
                 (long)getpid(), FUZZ_SUFFIX);
        atexit(fuzz_cleanup);
    }
    unlink(path);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    int bad = fwrite(data, 1, size, fp) != size;
    bad |= fclose(fp) != 0;
    if (!bad)
        fuzz_one(path, data, size);
    return 0;
}

#endif
