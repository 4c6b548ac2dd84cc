/* nqpf — report.docx internals: the body (docx.c) and the package
 * (docx_pkg.c). */
#ifndef NQPF_DOCX_INTERNAL_H
#define NQPF_DOCX_INTERNAL_H

#include "ooxml.h"

#define DOCX_XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define DOCX_NS                                                                                             \
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "                             \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "                      \
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "                  \
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "                                    \
    "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\""

/* A figure's PNG size in pixels, read from its IHDR. */
typedef struct docx_png {
    unsigned long w, h;
} docx_png;

/* word/document.xml; png[i] the size of fig[i].  -1 when out of memory. */
int docx_body(nqpf_buf *b, const char *title, const char *methods, const rtable *t, size_t n,
              const report_docfig *fig, size_t nfig, const docx_png *png, int en);

#endif
