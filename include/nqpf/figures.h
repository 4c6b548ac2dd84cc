/* nqpf — the report's figures as stand-alone files (src/doc/figures.c).
 *
 * Every chart and map of index.html, in page order, as a stand-alone SVG
 * document (xmlns, width/height in cm, viewBox, fonts named by family, a
 * white background, no CSS), with its caption and its print width, and
 * rendered by librsvg + cairo to PNG (with the resolution in a pHYs chunk)
 * and PDF (fonts embedded as subsets, fixed creation date).
 *
 * Scale: 40 SVG units per centimetre, so the 640-unit charts print at
 * 16 cm (two columns) and the 320-unit ones at 8 cm (one column); the
 * charts' 12-unit text is then 8.5 pt.
 *
 * nqpf_report_write writes figures/NN_name.{svg,png,pdf} through
 * report_write_figures; the Word writer takes the list itself
 * (report_figures_from_html) and renders each figure with
 * report_figure_png.  All functions return NQPF_OK or an error code with
 * the message in err. */
#ifndef NQPF_FIGURES_H
#define NQPF_FIGURES_H

#include <stddef.h>

#include "nqpf/error.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

#define REPORT_FIG_UNITS_PER_CM 40.0
#define REPORT_FIG_MAX_CM 16.0

typedef struct report_figure {
    char *name;          /* "03_chart_index": NN = order in the report, then the chart's id */
    char *caption;       /* plain text, "图3. …" / "Figure 3. …" as in the HTML */
    char *svg;           /* the stand-alone SVG document (UTF-8, NUL-terminated) */
    size_t svg_len;
    double width_cm, height_cm;
} report_figure;

typedef struct report_figures {
    report_figure *fig;
    size_t n;
} report_figures;

/* The figures of an HTML report, in order: each <svg id=…> … </svg> element
 * and the <figcaption> after it.  *out is caller-owned; free it with
 * report_figures_free (also after an error). */
int report_figures_from_html(const char *html, report_figures *out, nqpf_error *err);
void report_figures_free(report_figures *f);

/* PNG bytes of one figure at dpi (e.g. 300): width round(width_cm / 2.54 *
 * dpi) pixels, white background, pHYs = dpi.  PDF bytes: a page of the
 * figure's size in points. */
int report_figure_png(const report_figure *f, double dpi, nqpf_buf *png, nqpf_error *err);
int report_figure_pdf(const report_figure *f, nqpf_buf *pdf, nqpf_error *err);

/* figures/NN_name.svg, .png (300 dpi) and .pdf for every figure of html in
 * the output directory (not committed here), each path appended to
 * written. */
int report_write_figures(const nqpf_outdir *out, const char *html, nqpf_buf *written, nqpf_error *err);

#endif
