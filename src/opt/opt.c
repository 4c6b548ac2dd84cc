/* nqpf — option tables read from argv and from project sections, printed as
 * help and JSON (include/nqpf/opt.h). */
#include "nqpf/opt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/output.h"
#include "nqpf/util.h"

const char *nqpf_opt_type_name(nqpf_opt_type t)
{
    static const char *const NAMES[] = {"string", "int", "size", "double", "flag", "choice", "list"};
    return (unsigned)t < sizeof NAMES / sizeof NAMES[0] ? NAMES[t] : "?";
}

long nqpf_opt_find(const nqpf_optdef *defs, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (defs[k].name && !strcmp(defs[k].name, name))
            return (long)k;
    return -1;
}

void nqpf_opt_init(nqpf_optval *vals, size_t n)
{
    memset(vals, 0, n * sizeof *vals);
}

void nqpf_opt_free(nqpf_optval *vals, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(vals[k].items);
        free(vals[k].owned);
    }
    nqpf_opt_init(vals, n);
}

/* The k-th of the '|'-separated choices (length into *len), NULL past the end. */
static const char *choice_at(const char *choices, size_t k, size_t *len)
{
    const char *s = choices;
    for (; s && k; k--) {
        s = strchr(s, '|');
        if (s)
            s++;
    }
    if (!s)
        return NULL;
    const char *e = strchr(s, '|');
    *len = e ? (size_t)(e - s) : strlen(s);
    return s;
}

static size_t n_choices(const char *choices)
{
    size_t n = 0, len;
    while (choice_at(choices, n, &len))
        n++;
    return n;
}

static long choice_index(const char *choices, const char *s, size_t slen)
{
    size_t len;
    const char *c;
    for (size_t k = 0; (c = choice_at(choices, k, &len)); k++)
        if (len == slen && !memcmp(c, s, len))
            return (long)k;
    return -1;
}

/* "a, b or c" into buf. */
static void choices_text(const char *choices, char *buf, size_t size)
{
    size_t n = n_choices(choices), len, used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && used < size; k++) {
        const char *c = choice_at(choices, k, &len);
        int w = snprintf(buf + used, size - used, "%s%.*s", k == 0 ? "" : k + 1 == n ? " or " : ", ", (int)len, c);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static int has_range(const nqpf_optdef *d)
{
    return d->lo != 0.0 || d->hi != 0.0;
}

/* " in [lo, hi]", " > lo", " <= hi" … into buf ("" without a range). */
static void range_text(const nqpf_optdef *d, char *buf, size_t size)
{
    char a[40], b[40];
    buf[0] = '\0';
    if (!has_range(d))
        return;
    nqpf_format_double(d->lo, a, sizeof a);
    nqpf_format_double(d->hi, b, sizeof b);
    int lo_open = (d->flags & NQPF_OPTF_LO_OPEN) != 0, hi_open = (d->flags & NQPF_OPTF_HI_OPEN) != 0;
    if (isinf(d->hi))
        snprintf(buf, size, " %s %s", lo_open ? ">" : ">=", a);
    else if (isinf(d->lo))
        snprintf(buf, size, " %s %s", hi_open ? "<" : "<=", b);
    else
        snprintf(buf, size, " in %c%s, %s%c", lo_open ? '(' : '[', a, b, hi_open ? ')' : ']');
}

static int in_range(const nqpf_optdef *d, double x)
{
    if (!has_range(d))
        return 1;
    if ((d->flags & NQPF_OPTF_LO_OPEN) ? !(x > d->lo) : !(x >= d->lo))
        return 0;
    if ((d->flags & NQPF_OPTF_HI_OPEN) ? !(x < d->hi) : !(x <= d->hi))
        return 0;
    return 1;
}

static int bad(const nqpf_optdef *d, const char *text, const nqpf_optsrc *src, nqpf_error *err, const char *what)
{
    if (src)
        return nqpf_fail(err, NQPF_EINPUT, src->file, src->line, src->col, "'%s': %s must be %s", text, d->name,
                         what);
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "'%s': --%s must be %s", text, d->name, what);
}

int nqpf_opt_split(char *s, char sep, char **items, size_t max, size_t *n)
{
    *n = 0;
    for (char *p = s;;) {
        char *c = strchr(p, sep);
        if (c)
            *c = '\0';
        const char *t = p;
        size_t len = strlen(p);
        nqpf_trim(&t, &len);
        if (len == 0 || *n >= max)
            return -1;
        ((char *)t)[len] = '\0';
        items[(*n)++] = (char *)t;
        if (!c)
            return 0;
        p = c + 1;
    }
}

