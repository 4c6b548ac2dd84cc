/* Streaming RFC 4180 reader with on-the-fly conversion to UTF-8.
 *
 * Memory is bounded by the chunk size plus the longest row: raw bytes are
 * read in chunks, converted (iconv) into a text buffer, and rows are parsed
 * out of that buffer.  When a row runs past the end of the buffer we read
 * more and parse the row again from its start; rows are short, so the
 * re-parse is cheaper than keeping a resumable state machine.  A long row
 * does not make this quadratic: each re-parse first buffers at least as
 * much again as the row has so far, so a row of n bytes is parsed in O(n)
 * in all; and a row is refused as soon as its text passes MAX_ROW_BYTES,
 * without waiting for a field to end (/dev/zero as a CSV file never ends).
 */
#include "nqpf/csv.h"
#include "nqpf/hugemem.h"
#include "nqpf/sha256.h"
#include "nqpf/util.h"

#include <errno.h>
#include <stdint.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Raw bytes read at a time.  Fuzzing builds (-DNQPF_FUZZ, fuzz/run.sh) read
 * 64 bytes at a time: short inputs then cross every refill and re-parse
 * path, and a run does not spend its time allocating megabytes under ASan. */
#ifdef NQPF_FUZZ
#define CHUNK 64u
#define MAX_ROW_BYTES (1u << 20)
#else
#define CHUNK (1u << 20)
#define MAX_ROW_BYTES (256u << 20)     /* a row longer than this is an error */
#endif

/* A read ahead in parts is at most this many preads. */
#define AHEAD_MAX_PARTS 16

struct nqpf_csv {
    FILE *fp;
    int own_fp;
    nqpf_buf conv;          /* a .dta or .xlsx file's CSV text, read through fp */
    char *path;
    nqpf_encoding enc;
    char delim;
    iconv_t cd;             /* (iconv_t)-1 when the input is UTF-8 */
    int detected;           /* encoding decided and BOM skipped */
    int raw_eof;            /* no more raw bytes */
    char *raw;              /* raw bytes not yet converted */
    size_t raw_len;
    char *text;             /* UTF-8 text */
    size_t text_len, text_pos, text_cap;
    long line;              /* physical line number at text_pos */
    unsigned long long bytes;
    unsigned long long size;  /* of the input in bytes, 0 if unknown (a pipe) */
    nqpf_buf fbuf;          /* unescaped field contents of the current row */
    size_t *foff;           /* offsets of fields in fbuf */
    size_t foff_cap;
    char **fields;
    size_t *lens;
    size_t fields_cap, lens_cap;
    size_t more_nf;         /* 1-based field where the last parse ran out of text */
    int regular;            /* opened by path from a regular file: may be hashed */
    nqpf_sha256 *sha;       /* the input's bytes go through it (nqpf_csv_hash), or NULL */
    size_t unhashed;        /* read straight into the text and not hashed yet: the
                               last unhashed bytes of text[0..text_len) */
    char *ahead;            /* nqpf_csv_read_ahead's buffer: ahead_len bytes at
                               ahead + AHEAD_GAP, not yet counted in bytes */
    size_t ahead_cap, ahead_len;
    int ahead_eof, ahead_errno;
    /* a read ahead in parts (nqpf_csv_read_ahead_begin ... _end) */
    off_t ahead_at;         /* the file offset of its first byte */
    size_t ahead_want, ahead_part, ahead_parts;
    size_t part_got[AHEAD_MAX_PARTS];
    int part_errno[AHEAD_MAX_PARTS];
};

/* Room kept in front of the read-ahead bytes for the unfinished line the
 * text ends with: it is copied there and the buffers are swapped.  A longer
 * line (rare) is joined by copying the read-ahead bytes instead. */
#ifdef NQPF_FUZZ
#define AHEAD_GAP 16u
#else
#define AHEAD_GAP (1u << 20)
#endif

