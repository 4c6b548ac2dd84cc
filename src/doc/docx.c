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

/* Column widths.  A table spans the text width of its page.  Each column
 * needs its widest printed cell in character cells (a header counts up to
 * 8: it wraps instead), at hp half-points hp * 6.5 twips a cell (0.65 em:
 * wide enough for the fallback fonts of a machine without Times New Roman)
 * plus the cell margins.  Columns of numbers keep what they need, so a
 * number never wraps; text columns narrower than an equal share of the
 * rest keep theirs; the wide text columns share what is left and wrap.
 * When everything fits, all widen alike. */
#define PORTRAIT_TWIPS 8306    /* A4 21 cm less 3.17 cm margins */
#define LANDSCAPE_TWIPS 13958  /* A4 29.7 cm less 2.54 cm margins */
typedef struct colw {
    double *cells;   /* ncol: widest cell */
    int *isnum;      /* ncol: 1 = numbers only */
} colw;

static int colw_init(colw *c, const rtable *t)
{
    size_t nc = t->ncol ? t->ncol : 1;
    char num[256];
    c->cells = calloc(nc, sizeof *c->cells);
    c->isnum = calloc(nc, sizeof *c->isnum);
    if (!c->cells || !c->isnum)
        return -1;
    for (size_t k = 0; k < t->ncol; k++)
        c->cells[k] = fmin(ooxml_text_width(rt_col_label(t, k)), 8), c->isnum[k] = 1;
    for (size_t i = 0; i < t->n; i++) {
        size_t k = i % t->ncol;
        c->cells[k] = fmax(c->cells[k], ooxml_text_width(rt_cell_label(t, i, num, sizeof num)));
        c->isnum[k] &= t->cell[i].s == NULL;
    }
    return 0;
}

static double need(const colw *c, size_t k, int hp)
{
    return c->cells[k] * hp * 6.5 + 200;
}

/* The least a table needs at hp: its numbers whole, text 8 cells wide. */
static double least(const colw *c, size_t ncol, int hp)
{
    double s = 0;
    for (size_t k = 0; k < ncol; k++)
        s += c->isnum[k] ? need(c, k, hp) : fmin(need(c, k, hp), 8 * hp * 6.5 + 200);
    return s;
}

static int grid(nqpf_buf *b, const colw *c, size_t ncol, int hp, double page)
{
    double fixed = 0, text = 0;
    int *keep = calloc(ncol ? ncol : 1, sizeof *keep);
    if (!keep)
        return -1;
    for (size_t k = 0; k < ncol; k++)
        *((keep[k] = c->isnum[k]) ? &fixed : &text) += need(c, k, hp);
    double left = page - fixed, wide = text;
    int fit = fixed + text <= page || fixed >= page || text == 0, again = !fit;
    while (again) {
        size_t nw = 0;
        again = 0;
        for (size_t k = 0; k < ncol; k++)
            nw += !keep[k];
        for (size_t k = 0; k < ncol && nw; k++)
            if (!keep[k] && need(c, k, hp) <= left / (double)nw) {
                keep[k] = 1;
                left -= need(c, k, hp), wide -= need(c, k, hp);
                again = 1;
                break;
            }
    }
    int e = 0;
    for (size_t k = 0; k < ncol; k++) {
        double w = fit ? need(c, k, hp) * page / (fixed + text) : keep[k] ? need(c, k, hp) : need(c, k, hp) * left / wide;
        e |= nqpf_buf_printf(b, "<w:gridCol w:w=\"%ld\"/>", lround(w));
    }
    free(keep);
    return e;
}

/* A paragraph ending a section (the section's page is given here, OOXML's
 * convention): A4 portrait or landscape. */
