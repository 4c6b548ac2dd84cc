/* nqpf threshold — a whole `nqpf threshold` job: read the panel, estimate
 * the thresholds (threshold.c), fit the regime coefficients with the unit
 * fixed effects absorbed and the requested standard errors (nqpf reg's
 * estimator), write the three outputs atomically. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "nqpf/csv.h"
#include "nqpf/opt.h"
#include "nqpf/output.h"
#include "nqpf/reg.h"
#include "nqpf/threshold.h"
#include "nqpf/util.h"

#define MAXCOL 64

typedef struct thr_job {
    nqpf_coltable *t; /* unit, period (keys), then y, q, x..., rx... */
    char *sx, *srx;
    char *xn[MAXCOL], *rxn[MAXCOL];
    size_t nx, nrx;
    double *col[2 * MAXCOL + 2]; /* y, q, x..., rx... (all rows) */
    size_t *unit_all, *slot_all;
    /* the estimation sample */
    size_t n, N;
    double *y, *q, *x[MAXCOL], *rx[MAXCOL];
    size_t *unit, *slot;
} thr_job;

static void job_free(thr_job *j)
{
    nqpf_coltable_free(j->t);
    free(j->sx);
    free(j->srx);
    for (size_t k = 0; k < 2 * MAXCOL + 2; k++)
        free(j->col[k]);
    free(j->unit_all);
    free(j->slot_all);
    free(j->y);
    free(j->q);
    for (size_t k = 0; k < MAXCOL; k++)
        free(j->x[k]), free(j->rx[k]);
    free(j->unit);
    free(j->slot);
}

