/* Ordinary least squares by QR (LAPACK) with classical, HC1 and cluster covariances. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/convergence.h"
#include "nqpf/hugemem.h"
#include "nqpf/util.h"

/* LAPACK (Fortran calling convention). */
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau, double *work, const int *lwork,
             int *info);
void dormqr_(const char *side, const char *trans, const int *m, const int *n, const int *k, const double *a,
             const int *lda, const double *tau, double *c, const int *ldc, double *work, const int *lwork, int *info);
void dtrtri_(const char *uplo, const char *diag, const int *n, double *a, const int *lda, int *info);

void nqpf_ols_free(nqpf_ols *o)
{
    if (!o)
        return;
    free(o->beta);
    free(o->resid);
    free(o->xtx_inv);
    memset(o, 0, sizeof *o);
}

/* Rows per block of the blocked QR: up to this many rows the design is
 * factored whole, as it always was (the same bits); above, block by block,
 * so that no n x k copy of a large design is made. */
#define OLS_BLOCK ((size_t)1 << 17)

/* QR of rows [r0, r0 + rows) of X (and y) stacked under the k x k upper
 * triangle R and z = (Q'y)[0..k) of the rows before (have = 0: none);
 * R and z become those of all rows so far.  M: (k + OLS_BLOCK) x k,
 * q: k + OLS_BLOCK, work: lwork doubles. */
static int qr_block(const double *X, const double *y, size_t n, size_t k, size_t r0, size_t rows, int have, double *M,
                    double *q, double *R, double *z, double *work, int lwork, nqpf_error *err)
{
    size_t top = have ? k : 0, ld = k + OLS_BLOCK;
    int m = (int)(top + rows), p = (int)k, lda = (int)ld, one = 1, info = 0;
    for (size_t j = 0; j < k; j++) {
        double *mj = M + j * ld;
        for (size_t i = 0; i < top; i++)
            mj[i] = i <= j ? R[j * k + i] : 0.0;
        memcpy(mj + top, X + j * n + r0, rows * sizeof *mj);
    }
    memcpy(q, z, top * sizeof *q);
    memcpy(q + top, y + r0, rows * sizeof *q);
    dgeqrf_(&m, &p, M, &lda, q + ld, work, &lwork, &info);
    if (info != 0)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "dgeqrf failed (info %d)", info);
    char side = 'L', tr = 'T';
    dormqr_(&side, &tr, &m, &one, &p, M, &lda, q + ld, q, &lda, work, &lwork, &info);
    if (info != 0)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "dormqr failed (info %d)", info);
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i <= j; i++)
            R[j * k + i] = M[j * ld + i];
    memcpy(z, q, k * sizeof *z);
    return NQPF_OK;
}

/* R (k x k, upper, column-major) and z = (Q'y)[0..k) of X = QR. */
static int qr_factor(const double *X, const double *y, size_t n, size_t k, double *R, double *z, nqpf_error *err)
{
    int m = (int)n, p = (int)k, one = 1, info = 0, lwork = -1;
    if (n > OLS_BLOCK) {
        /* blocks of OLS_BLOCK rows (the first also more than k: k <= 46340) */
        size_t ld = k + OLS_BLOCK;
        int lda = (int)ld;
        double wq = 0.0, wq2 = 0.0, *M = malloc(ld * k * sizeof *M), *q = malloc((ld + k) * sizeof *q), *work = NULL;
        if (M && q) { /* workspace queries at the largest block */
            dgeqrf_(&lda, &p, M, &lda, q + ld, &wq, &lwork, &info);
            char side = 'L', tr = 'T';
            dormqr_(&side, &tr, &lda, &one, &p, M, &lda, q + ld, q, &lda, &wq2, &lwork, &info);
            lwork = (int)(wq > wq2 ? wq : wq2);
            if (lwork < p)
                lwork = p;
            work = malloc((size_t)lwork * sizeof *work);
        }
        int rc = M && q && work ? NQPF_OK : nqpf_fail_nomem(err);
        for (size_t r0 = 0; r0 < n && !rc; r0 += OLS_BLOCK)
            rc = qr_block(X, y, n, k, r0, n - r0 < OLS_BLOCK ? n - r0 : OLS_BLOCK, r0 > 0, M, q, R, z, work, lwork,
                          err);
        free(M), free(q), free(work);
        return rc;
    }
    /* the copy LAPACK overwrites: on huge pages (nqpf reg at 75,000 rows x 10: 1,500 page faults fewer) */
    double *A = nqpf_alloc_huge(n * k, sizeof(double), NULL), *tau = malloc(k * sizeof(double)),
           *qty = nqpf_alloc_huge(n, sizeof(double), NULL);
    double wq = 0.0, *work = NULL;
    int rc = NQPF_OK;
    if (!A || !tau || !qty) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    memcpy(A, X, n * k * sizeof(double));
    memcpy(qty, y, n * sizeof(double));
    dgeqrf_(&m, &p, A, &m, tau, &wq, &lwork, &info);
    lwork = (int)wq > p ? (int)wq : p;
    work = malloc((size_t)lwork * sizeof(double));
    if (!work) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    dgeqrf_(&m, &p, A, &m, tau, work, &lwork, &info);
    if (info != 0) {
        rc = nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "dgeqrf failed (info %d)", info);
        goto done;
    }
    {
        char side = 'L', tr = 'T';
        int lw2 = -1;
        dormqr_(&side, &tr, &m, &one, &p, A, &m, tau, qty, &m, &wq, &lw2, &info);
        if ((int)wq > lwork) {
            lwork = (int)wq;
            double *w2 = realloc(work, (size_t)lwork * sizeof(double));
            if (!w2) {
                rc = nqpf_fail_nomem(err);
                goto done;
            }
            work = w2;
        }
        dormqr_(&side, &tr, &m, &one, &p, A, &m, tau, qty, &m, work, &lwork, &info);
        if (info != 0) {
            rc = nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "dormqr failed (info %d)", info);
            goto done;
        }
    }
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i <= j; i++)
            R[j * k + i] = A[j * n + i];
    memcpy(z, qty, k * sizeof *z);
