/* nqpf — the obstacle degree of an index run's files (obstacle_files.h):
 * moved here from `nqpf obstacle` so that the CLI only maps its options. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "nqpf/diagnose.h"
#include "nqpf/obstacle_files.h"
#include "nqpf/output.h"

/* The string value of "key": "value" in the run.json of an index run
 * (a flat options object; no general JSON parser is needed).  Returns 1 if
 * found. */
static int run_json_option(const char *path, const char *key, char *val, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char pat[160];
    snprintf(pat, sizeof pat, "\"%s\": \"", key);
    const char *s = strstr(buf, pat);
    if (!s)
        return 0;
    s += strlen(pat);
    size_t k = 0;
    while (s[k] && s[k] != '"' && k + 1 < size) {
        val[k] = s[k];
        k++;
    }
    val[k] = '\0';
    return s[k] == '"';
}

static void put_row(FILE *fp, const char *period, const char *unit, const char *level, const char *name,
                    const char *dim, double dev, double ob, size_t rank, const char *note)
{
    nqpf_csv_put_field(fp, period);
    fputc(',', fp);
    nqpf_csv_put_field(fp, unit);
    fputc(',', fp);
    nqpf_csv_put_field(fp, level);
    fputc(',', fp);
    nqpf_csv_put_field(fp, name);
    fputc(',', fp);
    nqpf_csv_put_field(fp, dim);
    fputc(',', fp);
    nqpf_csv_put_num(fp, dev);
    fputc(',', fp);
    nqpf_csv_put_num(fp, ob);
    fputc(',', fp);
    if (rank)
        fprintf(fp, "%zu", rank);
    fputc(',', fp);
    nqpf_csv_put_field(fp, note);
    fputc('\n', fp);
}

/* The requests for one name of normalized.csv, whose header the index run
 * guarded (nqpf_csv_put_field): a header name h is `name` when unguarded
 * h is (the names as the index run had them).  at[0]: the name as it is,
 * unless that reads as a guarded text; at[1]: the guarded form, when the
 * name is formula-like; -1 where none.  Both optional: the caller words a
 * missing column.  own[] keeps the guarded copies. */
typedef struct zreq {
    nqpf_colspec *want;
    unsigned char *optional;
    size_t k;
    char **own;
    size_t nown;
} zreq;

static int want_name(zreq *q, const char *name, nqpf_coltype type, long at[2], nqpf_error *err)
{
    at[0] = at[1] = -1;
    if (nqpf_csv_unguard(name) == name) {
        at[0] = (long)q->k;
        q->optional[q->k] = 1;
        q->want[q->k++] = (nqpf_colspec){name, type, 0, NULL};
    }
    if (nqpf_csv_formula_like(name)) {
        size_t n = strlen(name);
        char *g = malloc(n + 2);
        if (!g)
            return nqpf_fail_nomem(err);
        g[0] = '\'';
        memcpy(g + 1, name, n + 1);
        q->own[q->nown++] = g;
        at[1] = (long)q->k;
        q->optional[q->k] = 1;
        q->want[q->k++] = (nqpf_colspec){g, type, 0, NULL};
    }
    return NQPF_OK;
}

/* The column read for at (want_name): the first in the file, or -1. */
static long column_of(const nqpf_coltable *ct, const long at[2])
{
    long c = -1;
    for (int q = 0; q < 2; q++)
        if (at[q] >= 0 && ct->col[at[q]].file_col &&
            (c < 0 || ct->col[at[q]].file_col < ct->col[c].file_col))
            c = at[q];
    return c;
}

/* A required column's absence, worded against the unguarded header (as the
 * names are matched). */
static int no_column(const nqpf_coltable *ct, const char *name, nqpf_error *err)
{
    char **h = malloc((ct->n_header ? ct->n_header : 1) * sizeof *h);
    if (!h)
        return nqpf_fail_nomem(err);
    for (size_t j = 0; j < ct->n_header; j++)
        h[j] = (char *)nqpf_csv_unguard(ct->header[j]);
    int rc = nqpf_fail_no_column(err, ct->path, ct->header_line, NULL, name, h, ct->n_header, NULL);
    free(h);
    return rc;
}

/* The levels of KEY column c unguarded, codes merged where two levels then
 * read the same (the first appearance keeps its place). */
