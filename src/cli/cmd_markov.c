/* nqpf markov — classic and spatial Markov transition matrices. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/markov.h"
#include "nqpf/output.h"
#include "nqpf/util.h"
#include "spatial_cli.h"

static int cmp_period(const void *a, const void *b, int numeric, const double *num, const char **lab)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (numeric)
        return num[i] < num[j] ? -1 : num[i] > num[j];
    return strcmp(lab[i], lab[j]);
}

/* insertion sort of period indices (few periods; avoids a qsort context) */
static void sort_periods(size_t *ord, size_t T, int numeric, const double *num, const char **lab)
{
    for (size_t i = 1; i < T; i++) {
        size_t v = ord[i], j = i;
        while (j > 0 && cmp_period(&ord[j - 1], &v, numeric, num, lab) > 0) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = v;
    }
}

static void row(FILE *fp, const char *table, long lag, const char *period, long from, long to, double v,
                const char *note)
{
    fprintf(fp, "%s,", table);
    if (lag > 0)
        fprintf(fp, "%ld", lag);
    fputc(',', fp);
    nqpf_csv_put_field(fp, period ? period : "");
    fputc(',', fp);
    if (from > 0)
        fprintf(fp, "%ld", from);
    fputc(',', fp);
    if (to > 0)
        fprintf(fp, "%ld", to);
    fputc(',', fp);
    if (isinf(v))
        fputs("inf", fp);
    else
        nqpf_csv_put_num(fp, v);
    fputc(',', fp);
    nqpf_csv_put_field(fp, note ? note : "");
    fputc('\n', fp);
}

/* count, probability, steady state, sojourn and mfpt rows of one chain. */
static int chain_rows(FILE *fp, const double *counts, size_t k, long lag, int fill, int mfpt, nqpf_error *err)
{
    double *p = malloc(k * k * sizeof *p), *pi = malloc(k * sizeof *pi), *m = malloc(k * k * sizeof *m);
    if (!p || !pi || !m) {
        free(p), free(pi), free(m);
        return nqpf_fail_nomem(err);
    }
    nqpf_markov_probs(counts, k, fill, p);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            row(fp, "count", lag, NULL, (long)i + 1, (long)j + 1, counts[i * k + j], NULL);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            row(fp, "probability", lag, NULL, (long)i + 1, (long)j + 1, p[i * k + j], NULL);
    nqpf_error e2;
    nqpf_error_clear(&e2);
    int src = nqpf_markov_steady(p, k, pi, &e2);
    if (src && src != NQPF_EMATH) {
        *err = e2;
        free(p), free(pi), free(m);
        return src;
    }
    for (size_t i = 0; i < k; i++)
        row(fp, "steady_state", lag, NULL, (long)i + 1, 0, src ? NAN : pi[i], src ? e2.msg : NULL);
    for (size_t i = 0; i < k; i++) {
        double r = 0;
        for (size_t j = 0; j < k; j++)
            r += counts[i * k + j];
        double pii = p[i * k + i];
        row(fp, "sojourn", lag, NULL, (long)i + 1, 0, r > 0 || fill ? 1 / (1 - pii) : NAN,
            r > 0 || fill ? NULL : "no transitions from this class");
    }
    if (mfpt) {
        nqpf_error e3;
        nqpf_error_clear(&e3);
        int mrc = src ? NQPF_EMATH : nqpf_markov_mfpt(p, pi, k, m, &e3);
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                row(fp, "mfpt", lag, NULL, (long)i + 1, (long)j + 1, mrc ? NAN : m[i * k + j],
                    mrc ? (src ? "no unique steady state" : e3.msg) : NULL);
    }
    free(p), free(pi), free(m);
    return NQPF_OK;
}

/* The cut points of --cuts/--lag-cuts (1 to NQPF_MARKOV_MAX_CUTS items, the
 * table checked the count): increasing numbers, K = items + 1 classes. */
static int parse_cuts(const nqpf_optval *v, size_t *k, double *cuts, const char *opt, nqpf_error *err)
{
    for (size_t i = 0; i < v->n_items; i++) {
        const char *it = v->items[i];
        if (nqpf_parse_cell(it, strlen(it), &cuts[i], NULL) != NQPF_CELL_NUMBER || (i > 0 && !(cuts[i] > cuts[i - 1])))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s: '%s' is not an increasing number", opt, it);
    }
    *k = v->n_items + 1;
    return NQPF_OK;
}