done:
    free(A), free(tau), free(qty), free(work);
    return rc;
}

int nqpf_ols_fit(const double *X, const double *y, size_t n, size_t k, const char *const *names, nqpf_ols *out,
                 nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    if (k == 0 || n <= k)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "least squares needs more observations (%zu) than coefficients (%zu)",
                         n, k);
    if (n > 2147483647u || k > 46340u)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "regression too large for LAPACK's 32-bit indices");
    int p = (int)k, info = 0;
    double *R = calloc(k * k, sizeof(double)), *qty = malloc(k * sizeof(double));
    out->beta = calloc(k, sizeof(double));
    out->resid = nqpf_alloc_huge(n, sizeof(double), NULL);
    out->xtx_inv = calloc(k * k, sizeof(double));
    int rc = NQPF_OK;
    if (!R || !qty || !out->beta || !out->resid || !out->xtx_inv) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if ((rc = qr_factor(X, y, n, k, R, qty, err)))
        goto done;
    /* Rank check on the diagonal of R, relative to the column norms: a tiny
     * |R_jj| means column j is a combination of the earlier columns. */
    for (size_t j = 0; j < k; j++) {
        double cn = 0.0;
        for (size_t i = 0; i < n; i++)
            cn += X[j * n + i] * X[j * n + i];
        double rjj = fabs(R[j * k + j]);
        if (!(rjj > 1e-10 * sqrt(cn)) || cn == 0.0) {
            if (names)
                rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                               "regressor '%s' is zero or collinear with the others: coefficients are not identified",
                               names[j]);
            else
                rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                               "regressor %zu is zero or collinear with the others: coefficients are not identified", j + 1);
            goto done;
        }
    }
    /* R^-1 (upper triangular, in place); (X'X)^-1 = R^-1 R^-T below */
    double *Ri = out->xtx_inv;
    {
        char up = 'U', nd = 'N';
        dtrtri_(&up, &nd, &p, R, &p, &info);
    }
    if (info != 0) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "singular design matrix");
        goto done;
    }
    /* beta = R^-1 (Q'y)[0..k) */
    for (size_t i = 0; i < k; i++) {
        double s = 0.0;
        for (size_t j = i; j < k; j++)
            s += R[j * k + i] * qty[j];
        out->beta[i] = s;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double s = 0.0;
            size_t lo = i > j ? i : j;
            for (size_t l = lo; l < k; l++)
                s += R[l * k + i] * R[l * k + j];
            Ri[j * k + i] = s;
        }
    double ybar = 0.0;
    for (size_t i = 0; i < n; i++)
        ybar += y[i];
    ybar /= (double)n;
    double ssr = 0.0, tss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = 0.0;
        for (size_t j = 0; j < k; j++)
            f += X[j * n + i] * out->beta[j];
        out->resid[i] = y[i] - f;
        ssr += out->resid[i] * out->resid[i];
        tss += (y[i] - ybar) * (y[i] - ybar);
    }
    out->n = n;
    out->k = k;
    out->ssr = ssr;
    out->tss = tss;
    out->r2 = tss > 0.0 ? 1.0 - ssr / tss : NAN;
done:
    free(R), free(qty);
    if (rc)
        nqpf_ols_free(out);
    return rc;
}

