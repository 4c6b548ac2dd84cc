/* nqpf — Excel .xlsx input (see csv.h), like .dta input: the worksheet
 * becomes CSV text in memory that the CSV reader reads as any file.
 *
 * An .xlsx file is a zip archive of XML parts (ECMA-376 / ISO 29500):
 * xl/workbook.xml lists the sheets in order with a relationship id each,
 * xl/_rels/workbook.xml.rels maps the ids to the sheet parts,
 * xl/sharedStrings.xml holds the text of cells of type "s", and each
 * worksheet part has <row r="N"><c r="B3" t="..."><v>...</v></c>...  The
 * zip is read with minizip and the XML with expat (both Debian packages);
 * what is ours is the mapping of cells to CSV:
 *   - worksheet row N is CSV line N (rows the sheet leaves out become blank
 *     lines, which the CSV reader skips), and column B is field 2, so
 *     FILE:LINE:COL in errors is the cell's own row and column;
 *   - a row's fields end at its last cell with a value (empty cells, even
 *     ones Excel lists with a style, write nothing), and a row without any
 *     value is a blank line; rows with values are padded with empty fields
 *     to the width of the first such row (the header), and a value right
 *     of the header's last column is an error at its cell, so a tiny file
 *     that references column XFD on a million empty rows stays tiny;
 *   - numbers are written as Excel stored them (the shortest round-trip
 *     text) after checking that the stored text is a number (a numeric
 *     cell whose <v> holds a newline and a CSV row is an error, never a
 *     row), every other text is a quoted CSV field where needed (it can
 *     never start a new row), booleans as 1/0; error values
 *     (#N/A, #DIV/0!...) and empty cells are empty fields (missing); dates
 *     are their serial numbers, formats are not applied; formula cells
 *     give their cached result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <minizip/unzip.h>

#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

#define SHEET_MAX 256
/* Excel's own limits: a reference past them is a damaged (or hostile)
 * file, not data, and would only make us write a huge blank text. */
#define XL_MAX_ROWS 1048576L
#define XL_MAX_COLS 16384L

/* Parse state shared by the handlers of one part; the part decides which
 * fields it uses. */
typedef struct xl_state {
    const char *path;
    nqpf_error *err;
    int rc;             /* first error (NQPF_OK while none) */
    int depth_skip;     /* > 0 inside <rPh> (phonetic runs, not cell text) */
    int in_text;        /* collecting character data into text */
    nqpf_buf text;
    /* workbook: sheet names and relationship ids, in order */
    char *sheet_name[SHEET_MAX], *sheet_rid[SHEET_MAX];
    int n_sheets;
    /* relationships: the target of want_rid */
    const char *want_rid;
    char *target;
    /* shared strings: texts in pool, si_off[k] = offset of string k */
    nqpf_buf pool;
    size_t *si_off, n_si, cap_si;
    /* worksheet */
    nqpf_buf *out;
    long row, last_row;  /* current and last emitted row (1-based) */
    long col, row_cols;  /* current cell's column; fields written in row */
    long width;          /* fields of the header row (0 until written) */
    uint64_t max_bytes;  /* stop when the CSV text passes this (0 = no cap) */
    char cell_type[16];
    int have_value;
} xl_state;

static void xl_fail(xl_state *s, int code, long line, long col, const char *what, const char *detail)
{
    if (s->rc)
        return;
    s->rc = code;
    nqpf_fail(s->err, code, s->path, line, col, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
}

/* Local part of an expat name "uri|local" (or "local"). */
static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), want) == 0)
            return atts[i + 1];
    return NULL;
}

/* Empty the collected text (the buffer stays NUL-terminated). */
static void text_reset(xl_state *st)
{
    st->text.len = 0;
    if (st->text.data)
        st->text.data[0] = '\0';
}

static void on_chars(void *ud, const XML_Char *s, int len)
{
    xl_state *st = ud;
    if (st->in_text && !st->depth_skip && nqpf_buf_append(&st->text, s, (size_t)len))
        xl_fail(st, NQPF_ENOMEM, 0, 0, "out of memory", NULL);
}

/* ---- xl/workbook.xml and its relationships -------------------------------- */

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xl_state *st = ud;
    if (strcmp(local(name), "sheet") != 0 || st->n_sheets == SHEET_MAX)
        return;
    const char *nm = attr(atts, "name"), *id = attr(atts, "id");
    st->sheet_name[st->n_sheets] = nqpf_strdup(nm ? nm : "");
    st->sheet_rid[st->n_sheets] = nqpf_strdup(id ? id : "");
    if (!st->sheet_name[st->n_sheets] || !st->sheet_rid[st->n_sheets])
        xl_fail(st, NQPF_ENOMEM, 0, 0, "out of memory", NULL);
    st->n_sheets++;
}