/* cut rows: one set (pooled/cuts) or one per period */
static int cut_rows(FILE *fp, const char *table, const double *y, size_t n, size_t T, size_t k, nqpf_classing how,
                    const double *cuts, const char **plabel, nqpf_error *err)
{
    double c[64], *col = malloc((n ? n : 1) * sizeof *col);
    if (!col)
        return nqpf_fail_nomem(err);
    int rc = NQPF_OK;
    if (how == NQPF_CLASS_CUTS) {
        for (size_t q = 0; q + 1 < k; q++)
            row(fp, table, 0, NULL, (long)q + 1, 0, cuts[q], NULL);
    } else if (how == NQPF_CLASS_POOLED) {
        if (!(rc = nqpf_quantile_cuts(y, n * T, k, c, err)))
            for (size_t q = 0; q + 1 < k; q++)
                row(fp, table, 0, NULL, (long)q + 1, 0, c[q], NULL);
    } else {
        for (size_t t = 0; t < T && !rc; t++) {
            for (size_t s = 0; s < n; s++)
                col[s] = y[s * T + t];
            if (!(rc = nqpf_quantile_cuts(col, n, k, c, err)))
                for (size_t q = 0; q + 1 < k; q++)
                    row(fp, table, 0, plabel[t], (long)q + 1, 0, c[q], NULL);
        }
    }
    free(col);
    return rc;
}

