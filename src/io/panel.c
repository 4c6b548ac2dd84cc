/* Panel reader: streams a wide or long CSV into a dense unit-major cube.
 *
 * The numbers of units and periods are only known at the end.  Wide rows
 * are parsed in parallel straight into one growing array of rows, which
 * becomes the cube (panel_store.c, panel_fast.c).  Long records are
 * appended to chunked arrays (no realloc copies, so the peak memory is the
 * data plus one chunk), then each chunk is scattered into the cube and
 * freed at once.
 */
#include "nqpf/panel.h"
#include "nqpf/sha256.h"

#include "panel_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef NQPF_FUZZ /* small blocks in fuzzing builds: see CHUNK in csv_reader.c */
#define CHUNK_ROWS 64
#else
#define CHUNK_ROWS 65536
#endif

/* ---- chunked arrays --------------------------------------------------- */

typedef struct chunked {
    char **chunk;
    size_t n_chunks, cap;
    size_t elem;     /* bytes per element */
    size_t n;        /* elements stored */
} chunked;

static void *chunked_push(chunked *c)
{
    if (c->n % CHUNK_ROWS == 0) {
        void *p = c->chunk;
        if (nqpf_grow(&p, &c->cap, c->n_chunks + 1, sizeof(char *)) != 0)
            return NULL;
        c->chunk = p;
        c->chunk[c->n_chunks] = malloc(CHUNK_ROWS * c->elem);
        if (!c->chunk[c->n_chunks])
            return NULL;
        c->n_chunks++;
    }
    void *slot = c->chunk[c->n / CHUNK_ROWS] + (c->n % CHUNK_ROWS) * c->elem;
    c->n++;
    return slot;
}

static void *chunked_at(const chunked *c, size_t i)
{
    return c->chunk[i / CHUNK_ROWS] + (i % CHUNK_ROWS) * c->elem;
}

static void chunked_free(chunked *c)
{
    for (size_t k = 0; k < c->n_chunks; k++)
        free(c->chunk[k]);
    free(c->chunk);
    memset(c, 0, sizeof *c);
}

/* ---- header ----------------------------------------------------------- */

void nqpf_header_free(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int io_copy_header(const nqpf_csv_row *row, const char *path, char ***names, nqpf_error *err)
{
    char **h = calloc(row->n ? row->n : 1, sizeof(char *));
    if (!h)
        return nqpf_fail_nomem(err);
    /* duplicates through a hash map: a header of a million columns is
     * checked in linear time, not by comparing all pairs */
    nqpf_strmap seen = {0};
    for (size_t j = 0; j < row->n; j++) {
        const char *s = row->field[j];
        size_t n = row->len[j];
        nqpf_trim(&s, &n);
        if (!(h[j] = nqpf_strndup(s, n))) {
            nqpf_header_free(h, j);
            nqpf_strmap_free(&seen);
            return nqpf_fail_nomem(err);
        }
        if (n == 0) {
            nqpf_header_free(h, j + 1);
            nqpf_strmap_free(&seen);
            return nqpf_fail(err, NQPF_EINPUT, path, row->line, (long)j + 1, "empty column name in header");
        }
        int inserted = 0;
        long k = nqpf_strmap_intern(&seen, h[j], n, &inserted);
        if (k < 0) {
            nqpf_header_free(h, j + 1);
            nqpf_strmap_free(&seen);
            return nqpf_fail_nomem(err);
        }
        if (!inserted) {
            nqpf_fail(err, NQPF_EINPUT, path, row->line, (long)j + 1,
                      "duplicate column name '%s' (also column %ld)", h[j], k + 1);
            nqpf_header_free(h, j + 1);
            nqpf_strmap_free(&seen);
            return NQPF_EINPUT;
        }
    }
    nqpf_strmap_free(&seen);
    *names = h;
    return NQPF_OK;
}

int nqpf_csv_read_header(const char *path, nqpf_encoding enc, char delim, char ***names,
                         size_t *n, long *line, nqpf_error *err)
{
    nqpf_csv *r = NULL;
    int rc = nqpf_csv_open(&r, path, enc, delim ? delim : ',', err);
    if (rc)
        return rc;
    nqpf_csv_row row;
    int got = nqpf_csv_next(r, &row, err);
    if (got < 0)
        rc = -got;
    else if (got == 0)
        rc = nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "file is empty (a header row is required)");
    else {
        rc = io_copy_header(&row, path, names, err);
        *n = row.n;
        *line = row.line;
    }
    nqpf_csv_close(r);
    return rc;
}