static void rel_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xl_state *st = ud;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (strcmp(local(name), "Relationship") == 0 && id && target && !st->target && strcmp(id, st->want_rid) == 0 &&
        !(st->target = nqpf_strdup(target)))
        xl_fail(st, NQPF_ENOMEM, 0, 0, "out of memory", NULL);
}

/* ---- xl/sharedStrings.xml ----------------------------------------------- */

static void ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xl_state *st = ud;
    const char *n = local(name);
    (void)atts;
    if (strcmp(n, "si") == 0) {
        text_reset(st);
        st->in_text = 0;
    } else if (strcmp(n, "rPh") == 0) {
        st->depth_skip++;
    } else if (strcmp(n, "t") == 0) {
        st->in_text = 1;
    }
}

static void ss_end(void *ud, const XML_Char *name)
{
    xl_state *st = ud;
    const char *n = local(name);
    if (strcmp(n, "rPh") == 0) {
        st->depth_skip--;
    } else if (strcmp(n, "t") == 0) {
        st->in_text = 0;
    } else if (strcmp(n, "si") == 0) {
        if (st->n_si == st->cap_si) {
            size_t cap = st->cap_si ? 2 * st->cap_si : 1024;
            size_t *p = realloc(st->si_off, cap * sizeof *p);
            if (!p) {
                xl_fail(st, NQPF_ENOMEM, 0, 0, "out of memory", NULL);
                return;
            }
            st->si_off = p;
            st->cap_si = cap;
        }
        st->si_off[st->n_si++] = st->pool.len;
        if (nqpf_buf_append(&st->pool, st->text.data ? st->text.data : "", st->text.len) ||
            nqpf_buf_append(&st->pool, "", 1))
            xl_fail(st, NQPF_ENOMEM, 0, 0, "out of memory", NULL);
    }
}

/* ---- the worksheet ------------------------------------------------------- */

/* "B3" -> column 2, row 3 (either may be absent: 0). */
static void cell_ref(const char *r, long *col, long *row)
{
    long c = 0, w = 0;
    for (; *r >= 'A' && *r <= 'Z' && c < 100000; r++)
        c = c * 26 + (*r - 'A' + 1);
    for (; *r >= '0' && *r <= '9' && w < 100000000; r++)
        w = w * 10 + (*r - '0');
    *col = c;
    *row = w;
}

static int put(xl_state *st, const char *s, size_t n)
{
    if (st->max_bytes && st->out->len + n > st->max_bytes) {
        char lim[64];
        snprintf(lim, sizeof lim, "%.1f MiB", (double)st->max_bytes / 1048576.0);
        xl_fail(st, NQPF_ENOMEM, 0, 0, "the sheet's CSV text is over the memory limit", lim);
        return -1;
    }
    if (nqpf_buf_append(st->out, s, n) == 0)
        return 0;
    xl_fail(st, NQPF_ENOMEM, 0, 0, "out of memory", NULL);
    return -1;
}

/* Append s as one CSV field (quoted where needed), through put's cap. */
static void put_field(xl_state *st, const char *s)
{
    nqpf_buf f = {0};
    if (nqpf_buf_csv_field_raw(&f, s)) {
        nqpf_buf_free(&f);
        xl_fail(st, NQPF_ENOMEM, 0, 0, "out of memory", NULL);
        return;
    }
    put(st, f.data ? f.data : "", f.len);
    nqpf_buf_free(&f);
}

/* A numeric cell's stored text: digits, sign, point and exponent only, and
 * a finite number (a value such as "1\nEvil,0,0" is refused, not copied). */
static int numeric_text(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || strspn(v, "0123456789+-.eE") != n)
        return 0;
    double x;
    return nqpf_parse_cell(v, n, &x, NULL) == NQPF_CELL_NUMBER;
}

static void sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xl_state *st = ud;
    const char *n = local(name), *r;
    if (st->rc)
        return;
    if (strcmp(n, "row") == 0) {
        long c = 0, w = 0;
        if ((r = attr(atts, "r")))
            cell_ref(r, &c, &w);
        st->row = w > st->last_row ? w : st->last_row + 1;
        if (st->row > XL_MAX_ROWS) {
            xl_fail(st, NQPF_EPARSE, 0, 0, "row number beyond Excel's 1,048,576", r);
            return;
        }
        for (long k = st->last_row + 1; k < st->row; k++) /* rows left out */
            put(st, "\n", 1);
        st->row_cols = 0;
        st->col = 0;
    } else if (strcmp(n, "c") == 0) {
        long c = 0, w = 0;
        if ((r = attr(atts, "r")))
            cell_ref(r, &c, &w);
        st->col = c > st->col ? c : st->col + 1;
        if (st->col > XL_MAX_COLS) {
            xl_fail(st, NQPF_EPARSE, st->row, 0, "column beyond Excel's XFD (16,384)", r);
            return;
        }
        const char *t = attr(atts, "t");
        snprintf(st->cell_type, sizeof st->cell_type, "%s", t ? t : "n");
        text_reset(st);
        st->have_value = 0;
    } else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        st->in_text = 1;
        st->have_value = 1;
    } else if (strcmp(n, "rPh") == 0) {
        st->depth_skip++;
    }
}

