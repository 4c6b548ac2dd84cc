/* nqpf — JSON reader: recursive descent over a byte buffer, building the
 * DOM described in json.h.  Line/column are tracked as we go so every error
 * (and every value) carries its position. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/json.h"
#include "nqpf/util.h"

typedef struct jparser {
    const char *p, *end;
    long line;
    const char *line_start;  /* first byte of the current line (for columns) */
    const char *path;
    nqpf_error *err;
} jparser;

static long jcol(const jparser *s, const char *at) { return (long)(at - s->line_start) + 1; }

static int jfail(jparser *s, const char *at, const char *what)
{
    return nqpf_fail(s->err, NQPF_EPARSE, s->path, s->line, jcol(s, at), "JSON: %s", what);
}

static void skip_ws(jparser *s)
{
    while (s->p < s->end) {
        char c = *s->p;
        if (c == '\n') {
            s->line++;
            s->line_start = s->p + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        s->p++;
    }
}

static void free_members(nqpf_json *v)
{
    if (v->type == NQPF_JSON_STRING) {
        free(v->str);
    } else if (v->type == NQPF_JSON_ARRAY || v->type == NQPF_JSON_OBJECT) {
        for (size_t i = 0; i < v->len; i++) {
            free_members(&v->item[i]);
            if (v->key)
                free(v->key[i]);
        }
        free(v->item);
        free(v->key);
    }
}

void nqpf_json_free(nqpf_json *v)
{
    if (!v)
        return;
    free_members(v);
    free(v);
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static int put_utf8(nqpf_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return nqpf_buf_append(b, u, n);
}

/* Length of the valid UTF-8 sequence at p (< end), or 0 if invalid
 * (bad lead byte, missing continuation, overlong form, surrogate, > U+10FFFF). */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000;
    else
        return 0;
    if ((size_t)(end - p) < n)
        return 0;
    unsigned cp = c & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Parse a string literal at s->p (which is '"').  On success *out is a
 * malloc'd NUL-terminated copy (caller frees) and *len its byte length. */
static int parse_string(jparser *s, char **out, size_t *len)
{
    const char *start = s->p;
    nqpf_buf b = {0};
    s->p++;
    for (;;) {
        if (s->p >= s->end) {
            nqpf_buf_free(&b);
            return jfail(s, start, "unterminated string");
        }
        unsigned char c = (unsigned char)*s->p;
        if (c == '"') {
            s->p++;
            break;
        }
        if (c < 0x20) {
            nqpf_buf_free(&b);
            return jfail(s, s->p, "control character in string (escape it)");
        }
        if (c != '\\') {
            const char *run = s->p;
            while (s->p < s->end && *s->p != '"' && *s->p != '\\' && (unsigned char)*s->p >= 0x20) {
                size_t k = utf8_len((const unsigned char *)s->p, (const unsigned char *)s->end);
                if (k == 0) {
                    nqpf_buf_free(&b);
                    return jfail(s, s->p, "invalid UTF-8 in string (JSON text must be UTF-8)");
                }
                s->p += k;
            }
            if (nqpf_buf_append(&b, run, (size_t)(s->p - run)))
                goto nomem;
            continue;
        }
        const char *esc = s->p;
        if (s->end - s->p < 2) {
            nqpf_buf_free(&b);
            return jfail(s, esc, "unterminated escape");
        }
        char e = s->p[1];
        s->p += 2;
        char ch;
        switch (e) {
        case '"': ch = '"'; break;
        case '\\': ch = '\\'; break;
        case '/': ch = '/'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (s->end - s->p < 4 || hex4(s->p, &cp)) {
                nqpf_buf_free(&b);
                return jfail(s, esc, "bad \\u escape (need 4 hex digits)");
            }
            s->p += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                nqpf_buf_free(&b);
                return jfail(s, esc, "unpaired low surrogate in \\u escape");
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' || hex4(s->p + 2, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF) {
                    nqpf_buf_free(&b);
                    return jfail(s, esc, "high surrogate not followed by a low surrogate");
                }
                s->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (put_utf8(&b, cp))
                goto nomem;
            continue;
        }
        default:
            nqpf_buf_free(&b);
            return jfail(s, esc, "unknown escape in string");
        }
        if (nqpf_buf_append(&b, &ch, 1))
            goto nomem;
    }
    if (!b.data && !(b.data = calloc(1, 1)))
        goto nomem;
    *out = b.data;
    *len = b.len;
    return NQPF_OK;
nomem:
    nqpf_buf_free(&b);
    return nqpf_fail_nomem(s->err);
}

