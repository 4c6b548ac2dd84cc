/* nqpf — tables.xlsx: every table of the report as one sheet (the table's
 * name), header row bold and frozen, numbers as numbers at full precision,
 * text (Chinese names included) as inline strings, column widths from the
 * content.
 *
 * Written as SpreadsheetML parts zipped by ooxml_zip.c rather than with
 * libxlsxwriter: Debian's libxlsxwriter 1.1.4 is built without its dtoa
 * option and prints numbers with "%.16G", which does not read back to the
 * same double (0.1 + 0.2 is stored as 0.3), while the sheet must hold the
 * CSV's values exactly; here numbers are the shortest text that reads back
 * exactly (nqpf_format_double, as in the CSV).  No dates anywhere: the
 * same tables give the same bytes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ooxml.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define SHEET_MAX 31   /* Excel's limit on a sheet name, in characters */

static const char ROOT_RELS[] = XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\"><Relationship Id=\"rId1\" "
                                "Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

/* font 1 bold for the header (cellXfs 1) */
static const char STYLES[] =
    XML_DECL "<styleSheet xmlns=\"" NS_MAIN "\"><fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/>"
    "</font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts><fills count=\"2\"><fill>"
    "<patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";

/* A valid, unique sheet name from a table name: the characters Excel
 * forbids ([ ] : * ? / \) become '_', at most 31 characters (UTF-8 is cut
 * at a character boundary), a leading or trailing apostrophe dropped, and
 * "~2", "~3"… on a clash (compared without case, as Excel does). */
static void sheet_name(char out[4 * SHEET_MAX + 1], const char *name, char (*used)[4 * SHEET_MAX + 1], size_t n)
{
    char base[4 * SHEET_MAX + 1];
    size_t bl = 0, chars = 0;
    for (const char *s = name; *s && chars < SHEET_MAX; chars++) {
        size_t k = 1;
        while ((s[k] & 0xC0) == 0x80)
            k++;
        if (k == 1 && strchr("[]:*?/\\", *s))
            base[bl++] = '_';
        else
            memcpy(base + bl, s, k), bl += k;
        s += k;
    }
    base[bl] = 0;
    while (bl && base[bl - 1] == '\'')
        base[--bl] = 0;
    const char *b = base;
    while (*b == '\'')
        b++;
    if (!*b)
        b = "table";
    snprintf(out, 4 * SHEET_MAX + 1, "%s", b);
    for (unsigned v = 2;; v++) {
        size_t i = 0;
        while (i < n && strcasecmp(used[i], out))
            i++;
        if (i == n)
            return;
        char suf[16];
        int sl = snprintf(suf, sizeof suf, "~%u", v);
        /* keep room for the suffix within 31 characters */
        size_t keep = 0, kc = 0;
        while (b[keep] && kc + (size_t)sl < SHEET_MAX) {
            size_t k = 1;
            while ((b[keep + k] & 0xC0) == 0x80)
                k++;
            keep += k, kc++;
        }
        snprintf(out, 4 * SHEET_MAX + 1, "%.*s%s", (int)keep, b, suf);
    }
}

/* Column letters of column k (0 = A). */
static void col_ref(char *buf, size_t k)
{
    char tmp[8];
    int n = 0;
    for (k++; k; k = (k - 1) / 26)
        tmp[n++] = (char)('A' + (k - 1) % 26);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
}

static int str_cell(nqpf_buf *b, const char *ref, const char *s, int bold)
{
    int e = nqpf_buf_printf(b, "<c r=\"%s\" t=\"inlineStr\"%s><is><t xml:space=\"preserve\">", ref,
                            bold ? " s=\"1\"" : "");
    e |= ooxml_text(b, s);
    return e | nqpf_buf_puts(b, "</t></is></c>");
}

