/* Chunked parallel parsing of quote-free blocks (see fastblock.h). */
#include "fastblock.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "nqpf/sha256.h"
#include "nqpf/util.h"
#include "../core/dtoa.h"

#ifdef NQPF_FUZZ
#define NPIECE 4
#define FAST_BLOCK 256u
#else
/* 32 pieces of half a MiB: a block's parse ends when its last piece does,
 * and the other thread waits that long (half a piece on average, 1.4 ms
 * with 16 pieces, the value array's first touch included).  Measured on
 * the 5M-row bench/index panel, 16 against 32 alternating (ABBA, five
 * each, cold): read phase 2.50-3.12 s (mean 2.86) against 2.42-2.84 s
 * (mean 2.68), user + sys 8.5 against 8.2 s. */
#define NPIECE 32
#define FAST_BLOCK (16u << 20)
#endif

typedef struct piece {
    const char *begin, *end;   /* end: before the first line with a NUL or bad UTF-8 */
    const char *stop;          /* first line not taken, or NULL */
    long first_line, lines;    /* lines: newlines in [begin, end) */
    int cr;                    /* a CR in [begin, end): each line must be looked at for one */
    size_t base, n;            /* first slot, rows parsed */
} piece;

const char *fast_number_general(const char *f, const char *le, double *out, unsigned char *missing)
{
    const char *e = nqpf_decimal_scan(f, le, out);
    if (e && (e == le || *e == ','))
        return e;
    e = memchr(f, ',', (size_t)(le - f));
    if (!e)
        e = le;
    int kind = nqpf_parse_cell(f, (size_t)(e - f), out, NULL);
    if (kind == NQPF_CELL_MISSING)
        *out = NAN;
    if (missing && isnan(*out))
        *missing = 1;
    return kind == NQPF_CELL_BAD ? NULL : e;
}

/* Lines of the piece, and its end before the first NUL byte or invalid
 * UTF-8 (cut at that line's start; the piece then stops there). */
static void scan_piece(piece *pc)
{
    size_t n = (size_t)(pc->end - pc->begin);
    size_t ok = nqpf_utf8_prefix((const unsigned char *)pc->begin, n);
    const char *nul = memchr(pc->begin, '\0', ok);
    if (nul)
        ok = (size_t)(nul - pc->begin);
    if (ok < n) {
        const char *bad = pc->begin + ok;
        while (bad > pc->begin && bad[-1] != '\n')
            bad--;
        pc->end = pc->stop = bad;
    }
    /* most files have no CR at all: one look here spares the parse one a line */
    pc->cr = memchr(pc->begin, '\r', (size_t)(pc->end - pc->begin)) != NULL;
    long lines = 0;
    for (const char *c = pc->begin; (c = memchr(c, '\n', (size_t)(pc->end - c))) != NULL; c++)
        lines++;
    pc->lines = lines;
}

/* The piece is worked on in a copy on this thread's stack, written back at
 * the end: the pieces lie side by side, and a row count stored at every
 * row beside another thread's piece made the two cores fight over the
 * cache line. */
static void parse_piece(piece *out, const fast_ops *ops, size_t slot0)
{
    piece pc = *out;
    long line = pc.first_line;
    for (const char *q = pc.begin; q < pc.end; line++) {
        const char *eol = memchr(q, '\n', (size_t)(pc.end - q));
        const char *ls = q, *le = eol > q && eol[-1] == '\r' ? eol - 1 : eol;
        q = eol + 1;
        const char *b = ls;
        size_t bl = (size_t)(le - ls);
        if (pc.cr && memchr(ls, '\r', bl)) { /* a bare CR ends a row (and a line) for the strict reader */
            pc.stop = pc.end = ls;
            break;
        }
        nqpf_trim(&b, &bl);
        if (bl == 0 && !memchr(ls, ',', (size_t)(le - ls)))
            continue; /* blank line */
        size_t slot = pc.base + pc.n;
        if (!ops->parse(ops->ctx, ls, le, slot, slot - slot0, line, pc.n == 0)) {
            pc.stop = pc.end = ls;
            break;
        }
        pc.n++;
    }
    *out = pc;
}

/* Bytes of the input to put through a hash alongside the parse. */
typedef struct hash_part {
    nqpf_sha256 *s;
    const char *p;
    size_t n;
} hash_part;

/* In file order: close the gaps, intern the keys, up to the first piece
 * that stops early (*done: where it stops, *kend: which). */
static int commit_pieces(const fast_ops *ops, piece *pcs, int last, size_t slot0, const char **done, int *kend,
                         nqpf_error *err)
{
    for (int k = 0; k <= last; k++) {
        piece *pc = &pcs[k];
        for (size_t i = 0; i < pc->n; i++) {
            int rc = ops->commit(ops->ctx, pc->base + i, pc->base + i - slot0, err);
            if (rc)
                return rc;
        }
        if (pc->stop) {
            *done = pc->stop;
            *kend = k;
            break;
        }
    }
    return NQPF_OK;
}

/* Parse as many whole rows of the block text[0..len) (complete lines, line
 * numbers from `line`) as have no problem, and store them, and hash hp's
 * bytes meanwhile.  *bytes and *lines get what was consumed: the block up
 * to the first line the strict reader must see, or all of it. */
