/* Kleibergen & Paap (2006) rk Wald statistic of the full-rank test of the
 * first-stage coefficient matrix (l excluded instruments x m endogenous
 * regressors), as ranktest's "full wald" reports it to ivreg2, with the
 * covariance of the first stages (iid, HC1, one- or multi-way cluster and
 * their small-sample factors).  Conventions: docs/reg.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/util.h"
#include "reg_internal.h"

void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n, const int *nrhs, const double *a,
             const int *lda, double *b, const int *ldb, int *info);
void dgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork, int *info);

void dgemm_(const char *ta, const char *tb, const int *m, const int *n, const int *k, const double *alpha,
            const double *a, const int *lda, const double *b, const int *ldb, const double *beta, double *c,
            const int *ldc);

/* C (p x q) = A'B for A (n x p) and B (n x q), column-major, or A B for
 * A (p x n) with ta = 'N' (BLAS). */
static void mul(char ta, const double *A, size_t p, const double *B, size_t q, size_t n, double *C)
{
    int ip = (int)p, iq = (int)q, in = (int)n, lda = ta == 'T' ? in : ip;
    double one = 1.0, zero = 0.0;
    dgemm_(&ta, "N", &ip, &iq, &in, &one, A, &lda, B, &in, &zero, C, &ip);
}

/* Upper Cholesky factor R (R'R = S) of the p x p S in place, lower part
 * zeroed; 1 when S is not positive definite. */
static int chol_upper(double *S, size_t p)
{
    int np = (int)p, info = 0;
    dpotrf_("U", &np, S, &np, &info);
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < a; b++)
            S[b * p + a] = 0.0;
    return info != 0;
}

/* Joint covariance Vp (lm x lm, vec order: equation j's l coefficients at
 * j*l) of the first-stage coefficients P of the partialled instruments
 * Zt (n x l) in the m equations with residuals E (n x m), with the
 * design's covariance and small-sample factor at K.  The sandwich of the
 * stacked equations is nqpf_reg_vce's on the score columns z_a e_j with
 * unit residuals and the block-diagonal bread I_m (x) (Zt'Zt)^-1, so the
 * robust, cluster and multi-way conventions are the single-equation ones
 * (by Frisch-Waugh-Lovell, the diagonal blocks are the first stages'
 * covariances of the instruments). */
static int joint_vce(const nqpf_reg_design *d, const double *Zt, size_t l, const double *E, size_t m, size_t K,
                     const double *ZZi, double *Vp, nqpf_error *err)
{
    size_t n = d->n, lm = l * m;
    if (d->vce == NQPF_REG_IID) {
        if (n <= K)
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "%zu observations for %zu parameters: no degrees of freedom left",
                             n, K);
        double S[64 * 64];
        if (m > 64)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "at most 64 endogenous regressors");
        mul('T', E, m, E, m, n, S);
        for (size_t j = 0; j < m; j++)
            for (size_t k = 0; k < m; k++)
                for (size_t a = 0; a < l; a++)
                    for (size_t b = 0; b < l; b++)
                        Vp[(k * l + b) * lm + j * l + a] = S[k * m + j] / (double)(n - K) * ZZi[b * l + a];
        return NQPF_OK;
    }
    double *X = nqpf_alloc(n * lm + 1, sizeof *X), *one = nqpf_alloc(n + 1, sizeof *one),
           *B = nqpf_calloc(lm * lm + 1, sizeof *B);
    int rc = NQPF_OK;
    if (!X || !one || !B) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t j = 0; j < m; j++)
        for (size_t a = 0; a < l; a++)
            for (size_t i = 0; i < n; i++)
                X[(j * l + a) * n + i] = Zt[a * n + i] * E[j * n + i];
    for (size_t i = 0; i < n; i++)
        one[i] = 1.0;
    for (size_t j = 0; j < m; j++)
        for (size_t a = 0; a < l; a++)
            for (size_t b = 0; b < l; b++)
                B[(j * l + b) * lm + j * l + a] = ZZi[b * l + a];
    rc = nqpf_reg_vce(X, one, n, lm, B, K, d->vce, d->adj_each, d->n_cl, d->cl, d->cl_levels, Vp, err);
done:
    free(X), free(one), free(B);
    return rc;
}

