/* nqpf — what an input path names (see csv.h): a CSV file, a Stata .dta
 * file or an Excel sheet, all read as CSV text. */
#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/memory.h"
#include "nqpf/sha256.h"
#include "nqpf/util.h"

int nqpf_input_as_csv(const char *path, nqpf_encoding enc, uint64_t max_bytes, nqpf_buf *out, int *converted,
                      nqpf_error *err)
{
    *converted = nqpf_is_dta(path) || nqpf_is_xlsx(path);
    if (!*converted)
        return NQPF_OK;
    return nqpf_is_dta(path) ? nqpf_dta_to_csv(path, enc, max_bytes, out, err)
                             : nqpf_xlsx_to_csv(path, max_bytes, out, err);
}

int nqpf_input_shape(const char *path, uint64_t max_bytes, uint64_t *bytes, size_t *lines, int *converted_out,
                     nqpf_error *err)
{
    nqpf_buf t = {0};
    int converted, rc = nqpf_input_as_csv(path, NQPF_ENC_AUTO, max_bytes, &t, &converted, err);
    *converted_out = converted;
    if (!rc && !converted)
        rc = nqpf_file_shape(path, bytes, lines, err);
    else if (!rc) {
        /* lines with text: the blank lines that stand for a sheet's empty
         * rows are skipped by the reader and are no rows of the budget */
        size_t nl = 0, start = 0; /* start: offset of the current line */
        for (size_t i = 0; i < t.len; i++)
            if (t.data[i] == '\n') {
                nl += i > start;
                start = i + 1;
            }
        *bytes = t.len;
        *lines = nl + (t.len > 0 && t.data[t.len - 1] != '\n');
    }
    nqpf_buf_free(&t);
    return rc;
}

int nqpf_input_sha256(const char *path, char hex[65], nqpf_error *err)
{
    char *file = nqpf_input_file_of(path);
    if (!file)
        return nqpf_fail_nomem(err);
    int rc = nqpf_sha256_file(file, hex, err);
    free(file);
    return rc;
}
