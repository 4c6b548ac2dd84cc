#define _GNU_SOURCE /* mkdtemp, mkstemp, nftw */
#include "nqpf/output.h"
#include "nqpf/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif
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

/* ---- commit helpers ------------------------------------------------------
 *
 * Temporaries are named TARGET.tmp.PID.XXXXXX (and TARGET.old.PID.XXXXXX
 * on the fallback path below), so that the next run for the same target
 * removes those whose process is gone (killed mid-run) and leaves a
 * concurrent run's alone.
 *
 * Replacing an existing directory (--force) is atomic on Linux: renameat2
 * with RENAME_EXCHANGE swaps the new tree and the old one in one step, so
 * the path always names a complete output, then the old tree (now at the
 * temporary name) is removed.  Where renameat2 is missing (other systems,
 * old kernels, file systems without it), the old directory is renamed
 * aside and the new one renamed into place: a process killed between the
 * two leaves no directory at the path (the old one survives at
 * TARGET.old.PID.*).  Without --force, renameat2's RENAME_NOREPLACE (a
 * directory) and link(2) (a file) create the target only if it does not
 * exist, so two runs racing for the same --out cannot both succeed. */

#define RENAME_NOREPLACE_FLAG (1u << 0)
#define RENAME_EXCHANGE_FLAG (1u << 1)

/* renameat2(AT_FDCWD, from, AT_FDCWD, to, flags); -1 with errno ENOSYS
 * where there is none. */