int nqpf_encoding_parse(const char *s, nqpf_encoding *out)
{
    if (!strcasecmp(s, "auto")) *out = NQPF_ENC_AUTO;
    else if (!strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8")) *out = NQPF_ENC_UTF8;
    else if (!strcasecmp(s, "gbk") || !strcasecmp(s, "gb18030") || !strcasecmp(s, "gb2312") ||
             !strcasecmp(s, "cp936"))
        *out = NQPF_ENC_GB18030;
    else
        return -1;
    return 0;
}

const char *nqpf_encoding_name(nqpf_encoding e)
{
    switch (e) {
    case NQPF_ENC_UTF8: return "UTF-8";
    case NQPF_ENC_GB18030: return "GB18030";
    default: return "auto";
    }
}

nqpf_encoding nqpf_csv_encoding(const nqpf_csv *r) { return r->enc; }
const char *nqpf_csv_path(const nqpf_csv *r) { return r->path; }
unsigned long long nqpf_csv_bytes_read(const nqpf_csv *r) { return r->bytes; }
unsigned long long nqpf_csv_size(const nqpf_csv *r) { return r->size; }

int nqpf_csv_open(nqpf_csv **out, const char *path, nqpf_encoding enc, char delim,
                  nqpf_error *err)
{
    *out = NULL;
    nqpf_csv *r = calloc(1, sizeof *r);
    if (!r)
        return nqpf_fail_nomem(err);
    r->cd = (iconv_t)-1;
    r->enc = enc;
    r->delim = delim;
    r->line = 1;
    r->path = nqpf_strdup(path);
    r->raw = malloc(CHUNK + 8);
    if (!r->path || !r->raw) {
        nqpf_csv_close(r);
        return nqpf_fail_nomem(err);
    }
    if (strcmp(path, "-") == 0) {
        r->fp = stdin;
    } else if (nqpf_is_dta(path) || nqpf_is_xlsx(path)) {
        int converted, rc = nqpf_input_as_csv(path, enc, 0, &r->conv, &converted, err);
        if (!rc && !(r->fp = fmemopen(r->conv.data, r->conv.len, "rb")))
            rc = nqpf_fail_nomem(err);
        if (rc) {
            nqpf_csv_close(r);
            return rc;
        }
        r->own_fp = 1;
        r->enc = NQPF_ENC_UTF8;
        r->size = r->conv.len;
    } else {
        r->fp = fopen(path, "rb");
        if (!r->fp) {
            int e = errno;
            nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot open: %s", strerror(e));
            nqpf_csv_close(r);
            return NQPF_EIO;
        }
        r->own_fp = 1;
        struct stat st;
        if (fstat(fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode)) {
            r->size = (unsigned long long)st.st_size;
            r->regular = 1;
        }
    }
    *out = r;
    return NQPF_OK;
}

void nqpf_csv_close(nqpf_csv *r)
{
    if (!r)
        return;
    if (r->own_fp && r->fp)
        fclose(r->fp);
    nqpf_buf_free(&r->conv);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    free(r->path);
    free(r->raw);
    free(r->text);
    free(r->ahead);
    nqpf_buf_free(&r->fbuf);
    free(r->foff);
    free(r->fields);
    free(r->lens);
    free(r);
}

/* Length of the valid UTF-8 prefix of s, accepting a truncated final
 * sequence when at_end is false (more bytes will follow). Returns n if all
 * valid, else the offset of the first bad byte. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n, int at_end)
{
    size_t i = 0;
    while (i < n) {
        /* skip ASCII eight bytes at a time: the common case by far */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = s[i];
        size_t k;
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) k = 1;
        else if (c >= 0xE0 && c <= 0xEF) k = 2;
        else if (c >= 0xF0 && c <= 0xF4) k = 3;
        else return i;
        if (i + k >= n) {
            /* sequence runs past the end */
            if (!at_end) {
                for (size_t j = i + 1; j < n; j++)
                    if ((s[j] & 0xC0) != 0x80)
                        return i;
                return n;
            }
            return i;
        }
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return i;
        /* overlongs and surrogates */
        if (c == 0xE0 && s[i + 1] < 0xA0) return i;
        if (c == 0xED && s[i + 1] > 0x9F) return i;
        if (c == 0xF0 && s[i + 1] < 0x90) return i;
        if (c == 0xF4 && s[i + 1] > 0x8F) return i;
        i += k + 1;
    }
    return n;
}

