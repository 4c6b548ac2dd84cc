#define _GNU_SOURCE /* mkdtemp, mkstemp, nftw */
#include "nqpf/output.h"
#include "nqpf/util.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *concat3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p = malloc(la + lb + lc + 1);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    memcpy(p + la, b, lb);
    memcpy(p + la + lb, c, lc + 1);
    return p;
}

/* ---- single files ------------------------------------------------------ */

int nqpf_outfile_open(nqpf_outfile *f, const char *path, int force, nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    if (strcmp(path, "-") == 0) {
        /* Standard output cannot be renamed into place, so the text is held
         * in an anonymous temporary file and copied out on commit: a failing
         * command prints nothing, not a header and half the rows. */
        f->fp = tmpfile();
        if (!f->fp)
            return nqpf_fail(err, NQPF_EIO, "-", 0, 0, "cannot create a temporary file: %s", strerror(errno));
        return NQPF_OK;
    }
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        /* a device or FIFO cannot be renamed onto either: held back like
         * standard output, then written in one go */
        f->fp = tmpfile();
        if (!f->fp)
            return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
        if (!(f->device = nqpf_strdup(path))) {
            nqpf_outfile_abort(f);
            return nqpf_fail_nomem(err);
        }
        return NQPF_OK;
    }
    if (!force && exists)
        return nqpf_fail(err, NQPF_EEXIST, path, 0, 0, "output exists; use --force to overwrite");
    f->final = nqpf_strdup(path);
    f->tmp = concat3(path, ".tmp.", "XXXXXX");
    if (!f->final || !f->tmp) {
        nqpf_outfile_abort(f);
        return nqpf_fail_nomem(err);
    }
    int fd = mkstemp(f->tmp);
    if (fd < 0) {
        int e = errno;
        free(f->tmp);
        f->tmp = NULL;
        nqpf_outfile_abort(f);
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot create output: %s", strerror(e));
    }
    fchmod(fd, 0644);
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        close(fd);
        nqpf_outfile_abort(f);
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot open output stream");
    }
    return NQPF_OK;
}

int nqpf_outfile_commit(nqpf_outfile *f, nqpf_error *err)
{
    if (!f->final) { /* stdout or a device: copy the held text out */
        const char *name = f->device ? f->device : "-";
        FILE *to = f->device ? fopen(f->device, "wb") : stdout;
        char buf[1 << 16];
        size_t n;
        int bad = !to || fflush(f->fp) != 0 || ferror(f->fp) || fseek(f->fp, 0, SEEK_SET) != 0;
        while (!bad && (n = fread(buf, 1, sizeof buf, f->fp)) > 0)
            bad = fwrite(buf, 1, n, to) != n;
        bad |= ferror(f->fp) || (to && fflush(to) != 0);
        if (to && to != stdout)
            bad |= fclose(to) != 0;
        fclose(f->fp);
        f->fp = NULL;
        free(f->device);
        f->device = NULL;
        if (bad)
            return nqpf_fail(err, NQPF_EIO, name, 0, 0, "write error");
        return NQPF_OK;
    }
    int bad = ferror(f->fp);
    bad |= fclose(f->fp) != 0;
    f->fp = NULL;
    if (bad) {
        int e = errno;
        nqpf_fail(err, NQPF_EIO, f->final, 0, 0, "write error: %s", strerror(e));
        nqpf_outfile_abort(f);
        return NQPF_EIO;
    }
    if (rename(f->tmp, f->final) != 0) {
        int e = errno;
        nqpf_fail(err, NQPF_EIO, f->final, 0, 0, "cannot rename into place: %s", strerror(e));
        nqpf_outfile_abort(f);
        return NQPF_EIO;
    }
    free(f->tmp);
    free(f->final);
    f->tmp = f->final = NULL;
    return NQPF_OK;
}

void nqpf_outfile_abort(nqpf_outfile *f)
{
    if (f->fp)
        fclose(f->fp);
    f->fp = NULL;
    if (f->tmp)
        unlink(f->tmp);
    free(f->tmp);
    free(f->final);
    free(f->device);
    f->device = NULL;
    f->tmp = f->final = NULL;
}

