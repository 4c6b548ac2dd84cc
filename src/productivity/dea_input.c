/* nqpf — the data of `nqpf dea`, `nqpf malmquist` and the report's [dea]
 * and [malmquist] sections: one read of the named columns of a file
 * (coltable.h) into DEA blocks, and the panel around them (units in order
 * of first appearance, periods ranked, (unit, period) unique), so that the
 * command line and the report score the same rows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "nqpf/dea.h"
#include "nqpf/util.h"
#include "../core/dtoa.h"

/* Move the number columns from..from+k of t into out (n x k, unit-major),
 * freeing each once copied (the peak stays one column over the data).
 * DEA data are used as published: a negative value would be a frontier
 * point no technology has, so it is an error at its cell. */
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

/* (unit, period) unique: rows bucketed by unit, and within a unit (rows in
 * file order) a period seen twice is the error; of all such rows the
 * earliest in the file is named, with the line of its first occurrence.
 * O(n + U + T) memory, whatever U x T is. */
static int check_unique(const nqpf_dea_input *in, nqpf_error *err)
{
    size_t n = in->n, U = in->U, T = in->T;
    size_t *start = calloc(U + 2, sizeof *start), *order = malloc((n + 1) * sizeof *order);
    size_t *last_unit = malloc((T + 1) * sizeof *last_unit), *last_row = malloc((T + 1) * sizeof *last_row);
    if (!start || !order || !last_unit || !last_row) {
        free(start), free(order), free(last_unit), free(last_row);
        return nqpf_fail_nomem(err);
    }
    for (size_t i = 0; i < n; i++)
        start[in->unit_of[i] + 2]++;
    for (size_t u = 2; u < U + 2; u++)
        start[u] += start[u - 1];
    for (size_t i = 0; i < n; i++)
        order[start[in->unit_of[i] + 1]++] = i;
    for (size_t p = 0; p < T; p++)
        last_unit[p] = SIZE_MAX;
    size_t bad = SIZE_MAX, first = 0;
    for (size_t u = 0; u < U; u++)
        for (size_t k = start[u]; k < start[u + 1]; k++) {
            size_t i = order[k], p = in->period_of[i];
            if (last_unit[p] == u) {
                if (i < bad)
                    bad = i, first = last_row[p];
                break; /* the unit's earliest repeat */
            }
            last_unit[p] = u, last_row[p] = i;
        }
    free(start), free(order), free(last_unit), free(last_row);
    if (bad == SIZE_MAX)
        return NQPF_OK;
    const nqpf_coltable *t = in->t;
    if (!in->period)
        return nqpf_fail(err, NQPF_EINPUT, t->path, t->line[bad], in->unit->file_col,
                         "unit '%s' appears twice (first on line %ld)", nqpf_dea_input_text(in->unit, bad),
                         t->line[first]);
    return nqpf_fail(err, NQPF_EINPUT, t->path, t->line[bad], in->unit->file_col,
                     "unit '%s' appears twice in period '%s' (first on line %ld)", nqpf_dea_input_text(in->unit, bad),
                     nqpf_dea_input_text(in->period, bad), t->line[first]);
}

/* Periods ranked (one period 0 without a period column), units numbered
 * by their key codes (in order of first appearance), (unit, period)
 * unique, groups ranked like periods. */
static int index_panel(nqpf_dea_input *in, nqpf_error *err)
{
    size_t n = in->n;
    const nqpf_coltable *t = in->t;
    in->period_of = malloc(n * sizeof(size_t));
    in->period_row = malloc(n * sizeof(size_t));
    in->unit_of = malloc(n * sizeof(size_t));
    in->unit_row = malloc(n * sizeof(size_t));
    if (in->group)
        in->group_of = malloc(n * sizeof(size_t));
    if (!in->period_of || !in->period_row || !in->unit_of || !in->unit_row || (in->group && !in->group_of))
        return nqpf_fail_nomem(err);
    int rc;
    if (in->period) {
        if ((rc = nqpf_dea_input_rank(in, in->period, "period", in->period_of, &in->T, in->period_row, err)))
            return rc;
    } else {
        memset(in->period_of, 0, n * sizeof(size_t));
        in->T = 1, in->period_row[0] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        int32_t id = in->unit->code[i];
        if (id < 0)
            return nqpf_fail(err, NQPF_EMISSING, t->path, t->line[i], in->unit->file_col, "missing unit");
        if ((size_t)id == in->U)
            in->unit_row[in->U++] = i;
        in->unit_of[i] = (size_t)id;
    }
    if ((rc = check_unique(in, err)))
        return rc;
    return in->group ? nqpf_dea_input_rank(in, in->group, "group (--meta)", in->group_of, &in->G, NULL, err)
                     : NQPF_OK;
}

