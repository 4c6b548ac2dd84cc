/* nqpf — Tobit regression by Newton's method in Olsen's parameters (see
 * tobit.h).  Written here rather than taken from a library because it is
 * small and the parts that matter are ours to get right: the tails of
 * log Phi (efficient units sit far in them), the concave parametrisation,
 * and the covariance carried back to the reported parameters. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/convergence.h"
#include "nqpf/tobit.h"

void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda, double *b,
             const int *ldb, int *info);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);

#define TOBIT_MAX_IT 200
#define LOG_SQRT_2PI 0.91893853320467274178

double nqpf_normal_pvalue(double z) { return erfc(fabs(z) / sqrt(2.0)); }

/* log Phi(a) and the inverse Mills ratio lambda(a) = phi(a) / Phi(a).
 * Below a = -37 erfc underflows; there Phi(a) = phi(a)/(-a) (1 - a^-2 +
 * 3 a^-4 - 15 a^-6 + 105 a^-8 ...), whose next term is below 1e-11. */
static void log_cdf(double a, double *lp, double *lambda)
{
    if (a > -37.0) {
        double P = 0.5 * erfc(-a / sqrt(2.0));
        double ph = exp(-0.5 * a * a - LOG_SQRT_2PI);
        *lp = log(P);
        *lambda = ph / P;
        return;
    }
    double u = 1.0 / (a * a), s = 1.0 - u * (1.0 - u * (3.0 - u * (15.0 - 105.0 * u)));
    *lp = -0.5 * a * a - LOG_SQRT_2PI - log(-a) + log(s);
    *lambda = -a / s;
}

typedef struct tobit_data {
    const double *X, *y;
    size_t n, k;
    double lower, upper;
    int truncated; /* the truncated model: skip observations beyond a limit */
} tobit_data;

/* Log-likelihood at theta = (d[k], h); with g (k+1) and H ((k+1)^2,
 * column-major) also its gradient and Hessian. */
static double loglik(const tobit_data *D, const double *th, double *g, double *H)
{
    size_t n = D->n, k = D->k, p = k + 1;
    double h = th[k], ll = 0.0;
    if (g) {
        memset(g, 0, p * sizeof *g);
        memset(H, 0, p * p * sizeof *H);
    }
    for (size_t i = 0; i < n; i++) {
        double xd = 0.0;
        for (size_t j = 0; j < k; j++)
            xd += D->X[j * n + i] * th[j];
        double yi = D->y[i];
        /* censored: l = log Phi(a), a = c0 + c' theta with da/dd = s x,
         * da/dh = lim; uncensored: the normal density term */
        double a, lim, sx, lp, lam;
        int beyond = yi <= D->lower || yi >= D->upper;
        if (beyond && D->truncated)
            continue;
        if (D->truncated) {
            /* - log Pr(y* inside) = - log Phi(a), a = x'd - h L (left) or
             * h U - x'd (right); derivatives as the censored term's, signs
             * flipped */
            int left = isfinite(D->lower);
            lim = left ? D->lower : D->upper;
            sx = left ? 1.0 : -1.0;
            a = left ? xd - h * lim : h * lim - xd;
            log_cdf(a, &lp, &lam);
            ll -= lp;
            if (g) {
                double dh = left ? -lim : lim, c = lam * (a + lam);
                for (size_t j = 0; j < k; j++) {
                    double xj = sx * D->X[j * n + i];
                    g[j] -= lam * xj;
                    for (size_t l = 0; l <= j; l++)
                        H[l * p + j] += c * xj * sx * D->X[l * n + i];
                    H[j * p + k] += c * xj * dh;
                }
                g[k] -= lam * dh;
                H[k * p + k] += c * dh * dh;
            }
        }
        if (beyond) {
            int left = yi <= D->lower;
            lim = left ? D->lower : D->upper;
            sx = left ? -1.0 : 1.0;
            a = left ? h * lim - xd : xd - h * lim;
            log_cdf(a, &lp, &lam);
            ll += lp;
            if (!g)
                continue;
            double dh = left ? lim : -lim, c = -lam * (a + lam);
            for (size_t j = 0; j < k; j++) {
                double xj = sx * D->X[j * n + i];
                g[j] += lam * xj;
                for (size_t l = 0; l <= j; l++)
                    H[l * p + j] += c * xj * sx * D->X[l * n + i];
                H[j * p + k] += c * xj * dh;
            }
            g[k] += lam * dh;
            H[k * p + k] += c * dh * dh;
        } else {
            double r = h * yi - xd;
            ll += log(h) - 0.5 * r * r - LOG_SQRT_2PI;
            if (!g)
                continue;
            for (size_t j = 0; j < k; j++) {
                double xj = D->X[j * n + i];
                g[j] += r * xj;
                for (size_t l = 0; l <= j; l++)
                    H[l * p + j] -= xj * D->X[l * n + i];
                H[j * p + k] += xj * yi;
            }
            g[k] += 1.0 / h - r * yi;
            H[k * p + k] -= 1.0 / (h * h) + yi * yi;
        }
    }
    if (g) /* fill the upper triangle */
        for (size_t j = 0; j < p; j++)
            for (size_t l = j + 1; l < p; l++)
                H[l * p + j] = H[j * p + l];
    return ll;
}