static int parse_number(jparser *s, nqpf_json *v)
{
    const char *q = s->p, *start = s->p;
    if (q < s->end && *q == '-')
        q++;
    if (q >= s->end || !(*q >= '0' && *q <= '9'))
        return jfail(s, start, "invalid number");
    if (*q == '0') {
        q++;
    } else {
        while (q < s->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < s->end && *q == '.') {
        q++;
        if (q >= s->end || !(*q >= '0' && *q <= '9'))
            return jfail(s, start, "invalid number (digit expected after '.')");
        while (q < s->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < s->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < s->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= s->end || !(*q >= '0' && *q <= '9'))
            return jfail(s, start, "invalid number (digit expected in exponent)");
        while (q < s->end && *q >= '0' && *q <= '9')
            q++;
    }
    /* strtod needs a terminated copy: the buffer need not be NUL-terminated. */
    char tmp[128];
    size_t n = (size_t)(q - start);
    char *copy = n < sizeof tmp ? tmp : malloc(n + 1);
    if (!copy)
        return nqpf_fail_nomem(s->err);
    memcpy(copy, start, n);
    copy[n] = '\0';
    errno = 0;
    double x = strtod(copy, NULL);
    int range = errno == ERANGE && (x > 1.0 || x < -1.0);
    if (copy != tmp)
        free(copy);
    if (range)
        return jfail(s, start, "number out of range");
    v->type = NQPF_JSON_NUMBER;
    v->number = x;
    s->p = q;
    return NQPF_OK;
}

static int literal(jparser *s, const char *word, size_t n)
{
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return -1;
    s->p += n;
    return 0;
}

static int parse_value(jparser *s, nqpf_json *v, int depth);

/* Append a parsed child to v's arrays (children are built in place in a
 * growing array, so nothing is copied twice). */
static int parse_container(jparser *s, nqpf_json *v, int depth, int is_object)
{
    const char *open = s->p;
    size_t cap = 0, kcap = 0;
    v->type = is_object ? NQPF_JSON_OBJECT : NQPF_JSON_ARRAY;
    if (depth >= NQPF_JSON_MAX_DEPTH)
        return jfail(s, open, "nesting too deep");
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == (is_object ? '}' : ']')) {
        s->p++;
        return NQPF_OK;
    }
    for (;;) {
        skip_ws(s);
        if (nqpf_grow((void **)&v->item, &cap, v->len + 1, sizeof *v->item))
            return nqpf_fail_nomem(s->err);
        if (is_object) {
            if (nqpf_grow((void **)&v->key, &kcap, v->len + 1, sizeof *v->key))
                return nqpf_fail_nomem(s->err);
            if (s->p >= s->end || *s->p != '"')
                return jfail(s, s->p, s->p >= s->end ? "unexpected end of input (key expected)"
                                                     : "object key (a string) expected");
            size_t klen;
            int rc = parse_string(s, &v->key[v->len], &klen);
            if (rc)
                return rc;
            /* Count the key now so free_members releases it on a later error. */
            memset(&v->item[v->len], 0, sizeof v->item[v->len]);
            v->len++;
            skip_ws(s);
            if (s->p >= s->end || *s->p != ':')
                return jfail(s, s->p, "':' expected after object key");
            s->p++;
            skip_ws(s);
            rc = parse_value(s, &v->item[v->len - 1], depth + 1);
            if (rc)
                return rc;
        } else {
            memset(&v->item[v->len], 0, sizeof v->item[v->len]);
            v->len++;
            int rc = parse_value(s, &v->item[v->len - 1], depth + 1);
            if (rc)
                return rc;
        }
        skip_ws(s);
        if (s->p >= s->end)
            return jfail(s, s->p, is_object ? "unexpected end of input (unclosed '{')"
                                            : "unexpected end of input (unclosed '[')");
        if (*s->p == ',') {
            s->p++;
            skip_ws(s);
            if (s->p < s->end && (*s->p == ']' || *s->p == '}'))
                return jfail(s, s->p, "trailing comma");
            continue;
        }
        if (*s->p == (is_object ? '}' : ']')) {
            s->p++;
            /* Give back the growth slack (16 or more slots): a GeoJSON map
             * holds ~10^6 two-number arrays, which would otherwise take 8x
             * their memory.  A failed shrink keeps the larger block. */
            if (cap > v->len) {
                nqpf_json *it = realloc(v->item, v->len * sizeof *v->item);
                if (it)
                    v->item = it;
            }
            return NQPF_OK;
        }
        return jfail(s, s->p, is_object ? "',' or '}' expected" : "',' or ']' expected");
    }
}