int nqpf_ols_cov(const nqpf_ols *fit, const double *X, enum nqpf_cov_kind kind, const size_t *cluster,
                 size_t n_clusters, double *cov, nqpf_error *err)
{
    size_t n = fit->n, k = fit->k;
    const double *V = fit->xtx_inv;
    if (kind == NQPF_COV_CLASSICAL) {
        double s2 = fit->ssr / (double)(n - k);
        for (size_t i = 0; i < k * k; i++)
            cov[i] = s2 * V[i];
        return NQPF_OK;
    }
    double *meat = calloc(k * k, sizeof(double)), *u = NULL, *tmp = calloc(k * k, sizeof(double));
    if (!meat || !tmp) {
        free(meat), free(tmp);
        return nqpf_fail_nomem(err);
    }
    double scale;
    if (kind == NQPF_COV_HC1) {
        for (size_t i = 0; i < n; i++) {
            double e2 = fit->resid[i] * fit->resid[i];
            for (size_t a = 0; a < k; a++) {
                double xa = X[a * n + i] * e2;
                if (xa == 0.0)
                    continue;
                for (size_t b = 0; b < k; b++)
                    meat[b * k + a] += xa * X[b * n + i];
            }
        }
        scale = (double)n / (double)(n - k);
    } else {
        if (n_clusters < 2) {
            free(meat), free(tmp);
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "cluster-robust errors need at least 2 clusters");
        }
        u = calloc(n_clusters * k, sizeof(double));
        if (!u) {
            free(meat), free(tmp);
            return nqpf_fail_nomem(err);
        }
        for (size_t i = 0; i < n; i++)
            for (size_t a = 0; a < k; a++)
                u[cluster[i] * k + a] += X[a * n + i] * fit->resid[i];
        for (size_t g = 0; g < n_clusters; g++)
            for (size_t a = 0; a < k; a++)
                for (size_t b = 0; b < k; b++)
                    meat[b * k + a] += u[g * k + a] * u[g * k + b];
        double G = (double)n_clusters;
        scale = G / (G - 1.0) * (double)(n - 1) / (double)(n - k);
        free(u);
    }
    nqpf_sandwich(k, V, meat, scale, tmp, cov); /* cov = scale * V meat V */
    free(meat), free(tmp);
    return NQPF_OK;
}

/* Regularised incomplete beta I_x(a, b) by the continued fraction (modified
 * Lentz), used for the t distribution. */
/* Lentz keeps C and D away from zero: a value below tiny is replaced by tiny. */
static double lentz_floor(double v)
{
    const double tiny = 1e-300;
    return fabs(v) < tiny ? tiny : v;
}

/* One Lentz step with the partial numerator aa: updates c and d and returns
 * the factor d c that multiplies the convergent. */
static double lentz_step(double aa, double *c, double *d)
{
    *d = 1.0 / lentz_floor(1.0 + aa * *d);
    *c = lentz_floor(1.0 + aa / *c);
    return *d * *c;
}

static double betacf(double a, double b, double x)
{
    double qab = a + b, qap = a + 1.0, qam = a - 1.0, c = 1.0, d = 1.0 / lentz_floor(1.0 - qab * x / qap);
    double h = d;
    for (int m = 1; m <= 10000; m++) {
        double m2 = 2.0 * m, aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        h *= lentz_step(aa, &c, &d);
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        double del = lentz_step(aa, &c, &d);
        h *= del;
        if (fabs(del - 1.0) < 1e-16)
            break;
    }
    return h;
}

/* ln Gamma(a + b) - ln Gamma(a).  For b = 1/2 and large a (t tests with
 * many degrees of freedom) the difference of two huge lgamma values loses
 * digits, so use the asymptotic series of the ratio instead. */
static double lgamma_ratio(double a, double b)
{
    if (b == 0.5 && a >= 1000.0)
        return 0.5 * log(a) - 1.0 / (8.0 * a) + 1.0 / (192.0 * a * a * a);
    return lgamma(a + b) - lgamma(a);
}

static double inc_beta(double a, double b, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    double lbt = lgamma_ratio(a, b) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1.0) / (a + b + 2.0))
        return exp(lbt) * betacf(a, b, x) / a;
    return 1.0 - exp(lbt) * betacf(b, a, 1.0 - x) / b;
}

double nqpf_beta_regularized(double a, double b, double x) { return inc_beta(a, b, x); }

double nqpf_t_pvalue(double t, double df)
{
    if (isnan(t) || !(df > 0.0))
        return NAN;
    if (isinf(t))
        return 0.0;
    return inc_beta(0.5 * df, 0.5, df / (df + t * t));
}

void nqpf_sigma_stats(const double *y, size_t n, nqpf_sigma *out)
{
    double m = 0.0, ml = 0.0;
    int logs_ok = 1;
    for (size_t i = 0; i < n; i++) {
        m += y[i];
        if (y[i] > 0.0)
            ml += log(y[i]);
        else
            logs_ok = 0;
    }
    m /= (double)n;
    ml /= (double)n;
    double s = 0.0, sl = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += (y[i] - m) * (y[i] - m);
        if (logs_ok)
            sl += (log(y[i]) - ml) * (log(y[i]) - ml);
    }
    out->n = (double)n;
    out->mean = m;
    out->sd_pop = sqrt(s / (double)n);
    out->sd_sample = n > 1 ? sqrt(s / (double)(n - 1)) : NAN;
    out->cv_pop = out->sd_pop / m;
    out->cv_sample = out->sd_sample / m;
    out->sd_log_pop = logs_ok ? sqrt(sl / (double)n) : NAN;
    out->sd_log_sample = logs_ok && n > 1 ? sqrt(sl / (double)(n - 1)) : NAN;
}