static int text_reserve(nqpf_csv *r, size_t extra, nqpf_error *err)
{
    void *p = r->text;
    if (nqpf_grow(&p, &r->text_cap, r->text_len + extra + 1, 1) != 0)
        return nqpf_fail_nomem(err);
    r->text = p;
    return NQPF_OK;
}

/* Line number of the end of the text buffer, for errors found while converting. */
static long line_at_text_end(const nqpf_csv *r)
{
    long line = r->line;
    for (size_t i = r->text_pos; i < r->text_len; i++)
        if (r->text[i] == '\n')
            line++;
    return line;
}

static int open_iconv(nqpf_csv *r, const char *from, nqpf_error *err)
{
    r->cd = iconv_open("UTF-8", from);
    if (r->cd == (iconv_t)-1)
        return nqpf_fail(err, NQPF_EIO, r->path, 0, 0, "iconv cannot convert from %s", from);
    return NQPF_OK;
}

/* Decide the encoding from the first raw bytes and skip a BOM. */
static int detect(nqpf_csv *r, nqpf_error *err)
{
    unsigned char *b = (unsigned char *)r->raw;
    size_t skip = 0;
    r->detected = 1;
    if (r->raw_len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        skip = 3;
        if (r->enc == NQPF_ENC_AUTO)
            r->enc = NQPF_ENC_UTF8;
    } else if (r->raw_len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        /* UTF-16 text, as Excel's "Unicode text" export writes. */
        int le = b[0] == 0xFF;
        memmove(r->raw, r->raw + 2, r->raw_len - 2);
        r->raw_len -= 2;
        r->enc = NQPF_ENC_UTF8; /* reported as UTF-8 after conversion */
        return open_iconv(r, le ? "UTF-16LE" : "UTF-16BE", err);
    }
    if (skip) {
        memmove(r->raw, r->raw + skip, r->raw_len - skip);
        r->raw_len -= skip;
    }
    if (r->enc == NQPF_ENC_AUTO) {
        size_t ok = utf8_valid_prefix(b, r->raw_len, r->raw_eof);
        r->enc = ok == r->raw_len ? NQPF_ENC_UTF8 : NQPF_ENC_GB18030;
    }
    if (r->enc == NQPF_ENC_GB18030)
        return open_iconv(r, "GB18030", err);
    return NQPF_OK;
}

/* Put the text's unhashed bytes through the hash now: before they leave
 * the buffer, or before raw bytes that come after them in the file. */
static void hash_flush(nqpf_csv *r)
{
    if (r->unhashed) {
        nqpf_sha256_update(r->sha, r->text + r->text_len - r->unhashed, r->unhashed);
        r->unhashed = 0;
    }
}

/* Unhashed bytes that dropping the consumed text would lose. */
static void hash_before_drop(nqpf_csv *r)
{
    if (r->unhashed > r->text_len - r->text_pos)
        hash_flush(r);
}

/* The read-ahead buffer, with room for n bytes: 0, or -1 when no read
 * ahead can be done now (the refill then reads as it would without). */
static int ahead_ready(nqpf_csv *r, size_t n)
{
    if (!r->detected || r->cd != (iconv_t)-1 || r->raw_len || r->raw_eof || r->ahead_len || r->ahead_eof ||
        r->ahead_errno || n == 0 || n > SIZE_MAX / 2)
        return -1;
    size_t need = AHEAD_GAP + n + CHUNK + 1;
    if (r->ahead_cap < need) { /* once: later the two buffers take turns */
        size_t cap;
        char *b = nqpf_alloc_huge(need, 1, &cap);
        if (!b)
            return -1;
        free(r->ahead);
        r->ahead = b;
        r->ahead_cap = cap;
    }
    return 0;
}

void nqpf_csv_read_ahead(nqpf_csv *r, size_t n)
{
    if (ahead_ready(r, n))
        return;
    size_t got = fread(r->ahead + AHEAD_GAP, 1, n, r->fp);
    if (got < n) {
        if (ferror(r->fp))
            r->ahead_errno = errno ? errno : EIO;
        else
            r->ahead_eof = 1;
    }
    r->ahead_len = got;
}