int nqpf_opt_names(const char *s, const char *opt, char **store, char **items, size_t max, size_t *n,
                   nqpf_error *err)
{
    *n = 0;
    *store = NULL;
    if (!s || !*s)
        return NQPF_OK;
    if (!(*store = nqpf_strdup(s)))
        return nqpf_fail_nomem(err);
    if (nqpf_opt_split(*store, ',', items, max, n))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s: an empty name or more than %zu names in '%s'", opt, max,
                         s);
    return NQPF_OK;
}

static int set_list(const nqpf_optdef *d, const char *text, const nqpf_optsrc *src, nqpf_optval *v,
                    nqpf_error *err)
{
    size_t lo = has_range(d) ? (size_t)d->lo : 1, hi = has_range(d) && !isinf(d->hi) ? (size_t)d->hi : (size_t)-1;
    char what[400], ch[300];
    if (d->choices) {
        choices_text(d->choices, ch, sizeof ch);
        snprintf(what, sizeof what, "a comma-separated list of %s", ch);
    } else if (hi == (size_t)-1) {
        snprintf(what, sizeof what, "a comma-separated list of %zu or more names", lo);
    } else {
        snprintf(what, sizeof what, "a comma-separated list of %zu to %zu names", lo, hi);
    }
    free(v->items);
    free(v->owned);
    v->items = NULL, v->n_items = 0;
    v->owned = nqpf_strdup(text);
    size_t cap = 1;
    for (const char *c = text; *c; c++)
        cap += *c == ',';
    v->items = malloc((cap + 1) * sizeof(char *));
    if (!v->owned || !v->items)
        return nqpf_fail_nomem(err);
    const char *t0 = text;
    size_t l0 = strlen(text);
    nqpf_trim(&t0, &l0);
    if (l0 > 0 && nqpf_opt_split(v->owned, ',', v->items, cap, &v->n_items))
        return bad(d, text, src, err, what);
    for (size_t k = 0; d->choices && k < v->n_items; k++)
        if (choice_index(d->choices, v->items[k], strlen(v->items[k])) < 0)
            return bad(d, text, src, err, what);
    v->items[v->n_items] = NULL;
    if (v->n_items < lo || v->n_items > hi)
        return bad(d, text, src, err, what);
    return NQPF_OK;
}

int nqpf_opt_set(const nqpf_optdef *d, const char *text, const nqpf_optsrc *src, nqpf_optval *v, nqpf_error *err)
{
    char what[400], rt[120];
    v->text = text;
    switch (d->type) {
    case NQPF_OPT_STRING:
        return NQPF_OK;
    case NQPF_OPT_FLAG: {
        static const char *const YN[] = {"no", "yes", "false", "true"};
        for (int k = 0; k < 4; k++)
            if (!strcmp(text, YN[k])) {
                v->i = k & 1;
                return NQPF_OK;
            }
        return bad(d, text, src, err, "yes, no, true or false");
    }
    case NQPF_OPT_CHOICE: {
        long k = choice_index(d->choices, text, strlen(text));
        if (k < 0) {
            choices_text(d->choices, what, sizeof what);
            return bad(d, text, src, err, what);
        }
        v->i = k;
        return NQPF_OK;
    }
    case NQPF_OPT_LIST:
        return set_list(d, text, src, v, err);
    case NQPF_OPT_DOUBLE:
    case NQPF_OPT_INT:
    case NQPF_OPT_SIZE: {
        double x;
        int whole = d->type != NQPF_OPT_DOUBLE;
        int ok = nqpf_parse_cell(text, strlen(text), &x, NULL) == NQPF_CELL_NUMBER && in_range(d, x);
        if (ok && whole)
            ok = x == floor(x) && fabs(x) <= 9007199254740992.0 && (d->type == NQPF_OPT_INT || x >= 0);
        if (!ok) {
            range_text(d, rt, sizeof rt);
            snprintf(what, sizeof what, "%s%s", !whole ? "a number" : d->type == NQPF_OPT_SIZE && !has_range(d)
                                                                           ? "a non-negative whole number"
                                                                           : "a whole number",
                     rt);
            return bad(d, text, src, err, what);
        }
        v->num = x;
        v->i = (long long)x;
        v->z = whole && x >= 0 ? (size_t)x : 0;
        return NQPF_OK;
    }
    }
    return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "option --%s: bad type", d->name);
}

int nqpf_opt_defaults(const nqpf_optdef *defs, size_t n, nqpf_optval *vals, nqpf_error *err)
{
    for (size_t k = 0; k < n; k++) {
        if (vals[k].seen || !defs[k].def)
            continue;
        int rc = nqpf_opt_set(&defs[k], defs[k].def, NULL, &vals[k], err);
        if (rc)
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "the default of --%s does not validate: %s",
                             defs[k].name, err->msg);
    }
    return NQPF_OK;
}

