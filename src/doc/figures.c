/* nqpf — the report's charts and maps as SVG, PNG and PDF files.
 *
 * Why the figures are lifted out of the finished HTML rather than drawn a
 * second time: the page is the one place where every section (also those
 * added later) draws its charts, so taking each <svg> element from it
 * gives exactly the drawings of the page, in page order and with their
 * captions, without a second drawing path that could drift from it.  The
 * SVG written by svg.c is XML already (escaped text, no HTML-only
 * syntax); a stand-alone file only needs the namespace, a print size, the
 * font family (which the page gives through CSS) and a background.
 *
 * Rendering is librsvg + cairo (Debian librsvg2 / cairo): text is shaped by
 * Pango with the fonts fontconfig finds, so Chinese comes out in Noto Sans
 * CJK SC; cairo embeds the glyphs as font subsets in the PDF.  Both are
 * opened when a figure is rendered, not linked (gfx.h says why). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "nqpf/doc.h"
#include "nqpf/figures.h"
#include "gfx.h"

#define FIG_FONT "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif"
/* A fixed date makes the PDF bytes depend on the inputs only (cairo would
 * write the current time). */
#define FIG_PDF_DATE "2000-01-01T00:00:00Z"

/* Under LeakSanitizer (the test suite's ASan build): fontconfig, cairo,
 * Pango, GLib and librsvg keep process-wide caches (fonts, types, glyphs)
 * that they never free, by design; LSan would count them as leaks at exit.
 * LSan reads this hook when the binary defines it; it is never called
 * otherwise.  nqpf's own allocations are still checked. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\nleak:libpango\nleak:librsvg\nleak:libglib-2.0.so\n"
           "leak:libgobject-2.0.so\nleak:libgio-2.0.so\nleak:libharfbuzz.so\nleak:libfreetype.so\n";
}

void report_figures_free(report_figures *f)
{
    for (size_t i = 0; f && f->fig && i < f->n; i++)
        free(f->fig[i].name), free(f->fig[i].caption), free(f->fig[i].svg);
    if (f)
        free(f->fig), f->fig = NULL, f->n = 0;
}

/* The value of attribute `name` inside the tag [tag, end) (escaped as written), or NULL. */
static const char *attr(const char *tag, const char *end, const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (const char *p = tag + 1; p + n + 2 < end; p++)
        if (p[-1] == ' ' && !strncmp(p, name, n) && p[n] == '=' && p[n + 1] == '"') {
            const char *v = p + n + 2, *q = memchr(v, '"', (size_t)(end - v));
            if (!q)
                return NULL;
            *len = (size_t)(q - v);
            return v;
        }
    return NULL;
}