static int sheet(nqpf_buf *b, const rtable *t)
{
    size_t rows = t->ncol ? t->n / t->ncol : 0;
    double *w = calloc(t->ncol ? t->ncol : 1, sizeof *w);
    if (!w)
        return -1;
    char ref[32], col[8], num[40];
    for (size_t i = 0; i < t->n; i++) {
        const rcell *c = &t->cell[i];
        /* Excel's General format shows at most 11 characters of a number */
        double cw = c->s ? ooxml_text_width(c->s) : 11;
        if (cw > w[i % t->ncol])
            w[i % t->ncol] = cw;
    }
    int e = nqpf_buf_puts(b, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetViews><sheetView workbookViewId=\"0\">"
                             "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                             "<selection pane=\"bottomLeft\"/></sheetView></sheetViews><cols>");
    for (size_t k = 0; k < t->ncol; k++) {
        double cw = fmax(w[k], ooxml_text_width(t->cols[k])) + 2;
        e |= nqpf_buf_printf(b, "<col min=\"%zu\" max=\"%zu\" width=\"%g\" customWidth=\"1\"/>", k + 1, k + 1,
                             fmin(fmax(cw, 8), 60));
    }
    free(w);
    e |= nqpf_buf_puts(b, "</cols><sheetData><row r=\"1\">");
    for (size_t k = 0; k < t->ncol; k++) {
        col_ref(col, k);
        snprintf(ref, sizeof ref, "%s1", col);
        e |= str_cell(b, ref, t->cols[k], 1);
    }
    e |= nqpf_buf_puts(b, "</row>");
    for (size_t r = 0; r < rows && !e; r++) {
        e |= nqpf_buf_printf(b, "<row r=\"%zu\">", r + 2);
        for (size_t k = 0; k < t->ncol; k++) {
            const rcell *c = &t->cell[r * t->ncol + k];
            col_ref(col, k);
            snprintf(ref, sizeof ref, "%s%zu", col, r + 2);
            if (c->s && *c->s)   /* "" and NaN: no cell, empty as in the CSV */
                e |= str_cell(b, ref, c->s, 0);
            else if (c->s)
                continue;
            else if (isinf(c->v))   /* not a number Excel can hold: shown as text */
                e |= str_cell(b, ref, c->v > 0 ? "inf" : "-inf", 0);
            else if (!isnan(c->v)) {
                nqpf_format_double(c->v, num, sizeof num);
                e |= nqpf_buf_printf(b, "<c r=\"%s\"><v>%s</v></c>", ref, num);
            }
        }
        e |= nqpf_buf_puts(b, "</row>");
    }
    return e | nqpf_buf_puts(b, "</sheetData></worksheet>");
}

int report_xlsx(const nqpf_outdir *out, const char *name, const rtable *t, size_t n, nqpf_error *err)
{
    nqpf_buf ct = {0}, wb = {0}, rel = {0};
    nqpf_buf *sh = calloc(n ? n : 1, sizeof *sh);
    ooxml_part *part = calloc(n + 5, sizeof *part);
    char (*used)[4 * SHEET_MAX + 1] = calloc(n ? n : 1, sizeof *used);
    char (*pname)[48] = calloc(n ? n : 1, sizeof *pname);
    int e = !sh || !part || !used || !pname;
    e = e || nqpf_buf_puts(&ct, XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
                                "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd."
                                "openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName="
                                "\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.styles+xml\"/>");
    e = e || nqpf_buf_puts(&wb, XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>");
    e = e || nqpf_buf_puts(&rel, XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\"><Relationship Id=\"rIdStyles\" "
                                 "Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>");
    for (size_t i = 0; i < n && !e; i++) {
        sheet_name(used[i], t[i].name, used, i);
        e = nqpf_buf_printf(&ct, "<Override PartName=\"/xl/worksheets/sheet%zu.xml\" ContentType=\"application/vnd."
                                 "openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>", i + 1) ||
            nqpf_buf_puts(&wb, "<sheet name=\"") || ooxml_text(&wb, used[i]) ||
            nqpf_buf_printf(&wb, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i + 1, i + 1) ||
            nqpf_buf_printf(&rel, "<Relationship Id=\"rId%zu\" Type=\"" NS_REL "/worksheet\" "
                                  "Target=\"worksheets/sheet%zu.xml\"/>", i + 1, i + 1) ||
            sheet(&sh[i], &t[i]);
    }
    e = e || nqpf_buf_puts(&ct, "</Types>") || nqpf_buf_puts(&wb, "</sheets></workbook>") ||
        nqpf_buf_puts(&rel, "</Relationships>");
    int rc = NQPF_OK;
    if (e)
        rc = nqpf_fail_nomem(err);
    else {
        size_t np = 0;
        part[np++] = (ooxml_part){"[Content_Types].xml", ct.data, ct.len};
        part[np++] = (ooxml_part){"_rels/.rels", ROOT_RELS, strlen(ROOT_RELS)};
        part[np++] = (ooxml_part){"xl/workbook.xml", wb.data, wb.len};
        part[np++] = (ooxml_part){"xl/_rels/workbook.xml.rels", rel.data, rel.len};
        part[np++] = (ooxml_part){"xl/styles.xml", STYLES, strlen(STYLES)};
        for (size_t i = 0; i < n; i++) {
            snprintf(pname[i], sizeof pname[i], "xl/worksheets/sheet%zu.xml", i + 1);
            part[np++] = (ooxml_part){pname[i], sh[i].data, sh[i].len};
        }
        rc = ooxml_zip(out, name, part, np, err);
    }
    for (size_t i = 0; sh && i < n; i++)
        nqpf_buf_free(&sh[i]);
    free(sh);
    free(part);
    free(used);
    free(pname);
    nqpf_buf_free(&ct);
    nqpf_buf_free(&wb);
    nqpf_buf_free(&rel);
    return rc;
}