static int parse_value(jparser *s, nqpf_json *v, int depth)
{
    skip_ws(s);
    v->line = s->line;
    v->col = jcol(s, s->p);
    if (s->p >= s->end)
        return jfail(s, s->p, "unexpected end of input (value expected)");
    switch (*s->p) {
    case '{':
        return parse_container(s, v, depth, 1);
    case '[':
        return parse_container(s, v, depth, 0);
    case '"': {
        int rc = parse_string(s, &v->str, &v->len);
        if (rc == NQPF_OK)
            v->type = NQPF_JSON_STRING;
        return rc;
    }
    case 't':
        if (literal(s, "true", 4))
            break;
        v->type = NQPF_JSON_BOOL;
        v->boolean = 1;
        return NQPF_OK;
    case 'f':
        if (literal(s, "false", 5))
            break;
        v->type = NQPF_JSON_BOOL;
        return NQPF_OK;
    case 'n':
        if (literal(s, "null", 4))
            break;
        v->type = NQPF_JSON_NULL;
        return NQPF_OK;
    default:
        if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
            return parse_number(s, v);
        break;
    }
    return jfail(s, s->p, "unexpected character (value expected)");
}

int nqpf_json_parse(nqpf_json **out, const char *text, size_t len, const char *path,
                    nqpf_error *err)
{
    *out = NULL;
    jparser s = {text, text + len, 1, text, path, err};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        s.p += 3;
        s.line_start = s.p;
    }
    nqpf_json *root = calloc(1, sizeof *root);
    if (!root)
        return nqpf_fail_nomem(err);
    int rc = parse_value(&s, root, 0);
    if (rc == NQPF_OK) {
        skip_ws(&s);
        if (s.p < s.end)
            rc = jfail(&s, s.p, "unexpected text after the JSON value");
    }
    if (rc) {
        nqpf_json_free(root);
        return rc;
    }
    *out = root;
    return NQPF_OK;
}

int nqpf_json_read_file(nqpf_json **out, const char *path, nqpf_error *err)
{
    *out = NULL;
    nqpf_buf b = {0};
    int rc = nqpf_read_whole(path, 1, NQPF_JSON_MAX_BYTES, "a JSON/GeoJSON file is read whole", "a JSON/GeoJSON file",
                             &b, err);
    if (!rc)
        rc = nqpf_json_parse(out, b.data ? b.data : "", b.len, path, err);
    nqpf_buf_free(&b);
    return rc;
}

const nqpf_json *nqpf_json_get(const nqpf_json *v, const char *key)
{
    if (!v || v->type != NQPF_JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->key[i], key) == 0)
            return &v->item[i];
    return NULL;
}

const nqpf_json *nqpf_json_at(const nqpf_json *v, size_t i)
{
    if (!v || v->type != NQPF_JSON_ARRAY || i >= v->len)
        return NULL;
    return &v->item[i];
}

const char *nqpf_json_type_name(nqpf_json_type t)
{
    static const char *const names[] = {"null", "boolean", "number", "string", "array", "object"};
    return (unsigned)t < 6 ? names[t] : "?";
}
