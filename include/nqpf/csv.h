/* nqpf — CSV input.
 *
 * Two layers:
 *  - nqpf_csv: a streaming RFC 4180 reader (quoted fields, doubled quotes,
 *    embedded newlines, CRLF or LF) with bounded memory, which converts the
 *    input to UTF-8 on the fly (UTF-8 with/without BOM, GBK/GB18030 — what
 *    Chinese Excel writes — and UTF-16 with BOM), detected or chosen.
 *  - nqpf_table: a whole small CSV in memory (indicator systems, AHP
 *    matrices, edge lists, DEA inputs), rectangular, with line numbers.
 *
 * Blank lines are skipped.  Column numbers in errors are 1-based fields.
 */
#ifndef NQPF_CSV_H
#define NQPF_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"

typedef enum nqpf_encoding {
    NQPF_ENC_AUTO = 0,  /* BOM, else UTF-8 if the start is valid UTF-8, else GB18030 */
    NQPF_ENC_UTF8,
    NQPF_ENC_GB18030    /* also reads GBK and GB2312, which it extends */
} nqpf_encoding;

/* Parse "auto", "utf-8"/"utf8", "gbk", "gb18030", "gb2312" (any case).
 * Returns 0 or -1 if unknown. */
int nqpf_encoding_parse(const char *s, nqpf_encoding *out);
const char *nqpf_encoding_name(nqpf_encoding e);

typedef struct nqpf_csv nqpf_csv;

/* ---- Stata .dta input (src/io/dta.c, through ReadStat) -------------------
 * Every reader below takes a path ending in .dta (any case) as well: the
 * file is turned into the UTF-8 CSV text Stata's `export delimited` would
 * write, held in memory, and read like any CSV.  Header: the variable
 * names; one line per observation (so LINE in errors is the observation
 * number + 1); numbers as the shortest text that reads back to the stored
 * value (float variables: to the same float, 0.1 not 0.10000000149);
 * missing values (., .a-.z) as empty cells; strings quoted where needed.
 * Value labels and display formats are not applied (a %td date is its day
 * number).  Stata 14+ files are UTF-8; for older ones, whose strings are in
 * the system's encoding, --encoding gbk declares them GBK/GB18030. */
struct nqpf_buf;
/* 1 when path ends in ".dta" (any case). */
int nqpf_is_dta(const char *path);
/* Append the CSV text of the .dta file at path to out.  Errors: NQPF_EIO
 * (cannot open), NQPF_EPARSE (not a .dta file ReadStat can read, with its
 * reason), NQPF_EINPUT (no variables). */
/* max_bytes (0 = none) caps the text: past it, NQPF_ENOMEM. */
int nqpf_dta_to_csv(const char *path, nqpf_encoding enc, uint64_t max_bytes, struct nqpf_buf *out, nqpf_error *err);

/* ---- Excel .xlsx / .xlsm input (src/io/xlsx.c) ----------------------------
 * A path "book.xlsx" reads the first worksheet, "book.xlsx#Sheet name" the
 * named one, as CSV text: worksheet row N is line N and column B field 2,
 * so errors point at the cell; a row ends at its last value (a row without
 * values is a blank line), rows are padded to the header row's width and a
 * value right of it is an error (NQPF_EPARSE at the cell); numeric cells
 * must hold a number (NQPF_EPARSE), text cells are quoted CSV fields;
 * numbers as Excel stored them, strings quoted where needed, booleans 1/0,
 * error values (#N/A, #DIV/0!) and empty cells missing, dates as serial
 * numbers, formula cells as their cached results. */
int nqpf_is_xlsx(const char *path);
/* Append the CSV text of the sheet to out.  Errors: NQPF_EIO (cannot
 * open), NQPF_EPARSE (not a readable workbook, with the part and reason),
 * NQPF_EINPUT (no such sheet, naming those there are; an empty sheet). */
int nqpf_xlsx_to_csv(const char *path, uint64_t max_bytes, struct nqpf_buf *out, nqpf_error *err);

/* ---- input paths (src/io/input.c) ---------------------------------------- */
/* The CSV text of a .dta or .xlsx path (*converted = 1), or *converted = 0
 * for any other path (a CSV file, read as it is).  max_bytes (0 = none)
 * caps the converted text: past it, NQPF_ENOMEM. */
int nqpf_input_as_csv(const char *path, nqpf_encoding enc, uint64_t max_bytes, struct nqpf_buf *out, int *converted,
                      nqpf_error *err);
/* The file behind an input path, for checksums: the path itself, or the
 * workbook of "book.xlsx#Sheet" (src/io/xlsx.c, which splits such specs
 * with it).  Malloc'd; NULL when out of memory. */
