/* nqpf — β convergence of the index scores in the report's [converge]
 * section, the models of `nqpf converge` (include/nqpf/convergence.h):
 *   beta_abs / beta_cond   (1/T) ln(y_iT/y_i0) = a + b ln y_i0 [+ c'X_i0] + e
 *   panel_abs / panel_cond ln(y_it/y_i,t-1)/gap = b ln y_i,t-1 [+ c'X_it] + mu_i + eta_t + e
 * with the same design matrices (column order, dropped first dummies),
 * least squares (nqpf_ols_fit), covariances (nqpf_ols_cov) and p-values, so
 * that every number equals the command's on a long file of the scores.
 * T and gap are in period units when every period is a number, else steps.
 * Controls are columns of the data file read as published: a missing cell
 * is an error at its FILE:LINE:COL (the command's default --missing error). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/convergence.h"
#include "report_internal.h"

#define MAX_CONTROLS 64

typedef struct beta_in {
    size_t nu, np, nc;
    const double *val;       /* nu x np scores */
    double **ctl;            /* nc arrays nu x np */
    char **ctl_name;
    const double *pnum;      /* np period numbers */
    enum nqpf_cov_kind se;
} beta_in;

/* Fit one model; keep its first n_report terms.  X is n x k column-major. */
static int fit(nqpf_report_beta *B, const char *model, const double *X, const double *y, size_t n, size_t k,
               size_t n_report, const char *const *names, const size_t *cluster, size_t G, int panel,
               size_t slope, double span, enum nqpf_cov_kind se, nqpf_error *err)
{
    nqpf_ols f;
    memset(B, 0, sizeof *B);
    B->model = model, B->panel = panel;
    int rc = nqpf_ols_fit(X, y, n, k, names, &f, err);
    if (rc)
        return rc;
    double *cv = malloc(k * k * sizeof(double));
    B->term = calloc(n_report, sizeof(char *));
    B->coef = malloc(n_report * sizeof(double)), B->se = malloc(n_report * sizeof(double));
    B->t = malloc(n_report * sizeof(double)), B->p = malloc(n_report * sizeof(double));
    if (!cv || !B->term || !B->coef || !B->se || !B->t || !B->p)
        rc = nqpf_fail_nomem(err);
    /* one unit per cluster in a cross-section: cluster = HC1 (as the command) */
    enum nqpf_cov_kind use = !panel && se == NQPF_COV_CLUSTER ? NQPF_COV_HC1 : se;
    if (!rc)
        rc = nqpf_ols_cov(&f, X, use, cluster, G, cv, err);
    double df = use == NQPF_COV_CLUSTER ? (double)G - 1.0 : (double)(n - k);
    for (size_t j = 0; !rc && j < n_report; j++) {
        if (!(B->term[j] = nqpf_strdup(names[j]))) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        B->k++;
        B->coef[j] = f.beta[j];
        B->se[j] = sqrt(cv[j * k + j]);
        B->t[j] = f.beta[j] / B->se[j];
        B->p[j] = nqpf_t_pvalue(B->t[j], df);
    }
    if (!rc) {
        double b = f.beta[slope];
        B->se_used = use == NQPF_COV_CLUSTER ? "cluster" : use == NQPF_COV_HC1 ? "hc1" : "classical";
        B->n = (double)n, B->span = span, B->r2 = f.r2;
        B->speed = 1.0 + b * span > 0.0 && span > 0.0 ? -log(1.0 + b * span) / span : NAN;
        B->half_life = B->speed > 0.0 ? log(2.0) / B->speed : NAN;
    }
    free(cv);
    nqpf_ols_free(&f);
    return rc;
}

