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
    const char *f[] = {model, period, term, stat};
    nqpf_csv_put_long(fp, f, 4, v);
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

/* Fit one beta model (nqpf_beta_cross / nqpf_beta_panel on the first nc
 * controls) and write its rows. */
static int beta_rows(const conv_ctx *c, size_t nc, int panel, nqpf_error *err)
{
    nqpf_beta_in bi = {c->nu, c->np, c->val, nc, (const double *const *)c->ctl, (const char *const *)c->ctl_name,
                       c->in->period.level_num};
    nqpf_beta_fit f;
    const char *model = panel ? (nc ? "panel_cond" : "panel_abs") : (nc ? "beta_cond" : "beta_abs");
    int rc = panel ? nqpf_beta_panel(&bi, &f, err) : nqpf_beta_cross(&bi, &f, err);
    if (rc) {
        cmp_error_context(err, c->data, "model", model);
        return rc;
    }
    char span[256] = "";
    if (!panel) {
        snprintf(span, sizeof span, "%s..%s", c->in->period.level[0], c->in->period.level[c->np - 1]);
        if (f.left_out)
            nqpf_cli_warn("%s: %s: %zu of %zu units lack the first or last period (or a control) and are left out",
                          c->data, model, f.left_out, c->nu);
    } else if (isnan(f.span)) {
        nqpf_cli_warn("%s: %s: periods are unequally spaced: speed and half-life are not reported", c->data, model);
    }
    enum nqpf_cov_kind use = c->se;
    for (size_t j = 0; j < f.k; j++) {
        double t, p;
        use = nqpf_beta_t(&f, j, c->se, &t, &p);
        put(c->fp, model, span, f.term[j], "coef", f.coef[j]);
        put(c->fp, model, span, f.term[j], "se_classical", f.se_classical[j]);
        put(c->fp, model, span, f.term[j], "se_hc1", f.se_hc1[j]);
        if (panel)
            put(c->fp, model, span, f.term[j], "se_cluster", f.se_cluster[j]);
        put(c->fp, model, span, f.term[j], "t", t);
        put(c->fp, model, span, f.term[j], "p", p);
    }
    put(c->fp, model, span, "", "n", (double)f.n);
    put(c->fp, model, span, "", panel ? "gap" : "T", f.span);
    put(c->fp, model, span, "", "r2", f.r2);
    put(c->fp, model, span, "", "speed", f.speed);
    put(c->fp, model, span, "", "half_life", f.half_life);
    put(c->fp, model, span, use == NQPF_COV_CLUSTER ? "cluster" : use == NQPF_COV_HC1 ? "hc1" : "classical",
        "se_used_for_t", 1.0);
    if (panel) {
        put(c->fp, model, span, "", "n_units", (double)f.n_units);
        put(c->fp, model, span, "", "n_periods", (double)f.n_periods);
    }
    nqpf_beta_free(&f);
    return NQPF_OK;
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
    for (int panel = 0; panel < 2 && !rc; panel++) {
        if (!(panel ? want_panel : want_beta))
            continue;
        rc = beta_rows(&c, 0, panel, &err);
        if (!rc && nc)
            rc = beta_rows(&c, (size_t)nc, panel, &err);
    }
    if (rc)
        goto done;
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