size_t nqpf_csv_read_ahead_begin(nqpf_csv *r, size_t n)
{
    r->ahead_parts = 0;
    if (!r->regular || ahead_ready(r, n))
        return 0;
    off_t at = ftello(r->fp); /* where the next fread would start, whatever stdio holds */
    if (at < 0)
        return 0;
    size_t part = (size_t)2 << 20;
    if (part < (n + AHEAD_MAX_PARTS - 1) / AHEAD_MAX_PARTS)
        part = (n + AHEAD_MAX_PARTS - 1) / AHEAD_MAX_PARTS;
    r->ahead_at = at;
    r->ahead_want = n;
    r->ahead_part = part;
    r->ahead_parts = (n + part - 1) / part;
    return r->ahead_parts;
}

/* The bytes part k of a read ahead in parts asks for. */
static size_t part_bytes(const nqpf_csv *r, size_t k)
{
    size_t lo = k * r->ahead_part;
    return lo + r->ahead_part < r->ahead_want ? r->ahead_part : r->ahead_want - lo;
}

void nqpf_csv_read_ahead_part(nqpf_csv *r, size_t k)
{
    size_t lo = k * r->ahead_part, want = part_bytes(r, k);
    char *dst = r->ahead + AHEAD_GAP + lo;
    size_t got = 0;
    int e = 0;
    while (got < want) {
        ssize_t g = pread(fileno(r->fp), dst + got, want - got, r->ahead_at + (off_t)(lo + got));
        if (g < 0 && errno == EINTR)
            continue;
        if (g < 0)
            e = errno ? errno : EIO;
        if (g <= 0)
            break;
        got += (size_t)g;
    }
    r->part_got[k] = got;
    r->part_errno[k] = e;
}

void nqpf_csv_read_ahead_end(nqpf_csv *r)
{
    size_t total = 0;
    for (size_t k = 0; k < r->ahead_parts; k++) {
        if (r->part_errno[k]) {
            r->ahead_errno = r->part_errno[k];
            break;
        }
        total += r->part_got[k];
        if (r->part_got[k] < part_bytes(r, k)) { /* a regular file ends where a part comes short */
            r->ahead_eof = 1;
            break;
        }
    }
    r->ahead_len = total;
    r->ahead_parts = 0;
    /* stdio goes on after the bytes taken (its own buffer is dropped) */
    if (fseeko(r->fp, r->ahead_at + (off_t)total, SEEK_SET) != 0 && !r->ahead_errno)
        r->ahead_errno = errno ? errno : EIO;
}

/* Make the read-ahead bytes the text's next bytes: the unfinished text
 * goes in front of them in their buffer, which becomes the text buffer
 * (the old one takes the next read ahead), or, when that text does not
 * fit in front, they are copied after it. */
static int take_ahead(nqpf_csv *r, nqpf_error *err)
{
    if (r->ahead_errno)
        return nqpf_fail(err, NQPF_EIO, r->path, 0, 0, "read error: %s", strerror(r->ahead_errno));
    hash_before_drop(r);
    size_t pending = r->text_len - r->text_pos, n = r->ahead_len;
    if (pending <= AHEAD_GAP) {
        char *t = r->ahead;
        size_t cap = r->ahead_cap;
        if (pending)
            memcpy(t + AHEAD_GAP - pending, r->text + r->text_pos, pending);
        r->ahead = r->text;
        r->ahead_cap = r->text_cap;
        r->text = t;
        r->text_cap = cap;
        r->text_pos = AHEAD_GAP - pending;
        r->text_len = AHEAD_GAP + n;
    } else {
        if (r->text_pos > 0) {
            memmove(r->text, r->text + r->text_pos, pending);
            r->text_len = pending;
            r->text_pos = 0;
        }
        int rc = text_reserve(r, n, err);
        if (rc)
            return rc;
        memcpy(r->text + r->text_len, r->ahead + AHEAD_GAP, n);
        r->text_len += n;
    }
    r->bytes += n;
    if (r->sha)
        r->unhashed += n;
    if (r->ahead_eof)
        r->raw_eof = 1;
    r->ahead_len = 0;
    r->ahead_eof = 0;
    return NQPF_OK;
}

