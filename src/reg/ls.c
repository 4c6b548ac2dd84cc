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

/* LAPACK (Fortran calling convention), as src/compare/ols.c. */
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau, double *work, const int *lwork,
             int *info);
void dormqr_(const char *side, const char *trans, const int *m, const int *n, const int *k, const double *a,
             const int *lda, const double *tau, double *c, const int *ldc, double *work, const int *lwork, int *info);
void dtrtri_(const char *uplo, const char *diag, const int *n, double *a, const int *lda, int *info);

size_t nqpf_reg_ls_coef_workspace(size_t n, size_t p)
{
    return n + 3 * p * p + 4 * p + 4;
}

/* The coefficients of nqpf_reg_ls (its collinearity pass, then the QR of
 * nqpf_ols_fit: the same LAPACK calls with the same lwork, the same rank
 * test and back substitution) without the covariance and the residuals,
 * in caller-owned memory: X (n x p) is overwritten by the QR, ws has
 * nqpf_reg_ls_coef_workspace(n, p) doubles. */
int nqpf_reg_ls_coef(double *X, const double *y, size_t n, size_t p, int *omitted, double *b, double *ws)
{
    double *qty = ws, *L = qty + n, *R = L + p * p, *z = R + p * p, *tau = z + p + 1, *beta = tau + p + 1;
    size_t kept[64], *kp = p <= 64 ? kept : nqpf_alloc(p + 1, sizeof *kp), pk = 0;
    double *work = NULL;
    int rc = NQPF_EMATH;
    if (!kp)
        return NQPF_ENOMEM;
    /* the cross products of the candidate columns in one pass over the
     * rows: every product summed in row order, as nqpf_reg_ls's loops */
    double *Gm = R;
    memset(Gm, 0, p * p * sizeof *Gm);
    size_t cand[64], nc = 0;
    for (size_t j = 0; j < p && p <= 64; j++)
        if (!omitted[j])
            cand[nc++] = j;
    /* blocks of rows: each product's sum runs on in a register through a
     * block, the pairs' independent sums overlap */
    if (p <= 64)
        for (size_t i0 = 0; i0 < n; i0 += 64) {
            size_t i1 = i0 + 64 < n ? i0 + 64 : n;
            for (size_t a = 0; a < nc; a++) {
                const double *xa = X + cand[a] * n;
                for (size_t c = 0; c <= a; c++) {
                    const double *xc = X + cand[c] * n;
                    double s = Gm[cand[a] * p + cand[c]];
                    for (size_t i = i0; i < i1; i++)
                        s += xc[i] * xa[i];
                    Gm[cand[a] * p + cand[c]] = s;
                }
            }
        }
    memset(L, 0, p * p * sizeof *L);
    for (size_t j = 0; j < p; j++) {
        if (omitted[j])
            continue;
        const double *xj = X + j * n;
        double d = 0.0;
        if (p <= 64)
            d = Gm[j * p + j];
        else
            for (size_t i = 0; i < n; i++)
                d += xj[i] * xj[i];
        double djj = d;
        for (size_t a = 0; a < pk; a++) {
            const double *xa = X + kp[a] * n;
            double c = 0.0;
            if (p <= 64)
                c = Gm[j * p + kp[a]];
            else
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
        kp[pk++] = j;
    }
    for (size_t j = 0; j < p; j++)
        b[j] = NAN;
    if (pk == 0) {
        rc = NQPF_OK;
        goto done;
    }
    /* nqpf_ols_fit on the kept columns, moved to the front in place */
    size_t k = pk;
    if (n <= k || n > 2147483647u || k > 46340u)
        goto done;
    for (size_t a = 0; a < k; a++)
        if (kp[a] != a)
            memmove(X + a * n, X + kp[a] * n, n * sizeof *X);
    for (size_t j = 0; j < k; j++) {
        double cn = 0.0;
        if (p <= 64)
            cn = Gm[kp[j] * p + kp[j]];
        else
            for (size_t i = 0; i < n; i++)
                cn += X[j * n + i] * X[j * n + i];
        z[j] = cn;
    }
    int m = (int)n, pp = (int)k, one = 1, info = 0, lwork = -1, lw2 = -1;
    double wq = 0.0, wq2 = 0.0;
    memcpy(qty, y, n * sizeof *qty);
    dgeqrf_(&m, &pp, X, &m, tau, &wq, &lwork, &info);
    lwork = (int)wq > pp ? (int)wq : pp;
    char side = 'L', tr = 'T';
    dormqr_(&side, &tr, &m, &one, &pp, X, &m, tau, qty, &m, &wq2, &lw2, &info);
    int lwork2 = (int)wq2 > lwork ? (int)wq2 : lwork;
    if (!(work = nqpf_alloc((size_t)lwork2, sizeof *work))) {
        rc = NQPF_ENOMEM;
        goto done;
    }
    dgeqrf_(&m, &pp, X, &m, tau, work, &lwork, &info);
    if (info != 0)
        goto done;
    for (size_t j = 0; j < k; j++) {
        double rjj = fabs(X[j * n + j]);
        if (!(rjj > 1e-10 * sqrt(z[j])) || z[j] == 0.0)
            goto done;
    }
    dormqr_(&side, &tr, &m, &one, &pp, X, &m, tau, qty, &m, work, &lwork2, &info);
    if (info != 0)
        goto done;
    memset(R, 0, k * k * sizeof *R);
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i <= j; i++)
            R[j * k + i] = X[j * n + i];
    char up = 'U', nd = 'N';
    dtrtri_(&up, &nd, &pp, R, &pp, &info);
    if (info != 0)
        goto done;
    for (size_t i = 0; i < k; i++) {
        double s = 0.0;
        for (size_t j = i; j < k; j++)
            s += R[j * k + i] * qty[j];
        beta[i] = s;
    }
    for (size_t a = 0; a < k; a++)
        b[kp[a]] = beta[a];
    rc = NQPF_OK;
done:
    if (kp != kept)
        free(kp);
    free(work);
    return rc;
}
