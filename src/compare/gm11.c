/* GM(1,1) grey model: fit, accuracy tests, forecasts, rolling forecasts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/grey.h"

void nqpf_gm11_opts_default(nqpf_gm11_opts *o)
{
    o->alpha = 0.5;
    o->sd_sample = 0;
    o->resid_from1 = 0;
}

void nqpf_gm11_free(nqpf_gm11 *g)
{
    if (!g)
        return;
    free(g->x1hat);
    free(g->x0hat);
    free(g->resid);
    free(g->rel);
    free(g->lambda);
    memset(g, 0, sizeof *g);
}

const char *nqpf_gm11_grade_name(int grade)
{
    static const char *names[] = {"", "good", "qualified", "barely qualified", "unqualified"};
    return grade >= 1 && grade <= 4 ? names[grade] : "";
}

/* Least squares of x0(k) = -a z(k) + b, k = 2..n, in centred form (the
 * normal equations of [-z, 1] are badly conditioned for long series). */
static int fit_ab(const double *x0, size_t n, double alpha, double *a, double *b, nqpf_error *err)
{
    double x1 = x0[0], zbar = 0.0, ybar = 0.0;
    double *z = malloc(n * sizeof *z);
    if (!z)
        return nqpf_fail_nomem(err);
    for (size_t k = 1; k < n; k++) {
        double prev = x1;
        x1 += x0[k];
        z[k] = alpha * x1 + (1.0 - alpha) * prev;
        zbar += z[k];
        ybar += x0[k];
    }
    zbar /= (double)(n - 1);
    ybar /= (double)(n - 1);
    double szz = 0.0, szy = 0.0;
    for (size_t k = 1; k < n; k++) {
        szz += (z[k] - zbar) * (z[k] - zbar);
        szy += (z[k] - zbar) * (x0[k] - ybar);
    }
    free(z);
    if (!(szz > 0.0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the background values do not vary: GM(1,1) cannot be fitted");
    *a = -szy / szz;
    *b = ybar + *a * zbar;
    if (*a == 0.0 || !isfinite(*a))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "development coefficient a = 0 (no trend): the GM(1,1) time response is undefined");
    return NQPF_OK;
}

static int check_series(const double *x0, size_t n, const nqpf_gm11_opts *o, nqpf_error *err)
{
    if (n < 4)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "GM(1,1) needs at least 4 observations, got %zu", n);
    if (!(o->alpha > 0.0 && o->alpha < 1.0))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "background weight must be in (0,1), got %g", o->alpha);
    for (size_t k = 0; k < n; k++)
        if (!(x0[k] > 0.0) || !isfinite(x0[k]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "observation %zu is %g: GM(1,1) needs a positive series (add a constant first)", k + 1,
                             x0[k]);
    return NQPF_OK;
}

