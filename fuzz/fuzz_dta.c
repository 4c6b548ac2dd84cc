/* Stata input (ReadStat), as a table and through the GBK path. */
#define FUZZ_SUFFIX ".dta"
#include "fuzz.h"
#include "nqpf/csv.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    for (int e = 0; e < 3; e++) {
        nqpf_table *t = NULL;
        if (nqpf_table_read(&t, path, (nqpf_encoding)e, &err) == NQPF_OK)
            nqpf_table_free(t);
    }
}
