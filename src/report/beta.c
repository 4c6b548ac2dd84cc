/* nqpf — β convergence of the index scores in the report's [converge]
 * section, the models of `nqpf converge` (include/nqpf/convergence.h):
 *   beta_abs / beta_cond   (1/T) ln(y_iT/y_i0) = a + b ln y_i0 [+ c'X_i0] + e
 *   panel_abs / panel_cond ln(y_it/y_i,t-1)/gap = b ln y_i,t-1 [+ c'X_it] + mu_i + eta_t + e
 * fitted by the command's own routines (nqpf_beta_cross, nqpf_beta_panel),
 * so every number equals the command's on a long file of the scores.
 * T and gap are in period units when every period is a number, else steps.
 * Controls are columns of the data file read as published, through the
 * column reader (only they, the unit and the period): a missing or
 * malformed cell is an error at its FILE:LINE:COL (the command's default
 * --missing error). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
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

/* The index in names[0..n) of each level of KEY column k (n when it is
 * none of them): the file's labels to the panel's units or periods. */
static size_t *level_map(const nqpf_column *k, char *const *names, size_t n)
{
    size_t *m = malloc((k->n_levels + 1) * sizeof *m);
    for (size_t l = 0; m && l < k->n_levels; l++) {
        m[l] = 0;
        while (m[l] < n && strcmp(names[m[l]], k->levels[l]))
            m[l]++;
    }
    return m;
}

/* Controls from the data file into nu x np arrays aligned with the panel:
 * only those columns, the unit and the period, through the column reader
 * (a missing or malformed cell of a control is an error at its cell). */
static int read_controls(nqpf_report *r, beta_in *c, nqpf_error *err)
{
    const nqpf_panel *p = r->panel;
    size_t nc = c->nc, np = c->np;
    nqpf_colspec *want = malloc((nc + 2) * sizeof *want);
    nqpf_coltable *t = NULL;
    size_t *um = NULL, *pm = NULL;
    if (!want)
        return nqpf_fail_nomem(err);
    for (size_t j = 0; j < nc; j++)
        want[j] = (nqpf_colspec){c->ctl_name[j], NQPF_COL_NUMBER, 1, NULL};
    want[nc] = (nqpf_colspec){report_opt(r, "data.unit"), NQPF_COL_KEY, 0, NULL};
    want[nc + 1] = (nqpf_colspec){report_opt(r, "data.period"), NQPF_COL_KEY, 0, NULL};
    nqpf_coltable_spec sp = {.path = r->data_path, .encoding = r->iopt.encoding, .cols = want, .n_cols = nc + 2};
    int rc = nqpf_coltable_read(&t, &sp, err);
    if (!rc && (!(um = level_map(&t->col[nc], p->units, c->nu)) || !(pm = level_map(&t->col[nc + 1], p->periods, np))))
        rc = nqpf_fail_nomem(err);
    for (size_t j = 0; !rc && j < nc; j++) {
        if (!(c->ctl[j] = malloc(c->nu * np * sizeof(double)))) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        for (size_t i = 0; i < c->nu * np; i++)
            c->ctl[j][i] = NAN;
        const int32_t *uc = t->col[nc].code, *pc = t->col[nc + 1].code;
        for (size_t i = 0; i < t->n_rows; i++)
            if (uc[i] >= 0 && pc[i] >= 0 && um[uc[i]] < c->nu && pm[pc[i]] < np)
                c->ctl[j][um[uc[i]] * np + pm[pc[i]]] = t->col[j].num[i];
        /* the index panel is built from the same rows, so every cell has one */
        for (size_t i = 0; !rc && i < c->nu * np; i++)
            if (isnan(c->ctl[j][i]))
                rc = nqpf_fail(err, NQPF_EINTERNAL, r->data_path, 0, 0, "control '%s': no row for unit '%s', period %s",
                               c->ctl_name[j], p->units[i / np], p->periods[i % np]);
    }
    free(um), free(pm), free(want);
    nqpf_coltable_free(t);
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
