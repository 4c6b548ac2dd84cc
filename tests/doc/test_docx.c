/* report.docx's figure API (report_docx with PNG figures): a PNG made here
 * byte by byte (stored deflate blocks, CRC-32 and Adler-32 computed by hand,
 * so nothing of nqpf's or zlib's writes it) is embedded as word/media,
 * referenced from the body with its size in EMU from the width in cm and
 * the PNG's aspect ratio, numbered "图 1"; the package is read back with
 * minizip's unzip; same inputs give the same bytes; a non-PNG is an error
 * and leaves nothing behind. */
#include <minizip/unzip.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "nqpf/doc.h"
#include "test.h"

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
    p[3] = (unsigned char)v;
}

/* One chunk at out+n: length, type, data, CRC over type and data. */
static size_t chunk(unsigned char *out, size_t n, const char *type, const unsigned char *d, size_t len)
{
    be32(out + n, (uint32_t)len);
    memcpy(out + n + 4, type, 4);
    if (len)   /* IEND has no data (d NULL) */
        memcpy(out + n + 8, d, len);
    be32(out + n + 8 + len, crc32_of(out + n + 4, len + 4));
    return n + 12 + len;
}

/* A w x h RGB PNG (w*h <= 64): a colour ramp, one stored deflate block. */
static size_t make_png(unsigned char *out, unsigned w, unsigned h)
{
    static const unsigned char SIG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char ihdr[13] = {0}, raw[64 * 4 + 64], z[400];
    memcpy(out, SIG, 8);
    be32(ihdr, w), be32(ihdr + 4, h);
    ihdr[8] = 8, ihdr[9] = 2;   /* 8-bit RGB */
    size_t n = chunk(out, 8, "IHDR", ihdr, 13), r = 0;
    for (unsigned y = 0; y < h; y++) {
        raw[r++] = 0;   /* filter: none */
        for (unsigned x = 0; x < w; x++)
            raw[r++] = (unsigned char)(60 * x), raw[r++] = (unsigned char)(80 * y), raw[r++] = 200;
    }
    /* zlib: header 78 01, one final stored block, Adler-32 */
    size_t k = 0;
    z[k++] = 0x78, z[k++] = 0x01, z[k++] = 0x01;
    z[k++] = (unsigned char)r, z[k++] = (unsigned char)(r >> 8), z[k++] = (unsigned char)~r,
    z[k++] = (unsigned char)(~r >> 8);
    memcpy(z + k, raw, r), k += r;
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < r; i++)
        a = (a + raw[i]) % 65521, b = (b + a) % 65521;
    be32(z + k, b << 16 | a), k += 4;
    n = chunk(out, n, "IDAT", z, k);
    return chunk(out, n, "IEND", NULL, 0);
}

/* The whole of entry `name` of the zip at path (malloc'd, NUL-added), or NULL. */
static char *unzip_entry(const char *path, const char *name, size_t *len)
{
    unzFile u = unzOpen64(path);
    if (!u)
        return NULL;
    char *buf = NULL;
    unz_file_info64 fi;
    if (unzLocateFile(u, name, 1) == UNZ_OK && unzGetCurrentFileInfo64(u, &fi, NULL, 0, NULL, 0, NULL, 0) == UNZ_OK &&
        unzOpenCurrentFile(u) == UNZ_OK) {
        buf = malloc(fi.uncompressed_size + 1);
        if (buf && unzReadCurrentFile(u, buf, (unsigned)fi.uncompressed_size) == (int)fi.uncompressed_size) {
            buf[fi.uncompressed_size] = 0;
            *len = fi.uncompressed_size;
        } else {
            free(buf);
            buf = NULL;
        }
        unzCloseCurrentFile(u);
    }
    unzClose(u);
    return buf;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = malloc(1 << 20);
    *len = b ? fread(b, 1, 1 << 20, f) : 0;
    fclose(f);
    return b;
}

