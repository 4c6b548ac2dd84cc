/* DEA input columns from a CSV table (see nqpf_dea_read_columns). */
#include "nqpf/csv.h"
#include "nqpf/dea.h"
#include "nqpf/util.h"

int nqpf_dea_read_columns(const nqpf_table *t, char **names, size_t k, double *out, double *tmp,
                          nqpf_error *err)
{
    for (size_t c = 0; c < k; c++) {
        int rc = nqpf_table_column(t, names[c], tmp, 0, err);
        if (rc)
            return rc;
        long col = nqpf_table_col(t, names[c]);
        for (size_t i = 0; i < t->n_rows; i++) {
            if (tmp[i] < 0)
                return nqpf_fail(err, NQPF_EINPUT, t->path, t->line[i], col + 1,
                                 "negative value %s in column '%s' (DEA needs non-negative data)",
                                 nqpf_table_get(t, i, (size_t)col), names[c]);
            out[i * k + c] = tmp[i];
        }
    }
    return NQPF_OK;
}

/* ---- the data of `nqpf dea` and `nqpf malmquist` as columns ---------- */

#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "../core/dtoa.h"

/* Move the number columns from..from+k of t into out (n x k, unit-major),
 * freeing each once copied (the peak stays one column over the data). */
static int take_block(nqpf_dea_input *in, size_t from, size_t k, double *out, nqpf_error *err)
{
    nqpf_coltable *t = in->t;
    for (size_t c = 0; c < k; c++) {
        nqpf_column *col = &t->col[from + c];
        for (size_t i = 0; i < t->n_rows; i++) {
            double v = col->num[i];
            if (v < 0) {
                char s[32];
                if (nqpf_dtoa_fast(v, s) < 0)
                    snprintf(s, sizeof s, "%.17g", v);
                return nqpf_fail(err, NQPF_EINPUT, t->path, t->line[i], col->file_col,
                                 "negative value %s in column '%s' (DEA needs non-negative data)", s, col->name);
            }
            out[i * k + c] = v;
        }
        free(col->num);
        col->num = NULL;
    }
    return NQPF_OK;
}

int nqpf_dea_read_numbers(const char *path, nqpf_encoding enc, char **names, size_t k, double *out,
                          nqpf_error *err)
{
    nqpf_colspec *want = malloc((k + 1) * sizeof *want);
    if (!want)
        return nqpf_fail_nomem(err);
    for (size_t c = 0; c < k; c++)
        want[c] = (nqpf_colspec){names[c], NQPF_COL_NUMBER, 1, NULL};
    nqpf_coltable_spec sp = {.path = path, .encoding = enc, .cols = want, .n_cols = k};
    nqpf_dea_input in;
    memset(&in, 0, sizeof in);
    int rc = nqpf_coltable_read(&in.t, &sp, err);
    if (!rc)
        rc = take_block(&in, 0, k, out, err);
    nqpf_coltable_free(in.t);
    free(want);
    return rc;
}

int nqpf_dea_input_read(nqpf_dea_input *in, const char *path, nqpf_encoding enc, const nqpf_dea_names *nm,
                        nqpf_error *err)
{
    memset(in, 0, sizeof *in);
    size_t nk = 1 + (nm->period != NULL) + (nm->group != NULL), nn = nm->m + nm->s + nm->q;
    nqpf_colspec *want = calloc(nk + nn, sizeof *want);
    if (!want)
        return nqpf_fail_nomem(err);
    /* keys first, then x, y, b: the order the commands named missing
     * columns in when they read the whole table */
    size_t c = 0;
    want[c++] = (nqpf_colspec){nm->unit, NQPF_COL_KEY, 0, NULL};
    if (nm->period)
        want[c++] = (nqpf_colspec){nm->period, NQPF_COL_KEY, 0, NULL};
    if (nm->group)
        want[c++] = (nqpf_colspec){nm->group, NQPF_COL_KEY, 0, NULL};
    char **names[3] = {nm->x, nm->y, nm->b};
    size_t count[3] = {nm->m, nm->s, nm->q};
    for (int b = 0; b < 3; b++)
        for (size_t k = 0; k < count[b]; k++)
            want[c++] = (nqpf_colspec){names[b][k], NQPF_COL_NUMBER, 1, NULL};
    nqpf_coltable_spec sp = {.path = path, .encoding = enc, .cols = want, .n_cols = c};
    int rc = nqpf_coltable_read(&in->t, &sp, err);
    free(want);
    if (rc)
        return rc;
    size_t n = in->n = in->t->n_rows;
    in->unit = &in->t->col[0];
    in->period = nm->period ? &in->t->col[1] : NULL;
    in->group = nm->group ? &in->t->col[nk - 1] : NULL;
    double **dst[3] = {&in->x, &in->y, &in->b};
    size_t from = nk;
    for (int b = 0; b < 3 && !rc; b++) {
        if (!(*dst[b] = malloc((n * count[b] + 1) * sizeof(double))))
            rc = nqpf_fail_nomem(err);
        else
            rc = take_block(in, from, count[b], *dst[b], err);
        from += count[b];
    }
    if (rc)
        nqpf_dea_input_free(in);
    return rc;
}

const char *nqpf_dea_input_text(const nqpf_column *c, size_t row)
{
    return c->code[row] < 0 ? "" : c->levels[c->code[row]];
}

int nqpf_dea_input_rank(const nqpf_dea_input *in, const nqpf_column *c, const char *what, size_t *rank,
                        size_t *n_ranks, size_t *first, nqpf_error *err)
{
    const nqpf_coltable *t = in->t;
    for (size_t i = 0; i < in->n; i++)
        if (c->code[i] < 0)
            return nqpf_fail(err, NQPF_EMISSING, t->path, t->line[i], c->file_col, "missing %s", what);
    size_t L = c->n_levels;
    size_t *lrank = malloc((L ? L : 1) * sizeof *lrank), *lfirst = malloc((L ? L : 1) * sizeof *lfirst);
    int rc = !lrank || !lfirst ? nqpf_fail_nomem(err) : nqpf_coltable_rank_levels(c, lrank, n_ranks, lfirst, err);
    if (!rc) {
        for (size_t i = 0; i < in->n; i++)
            rank[i] = lrank[c->code[i]];
        /* the first row of each rank: levels are in order of first
         * appearance, so it is the row where its first level appears */
        for (size_t r = 0; first && r < *n_ranks; r++)
            first[r] = SIZE_MAX;
        for (size_t i = 0; first && i < in->n; i++)
            if (first[rank[i]] == SIZE_MAX)
                first[rank[i]] = i;
    }
    free(lrank);
    free(lfirst);
    return rc;
}

void nqpf_dea_input_free(nqpf_dea_input *in)
{
    nqpf_coltable_free(in->t);
    free(in->x);
    free(in->y);
    free(in->b);
    memset(in, 0, sizeof *in);
}

uint64_t nqpf_dea_input_memory(size_t rows, size_t numbers, size_t keys)
{
    /* per row: the numbers (x/y/b, plus the column being moved), its line,
     * a code per key, and at most one distinct text per key: a short
     * text's allocation (32) with its pointer and hash slot (16) */
    return (uint64_t)rows * (8 * (numbers + 1) + 8 + 4 * keys + 48 * keys);
}
