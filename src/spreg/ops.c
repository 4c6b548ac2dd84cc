/* nqpf spreg — spatial lags on a panel, the within transform, small dense
 * algebra. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/util.h"
#include "ops.h"

void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void dgetri_(const int *n, double *a, const int *lda, const int *ipiv, double *work, const int *lwork, int *info);

void spreg_lag(const nqpf_weights *w, size_t t, const double *v, double *out)
{
    size_t n = w->n;
    for (size_t p = 0; p < t; p++) {
        const double *vp = v + p * n;
        double *op = out + p * n;
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
                s += w->w[q] * vp[w->nbr[q]];
            op[i] = s;
        }
    }
}

size_t spreg_n_fe(nqpf_spreg_fe fe, size_t n, size_t t)
{
    switch (fe) {
    case NQPF_FE_UNIT:
        return n;
    case NQPF_FE_PERIOD:
        return t;
    case NQPF_FE_BOTH:
        return n + t - 1;
    default:
        return 0;
    }
}

void spreg_demean(nqpf_spreg_fe fe, size_t n, size_t t, double *v)
{
    if (fe == NQPF_FE_NONE)
        return;
    if (fe == NQPF_FE_UNIT || fe == NQPF_FE_BOTH) {
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t p = 0; p < t; p++)
                s += v[p * n + i];
            s /= (double)t;
            for (size_t p = 0; p < t; p++)
                v[p * n + i] -= s;
        }
    }
    if (fe == NQPF_FE_PERIOD || fe == NQPF_FE_BOTH) {
        /* after the unit transform the overall mean is 0, so subtracting the
         * period means completes y - ybar_i - ybar_t + ybar */
        for (size_t p = 0; p < t; p++) {
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += v[p * n + i];
            s /= (double)n;
            for (size_t i = 0; i < n; i++)
                v[p * n + i] -= s;
        }
    }
}

double spreg_dot(const double *a, const double *b, size_t m)
{
    double s = 0;
    for (size_t i = 0; i < m; i++)
        s += a[i] * b[i];
    return s;
}

int spreg_inverse(size_t k, double *a)
{
    int n = (int)k, info = 0, lwork = (int)(k * 64 + 1);
    int *ipiv = malloc((k + 1) * sizeof *ipiv);
    double *work = malloc((size_t)lwork * sizeof *work);
    if (!ipiv || !work) {
        free(ipiv), free(work);
        return -1;
    }
    /* row-major a is the transpose in column-major; inv(A') = inv(A)' */
    dgetrf_(&n, &n, a, &n, ipiv, &info);
    if (info == 0)
        dgetri_(&n, a, &n, ipiv, work, &lwork, &info);
    free(ipiv), free(work);
    return info == 0 ? 0 : -1;
}

int spreg_dense_g(const nqpf_weights *w, double rho, double **g, double **ainv)
{
    size_t n = w->n;
    double *a = nqpf_calloc(n * n, sizeof *a);
    *g = NULL;
    if (ainv)
        *ainv = NULL;
    if (!a)
        return -1;
    for (size_t i = 0; i < n; i++) {
        a[i * n + i] = 1;
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
            a[i * n + w->nbr[q]] -= rho * w->w[q];
    }
    if (spreg_inverse(n, a)) {
        free(a);
        return -2;
    }
    double *gg = nqpf_calloc(n * n, sizeof *gg);
    if (!gg) {
        free(a);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++) {
            double wq = w->w[q];
            const double *ar = a + w->nbr[q] * n;
            double *gr = gg + i * n;
            for (size_t j = 0; j < n; j++)
                gr[j] += wq * ar[j];
        }
    *g = gg;
    if (ainv)
        *ainv = a;
    else
        free(a);
    return 0;
}

void spreg_dense_apply(const double *m, size_t n, size_t t, const double *v, double *out)
{
    for (size_t p = 0; p < t; p++)
        for (size_t i = 0; i < n; i++)
            out[p * n + i] = spreg_dot(m + i * n, v + p * n, n);
}