/* ---- directories -------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int nqpf_rmtree(const char *path)
{
    return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int nqpf_outdir_begin(nqpf_outdir *d, const char *path, int force, nqpf_error *err)
{
    memset(d, 0, sizeof *d);
    struct stat st;
    if (stat(path, &st) == 0) {
        if (!force)
            return nqpf_fail(err, NQPF_EEXIST, path, 0, 0,
                             "output directory exists; use --force to replace it");
        if (!S_ISDIR(st.st_mode))
            return nqpf_fail(err, NQPF_EEXIST, path, 0, 0, "exists and is not a directory");
    }
    /* strip trailing slashes so "out/" and "out" are the same target */
    char *final = nqpf_strdup(path);
    if (!final)
        return nqpf_fail_nomem(err);
    size_t n = strlen(final);
    while (n > 1 && final[n - 1] == '/')
        final[--n] = '\0';
    d->final = final;
    d->force = force;
    d->tmp = concat3(final, ".tmp.", "XXXXXX");
    if (!d->tmp) {
        nqpf_outdir_abort(d);
        return nqpf_fail_nomem(err);
    }
    if (!mkdtemp(d->tmp)) {
        int e = errno;
        free(d->tmp);
        d->tmp = NULL;
        nqpf_outdir_abort(d);
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot create output directory: %s", strerror(e));
    }
    chmod(d->tmp, 0755);
    return NQPF_OK;
}

char *nqpf_outdir_file(const nqpf_outdir *d, const char *name)
{
    return concat3(d->tmp, "/", name);
}

int nqpf_outdir_fopen(const nqpf_outdir *d, const char *name, FILE **fp, nqpf_error *err)
{
    char *p = nqpf_outdir_file(d, name);
    if (!p)
        return nqpf_fail_nomem(err);
    *fp = fopen(p, "wb");
    if (!*fp) {
        int e = errno;
        nqpf_fail(err, NQPF_EIO, p, 0, 0, "cannot create: %s", strerror(e));
        free(p);
        return NQPF_EIO;
    }
    free(p);
    return NQPF_OK;
}

int nqpf_outdir_fclose(const nqpf_outdir *d, const char *name, FILE *fp, nqpf_error *err)
{
    int bad = ferror(fp);
    bad |= fclose(fp) != 0;
    if (bad)
        return nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "write error in %s", name);
    return NQPF_OK;
}

int nqpf_outdir_commit(nqpf_outdir *d, nqpf_error *err)
{
    struct stat st;
    char *old = NULL;
    if (stat(d->final, &st) == 0) {
        if (!d->force) {
            nqpf_outdir_abort(d);
            return nqpf_fail(err, NQPF_EEXIST, d->final, 0, 0, "output directory appeared while running");
        }
        old = concat3(d->final, ".old.", "XXXXXX");
        if (!old || !mkdtemp(old)) {
            free(old);
            nqpf_outdir_abort(d);
            return nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "cannot move the old output aside");
        }
        /* rename(2) replaces an empty directory atomically */
        if (rename(d->final, old) != 0) {
            int e = errno;
            rmdir(old);
            free(old);
            nqpf_outdir_abort(d);
            return nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "cannot move the old output aside: %s", strerror(e));
        }
    }
    if (rename(d->tmp, d->final) != 0) {
        int e = errno;
        if (old)
            rename(old, d->final);
        free(old);
        nqpf_outdir_abort(d);
        return nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "cannot rename output into place: %s", strerror(e));
    }
    if (old) {
        nqpf_rmtree(old);
        free(old);
    }
    free(d->tmp);
    free(d->final);
    d->tmp = d->final = NULL;
    return NQPF_OK;
}

void nqpf_outdir_abort(nqpf_outdir *d)
{
    if (d->tmp)
        nqpf_rmtree(d->tmp);
    free(d->tmp);
    free(d->final);
    d->tmp = d->final = NULL;
}

/* ---- CSV and JSON text --------------------------------------------------- */

