/* nqpf CLI — `--max-memory` (see budget.h). */
#include "budget.h"

#ifdef _OPENMP
#include <omp.h>
#endif

#include "nqpf/memory.h"

int cli_budget_start(cli_budget *b, const char *limit, const char *path, nqpf_error *err)
{
    uint64_t bytes = 0;
    size_t lines = 0;
    b->held = 0;
    b->threads = 1;
#ifdef _OPENMP
    b->threads = (size_t)omp_get_max_threads();
#endif
    if (nqpf_parse_size(limit, &b->limit) || b->limit == 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--max-memory: expected a size such as 2G or 512M, not '%s'",
                         limit);
    /* an .xlsx or .dta input is converted to CSV text held in memory while
     * it is read: measuring converts it under the limit (a sheet whose text
     * alone would pass it stops there), and its size counts in the need */
    int converted = 0;
    int rc = nqpf_input_shape(path, b->limit, &bytes, &lines, &converted, err);
    if (rc == NQPF_ENOMEM && converted)
        return nqpf_fail(err, NQPF_ENOMEM, path, 0, 0,
                         "its CSV text alone needs more than --max-memory %.1f MiB (stopped before reading it)",
                         (double)b->limit / 1048576.0);
    if (rc)
        return rc;
    b->held = converted ? bytes : 0;
    b->rows = lines ? lines - 1 : 0;
    return NQPF_OK;
}
