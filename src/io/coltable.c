/* A table read as typed columns (see coltable.h), through the chunked
 * parallel parse of fastblock.c: numbers are parsed where they stand into
 * their column, keys noted per slot and interned in file order. */
#include "nqpf/coltable.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/hugemem.h"
#include "nqpf/output.h"
#include "nqpf/panel.h"
#include "nqpf/util.h"
#include "fastblock.h"
#include "panel_internal.h"

/* A key cell of the block being parsed: its trimmed text, or s = NULL
 * when it is empty. */
typedef struct keycell {
    const char *s;
    size_t n;
} keycell;

typedef struct reader {
    nqpf_coltable *t;
    const nqpf_colspec *spec;
    const unsigned char *optional; /* NULL or n_req flags (nqpf_coltable_spec.optional) */
    const nqpf_colsource *extra;   /* NULL or the supplied column (nqpf_coltable_spec.extra) */
    size_t n_req;       /* the caller's requests; with extra, t->n_cols also counts its two keys */
    unsigned char *pending; /* n_cols: 1 = a request of the supplied column, filled after the rows */
    size_t nh;          /* header width */
    int *first;         /* nh: first request reading that file column, or -1 */
    int *next;          /* n_cols: next request reading the same file column, or -1 */
    int *keyslot;       /* n_cols: index among the KEY requests, or -1 */
    size_t nkey;
    keymap *keys;       /* nkey */
    size_t cap;         /* rows the arrays have room for */
    keycell *cells;     /* scratch: nkey per row of the block */
    size_t scap;
} reader;

static size_t rd_rows(void *ctx)
{
    return ((reader *)ctx)->t->n_rows;
}

/* *p (its first used items kept) moved to a block of want items, on huge
 * pages from 512 KiB on (nqpf_alloc_huge: a 75,000-row column is 150 page
 * faults on small pages). */
static int grow_array(void **p, size_t used, size_t want, size_t size)
{
    void *q = nqpf_alloc_huge(want, size, NULL);
    if (!q)
        return -1;
    if (used)
        memcpy(q, *p, used * size);
    free(*p);
    *p = q;
    return 0;
}

static size_t col_size(const nqpf_column *col)
{
    return col->type == NQPF_COL_NUMBER ? sizeof(double) : sizeof(int32_t);
}

/* The rows to allocate for at least cap: as many as the smallest of the
 * arrays rounded up to whole huge pages holds (the rest are then
 * allocated for as many), so that the file's size estimate after the first
 * block seldom moves the columns again. */
static size_t round_rows(const nqpf_coltable *t, size_t cap)
{
    size_t fits = nqpf_huge_capacity(cap, sizeof(long));
    for (size_t c = 0; c < t->n_cols; c++) {
        size_t f = nqpf_huge_capacity(cap, col_size(&t->col[c]));
        if (f > cap && f < fits)
            fits = f;
    }
    return fits;
}

static int rd_reserve(void *ctx, size_t extra, int scratch)
{
    reader *rd = ctx;
    nqpf_coltable *t = rd->t;
    size_t cell = (rd->nkey ? rd->nkey : 1) * sizeof(keycell);
    if (scratch && extra > rd->scap) {
        size_t c = nqpf_huge_capacity(extra + extra / 2, cell);
        void *p = rd->cells;
        if (grow_array(&p, 0, c, cell))
            return -1;
        rd->cells = p;
        rd->scap = c;
    }
    if (rd->cap - t->n_rows >= extra)
        return 0;
    size_t cap = round_rows(t, io_next_cap(rd->cap, t->n_rows + extra)), n = t->n_rows;
    void *l = t->line;
    int bad = grow_array(&l, n, cap, sizeof(long));
    t->line = l;
    for (size_t c = 0; c < t->n_cols && !bad; c++) {
        nqpf_column *col = &t->col[c];
        if (!col->file_col)
            continue; /* an optional column the header lacks */
        void *a = col->type == NQPF_COL_NUMBER ? (void *)col->num : (void *)col->code;
        bad = grow_array(&a, n, cap, col_size(col));
        if (col->type == NQPF_COL_NUMBER)
            col->num = a;
        else
            col->code = a;
    }
    if (bad)
        return -1;
    rd->cap = cap;
    return 0;
}

