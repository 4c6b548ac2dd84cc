/* nqpf — reading and writing weights as an edge list (from,to[,weight]). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/spatial.h"
#include "nqpf/util.h"

/* The global id of a level of the from or to column: the unit's text
 * (unguarded: "'=x" is the unit "=x", as output.h writes it) interned on
 * its first use, so ids number the units in order of first appearance
 * row by row, from before to, whichever column they first appear in. */
static long level_id(nqpf_strmap *ids, long *gid, const nqpf_column *c, int32_t code)
{
    if (gid[code] < 0) {
        const char *s = nqpf_csv_unguard(c->levels[code]);
        gid[code] = nqpf_strmap_intern(ids, s, strlen(s), NULL);
    }
    return gid[code];
}

/* The first of the m links (in file order) that repeats an earlier one, or
 * m: the links grouped by `from` (a stable counting sort), then in each
 * group a `to` met twice.  Linear; a set of "from,to" texts held a string
 * a link (100 MB for a million links).  -1: out of memory. */
static long first_repeat(const size_t *from, const size_t *to, size_t m, size_t n)
{
    size_t *order = malloc((m + 1) * sizeof *order), *end = malloc((n + 1) * sizeof *end);
    size_t *mark = malloc((n + 1) * sizeof *mark);
    long first = (long)m;
    if (!order || !end || !mark || nqpf_order_by_code(from, m, n, order, end) < 0)
        first = -1;
    for (size_t i = 0; first >= 0 && i < n; i++)
        mark[i] = SIZE_MAX;
    for (size_t a = 0, b = 0; first >= 0 && a < n; b = end[a++])
        for (size_t k = b; k < end[a]; k++) {
            size_t e = order[k]; /* ascending within the group */
            if (mark[to[e]] == a) {
                if ((long)e < first)
                    first = (long)e;
                break;
            }
            mark[to[e]] = a;
        }
    free(order), free(end), free(mark);
    return first;
}

int nqpf_weights_read_edges(nqpf_weights **out, const char *path, nqpf_error *err)
{
    *out = NULL;
    /* through the column reader: an edge list can be a long table (a
     * county distance band in long form has millions of rows), read as
     * two key columns and a number column, not a text cell per field */
    nqpf_colspec want[] = {{"from", NQPF_COL_KEY, 0, NULL},
                           {"to", NQPF_COL_KEY, 0, NULL},
                           {"weight", NQPF_COL_NUMBER, 0, NULL}};
    const unsigned char optional[] = {0, 0, 1};
    nqpf_coltable_spec sp = {.path = path, .encoding = NQPF_ENC_AUTO, .cols = want, .n_cols = 3,
                             .optional = optional};
    nqpf_coltable *t = NULL;
    int rc = nqpf_coltable_read(&t, &sp, err);
    if (rc)
        return rc;
    const nqpf_column *cf = &t->col[0], *ct = &t->col[1], *cw = t->col[2].name ? &t->col[2] : NULL;
    nqpf_strmap ids = {0};
    size_t nr = t->n_rows, m = 0;
    size_t *from = malloc((nr ? nr : 1) * sizeof *from);
    size_t *to = malloc((nr ? nr : 1) * sizeof *to);
    double *wt = malloc((nr ? nr : 1) * sizeof *wt);
    long *gid_from = malloc((cf->n_levels + 1) * sizeof *gid_from);
    long *gid_to = malloc((ct->n_levels + 1) * sizeof *gid_to);
    size_t *row = malloc((nr ? nr : 1) * sizeof *row); /* each link's row, for its line */
    if (!from || !to || !wt || !gid_from || !gid_to || !row)
        goto nomem;
    for (size_t k = 0; k < cf->n_levels; k++)
        gid_from[k] = -1;
    for (size_t k = 0; k < ct->n_levels; k++)
        gid_to[k] = -1;
    for (size_t r = 0; r < nr; r++) {
        if (cf->code[r] < 0) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[r], cf->file_col, "empty 'from' id");
            break;
        }
        long ia = level_id(&ids, gid_from, cf, cf->code[r]);
        if (ia < 0)
            goto nomem;
        if (ct->code[r] < 0)
            continue; /* a unit without neighbours */
        long ib = level_id(&ids, gid_to, ct, ct->code[r]);
        if (ib < 0)
            goto nomem;
        const char *a = ids.keys[ia];
        if (ia == ib) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[r], ct->file_col,
                           "self-link of unit '%s' (self weights are added by the commands that need them, e.g. lisa --star)",
                           a);
            break;
        }
        double v = cw ? cw->num[r] : 1.0;
        if (cw && isnan(v)) {
            rc = nqpf_fail(err, NQPF_EMISSING, path, t->line[r], cw->file_col, "missing weight");
            break;
        }
        if (v < 0) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[r], cw->file_col, "negative weight %g", v);
            break;
        }
        row[m] = r;
        from[m] = (size_t)ia;
        to[m] = (size_t)ib;
        wt[m] = v;
        m++;
    }
    /* a link listed twice before the row that stopped the pass (if one did)
     * comes first, as when each row was checked against a set of links */
    long dup = first_repeat(from, to, m, ids.n);
    if (dup < 0)
        goto nomem;
    if ((size_t)dup < m) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[row[dup]], 0, "link %s -> %s is listed twice",
                       ids.keys[from[dup]], ids.keys[to[dup]]);
        goto done;
    }
    if (rc)
        goto done;
    if (ids.n == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "no units in the edge list");
        goto done;
    }
    rc = nqpf_weights_from_edges(out, ids.n, ids.keys, m, from, to, wt, err);
    if (rc && !err->file[0])
        nqpf_fail(err, rc, path, 0, 0, "%s", err->msg);
    goto done;
nomem:
    rc = nqpf_fail_nomem(err);
done:
    nqpf_coltable_free(t);
    nqpf_strmap_free(&ids);
    free(row);
    free(from);
    free(to);
    free(wt);
    free(gid_from);
    free(gid_to);
    return rc;
}

int nqpf_weights_write_edges(const nqpf_weights *w, const char *path, int flags, nqpf_error *err)
{
    nqpf_outfile f;
    int rc = nqpf_outfile_open(&f, path, flags, err);
    if (rc)
        return rc;
    fputs("from,to,weight\n", f.fp);
    for (size_t i = 0; i < w->n; i++) {
        if (w->off[i + 1] == w->off[i]) {
            nqpf_csv_put_field(f.fp, w->id[i]);
            fputs(",,\n", f.fp);
            continue;
        }
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
            nqpf_csv_put_field(f.fp, w->id[i]);
            fputc(',', f.fp);
            nqpf_csv_put_field(f.fp, w->id[w->nbr[k]]);
            fputc(',', f.fp);
            nqpf_csv_put_num(f.fp, w->w[k]);
            fputc('\n', f.fp);
        }
    }
    return nqpf_outfile_commit(&f, err);
}