static int run(nqpf_cmd_ctx *cx, nqpf_error *err)
{
    const nqpf_optval *o = cx->v;
    spatial_cli s;
    spatial_cli_from(&s, o + NQPF_MARKOV_SP, (int)o[NQPF_MARKOV_FORCE].i);
    const char *data = o[NQPF_MARKOV_DATA].text, *unit = o[NQPF_MARKOV_UNIT].text, *value = o[NQPF_MARKOV_VALUE].text;
    const char *period = o[NQPF_MARKOV_PERIOD].text, *out = o[NQPF_MARKOV_OUT].text;
    size_t k = o[NQPF_MARKOV_CLASSES].z, k_lag = o[NQPF_MARKOV_LAG_CLASSES].seen ? o[NQPF_MARKOV_LAG_CLASSES].z : 0;
    int spatial = (int)o[NQPF_MARKOV_SPATIAL].i, fill = (int)o[NQPF_MARKOV_FILL_EMPTY].i;
    int mfpt = (int)o[NQPF_MARKOV_MFPT].i, relative = (int)o[NQPF_MARKOV_RELATIVE].i;
    /* classing choices period|pooled */
    nqpf_classing how = o[NQPF_MARKOV_CLASSING].i ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD, lag_how;
    double cuts[NQPF_MARKOV_MAX_CUTS], lag_cuts[NQPF_MARKOV_MAX_CUTS];
    int rc;
    if (o[NQPF_MARKOV_CUTS].text) {
        size_t kc;
        if ((rc = parse_cuts(&o[NQPF_MARKOV_CUTS], &kc, cuts, "cuts", err)))
            return rc;
        if (o[NQPF_MARKOV_CLASSES].seen && kc != k)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--cuts gives %zu classes but --classes says %zu", kc, k);
        k = kc;
        how = NQPF_CLASS_CUTS;
    }
    lag_how = how;
    if (k_lag == 0)
        k_lag = k;
    if (how == NQPF_CLASS_CUTS)
        memcpy(lag_cuts, cuts, (k - 1) * sizeof *cuts);
    if (o[NQPF_MARKOV_LAG_CUTS].text) {
        if ((rc = parse_cuts(&o[NQPF_MARKOV_LAG_CUTS], &k_lag, lag_cuts, "lag-cuts", err)))
            return rc;
        lag_how = NQPF_CLASS_CUTS;
    } else if (o[NQPF_MARKOV_LAG_CLASSING].text) {
        lag_how = o[NQPF_MARKOV_LAG_CLASSING].i ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD;
    } else if (how == NQPF_CLASS_CUTS && k_lag != k) {
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--lag-classes differs from the cuts: give --lag-cuts or --lag-classing");
    }
    spatial_data d = {0};
    spatial_raw r = {0};
    nqpf_outfile f = {0};
    nqpf_strmap um = {0};
    double *val = NULL, *y = NULL, *pnum = NULL, *counts = NULL;
    size_t *cls = NULL, *ord = NULL, *rank = NULL;
    const char **plabel = NULL;
    char **ids = NULL;
    nqpf_weights *w = NULL;
    if ((rc = spatial_data_read(&d, data, unit, NULL, period, 0, err)))
        return rc;
    size_t nr = d.t->n_rows, T = d.n_groups;
    val = malloc(nr * sizeof *val);
    if (!val) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if ((rc = nqpf_table_column(d.t, value, val, 1, err)))
        goto done;
    if (T < 2) {
        rc = nqpf_fail(err, NQPF_EINPUT, data, 0, 0, "need at least 2 periods for transitions");
        goto done;
    }
    /* order periods: numeric when every label is a number */
    pnum = malloc(T * sizeof *pnum);
    ord = malloc(T * sizeof *ord);
    rank = malloc(T * sizeof *rank);
    plabel = malloc(T * sizeof *plabel);
    if (!pnum || !ord || !rank || !plabel) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    int numeric = 1;
    for (size_t t = 0; t < T; t++) {
        ord[t] = t;
        if (nqpf_parse_cell(d.group[t], strlen(d.group[t]), &pnum[t], NULL) != NQPF_CELL_NUMBER)
            numeric = 0;
    }
    sort_periods(ord, T, numeric, pnum, d.group);
    for (size_t t = 0; t < T; t++) {
        rank[ord[t]] = t;
        plabel[t] = d.group[ord[t]];
    }
    /* units, first appearance */
    for (size_t i = 0; i < nr; i++) {
        const char *u = nqpf_table_get(d.t, i, d.ucol);
        if (nqpf_strmap_intern(&um, u, strlen(u), NULL) < 0) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
    }
    size_t n = um.n;
    y = malloc(n * T * sizeof *y);
    cls = malloc(n * T * sizeof *cls);
    if (!y || !cls) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t q = 0; q < n * T; q++) {
        y[q] = NAN;
        cls[q] = 0;
    }
    for (size_t g = 0; g < T; g++)
        for (size_t q = d.goff[g]; q < d.goff[g + 1]; q++) {
            size_t i = d.rows[q];
            const char *u = nqpf_table_get(d.t, i, d.ucol);
            size_t s_ = (size_t)nqpf_strmap_find(&um, u, strlen(u)), t = rank[g];
            /* a repeat is caught by its cell already holding a number or a marker */
            if (!isnan(y[s_ * T + t]) || cls[s_ * T + t] == (size_t)-2) {
                rc = nqpf_fail(err, NQPF_EINPUT, data, d.t->line[i], (long)d.ucol + 1,
                               "unit '%s' appears twice in period '%s'", u, d.group[g]);
                goto done;
            }
            y[s_ * T + t] = val[i];
            cls[s_ * T + t] = (size_t)-2;
        }
    if (relative) {
        for (size_t t = 0; t < T; t++) {
            double m = 0;
            size_t c = 0;
            for (size_t s_ = 0; s_ < n; s_++)
                if (!isnan(y[s_ * T + t]))
                    m += y[s_ * T + t], c++;
            m /= (double)c;
            if (!(m != 0) || c == 0) {
                rc = nqpf_fail(err, NQPF_EMATH, data, 0, 0, "--relative: the mean of period '%s' is zero", plabel[t]);
                goto done;
            }
            for (size_t s_ = 0; s_ < n; s_++)
                y[s_ * T + t] /= m;
        }
    }
    if ((rc = nqpf_markov_classes(y, n, T, k, how, cuts, cls, err)))
        goto done;
    counts = malloc(k_lag * k * k * sizeof *counts);
    if (!counts) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if (spatial) {
        if ((rc = spatial_raw_build(&r, &s, &d, err)))
            goto done;
        if ((rc = spatial_weights_for(&w, &r, &s, um.keys, n, data, NULL, 0, spatial_style(&s), err)))
            goto done;
        spatial_warn_islands(w, NULL);
    }
    if ((rc = nqpf_outfile_open(&f, out, cmd_out_flags(cx, s.force), err)))
        goto done;
    fputs("table,lag_class,period,from,to,value,note\n", f.fp);
    if ((rc = cut_rows(f.fp, "cut", y, n, T, k, how, cuts, plabel, err)))
        goto done;
    nqpf_markov_counts(cls, n, T, k, counts);
    if ((rc = chain_rows(f.fp, counts, k, 0, fill, mfpt, err)))
        goto done;
    if (spatial) {
        double *lag = malloc(n * T * sizeof *lag), *col = malloc(n * sizeof *col), *lc = malloc(n * sizeof *lc);
        if (!lag || !col || !lc) {
            free(lag), free(col), free(lc);
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t t = 0; t < T; t++) {
            for (size_t s_ = 0; s_ < n; s_++)
                col[s_] = y[s_ * T + t];
            nqpf_weights_lag(w, col, lc);
            for (size_t s_ = 0; s_ < n; s_++)
                lag[s_ * T + t] = lc[s_];
        }
        rc = cut_rows(f.fp, "lag_cut", lag, n, T, k_lag, lag_how, lag_cuts, plabel, err);
        free(lag), free(col), free(lc);
        if (!rc)
            rc = nqpf_spatial_markov_counts(w, y, cls, n, T, k, k_lag, lag_how, lag_cuts, counts, NULL, err);
        for (size_t l = 0; l < k_lag && !rc; l++)
            rc = chain_rows(f.fp, counts + l * k * k, k, (long)l + 1, fill, mfpt, err);
    }
