#include "nqpf/long_input.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/panel.h"
#include "nqpf/regions.h"
#include "nqpf/util.h"

void nqpf_long_free(nqpf_long_input *in)
{
    nqpf_factor_free(&in->unit);
    nqpf_factor_free(&in->period);
    nqpf_factor_free(&in->group);
    free(in->value);
    free(in->cols);
    free(in->by_period);
    free(in->period_at);
    free((long *)in->col_at);
    nqpf_coltable_free(in->ct);
    memset(in, 0, sizeof *in);
}

/* Every label of KEY column c (the column rq names `name`; none when
 * c < 0) given, else an error at the first empty one. */
static int labels_given(const nqpf_long_input *in, long c, const char *name, nqpf_error *err)
{
    for (size_t i = 0; c >= 0 && i < in->n_rows; i++)
        if (in->ct->col[c].code[i] < 0)
            return nqpf_fail(err, NQPF_EINPUT, in->path, in->line[i], in->ct->col[c].file_col,
                             "empty label in column '%s'", name);
    return NQPF_OK;
}

/* The factor of KEY column c, or one level when the column is not
 * requested (c < 0). */
static int key_factor(nqpf_long_input *in, long c, nqpf_factor *f, int *has, nqpf_error *err)
{
    *has = c >= 0;
    if (c < 0)
        return nqpf_factor_single(in->n_rows, f, err);
    return nqpf_factor_take_key(f, in->ct, (size_t)c, in->ct->col[c].name, err);
}

/* The built-in regions of the units (KEY column c, levels still in order of
 * first appearance, so the first level that is no province is on the first
 * such row). */
static int region_factor(nqpf_long_input *in, long c, const char *unit, int scheme, nqpf_error *err)
{
    const nqpf_column *col = &in->ct->col[c];
    size_t bad = 0, n = in->n_rows;
    nqpf_factor *g = &in->group;
    int rc = nqpf_region_codes((const char *const *)col->levels, NULL, col->n_levels, scheme, 0, g, &bad, err);
    if (rc == NQPF_EINPUT) {
        size_t i = 0;
        while (col->code[i] != (int32_t)bad)
            i++;
        return nqpf_fail(err, NQPF_EINPUT, in->path, in->line[i], col->file_col,
                         "'%s' is not a mainland province (a built-in grouping needs province names or GB codes "
                         "in column '%s')",
                         col->levels[bad], unit);
    }
    size_t *code = rc ? NULL : malloc((n ? n : 1) * sizeof *code);
    if (!rc && !code)
        rc = nqpf_fail_nomem(err);
    for (size_t i = 0; i < n && !rc; i++)
        code[i] = g->code[col->code[i]];
    if (!rc) {
        free(g->code);
        g->code = code;
        g->n_rows = n;
    }
    return rc;
}

/* Each (unit, period) at most once: a repeated key is almost always a join
 * gone wrong, and silently using both would bias every measure. */
static int check_unique(const nqpf_long_input *in, nqpf_error *err)
{
    size_t nu = in->unit.n_levels, np = in->period.n_levels;
    if (nu > 0 && np > (size_t)-1 / nu)
        return nqpf_fail_nomem(err);
    long *seen = malloc((nu * np > 0 ? nu * np : 1) * sizeof(long));
    if (!seen)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < nu * np; i++)
        seen[i] = -1;
    int rc = NQPF_OK;
    for (size_t i = 0; i < in->n_rows && !rc; i++) {
        size_t key = in->unit.code[i] * np + in->period.code[i];
        if (seen[key] >= 0)
            rc = nqpf_fail(err, NQPF_EINPUT, in->path, in->line[i], 0,
                           "unit '%s'%s%s%s appears twice (first on line %ld)", in->unit.level[in->unit.code[i]],
                           in->has_period ? " in period '" : "", in->has_period ? in->period.level[in->period.code[i]] : "",
                           in->has_period ? "'" : "", in->line[seen[key]]);
        seen[key] = (long)i;
    }
    free(seen);
    return rc;
}

/* The rows of each period (a counting sort, stable): a period's rows are
 * then found without a pass over all rows per period. */
static int index_periods(nqpf_long_input *in, nqpf_error *err)
{
    size_t n = in->n_rows, np = in->period.n_levels;
    in->by_period = malloc((n ? n : 1) * sizeof *in->by_period);
    in->period_at = calloc(np + 2, sizeof *in->period_at);
    if (!in->by_period || !in->period_at)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++)
        in->period_at[in->period.code[i] + 2]++;
    for (size_t p = 0; p < np; p++)
        in->period_at[p + 2] += in->period_at[p + 1];
    for (size_t i = 0; i < n; i++)
        in->by_period[in->period_at[in->period.code[i] + 1]++] = i;
    return NQPF_OK;
}