static int unguard_levels(nqpf_coltable *ct, size_t c, nqpf_error *err)
{
    nqpf_column *col = &ct->col[c];
    for (size_t l = 0; l < col->n_levels; l++)
        if (nqpf_csv_unguard(col->levels[l]) != col->levels[l])
            memmove(col->levels[l], col->levels[l] + 1, strlen(col->levels[l])); /* with the terminator */
    nqpf_strmap m = {0};
    int32_t *to = malloc((col->n_levels ? col->n_levels : 1) * sizeof *to);
    int rc = to ? NQPF_OK : nqpf_fail_nomem(err);
    for (size_t l = 0; !rc && l < col->n_levels; l++) {
        long id = nqpf_strmap_intern(&m, col->levels[l], strlen(col->levels[l]), NULL);
        if (id < 0)
            rc = nqpf_fail_nomem(err);
        else
            to[l] = (int32_t)id;
    }
    if (!rc && m.n < col->n_levels) {
        for (size_t i = 0; i < ct->n_rows; i++)
            if (col->code[i] >= 0)
                col->code[i] = to[col->code[i]];
        for (size_t l = 0; l < col->n_levels; l++)
            free(col->levels[l]);
        free(col->levels);
        col->levels = m.keys, col->n_levels = m.n;
        m.keys = NULL, m.n = 0;
    }
    nqpf_strmap_free(&m);
    free(to);
    return rc;
}

/* The factor of the KEY column read for at (a missing column an error). */
static int factor_of(nqpf_factor *f, nqpf_coltable *ct, const long at[2], const char *name, nqpf_error *err)
{
    long c = column_of(ct, at);
    if (c < 0)
        return no_column(ct, name, err);
    int rc = unguard_levels(ct, (size_t)c, err);
    return rc ? rc : nqpf_factor_take_key(f, ct, (size_t)c, name, err);
}

/* normalized.csv through the column reader: the unit and period (KEY) and
 * the indicators of the weights file (NUMBER, a missing cell NaN), nothing
 * else; *at the requests of each (want_name): unit, period, then the p
 * indicators.  *period: the period column's name, NULL without one. */
static int read_normalized(nqpf_coltable **ct, const nqpf_obstacle_files *t, const char *norm, const char *unit,
                           const char **period, long *at, nqpf_error *err)
{
    size_t cap = 2 * (t->p + 2);
    zreq q = {nqpf_alloc(cap, sizeof *q.want), nqpf_calloc(cap, 1), 0, nqpf_alloc(cap, sizeof(char *)), 0};
    int rc = q.want && q.optional && q.own ? NQPF_OK : nqpf_fail_nomem(err);
    const char *pn = *period ? *period : "period"; /* "period" when there is one */
    if (!rc && !(rc = want_name(&q, unit, NQPF_COL_KEY, at, err)))
        rc = want_name(&q, pn, NQPF_COL_KEY, at + 2, err);
    for (size_t j = 0; j < t->p && !rc; j++)
        rc = want_name(&q, t->imap.keys[j], NQPF_COL_NUMBER, at + 4 + 2 * j, err);
    nqpf_coltable_spec sp = {.path = norm, .encoding = NQPF_ENC_AUTO, .cols = q.want, .n_cols = q.k,
                             .optional = q.optional};
    if (!rc)
        rc = nqpf_coltable_read(ct, &sp, err);
    if (!rc && !*period && column_of(*ct, at + 2) >= 0)
        *period = "period";
    for (size_t k = 0; k < q.nown; k++)
        free(q.own[k]);
    free(q.want), free(q.optional), free(q.own);
    return rc;
}

/* The indicators in order of first appearance in the weights file (one row
 * each, or one row per period when the index run estimated weights per
 * period): t->imap, t->first_row, jrow[r] of each row. */
static int indicator_names(nqpf_obstacle_files *t, size_t ci, size_t *jrow, nqpf_error *err)
{
    for (size_t r = 0; r < t->wt->n_rows; r++) {
        const char *name = nqpf_table_get(t->wt, r, ci);
        int ins = 0;
        long j = nqpf_strmap_intern(&t->imap, name, strlen(name), &ins);
        if (j < 0)
            return nqpf_fail_nomem(err);
        if (ins)
            t->first_row[j] = r;
        jrow[r] = (size_t)j;
    }
    t->p = t->imap.n;
    return NQPF_OK;
}

/* W (period x indicator) from the weights file's rows: each weight >= 0,
 * one per indicator (and period). */