void spreg_neumann(const nqpf_weights *w, double rho, const double *v, double *out, double *tmp)
{
    size_t n = w->n;
    memcpy(out, v, n * sizeof *out);
    for (int it = 0; it < 100000; it++) {
        spreg_lag(w, 1, out, tmp);
        double dmax = 0, omax = 0;
        for (size_t i = 0; i < n; i++) {
            double nv = v[i] + rho * tmp[i];
            dmax = fmax(dmax, fabs(nv - out[i]));
            omax = fmax(omax, fabs(nv));
            out[i] = nv;
        }
        if (dmax <= 1e-15 * omax)
            break;
    }
}

static void center(double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    for (size_t i = 0; i < n; i++)
        v[i] -= s / (double)n;
}

/* traces of dense G; with lee_time those of J G J (J = I - 11'/n), which
 * drop G's eigenvalue 1/(1 - rho) of the constant vector */
static void dense_traces(const double *g, size_t n, double rho, int lee_time, double *trg, double *trg2, double *trgg)
{
    double a = 0, b = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        a += g[i * n + i];
        for (size_t j = 0; j < n; j++) {
            b += g[i * n + j] * g[j * n + i];
            c += g[i * n + j] * g[i * n + j];
        }
    }
    if (lee_time) {
        double *rs = calloc(n, sizeof *rs), *cs = calloc(n, sizeof *cs), s = 0, dn = (double)n;
        if (rs && cs) {
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    rs[i] += g[i * n + j], cs[j] += g[i * n + j], s += g[i * n + j];
            c = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++) {
                    double v = g[i * n + j] - rs[i] / dn - cs[j] / dn + s / (dn * dn);
                    c += v * v;
                }
        }
        free(rs), free(cs);
        a -= 1 / (1 - rho);
        b -= 1 / ((1 - rho) * (1 - rho));
    }
    *trg = a, *trg2 = b, *trgg = c;
}

int spreg_g_ops(const nqpf_weights *w, const nqpf_spreg_eig *eig, double rho, size_t t, int lee_time,
                const double *fit, double *gfit, double *afit, double *trg, double *trg2, double *trgg)
{
    size_t n = w->n;
    if (!eig->approx) {
        double *g = NULL, *ainv = NULL;
        int r = spreg_dense_g(w, rho, &g, fit ? &ainv : NULL);
        if (r)
            return r;
        if (fit) {
            spreg_dense_apply(g, n, t, fit, gfit);
            spreg_dense_apply(ainv, n, t, fit, afit);
        }
        dense_traces(g, n, rho, lee_time, trg, trg2, trgg);
        free(g), free(ainv);
        return 0;
    }
    double *x = nqpf_alloc(3 * n, sizeof *x);
    if (!x)
        return -1;
    double *u = x + n, *tmp = x + 2 * n;
    if (fit)
        for (size_t p = 0; p < t; p++) {
            spreg_neumann(w, rho, fit + p * n, afit + p * n, tmp);
            spreg_lag(w, 1, afit + p * n, gfit + p * n);
        }
    nqpf_spreg_traces(eig, rho, NULL, trg, trg2);
    if (lee_time) {
        *trg -= 1 / (1 - rho);
        *trg2 -= 1 / ((1 - rho) * (1 - rho));
    }
    /* tr G'G = E ||G x||^2 over Rademacher x (Hutchinson), fixed stream */
    nqpf_rng rng;
    nqpf_rng_init(&rng, 0x5eed, 1);
    double acc = 0;
    for (size_t p = 0; p < eig->probes; p++) {
        for (size_t i = 0; i < n; i++)
            x[i] = (nqpf_rng_u64(&rng) >> 63) ? 1.0 : -1.0;
        if (lee_time)
            center(x, n);
        spreg_neumann(w, rho, x, u, tmp);
        spreg_lag(w, 1, u, x);
        if (lee_time)
            center(x, n);
        acc += spreg_dot(x, x, n);
    }
    *trgg = acc / (double)eig->probes;
    free(x);
    return 0;
}