/* Parse one plain line into slot; 0 when the strict reader must see it
 * (wrong width, a bad number, a missing required cell, an oversized key). */
static int rd_parse(void *ctx, const char *ls, const char *le, size_t slot, size_t k, long line, int first)
{
    reader *rd = ctx;
    nqpf_coltable *t = rd->t;
    keycell *kc = &rd->cells[k * rd->nkey];
    size_t j = 0;
    for (const char *f = ls;; j++) {
        if (j >= rd->nh)
            return 0;
        const char *fe;
        int c = rd->first[j];
        if (c >= 0 && rd->next[c] < 0 && t->col[c].type == NQPF_COL_NUMBER) {
            /* the common case: parsed where it stands, one scan */
            double *v = &t->col[c].num[slot];
            if (!(fe = fast_number(f, le, v, NULL)) || (rd->spec[c].required && isnan(*v)))
                return 0;
        } else {
            fe = memchr(f, ',', (size_t)(le - f));
            if (!fe)
                fe = le;
            for (; c >= 0; c = rd->next[c]) {
                nqpf_column *col = &t->col[c];
                if (col->type == NQPF_COL_NUMBER) {
                    if (!fast_number(f, fe, &col->num[slot], NULL) || (rd->spec[c].required && isnan(col->num[slot])))
                        return 0;
                    continue;
                }
                const char *s = f;
                size_t n = (size_t)(fe - f);
                nqpf_trim(&s, &n);
                if ((n == 0 && rd->spec[c].required) || n >= UINT32_MAX)
                    return 0;
                kc[rd->keyslot[c]] = (keycell){n ? s : NULL, n};
            }
        }
        if (fe == le)
            break;
        f = fe + 1;
    }
    if (j + 1 != rd->nh)
        return 0;
    t->line[slot] = line;
    return 1;
}

/* Store a row's keys (its numbers are in place) and count it. */
static int push_keys(reader *rd, const keycell *kc, nqpf_error *err)
{
    nqpf_coltable *t = rd->t;
    size_t i = t->n_rows;
    for (size_t c = 0; c < t->n_cols; c++) {
        if (t->col[c].type != NQPF_COL_KEY || !t->col[c].file_col)
            continue;
        const keycell *x = &kc[rd->keyslot[c]];
        uint32_t id = 0;
        if (x->s && keymap_id(&rd->keys[rd->keyslot[c]], x->s, x->n, 1, &id))
            return nqpf_fail_nomem(err);
        if (x->s && id > INT32_MAX)
            return nqpf_fail(err, NQPF_ENOMEM, t->path, t->line[i], t->col[c].file_col,
                             "more than %d distinct values in column '%s'", INT32_MAX, t->col[c].name);
        t->col[c].code[i] = x->s ? (int32_t)id : -1;
    }
    t->n_rows++;
    return NQPF_OK;
}

static int rd_commit(void *ctx, size_t slot, size_t k, nqpf_error *err)
{
    reader *rd = ctx;
    nqpf_coltable *t = rd->t;
    size_t i = t->n_rows;
    if (slot != i) {
        for (size_t c = 0; c < t->n_cols; c++)
            if (t->col[c].type == NQPF_COL_NUMBER && t->col[c].file_col)
                t->col[c].num[i] = t->col[c].num[slot];
        t->line[i] = t->line[slot];
    }
    return push_keys(rd, &rd->cells[k * rd->nkey], err);
}