/* The CSV text of the finished cell.  Nothing is written for a cell
 * without a value: the separators before a value are written with it. */
static void emit_cell(xl_state *st)
{
    const char *t = st->cell_type, *v = st->text.data ? st->text.data : "";
    if (!st->have_value || strcmp(t, "e") == 0 || (strcmp(t, "n") == 0 && !v[0]))
        return; /* empty (a formula without a cached value), or an error value such as #N/A: missing */
    if (st->width > 0 && st->col > st->width) {
        char where[96];
        snprintf(where, sizeof where, "the header's last column is %ld", st->width);
        xl_fail(st, NQPF_EPARSE, st->row, st->col, "a value right of the header", where);
        return;
    }
    /* col - 1 separators in the row so far: row_cols fields hold row_cols - 1 */
    for (long k = st->row_cols ? st->row_cols - 1 : 0; k < st->col - 1; k++)
        put(st, ",", 1);
    st->row_cols = st->col;
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long k = strtoul(v, &end, 10);
        if (end == v || *end || k >= st->n_si) {
            xl_fail(st, NQPF_EPARSE, st->row, st->col, "shared string index out of range", v);
            return;
        }
        put_field(st, st->pool.data + st->si_off[k]);
    } else if (strcmp(t, "b") == 0) {
        put(st, strcmp(v, "0") == 0 ? "0" : "1", 1);
    } else if (strcmp(t, "n") == 0) {
        if (!numeric_text(v)) {
            char shown[48];
            size_t i = 0;
            for (; v[i] && i + 1 < sizeof shown; i++) /* control characters shown as '?' */
                shown[i] = (unsigned char)v[i] < 0x20 ? '?' : v[i];
            shown[i] = '\0';
            xl_fail(st, NQPF_EPARSE, st->row, st->col, "a numeric cell whose stored value is not a number", shown);
            return;
        }
        put(st, v, strlen(v));
    } else { /* "str", "inlineStr", "d" (ISO date text) or anything else: text */
        put_field(st, v);
    }
}

static void sh_end(void *ud, const XML_Char *name)
{
    xl_state *st = ud;
    const char *n = local(name);
    if (st->rc)
        return;
    if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        st->in_text = 0;
    } else if (strcmp(n, "rPh") == 0) {
        st->depth_skip--;
    } else if (strcmp(n, "c") == 0) {
        emit_cell(st);
    } else if (strcmp(n, "row") == 0) {
        if (st->row_cols > 0 && st->width == 0)
            st->width = st->row_cols;
        for (long k = st->row_cols; k < st->width && st->row_cols > 0; k++) /* trailing empty cells */
            put(st, ",", 1);
        put(st, "\n", 1); /* a row without values: a blank line, skipped */
        st->last_row = st->row;
    }
}

/* ---- the archive ------------------------------------------------------- */

/* Run the parser over zip member `member`.  Returns NQPF_OK, 1 when the
 * member does not exist and !required, or an error code. */
static int parse_member(unzFile z, const char *member, int required, xl_state *st, XML_StartElementHandler start,
                        XML_EndElementHandler end)
{
    if (unzLocateFile(z, member, 1) != UNZ_OK) {
        if (!required)
            return 1;
        xl_fail(st, NQPF_EPARSE, 0, 0, "not an Excel .xlsx workbook: no part", member);
        return st->rc;
    }
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    if (!p || unzOpenCurrentFile(z) != UNZ_OK) {
        if (p)
            XML_ParserFree(p);
        xl_fail(st, p ? NQPF_EPARSE : NQPF_ENOMEM, 0, 0, p ? "cannot unpack" : "out of memory", member);
        return st->rc;
    }
    XML_SetUserData(p, st);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, on_chars);
    char buf[1 << 16];
    int got, done = 0;
    while (!st->rc && !done) {
        got = unzReadCurrentFile(z, buf, sizeof buf);
        if (got < 0) {
            xl_fail(st, NQPF_EPARSE, 0, 0, "corrupt zip data in part", member);
            break;
        }
        done = got == 0;
        if (XML_Parse(p, buf, got, done) == XML_STATUS_ERROR) {
            char why[160];
            snprintf(why, sizeof why, "%s (XML line %lu)", XML_ErrorString(XML_GetErrorCode(p)),
                     (unsigned long)XML_GetCurrentLineNumber(p));
            xl_fail(st, NQPF_EPARSE, 0, 0, member, why);
        }
    }
    unzCloseCurrentFile(z);
    XML_ParserFree(p);
    return st->rc;
}