int nqpf_gm11_fit(const double *x0, size_t n, size_t horizon, const nqpf_gm11_opts *o, nqpf_gm11 *out,
                  nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_series(x0, n, o, err);
    if (rc)
        return rc;
    double a, b;
    if ((rc = fit_ab(x0, n, o->alpha, &a, &b, err)))
        return rc;
    size_t m = n + horizon;
    out->n = n;
    out->horizon = horizon;
    out->a = a;
    out->b = b;
    out->c2 = b / a;
    out->c1 = x0[0] - out->c2;
    out->x1hat = malloc(m * sizeof(double));
    out->x0hat = malloc(m * sizeof(double));
    out->resid = malloc(n * sizeof(double));
    out->rel = malloc(n * sizeof(double));
    out->lambda = malloc(n * sizeof(double));
    if (!out->x1hat || !out->x0hat || !out->resid || !out->rel || !out->lambda) {
        nqpf_gm11_free(out);
        return nqpf_fail_nomem(err);
    }
    for (size_t k = 0; k < m; k++) {
        out->x1hat[k] = out->c1 * exp(-a * (double)k) + out->c2;
        out->x0hat[k] = k == 0 ? x0[0] : out->x1hat[k] - out->x1hat[k - 1];
    }
    out->x1hat[0] = x0[0];
    /* Class ratios. */
    out->lambda[0] = NAN;
    out->lambda_lo = exp(-2.0 / (double)(n + 1));
    out->lambda_hi = exp(2.0 / (double)(n + 1));
    out->lambda_min = INFINITY;
    out->lambda_max = -INFINITY;
    out->ratio_ok = 1;
    for (size_t k = 1; k < n; k++) {
        double l = x0[k - 1] / x0[k];
        out->lambda[k] = l;
        out->lambda_min = fmin(out->lambda_min, l);
        out->lambda_max = fmax(out->lambda_max, l);
        if (!(l > out->lambda_lo && l < out->lambda_hi))
            out->ratio_ok = 0;
    }
    /* Residual statistics. */
    size_t k0 = o->resid_from1 ? 0 : 1, ne = n - k0;
    double xbar = 0.0, ebar = 0.0, relsum = 0.0;
    for (size_t k = 0; k < n; k++) {
        out->resid[k] = x0[k] - out->x0hat[k];
        out->rel[k] = fabs(out->resid[k]) / x0[k];
        xbar += x0[k];
    }
    xbar /= (double)n;
    for (size_t k = k0; k < n; k++) {
        ebar += out->resid[k];
        relsum += out->rel[k];
    }
    ebar /= (double)ne;
    out->mean_rel = relsum / (double)ne;
    double sx = 0.0, se = 0.0;
    for (size_t k = 0; k < n; k++)
        sx += (x0[k] - xbar) * (x0[k] - xbar);
    for (size_t k = k0; k < n; k++)
        se += (out->resid[k] - ebar) * (out->resid[k] - ebar);
    out->S1 = sqrt(sx / (double)(o->sd_sample ? n - 1 : n));
    out->S2 = sqrt(se / (double)(o->sd_sample ? ne - 1 : ne));
    out->C = out->S1 > 0.0 ? out->S2 / out->S1 : NAN;
    size_t hits = 0;
    for (size_t k = k0; k < n; k++)
        if (fabs(out->resid[k] - ebar) < 0.6745 * out->S1)
            hits++;
    out->P = (double)hits / (double)ne;
    /* Usual grade table: good P > 0.95 and C < 0.35; qualified P > 0.80 and
     * C < 0.5; barely P > 0.70 and C < 0.65; otherwise unqualified. */
    int gp = out->P > 0.95 ? 1 : out->P > 0.80 ? 2 : out->P > 0.70 ? 3 : 4;
    int gc = isnan(out->C) ? 4 : out->C < 0.35 ? 1 : out->C < 0.5 ? 2 : out->C < 0.65 ? 3 : 4;
    out->grade = gp > gc ? gp : gc;
    return NQPF_OK;
}

int nqpf_gm11_rolling(const double *x0, size_t n, size_t horizon, const nqpf_gm11_opts *o, double *fc,
                      nqpf_error *err)
{
    int rc = check_series(x0, n, o, err);
    if (rc)
        return rc;
    double *win = malloc(n * sizeof *win);
    if (!win)
        return nqpf_fail_nomem(err);
    memcpy(win, x0, n * sizeof *win);
    for (size_t h = 0; h < horizon; h++) {
        double a, b;
        if ((rc = fit_ab(win, n, o->alpha, &a, &b, err)))
            break;
        double c1 = win[0] - b / a;
        /* one step ahead: x0hat(n+1) = x1hat(n+1) - x1hat(n) */
        double next = c1 * (exp(-a * (double)n) - exp(-a * (double)(n - 1)));
        fc[h] = next;
        if (!(next > 0.0) || !isfinite(next)) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "rolling step %zu gives a non-positive forecast %g", h + 1, next);
            break;
        }
        memmove(win, win + 1, (n - 1) * sizeof *win);
        win[n - 1] = next;
    }
    free(win);
    return rc;
}
