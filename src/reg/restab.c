/* nqpf — result tables built in memory and the one writer of their CSV
 * (include/nqpf/restab.h). */
#include <stdlib.h>
#include <string.h>

#include "nqpf/output.h"
#include "nqpf/restab.h"

int nqpf_restab_header(nqpf_restab *r, const char *names)
{
    nqpf_table *t = calloc(1, sizeof *t);
    size_t n = 1;
    for (const char *p = names; *p; p++)
        n += *p == ',';
    if (!t || !(t->header = calloc(n, sizeof *t->header))) {
        free(t);
        return r->bad = -1;
    }
    r->t = t;
    for (const char *p = names;; t->n_cols++) {
        size_t len = strcspn(p, ",");
        if (!(t->header[t->n_cols] = nqpf_strndup(p, len)))
            return r->bad = -1;
        if (!p[len])
            break;
        p += len + 1;
    }
    t->n_cols++;
    t->header_line = 1;
    return 0;
}

static int add(nqpf_restab *r, char *s, int num)
{
    if (!s || !r->t)
        return free(s), r->bad = -1;
    if (r->n_cells == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        char **c = realloc(r->t->cell, cap * sizeof *c);
        if (c)
            r->t->cell = c;
        unsigned char *f = c ? realloc(r->num, cap) : NULL;
        if (!f)
            return free(s), r->bad = -1;
        r->num = f, r->cap = cap;
    }
    r->num[r->n_cells] = (unsigned char)num;
    r->t->cell[r->n_cells++] = s;
    return 0;
}

int nqpf_restab_text(nqpf_restab *r, const char *s)
{
    return add(r, nqpf_strdup(s), 0);
}

int nqpf_restab_num(nqpf_restab *r, double x)
{
    char tmp[40];
    nqpf_format_double(x, tmp, sizeof tmp);
    return add(r, nqpf_strdup(tmp), 1);
}

int nqpf_restab_row(nqpf_restab *r, const char *const *f, size_t nf, const double *v, size_t nv)
{
    int bad = 0;
    for (size_t k = 0; k < nf; k++)
        bad |= nqpf_restab_text(r, f[k]);
    for (size_t k = 0; k < nv; k++)
        bad |= nqpf_restab_num(r, v[k]);
    return bad;
}

int nqpf_restab_done(nqpf_restab *r, nqpf_error *err)
{
    if (r->bad)
        return nqpf_fail_nomem(err);
    nqpf_table *t = r->t;
    if (!t)
        return NQPF_OK;
    if (r->n_cells % t->n_cols)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "a result row of %zu cells under %zu columns",
                         r->n_cells % t->n_cols, t->n_cols);
    t->n_rows = r->n_cells / t->n_cols;
    /* the lines the table's CSV would give its rows */
    if (!(t->line = nqpf_alloc(t->n_rows + 1, sizeof *t->line)))
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < t->n_rows; i++)
        t->line[i] = (long)i + 2;
    return NQPF_OK;
}

nqpf_table *nqpf_restab_take(nqpf_restab *r)
{
    nqpf_table *t = r->t;
    r->t = NULL;
    nqpf_restab_free(r);
    return t;
}

void nqpf_restab_free(nqpf_restab *r)
{
    if (r->t) {
        /* n_rows may not be set yet: free what was added */
        for (size_t i = 0; i < r->n_cells; i++)
            free(r->t->cell[i]);
        r->t->n_rows = 0;
        nqpf_table_free(r->t);
    }
    free(r->num);
    memset(r, 0, sizeof *r);
}

int nqpf_restab_csv(const nqpf_restab *r, nqpf_buf *b)
{
    const nqpf_table *t = r->t;
    int bad = 0;
    for (size_t c = 0; t && c < t->n_cols; c++) {
        bad |= nqpf_buf_csv_field(b, t->header[c]);
        bad |= nqpf_buf_append(b, c + 1 < t->n_cols ? "," : "\n", 1);
    }
    for (size_t i = 0; t && i < r->n_cells; i++) {
        const char *s = t->cell[i];
        bad |= r->num[i] ? nqpf_buf_append(b, s, strlen(s)) : nqpf_buf_csv_field(b, s);
        bad |= nqpf_buf_append(b, (i + 1) % t->n_cols ? "," : "\n", 1);
    }
    return bad;
}

int nqpf_restabs_write(const char *const *paths, const nqpf_restab *const *tabs, const nqpf_buf *const *texts,
                       size_t n, int flags, nqpf_error *err)
{
    nqpf_buf *b = calloc(n ? n : 1, sizeof *b);
    const nqpf_buf **bp = calloc(n ? n : 1, sizeof *bp);
    int rc = b && bp ? NQPF_OK : nqpf_fail_nomem(err);
    for (size_t k = 0; k < n && !rc; k++) {
        bp[k] = tabs[k] || !texts ? &b[k] : texts[k];
        if (paths[k] && tabs[k] && nqpf_restab_csv(tabs[k], &b[k]))
            rc = nqpf_fail_nomem(err);
    }
    if (!rc)
        rc = nqpf_write_buffers(paths, bp, n, flags, err);
    for (size_t k = 0; b && k < n; k++)
        nqpf_buf_free(&b[k]);
    free(b), free(bp);
    return rc;
}