static int ends_xlsx(const char *s, size_t n)
{
    return n > 5 && (strncasecmp(s + n - 5, ".xlsx", 5) == 0 || strncasecmp(s + n - 5, ".xlsm", 5) == 0);
}

int nqpf_is_xlsx(const char *path)
{
    const char *hash = strrchr(path, '#');
    return ends_xlsx(path, strlen(path)) || (hash && ends_xlsx(path, (size_t)(hash - path)));
}

/* The one place a "book.xlsx#Sheet" spec is split: the workbook is what
 * comes before the last '#' when the whole path is not itself a workbook
 * name (see csv.h); any other path is its own file. */
char *nqpf_input_file_of(const char *path)
{
    const char *hash = strrchr(path, '#');
    size_t n = strlen(path);
    if (hash && !ends_xlsx(path, n) && ends_xlsx(path, (size_t)(hash - path)))
        n = (size_t)(hash - path);
    return nqpf_strndup(path, n);
}

/* The sheet's part name from its relationship target (relative to xl/,
 * or absolute from the archive's root). */
static char *part_name(const char *target)
{
    nqpf_buf b = {0};
    if (target[0] == '/')
        nqpf_buf_puts(&b, target + 1);
    else
        nqpf_buf_printf(&b, "xl/%s", target);
    return b.data;
}

static void state_free(xl_state *st)
{
    for (int k = 0; k < st->n_sheets; k++) {
        free(st->sheet_name[k]);
        free(st->sheet_rid[k]);
    }
    free(st->target);
    free(st->si_off);
    nqpf_buf_free(&st->pool);
    nqpf_buf_free(&st->text);
}

int nqpf_xlsx_to_csv(const char *spec, uint64_t max_bytes, nqpf_buf *out, nqpf_error *err)
{
    /* "book.xlsx" (first sheet) or "book.xlsx#Sheet name" */
    char *file = nqpf_input_file_of(spec);
    if (!file)
        return nqpf_fail_nomem(err);
    const char *sheet = spec[strlen(file)] == '#' ? spec + strlen(file) + 1 : NULL;
    xl_state st;
    memset(&st, 0, sizeof st);
    st.path = spec;
    st.err = err;
    st.out = out;
    st.max_bytes = max_bytes;
    FILE *probe = NULL;
    int prc = nqpf_open_regular(file, 0, "an Excel workbook is read as a zip archive", &probe, NULL, err);
    if (prc) {
        free(file);
        return prc;
    }
    fclose(probe);
    unzFile z = unzOpen64(file);
    if (!z) {
        free(file);
        return nqpf_fail(err, NQPF_EPARSE, spec, 0, 0, "not an Excel .xlsx workbook (not a zip archive)");
    }
    int rc = parse_member(z, "xl/workbook.xml", 1, &st, wb_start, NULL);
    int pick = -1;
    for (int k = 0; !rc && k < st.n_sheets && pick < 0; k++)
        if (!sheet || strcmp(st.sheet_name[k], sheet) == 0)
            pick = k;
    if (!rc && pick < 0) {
        nqpf_buf names = {0};
        for (int k = 0; k < st.n_sheets; k++)
            nqpf_buf_printf(&names, "%s'%s'", k ? ", " : "", st.sheet_name[k]);
        rc = nqpf_fail(err, NQPF_EINPUT, spec, 0, 0, "no sheet '%s' in the workbook (sheets: %s)", sheet ? sheet : "",
                       names.data ? names.data : "none");
        nqpf_buf_free(&names);
    }
    if (!rc) {
        st.want_rid = st.sheet_rid[pick];
        rc = parse_member(z, "xl/_rels/workbook.xml.rels", 1, &st, rel_start, NULL);
        if (!rc && !st.target)
            xl_fail(&st, NQPF_EPARSE, 0, 0, "not an Excel .xlsx workbook: no part for sheet", st.sheet_name[pick]);
        rc = st.rc;
    }
    if (!rc) {
        int r = parse_member(z, "xl/sharedStrings.xml", 0, &st, ss_start, ss_end);
        rc = r == 1 ? NQPF_OK : r;
    }
    if (!rc) {
        char *part = part_name(st.target);
        if (!part)
            rc = nqpf_fail_nomem(err);
        else
            rc = parse_member(z, part, 1, &st, sh_start, sh_end);
        free(part);
    }
    if (!rc && st.width == 0)
        rc = nqpf_fail(err, NQPF_EINPUT, spec, 0, 0, "the sheet is empty (a header row is required)");
    unzClose(z);
    state_free(&st);
    free(file);
    return rc;
}