/* Plain text of escaped HTML text [s, e): tags dropped, the five entities of nqpf_buf_html decoded. */
static int unescape(nqpf_buf *b, const char *s, const char *e)
{
    static const struct {
        const char *ent, *ch;
    } E[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    int rc = nqpf_buf_puts(b, "");
    while (s < e && !rc) {
        if (*s == '<') {
            const char *q = memchr(s, '>', (size_t)(e - s));
            s = q ? q + 1 : e;
            continue;
        }
        size_t k = 0;
        while (*s == '&' && k < sizeof E / sizeof *E && strncmp(s, E[k].ent, strlen(E[k].ent)))
            k++;
        if (*s == '&' && k < sizeof E / sizeof *E) {
            rc = nqpf_buf_puts(b, E[k].ch);
            s += strlen(E[k].ent);
        } else
            rc = nqpf_buf_append(b, s++, 1);
    }
    return rc;
}

/* One figure from the element <svg …>body</svg> at [tag, close) and the caption text [c0, c1). */
static int make_figure(report_figure *f, size_t no, const char *tag, const char *close, const char *c0,
                       const char *c1, nqpf_error *err)
{
    const char *tend = strchr(tag, '>');
    size_t idn = 0, vbn = 0, lbn = 0;
    const char *id = attr(tag, tend, "id", &idn), *vb = attr(tag, tend, "viewBox", &vbn);
    const char *lab = attr(tag, tend, "aria-label", &lbn);
    double x0, y0, W, H;
    char vbs[96];
    snprintf(vbs, sizeof vbs, "%.*s", (int)(vbn < 95 ? vbn : 95), vb ? vb : "");
    if (!id || !vb || sscanf(vbs, "%lf %lf %lf %lf", &x0, &y0, &W, &H) != 4 || !(W > 0) || !(H > 0))
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "figure %zu of the report has no id or viewBox", no);
    /* 40 units a centimetre, at most the 16 cm of a page's text width */
    double cm = fmin(W / REPORT_FIG_UNITS_PER_CM, REPORT_FIG_MAX_CM);
    /* the size to 0.1 mm, as the file states it, so that PNG and PDF are exactly that size */
    f->width_cm = round(cm * 100) / 100, f->height_cm = round(cm * H / W * 100) / 100;
    nqpf_buf nb = {0}, cap = {0}, s = {0};
    int e = nqpf_buf_printf(&nb, "%02zu_", no);
    for (size_t i = 0; i < idn; i++) { /* file-name safe: letters, digits, '_' */
        char ch = id[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        e |= nqpf_buf_append(&nb, ok ? &ch : "_", 1);
    }
    e |= unescape(&cap, c0, c1);
    e |= nqpf_buf_printf(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.2fcm\" "
                             "height=\"%.2fcm\" viewBox=\"%.*s\" font-family=\"%s\" role=\"img\" aria-label=\"",
                         f->width_cm, f->height_cm, (int)vbn, vb, FIG_FONT);
    e |= lab ? nqpf_buf_append(&s, lab, lbn) : 0;
    e |= nqpf_buf_puts(&s, "\">\n<title>");
    e |= nqpf_buf_html(&s, cap.data ? cap.data : "");
    e |= nqpf_buf_printf(&s, "</title>\n<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"#fff\"/>\n", x0,
                         y0, W, H);
    e |= nqpf_buf_append(&s, tend + 1, (size_t)(close - tend - 1));
    e |= nqpf_buf_puts(&s, "</svg>\n");
    f->name = nb.data, f->caption = cap.data, f->svg = s.data, f->svg_len = s.len;
    return e ? nqpf_fail_nomem(err) : NQPF_OK;
}

int report_figures_from_html(const char *html, report_figures *out, nqpf_error *err)
{
    out->fig = NULL, out->n = 0;
    size_t cap = 0;
    for (const char *p = strstr(html, "<svg "); p; p = strstr(p, "<svg ")) {
        const char *close = strstr(p, "</svg>");
        if (!close || !strchr(p, '>'))
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "unterminated <svg> in the report");
        /* the caption: the first <figcaption> after the drawing, unless another drawing comes first */
        const char *next = strstr(close, "<svg "), *c0 = strstr(close, "<figcaption>"), *c1 = NULL;
        if (c0 && (!next || c0 < next) && (c1 = strstr(c0, "</figcaption>")))
            c0 += strlen("<figcaption>");
        else
            c0 = c1 = close;
        if (out->n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            report_figure *nf = realloc(out->fig, nc * sizeof *nf);
            if (!nf)
                return nqpf_fail_nomem(err);
            out->fig = nf, cap = nc;
        }
        report_figure *f = &out->fig[out->n];
        memset(f, 0, sizeof *f);
        out->n++;
        int rc = make_figure(f, out->n, p, close, c0, c1, err);
        if (rc)
            return rc;
        p = close;
    }
    return NQPF_OK;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    return nqpf_buf_append(closure, (const char *)data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Draw figure f scaled to the w x h viewport of cr. */
static int render(const report_gfx *g, const report_figure *f, cairo_t *cr, double w, double h, nqpf_error *err)
{
    GError *ge = NULL;
    RsvgHandle *hd = g->rsvg_handle_new_from_data((const guint8 *)f->svg, f->svg_len, &ge);
    RsvgRectangle vp = {0, 0, w, h};
    int ok = hd && g->rsvg_handle_render_document(hd, cr, &vp, &ge);
    int rc = ok ? NQPF_OK
                : nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "cannot render figure %s: %s", f->name,
                            ge ? ge->message : "librsvg failed");
    if (ge)
        g->g_error_free(ge);
    if (hd)
        g->g_object_unref(hd);
    return rc;
}

static int chunk(nqpf_buf *b, const char *type, const unsigned char *data, size_t n)
{
    unsigned char head[8] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
                             (unsigned char)n};
    memcpy(head + 4, type, 4);
    unsigned long crc = crc32(crc32(crc32(0L, Z_NULL, 0), head + 4, 4), data, (uInt)n);
    unsigned char tail[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
                             (unsigned char)crc};
    int e = nqpf_buf_append(b, (const char *)head, 8);
    e |= nqpf_buf_append(b, (const char *)data, n);
    return e | nqpf_buf_append(b, (const char *)tail, 4);
}

