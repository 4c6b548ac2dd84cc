/* Whole small CSV files in memory, built on the streaming reader. */
#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/util.h"
#include "panel_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void nqpf_table_free(nqpf_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_cols; i++)
        free(t->header[i]);
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cell[i]);
    free(t->header);
    free(t->cell);
    free(t->line);
    free(t->path);
    free(t);
}

static void unguard(char *s)
{
    if (nqpf_csv_unguard(s) != s)
        memmove(s, s + 1, strlen(s)); /* with the terminator */
}

void nqpf_table_unguard(nqpf_table *t)
{
    for (size_t j = 0; j < t->n_cols; j++)
        unguard(t->header[j]);
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        unguard(t->cell[i]);
}

static char *trimmed_copy(const char *s, size_t n)
{
    nqpf_trim(&s, &n);
    return nqpf_strndup(s, n);
}

int nqpf_table_read(nqpf_table **out, const char *path, nqpf_encoding enc, nqpf_error *err)
{
    *out = NULL;
    nqpf_csv *r = NULL;
    int rc = nqpf_csv_open(&r, path, enc, ',', err);
    if (rc)
        return rc;
    nqpf_table *t = calloc(1, sizeof *t);
    if (!t || !(t->path = nqpf_strdup(path))) {
        free(t);
        nqpf_csv_close(r);
        return nqpf_fail_nomem(err);
    }
    nqpf_csv_row row;
    nqpf_strmap seen = {0};
    int got = nqpf_csv_next(r, &row, err);
    if (got < 0) {
        rc = -got;
        goto fail;
    }
    if (got == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "file is empty (a header row is required)");
        goto fail;
    }
    t->encoding = nqpf_csv_encoding(r);
    t->header_line = row.line;
    t->header = calloc(row.n, sizeof(char *));
    if (!t->header) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    t->n_cols = row.n;
    for (size_t j = 0; j < row.n; j++) {
        if (!(t->header[j] = trimmed_copy(row.field[j], row.len[j]))) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        if (t->header[j][0] == '\0') {
            rc = nqpf_fail(err, NQPF_EINPUT, path, row.line, (long)j + 1, "empty column name in header");
            goto fail;
        }
        /* duplicates through a hash map (linear in the header's width) */
        int inserted = 0;
        long k = nqpf_strmap_intern(&seen, t->header[j], strlen(t->header[j]), &inserted);
        if (k < 0) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        if (!inserted) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, row.line, (long)j + 1,
                           "duplicate column name '%s' (also column %ld)", t->header[j], k + 1);
            goto fail;
        }
    }
    nqpf_strmap_free(&seen);
    size_t cap_rows = 0, cap_cells = 0;
    while ((got = nqpf_csv_next(r, &row, err)) == 1) {
        if (row.n != t->n_cols) {
            rc = nqpf_fail(err, NQPF_EPARSE, path, row.line, (long)(row.n < t->n_cols ? row.n : t->n_cols + 1),
                           "row has %zu fields but the header has %zu", row.n, t->n_cols);
            goto fail;
        }
        void *pl = t->line, *pc = t->cell;
        int grow_failed = nqpf_grow(&pl, &cap_rows, t->n_rows + 1, sizeof(long));
        t->line = pl;
        grow_failed |= nqpf_grow(&pc, &cap_cells, (t->n_rows + 1) * t->n_cols, sizeof(char *));
        t->cell = pc;
        if (grow_failed) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        t->line[t->n_rows] = row.line;
        char **dst = t->cell + t->n_rows * t->n_cols;
        for (size_t j = 0; j < row.n; j++) {
            if (!(dst[j] = trimmed_copy(row.field[j], row.len[j]))) {
                for (size_t k = 0; k < j; k++)
                    free(dst[k]);
                rc = nqpf_fail_nomem(err);
                goto fail;
            }
        }
        t->n_rows++;
    }
    if (got < 0) {
        rc = -got;
        goto fail;
    }
    nqpf_csv_close(r);
    *out = t;
    return NQPF_OK;
fail:
    nqpf_strmap_free(&seen);
    nqpf_csv_close(r);
    nqpf_table_free(t);
    return rc;
}

long nqpf_table_col(const nqpf_table *t, const char *name)
{
    for (size_t j = 0; j < t->n_cols; j++)
        if (strcmp(t->header[j], name) == 0)
            return (long)j;
    return -1;
}

