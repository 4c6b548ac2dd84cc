/* Two-stage least squares with absorbed fixed effects (the variables
 * arrive demeaned and sqrt(w)-scaled), first stages, weak-instrument and
 * over-identification statistics.  Conventions: docs/reg.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/util.h"
#include "reg_internal.h"

void dsygv_(const int *itype, const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *b,
            const int *ldb, double *w, double *work, const int *lwork, int *info);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda, double *b,
             const int *ldb, int *info);

/* Columns j of A (n x p) with flag[j] == 0 into out (n x count). */
static size_t take(const double *A, size_t n, size_t p, const int *flag, double *out)
{
    size_t c = 0;
    for (size_t j = 0; j < p; j++)
        if (!flag || !flag[j])
            memcpy(out + (c++) * n, A + j * n, n * sizeof *out);
    return c;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* Smallest squared canonical correlation of Yt (M_X Y) and Z given the
 * restricted and unrestricted first-stage residuals: eigenvalues of
 * B v = l A v with A = Er'Er, B = Er'Er - Eu'Eu. */
static int min_canon(const double *Er, const double *Eu, size_t n, size_t m, double *cd, nqpf_error *err)
{
    double *A = nqpf_alloc(m * m, sizeof *A), *B = nqpf_alloc(m * m, sizeof *B), *ev = nqpf_alloc(m, sizeof *ev),
           wq = 0.0, *work = NULL;
    int rc = NQPF_OK, nm = (int)m, one = 1, info = 0, lwork = -1;
    if (!A || !B || !ev) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++) {
            A[b * m + a] = dot(Er + a * n, Er + b * n, n);
            B[b * m + a] = A[b * m + a] - dot(Eu + a * n, Eu + b * n, n);
        }
    dsygv_(&one, "N", "U", &nm, B, &nm, A, &nm, ev, &wq, &lwork, &info);
    lwork = (int)wq + 1;
    if (!(work = nqpf_alloc((size_t)lwork, sizeof *work))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    dsygv_(&one, "N", "U", &nm, B, &nm, A, &nm, ev, work, &lwork, &info);
    *cd = info == 0 ? ev[0] : NAN;
done:
    free(A), free(B), free(ev), free(work);
    return rc;
}

/* Solve S x = rhs (q x q positive definite, r right-hand sides) in place;
 * 1 when S is not positive definite. */
static int chol_solve(double *S, size_t q, double *rhs, size_t r)
{
    int nq = (int)q, nr = (int)r, info = 0;
    dpotrf_("L", &nq, S, &nq, &info);
    if (info != 0)
        return 1;
    dpotrs_("L", &nq, &nr, S, &nq, rhs, &nq, &info);
    return info != 0;
}

/* Hansen's J at the two-step efficient GMM estimate, with the weight
 * matrix from the 2SLS residuals e (robust, or one-way cluster). */
static int hansen_j(const nqpf_reg_design *d, const double *y, const double *Xf, size_t kf, const double *Zf,
                    size_t lf, const double *e, double *J, nqpf_error *err)
{
    size_t n = d->n, G = d->vce == NQPF_REG_CLUSTER ? d->cl_levels[0] : n;
    double *u = nqpf_calloc(G * lf + 1, sizeof *u), *S = nqpf_calloc(lf * lf + 1, sizeof *S),
           *ZX = nqpf_alloc(lf * kf + 1, sizeof *ZX), *Zy = nqpf_alloc(lf + 1, sizeof *Zy),
           *WZX = nqpf_alloc(lf * kf + 1, sizeof *WZX), *A = nqpf_alloc(kf * kf + 1, sizeof *A),
           *bb = nqpf_alloc(kf + 1, sizeof *bb), *g = nqpf_alloc(lf + 1, sizeof *g), *Wg = nqpf_alloc(lf + 1, sizeof *Wg),
           *S2 = nqpf_alloc(lf * lf + 1, sizeof *S2), *e2 = nqpf_alloc(n + 1, sizeof *e2);
    int rc = NQPF_OK;
    *J = NAN;
    if (!u || !S || !ZX || !Zy || !WZX || !A || !bb || !g || !Wg || !S2 || !e2) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t j = 0; j < lf; j++)
        for (size_t i = 0; i < n; i++)
            u[(d->vce == NQPF_REG_CLUSTER ? d->cl[0][i] : i) * lf + j] += Zf[j * n + i] * e[i];
    for (size_t c = 0; c < G; c++)
        for (size_t a = 0; a < lf; a++)
            for (size_t b = 0; b < lf; b++)
                S[b * lf + a] += u[c * lf + a] * u[c * lf + b];
    for (size_t a = 0; a < lf; a++) {
        Zy[a] = dot(Zf + a * n, y, n);
        for (size_t b = 0; b < kf; b++)
            ZX[b * lf + a] = dot(Zf + a * n, Xf + b * n, n);
    }
    /* b2 = (X'Z W Z'X)^-1 X'Z W Z'y, W = S^-1 */
    memcpy(S2, S, lf * lf * sizeof *S2);
    memcpy(WZX, ZX, lf * kf * sizeof *WZX);
    memcpy(Wg, Zy, lf * sizeof *Wg);
    if (chol_solve(S2, lf, WZX, kf)) /* S not positive definite: J not defined */
        goto done;
    memcpy(S2, S, lf * lf * sizeof *S2);
    chol_solve(S2, lf, Wg, 1);
    for (size_t a = 0; a < kf; a++) {
        bb[a] = dot(ZX + a * lf, Wg, lf);
        for (size_t b = 0; b < kf; b++)
            A[b * kf + a] = dot(ZX + a * lf, WZX + b * lf, lf);
    }
    if (chol_solve(A, kf, bb, 1))
        goto done;
    for (size_t i = 0; i < n; i++) {
        double f = 0.0;
        for (size_t b = 0; b < kf; b++)
            f += Xf[b * n + i] * bb[b];
        e2[i] = y[i] - f;
    }
    for (size_t a = 0; a < lf; a++)
        g[a] = Wg[a] = dot(Zf + a * n, e2, n);
    memcpy(S2, S, lf * lf * sizeof *S2);
    chol_solve(S2, lf, Wg, 1);
    *J = dot(g, Wg, lf);
done:
    free(u), free(S), free(ZX), free(Zy), free(WZX), free(A), free(bb), free(g), free(Wg), free(S2), free(e2);
    return rc;
}