/* Read the columns, drop rows with a missing cell (listwise), code units. */
static int load(thr_job *j, const nqpf_thr_request *rq, size_t *dropped, nqpf_error *err)
{
    /* only the model's columns (the column reader): unit and period as
     * keys, the rest as numbers */
    nqpf_colspec want[2 * MAXCOL + 4];
    size_t nc = 0;
    want[0] = (nqpf_colspec){rq->unit, NQPF_COL_KEY, 0, NULL};
    want[1] = (nqpf_colspec){rq->period, NQPF_COL_KEY, 0, NULL};
    want[2 + nc++] = (nqpf_colspec){rq->y, NQPF_COL_NUMBER, 0, NULL};
    want[2 + nc++] = (nqpf_colspec){rq->q, NQPF_COL_NUMBER, 0, NULL};
    for (size_t k = 0; k < j->nx; k++)
        want[2 + nc++] = (nqpf_colspec){j->xn[k], NQPF_COL_NUMBER, 0, NULL};
    for (size_t k = 0; k < j->nrx; k++)
        want[2 + nc++] = (nqpf_colspec){j->rxn[k], NQPF_COL_NUMBER, 0, NULL};
    nqpf_coltable_spec sp = {.path = rq->data, .encoding = (nqpf_encoding)rq->encoding, .cols = want, .n_cols = 2 + nc,
                             .extra = rq->data_extra};
    int rc = nqpf_coltable_read(&j->t, &sp, err);
    if (rc)
        return rc;
    size_t n = j->t->n_rows;
    const nqpf_column *uc = &j->t->col[0], *pc = &j->t->col[1];
    for (size_t c = 0; c < nc; c++) { /* the reader's arrays become the job's */
        j->col[c] = j->t->col[2 + c].num;
        j->t->col[2 + c].num = NULL;
    }
    j->unit_all = malloc((n + 1) * sizeof(size_t));
    j->slot_all = malloc((n + 1) * sizeof(size_t));
    size_t T = 0, *rank = malloc((pc->n_levels + 1) * sizeof(size_t));
    if (!j->unit_all || !j->slot_all || !rank) {
        free(rank);
        return nqpf_fail_nomem(err);
    }
    if ((rc = nqpf_coltable_rank_levels(pc, rank, &T, NULL, err))) {
        free(rank);
        return rc;
    }
    for (size_t i = 0; i < n && !rc; i++)
        if (pc->code[i] < 0)
            rc = nqpf_fail(err, NQPF_EMISSING, rq->data, j->t->line[i], pc->file_col, "missing period");
        else
            j->slot_all[i] = rank[pc->code[i]];
    free(rank);
    if (rc)
        return rc;
    /* keep complete rows; units numbered in order of appearance among them */
    j->y = malloc((n + 1) * sizeof(double));
    j->q = malloc((n + 1) * sizeof(double));
    j->unit = malloc((n + 1) * sizeof(size_t));
    j->slot = malloc((n + 1) * sizeof(size_t));
    if (!j->y || !j->q || !j->unit || !j->slot)
        return nqpf_fail_nomem(err);
    for (size_t k = 0; k < j->nx; k++)
        if (!(j->x[k] = malloc((n + 1) * sizeof(double))))
            return nqpf_fail_nomem(err);
    for (size_t k = 0; k < j->nrx; k++)
        if (!(j->rx[k] = malloc((n + 1) * sizeof(double))))
            return nqpf_fail_nomem(err);
    nqpf_strmap units = {0};
    nqpf_strmap cells = {0};
    nqpf_buf key = {0};
    size_t m = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        int complete = 1;
        for (size_t c = 0; c < nc; c++)
            complete &= !isnan(j->col[c][i]);
        if (!complete)
            continue;
        const char *u = uc->code[i] < 0 ? "" : uc->levels[uc->code[i]];
        long id = nqpf_strmap_intern(&units, u, strlen(u), NULL);
        key.len = 0;
        int ins = 0;
        if (id < 0 || nqpf_buf_printf(&key, "%ld\x1f%zu", id, j->slot_all[i]) ||
            nqpf_strmap_intern(&cells, key.data, key.len, &ins) < 0) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        if (!ins) {
            rc = nqpf_fail(err, NQPF_EINPUT, rq->data, j->t->line[i], uc->file_col,
                           "unit '%s' appears twice in period '%s'", u, pc->levels[pc->code[i]]);
            break;
        }
        j->y[m] = j->col[0][i];
        j->q[m] = j->col[1][i];
        for (size_t k = 0; k < j->nx; k++)
            j->x[k][m] = j->col[2 + k][i];
        for (size_t k = 0; k < j->nrx; k++)
            j->rx[k][m] = j->col[2 + j->nx + k][i];
        j->unit[m] = (size_t)id;
        j->slot[m] = j->slot_all[i];
        m++;
    }
    j->N = units.n;
    nqpf_strmap_free(&units);
    nqpf_strmap_free(&cells);
    nqpf_buf_free(&key);
    j->n = m;
    *dropped = n - m;
    if (!rc && m == 0)
        rc = nqpf_fail(err, NQPF_EINPUT, rq->data, 0, 0, "no complete rows");
    /* the bootstrap's periods: slots renumbered over the periods present */
    if (!rc && rq->boot) {
        size_t *map = malloc((T + 1) * sizeof(size_t));
        if (!map)
            return nqpf_fail_nomem(err);
        for (size_t t = 0; t < T; t++)
            map[t] = (size_t)-1;
        size_t used = 0;
        for (size_t i = 0; i < m; i++)
            if (map[j->slot[i]] == (size_t)-1)
                map[j->slot[i]] = 0;
        for (size_t t = 0; t < T; t++)
            if (map[t] != (size_t)-1)
                map[t] = used++;
        for (size_t i = 0; i < m; i++)
            j->slot[i] = map[j->slot[i]];
        free(map);
    }
    return rc;
}

static int stat(nqpf_restab *b, const char *name, double v)
{
    const char *f[2] = {"threshold", name};
    return nqpf_restab_row(b, f, 2, &v, 1);
}

