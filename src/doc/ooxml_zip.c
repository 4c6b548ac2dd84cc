/* nqpf — the zip container of the Office documents (report.docx,
 * tables.xlsx), written with minizip.  Every entry carries the same date
 * (1980-01-01, the earliest DOS date) and no extra fields, so the bytes
 * depend only on the parts: reruns give identical files. */
#include <stdlib.h>
#include <string.h>
#include <minizip/zip.h>

#include "ooxml.h"

static int put(zipFile z, const ooxml_part *p)
{
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    zi.tmz_date.tm_year = 1980;
    zi.tmz_date.tm_mday = 1;
    if (zipOpenNewFileInZip64(z, p->name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6, 0) != ZIP_OK)
        return -1;
    /* zipWriteInFileInZip takes an unsigned length: write in chunks */
    int rc = ZIP_OK;
    const char *d = p->data;
    for (size_t off = 0; off < p->len && rc == ZIP_OK; off += 1u << 30) {
        size_t k = p->len - off < (1u << 30) ? p->len - off : (1u << 30);
        rc = zipWriteInFileInZip(z, d + off, (unsigned)k);
    }
    return zipCloseFileInZip(z) != ZIP_OK || rc != ZIP_OK ? -1 : 0;
}

int ooxml_zip(const nqpf_outdir *out, const char *name, const ooxml_part *part, size_t n, nqpf_error *err)
{
    char *path = nqpf_outdir_file(out, name);
    if (!path)
        return nqpf_fail_nomem(err);
    zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
    int rc = NQPF_OK;
    if (!z)
        rc = nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot create file");
    else {
        int e = 0;
        for (size_t i = 0; i < n && !e; i++)
            e = put(z, &part[i]);
        if (zipClose(z, NULL) != ZIP_OK || e)
            rc = nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot write the zip archive");
    }
    free(path);
    return rc;
}

/* XML text: the HTML escapes (valid XML too), and control characters
 * (not allowed in XML 1.0) dropped. */
int ooxml_text(nqpf_buf *b, const char *s)
{
    for (; *s; s++) {
        char one[2] = {*s, 0};
        if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
            continue;
        if (nqpf_buf_html(b, one))
            return -1;
    }
    return 0;
}

/* Display width of text in character cells: East Asian characters (3- and
 * 4-byte UTF-8) count 2. */
double ooxml_text_width(const char *s)
{
    double w = 0;
    for (; *s; s++)
        if ((*s & 0xC0) != 0x80)
            w += (unsigned char)*s >= 0xE0 ? 2 : 1;
    return w;
}