static int rename2(const char *from, const char *to, unsigned flags)
{
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
    (void)from, (void)to, (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

static int rename2_unsupported(int e)
{
    return e == ENOSYS || e == EINVAL || e == ENOTSUP || e == EOPNOTSUPP;
}

/* Test hook: NQPF_TEST_KILL_AT_COMMIT=before|after makes the process
 * SIGKILL itself just before or just after the step that publishes an
 * output, and =wait makes it wait a second just before it
 * (tests/io/test_hostile.py: a kill leaves the old or the new output whole;
 * two runs racing for one --out cannot both succeed).  Reads the
 * environment only. */
static void test_kill_point(const char *where)
{
    const char *v = getenv("NQPF_TEST_KILL_AT_COMMIT");
    if (v && strcmp(v, where) == 0)
        raise(SIGKILL);
    if (v && strcmp(v, "wait") == 0 && strcmp(where, "before") == 0)
        sleep(1);
}

/* "TARGET.tmp.PID." for a temporary's prefix (kind "tmp" or "old"). */
static char *temp_prefix(const char *final, const char *kind)
{
    char mid[48];
    snprintf(mid, sizeof mid, ".%s.%ld.", kind, (long)getpid());
    return concat3(final, mid, "XXXXXX");
}

/* Remove temporaries of `final` left by processes that no longer run. */
static void clean_stale(const char *final)
{
    const char *slash = strrchr(final, '/');
    char *dir = slash ? nqpf_strndup(final, slash == final ? 1 : (size_t)(slash - final)) : nqpf_strdup(".");
    const char *base = slash ? slash + 1 : final;
    size_t nb = strlen(base);
    DIR *dp = dir ? opendir(dir) : NULL;
    if (!dp) {
        free(dir);
        return;
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        const char *nm = e->d_name;
        if (strncmp(nm, base, nb) != 0 || (strncmp(nm + nb, ".tmp.", 5) != 0 && strncmp(nm + nb, ".old.", 5) != 0))
            continue;
        char *end = NULL;
        long pid = strtol(nm + nb + 5, &end, 10);
        if (pid <= 0 || !end || *end != '.' || strlen(end + 1) != 6)
            continue;
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* ours, or alive (or not ours to judge) */
        char *full = concat3(dir, "/", nm);
        if (full)
            nqpf_rmtree(full);
        free(full);
    }
    closedir(dp);
    free(dir);
}

/* NQPF_OUT_BOM (output.h): the mark goes on every file but LaTeX and JSON. */
static int takes_bom(const char *path)
{
    size_t n = strlen(path);
    return !(n >= 4 && strcmp(path + n - 4, ".tex") == 0) && !(n >= 5 && strcmp(path + n - 5, ".json") == 0);
}

static int put_bom(FILE *fp, const char *path, nqpf_error *err)
{
    if (fputs("\xEF\xBB\xBF", fp) == EOF)
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    return NQPF_OK;
}

/* ---- single files ------------------------------------------------------ */

static int outfile_open(nqpf_outfile *f, const char *path, int force, nqpf_error *err);

int nqpf_outfile_open(nqpf_outfile *f, const char *path, int flags, nqpf_error *err)
{
    int rc = outfile_open(f, path, flags & NQPF_OUT_FORCE, err);
    if (!rc && (flags & NQPF_OUT_BOM) && takes_bom(path) && (rc = put_bom(f->fp, path, err)))
        nqpf_outfile_abort(f);
    return rc;
}

static int outfile_open(nqpf_outfile *f, const char *path, int force, nqpf_error *err)
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
    clean_stale(path);
    f->force = force;
    f->final = nqpf_strdup(path);
    f->tmp = temp_prefix(path, "tmp");
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

int nqpf_outfile_prepare(nqpf_outfile *f, nqpf_error *err)
{
    if (!f->final || !f->fp)
        return NQPF_OK; /* standard output or a device: written at commit */
    int bad = ferror(f->fp);
    bad |= fclose(f->fp) != 0;
    f->fp = NULL;
    if (bad) {
        int e = errno;
        nqpf_fail(err, NQPF_EIO, f->final, 0, 0, "write error on %s: %s", f->final, strerror(e));
        nqpf_outfile_abort(f);
        return NQPF_EIO;
    }
    return NQPF_OK;
}

int nqpf_write_buffers(const char *const *paths, const nqpf_buf *const *bufs, size_t n, int flags,
                       nqpf_error *err)
{
    nqpf_outfile *of = calloc(n ? n : 1, sizeof *of);
    nqpf_outfile **open = calloc(n ? n : 1, sizeof *open);
    int rc = of && open ? NQPF_OK : nqpf_fail_nomem(err);
    size_t m = 0;
    for (size_t k = 0; k < n && !rc; k++) {
        if (!paths[k])
            continue;
        if ((rc = nqpf_outfile_open(&of[k], paths[k], flags, err)))
            break;
        open[m++] = &of[k];
        if (bufs[k]->len && fwrite(bufs[k]->data, 1, bufs[k]->len, of[k].fp) != bufs[k]->len)
            rc = nqpf_fail(err, NQPF_EIO, paths[k], 0, 0, "cannot write: %s", strerror(errno));
    }
    if (!rc)
        rc = nqpf_outfiles_commit(open, m, err);
    else
        for (size_t j = 0; j < m; j++)
            nqpf_outfile_abort(open[j]);
    free(of);
    free(open);
    return rc;
}

int nqpf_outfiles_commit(nqpf_outfile *const *fs, size_t n, nqpf_error *err)
{
    int rc = NQPF_OK;
    /* 1. every file written out and closed: a full disk stops all */
    for (size_t k = 0; k < n && !rc; k++)
        rc = nqpf_outfile_prepare(fs[k], err);
    if (rc) {
        for (size_t k = 0; k < n; k++)
            nqpf_outfile_abort(fs[k]);
        return rc;
    }
    /* 2. published one by one; when one cannot be, the files this commit
     * created before it are removed again (without --force each is created
     * exclusively, so they are ours) */
    char **made = calloc(n ? n : 1, sizeof *made);
    if (!made) {
        for (size_t k = 0; k < n; k++)
            nqpf_outfile_abort(fs[k]);
        return nqpf_fail_nomem(err);
    }
    size_t k = 0;
    for (; k < n; k++) {
        char *name = fs[k]->final && !fs[k]->force ? nqpf_strdup(fs[k]->final) : NULL;
        if ((rc = nqpf_outfile_commit(fs[k], err))) {
            free(name);
            break;
        }
        made[k] = name;
    }
    if (rc) {
        for (size_t j = 0; j < k; j++)
            if (made[j])
                unlink(made[j]);
        for (size_t j = k; j < n; j++)
            nqpf_outfile_abort(fs[j]);
    }
    for (size_t j = 0; j < n; j++)
        free(made[j]);
    free(made);
    return rc;
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
            return nqpf_fail(err, NQPF_EIO, name, 0, 0, "write error on %s: %s", name,
                             strerror(errno ? errno : EIO));
        return NQPF_OK;
    }
    if (f->fp) {
        int rc = nqpf_outfile_prepare(f, err);
        if (rc)
            return rc;
    }
    test_kill_point("before");
    if (f->force) {
        if (rename(f->tmp, f->final) != 0) {
            int e = errno;
            nqpf_fail(err, NQPF_EIO, f->final, 0, 0, "cannot rename %s into place: %s", f->final, strerror(e));
            nqpf_outfile_abort(f);
            return NQPF_EIO;
        }
    } else if (link(f->tmp, f->final) == 0) { /* only if the target does not exist */
        unlink(f->tmp);
    } else {
        int e = errno;
        if (e == EEXIST) {
            nqpf_fail(err, NQPF_EEXIST, f->final, 0, 0,
                      "output %s appeared while running (another run?); use --force to overwrite", f->final);
            nqpf_outfile_abort(f);
            return NQPF_EEXIST;
        }
        /* no hard links here (some file systems): a plain rename, which
         * cannot refuse a target created in the meantime */
        if (rename(f->tmp, f->final) != 0) {
            e = errno;
            nqpf_fail(err, NQPF_EIO, f->final, 0, 0, "cannot rename %s into place: %s", f->final, strerror(e));
            nqpf_outfile_abort(f);
            return NQPF_EIO;
        }
    }
    test_kill_point("after");
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

int nqpf_outdir_begin(nqpf_outdir *d, const char *path, int flags, nqpf_error *err)
{
    memset(d, 0, sizeof *d);
    int force = flags & NQPF_OUT_FORCE;
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
    d->flags = flags;
    clean_stale(final);
    d->tmp = temp_prefix(final, "tmp");
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
    int rc = (d->flags & NQPF_OUT_BOM) && takes_bom(name) ? put_bom(*fp, p, err) : NQPF_OK;
    if (rc) {
        fclose(*fp);
        *fp = NULL;
    }
    free(p);
    return rc;
}

int nqpf_outdir_fclose(const nqpf_outdir *d, const char *name, FILE *fp, nqpf_error *err)
{
    int bad = ferror(fp);
    bad |= fclose(fp) != 0;
    if (bad)
        return nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "write error in %s/%s: %s", d->final, name, strerror(errno));
    return NQPF_OK;
}

int nqpf_outdir_commit(nqpf_outdir *d, nqpf_error *err)
{
    struct stat st;
    char *old = NULL;
    int rc = NQPF_OK;
    test_kill_point("before");
    if (stat(d->final, &st) != 0) {
        /* create only if still absent: a directory made meanwhile (by
         * another run) is not silently replaced */
        if (rename2(d->tmp, d->final, RENAME_NOREPLACE_FLAG) == 0)
            goto done;
        int e = errno;
        if (e == EEXIST || e == ENOTEMPTY) {
            rc = nqpf_fail(err, NQPF_EEXIST, d->final, 0, 0,
                           "output directory %s appeared while running (another run?); use --force to replace it",
                           d->final);
            goto fail;
        }
        if (!rename2_unsupported(e)) {
            rc = nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "cannot rename %s into place: %s", d->final, strerror(e));
            goto fail;
        }
    } else if (!(d->flags & NQPF_OUT_FORCE)) {
        rc = nqpf_fail(err, NQPF_EEXIST, d->final, 0, 0,
                       "output directory %s appeared while running (another run?); use --force to replace it",
                       d->final);
        goto fail;
    } else if (rename2(d->tmp, d->final, RENAME_EXCHANGE_FLAG) == 0) {
        /* atomic: the path now names the new tree, d->tmp the old one */
        test_kill_point("after");
        nqpf_rmtree(d->tmp);
        goto done_removed;
    } else if (!rename2_unsupported(errno)) {
        int e = errno;
        rc = nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "cannot swap the new output into %s: %s", d->final, strerror(e));
        goto fail;
    } else {
        /* fallback: move the old tree aside, then the new one in */
        old = temp_prefix(d->final, "old");
        if (!old || !mkdtemp(old)) {
            int e = errno;
            rc = old ? nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "cannot move the old output %s aside: %s", d->final,
                                 strerror(e))
                     : nqpf_fail_nomem(err);
            free(old);
            old = NULL;
            goto fail;
        }
        /* rename(2) replaces an empty directory atomically */
        if (rename(d->final, old) != 0) {
            int e = errno;
            rmdir(old);
            rc = nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "cannot move the old output %s aside to %s: %s", d->final,
                           old, strerror(e));
            free(old);
            old = NULL;
            goto fail;
        }
    }
    if (rename(d->tmp, d->final) != 0) {
        int e = errno;
        if (old)
            rename(old, d->final);
        rc = nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "cannot rename %s into place: %s", d->final, strerror(e));
        free(old);
        goto fail;
    }