/* ---- panel ------------------------------------------------------------ */

void nqpf_panel_free(nqpf_panel *p)
{
    if (!p)
        return;
    nqpf_header_free(p->units, p->n_units);
    nqpf_header_free(p->periods, p->n_periods);
    nqpf_header_free(p->vars, p->n_vars);
    nqpf_header_free(p->text_names, p->n_text);
    if (p->text_values)
        for (size_t k = 0; k < p->n_text; k++)
            nqpf_strmap_free(&p->text_values[k]);
    free(p->text_values);
    free(p->text);
    free(p->period_value);
    free(p->x);
    free(p->row_line);
    free(p->var_col);
    free(p->cell_line);
    free(p->path);
    free(p);
}

long nqpf_panel_var(const nqpf_panel *p, const char *name)
{
    for (size_t v = 0; v < p->n_vars; v++)
        if (strcmp(p->vars[v], name) == 0)
            return (long)v;
    return -1;
}

void nqpf_panel_drop_positions(nqpf_panel *p)
{
    free(p->row_line);
    free(p->cell_line);
    p->row_line = NULL;
    p->cell_line = NULL;
}

void nqpf_panel_cell_pos(const nqpf_panel *p, size_t u, size_t t, size_t v, long *line, long *col)
{
    size_t r = u * p->n_periods + t;
    if (!p->row_line) {
        *line = *col = 0;
        return;
    }
    if (p->cell_line) {
        *line = p->cell_line[r * p->n_vars + v];
        *col = 0;
    } else {
        *line = p->row_line[r];
        *col = *line ? p->var_col[v] : 0;
    }
}

/* State shared by the two layouts while reading. */
typedef struct reader {
    const nqpf_panel_spec *spec;
    keymap units, periods;
    nqpf_strmap vars;
    rowstore rows;    /* wide layout */
    chunked meta;     /* long layout: struct rec_meta per record */
    chunked vals;     /* long layout: one double per record */
} reader;

typedef struct rec_meta {
    uint32_t u, t, v;   /* v used by the long layout */
    long line;
} rec_meta;

static void reader_free(reader *rd)
{
    nqpf_strmap_free(&rd->units.map);
    nqpf_strmap_free(&rd->periods.map);
    nqpf_strmap_free(&rd->vars);
    rowstore_free(&rd->rows);
    chunked_free(&rd->meta);
    chunked_free(&rd->vals);
}

static long find_col(char **h, size_t n, const char *name)
{
    for (size_t j = 0; j < n; j++)
        if (strcmp(h[j], name) == 0)
            return (long)j;
    return -1;
}

static int key_field(const nqpf_csv_row *row, long j, const char *path, const char *what,
                     const char **s, size_t *n, nqpf_error *err)
{
    *s = row->field[j];
    *n = row->len[j];
    nqpf_trim(s, n);
    if (*n == 0)
        return nqpf_fail(err, NQPF_EINPUT, path, row->line, j + 1, "empty %s", what);
    return NQPF_OK;
}

static int parse_value(const nqpf_csv_row *row, long j, const char *path, const char *var,
                       double *out, nqpf_error *err)
{
    const char *why = NULL;
    switch (nqpf_parse_cell(row->field[j], row->len[j], out, &why)) {
    case NQPF_CELL_NUMBER:
        return NQPF_OK;
    case NQPF_CELL_MISSING:
        *out = NAN;
        return NQPF_OK;
    default: {
        const char *s = row->field[j];
        size_t n = row->len[j];
        nqpf_trim(&s, &n);
        return nqpf_fail(err, NQPF_EPARSE, path, row->line, j + 1, "'%.*s' in column '%s': %s",
                         (int)(n > 60 ? 60 : n), s, var, why);
    }
    }
}

