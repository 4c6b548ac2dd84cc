/* nqpf — an engine's result table in memory (src/reg/restab.c).
 *
 * The econometric engines (reg, threshold, did, spreg) build their result
 * tables cell by cell into an nqpf_table: the command writes them with
 * nqpf_restabs_write (one writer, the CSV bytes they always had), the
 * report takes the tables as they are (no file in between).  A cell is a
 * text (written guarded against formula injection, output.h) or a number
 * (its shortest round-trip text, NaN empty, written as it is); the table's
 * texts are the ones its CSV reads back as, so a reader sees the same
 * cells either way. */
#ifndef NQPF_RESTAB_H
#define NQPF_RESTAB_H

#include <stddef.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"
#include "nqpf/util.h"

typedef struct nqpf_restab {
    nqpf_table *t;        /* NULL until the header is set: then no file text at all */
    unsigned char *num;   /* per cell: 1 = a number (written unguarded) */
    size_t n_cells, cap;
    int bad;              /* out of memory met: nqpf_restab_done reports it */
} nqpf_restab;

/* The header: names separated by commas ("model,term,estimate").
 * Each adder returns 0, or -1 (and remembers it) when out of memory, so a
 * caller may collect `bad |= ...` and check once. */
int nqpf_restab_header(nqpf_restab *r, const char *names);
int nqpf_restab_text(nqpf_restab *r, const char *s);
int nqpf_restab_num(nqpf_restab *r, double x);
/* A row (or its start): the texts f[0..nf), then the numbers v[0..nv). */
int nqpf_restab_row(nqpf_restab *r, const char *const *f, size_t nf, const double *v, size_t nv);
/* NQPF_OK once every row is whole; NQPF_ENOMEM when an adder failed. */
int nqpf_restab_done(nqpf_restab *r, nqpf_error *err);
/* The table handed over (the caller frees it with nqpf_table_free); r is empty. */
nqpf_table *nqpf_restab_take(nqpf_restab *r);
void nqpf_restab_free(nqpf_restab *r);
/* r's CSV text appended to b (nothing for a table without header). */
int nqpf_restab_csv(const nqpf_restab *r, nqpf_buf *b);
/* Write n outputs all or none (nqpf_write_buffers): paths[k] NULL is
 * skipped; else tabs[k]'s CSV, or texts[k] when tabs[k] is NULL (texts may
 * be NULL when every output is a table). */
int nqpf_restabs_write(const char *const *paths, const nqpf_restab *const *tabs, const nqpf_buf *const *texts,
                       size_t n, int flags, nqpf_error *err);

#endif
