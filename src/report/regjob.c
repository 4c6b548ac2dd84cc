/* nqpf — one engine job of the report's econometric sections ([reg],
 * [threshold], [did], [spreg]): the data (the section's own file or the
 * project's [data] file) read by the command's engine through the column
 * reader, with the NQPF index score supplied as column `score` (the
 * variable a study regresses: y = score; nqpf_colsource, coltable.h) when
 * the file has none; the engine hands its result tables back in memory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/sha256.h"
#include "report_internal.h"

/* The index score of a row by the texts of its unit and period (the ctx
 * of the `score` column source): the panel's units and periods hashed
 * once, so each distinct text costs a lookup; matched counts the rows
 * that got a number (some did: the file gained the column). */
typedef struct score_src {
    const nqpf_report *r;
    nqpf_strmap units, periods;
    size_t matched;
} score_src;

static long score_find(void *ctx, int key, const char *text, size_t n)
{
    const score_src *ss = ctx;
    return nqpf_strmap_find(key == 1 ? &ss->units : &ss->periods, text, n);
}

static double score_value(void *ctx, long unit, long period)
{
    score_src *ss = ctx;
    double v = ss->r->ix.score[(size_t)unit * ss->r->panel->n_periods + (size_t)period];
    ss->matched += !isnan(v);
    return v;
}

/* The panel's units and periods into ss's maps; interning keeps the first
 * of equal texts, as a scan would find it. */
static int score_maps(score_src *ss, nqpf_error *err)
{
    const nqpf_panel *pn = ss->r->panel;
    int bad = 0;
    for (size_t a = 0; a < pn->n_units && !bad; a++)
        bad = nqpf_strmap_intern(&ss->units, pn->units[a], strlen(pn->units[a]), NULL) < 0;
    for (size_t k = 0; k < pn->n_periods && !bad; k++)
        bad = nqpf_strmap_intern(&ss->periods, pn->periods[k], strlen(pn->periods[k]), NULL) < 0;
    return bad ? nqpf_fail_nomem(err) : NQPF_OK;
}

/* Resolve the data of section sec (v[i_data], else the project's [data]
 * file, whose unit, period and encoding then default v[i_unit],
 * v[i_period], v[i_enc]) and point v[i_data] at the resolved path (the
 * file the engine reads and its messages name); the score column of src
 * is keyed on the text of [data]'s unit and period columns in the
 * project's data, else of the section's.  m->data, m->sha are filled. */
static int job_data(nqpf_report *r, report_model *m, nqpf_optval *v, size_t i_data, size_t i_unit, size_t i_period,
                    size_t i_enc, nqpf_colsource *src, nqpf_error *err)
{
    /* the score is matched on [data]'s unit and period columns in the
     * project's data (whatever unit the section uses, e.g. a code column),
     * else on the section's */
    const char *mu = v[i_unit].text, *mp = v[i_period].text;
    if (!v[i_data].text) {
        mu = report_opt(r, "data.unit"), mp = report_opt(r, "data.period");
        /* the project's data: its unit, period and encoding unless given */
        m->data = nqpf_strdup(r->data_path);
        if (!v[i_unit].text)
            v[i_unit].text = report_opt(r, "data.unit");
        if (!v[i_period].text)
            v[i_period].text = report_opt(r, "data.period");
        if (!v[i_enc].seen)
            v[i_enc].text = report_opt(r, "data.encoding");
    } else
        m->data = nqpf_project_resolve(r->proj, v[i_data].text);
    if (!m->data)
        return nqpf_fail_nomem(err);
    nqpf_encoding enc;
    if (nqpf_encoding_parse(v[i_enc].text, &enc))
        return nqpf_fail(err, NQPF_EINPUT, r->proj->path, v[i_enc].line, v[i_enc].col,
                         "'%s': encoding must be auto, utf-8, gbk or gb18030", v[i_enc].text);
    char hex[65];
    int rc = nqpf_input_sha256(m->data, hex, err);
    if (!rc && !(m->sha = nqpf_strdup(hex)))
        rc = nqpf_fail_nomem(err);
    src->key1 = mu, src->key2 = mp;
    if (!rc && mu && mp)
        rc = score_maps(src->ctx, err);
    if (!rc)
        v[i_data].text = m->data;
    return rc;
}

void report_model_free(report_model *m)
{
    free(m->sec), free(m->data), free(m->sha);
    nqpf_table_free(m->out), nqpf_table_free(m->stats), nqpf_table_free(m->extra);
    memset(m, 0, sizeof *m);
}

double report_cell(const nqpf_table *t, size_t row, const char *col)
{
    long c = nqpf_table_col(t, col);
    double v = NAN;
    if (c >= 0) {
        const char *s = nqpf_table_get(t, row, (size_t)c);
        if (nqpf_parse_cell(s, strlen(s), &v, NULL) != NQPF_CELL_NUMBER)
            v = NAN;
    }
    return v;
}

