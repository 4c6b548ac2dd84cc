/* nqpf — the OOXML package shared by the Word and Excel writers (src/doc
 * internal: docx_pkg.c, xlsx_out.c, ooxml_zip.c). */
#ifndef NQPF_DOC_OOXML_H
#define NQPF_DOC_OOXML_H

#include "nqpf/doc.h"

/* An OOXML package (ooxml_zip.c): the parts zipped in order into
 * out/name, every entry dated 1980-01-01 so the same parts give the same
 * bytes. */
typedef struct ooxml_part {
    const char *name;
    const void *data;
    size_t len;
} ooxml_part;
/* XML text: the five escapes; control characters (not allowed in XML 1.0) dropped. */
int ooxml_text(nqpf_buf *b, const char *s);
/* Display width in character cells (East Asian characters 2): column widths. */
double ooxml_text_width(const char *s);
int ooxml_zip(const nqpf_outdir *out, const char *name, const ooxml_part *part, size_t n, nqpf_error *err);

#endif