static int required_missing(const nqpf_optdef *defs, size_t n, const nqpf_optval *vals, nqpf_error *err)
{
    size_t nreq = 0, miss = 0;
    for (size_t k = 0; k < n; k++)
        if (defs[k].flags & NQPF_OPTF_REQUIRED)
            nreq++, miss += !vals[k].seen;
    if (!miss)
        return NQPF_OK;
    char buf[600] = "";
    size_t used = 0, q = 0;
    for (size_t k = 0; k < n; k++) {
        if (!(defs[k].flags & NQPF_OPTF_REQUIRED))
            continue;
        q++;
        int w = snprintf(buf + used, sizeof buf - used, "%s--%s", q == 1 ? "" : q == nreq ? " and " : ", ",
                         defs[k].name);
        if (w < 0 || (size_t)w >= sizeof buf - used)
            break;
        used += (size_t)w;
    }
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "%s %s required (see --help)", buf, nreq == 1 ? "is" : "are");
}

/* "unknown option '--nmae' (did you mean '--name'?)": the closest option
 * of the table (nqpf_suggest), else the pointer to --help. */
static int unknown_option(const nqpf_optdef *defs, size_t n, const char *name, size_t nlen, nqpf_error *err)
{
    char word[128];
    const char *names[128];
    size_t m = 0;
    for (size_t k = 0; k < n && m < sizeof names / sizeof names[0]; k++)
        names[m++] = defs[k].name;
    snprintf(word, sizeof word, "%.*s", (int)nlen, name);
    const char *near = nqpf_suggest(word, names, m);
    if (near)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown option '--%.*s' (did you mean '--%s'?)", (int)nlen,
                         name, near);
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown option '--%.*s' (see --help)", (int)nlen, name);
}

int nqpf_opt_argv(const nqpf_optdef *defs, size_t n, nqpf_optval *vals, int argc, char **argv, const char **pos,
                  size_t max_pos, size_t *n_pos, int *want_help, nqpf_error *err)
{
    *n_pos = 0;
    *want_help = 0;
    int only_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            *want_help = 1;
            continue;
        }
        if (!only_pos && strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (only_pos || strncmp(a, "--", 2) != 0) {
            if (*n_pos >= max_pos)
                return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unexpected argument '%s'", a);
            pos[(*n_pos)++] = a;
            continue;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        size_t k = 0;
        while (k < n && !(strlen(defs[k].name) == nlen && strncmp(defs[k].name, name, nlen) == 0))
            k++;
        if (k == n)
            return unknown_option(defs, n, name, nlen, err);
        const nqpf_optdef *d = &defs[k];
        if (vals[k].seen && d->type != NQPF_OPT_FLAG)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "option --%s given twice", d->name);
        vals[k].seen = 1;
        if (d->type == NQPF_OPT_FLAG) {
            if (eq)
                return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s takes no value", d->name);
            vals[k].text = "true";
            vals[k].i = 1;
            continue;
        }
        const char *v;
        if (eq)
            v = eq + 1;
        else if (i + 1 < argc)
            v = argv[++i];
        else
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s needs a value (%s)", d->name,
                             d->metavar ? d->metavar : "VALUE");
        int rc = nqpf_opt_set(d, v, NULL, &vals[k], err);
        if (rc)
            return rc;
    }
    if (*want_help)
        return NQPF_OK;
    int rc = required_missing(defs, n, vals, err);
    return rc ? rc : nqpf_opt_defaults(defs, n, vals, err);
}

int nqpf_opt_section(const nqpf_optdef *defs, size_t n, const nqpf_project *p, const char *section,
                     nqpf_optval *vals, nqpf_error *err)
{
    const nqpf_project_section *s = nqpf_project_section_get(p, section);
    for (size_t j = 0; s && j < s->n; j++) {
        const nqpf_project_kv *kv = &s->kv[j];
        long k = nqpf_opt_find(defs, n, kv->key);
        if (k < 0 || !(defs[k].flags & NQPF_OPTF_PROJECT))
            return nqpf_fail(err, NQPF_EINPUT, p->path, kv->line, kv->key_col, "unknown key '%s' in [%s]", kv->key,
                             section);
        nqpf_optsrc src = {p->path, kv->line, kv->value_col};
        vals[k].seen = 1;
        vals[k].line = kv->line, vals[k].col = kv->value_col;
        int rc = nqpf_opt_set(&defs[k], kv->value, &src, &vals[k], err);
        if (rc)
            return rc;
    }
    return nqpf_opt_defaults(defs, n, vals, err);
}

