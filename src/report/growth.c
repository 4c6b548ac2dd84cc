/* nqpf — the report's [growth] step: growth-accounting TFP
 * (nqpf_growth_tornqvist, include/nqpf/growth.h) on a long file of its own
 * (e.g. the Penn World Table), with the keys and defaults of `nqpf growth`:
 * units in order of first appearance and periods in numeric order when all
 * are numbers (nqpf_factor), labour a column or a product COL*COL, share a
 * column (Törnqvist average) or a constant, the index rescaled to 1 at
 * base.  Missing inputs give empty cells; a non-positive output, capital or
 * labour value or a share outside [0, 1] is an error at its cell. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare.h"
#include "nqpf/growth.h"
#include "nqpf/sha256.h"
#include "report_internal.h"

#define MAX_FACTORS 16

/* A numeric column with missing cells as NaN, positive (or in [0, 1] for
 * a share), else an error at the offending cell. */
static int read_col(const nqpf_table *t, const char *name, double *out, int is_share, nqpf_error *err)
{
    int rc = nqpf_table_column(t, name, out, 1, err);
    long c = nqpf_table_col(t, name);
    for (size_t i = 0; !rc && i < t->n_rows; i++) {
        double v = out[i];
        if (!isnan(v) && (is_share ? (v < 0.0 || v > 1.0) : !(v > 0.0)))
            rc = nqpf_fail(err, NQPF_EINPUT, t->path, t->line[i], c + 1, "%s in column '%s' must be %s",
                           nqpf_table_get(t, i, (size_t)c), name, is_share ? "in [0,1]" : "positive");
    }
    return rc;
}

typedef struct growth_opts {
    const char *file, *unit, *period, *output, *capital, *labour, *share, *base, *name;
    const nqpf_project_kv *share_kv, *base_kv, *labour_kv;
} growth_opts;

static int options(nqpf_report *r, growth_opts *g, nqpf_error *err)
{
    int rc;
    if ((rc = report_opt_str(r, "growth", "file", NULL, &g->file, NULL, err)) ||
        (rc = report_opt_str(r, "growth", "unit", NULL, &g->unit, NULL, err)) ||
        (rc = report_opt_str(r, "growth", "period", NULL, &g->period, NULL, err)) ||
        (rc = report_opt_str(r, "growth", "output", NULL, &g->output, NULL, err)) ||
        (rc = report_opt_str(r, "growth", "capital", NULL, &g->capital, NULL, err)) ||
        (rc = report_opt_str(r, "growth", "labour", NULL, &g->labour, &g->labour_kv, err)) ||
        (rc = report_opt_str(r, "growth", "share", NULL, &g->share, &g->share_kv, err)) ||
        (rc = report_opt_str(r, "growth", "base", "", &g->base, &g->base_kv, err)))
        return rc;
    return report_opt_str(r, "growth", "name", g->unit, &g->name, NULL, err);
}

