/* nqpf — text escaped for HTML/XML and for LaTeX as it is appended to a
 * buffer: the report's writers and the maps use them (include/nqpf/util.h). */
#include <string.h>

#include "nqpf/util.h"

/* s appended to b with each character of `from` replaced by its entry of
 * `to` (one escaper for HTML and LaTeX). */
static int escape(nqpf_buf *b, const char *s, const char *from, const char *const *to)
{
    for (; *s; s++) {
        const char *hit = strchr(from, *s);
        if (hit ? nqpf_buf_puts(b, to[hit - from]) : nqpf_buf_append(b, s, 1))
            return -1;
    }
    return 0;
}

int nqpf_buf_html(nqpf_buf *b, const char *s)
{
    static const char *const to[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    return escape(b, s, "&<>\"'", to);
}

int nqpf_buf_tex(nqpf_buf *b, const char *s)
{
    static const char *const to[] = {"\\textbackslash{}", "\\{", "\\}", "\\$", "\\&", "\\#", "\\_", "\\%",
                                     "\\textasciicircum{}", "\\textasciitilde{}", "\\textless{}",
                                     "\\textgreater{}"};
    return escape(b, s, "\\{}$&#_%^~<>", to);
}