/* Read one more chunk of raw input and convert it to text. */
static int refill(nqpf_csv *r, nqpf_error *err)
{
    if (r->ahead_len || r->ahead_eof || r->ahead_errno)
        return take_ahead(r, err);
    /* drop consumed text */
    hash_before_drop(r);
    if (r->text_pos > 0) {
        memmove(r->text, r->text + r->text_pos, r->text_len - r->text_pos);
        r->text_len -= r->text_pos;
        r->text_pos = 0;
    }
    if (r->detected && r->cd == (iconv_t)-1 && r->raw_len == 0 && !r->raw_eof) {
        /* UTF-8 input needs no conversion: read straight into the text */
        int rc = text_reserve(r, CHUNK, err);
        if (rc)
            return rc;
        size_t got = fread(r->text + r->text_len, 1, CHUNK, r->fp);
        if (got < CHUNK) {
            if (ferror(r->fp))
                return nqpf_fail(err, NQPF_EIO, r->path, 0, 0, "read error: %s", strerror(errno));
            r->raw_eof = 1;
        }
        r->text_len += got;
        r->bytes += got;
        if (r->sha) /* hashed later, by a parallel reader if there is one */
            r->unhashed += got;
        return NQPF_OK;
    }
    if (!r->raw_eof) {
        size_t want = CHUNK - r->raw_len;
        size_t got = fread(r->raw + r->raw_len, 1, want, r->fp);
        if (got < want) {
            if (ferror(r->fp))
                return nqpf_fail(err, NQPF_EIO, r->path, 0, 0, "read error: %s", strerror(errno));
            r->raw_eof = 1;
        }
        if (r->sha) { /* in file order: what the text holds, then these */
            hash_flush(r);
            nqpf_sha256_update(r->sha, r->raw + r->raw_len, got);
        }
        r->raw_len += got;
        r->bytes += got;
    }
    if (!r->detected) {
        int rc = detect(r, err);
        if (rc)
            return rc;
    }
    if (r->cd == (iconv_t)-1) {
        int rc = text_reserve(r, r->raw_len, err);
        if (rc)
            return rc;
        memcpy(r->text + r->text_len, r->raw, r->raw_len);
        r->text_len += r->raw_len;
        r->raw_len = 0;
        return NQPF_OK;
    }
    char *in = r->raw;
    size_t inleft = r->raw_len;
    while (inleft > 0) {
        int rc = text_reserve(r, inleft * 2 + 16, err);
        if (rc)
            return rc;
        char *outp = r->text + r->text_len;
        size_t outleft = r->text_cap - 1 - r->text_len;
        size_t res = iconv(r->cd, &in, &inleft, &outp, &outleft);
        r->text_len = (size_t)(outp - r->text);
        if (res != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL && !r->raw_eof)
            break; /* incomplete sequence: keep it for the next chunk */
        return nqpf_fail(err, NQPF_EPARSE, r->path, line_at_text_end(r), 0,
                         "invalid byte 0x%02X for encoding %s; choose the right one with --encoding",
                         (unsigned char)*in, nqpf_encoding_name(r->enc));
    }
    memmove(r->raw, in, inleft);
    r->raw_len = inleft;
    return NQPF_OK;
}

/* Last newline in t[0..n), or NULL (memrchr is a GNU extension). */
static const char *memrchr_nl(const char *t, size_t n)
{
    while (n > 0 && t[n - 1] != '\n')
        n--;
    return n ? t + n - 1 : NULL;
}

enum { PARSE_ROW = 1, PARSE_MORE = 2, PARSE_EOF = 0 };

/* Append bytes to the row's field buffer; inlined because it runs once per
 * cell of files with hundreds of millions of cells. */
static inline int fbuf_add(nqpf_csv *r, const char *s, size_t n)
{
    if (r->fbuf.len + n + 1 > r->fbuf.cap)
        return nqpf_buf_append(&r->fbuf, s, n);
    memcpy(r->fbuf.data + r->fbuf.len, s, n);
    r->fbuf.len += n;
    return 0;
}