/* A row of the strict reader: every error of the table is worded here. */
static int rd_strict(void *ctx, const nqpf_csv_row *row, nqpf_error *err)
{
    reader *rd = ctx;
    nqpf_coltable *t = rd->t;
    size_t nh = rd->nh;
    if (row->n != nh)
        return nqpf_fail(err, NQPF_EPARSE, t->path, row->line, (long)(row->n < nh ? row->n : nh + 1),
                         "row has %zu fields but the header has %zu", row->n, nh);
    if (rd_reserve(rd, 1, 1))
        return nqpf_fail_nomem(err);
    size_t i = t->n_rows;
    for (size_t j = 0; j < nh; j++)
        for (int c = rd->first[j]; c >= 0; c = rd->next[c]) {
            nqpf_column *col = &t->col[c];
            const char *s = row->field[j];
            size_t n = row->len[j];
            nqpf_trim(&s, &n);
            const char *why = NULL;
            int kind = col->type == NQPF_COL_KEY ? (n ? NQPF_CELL_NUMBER : NQPF_CELL_MISSING)
                                                 : nqpf_parse_cell(s, n, &col->num[i], &why);
            if (kind == NQPF_CELL_BAD)
                return nqpf_fail(err, NQPF_EPARSE, t->path, row->line, (long)j + 1, "'%.*s' in column '%s': %s",
                                 (int)n, s, col->name, why);
            if (kind == NQPF_CELL_MISSING && rd->spec[c].required)
                return nqpf_fail(err, NQPF_EMISSING, t->path, row->line, (long)j + 1,
                                 "missing value in column '%s'", col->name);
            if (col->type == NQPF_COL_NUMBER && kind == NQPF_CELL_MISSING)
                col->num[i] = NAN;
            if (col->type == NQPF_COL_KEY)
                rd->cells[rd->keyslot[c]] = (keycell){n ? s : NULL, n};
        }
    t->line[i] = row->line;
    return push_keys(rd, rd->cells, err);
}

/* The column of name (trimmed) in the header map, or -1. */
static long header_col(const nqpf_strmap *hm, const char *name)
{
    const char *s = name ? name : "";
    size_t n = strlen(s);
    nqpf_trim(&s, &n);
    return nqpf_strmap_find(hm, s, n);
}

/* a and b the same name, trimmed */
static int same_name(const char *a, const char *b)
{
    size_t m = strlen(a), n = strlen(b);
    nqpf_trim(&a, &m);
    nqpf_trim(&b, &n);
    return m == n && memcmp(a, b, n) == 0;
}

/* "no column" for request sp: the supplied column, when the rows may give
 * it, is among the names a suggestion is taken from, as it is the table's
 * last column when they do. */
static int no_column(const reader *rd, const nqpf_colspec *sp, int supply, nqpf_error *err)
{
    const nqpf_coltable *t = rd->t;
    char **h = nqpf_alloc(rd->nh + 1, sizeof *h);
    if (!h)
        return nqpf_fail_nomem(err);
    memcpy(h, t->header, rd->nh * sizeof *h);
    h[rd->nh] = supply ? (char *)rd->extra->name : NULL;
    int rc = nqpf_fail_no_column(err, t->path, t->header_line, sp->what, sp->name ? sp->name : "", h,
                                 rd->nh + (size_t)(supply != 0), NULL);
    free(h);
    return rc;
}

/* Match the requests to the header: first/next chains per file column.
 * A request of the supplied column the header lacks is left pending; the
 * supplied column's keys are read only when it may be supplied. */
