/* nqpf — emitting a table: written as CSV (and LaTeX), listed, and kept in
 * the sink for the documents written after all tables.  Every section's
 * table writer calls down to here; nothing here knows an analysis. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/doc.h"
/* Copy name, caption, note and column names into one owned block, so a
 * kept table outlives the (often stack or temporary) strings it was built
 * from. */
static int rt_own(rtable *t)
{
    size_t len = strlen(t->name) + strlen(t->caption) + (t->note ? strlen(t->note) : 0) + 3;
    for (size_t c = 0; c < t->ncol; c++)
        len += strlen(t->cols[c]) + 1;
    char *blk = malloc(len + (t->ncol + 1) * sizeof(char *));
    if (!blk)
        return -1;
    const char **cols = (const char **)(void *)blk;  /* pointers first: aligned by malloc */
    char *p = blk + (t->ncol + 1) * sizeof(char *);
#define OWN(dst, src)                                                                                       \
    do {                                                                                                    \
        size_t n_ = strlen(src) + 1;                                                                        \
        memcpy(p, src, n_);                                                                                 \
        dst = p;                                                                                            \
        p += n_;                                                                                            \
    } while (0)
    for (size_t c = 0; c < t->ncol; c++)
        OWN(cols[c], t->cols[c]);
    cols[t->ncol] = NULL;
    OWN(t->name, t->name);
    OWN(t->caption, t->caption);
    if (t->note)
        OWN(t->note, t->note);
#undef OWN
    t->cols = cols;
    t->own = blk;
    return 0;
}

void report_sink_free(report_sink *s)
{
    for (size_t i = 0; i < s->n; i++)
        rt_free(&s->t[i]);
    free(s->t);
    s->t = NULL;
    s->n = s->cap = 0;
}

int report_emit(rtable *t, report_sink *tables, int bom, int tex, nqpf_buf *written, nqpf_error *err)
{
    report_sink *sink = tables;
    t->zh = !sink->en;
    int rc = t->oom ? nqpf_fail_nomem(err) : rt_write_csv(t, &tables->dir, bom, err);
    if (!rc && tex)
        rc = rt_write_tex(t, &tables->dir, err);
    if (!rc)
        nqpf_buf_printf(written, "tables/%s.csv\n%s", t->name, "");
    if (!rc && tex)
        nqpf_buf_printf(written, "tables/%s.tex\n", t->name);
    if (!rc) {
        t->print = tex;
        if (rt_own(t) || nqpf_grow((void **)&sink->t, &sink->cap, sink->n + 1, sizeof *sink->t))
            rc = nqpf_fail_nomem(err);
        else {
            sink->t[sink->n++] = *t;
            memset(t, 0, sizeof *t);
        }
    }
    rt_free(t);
    return rc;
}
void report_add_num(rtable *t, double v, int pvalue)
{
    rt_add(t, NULL, v);
    if (t->oom)
        return;
    /* a p-value to four decimals; a whole number without; else four
     * significant digits, at least four decimals (estimates in the units of
     * the data are often 1e-5) */
    double a = fabs(v);
    int d = pvalue ? 4 : a == floor(a) && a < 1e15 ? 0 : a > 0 && a < 1 ? (int)ceil(-log10(a)) + 3 : 4;
    t->cell[t->n - 1].digits = d < 4 && d ? 4 : d > 12 ? 12 : d;
}
int report_emit_verbatim(const nqpf_table *src, const char *name, int bom, report_sink *tables,
                         nqpf_buf *written, nqpf_error *err)
{
    rtable t;
    rt_init(&t, name, name, src->n_cols, (const char *const *)src->header);
    for (size_t i = 0; i < src->n_rows; i++)
        for (size_t c = 0; c < src->n_cols; c++)
            rt_add(&t, nqpf_table_get(src, i, c), 0);
    return report_emit(&t, tables, bom, 0, written, err);
}
