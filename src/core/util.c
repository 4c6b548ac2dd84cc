#include "nqpf/util.h"

#include "dtoa.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nqpf/error.h"

/* ---- numbers ---------------------------------------------------------- */

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void nqpf_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n > 0 && is_blank(p[0])) {
        p++;
        n--;
    }
    while (n > 0 && is_blank(p[n - 1]))
        n--;
    *s = p;
    *len = n;
}

int nqpf_is_missing_token(const char *s, size_t len)
{
    nqpf_trim(&s, &len);
    if (len == 0)
        return 1;
    if (len == 2 && (s[0] == 'N' || s[0] == 'n') && (s[1] == 'A' || s[1] == 'a'))
        return 1;
    if (len == 3 && (s[0] == 'N' || s[0] == 'n') && s[1] == '/' && (s[2] == 'A' || s[2] == 'a'))
        return 1;
    if ((len == 1 && s[0] == '.') || (len == 1 && s[0] == '-') ||
        (len == 2 && memcmp(s, "--", 2) == 0) || (len == 3 && memcmp(s, "...", 3) == 0))
        return 1;
    /* U+2026 HORIZONTAL ELLIPSIS, as Chinese yearbooks print "…" or "……" */
    if (len == 3 && memcmp(s, "\xE2\x80\xA6", 3) == 0)
        return 1;
    if (len == 6 && memcmp(s, "\xE2\x80\xA6\xE2\x80\xA6", 6) == 0)
        return 1;
    return 0;
}

/* The exact fast path (decimal.c); 0 when the text is not of its simple
 * form and strtod must decide. */
static int parse_fast(const char *p, const char *end, double *out)
{
    return nqpf_decimal_scan(p, end, out) == end;
}

int nqpf_parse_cell(const char *s, size_t len, double *out, const char **why)
{
    nqpf_trim(&s, &len);
    if (len > 0 && parse_fast(s, s + len, out))
        return NQPF_CELL_NUMBER;
    if (nqpf_is_missing_token(s, len))
        return NQPF_CELL_MISSING;
    /* Only characters of a plain decimal number may appear: this rejects
     * inf, nan, hex floats and thousands separators before strtod sees them. */
    char tmp[128];
    if (len >= sizeof tmp) {
        if (why) *why = "cell is too long to be a number";
        return NQPF_CELL_BAD;
    }
    int digits = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (!(c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) {
            if (why) {
                if (c == ',') *why = "thousands separators are not allowed in numbers";
                else if (c == 'i' || c == 'I' || c == 'n' || c == 'N')
                    *why = "Inf/NaN are not numbers; leave the cell empty or write NA for a missing value";
                else *why = "not a number";
            }
            return NQPF_CELL_BAD;
        }
    }
    if (digits == 0) {
        if (why) *why = "not a number";
        return NQPF_CELL_BAD;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(tmp, &end);
    if (end != tmp + len) {
        if (why) *why = "not a number";
        return NQPF_CELL_BAD;
    }
    if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL)) {
        if (why) *why = "number overflows a double";
        return NQPF_CELL_BAD;
    }
    if (errno == ERANGE && v == 0) {
        /* a nonzero literal below the smallest subnormal (1e-400) would read
         * as 0: out of range, like an overflow ("0e-400" is a plain 0) */
        if (why) *why = "number underflows a double (nonzero, but below 4.9e-324 it would read as 0)";
        return NQPF_CELL_BAD;
    }
    if (!isfinite(v)) {
        if (why) *why = "not a finite number";
        return NQPF_CELL_BAD;
    }
    *out = v;
    return NQPF_CELL_NUMBER;
}

int nqpf_format_double(double x, char *buf, size_t size)
{
    if (isnan(x)) {
        if (size) buf[0] = '\0';
        return 0;
    }
    if (x == 0.0) /* also turns -0 into 0: the same number to every reader */
        return snprintf(buf, size, "0");
    /* Integers (ranks, counts, most raw data) need no printf at all. */
    if (fabs(x) < 1e15 && x == (double)(long long)x) {
        char tmp[24];
        long long v = (long long)x;
        unsigned long long u = v < 0 ? (unsigned long long)(-v) : (unsigned long long)v;
        int k = 0;
        do
            tmp[k++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        if (v < 0)
            tmp[k++] = '-';
        int n = 0;
        while (k > 0 && (size_t)n + 1 < size)
            buf[n++] = tmp[--k];
        buf[n] = '\0';
        return n;
    }
    if (size >= 32) {
        int f = nqpf_dtoa_fast(x, buf);
        if (f >= 0)
            return f;
    }
    /* Shortest of %.15g, %.16g, %.17g that reads back exactly.  Trying 16
     * first needs two printf calls at most instead of three: if 16 digits
     * round-trip and print as 15 or fewer significant digits, %.15g would
     * give the same text. */
    int n = snprintf(buf, size, "%.16g", x);
    double back;
    if ((parse_fast(buf, buf + n, &back) ? back : strtod(buf, NULL)) != x)
        return snprintf(buf, size, "%.17g", x);
    int sig = 0, started = 0;
    for (const char *c = buf; *c && *c != 'e'; c++)
        if (*c >= '0' && *c <= '9') {
            started |= *c != '0';
            sig += started;
        }
    if (sig <= 15)
        return n;
    char alt[40];
    int m = snprintf(alt, sizeof alt, "%.15g", x);
    if ((parse_fast(alt, alt + m, &back) ? back : strtod(alt, NULL)) == x && (size_t)m < size) {
        memcpy(buf, alt, (size_t)m + 1);
        return m;
    }
    return n;
}

/* ---- strings ---------------------------------------------------------- */

char *nqpf_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nqpf_strdup(const char *s) { return nqpf_strndup(s, strlen(s)); }

/* ---- buffers ---------------------------------------------------------- */

void *nqpf_alloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    return malloc(bytes ? bytes : 1);
}