/* Kleibergen-Paap rk Wald F: the rk statistic of the kept instruments
 * (net of the exogenous regressors, as the endogenous Yt already are)
 * over their number, with the first stage's small-sample factor at K1
 * (ivreg2's r(chi2)/N (N - K1)/L, and its cluster analogue). */
static int kp_wald_F(const nqpf_reg_design *d, const double *Yt, const double *E, size_t m, const double *Xx,
                     size_t kx, const char *const *xnames, const int *xo, const double *Z, size_t l, const int *zo,
                     size_t K1, double *F, nqpf_error *err)
{
    size_t n = d->n, q = 0;
    double *Zt = nqpf_alloc(n * l + 1, sizeof *Zt), *bx = nqpf_alloc(kx + 1, sizeof *bx),
           *brx = nqpf_alloc(kx * kx + 1, sizeof *brx), rss = 0.0, rk = NAN;
    int *oo = nqpf_alloc(kx + 1, sizeof *oo), rc = NQPF_OK;
    *F = NAN;
    if (!Zt || !bx || !brx || !oo) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t a = 0; a < l && !rc; a++)
        if (!zo[a]) {
            memcpy(oo, xo, kx * sizeof *oo);
            rc = nqpf_reg_ls(Xx, Z + a * n, n, kx, xnames, oo, bx, Zt + (q++) * n, brx, &rss, err);
        }
    if (!rc && !(rc = nqpf_reg_kp_rk(d, Yt, E, m, Zt, q, K1, &rk, err)))
        *F = rk / (double)q;
done:
    free(Zt), free(bx), free(brx), free(oo);
    return rc;
}

