/* nqpf — report.docx: the report as a Word document (OOXML: a zip of XML
 * parts written with minizip).  Title, the methods as prose, every paper
 * table as a three-line table (三线表: 1.5 pt top and bottom rules, 0.75 pt
 * under the header, no vertical rules) with its numbered caption above and
 * note below, numbers rounded as in the LaTeX tables, and figures (PNG)
 * with numbered captions below.  Fonts: 宋体 for Chinese and Times New
 * Roman for Latin (w:rFonts eastAsia / ascii); 小四 (12 pt) text, 五号
 * (10.5 pt) in tables.  Same inputs, same bytes: fixed zip dates, no
 * timestamps in docProps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_internal.h"

/* A paragraph of one run: style (NULL = Normal), alignment (NULL = none). */
static int para(nqpf_buf *b, const char *style, const char *jc, const char *text)
{
    int e = nqpf_buf_puts(b, "<w:p>");
    if (style || jc) {
        e |= nqpf_buf_puts(b, "<w:pPr>");
        if (style)
            e |= nqpf_buf_printf(b, "<w:pStyle w:val=\"%s\"/>", style);
        if (jc)
            e |= nqpf_buf_printf(b, "<w:jc w:val=\"%s\"/>", jc);
        e |= nqpf_buf_puts(b, "</w:pPr>");
    }
    e |= nqpf_buf_puts(b, "<w:r><w:t xml:space=\"preserve\">");
    e |= ooxml_text(b, text);
    return e | nqpf_buf_puts(b, "</w:t></w:r></w:p>");
}

static int prose_para(void *ctx, int kind, const char *text)
{
    nqpf_buf *b = ctx;
    if (kind == REPORT_PROSE_HEADING)
        return para(b, "Heading2", NULL, text);
    if (kind == REPORT_PROSE_ITEM) {
        nqpf_buf t = {0};
        int e = nqpf_buf_puts(&t, "• ") || nqpf_buf_puts(&t, text) ? -1 : para(b, "ListItem", NULL, t.data);
        nqpf_buf_free(&t);
        return e;
    }
    return para(b, NULL, NULL, text);
}

/* One cell: borders given (the three rules) and the run size in
 * half-points. */
static int cell(nqpf_buf *b, const char *text, const char *borders, int left, int hp)
{
    int e = nqpf_buf_puts(b, "<w:tc><w:tcPr>");
    if (borders)
        e |= nqpf_buf_printf(b, "<w:tcBorders>%s</w:tcBorders>", borders);
    e |= nqpf_buf_printf(b, "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>"
                            "<w:jc w:val=\"%s\"/></w:pPr><w:r><w:rPr><w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>"
                            "</w:rPr><w:t xml:space=\"preserve\">",
                         left ? "left" : "center", hp, hp);
    e |= ooxml_text(b, text);
    return e | nqpf_buf_puts(b, "</w:t></w:r></w:p></w:tc>");
}

/* The rules in eighths of a point: 1.5 pt = 12, 0.75 pt = 6. */
#define RULE_TOP "<w:top w:val=\"single\" w:sz=\"12\" w:space=\"0\" w:color=\"000000\"/>"
#define RULE_MID "<w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/>"
#define RULE_BOT "<w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"0\" w:color=\"000000\"/>"

