/* nqpf — report.docx as a package: the parts besides the body
 * ([Content_Types].xml, relationships, styles, core properties, media) and
 * the zip (ooxml_zip.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_internal.h"

static const char CONTENT_TYPES[] =
    DOCX_XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Default Extension=\"png\" ContentType=\"image/png\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" "
    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";

static const char ROOT_RELS[] =
    DOCX_XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
    "core-properties\" Target=\"docProps/core.xml\"/></Relationships>";

/* Fonts: 宋体 for East Asian text, Times New Roman for Latin; sizes in
 * half-points: 小四 24 (text), 五号 21 (tables, notes, captions), 三号 32
 * (title), 四号 28 / 小四 24 bold (headings). */
#define FONTS "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"宋体\" " \
              "w:cs=\"Times New Roman\"/>"
#define PSTYLE(id, name, ppr, rpr)                                                                          \
    "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/>"   \
    "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>" ppr "</w:pPr><w:rPr>" rpr "</w:rPr></w:style>"
static const char STYLES[] =
    DOCX_XML_DECL "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr>" FONTS "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>"
    "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"360\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
    "<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/><w:jc w:val=\"both\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:qFormat/><w:pPr><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:spacing w:before=\"240\" "
    "w:after=\"240\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
    "</w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn "
    "w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>"
    "<w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/>"
    "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn "
    "w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>"
    "<w:spacing w:before=\"120\" w:after=\"60\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/>"
    "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn "
    "w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>"
    "<w:spacing w:before=\"120\" w:after=\"60\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>"
    "</w:pPr><w:rPr><w:b/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>"
    PSTYLE("ListItem", "List Item", "<w:ind w:left=\"420\" w:hanging=\"210\" w:firstLine=\"0\"/>", "")
    PSTYLE("TableText", "Table Text", "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:spacing w:line=\"240\" "
           "w:lineRule=\"auto\"/>", "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>")
    PSTYLE("TableNote", "Table Note", "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:spacing w:before=\"60\" "
           "w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/>", "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>")
    PSTYLE("Figure", "Figure", "<w:keepNext/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:spacing "
           "w:before=\"120\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>", "")
    "</w:styles>";

/* Width and height of a PNG from its signature and IHDR chunk. */
static int png_size(const unsigned char *p, size_t n, docx_png *s)
{
    static const unsigned char SIG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!p || n < 24 || memcmp(p, SIG, 8) || memcmp(p + 12, "IHDR", 4))
        return -1;
    s->w = (unsigned long)p[16] << 24 | (unsigned long)p[17] << 16 | (unsigned long)p[18] << 8 | p[19];
    s->h = (unsigned long)p[20] << 24 | (unsigned long)p[21] << 16 | (unsigned long)p[22] << 8 | p[23];
    return s->w && s->h ? 0 : -1;
}

/* word/_rels/document.xml.rels: the styles and one image per figure. */
static int doc_rels(nqpf_buf *b, size_t nfig)
{
    int e = nqpf_buf_puts(b, DOCX_XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                             "relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/"
                             "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
    for (size_t i = 0; i < nfig; i++)
        e |= nqpf_buf_printf(b, "<Relationship Id=\"rIdImg%zu\" Type=\"http://schemas.openxmlformats.org/"
                                "officeDocument/2006/relationships/image\" Target=\"media/image%zu.png\"/>",
                             i + 1, i + 1);
    return e | nqpf_buf_puts(b, "</Relationships>");
}

static int core(nqpf_buf *b, const char *title, int en)
{
    int e = nqpf_buf_puts(b, DOCX_XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
                             "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>");
    e |= ooxml_text(b, title);
    return e | nqpf_buf_printf(b, "</dc:title><dc:creator>nqpf</dc:creator><dc:language>%s</dc:language>"
                                  "</cp:coreProperties>", en ? "en-US" : "zh-CN");
}

int report_docx(const nqpf_outdir *out, const char *name, const char *title, const char *methods,
                const rtable *t, size_t n, const report_docfig *fig, size_t nfig, int en, nqpf_error *err)
{
    if (nfig > 64)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "%s: %zu figures (at most 64)", name, nfig);
    docx_png *png = calloc(nfig ? nfig : 1, sizeof *png);
    if (!png)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < nfig; i++)
        if (fig[i].width_cm <= 0 || !(fig[i].width_cm < 100) || png_size(fig[i].png, fig[i].len, &png[i])) {
            free(png);
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "%s: figure %zu is not a PNG of positive size and width",
                             name, i + 1);
        }
    nqpf_buf body = {0}, rels = {0}, cp = {0};
    int rc = NQPF_OK;
    if (docx_body(&body, title, methods, t, n, fig, nfig, png, en) || doc_rels(&rels, nfig) || core(&cp, title, en))
        rc = nqpf_fail_nomem(err);
    if (!rc) {
        ooxml_part part[6 + 64];
        size_t np = 0;
        part[np++] = (ooxml_part){"[Content_Types].xml", CONTENT_TYPES, strlen(CONTENT_TYPES)};
        part[np++] = (ooxml_part){"_rels/.rels", ROOT_RELS, strlen(ROOT_RELS)};
        part[np++] = (ooxml_part){"word/document.xml", body.data, body.len};
        part[np++] = (ooxml_part){"word/styles.xml", STYLES, strlen(STYLES)};
        part[np++] = (ooxml_part){"word/_rels/document.xml.rels", rels.data, rels.len};
        part[np++] = (ooxml_part){"docProps/core.xml", cp.data, cp.len};
        char media[64][32];
        for (size_t i = 0; i < nfig; i++) {
            snprintf(media[i], sizeof media[i], "word/media/image%zu.png", i + 1);
            part[np++] = (ooxml_part){media[i], fig[i].png, fig[i].len};
        }
        rc = ooxml_zip(out, name, part, np, err);
    }
    free(png);
    nqpf_buf_free(&body);
    nqpf_buf_free(&rels);
    nqpf_buf_free(&cp);
    return rc;
}
