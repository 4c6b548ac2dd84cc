/* nqpf — small shared utilities: strict number parsing, missing-value tokens,
 * round-trip number formatting, string duplication, growable byte buffers and
 * a string→index map.  Everything here is reentrant. */
#ifndef NQPF_UTIL_H
#define NQPF_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- numbers ---------------------------------------------------------- */

/* Result of classifying a text cell. */
enum nqpf_cell_kind {
    NQPF_CELL_NUMBER = 0,  /* a finite decimal number */
    NQPF_CELL_MISSING = 1, /* one of the missing tokens (see nqpf_is_missing_token) */
    NQPF_CELL_BAD = 2      /* anything else (text, Inf/NaN, overflow, …) */
};

/* Parse a cell strictly: optional surrounding blanks, a decimal number in
 * C/strtod syntax without hex, inf or nan.  Returns a nqpf_cell_kind; on
 * NQPF_CELL_BAD, *why (if non-NULL) gets a short reason. */
int nqpf_parse_cell(const char *s, size_t len, double *out, const char **why);

/* True for the missing-value tokens: empty, NA, N/A, ".", "-", "--", "…",
 * "..." (after trimming blanks; case-insensitive for NA). */
int nqpf_is_missing_token(const char *s, size_t len);

/* Shortest decimal text that reads back to exactly x (%.15g, %.16g or %.17g).
 * buf must hold at least 32 bytes.  NaN gives "" (an empty CSV cell).
 * Returns the length written. */
int nqpf_format_double(double x, char *buf, size_t size);

/* ---- strings ---------------------------------------------------------- */

char *nqpf_strdup(const char *s);
char *nqpf_strndup(const char *s, size_t n);
/* Trim ASCII blanks in place from both ends of [*s, *s+*len). */
void nqpf_trim(const char **s, size_t *len);

/* ---- input files ------------------------------------------------------ */

/* Open path for reading as a regular file, for inputs that are checksummed
 * or read whole: a character device (/dev/zero), a FIFO, a socket or a
 * directory is refused with NQPF_EIO and a message naming what it is
 * (opening never blocks on a FIFO), and so is a file over max_bytes
 * (0 = no cap), with NQPF_EINPUT; `what` says in the message why a plain
 * message ("a GeoJSON file").  On NQPF_OK *fp is open and *size (if
 * non-NULL) is the file's size. */
struct nqpf_error;
int nqpf_open_regular(const char *path, uint64_t max_bytes, const char *what, FILE **fp, uint64_t *size,
                      struct nqpf_error *err);

/* ---- growable byte buffer -------------------------------------------- */

typedef struct nqpf_buf {
    char *data;
    size_t len, cap;
} nqpf_buf;

/* Each returns 0 on success, -1 on out of memory.  data stays NUL-terminated. */
int nqpf_buf_reserve(nqpf_buf *b, size_t extra);
/* Inline: the CSV writers append a few bytes at a time, hundreds of
 * millions of times on a large panel. */
