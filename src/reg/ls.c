/* Least squares with collinearity detection, and the coefficient table
 * (t, p, confidence interval, Wald F) for nqpf reg. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/convergence.h"
#include "nqpf/util.h"
#include "reg_internal.h"

/* A column whose part not explained by the earlier kept columns has a sum
 * of squares below COLLIN_TOL times its own is collinear (R^2 > 1 - 1e-9). */
#define COLLIN_TOL 1e-9

int nqpf_reg_ls(const double *X, const double *y, size_t n, size_t p, const char *const *names, int *omitted,
                double *b, double *e, double *bread, double *rss, nqpf_error *err)
{
    size_t *kept = nqpf_alloc(p + 1, sizeof *kept), pk = 0;
    double *L = nqpf_calloc(p * p + 1, sizeof *L), *z = nqpf_alloc(p + 1, sizeof *z), *Xk = NULL;
    const char **kn = nqpf_alloc(p + 1, sizeof *kn);
    nqpf_ols fit = {0};
    int rc = NQPF_OK;
    if (!kept || !L || !z || !kn) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* incremental Cholesky of the kept columns' cross products */
    for (size_t j = 0; j < p; j++) {
        if (omitted[j])
            continue;
        const double *xj = X + j * n;
        double d = 0.0;
        for (size_t i = 0; i < n; i++)
            d += xj[i] * xj[i];
        double djj = d;
        for (size_t a = 0; a < pk; a++) {
            const double *xa = X + kept[a] * n;
            double c = 0.0;
            for (size_t i = 0; i < n; i++)
                c += xa[i] * xj[i];
            for (size_t q = 0; q < a; q++)
                c -= L[a * p + q] * z[q];
            z[a] = c / L[a * p + a];
            d -= z[a] * z[a];
        }
        if (!(djj > 0.0) || !(d > COLLIN_TOL * djj)) {
            omitted[j] = NQPF_REG_COLLINEAR;
            continue;
        }
        for (size_t a = 0; a < pk; a++)
            L[pk * p + a] = z[a];
        L[pk * p + pk] = sqrt(d);
        kept[pk++] = j;
    }
    for (size_t j = 0; j < p; j++)
        b[j] = NAN;
    memset(bread, 0, p * p * sizeof *bread);
    if (pk == 0) {
        memcpy(e, y, n * sizeof *e);
    } else {
        /* the kept columns (no copy when every column is kept) */
        const double *Xu = X;
        if (pk < p) {
            if (!(Xk = nqpf_alloc(n * pk, sizeof *Xk))) {
                rc = nqpf_fail_nomem(err);
                goto done;
            }
            for (size_t a = 0; a < pk; a++)
                memcpy(Xk + a * n, X + kept[a] * n, n * sizeof *Xk);
            Xu = Xk;
        }
        for (size_t a = 0; a < pk; a++)
            kn[a] = names ? names[kept[a]] : NULL;
        if ((rc = nqpf_ols_fit(Xu, y, n, pk, names ? kn : NULL, &fit, err)))
            goto done;
        for (size_t a = 0; a < pk; a++) {
            b[kept[a]] = fit.beta[a];
            for (size_t c = 0; c < pk; c++)
                bread[kept[c] * p + kept[a]] = fit.xtx_inv[c * pk + a];
        }
        memcpy(e, fit.resid, n * sizeof *e);
    }
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += e[i] * e[i];
    *rss = s;
done:
    nqpf_ols_free(&fit);
    free(kept), free(L), free(z), free(Xk), free(kn);
    return rc;
}

int nqpf_reg_table_alloc(nqpf_reg_table *t, size_t p, nqpf_error *err)
{
    memset(t, 0, sizeof *t);
    t->p = p;
    t->term = nqpf_calloc(p + 1, sizeof *t->term);
    t->omitted = nqpf_calloc(p + 1, sizeof *t->omitted);
    t->b = nqpf_alloc(p + 1, sizeof(double));
    t->se = nqpf_alloc(p + 1, sizeof(double));
    t->t = nqpf_alloc(p + 1, sizeof(double));
    t->pval = nqpf_alloc(p + 1, sizeof(double));
    t->lo = nqpf_alloc(p + 1, sizeof(double));
    t->hi = nqpf_alloc(p + 1, sizeof(double));
    t->V = nqpf_calloc(p * p + 1, sizeof(double));
    if (!t->term || !t->omitted || !t->b || !t->se || !t->t || !t->pval || !t->lo || !t->hi || !t->V) {
        nqpf_reg_table_free(t);
        return nqpf_fail_nomem(err);
    }
    return NQPF_OK;
}

