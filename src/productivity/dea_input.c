/* DEA input columns from a CSV table (see nqpf_dea_read_columns). */
#include "nqpf/csv.h"
#include "nqpf/dea.h"

int nqpf_dea_read_columns(const nqpf_table *t, char **names, size_t k, double *out, double *tmp,
                          nqpf_error *err)
{
    for (size_t c = 0; c < k; c++) {
        int rc = nqpf_table_column(t, names[c], tmp, 0, err);
        if (rc)
            return rc;
        long col = nqpf_table_col(t, names[c]);
        for (size_t i = 0; i < t->n_rows; i++) {
            if (tmp[i] < 0)
                return nqpf_fail(err, NQPF_EINPUT, t->path, t->line[i], col + 1,
                                 "negative value %s in column '%s' (DEA needs non-negative data)",
                                 nqpf_table_get(t, i, (size_t)col), names[c]);
            out[i * k + c] = tmp[i];
        }
    }
    return NQPF_OK;
}