static int intern(nqpf_strmap *m, const char *s, size_t n, uint32_t *id, nqpf_error *err)
{
    long k = nqpf_strmap_intern(m, s, n, NULL);
    if (k < 0)
        return nqpf_fail_nomem(err);
    *id = (uint32_t)k;
    return NQPF_OK;
}

/* Validate and store one row read by the strict reader (the general path,
 * and the place every wide-layout error message comes from). */
static int store_row(reader *rd, nqpf_panel *p, const wide_cols *wc, const nqpf_csv_row *row, nqpf_error *err)
{
    const char *path = rd->spec->path;
    size_t nh = wc->nh;
    if (row->n != nh)
        return nqpf_fail(err, NQPF_EPARSE, path, row->line, (long)(row->n < nh ? row->n : nh + 1),
                         "row has %zu fields but the header has %zu", row->n, nh);
    const char *us, *ps;
    size_t ul, pl;
    int rc;
    if ((rc = key_field(row, wc->cu, path, "unit", &us, &ul, err)) ||
        (rc = key_field(row, wc->ct, path, "period", &ps, &pl, err)))
        return rc;
    if (rowstore_reserve(&rd->rows, 1))
        return nqpf_fail_nomem(err);
    double *vals = &rd->rows.vals[rd->rows.n * wc->nv];
    for (size_t i = 0; i < wc->nv; i++) {
        if ((rc = parse_value(row, wc->cols[i], path, p->vars[i], &vals[i], err)))
            return rc;
        rd->rows.has_nan |= isnan(vals[i]);
    }
    const char *ts[64];
    size_t tl[64];
    for (size_t i = 0; i < p->n_text && i < 64; i++) {
        ts[i] = row->field[wc->tcols[i]];
        tl[i] = row->len[wc->tcols[i]];
    }
    return wide_push(&rd->rows, &rd->units, &rd->periods, p, us, ul, ps, pl, ts, tl, row->line, err);
}

/* The strict reader's rows of the wide layout (fastblock.h). */
static int wide_strict_row(void *ctx, const nqpf_csv_row *row, nqpf_error *err)
{
    wide_ctx *c = ctx;
    return store_row(c->owner, c->p, c->wc, row, err);
}

