/* nqpf converge — sigma and beta convergence. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/convergence.h"
#include "nqpf/long_input.h"
#include "nqpf/util.h"



static void put(FILE *fp, const char *model, const char *period, const char *term, const char *stat, double v)
{
    const char *f[] = {model, period, term, stat};
    nqpf_csv_put_long(fp, f, 4, v);
}

typedef struct conv_ctx {
    const nqpf_long_input *in;
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
        nqpf_error_context(err, c->data, "model", model);
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

static int run(nqpf_cmd_ctx *ctx, nqpf_error *err)
{
    const nqpf_optval *v = ctx->v;
    const nqpf_long_input *in = &ctx->in;
    int want[3] = {0, 0, 0}; /* sigma, beta, panel */
    for (size_t i = 0; i < v[NQPF_CONV_MODELS].n_items; i++)
        want[strcmp(v[NQPF_CONV_MODELS].items[i], "sigma") == 0 ? 0
             : strcmp(v[NQPF_CONV_MODELS].items[i], "beta") == 0 ? 1
                                                                  : 2] = 1;
    size_t nc = v[NQPF_CONV_CONTROLS].n_items, nr = in->n_rows;
    conv_ctx c;
    memset(&c, 0, sizeof c);
    c.data = v[NQPF_CONV_DATA].text;
    c.se = (enum nqpf_cov_kind)v[NQPF_CONV_SE].i;
    c.in = in;
    c.nu = in->unit.n_levels;
    c.np = in->period.n_levels;
    c.nc = nc;
    c.ctl_name = v[NQPF_CONV_CONTROLS].items;
    c.val = malloc(c.nu * c.np * sizeof(double));
    c.ctl = calloc(nc + 1, sizeof(double *));
    double *tmp = malloc(nr * sizeof(double)); /* one period's values for sigma */
    int rc = (!c.val || !c.ctl || !tmp) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t i = 0; !rc && i < c.nu * c.np; i++)
        c.val[i] = NAN;
    for (size_t r = 0; !rc && r < nr; r++)
        c.val[in->unit.code[r] * c.np + in->period.code[r]] = in->value[r];
    for (size_t j = 0; !rc && j < nc; j++) {
        if (!(c.ctl[j] = malloc(c.nu * c.np * sizeof(double)))) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        for (size_t i = 0; i < c.nu * c.np; i++)
            c.ctl[j][i] = NAN;
        for (size_t r = 0; r < nr; r++)
            c.ctl[j][in->unit.code[r] * c.np + in->period.code[r]] = in->cols[j * nr + r];
    }
    if (!rc && (want[1] || want[2]) && c.np < 2)
        rc = nqpf_fail(err, NQPF_EINPUT, c.data, 0, 0, "beta convergence needs at least 2 periods (use --models sigma)");
    if (!rc && !(rc = cmd_open_out(ctx, &NQPF_CONVERGE_CMD, err))) {
        c.fp = ctx->fp;
        fputs("model,period,term,statistic,value\n", c.fp);
    }
    for (size_t p = 0; !rc && want[0] && p < c.np; p++) {
        size_t m = 0;
        for (size_t u = 0; u < c.nu; u++)
            if (!isnan(c.val[u * c.np + p]))
                tmp[m++] = c.val[u * c.np + p];
        nqpf_sigma s;
        nqpf_sigma_stats(tmp, m, &s);
        const char *pl = in->period.level[p];
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
        if (!want[1 + panel])
            continue;
        rc = beta_rows(&c, 0, panel, err);
        if (!rc && nc)
            rc = beta_rows(&c, nc, panel, err);
    }
    if (c.ctl)
        for (size_t j = 0; j < nc; j++)
            free(c.ctl[j]);
    free(c.ctl), free(c.val), free(tmp);
    return rc;
}

const nqpf_cmd_spec NQPF_CONVERGE_CMD = {
    NQPF_CONVERGE_OPTS, NQPF_CONV_NOPTS, "converge",
    "--data FILE --unit COL --period COL --value COL [--controls A,B] --out FILE",
    
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
    "      and se_used_for_t (term = cluster|hc1|classical, value 1)\n\n",
    "  nqpf converge --data data/china_provinces_tech_wide.csv --unit province --period year --value v4_zh_nbzc_hj --out conv.csv\n"
    "  nqpf converge --data data/china_provinces_tech_wide.csv --unit province --period year --value v4_zh_nbzc_hj \\\n"
    "      --controls v4_zh_qsdl_hj --se hc1 --out -\n",
    NQPF_INPUT_LONG, 2, "convergence on logs", NULL, run, NULL, NULL, "controls", 0,
};