/* The numbers out of the column table: the value column (0) as it is,
 * the further columns side by side in in->cols. */
static int take_numbers(nqpf_long_input *in, const nqpf_long_req *rq, nqpf_error *err)
{
    nqpf_coltable *ct = in->ct;
    size_t n = in->n_rows, v = rq->value ? 1 : 0;
    if (rq->value) {
        in->value = ct->col[0].num;
        ct->col[0].num = NULL;
        in->value_col = ct->col[0].file_col;
    }
    if (!rq->n_cols)
        return NQPF_OK;
    long *at = malloc(rq->n_cols * sizeof *at);
    in->col_at = at;
    if (!at || !(in->cols = malloc((n ? n : 1) * rq->n_cols * sizeof *in->cols)))
        return nqpf_fail_nomem(err);
    for (size_t j = 0; j < rq->n_cols; j++) {
        nqpf_column *c = &ct->col[v + j];
        if (n)
            memcpy(in->cols + j * n, c->num, n * sizeof *in->cols);
        at[j] = c->file_col;
        free(c->num); /* one column at a time: the copy costs a column, not the table */
        c->num = NULL;
    }
    in->n_cols = rq->n_cols;
    return NQPF_OK;
}

/* The requests, in the order the checks below name them: value, the
 * further numbers, unit, period, group (optional when --group may name a
 * built-in grouping instead: the header says which), label, then from
 * standard input the numbers an error may quote (rq->quote) again as text,
 * to quote a cell as the file has it (nqpf_long_cell reads a file back
 * instead; standard input cannot be read twice).  want and optional have
 * rq->n_cols * 2 + 6 entries. */
static size_t requests(const nqpf_long_req *rq, int scheme, nqpf_colspec *want, unsigned char *optional, long *at)
{
    size_t k = 0, nnum = rq->quote == 2 ? rq->n_cols + (rq->value ? 1 : 0) : rq->quote && rq->value ? 1 : 0;
    if (rq->value)
        want[k++] = (nqpf_colspec){rq->value, NQPF_COL_NUMBER, !rq->missing_skip, NULL};
    for (size_t j = 0; j < rq->n_cols; j++)
        want[k++] = (nqpf_colspec){rq->cols[j], NQPF_COL_NUMBER, !rq->missing_skip, NULL};
    at[0] = rq->unit ? (long)k : -1;
    if (rq->unit)
        want[k++] = (nqpf_colspec){rq->unit, NQPF_COL_KEY, 0, NULL};
    at[1] = rq->period ? (long)k : -1;
    if (rq->period)
        want[k++] = (nqpf_colspec){rq->period, NQPF_COL_KEY, 0, NULL};
    memset(optional, 0, rq->n_cols * 2 + 6);
    at[2] = rq->group ? (long)k : -1;
    if (rq->group) {
        optional[k] = scheme >= 0;
        want[k++] = (nqpf_colspec){rq->group, NQPF_COL_KEY, 0, NULL};
    }
    at[4] = rq->label ? (long)k : -1;
    if (rq->label)
        want[k++] = (nqpf_colspec){rq->label, NQPF_COL_KEY, 0, NULL};
    at[3] = strcmp(rq->data, "-") == 0 ? (long)k : -1; /* with no copies: ct->n_cols */
    for (size_t j = 0; at[3] >= 0 && j < nnum; j++)
        want[k++] = (nqpf_colspec){want[j].name, NQPF_COL_KEY, 0, NULL};
    return k;
}

int nqpf_long_load(nqpf_long_input *in, const nqpf_long_req *rq, nqpf_error *err)
{
    memset(in, 0, sizeof *in);
    int scheme = rq->group && rq->unit ? nqpf_region_scheme_find(rq->group) : -1, rc;
    nqpf_colspec *want = malloc((rq->n_cols * 2 + 6) * sizeof *want);
    unsigned char *optional = malloc(rq->n_cols * 2 + 6);
    long at[5];
    if (!want || !optional) {
        free(want), free(optional);
        return nqpf_fail_nomem(err);
    }
    size_t k = requests(rq, scheme, want, optional, at);
    nqpf_coltable_spec sp = {.path = rq->data, .encoding = rq->enc, .cols = want, .n_cols = k, .optional = optional};
    rc = nqpf_coltable_read(&in->ct, &sp, err);
    free(want), free(optional);
    if (rc)
        goto fail;
    long cu = at[0], cp = at[1], cg = at[2];
    in->quote_at = at[3];
    in->label_at = at[4];
    /* a column of that name is the grouping; else the built-in one */
    if (cg >= 0 && !in->ct->col[cg].file_col)
        cg = -1;
    else if (cg >= 0)
        scheme = -1;
    in->n_rows = in->ct->n_rows;
    in->line = in->ct->line;
    in->path = in->ct->path;
    if (in->n_rows == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, rq->data, 0, 0, "no data rows");
        goto fail;
    }
    if ((rc = take_numbers(in, rq, err)) || (rc = labels_given(in, cu, rq->unit, err)) ||
        (rc = labels_given(in, cp, rq->period, err)) || (rc = labels_given(in, cg, rq->group, err)))
        goto fail;
    /* the regions read the unit levels in order of first appearance, before
     * the unit's factor orders them */
    if (scheme >= 0 && !(rc = region_factor(in, cu, rq->unit, scheme, err)))
        in->has_group = 1;
    if (rc || (rc = key_factor(in, cu, &in->unit, &in->has_unit, err)) ||
        (rc = key_factor(in, cp, &in->period, &in->has_period, err)) ||
        (scheme < 0 && (rc = key_factor(in, cg, &in->group, &in->has_group, err))))
        goto fail;
    if ((in->has_unit && !rq->labels && (rc = check_unique(in, err))) || (rc = index_periods(in, err)))
        goto fail;
    return NQPF_OK;