static inline int push_field(nqpf_csv *r, size_t start, size_t nfields, nqpf_error *err)
{
    if (nfields >= r->foff_cap) {
        void *p = r->foff;
        if (nqpf_grow(&p, &r->foff_cap, nfields + 1, sizeof(size_t)) != 0)
            return nqpf_fail_nomem(err);
        r->foff = p;
    }
    r->foff[nfields] = start;
    if (fbuf_add(r, "", 1) != 0) /* NUL terminator between fields */
        return nqpf_fail_nomem(err);
    return NQPF_OK;
}

/* End of an unquoted field: the first delimiter, LF or CR at or after p
 * (or end), eight bytes at a time while none is near. */
static inline size_t plain_end(const char *t, size_t p, size_t end, char delim)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const uint64_t d = ones * (unsigned char)delim, n = ones * (unsigned char)'\n', c = ones * (unsigned char)'\r';
    while (p + 8 <= end) {
        uint64_t w, x, y, z;
        memcpy(&w, t + p, 8);
        x = w ^ d, y = w ^ n, z = w ^ c;
        if (((x - ones) & ~x & highs) | ((y - ones) & ~y & highs) | ((z - ones) & ~z & highs))
            break;
        p += 8;
    }
    while (p < end && t[p] != delim && t[p] != '\n' && t[p] != '\r')
        p++;
    return p;
}

/* Try to parse one row at text_pos.  On PARSE_ROW the row is complete and
 * text_pos/line have advanced; on PARSE_MORE nothing advanced. */