static int resolve(reader *rd, nqpf_error *err)
{
    nqpf_coltable *t = rd->t;
    nqpf_strmap hm = {0};
    int rc = NQPF_OK;
    for (size_t j = 0; j < rd->nh && !rc; j++)
        if (nqpf_strmap_intern(&hm, t->header[j], strlen(t->header[j]), NULL) < 0)
            rc = nqpf_fail_nomem(err);
    for (size_t j = 0; j < rd->nh; j++)
        rd->first[j] = -1;
    int *last = nqpf_alloc(rd->nh, sizeof *last);
    if (!last && !rc)
        rc = nqpf_fail_nomem(err);
    const nqpf_colsource *xs = rd->extra;
    int supply = !rc && xs && xs->name && xs->key1 && xs->key2 && header_col(&hm, xs->name) < 0 &&
                 header_col(&hm, xs->key1) >= 0 && header_col(&hm, xs->key2) >= 0;
    for (size_t c = 0; c < t->n_cols && !rc; c++) {
        const nqpf_colspec *sp = &rd->spec[c];
        long j = header_col(&hm, sp->name);
        nqpf_column *col = &t->col[c];
        col->type = sp->type;
        rd->keyslot[c] = -1;
        if (c >= rd->n_req && !supply)
            continue; /* the keys of a column that is not supplied */
        if (j < 0 && supply && c < rd->n_req && same_name(sp->name ? sp->name : "", xs->name)) {
            rd->pending[c] = 1;
            continue;
        }
        if (j < 0 && c < rd->n_req && rd->optional && rd->optional[c])
            continue;
        if (j < 0) {
            rc = no_column(rd, sp, supply, err);
            break;
        }
        col->name = t->header[j];
        col->file_col = j + 1;
        rd->next[c] = -1;
        if (rd->first[j] < 0)
            rd->first[j] = (int)c;
        else
            rd->next[last[j]] = (int)c;
        last[j] = (int)c;
        rd->keyslot[c] = sp->type == NQPF_COL_KEY ? (int)rd->nkey++ : -1;
    }
    free(last);
    nqpf_strmap_free(&hm);
    return rc;
}

static void reader_free(reader *rd)
{
    for (size_t k = 0; k < rd->nkey && rd->keys; k++)
        nqpf_strmap_free(&rd->keys[k].map);
    free(rd->keys);
    free(rd->first);
    free(rd->next);
    free(rd->keyslot);
    free(rd->cells);
    free(rd->pending);
}

/* Hand the key maps' texts over as the columns' levels. */
static void take_levels(reader *rd)
{
    nqpf_coltable *t = rd->t;
    for (size_t c = 0; c < t->n_cols; c++) {
        if (t->col[c].type != NQPF_COL_KEY || !t->col[c].file_col)
            continue;
        nqpf_strmap *m = &rd->keys[rd->keyslot[c]].map;
        t->col[c].levels = m->keys;
        t->col[c].n_levels = m->n;
        m->keys = NULL;
        m->n = 0;
    }
}

/* The caller's index of each level of key column k (which: 1 or 2) by
 * its text, and at [n_levels] that of "" (an empty cell). */
static long *find_levels(const nqpf_colsource *xs, int which, const nqpf_column *k)
{
    long *ix = nqpf_alloc(k->n_levels + 1, sizeof *ix);
    for (size_t l = 0; ix && l < k->n_levels; l++)
        ix[l] = xs->find(xs->ctx, which, k->levels[l], strlen(k->levels[l]));
    if (ix)
        ix[k->n_levels] = xs->find(xs->ctx, which, "", 0);
    return ix;
}

/* Request col of the supplied column: the values v of its rows as
 * numbers, or as keys by the text the CSV writer prints. */
static int fill_supplied(nqpf_coltable *t, nqpf_column *col, const double *v, nqpf_error *err)
{
    size_t n = t->n_rows;
    if (col->type == NQPF_COL_NUMBER) {
        if (!(col->num = nqpf_alloc(n + 1, sizeof *col->num)))
            return nqpf_fail_nomem(err);
        memcpy(col->num, v, n * sizeof *v);
        return NQPF_OK;
    }
    keymap km = {0};
    nqpf_buf b = {0};
    int bad = !(col->code = nqpf_alloc(n + 1, sizeof *col->code));
    for (size_t i = 0; i < n && !bad; i++) {
        uint32_t id = 0;
        b.len = 0;
        bad = nqpf_buf_csv_num(&b, v[i]) || (b.len && keymap_id(&km, b.data, b.len, 1, &id));
        col->code[i] = b.len ? (int32_t)id : -1;
    }
    nqpf_buf_free(&b);
    col->levels = km.map.keys;
    col->n_levels = km.map.n;
    km.map.keys = NULL;
    km.map.n = 0;
    nqpf_strmap_free(&km.map);
    return bad ? nqpf_fail_nomem(err) : NQPF_OK;
}