static int weight_matrix(nqpf_obstacle_files *t, const char *wfile, size_t ci, const size_t *jrow, nqpf_error *err)
{
    size_t cw, nw = t->wt->n_rows, npz = t->pf.n_levels;
    int rc = nqpf_table_require(t->wt, "weight", &cw, err);
    if (rc)
        return rc;
    t->cd = nqpf_table_col(t->wt, "dimension");
    long cwp = nqpf_table_col(t->wt, "period");
    if (nw == 0)
        return nqpf_fail(err, NQPF_EINPUT, wfile, 0, 0, "no indicators in the weights file");
    double *wrow = malloc(nw * sizeof *wrow);
    t->W = malloc((npz * t->p + 1) * sizeof *t->W);
    if (!wrow || !t->W) {
        free(wrow);
        return nqpf_fail_nomem(err);
    }
    rc = nqpf_table_column(t->wt, "weight", wrow, 0, err);
    for (size_t r = 0; r < nw && !rc; r++)
        if (!(wrow[r] >= 0.0))
            rc = nqpf_fail(err, NQPF_EINPUT, wfile, t->wt->line[r], (long)cw + 1, "weight %g of '%s' is negative",
                           wrow[r], nqpf_table_get(t->wt, r, ci));
    for (size_t k = 0; k < npz * t->p; k++)
        t->W[k] = NAN;
    for (size_t r = 0; r < nw && !rc; r++) {
        size_t j = jrow[r];
        size_t q0 = 0, q1 = npz;
        if (cwp >= 0) {
            const char *pl = nqpf_table_get(t->wt, r, (size_t)cwp);
            while (q0 < npz && strcmp(t->pf.level[q0], pl) != 0)
                q0++;
            if (q0 == npz)
                continue; /* a period not in the normalised file */
            q1 = q0 + 1;
        }
        for (size_t q = q0; q < q1; q++) {
            if (!isnan(t->W[q * t->p + j])) {
                rc = nqpf_fail(err, NQPF_EINPUT, wfile, t->wt->line[r], (long)ci + 1,
                               "indicator '%s' has a second weight%s%s%s (first on line %ld)", t->imap.keys[j],
                               cwp >= 0 ? " in period '" : "", cwp >= 0 ? t->pf.level[q] : "", cwp >= 0 ? "'" : "",
                               t->wt->line[t->first_row[j]]);
                break;
            }
            t->W[q * t->p + j] = wrow[r];
        }
    }
    free(wrow);
    return rc;
}

/* Each indicator's column of normalized.csv (zcol[j]: into ct), its
 * dimension, and a weight in every period. */
static int indicator_columns(nqpf_obstacle_files *t, const nqpf_coltable *ct, const long *at, long *zcol,
                             const char *wfile, const char *norm, size_t ci, nqpf_error *err)
{
    size_t npz = t->pf.n_levels;
    for (size_t j = 0; j < t->p; j++) {
        const char *name = t->imap.keys[j];
        if ((zcol[j] = column_of(ct, at + 4 + 2 * j)) < 0)
            return nqpf_fail(err, NQPF_EINPUT, wfile, t->wt->line[t->first_row[j]], (long)ci + 1,
                             "indicator '%s' has no column in %s", name, norm);
        t->dimof[j] = 0;
        if (t->cd >= 0) {
            const char *d = nqpf_table_get(t->wt, t->first_row[j], (size_t)t->cd);
            size_t k = 0;
            while (k < t->nd && strcmp(t->dims[k], d) != 0)
                k++;
            if (k == t->nd)
                t->dims[t->nd++] = (char *)d; /* borrowed from wt */
            t->dimof[j] = k;
        }
        for (size_t q = 0; q < npz; q++)
            if (isnan(t->W[q * t->p + j]))
                return nqpf_fail(err, NQPF_EINPUT, wfile, 0, 0, "no weight for indicator '%s' in period '%s'", name,
                                 t->pf.level[q]);
    }
    return NQPF_OK;
}

/* The normalised values, unit by unit, into t->I (where nqpf_obstacle
 * turns them into deviations): the reader's columns moved over one at a
 * time, then each checked in file order, a missing or out-of-range value
 * an error at its cell. */
