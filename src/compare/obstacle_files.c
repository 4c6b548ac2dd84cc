/* nqpf — the obstacle degree of an index run's files (obstacle_files.h):
 * moved here from `nqpf obstacle` so that the CLI only maps its options. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int nqpf_obstacle_files_read(nqpf_obstacle_files *t, const nqpf_obstacle_request *rq, nqpf_error *err)
{
    memset(t, 0, sizeof *t);
    const char *dir = rq->index_dir, *norm = rq->normalized, *wfile = rq->weights;
    const char *unit = rq->unit, *period = rq->period;
    int shift_given = rq->shift_given;
    double shift = shift_given ? rq->shift : 0.0;
    char pn[4096], pw[4096];
    if (dir) {
        snprintf(pn, sizeof pn, "%s/normalized.csv", dir);
        snprintf(pw, sizeof pw, "%s/weights.csv", dir);
        norm = pn;
        wfile = pw;
    }
    int rc;
    if (dir) {
        /* The index run records its normalisation and shift in run.json. */
        char rj[4096], val[128];
        snprintf(rj, sizeof rj, "%s/run.json", dir);
        if (run_json_option(rj, "normalize", val, sizeof val) && strcmp(val, "minmax") != 0 && strcmp(val, "ratio") != 0)
            return nqpf_fail(err, NQPF_EINPUT, rj, 0, 0,
                             "the index run used '%s' normalisation: the obstacle degree needs values whose best is 1 "
                             "(minmax or ratio)", val);
        if (!shift_given && run_json_option(rj, "shift", val, sizeof val)) {
            char *end;
            shift = strtod(val, &end);
            if (*end || !isfinite(shift))
                return nqpf_fail(err, NQPF_EINPUT, rj, 0, 0, "unreadable shift '%s'", val);
        }
    }
    if ((rc = nqpf_table_read(&t->wt, wfile, NQPF_ENC_AUTO, err)) ||
        (rc = nqpf_table_read(&t->zt, norm, NQPF_ENC_AUTO, err)))
        goto fail;
    nqpf_table_unguard(t->wt); /* names as the index run had them, not as its CSV guards them */
    nqpf_table_unguard(t->zt);
    t->m = t->zt->n_rows;
    if (!period && nqpf_table_col(t->zt, "period") >= 0)
        period = "period";
    if ((rc = nqpf_factor_build(t->zt, unit, &t->uf, err)))
        goto fail;
    if ((rc = period ? nqpf_factor_build(t->zt, period, &t->pf, err) : nqpf_factor_single(t->m, &t->pf, err)))
        goto fail;
    size_t ci, cw;
    if ((rc = nqpf_table_require(t->wt, "indicator", &ci, err)) || (rc = nqpf_table_require(t->wt, "weight", &cw, err)))
        goto fail;
    t->cd = nqpf_table_col(t->wt, "dimension");
    long cwp = nqpf_table_col(t->wt, "period");
    size_t nw = t->wt->n_rows, npz = t->pf.n_levels;
    if (nw == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, wfile, 0, 0, "no indicators in the weights file");
        goto fail;
    }
    /* Indicators in order of first appearance (one row each, or one row per
     * period when the index run estimated weights per period). */
    t->first_row = malloc(nw * sizeof *t->first_row);
    double *wrow = malloc(nw * sizeof *wrow);
    size_t *jrow = malloc(nw * sizeof *jrow);
    if (!t->first_row || !wrow || !jrow) {
        free(wrow), free(jrow);
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if ((rc = nqpf_table_column(t->wt, "weight", wrow, 0, err))) {
        free(wrow), free(jrow);
        goto fail;
    }
    for (size_t r = 0; r < nw; r++) {
        const char *name = nqpf_table_get(t->wt, r, ci);
        int ins = 0;
        long j = nqpf_strmap_intern(&t->imap, name, strlen(name), &ins);
        if (j < 0) {
            free(wrow), free(jrow);
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        if (ins)
            t->first_row[j] = r;
        jrow[r] = (size_t)j;
        if (!(wrow[r] >= 0.0)) {
            rc = nqpf_fail(err, NQPF_EINPUT, wfile, t->wt->line[r], (long)cw + 1, "weight %g of '%s' is negative",
                           wrow[r], name);
            free(wrow), free(jrow);
            goto fail;
        }
    }
    t->p = t->imap.n;
    t->W = malloc((npz * t->p + 1) * sizeof *t->W);
    t->zcol = malloc(t->p * sizeof *t->zcol);
    t->dimof = malloc(t->p * sizeof *t->dimof);
    t->dims = calloc(t->p, sizeof *t->dims);
    if (!t->W || !t->zcol || !t->dimof || !t->dims) {
        free(wrow), free(jrow);
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
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
    free(wrow), free(jrow);
    if (rc)
        goto fail;
    for (size_t j = 0; j < t->p; j++) {
        const char *name = t->imap.keys[j];
        long c = nqpf_table_col(t->zt, name);
        if (c < 0) {
            rc = nqpf_fail(err, NQPF_EINPUT, wfile, t->wt->line[t->first_row[j]], (long)ci + 1,
                           "indicator '%s' has no column in %s", name, norm);
            goto fail;
        }
        t->zcol[j] = (size_t)c;
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
            if (isnan(t->W[q * t->p + j])) {
                rc = nqpf_fail(err, NQPF_EINPUT, wfile, 0, 0, "no weight for indicator '%s' in period '%s'", name,
                               t->pf.level[q]);
                goto fail;
            }
    }
    t->Z = malloc((t->m * t->p + 1) * sizeof *t->Z);
    t->I = malloc((t->m * t->p + 1) * sizeof *t->I);
    t->O = malloc((t->m * t->p + 1) * sizeof *t->O);
    t->Od = calloc(t->nd + 1, sizeof *t->Od);
    t->best = malloc((t->m + 1) * sizeof *t->best);
    t->order = malloc(2 * (t->p + t->nd + 1) * sizeof *t->order);
    t->rank = t->order + t->p + t->nd + 1;
    if (!t->Z || !t->I || !t->O || !t->Od || !t->best || !t->order) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    for (size_t i = 0; i < t->m; i++)
        for (size_t j = 0; j < t->p; j++) {
            double z;
            rc = nqpf_table_number(t->zt, i, t->zcol[j], &z, err);
            if (rc == NQPF_EMISSING)
                rc = nqpf_fail(err, NQPF_EMISSING, norm, t->zt->line[i], (long)t->zcol[j] + 1,
                               "missing normalised value of '%s'", t->zt->header[t->zcol[j]]);
            if (rc)
                goto fail;
            if (z < shift - 1e-9 || z > 1.0 + shift + 1e-9) {
                rc = nqpf_fail(err, NQPF_EINPUT, norm, t->zt->line[i], (long)t->zcol[j] + 1,
                               "normalised value %g of '%s' is outside [%g, %g]: the obstacle degree needs "
                               "min-max values (use --shift if the index run shifted them)",
                               z, t->zt->header[t->zcol[j]], shift, 1.0 + shift);
                goto fail;
            }
            t->Z[i * t->p + j] = z;
        }
    for (size_t i = 0; i < t->m; i++)
        if ((rc = nqpf_obstacle(t->Z + i * t->p, 1, t->p, t->W + t->pf.code[i] * t->p, shift, t->I + i * t->p,
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
    /* Rows in period order, then file order within a period. */
    for (size_t q = 0; q < t->pf.n_levels; q++)
        for (size_t i = 0; i < t->m; i++) {
            if (t->pf.code[i] != q)
                continue;
            const char *pl = t->pf.level[q], *ul = t->uf.level[t->uf.code[i]];
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
    free(t->W), free(t->Z), free(t->I), free(t->O), free(t->Od), free(t->zcol), free(t->dimof), free(t->first_row);
    free(t->best), free(t->order), free(t->dims);
    nqpf_strmap_free(&t->imap);
    nqpf_factor_free(&t->uf);
    nqpf_factor_free(&t->pf);
    nqpf_table_free(t->wt);
    nqpf_table_free(t->zt);
    memset(t, 0, sizeof *t);
}
