/* nqpf — a document: tables and figures, and the writers that print them
 * (src/doc).
 *
 * A table (rtable) is held once and printed as CSV, LaTeX, an HTML table,
 * a Word table and an Excel sheet; the documents (report.docx, tables.xlsx,
 * report.tex) are made of the kept tables, figures and the methods prose.
 * Nothing here knows an analysis or a report: the report (src/report)
 * builds the tables and the page and hands them down; the writers take
 * plain arguments (language, title, text).  Charts are nqpf/svg.h, the
 * figures as files nqpf/figures.h. */
#ifndef NQPF_DOC_H
#define NQPF_DOC_H

#include <stdio.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

/* ---- the table model (tables.c) ------------------------------------- */
/* A table held once, written as CSV and LaTeX. Cells row-major; a cell is
 * text (s != NULL) or a number v (NaN = empty) printed with `digits`
 * decimals in LaTeX. */
typedef struct rcell {
    char *s;
    double v;
    int digits;
    int stars;        /* 0-3 significance stars printed after the number */
} rcell;

typedef struct rtable {
    const char *name, *caption;
    const char *note;  /* printed under the table (Word, LaTeX), or NULL */
    size_t ncol;
    const char *const *cols;
    rcell *cell;
    size_t n, cap;
    int print;         /* also a paper table: LaTeX, Word, report.tex */
    int html;          /* also in index.html's summary tables (html_tables.c) */
    int zh;            /* printed headers in Chinese (rt_col_label); the CSV keeps the column names */
    char *own;         /* the strings above once kept by report_emit (owned) */
    int oom;           /* sticky: the first add that ran out of memory sets it, later adds do
                        * nothing, and report_emit reports it (one check, at the end) */
} rtable;

int rt_init(rtable *t, const char *name, const char *caption, size_t ncol, const char *const *cols);
/* The ncol, cols arguments of rt_init from the column names themselves,
 * so that the count cannot disagree with the list:
 * rt_init(&t, "kde", "kde", RT_COLS("period", "x", "density")). */
#define RT_COLS(...)                                                                                        \
    sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), (const char *const[]){__VA_ARGS__}
/* Header c of t as printed (LaTeX, Word, the page): in a Chinese report a
 * column named for machines (coef, se, period, mean, …) by its Chinese
 * name; the CSV file keeps the name itself. */
const char *rt_col_label(const rtable *t, size_t c);
/* Cell i of t as printed: rt_cell_text, except that in a Chinese report a
 * machine value of a text column (kind period/unit/all, model beta_abs,
 * term const, the variant label of `index` …) is printed by its Chinese
 * name; the CSV file keeps the value.  buf (size >= 96) may hold it. */
const char *rt_cell_label(const rtable *t, size_t i, char *buf, size_t size);
/* The Chinese name of machine value val of column col (as rt_cell_label), or val. */
const char *rt_value_zh(const char *col, const char *val);
/* The next cell, each its own statement (a failure is kept in t->oom). */
void rt_add(rtable *t, const char *s, double v);  /* text when s != NULL, else the number v */
void rt_addi(rtable *t, double v);                /* a whole number (0 decimals in LaTeX) */
/* Numbers as cells, in the order written: RT_NUMS(&t, a, b, c). */
void rt_nums(rtable *t, size_t n, const double *v);
#define RT_NUMS(t, ...)                                                                                     \
    rt_nums(t, sizeof((const double[]){__VA_ARGS__}) / sizeof(double), (const double[]){__VA_ARGS__})
/* Significance stars on the last cell added, from its p-value (*** < 0.01,
 * ** < 0.05, * < 0.1), and the table note saying so. */
void rt_stars(rtable *t, double p);
extern const char RT_STARS_NOTE_ZH[], RT_STARS_NOTE_EN[];
/* A cell as printed in a paper (LaTeX, Word): the text, or the number
 * rounded to its digits with its stars; "" for NaN.  Returns buf. */
const char *rt_cell_text(const rcell *c, char *buf, size_t size);
void rt_free(rtable *t);

/* ---- files of a table and the sink of a document (tables.c, emit.c) --- */
/* LaTeX text: nqpf_buf_tex with Greek letters and math signs as math, and
 * REPORT_TEX_BREAK (a control character no data text holds) as
 * \allowbreak. */
#define REPORT_TEX_BREAK '\x01'
int report_tex_text(nqpf_buf *b, const char *s);
/* The tables directory of a report being written and the tables emitted
 * into it so far, in order, for the documents written after all of them
 * (report.docx, tables.xlsx, report.tex).  Every section's table writer
 * gets the sink and hands it to report_emit, which writes into `dir` and
 * keeps the table. */