static const char *metavar(const nqpf_optdef *d, char *buf, size_t size)
{
    if (d->metavar)
        return d->metavar;
    if (d->type == NQPF_OPT_CHOICE && d->choices)
        return d->choices;
    if (d->type == NQPF_OPT_LIST)
        return "A,B,...";
    snprintf(buf, size, "%s", d->type == NQPF_OPT_STRING ? "VALUE" : "N");
    return buf;
}

void nqpf_opt_print_help(FILE *fp, const nqpf_optdef *defs, size_t n)
{
    fprintf(fp, "Options:\n");
    for (size_t k = 0; k < n; k++) {
        const nqpf_optdef *d = &defs[k];
        char left[96], mv[16], rt[120];
        if (d->type == NQPF_OPT_FLAG)
            snprintf(left, sizeof left, "--%s", d->name);
        else
            snprintf(left, sizeof left, "--%s %s", d->name, metavar(d, mv, sizeof mv));
        range_text(d, rt, sizeof rt);
        fprintf(fp, "  %-28s %s", left, d->help);
        if (d->type != NQPF_OPT_LIST && (d->type == NQPF_OPT_INT || d->type == NQPF_OPT_SIZE ||
                                         d->type == NQPF_OPT_DOUBLE) && rt[0])
            fprintf(fp, ";%s", rt);
        if (d->def && d->def[0] && d->type != NQPF_OPT_FLAG)
            fprintf(fp, " (default %s)", d->def);
        if (d->flags & NQPF_OPTF_REQUIRED)
            fprintf(fp, " (required)");
        fputc('\n', fp);
    }
    fprintf(fp, "  %-28s %s\n", "--help", "show this help");
}

static void json_str_or_null(FILE *fp, const char *s)
{
    if (s)
        nqpf_json_put_string(fp, s);
    else
        fputs("null", fp);
}

void nqpf_opt_print_json(FILE *fp, const nqpf_optdef *defs, size_t n)
{
    fputc('[', fp);
    for (size_t k = 0; k < n; k++) {
        const nqpf_optdef *d = &defs[k];
        char mv[16];
        fputs(k ? ",\n    {" : "\n    {", fp);
        fputs("\"name\": ", fp);
        nqpf_json_put_string(fp, d->name);
        fputs(", \"type\": ", fp);
        nqpf_json_put_string(fp, nqpf_opt_type_name(d->type));
        fputs(", \"default\": ", fp);
        json_str_or_null(fp, d->type == NQPF_OPT_FLAG ? (d->def ? d->def : "false") : d->def);
        fputs(", \"choices\": ", fp);
        if (d->choices) {
            size_t len;
            const char *c;
            fputc('[', fp);
            for (size_t q = 0; (c = choice_at(d->choices, q, &len)); q++) {
                char item[128];
                snprintf(item, sizeof item, "%.*s", (int)len, c);
                fputs(q ? ", " : "", fp);
                nqpf_json_put_string(fp, item);
            }
            fputc(']', fp);
        } else {
            fputs("null", fp);
        }
        int r = has_range(d) || d->type == NQPF_OPT_LIST;
        double lo = d->type == NQPF_OPT_LIST && !has_range(d) ? 1 : d->lo;
        double hi = d->type == NQPF_OPT_LIST && !has_range(d) ? INFINITY : d->hi;
        fputs(", \"min\": ", fp);
        if (r && !isinf(lo))
            nqpf_json_put_num(fp, lo);
        else
            fputs("null", fp);
        fputs(", \"max\": ", fp);
        if (r && !isinf(hi))
            nqpf_json_put_num(fp, hi);
        else
            fputs("null", fp);
        fprintf(fp, ", \"min_exclusive\": %s, \"max_exclusive\": %s", (d->flags & NQPF_OPTF_LO_OPEN) ? "true" : "false",
                (d->flags & NQPF_OPTF_HI_OPEN) ? "true" : "false");
        fputs(", \"metavar\": ", fp);
        json_str_or_null(fp, d->type == NQPF_OPT_FLAG ? NULL : metavar(d, mv, sizeof mv));
        fputs(", \"help\": ", fp);
        nqpf_json_put_string(fp, d->help);
        fputs(", \"example\": ", fp);
        json_str_or_null(fp, d->example);
        fprintf(fp, ", \"required\": %s, \"project_key\": %s, \"default_depends\": %s}",
                (d->flags & NQPF_OPTF_REQUIRED) ? "true" : "false", (d->flags & NQPF_OPTF_PROJECT) ? "true" : "false",
                (d->flags & NQPF_OPTF_CONTEXT) ? "true" : "false");
    }
    fputs(n ? "\n  ]" : "]", fp);
}