void *nqpf_calloc(size_t n, size_t size)
{
    return calloc(n ? n : 1, size ? size : 1);
}

int nqpf_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > (SIZE_MAX / 2) / elem)
            return -1;
        nc *= 2;
    }
    void *p = realloc(*arr, nc * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

int nqpf_buf_reserve(nqpf_buf *b, size_t extra)
{
    void *d = b->data;
    if (nqpf_grow(&d, &b->cap, b->len + extra + 1, 1) != 0)
        return -1;
    b->data = d;
    return 0;
}


int nqpf_buf_puts(nqpf_buf *b, const char *s) { return nqpf_buf_append(b, s, strlen(s)); }

int nqpf_buf_printf(nqpf_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || nqpf_buf_reserve(b, (size_t)n) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void nqpf_buf_free(nqpf_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- string map ------------------------------------------------------- */

/* FNV-1a: simple, good enough for identifiers, and deterministic (no seed),
 * which keeps runs reproducible. */
static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* key is a stored NUL-terminated key; s has n bytes and may hold NULs of
 * its own (a caller passing raw bytes), so never read key past its end. */
static int key_eq(const char *key, const char *s, size_t n)
{
    return strnlen(key, n + 1) == n && memcmp(key, s, n) == 0;
}

long nqpf_strmap_find(const nqpf_strmap *m, const char *key, size_t len)
{
    if (m->n_slots == 0)
        return -1;
    size_t mask = m->n_slots - 1;
    for (size_t i = hash_bytes(key, len) & mask;; i = (i + 1) & mask) {
        uint32_t s = m->slots[i];
        if (s == 0)
            return -1;
        if (key_eq(m->keys[s - 1], key, len))
            return (long)(s - 1);
    }
}

static int rehash(nqpf_strmap *m, size_t n_slots)
{
    uint32_t *slots = calloc(n_slots, sizeof *slots);
    if (!slots)
        return -1;
    size_t mask = n_slots - 1;
    for (size_t k = 0; k < m->n; k++) {
        size_t i = hash_bytes(m->keys[k], strlen(m->keys[k])) & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = (uint32_t)(k + 1);
    }
    free(m->slots);
    m->slots = slots;
    m->n_slots = n_slots;
    return 0;
}

long nqpf_strmap_intern(nqpf_strmap *m, const char *key, size_t len, int *inserted)
{
    if (inserted)
        *inserted = 0;
    long f = nqpf_strmap_find(m, key, len);
    if (f >= 0)
        return f;
    if (m->n >= UINT32_MAX - 1)
        return -1;
    if ((m->n + 1) * 2 > m->n_slots && rehash(m, m->n_slots ? m->n_slots * 2 : 64) != 0)
        return -1;
    void *k = m->keys;
    if (nqpf_grow(&k, &m->keys_cap, m->n + 1, sizeof(char *)) != 0)
        return -1;
    m->keys = k;
    char *copy = nqpf_strndup(key, len);
    if (!copy)
        return -1;
    size_t mask = m->n_slots - 1;
    size_t i = hash_bytes(key, len) & mask;
    while (m->slots[i])
        i = (i + 1) & mask;
    m->keys[m->n] = copy;
    m->slots[i] = (uint32_t)(m->n + 1);
    if (inserted)
        *inserted = 1;
    return (long)m->n++;
}

void nqpf_strmap_free(nqpf_strmap *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* ---- small numeric helpers ------------------------------------------- */

int nqpf_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

long nqpf_order_by_code(const size_t *code, size_t n, size_t n_levels, size_t *order, size_t *end)
{
    size_t *at = calloc(n_levels + 1, sizeof *at);
    if (!at)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (code[i] < n_levels)
            at[code[i] + 1]++;
    for (size_t k = 0; k < n_levels; k++)
        at[k + 1] += at[k];
    size_t count = at[n_levels];
    for (size_t i = 0; i < n; i++)
        if (code[i] < n_levels)
            order[at[code[i]]++] = i;
    if (end) /* each code's start has moved on to its end */
        memcpy(end, at, n_levels * sizeof *end);
    free(at);
    return (long)count;
}

double nqpf_quantile7(const double *sorted, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

void nqpf_smallest_k(double *key, size_t *id, size_t *count, size_t k, double d, size_t j)
{
    if (*count == k && !(d < key[k - 1]))
        return;
    size_t p = *count < k ? (*count)++ : k - 1;
    while (p > 0 && d < key[p - 1]) {
        key[p] = key[p - 1];
        id[p] = id[p - 1];
        p--;
    }
    key[p] = d;
    id[p] = j;
}

/* ---- input files ------------------------------------------------------ */

static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m)) return "a directory";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISFIFO(m)) return "a FIFO or pipe";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

int nqpf_open_regular(const char *path, uint64_t max_bytes, const char *what, FILE **fp, uint64_t *size,
                      nqpf_error *err)
{
    *fp = NULL;
    /* O_NONBLOCK: opening a FIFO without a writer returns at once (a
     * regular file ignores the flag, which is cleared again below) */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot stat: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "%s, not a regular file (%s)", file_kind(st.st_mode), what);
    }
    if (max_bytes && (uint64_t)st.st_size > max_bytes) {
        close(fd);
        return nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "%.1f MiB, over the limit of %.0f MiB (%s)",
                         (double)st.st_size / 1048576.0, (double)max_bytes / 1048576.0, what);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl != -1)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return nqpf_fail_nomem(err);
    }
    *fp = f;
    if (size)
        *size = (uint64_t)st.st_size;
    return NQPF_OK;
}