/* The supplied column after the rows: each row's value by its keys (the
 * last two columns, their levels looked up once); when some row got a
 * number, the name joins the header and the pending requests read the
 * values, else they are absent (optional) or "no column" as read. */
static int supply(reader *rd, nqpf_error *err)
{
    nqpf_coltable *t = rd->t;
    const nqpf_colsource *xs = rd->extra;
    const nqpf_column *k1 = &t->col[rd->n_req], *k2 = &t->col[rd->n_req + 1];
    long *i1 = find_levels(xs, 1, k1), *i2 = find_levels(xs, 2, k2);
    double *v = nqpf_alloc(t->n_rows + 1, sizeof *v);
    size_t matched = 0, first_nan = t->n_rows;
    int rc = i1 && i2 && v ? NQPF_OK : nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < t->n_rows; i++) {
        long a = i1[k1->code[i] < 0 ? k1->n_levels : (size_t)k1->code[i]];
        long p = i2[k2->code[i] < 0 ? k2->n_levels : (size_t)k2->code[i]];
        v[i] = a < 0 || p < 0 ? NAN : xs->value(xs->ctx, a, p);
        matched += !isnan(v[i]);
        if (isnan(v[i]) && first_nan == t->n_rows)
            first_nan = i;
    }
    if (!rc && matched) {
        char **h = realloc(t->header, (rd->nh + 1) * sizeof *h);
        if (h)
            t->header = h, h[rd->nh] = nqpf_strdup(xs->name);
        if (!h || !h[rd->nh])
            rc = nqpf_fail_nomem(err);
        else
            t->n_header++;
    }
    for (size_t c = 0; c < rd->n_req && !rc; c++) {
        const nqpf_colspec *sp = &rd->spec[c];
        nqpf_column *col = &t->col[c];
        if (!rd->pending[c] || (!matched && rd->optional && rd->optional[c]))
            continue;
        if (!matched) {
            rc = nqpf_fail_no_column(err, t->path, t->header_line, sp->what, sp->name, t->header, rd->nh, NULL);
            break;
        }
        col->name = t->header[rd->nh];
        col->file_col = (long)rd->nh + 1;
        if (sp->required && first_nan < t->n_rows)
            rc = nqpf_fail(err, NQPF_EMISSING, t->path, t->line[first_nan], col->file_col,
                           "missing value in column '%s'", col->name);
        else
            rc = fill_supplied(t, col, v, err);
    }
    free(i1), free(i2), free(v);
    return rc;
}

/* The requests: sp's, then with a supplied column its two keys (KEYs,
 * read only when it may be supplied), and room for the pending flags. */
static int requests(reader *rd, const nqpf_coltable_spec *sp, nqpf_colspec **all, nqpf_error *err)
{
    size_t n = rd->t->n_cols;
    *all = nqpf_calloc(n, sizeof **all);
    rd->pending = nqpf_calloc(n, 1);
    if (!*all || !rd->pending)
        return nqpf_fail_nomem(err);
    memcpy(*all, sp->cols, sp->n_cols * sizeof **all);
    if (sp->extra) {
        (*all)[n - 2] = (nqpf_colspec){sp->extra->key1, NQPF_COL_KEY, 0, NULL};
        (*all)[n - 1] = (nqpf_colspec){sp->extra->key2, NQPF_COL_KEY, 0, NULL};
    }
    rd->spec = *all;
    return NQPF_OK;
}

/* What column c owns freed, c emptied. */
static void column_free(nqpf_column *c)
{
    free(c->num);
    free(c->code);
    for (size_t l = 0; l < c->n_levels; l++)
        free(c->levels[l]);
    free(c->levels);
    memset(c, 0, sizeof *c);
}

/* The keys of the supplied column dropped: the table has the caller's
 * requests. */
static void drop_keys(nqpf_coltable *t, size_t n_req)
{
    for (size_t c = n_req; c < t->n_cols; c++)
        column_free(&t->col[c]);
    t->n_cols = n_req;
}

/* The header hdr copied and checked, the requests matched to it, then the
 * rows of the file r through fastblock, then the supplied column. */