int nqpf_reg_iv(const nqpf_reg_design *d, const double *y, const double *Y, size_t m, const char *const *ynames,
                const double *Xx, size_t kx, const char *const *xnames, const int *omit_x, const double *Z, size_t l,
                const char *const *znames, const int *omit_z, nqpf_reg_fit *out, double *e, nqpf_error *err)
{
    size_t n = d->n, hc = (size_t)d->has_cons, kf = m + kx, lf = kx + l;
    double *Xf = nqpf_alloc(n * kf + 1, sizeof *Xf), *Zf = nqpf_alloc(n * lf + 1, sizeof *Zf),
           *Xh = nqpf_alloc(n * kf + 1, sizeof *Xh), *Er = nqpf_alloc(n * m + 1, sizeof *Er),
           *Eu = nqpf_alloc(n * m + 1, sizeof *Eu), *bread = nqpf_alloc(kf * kf + 1, sizeof *bread),
           *tmp = nqpf_alloc(n + 1, sizeof *tmp), *bx = nqpf_alloc(kx + 1, sizeof *bx),
           *brx = nqpf_alloc(kx * kx + 1, sizeof *brx);
    const char **fn = nqpf_alloc(kf + 1, sizeof *fn), **zn = nqpf_alloc(lf + 1, sizeof *zn);
    int *fo = nqpf_calloc(kf + 1, sizeof *fo), *zo = nqpf_calloc(lf + 1, sizeof *zo),
        *xo = nqpf_calloc(kx + 1, sizeof *xo);
    size_t *idx = nqpf_alloc(l + 1, sizeof *idx);
    int rc = NQPF_OK;
    nqpf_reg_table *tm = &out->main;
    out->n_endog = m;
    out->first = nqpf_calloc(m, sizeof *out->first);
    out->fs_F = nqpf_alloc(m, sizeof(double));
    out->fs_F_p = nqpf_alloc(m, sizeof(double));
    out->fs_partial_r2 = nqpf_alloc(m, sizeof(double));
    out->cd_F = out->kp_F = out->J = out->J_df = out->J_p = NAN;
    if (!Xf || !Zf || !Xh || !Er || !Eu || !bread || !tmp || !bx || !brx || !fn || !zn || !fo || !zo || !xo ||
        !idx || !out->first || !out->fs_F || !out->fs_F_p || !out->fs_partial_r2) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* regressors [Y, X] and instruments [X without _cons, Z, _cons] */
    memcpy(Xf, Y, n * m * sizeof *Xf);
    memcpy(Xf + n * m, Xx, n * kx * sizeof *Xf);
    for (size_t j = 0; j < m; j++)
        fn[j] = ynames[j];
    for (size_t j = 0; j < kx; j++) {
        fn[m + j] = xnames[j];
        fo[m + j] = omit_x ? omit_x[j] : 0;
        xo[j] = fo[m + j];
    }
    memcpy(Zf, Xx, n * (kx - hc) * sizeof *Zf);
    memcpy(Zf + n * (kx - hc), Z, n * l * sizeof *Zf);
    if (hc)
        memcpy(Zf + n * (kx - hc + l), Xx + n * (kx - 1), n * sizeof *Zf);
    for (size_t j = 0; j < kx - hc; j++)
        zn[j] = xnames[j], zo[j] = xo[j];
    for (size_t j = 0; j < l; j++)
        zn[kx - hc + j] = znames[j], zo[kx - hc + j] = omit_z ? omit_z[j] : 0;
    if (hc)
        zn[lf - 1] = "_cons";
    /* restricted first stages (Y on X): partial R^2, Cragg-Donald */
    double rss_r = 0.0;
    for (size_t j = 0; j < m; j++) {
        int o2[64];
        int *oo = kx <= 64 ? o2 : NULL;
        if (!oo) {
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "at most 64 exogenous regressors with --iv");
            goto done;
        }
        memcpy(oo, xo, kx * sizeof *oo);
        if ((rc = nqpf_reg_ls(Xx, Y + j * n, n, kx, xnames, oo, bx, Er + j * n, brx, &rss_r, err)))
            goto done;
        /* first stage proper */
        nqpf_reg_table *ft = &out->first[j];
        if ((rc = nqpf_reg_ols_table(d, Zf, lf, zn, zo, Y + j * n, ft, Eu + j * n, err)))
            goto done;
        size_t q = 0;
        for (size_t a = 0; a < l; a++)
            if (!ft->omitted[kx - hc + a])
                idx[q++] = kx - hc + a;
        if (q < m) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "the model is underidentified: %zu endogenous regressors but %zu instruments not collinear "
                           "with the exogenous regressors",
                           m, q);
            goto done;
        }
        if ((rc = nqpf_reg_wald(ft->b, ft->V, lf, idx, q, &out->fs_F[j], err)))
            goto done;
        out->fs_F_p[j] = nqpf_reg_f_pvalue(out->fs_F[j], (double)q, ft->df_r);
        out->fs_partial_r2[j] = 1.0 - ft->rss / rss_r;
        for (size_t i = 0; i < n; i++)
            Xh[j * n + i] = Y[j * n + i] - Eu[j * n + i];
        if (j == 0)
            for (size_t a = 0; a < lf; a++)
                zo[a] = ft->omitted[a];
    }
    size_t l2 = 0, lk = 0;
    for (size_t a = 0; a < l; a++)
        l2 += !zo[kx - hc + a];
    for (size_t a = 0; a < lf; a++)
        lk += !zo[a];
    memcpy(Xh + n * m, Xx, n * kx * sizeof *Xh);
    /* second stage: b from y on Xh, residuals with the actual regressors */
    if ((rc = nqpf_reg_table_alloc(tm, kf, err)))
        goto done;
    for (size_t j = 0; j < kf; j++)
        tm->term[j] = fn[j], tm->omitted[j] = fo[j];
    if ((rc = nqpf_reg_ls(Xh, y, n, kf, fn, tm->omitted, tm->b, e, bread, &tm->rss, err)))
        goto done;
    for (size_t j = 0; j < m; j++)
        if (tm->omitted[j]) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "the fitted values of endogenous regressor '%s' are collinear with the exogenous regressors",
                           fn[j]);
            goto done;
        }
    double rss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = 0.0;
        for (size_t j = 0; j < kf; j++)
            if (!tm->omitted[j])
                f += Xf[j * n + i] * tm->b[j];
        e[i] = y[i] - f;
        rss += e[i] * e[i];
    }
    tm->rss = rss;
    if ((rc = nqpf_reg_table_vce(d, Xh, e, bread, tm, err)))
        goto done;
    /* weak instruments */
    double cd = NAN;
    if ((rc = min_canon(Er, Eu, n, m, &cd, err)))
        goto done;
    out->cd_F = cd / (1.0 - cd) * (double)(n - out->first[0].k) / (double)l2;
    if ((rc = kp_wald_F(d, Er, Eu, m, Xx, kx, xnames, xo, Z, l, zo + (kx - hc), out->first[0].k, &out->kp_F, err)))
        goto done;
    /* over-identification */
    if (l2 > m) {
        out->J_df = (double)(l2 - m);
        double *Zk = Eu, *Xk = Er; /* reuse as scratch when large enough */
        Zk = nqpf_alloc(n * lk + 1, sizeof *Zk);
        Xk = nqpf_alloc(n * kf + 1, sizeof *Xk);
        if (!Zk || !Xk) {
            free(Zk), free(Xk);
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        take(Zf, n, lf, zo, Zk);
        size_t kk = take(Xf, n, kf, tm->omitted, Xk);
        if (d->vce == NQPF_REG_IID) {
            /* Sargan: N e'P_Z e / e'e */
            int *oz = nqpf_calloc(lk + 1, sizeof *oz);
            double *bz = nqpf_alloc(lk + 1, sizeof *bz), *bz2 = nqpf_alloc(lk * lk + 1, sizeof *bz2), ur = 0.0;
            if (!oz || !bz || !bz2)
                rc = nqpf_fail_nomem(err);
            else
                rc = nqpf_reg_ls(Zk, e, n, lk, NULL, oz, bz, tmp, bz2, &ur, err);
            if (!rc)
                out->J = (double)n * (rss - ur) / rss;
            free(oz), free(bz), free(bz2);
        } else if (d->vce == NQPF_REG_ROBUST || d->n_cl == 1) {
            out->J_hansen = 1;
            rc = hansen_j(d, y, Xk, kk, Zk, lk, e, &out->J, err);
        }
        free(Zk), free(Xk);
        if (rc)
            goto done;
        out->J_p = nqpf_chi2_pvalue(out->J, out->J_df);
    }
done:
    free(Xf), free(Zf), free(Xh), free(Er), free(Eu), free(bread), free(tmp), free(bx), free(brx);
    free(fn), free(zn), free(fo), free(zo), free(xo), free(idx);
    return rc;
}
