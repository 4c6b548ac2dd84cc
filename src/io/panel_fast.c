/* The wide panel's rows in the chunked parallel parse (fastblock.h):
 * numbers straight into the row store, the unit and period keys (and kept
 * text fields) noted per slot and interned in file order.  The keys are
 * looked up in the parallel parse already (the maps are only read there):
 * the one pass on one thread then only interns the keys new in the block,
 * instead of comparing two strings a row in lines long out of the cache. */
#include "panel_internal.h"

#include <stdlib.h>
#include <string.h>

/* Per-slot keys and text fields of the block being read: id[0] the unit's
 * and id[1] the period's, as found in the maps when the block began, or: */
#define KEY_NEW UINT32_MAX           /* not in the map: interned in file order */
#define KEY_AS_PREV (UINT32_MAX - 1) /* unit: the row before's (ids stay below) */
typedef struct slotkeys {
    const char *key[2];
    uint32_t len[2];
    uint32_t id[2];
    unsigned char missing; /* a value of the row is missing (rowstore.has_nan) */
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
            if (!(fe = fast_number(f, le, &vals[v], &sk->missing)))
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
            if (v >= 0 && !fast_number(f, fe, &vals[v], &sk->missing))
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

/* Id of s[0..n) in k's map (read only: runs on any thread), trying
 * `guess` first, or KEY_NEW. */
static uint32_t find_key(const keymap *k, const char *s, uint32_t n, uint32_t guess)
{
    if (guess < k->map.n) {
        const char *key = k->map.keys[guess];
        if (strnlen(key, (size_t)n + 1) == n && memcmp(key, s, n) == 0)
            return guess;
    }
    long f = nqpf_strmap_find(&k->map, s, n);
    return f < 0 ? KEY_NEW : (uint32_t)f;
}

static int wide_parse(void *ctx, const char *ls, const char *le, size_t slot, size_t k, long line, int first)
{
    wide_ctx *c = ctx;
    size_t nt = c->s->ntext;
    slotkeys *sk = &c->w.keys[k];
    sk->missing = 0;
    if (!parse_line(ls, le, c->wc, nt, &c->s->vals[slot * c->s->nv], sk, nt ? &c->w.texts[k * nt] : NULL,
                    nt ? &c->w.textlen[k * nt] : NULL))
        return 0;
    c->s->line[slot] = line;
    /* files go unit by unit, period after period: the row before (this
     * thread's) has the same unit, and the period after its period */
    const slotkeys *pk = first ? NULL : sk - 1;
    if (pk && pk->len[0] == sk->len[0] && memcmp(pk->key[0], sk->key[0], sk->len[0]) == 0)
        sk->id[0] = KEY_AS_PREV;
    else
        sk->id[0] = find_key(c->units, sk->key[0], sk->len[0], KEY_NEW);
    sk->id[1] = find_key(c->periods, sk->key[1], sk->len[1], pk && pk->id[1] < KEY_AS_PREV ? pk->id[1] + 1 : 0);
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
    uint32_t uid = sk->id[0], tid = sk->id[1];
    s->has_nan |= sk->missing;
    if (uid == KEY_AS_PREV) /* the row before in its piece, committed just before */
        uid = s->uid[s->n - 1];
    if ((uid == KEY_NEW && keymap_id(c->units, sk->key[0], sk->len[0], 0, &uid)) ||
        (tid == KEY_NEW && keymap_id(c->periods, sk->key[1], sk->len[1], 1, &tid)))
        return nqpf_fail_nomem(err);
    return wide_push_ids(s, c->p, uid, tid, nt ? &c->w.texts[k * nt] : NULL, nt ? &c->w.textlen[k * nt] : NULL,
                         s->line[s->n], err);
}

void wide_ops(wide_ctx *c, fast_ops *ops)
{
    ops->ctx = c;
    ops->rows = wide_rows;
    ops->reserve = wide_reserve;
    ops->parse = wide_parse;
    ops->commit = wide_commit;
}