static int read_wide(nqpf_csv *r, char **h, size_t nh, long hline, reader *rd, nqpf_panel *p,
                     nqpf_error *err)
{
    const nqpf_panel_spec *sp = rd->spec;
    const char *path = sp->path;
    wide_cols wc = {0};
    wc.nh = nh;
    wc.cu = find_col(h, nh, sp->unit_col);
    wc.ct = find_col(h, nh, sp->period_col);
    if (wc.cu < 0)
        return nqpf_fail_no_column(err, path, hline, "unit", sp->unit_col, h, nh, NULL);
    if (wc.ct < 0)
        return nqpf_fail_no_column(err, path, hline, "period", sp->period_col, h, nh, NULL);
    if (sp->n_text > 64)
        return nqpf_fail(err, NQPF_EUSAGE, path, 0, 0, "at most 64 text columns can be kept");
    /* variable columns */
    size_t nv = sp->vars ? sp->n_vars : 0;
    if (!sp->vars)
        for (size_t j = 0; j < nh; j++)
            if ((long)j != wc.cu && (long)j != wc.ct && find_col((char **)sp->text_cols, sp->n_text, h[j]) < 0)
                nv++;
    wc.nv = nv;
    p->vars = nqpf_calloc(nv, sizeof(char *));
    p->var_col = nqpf_calloc(nv, sizeof(long));
    wc.cols = nqpf_calloc(nv, sizeof(long));
    wc.tcols = nqpf_calloc(sp->n_text, sizeof(long));
    wc.varof = nqpf_alloc(nh, sizeof(int));
    int rc = NQPF_OK;
    wide_scratch scratch = {0};
    if (!p->vars || !p->var_col || !wc.cols || !wc.tcols || !wc.varof) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    size_t k = 0;
    for (size_t j = 0; j < nh && !sp->vars; j++)
        if ((long)j != wc.cu && (long)j != wc.ct && find_col((char **)sp->text_cols, sp->n_text, h[j]) < 0)
            wc.cols[k++] = (long)j;
    if (sp->vars) {
        /* the named variables through a map of the header: linear even for
         * a system of a million indicators over a million columns */
        nqpf_strmap hm = {0};
        for (size_t j = 0; j < nh; j++)
            if (nqpf_strmap_intern(&hm, h[j], strlen(h[j]), NULL) < 0) {
                nqpf_strmap_free(&hm);
                rc = nqpf_fail_nomem(err);
                goto done;
            }
        for (size_t i = 0; i < nv; i++)
            if ((wc.cols[i] = nqpf_strmap_find(&hm, sp->vars[i], strlen(sp->vars[i]))) < 0) {
                nqpf_strmap_free(&hm);
                rc = nqpf_fail_no_column(err, path, hline, NULL, sp->vars[i], h, nh, NULL);
                goto done;
            }
        nqpf_strmap_free(&hm);
    }
    for (size_t j = 0; j < nh; j++)
        wc.varof[j] = -1;
    for (size_t i = 0; i < nv; i++) {
        p->var_col[i] = wc.cols[i] + 1;
        if (wc.varof[wc.cols[i]] < 0)
            wc.varof[wc.cols[i]] = (int)i;
        if (!(p->vars[i] = nqpf_strdup(h[wc.cols[i]]))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        p->n_vars = i + 1;
    }
    for (size_t i = 0; i < sp->n_text; i++)
        if ((wc.tcols[i] = find_col(h, nh, sp->text_cols[i])) < 0) {
            rc = nqpf_fail_no_column(err, path, hline, NULL, sp->text_cols[i], h, nh, NULL);
            goto done;
        }
    rd->rows.nv = nv;
    rd->rows.ntext = sp->n_text;
    /* a variable named twice reads the same column twice: keep the general path */
    int fast = (sp->delim == 0 || sp->delim == ',') && !sp->strict;
    for (size_t i = 0; i < nv && fast; i++)
        fast = wc.varof[wc.cols[i]] == (int)i;

    wide_ctx ctx = {.s = &rd->rows, .units = &rd->units, .periods = &rd->periods, .p = p, .wc = &wc, .owner = rd};
    fast_ops ops;
    wide_ops(&ctx, &ops);
    ops.strict_row = wide_strict_row;
    rc = fast_read(r, &ops, fast, err);
    scratch = ctx.w;
done:
    wide_scratch_free(&scratch);
    free(wc.cols);
    free(wc.tcols);
    free(wc.varof);
    return rc;
}

static int read_long(nqpf_csv *r, char **h, size_t nh, long hline, reader *rd, nqpf_panel *p,
                     nqpf_error *err)
{
    const nqpf_panel_spec *sp = rd->spec;
    const char *path = sp->path;
    const char *vname = sp->var_col ? sp->var_col : "variable";
    const char *valname = sp->value_col ? sp->value_col : "value";
    long cu = find_col(h, nh, sp->unit_col), ct = find_col(h, nh, sp->period_col);
    long cv = find_col(h, nh, vname), cx = find_col(h, nh, valname);
    const char *missing = cu < 0 ? sp->unit_col : ct < 0 ? sp->period_col : cv < 0 ? vname : cx < 0 ? valname : NULL;
    if (missing)
        return nqpf_fail_no_column(err, path, hline, NULL, missing, h, nh, "(long layout)");
    if (sp->n_text)
        return nqpf_fail(err, NQPF_EUSAGE, path, 0, 0, "extra text columns are only kept in the wide layout");
    /* the wanted variables, in the caller's order, get the first ids */
    for (size_t i = 0; sp->vars && i < sp->n_vars; i++) {
        uint32_t id;
        int rc = intern(&rd->vars, sp->vars[i], strlen(sp->vars[i]), &id, err);
        if (rc)
            return rc;
    }
    rd->vals.elem = sizeof(double);
    rd->meta.elem = sizeof(rec_meta);
    nqpf_csv_row row;
    int got, rc = NQPF_OK;
    while ((got = nqpf_csv_next(r, &row, err)) == 1) {
        if (row.n != nh)
            return nqpf_fail(err, NQPF_EPARSE, path, row.line, (long)(row.n < nh ? row.n : nh + 1),
                             "row has %zu fields but the header has %zu", row.n, nh);
        const char *s;
        size_t n;
        if ((rc = key_field(&row, cv, path, "variable name", &s, &n, err)))
            return rc;
        uint32_t v = 0;
        if (sp->vars) {
            long f = nqpf_strmap_find(&rd->vars, s, n);
            if (f < 0)
                continue; /* a variable nobody asked for */
            v = (uint32_t)f;
        } else if ((rc = intern(&rd->vars, s, n, &v, err)))
            return rc;
        rec_meta *m = chunked_push(&rd->meta);
        double *val = chunked_push(&rd->vals);
        if (!m || !val)
            return nqpf_fail_nomem(err);
        m->line = row.line;
        m->v = v;
        if ((rc = key_field(&row, cu, path, "unit", &s, &n, err)) || (rc = intern(&rd->units.map, s, n, &m->u, err)))
            return rc;
        if ((rc = key_field(&row, ct, path, "period", &s, &n, err)) ||
            (rc = intern(&rd->periods.map, s, n, &m->t, err)))
            return rc;
        if ((rc = parse_value(&row, cx, path, rd->vars.keys[v], val, err)))
            return rc;
    }
    if (got < 0)
        return -got;
    p->n_vars = rd->vars.n;
    p->vars = calloc(p->n_vars ? p->n_vars : 1, sizeof(char *));
    p->var_col = calloc(p->n_vars ? p->n_vars : 1, sizeof(long));
    if (!p->vars || !p->var_col)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < p->n_vars; i++) {
        p->vars[i] = rd->vars.keys[i];
        rd->vars.keys[i] = NULL;
    }
    rd->vars.n = 0; /* keys moved to p->vars */
    return NQPF_OK;
}

