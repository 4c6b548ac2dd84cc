#include "cmp_input.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/regions.h"

void cmp_input_free(cmp_input *in)
{
    nqpf_factor_free(&in->unit);
    nqpf_factor_free(&in->period);
    nqpf_factor_free(&in->group);
    free(in->value);
    free(in->cols);
    nqpf_table_free(in->t);
    memset(in, 0, sizeof *in);
}

static int factor_or_single(const nqpf_table *t, const char *name, nqpf_factor *f, int *has,
                            nqpf_error *err)
{
    *has = name != NULL;
    return name ? nqpf_factor_build(t, name, f, err) : nqpf_factor_single(t->n_rows, f, err);
}

int cmp_input_load(cmp_input *in, const cmp_input_req *rq, nqpf_error *err)
{
    memset(in, 0, sizeof *in);
    const char *data = rq->data, *unit = rq->unit, *group = rq->group;
    int rc = nqpf_table_read(&in->t, data, rq->enc, err);
    if (rc)
        return rc;
    size_t n = in->t->n_rows;
    if (n == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, data, 0, 0, "no data rows");
        goto fail;
    }
    in->value = rq->value ? malloc(n * sizeof *in->value) : NULL;
    in->cols = rq->n_cols ? malloc(n * rq->n_cols * sizeof *in->cols) : NULL;
    if ((rq->value && !in->value) || (rq->n_cols && !in->cols)) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if (rq->value && (rc = nqpf_table_column(in->t, rq->value, in->value, rq->missing_skip, err)))
        goto fail;
    for (size_t j = 0; j < rq->n_cols; j++)
        if ((rc = nqpf_table_column(in->t, rq->cols[j], in->cols + j * n, rq->missing_skip, err)))
            goto fail;
    in->n_cols = rq->n_cols;
    /* --group nbs4 (belt3, zone8, ns2) with no column of that name: the
     * built-in regions of the provinces in the unit column */
    int scheme = group && unit && nqpf_table_col(in->t, group) < 0 ? nqpf_region_scheme_find(group) : -1;
    if ((rc = factor_or_single(in->t, unit, &in->unit, &in->has_unit, err)) ||
        (rc = factor_or_single(in->t, rq->period, &in->period, &in->has_period, err)))
        goto fail;
    if (scheme >= 0) {
        in->has_group = 1;
        rc = nqpf_factor_region(in->t, unit, scheme, 0, &in->group, err);
    } else {
        rc = factor_or_single(in->t, group, &in->group, &in->has_group, err);
    }
    if (rc)
        goto fail;
    if (in->has_unit && !rq->labels) {
        /* Each (unit, period) at most once: a repeated key is almost always
         * a join gone wrong, and silently using both would bias every measure. */
        size_t nu = in->unit.n_levels, np = in->period.n_levels;
        if (nu > 0 && np > (size_t)-1 / nu) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        long *seen = malloc(nu * np * sizeof(long));
        if (!seen) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        for (size_t i = 0; i < nu * np; i++)
            seen[i] = -1;
        for (size_t i = 0; i < n; i++) {
            size_t key = in->unit.code[i] * np + in->period.code[i];
            if (seen[key] >= 0) {
                long first = in->t->line[seen[key]];
                rc = nqpf_fail(err, NQPF_EINPUT, data, in->t->line[i], 0,
                               "unit '%s'%s%s%s appears twice (first on line %ld)", in->unit.level[in->unit.code[i]],
                               in->has_period ? " in period '" : "",
                               in->has_period ? in->period.level[in->period.code[i]] : "",
                               in->has_period ? "'" : "", first);
                free(seen);
                goto fail;
            }
            seen[key] = (long)i;
        }
        free(seen);
    }
    return NQPF_OK;
fail:
    cmp_input_free(in);
    return rc;
}

size_t cmp_input_period(const cmp_input *in, size_t p, double *y, size_t *g, size_t *rows)
{
    size_t m = 0;
    for (size_t i = 0; i < in->t->n_rows; i++) {
        if (in->period.code[i] != p || isnan(in->value[i]))
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

int cmp_each_period(const cmp_input *in, const char *file, cmp_period_fn fn, void *ctx, nqpf_error *err)
{
    size_t n = in->t->n_rows ? in->t->n_rows : 1;
    double *y = malloc(n * sizeof *y);
    size_t *g = malloc(n * sizeof *g);
    int rc = !y || !g ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t p = 0; p < in->period.n_levels && !rc; p++) {
        const char *label = in->period.level[p];
        size_t m = cmp_input_period(in, p, y, g, NULL);
        if ((rc = fn(ctx, label, y, g, m, err)) && in->has_period)
            nqpf_error_context(err, file, "period", label);
    }
    free(y), free(g);
    return rc;
}

int cmp_input_check_sign(const cmp_input *in, const char *value, int positive, const char *what,
                         nqpf_error *err)
{
    long col = nqpf_table_col(in->t, value);
    for (size_t i = 0; i < in->t->n_rows; i++) {
        double v = in->value[i];
        if (isnan(v))
            continue;
        if (v < 0.0 || (positive && v == 0.0))
            return nqpf_fail(err, NQPF_EINPUT, in->t->path, in->t->line[i], col + 1,
                             "value %s in column '%s': %s needs %s values", nqpf_table_get(in->t, i, (size_t)col),
                             value, what, positive ? "positive" : "non-negative");
    }
    return NQPF_OK;
}

void cmp_warn_period(const cmp_input *in, const char *file, const char *label, const char *cause,
                     const char *consequence)
{
    nqpf_cli_warn("%s: %s%s%s%s: %s", file, cause, in->has_period ? " in period '" : "", in->has_period ? label : "",
                  in->has_period ? "'" : "", consequence);
}
