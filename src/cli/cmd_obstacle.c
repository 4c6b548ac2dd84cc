/* nqpf obstacle — obstacle degree per unit x indicator and per dimension. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp_input.h"
#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/diagnose.h"
#include "nqpf/output.h"
#include "nqpf/util.h"


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

static int check(const nqpf_optval *v, nqpf_error *err)
{
    if (v[NQPF_OBS_INDEX_DIR].seen && (v[NQPF_OBS_NORMALIZED].seen || v[NQPF_OBS_WEIGHTS].seen))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "give either --index-dir or --normalized and --weights");
    if (!(v[NQPF_OBS_INDEX_DIR].seen || (v[NQPF_OBS_NORMALIZED].seen && v[NQPF_OBS_WEIGHTS].seen)) ||
        !v[NQPF_OBS_OUT].seen)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--index-dir (or --normalized and --weights) and --out are required (see --help)");
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *ctx, nqpf_error *err)
{
    const nqpf_optval *v = ctx->v;
    const char *dir = v[NQPF_OBS_INDEX_DIR].text, *norm = v[NQPF_OBS_NORMALIZED].text;
    const char *wfile = v[NQPF_OBS_WEIGHTS].text, *unit = v[NQPF_OBS_UNIT].text, *period = v[NQPF_OBS_PERIOD].text;
    int shift_given = v[NQPF_OBS_SHIFT].seen;
    double shift = shift_given ? v[NQPF_OBS_SHIFT].num : 0.0;
    size_t top = v[NQPF_OBS_TOP].z;
    char pn[4096], pw[4096];
    if (dir) {
        snprintf(pn, sizeof pn, "%s/normalized.csv", dir);
        snprintf(pw, sizeof pw, "%s/weights.csv", dir);
        norm = pn;
        wfile = pw;
    }
    nqpf_table *wt = NULL, *zt = NULL;
    nqpf_factor uf = {0}, pf = {0};
    nqpf_strmap imap = {0};
    double *W = NULL, *Z = NULL, *I = NULL, *O = NULL, *Od = NULL;
    size_t *zcol = NULL, *dimof = NULL, *first_row = NULL;
    int *best = NULL;
    size_t *rk = NULL, *rank = NULL; /* nqpf_obstacle_rank's order and ranks */
    char **dims = NULL;
    size_t nd = 0;
    int rc;
    if (dir) {
        /* The index run records its normalisation and shift in run.json. */
        char rj[4096], val[128];
        snprintf(rj, sizeof rj, "%s/run.json", dir);
        if (run_json_option(rj, "normalize", val, sizeof val) && strcmp(val, "minmax") != 0 && strcmp(val, "ratio") != 0) {
            return nqpf_fail(err, NQPF_EINPUT, rj, 0, 0,
                      "the index run used '%s' normalisation: the obstacle degree needs values whose best is 1 "
                      "(minmax or ratio)", val);
        }
        if (!shift_given && run_json_option(rj, "shift", val, sizeof val)) {
            char *end;
            shift = strtod(val, &end);
            if (*end || !isfinite(shift)) {
                return nqpf_fail(err, NQPF_EINPUT, rj, 0, 0, "unreadable shift '%s'", val);
            }
        }
    }
    if ((rc = nqpf_table_read(&wt, wfile, NQPF_ENC_AUTO, err)) || (rc = nqpf_table_read(&zt, norm, NQPF_ENC_AUTO, err)))
        goto done;
    nqpf_table_unguard(wt); /* names as the index run had them, not as its CSV guards them */
    nqpf_table_unguard(zt);
    size_t m = zt->n_rows;
    if (!period && nqpf_table_col(zt, "period") >= 0)
        period = "period";
    if ((rc = nqpf_factor_build(zt, unit, &uf, err)))
        goto done;
    if ((rc = period ? nqpf_factor_build(zt, period, &pf, err) : nqpf_factor_single(m, &pf, err)))
        goto done;
    size_t ci, cw;
    if ((rc = nqpf_table_require(wt, "indicator", &ci, err)) || (rc = nqpf_table_require(wt, "weight", &cw, err)))
        goto done;
    long cd = nqpf_table_col(wt, "dimension"), cwp = nqpf_table_col(wt, "period");
    size_t nw = wt->n_rows, npz = pf.n_levels;
    if (nw == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, wfile, 0, 0, "no indicators in the weights file");
        goto done;
    }
    /* Indicators in order of first appearance (one row each, or one row per
     * period when the index run estimated weights per period). */
    first_row = malloc(nw * sizeof *first_row);
    double *wrow = malloc(nw * sizeof *wrow);
    size_t *jrow = malloc(nw * sizeof *jrow);
    if (!first_row || !wrow || !jrow) {
        free(wrow), free(jrow);
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if ((rc = nqpf_table_column(wt, "weight", wrow, 0, err))) {
        free(wrow), free(jrow);
        goto done;
    }
    for (size_t r = 0; r < nw; r++) {
        const char *name = nqpf_table_get(wt, r, ci);
        int ins = 0;
        long j = nqpf_strmap_intern(&imap, name, strlen(name), &ins);
        if (j < 0) {
            free(wrow), free(jrow);
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        if (ins)
            first_row[j] = r;
        jrow[r] = (size_t)j;
        if (!(wrow[r] >= 0.0)) {
            rc = nqpf_fail(err, NQPF_EINPUT, wfile, wt->line[r], (long)cw + 1, "weight %g of '%s' is negative",
                           wrow[r], name);
            free(wrow), free(jrow);
            goto done;
        }
    }
    size_t p = imap.n;
    W = malloc((npz * p + 1) * sizeof *W);
    zcol = malloc(p * sizeof *zcol);
    dimof = malloc(p * sizeof *dimof);
    dims = calloc(p, sizeof *dims);
    if (!W || !zcol || !dimof || !dims) {
        free(wrow), free(jrow);
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t k = 0; k < npz * p; k++)
        W[k] = NAN;
    for (size_t r = 0; r < nw && !rc; r++) {
        size_t j = jrow[r];
        size_t q0 = 0, q1 = npz;
        if (cwp >= 0) {
            const char *pl = nqpf_table_get(wt, r, (size_t)cwp);
            while (q0 < npz && strcmp(pf.level[q0], pl) != 0)
                q0++;
            if (q0 == npz)
                continue; /* a period not in the normalised file */
            q1 = q0 + 1;
        }
        for (size_t q = q0; q < q1; q++) {
            if (!isnan(W[q * p + j])) {
                rc = nqpf_fail(err, NQPF_EINPUT, wfile, wt->line[r], (long)ci + 1,
                               "indicator '%s' has a second weight%s%s%s (first on line %ld)", imap.keys[j],
                               cwp >= 0 ? " in period '" : "", cwp >= 0 ? pf.level[q] : "", cwp >= 0 ? "'" : "",
                               wt->line[first_row[j]]);
                break;
            }
            W[q * p + j] = wrow[r];
        }
    }
    free(wrow), free(jrow);
    if (rc)
        goto done;
    for (size_t j = 0; j < p; j++) {
        const char *name = imap.keys[j];
        long c = nqpf_table_col(zt, name);
        if (c < 0) {
            rc = nqpf_fail(err, NQPF_EINPUT, wfile, wt->line[first_row[j]], (long)ci + 1,
                           "indicator '%s' has no column in %s", name, norm);
            goto done;
        }
        zcol[j] = (size_t)c;
        dimof[j] = 0;
        if (cd >= 0) {
            const char *d = nqpf_table_get(wt, first_row[j], (size_t)cd);
            size_t k = 0;
            while (k < nd && strcmp(dims[k], d) != 0)
                k++;
            if (k == nd)
                dims[nd++] = (char *)d; /* borrowed from wt */
            dimof[j] = k;
        }
        for (size_t q = 0; q < npz; q++)
            if (isnan(W[q * p + j])) {
                rc = nqpf_fail(err, NQPF_EINPUT, wfile, 0, 0, "no weight for indicator '%s' in period '%s'", name,
                               pf.level[q]);
                goto done;
            }
    }
    Z = malloc((m * p + 1) * sizeof *Z);
    I = malloc((m * p + 1) * sizeof *I);
    O = malloc((m * p + 1) * sizeof *O);
    Od = calloc(nd + 1, sizeof *Od);
    best = malloc((m + 1) * sizeof *best);
    rk = malloc(2 * (p + nd + 1) * sizeof *rk);
    rank = rk + p + nd + 1;
    if (!Z || !I || !O || !Od || !best || !rk) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < p; j++) {
            double z;
            rc = nqpf_table_number(zt, i, zcol[j], &z, err);
            if (rc == NQPF_EMISSING)
                rc = nqpf_fail(err, NQPF_EMISSING, norm, zt->line[i], (long)zcol[j] + 1,
                               "missing normalised value of '%s'", zt->header[zcol[j]]);
            if (rc)
                goto done;
            if (z < shift - 1e-9 || z > 1.0 + shift + 1e-9) {
                rc = nqpf_fail(err, NQPF_EINPUT, norm, zt->line[i], (long)zcol[j] + 1,
                               "normalised value %g of '%s' is outside [%g, %g]: the obstacle degree needs "
                               "min-max values (use --shift if the index run shifted them)",
                               z, zt->header[zcol[j]], shift, 1.0 + shift);
                goto done;
            }
            Z[i * p + j] = z;
        }
    for (size_t i = 0; i < m; i++)
        if ((rc = nqpf_obstacle(Z + i * p, 1, p, W + pf.code[i] * p, shift, I + i * p, O + i * p, &best[i], err))) {
            if (rc == NQPF_EMATH || rc == NQPF_EINPUT)
                cmp_error_context(err, wfile, "period", pf.level[pf.code[i]]);
            goto done;
        }
    if ((rc = cmd_open_out(ctx, &NQPF_OBSTACLE_CMD, err)))
        goto done;
    FILE *fp = ctx->fp;
    fputs("period,unit,level,name,dimension,deviation,obstacle,rank,note\n", fp);
    /* Rows in period order, then file order within a period. */
    for (size_t q = 0; q < pf.n_levels; q++)
        for (size_t i = 0; i < m; i++) {
            if (pf.code[i] != q)
                continue;
            const char *pl = pf.level[q], *ul = uf.level[uf.code[i]];
            const char *note = best[i] ? "best on every indicator (sum of w*I is 0): no obstacle" : "";
            nqpf_obstacle_rank(O + i * p, p, rk, rank);
            /* --top: the K largest in rank order; else all in file order */
            size_t limit = top ? (top < p ? top : p) : p;
            for (size_t r = 0; r < limit; r++) {
                size_t j = top ? rk[r] : r;
                put_row(fp, pl, ul, "indicator", imap.keys[j], cd >= 0 ? dims[dimof[j]] : "", I[i * p + j],
                        O[i * p + j], best[i] ? 0 : rank[j], note);
            }
            if (cd < 0)
                continue;
            for (size_t k = 0; k < nd; k++)
                Od[k] = 0.0;
            for (size_t j = 0; j < p; j++)
                Od[dimof[j]] += O[i * p + j];
            nqpf_obstacle_rank(Od, nd, rk, rank);
            for (size_t k = 0; k < nd; k++)
                put_row(fp, pl, ul, "dimension", dims[k], "", NAN, Od[k], best[i] ? 0 : rank[k], note);
        }
done:
    free(W), free(Z), free(I), free(O), free(Od), free(zcol), free(dimof), free(first_row), free(best), free(rk),
        free(dims);
    nqpf_strmap_free(&imap);
    nqpf_factor_free(&uf);
    nqpf_factor_free(&pf);
    nqpf_table_free(wt);
    nqpf_table_free(zt);
    return rc;
}