/* Sorting periods: numeric when every label is a number. */
typedef struct period_key {
    double num;
    const char *text;
    uint32_t id;
} period_key;

static int cmp_num(const void *a, const void *b)
{
    const period_key *x = a, *y = b;
    return x->num < y->num ? -1 : x->num > y->num ? 1 : 0;
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(((const period_key *)a)->text, ((const period_key *)b)->text);
}

/* Sort the periods; fill p->periods/period_value and map[old id] = new id. */
static int order_periods(reader *rd, nqpf_panel *p, uint32_t *map, nqpf_error *err)
{
    size_t T = rd->periods.map.n;
    period_key *k = calloc(T ? T : 1, sizeof *k);
    p->periods = calloc(T ? T : 1, sizeof(char *));
    p->period_value = calloc(T ? T : 1, sizeof(double));
    if (!k || !p->periods || !p->period_value) {
        free(k);
        return nqpf_fail_nomem(err);
    }
    int numeric = 1;
    for (size_t i = 0; i < T; i++) {
        k[i].text = rd->periods.map.keys[i];
        k[i].id = (uint32_t)i;
        if (nqpf_parse_cell(k[i].text, strlen(k[i].text), &k[i].num, NULL) != NQPF_CELL_NUMBER)
            numeric = 0;
    }
    /* Chinese spreadsheets often label years "2012年": when every label is a
     * number followed by 年, the periods are those numbers (the label
     * becomes "2012", so captions that add 年 never read "2012年年") */
    static const char NIAN[] = "\xe5\xb9\xb4"; /* 年 in UTF-8 */
    int nian = !numeric && T > 0;
    for (size_t i = 0; nian && i < T; i++) {
        size_t len = strlen(k[i].text);
        nian = len > 3 && memcmp(k[i].text + len - 3, NIAN, 3) == 0 &&
               nqpf_parse_cell(k[i].text, len - 3, &k[i].num, NULL) == NQPF_CELL_NUMBER;
    }
    if (nian) {
        for (size_t i = 0; i < T; i++)
            rd->periods.map.keys[i][strlen(rd->periods.map.keys[i]) - 3] = '\0';
        numeric = 1;
    }
    qsort(k, T, sizeof *k, numeric ? cmp_num : cmp_text);
    for (size_t i = 0; i < T; i++) {
        map[k[i].id] = (uint32_t)i;
        p->periods[i] = rd->periods.map.keys[k[i].id];
        p->period_value[i] = numeric ? k[i].num : (double)i;
    }
    for (size_t i = 0; i < T; i++)
        rd->periods.map.keys[i] = NULL;
    rd->periods.map.n = 0;
    p->n_periods = T;
    p->periods_numeric = numeric;
    free(k);
    return NQPF_OK;
}

