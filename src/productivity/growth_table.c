/* nqpf — growth accounting of a whole long table (include/nqpf/growth.h):
 * the one computation of `nqpf growth` and the report's [growth]. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/growth.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

long nqpf_growth_bad(const double *x, size_t n, int is_share)
{
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (is_share ? (x[i] < 0.0 || x[i] > 1.0) : !(x[i] > 0.0)))
            return (long)i;
    return -1;
}

/* A numeric column with missing cells as NaN, positive (or in [0, 1] for
 * a share), else an error at the offending cell. */
static int read_col(const nqpf_table *t, const char *name, double *out, int is_share, nqpf_error *err)
{
    int rc = nqpf_table_column(t, name, out, 1, err);
    long c = nqpf_table_col(t, name), i = rc ? -1 : nqpf_growth_bad(out, t->n_rows, is_share);
    if (i >= 0)
        rc = nqpf_fail(err, NQPF_EINPUT, t->path, t->line[i], c + 1, "%s in column '%s' must be %s",
                       nqpf_table_get(t, (size_t)i, (size_t)c), name, is_share ? "in [0,1]" : "positive");
    return rc;
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

int nqpf_growth_table(const nqpf_table *t, const size_t *ucode, size_t U, const size_t *pcode, size_t T,
                      const char *output, const char *capital, char *const *labour, size_t n_labour,
                      const char *share, double share_const, long base, double *v, unsigned char *row,
                      size_t *base_missing, nqpf_error *err)
{
    size_t n = t->n_rows;
    /* col: output, capital, labour, then one labour factor */
    double *col = nqpf_alloc(4 * n + 1, sizeof *col), *sh = share ? nqpf_alloc(n + 1, sizeof *sh) : NULL;
    int rc = !col || (share && !sh) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc && !(rc = read_col(t, output, col, 0, err)) && !(rc = read_col(t, capital, col + n, 0, err)) && share)
        rc = read_col(t, share, sh, 1, err);
    for (size_t i = 0; !rc && i < n; i++)
        col[2 * n + i] = 1.0;
    for (size_t j = 0; !rc && j < n_labour; j++)
        if (!(rc = read_col(t, labour[j], col + 3 * n, 0, err)))
            for (size_t i = 0; i < n; i++)
                col[2 * n + i] *= col[3 * n + i];
    nqpf_growth_in in = {n, ucode, pcode, col, col + n, col + 2 * n, sh, share_const};
    if (!rc)
        rc = nqpf_growth_accounts(&in, U, T, base, v, row, base_missing, err);
    free(col), free(sh);
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