static void be32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
    p[3] = (unsigned char)v;
}

/* The RGB24 surface as an 8-bit RGB PNG with its resolution in pHYs (which
 * cairo's own writer leaves out).  Written here rather than by cairo
 * because its encoder took three quarters of the rendering time: rows are
 * "Up"-filtered (white margins and flat fills become runs of zeros) and
 * deflated at zlib's level 3: the 18 PNGs of the demo encode about 3 times faster,
 * for files a quarter larger.  Deterministic: the same pixels give the same bytes. */
static int png_encode(const report_gfx *g, cairo_surface_t *s, double dpi, nqpf_buf *png)
{
    int w = g->cairo_image_surface_get_width(s), h = g->cairo_image_surface_get_height(s);
    int stride = g->cairo_image_surface_get_stride(s);
    const unsigned char *px = g->cairo_image_surface_get_data(s);
    size_t rn = 1 + 3 * (size_t)w;
    /* one filtered row at a time into the deflate stream: no image-sized buffers to fault in */
    unsigned char *prev = calloc(rn, 1), *cur = calloc(rn, 1), *o = malloc(rn);
    nqpf_buf z = {0};
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int rc = !prev || !cur || !o || deflateInit(&zs, 3) != Z_OK ? -1 : 0;
    unsigned char out[65536];
    for (int y = 0; !rc && y <= h; y++) {
        if (y < h) {
            const uint32_t *src = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
            for (int x = 0; x < w; x++) /* cairo's RGB24 is a native-endian 0x00RRGGBB word */
                cur[3 * x] = (unsigned char)(src[x] >> 16), cur[3 * x + 1] = (unsigned char)(src[x] >> 8),
                cur[3 * x + 2] = (unsigned char)src[x];
            o[0] = 2; /* Up: the difference from the row above (zeros above the first) */
            for (size_t i = 0; i + 1 < rn; i++)
                o[1 + i] = (unsigned char)(cur[i] - prev[i]);
            unsigned char *t = prev;
            prev = cur, cur = t;
            zs.next_in = o, zs.avail_in = (uInt)rn;
        }
        int fin = y == h ? Z_FINISH : Z_NO_FLUSH, zr;
        do {
            zs.next_out = out, zs.avail_out = sizeof out;
            zr = deflate(&zs, fin);
            rc |= zr == Z_STREAM_ERROR || nqpf_buf_append(&z, (const char *)out, sizeof out - zs.avail_out);
        } while (!rc && (zs.avail_out == 0 || (fin == Z_FINISH && zr != Z_STREAM_END)));
    }
    deflateEnd(&zs);
    unsigned char ihdr[13] = {0}, phys[9] = {0};
    be32(ihdr, (unsigned long)w), be32(ihdr + 4, (unsigned long)h);
    ihdr[8] = 8, ihdr[9] = 2; /* 8 bits, RGB; deflate, adaptive filters, no interlace */
    unsigned long ppm = (unsigned long)lround(dpi / 0.0254);
    be32(phys, ppm), be32(phys + 4, ppm), phys[8] = 1; /* pixels per metre */
    png->len = 0;
    if (!rc) {
        rc = nqpf_buf_append(png, "\x89PNG\r\n\x1a\n", 8);
        rc |= chunk(png, "IHDR", ihdr, 13);
        rc |= chunk(png, "pHYs", phys, 9);
        rc |= chunk(png, "IDAT", (unsigned char *)z.data, z.len);
        rc |= chunk(png, "IEND", ihdr, 0);
    }
    free(prev), free(cur), free(o);
    nqpf_buf_free(&z);
    return rc;
}

int report_figure_png(const report_figure *f, double dpi, nqpf_buf *png, nqpf_error *err)
{
    if (!(dpi >= 10 && dpi <= 2400))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "PNG resolution %g dpi outside 10–2400", dpi);
    report_gfx g;
    int rc = report_gfx_open(&g, (const char *const[])REPORT_GFX_SONAMES, err);
    if (rc)
        return rc;
    int pw = (int)lround(f->width_cm / 2.54 * dpi), ph = (int)lround(f->height_cm / 2.54 * dpi);
    cairo_surface_t *s = g.cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    cairo_t *cr = g.cairo_create(s);
    g.cairo_set_source_rgb(cr, 1, 1, 1);
    g.cairo_paint(cr);
    rc = render(&g, f, cr, pw, ph, err);
    g.cairo_destroy(cr);
    png->len = 0;
    g.cairo_surface_flush(s);
    if (!rc && png_encode(&g, s, dpi, png))
        rc = nqpf_fail(err, NQPF_ENOMEM, NULL, 0, 0, "cannot encode figure %s as PNG", f->name);
    g.cairo_surface_destroy(s);
    report_gfx_close(&g);
    return rc;
}

