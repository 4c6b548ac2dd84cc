/* nqpf — growth accounting of a whole long table (include/nqpf/growth.h):
 * the one reading of the options, check of the cells and computation of
 * `nqpf growth` and the report's [growth]. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/growth.h"
#include "nqpf/opt.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

long nqpf_growth_bad(const double *x, size_t n, int is_share)
{
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (is_share ? (x[i] < 0.0 || x[i] > 1.0) : !(x[i] > 0.0)))
            return (long)i;
    return -1;
}

/* Unit u's rows (rows[0..nr), in file order) into its series y, k, l, s
 * (T each), then its accounts into v. */
static int unit_accounts(size_t u, const size_t *rows, size_t nr, const nqpf_growth_in *in, size_t T, long base,
                         double *ser, double *v, unsigned char *row, size_t *base_missing, nqpf_error *err)
{
    /* ser: y, k, l, s, then dlnY, dlnK, dlnL, sbar, dlnA, index */
    double *y = ser, *k = ser + T, *l = ser + 2 * T, *s = ser + 3 * T, *o = ser + 4 * T, *idx = ser + 9 * T;
    for (size_t p = 0; p < T; p++)
        y[p] = k[p] = l[p] = s[p] = NAN;
    for (size_t q = 0; q < nr; q++) {
        size_t i = rows[q], p = in->pcode[i];
        y[p] = in->y[i], k[p] = in->k[i], l[p] = in->l[i], s[p] = in->share ? in->share[i] : in->share_const;
        row[u * T + p] = 1;
    }
    size_t bad = 0;
    int rc = nqpf_growth_tornqvist(y, k, l, in->share ? s : NULL, in->share_const, T, o, o + T, o + 2 * T,
                                   o + 3 * T, o + 4 * T, idx, &bad, err);
    double b = base >= 0 ? idx[base] : 1.0;
    *base_missing += !rc && isnan(b);
    for (size_t p = 0; !rc && p < T; p++) {
        double *w = v + (u * T + p) * 6;
        for (int j = 0; j < 5; j++)
            w[j] = o[(size_t)j * T + p];
        w[5] = idx[p] / b;
    }
    return rc;
}

int nqpf_growth_accounts(const nqpf_growth_in *in, size_t U, size_t T, long base, double *v, unsigned char *row,
                         size_t *base_missing, nqpf_error *err)
{
    /* each unit's rows in file order (a counting sort): a scan of all rows
     * per unit made the accounts quadratic in the number of units */
    double *ser = nqpf_alloc(10 * T + 1, sizeof *ser);
    size_t *start = nqpf_alloc(U + 2, sizeof *start), *order = nqpf_alloc(in->n + 1, sizeof *order);
    int rc = ser && start && order ? NQPF_OK : nqpf_fail_nomem(err);
    memset(row, 0, U * T);
    *base_missing = 0;
    if (!rc) {
        memset(start, 0, (U + 2) * sizeof *start);
        for (size_t i = 0; i < in->n; i++)
            start[in->ucode[i] + 2]++;
        for (size_t u = 2; u < U + 2; u++)
            start[u] += start[u - 1];
        for (size_t i = 0; i < in->n; i++) /* start[u + 1]: the next free place of unit u */
            order[start[in->ucode[i] + 1]++] = i;
    }
    for (size_t u = 0; !rc && u < U; u++)
        rc = unit_accounts(u, order + start[u], start[u + 1] - start[u], in, T, base, ser, v, row, base_missing,
                           err);
    free(ser), free(start), free(order);
    return rc;
}

int nqpf_growth_req_parse(nqpf_growth_req *g, const char *output, const char *capital, const char *labour,
                          const char *share, int *bad, nqpf_error *err)
{
    memset(g, 0, sizeof *g);
    g->output = output, g->capital = capital, g->share = share, g->share_const = NAN;
    double v;
    if (nqpf_parse_cell(share, strlen(share), &v, NULL) == NQPF_CELL_NUMBER) {
        if (!(v >= 0.0 && v <= 1.0)) {
            *bad = NQPF_GR_SHARE;
            return NQPF_EINPUT;
        }
        g->share = NULL, g->share_const = v;
    }
    if (!(g->buf = nqpf_strdup(labour)))
        return nqpf_fail_nomem(err);
    if (nqpf_opt_split(g->buf, '*', g->labour, NQPF_GROWTH_MAX_FACTORS, &g->n_labour) || g->n_labour == 0) {
        nqpf_growth_req_free(g);
        *bad = NQPF_GR_LABOUR;
        return NQPF_EINPUT;
    }
    return NQPF_OK;
}

void nqpf_growth_req_free(nqpf_growth_req *g)
{
    free(g->buf);
    memset(g, 0, sizeof *g);
}

size_t nqpf_growth_cols(const nqpf_growth_req *g, const char **cols)
{
    size_t k = 0;
    cols[k++] = g->capital;
    if (g->share)
        cols[k++] = g->share;
    for (size_t j = 0; j < g->n_labour; j++)
        cols[k++] = g->labour[j];
    return k;
}

/* An input error at the first value of x (row i's cell in file column col)
 * that growth accounting refuses, quoting the cell as the file has it. */
static int check_col(const nqpf_long_input *in, const double *x, long col, const char *name, int is_share,
                     nqpf_error *err)
{
    long i = nqpf_growth_bad(x, in->n_rows, is_share);
    char cell[128];
    if (i < 0)
        return NQPF_OK;
    return nqpf_fail(err, NQPF_EINPUT, in->path, in->line[i], col, "%s in column '%s' must be %s",
                     nqpf_long_cell(in, (size_t)i, col, x[i], cell, sizeof cell), name,
                     is_share ? "in [0,1]" : "positive");
}

int nqpf_growth_long(const nqpf_long_input *in, const nqpf_growth_req *g, long base, double *v, unsigned char *row,
                     size_t *base_missing, nqpf_error *err)
{
    const char *cols[NQPF_GROWTH_MAX_FACTORS + 2];
    size_t n = in->n_rows, ncol = nqpf_growth_cols(g, cols), lf0 = g->share ? 2 : 1;
    double *l = nqpf_alloc(n + 1, sizeof *l);
    int rc = l ? check_col(in, in->value, in->value_col, g->output, 0, err) : nqpf_fail_nomem(err);
    for (size_t j = 0; j < ncol && !rc; j++)
        rc = check_col(in, in->cols + j * n, in->col_at[j], cols[j], g->share && j == 1, err);
    for (size_t i = 0; i < n && !rc; i++) {
        l[i] = 1.0;
        for (size_t j = lf0; j < ncol; j++)
            l[i] *= in->cols[j * n + i];
    }
    nqpf_growth_in gi = {n, in->unit.code, in->period.code, in->value, in->cols, l,
                         g->share ? in->cols + n : NULL, g->share_const};
    if (!rc)
        rc = nqpf_growth_accounts(&gi, in->unit.n_levels, in->period.n_levels, base, v, row, base_missing, err);
    free(l);
    return rc;
}

void nqpf_growth_write(FILE *fp, size_t U, size_t T, char *const *unit, char *const *period, const double *v,
                       const unsigned char *row)
{
    fputs("unit,period,dln_y,dln_k,dln_l,share,dln_tfp,tfp_index\n", fp);
    for (size_t u = 0; u < U; u++)
        for (size_t p = 0; p < T; p++) {
            if (!row[u * T + p])
                continue;
            const char *key[2] = {unit[u], period[p]};
            nqpf_csv_put_row(fp, key, 2, v + (u * T + p) * 6, 6);
        }
}
