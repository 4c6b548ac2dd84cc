/* nqpf CLI — `--max-memory SIZE`, shared by dea, malmquist and index:
 * parse the size, measure the input file without reading it into memory,
 * and compare a command's estimate with the limit (include/nqpf/memory.h
 * has the estimates' building blocks). */
#ifndef NQPF_CLI_BUDGET_H
#define NQPF_CLI_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"

typedef struct cli_budget {
    uint64_t limit;   /* bytes */
    size_t rows;      /* data rows of the file (an upper bound) */
    size_t threads;   /* OpenMP threads the run will use */
    uint64_t held;    /* the CSV text of an .xlsx/.dta input, held while it is read (else 0) */
} cli_budget;

/* Fill b for the file `path` (its size and rows, measured without reading
 * it into memory).  A malformed size is NQPF_EUSAGE. */
int cli_budget_start(cli_budget *b, const char *limit, const char *path, nqpf_error *err);

#endif
