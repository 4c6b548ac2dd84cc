/* nqpf — the report's options: the keys of a project section read (one by
 * one, or through an analysis's option table) and recorded in order for
 * run.json and methods.md.  The bottom layer of src/report: it calls no other
 * report file (tests/report/test_layers.py). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
int report_record(nqpf_report *r, const char *sec, const char *key, const char *value, nqpf_error *err)
{
    nqpf_report_kv *kv = realloc(r->opt, (r->n_opt + 1) * sizeof *kv);
    if (!kv)
        return nqpf_fail_nomem(err);
    r->opt = kv;
    size_t n = strlen(sec) + strlen(key) + 2;
    char *k = malloc(n);
    char *v = nqpf_strdup(value ? value : "");
    if (!k || !v) {
        free(k), free(v);
        return nqpf_fail_nomem(err);
    }
    snprintf(k, n, "%s.%s", sec, key);
    r->opt[r->n_opt].key = k;
    r->opt[r->n_opt].value = v;
    r->n_opt++;
    return NQPF_OK;
}

/* The value of sec.key, or def when absent (NULL def + absent = required). */
int report_opt_str(nqpf_report *r, const char *sec, const char *key, const char *def, const char **out,
                   const nqpf_project_kv **where, nqpf_error *err)
{
    const nqpf_project_section *s = nqpf_project_section_get(r->proj, sec);
    const nqpf_project_kv *kv = nqpf_project_get(s, key);
    if (where)
        *where = kv;
    if (!kv && !def)
        return nqpf_fail(err, NQPF_EINPUT, r->proj->path, s ? s->line : 0, s ? s->col : 0,
                         "[%s] needs '%s = …'", sec, key);
    *out = kv ? kv->value : def;
    return report_record(r, sec, key, *out, err);
}

int report_bad_section(const nqpf_report *r, const char *sec, const char *what, nqpf_error *err)
{
    const nqpf_project_section *s = nqpf_project_section_get(r->proj, sec);
    return nqpf_fail(err, NQPF_EINPUT, r->proj->path, s ? s->line : 0, s ? s->col : 0, "[%s] %s", sec, what);
}

int report_bad_value(const nqpf_report *r, const nqpf_project_kv *kv, const char *what, nqpf_error *err)
{
    return nqpf_fail(err, NQPF_EINPUT, r->proj->path, kv ? kv->line : 0, kv ? kv->value_col : 0,
                     "'%s': %s", kv ? kv->value : "", what);
}



int report_section_read(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, nqpf_optval *vals,
                        nqpf_error *err)
{
    nqpf_opt_init(vals, n);
    int rc = nqpf_opt_section(defs, n, r->proj, sec, vals, err);
    for (size_t k = 0; k < n && !rc; k++)
        if ((defs[k].flags & NQPF_OPTF_PROJECT) && (defs[k].flags & NQPF_OPTF_REQUIRED) && !vals[k].seen)
            rc = report_opt_str(r, sec, defs[k].name, NULL, &(const char *){NULL}, NULL, err);
    if (rc)
        nqpf_opt_free(vals, n);
    return rc;
}

int report_section_record(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, nqpf_optval *vals,
                          nqpf_error *err)
{
    int rc = NQPF_OK;
    for (size_t k = 0; k < n && !rc; k++)
        if ((defs[k].flags & NQPF_OPTF_PROJECT) && vals[k].text)
            rc = report_record(r, sec, defs[k].name, vals[k].text, err);
    if (rc)
        nqpf_opt_free(vals, n);
    return rc;
}

int report_section(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, nqpf_optval *vals,
                   nqpf_error *err)
{
    int rc = report_section_read(r, sec, defs, n, vals, err);
    return rc ? rc : report_section_record(r, sec, defs, n, vals, err);
}

const char *report_opt(const nqpf_report *r, const char *key)
{
    for (size_t i = 0; i < r->n_opt; i++)
        if (!strcmp(r->opt[i].key, key))
            return r->opt[i].value;
    return "";
}

void report_strv_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

int report_read_def(nqpf_report *r, const report_section_def *d, nqpf_error *err)
{
    if (!d->apply)
        return d->read(r, err);
    nqpf_optval *v = malloc(d->n_opts * sizeof *v);
    if (!v)
        return nqpf_fail_nomem(err);
    int rc = report_section(r, d->name, d->opts, d->n_opts, v, err);
    if (!rc) {
        rc = d->apply(r, v, err);
        nqpf_opt_free(v, d->n_opts);
    }
    free(v);
    return rc;
}