static int values(nqpf_obstacle_files *t, nqpf_coltable *ct, const long *zcol, const char *norm, double shift,
                  nqpf_error *err)
{
    size_t m = t->m, p = t->p;
    if (!(t->I = malloc((m * p + 1) * sizeof *t->I)))
        return nqpf_fail_nomem(err);
    for (size_t j = 0; j < p; j++) {
        nqpf_column *c = &ct->col[zcol[j]];
        for (size_t i = 0; i < m; i++)
            t->I[i * p + j] = c->num[i];
        free(c->num); /* each indicator has its own request: the copy costs a column, not the table */
        c->num = NULL;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < p; j++) {
            double z = t->I[i * p + j];
            long col = ct->col[zcol[j]].file_col;
            if (isnan(z))
                return nqpf_fail(err, NQPF_EMISSING, norm, ct->line[i], col, "missing normalised value of '%s'",
                                 t->imap.keys[j]);
            if (z < shift - 1e-9 || z > 1.0 + shift + 1e-9)
                return nqpf_fail(err, NQPF_EINPUT, norm, ct->line[i], col,
                                 "normalised value %g of '%s' is outside [%g, %g]: the obstacle degree needs "
                                 "min-max values (use --shift if the index run shifted them)",
                                 z, t->imap.keys[j], shift, 1.0 + shift);
        }
    return NQPF_OK;
}

/* The shift and the normalisation of DIR/run.json, checked. */
static int run_json(const char *dir, int shift_given, double *shift, nqpf_error *err)
{
    char rj[4096], val[128];
    snprintf(rj, sizeof rj, "%s/run.json", dir);
    if (run_json_option(rj, "normalize", val, sizeof val) && strcmp(val, "minmax") != 0 && strcmp(val, "ratio") != 0)
        return nqpf_fail(err, NQPF_EINPUT, rj, 0, 0,
                         "the index run used '%s' normalisation: the obstacle degree needs values whose best is 1 "
                         "(minmax or ratio)", val);
    if (!shift_given && run_json_option(rj, "shift", val, sizeof val)) {
        char *end;
        *shift = strtod(val, &end);
        if (*end || !isfinite(*shift))
            return nqpf_fail(err, NQPF_EINPUT, rj, 0, 0, "unreadable shift '%s'", val);
    }
    return NQPF_OK;
}

/* The files read and checked: the weights file as a table (it is small),
 * then of normalized.csv only the columns used. */
static int read_files(nqpf_obstacle_files *t, const nqpf_obstacle_request *rq, const char *norm, const char *wfile,
                      double shift, nqpf_error *err)
{
    const char *period = rq->period;
    nqpf_coltable *ct = NULL;
    size_t ci, nw;
    long *at = NULL, *zcol = NULL;
    size_t *jrow = NULL;
    int rc = nqpf_table_read(&t->wt, wfile, NQPF_ENC_AUTO, err);
    if (rc)
        return rc;
    nqpf_table_unguard(t->wt); /* names as the index run had them, not as its CSV guards them */
    nw = t->wt->n_rows;
    if ((rc = nqpf_table_require(t->wt, "indicator", &ci, err)))
        return rc;
    t->first_row = malloc((nw ? nw : 1) * sizeof *t->first_row);
    jrow = malloc((nw ? nw : 1) * sizeof *jrow);
    if (!t->first_row || !jrow)
        rc = nqpf_fail_nomem(err);
    if (!rc)
        rc = indicator_names(t, ci, jrow, err);
    if (!rc && !(at = malloc((2 * t->p + 4) * sizeof *at)))
        rc = nqpf_fail_nomem(err);
    if (!rc)
        rc = read_normalized(&ct, t, norm, rq->unit, &period, at, err);
    if (!rc) {
        t->m = ct->n_rows;
        rc = factor_of(&t->uf, ct, at, rq->unit, err);
    }
    if (!rc)
        rc = period ? factor_of(&t->pf, ct, at + 2, period, err) : nqpf_factor_single(t->m, &t->pf, err);
    if (!rc)
        rc = weight_matrix(t, wfile, ci, jrow, err);
    if (!rc) {
        zcol = malloc((t->p + 1) * sizeof *zcol);
        t->dimof = malloc((t->p + 1) * sizeof *t->dimof);
        t->dims = calloc(t->p + 1, sizeof *t->dims);
        if (!zcol || !t->dimof || !t->dims)
            rc = nqpf_fail_nomem(err);
    }
    if (!rc)
        rc = indicator_columns(t, ct, at, zcol, wfile, norm, ci, err);
    if (!rc)
        rc = values(t, ct, zcol, norm, shift, err);
    nqpf_coltable_free(ct);
    free(at), free(zcol), free(jrow);
    return rc;
}

