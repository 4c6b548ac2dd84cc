/* The chunked two-thread parse of quote-free blocks, shared by the wide
 * panel reader (panel_fast.c) and the column reader (coltable.c).
 *
 * A reader hands fast_read a nqpf_csv positioned after the header and its
 * row store through fast_ops.  fast_read takes the input in blocks of
 * complete quote-free lines (nqpf_csv_peek_lines), cuts each at newlines
 * into a fixed number of pieces, and parses the pieces on all threads
 * straight into the store, piece k from slot (rows so far + lines before
 * k): a row never takes more slots than lines, so one pass in file order on
 * one thread then closes the gaps left by blank lines while it interns the
 * keys.  The input's bytes read since the last block, when the reader
 * hashes them (nqpf_csv_hash), go through the hash as one more task of the
 * parallel parse.  The pieces do not depend on the number of threads, and
 * neither does the result.  A piece stops at the first line it cannot take as it
 * is (any problem, a bare CR, a NUL byte, invalid UTF-8): that line, and
 * any line with a quote, goes to the strict reader (nqpf_csv_next and
 * ops->strict_row), which words the error with its exact position, or
 * stores the row if it is fine after all. */
#ifndef NQPF_FASTBLOCK_H
#define NQPF_FASTBLOCK_H

#include <stddef.h>

#include "nqpf/csv.h"
#include "../core/dtoa.h"

typedef struct fast_ops {
    void *ctx;
    /* rows stored so far */
    size_t (*rows)(void *ctx);
    /* Room for extra more rows; scratch (per block: the keys of the rows
     * being parsed) for extra rows too when scratch is set.  0 or -1. */
    int (*reserve)(void *ctx, size_t extra, int scratch);
    /* Parse the plain line [ls, le) (no CR, not blank) into row slot
     * `slot`, k = its index in the block's scratch; runs on any thread.
     * The lines of a piece are parsed in order on one thread: unless
     * `first`, slot - 1 (scratch k - 1) is the row this thread parsed just
     * before.  0 when the strict reader must take the line. */
    int (*parse)(void *ctx, const char *ls, const char *le, size_t slot, size_t k, long line, int first);
    /* In file order on one thread: make the row parsed into slot (>= the
     * rows stored) the next row, and finish it (keys). */
    int (*commit)(void *ctx, size_t slot, size_t k, nqpf_error *err);
    /* Validate and store a row of the strict reader. */
    int (*strict_row)(void *ctx, const nqpf_csv_row *row, nqpf_error *err);
} fast_ops;

/* Read the rest of r.  fast = 0: every row through the strict reader. */
int fast_read(nqpf_csv *r, const fast_ops *ops, int fast, nqpf_error *err);

/* The field at f (in a line ending at le) as a number: parsed where it
 * stands when it is a plain decimal followed by ',' or the line's end,
 * else by nqpf_parse_cell (a missing token is NaN).  Returns the field's
 * end, or NULL when the cell is neither a number nor a missing token.
 * *missing (when not NULL) is set when the cell is missing: only the
 * strict parser's path can give NaN, so the plain decimals pay nothing.
 * Inline, so that the commonest cell (nqpf_decimal_cell) costs the row's
 * parse one call, not two; everything else is fast_number_general. */
const char *fast_number_general(const char *f, const char *le, double *out, unsigned char *missing);
static inline const char *fast_number(const char *f, const char *le, double *out, unsigned char *missing)
{
    const char *e = nqpf_decimal_cell(f, le, out);
    return e ? e : fast_number_general(f, le, out, missing);
}

#endif