static int parse_row(nqpf_csv *r, size_t *nf_out, int *quoted_out, long *row_line,
                     nqpf_error *err)
{
    const char *t = r->text;
    size_t end = r->text_len, p = r->text_pos;
    long line = r->line;
    size_t nf = 0;
    int any_quoted = 0;
    r->fbuf.len = 0;
    *row_line = line;
    for (;;) {
        /* one field */
        size_t start = r->fbuf.len;
        if (p < end && t[p] == '"') {
            long qline = line;
            any_quoted = 1;
            p++;
            for (;;) {
                if (p >= end) {
                    if (!r->raw_eof || r->raw_len)
                        return r->more_nf = nf + 1, PARSE_MORE;
                    return -nqpf_fail(err, NQPF_EPARSE, r->path, qline, (long)nf + 1,
                                      "unterminated quoted field (the file may be truncated)");
                }
                char c = t[p];
                if (c == '"') {
                    if (p + 1 >= end && (!r->raw_eof || r->raw_len))
                        return r->more_nf = nf + 1, PARSE_MORE;
                    if (p + 1 < end && t[p + 1] == '"') {
                        if (nqpf_buf_append(&r->fbuf, "\"", 1)) return -nqpf_fail_nomem(err);
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                /* copy the run up to the next quote at once, counting its lines */
                const char *qq = memchr(t + p, '"', end - p);
                if (!qq && (!r->raw_eof || r->raw_len))
                    return r->more_nf = nf + 1, PARSE_MORE; /* copy nothing until the field ends */
                size_t q = qq ? (size_t)(qq - t) : end;
                for (const char *nl = t + p; (nl = memchr(nl, '\n', (size_t)(t + q - nl))) != NULL; nl++)
                    line++;
                if (nqpf_buf_append(&r->fbuf, t + p, q - p)) return -nqpf_fail_nomem(err);
                p = q;
            }
            if (p < end && t[p] != r->delim && t[p] != '\n' && t[p] != '\r')
                return -nqpf_fail(err, NQPF_EPARSE, r->path, line, (long)nf + 1,
                                  "unexpected character '%c' after a closing quote", t[p]);
        } else {
            size_t q = plain_end(t, p, end, r->delim);
            if (q >= end && (!r->raw_eof || r->raw_len))
                return r->more_nf = nf + 1, PARSE_MORE;
            if (fbuf_add(r, t + p, q - p)) return -nqpf_fail_nomem(err);
            p = q;
        }
        int rc = push_field(r, start, nf, err);
        if (rc)
            return -rc;
        nf++;
        if (p - r->text_pos > MAX_ROW_BYTES)
            return -nqpf_fail(err, NQPF_EPARSE, r->path, *row_line, (long)nf,
                              "row longer than %u MiB", MAX_ROW_BYTES >> 20);
        if (p < end && t[p] == r->delim) {
            p++;
            continue;
        }
        /* end of row: newline, CR, CRLF or end of input */
        if (p < end && t[p] == '\r') {
            if (p + 1 >= end && (!r->raw_eof || r->raw_len))
                return r->more_nf = nf, PARSE_MORE;
            p++;
            if (p < end && t[p] == '\n')
                p++;
            line++;
        } else if (p < end && t[p] == '\n') {
            p++;
            line++;
        } else if (p >= end && nf == 1 && r->fbuf.len == 1 && !any_quoted) {
            r->text_pos = p;
            r->line = line;
            return PARSE_EOF; /* nothing but end of input */
        }
        break;
    }
    r->text_pos = p;
    r->line = line;
    *nf_out = nf;
    *quoted_out = any_quoted;
    return PARSE_ROW;
}

int nqpf_csv_next(nqpf_csv *r, nqpf_csv_row *row, nqpf_error *err)
{
    for (;;) {
        size_t nf = 0;
        long row_line = 0;
        int rc, quoted = 0;
        for (;;) {
            if (r->text_pos >= r->text_len && r->raw_eof && r->raw_len == 0 && r->detected)
                return 0;
            rc = parse_row(r, &nf, &quoted, &row_line, err);
            if (rc != PARSE_MORE)
                break;
            if (r->raw_eof && r->raw_len == 0 && r->detected)
                return -nqpf_fail(err, NQPF_EINTERNAL, r->path, row_line, 0, "reader stalled");
            size_t pending = r->text_len - r->text_pos;
            if (pending > MAX_ROW_BYTES) {
                if (memchr(r->text + r->text_pos, '\0', pending))
                    return -nqpf_fail(err, NQPF_EPARSE, r->path, row_line, (long)r->more_nf,
                                      "NUL byte (0x00) in a row longer than %u MiB: this is not a text CSV file",
                                      MAX_ROW_BYTES >> 20);
                return -nqpf_fail(err, NQPF_EPARSE, r->path, row_line, (long)r->more_nf,
                                  "row longer than %u MiB", MAX_ROW_BYTES >> 20);
            }
            /* buffer as much again as the row has so far (at least a
             * chunk) before parsing it again: linear time in its length */
            size_t target = pending < CHUNK ? pending + 1 : 2 * pending;
            if (target > (size_t)MAX_ROW_BYTES + 1)
                target = (size_t)MAX_ROW_BYTES + 1;
            do {
                int e = refill(r, err);
                if (e)
                    return -e;
            } while (r->text_len - r->text_pos < target && !(r->raw_eof && r->raw_len == 0));
        }
        if (rc < 0)
            return rc;
        if (rc == PARSE_EOF)
            return 0;
        /* A blank line (one empty or all-blank unquoted field) is skipped;
         * a lone "" is data. */
        if (nf == 1 && !quoted) {
            const char *f = r->fbuf.data;
            size_t n = strlen(f);
            nqpf_trim(&f, &n);
            if (n == 0)
                continue;
        }
        void *pf = r->fields, *pl = r->lens;
        if (nqpf_grow(&pf, &r->fields_cap, nf, sizeof(char *)) != 0)
            return -nqpf_fail_nomem(err);
        r->fields = pf;
        if (nqpf_grow(&pl, &r->lens_cap, nf, sizeof(size_t)) != 0)
            return -nqpf_fail_nomem(err);
        r->lens = pl;
        for (size_t i = 0; i < nf; i++) {
            r->fields[i] = r->fbuf.data + r->foff[i];
            size_t next = i + 1 < nf ? r->foff[i + 1] : r->fbuf.len;
            r->lens[i] = next - r->foff[i] - 1;
            const char *nul = memchr(r->fields[i], '\0', r->lens[i]);
            if (nul)
                return -nqpf_fail(err, NQPF_EPARSE, r->path, row_line, (long)i + 1,
                                  "NUL byte (0x00) in a field: this is not a text CSV file");
            if (r->cd == (iconv_t)-1) {
                size_t ok = utf8_valid_prefix((unsigned char *)r->fields[i], r->lens[i], 1);
                if (ok != r->lens[i])
                    return -nqpf_fail(err, NQPF_EPARSE, r->path, row_line, (long)i + 1,
                                      "invalid UTF-8 (byte 0x%02X); if the file is GBK/GB18030 "
                                      "say --encoding gbk",
                                      (unsigned char)r->fields[i][ok]);
            }
        }
        row->n = nf;
        row->field = r->fields;
        row->len = r->lens;
        row->line = row_line;
        return 1;
    }
}

/* The text buffer made room for a block of min_bytes (or the rest of the
 * file, when its size says that is less) at once, on huge pages: grown by
 * doubling, a 12 MB file was read into four successive mappings and
 * faulted in 4 KiB pages, a tenth of `nqpf reg`'s time (bench/reg). */
static int text_size_block(nqpf_csv *r, size_t min_bytes, nqpf_error *err)
{
    size_t pending = r->text_len - r->text_pos, want = min_bytes;
    if (r->size && r->size >= r->bytes && pending + (r->size - r->bytes) < want)
        want = pending + (size_t)(r->size - r->bytes);
    /* refill moves the pending text to the front before it reads a chunk:
     * a buffer of want + CHUNK + 1 bytes serves every later block as well.
     * Less than a chunk to come: refill's own buffer (a huge page would be
     * zeroed whole for a small file). */
    if (r->cd != (iconv_t)-1 || want < CHUNK || r->text_cap >= want + CHUNK + 1)
        return NQPF_OK;
    size_t cap;
    hash_before_drop(r);
    char *t = nqpf_alloc_huge(want + CHUNK + 1, 1, &cap);
    if (!t)
        return nqpf_fail_nomem(err);
    if (pending)
        memcpy(t, r->text + r->text_pos, pending);
    free(r->text);
    r->text = t;
    r->text_cap = cap;
    r->text_len = pending;
    r->text_pos = 0;
    return NQPF_OK;
}

int nqpf_csv_peek_lines(nqpf_csv *r, size_t min_bytes, const char **text, size_t *len, nqpf_error *err)
{
    int rc = r->detected ? text_size_block(r, min_bytes, err) : NQPF_OK;
    if (rc)
        return -rc;
    /* buffer at least min_bytes of text (or all that is left) */
    while (r->text_len - r->text_pos < min_bytes && !(r->raw_eof && r->raw_len == 0 && r->detected)) {
        int e = refill(r, err);
        if (e)
            return -e;
    }
    const char *t = r->text + r->text_pos;
    size_t avail = r->text_len - r->text_pos;
    if (avail == 0)
        return 0;
    /* the block ends after its last newline; a tail without one (the last
     * row of a file lacking a final newline) is left to nqpf_csv_next */
    const char *nl = avail ? memrchr_nl(t, avail) : NULL;
    if (!nl)
        return 2;
    size_t n = (size_t)(nl - t) + 1;
    const char *quote = memchr(t, '"', n);
    if (quote) { /* hand over the lines before the one with the quote */
        while (n > 0 && (t + n > quote || t[n - 1] != '\n'))
            n--;
    }
    if (n == 0)
        return 2;
    *text = t;
    *len = n;
    return 1;
}

void nqpf_csv_skip(nqpf_csv *r, size_t bytes, long lines)
{
    r->text_pos += bytes;
    r->line += lines;
}

long nqpf_csv_line(const nqpf_csv *r) { return r->line; }

void nqpf_csv_hash(nqpf_csv *r, nqpf_sha256 *s)
{
    if (r->regular && r->bytes == 0)
        r->sha = s;
}

size_t nqpf_csv_take_unhashed(nqpf_csv *r, const char **p, nqpf_sha256 **s)
{
    size_t n = r->unhashed;
    *p = n ? r->text + r->text_len - n : NULL;
    *s = r->sha;
    r->unhashed = 0;
    return n;
}

int nqpf_csv_sha256(nqpf_csv *r, char hex[65])
{
    if (!r->sha || !r->raw_eof)
        return 0;
    hash_flush(r);
    nqpf_sha256_hex(r->sha, hex);
    r->sha = NULL;
    return 1;
}

size_t nqpf_utf8_prefix(const unsigned char *s, size_t n) { return utf8_valid_prefix(s, n, 1); }
