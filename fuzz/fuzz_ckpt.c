/* A DEA checkpoint file: header, records of any announced size, torn or
 * corrupted tails (the loader trims them). */
#define FUZZ_SUFFIX ".ckpt"
#include "fuzz.h"
#include "../src/productivity/ckpt.h"

enum { MAX_ROWS = 64, MAX_COLS = 8 };

/* A record fits when its rows and columns are within the buffer, as a
 * real run accepts only records of its own shape. */
static double *dest(void *ctx, const uint64_t hd[4])
{
    if (hd[1] >= MAX_ROWS || hd[2] > MAX_ROWS || hd[3] == 0 || hd[3] > MAX_COLS)
        return NULL;
    return ctx;
}

static void done(void *ctx, const uint64_t hd[4])
{
    (void)ctx;
    (void)hd;
}

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    static const char magic[8] = {'N', 'Q', 'P', 'F', 'F', 'U', 'Z', 'Z'};
    static const unsigned char fp[32] = {0};
    double store[MAX_ROWS * MAX_COLS];
    nqpf_error err;
    nqpf_ckpt_load(path, magic, fp, dest, done, store, &err);
}
