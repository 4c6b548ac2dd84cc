/* nqpf — writing results atomically.
 *
 * Nothing partial is ever left behind: single files are written to a
 * temporary name beside the target and renamed into place on success;
 * output directories are built under a temporary name and renamed as a
 * whole.  An existing target is replaced only when `force` is set.
 *
 * The CSV helpers write RFC 4180 UTF-8 (quoting only where needed) and
 * numbers as the shortest text that reads back to the same double.
 */
#ifndef NQPF_OUTPUT_H
#define NQPF_OUTPUT_H

#include <stdio.h>

#include "nqpf/error.h"
#include "nqpf/util.h"

/* The `flags` of the openers below: NQPF_OUT_FORCE replaces an existing
 * target (it is 1, so a --force flag's value passes as is).  NQPF_OUT_BOM starts each file with a UTF-8
 * byte-order mark (--bom: Excel on a Chinese Windows reads a CSV without
 * one as GBK), except LaTeX and JSON files (.tex, .json), which no
 * spreadsheet opens and whose readers do not expect one; it is the one
 * place every command's CSV gets its mark. */
enum { NQPF_OUT_FORCE = 1, NQPF_OUT_BOM = 2 };

typedef struct nqpf_outfile {
    FILE *fp;
    char *final;   /* target path, NULL for standard output or a device */
    char *tmp;     /* temporary path being written */
    char *device;  /* an existing non-regular file (/dev/null, a FIFO) */
    int force;     /* replace an existing target (else commit refuses one made meanwhile) */
} nqpf_outfile;

/* Open path for writing ("-" = standard output, and an existing device or
 * FIFO such as /dev/null, held back until commit so a failing command
 * writes nothing; neither needs --force). */
int nqpf_outfile_open(nqpf_outfile *f, const char *path, int flags, nqpf_error *err);
/* Flush, close and rename into place. */
int nqpf_outfile_commit(nqpf_outfile *f, nqpf_error *err);
/* Close and delete the temporary file (safe to call after commit). */
void nqpf_outfile_abort(nqpf_outfile *f);
/* First half of a commit: flush and close, reporting write errors (the
 * file is aborted on error); nqpf_outfile_commit then only publishes. */
int nqpf_outfile_prepare(nqpf_outfile *f, nqpf_error *err);
/* Commit several outputs of one command all or none: all are written out
 * and closed before any is published, and when one cannot be published
 * (it appeared meanwhile), those created before it are removed again.
 * With --force a replaced file cannot be restored; a rename in one
 * directory does not fail in practice once the files are written. */
int nqpf_outfiles_commit(nqpf_outfile *const *fs, size_t n, nqpf_error *err);
/* Write texts made in memory to paths[k] (NULL: skipped), all or none
 * (nqpf_outfiles_commit): the commands whose results are built before
 * anything is written (reg, threshold, did). */
struct nqpf_buf;
int nqpf_write_buffers(const char *const *paths, const struct nqpf_buf *const *bufs, size_t n, int flags,
                       nqpf_error *err);

typedef struct nqpf_outdir {
    char *final;   /* target directory */
    char *tmp;     /* temporary directory being filled */
    int flags;     /* of nqpf_outdir_begin: NQPF_OUT_FORCE, NQPF_OUT_BOM (nqpf_outdir_fopen starts each CSV with it) */
} nqpf_outdir;

int nqpf_outdir_begin(nqpf_outdir *d, const char *path, int flags, nqpf_error *err);
/* Path of a file inside the temporary directory (malloc'd), or NULL. */
char *nqpf_outdir_file(const nqpf_outdir *d, const char *name);
/* Open a file inside the directory for writing (fopen "wb"). */
int nqpf_outdir_fopen(const nqpf_outdir *d, const char *name, FILE **fp, nqpf_error *err);
/* Close a file opened with nqpf_outdir_fopen, reporting write errors. */
int nqpf_outdir_fclose(const nqpf_outdir *d, const char *name, FILE *fp, nqpf_error *err);
int nqpf_outdir_commit(nqpf_outdir *d, nqpf_error *err);
void nqpf_outdir_abort(nqpf_outdir *d);

/* Remove a directory tree (used for temporaries). Returns 0 on success. */
int nqpf_rmtree(const char *path);

/* ---- CSV and JSON text ------------------------------------------------- */

/* Text cells are guarded against spreadsheet formula injection (CWE-1236,
 * OWASP's rule): a text that is not a number and starts with '=', '+',
 * '-', '@', a tab or a CR is written with a single quote in front
 * ("=cmd" as "'=cmd"), which spreadsheets show as text; numbers, such as
 * "-1.5" or "+3", are written unchanged (and so is every number written
 * with nqpf_csv_put_num); a text that already starts with quotes before
 * such a character gets one more ("'=x" as "''=x"), so that the guard can
 * be undone exactly.
 * Readers strip nothing, except where nqpf reads its own output back:
 * the edge-list reader (nqpf_weights_read_edges, so `nqpf weights` output
 * works as --weights of moran, lisa and markov) and `nqpf obstacle` on an
 * index run (nqpf_table_unguard) map a guarded text back (nqpf_csv_unguard). */
/* 1 when s would be guarded. */
int nqpf_csv_formula_like(const char *s);
/* s without the quote nqpf_csv_put_field put in front of it (s itself
 * when it does not start with a quote followed by a guarded text). */
const char *nqpf_csv_unguard(const char *s);
/* One CSV text field, guarded (see above), quoted when it holds a comma,
 * quote, CR, LF or edge blanks. */
void nqpf_csv_put_field(FILE *fp, const char *s);
/* A number as the shortest round-trip text; NaN as an empty cell. */
void nqpf_csv_put_num(FILE *fp, double x);
/* A row of a long table: the n text fields, then the number v. */
void nqpf_csv_put_long(FILE *fp, const char *const *fields, size_t n, double v);
/* A row of n text fields, then the k numbers v[0..k-1]. */
void nqpf_csv_put_row(FILE *fp, const char *const *fields, size_t n, const double *v, size_t k);
/* Cells of mixed kinds joined by commas (no newline): types has one letter
 * per argument, 's' a text field (const char *), 'n' a number (double). */
void nqpf_csv_put_cells(FILE *fp, const char *types, ...);
/* A JSON string literal with escapes. */
void nqpf_json_put_string(FILE *fp, const char *s);
/* A JSON number (round-trip), or null for NaN/Inf. */
void nqpf_json_put_num(FILE *fp, double x);

/* The same, appended to a memory buffer (0, or -1 when out of memory). */
int nqpf_buf_csv_field(nqpf_buf *b, const char *s);
/* A CSV field exactly as s, not guarded: for the CSV text that .xlsx and
 * .dta inputs are read as (input, not output). */
int nqpf_buf_csv_field_raw(nqpf_buf *b, const char *s);
int nqpf_buf_csv_num(nqpf_buf *b, double x);

/* Write n_rows lines produced by fmt(ctx, row, buf), formatting blocks of
 * rows on all OpenMP threads and writing them in row order, so the file is
 * byte-identical for any thread count.  Number formatting dominates the
 * cost of large CSV outputs; this spreads it over the cores. */
typedef int (*nqpf_row_fmt)(const void *ctx, size_t row, nqpf_buf *out);
int nqpf_write_rows(FILE *fp, size_t n_rows, nqpf_row_fmt fmt, const void *ctx, nqpf_error *err);

#endif
