#include "args.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/util.h"

static int set_value(nqpf_opt *o, const char *v, nqpf_error *err)
{
    char *end = NULL;
    errno = 0;
    switch (o->kind) {
    case OPT_STR:
        *(const char **)o->dst = v;
        return NQPF_OK;
    case OPT_DOUBLE: {
        double x = strtod(v, &end);
        if (*v == '\0' || *end != '\0' || errno || !isfinite(x))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s expects a number, got '%s'", o->name, v);
        *(double *)o->dst = x;
        return NQPF_OK;
    }
    case OPT_INT:
    case OPT_SIZE: {
        long long x = strtoll(v, &end, 10);
        if (*v == '\0' || *end != '\0' || errno || (o->kind == OPT_SIZE && x < 0) || x > 2147483647LL ||
            x < -2147483647LL)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s expects %s integer, got '%s'", o->name,
                             o->kind == OPT_SIZE ? "a non-negative" : "an", v);
        if (o->kind == OPT_INT)
            *(int *)o->dst = (int)x;
        else
            *(size_t *)o->dst = (size_t)x;
        return NQPF_OK;
    }
    default:
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "bad option kind");
    }
}

int nqpf_args_parse(int argc, char **argv, nqpf_opt *opts, size_t n_opts,
                    const char **pos, size_t max_pos, size_t *n_pos, int *want_help,
                    nqpf_error *err)
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
        nqpf_opt *o = NULL;
        for (size_t k = 0; k < n_opts; k++)
            if (strlen(opts[k].name) == nlen && strncmp(opts[k].name, name, nlen) == 0)
                o = &opts[k];
        if (!o)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown option '--%.*s' (see --help)", (int)nlen, name);
        if (o->seen && o->kind != OPT_FLAG)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "option --%s given twice", o->name);
        o->seen = 1;
        if (o->kind == OPT_FLAG) {
            if (eq)
                return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s takes no value", o->name);
            *(int *)o->dst = 1;
            continue;
        }
        const char *v;
        if (eq)
            v = eq + 1;
        else if (i + 1 < argc)
            v = argv[++i];
        else
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s needs a value (%s)", o->name,
                             o->metavar ? o->metavar : "VALUE");
        int rc = set_value(o, v, err);
        if (rc)
            return rc;
    }
    return NQPF_OK;
}

void nqpf_args_print(const nqpf_opt *opts, size_t n_opts)
{
    printf("Options:\n");
    for (size_t k = 0; k < n_opts; k++) {
        char left[64];
        if (opts[k].metavar)
            snprintf(left, sizeof left, "--%s %s", opts[k].name, opts[k].metavar);
        else
            snprintf(left, sizeof left, "--%s", opts[k].name);
        printf("  %-28s %s\n", left, opts[k].help);
    }
    printf("  %-28s %s\n", "--help", "show this help");
}

int nqpf_split_list(char *s, char **items, int max)
{
    int n = 0;
    char *p = s;
    for (;;) {
        char *c = strchr(p, ',');
        if (c)
            *c = '\0';
        const char *t = p;
        size_t len = strlen(p);
        nqpf_trim(&t, &len);
        if (len == 0 || n >= max)
            return -1;
        ((char *)t)[len] = '\0';
        items[n++] = (char *)t;
        if (!c)
            break;
        p = c + 1;
    }
    return n;
}
