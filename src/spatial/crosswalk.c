/* nqpf — crosswalks of administrative changes (old/new GB codes and names)
 * for matching a user's units to the features of a map whose divisions are
 * of another year (data/city_crosswalk.csv for the bundled city map). */
#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/spatial.h"
#include "nqpf/util.h"

static void row_free(nqpf_crosswalk_row *r)
{
    free(r->from_code), free(r->from_name), free(r->to_code), free(r->to_name);
    free(r->kind), free(r->source);
}

void nqpf_crosswalk_free(nqpf_crosswalk *x)
{
    if (!x)
        return;
    for (size_t i = 0; x->row && i < x->n; i++)
        row_free(&x->row[i]);
    free(x->row);
    free(x->path);
    free(x);
}

static const char *const KINDS[] = {"recode", "rename", "merge", "split", "new"};

static int kind_ok(const char *k)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (!strcmp(k, KINDS[i]))
            return 1;
    return 0;
}

int nqpf_crosswalk_read(nqpf_crosswalk **out, const char *path, nqpf_error *err)
{
    *out = NULL;
    nqpf_table *t = NULL;
    int rc = nqpf_table_read(&t, path, NQPF_ENC_AUTO, err);
    if (rc)
        return rc;
    static const char *const need[] = {"from_code", "from_name", "to_code", "to_name", "kind"};
    size_t col[6];
    for (size_t k = 0; k < 5 && !rc; k++)
        rc = nqpf_table_require(t, need[k], &col[k], err);
    long sc = nqpf_table_col(t, "source");
    nqpf_crosswalk *x = calloc(1, sizeof *x);
    if (!rc && (!x || !(x->path = nqpf_strdup(path)) ||
                !(x->row = calloc(t->n_rows ? t->n_rows : 1, sizeof *x->row))))
        rc = nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < t->n_rows; i++) {
        nqpf_crosswalk_row *r = &x->row[i];
        x->n = i + 1;
        r->line = t->line[i];
        const char *kind = nqpf_table_get(t, i, col[4]);
        const char *fc = nqpf_table_get(t, i, col[0]), *fn = nqpf_table_get(t, i, col[1]);
        const char *tc = nqpf_table_get(t, i, col[2]);
        if (!kind_ok(kind))
            rc = nqpf_fail(err, NQPF_EINPUT, path, r->line, (long)col[4] + 1,
                           "crosswalk kind '%s' is not recode, rename, merge, split or new", kind);
        else if (!*fc && !*fn)
            rc = nqpf_fail(err, NQPF_EINPUT, path, r->line, (long)col[0] + 1,
                           "a crosswalk row needs from_code or from_name");
        else if ((!strcmp(kind, "split") || !strcmp(kind, "new")) != !*tc)
            rc = nqpf_fail(err, NQPF_EINPUT, path, r->line, (long)col[2] + 1,
                           "to_code must be empty exactly for kinds split and new");
        if (rc)
            break;
        if (!(r->from_code = nqpf_strdup(fc)) || !(r->from_name = nqpf_strdup(fn)) ||
            !(r->to_code = nqpf_strdup(tc)) || !(r->to_name = nqpf_strdup(nqpf_table_get(t, i, col[3]))) ||
            !(r->kind = nqpf_strdup(kind)) ||
            !(r->source = nqpf_strdup(sc >= 0 ? nqpf_table_get(t, i, (size_t)sc) : "")))
            rc = nqpf_fail_nomem(err);
    }
    nqpf_table_free(t);
    if (rc) {
        nqpf_crosswalk_free(x);
        return rc;
    }
    *out = x;
    return NQPF_OK;
}

int nqpf_crosswalk_copy(nqpf_crosswalk **out, const nqpf_crosswalk *x, nqpf_error *err)
{
    *out = NULL;
    if (!x)
        return NQPF_OK;
    nqpf_crosswalk *c = calloc(1, sizeof *c);
    if (!c || !(c->path = nqpf_strdup(x->path)) || !(c->row = calloc(x->n ? x->n : 1, sizeof *c->row)))
        goto nomem;
    for (size_t i = 0; i < x->n; i++) {
        const nqpf_crosswalk_row *s = &x->row[i];
        nqpf_crosswalk_row *r = &c->row[i];
        c->n = i + 1;
        r->line = s->line;
        if (!(r->from_code = nqpf_strdup(s->from_code)) || !(r->from_name = nqpf_strdup(s->from_name)) ||
            !(r->to_code = nqpf_strdup(s->to_code)) || !(r->to_name = nqpf_strdup(s->to_name)) ||
            !(r->kind = nqpf_strdup(s->kind)) || !(r->source = nqpf_strdup(s->source)))
            goto nomem;
    }
    *out = c;
    return NQPF_OK;
nomem:
    nqpf_crosswalk_free(c);
    return nqpf_fail_nomem(err);
}
