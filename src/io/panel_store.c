/* The rows of a wide panel, and their move into the unit-major cube.
 *
 * The cube's order is (unit in order of first appearance, period sorted).
 * Most files already are in that order and balanced: then the rows are the
 * cube and nothing moves.  Otherwise the rows are permuted in place along
 * the cycles of the permutation, so the peak memory stays the data plus a
 * few bytes per row instead of two copies of it. */
#include "panel_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/hugemem.h"

int io_grow(void **p, size_t elems, size_t size)
{
    if (size && elems > SIZE_MAX / size)
        return -1;
    size_t bytes = elems * size;
    void *q = realloc(*p, bytes ? bytes : 1);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

size_t io_next_cap(size_t cap, size_t need)
{
    size_t c = cap + cap / 2; /* geometric: linear time under any realloc */
    if (c < need)
        c = need;
    return c < 1024 ? 1024 : c;
}

int rowstore_reserve(rowstore *s, size_t extra)
{
    if (s->cap - s->n >= extra)
        return 0;
    size_t cap = io_next_cap(s->cap, s->n + extra);
    void *v = s->vals, *u = s->uid, *t = s->tid, *l = s->line, *x = s->text;
    int bad = io_grow(&v, cap, s->nv * sizeof(double));
    s->vals = v;
    bad = bad || io_grow(&u, cap, sizeof(uint32_t));
    s->uid = u;
    bad = bad || io_grow(&t, cap, sizeof(uint32_t));
    s->tid = t;
    bad = bad || io_grow(&l, cap, sizeof(long));
    s->line = l;
    bad = bad || (s->ntext && io_grow(&x, cap, s->ntext * sizeof(uint32_t)));
    s->text = x;
    if (bad)
        return -1;
    /* the per-row arrays too (80 MB for 5 million rows): a 4 KiB page's
     * first touch costs as much as a huge page's on a virtual machine, and
     * uid and tid are first written in the pass on one thread */
    nqpf_advise_huge(s->vals, cap * s->nv * sizeof(double));
    nqpf_advise_huge(s->uid, cap * sizeof(uint32_t));
    nqpf_advise_huge(s->tid, cap * sizeof(uint32_t));
    nqpf_advise_huge(s->line, cap * sizeof(long));
    nqpf_advise_huge(s->text, cap * s->ntext * sizeof(uint32_t));
    s->cap = cap;
    return 0;
}

void rowstore_free(rowstore *s)
{
    free(s->vals);
    free(s->uid);
    free(s->tid);
    free(s->line);
    free(s->text);
    memset(s, 0, sizeof *s);
}

int keymap_id(keymap *k, const char *s, size_t n, int guess_next, uint32_t *id)
{
    if (k->has_last) {
        uint32_t g[2] = {k->last, guess_next ? k->last + 1 : k->last};
        if (guess_next && g[1] >= k->map.n)
            g[1] = 0;
        for (int i = 0; i < 2; i++) {
            const char *key = k->map.keys[g[i]];
            if (strnlen(key, n + 1) == n && memcmp(key, s, n) == 0) {
                *id = k->last = g[i];
                return 0;
            }
        }
    }
    long f = nqpf_strmap_intern(&k->map, s, n, NULL);
    if (f < 0)
        return -1;
    *id = k->last = (uint32_t)f;
    k->has_last = 1;
    return 0;
}

int wide_push(rowstore *s, keymap *units, keymap *periods, nqpf_panel *p, const char *us, size_t ul,
              const char *ps, size_t pl, const char *const *ts, const size_t *tl, long line, nqpf_error *err)
{
    uint32_t uid, tid;
    if (keymap_id(units, us, ul, 0, &uid) || keymap_id(periods, ps, pl, 1, &tid))
        return nqpf_fail_nomem(err);
    return wide_push_ids(s, p, uid, tid, ts, tl, line, err);
}

int wide_push_ids(rowstore *s, nqpf_panel *p, uint32_t uid, uint32_t tid, const char *const *ts, const size_t *tl,
                  long line, nqpf_error *err)
{
    size_t i = s->n;
    s->uid[i] = uid;
    s->tid[i] = tid;
    s->line[i] = line;
    for (size_t k = 0; k < s->ntext; k++) {
        const char *t = ts[k];
        size_t n = tl[k];
        nqpf_trim(&t, &n);
        long id = nqpf_strmap_intern(&p->text_values[k], t, n, NULL);
        if (id < 0)
            return nqpf_fail_nomem(err);
        s->text[i * s->ntext + k] = (uint32_t)id;
    }
    s->n++;
    return NQPF_OK;
}

static int dup_error(const nqpf_panel *p, long line, long first, size_t u, size_t t, nqpf_error *err)
{
    return nqpf_fail(err, NQPF_EINPUT, p->path, line, 0, "duplicate row for unit '%s', period '%s' (first at line %ld)",
                     p->units[u], p->periods[t], first);
}

/* Permute the rows in place so that row i lands at dest[i] (injective into
 * [0, cells)); dest is consumed.  Each row moves once: a displaced row is
 * carried on to its own place until a free slot ends the cycle. */
static void permute(rowstore *s, size_t *dest, double *carry, double *swap, uint32_t *tcarry, uint32_t *tswap)
{
    const size_t DONE = SIZE_MAX, V = s->nv, K = s->ntext;
    for (size_t i = 0; i < s->n; i++) {
        size_t d = dest[i];
        if (d == DONE || d == i)
            continue;
        memcpy(carry, &s->vals[i * V], V * sizeof(double));
        if (K)
            memcpy(tcarry, &s->text[i * K], K * sizeof(uint32_t));
        dest[i] = DONE; /* slot i is free now */
        while (d < s->n && dest[d] != DONE) {
            /* d holds a row yet to move: put ours there and carry that one on */
            size_t next = dest[d];
            memcpy(swap, &s->vals[d * V], V * sizeof(double));
            memcpy(&s->vals[d * V], carry, V * sizeof(double));
            memcpy(carry, swap, V * sizeof(double));
            if (K) {
                memcpy(tswap, &s->text[d * K], K * sizeof(uint32_t));
                memcpy(&s->text[d * K], tcarry, K * sizeof(uint32_t));
                memcpy(tcarry, tswap, K * sizeof(uint32_t));
            }
            dest[d] = DONE; /* holds its final row; no other row targets it */
            d = next;
        }
        memcpy(&s->vals[d * V], carry, V * sizeof(double));
        if (K)
            memcpy(&s->text[d * K], tcarry, K * sizeof(uint32_t));
    }
}

int rowstore_to_cube(rowstore *s, nqpf_panel *p, const uint32_t *pmap, nqpf_error *err)
{
    size_t U = p->n_units, T = p->n_periods, V = s->nv, K = s->ntext, n = s->n;
    size_t cells = U * T;
    if (U && T && (cells / U != T || (V && cells > SIZE_MAX / sizeof(double) / V)))
        return nqpf_fail(err, NQPF_ENOMEM, p->path, 0, 0, "panel too large (%zu units × %zu periods)", U, T);
    /* n == cells: every unit has every period (a duplicate is an error below) */
    p->no_missing = !s->has_nan && n == cells;
    int in_order = n == cells;
    for (size_t i = 0; i < n && in_order; i++)
        in_order = s->uid[i] == i / T && pmap[s->tid[i]] == i % T;
    if (!in_order) {
        size_t *dest = malloc((n ? n : 1) * sizeof *dest);
        long *row_line = calloc(cells ? cells : 1, sizeof *row_line);
        double *tmp = malloc(2 * (V ? V : 1) * sizeof *tmp);
        uint32_t *ttmp = malloc(2 * (K ? K : 1) * sizeof *ttmp);
        int rc = !dest || !row_line || !tmp || !ttmp ? nqpf_fail_nomem(err) : NQPF_OK;
        /* duplicates in file order, so the message names the first two */
        for (size_t i = 0; i < n && !rc; i++) {
            size_t r = (size_t)s->uid[i] * T + pmap[s->tid[i]];
            if (row_line[r])
                rc = dup_error(p, s->line[i], row_line[r], s->uid[i], pmap[s->tid[i]], err);
            row_line[r] = s->line[i];
            dest[i] = r;
        }
        if (!rc && cells > s->cap) {
            size_t had = s->n;
            rc = rowstore_reserve(s, cells - had) ? nqpf_fail_nomem(err) : NQPF_OK;
        }
        if (!rc) {
            permute(s, dest, tmp, tmp + (V ? V : 1), ttmp, ttmp + (K ? K : 1));
            for (size_t r = 0; r < cells; r++)
                if (!row_line[r]) {
                    for (size_t v = 0; v < V; v++)
                        s->vals[r * V + v] = NAN;
                    for (size_t k = 0; k < K; k++)
                        s->text[r * K + k] = UINT32_MAX;
                }
        }
        free(dest);
        free(tmp);
        free(ttmp);
        if (rc) {
            free(row_line);
            return rc;
        }
        free(s->line);
        s->line = row_line;
    }
    /* hand the arrays over, trimmed to the cube (shrinking does not move) */
    void *x = s->vals;
    if (cells < s->cap && V)
        (void)io_grow(&x, cells ? cells : 1, V * sizeof(double));
    p->x = x;
    p->row_line = s->line;
    p->text = K ? s->text : NULL;
    s->vals = NULL;
    s->line = NULL;
    if (K)
        s->text = NULL;
    rowstore_free(s);
    return NQPF_OK;
}