/* Move the long layout's records into the cube, freeing each chunk once it
 * is copied. */
static int scatter_long(reader *rd, nqpf_panel *p, const uint32_t *pmap, nqpf_error *err)
{
    size_t U = p->n_units, T = p->n_periods, V = p->n_vars;
    size_t cells = U * T;
    if (U && T && (cells / U != T || (V && cells > SIZE_MAX / sizeof(double) / V)))
        return nqpf_fail(err, NQPF_ENOMEM, p->path, 0, 0, "panel too large (%zu units × %zu periods)", U, T);
    size_t ncell = cells * V;
    p->row_line = calloc(cells ? cells : 1, sizeof(long));
    p->x = malloc((ncell ? ncell : 1) * sizeof(double));
    p->cell_line = calloc(ncell ? ncell : 1, sizeof(long));
    if (!p->row_line || !p->x || !p->cell_line)
        return nqpf_fail_nomem(err);
    /* Cells no record fills are set to NaN after the scatter, not before:
     * filling the whole cube first would touch every page while the chunks
     * still hold the data, doubling the peak memory. */
    size_t n = rd->meta.n;
    for (size_t i = 0; i < n; i++) {
        const rec_meta *m = chunked_at(&rd->meta, i);
        size_t t = pmap[m->t], r = (size_t)m->u * T + t, c = r * V + m->v;
        if (p->cell_line[c])
            return nqpf_fail(err, NQPF_EINPUT, p->path, m->line, 0,
                             "duplicate value for unit '%s', period '%s', variable '%s' (first at line %ld)",
                             p->units[m->u], p->periods[t], p->vars[m->v], p->cell_line[c]);
        p->cell_line[c] = m->line;
        if (!p->row_line[r])
            p->row_line[r] = m->line;
        p->x[c] = *(const double *)chunked_at(&rd->vals, i);
        if ((i + 1) % CHUNK_ROWS == 0) { /* the chunk is done: give its memory back now */
            size_t k = i / CHUNK_ROWS;
            free(rd->vals.chunk[k]);
            free(rd->meta.chunk[k]);
            rd->vals.chunk[k] = rd->meta.chunk[k] = NULL;
        }
    }
    for (size_t c = 0; c < ncell; c++)
        if (!p->cell_line[c])
            p->x[c] = NAN;
    return NQPF_OK;
}

