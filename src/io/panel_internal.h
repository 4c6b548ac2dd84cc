/* Internals shared by the readers of src/io (the panel, the column
 * table, the text table). */
#ifndef NQPF_PANEL_INTERNAL_H
#define NQPF_PANEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/panel.h"
#include "fastblock.h"

/* The rows of a wide panel as read, in file order: row i's values at
 * vals[i * nv], its unit and period ids (in order of first appearance) and
 * file line.  One contiguous array per field, grown geometrically (glibc
 * grows large blocks by remapping pages, without copying): when the file
 * is sorted by unit and period and balanced, as most are, vals is the cube
 * itself and is handed over as it is (panel_store.c). */
typedef struct rowstore {
    size_t nv, ntext;
    size_t n, cap;
    double *vals;       /* cap * nv */
    uint32_t *uid, *tid;
    long *line;
    uint32_t *text;     /* cap * ntext */
    int has_nan;        /* a missing value was stored (nqpf_panel.no_missing) */
} rowstore;

/* Resize *p to elems elements of size bytes (at least 1 byte): 0, or -1
 * when out of memory or the size overflows (*p then unchanged). */
int io_grow(void **p, size_t elems, size_t size);

/* The capacity (rows) to grow cap to for need: half as much again, at
 * least need and 1024. */
size_t io_next_cap(size_t cap, size_t need);

/* Room for at least extra more rows.  Returns 0 or -1 (out of memory). */
int rowstore_reserve(rowstore *s, size_t extra);
void rowstore_free(rowstore *s);
/* Move the rows into p's cube (p->x, row_line, text; n_units, n_periods
 * and n_vars set), pmap[period id] = sorted period.  A (unit, period)
 * given twice is NQPF_EINPUT naming both lines.  Frees s's arrays. */
int rowstore_to_cube(rowstore *s, nqpf_panel *p, const uint32_t *pmap, nqpf_error *err);

/* Key interning with a one-entry guess: files are sorted by unit and then
 * period, so a unit repeats the previous row's and a period is usually the
 * one after the previous row's (or the first). */
typedef struct keymap {
    nqpf_strmap map;
    uint32_t last;
    int has_last;
} keymap;

/* Id of s[0..n) (interned if new): 0 or -1 (out of memory). */
int keymap_id(keymap *k, const char *s, size_t n, int guess_next, uint32_t *id);

/* The trimmed names of a header row: an empty or duplicate name is
 * NQPF_EINPUT at its column.  *names is freed with nqpf_header_free. */
int io_copy_header(const nqpf_csv_row *row, const char *path, char ***names, nqpf_error *err);

/* Rank n texts as periods: numerically when all read as numbers, else by
 * bytes; equal ones share a rank, first[rank] (optional) is the first
 * index of each.  0, or -1 when out of memory (table.c). */
int io_rank_texts(const char *const *s, size_t n, size_t *rank, size_t *n_ranks, size_t *first);

/* What the wide reader knows about the columns. */
typedef struct wide_cols {
    size_t nh, nv;
    long cu, ct;
    long *cols;       /* nv: file column of each variable */
    long *tcols;      /* n_text: file column of each kept text column */
    int *varof;       /* nh: variable index of each file column, or -1 */
} wide_cols;

/* Store one row's keys (the values are already at row s->n of s) and count
 * it.  Text fields are trimmed and interned into p->text_values. */
int wide_push(rowstore *s, keymap *units, keymap *periods, nqpf_panel *p, const char *us, size_t ul,
              const char *ps, size_t pl, const char *const *ts, const size_t *tl, long line, nqpf_error *err);
/* The same with the unit and period ids known. */
int wide_push_ids(rowstore *s, nqpf_panel *p, uint32_t uid, uint32_t tid, const char *const *ts, const size_t *tl,
                  long line, nqpf_error *err);

/* Scratch arrays of wide_block, kept from block to block. */
typedef struct wide_scratch {
    struct slotkeys *keys;
    const char **texts;
    size_t *textlen;
    size_t cap;
} wide_scratch;
void wide_scratch_free(wide_scratch *w);

/* The wide reader's state in the chunked parallel parse (fastblock.h). */
typedef struct wide_ctx {
    rowstore *s;
    keymap *units, *periods;
    nqpf_panel *p;
    const wide_cols *wc;
    wide_scratch w;
    void *owner;      /* the caller's, for its strict_row */
} wide_ctx;

/* Fill the fast_ops of c, all but strict_row (panel.c). */
void wide_ops(wide_ctx *c, fast_ops *ops);

#endif