int nqpf_obstacle_files_read(nqpf_obstacle_files *t, const nqpf_obstacle_request *rq, nqpf_error *err)
{
    memset(t, 0, sizeof *t);
    const char *dir = rq->index_dir, *norm = rq->normalized, *wfile = rq->weights;
    double shift = rq->shift_given ? rq->shift : 0.0;
    char pn[4096], pw[4096];
    if (dir) {
        snprintf(pn, sizeof pn, "%s/normalized.csv", dir);
        snprintf(pw, sizeof pw, "%s/weights.csv", dir);
        norm = pn;
        wfile = pw;
    }
    /* The index run records its normalisation and shift in run.json. */
    int rc = dir ? run_json(dir, rq->shift_given, &shift, err) : NQPF_OK;
    if (rc || (rc = read_files(t, rq, norm, wfile, shift, err)))
        goto fail;
    t->O = malloc((t->m * t->p + 1) * sizeof *t->O);
    t->Od = calloc(t->nd + 1, sizeof *t->Od);
    t->best = malloc((t->m + 1) * sizeof *t->best);
    t->order = malloc(2 * (t->p + t->nd + 1) * sizeof *t->order);
    t->rank = t->order + t->p + t->nd + 1;
    /* the output's order: period order, file order within a period */
    t->by_period = malloc((t->m + 1) * sizeof *t->by_period);
    if (!t->O || !t->Od || !t->best || !t->order || !t->by_period ||
        nqpf_order_by_code(t->pf.code, t->m, t->pf.n_levels, t->by_period, NULL) < 0) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    /* I holds Z until nqpf_obstacle turns it into the deviations, in place */
    for (size_t i = 0; i < t->m; i++)
        if ((rc = nqpf_obstacle(t->I + i * t->p, 1, t->p, t->W + t->pf.code[i] * t->p, shift, t->I + i * t->p,
                                t->O + i * t->p, &t->best[i], err))) {
            if (rc == NQPF_EMATH || rc == NQPF_EINPUT)
                nqpf_error_context(err, wfile, "period", t->pf.level[t->pf.code[i]]);
            goto fail;
        }
    return NQPF_OK;
fail:
    nqpf_obstacle_files_free(t);
    return rc;
}

void nqpf_obstacle_files_write(FILE *fp, nqpf_obstacle_files *t, size_t top)
{
    fputs("period,unit,level,name,dimension,deviation,obstacle,rank,note\n", fp);
    for (size_t x = 0; x < t->m; x++) {
        size_t i = t->by_period[x];
        const char *pl = t->pf.level[t->pf.code[i]], *ul = t->uf.level[t->uf.code[i]];
        const char *note = t->best[i] ? "best on every indicator (sum of w*I is 0): no obstacle" : "";
        nqpf_obstacle_rank(t->O + i * t->p, t->p, t->order, t->rank);
        /* --top: the K largest in rank order; else all in file order */
        size_t limit = top ? (top < t->p ? top : t->p) : t->p;
        for (size_t r = 0; r < limit; r++) {
            size_t j = top ? t->order[r] : r;
            put_row(fp, pl, ul, "indicator", t->imap.keys[j], t->cd >= 0 ? t->dims[t->dimof[j]] : "",
                    t->I[i * t->p + j], t->O[i * t->p + j], t->best[i] ? 0 : t->rank[j], note);
        }
        if (t->cd < 0)
            continue;
        for (size_t k = 0; k < t->nd; k++)
            t->Od[k] = 0.0;
        for (size_t j = 0; j < t->p; j++)
            t->Od[t->dimof[j]] += t->O[i * t->p + j];
        nqpf_obstacle_rank(t->Od, t->nd, t->order, t->rank);
        for (size_t k = 0; k < t->nd; k++)
            put_row(fp, pl, ul, "dimension", t->dims[k], "", NAN, t->Od[k], t->best[i] ? 0 : t->rank[k], note);
    }
}

void nqpf_obstacle_files_free(nqpf_obstacle_files *t)
{
    free(t->W), free(t->I), free(t->O), free(t->Od), free(t->dimof), free(t->first_row);
    free(t->best), free(t->order), free(t->dims), free(t->by_period);
    nqpf_strmap_free(&t->imap);
    nqpf_factor_free(&t->uf);
    nqpf_factor_free(&t->pf);
    nqpf_table_free(t->wt);
    memset(t, 0, sizeof *t);
}
