/* nqpf CLI — `--max-memory` (see budget.h). */
#include "budget.h"

#ifdef _OPENMP
#include <omp.h>
#endif

#include "nqpf/memory.h"
#include "nqpf/panel.h"

int cli_budget_start(cli_budget *b, const char *limit, const char *path, nqpf_encoding enc, int with_table,
                     nqpf_error *err)
{
    uint64_t bytes = 0;
    size_t lines = 0, cols = 0;
    b->table = 0;
    b->threads = 1;
#ifdef _OPENMP
    b->threads = (size_t)omp_get_max_threads();
#endif
    if (nqpf_parse_size(limit, &b->limit) || b->limit == 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--max-memory: expected a size such as 2G or 512M, not '%s'",
                         limit);
    int rc = nqpf_input_shape(path, &bytes, &lines, err);
    if (rc)
        return rc;
    b->rows = lines ? lines - 1 : 0;
    if (with_table) {
        char **names = NULL;
        long hline = 0;
        if ((rc = nqpf_csv_read_header(path, enc, ',', &names, &cols, &hline, err)))
            return rc;
        nqpf_header_free(names, cols);
        b->table = nqpf_table_memory(bytes, b->rows, cols);
    }
    return NQPF_OK;
}
