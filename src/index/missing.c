#include "nqpf/missing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int nqpf_missing_parse(const char *s, nqpf_missing_policy *out)
{
    if (!strcmp(s, "error")) *out = NQPF_MISSING_ERROR;
    else if (!strcmp(s, "interpolate")) *out = NQPF_MISSING_INTERPOLATE;
    else if (!strcmp(s, "drop-unit")) *out = NQPF_MISSING_DROP_UNIT;
    else return -1;
    return 0;
}

int nqpf_extrapolation_parse(const char *s, nqpf_extrapolation *out)
{
    if (!strcmp(s, "nearest")) *out = NQPF_EXTRAP_NEAREST;
    else if (!strcmp(s, "growth")) *out = NQPF_EXTRAP_GROWTH;
    else return -1;
    return 0;
}

void nqpf_fill_log_free(nqpf_fill_log *flog)
{
    for (size_t i = 0; i < flog->n; i++)
        free(flog->items[i].unit);
    free(flog->items);
    memset(flog, 0, sizeof *flog);
}

static int log_add(nqpf_fill_log *flog, const char *unit, size_t t, size_t v, double value,
                   const char *method, nqpf_error *err)
{
    void *p = flog->items;
    if (nqpf_grow(&p, &flog->cap, flog->n + 1, sizeof(nqpf_fill)) != 0)
        return nqpf_fail_nomem(err);
    flog->items = p;
    nqpf_fill *f = &flog->items[flog->n];
    if (!(f->unit = nqpf_strdup(unit)))
        return nqpf_fail_nomem(err);
    f->t = t;
    f->v = v;
    f->value = value;
    f->method = method;
    flog->n++;
    return NQPF_OK;
}

static int missing_error(const nqpf_panel *p, size_t u, size_t t, size_t v, nqpf_error *err)
{
    long line, col;
    nqpf_panel_cell_pos(p, u, t, v, &line, &col);
    if (line == 0)
        return nqpf_fail(err, NQPF_EMISSING, p->path, 0, 0,
                         "no row for unit '%s' in period '%s' (needed for '%s'); "
                         "use --missing interpolate or --missing drop-unit",
                         p->units[u], p->periods[t], p->vars[v]);
    return nqpf_fail(err, NQPF_EMISSING, p->path, line, col,
                     "missing value of '%s' for unit '%s', period '%s'; "
                     "use --missing interpolate or --missing drop-unit",
                     p->vars[v], p->units[u], p->periods[t]);
}

/* Fill one unit's series for variable v; x has stride V. */
static int fill_series(nqpf_panel *p, size_t u, size_t v, nqpf_extrapolation extrap,
                       nqpf_fill_log *flog, nqpf_error *err)
{
    size_t T = p->n_periods;
    const double *pv = p->period_value;
    long first = -1, last = -1, second = -1, before_last = -1;
    for (size_t t = 0; t < T; t++)
        if (!isnan(*nqpf_panel_cell(p, u, t, v))) {
            if (first < 0) first = (long)t;
            else if (second < 0) second = (long)t;
            before_last = last;
            last = (long)t;
        }
    if (first < 0)
        return nqpf_fail(err, NQPF_EMISSING, p->path, 0, 0,
                         "unit '%s' has no value of '%s' in any period, so it cannot be interpolated; "
                         "use --missing drop-unit",
                         p->units[u], p->vars[v]);
    int rc;
    /* interior gaps: linear in the period values */
    long prev = first;
    for (long t = first + 1; t <= last; t++) {
        double *c = nqpf_panel_cell(p, u, (size_t)t, v);
        if (!isnan(*c)) {
            prev = t;
            continue;
        }
        long next = t + 1;
        while (isnan(*nqpf_panel_cell(p, u, (size_t)next, v)))
            next++;
        double a = *nqpf_panel_cell(p, u, (size_t)prev, v), b = *nqpf_panel_cell(p, u, (size_t)next, v);
        double f = (pv[t] - pv[prev]) / (pv[next] - pv[prev]);
        *c = a + f * (b - a);
        if ((rc = log_add(flog, p->units[u], (size_t)t, v, *c, "linear", err)))
            return rc;
    }
    /* the ends */
    for (int side = 0; side < 2; side++) {
        long edge = side == 0 ? first : last, inner = side == 0 ? second : before_last;
        double xe = *nqpf_panel_cell(p, u, (size_t)edge, v);
        double g = NAN;
        if (extrap == NQPF_EXTRAP_GROWTH && inner >= 0) {
            double xi = *nqpf_panel_cell(p, u, (size_t)inner, v);
            if (xe > 0 && xi > 0)
                g = log(xe / xi) / (pv[edge] - pv[inner]); /* continuous growth rate per period unit */
        }
        long lo = side == 0 ? 0 : last + 1, hi = side == 0 ? first : (long)T;
        for (long t = lo; t < hi; t++) {
            double *c = nqpf_panel_cell(p, u, (size_t)t, v);
            const char *method = "nearest";
            *c = xe;
            if (extrap == NQPF_EXTRAP_GROWTH) {
                if (isnan(g))
                    method = "nearest (growth undefined)";
                else {
                    *c = xe * exp(g * (pv[t] - pv[edge]));
                    method = "growth";
                }
            }
            if ((rc = log_add(flog, p->units[u], (size_t)t, v, *c, method, err)))
                return rc;
        }
    }
    return NQPF_OK;
}