/* The regime coefficients: unit FE absorbed, x and rx 1(regime r). */
static int coefficients(const thr_job *j, const nqpf_thr_request *rq, const nqpf_thr_result *r, nqpf_restab *cb,
                        nqpf_restab *sb, nqpf_error *err)
{
    size_t K = r->n_thr, n = j->n, nreg = j->nrx * (K + 1);
    double *regv[MAXCOL * (NQPF_THR_MAX + 1)] = {0};
    char *regn[MAXCOL * (NQPF_THR_MAX + 1)] = {0};
    const double *xs[MAXCOL * (NQPF_THR_MAX + 2)];
    const char *xnames[MAXCOL * (NQPF_THR_MAX + 2)];
    int rc = NQPF_OK;
    for (size_t a = 0; a < j->nx; a++)
        xs[a] = j->x[a], xnames[a] = j->xn[a];
    for (size_t c = 0; c < j->nrx && !rc; c++)
        for (size_t g = 0; g <= K && !rc; g++) {
            size_t idx = c * (K + 1) + g;
            regv[idx] = malloc((n + 1) * sizeof(double));
            regn[idx] = malloc(strlen(j->rxn[c]) + 16);
            if (!regv[idx] || !regn[idx]) {
                rc = nqpf_fail_nomem(err);
                break;
            }
            sprintf(regn[idx], "%s_r%zu", j->rxn[c], g + 1);
            double lo = g == 0 ? -INFINITY : r->gamma[g - 1], hi = g == K ? INFINITY : r->gamma[g];
            for (size_t i = 0; i < n; i++)
                regv[idx][i] = j->q[i] > lo && j->q[i] <= hi ? j->rx[c][i] : 0.0;
            xs[j->nx + idx] = regv[idx];
            xnames[j->nx + idx] = regn[idx];
        }
    nqpf_reg_fit fit;
    memset(&fit, 0, sizeof fit);
    if (!rc) {
        const size_t *fe[1] = {j->unit};
        const char *fen[1] = {rq->unit};
        nqpf_reg_spec s;
        memset(&s, 0, sizeof s);
        s.n = n, s.y = j->y, s.y_name = rq->y;
        s.n_x = j->nx + nreg, s.x = xs, s.x_name = xnames;
        s.n_fe = 1, s.fe = fe, s.fe_name = fen;
        s.vce = NQPF_REG_IID;
        s.keep_singletons = 1; /* Hansen's estimator keeps every unit */
        if (rq->vce && strcmp(rq->vce, "robust") == 0)
            s.vce = NQPF_REG_ROBUST;
        else if (rq->vce && strcmp(rq->vce, "cluster") == 0) {
            s.vce = NQPF_REG_CLUSTER;
            s.n_cl = 1, s.cl = fe, s.cl_name = fen;
        } else if (rq->vce && strcmp(rq->vce, "iid") != 0)
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--vce takes iid, robust or cluster (on the unit), not '%s'",
                           rq->vce);
        if (!rc)
            rc = nqpf_reg_fit_model(&s, &fit, err);
    }
    if (!rc) {
        const nqpf_reg_table *t = &fit.main;
        int bad = 0;
        for (size_t p = 0; p < t->p; p++) {
            const char *f[2] = {"threshold", t->term[p]};
            const double v[6] = {t->b[p], t->se[p], t->t[p], t->pval[p], t->lo[p], t->hi[p]};
            bad |= nqpf_restab_row(cb, f, 2, v, 6);
        }
        bad |= stat(sb, "r2_within", t->r2_within);
        bad |= stat(sb, "df_r", t->df_r);
        if (bad)
            rc = nqpf_fail_nomem(err);
    }
    nqpf_reg_fit_free(&fit);
    for (size_t k = 0; k < MAXCOL * (NQPF_THR_MAX + 1); k++)
        free(regv[k]), free(regn[k]);
    return rc;
}

/* the message of a missing required option, from the command's run and the compute alike */
static int required(nqpf_error *err)
{
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                     "--data, --unit, --period, --y, --rx, --q and --out are required (see --help)");
}

