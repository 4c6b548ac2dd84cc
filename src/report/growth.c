/* nqpf — the report's [growth] step: growth-accounting TFP
 * (nqpf_growth_tornqvist, include/nqpf/growth.h) on a long file of its own
 * (e.g. the Penn World Table), with the keys and defaults of `nqpf growth`
 * and read, checked and computed as the command does it: the file through
 * the long-table input (nqpf_long_load: only the columns used, each cell
 * parsed once, a bad one an error at its FILE:LINE:COL), units in order of
 * first appearance and periods in numeric order when all are numbers,
 * labour a column or a product COL*COL, share a column (Törnqvist average)
 * or a constant, the index rescaled to 1 at base (nqpf_growth_long).
 * Missing inputs give empty cells; a non-positive output, capital or labour
 * value or a share outside [0, 1] is an error at its cell. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/growth.h"
#include "nqpf/long_input.h"
#include "nqpf/sha256.h"
#include "report_internal.h"

/* [growth]'s keys are nqpf growth's options, read through its table
 * (NQPF_GROWTH_OPTS, the project keys: the same validation, required ones
 * "[growth] needs …", output or value as the command takes either), in the
 * table's order and recorded in run.json as spelt.  Two keys are the
 * report's own: `file`, the old spelling of `data` (as in [data] and
 * [system]; kept for existing projects), and `name`, the chart's label
 * column (default the unit). */
typedef struct growth_opts {
    const char *v[NQPF_GR_NOPTS], *name;
    const nqpf_project_kv *kv[NQPF_GR_NOPTS];
} growth_opts;

/* The key of option k in s: its own name, else its old spelling. */
static const nqpf_project_kv *key_of(const nqpf_project_section *s, int k, const char **spelt)
{
    const char *old = k == NQPF_GR_DATA ? "file" : NULL;
    const nqpf_project_kv *kv = nqpf_project_get(s, NQPF_GROWTH_OPTS[k].name);
    *spelt = NQPF_GROWTH_OPTS[k].name;
    if (!kv && old && (kv = nqpf_project_get(s, old)))
        *spelt = old;
    return kv;
}

/* Both spellings of one option, or both output and value (the command's
 * "give --output or --value, not both"): refused at the second. */
static int twice(nqpf_report *r, const nqpf_project_section *s, nqpf_error *err)
{
    static const char *const pairs[][2] = {{"data", "file"}, {"output", "value"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const nqpf_project_kv *a = nqpf_project_get(s, pairs[i][0]), *b = nqpf_project_get(s, pairs[i][1]);
        if (a && b)
            return nqpf_fail(err, NQPF_EINPUT, r->proj->path, b->line, b->key_col, "give %s or %s, not both",
                             pairs[i][0], pairs[i][1]);
    }
    return NQPF_OK;
}

static int options(nqpf_report *r, growth_opts *g, nqpf_error *err)
{
    const nqpf_project_section *s = nqpf_project_section_get(r->proj, "growth");
    int rc = twice(r, s, err);
    for (int k = 0; !rc && k < NQPF_GR_NOPTS; k++) {
        const nqpf_optdef *d = &NQPF_GROWTH_OPTS[k];
        const char *spelt;
        if (!(d->flags & NQPF_OPTF_PROJECT))
            continue;
        const nqpf_project_kv *kv = g->kv[k] = key_of(s, k, &spelt);
        int need = (d->flags & NQPF_OPTF_REQUIRED) || (k == NQPF_GR_OUTPUT && !nqpf_project_get(s, "value"));
        nqpf_optval v = {0};
        if (kv) {
            nqpf_optsrc src = {r->proj->path, kv->line, kv->value_col};
            rc = nqpf_opt_set(d, kv->value, &src, &v, err);
        } else if (need)
            rc = nqpf_fail(err, NQPF_EINPUT, r->proj->path, s ? s->line : 0, s ? s->col : 0,
                           "[growth] needs '%s = …'", spelt);
        const char *text = v.text ? v.text : d->def;
        nqpf_opt_free(&v, 1);
        g->v[k] = text;
        if (!rc && text)
            rc = report_record(r, "growth", spelt, text, err);
    }
    if (!rc && g->v[NQPF_GR_VALUE])
        g->v[NQPF_GR_OUTPUT] = g->v[NQPF_GR_VALUE], g->kv[NQPF_GR_OUTPUT] = g->kv[NQPF_GR_VALUE];
    return rc ? rc : report_opt_str(r, "growth", "name", g->v[NQPF_GR_UNIT], &g->name, NULL, err);
}

/* Per unit: the first non-empty label of the name column (in->label_at). */
static int unit_names(nqpf_report *r, const nqpf_long_input *in, nqpf_error *err)
{
    const nqpf_column *c = &in->ct->col[in->label_at];
    if (!(r->gr_name = calloc(r->gr_U + 1, sizeof(char *))))
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < in->n_rows; i++) {
        char **dst = &r->gr_name[in->unit.code[i]];
        if (!*dst && c->code[i] >= 0 && !(*dst = nqpf_strdup(c->levels[c->code[i]])))
            return nqpf_fail_nomem(err);
    }
    for (size_t u = 0; u < r->gr_U; u++)
        if (!r->gr_name[u] && !(r->gr_name[u] = nqpf_strdup(r->gr_unit[u])))
            return nqpf_fail_nomem(err);
    return NQPF_OK;
}