static int cross_section(const beta_in *c, size_t nc, nqpf_report_beta *B, nqpf_error *err)
{
    size_t nu = c->nu, np = c->np, k = 2 + nc, pT = np - 1;
    double T = c->pnum[pT] - c->pnum[0];
    double *X = malloc(nu * k * sizeof(double) + 1), *y = malloc(nu * sizeof(double) + 1);
    if (!X || !y) {
        free(X), free(y);
        return nqpf_fail_nomem(err);
    }
    for (size_t u = 0; u < nu; u++) {
        double a = c->val[u * np], z = c->val[u * np + pT];
        y[u] = log(z / a) / T;
        X[u] = 1.0;
        X[nu + u] = log(a);
        for (size_t j = 0; j < nc; j++)
            X[(2 + j) * nu + u] = c->ctl[j][u * np];
    }
    const char *names[2 + MAX_CONTROLS] = {"const", "ln_y0"};
    for (size_t j = 0; j < nc; j++)
        names[2 + j] = c->ctl_name[j];
    int rc = fit(B, nc ? "beta_cond" : "beta_abs", X, y, nu, k, k, names, NULL, 0, 0, 1, T, c->se, err);
    free(X), free(y);
    return rc;
}

/* Two-way FE: every unit has every period (the index panel is balanced), so
 * all units and periods >= 1 enter; the first unit's and the first growth
 * period's dummies are dropped for the constant. */
static int panel_fe(const beta_in *c, size_t nc, nqpf_report_beta *B, nqpf_error *err)
{
    size_t nu = c->nu, np = c->np, n = nu * (np - 1), nrep = 1 + nc;
    size_t nud = nu - 1, npd = np - 2, k = nrep + 1 + nud + npd;
    double gap = c->pnum[1] - c->pnum[0];
    for (size_t p = 2; p < np; p++)
        if (c->pnum[p] - c->pnum[p - 1] != gap)
            gap = NAN; /* unequal spacing: no speed or half-life (as the command) */
    if (n <= k)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "panel β: %zu growth observations are too few for %zu coefficients (incl. fixed effects)", n,
                         k);
    double *X = calloc(n * k, sizeof(double)), *y = malloc(n * sizeof(double));
    size_t *cl = malloc(n * sizeof(size_t));
    const char **names = malloc(k * sizeof(char *));
    int rc = NQPF_OK;
    if (!X || !y || !cl || !names)
        rc = nqpf_fail_nomem(err);
    for (size_t u = 0, i = 0; !rc && u < nu; u++)
        for (size_t p = 1; p < np; p++, i++) {
            double lag = c->val[u * np + p - 1];
            y[i] = log(c->val[u * np + p] / lag) / (c->pnum[p] - c->pnum[p - 1]);
            X[i] = log(lag);
            for (size_t j = 0; j < nc; j++)
                X[(1 + j) * n + i] = c->ctl[j][u * np + p];
            X[nrep * n + i] = 1.0;
            if (u > 0)
                X[(nrep + u) * n + i] = 1.0;
            if (p > 1)
                X[(nrep + nud + p - 1) * n + i] = 1.0;
            cl[i] = u;
        }
    if (!rc) {
        names[0] = "ln_y_lag";
        for (size_t j = 0; j < nc; j++)
            names[1 + j] = c->ctl_name[j];
        names[nrep] = "const";
        for (size_t j = nrep + 1; j < k; j++)
            names[j] = j < nrep + 1 + nud ? "unit fixed effect" : "period fixed effect";
        rc = fit(B, nc ? "panel_cond" : "panel_abs", X, y, n, k, nrep, names, cl, nu, 1, 0, gap, c->se, err);
        B->n_units = nu, B->n_periods = np - 1;
    }
    free(X), free(y), free(cl), free(names);
    return rc;
}