static int read_rows(nqpf_csv *r, const nqpf_csv_row *hdr, const nqpf_coltable_spec *sp, nqpf_coltable *t,
                     nqpf_error *err)
{
    t->header_line = hdr->line;
    int rc = io_copy_header(hdr, t->path, &t->header, err);
    if (rc)
        return rc;
    t->n_header = hdr->n;
    reader rd = {.t = t, .optional = sp->optional, .extra = sp->extra, .n_req = sp->n_cols, .nh = hdr->n};
    nqpf_colspec *all = NULL;
    rc = requests(&rd, sp, &all, err);
    rd.first = nqpf_alloc(rd.nh, sizeof(int));
    rd.next = nqpf_alloc(t->n_cols, sizeof(int));
    rd.keyslot = nqpf_alloc(t->n_cols, sizeof(int));
    rd.keys = nqpf_calloc(t->n_cols, sizeof(keymap));
    if (!rc && (!rd.first || !rd.next || !rd.keyslot || !rd.keys))
        rc = nqpf_fail_nomem(err);
    if (!rc)
        rc = resolve(&rd, err);
    if (!rc && rd_reserve(&rd, 1, 1))
        rc = nqpf_fail_nomem(err);
    if (!rc) {
        fast_ops ops = {.ctx = &rd, .rows = rd_rows, .reserve = rd_reserve, .parse = rd_parse,
                        .commit = rd_commit, .strict_row = rd_strict};
        rc = fast_read(r, &ops, !sp->strict, err);
    }
    if (!rc)
        take_levels(&rd);
    if (!rc && sp->extra && t->col[sp->n_cols].file_col)
        rc = supply(&rd, err);
    reader_free(&rd);
    free(all);
    return rc;
}

static int read_body(nqpf_csv *r, const nqpf_coltable_spec *sp, nqpf_coltable *t, nqpf_error *err)
{
    nqpf_csv_row row;
    int got = nqpf_csv_next(r, &row, err);
    if (got < 0)
        return -got;
    if (got == 0)
        return nqpf_fail(err, NQPF_EINPUT, t->path, 0, 0, "file is empty (a header row is required)");
    t->encoding = nqpf_csv_encoding(r);
    return read_rows(r, &row, sp, t, err);
}

int nqpf_coltable_read(nqpf_coltable **out, const nqpf_coltable_spec *sp, nqpf_error *err)
{
    *out = NULL;
    size_t n = sp->n_cols + (sp->extra ? 2 : 0);
    nqpf_coltable *t = calloc(1, sizeof *t);
    if (!t || !(t->path = nqpf_strdup(sp->path)) || !(t->col = nqpf_calloc(n ? n : 1, sizeof *t->col))) {
        nqpf_coltable_free(t);
        return nqpf_fail_nomem(err);
    }
    t->n_cols = n;
    nqpf_csv *r = NULL;
    int rc = nqpf_csv_open(&r, sp->path, sp->encoding, ',', err);
    if (!rc)
        rc = read_body(r, sp, t, err);
    nqpf_csv_close(r);
    if (rc) {
        nqpf_coltable_free(t);
        return rc;
    }
    drop_keys(t, sp->n_cols);
    *out = t;
    return NQPF_OK;
}

void nqpf_coltable_free(nqpf_coltable *t)
{
    if (!t)
        return;
    for (size_t c = 0; c < t->n_cols; c++)
        column_free(&t->col[c]);
    free(t->col);
    free(t->line);
    nqpf_header_free(t->header, t->n_header);
    free(t->path);
    free(t);
}

long nqpf_coltable_find(const nqpf_coltable *t, const char *name)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (t->col[c].name && strcmp(t->col[c].name, name) == 0)
            return (long)c;
    return -1;
}

int nqpf_coltable_rank_levels(const nqpf_column *c, size_t *rank, size_t *n_ranks, size_t *first, nqpf_error *err)
{
    if (io_rank_texts((const char *const *)c->levels, c->n_levels, rank, n_ranks, first))
        return nqpf_fail_nomem(err);
    return NQPF_OK;
}