done:
    test_kill_point("after");
    if (old) {
        nqpf_rmtree(old);
        free(old);
    }
done_removed:
    free(d->tmp);
    free(d->final);
    d->tmp = d->final = NULL;
    return NQPF_OK;
fail:
    nqpf_outdir_abort(d); /* after the message: it frees d->final */
    return rc;
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
    /* signs alone ("+" and "-", an indicator's direction; "-" and "--",
     * missing values) are text to every spreadsheet, never a formula */
    if (strspn(s, "+-") == strlen(s))
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
    nqpf_csv_put_row(fp, fields, n, &v, 1);
}

void nqpf_csv_put_row(FILE *fp, const char *const *fields, size_t n, const double *v, size_t k)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', fp);
        nqpf_csv_put_field(fp, fields[i]);
    }
    for (size_t j = 0; j < k; j++) {
        if (n || j)
            fputc(',', fp);
        nqpf_csv_put_num(fp, v[j]);
    }
    fputc('\n', fp);
}

void nqpf_csv_put_cells(FILE *fp, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    for (const char *t = types; *t; t++) {
        if (t != types)
            fputc(',', fp);
        if (*t == 's')
            nqpf_csv_put_field(fp, va_arg(ap, const char *));
        else
            nqpf_csv_put_num(fp, va_arg(ap, double));
    }
    va_end(ap);
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

#define ROWS_PER_BLOCK 4096 /* two rounds are held: the memory of one round of 8192 */
#define BLOCKS_PER_ROUND 16

/* Write a round's buffers in order; the first failure is kept in *rc. */
static void write_round(FILE *fp, const nqpf_buf *bufs, int *rc, nqpf_error *err)
{
    for (int k = 0; k < BLOCKS_PER_ROUND && !*rc; k++)
        if (bufs[k].len && fwrite(bufs[k].data, 1, bufs[k].len, fp) != bufs[k].len)
            *rc = nqpf_fail(err, NQPF_EIO, NULL, 0, 0, "write error: %s", strerror(errno));
}

/* Rounds of BLOCKS_PER_ROUND blocks are formatted in parallel while one
 * thread writes the previous round (double buffering): writing is no
 * longer a serial step between rounds.  Blocks and their order do not
 * depend on the threads. */
int nqpf_write_rows(FILE *fp, size_t n_rows, nqpf_row_fmt fmt, const void *ctx, nqpf_error *err)
{
    nqpf_buf bufs[2][BLOCKS_PER_ROUND];
    memset(bufs, 0, sizeof bufs);
    int rc = NQPF_OK, cur = 0, pending = 0;
    for (size_t start = 0; start < n_rows && !rc; start += (size_t)ROWS_PER_BLOCK * BLOCKS_PER_ROUND) {
        int failed = 0;
        nqpf_buf *out = bufs[cur], *prev = bufs[1 - cur];
#pragma omp parallel reduction(| : failed)
        {
#pragma omp single nowait
            if (pending)
                write_round(fp, prev, &rc, err);
#pragma omp for schedule(dynamic, 1)
            for (int k = 0; k < BLOCKS_PER_ROUND; k++) {
                /* rows go to a copy on this thread's stack: the blocks'
                 * bufs share cache lines, and a length written at every
                 * row beside another thread's cost as much as the digits */
                nqpf_buf b = out[k];
                b.len = 0;
                size_t lo = start + (size_t)k * ROWS_PER_BLOCK;
                for (size_t r = lo; r < lo + ROWS_PER_BLOCK && r < n_rows && !failed; r++)
                    failed |= fmt(ctx, r, &b) != 0;
                out[k] = b;
            }
        }
        if (failed && !rc)
            rc = nqpf_fail_nomem(err);
        pending = 1;
        cur = 1 - cur;
    }
    if (pending && !rc)
        write_round(fp, bufs[1 - cur], &rc, err);
    for (int b = 0; b < 2; b++)
        for (int k = 0; k < BLOCKS_PER_ROUND; k++)
            nqpf_buf_free(&bufs[b][k]);
    return rc;
}