static inline int nqpf_buf_append(nqpf_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap && nqpf_buf_reserve(b, n) != 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}
int nqpf_buf_puts(nqpf_buf *b, const char *s);
int nqpf_buf_printf(nqpf_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void nqpf_buf_free(nqpf_buf *b);
/* Escapers used by the writers and the maps, exposed for tests: HTML/XML
 * text and attribute values (& < > " '), LaTeX text (\ { } $ & # ^ _ % ~).
 * (src/core/buf_escape.c) */
int nqpf_buf_html(nqpf_buf *b, const char *s);
int nqpf_buf_tex(nqpf_buf *b, const char *s);

/* The whole of a file that is read whole (a project file, a JSON/GeoJSON
 * file) into *b, through nqpf_open_regular's checks ("-" is standard
 * input when stdin_ok).  A file over max_bytes, whether by its size or by
 * growing while read (standard input has no size), is NQPF_EINPUT "NOUN is
 * over the limit of N MiB"; on any error *b is freed. */
int nqpf_read_whole(const char *path, int stdin_ok, uint64_t max_bytes, const char *what, const char *noun,
                    nqpf_buf *b, struct nqpf_error *err);

/* malloc/calloc of n items of `size` bytes, with an overflow check; never
 * asks for 0 bytes (so NULL always means out of memory). */
void *nqpf_alloc(size_t n, size_t size);
void *nqpf_calloc(size_t n, size_t size);

/* Grow an array of elem-size items so that it can hold need items.
 * Returns 0, or -1 on overflow / out of memory (array left unchanged). */
int nqpf_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* ---- string → index map (open addressing, owns copies of keys) ------- */

typedef struct nqpf_strmap {
    char **keys;      /* keys in insertion order; keys[i] has index i */
    size_t n, keys_cap;
    uint32_t *slots;  /* 0 = empty, else index + 1 */
    size_t n_slots;   /* power of two */
} nqpf_strmap;

/* Find key; returns its index or -1. */
long nqpf_strmap_find(const nqpf_strmap *m, const char *key, size_t len);
/* Find or insert key; returns its index, or -1 on out of memory.
 * *inserted (optional) is set to 1 if the key was new. */
long nqpf_strmap_intern(nqpf_strmap *m, const char *key, size_t len, int *inserted);
void nqpf_strmap_free(nqpf_strmap *m);

/* ---- small numeric helpers ------------------------------------------- */

/* qsort comparator for doubles, ascending (NaN-free input). */
int nqpf_cmp_double(const void *a, const void *b);
/* The indexes i of code[0..n) in order of code, i ascending within a code
 * (codes >= n_levels left out), by one stable counting sort: order gets
 * them (room for n), end (n_levels entries, or NULL) one past each code's
 * last place in order.  Returns how many, or -1 when out of memory.  Why:
 * a pass over every row for each period or group is quadratic in a long
 * series. */
long nqpf_order_by_code(const size_t *code, size_t n, size_t n_levels, size_t *order, size_t *end);
/* Quantile p in [0, 1] of sorted[0..n) (n >= 1) by linear interpolation
 * between order statistics: R's type 7, numpy's default 'linear'. */
double nqpf_quantile7(const double *sorted, size_t n, double p);
/* Offer (d, j) to the k smallest keys kept so far, ascending, in
 * key[0..*count) with their ids (*count <= k; k >= 1).  A key equal to a
 * kept one goes after it, so among ties the one offered first stays.
 * O(k) per offer: for the few nearest neighbours or best columns of a
 * scan (offer -v to keep the largest v). */
void nqpf_smallest_k(double *key, size_t *id, size_t *count, size_t k, double d, size_t j);

/* ---- small symmetric positive definite systems --------------------------- */

/* Solve the k x k SPD system a x = b by Cholesky (a, b read only; x may be
 * b).  A pivot d_j is zero when !(a_jj > 0) or !(d_j > tol a_jj): column j is
 * then (numerically) a combination of the earlier ones.  Returns -1 on
 * success, else that j; -2 when out of memory.  b and x may be NULL (only
 * the factor or the inverse); inv (optional, k x k) receives a^-1. */
long nqpf_spd_solve(size_t k, const double *a, const double *b, double *x, double *inv, double tol);

/* ---- small dense products ------------------------------------------------ */

/* out = a b for k x k matrices stored column by column (element (i, j) at
 * [j k + i]); each element sums its k products in the order l = 0 .. k-1,
 * so callers get the same bits wherever they form the product.  out must
 * not alias a or b. */
void nqpf_mat_mul(size_t k, const double *a, const double *b, double *out);

/* out = scale * bread meat bread, the sandwich of a robust covariance (k x k,
 * column by column); tmp holds k*k doubles (bread meat).  out must not alias
 * the others. */
void nqpf_sandwich(size_t k, const double *bread, const double *meat, double scale, double *tmp, double *out);

/* ---- did you mean ------------------------------------------------------ */

/* Optimal string alignment distance between a and b in UTF-8 code points
 * (ASCII letters case-insensitive); (size_t)-1 when either is longer than
 * 64 code points. */
size_t nqpf_edit_distance(const char *a, const char *b);
/* The candidate closest to word within one edit per three code points (at
 * least one), the first among equals; NULL when none is that close or
 * there are more than 50,000 candidates.  For "did you mean" hints after an
 * unknown column, option or command. */
const char *nqpf_suggest(const char *word, const char *const *cands, size_t n);

#endif