int nqpf_thr_compute(const nqpf_thr_request *rq, nqpf_thr_output *o, nqpf_error *err)
{
    memset(o, 0, sizeof *o);
    if (!rq->data || !rq->unit || !rq->period || !rq->y || !rq->rx || !rq->q)
        return required(err);
    thr_job j;
    memset(&j, 0, sizeof j);
    nqpf_thr_result r;
    memset(&r, 0, sizeof r);
    size_t dropped = 0;
    int rc = nqpf_opt_names(rq->x, "x", &j.sx, j.xn, MAXCOL, &j.nx, err);
    if (!rc)
        rc = nqpf_opt_names(rq->rx, "rx", &j.srx, j.rxn, MAXCOL, &j.nrx, err);
    for (size_t a = 0; a < j.nrx && !rc; a++) {
        if (strcmp(j.rxn[a], rq->q) == 0 || strcmp(j.rxn[a], rq->y) == 0)
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "'%s' cannot be both --rx and --%s", j.rxn[a],
                           strcmp(j.rxn[a], rq->q) == 0 ? "q" : "y");
        for (size_t b = 0; b < j.nx && !rc; b++)
            if (strcmp(j.rxn[a], j.xn[b]) == 0)
                rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "'%s' cannot be both --x and --rx", j.rxn[a]);
    }
    if (!rc)
        rc = load(&j, rq, &dropped, err);
    if (!rc) {
        nqpf_thr_spec s = {0};
        s.n = j.n, s.y = j.y;
        s.n_x = j.nx, s.x = (const double *const *)j.x;
        s.n_rx = j.nrx, s.rx = (const double *const *)j.rx;
        s.q = j.q, s.unit = j.unit, s.n_units = j.N, s.slot = j.slot;
        s.n_thr = rq->n_thr ? rq->n_thr : 1;
        s.trim = rq->trim > 0 ? rq->trim : 0.01;
        s.grid = rq->grid, s.boot = rq->boot, s.seed = rq->seed, s.level = rq->level;
        rc = nqpf_thr_estimate(&s, &r, err);
        if (rc && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", rq->data);
    }
    int bad = 0;
    if (!rc) {
        bad |= nqpf_restab_header(&o->out, "model,term,estimate,se,t,p,ci_lo,ci_hi");
        bad |= nqpf_restab_header(&o->stats, "model,statistic,value");
        bad |= stat(&o->stats, "N", (double)r.n);
        bad |= stat(&o->stats, "N_missing", (double)dropped);
        bad |= stat(&o->stats, "units", (double)r.n_units);
        bad |= stat(&o->stats, "candidates", (double)r.n_cand);
        bad |= stat(&o->stats, "lr_crit", r.lr_crit);
        char name[64];
        for (size_t k = 0; k < r.n_thr; k++) {
            const char *what[3] = {"", "_lo", "_hi"};
            const double v[3] = {r.gamma[k], r.ci_lo[k], r.ci_hi[k]};
            for (int w = 0; w < 3; w++) {
                snprintf(name, sizeof name, "gamma%zu%s", k + 1, what[w]);
                bad |= stat(&o->stats, name, v[w]);
            }
        }
        for (size_t k = 0; k <= r.n_thr; k++) {
            snprintf(name, sizeof name, "ssr%zu", k);
            bad |= stat(&o->stats, name, r.ssr[k]);
            if (k) {
                snprintf(name, sizeof name, "sigma2_%zu", k);
                bad |= stat(&o->stats, name, r.sigma2[k]);
                snprintf(name, sizeof name, "F%zu", k);
                bad |= stat(&o->stats, name, r.F[k - 1]);
                if (rq->boot) {
                    snprintf(name, sizeof name, "F%zu_p", k);
                    bad |= stat(&o->stats, name, r.F_p[k - 1]);
                    static const char *const cn[3] = {"crit90", "crit95", "crit99"};
                    for (int c = 0; c < 3; c++) {
                        snprintf(name, sizeof name, "F%zu_%s", k, cn[c]);
                        bad |= stat(&o->stats, name, r.crit[k - 1][c]);
                    }
                }
            }
        }
        bad |= nqpf_restab_header(&o->lr, "threshold,gamma,lr");
        for (size_t k = 0; k < r.n_thr; k++)
            for (size_t c = 0; c < r.n_curve[k]; c++) {
                double v[3] = {(double)(k + 1), r.curve_gamma[k][c], r.curve_lr[k][c]};
                bad |= nqpf_restab_row(&o->lr, NULL, 0, v, 3);
            }
        if (bad)
            rc = nqpf_fail_nomem(err);
    }
    if (!rc)
        rc = coefficients(&j, rq, &r, &o->out, &o->stats, err);
    if (!rc && !(rc = nqpf_restab_done(&o->out, err)) && !(rc = nqpf_restab_done(&o->stats, err)))
        rc = nqpf_restab_done(&o->lr, err);
    if (rc)
        nqpf_thr_output_free(o);
    nqpf_thr_result_free(&r);
    job_free(&j);
    return rc;
}

void nqpf_thr_output_free(nqpf_thr_output *o)
{
    nqpf_restab_free(&o->out), nqpf_restab_free(&o->stats), nqpf_restab_free(&o->lr);
}

int nqpf_thr_run(const nqpf_thr_request *rq, nqpf_error *err)
{
    if (!rq->out)
        return required(err);
    nqpf_thr_output o;
    int rc = nqpf_thr_compute(rq, &o, err);
    if (!rc) {
        /* all files or none */
        const char *paths[3] = {rq->out, rq->stats, rq->lr};
        const nqpf_restab *tabs[3] = {&o.out, &o.stats, &o.lr};
        rc = nqpf_restabs_write(paths, tabs, NULL, 3, rq->force | (rq->bom ? NQPF_OUT_BOM : 0), err);
        nqpf_thr_output_free(&o);
    }
    return rc;
}
