/* Helpers for the spatial tests: load a reference case's data column and
 * its edge list, aligned to the data's unit order. */
#ifndef TESTS_SPATIAL_CASE_H
#define TESTS_SPATIAL_CASE_H

#include <stdlib.h>
#include <unistd.h>

#include "nqpf/csv.h"
#include "nqpf/spatial.h"
#include "test.h"

/* Read column `col` of tests/ref/<data> into a malloc'd array; ids from `idcol`
 * (malloc'd strings, *ids_out).  Returns n, 0 on failure. */
static inline size_t case_column(const char *data, const char *idcol, const char *col, double **x,
                          char ***ids_out)
{
    char path[1024];
    nqpf_table *t = NULL;
    nqpf_error err;
    if (nqpf_table_read(&t, test_ref(path, sizeof path, data), NQPF_ENC_AUTO, &err)) {
        fprintf(stderr, "  %s\n", err.msg);
        return 0;
    }
    size_t n = t->n_rows, ic;
    *x = malloc(n * sizeof **x);
    char **ids = calloc(n, sizeof *ids);
    if (nqpf_table_column(t, col, *x, 0, &err) || nqpf_table_require(t, idcol, &ic, &err)) {
        fprintf(stderr, "  %s\n", err.msg);
        nqpf_table_free(t);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = strdup(nqpf_table_get(t, i, ic));
    *ids_out = ids;
    nqpf_table_free(t);
    return n;
}

static inline void case_free_ids(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

/* Edge list tests/ref/<edges> aligned to ids, transformed to style. */
static inline nqpf_weights *case_weights(const char *edges, char **ids, size_t n, char style)
{
    char path[1024];
    nqpf_error err;
    nqpf_weights *raw = NULL, *w = NULL;
    if (nqpf_weights_read_edges(&raw, test_ref(path, sizeof path, edges), &err) ||
        nqpf_weights_align(&w, raw, ids, n, 0, NULL, NULL, &err) ||
        nqpf_weights_transform(w, style, &err)) {
        fprintf(stderr, "  %s: %s\n", edges, err.msg);
        nqpf_weights_free(raw);
        nqpf_weights_free(w);
        return NULL;
    }
    nqpf_weights_free(raw);
    return w;
}

#endif

/* Read tests/ref/<rel> as a table, skipping the "# ..." comment lines some
 * expected.csv files end with (via a temporary copy). */
static inline nqpf_table *case_table(const char *rel)
{
    char path[1024], tmp[] = "/tmp/nqpf_case_XXXXXX";
    FILE *in = fopen(test_ref(path, sizeof path, rel), "r");
    int fd = mkstemp(tmp);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    nqpf_table *t = NULL;
    nqpf_error err;
    char line[8192];
    if (!in || !out) {
        fprintf(stderr, "  cannot open %s\n", path);
        if (in)
            fclose(in);
        if (out)
            fclose(out);
        return NULL;
    }
    while (fgets(line, sizeof line, in))
        if (line[0] != '#')
            fputs(line, out);
    fclose(in);
    fclose(out);
    if (nqpf_table_read(&t, tmp, NQPF_ENC_AUTO, &err))
        fprintf(stderr, "  %s: %s\n", rel, err.msg);
    remove(tmp);
    return t;
}