/* Controls from the data file into nu x np arrays aligned with the panel. */
static int read_controls(nqpf_report *r, beta_in *c, nqpf_error *err)
{
    nqpf_table *t = NULL;
    const nqpf_panel *p = r->panel;
    int rc = nqpf_table_read(&t, r->data_path, r->iopt.encoding, err);
    size_t ucol = 0, pcol = 0;
    if (!rc && !(rc = nqpf_table_require(t, report_opt(r, "data.unit"), &ucol, err)))
        rc = nqpf_table_require(t, report_opt(r, "data.period"), &pcol, err);
    double *tmp = rc ? NULL : malloc((t->n_rows + 1) * sizeof(double));
    if (!rc && !tmp)
        rc = nqpf_fail_nomem(err);
    for (size_t j = 0; !rc && j < c->nc; j++) {
        if (!(c->ctl[j] = malloc(c->nu * c->np * sizeof(double)))) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        if ((rc = nqpf_table_column(t, c->ctl_name[j], tmp, 0, err)))
            break;
        for (size_t i = 0; i < c->nu * c->np; i++)
            c->ctl[j][i] = NAN;
        for (size_t i = 0; i < t->n_rows; i++) {
            size_t u = 0, q = 0;
            while (u < c->nu && strcmp(p->units[u], nqpf_table_get(t, i, ucol)))
                u++;
            while (q < c->np && strcmp(p->periods[q], nqpf_table_get(t, i, pcol)))
                q++;
            if (u < c->nu && q < c->np)
                c->ctl[j][u * c->np + q] = tmp[i];
        }
        /* the index panel is built from the same rows, so every cell has one */
        for (size_t i = 0; !rc && i < c->nu * c->np; i++)
            if (isnan(c->ctl[j][i]))
                rc = nqpf_fail(err, NQPF_EINTERNAL, r->data_path, 0, 0, "control '%s': no row for unit '%s', period %s",
                               c->ctl_name[j], p->units[i / c->np], p->periods[i % c->np]);
    }
    free(tmp);
    nqpf_table_free(t);
    return rc;
}

int report_run_beta(nqpf_report *r, nqpf_error *err)
{
    static const char *const SE[] = {"classical", "hc1", "cluster"};
    char *store = NULL, *names[MAX_CONTROLS];
    size_t nc = 0, U = r->U, T = r->T;
    int se = 2, rc;
    if ((rc = report_list(r, "converge", "controls", 0, MAX_CONTROLS, &store, names, &nc, err)) ||
        (rc = report_pick(r, "converge", "se", "cluster", SE, 3, &se, err))) {
        free(store);
        return rc;
    }
    beta_in c = {U, T, nc, r->ix.score, NULL, names, NULL, (enum nqpf_cov_kind)se};
    double *pnum = malloc(T * sizeof(double));
    c.ctl = calloc(nc + 1, sizeof(double *));
    if (!pnum || !c.ctl)
        rc = nqpf_fail_nomem(err);
    for (size_t q = 0; !rc && q < T; q++)
        pnum[q] = r->panel->periods_numeric ? r->panel->period_value[q] : (double)q;
    c.pnum = pnum;
    for (size_t i = 0; !rc && i < U * T; i++)
        if (!(r->ix.score[i] > 0))
            rc = nqpf_fail(err, NQPF_EMATH, r->data_path, 0, 0,
                           "β convergence needs positive index scores (unit '%s', period %s); use a positive "
                           "normalisation or a shift",
                           r->panel->units[i / T], r->panel->periods[i % T]);
    if (!rc && T < 3)
        rc = nqpf_fail(err, NQPF_EINPUT, r->data_path, 0, 0, "β convergence needs at least 3 periods");
    if (!rc && nc)
        rc = read_controls(r, &c, err);
    /* beta_abs[, beta_cond], panel_abs[, panel_cond], as the command writes them */
    if (!rc && !(rc = cross_section(&c, 0, &r->beta[r->n_beta], err)))
        r->n_beta++;
    if (!rc && nc && !(rc = cross_section(&c, nc, &r->beta[r->n_beta], err)))
        r->n_beta++;
    if (!rc && !(rc = panel_fe(&c, 0, &r->beta[r->n_beta], err)))
        r->n_beta++;
    if (!rc && nc && !(rc = panel_fe(&c, nc, &r->beta[r->n_beta], err)))
        r->n_beta++;
    if (rc && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", r->data_path);
    for (size_t j = 0; j < nc; j++)
        free(c.ctl[j]);
    free(c.ctl), free(pnum), free(store);
    return rc;
}

void report_free_beta(nqpf_report *r)
{
    for (size_t i = 0; i < 4; i++) {
        nqpf_report_beta *B = &r->beta[i];
        for (size_t j = 0; B->term && j < B->k; j++)
            free(B->term[j]);
        free(B->term), free(B->coef), free(B->se), free(B->t), free(B->p);
    }
}
