/* The wide panel's rows in the chunked parallel parse (fastblock.h):
 * numbers straight into the row store, the unit and period keys (and kept
 * text fields) noted per slot and interned in file order. */
#include "panel_internal.h"

#include <stdlib.h>
#include <string.h>

/* Per-slot keys and text fields of the block being read. */
typedef struct slotkeys {
    const char *key[2];
    uint32_t len[2];
} slotkeys;

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
            if (!(fe = fast_number(f, le, &vals[v])))
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
            if (v >= 0 && !fast_number(f, fe, &vals[v]))
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

static size_t wide_rows(void *ctx)
{
    return ((wide_ctx *)ctx)->s->n;
}

static int wide_reserve(void *ctx, size_t extra, int scratch)
{
    wide_ctx *c = ctx;
    return rowstore_reserve(c->s, extra) || (scratch && scratch_reserve(&c->w, extra, c->s->ntext)) ? -1 : 0;
}

static int wide_parse(void *ctx, const char *ls, const char *le, size_t slot, size_t k, long line)
{
    wide_ctx *c = ctx;
    size_t nt = c->s->ntext;
    if (!parse_line(ls, le, c->wc, nt, &c->s->vals[slot * c->s->nv], &c->w.keys[k], nt ? &c->w.texts[k * nt] : NULL,
                    nt ? &c->w.textlen[k * nt] : NULL))
        return 0;
    c->s->line[slot] = line;
    return 1;
}

static int wide_commit(void *ctx, size_t slot, size_t k, nqpf_error *err)
{
    wide_ctx *c = ctx;
    rowstore *s = c->s;
    size_t nt = s->ntext, nv = s->nv;
    if (slot != s->n) {
        memmove(&s->vals[s->n * nv], &s->vals[slot * nv], nv * sizeof(double));
        s->line[s->n] = s->line[slot];
    }
    const slotkeys *sk = &c->w.keys[k];
    return wide_push(s, c->units, c->periods, c->p, sk->key[0], sk->len[0], sk->key[1], sk->len[1],
                     nt ? &c->w.texts[k * nt] : NULL, nt ? &c->w.textlen[k * nt] : NULL, s->line[s->n], err);
}

void wide_ops(wide_ctx *c, fast_ops *ops)
{
    ops->ctx = c;
    ops->rows = wide_rows;
    ops->reserve = wide_reserve;
    ops->parse = wide_parse;
    ops->commit = wide_commit;
}