int report_figure_pdf(const report_figure *f, nqpf_buf *pdf, nqpf_error *err)
{
    report_gfx g;
    int rc = report_gfx_open(&g, (const char *const[])REPORT_GFX_SONAMES, err);
    if (rc)
        return rc;
    double w = f->width_cm / 2.54 * 72, h = f->height_cm / 2.54 * 72;
    pdf->len = 0;
    cairo_surface_t *s = g.cairo_pdf_surface_create_for_stream(to_buf, pdf, w, h);
    g.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, FIG_PDF_DATE);
    g.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, FIG_PDF_DATE);
    g.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, f->caption ? f->caption : f->name);
    g.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "nqpf");
    cairo_t *cr = g.cairo_create(s);
    rc = render(&g, f, cr, w, h, err);
    g.cairo_destroy(cr);
    g.cairo_surface_finish(s);
    if (!rc && g.cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        rc = nqpf_fail(err, NQPF_ENOMEM, NULL, 0, 0, "cannot write figure %s as PDF: %s", f->name,
                       g.cairo_status_to_string(g.cairo_surface_status(s)));
    g.cairo_surface_destroy(s);
    report_gfx_close(&g);
    return rc;
}

static int write_one(const nqpf_outdir *d, const char *name, const char *ext, const char *data, size_t n,
                     nqpf_buf *written, nqpf_error *err)
{
    char fn[300];
    snprintf(fn, sizeof fn, "%s.%s", name, ext);
    FILE *fp;
    int rc = nqpf_outdir_fopen(d, fn, &fp, err);
    if (rc)
        return rc;
    if (n)
        fwrite(data, 1, n, fp);
    if ((rc = nqpf_outdir_fclose(d, fn, fp, err)))
        return rc;
    nqpf_buf_printf(written, "figures/%s\n", fn);
    return NQPF_OK;
}

int report_write_figures(const nqpf_outdir *out, const char *html, nqpf_buf *written, nqpf_error *err)
{
    report_figures F = {0};
    int rc = report_figures_from_html(html, &F, err);
    if (rc || !F.n) {
        report_figures_free(&F);
        return rc;
    }
    /* Rendering is nearly all the time a report takes (about 0.1 s a
     * figure); each figure has its own handle and surfaces, so they render
     * in parallel, and are written afterwards in order (the first error in
     * figure order is the one reported). */
    size_t n = F.n;
    nqpf_buf *png = calloc(n, sizeof *png), *pdf = calloc(n, sizeof *pdf);
    nqpf_error *fe = calloc(n, sizeof *fe);
    int *frc = calloc(n, sizeof *frc);
    char *dir = nqpf_outdir_file(out, "figures");
    nqpf_outdir d = {NULL, dir, 0};
    if (!png || !pdf || !fe || !frc || !dir)
        rc = nqpf_fail_nomem(err);
    else if (mkdir(dir, 0777) != 0)
        rc = nqpf_fail(err, NQPF_EIO, dir, 0, 0, "cannot create directory");
    if (!rc) {
#pragma omp parallel for schedule(dynamic)
        for (long i = 0; i < (long)n; i++)
            if (!(frc[i] = report_figure_png(&F.fig[i], 300, &png[i], &fe[i])))
                frc[i] = report_figure_pdf(&F.fig[i], &pdf[i], &fe[i]);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const report_figure *f = &F.fig[i];
        if (frc[i])
            *err = fe[i], rc = frc[i];
        else if (!(rc = write_one(&d, f->name, "svg", f->svg, f->svg_len, written, err)) &&
                 !(rc = write_one(&d, f->name, "png", png[i].data, png[i].len, written, err)))
            rc = write_one(&d, f->name, "pdf", pdf[i].data, pdf[i].len, written, err);
    }
    for (size_t i = 0; png && pdf && i < n; i++)
        nqpf_buf_free(&png[i]), nqpf_buf_free(&pdf[i]);
    free(png), free(pdf), free(fe), free(frc), free(dir);
    report_figures_free(&F);
    return rc;
}