void nqpf_reg_table_free(nqpf_reg_table *t)
{
    if (!t)
        return;
    free(t->term), free(t->omitted), free(t->b), free(t->se), free(t->t), free(t->pval), free(t->lo), free(t->hi);
    free(t->V);
    memset(t, 0, sizeof *t);
}

int nqpf_reg_table_finish(nqpf_reg_table *t, int has_cons, nqpf_error *err)
{
    size_t p = t->p, q = 0;
    double crit = nqpf_t_quantile(0.975, t->df_r);
    size_t *idx = nqpf_alloc(p + 1, sizeof *idx);
    if (!idx)
        return nqpf_fail_nomem(err);
    for (size_t j = 0; j < p; j++) {
        if (t->omitted[j]) {
            t->b[j] = t->se[j] = t->t[j] = t->pval[j] = t->lo[j] = t->hi[j] = NAN;
            continue;
        }
        double se = sqrt(t->V[j * p + j]);
        t->se[j] = se;
        t->t[j] = t->b[j] / se;
        t->pval[j] = nqpf_t_pvalue(t->t[j], t->df_r);
        t->lo[j] = t->b[j] - crit * se;
        t->hi[j] = t->b[j] + crit * se;
        if (!(has_cons && j == p - 1))
            idx[q++] = j;
    }
    int rc = nqpf_reg_wald(t->b, t->V, p, idx, q, &t->F, err);
    t->F_df1 = q;
    t->F_p = nqpf_reg_f_pvalue(t->F, (double)q, t->df_r);
    free(idx);
    return rc;
}

int nqpf_reg_table_vce(const nqpf_reg_design *d, const double *X, const double *e, const double *bread,
                       nqpf_reg_table *t, nqpf_error *err)
{
    size_t n = d->n, p = t->p, pk = 0;
    for (size_t j = 0; j < p; j++)
        pk += t->omitted[j] == NQPF_REG_KEPT;
    t->k = pk + d->k_abs;
    if (n <= t->k)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "%zu observations for %zu parameters (%zu absorbed): no degrees of freedom left", n, t->k,
                         d->k_abs);
    t->df_r = d->vce == NQPF_REG_CLUSTER ? (double)(d->gmin - 1) : (double)(n - t->k);
    double *Xk = pk < p ? nqpf_alloc(n * pk + 1, sizeof *Xk) : NULL, *Bk = nqpf_alloc(pk * pk + 1, sizeof *Bk),
           *Vk = nqpf_alloc(pk * pk + 1, sizeof *Vk);
    size_t *kept = nqpf_alloc(pk + 1, sizeof *kept);
    int rc = NQPF_OK;
    if ((pk < p && !Xk) || !Bk || !Vk || !kept) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t j = 0, a = 0; j < p; j++)
        if (t->omitted[j] == NQPF_REG_KEPT)
            kept[a++] = j;
    for (size_t a = 0; a < pk; a++) {
        if (Xk)
            memcpy(Xk + a * n, X + kept[a] * n, n * sizeof *Xk);
        for (size_t c = 0; c < pk; c++)
            Bk[c * pk + a] = bread[kept[c] * p + kept[a]];
    }
    if ((rc = nqpf_reg_vce(Xk ? Xk : X, e, n, pk, Bk, t->k, d->vce, d->adj_each, d->n_cl, d->cl, d->cl_levels, Vk, err)))
        goto done;
    memset(t->V, 0, p * p * sizeof *t->V);
    for (size_t a = 0; a < pk; a++)
        for (size_t c = 0; c < pk; c++)
            t->V[kept[c] * p + kept[a]] = Vk[c * pk + a];
    rc = nqpf_reg_table_finish(t, d->has_cons, err);
done:
    free(Xk), free(Bk), free(Vk), free(kept);
    return rc;
}

int nqpf_reg_ols_table(const nqpf_reg_design *d, const double *X, size_t p, const char *const *names,
                       const int *omit_in, const double *y, nqpf_reg_table *t, double *e, nqpf_error *err)
{
    int rc = nqpf_reg_table_alloc(t, p, err);
    if (rc)
        return rc;
    double *bread = nqpf_alloc(p * p + 1, sizeof *bread);
    if (!bread) {
        nqpf_reg_table_free(t);
        return nqpf_fail_nomem(err);
    }
    for (size_t j = 0; j < p; j++) {
        t->term[j] = names[j];
        t->omitted[j] = omit_in ? omit_in[j] : NQPF_REG_KEPT;
    }
    rc = nqpf_reg_ls(X, y, d->n, p, names, t->omitted, t->b, e, bread, &t->rss, err);
    if (!rc)
        rc = nqpf_reg_table_vce(d, X, e, bread, t, err);
    free(bread);
    if (rc)
        nqpf_reg_table_free(t);
    return rc;
}