done:
    if (f.fp) {
        if (rc)
            nqpf_outfile_abort(&f);
        else
            rc = nqpf_outfile_commit(&f, err);
    }
    free(ids);
    nqpf_weights_free(w);
    nqpf_strmap_free(&um);
    free(val), free(y), free(pnum), free(counts), free(cls), free(ord), free(rank), free(plabel);
    spatial_raw_free(&r);
    spatial_data_free(&d);
    return rc;
}

const nqpf_cmd_spec NQPF_MARKOV_CMD = {
    NQPF_MARKOV_OPTS, NQPF_MARKOV_NOPTS, "markov",
    "--data FILE --unit COL --value COL --period COL [OPTIONS] --out FILE",
    "Discrete Markov chain of units moving between value classes from one period to the\n"
    "next (Quah 1993): transition counts and probabilities, steady state (ergodic\n"
    "distribution), sojourn times 1/(1-p_ii), and with --mfpt the mean first passage\n"
    "times (Kemeny & Snell; diagonal = recurrence time 1/pi_i).  Classes are numbered\n"
    "1..K from low to high: quantiles of each period (default; relative position, as\n"
    "giddy with per-year mapclassify.Quantiles), --classing pooled (quantiles of all\n"
    "values), or --cuts c1,c2,... (K-1 increasing cut points; a value equal to a cut\n"
    "belongs to the lower class).  Quantiles interpolate linearly (numpy percentile).\n"
    "--spatial conditions each transition on the class of the unit's spatial lag in the\n"
    "origin period (Rey 2001; giddy Spatial_Markov), with the weights options below.\n"
    "Periods are ordered numerically when all are numbers, else as text; a missing value\n"
    "drops the transitions that involve it.\n\n"
    "Output columns: table,lag_class,period,from,to,value,note with table one of\n"
    "count, probability, steady_state, sojourn, mfpt, cut, lag_cut; lag_class is empty for\n"
    "the classic chain; period is set for per-period cut points; a degenerate chain (an\n"
    "empty row, several closed classes) gives steady_state rows with an empty value and\n"
    "the reason in note.\n\n",
    "  nqpf markov --data data/china_provinces_tech_wide.csv --unit gb_code --period year --value v4_zh_nbzc_hj \\\n"
    "      --classes 4 --out m.csv\n"
    "  nqpf markov --data data/china_provinces_tech_wide.csv --unit gb_code --period year --value v4_zh_nbzc_hj \\\n"
    "      --relative --cuts 0.8,0.9,1,1.2 --spatial --geojson data/china_provinces.geojson --subset-weights \\\n"
    "      --link-islands --out sm.csv\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL,
};