int nqpf_dea_input_read(nqpf_dea_input *in, const char *path, nqpf_encoding enc, const nqpf_dea_names *nm,
                        nqpf_error *err)
{
    memset(in, 0, sizeof *in);
    size_t nk = 1 + (nm->period != NULL) + (nm->group != NULL);
    enum { BLOCKS = 9 }; /* x, y, b, prices w and p, directions gx, gy, gb, the category */
    char *categ[1] = {(char *)nm->categ};
    char **names[BLOCKS] = {nm->x, nm->y, nm->b, nm->w, nm->p, nm->gx, nm->gy, nm->gb, categ};
    size_t count[BLOCKS] = {nm->m, nm->s, nm->q, nm->mw, nm->sp, nm->mg, nm->sg, nm->qg, nm->categ != NULL};
    size_t nn = 0;
    for (int b = 0; b < BLOCKS; b++)
        nn += count[b];
    nqpf_colspec *want = calloc(nk + nn, sizeof *want);
    if (!want)
        return nqpf_fail_nomem(err);
    /* keys first, then x, y, b, prices, directions: the order the commands named
     * missing columns in when they read the whole table */
    size_t c = 0;
    want[c++] = (nqpf_colspec){nm->unit, NQPF_COL_KEY, 0, NULL};
    if (nm->period)
        want[c++] = (nqpf_colspec){nm->period, NQPF_COL_KEY, 0, NULL};
    if (nm->group)
        want[c++] = (nqpf_colspec){nm->group, NQPF_COL_KEY, 0, NULL};
    for (int b = 0; b < BLOCKS; b++)
        for (size_t k = 0; k < count[b]; k++)
            /* the category's missing cells: nqpf_dea_categ_levels names them */
            want[c++] = (nqpf_colspec){names[b][k], NQPF_COL_NUMBER, b < 8, NULL};
    nqpf_coltable_spec sp = {.path = path, .encoding = enc, .cols = want, .n_cols = c};
    int rc = nqpf_coltable_read(&in->t, &sp, err);
    free(want);
    if (rc)
        return rc;
    size_t n = in->n = in->t->n_rows;
    if (n == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "no data rows");
        nqpf_dea_input_free(in);
        return rc;
    }
    in->unit = &in->t->col[0];
    in->period = nm->period ? &in->t->col[1] : NULL;
    in->group = nm->group ? &in->t->col[nk - 1] : NULL;
    double **dst[BLOCKS] = {&in->x, &in->y, &in->b, &in->w, &in->p, &in->gx, &in->gy, &in->gb, &in->categ};
    in->categ_col = nm->categ ? &in->t->col[c - 1] : NULL;
    size_t from = nk;
    for (int b = 0; b < BLOCKS && !rc; b++) {
        if (b >= 3 && !count[b])
            continue; /* no prices or directions named: they stay NULL */
        if (!(*dst[b] = malloc((n * count[b] + 1) * sizeof(double))))
            rc = nqpf_fail_nomem(err);
        else
            rc = take_block(in, from, count[b], *dst[b], err);
        from += count[b];
    }
    if (!rc)
        rc = index_panel(in, err);
    if (rc)
        nqpf_dea_input_free(in);
    return rc;
}

int nqpf_dea_input_groups_fixed(const nqpf_dea_input *in, nqpf_error *err)
{
    const nqpf_column *g = in->group;
    const long *line = in->t->line;
    for (size_t i = 0; i < in->n; i++) {
        size_t f = in->unit_row[in->unit_of[i]];
        if (in->group_of[f] != in->group_of[i])
            return nqpf_fail(err, NQPF_EINPUT, in->t->path, line[i], g->file_col,
                             "unit '%s' is in group '%s' here but '%s' on line %ld: --meta needs a group constant "
                             "within each unit",
                             nqpf_dea_input_text(in->unit, i), nqpf_dea_input_text(g, i), nqpf_dea_input_text(g, f),
                             line[f]);
    }
    return NQPF_OK;
}

void nqpf_dea_input_free(nqpf_dea_input *in)
{
    nqpf_coltable_free(in->t);
    free(in->x), free(in->y), free(in->b), free(in->w), free(in->p);
    free(in->gx), free(in->gy), free(in->gb), free(in->categ);
    free(in->unit_of), free(in->unit_row), free(in->period_of), free(in->period_row), free(in->group_of);
    memset(in, 0, sizeof *in);
}

uint64_t nqpf_dea_input_memory(size_t rows, size_t numbers, size_t keys)
{
    /* per row: the numbers (x/y/b/prices, plus the column being moved),
     * its line, a code per key, and at most one distinct text per key: a
     * short text's allocation (32) with its pointer and hash slot (16);
     * the panel: unit, period, group and first-row indexes, and the
     * uniqueness check's order and unit starts */
    return (uint64_t)rows * (8 * (numbers + 1) + 8 + 4 * keys + 48 * keys + 8 * 7);
}