typedef struct report_sink {
    nqpf_outdir dir;
    int en;            /* the report's language: tables printed with Chinese headers unless set */
    rtable *t;
    size_t n, cap;
} report_sink;
void report_sink_free(report_sink *s);
int rt_write_csv(const rtable *t, const nqpf_outdir *tables, int bom, nqpf_error *err);
/* One file of an output directory written whole (tables.c): a UTF-8 BOM
 * first when bom, then print(fp, ctx); report_print_buf prints an nqpf_buf.
 * The one place the report opens and closes its files (atomically, by the
 * outdir), so that the tables the library writers print (as their
 * commands do) and the report's own are written alike. */
typedef void (*report_print_fn)(FILE *fp, const void *ctx);
int report_write_file(const nqpf_outdir *dir, const char *name, int bom, report_print_fn print, const void *ctx,
                      nqpf_error *err);
void report_print_buf(FILE *fp, const void *buf);
int rt_write_tex(const rtable *t, const nqpf_outdir *tables, nqpf_error *err);

/* Write a table as CSV (and LaTeX when tex), list it in `written`, and keep
 * it in the sink `tables` (emit.c); out of memory when t->oom says an add
 * failed on the way.  t is emptied either way. */
int report_emit(rtable *t, report_sink *tables, int bom, int tex, nqpf_buf *written, nqpf_error *err);
/* A number printed (LaTeX, HTML) with four significant digits and at least
 * four decimals, a whole number without decimals, a p-value (pvalue = 1)
 * with four; CSV keeps it exact (emit.c). */
void report_add_num(rtable *t, double v, int pvalue);
/* An engine's CSV as tables/NAME.csv, cell for cell (emit.c). */
int report_emit_verbatim(const nqpf_table *src, const char *name, int bom, report_sink *tables,
                         nqpf_buf *written, nqpf_error *err);

/* ---- the documents (prose.c, docx.c, docx_pkg.c, xlsx_out.c, tex_doc.c) */
/* methods Markdown as blocks of plain text (prose.c): fn(ctx, kind, text)
 * for each heading, paragraph and list item in order; a nonzero return of
 * fn stops and is returned (-1 also when out of memory). */
enum { REPORT_PROSE_HEADING, REPORT_PROSE_PARA, REPORT_PROSE_ITEM };
typedef int (*report_prose_fn)(void *ctx, int kind, const char *text);
int report_prose(const char *md, report_prose_fn fn, void *ctx);

/* A figure for the documents: PNG bytes, caption, printed width. */
typedef struct report_docfig {
    const char *stem;          /* figures/STEM.pdf in report.tex */
    const unsigned char *png;
    size_t len;
    const char *caption;
    double width_cm;
} report_docfig;

/* The documents made of the kept tables (docx.c, xlsx_out.c, tex_doc.c).
 * title: the project's title; methods: methods.md's text for the language.
 * Each returns NQPF_OK or an error; nothing is written outside `out`. */
int report_docx(const nqpf_outdir *out, const char *name, const char *title, const char *methods,
                const rtable *t, size_t n, const report_docfig *fig, size_t nfig, int en, nqpf_error *err);
int report_xlsx(const nqpf_outdir *out, const char *name, const rtable *t, size_t n, nqpf_error *err);
int report_tex(const nqpf_outdir *out, const char *name, const char *title, const char *methods,
               const rtable *t, size_t n, const report_docfig *fig, size_t nfig, int en, nqpf_error *err);

/* ---- HTML pieces of a page (html_parts.c, html_tables.c) ------------- */
/* HTML pieces (html_parts.c).  Figure and table numbers run on as captions are
 * written, since sections are optional.  A section starts with
 * html_heading (which opens a <figure>) and each figure or table ends with
 * html_caption (which closes it); return 0 or -1 (out of memory). */
typedef struct capctx {
    int en, fig, tab;
} capctx;
int html_heading(nqpf_buf *b, const char *s);
int html_caption(nqpf_buf *b, capctx *cc, int table, const char *s);
/* A number cell of a page table: <td> with digits decimals, empty for NaN. */
int html_td_num(nqpf_buf *b, double v, int digits);
/* The tables with .html set among t[0..n), as the page's summary tables. */
int report_html_tables(nqpf_buf *b, capctx *cc, const rtable *t, size_t n);
/* A table as HTML, inside a <figure> the caller opened (html_parts.c): numbers
 * to their LaTeX decimals; nonzero also when t->oom. */
int report_html_rtable(nqpf_buf *b, const rtable *t);

#endif