/* Write a document with one table and the figures into dir/NAME. */
static int write_doc(const char *dir, const report_docfig *fig, size_t nfig, nqpf_error *err)
{
    static const char *cols[] = {"地区", "得分"};
    rtable t;
    rt_init(&t, "x", "示例表", 2, cols);
    t.print = 1;
    rt_add(&t, "北京", 0), rt_add(&t, NULL, 0.123456789);
    nqpf_outdir out;
    int rc = nqpf_outdir_begin(&out, dir, 1, err);
    if (!rc) {
        rc = report_docx(&out, "r.docx", "标题", "## 方法\n\n正文。\n", &t, 1, fig, nfig, 0, err);
        rc = rc ? (nqpf_outdir_abort(&out), rc) : nqpf_outdir_commit(&out, err);
    }
    rt_free(&t);
    return rc;
}

static void test_figure(void)
{
    unsigned char png[1024];
    size_t plen = make_png(png, 4, 3);
    char tmpl[] = "/tmp/nqpf-docx-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    char d1[300], d2[300], f1[320], f2[320];
    snprintf(d1, sizeof d1, "%s/a", tmpl), snprintf(d2, sizeof d2, "%s/b", tmpl);
    snprintf(f1, sizeof f1, "%s/r.docx", d1), snprintf(f2, sizeof f2, "%s/r.docx", d2);
    report_docfig fig = {"fig1", png, plen, "指数的空间分布", 12.0};
    nqpf_error err;
    CHECK(write_doc(d1, &fig, 1, &err) == NQPF_OK);
    CHECK(write_doc(d2, &fig, 1, &err) == NQPF_OK);
    size_t n = 0, n2 = 0;
    char *media = unzip_entry(f1, "word/media/image1.png", &n);
    REQUIRE(media);
    CHECK(n == plen && !memcmp(media, png, plen));
    char *body = unzip_entry(f1, "word/document.xml", &n);
    char *rels = unzip_entry(f1, "word/_rels/document.xml.rels", &n);
    char *ct = unzip_entry(f1, "[Content_Types].xml", &n);
    REQUIRE(body && rels && ct);
    /* 12 cm = 4320000 EMU wide; 4:3 pixels -> 3240000 EMU high */
    CHECK(strstr(body, "<wp:extent cx=\"4320000\" cy=\"3240000\"/>") != NULL);
    CHECK(strstr(body, "r:embed=\"rIdImg1\"") != NULL);
    CHECK(strstr(body, "图 1  指数的空间分布") != NULL);
    CHECK(strstr(body, "表 1  示例表") != NULL);
    CHECK(strstr(body, ">0.1235<") != NULL);   /* rounded for print */
    CHECK(strstr(rels, "Id=\"rIdImg1\"") && strstr(rels, "Target=\"media/image1.png\""));
    CHECK(strstr(ct, "Extension=\"png\" ContentType=\"image/png\"") != NULL);
    char *a = slurp(f1, &n), *b = slurp(f2, &n2);
    CHECK(a && b && n == n2 && !memcmp(a, b, n));   /* same inputs, same bytes */
    free(a), free(b), free(media), free(body), free(rels), free(ct);
    /* not a PNG, or no width: an error, and no file */
    char d3[300], f3[320];
    snprintf(d3, sizeof d3, "%s/c", tmpl), snprintf(f3, sizeof f3, "%s/r.docx", d3);
    report_docfig bad = {"x", (const unsigned char *)"GIF89a not a png at all", 23, "x", 10};
    CHECK(write_doc(d3, &bad, 1, &err) == NQPF_EINPUT && strstr(err.msg, "not a PNG"));
    CHECK(access(d3, F_OK) != 0);
    report_docfig nowidth = {"x", png, plen, "x", 0};
    CHECK(write_doc(d3, &nowidth, 1, &err) == NQPF_EINPUT);
    CHECK(access(d3, F_OK) != 0);
    unlink(f1), unlink(f2), rmdir(d1), rmdir(d2), rmdir(tmpl);
}

int main(void)
{
    RUN(test_figure);
    return test_done();
}