fail:
    nqpf_long_free(in);
    return rc;
}

/* The text of the cell at row and file column col from the copies of the
 * numbers as text (standard input); 0 when there are none. */
static int quoted(const nqpf_long_input *in, size_t row, long col, char *buf, size_t cap)
{
    for (size_t c = in->quote_at >= 0 ? (size_t)in->quote_at : in->ct->n_cols; c < in->ct->n_cols; c++) {
        const nqpf_column *q = &in->ct->col[c];
        if (q->file_col == col) {
            snprintf(buf, cap, "%s", q->code[row] >= 0 ? q->levels[q->code[row]] : "");
            return 1;
        }
    }
    return 0;
}

const char *nqpf_long_cell(const nqpf_long_input *in, size_t row, long col, double num, char *buf, size_t cap)
{
    if (quoted(in, row, col, buf, cap))
        return buf;
    nqpf_format_double(num, buf, cap);
    nqpf_csv *r = NULL;
    nqpf_error ignored; /* the file read fine a moment ago; if not now, the number stands */
    if (in->quote_at >= 0 || nqpf_csv_open(&r, in->path, in->ct->encoding, ',', &ignored))
        return buf;
    nqpf_csv_row rw;
    while (nqpf_csv_next(r, &rw, &ignored) == 1)
        if (rw.line == in->line[row]) {
            if ((size_t)col <= rw.n) {
                const char *s = rw.field[col - 1];
                size_t n = rw.len[col - 1];
                nqpf_trim(&s, &n);
                snprintf(buf, cap, "%.*s", (int)n, s);
            }
            break;
        }
    nqpf_csv_close(r);
    return buf;
}

size_t nqpf_long_period(const nqpf_long_input *in, size_t p, double *y, size_t *g, size_t *rows)
{
    size_t m = 0;
    for (size_t k = in->period_at[p]; k < in->period_at[p + 1]; k++) {
        size_t i = in->by_period[k];
        if (isnan(in->value[i]))
            continue;
        if (y)
            y[m] = in->value[i];
        if (g)
            g[m] = in->group.code[i];
        if (rows)
            rows[m] = i;
        m++;
    }
    return m;
}

int nqpf_long_each_period(const nqpf_long_input *in, const char *file, nqpf_long_period_fn fn, void *ctx,
                          nqpf_error *err)
{
    size_t n = in->n_rows ? in->n_rows : 1;
    double *y = malloc(n * sizeof *y);
    size_t *g = malloc(n * sizeof *g);
    int rc = !y || !g ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t p = 0; p < in->period.n_levels && !rc; p++) {
        const char *label = in->period.level[p];
        size_t m = nqpf_long_period(in, p, y, g, NULL);
        if ((rc = fn(ctx, label, y, g, m, err)) && in->has_period)
            nqpf_error_context(err, file, "period", label);
    }
    free(y), free(g);
    return rc;
}

int nqpf_long_check_sign(const nqpf_long_input *in, const char *value, int positive, const char *what,
                         nqpf_error *err)
{
    char cell[128];
    for (size_t i = 0; i < in->n_rows; i++) {
        double v = in->value[i];
        if (isnan(v))
            continue;
        if (v < 0.0 || (positive && v == 0.0))
            return nqpf_fail(err, NQPF_EINPUT, in->path, in->line[i], in->value_col,
                             "value %s in column '%s': %s needs %s values",
                             nqpf_long_cell(in, i, in->value_col, v, cell, sizeof cell), value, what,
                             positive ? "positive" : "non-negative");
    }
    return NQPF_OK;
}
