/* nqpf — a table read as typed columns.
 *
 * The table-reading commands (reg, threshold, did, dea, malmquist) need a
 * few columns of a file as numbers or as group keys, not every cell as
 * text.  nqpf_coltable_read reads any input nqpf reads (CSV in any
 * encoding, .xlsx sheets and .dta files through their CSV text) and keeps
 * only the requested columns:
 *
 *   NQPF_COL_NUMBER  a double per row; a missing token (empty, NA, . …) is
 *                    NaN, or an NQPF_EMISSING error at the cell when the
 *                    column is required; any other text is an NQPF_EPARSE
 *                    error at FILE:LINE:COL
 *   NQPF_COL_KEY     a dense int32 code per row, 0..n_levels-1 in order of
 *                    first appearance, and the level texts (trimmed); an
 *                    empty cell is code -1, or an NQPF_EMISSING error when
 *                    the column is required
 *
 * The whole file is still checked as nqpf_table_read checks it (a header
 * with no empty or duplicate names, every row as wide as the header), and
 * errors are worded as there.  Quote-free stretches of the file are parsed
 * on all threads straight into the columns (src/io/fastblock.c); the
 * result, and every error, does not depend on the number of threads.
 * Memory: the requested columns, a line number per row, and one block of
 * text.  Rows are the file's non-blank data rows, in file order.
 *
 * A column may be requested more than once (say as a NUMBER and as a KEY,
 * or a regressor that is also the weight): each request gets its own
 * column.  Usage:
 *
 *     nqpf_colspec want[] = {{"y", NQPF_COL_NUMBER, 0, NULL},
 *                            {"firm", NQPF_COL_KEY, 1, NULL}};
 *     nqpf_coltable_spec sp = {.path = "data.csv", .cols = want, .n_cols = 2};
 *     nqpf_coltable *t;
 *     if ((rc = nqpf_coltable_read(&t, &sp, err))) return rc;
 *     const double *y = t->col[0].num;     // t->n_rows values
 *     const int32_t *firm = t->col[1].code; // t->col[1].n_levels levels
 *     nqpf_coltable_free(t);
 */
#ifndef NQPF_COLTABLE_H
#define NQPF_COLTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"

typedef enum nqpf_coltype { NQPF_COL_NUMBER = 0, NQPF_COL_KEY = 1 } nqpf_coltype;

typedef struct nqpf_colspec {
    const char *name;       /* header name (compared after trimming) */
    nqpf_coltype type;
    int required;           /* 1: a missing cell is an error at its position */
    const char *what;       /* for "no WHAT column 'x' in the header" (NULL: "no column 'x' …") */
} nqpf_colspec;

/* A column the caller supplies, for a file that lacks it: the report's
 * index score, looked up by the texts of the file's unit and period.
 *
 * When the header has no column `name` but has key1 and key2, each row
 * gets value(ctx, i1, i2), where i1 = find(ctx, 1, text of key1) and
 * i2 = find(ctx, 2, text of key2) are both >= 0 (else the row gets NaN);
 * a text is the cell trimmed ("" when empty), and each distinct text is
 * looked up once, not once per row.  find and value run on the calling
 * thread, value once per row in file order (so ctx may count the rows
 * that got a number).  When some row got a number, the column exists,
 * after the file's last: requests of `name` read these values (file_col
 * the file's width + 1, the name appended to header; a KEY's levels are
 * the numbers as the CSV writer prints them, NaN empty), and a required
 * one with a NaN row is "missing value" at that row.  Otherwise, or when the
 * header has `name` (the file's own column wins) or lacks a key, the
 * column is as any other.  In a "no column" message about another
 * column, the supplied name counts among the header's names. */
typedef struct nqpf_colsource {
    const char *name;
    const char *key1, *key2;        /* header names (NULL: nothing is supplied) */
    long (*find)(void *ctx, int key, const char *text, size_t n); /* the caller's index of the text, or -1 */
    double (*value)(void *ctx, long i1, long i2);                 /* NaN: none */
    void *ctx;
} nqpf_colsource;

typedef struct nqpf_coltable_spec {
    const char *path;               /* "-" = standard input; .xlsx[#sheet] and .dta too */
    nqpf_encoding encoding;
    const nqpf_colspec *cols;
    size_t n_cols;
    const unsigned char *optional;  /* NULL, or n_cols flags: 1 = the header may lack that column
                                       (it then has file_col 0, name NULL and no values), for a
                                       request that depends on the header, which is read once
                                       (standard input cannot be read twice to look at it first) */
    int strict;                     /* 1: every row through the strict serial reader (the
                                       reference the parallel path is tested against) */
    const struct nqpf_colsource *extra; /* NULL, or a column the caller supplies (below) */
} nqpf_coltable_spec;

typedef struct nqpf_column {
    const char *name;       /* the header's name */
    nqpf_coltype type;
    long file_col;          /* 1-based column in the file, for messages */
    double *num;            /* NUMBER: n_rows values, NaN = missing; else NULL */
    int32_t *code;          /* KEY: n_rows codes, -1 = empty; else NULL */
    size_t n_levels;        /* KEY: distinct non-empty texts */
    char **levels;          /* KEY: their texts (trimmed), level i has code i */
} nqpf_column;

typedef struct nqpf_coltable {
    char *path;             /* as given */
    nqpf_encoding encoding; /* as detected */
    size_t n_rows;
    size_t n_cols;          /* requested columns */
    nqpf_column *col;       /* n_cols, in the order requested */
    long *line;             /* n_rows: file line of each row */
    long header_line;
    size_t n_header;        /* the file's header, for messages (nqpf_fail_no_column) */
    char **header;
} nqpf_coltable;

int nqpf_coltable_read(nqpf_coltable **out, const nqpf_coltable_spec *spec, nqpf_error *err);
void nqpf_coltable_free(nqpf_coltable *t);

/* Index (into col) of the first requested column of that name, or -1. */
long nqpf_coltable_find(const nqpf_coltable *t, const char *name);

/* Order the levels of a KEY column as periods: numerically when every
 * level reads as a number (so 9 < 10), else by bytes.  rank[level] gets
 * 0..*n_ranks-1 (levels that read as the same number share a rank: "2019"
 * and "2019.0"), first[r] (optional, n_levels entries) the first level
 * of rank r in order of appearance.  NQPF_OK or NQPF_ENOMEM. */
int nqpf_coltable_rank_levels(const nqpf_column *c, size_t *rank, size_t *n_ranks, size_t *first,
                              nqpf_error *err);

#endif
