/* nqpf spreg — direct, indirect and total effects (LeSage & Pace 2009).
 *
 * SAR/SDM: S_j(W) = (I - rho W)^-1 (b_j I + t_j W);
 *   direct   = tr(S_j)/N = (b_j tr(A^-1) + t_j tr(A^-1 W)) / N   (eigenvalues)
 *   total    = 1'S_j 1/N = (b_j 1'A^-1 1 + t_j 1'A^-1 W 1) / N    (= (b_j + t_j)/(1 - rho)
 *              for a row-stochastic W; otherwise solved)
 *   indirect = total - direct.
 * SLX/SDEM: direct b_j, indirect t_j, total b_j + t_j; SEM: b_j, 0, b_j.
 * Standard errors: SAR/SDM from `draws` draws of (b, t, rho) ~ N(estimate,
 * cov) (draw d uses RNG stream d; sequential, so identical for any thread
 * count): se = sd of the simulated effects, z = estimate / se; linear
 * models exactly from the covariance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/util.h"
#include "ops.h"

double nqpf_spreg_pnorm2(double z)
{
    return isnan(z) ? NAN : erfc(fabs(z) / sqrt(2.0));
}

typedef struct eff_ctx {
    const nqpf_weights *w;
    const nqpf_spreg_eig *eig;
    double radius;             /* max |eigenvalue| */
    double *one, *w1, *z, *z2; /* n each */
} eff_ctx;

/* s1 = 1'(I - rho W)^-1 1, s2 = 1'(I - rho W)^-1 W 1 */
static int ones_solve(eff_ctx *c, double rho, double *s1, double *s2)
{
    size_t n = c->w->n;
    if (c->eig->row_stochastic) {
        *s1 = *s2 = (double)n / (1 - rho);
        return 0;
    }
    if (fabs(rho) * c->radius < 0.99) {
        /* z = v + rho W z by fixed-point iteration (a convergent Neumann series) */
        for (int pass = 0; pass < 2; pass++) {
            const double *v = pass ? c->w1 : c->one;
            memcpy(c->z, v, n * sizeof *c->z);
            for (int it = 0; it < 100000; it++) {
                spreg_lag(c->w, 1, c->z, c->z2);
                double dmax = 0, zmax = 0;
                for (size_t i = 0; i < n; i++) {
                    double nz = v[i] + rho * c->z2[i];
                    dmax = fmax(dmax, fabs(nz - c->z[i]));
                    zmax = fmax(zmax, fabs(nz));
                    c->z[i] = nz;
                }
                if (dmax <= 1e-15 * zmax)
                    break;
            }
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += c->z[i];
            *(pass ? s2 : s1) = s;
        }
        return 0;
    }
    double *g = NULL, *ai = NULL;
    int r = spreg_dense_g(c->w, rho, &g, &ai);
    if (r)
        return r;
    double a = 0, b = 0;
    for (size_t i = 0; i < n * n; i++)
        a += ai[i], b += g[i];
    /* 1'A^-1 W 1 = 1' W A^-1 1 (W and A^-1 commute) */
    *s1 = a, *s2 = b;
    free(g), free(ai);
    return 0;
}

static int lag_effects(eff_ctx *c, const double *beta, size_t k, size_t c0, int durbin, double rho, double *out)
{
    double tai, tg, s1 = NAN, s2 = NAN;
    nqpf_spreg_traces(c->eig, rho, &tai, &tg, NULL);
    int r = ones_solve(c, rho, &s1, &s2);
    if (r)
        return r;
    double dn = (double)c->w->n;
    for (size_t j = 0; j < k; j++) {
        double b = beta[c0 + j], t = durbin ? beta[c0 + k + j] : 0;
        double dir = (b * tai + t * tg) / dn, tot = (b * s1 + t * s2) / dn;
        out[3 * j] = dir, out[3 * j + 1] = tot - dir, out[3 * j + 2] = tot;
    }
    return 0;
}

