/* The report's figures through the API the Word writer uses
 * (include/nqpf/figures.h), on the bundled project in both languages:
 *   - nothing is drawn outside the figure: each drawing (its white
 *     background left out, not clipped to its viewport) rendered by
 *     librsvg inside a transparent frame leaves the frame empty, so no
 *     label, legend or map is cut off at an edge (checked to catch the
 *     PWT chart's "United States of America" before the legend moved);
 *   - report_figure_png gives a PNG of round(width_cm / 2.54 * dpi)
 *     pixels at any dpi, report_figure_pdf a PDF. */
#include "test.h"

#include <librsvg/rsvg.h>

#include "nqpf/project.h"
#include "nqpf/report.h"
#include "nqpf/figures.h"
#include "../../src/report/report_internal.h"

static void check_figures(int en)
{
    nqpf_project *p = NULL;
    nqpf_error err;
    REQUIRE(nqpf_project_read(&p, NQPF_DATADIR "/nqpf_project.ini", &err) == NQPF_OK);
    nqpf_report r;
    memset(&r, 0, sizeof r);
    nqpf_report_opts o = {en ? "en" : "zh", 0, 0, NULL, NULL};
    nqpf_buf html = {0}, png = {0}, pdf = {0};
    report_figures F = {0};
    int ok = nqpf_report_compute(p, &o, &r, &err) == NQPF_OK && report_html(&r, en, &html, NULL, 0) == 0 &&
             report_figures_from_html(html.data, &F, &err) == NQPF_OK;
    CHECK(ok && F.n >= 15);
    for (size_t i = 0; ok && i < F.n; i++) {
        const report_figure *f = &F.fig[i];
        /* the drawing without its background rectangle */
        char *svg = nqpf_strdup(f->svg), *bg = strstr(svg, "<rect x=\"0\" y=\"0\"");
        REQUIRE(svg && bg);
        char *end = strstr(bg, "/>");
        memset(bg, ' ', (size_t)(end + 2 - bg));
        /* and not clipped to its viewport, so that what runs past an edge counts */
        char *root = strstr(svg, "<svg xmlns");
        REQUIRE(root);
        nqpf_buf doc = {0};
        nqpf_buf_append(&doc, svg, (size_t)(root - svg));
        nqpf_buf_puts(&doc, "<svg overflow=\"visible\"");
        nqpf_buf_puts(&doc, root + 4);
        free(svg);
        svg = doc.data;
        double W, H;
        const char *vb = strstr(svg, "viewBox=\"");
        REQUIRE(vb && sscanf(vb, "viewBox=\"0 0 %lf %lf", &W, &H) == 2);
        GError *ge = NULL;
        RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, strlen(svg), &ge);
        /* drawn at 1 pixel a unit in a frame of M pixels: any ink in the frame is outside the figure */
        enum { M = 40 };
        int pw = (int)W + 2 * M, ph = (int)H + 2 * M;
        cairo_surface_t *cs = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
        cairo_t *cr = cairo_create(cs);
        RsvgRectangle vp = {M, M, W, H};
        int got = h && rsvg_handle_render_document(h, cr, &vp, &ge);
        CHECK(got);
        cairo_surface_flush(cs);
        const unsigned char *px = cairo_image_surface_get_data(cs);
        int stride = cairo_image_surface_get_stride(cs), outside = 0, ox = 0, oy = 0;
        for (int y = 0; got && y < ph; y++)
            for (int x = 0; x < pw; x++)
                if ((x < M - 1 || y < M - 1 || x > M + (int)W || y > M + (int)H) && px[y * stride + 4 * x + 3] > 0)
                    outside++, ox = x - M, oy = y - M;
        if (outside) {
            fprintf(stderr, "  %s (%s): %d pixels drawn outside its %.0f x %.0f box (e.g. at %d, %d)\n", f->name,
                    en ? "en" : "zh", outside, W, H, ox, oy);
            CHECK(0);
        }
        cairo_destroy(cr);
        cairo_surface_destroy(cs);
        if (ge)
            g_error_free(ge);
        if (h)
            g_object_unref(h);
        free(svg);
    }
    /* PNG at another resolution, and PDF, of the first and the last figure */
    for (size_t i = 0; ok && i < F.n; i += F.n - 1) {
        const report_figure *f = &F.fig[i];
        REQUIRE(report_figure_png(f, 150, &png, &err) == NQPF_OK && png.len > 33);
        const unsigned char *q = (const unsigned char *)png.data;
        unsigned long w = (unsigned long)q[16] << 24 | (unsigned long)q[17] << 16 | (unsigned long)q[18] << 8 | q[19];
        CHECK(w == (unsigned long)lround(f->width_cm / 2.54 * 150));
        CHECK(!memcmp(png.data + 37, "pHYs", 4)); /* right after IHDR */
        REQUIRE(report_figure_pdf(f, &pdf, &err) == NQPF_OK);
        CHECK(pdf.len > 100 && !memcmp(pdf.data, "%PDF-", 5));
        if (F.n == 1)
            break;
    }
    CHECK(report_figure_png(&F.fig[0], 0, &png, &err) == NQPF_EUSAGE); /* a resolution of nothing */
    nqpf_buf_free(&html), nqpf_buf_free(&png), nqpf_buf_free(&pdf);
    report_figures_free(&F);
    nqpf_report_free(&r);
    nqpf_project_free(p);
}

static void test_figures_zh(void)
{
    check_figures(0);
}

static void test_figures_en(void)
{
    check_figures(1);
}

int main(void)
{
    RUN(test_figures_zh);
    RUN(test_figures_en);
    return test_done();
}
