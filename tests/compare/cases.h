/* Helpers for the compare tests: look up values in the reference cases. */
#ifndef NQPF_TEST_COMPARE_CASES_H
#define NQPF_TEST_COMPARE_CASES_H

#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "test.h"

/* Read a reference case file (tests/ref); NULL (with a message) if it cannot be read. */
static inline nqpf_table *case_table(const char *rel)
{
    char path[1024];
    nqpf_table *t = NULL;
    nqpf_error err;
    if (nqpf_table_read(&t, test_ref(path, sizeof path, rel), NQPF_ENC_AUTO, &err)) {
        fprintf(stderr, "  cannot read %s: %s\n", path, err.msg);
        return NULL;
    }
    return t;
}

/* Number in column `col` of the first row whose column `kcol` equals key
 * (and, if k2col is not NULL, whose column k2col equals key2); NaN if absent. */
static inline double case_value2(const nqpf_table *t, const char *kcol, const char *key, const char *k2col,
                                 const char *key2, const char *col)
{
    long a = nqpf_table_col(t, kcol), b = k2col ? nqpf_table_col(t, k2col) : -1, c = nqpf_table_col(t, col);
    if (a < 0 || c < 0 || (k2col && b < 0))
        return NAN;
    for (size_t i = 0; i < t->n_rows; i++) {
        if (strcmp(nqpf_table_get(t, i, (size_t)a), key) != 0)
            continue;
        if (k2col && strcmp(nqpf_table_get(t, i, (size_t)b), key2) != 0)
            continue;
        return strtod(nqpf_table_get(t, i, (size_t)c), NULL);
    }
    fprintf(stderr, "  no row %s=%s%s%s in %s\n", kcol, key, k2col ? " and " : "", k2col ? key2 : "", t->path);
    return NAN;
}

static inline double case_value(const nqpf_table *t, const char *kcol, const char *key, const char *col)
{
    return case_value2(t, kcol, key, NULL, NULL, col);
}

/* "key,value,..." files whose trailing comment field holds unquoted commas
 * (so they are not rectangular CSV): the value of the first line whose first
 * field is key; NaN if absent. */
static inline double case_kv(const char *rel, const char *key)
{
    char path[1024], line[1024];
    FILE *f = fopen(test_ref(path, sizeof path, rel), "r");
    if (!f) {
        fprintf(stderr, "  cannot open %s\n", path);
        return NAN;
    }
    size_t kl = strlen(key);
    double v = NAN;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ',') {
            v = strtod(line + kl + 1, NULL);
            break;
        }
    fclose(f);
    if (isnan(v))
        fprintf(stderr, "  no key %s in %s\n", key, path);
    return v;
}

#endif
