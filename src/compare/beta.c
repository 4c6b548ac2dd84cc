/* nqpf — beta convergence models (see convergence.h): the design matrices
 * of the cross-section and the two-way fixed-effects panel, least squares
 * and the three covariances, for `nqpf converge` and the report alike. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/convergence.h"

static double pval(const nqpf_beta_in *in, size_t p)
{
    return in->period_value ? in->period_value[p] : (double)p;
}

static int ctrl_ok(const nqpf_beta_in *in, size_t u, size_t p)
{
    for (size_t j = 0; j < in->n_ctrl; j++)
        if (isnan(in->ctrl[j][u * in->n_periods + p]))
            return 0;
    return 1;
}

void nqpf_beta_free(nqpf_beta_fit *f)
{
    free(f->term);
    free(f->coef);
    free(f->se_classical);
    free(f->se_hc1);
    free(f->se_cluster);
    memset(f, 0, sizeof *f);
}

/* Fit y on X (n x k, column-major) and keep the first k_rep terms (their
 * names stay with the caller, who hands them to f->term). */
static int fit(nqpf_beta_fit *f, const double *X, const double *y, size_t n, size_t k, size_t k_rep,
               const char **names, const size_t *cluster, size_t G, size_t slope, nqpf_error *err)
{
    nqpf_ols o;
    int rc = nqpf_ols_fit(X, y, n, k, names, &o, err);
    if (rc)
        return rc;
    double *cv[3] = {malloc(k * k * sizeof(double)), malloc(k * k * sizeof(double)), malloc(k * k * sizeof(double))};
    f->coef = malloc(k_rep * sizeof(double));
    f->se_classical = malloc(k_rep * sizeof(double));
    f->se_hc1 = malloc(k_rep * sizeof(double));
    f->se_cluster = malloc(k_rep * sizeof(double));
    if (!cv[0] || !cv[1] || !cv[2] || !f->coef || !f->se_classical || !f->se_hc1 || !f->se_cluster)
        rc = nqpf_fail_nomem(err);
    if (!rc)
        rc = nqpf_ols_cov(&o, X, NQPF_COV_CLASSICAL, NULL, 0, cv[0], err);
    if (!rc)
        rc = nqpf_ols_cov(&o, X, NQPF_COV_HC1, NULL, 0, cv[1], err);
    if (!rc && f->panel)
        rc = nqpf_ols_cov(&o, X, NQPF_COV_CLUSTER, cluster, G, cv[2], err);
    for (size_t j = 0; !rc && j < k_rep; j++) {
        f->coef[j] = o.beta[j];
        f->se_classical[j] = sqrt(cv[0][j * k + j]);
        f->se_hc1[j] = sqrt(cv[1][j * k + j]);
        f->se_cluster[j] = f->panel ? sqrt(cv[2][j * k + j]) : NAN;
    }
    if (!rc) {
        double b = o.beta[slope], T = f->span;
        f->k = k_rep, f->n = n, f->k_all = k, f->n_clusters = G, f->r2 = o.r2;
        f->speed = 1.0 + b * T > 0.0 && T > 0.0 ? -log(1.0 + b * T) / T : NAN;
        f->half_life = f->speed > 0.0 ? log(2.0) / f->speed : NAN;
    }
    free(cv[0]), free(cv[1]), free(cv[2]);
    nqpf_ols_free(&o);
    return rc;
}

/* The fit keeps the term names on success; on failure nothing is left. */
static int settle(nqpf_beta_fit *f, const char **names, int rc)
{
    if (rc) {
        free(names);
        nqpf_beta_free(f);
    } else {
        f->term = names;
    }
    return rc;
}

int nqpf_beta_cross(const nqpf_beta_in *in, nqpf_beta_fit *f, nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    size_t nu = in->n_units, np = in->n_periods, nc = in->n_ctrl, k = 2 + nc, pT = np - 1;
    f->model = nc ? "beta_cond" : "beta_abs";
    f->span = pval(in, pT) - pval(in, 0);
    double *X = malloc(nu * k * sizeof(double) + 1), *y = malloc(nu * sizeof(double) + 1);
    const char **names = malloc(k * sizeof *names);
    if (!X || !y || !names) {
        free(X), free(y), free(names);
        return nqpf_fail_nomem(err);
    }
    size_t n = 0;
    for (size_t u = 0; u < nu; u++)
        n += !isnan(in->y[u * np]) && !isnan(in->y[u * np + pT]) && ctrl_ok(in, u, 0);
    for (size_t u = 0, r = 0; u < nu; u++) {
        double a = in->y[u * np], z = in->y[u * np + pT];
        if (isnan(a) || isnan(z) || !ctrl_ok(in, u, 0))
            continue;
        y[r] = log(z / a) / f->span;
        X[r] = 1.0;
        X[n + r] = log(a);
        for (size_t j = 0; j < nc; j++)
            X[(2 + j) * n + r] = in->ctrl[j][u * np];
        r++;
    }
    names[0] = "const";
    names[1] = "ln_y0";
    for (size_t j = 0; j < nc; j++)
        names[2 + j] = in->ctrl_name[j];
    f->left_out = nu - n;
    int rc = fit(f, X, y, n, k, k, names, NULL, 0, 1, err);
    free(X), free(y);
    return settle(f, names, rc);
}