static int section_end(nqpf_buf *b, int landscape, int last)
{
    int e = nqpf_buf_puts(b, last ? "" : "<w:p><w:pPr>");
    e |= landscape ? nqpf_buf_puts(b, "<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
                                      "<w:pgMar w:top=\"1800\" w:right=\"1440\" w:bottom=\"1800\" w:left=\"1440\" "
                                      "w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>")
                   : nqpf_buf_puts(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" "
                                      "w:right=\"1800\" w:bottom=\"1440\" w:left=\"1800\" w:header=\"851\" "
                                      "w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>");
    return e | nqpf_buf_puts(b, last ? "" : "</w:pPr></w:p>");
}

static int table(nqpf_buf *b, const rtable *t, int no, int en)
{
    char cap[32], num[96];
    snprintf(cap, sizeof cap, en ? "Table %d " : "表 %d  ", no);
    int e = 0;
    /* 五号 (10.5 pt); a table too wide for that: 小五 (9 pt), then a
     * landscape page at 9 pt, then at 8 pt */
    static const struct {
        int hp, landscape;
    } TRY[] = {{21, 0}, {18, 0}, {18, 1}, {16, 1}};
    colw cw = {NULL, NULL};
    if (colw_init(&cw, t)) {
        free(cw.cells), free(cw.isnum);
        return -1;
    }
    size_t tr = 0;
    while (tr + 1 < sizeof TRY / sizeof TRY[0] &&
           least(&cw, t->ncol, TRY[tr].hp) > (TRY[tr].landscape ? LANDSCAPE_TWIPS : PORTRAIT_TWIPS))
        tr++;
    int hp = TRY[tr].hp, land = TRY[tr].landscape;
    double page = land ? LANDSCAPE_TWIPS : PORTRAIT_TWIPS;
    if (land)
        e |= section_end(b, 0, 0);
    nqpf_buf c = {0};
    e |= nqpf_buf_puts(&c, cap);
    e |= nqpf_buf_puts(&c, t->caption);
    e |= e ? -1 : para(b, "Caption", "center", c.data);
    nqpf_buf_free(&c);
    e |= nqpf_buf_printf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%ld\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
                            "<w:tblBorders>" RULE_TOP RULE_BOT "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
                          "<w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
                            "</w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>",
                         lround(page));
    e |= grid(b, &cw, t->ncol, hp, page);
    free(cw.cells), free(cw.isnum);
    /* the header row repeats on each page (w:tblHeader) */
    e |= nqpf_buf_puts(b, "</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
    size_t rows = t->ncol ? t->n / t->ncol : 0;
    for (size_t k = 0; k < t->ncol; k++)
        e |= cell(b, rt_col_label(t, k), rows ? RULE_TOP RULE_MID : RULE_TOP RULE_BOT, k == 0, hp);
    e |= nqpf_buf_puts(b, "</w:tr>");
    for (size_t i = 0; i < rows; i++) {
        e |= nqpf_buf_puts(b, "<w:tr>");
        for (size_t k = 0; k < t->ncol; k++)
            e |= cell(b, rt_cell_label(t, i * t->ncol + k, num, sizeof num), i + 1 == rows ? RULE_BOT : NULL,
                      k == 0, hp);
        e |= nqpf_buf_puts(b, "</w:tr>");
    }
    e |= nqpf_buf_puts(b, "</w:tbl>");
    if (t->note)
        e |= para(b, "TableNote", NULL, t->note);
    if (land)
        e |= section_end(b, 1, 0);
    return e;
}

int docx_body(nqpf_buf *b, const char *title, const char *methods, const rtable *t, size_t n,
              const report_docfig *fig, size_t nfig, const docx_png *png, int en)
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
        int ce = nqpf_buf_puts(&c, cap);
        ce |= nqpf_buf_puts(&c, fig[i].caption ? fig[i].caption : "");
        e |= ce ? -1 : para(b, "Caption", "center", c.data);
        nqpf_buf_free(&c);
    }
    /* A4 portrait, 2.54 cm / 3.17 cm margins (Word's default) */
    e |= section_end(b, 0, 1);
    e |= nqpf_buf_puts(b, "</w:body></w:document>");
    return e ? -1 : 0;
}
