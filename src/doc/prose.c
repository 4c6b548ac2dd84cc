/* nqpf — methods.md's Markdown as blocks of plain text (headings,
 * paragraphs, list items) for the documents that print it as prose
 * (report.docx, report.tex).  Only the Markdown methods.c writes is read:
 * "##" headings ("#", the file's title, is left out), "- " items, "|" table rows (skipped: the same tables
 * are printed as real tables), backslash escapes, `code`, **bold** and the three
 * entities report_md writes. */
#include <string.h>

#include "nqpf/doc.h"

/* Text of one line without Markdown markup. */
static int plain(nqpf_buf *b, const char *s, size_t n)
{
    static const struct {
        const char *ent, *ch;
    } ENT[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
    for (size_t i = 0; i < n; i++) {
        const char *c = s + i;
        int e = 0, done = 0;
        if (*c == '\\' && i + 1 < n) {
            e = nqpf_buf_append(b, c + 1, 1);
            i++;
            done = 1;
        } else if (*c == '`' || *c == '*') {  /* code and **bold** marks (a literal * is escaped) */
            done = 1;
        } else if (*c == '&') {
            for (size_t k = 0; k < 3 && !done; k++) {
                size_t m = strlen(ENT[k].ent);
                if (i + m <= n && !strncmp(c, ENT[k].ent, m)) {
                    e = nqpf_buf_puts(b, ENT[k].ch);
                    i += m - 1;
                    done = 1;
                }
            }
        }
        if (!done)
            e = nqpf_buf_append(b, c, 1);
        if (e)
            return -1;
    }
    return 0;
}

int report_prose(const char *md, report_prose_fn fn, void *ctx)
{
    nqpf_buf para = {0};
    int rc = 0;
    const char *s = md;
    while (!rc && *s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        const char *next = e ? e + 1 : s + n;
        int kind = -1;
        size_t skip = 0;
        if (n == 0 || s[0] == '|')
            kind = -2;  /* blank or table row: ends a paragraph */
        else if (s[0] == '#' && s[1] != '#')
            kind = -2;  /* the file's title: the documents have their own */
        else if (s[0] == '#') {
            while (skip < n && s[skip] == '#')
                skip++;
            while (skip < n && s[skip] == ' ')
                skip++;
            kind = REPORT_PROSE_HEADING;
        } else if (n > 2 && s[0] == '-' && s[1] == ' ')
            kind = REPORT_PROSE_ITEM, skip = 2;
        if (kind != -1 && para.len) {   /* flush the paragraph so far */
            rc = fn(ctx, REPORT_PROSE_PARA, para.data);
            para.len = 0;
        }
        if (!rc && kind >= 0) {
            nqpf_buf one = {0};
            rc = plain(&one, s + skip, n - skip) || nqpf_buf_puts(&one, "") ? -1 : fn(ctx, kind, one.data);
            nqpf_buf_free(&one);
        } else if (!rc && kind == -1) {
            if (para.len && nqpf_buf_puts(&para, " "))
                rc = -1;
            else if (plain(&para, s, n) || nqpf_buf_puts(&para, ""))
                rc = -1;
        }
        s = next;
    }
    if (!rc && para.len)
        rc = fn(ctx, REPORT_PROSE_PARA, para.data);
    nqpf_buf_free(&para);
    return rc;
}