/* Per unit: the first non-empty label of the name column. */
static int unit_names(nqpf_report *r, const nqpf_table *t, const nqpf_factor *uf, const char *name, nqpf_error *err)
{
    size_t col;
    int rc = nqpf_table_require(t, name, &col, err);
    if (rc)
        return rc;
    if (!(r->gr_name = calloc(r->gr_U + 1, sizeof(char *))))
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < t->n_rows; i++) {
        const char *s = nqpf_table_get(t, i, col);
        char **dst = &r->gr_name[uf->code[i]];
        if (!*dst && *s && !(*dst = nqpf_strdup(s)))
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

static int compute(nqpf_report *r, const growth_opts *g, nqpf_table *t, nqpf_factor *uf, nqpf_factor *pf,
                   nqpf_error *err)
{
    size_t n = t->n_rows, U = uf->n_levels, T = pf->n_levels;
    double share_const = NAN;
    int share_col = nqpf_parse_cell(g->share, strlen(g->share), &share_const, NULL) != NQPF_CELL_NUMBER;
    if (!share_col && !(share_const >= 0.0 && share_const <= 1.0))
        return report_bad_value(r, g->share_kv, "a constant labour share must be in [0,1]", err);
    char *lbuf = nqpf_strdup(g->labour), *lf[MAX_FACTORS];
    size_t nl = 0;
    int bad_labour = lbuf && nqpf_opt_split(lbuf, '*', lf, MAX_FACTORS, &nl);
    double *Y = malloc((n + 1) * sizeof(double)), *K = malloc((n + 1) * sizeof(double));
    double *Lb = malloc((n + 1) * sizeof(double)), *S = malloc((n + 1) * sizeof(double));
    double *tmp = malloc((n + 1) * sizeof(double)), *ser = malloc((9 * T + 1) * sizeof(double));
    r->gr = malloc((U * T * 6 + 1) * sizeof(double));
    r->gr_row = calloc(U * T + 1, 1);
    int rc = NQPF_OK;
    if (!lbuf || !Y || !K || !Lb || !S || !tmp || !ser || !r->gr || !r->gr_row)
        rc = nqpf_fail_nomem(err);
    else if (bad_labour)
        rc = report_bad_value(r, g->labour_kv, "labour must be a column or a product COL*COL (at most 16)", err);
    if (!rc && !(rc = read_col(t, g->output, Y, 0, err)) && !(rc = read_col(t, g->capital, K, 0, err)) && share_col)
        rc = read_col(t, g->share, S, 1, err);
    for (size_t i = 0; !rc && i < n; i++)
        Lb[i] = 1.0;
    for (size_t j = 0; !rc && j < nl; j++)
        if (!(rc = read_col(t, lf[j], tmp, 0, err)))
            for (size_t i = 0; i < n; i++)
                Lb[i] *= tmp[i];
    r->gr_base = -1;
    for (size_t p = 0; !rc && *g->base && p < T; p++)
        if (!strcmp(pf->level[p], g->base))
            r->gr_base = (long)p;
    if (!rc && *g->base && r->gr_base < 0)
        rc = report_bad_value(r, g->base_kv, "growth.base is not a period of the growth file", err);
    /* one unit's series: y, k, l, share, then dlnY, dlnK, dlnL, sbar, dlnA */
    double *y = ser, *k = ser + T, *l = ser + 2 * T, *s = ser + 3 * T, *out[5];
    for (size_t u = 0; !rc && u < U; u++) {
        for (size_t p = 0; p < T; p++)
            y[p] = k[p] = l[p] = s[p] = NAN;
        for (size_t i = 0; i < n; i++)
            if (uf->code[i] == u) {
                size_t p = pf->code[i];
                y[p] = Y[i], k[p] = K[i], l[p] = Lb[i], s[p] = share_col ? S[i] : share_const;
                r->gr_row[u * T + p] = 1;
            }
        for (size_t j = 0; j < 5; j++)
            out[j] = ser + (4 + j) * T;
        double *idx = tmp; /* n >= T */
        size_t bad = 0;
        if ((rc = nqpf_growth_tornqvist(y, k, l, share_col ? s : NULL, share_const, T, out[0], out[1], out[2],
                                        out[3], out[4], idx, &bad, err)))
            break;
        double b = r->gr_base >= 0 ? idx[r->gr_base] : 1.0;
        for (size_t p = 0; p < T; p++) {
            double *v = r->gr + (u * T + p) * 6;
            for (int j = 0; j < 5; j++)
                v[j] = out[j][p];
            v[5] = idx[p] / b; /* no index in the base period: the unit's index stays empty */
        }
    }
    free(lbuf), free(Y), free(K), free(Lb), free(S), free(tmp), free(ser);
    return rc;
}

int report_run_growth(nqpf_report *r, nqpf_error *err)
{
    growth_opts g = {0};
    nqpf_table *t = NULL;
    nqpf_factor uf = {0}, pf = {0};
    char hex[65];
    int rc = options(r, &g, err);
    if (!rc && !(r->growth_path = nqpf_project_resolve(r->proj, g.file)))
        rc = nqpf_fail_nomem(err);
    if (!rc && !(rc = nqpf_input_sha256(r->growth_path, hex, err)) && !(r->growth_sha = nqpf_strdup(hex)))
        rc = nqpf_fail_nomem(err);
    if (!rc)
        rc = nqpf_table_read(&t, r->growth_path, NQPF_ENC_AUTO, err);
    if (!rc && t->n_rows == 0)
        rc = nqpf_fail(err, NQPF_EINPUT, r->growth_path, 0, 0, "no data rows");
    if (!rc && !(rc = nqpf_factor_build(t, g.unit, &uf, err)))
        rc = nqpf_factor_build(t, g.period, &pf, err);
    /* each (unit, period) at most once, as the command checks */
    unsigned char *seen = rc ? NULL : calloc(uf.n_levels * pf.n_levels + 1, 1);
    if (!rc && !seen)
        rc = nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < t->n_rows; i++) {
        size_t key = uf.code[i] * pf.n_levels + pf.code[i];
        if (seen[key]++)
            rc = nqpf_fail(err, NQPF_EINPUT, r->growth_path, t->line[i], 0, "unit '%s' in period '%s' appears twice",
                           uf.level[uf.code[i]], pf.level[pf.code[i]]);
    }
    free(seen);
    if (!rc) {
        r->gr_U = uf.n_levels, r->gr_T = pf.n_levels;
        if (!(r->gr_unit = levels(&uf)) || !(r->gr_period = levels(&pf)))
            rc = nqpf_fail_nomem(err);
    }
    if (!rc)
        rc = compute(r, &g, t, &uf, &pf, err);
    if (!rc)
        rc = unit_names(r, t, &uf, g.name, err);
    nqpf_factor_free(&uf), nqpf_factor_free(&pf);
    nqpf_table_free(t);
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