int nqpf_read_whole(const char *path, int stdin_ok, uint64_t max_bytes, const char *what, const char *noun,
                    nqpf_buf *b, nqpf_error *err)
{
    int is_stdin = stdin_ok && strcmp(path, "-") == 0;
    FILE *fp = stdin;
    int rc = is_stdin ? NQPF_OK : nqpf_open_regular(path, max_bytes, what, &fp, NULL, err);
    if (rc)
        return rc;
    char chunk[65536];
    size_t n;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (b->len + n > max_bytes) /* standard input, or a file that grew while read */
            rc = nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "%s is over the limit of %.0f MiB", noun,
                           (double)max_bytes / 1048576.0);
        else if (nqpf_buf_append(b, chunk, n))
            rc = nqpf_fail_nomem(err);
    }
    if (!rc && ferror(fp))
        rc = nqpf_fail(err, NQPF_EIO, path, 0, 0, "read error");
    if (!is_stdin)
        fclose(fp);
    if (rc)
        nqpf_buf_free(b);
    return rc;
}

void nqpf_mat_mul(size_t k, const double *a, const double *b, double *out)
{
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++) {
            double s = 0.0;
            for (size_t l = 0; l < k; l++)
                s += a[l * k + i] * b[j * k + l];
            out[j * k + i] = s;
        }
}

void nqpf_sandwich(size_t k, const double *bread, const double *meat, double scale, double *tmp, double *out)
{
    nqpf_mat_mul(k, bread, meat, tmp);
    nqpf_mat_mul(k, tmp, bread, out);
    for (size_t i = 0; i < k * k; i++)
        out[i] = scale * out[i];
}

/* Cholesky of a small dense SPD matrix, for systems of a few dozen
 * unknowns where a LAPACK call's set-up is not worth it (see util.h). */
long nqpf_spd_solve(size_t k, const double *a, const double *b, double *x, double *inv, double tol)
{
    double *l = calloc(k * k + 1, sizeof *l);
    if (!l)
        return -2;
    for (size_t j = 0; j < k; j++) {
        double d = a[j * k + j];
        for (size_t q = 0; q < j; q++)
            d -= l[j * k + q] * l[j * k + q];
        if (!(d > tol * a[j * k + j]) || !(a[j * k + j] > 0)) {
            free(l);
            return (long)j;
        }
        d = sqrt(d);
        l[j * k + j] = d;
        for (size_t i = j + 1; i < k; i++) {
            double s = a[i * k + j];
            for (size_t q = 0; q < j; q++)
                s -= l[i * k + q] * l[j * k + q];
            l[i * k + j] = s / d;
        }
    }
    if (b && x) {
        for (size_t i = 0; i < k; i++) {
            double s = b[i];
            for (size_t q = 0; q < i; q++)
                s -= l[i * k + q] * x[q];
            x[i] = s / l[i * k + i];
        }
        for (size_t i = k; i-- > 0;) {
            double s = x[i];
            for (size_t q = i + 1; q < k; q++)
                s -= l[q * k + i] * x[q];
            x[i] = s / l[i * k + i];
        }
    }
    if (inv) {
        double *e = malloc(k * sizeof *e);
        if (!e) {
            free(l);
            return -2;
        }
        for (size_t c = 0; c < k; c++) {
            for (size_t i = 0; i < k; i++) {
                double s = i == c;
                for (size_t q = 0; q < i; q++)
                    s -= l[i * k + q] * e[q];
                e[i] = s / l[i * k + i];
            }
            for (size_t i = k; i-- > 0;) {
                double s = e[i];
                for (size_t q = i + 1; q < k; q++)
                    s -= l[q * k + i] * e[q];
                e[i] = s / l[i * k + i];
            }
            for (size_t i = 0; i < k; i++)
                inv[i * k + c] = e[i];
        }
        free(e);
    }
    free(l);
    return -1;
}
