/* nqpf — β convergence of the index scores in the report's [converge]
 * section, the models of `nqpf converge` (include/nqpf/convergence.h):
 *   beta_abs / beta_cond   (1/T) ln(y_iT/y_i0) = a + b ln y_i0 [+ c'X_i0] + e
 *   panel_abs / panel_cond ln(y_it/y_i,t-1)/gap = b ln y_i,t-1 [+ c'X_it] + mu_i + eta_t + e
 * fitted by the command's own routines (nqpf_beta_cross, nqpf_beta_panel),
 * so every number equals the command's on a long file of the scores.
 * T and gap are in period units when every period is a number, else steps.
 * Controls are columns of the data file read as published: a missing cell
 * is an error at its FILE:LINE:COL (the command's default --missing error). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/convergence.h"
#include "report_internal.h"

typedef struct beta_in {
    size_t nu, np, nc;
    const double *val;       /* nu x np scores */
    double **ctl;            /* nc arrays nu x np */
    char **ctl_name;
    const double *pnum;      /* np period numbers */
    enum nqpf_cov_kind se;
} beta_in;

/* One model by the library routine `nqpf converge` uses, kept as the
 * report shows it: the reported terms with the standard errors of the
 * chosen kind, t and p. */
static int beta_model(const beta_in *c, size_t nc, int panel, nqpf_report_beta *B, nqpf_error *err)
{
    nqpf_beta_in bi = {c->nu, c->np, c->val, nc, (const double *const *)c->ctl, (const char *const *)c->ctl_name,
                       c->pnum};
    nqpf_beta_fit f;
    memset(B, 0, sizeof *B);
    int rc = panel ? nqpf_beta_panel(&bi, &f, err) : nqpf_beta_cross(&bi, &f, err);
    if (rc)
        return rc;
    B->model = f.model, B->panel = panel;
    B->term = calloc(f.k, sizeof(char *));
    B->coef = malloc(f.k * sizeof(double)), B->se = malloc(f.k * sizeof(double));
    B->t = malloc(f.k * sizeof(double)), B->p = malloc(f.k * sizeof(double));
    if (!B->term || !B->coef || !B->se || !B->t || !B->p)
        rc = nqpf_fail_nomem(err);
    enum nqpf_cov_kind use = c->se;
    for (size_t j = 0; !rc && j < f.k; j++) {
        if (!(B->term[j] = nqpf_strdup(f.term[j]))) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        B->k++;
        use = nqpf_beta_t(&f, j, c->se, &B->t[j], &B->p[j]);
        B->coef[j] = f.coef[j];
        B->se[j] = use == NQPF_COV_CLUSTER ? f.se_cluster[j] : use == NQPF_COV_HC1 ? f.se_hc1[j] : f.se_classical[j];
    }
    if (!rc) {
        B->se_used = use == NQPF_COV_CLUSTER ? "cluster" : use == NQPF_COV_HC1 ? "hc1" : "classical";
        B->n = (double)f.n, B->span = f.span, B->r2 = f.r2, B->speed = f.speed, B->half_life = f.half_life;
        B->n_units = f.n_units, B->n_periods = f.n_periods;
    }
    nqpf_beta_free(&f);
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
    /* the keys and defaults of `nqpf converge` (include/nqpf/compare_opts.h) */
    nqpf_optval v[NQPF_CONV_NOPTS];
    size_t U = r->U, T = r->T;
    int rc = report_section(r, "converge", NQPF_CONVERGE_OPTS, NQPF_CONV_NOPTS, v, err);
    if (rc)
        return rc;
    size_t nc = v[NQPF_CONV_CONTROLS].n_items;
    beta_in c = {U, T, nc, r->ix.score, NULL, v[NQPF_CONV_CONTROLS].items, NULL,
                 (enum nqpf_cov_kind)v[NQPF_CONV_SE].i};
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
    for (int panel = 0; panel < 2; panel++)
        for (size_t k = 0; k <= (nc ? 1u : 0u) && !rc; k++)
            if (!(rc = beta_model(&c, k ? nc : 0, panel, &r->beta[r->n_beta], err)))
                r->n_beta++;
    if (rc && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", r->data_path);
    for (size_t j = 0; j < nc; j++)
        free(c.ctl[j]);
    free(c.ctl), free(pnum);
    nqpf_opt_free(v, NQPF_CONV_NOPTS);
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