/* The factor's levels as an owned NULL-terminated array. */
static char **levels(const nqpf_factor *f)
{
    char **v = calloc(f->n_levels + 1, sizeof(char *));
    for (size_t i = 0; v && i < f->n_levels; i++)
        if (!(v[i] = nqpf_strdup(f->level[i]))) {
            report_strv_free(v);
            return NULL;
        }
    return v;
}

/* share and labour as the command takes them, refused at their keys. */
static int request(nqpf_report *r, const growth_opts *g, nqpf_growth_req *q, nqpf_error *err)
{
    int bad = 0, rc = nqpf_growth_req_parse(q, g->v[NQPF_GR_OUTPUT], g->v[NQPF_GR_CAPITAL], g->v[NQPF_GR_LABOUR],
                                            g->v[NQPF_GR_SHARE], &bad, err);
    if (rc && bad == NQPF_GR_SHARE)
        return report_bad_value(r, g->kv[NQPF_GR_SHARE], "a constant labour share must be in [0,1]", err);
    if (rc && bad == NQPF_GR_LABOUR)
        return report_bad_value(r, g->kv[NQPF_GR_LABOUR], "labour must be a column or a product COL*COL (at most 16)",
                                err);
    return rc;
}

/* The file's columns (as nqpf growth reads them, and the name column),
 * the base period, then the accounts. */
static int compute(nqpf_report *r, const growth_opts *g, const nqpf_growth_req *q, nqpf_long_input *in,
                   nqpf_error *err)
{
    const char *cols[NQPF_GROWTH_MAX_FACTORS + 2], *base = g->v[NQPF_GR_BASE] ? g->v[NQPF_GR_BASE] : "";
    nqpf_long_req rq = {r->growth_path, g->v[NQPF_GR_UNIT], q->output, g->v[NQPF_GR_PERIOD], NULL, cols,
                        nqpf_growth_cols(q, cols), NQPF_ENC_AUTO, 1, 0, 2, g->name};
    size_t base_missing;
    int rc = nqpf_long_load(in, &rq, err);
    if (rc)
        return rc;
    size_t U = r->gr_U = in->unit.n_levels, T = r->gr_T = in->period.n_levels;
    if (!(r->gr_unit = levels(&in->unit)) || !(r->gr_period = levels(&in->period)))
        return nqpf_fail_nomem(err);
    r->gr = malloc((U * T * 6 + 1) * sizeof(double));
    r->gr_row = calloc(U * T + 1, 1);
    r->gr_base = -1;
    for (size_t p = 0; *base && p < T; p++)
        if (!strcmp(in->period.level[p], base))
            r->gr_base = (long)p;
    if (!r->gr || !r->gr_row)
        return nqpf_fail_nomem(err);
    if (*base && r->gr_base < 0)
        return report_bad_value(r, g->kv[NQPF_GR_BASE], "growth.base is not a period of the growth file", err);
    return nqpf_growth_long(in, q, r->gr_base, r->gr, r->gr_row, &base_missing, err);
}

int report_run_growth(nqpf_report *r, nqpf_error *err)
{
    growth_opts g = {0};
    nqpf_growth_req q = {0};
    nqpf_long_input in = {0};
    char hex[65];
    int rc = options(r, &g, err);
    if (!rc && !(r->growth_path = nqpf_project_resolve(r->proj, g.v[NQPF_GR_DATA])))
        rc = nqpf_fail_nomem(err);
    if (!rc && !(rc = nqpf_input_sha256(r->growth_path, hex, err)) && !(r->growth_sha = nqpf_strdup(hex)))
        rc = nqpf_fail_nomem(err);
    if (!rc && !(rc = request(r, &g, &q, err)) && !(rc = compute(r, &g, &q, &in, err)))
        rc = unit_names(r, &in, err);
    nqpf_long_free(&in);
    nqpf_growth_req_free(&q);
    return rc;
}

void report_free_growth(nqpf_report *r)
{
    free(r->growth_path), free(r->growth_sha), free(r->gr), free(r->gr_row);
    report_strv_free(r->gr_unit);
    report_strv_free(r->gr_period);
    if (r->gr_name)
        for (size_t u = 0; u < r->gr_U; u++)
            free(r->gr_name[u]);
    free(r->gr_name);
}
