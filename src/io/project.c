/* nqpf — the project-file parser (see include/nqpf/project.h). */
#include "nqpf/project.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/util.h"

void nqpf_project_free(nqpf_project *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        for (size_t j = 0; j < p->sec[i].n; j++) {
            free(p->sec[i].kv[j].key);
            free(p->sec[i].kv[j].value);
        }
        free(p->sec[i].kv);
        free(p->sec[i].name);
    }
    free(p->sec);
    free(p->path);
    free(p->dir);
    free(p);
}

static int name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

/* Length of a valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
    else return 0;
    if (n > avail)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

/* Lookups while parsing: the sections seen so far and the keys of the
 * current section (keys are only ever added to the last section, since a
 * repeated section is an error), so that a file of many keys or sections
 * parses in linear time; arrays grow geometrically. */
typedef struct parse_maps {
    nqpf_strmap sections, keys;
    size_t sec_cap, kv_cap;
} parse_maps;

static int add_section(nqpf_project *p, parse_maps *pm, const char *name, size_t len, long line, long col,
                       nqpf_error *err)
{
    int inserted = 0;
    long j = nqpf_strmap_intern(&pm->sections, name, len, &inserted);
    if (j < 0)
        return nqpf_fail_nomem(err);
    if (!inserted)
        return nqpf_fail(err, NQPF_EINPUT, p->path, line, col, "section [%s] repeated (first at line %ld)",
                         p->sec[j].name, p->sec[j].line);
    void *arr = p->sec;
    if (nqpf_grow(&arr, &pm->sec_cap, p->n + 1, sizeof *p->sec) != 0)
        return nqpf_fail_nomem(err);
    p->sec = arr;
    nqpf_project_section *s = &p->sec[p->n];
    memset(s, 0, sizeof *s);
    s->name = nqpf_strndup(name, len);
    if (!s->name)
        return nqpf_fail_nomem(err);
    s->line = line;
    s->col = col;
    p->n++;
    nqpf_strmap_free(&pm->keys); /* a new current section */
    pm->kv_cap = 0;
    return NQPF_OK;
}

/* Parse one "key = value" line starting at s (already past leading blanks). */
static int parse_entry(nqpf_project *p, parse_maps *pm, const char *line_start, const char *s, const char *end,
                       long line, nqpf_error *err)
{
    const char *k = s;
    while (s < end && name_char((unsigned char)*s))
        s++;
    long kcol = (long)(k - line_start) + 1;
    if (s == k)
        return nqpf_fail(err, NQPF_EPARSE, p->path, line, kcol, "expected 'key = value', '[section]' or a comment");
    size_t klen = (size_t)(s - k);
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s >= end || *s != '=')
        return nqpf_fail(err, NQPF_EPARSE, p->path, line, (long)(s - line_start) + 1,
                         "expected '=' after key '%.*s'", (int)klen, k);
    s++;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    long vcol = (long)(s - line_start) + 1;
    nqpf_buf v = {0};
    if (s < end && *s == '"') {
        s++;
        for (;;) {
            if (s >= end) {
                nqpf_buf_free(&v);
                return nqpf_fail(err, NQPF_EPARSE, p->path, line, vcol, "unterminated quoted value");
            }
            if (*s == '"')
                break;
            if (*s == '\\' && s + 1 < end && (s[1] == '"' || s[1] == '\\'))
                s++;
            if (nqpf_buf_append(&v, s, 1)) {
                nqpf_buf_free(&v);
                return nqpf_fail_nomem(err);
            }
            s++;
        }
        s++;
        while (s < end && (*s == ' ' || *s == '\t'))
            s++;
        if (s < end && *s != '#' && *s != ';') {
            nqpf_buf_free(&v);
            return nqpf_fail(err, NQPF_EPARSE, p->path, line, (long)(s - line_start) + 1,
                             "unexpected text after the quoted value");
        }
    } else {
        const char *e = s;
        /* a comment starts at '#' or ';' preceded by a blank */
        while (e < end && !((*e == '#' || *e == ';') && e > s && (e[-1] == ' ' || e[-1] == '\t')))
            e++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (nqpf_buf_append(&v, s, (size_t)(e - s))) {
            nqpf_buf_free(&v);
            return nqpf_fail_nomem(err);
        }
    }
    if (!p->n) {
        nqpf_buf_free(&v);
        return nqpf_fail(err, NQPF_EPARSE, p->path, line, kcol, "key '%.*s' before any [section]", (int)klen, k);
    }
    nqpf_project_section *sec = &p->sec[p->n - 1];
    int inserted = 0;
    long j = nqpf_strmap_intern(&pm->keys, k, klen, &inserted);
    if (j < 0) {
        nqpf_buf_free(&v);
        return nqpf_fail_nomem(err);
    }
    if (!inserted) {
        nqpf_buf_free(&v);
        return nqpf_fail(err, NQPF_EINPUT, p->path, line, kcol, "key '%s' repeated in [%s] (first at line %ld)",
                         sec->kv[j].key, sec->name, sec->kv[j].line);
    }
    void *arr = sec->kv;
    if (nqpf_grow(&arr, &pm->kv_cap, sec->n + 1, sizeof *sec->kv) != 0) {
        nqpf_buf_free(&v);
        return nqpf_fail_nomem(err);
    }
    sec->kv = arr;
    nqpf_project_kv *kv = &sec->kv[sec->n];
    kv->key = nqpf_strndup(k, klen);
    kv->value = v.data ? v.data : nqpf_strdup("");
    kv->line = line;
    kv->key_col = kcol;
    kv->value_col = vcol;
    if (!kv->key || !kv->value) {
        free(kv->key);
        free(kv->value);
        return nqpf_fail_nomem(err);
    }
    sec->n++;
    return NQPF_OK;
}

