/* nqpf — reading and writing weights as an edge list (from,to[,weight]). */
#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/spatial.h"
#include "nqpf/util.h"

int nqpf_weights_read_edges(nqpf_weights **out, const char *path, nqpf_error *err)
{
    *out = NULL;
    nqpf_table *t = NULL;
    int rc = nqpf_table_read(&t, path, NQPF_ENC_AUTO, err);
    if (rc)
        return rc;
    size_t cf, ct;
    long cw = nqpf_table_col(t, "weight");
    if ((rc = nqpf_table_require(t, "from", &cf, err)) || (rc = nqpf_table_require(t, "to", &ct, err))) {
        nqpf_table_free(t);
        return rc;
    }
    nqpf_strmap ids = {0};
    size_t nr = t->n_rows, m = 0;
    size_t *from = malloc((nr ? nr : 1) * sizeof *from);
    size_t *to = malloc((nr ? nr : 1) * sizeof *to);
    double *wt = malloc((nr ? nr : 1) * sizeof *wt);
    nqpf_strmap seen = {0}; /* "from\x1fto" keys, to report a repeated link with its line */
    nqpf_buf key = {0};
    if (!from || !to || !wt)
        goto nomem;
    for (size_t r = 0; r < nr; r++) {
        /* ids as nqpf weights wrote them: "'=x" is the unit "=x" (output.h) */
        const char *a = nqpf_csv_unguard(nqpf_table_get(t, r, cf)), *b = nqpf_csv_unguard(nqpf_table_get(t, r, ct));
        if (!*a) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[r], (long)cf + 1, "empty 'from' id");
            goto done;
        }
        long ia = nqpf_strmap_intern(&ids, a, strlen(a), NULL);
        if (ia < 0)
            goto nomem;
        if (!*b)
            continue; /* a unit without neighbours */
        long ib = nqpf_strmap_intern(&ids, b, strlen(b), NULL);
        if (ib < 0)
            goto nomem;
        if (ia == ib) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[r], (long)ct + 1,
                           "self-link of unit '%s' (self weights are added by the commands that need them, e.g. lisa --star)",
                           a);
            goto done;
        }
        double v = 1.0;
        if (cw >= 0) {
            rc = nqpf_table_number(t, r, (size_t)cw, &v, err);
            if (rc == NQPF_EMISSING)
                rc = nqpf_fail(err, NQPF_EMISSING, path, t->line[r], cw + 1, "missing weight");
            if (rc)
                goto done;
            if (v < 0) {
                rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[r], cw + 1, "negative weight %g", v);
                goto done;
            }
        }
        key.len = 0;
        int ins = 0;
        if (nqpf_buf_printf(&key, "%ld\x1f%ld", ia, ib) ||
            nqpf_strmap_intern(&seen, key.data, key.len, &ins) < 0)
            goto nomem;
        if (!ins) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[r], 0, "link %s -> %s is listed twice", a, b);
            goto done;
        }
        from[m] = (size_t)ia;
        to[m] = (size_t)ib;
        wt[m] = v;
        m++;
    }
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
    nqpf_table_free(t);
    nqpf_strmap_free(&ids);
    nqpf_strmap_free(&seen);
    nqpf_buf_free(&key);
    free(from);
    free(to);
    free(wt);
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
