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

static void help(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf markov --data FILE --unit COL --value COL --period COL [OPTIONS] --out FILE\n\n"
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
           "the reason in note.\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf markov --data long.csv --unit gb_code --period year --value nqpf --classes 4 --out m.csv\n"
           "  nqpf markov --data inc.csv --unit state --period year --value pci --relative \\\n"
           "      --cuts 0.8,0.9,1,1.2 --spatial --weights states.csv --out sm.csv\n");
}

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

static int parse_cuts(const char *s, size_t *k, double *cuts, const char *opt, nqpf_error *err)
{
    char buf[1024], *items[64];
    snprintf(buf, sizeof buf, "%s", s);
    int m = nqpf_split_list(buf, items, 63);
    if (m < 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s expects 1 to 63 comma-separated numbers", opt);
    for (int i = 0; i < m; i++) {
        const char *why;
        if (nqpf_parse_cell(items[i], strlen(items[i]), &cuts[i], &why) != NQPF_CELL_NUMBER ||
            (i > 0 && !(cuts[i] > cuts[i - 1])))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s: '%s' is not an increasing number", opt, items[i]);
    }
    *k = (size_t)m + 1;
    return NQPF_OK;
}

static int parse_classing(const char *s, nqpf_classing *c, nqpf_error *err)
{
    if (strcmp(s, "period") == 0)
        *c = NQPF_CLASS_PERIOD;
    else if (strcmp(s, "pooled") == 0)
        *c = NQPF_CLASS_POOLED;
    else
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "classing must be period or pooled (or give cuts)");
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

int nqpf_cmd_markov(int argc, char **argv)
{
    spatial_cli s;
    spatial_cli_init(&s);
    const char *data = NULL, *unit = NULL, *value = NULL, *period = NULL, *out = NULL;
    const char *classing_s = "period", *cuts_s = NULL, *lag_classing_s = NULL, *lag_cuts_s = NULL;
    size_t k = 5, k_lag = 0;
    int spatial = 0, fill = 0, mfpt = 0, relative = 0;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "long CSV: one row per unit and period", 0},
        {"unit", OPT_STR, &unit, "COL", "unit id column", 0},
        {"value", OPT_STR, &value, "COL", "numeric column to classify", 0},
        {"period", OPT_STR, &period, "COL", "period column (transitions go from each period to the next)", 0},
        {"out", OPT_STR, &out, "FILE", "output CSV (\"-\" = standard output)", 0},
        {"classes", OPT_SIZE, &k, "K", "number of classes (default 5)", 0},
        {"classing", OPT_STR, &classing_s, "period|pooled", "quantiles per period (default) or of all values", 0},
        {"cuts", OPT_STR, &cuts_s, "LIST", "fixed increasing cut points c1,...,c(K-1) instead of quantiles", 0},
        {"relative", OPT_FLAG, &relative, NULL, "divide values by their period's mean first", 0},
        {"fill-empty", OPT_FLAG, &fill, NULL, "an empty row becomes p_ii = 1 (giddy fill_empty_classes)", 0},
        {"mfpt", OPT_FLAG, &mfpt, NULL, "also write mean first passage times", 0},
        {"spatial", OPT_FLAG, &spatial, NULL, "spatial Markov: condition on the spatial lag's class", 0},
        {"lag-classes", OPT_SIZE, &k_lag, "M", "classes of the spatial lag (default K)", 0},
        {"lag-classing", OPT_STR, &lag_classing_s, "period|pooled", "classing of the lag (default as --classing)", 0},
        {"lag-cuts", OPT_STR, &lag_cuts_s, "LIST", "fixed cut points for the lag classes", 0},
        SPATIAL_OPTS(s),
    };
    size_t n_opts = sizeof opts / sizeof opts[0], n_pos;
    int want_help;
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, NULL, 0, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    nqpf_classing how = NQPF_CLASS_PERIOD, lag_how;
    double cuts[64], lag_cuts[64];
    if (!data || !unit || !value || !period || !out)
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data, --unit, --value, --period and --out are required");
    else if (cuts_s) {
        size_t kc;
        if (!parse_cuts(cuts_s, &kc, cuts, "cuts", &err)) {
            if (opts[5].seen && kc != k)
                nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--cuts gives %zu classes but --classes says %zu", kc, k);
            k = kc;
            how = NQPF_CLASS_CUTS;
        }
    } else if (!parse_classing(classing_s, &how, &err) && (k < 2 || k > 64)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--classes must be between 2 and 64");
    }
    if (err.code)
        return nqpf_cli_error(&err);
    lag_how = how;
    if (k_lag == 0)
        k_lag = k;
    if (how == NQPF_CLASS_CUTS)
        memcpy(lag_cuts, cuts, (k - 1) * sizeof *cuts);
    if (lag_cuts_s) {
        size_t kc;
        if (parse_cuts(lag_cuts_s, &kc, lag_cuts, "lag-cuts", &err))
            return nqpf_cli_error(&err);
        k_lag = kc;
        lag_how = NQPF_CLASS_CUTS;
    } else if (lag_classing_s) {
        if (parse_classing(lag_classing_s, &lag_how, &err))
            return nqpf_cli_error(&err);
    } else if (how == NQPF_CLASS_CUTS && k_lag != k) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--lag-classes differs from the cuts: give --lag-cuts or --lag-classing");
        return nqpf_cli_error(&err);
    }
    if (k_lag < 2 || k_lag > 64) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--lag-classes must be between 2 and 64");
        return nqpf_cli_error(&err);
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
    int rc = spatial_data_read(&d, data, unit, NULL, period, 0, &err);
    if (rc)
        return nqpf_cli_error(&err);
    size_t nr = d.t->n_rows, T = d.n_groups;
    val = malloc(nr * sizeof *val);
    if (!val) {
        rc = nqpf_fail_nomem(&err);
        goto done;
    }
    if ((rc = nqpf_table_column(d.t, value, val, 1, &err)))
        goto done;
    if (T < 2) {
        rc = nqpf_fail(&err, NQPF_EINPUT, data, 0, 0, "need at least 2 periods for transitions");
        goto done;
    }
    /* order periods: numeric when every label is a number */
    pnum = malloc(T * sizeof *pnum);
    ord = malloc(T * sizeof *ord);
    rank = malloc(T * sizeof *rank);
    plabel = malloc(T * sizeof *plabel);
    if (!pnum || !ord || !rank || !plabel) {
        rc = nqpf_fail_nomem(&err);
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
            rc = nqpf_fail_nomem(&err);
            goto done;
        }
    }
    size_t n = um.n;
    y = malloc(n * T * sizeof *y);
    cls = malloc(n * T * sizeof *cls);
    if (!y || !cls) {
        rc = nqpf_fail_nomem(&err);
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
                rc = nqpf_fail(&err, NQPF_EINPUT, data, d.t->line[i], (long)d.ucol + 1,
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
                rc = nqpf_fail(&err, NQPF_EMATH, data, 0, 0, "--relative: the mean of period '%s' is zero", plabel[t]);
                goto done;
            }
            for (size_t s_ = 0; s_ < n; s_++)
                y[s_ * T + t] /= m;
        }
    }
    if ((rc = nqpf_markov_classes(y, n, T, k, how, cuts, cls, &err)))
        goto done;
    counts = malloc(k_lag * k * k * sizeof *counts);
    if (!counts) {
        rc = nqpf_fail_nomem(&err);
        goto done;
    }
    if (spatial) {
        if ((rc = spatial_raw_build(&r, &s, &d, &err)))
            goto done;
        if ((rc = spatial_weights_for(&w, &r, &s, um.keys, n, data, NULL, 0, spatial_style(&s), &err)))
            goto done;
        spatial_warn_islands(w, NULL);
    }
    if ((rc = nqpf_outfile_open(&f, out, s.force, &err)))
        goto done;
    fputs("table,lag_class,period,from,to,value,note\n", f.fp);
    if ((rc = cut_rows(f.fp, "cut", y, n, T, k, how, cuts, plabel, &err)))
        goto done;
    nqpf_markov_counts(cls, n, T, k, counts);
    if ((rc = chain_rows(f.fp, counts, k, 0, fill, mfpt, &err)))
        goto done;
    if (spatial) {
        double *lag = malloc(n * T * sizeof *lag), *col = malloc(n * sizeof *col), *lc = malloc(n * sizeof *lc);
        if (!lag || !col || !lc) {
            free(lag), free(col), free(lc);
            rc = nqpf_fail_nomem(&err);
            goto done;
        }
        for (size_t t = 0; t < T; t++) {
            for (size_t s_ = 0; s_ < n; s_++)
                col[s_] = y[s_ * T + t];
            nqpf_weights_lag(w, col, lc);
            for (size_t s_ = 0; s_ < n; s_++)
                lag[s_ * T + t] = lc[s_];
        }
        rc = cut_rows(f.fp, "lag_cut", lag, n, T, k_lag, lag_how, lag_cuts, plabel, &err);
        free(lag), free(col), free(lc);
        if (!rc)
            rc = nqpf_spatial_markov_counts(w, y, cls, n, T, k, k_lag, lag_how, lag_cuts, counts, NULL, &err);
        for (size_t l = 0; l < k_lag && !rc; l++)
            rc = chain_rows(f.fp, counts + l * k * k, k, (long)l + 1, fill, mfpt, &err);
    }
done:
    if (f.fp) {
        if (rc)
            nqpf_outfile_abort(&f);
        else
            rc = nqpf_outfile_commit(&f, &err);
    }
    free(ids);
    nqpf_weights_free(w);
    nqpf_strmap_free(&um);
    free(val), free(y), free(pnum), free(counts), free(cls), free(ord), free(rank), free(plabel);
    spatial_raw_free(&r);
    spatial_data_free(&d);
    return rc ? nqpf_cli_error(&err) : 0;
}