int nqpf_beta_panel(const nqpf_beta_in *in, nqpf_beta_fit *f, nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    size_t nu = in->n_units, np = in->n_periods, nc = in->n_ctrl;
    f->model = nc ? "panel_cond" : "panel_abs";
    f->panel = 1;
    /* observations: unit u, period p >= 1 with the level at p and p-1 and the controls at p */
    size_t cap = nu * np + 1, n = 0;
    size_t *ou = malloc(cap * sizeof(size_t)), *op = malloc(cap * sizeof(size_t));
    unsigned char *seen_u = calloc(nu + 1, 1), *seen_p = calloc(np + 1, 1);
    size_t *du = malloc((nu + 1) * sizeof(size_t)), *dp = malloc((np + 1) * sizeof(size_t));
    double *X = NULL, *y = NULL;
    size_t *cl = NULL;
    const char **names = NULL;
    int rc = ou && op && seen_u && seen_p && du && dp ? NQPF_OK : nqpf_fail_nomem(err);
    double gap = NAN;
    int equal = 1;
    for (size_t u = 0; !rc && u < nu; u++)
        for (size_t p = 1; p < np; p++) {
            if (isnan(in->y[u * np + p]) || isnan(in->y[u * np + p - 1]) || !ctrl_ok(in, u, p))
                continue;
            ou[n] = u, op[n] = p, n++;
            seen_u[u] = seen_p[p] = 1;
            double g = pval(in, p) - pval(in, p - 1);
            if (isnan(gap))
                gap = g;
            else if (g != gap)
                equal = 0;
        }
    /* dummies for the units and periods present, the first of each dropped */
    size_t nud = 0, npd = 0, G = 0;
    int first = 1;
    for (size_t u = 0; !rc && u < nu; u++)
        if (seen_u[u]) {
            du[u] = first ? (size_t)-1 : nud++;
            first = 0;
        }
    first = 1;
    for (size_t p = 0; !rc && p < np; p++)
        if (seen_p[p]) {
            dp[p] = first ? (size_t)-1 : npd++;
            first = 0;
        }
    size_t nrep = 1 + nc, k = nrep + 1 + nud + npd;
    if (!rc && n <= k)
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "%zu growth observations are too few for %zu coefficients (incl. fixed effects)", n, k);
    if (!rc) {
        X = calloc(n * k, sizeof(double));
        y = malloc(n * sizeof(double));
        cl = malloc(n * sizeof(size_t));
        names = malloc(k * sizeof *names);
        if (!X || !y || !cl || !names)
            rc = nqpf_fail_nomem(err);
    }
    if (!rc) {
        /* cluster ids 0..G-1 over the units present */
        size_t *uid = malloc((nu + 1) * sizeof(size_t));
        if (!uid)
            rc = nqpf_fail_nomem(err);
        for (size_t u = 0; !rc && u < nu; u++)
            uid[u] = seen_u[u] ? G++ : 0;
        for (size_t i = 0; !rc && i < n; i++) {
            size_t u = ou[i], p = op[i];
            double lag = in->y[u * np + p - 1];
            y[i] = log(in->y[u * np + p] / lag) / (pval(in, p) - pval(in, p - 1));
            X[i] = log(lag);
            for (size_t j = 0; j < nc; j++)
                X[(1 + j) * n + i] = in->ctrl[j][u * np + p];
            X[nrep * n + i] = 1.0;
            if (du[u] != (size_t)-1)
                X[(nrep + 1 + du[u]) * n + i] = 1.0;
            if (dp[p] != (size_t)-1)
                X[(nrep + 1 + nud + dp[p]) * n + i] = 1.0;
            cl[i] = uid[u];
        }
        free(uid);
    }
    if (!rc) {
        names[0] = "ln_y_lag";
        for (size_t j = 0; j < nc; j++)
            names[1 + j] = in->ctrl_name[j];
        names[nrep] = "const";
        for (size_t j = nrep + 1; j < k; j++)
            names[j] = j < nrep + 1 + nud ? "unit fixed effect" : "period fixed effect";
        f->span = equal ? gap : NAN;
        f->n_units = G;
        f->n_periods = npd + 1;
        f->left_out = (np ? nu * (np - 1) : 0) - n;
        rc = fit(f, X, y, n, k, nrep, names, cl, G, 0, err);
    }
    free(ou), free(op), free(seen_u), free(seen_p), free(du), free(dp), free(X), free(y), free(cl);
    return settle(f, names, rc);
}

enum nqpf_cov_kind nqpf_beta_t(const nqpf_beta_fit *f, size_t j, enum nqpf_cov_kind se, double *t, double *p)
{
    enum nqpf_cov_kind use = !f->panel && se == NQPF_COV_CLUSTER ? NQPF_COV_HC1 : se;
    double s = use == NQPF_COV_CLUSTER ? f->se_cluster[j] : use == NQPF_COV_HC1 ? f->se_hc1[j] : f->se_classical[j];
    double df = use == NQPF_COV_CLUSTER ? (double)f->n_clusters - 1.0 : (double)(f->n - f->k_all);
    *t = f->coef[j] / s;
    *p = nqpf_t_pvalue(*t, df);
    return use;
}
