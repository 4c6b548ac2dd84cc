/* nqpf converge — sigma and beta convergence. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cmp_input.h"
#include "commands.h"
#include "nqpf/convergence.h"
#include "nqpf/util.h"

#define MAX_CONTROLS 64

static void help(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf converge --data FILE --unit COL --period COL --value COL [--controls A,B] --out FILE\n\n"
           "Convergence of a positive variable across units:\n"
           "  sigma   per period: SD and CV of the levels and SD of the logs, population\n"
           "          (divide by n) and sample (n-1) versions.\n"
           "  beta    cross-section over the whole span, first to last period:\n"
           "          (1/T) ln(y_iT/y_i0) = a + b ln y_i0 [+ c'X_i0] + e,  T = last - first period\n"
           "          (numeric periods) or the number of steps; speed = -ln(1+bT)/T,\n"
           "          half-life = ln 2 / speed.  With --controls also the conditional model.\n"
           "  panel   two-way fixed effects: ln(y_it/y_i,t-1)/gap = b ln y_i,t-1 [+ c'X_it] + mu_i + eta_t + e,\n"
           "          least squares with unit and period dummies; speed = -ln(1+b gap)/gap.\n"
           "Standard errors: classical, HC1 and clustered by unit (cluster: G/(G-1)(n-1)/(n-k),\n"
           "k counting the dummies, as Stata regress and statsmodels OLS); t and p use --se\n"
           "(p from Student t with n-k df, G-1 for cluster).  In a cross-section each unit is\n"
           "its own cluster, so cluster = HC1 there.  Least squares by QR (LAPACK).\n\n"
           "Output: long CSV  model,period,term,statistic,value\n"
           "  model sigma:        statistic n mean sd_pop sd_sample cv_pop cv_sample sd_log_pop sd_log_sample\n"
           "  model beta_abs, beta_cond, panel_abs, panel_cond:\n"
           "      per term (const, ln_y0 | ln_y_lag, controls): coef se_classical se_hc1 [se_cluster] t p\n"
           "      per model (term empty): n T|gap r2 speed half_life [n_units n_periods]\n"
           "      and se_used_for_t (term = cluster|hc1|classical, value 1)\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf converge --data panel.csv --unit province --period year --value gdp_pc --out conv.csv\n"
           "  nqpf converge --data panel.csv --unit province --period year --value tfp --controls open,edu --se hc1 --out -\n");
}

static void put(FILE *fp, const char *model, const char *period, const char *term, const char *stat, double v)
{
    nqpf_csv_put_field(fp, model);
    fputc(',', fp);
    nqpf_csv_put_field(fp, period);
    fputc(',', fp);
    nqpf_csv_put_field(fp, term);
    fputc(',', fp);
    nqpf_csv_put_field(fp, stat);
    fputc(',', fp);
    nqpf_csv_put_num(fp, v);
    fputc('\n', fp);
}

typedef struct conv_ctx {
    const cmp_input *in;
    size_t nu, np;
    double *val;          /* nu x np values (NaN = absent) */
    double **ctl;         /* nc arrays nu x np */
    char **ctl_name;
    size_t nc;
    enum nqpf_cov_kind se;
    FILE *fp;
    const char *data;
} conv_ctx;

/* Fit one model and write its rows.  X column-major n x k, names[k], the
 * first n_report columns are reported term by term. */
