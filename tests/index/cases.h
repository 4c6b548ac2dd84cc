/* Helpers for the index-method tests: load a reference case's data matrix
 * and look up expected values (tests/ref/cases/compare/<case>/...). */
#ifndef NQPF_TEST_INDEX_CASES_H
#define NQPF_TEST_INDEX_CASES_H

#include "nqpf/csv.h"
#include "nqpf/error.h"
#include "test.h"

/* Numeric columns 2..end of a CSV as a row-major m x n matrix (malloc'd). */
static inline double *case_matrix(const char *rel, size_t *m, size_t *n)
{
    char path[1024];
    nqpf_table *t = NULL;
    nqpf_error err;
    test_ref(path, sizeof path, rel);
    if (nqpf_table_read(&t, path, NQPF_ENC_AUTO, &err) != NQPF_OK) {
        fprintf(stderr, "  cannot read %s: %s\n", path, err.msg);
        exit(1);
    }
    *m = t->n_rows;
    *n = t->n_cols - 1;
    double *x = malloc(*m * *n * sizeof *x);
    for (size_t i = 0; i < *m; i++)
        for (size_t j = 0; j < *n; j++)
            if (!x || nqpf_table_number(t, i, j + 1, &x[i * *n + j], &err) != NQPF_OK) {
                fprintf(stderr, "  bad cell in %s: %s\n", path, err.msg);
                exit(1);
            }
    nqpf_table_free(t);
    return x;
}

/* The value in column `vcol` of the row whose column `kcol1` equals key1 (and,
 * when kcol2 is non-NULL, column kcol2 equals key2).  Missing -> exit. */
static inline double case_value(const char *rel, const char *kcol1, const char *key1,
                                const char *kcol2, const char *key2, const char *vcol)
{
    char path[1024];
    nqpf_table *t = NULL;
    nqpf_error err;
    test_ref(path, sizeof path, rel);
    if (nqpf_table_read(&t, path, NQPF_ENC_AUTO, &err) != NQPF_OK) {
        fprintf(stderr, "  cannot read %s: %s\n", path, err.msg);
        exit(1);
    }
    long c1 = nqpf_table_col(t, kcol1), c2 = kcol2 ? nqpf_table_col(t, kcol2) : -1,
         cv = nqpf_table_col(t, vcol);
    for (size_t i = 0; c1 >= 0 && cv >= 0 && i < t->n_rows; i++) {
        if (strcmp(nqpf_table_get(t, i, (size_t)c1), key1) != 0)
            continue;
        if (kcol2 && (c2 < 0 || strcmp(nqpf_table_get(t, i, (size_t)c2), key2) != 0))
            continue;
        double v = 0;
        if (nqpf_table_number(t, i, (size_t)cv, &v, &err) != NQPF_OK)
            break;
        nqpf_table_free(t);
        return v;
    }
    fprintf(stderr, "  %s: no value for %s=%s %s=%s column %s\n", path, kcol1, key1,
            kcol2 ? kcol2 : "", key2 ? key2 : "", vcol);
    exit(1);
}

#endif