const char *nqpf_table_get(const nqpf_table *t, size_t row, size_t col)
{
    return t->cell[row * t->n_cols + col];
}

int nqpf_table_number(const nqpf_table *t, size_t row, size_t col, double *out, nqpf_error *err)
{
    const char *s = nqpf_table_get(t, row, col);
    const char *why = NULL;
    switch (nqpf_parse_cell(s, strlen(s), out, &why)) {
    case NQPF_CELL_NUMBER:
        return NQPF_OK;
    case NQPF_CELL_MISSING:
        *out = NAN;
        return NQPF_EMISSING;
    default:
        return nqpf_fail(err, NQPF_EPARSE, t->path, t->line[row], (long)col + 1,
                         "'%s' in column '%s': %s", s, t->header[col], why);
    }
}

int nqpf_fail_no_column(nqpf_error *err, const char *path, long line, const char *what, const char *name,
                        char *const *header, size_t n_cols, const char *note)
{
    const char *near = nqpf_suggest(name, (const char *const *)header, n_cols);
    return nqpf_fail(err, NQPF_EINPUT, path, line, 0, "no %s%scolumn '%s' in the header%s%s%s%s%s", what ? what : "",
                     what ? " " : "", name, note ? " " : "", note ? note : "", near ? " (did you mean '" : "",
                     near ? near : "", near ? "'?)" : "");
}

int nqpf_table_require(const nqpf_table *t, const char *name, size_t *col, nqpf_error *err)
{
    long j = nqpf_table_col(t, name);
    if (j < 0)
        return nqpf_fail_no_column(err, t->path, t->header_line, NULL, name, t->header, t->n_cols, NULL);
    *col = (size_t)j;
    return NQPF_OK;
}

int nqpf_table_column(const nqpf_table *t, const char *name, double *out, int allow_missing,
                      nqpf_error *err)
{
    size_t j;
    int rc = nqpf_table_require(t, name, &j, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < t->n_rows; i++) {
        rc = nqpf_table_number(t, i, j, &out[i], err);
        if (rc == NQPF_EMISSING) {
            if (allow_missing)
                continue;
            return nqpf_fail(err, NQPF_EMISSING, t->path, t->line[i], (long)j + 1,
                             "missing value in column '%s'", name);
        }
        if (rc)
            return rc;
    }
    return NQPF_OK;
}

/* A period cell with its row; `numeric` (the same in every element) says
 * whether the cells sort as numbers, so the comparator needs no global. */
typedef struct rank_key {
    const char *s;
    double v;
    size_t row;
    int numeric;
} rank_key;

static int cmp_value(const rank_key *x, const rank_key *y)
{
    return x->numeric ? (x->v > y->v) - (x->v < y->v) : strcmp(x->s, y->s);
}

static int cmp_rank_key(const void *a, const void *b)
{
    const rank_key *x = a, *y = b;
    int c = cmp_value(x, y);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

int io_rank_texts(const char *const *s, size_t n, size_t *rank, size_t *n_ranks, size_t *first)
{
    rank_key *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return -1;
    int numeric = 1;
    for (size_t i = 0; i < n; i++) {
        k[i].s = s[i];
        k[i].row = i;
        if (nqpf_parse_cell(s[i], strlen(s[i]), &k[i].v, NULL) != NQPF_CELL_NUMBER)
            numeric = 0;
    }
    for (size_t i = 0; i < n; i++)
        k[i].numeric = numeric;
    qsort(k, n, sizeof *k, cmp_rank_key);
    size_t T = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || cmp_value(&k[i], &k[i - 1]) != 0) {
            if (first)
                first[T] = k[i].row;
            T++;
        }
        rank[k[i].row] = T - 1;
    }
    *n_ranks = T;
    free(k);
    return 0;
}

int nqpf_table_rank_column(const nqpf_table *t, size_t col, size_t *rank, size_t *n_ranks, size_t *first,
                           nqpf_error *err)
{
    size_t n = t->n_rows;
    const char **s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++) {
        s[i] = nqpf_table_get(t, i, col);
        if (!*s[i]) {
            free(s);
            return nqpf_fail(err, NQPF_EMISSING, t->path, t->line[i], (long)col + 1, "missing period");
        }
    }
    int bad = io_rank_texts(s, n, rank, n_ranks, first);
    free(s);
    return bad ? nqpf_fail_nomem(err) : NQPF_OK;
}