int nqpf_reg_kp_rk(const nqpf_reg_design *d, const double *Yt, const double *E, size_t m, const double *Zt,
                   size_t l, size_t K, double *rk, nqpf_error *err)
{
    size_t n = d->n, lm = l * m, r = l - m + 1;
    *rk = NAN;
    if (m == 0 || l < m)
        return NQPF_OK;
    double *ZZ = nqpf_alloc(l * l, sizeof *ZZ), *ZZi = nqpf_alloc(l * l, sizeof *ZZi),
           *G = nqpf_alloc(m * m, sizeof *G), *P = nqpf_alloc(lm, sizeof *P), *Th = nqpf_alloc(lm, sizeof *Th),
           *s = nqpf_alloc(m, sizeof *s), *U = nqpf_alloc(l * l, sizeof *U), *Vt = nqpf_alloc(m * m, sizeof *Vt),
           *Vp = nqpf_alloc(lm * lm, sizeof *Vp), *g = nqpf_alloc(m, sizeof *g), *H = nqpf_alloc(l * r, sizeof *H),
           *T = nqpf_alloc(lm * r, sizeof *T), *Om = nqpf_alloc(r * r, sizeof *Om), *t = nqpf_alloc(r, sizeof *t),
           *VT = nqpf_alloc(lm * r, sizeof *VT),
           *work = NULL, wq = 0.0;
    size_t *idx = nqpf_alloc(r, sizeof *idx);
    int rc = NQPF_OK, nl = (int)l, nm = (int)m, info = 0, lwork = -1;
    if (!ZZ || !ZZi || !G || !P || !Th || !s || !U || !Vt || !Vp || !g || !H || !T || !Om || !t || !VT || !idx) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* P = (Zt'Zt)^-1 Zt'Yt; F (upper, F'F = Zt'Zt) is kept in ZZ */
    mul('T', Zt, l, Zt, l, n, ZZ);
    mul('T', Zt, l, Yt, m, n, P);
    mul('T', Yt, m, Yt, m, n, G);
    if (chol_upper(ZZ, l) || chol_upper(G, m))
        goto done; /* collinear instruments or endogenous regressors: not defined */
    memcpy(ZZi, ZZ, l * l * sizeof *ZZi);
    dpotri_("U", &nl, ZZi, &nl, &info);
    for (size_t a = 0; a < l; a++)
        for (size_t b = 0; b < a; b++)
            ZZi[b * l + a] = ZZi[a * l + b];
    dtrtrs_("U", "T", "N", &nl, &nm, ZZ, &nl, P, &nl, &info);
    dtrtrs_("U", "N", "N", &nl, &nm, ZZ, &nl, P, &nl, &info);
    /* Theta = F P G^-1 (Kleibergen-Paap's G Pi F' in ranktest's choice of
     * normalising matrices) */
    for (size_t j = 0; j < m; j++)
        for (size_t a = 0; a < l; a++) {
            double v = 0.0;
            for (size_t b = a; b < l; b++)
                v += ZZ[b * l + a] * P[j * l + b];
            Th[j * l + a] = v;
        }
    for (size_t j = 0; j < m; j++) /* Th G^-1: solve X G = Th column by column */
        for (size_t a = 0; a < l; a++) {
            double v = Th[j * l + a];
            for (size_t k = 0; k < j; k++)
                v -= Th[k * l + a] * G[j * m + k];
            Th[j * l + a] = v / G[j * m + j];
        }
    dgesvd_("A", "A", &nl, &nm, Th, &nl, s, U, &nl, Vt, &nm, &wq, &lwork, &info);
    lwork = (int)wq + 1;
    if (!(work = nqpf_alloc((size_t)lwork, sizeof *work))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    dgesvd_("A", "A", &nl, &nm, Th, &nl, s, U, &nl, Vt, &nm, work, &lwork, &info);
    if (info != 0)
        goto done;
    /* Under the null of rank m - 1 the statistic tests U_perp' Theta v_m = 0
     * (U_perp: the last l - m + 1 left singular vectors, v_m the last right
     * one); KP's A_q and B_q are these times invertible matrices, which
     * leave the quadratic form unchanged.  In terms of vec(P) the tested
     * combinations are T = (G^-1 v_m) (x) (F' U_perp). */
    for (size_t j = 0; j < m; j++) { /* g = G^-1 v_m: back substitution */
        size_t jj = m - 1 - j;
        double v = Vt[jj * m + (m - 1)];
        for (size_t k = jj + 1; k < m; k++)
            v -= G[k * m + jj] * g[k];
        g[jj] = v / G[jj * m + jj];
    }
    for (size_t c = 0; c < r; c++)
        for (size_t a = 0; a < l; a++) {
            double v = 0.0;
            for (size_t b = 0; b <= a; b++)
                v += ZZ[a * l + b] * U[(m - 1 + c) * l + b];
            H[c * l + a] = v;
        }
    for (size_t c = 0; c < r; c++)
        for (size_t j = 0; j < m; j++)
            for (size_t a = 0; a < l; a++)
                T[c * lm + j * l + a] = g[j] * H[c * l + a];
    if ((rc = joint_vce(d, Zt, l, E, m, K, ZZi, Vp, err)))
        goto done;
    /* t = T' vec(P), Omega = T' Vp T (Vp T into VT) */
    mul('T', T, r, P, 1, lm, t);
    mul('N', Vp, lm, T, r, lm, VT);
    mul('T', T, r, VT, r, lm, Om);
    for (size_t c = 0; c < r; c++)
        idx[c] = c;
    double F = NAN;
    if ((rc = nqpf_reg_wald(t, Om, r, idx, r, &F, err)))
        goto done;
    *rk = F * (double)r;
done:
    free(ZZ), free(ZZi), free(G), free(P), free(Th), free(s), free(U), free(Vt), free(Vp), free(g), free(H), free(T),
        free(Om), free(t), free(VT), free(work), free(idx);
    return rc;
}
