/* Excel input: the zip container (minizip), the workbook, shared strings
 * and sheet XML (expat), then the CSV text they become, read as a table. */
#define FUZZ_SUFFIX ".xlsx"
#include "fuzz.h"
#include "nqpf/csv.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    nqpf_table *t = NULL;
    if (nqpf_table_read(&t, path, NQPF_ENC_AUTO, &err) != NQPF_OK)
        return;
    double x;
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t j = 0; j < t->n_cols; j++)
            nqpf_table_number(t, i, j, &x, &err);
    nqpf_table_free(t);
}