int nqpf_spreg_effects(const nqpf_spreg_fit *f, const nqpf_weights *w, const nqpf_spreg_eig *eig, size_t draws,
                       uint64_t seed, double *est, double *se, double *z, double *pv, nqpf_error *err)
{
    size_t k = f->k, c0 = (size_t)f->has_const, np = f->n_par, n = w->n;
    int durbin = f->model == NQPF_SPREG_SDM || f->model == NQPF_SPREG_SDEM || f->model == NQPF_SPREG_SLX;
    int lagm = f->model == NQPF_SPREG_SAR || f->model == NQPF_SPREG_SDM || f->model == NQPF_SPREG_SAC;
    for (size_t q = 0; q < 3 * k; q++)
        se[q] = NAN;
    if (!lagm) {
        for (size_t j = 0; j < k; j++) {
            size_t b = c0 + j, t = c0 + k + j;
            const double *v = f->cov;
            est[3 * j] = f->beta[b];
            se[3 * j] = sqrt(v[b * np + b]);
            est[3 * j + 1] = durbin ? f->beta[t] : 0;
            se[3 * j + 1] = durbin ? sqrt(v[t * np + t]) : NAN;
            est[3 * j + 2] = est[3 * j] + est[3 * j + 1];
            se[3 * j + 2] = durbin ? sqrt(v[b * np + b] + v[t * np + t] + 2 * v[b * np + t]) : se[3 * j];
        }
    } else {
        eff_ctx c = {w, eig, 0, NULL, NULL, NULL, NULL};
        if (eig->approx)
            c.radius = eig->norm_inf;
        for (size_t i = 0; !eig->approx && i < eig->n; i++)
            c.radius = fmax(c.radius, hypot(eig->re[i], eig->im[i]));
        double *buf = nqpf_alloc(4 * n, sizeof *buf);
        size_t m = f->p + 1; /* beta and rho */
        double *chol = nqpf_calloc(m * m, sizeof *chol), *par = nqpf_alloc(m, sizeof *par),
               *nz = nqpf_alloc(m, sizeof *nz), *one = nqpf_alloc(3 * k + 1, sizeof *one),
               *sum = nqpf_calloc(3 * k + 1, sizeof *sum), *ssq = nqpf_calloc(3 * k + 1, sizeof *ssq);
        int rc = NQPF_OK;
        if (!buf || !chol || !par || !nz || !one || !sum || !ssq) {
            rc = nqpf_fail_nomem(err);
            goto out;
        }
        c.one = buf, c.w1 = buf + n, c.z = buf + 2 * n, c.z2 = buf + 3 * n;
        for (size_t i = 0; i < n; i++)
            c.one[i] = 1;
        spreg_lag(w, 1, c.one, c.w1);
        if (lag_effects(&c, f->beta, k, c0, durbin, f->rho, est)) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "I - rho W is singular");
            goto out;
        }
        if (draws > 1) {
            /* Cholesky of the (beta, rho) block; a semi-definite pivot is zeroed */
            for (size_t j = 0; j < m; j++) {
                size_t cj = j < f->p ? j : f->p;
                double dj = f->cov[cj * np + cj];
                for (size_t q = 0; q < j; q++)
                    dj -= chol[j * m + q] * chol[j * m + q];
                dj = dj > 0 ? sqrt(dj) : 0;
                chol[j * m + j] = dj;
                for (size_t i = j + 1; i < m; i++) {
                    size_t ci = i < f->p ? i : f->p;
                    double s = f->cov[ci * np + cj];
                    for (size_t q = 0; q < j; q++)
                        s -= chol[i * m + q] * chol[j * m + q];
                    chol[i * m + j] = dj > 0 ? s / dj : 0;
                }
            }
            for (size_t d = 0; d < draws; d++) {
                nqpf_rng rng;
                nqpf_rng_init(&rng, seed, d);
                for (size_t i = 0; i < m; i++)
                    nz[i] = nqpf_rng_normal(&rng);
                for (size_t i = 0; i < m; i++) {
                    double s = i < f->p ? f->beta[i] : f->rho;
                    for (size_t q = 0; q <= i; q++)
                        s += chol[i * m + q] * nz[q];
                    par[i] = s;
                }
                if (lag_effects(&c, par, k, c0, durbin, par[f->p], one)) {
                    rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "a simulated rho makes I - rho W singular");
                    goto out;
                }
                for (size_t q = 0; q < 3 * k; q++) { /* Welford: sum = mean, ssq = M2 */
                    double dl = one[q] - sum[q];
                    sum[q] += dl / (double)(d + 1);
                    ssq[q] += dl * (one[q] - sum[q]);
                }
            }
            double dd = (double)draws;
            for (size_t q = 0; q < 3 * k; q++) {
                double var = ssq[q] / (dd - 1);
                se[q] = sqrt(var > 0 ? var : 0);
            }
        }
    out:
        free(buf), free(chol), free(par), free(nz), free(one), free(sum), free(ssq);
        if (rc)
            return rc;
    }
    for (size_t q = 0; q < 3 * k; q++) {
        z[q] = se[q] > 0 ? est[q] / se[q] : NAN;
        pv[q] = nqpf_spreg_pnorm2(z[q]);
    }
    return NQPF_OK;
}
