/* nqpf — the input of the measures on a long table: a value column,
 * further numeric columns, and optional unit, period and group label
 * columns, read by the column reader (nqpf/coltable.h).  The CLI's
 * commands with input NQPF_INPUT_LONG (gini, theil, kde, converge,
 * forecast, growth, couple, tobit ...) get it through src/cli/runner.c
 * from their options data, value (or spec->value_opt), unit, period, group,
 * missing, encoding and spec->cols_opt; the report's [growth] reads its
 * file through it too (src/report/growth.c), so both read, check and word
 * errors alike. */
#ifndef NQPF_LONG_INPUT_H
#define NQPF_LONG_INPUT_H

#include <stddef.h>

#include <stdio.h>

#include "nqpf/coltable.h"
#include "nqpf/compare.h"
#include "nqpf/output.h"

typedef struct nqpf_long_input {
    nqpf_coltable *ct;      /* the requested columns (nqpf_coltable_read): their names, file
                               columns, each row's line; the numbers and codes moved below */
    long quote_at;          /* from standard input: ct's columns from quote_at on hold the numbers
                               again as text, for nqpf_long_cell; else -1 */
    size_t n_rows;
    const long *line;       /* n_rows: each row's line in the file */
    const char *path;
    long value_col;         /* 1-based file column of the value (0: none) */
    const long *col_at;     /* n_cols: 1-based file column of cols j */
    double *value;          /* n_rows values, NaN where missing (and --missing skip); NULL without a value column */
    double *cols;           /* n_cols columns of n_rows numbers each (column j at j * n_rows) */
    size_t n_cols;
    nqpf_factor unit, period, group; /* single-level factors when the column is not given */
    size_t *by_period;      /* n_rows row numbers, period by period, each period's in file order */
    size_t *period_at;      /* period p's rows: by_period[period_at[p] .. period_at[p + 1]) */
    int has_unit, has_period, has_group;
    long label_at;          /* ct's column of nqpf_long_req.label (its codes and levels as read); else -1 */
} nqpf_long_input;

/* What to load: the file, its column names (any may be NULL; cols lists
 * n_cols numeric columns), its encoding, and missing_skip: 1 keeps missing
 * numbers as NaN (callers drop them), 0 makes a missing number an error at
 * its cell.  labels: the unit and period columns only label the rows.
 * quote: the numbers an error may quote with nqpf_long_cell (0 none, 1 the
 * value, 2 the value and cols): from standard input they are kept a second
 * time as text.  label (may be NULL): a further column read as text that
 * only names the rows (the report's [growth] name: a unit's display name),
 * empty cells allowed. */
typedef struct nqpf_long_req {
    const char *data, *unit, *value, *period, *group;
    const char *const *cols;
    size_t n_cols;
    nqpf_encoding enc;
    int missing_skip, labels, quote;
    const char *label;
} nqpf_long_req;

/* Load rq->data.  A repeated (unit, period) pair is an input error naming
 * both lines (unless rq->labels).  On failure in is left empty. */
int nqpf_long_load(nqpf_long_input *in, const nqpf_long_req *rq, nqpf_error *err);
void nqpf_long_free(nqpf_long_input *in);

/* The text of the cell at row and 1-based file column col, trimmed, as the
 * file has it (for messages that quote a cell): from the numbers' text
 * copies (standard input, nqpf_long_input.quote_at), else read back from the
 * file (only on the way to an error, so the columns hold no text); the
 * number num written shortest if the file can no longer be read.  buf holds cap bytes; returns buf. */
const char *nqpf_long_cell(const nqpf_long_input *in, size_t row, long col, double num, char *buf, size_t cap);

/* Rows of period p with a non-missing value: their values into y, group
 * codes into g, row numbers into rows (any may be NULL).  Returns the count. */
size_t nqpf_long_period(const nqpf_long_input *in, size_t p, double *y, size_t *g, size_t *rows);

/* What nqpf_long_each_period calls for one period: its label and the m rows
 * with a value (y, their group codes g). */
typedef int (*nqpf_long_period_fn)(void *ctx, const char *label, const double *y, const size_t *g, size_t m,
                                   nqpf_error *err);
/* Call fn for every period in order; stops at the first error, which then
 * names the period (nqpf_error_context with file) when there is a period
 * column. */
int nqpf_long_each_period(const nqpf_long_input *in, const char *file, nqpf_long_period_fn fn, void *ctx,
                          nqpf_error *err);

/* Every non-missing value >= 0 (and, if positive, > 0), else an input error
 * at the offending cell.  what names the measure for the message. */
int nqpf_long_check_sign(const nqpf_long_input *in, const char *value, int positive, const char *what,
                         nqpf_error *err);
#endif