char *nqpf_input_file_of(const char *path);
/* SHA-256 (hex) of that file. */
int nqpf_input_sha256(const char *path, char hex[65], nqpf_error *err);
/* Bytes and lines of the CSV text the input is read as (for memory
 * budgets): nqpf_file_shape of a CSV file, the converted text's else
 * (*converted = 1: that text is held in memory while the input is read;
 * converting stops with NQPF_ENOMEM once it passes max_bytes, 0 = none). */
int nqpf_input_shape(const char *path, uint64_t max_bytes, uint64_t *bytes, size_t *lines, int *converted,
                     nqpf_error *err);

/* One parsed row.  Field texts are NUL-terminated UTF-8 and stay valid until
 * the next call of nqpf_csv_next or nqpf_csv_close. */
typedef struct nqpf_csv_row {
    size_t n;            /* number of fields */
    char **field;        /* field texts */
    size_t *len;         /* field lengths in bytes */
    long line;           /* physical line where the row starts (1-based) */
} nqpf_csv_row;

/* Open path ("-" = standard input).  delim is usually ','. */
int nqpf_csv_open(nqpf_csv **out, const char *path, nqpf_encoding enc, char delim,
                  nqpf_error *err);
/* Read the next non-blank row.  Returns 1 for a row, 0 at end of input, or
 * minus an nqpf status on error (err filled with file:line:col). */
int nqpf_csv_next(nqpf_csv *r, nqpf_csv_row *row, nqpf_error *err);
/* Bulk access for fast parallel parsers: make at least min_bytes of text
 * available (or all that is left) and hand over the complete lines among
 * them that come before the first quote character, as one block of UTF-8
 * text (*text, *len, ending in '\n'), without consuming them: the caller
 * parses what it can and consumes that with nqpf_csv_skip.  The text is not
 * checked (NUL bytes, invalid UTF-8 and bare CRs may be in it: a caller
 * stops before such a line and lets nqpf_csv_next word the error).  The
 * block stays valid until the next call on r.  Returns 1, or 2 when the
 * caller must read the next row with nqpf_csv_next (a quoted field, or a
 * last line without a newline), 0 at end of input, or minus a status. */
int nqpf_csv_peek_lines(nqpf_csv *r, size_t min_bytes, const char **text, size_t *len, nqpf_error *err);
/* Read up to n more bytes of UTF-8 input into a second buffer now, for the
 * next refill of r's text to take (by swapping buffers, not copying): a
 * parallel reader calls this on one thread while another works through
 * the block just peeked, so that reading the file is no longer a step
 * with one core idle.  It touches only r's file and that buffer: no other
 * call on r may run at the same time, but the block peeked stays valid.
 * Does nothing when the input needs converting (GBK), when a read ahead is
 * still untaken, or at end of input; a read error is reported by the call
 * that takes the bytes, as a read without it would report it. */
void nqpf_csv_read_ahead(nqpf_csv *r, size_t n);
/* The same read ahead in parts read at once by several threads, for a
 * regular file: nqpf_csv_read_ahead_begin on one thread says how many
 * parts (0: none; then nqpf_csv_read_ahead may still do it), each part k
 * is read by nqpf_csv_read_ahead_part on any thread (each once, any order,
 * at the same time as the others), then nqpf_csv_read_ahead_end on one
 * thread joins them.  Why: copying 16 MiB from the page cache took one core
 * longer than the pass in file order took the other (bench/index). */
size_t nqpf_csv_read_ahead_begin(nqpf_csv *r, size_t n);
void nqpf_csv_read_ahead_part(nqpf_csv *r, size_t k);
void nqpf_csv_read_ahead_end(nqpf_csv *r);
/* Checksum the input while it is read, so that a big file is read once
 * (run.json's input digest): from now on every byte read from the file
 * goes through s (SHA-256, initialised by the caller), in file order, BOM
 * included.  Call before the first row.  Only an input opened by path from
 * a regular file is hashed this way (not standard input, not the CSV text
 * of a .dta or .xlsx file): for others nqpf_csv_sha256 says 0. */
struct nqpf_sha256;
void nqpf_csv_hash(nqpf_csv *r, struct nqpf_sha256 *s);
/* The bytes read but not yet hashed, for a parallel reader that hashes
 * them alongside its parse: *p and the count returned, with *s the hash to
 * put them through before the next call on r (they count as hashed from
 * now on).  0 when there are none or r is not hashing. */
size_t nqpf_csv_take_unhashed(nqpf_csv *r, const char **p, struct nqpf_sha256 **s);
/* Once the whole input has been read: the SHA-256 of its bytes in hex
 * (64 digits and a NUL) and 1, or 0 when it was not hashed whole (see
 * nqpf_csv_hash).  Finishes the hash: call it once. */