static int fast_block(const fast_ops *ops, nqpf_csv *r, const char *text, size_t len, long line, const hash_part *hp,
                      size_t *bytes, long *lines, nqpf_error *err)
{
    piece pcs[NPIECE];
    memset(pcs, 0, sizeof pcs);
    const char *s0 = text, *end = text + len;
    for (int k = 0; k < NPIECE; k++) { /* cut at newlines into pieces of about equal size */
        const char *e = k == NPIECE - 1 ? end : text + len * (size_t)(k + 1) / NPIECE;
        if (e < s0)
            e = s0;
        if (e < end) {
            const char *nl = memchr(e, '\n', (size_t)(end - e));
            e = nl ? nl + 1 : end;
        }
        pcs[k].begin = s0;
        pcs[k].end = e;
        s0 = e;
    }
#pragma omp parallel for schedule(dynamic, 1)
    for (int k = 0; k < NPIECE; k++)
        scan_piece(&pcs[k]);
    /* slots and line numbers up to the first piece that stops early */
    size_t slot0 = ops->rows(ops->ctx), total = 0;
    int last = NPIECE - 1;
    for (int k = 0; k < NPIECE; k++) {
        pcs[k].first_line = line + (long)total;
        pcs[k].base = slot0 + total;
        total += (size_t)pcs[k].lines;
        if (pcs[k].stop) {
            last = k;
            break;
        }
    }
    if (ops->reserve(ops->ctx, total, 1))
        return nqpf_fail_nomem(err);
    /* the hash of the input (which only reads the text) is one more task
     * of the parse, the first handed out (the longest) */
#pragma omp parallel for schedule(dynamic, 1)
    for (int k = -1; k <= last; k++) {
        if (k >= 0)
            parse_piece(&pcs[k], ops, slot0);
        else if (hp->n)
            nqpf_sha256_update(hp->s, hp->p, hp->n);
    }
    /* the pass in file order is on one thread; the read of the next block
     * (into the other buffer) goes beside it: in parts for a regular file,
     * which that thread shares when its pass is done, else in one read */
    const char *done = end;
    int kend = last, rc = NQPF_OK;
    size_t parts = nqpf_csv_read_ahead_begin(r, FAST_BLOCK);
#pragma omp parallel
    {
#pragma omp single nowait
        rc = commit_pieces(ops, pcs, last, slot0, &done, &kend, err);
#pragma omp single nowait
        if (!parts)
            nqpf_csv_read_ahead(r, FAST_BLOCK);
#pragma omp for schedule(dynamic, 1) nowait
        for (size_t k = 0; k < parts; k++)
            nqpf_csv_read_ahead_part(r, k);
    }
    if (parts)
        nqpf_csv_read_ahead_end(r);
    if (rc)
        return rc;
    *bytes = (size_t)(done - text);
    long l = 0;
    for (int k = 0; k < kend; k++)
        l += pcs[k].lines;
    if (pcs[kend].stop) /* lines of the stopped piece before its stop */
        for (const char *c = pcs[kend].begin; (c = memchr(c, '\n', (size_t)(pcs[kend].stop - c))) != NULL; c++)
            l++;
    else
        l += pcs[kend].lines;
    *lines = l;
    return NQPF_OK;
}

/* Reserve the rows the whole file will have, estimated from the first
 * block: the arrays then grow once instead of being copied at each
 * doubling (memory that is reserved but never written costs nothing). */
static int reserve_estimate(const fast_ops *ops, const nqpf_csv *r, size_t lines, size_t bytes, nqpf_error *err)
{
    double size = (double)nqpf_csv_size(r);
    if (size <= 0 || bytes == 0)
        return NQPF_OK;
    double est = (double)lines * size / (double)bytes * 1.05 + 1024;
    size_t n = ops->rows(ops->ctx);
    if (est > (double)(SIZE_MAX / 64) || est <= (double)n)
        return NQPF_OK;
    if (ops->reserve(ops->ctx, (size_t)est - n, 0))
        return nqpf_fail_nomem(err);
    return NQPF_OK;
}

int fast_read(nqpf_csv *r, const fast_ops *ops, int fast, nqpf_error *err)
{
    nqpf_csv_row row;
    int strict = !fast; /* the next row goes to the strict reader */
    int sized = 0;
    for (;;) {
        if (!strict) {
            const char *text;
            size_t len, bytes;
            long lines;
            int got = nqpf_csv_peek_lines(r, FAST_BLOCK, &text, &len, err);
            if (got < 0)
                return -got;
            if (got == 0)
                return NQPF_OK;
            if (got == 1) {
                hash_part hp;
                hp.n = nqpf_csv_take_unhashed(r, &hp.p, &hp.s);
                int rc = fast_block(ops, r, text, len, nqpf_csv_line(r), &hp, &bytes, &lines, err);
                if (rc)
                    return rc;
                nqpf_csv_skip(r, bytes, lines);
                strict = bytes < len;
                if (!sized && lines > 0 && (rc = reserve_estimate(ops, r, (size_t)lines, bytes, err)))
                    return rc;
                sized = 1;
                continue;
            }
        }
        int got = nqpf_csv_next(r, &row, err);
        if (got < 0)
            return -got;
        if (got == 0)
            return NQPF_OK;
        int rc = ops->strict_row(ops->ctx, &row, err);
        if (rc)
            return rc;
        strict = !fast;
    }
}