const nqpf_cmd_spec NQPF_OBSTACLE_CMD = {
    NQPF_OBSTACLE_OPTS, NQPF_OBS_NOPTS, "obstacle",
    "(--index-dir DIR | --normalized FILE --weights FILE) --out FILE [--top K]",
    
    "Obstacle degree (障碍度) of every indicator and dimension for every unit and\n"
    "period, from the normalised values Z and weights w of an `nqpf index` run:\n"
    "  F_j = w_j,  I_ij = 1 + shift - Z_ij,  O_ij = F_j I_ij / sum_j F_j I_ij,\n"
    "  dimension obstacle = sum of O_ij over the dimension's indicators.\n"
    "Z must be direction-adjusted min-max values in [shift, 1+shift]; measuring I\n"
    "from 1+shift makes a shifted normalisation give the same obstacles.  A unit\n"
    "that is best on every indicator has no obstacle (sum = 0): its rows are empty\n"
    "with the reason in the note column.\n\n"
    "Inputs: DIR/normalized.csv (unit,period,<indicator columns>) and DIR/weights.csv\n"
    "([period,]indicator,weight[,dimension,...]; a period column gives per-period\n"
    "weights).  Only the indicators listed in weights.csv are used.  With --index-dir\n"
    "the shift and the normalisation are read from DIR/run.json (only minmax and\n"
    "ratio normalisations, whose best value is 1, are accepted).\n\n"
    "Output: period,unit,level,name,dimension,deviation,obstacle,rank,note\n"
    "  level = indicator (name = indicator, deviation = I) or dimension (name = dimension);\n"
    "  rank 1 = largest obstacle within the unit and period (ties keep input order).\n"
    "  With --top K only the K largest indicator obstacles per unit are written,\n"
    "  in rank order, followed by the dimension rows.\n\n",
    "  nqpf index --data data/china_provinces_tech_wide.csv --system data/nqpf_system.csv --unit province \\\n"
    "      --period year --missing interpolate --out idx-out\n"
    "  nqpf obstacle --index-dir idx-out --top 5 --out obstacle.csv\n"
    "  nqpf obstacle --normalized idx-out/normalized.csv --weights idx-out/weights.csv --shift 0.0001 --out -\n",
    NQPF_INPUT_NONE, 0, NULL, check, run, NULL,
};