static int table(nqpf_buf *b, const rtable *t, int no, int en)
{
    char cap[32], num[96];
    snprintf(cap, sizeof cap, en ? "Table %d " : "表 %d  ", no);
    nqpf_buf c = {0};
    int e = nqpf_buf_puts(&c, cap) | nqpf_buf_puts(&c, t->caption);
    e |= e ? -1 : para(b, "Caption", "center", c.data);
    nqpf_buf_free(&c);
    /* 五号 (10.5 pt); wide tables 小五 (9 pt) so that they fit the page */
    int hp = t->ncol > 8 ? 18 : 21;
    e |= nqpf_buf_puts(b, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/>"
                          "<w:tblBorders>" RULE_TOP RULE_BOT "</w:tblBorders><w:tblLayout w:type=\"autofit\"/>"
                          "<w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
                          "</w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>");
    for (size_t k = 0; k < t->ncol; k++)
        e |= nqpf_buf_puts(b, "<w:gridCol/>");
    /* the header row repeats on each page (w:tblHeader) */
    e |= nqpf_buf_puts(b, "</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
    size_t rows = t->ncol ? t->n / t->ncol : 0;
    for (size_t k = 0; k < t->ncol; k++)
        e |= cell(b, t->cols[k], rows ? RULE_TOP RULE_MID : RULE_TOP RULE_BOT, k == 0, hp);
    e |= nqpf_buf_puts(b, "</w:tr>");
    for (size_t i = 0; i < rows; i++) {
        e |= nqpf_buf_puts(b, "<w:tr>");
        for (size_t k = 0; k < t->ncol; k++)
            e |= cell(b, rt_cell_text(&t->cell[i * t->ncol + k], num, sizeof num), i + 1 == rows ? RULE_BOT : NULL,
                      k == 0, hp);
        e |= nqpf_buf_puts(b, "</w:tr>");
    }
    e |= nqpf_buf_puts(b, "</w:tbl>");
    if (t->note)
        e |= para(b, "TableNote", NULL, t->note);
    return e;
}

int docx_body(nqpf_buf *b, const char *title, const char *methods, const rtable *t, size_t n,
              const report_figure *fig, size_t nfig, const docx_png *png, int en)
{
    int e = nqpf_buf_puts(b, DOCX_XML_DECL "<w:document " DOCX_NS "><w:body>");
    e |= para(b, "Title", "center", title);
    e |= para(b, "Heading1", NULL, en ? "Methods" : "研究方法");
    if (!e && report_prose(methods, prose_para, b))
        return -1;
    e |= para(b, "Heading1", NULL, en ? "Tables" : "表格");
    int no = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].print)
            e |= table(b, &t[i], ++no, en);
    if (nfig)
        e |= para(b, "Heading1", NULL, en ? "Figures" : "图");
    for (size_t i = 0; i < nfig; i++) {
        char cap[32];
        long cx = lround(fig[i].width_cm * 360000.0);   /* EMU per cm */
        long cy = lround((double)cx * png[i].h / png[i].w);
        e |= nqpf_buf_printf(b, "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/><w:jc w:val=\"center\"/></w:pPr><w:r>"
                                "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
                                "<wp:extent cx=\"%ld\" cy=\"%ld\"/><wp:docPr id=\"%zu\" name=\"Figure %zu\"/>"
                                "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
                                "<pic:pic><pic:nvPicPr><pic:cNvPr id=\"%zu\" name=\"image%zu.png\"/><pic:cNvPicPr/>"
                                "</pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImg%zu\"/><a:stretch><a:fillRect/>"
                                "</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/>"
                                "<a:ext cx=\"%ld\" cy=\"%ld\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/>"
                                "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
                                "</w:drawing></w:r></w:p>",
                             cx, cy, i + 1, i + 1, i + 1, i + 1, i + 1, cx, cy);
        snprintf(cap, sizeof cap, en ? "Figure %zu " : "图 %zu  ", i + 1);
        nqpf_buf c = {0};
        int ce = nqpf_buf_puts(&c, cap) | nqpf_buf_puts(&c, fig[i].caption ? fig[i].caption : "");
        e |= ce ? -1 : para(b, "Caption", "center", c.data);
        nqpf_buf_free(&c);
    }
    /* A4 portrait, 2.54 cm / 3.17 cm margins (Word's default) */
    e |= nqpf_buf_puts(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1800\" "
                          "w:bottom=\"1440\" w:left=\"1800\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
                          "</w:sectPr></w:body></w:document>");
    return e ? -1 : 0;
}