/* The first panel row (u * T + t) with a missing value among vars, or
 * U * T when there is none.  The rows are checked on all threads (a serial
 * scan of a 5,000,000 x 30 panel was a one-core step between the parallel
 * read and the parallel computation); the smallest such row is the one a
 * scan in order finds first, whatever the threads. */
static size_t first_missing_row(const nqpf_panel *p, const size_t *vars, size_t n_vars)
{
    size_t rows = p->n_units * p->n_periods, V = p->n_vars, first = rows;
#pragma omp parallel for schedule(static) reduction(min : first) if (rows * n_vars > 1000000)
    for (size_t i = 0; i < rows; i++) {
        const double *x = p->x + i * V;
        int bad = 0;
        for (size_t k = 0; k < n_vars; k++)
            bad |= isnan(x[vars[k]]);
        if (bad && i < first)
            first = i;
    }
    return first;
}

int nqpf_missing_apply(nqpf_panel *p, const size_t *vars, size_t n_vars, nqpf_missing_policy policy,
                       nqpf_extrapolation extrap, nqpf_fill_log *flog, nqpf_error *err)
{
    size_t U = p->n_units, T = p->n_periods;
    int rc = NQPF_OK;
    if (policy == NQPF_MISSING_ERROR) {
        if (p->no_missing) /* the reader saw none: no pass over the whole panel */
            return NQPF_OK;
        size_t row = first_missing_row(p, vars, n_vars);
        for (size_t k = 0; row < U * T && k < n_vars; k++)
            if (isnan(*nqpf_panel_cell(p, row / T, row % T, vars[k])))
                return missing_error(p, row / T, row % T, vars[k], err);
        return NQPF_OK;
    }
    if (policy == NQPF_MISSING_INTERPOLATE) {
        for (size_t u = 0; u < U; u++)
            for (size_t k = 0; k < n_vars; k++) {
                int any = 0;
                for (size_t t = 0; t < T && !any; t++)
                    any = isnan(*nqpf_panel_cell(p, u, t, vars[k]));
                if (any && (rc = fill_series(p, u, vars[k], extrap, flog, err)))
                    return rc;
            }
        return NQPF_OK;
    }
    unsigned char *keep = malloc(U ? U : 1);
    if (!keep)
        return nqpf_fail_nomem(err);
    size_t kept = 0;
    for (size_t u = 0; u < U; u++) {
        keep[u] = 1;
        for (size_t t = 0; t < T; t++)
            for (size_t k = 0; k < n_vars; k++)
                if (isnan(*nqpf_panel_cell(p, u, t, vars[k]))) {
                    keep[u] = 0;
                    if ((rc = log_add(flog, p->units[u], t, vars[k], NAN, "dropped unit", err))) {
                        free(keep);
                        return rc;
                    }
                }
        kept += keep[u];
        flog->n_dropped_units += !keep[u];
    }
    if (kept == 0) {
        free(keep);
        return nqpf_fail(err, NQPF_EMISSING, p->path, 0, 0, "every unit has a missing value; nothing is left after --missing drop-unit");
    }
    rc = nqpf_panel_keep_units(p, keep, err);
    free(keep);
    return rc;
}
