/* Reading an AHP pairwise-comparison matrix from CSV, with positioned
 * errors for every way a judgement matrix can be malformed. */
#include "nqpf/csv.h"
#include "nqpf/index_methods.h"
#include "nqpf/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse "x" or "p/q" (each a plain decimal number). */
static int parse_judgement(const nqpf_table *t, size_t row, size_t col, double *out,
                           nqpf_error *err)
{
    const char *s = nqpf_table_get(t, row, col);
    long line = t->line[row], c = (long)col + 1;
    const char *slash = strchr(s, '/');
    const char *why = NULL;
    double num = 0, den = 1;
    int kind;
    if (slash) {
        kind = nqpf_parse_cell(s, (size_t)(slash - s), &num, &why);
        if (kind == NQPF_CELL_NUMBER)
            kind = nqpf_parse_cell(slash + 1, strlen(slash + 1), &den, &why);
    } else {
        kind = nqpf_parse_cell(s, strlen(s), &num, &why);
    }
    if (kind == NQPF_CELL_MISSING)
        return nqpf_fail(err, NQPF_EPARSE, t->path, line, c,
                         "missing comparison: every cell of the judgement matrix is required");
    if (kind != NQPF_CELL_NUMBER)
        return nqpf_fail(err, NQPF_EPARSE, t->path, line, c,
                         "'%s' is not a number or a fraction like 1/3%s%s", s, why ? ": " : "",
                         why ? why : "");
    double v = num / den;
    if (!(v > 0) || !isfinite(v))
        return nqpf_fail(err, NQPF_EINPUT, t->path, line, c,
                         "comparison '%s' must be positive (Saaty scale 1/9 .. 9)", s);
    *out = v;
    return NQPF_OK;
}

/* A row label matches when it repeats the header name or is its number. */
static int label_ok(const char *label, const char *name, size_t k)
{
    if (strcmp(label, name) == 0)
        return 1;
    char num[32];
    snprintf(num, sizeof num, "%zu", k + 1);
    return strcmp(label, num) == 0;
}

int nqpf_ahp_read(const char *path, double **a, size_t *n, char ***names, nqpf_error *err)
{
    *a = NULL;
    *n = 0;
    *names = NULL;
    nqpf_table *t = NULL;
    int rc = nqpf_table_read(&t, path, NQPF_ENC_AUTO, err);
    if (rc)
        return rc;
    size_t k = t->n_cols - 1;
    double *m = NULL;
    char **nm = NULL;
    if (t->n_cols < 2) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, t->header_line, 0,
                       "a comparison matrix needs a label column and at least one element");
        goto done;
    }
    if (t->n_rows != k) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, t->n_rows ? t->line[t->n_rows - 1] : t->header_line,
                       0, "matrix is not square: %zu elements in the header but %zu rows", k,
                       t->n_rows);
        goto done;
    }
    m = malloc(k * k * sizeof *m);
    nm = calloc(k, sizeof *nm);
    if (!m || !nm) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < k && rc == NQPF_OK; i++) {
        const char *label = nqpf_table_get(t, i, 0);
        if (!label_ok(label, t->header[i + 1], i)) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[i], 1,
                           "row label '%s' does not match column %zu of the header ('%s'): rows "
                           "must be in the same order as the columns",
                           label, i + 2, t->header[i + 1]);
            break;
        }
        for (size_t j = 0; j < k && rc == NQPF_OK; j++)
            rc = parse_judgement(t, i, j + 1, &m[i * k + j], err);
        if (rc == NQPF_OK && fabs(m[i * k + i] - 1.0) > 1e-12)
            rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[i], (long)i + 2,
                           "diagonal element must be 1 (got %s)", nqpf_table_get(t, i, i + 1));
    }
    /* reciprocity, reported at the lower-triangle cell */
    for (size_t i = 0; i < k && rc == NQPF_OK; i++)
        for (size_t j = 0; j < i && rc == NQPF_OK; j++) {
            double prod = m[i * k + j] * m[j * k + i];
            if (fabs(prod - 1.0) > 1e-6)
                rc = nqpf_fail(err, NQPF_EINPUT, path, t->line[i], (long)j + 2,
                               "matrix is not reciprocal: a(%s,%s) = %s should be 1 / a(%s,%s) "
                               "= 1/%s (write fractions such as 1/3 rather than 0.33)",
                               t->header[i + 1], t->header[j + 1], nqpf_table_get(t, i, j + 1),
                               t->header[j + 1], t->header[i + 1], nqpf_table_get(t, j, i + 1));
        }
    for (size_t i = 0; i < k && rc == NQPF_OK; i++)
        if (!(nm[i] = nqpf_strdup(t->header[i + 1])))
            rc = nqpf_fail_nomem(err);
done:
    if (rc == NQPF_OK) {
        *a = m;
        *n = k;
        *names = nm;
    } else {
        free(m);
        if (nm)
            for (size_t i = 0; i < k; i++)
                free(nm[i]);
        free(nm);
    }
    nqpf_table_free(t);
    return rc;
}