int nqpf_csv_sha256(nqpf_csv *r, char hex[65]);
/* Consume bytes of the block just peeked, which hold lines newlines. */
void nqpf_csv_skip(nqpf_csv *r, size_t bytes, long lines);
/* Physical line number of the next unread text. */
long nqpf_csv_line(const nqpf_csv *r);
/* Length of the valid UTF-8 prefix of s[0..n) (n when all of it is). */
size_t nqpf_utf8_prefix(const unsigned char *s, size_t n);
/* The encoding actually used (after detection). */
nqpf_encoding nqpf_csv_encoding(const nqpf_csv *r);
const char *nqpf_csv_path(const nqpf_csv *r);
/* Bytes of raw input consumed so far (for progress reporting). */
unsigned long long nqpf_csv_bytes_read(const nqpf_csv *r);
/* Size of the input in bytes (a .dta or .xlsx file: of its CSV text), or 0
 * when unknown (standard input). */
unsigned long long nqpf_csv_size(const nqpf_csv *r);
void nqpf_csv_close(nqpf_csv *r);

/* ---- in-memory table --------------------------------------------------- */

typedef struct nqpf_table {
    char *path;          /* as given */
    size_t n_cols;       /* header width */
    size_t n_rows;       /* data rows (header excluded) */
    char **header;       /* n_cols names, trimmed */
    char **cell;         /* n_rows * n_cols texts, row-major, trimmed */
    long *line;          /* n_rows line numbers */
    long header_line;
    nqpf_encoding encoding;
} nqpf_table;

/* Read a whole CSV with a header row.  Errors: empty file, empty or duplicate
 * header names, rows with a different number of fields than the header.
 * Every cell is kept as text, for the small side files whose cells are
 * checked one by one with their own messages (the index system, an AHP
 * matrix with fractions such as 1/3, a crosswalk, obstacle's weights.csv);
 * data tables go through nqpf_coltable_read (coltable.h), which keeps only
 * the columns asked for, as numbers and codes. */
int nqpf_table_read(nqpf_table **out, const char *path, nqpf_encoding enc, nqpf_error *err);
/* Column index of a header name, or -1. */
long nqpf_table_col(const nqpf_table *t, const char *name);
const char *nqpf_table_get(const nqpf_table *t, size_t row, size_t col);
/* Parse a numeric cell.  Returns NQPF_OK, or NQPF_EMISSING for a missing
 * token (*out = NaN), or NQPF_EPARSE with err at the cell's position. */
int nqpf_table_number(const nqpf_table *t, size_t row, size_t col, double *out,
                      nqpf_error *err);
/* Parse a whole numeric column (by name) into out[n_rows].  A missing cell
 * is NaN when allow_missing, else an NQPF_EMISSING error at its position;
 * an unknown column is NQPF_EINPUT naming the header line. */
int nqpf_table_column(const nqpf_table *t, const char *name, double *out, int allow_missing,
                      nqpf_error *err);
/* The one message for a column that a header lacks: "no [what ]column 'x'
 * in the header[ (long layout)]", with "(did you mean 'y'?)" when a header
 * name is close (nqpf_suggest), at FILE:LINE of the header.  Returns
 * NQPF_EINPUT.  what and note may be NULL. */
int nqpf_fail_no_column(nqpf_error *err, const char *path, long line, const char *what, const char *name,
                        char *const *header, size_t n_cols, const char *note);
/* Index of a required column, or NQPF_EINPUT ("no column 'x' in FILE"). */
int nqpf_table_require(const nqpf_table *t, const char *name, size_t *col, nqpf_error *err);
/* Rank the cells of column col as periods: in numeric order when every cell
 * reads as a number (so 9 < 10), else in byte order.  rank[i] (n_rows
 * entries) gets row i's period 0..*n_ranks-1; first (optional, n_rows
 * entries) gets for each period the row of its first occurrence, whose text
 * labels it.  An empty cell is NQPF_EMISSING at its FILE:LINE:COL.  Shared
 * by `nqpf dea`, `nqpf malmquist` and the report. */
int nqpf_table_rank_column(const nqpf_table *t, size_t col, size_t *rank, size_t *n_ranks, size_t *first,
                           nqpf_error *err);
void nqpf_table_free(nqpf_table *t);
/* Undo the formula-injection guard of nqpf's CSV writer (output.h) in every
 * header and cell, in place: for a table that nqpf itself wrote and now
 * reads back (an index run read by `nqpf obstacle`), so that names round
 * trip ("'=x" reads as "=x"). */
void nqpf_table_unguard(nqpf_table *t);

#endif
