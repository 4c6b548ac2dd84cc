/* The CSV table reader in each encoding, and the strict number parser on
 * every cell. */
#include "fuzz.h"
#include "nqpf/csv.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    for (int e = 0; e < 3; e++) {
        nqpf_table *t = NULL;
        if (nqpf_table_read(&t, path, (nqpf_encoding)e, &err) != NQPF_OK)
            continue;
        double x;
        for (size_t i = 0; i < t->n_rows; i++)
            for (size_t j = 0; j < t->n_cols; j++)
                nqpf_table_number(t, i, j, &x, &err);
        nqpf_table_free(t);
    }
}