static int fit_and_write(const conv_ctx *c, const char *model, const char *span, const double *X, const double *y, size_t n, size_t k,
                         size_t n_report, const char *const *names, const size_t *cluster, size_t n_clusters,
                         int panel, size_t slope_col, double T, nqpf_error *err)
{
    nqpf_ols f;
    int rc = nqpf_ols_fit(X, y, n, k, names, &f, err);
    if (rc) {
        cmp_error_context(err, c->data, "model", model);
        return rc;
    }
    double *cv[3] = {malloc(k * k * sizeof(double)), malloc(k * k * sizeof(double)), malloc(k * k * sizeof(double))};
    if (!cv[0] || !cv[1] || !cv[2]) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    if ((rc = nqpf_ols_cov(&f, X, NQPF_COV_CLASSICAL, NULL, 0, cv[0], err)) ||
        (rc = nqpf_ols_cov(&f, X, NQPF_COV_HC1, NULL, 0, cv[1], err)))
        goto out;
    if (panel && (rc = nqpf_ols_cov(&f, X, NQPF_COV_CLUSTER, cluster, n_clusters, cv[2], err))) {
        cmp_error_context(err, c->data, "model", model);
        goto out;
    }
    enum nqpf_cov_kind use = c->se;
    if (!panel && use == NQPF_COV_CLUSTER)
        use = NQPF_COV_HC1; /* one unit per cluster: identical */
    double df = use == NQPF_COV_CLUSTER ? (double)n_clusters - 1.0 : (double)(n - k);
    for (size_t j = 0; j < n_report; j++) {
        double se[3];
        for (int v = 0; v < 3; v++)
            se[v] = sqrt(cv[v][j * k + j]);
        put(c->fp, model, span, names[j], "coef", f.beta[j]);
        put(c->fp, model, span, names[j], "se_classical", se[0]);
        put(c->fp, model, span, names[j], "se_hc1", se[1]);
        if (panel)
            put(c->fp, model, span, names[j], "se_cluster", se[2]);
        double t = f.beta[j] / se[use];
        put(c->fp, model, span, names[j], "t", t);
        put(c->fp, model, span, names[j], "p", nqpf_t_pvalue(t, df));
    }
    double b = f.beta[slope_col];
    double speed = 1.0 + b * T > 0.0 && T > 0.0 ? -log(1.0 + b * T) / T : NAN;
    put(c->fp, model, span, "", "n", (double)n);
    put(c->fp, model, span, "", panel ? "gap" : "T", T);
    put(c->fp, model, span, "", "r2", f.r2);
    put(c->fp, model, span, "", "speed", speed);
    put(c->fp, model, span, "", "half_life", speed > 0.0 ? log(2.0) / speed : NAN);
    put(c->fp, model, span, use == NQPF_COV_CLUSTER ? "cluster" : use == NQPF_COV_HC1 ? "hc1" : "classical",
        "se_used_for_t", 1.0);
out:
    free(cv[0]), free(cv[1]), free(cv[2]);
    nqpf_ols_free(&f);
    return rc;
}

static double period_num(const conv_ctx *c, size_t p)
{
    return c->in->period.level_num ? c->in->period.level_num[p] : (double)p;
}

static int cross_section(const conv_ctx *c, size_t nc, const char *model, nqpf_error *err)
{
    size_t nu = c->nu, np = c->np, k = 2 + nc, p0 = 0, pT = np - 1;
    double T = period_num(c, pT) - period_num(c, p0);
    double *X = malloc(nu * k * sizeof(double) + 1), *y = malloc(nu * sizeof(double) + 1);
    if (!X || !y) {
        free(X), free(y);
        return nqpf_fail_nomem(err);
    }
    size_t n = 0;
    for (size_t u = 0; u < nu; u++) {
        double a = c->val[u * np + p0], z = c->val[u * np + pT];
        int ok = !isnan(a) && !isnan(z);
        for (size_t j = 0; j < nc && ok; j++)
            ok = !isnan(c->ctl[j][u * np + p0]);
        if (!ok)
            continue;
        y[n] = log(z / a) / T;
        n++;
    }
    /* second pass fills X column-major now that n is known */
    size_t r = 0;
    for (size_t u = 0; u < nu; u++) {
        double a = c->val[u * np + p0], z = c->val[u * np + pT];
        int ok = !isnan(a) && !isnan(z);
        for (size_t j = 0; j < nc && ok; j++)
            ok = !isnan(c->ctl[j][u * np + p0]);
        if (!ok)
            continue;
        X[0 * n + r] = 1.0;
        X[1 * n + r] = log(a);
        for (size_t j = 0; j < nc; j++)
            X[(2 + j) * n + r] = c->ctl[j][u * np + p0];
        r++;
    }
    const char *names[2 + MAX_CONTROLS];
    names[0] = "const";
    names[1] = "ln_y0";
    for (size_t j = 0; j < nc; j++)
        names[2 + j] = c->ctl_name[j];
    int rc;
    if (n < nu)
        nqpf_cli_warn("%s: %s: %zu of %zu units lack the first or last period (or a control) and are left out", c->data,
                      model, nu - n, nu);
    char span[256];
    snprintf(span, sizeof span, "%s..%s", c->in->period.level[p0], c->in->period.level[pT]);
    rc = fit_and_write(c, model, span, X, y, n, k, k, names, NULL, 0, 0, 1, T, err);
    free(X), free(y);
    return rc;
}

