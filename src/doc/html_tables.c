/* nqpf — the summary tables papers print, in index.html: the tables the
 * page does not draw itself (rtable.html set: the indicator system with
 * its weights, the score matrix, the leading obstacle factors, coupling
 * classes, GM(1,1) accuracy, TOPSIS), written from the same kept tables as
 * the CSV, LaTeX, Word and Excel files, numbers rounded as printed. */
#include "nqpf/doc.h"

static int one(nqpf_buf *b, capctx *cc, const rtable *t)
{
    char num[256];
    int e = nqpf_buf_puts(b, "<figure><table class=\"paper\"><thead><tr>");
    for (size_t k = 0; k < t->ncol; k++) {
        e |= nqpf_buf_puts(b, "<th>");
        e |= nqpf_buf_html(b, rt_col_label(t, k));
        e |= nqpf_buf_puts(b, "</th>");
    }
    e |= nqpf_buf_puts(b, "</tr></thead><tbody>");
    for (size_t i = 0; i < t->n; i++) {
        e |= nqpf_buf_puts(b, i % t->ncol ? "<td>" : "<tr><td>");
        e |= nqpf_buf_html(b, rt_cell_label(t, i, num, sizeof num));
        e |= nqpf_buf_puts(b, (i + 1) % t->ncol ? "</td>" : "</td></tr>");
    }
    e |= nqpf_buf_puts(b, "</tbody></table>");
    if (t->note) {
        e |= nqpf_buf_puts(b, "<p><small>");
        e |= nqpf_buf_html(b, t->note);
        e |= nqpf_buf_puts(b, "</small></p>");
    }
    return e | html_caption(b, cc, 1, t->caption);
}

int report_html_tables(nqpf_buf *b, capctx *cc, const rtable *t, size_t n)
{
    int e = 0, any = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].html) {
            if (!any++)
                e |= nqpf_buf_printf(b, "<h2>%s</h2>\n", cc->en ? "Summary tables" : "汇总表");
            e |= one(b, cc, &t[i]);
        }
    return e ? -1 : 0;
}