int nqpf_csv_formula_like(const char *s)
{
    while (s[0] == '\'') /* "'=x" is guarded as "''=x", so that unguarding is exact */
        s++;
    if (!(s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
        return 0;
    double x;
    return nqpf_parse_cell(s, strlen(s), &x, NULL) != NQPF_CELL_NUMBER; /* "-1.5" stays a number */
}

const char *nqpf_csv_unguard(const char *s)
{
    return s[0] == '\'' && nqpf_csv_formula_like(s + 1) ? s + 1 : s;
}

void nqpf_csv_put_field(FILE *fp, const char *s)
{
    if (nqpf_csv_formula_like(s)) { /* inside the quotes, when there are quotes */
        nqpf_buf b = {0};
        if (nqpf_buf_csv_field(&b, s) == 0)
            fwrite(b.data, 1, b.len, fp);
        else
            fputs("'", fp); /* out of memory: still never the bare formula */
        nqpf_buf_free(&b);
        return;
    }
    size_t n = strlen(s);
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = 1;
    if (!quote) {
        fwrite(s, 1, n, fp);
        return;
    }
    fputc('"', fp);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', fp);
        fputc(s[i], fp);
    }
    fputc('"', fp);
}

void nqpf_csv_put_num(FILE *fp, double x)
{
    char buf[40];
    int n = nqpf_format_double(x, buf, sizeof buf);
    fwrite(buf, 1, (size_t)n, fp);
}

void nqpf_csv_put_long(FILE *fp, const char *const *fields, size_t n, double v)
{
    for (size_t i = 0; i < n; i++) {
        nqpf_csv_put_field(fp, fields[i]);
        fputc(',', fp);
    }
    nqpf_csv_put_num(fp, v);
    fputc('\n', fp);
}

void nqpf_json_put_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default:
            if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
                fprintf(fp, "\\u%04x", *p); /* also safe inside HTML <script> */
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

void nqpf_json_put_num(FILE *fp, double x)
{
    if (!isfinite(x)) {
        fputs("null", fp);
        return;
    }
    nqpf_csv_put_num(fp, x);
}

int nqpf_buf_csv_field(nqpf_buf *b, const char *s)
{
    if (!nqpf_csv_formula_like(s))
        return nqpf_buf_csv_field_raw(b, s);
    size_t n = strlen(s); /* "'" + s, quoted when s needs quotes */
    int quote = s[n - 1] == ' ';
    for (size_t i = 0; i < n && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = 1;
    if ((quote && nqpf_buf_append(b, "\"", 1)) || nqpf_buf_append(b, "'", 1))
        return -1;
    for (const char *p = s; *p; p++)
        if ((*p == '"' && nqpf_buf_append(b, "\"", 1)) || nqpf_buf_append(b, p, 1))
            return -1;
    return quote ? nqpf_buf_append(b, "\"", 1) : 0;
}

int nqpf_buf_csv_field_raw(nqpf_buf *b, const char *s)
{
    size_t n = strlen(s);
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = 1;
    if (!quote)
        return nqpf_buf_append(b, s, n);
    if (nqpf_buf_append(b, "\"", 1))
        return -1;
    for (const char *p = s; *p; p++)
        if ((*p == '"' && nqpf_buf_append(b, "\"", 1)) || nqpf_buf_append(b, p, 1))
            return -1;
    return nqpf_buf_append(b, "\"", 1);
}

int nqpf_buf_csv_num(nqpf_buf *b, double x)
{
    char tmp[40];
    int n = nqpf_format_double(x, tmp, sizeof tmp);
    return nqpf_buf_append(b, tmp, (size_t)n);
}

#define ROWS_PER_BLOCK 8192
#define BLOCKS_PER_ROUND 16

int nqpf_write_rows(FILE *fp, size_t n_rows, nqpf_row_fmt fmt, const void *ctx, nqpf_error *err)
{
    nqpf_buf bufs[BLOCKS_PER_ROUND];
    memset(bufs, 0, sizeof bufs);
    int rc = NQPF_OK;
    for (size_t start = 0; start < n_rows && !rc; start += (size_t)ROWS_PER_BLOCK * BLOCKS_PER_ROUND) {
        int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(| : failed)
        for (int k = 0; k < BLOCKS_PER_ROUND; k++) {
            bufs[k].len = 0;
            size_t lo = start + (size_t)k * ROWS_PER_BLOCK;
            for (size_t r = lo; r < lo + ROWS_PER_BLOCK && r < n_rows && !failed; r++)
                failed |= fmt(ctx, r, &bufs[k]) != 0;
        }
        if (failed)
            rc = nqpf_fail_nomem(err);
        for (int k = 0; k < BLOCKS_PER_ROUND && !rc; k++)
            if (bufs[k].len && fwrite(bufs[k].data, 1, bufs[k].len, fp) != bufs[k].len)
                rc = nqpf_fail(err, NQPF_EIO, NULL, 0, 0, "write error");
    }
    for (int k = 0; k < BLOCKS_PER_ROUND; k++)
        nqpf_buf_free(&bufs[k]);
    return rc;
}