static int panel_fe(const conv_ctx *c, size_t nc, const char *model, nqpf_error *err)
{
    size_t nu = c->nu, np = c->np;
    /* Observations: unit u, period p >= 1 with y at p and p-1 and controls at p. */
    size_t cap = nu * np + 1, n = 0;
    size_t *ou = malloc(cap * sizeof(size_t)), *op = malloc(cap * sizeof(size_t));
    char *seen_u = calloc(nu + 1, 1), *seen_p = calloc(np + 1, 1);
    size_t *du = malloc((nu + 1) * sizeof(size_t)), *dp = malloc((np + 1) * sizeof(size_t));
    if (!ou || !op || !seen_u || !seen_p || !du || !dp) {
        free(ou), free(op), free(seen_u), free(seen_p), free(du), free(dp);
        return nqpf_fail_nomem(err);
    }
    double gap0 = NAN;
    int equal_gaps = 1;
    for (size_t u = 0; u < nu; u++)
        for (size_t p = 1; p < np; p++) {
            if (isnan(c->val[u * np + p]) || isnan(c->val[u * np + p - 1]))
                continue;
            int ok = 1;
            for (size_t j = 0; j < nc && ok; j++)
                ok = !isnan(c->ctl[j][u * np + p]);
            if (!ok)
                continue;
            ou[n] = u;
            op[n] = p;
            n++;
            seen_u[u] = seen_p[p] = 1;
            double g = period_num(c, p) - period_num(c, p - 1);
            if (isnan(gap0))
                gap0 = g;
            else if (g != gap0)
                equal_gaps = 0;
        }
    /* Dummy columns for the units and periods present, the first of each dropped. */
    size_t nud = 0, npd = 0, first_u = nu, first_p = np;
    for (size_t u = 0; u < nu; u++)
        if (seen_u[u]) {
            if (first_u == nu)
                first_u = u, du[u] = (size_t)-1;
            else
                du[u] = nud++;
        }
    for (size_t p = 0; p < np; p++)
        if (seen_p[p]) {
            if (first_p == np)
                first_p = p, dp[p] = (size_t)-1;
            else
                dp[p] = npd++;
        }
    size_t nreport = 1 + nc, k = nreport + 1 + nud + npd;
    int rc = NQPF_OK;
    double *X = NULL, *y = NULL;
    size_t *cl = NULL;
    const char **names = NULL;
    if (n <= k) {
        rc = nqpf_fail(err, NQPF_EMATH, c->data, 0, 0,
                       "model '%s': %zu growth observations are too few for %zu coefficients (incl. fixed effects)",
                       model, n, k);
        goto out;
    }
    X = calloc(n * k, sizeof(double));
    y = malloc(n * sizeof(double));
    cl = malloc(n * sizeof(size_t));
    names = malloc(k * sizeof(char *));
    if (!X || !y || !cl || !names) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        size_t u = ou[i], p = op[i];
        double g = period_num(c, p) - period_num(c, p - 1);
        double lag = c->val[u * np + p - 1];
        y[i] = log(c->val[u * np + p] / lag) / g;
        X[0 * n + i] = log(lag);
        for (size_t j = 0; j < nc; j++)
            X[(1 + j) * n + i] = c->ctl[j][u * np + p];
        X[nreport * n + i] = 1.0;
        if (du[u] != (size_t)-1)
            X[(nreport + 1 + du[u]) * n + i] = 1.0;
        if (dp[p] != (size_t)-1)
            X[(nreport + 1 + nud + dp[p]) * n + i] = 1.0;
        cl[i] = u;
    }
    names[0] = "ln_y_lag";
    for (size_t j = 0; j < nc; j++)
        names[1 + j] = c->ctl_name[j];
    names[nreport] = "const";
    for (size_t j = nreport + 1; j < k; j++)
        names[j] = j < nreport + 1 + nud ? "unit fixed effect" : "period fixed effect";
    /* Cluster ids 0..G-1 over the units present. */
    size_t G = 0;
    size_t *cid = malloc((nu + 1) * sizeof(size_t));
    if (!cid) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    for (size_t u = 0; u < nu; u++)
        cid[u] = seen_u[u] ? G++ : 0;
    for (size_t i = 0; i < n; i++)
        cl[i] = cid[cl[i]];
    free(cid);
    double gap = equal_gaps ? gap0 : NAN;
    if (!equal_gaps)
        nqpf_cli_warn("%s: %s: periods are unequally spaced: speed and half-life are not reported", c->data, model);
    rc = fit_and_write(c, model, "", X, y, n, k, nreport, names, cl, G, 1, 0, gap, err);
    if (!rc) {
        put(c->fp, model, "", "", "n_units", (double)G);
        put(c->fp, model, "", "", "n_periods", (double)(npd + 1));
    }