int nqpf_project_parse(nqpf_project **out, const char *text, size_t len, const char *path, nqpf_error *err)
{
    *out = NULL;
    nqpf_project *p = calloc(1, sizeof *p);
    if (!p)
        return nqpf_fail_nomem(err);
    p->path = nqpf_strdup(path ? path : "");
    const char *slash = path ? strrchr(path, '/') : NULL;
    p->dir = slash ? nqpf_strndup(path, (size_t)(slash - path)) : nqpf_strdup(".");
    if (!p->path || !p->dir) {
        nqpf_project_free(p);
        return nqpf_fail_nomem(err);
    }
    if (slash == path && p->dir)
        p->dir[0] = '\0'; /* "/x.ini": directory "" + "/" below gives "/" */
    size_t i = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        i = 3;
    long line = 1;
    int rc = NQPF_OK;
    parse_maps pm = {0};
    while (i < len && !rc) {
        const char *ls = text + i;
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        const char *le = text + e;
        if (le > ls && le[-1] == '\r')
            le--;
        /* validate the encoding of the whole line first */
        for (const char *c = ls; c < le && !rc;) {
            if (*c == '\0') {
                rc = nqpf_fail(err, NQPF_EPARSE, p->path, line, (long)(c - ls) + 1, "NUL byte in a project file");
                break;
            }
            size_t n = utf8_len((const unsigned char *)c, (size_t)(le - c));
            if (!n)
                rc = nqpf_fail(err, NQPF_EPARSE, p->path, line, (long)(c - ls) + 1,
                               "invalid UTF-8 (project files must be UTF-8)");
            c += n ? n : 1;
        }
        if (rc)
            break;
        const char *s = ls;
        while (s < le && (*s == ' ' || *s == '\t'))
            s++;
        if (s == le || *s == '#' || *s == ';') {
            /* blank or comment */
        } else if (*s == '[') {
            const char *n0 = s + 1, *n1 = n0;
            while (n1 < le && name_char((unsigned char)*n1))
                n1++;
            if (n1 == n0 || n1 >= le || *n1 != ']')
                rc = nqpf_fail(err, NQPF_EPARSE, p->path, line, (long)(n1 - ls) + 1,
                               "malformed section header (expected [name] with letters, digits, _ . -)");
            else {
                const char *t = n1 + 1;
                while (t < le && (*t == ' ' || *t == '\t'))
                    t++;
                if (t < le && *t != '#' && *t != ';')
                    rc = nqpf_fail(err, NQPF_EPARSE, p->path, line, (long)(t - ls) + 1,
                                   "unexpected text after the section header");
                else
                    rc = add_section(p, &pm, n0, (size_t)(n1 - n0), line, (long)(s - ls) + 1, err);
            }
        } else {
            rc = parse_entry(p, &pm, ls, s, le, line, err);
        }
        i = e + 1;
        line++;
    }
    nqpf_strmap_free(&pm.sections);
    nqpf_strmap_free(&pm.keys);
    if (rc) {
        nqpf_project_free(p);
        return rc;
    }
    *out = p;
    return NQPF_OK;
}

int nqpf_project_read(nqpf_project **out, const char *path, nqpf_error *err)
{
    *out = NULL;
    nqpf_buf b = {0};
    int rc = nqpf_read_whole(path, 0, NQPF_PROJECT_MAX_BYTES, "a project file is read whole", "a project file", &b, err);
    if (!rc)
        rc = nqpf_project_parse(out, b.data ? b.data : "", b.len, path, err);
    nqpf_buf_free(&b);
    return rc;
}

const nqpf_project_section *nqpf_project_section_get(const nqpf_project *p, const char *name)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (!strcmp(p->sec[i].name, name))
            return &p->sec[i];
    return NULL;
}

const nqpf_project_kv *nqpf_project_get(const nqpf_project_section *s, const char *key)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (!strcmp(s->kv[i].key, key))
            return &s->kv[i];
    return NULL;
}

char *nqpf_project_resolve(const nqpf_project *p, const char *file)
{
    if (file[0] == '/' || !strcmp(p->dir, "."))
        return nqpf_strdup(file);
    size_t n = strlen(p->dir) + strlen(file) + 2;
    char *r = malloc(n);
    if (r)
        snprintf(r, n, "%s/%s", p->dir, file);
    return r;
}