double report_stat(const nqpf_table *st, const char *by, const char *model, const char *stat)
{
    long mc = nqpf_table_col(st, "model"), sc = nqpf_table_col(st, "statistic");
    /* did's statistics have no model column; a --by group is the first column */
    for (size_t i = 0; st && sc >= 0 && i < st->n_rows; i++)
        if ((!model || mc < 0 || !strcmp(nqpf_table_get(st, i, (size_t)mc), model)) &&
            !strcmp(nqpf_table_get(st, i, (size_t)sc), stat) && (!by || mc <= 0 || !strcmp(nqpf_table_get(st, i, 0), by)))
            return report_cell(st, i, "value");
    return NAN;
}

/* An error without a position (an engine's usage message) placed at [sec]. */
static int job_locate(const nqpf_report *r, const char *sec, nqpf_error *err)
{
    if (!err->file[0]) {
        const nqpf_project_section *s = nqpf_project_section_get(r->proj, sec);
        char msg[sizeof err->msg];
        memcpy(msg, err->msg, sizeof msg);
        msg[sizeof msg - 1] = '\0';
        nqpf_fail(err, NQPF_EINPUT, r->proj->path, s ? s->line : 0, s ? s->col : 0, "[%s]: %.900s", sec, msg);
    }
    return err->code;
}

/* Read the keys of [sec] through defs (the command's option table), those
 * not given taken from base (the values of [reg]) when not NULL; record
 * them; a required option (other than data, unit, period) that lacks is
 * "[sec] needs 'key = …'". */
static int econ_keys(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, const nqpf_optval *base,
                     nqpf_optval *v, nqpf_error *err)
{
    nqpf_opt_init(v, n);
    int rc = nqpf_opt_section(defs, n, r->proj, sec, v, err);
    /* only [reg.NAME] has a base, [reg]'s values, and [reg]'s table has no
     * list options, so a value is its text and numbers: a shallow copy is
     * complete ([spreg]'s x is a list, but [spreg] has no base) */
    for (size_t k = 0; !rc && base && k < n; k++)
        if (!v[k].seen && base[k].seen)
            v[k] = base[k];
    /* `key =` (empty) unsets a text key, e.g. a [reg.NAME] without [reg]'s cluster */
    for (size_t k = 0; !rc && k < n; k++)
        if (defs[k].type == NQPF_OPT_STRING && v[k].text && !v[k].text[0])
            v[k].text = defs[k].def;
    for (size_t k = 0; !rc && k < n; k++)
        if ((defs[k].flags & NQPF_OPTF_PROJECT) && (defs[k].flags & NQPF_OPTF_REQUIRED) && !v[k].text &&
            strcmp(defs[k].name, "data") && strcmp(defs[k].name, "unit") && strcmp(defs[k].name, "period")) {
            const nqpf_project_section *s = nqpf_project_section_get(r->proj, sec);
            rc = nqpf_fail(err, NQPF_EINPUT, r->proj->path, s ? s->line : 0, s ? s->col : 0, "[%s] needs '%s = …'",
                           sec, defs[k].name);
        }
    return rc ? rc : report_section_record(r, sec, defs, n, v, err);
}

int report_econ_run(nqpf_report *r, const char *sec, const report_engine *eng, const nqpf_optval *base,
                    report_model *m, nqpf_error *err)
{
    nqpf_optval *v = calloc(eng->n, sizeof *v);
    score_src ss = {.r = r};
    nqpf_colsource score = {.name = "score", .find = score_find, .value = score_value, .ctx = &ss};
    char *file = NULL;
    if (!v)
        return nqpf_fail_nomem(err);
    int rc = econ_keys(r, sec, eng->defs, eng->n, base, v, err);
    if (!rc && !(m->sec = nqpf_strdup(sec)))
        rc = nqpf_fail_nomem(err);
    if (!rc)
        rc = job_data(r, m, v, eng->i_data, eng->i_unit, eng->i_period, eng->i_enc, &score, err);
    if (!rc && eng->i_file >= 0 && !v[eng->i_file].text) {
        const nqpf_project_section *s = nqpf_project_section_get(r->proj, sec);
        rc = nqpf_fail(err, NQPF_EINPUT, r->proj->path, s ? s->line : 0, s ? s->col : 0, "[%s] needs '%s = …'", sec,
                       eng->defs[eng->i_file].name);
    }
    if (!rc && eng->i_file >= 0) {
        if (!(file = nqpf_project_resolve(r->proj, v[eng->i_file].text)))
            rc = nqpf_fail_nomem(err);
        v[eng->i_file].text = file;
    }
    if (!rc)
        rc = eng->run(v, &score, m, err);
    m->score = ss.matched > 0;
    nqpf_strmap_free(&ss.units);
    nqpf_strmap_free(&ss.periods);
    nqpf_opt_free(v, eng->n);
    free(v), free(file);
    return rc ? job_locate(r, sec, err) : NQPF_OK;
}