out:
    free(ou), free(op), free(seen_u), free(seen_p), free(du), free(dp), free(X), free(y), free(cl), free(names);
    return rc;
}

int nqpf_cmd_converge(int argc, char **argv)
{
    const char *data = NULL, *unit = NULL, *value = NULL, *period = NULL, *out = NULL, *controls = NULL,
               *models = "sigma,beta,panel", *se_s = "cluster", *missing = NULL;
    int force = 0, want_help = 0;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "input CSV (long: one row per unit and period)", 0},
        {"unit", OPT_STR, &unit, "COL", "unit column", 0},
        {"period", OPT_STR, &period, "COL", "period column (numeric periods give T and gaps in their units)", 0},
        {"value", OPT_STR, &value, "COL", "the variable (positive)", 0},
        {"controls", OPT_STR, &controls, "A,B,...", "control variables for conditional beta convergence", 0},
        {"models", OPT_STR, &models, "LIST", "any of sigma,beta,panel (default all)", 0},
        {"se", OPT_STR, &se_s, "cluster|hc1|classical", "errors used for t and p (default cluster)", 0},
        {"missing", OPT_STR, &missing, "error|skip", "missing values: stop (default) or drop the observation", 0},
        {"out", OPT_STR, &out, "FILE", "output CSV ('-' = standard output)", 0},
        {"force", OPT_FLAG, &force, NULL, "overwrite an existing output file", 0},
    };
    size_t n_opts = sizeof opts / sizeof opts[0], n_pos;
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, NULL, 0, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    if (!data || !unit || !period || !value || !out) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data, --unit, --period, --value and --out are required (see --help)");
        return nqpf_cli_error(&err);
    }
    conv_ctx c;
    memset(&c, 0, sizeof c);
    c.data = data;
    if (strcmp(se_s, "cluster") == 0)
        c.se = NQPF_COV_CLUSTER;
    else if (strcmp(se_s, "hc1") == 0)
        c.se = NQPF_COV_HC1;
    else if (strcmp(se_s, "classical") == 0)
        c.se = NQPF_COV_CLASSICAL;
    else {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--se must be cluster, hc1 or classical");
        return nqpf_cli_error(&err);
    }
    int want_sigma = 0, want_beta = 0, want_panel = 0;
    char *mbuf = nqpf_strdup(models), *mv[8];
    int nm = mbuf ? nqpf_split_list(mbuf, mv, 8) : -1;
    for (int i = 0; i < nm; i++) {
        if (strcmp(mv[i], "sigma") == 0)
            want_sigma = 1;
        else if (strcmp(mv[i], "beta") == 0)
            want_beta = 1;
        else if (strcmp(mv[i], "panel") == 0)
            want_panel = 1;
        else
            nm = -1;
    }
    free(mbuf);
    if (nm <= 0) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--models takes a list of sigma, beta, panel");
        return nqpf_cli_error(&err);
    }
    int skip;
    if (cmp_parse_missing(missing, &skip, &err))
        return nqpf_cli_error(&err);
    char *cbuf = controls ? nqpf_strdup(controls) : NULL, *cv[MAX_CONTROLS];
    int nc = 0;
    if (controls) {
        nc = cbuf ? nqpf_split_list(cbuf, cv, MAX_CONTROLS) : -1;
        if (nc <= 0) {
            free(cbuf);
            nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--controls takes 1 to %d column names", MAX_CONTROLS);
            return nqpf_cli_error(&err);
        }
    }
    cmp_input in;
    int rc = cmp_input_load(&in, data, unit, value, period, NULL, skip, &err);
    if (rc) {
        free(cbuf);
        return nqpf_cli_error(&err);
    }
    c.in = &in;
    c.nu = in.unit.n_levels;
    c.np = in.period.n_levels;
    c.nc = (size_t)nc;
    c.ctl_name = cv;
    nqpf_outfile of;
    int opened = 0;
    size_t nr = in.t->n_rows;
    double *tmp = NULL;
    if ((rc = cmp_input_check_sign(&in, value, 1, "convergence on logs", &err)))
        goto done;
    c.val = malloc(c.nu * c.np * sizeof(double));
    c.ctl = calloc((size_t)nc + 1, sizeof(double *));
    tmp = malloc(nr * sizeof(double));
    if (!c.val || !c.ctl || !tmp) {
        rc = nqpf_fail_nomem(&err);
        goto done;
    }
    for (size_t i = 0; i < c.nu * c.np; i++)
        c.val[i] = NAN;
    for (size_t r = 0; r < nr; r++)
        c.val[in.unit.code[r] * c.np + in.period.code[r]] = in.value[r];
    for (int j = 0; j < nc; j++) {
        c.ctl[j] = malloc(c.nu * c.np * sizeof(double));
        if (!c.ctl[j]) {
            rc = nqpf_fail_nomem(&err);
            goto done;
        }
        if ((rc = nqpf_table_column(in.t, cv[j], tmp, skip, &err)))
            goto done;
        for (size_t i = 0; i < c.nu * c.np; i++)
            c.ctl[j][i] = NAN;
        for (size_t r = 0; r < nr; r++)
            c.ctl[j][in.unit.code[r] * c.np + in.period.code[r]] = tmp[r];
    }
    if ((want_beta || want_panel) && c.np < 2) {
        rc = nqpf_fail(&err, NQPF_EINPUT, data, 0, 0, "beta convergence needs at least 2 periods (use --models sigma)");
        goto done;
    }
    if ((rc = nqpf_outfile_open(&of, out, force, &err)))
        goto done;
    opened = 1;
    c.fp = of.fp;
    fputs("model,period,term,statistic,value\n", c.fp);
    if (want_sigma)
        for (size_t p = 0; p < c.np; p++) {
            size_t m = 0;
            for (size_t u = 0; u < c.nu; u++)
                if (!isnan(c.val[u * c.np + p]))
                    tmp[m++] = c.val[u * c.np + p];
            nqpf_sigma s;
            nqpf_sigma_stats(tmp, m, &s);
            const char *pl = in.period.level[p];
            put(c.fp, "sigma", pl, "", "n", s.n);
            put(c.fp, "sigma", pl, "", "mean", s.mean);
            put(c.fp, "sigma", pl, "", "sd_pop", s.sd_pop);
            put(c.fp, "sigma", pl, "", "sd_sample", s.sd_sample);
            put(c.fp, "sigma", pl, "", "cv_pop", s.cv_pop);
            put(c.fp, "sigma", pl, "", "cv_sample", s.cv_sample);
            put(c.fp, "sigma", pl, "", "sd_log_pop", s.sd_log_pop);
            put(c.fp, "sigma", pl, "", "sd_log_sample", s.sd_log_sample);
        }
    if (want_beta) {
        if ((rc = cross_section(&c, 0, "beta_abs", &err)))
            goto done;
        if (nc && (rc = cross_section(&c, (size_t)nc, "beta_cond", &err)))
            goto done;
    }
    if (want_panel) {
        if ((rc = panel_fe(&c, 0, "panel_abs", &err)))
            goto done;
        if (nc && (rc = panel_fe(&c, (size_t)nc, "panel_cond", &err)))
            goto done;
    }
    rc = nqpf_outfile_commit(&of, &err);
    opened = 0;
done:
    if (opened)
        nqpf_outfile_abort(&of);
    if (c.ctl)
        for (int j = 0; j < nc; j++)
            free(c.ctl[j]);
    free(c.ctl), free(c.val), free(tmp), free(cbuf);
    cmp_input_free(&in);
    return rc ? nqpf_cli_error(&err) : 0;
}