int nqpf_panel_read(nqpf_panel **out, const nqpf_panel_spec *spec, nqpf_error *err)
{
    *out = NULL;
    if (!spec->unit_col || !spec->period_col)
        return nqpf_fail(err, NQPF_EUSAGE, spec->path, 0, 0, "unit and period columns must be named");
    nqpf_panel *p = calloc(1, sizeof *p);
    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.spec = spec;
    nqpf_csv *r = NULL;
    char **h = NULL;
    size_t nh = 0;
    uint32_t *pmap = NULL;
    nqpf_sha256 sha;
    int rc;
    if (spec->sha256)
        spec->sha256[0] = '\0';
    if (!p || !(p->path = nqpf_strdup(spec->path))) {
        free(p);
        return nqpf_fail_nomem(err);
    }
    p->n_text = spec->n_text;
    if (spec->n_text) {
        p->text_names = calloc(spec->n_text, sizeof(char *));
        p->text_values = calloc(spec->n_text, sizeof(nqpf_strmap));
        if (!p->text_names || !p->text_values) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        for (size_t k = 0; k < spec->n_text; k++)
            if (!(p->text_names[k] = nqpf_strdup(spec->text_cols[k]))) {
                rc = nqpf_fail_nomem(err);
                goto fail;
            }
    }
    if ((rc = nqpf_csv_open(&r, spec->path, spec->encoding, spec->delim ? spec->delim : ',', err)))
        goto fail;
    if (spec->sha256) {
        nqpf_sha256_init(&sha);
        nqpf_csv_hash(r, &sha);
    }
    nqpf_csv_row row;
    int got = nqpf_csv_next(r, &row, err);
    if (got <= 0) {
        rc = got < 0 ? -got : nqpf_fail(err, NQPF_EINPUT, spec->path, 0, 0, "file is empty (a header row is required)");
        goto fail;
    }
    p->header_line = row.line;
    nh = row.n;
    if ((rc = io_copy_header(&row, spec->path, &h, err))) {
        nh = 0;
        goto fail;
    }
    if (spec->layout == NQPF_LAYOUT_LONG)
        rc = read_long(r, h, nh, p->header_line, &rd, p, err);
    else
        rc = read_wide(r, h, nh, p->header_line, &rd, p, err);
    if (rc)
        goto fail;
    if (spec->sha256)
        (void)nqpf_csv_sha256(r, spec->sha256);
    p->encoding = nqpf_csv_encoding(r);
    nqpf_csv_close(r);
    r = NULL;
    if ((spec->layout == NQPF_LAYOUT_LONG ? rd.meta.n : rd.rows.n) == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, spec->path, p->header_line, 0, "no data rows");
        goto fail;
    }
    /* units in order of first appearance */
    p->n_units = rd.units.map.n;
    p->units = rd.units.map.keys;
    rd.units.map.keys = NULL;
    rd.units.map.n = 0;
    pmap = malloc(rd.periods.map.n * sizeof *pmap);
    if (!pmap) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if ((rc = order_periods(&rd, p, pmap, err)) ||
        (rc = spec->layout == NQPF_LAYOUT_LONG ? scatter_long(&rd, p, pmap, err)
                                               : rowstore_to_cube(&rd.rows, p, pmap, err)))
        goto fail;
    free(pmap);
    nqpf_header_free(h, nh);
    reader_free(&rd);
    *out = p;
    return NQPF_OK;
fail:
    free(pmap);
    nqpf_csv_close(r);
    nqpf_header_free(h, nh);
    reader_free(&rd);
    nqpf_panel_free(p);
    return rc;
}

int nqpf_panel_keep_units(nqpf_panel *p, const unsigned char *keep, nqpf_error *err)
{
    (void)err;
    size_t T = p->n_periods, V = p->n_vars, K = p->n_text, w = 0;
    for (size_t u = 0; u < p->n_units; u++) {
        if (!keep[u]) {
            free(p->units[u]);
            continue;
        }
        if (w != u) {
            p->units[w] = p->units[u];
            memmove(&p->x[w * T * V], &p->x[u * T * V], T * V * sizeof(double));
            if (p->row_line)
                memmove(&p->row_line[w * T], &p->row_line[u * T], T * sizeof(long));
            if (p->cell_line)
                memmove(&p->cell_line[w * T * V], &p->cell_line[u * T * V], T * V * sizeof(long));
            if (K)
                memmove(&p->text[w * T * K], &p->text[u * T * K], T * K * sizeof(uint32_t));
        }
        w++;
    }
    p->n_units = w;
    return NQPF_OK;
}
