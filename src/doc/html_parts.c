/* nqpf — pieces of the HTML page shared by the sections: headings and
 * numbered captions, a kept table as HTML. */
#include <math.h>
#include <stdio.h>

#include "nqpf/doc.h"
int html_caption(nqpf_buf *b, capctx *cc, int table, const char *s)
{
    int n = table ? ++cc->tab : ++cc->fig;
    int e = nqpf_buf_puts(b, "<figcaption>");
    e |= cc->en ? nqpf_buf_printf(b, "%s %d. ", table ? "Table" : "Figure", n)
                : nqpf_buf_printf(b, "%s%d. ", table ? "表" : "图", n);
    e |= nqpf_buf_html(b, s);
    return e | nqpf_buf_puts(b, "</figcaption></figure>\n");
}

int html_heading(nqpf_buf *b, const char *s)
{
    int e = nqpf_buf_puts(b, "<h2>");
    e |= nqpf_buf_html(b, s);
    return e | nqpf_buf_puts(b, "</h2>\n<figure>");
}
int html_td_num(nqpf_buf *b, double v, int digits)
{
    return isnan(v) ? nqpf_buf_puts(b, "<td></td>") : nqpf_buf_printf(b, "<td>%.*f</td>", digits, v);
}

int report_html_rtable(nqpf_buf *b, const rtable *t)
{
    int e = t->oom || nqpf_buf_puts(b, "<table class=\"econ\"><thead><tr>");
    for (size_t c = 0; c < t->ncol; c++) {
        e |= nqpf_buf_puts(b, "<th>");
        e |= nqpf_buf_html(b, t->cols[c]);
        e |= nqpf_buf_puts(b, "</th>");
    }
    e |= nqpf_buf_puts(b, "</tr></thead><tbody>");
    for (size_t i = 0; i < t->n; i++) {
        const rcell *c = &t->cell[i];
        e |= i % t->ncol ? 0 : nqpf_buf_puts(b, "<tr>");
        e |= nqpf_buf_puts(b, "<td>");
        if (c->s)
            e |= nqpf_buf_html(b, c->s);
        else if (!isnan(c->v))
            e |= nqpf_buf_printf(b, "%.*f", c->digits, c->v);
        e |= nqpf_buf_puts(b, "</td>");
        e |= (i + 1) % t->ncol ? 0 : nqpf_buf_puts(b, "</tr>");
    }
    return e | nqpf_buf_puts(b, "</tbody></table>");
}
