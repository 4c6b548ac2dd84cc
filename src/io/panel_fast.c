/* Parallel parsing of quote-free blocks of a wide panel.
 *
 * A block (complete lines, no quote character: nqpf_csv_peek_lines) is cut
 * at newlines into a fixed number of pieces.  All threads first count the
 * lines of the pieces and find the first NUL byte or invalid UTF-8 in each,
 * then parse the pieces' numbers straight into the rows of the store, piece
 * k from slot (rows so far + lines before k): a row never takes more slots
 * than lines, so one pass in file order on one thread can then close the
 * gaps left by blank lines while it interns the unit and period keys.  The
 * pieces do not depend on the number of threads, and neither does the
 * result.  A piece stops at the first line it cannot take as it is (any
 * error, a bare CR, a NUL byte, invalid UTF-8): the caller hands that line
 * to the strict reader (nqpf_csv_next), which words the error with its
 * exact position, or reads the row if it is fine after all.
 */
#include "panel_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dtoa.h"

#ifdef NQPF_FUZZ
#define NPIECE 4
#else
#define NPIECE 16
#endif

typedef struct piece {
    const char *begin, *end;   /* end: before the first line with a NUL or bad UTF-8 */
    const char *stop;          /* first line not taken, or NULL */
    long first_line, lines;    /* lines: newlines in [begin, end) */
    size_t base, n;            /* first slot, rows parsed */
} piece;

/* Per-slot keys and text fields of the block being read. */
typedef struct slotkeys {
    const char *key[2];
    uint32_t len[2];
} slotkeys;

/* Field of a number: parsed where it stands when it is a plain decimal
 * followed by the delimiter or the end of the line, else (blanks, missing
 * tokens, long or exotic numbers) by the strict cell parser.  Returns the
 * field's end, or NULL when the cell is not a number or a missing token. */
static const char *number_field(const char *f, const char *le, double *out)
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
    return kind == NQPF_CELL_BAD ? NULL : e;
}

/* Parse one line [ls, le) (no CR in it) into row slot vals/keys; 0 when
 * it is not a plain row (wrong width, empty key, bad number). */
static int parse_line(const char *ls, const char *le, const wide_cols *wc, size_t nt, double *vals, slotkeys *sk,
                      const char **texts, size_t *textlen)
{
    size_t j = 0;
    for (const char *f = ls;; j++) {
        if (j >= wc->nh)
            return 0;
        const char *fe;
        int v = wc->varof[j];
        if (v >= 0 && (long)j != wc->cu && (long)j != wc->ct && !nt) {
            if (!(fe = number_field(f, le, &vals[v])))
                return 0;
        } else {
            fe = memchr(f, ',', (size_t)(le - f));
            if (!fe)
                fe = le;
            const char *t = f;
            size_t tl = (size_t)(fe - f);
            if ((long)j == wc->cu || (long)j == wc->ct) {
                nqpf_trim(&t, &tl);
                int w = (long)j == wc->ct;
                if (tl == 0 || tl >= UINT32_MAX)
                    return 0;
                sk->key[w] = t;
                sk->len[w] = (uint32_t)tl;
            }
            if (v >= 0 && !number_field(f, fe, &vals[v]))
                return 0;
            for (size_t k = 0; k < nt; k++)
                if (wc->tcols[k] == (long)j) {
                    texts[k] = f;
                    textlen[k] = (size_t)(fe - f);
                }
        }
        if (fe == le)
            break;
        f = fe + 1;
    }
    return j + 1 == wc->nh;
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
    long lines = 0;
    for (const char *c = pc->begin; (c = memchr(c, '\n', (size_t)(pc->end - c))) != NULL; c++)
        lines++;
    pc->lines = lines;
}

static void parse_piece(piece *pc, rowstore *s, size_t slot0, const wide_cols *wc, slotkeys *keys,
                        const char **texts, size_t *textlen)
{
    size_t nt = s->ntext, nv = s->nv;
    long line = pc->first_line;
    for (const char *q = pc->begin; q < pc->end; line++) {
        const char *eol = memchr(q, '\n', (size_t)(pc->end - q));
        const char *ls = q, *le = eol > q && eol[-1] == '\r' ? eol - 1 : eol;
        q = eol + 1;
        const char *b = ls;
        size_t bl = (size_t)(le - ls);
        if (memchr(ls, '\r', bl)) { /* a bare CR ends a row (and a line) for the strict reader */
            pc->stop = pc->end = ls;
            return;
        }
        nqpf_trim(&b, &bl);
        if (bl == 0 && !memchr(ls, ',', (size_t)(le - ls)))
            continue; /* blank line */
        size_t slot = pc->base + pc->n, k = slot - slot0;
        if (!parse_line(ls, le, wc, nt, &s->vals[slot * nv], &keys[k], nt ? &texts[k * nt] : NULL,
                        nt ? &textlen[k * nt] : NULL)) {
            pc->stop = ls;
            pc->end = ls;
            return;
        }
        s->line[slot] = line;
        pc->n++;
    }
}

/* Scratch arrays for the keys of one block, kept between blocks. */
static int scratch_reserve(wide_scratch *w, size_t rows, size_t nt)
{
    if (rows <= w->cap)
        return 0;
    size_t cap = rows + rows / 2;
    slotkeys *k = realloc(w->keys, cap * sizeof *k);
    if (!k)
        return -1;
    w->keys = k;
    if (nt) {
        const char **t = realloc(w->texts, cap * nt * sizeof *t);
        if (!t)
            return -1;
        w->texts = t;
        size_t *l = realloc(w->textlen, cap * nt * sizeof *l);
        if (!l)
            return -1;
        w->textlen = l;
    }
    w->cap = cap;
    return 0;
}

void wide_scratch_free(wide_scratch *w)
{
    free(w->keys);
    free(w->texts);
    free(w->textlen);
    memset(w, 0, sizeof *w);
}

int wide_block(rowstore *s, keymap *units, keymap *periods, nqpf_panel *p, const wide_cols *wc, wide_scratch *w,
               const char *text, size_t len, long line, size_t *bytes, long *lines, nqpf_error *err)
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
    size_t slot0 = s->n, total = 0;
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
    if (rowstore_reserve(s, total) || scratch_reserve(w, total, s->ntext))
        return nqpf_fail_nomem(err);
#pragma omp parallel for schedule(dynamic, 1)
    for (int k = 0; k <= last; k++)
        parse_piece(&pcs[k], s, slot0, wc, w->keys, w->texts, w->textlen);
    /* in file order: close the gaps, intern the keys */
    size_t nt = s->ntext, nv = s->nv;
    const char *done = end;
    int kend = last;
    for (int k = 0; k <= last; k++) {
        piece *pc = &pcs[k];
        for (size_t i = 0; i < pc->n; i++) {
            size_t slot = pc->base + i, q = slot - slot0;
            if (slot != s->n) {
                memmove(&s->vals[s->n * nv], &s->vals[slot * nv], nv * sizeof(double));
                s->line[s->n] = s->line[slot];
            }
            const slotkeys *sk = &w->keys[q];
            int rc = wide_push(s, units, periods, p, sk->key[0], sk->len[0], sk->key[1], sk->len[1],
                               nt ? &w->texts[q * nt] : NULL, nt ? &w->textlen[q * nt] : NULL, s->line[s->n], err);
            if (rc)
                return rc;
        }
        if (pc->stop) {
            done = pc->stop;
            kend = k;
            break;
        }
    }
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