void nqpf_tobit_free(nqpf_tobit *t)
{
    if (!t)
        return;
    free(t->beta);
    free(t->cov);
    t->beta = t->cov = NULL;
}

/* -H + mu I into A (the information, positive definite at a concave point,
 * mu = 0) and its Cholesky factor; 0, or -1 when not positive definite. */
static int factor_info(const double *H, size_t p, double *A, double mu)
{
    for (size_t i = 0; i < p * p; i++)
        A[i] = -H[i];
    for (size_t j = 0; j < p; j++)
        A[j * p + j] += mu;
    int pi = (int)p, info = 0;
    dpotrf_("L", &pi, A, &pi, &info);
    return info == 0 ? 0 : -1;
}

/* The censored (Tobit) or truncated model; see tobit.h. */
static int fit_limited(const double *X, const double *y, size_t n, size_t k, double lower, double upper,
                       int truncated, const char *const *names, nqpf_tobit *out, nqpf_error *err)
{
    const char *what = truncated ? "truncreg" : "tobit";
    memset(out, 0, sizeof *out);
    if (!(lower < upper))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "%s: the lower limit must be below the upper one", what);
    if (truncated && isfinite(lower) == isfinite(upper))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "truncreg: give one truncation limit, lower or upper");
    size_t p = k + 1, n_unc = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] <= lower)
            out->n_left++;
        else if (y[i] >= upper)
            out->n_right++;
        else
            n_unc++;
    }
    if (n_unc == 0)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         truncated ? "truncreg: no observation lies inside the truncation limit"
                                   : "tobit: every observation is censored, so the likelihood has no maximum");
    if ((truncated ? n_unc : n) <= k)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "%s: %zu observations for %zu coefficients", what,
                         truncated ? n_unc : n, k);
    /* the truncated model sees only the observations inside the limit */
    double *Xs = NULL, *ys = NULL;
    if (truncated && n_unc < n) {
        Xs = malloc(n_unc * k * sizeof *Xs);
        ys = malloc(n_unc * sizeof *ys);
        if (!Xs || !ys) {
            free(Xs);
            free(ys);
            return nqpf_fail_nomem(err);
        }
        for (size_t i = 0, u = 0; i < n; i++)
            if (y[i] > lower && y[i] < upper) {
                for (size_t j = 0; j < k; j++)
                    Xs[j * n_unc + u] = X[j * n + i];
                ys[u++] = y[i];
            }
        X = Xs;
        y = ys;
        n = n_unc;
    }
    /* start: least squares (also the collinearity check) */
    nqpf_ols ols;
    int rc = nqpf_ols_fit(X, y, n, k, names, &ols, err);
    if (rc) {
        free(Xs);
        free(ys);
        return rc;
    }
    double *th = malloc(p * sizeof *th), *g = malloc(p * sizeof *g), *H = malloc(p * p * sizeof *H);
    double *A = malloc(p * p * sizeof *A), *step = malloc(p * sizeof *step), *tr = malloc(p * sizeof *tr);
    out->beta = malloc(k * sizeof *out->beta);
    out->cov = malloc(p * p * sizeof *out->cov);
    if (!th || !g || !H || !A || !step || !tr || !out->beta || !out->cov) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    double s0 = sqrt(ols.ssr / (double)(n - k));
    if (!(s0 > 1e-8))
        s0 = 1e-8 + 1e-3 * sqrt(ols.tss / (double)n + 1.0);
    for (size_t j = 0; j < k; j++)
        th[j] = ols.beta[j] / s0;
    th[k] = 1.0 / s0;
    tobit_data D = {X, y, n, k, lower, upper, truncated};
    double ll = loglik(&D, th, g, H);
    int it, converged = 0;
    for (it = 0; it < TOBIT_MAX_IT && !converged; it++) {
        int damped = factor_info(H, p, A, 0.0) != 0;
        if (damped) {
            /* not concave here (the truncated model can be): damp the step
             * towards the gradient until the system is positive definite */
            double mu = 1e-8, d = 0.0;
            for (size_t j = 0; j < p; j++)
                d = fmax(d, fabs(H[j * p + j]));
            while (mu < 1e12 && factor_info(H, p, A, mu * (1.0 + d)))
                mu *= 10.0;
            if (!(mu < 1e12)) {
                rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                               "%s: the information matrix is not positive definite (collinear regressors?)", what);
                goto done;
            }
        }
        memcpy(step, g, p * sizeof *step);
        int pi = (int)p, one = 1, info = 0;
        dpotrs_("L", &pi, &one, A, &pi, step, &pi, &info);
        /* step halving keeps h > 0 and the likelihood from falling */
        double t = 1.0, ll_new = -INFINITY;
        for (int half = 0; half < 60; half++, t *= 0.5) {
            for (size_t j = 0; j < p; j++)
                tr[j] = th[j] + t * step[j];
            if (tr[k] > 0.0 && (ll_new = loglik(&D, tr, NULL, NULL)) >= ll - 1e-12 * (1.0 + fabs(ll)))
                break;
        }
        double big = 0.0, scale = 0.0;
        for (size_t j = 0; j < p; j++) {
            big = fmax(big, fabs(t * step[j]));
            scale = fmax(scale, fabs(th[j]));
        }
        memcpy(th, tr, p * sizeof *th);
        ll = loglik(&D, th, g, H);
        /* quadratic convergence: after a step this small the error is
         * far below it */
        converged = !damped && big <= 1e-10 * (1.0 + scale); /* a damped step is short, not final */
    }
    if (!converged) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "%s: Newton's method did not converge in %d iterations", what,
                       TOBIT_MAX_IT);
        goto done;
    }
    if (factor_info(H, p, A, 0.0)) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "%s: the information matrix is singular at the optimum", what);
        goto done;
    }
    int pi = (int)p, info = 0;
    dpotri_("L", &pi, A, &pi, &info); /* A = V(theta), lower triangle */
    for (size_t j = 0; j < p; j++)
        for (size_t l = j + 1; l < p; l++)
            A[l * p + j] = A[j * p + l];
    /* J = d(b, ln s)/d(d, h): b_j = d_j / h, ln s = -ln h; cov = J V J' */
    double h = th[k];
    memset(H, 0, p * p * sizeof *H); /* J, column-major */
    for (size_t j = 0; j < k; j++) {
        H[j * p + j] = 1.0 / h;
        H[k * p + j] = -th[j] / (h * h);
    }
    H[k * p + k] = -1.0 / h;
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < p; b++) {
            double s = 0.0;
            for (size_t c = 0; c < p; c++)
                for (size_t d = 0; d < p; d++)
                    s += H[c * p + a] * A[d * p + c] * H[d * p + b];
            out->cov[b * p + a] = s;
        }
    for (size_t j = 0; j < k; j++)
        out->beta[j] = th[j] / h;
    out->sigma = 1.0 / h;
    out->loglik = ll;
    out->grad_max = 0.0;
    for (size_t j = 0; j < p; j++)
        out->grad_max = fmax(out->grad_max, fabs(g[j]));
    out->iterations = it;
    out->n = n;
    out->k = k;
done:
    nqpf_ols_free(&ols);
    free(Xs);
    free(ys);
    free(th);
    free(g);
    free(H);
    free(A);
    free(step);
    free(tr);
    if (rc)
        nqpf_tobit_free(out);
    return rc;
}

int nqpf_tobit_fit(const double *X, const double *y, size_t n, size_t k, double lower, double upper,
                   const char *const *names, nqpf_tobit *out, nqpf_error *err)
{
    return fit_limited(X, y, n, k, lower, upper, 0, names, out, err);
}

int nqpf_truncreg_fit(const double *X, const double *y, size_t n, size_t k, double lower, double upper,
                      const char *const *names, nqpf_tobit *out, nqpf_error *err)
{
    return fit_limited(X, y, n, k, lower, upper, 1, names, out, err);
}
