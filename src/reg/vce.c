/* Sandwich covariances for nqpf reg (iid, HC1, multi-way cluster) and the
 * Wald F test; the conventions are in reg.h and docs/reg.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/reg.h"
#include "nqpf/util.h"

void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w, double *work,
            const int *lwork, int *info);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda, double *b,
             const int *ldb, int *info);

/* meat += sign * sum_g u_g u_g', u_g = sum_{i in g} e_i x_i. */
static int add_cluster_meat(const double *X, const double *e, size_t n, size_t p, const size_t *code, size_t G,
                            double sign, double *meat, nqpf_error *err)
{
    double *u = nqpf_calloc(G * p + 1, sizeof *u);
    if (!u)
        return nqpf_fail_nomem(err);
    /* one pass over the rows (each u[g][j] still receives its terms in
     * row order, so the sums are those of a column-by-column loop) */
    for (size_t i = 0; i < n; i++) {
        double *ui = u + code[i] * p, ei = e[i];
        for (size_t j = 0; j < p; j++)
            ui[j] += X[j * n + i] * ei;
    }
    for (size_t g = 0; g < G; g++) {
        const double *ug = u + g * p;
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b <= a; b++)
                meat[b * p + a] += sign * ug[a] * ug[b];
    }
    free(u);
    return NQPF_OK;
}

/* Set negative eigenvalues of the symmetric V (p x p) to zero. */
static int psd_fix(double *V, size_t p, nqpf_error *err)
{
    int np = (int)p, info = 0, lwork = -1;
    double wq = 0.0, *A = nqpf_alloc(p * p, sizeof *A), *ev = nqpf_alloc(p, sizeof *ev), *work = NULL;
    int rc = NQPF_OK;
    if (!A || !ev) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    memcpy(A, V, p * p * sizeof *A);
    dsyev_("V", "L", &np, A, &np, ev, &wq, &lwork, &info);
    lwork = (int)wq + 1;
    if (!(work = nqpf_alloc((size_t)lwork, sizeof *work))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    dsyev_("V", "L", &np, A, &np, ev, work, &lwork, &info);
    if (info != 0) {
        rc = nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "dsyev failed (info %d)", info);
        goto done;
    }
    if (ev[0] < 0.0) {
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++) {
                double s = 0.0;
                for (size_t l = 0; l < p; l++)
                    if (ev[l] > 0.0)
                        s += A[l * p + a] * ev[l] * A[l * p + b];
                V[b * p + a] = s;
            }
    }
done:
    free(A), free(ev), free(work);
    return rc;
}

int nqpf_reg_vce(const double *X, const double *e, size_t n, size_t p, const double *bread, size_t K,
                 enum nqpf_reg_vce vce, int adj_each, size_t n_cl, const size_t *const *cl, const size_t *cl_levels, double *V,
                 nqpf_error *err)
{
    if (p == 0)
        return NQPF_OK;
    if (n <= K)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "%zu observations for %zu parameters: no degrees of freedom left",
                         n, K);
    double rss = 0.0;
    for (size_t i = 0; i < n; i++)
        rss += e[i] * e[i];
    if (vce == NQPF_REG_IID) {
        double s2 = rss / (double)(n - K);
        for (size_t i = 0; i < p * p; i++)
            V[i] = s2 * bread[i];
        return NQPF_OK;
    }
    double *meat = nqpf_calloc(p * p, sizeof *meat), *tmp = nqpf_alloc(p * p, sizeof *tmp), scale;
    size_t *code = NULL;
    int rc = NQPF_OK;
    if (!meat || !tmp) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if (vce == NQPF_REG_ROBUST) {
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b <= a; b++) {
                const double *xa = X + a * n, *xb = X + b * n;
                double s = 0.0;
                for (size_t i = 0; i < n; i++)
                    s += xa[i] * xb[i] * e[i] * e[i];
                meat[b * p + a] = s;
            }
        scale = (double)n / (double)(n - K);
    } else {
        if (n_cl == 0 || n_cl > 8) {
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "cluster-robust errors need 1 to 8 cluster variables");
            goto done;
        }
        size_t gmin = cl_levels[0];
        for (size_t c = 1; c < n_cl; c++)
            if (cl_levels[c] < gmin)
                gmin = cl_levels[c];
        if (gmin < 2) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "cluster-robust errors need at least 2 clusters (%zu in the sample)",
                           gmin);
            goto done;
        }
        if (!(code = nqpf_alloc(n + 1, sizeof *code))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        /* inclusion-exclusion over the non-empty subsets of the dimensions */
        for (unsigned s = 1; s < (1u << n_cl); s++) {
            const size_t *parts[8];
            size_t np = 0, G = 0;
            for (size_t c = 0; c < n_cl; c++)
                if (s & (1u << c))
                    parts[np++] = cl[c];
            const size_t *cc = parts[0];
            if (np == 1)
                G = 0;
            else if ((rc = nqpf_reg_group(parts, np, n, code, &G, err)))
                goto done;
            else
                cc = code;
            if (np == 1)
                for (size_t c = 0; c < n_cl; c++)
                    if (s == (1u << c))
                        G = cl_levels[c];
            double sign = np % 2 ? 1.0 : -1.0;
            if (adj_each)
                sign *= (double)G / (double)(G - 1) * (double)(gmin - 1) / (double)gmin;
            if ((rc = add_cluster_meat(X, e, n, p, cc, G, sign, meat, err)))
                goto done;
        }
        double Gm = (double)gmin;
        scale = Gm / (Gm - 1.0) * (double)(n - 1) / (double)(n - K);
    }
    for (size_t a = 0; a < p; a++)
        for (size_t b = a + 1; b < p; b++)
            meat[b * p + a] = meat[a * p + b];
    nqpf_sandwich(p, bread, meat, scale, tmp, V); /* V = scale * bread meat bread */
    for (size_t a = 0; a < p; a++)
        for (size_t b = a + 1; b < p; b++)
            V[b * p + a] = V[a * p + b] = 0.5 * (V[b * p + a] + V[a * p + b]);
    if (vce == NQPF_REG_CLUSTER && n_cl > 1)
        rc = psd_fix(V, p, err);
done:
    free(meat), free(tmp), free(code);
    return rc;
}

int nqpf_reg_wald(const double *b, const double *V, size_t p, const size_t *idx, size_t q, double *F,
                  nqpf_error *err)
{
    *F = NAN;
    if (q == 0)
        return NQPF_OK;
    double *A = nqpf_alloc(q * q, sizeof *A), *r = nqpf_alloc(q, sizeof *r);
    if (!A || !r) {
        free(A), free(r);
        return nqpf_fail_nomem(err);
    }
    for (size_t a = 0; a < q; a++) {
        r[a] = b[idx[a]];
        for (size_t c = 0; c < q; c++)
            A[c * q + a] = V[idx[c] * p + idx[a]];
    }
    int nq = (int)q, one = 1, info = 0;
    dpotrf_("L", &nq, A, &nq, &info);
    if (info == 0) {
        double *z = nqpf_alloc(q, sizeof *z);
        if (!z) {
            free(A), free(r);
            return nqpf_fail_nomem(err);
        }
        memcpy(z, r, q * sizeof *z);
        dpotrs_("L", &nq, &one, A, &nq, z, &nq, &info);
        double s = 0.0;
        for (size_t a = 0; a < q; a++)
            s += r[a] * z[a];
        *F = s / (double)q;
        free(z);
    } /* a covariance of lower rank than q (few clusters): F is not defined */
    free(A), free(r);
    return NQPF_OK;
}
