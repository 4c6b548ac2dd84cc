/* nqpf spreg — SAC (SARAR): y = rho W y + X b + u, u = lambda W u + e.
 *
 * Concentrated likelihood in (rho, lambda): with A = I - rho W, B = I - lambda W,
 * e = Q B (A y - X b), b by GLS given (rho, lambda),
 *   L = -(n/2)(ln 2 pi + ln s2 + 1) + m (ln|A| + ln|B|) - c (ln(1-rho) + ln(1-lambda)).
 * Maximised by nested Brent searches (lambda outside, rho inside) on the
 * admissible interval; covariance from a central-difference Hessian of the
 * full log-likelihood in (b, rho, lambda, s2), as spatialreg's sacsarlm. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "brent.h"
#include "design.h"
#include "nqpf/util.h"
#include "ops.h"
#include "sac.h"

#define LOG_2PI 1.8378770664093454836

typedef struct sac_ctx {
    size_t p, nt;
    double n_eff, m, c;
    const nqpf_spreg_eig *eig;
    const double *zz, *zzl, *zlzl; /* p x p */
    const double *zv, *zlv;        /* p x 4: Z'v_i, Zl'v_i */
    const double *vv;              /* 4 x 4 */
    double *a, *b, *beta;
    double rho;                    /* inner variable when optimising rho */
    double lam;
} sac_ctx;

static double sac_sse(sac_ctx *s, double rho, double lam)
{
    size_t p = s->p;
    double cf[4] = {1, -rho, -lam, rho * lam};
    for (size_t i = 0; i < p; i++) {
        for (size_t j = 0; j < p; j++)
            s->a[i * p + j] = s->zz[i * p + j] - lam * (s->zzl[i * p + j] + s->zzl[j * p + i]) +
                              lam * lam * s->zlzl[i * p + j];
        double r = 0;
        for (int q = 0; q < 4; q++)
            r += cf[q] * (s->zv[i * 4 + q] - lam * s->zlv[i * 4 + q]);
        s->b[i] = r;
    }
    if (spreg_spd_solve(p, s->a, s->b, s->beta, NULL) != -1)
        return NAN;
    double yy = 0;
    for (int q = 0; q < 4; q++)
        for (int r = 0; r < 4; r++)
            yy += cf[q] * cf[r] * s->vv[q * 4 + r];
    return yy - spreg_dot(s->beta, s->b, p);
}

static double jac(const sac_ctx *s, double rho, double lam)
{
    double j = s->m * (nqpf_spreg_logdet(s->eig, rho) + nqpf_spreg_logdet(s->eig, lam));
    if (s->c)
        j -= s->c * (log(1 - rho) + log(1 - lam));
    return j;
}

static double neg_rho(double rho, void *ctx)
{
    sac_ctx *s = ctx;
    double sse = sac_sse(s, rho, s->lam);
    if (!(sse > 0))
        return INFINITY;
    return 0.5 * s->n_eff * log(sse / s->n_eff) - jac(s, rho, s->lam);
}

static double neg_lam(double lam, void *ctx)
{
    sac_ctx *s = ctx;
    double span = s->eig->hi - s->eig->lo;
    s->lam = lam;
    s->rho = spreg_brent_min(s->eig->lo + 1e-9 * span, s->eig->hi - 1e-9 * span, neg_rho, s, 1e-11);
    return neg_rho(s->rho, s);
}

/* full log-likelihood at theta = (b, rho, lambda, s2) */
static double full_ll(const sac_ctx *s, const spreg_design *d, const double *zl, const double *v, const double *th)
{
    size_t p = s->p, nt = s->nt;
    double rho = th[p], lam = th[p + 1], s2 = th[p + 2], sse = 0;
    if (!(s2 > 0))
        return -INFINITY;
    const double *y = v, *wy = v + nt, *yl = v + 2 * nt, *wyl = v + 3 * nt;
    for (size_t o = 0; o < nt; o++) {
        double e = y[o] - rho * wy[o] - lam * yl[o] + rho * lam * wyl[o];
        for (size_t j = 0; j < p; j++)
            e -= (d->z[j * nt + o] - lam * zl[j * nt + o]) * th[j];
        sse += e * e;
    }
    return -0.5 * s->n_eff * (LOG_2PI + log(s2)) - sse / (2 * s2) + jac(s, rho, lam);
}

int spreg_fit_sac(nqpf_spreg_fit *f, const spreg_design *d, const nqpf_weights *w, const nqpf_spreg_eig *eig,
                  nqpf_spreg_fe fe, double n_eff, double m, double c, nqpf_error *err)
{
    size_t p = d->p, nt = d->nt, n = d->n, t = d->t, np = p + 3;
    double *zl = nqpf_alloc(nt * (p ? p : 1), sizeof *zl), *v = nqpf_alloc(4 * nt, sizeof *v);
    double *buf = nqpf_calloc(3 * p * p + 8 * p + 16 + 2 * np * np + 4 * np, sizeof *buf);
    int rc = NQPF_OK;
    if (!zl || !v || !buf) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    /* v = [y, Wy, QW y, QW Wy] (all demeaned), zl = QW Z */
    memcpy(v, d->y, nt * sizeof *v);
    memcpy(v + nt, d->wy, nt * sizeof *v);
    spreg_lag(w, t, d->y, v + 2 * nt);
    spreg_demean(fe, n, t, v + 2 * nt);
    spreg_lag(w, t, d->wy, v + 3 * nt);
    spreg_demean(fe, n, t, v + 3 * nt);
    for (size_t j = 0; j < p; j++) {
        spreg_lag(w, t, d->z + j * nt, zl + j * nt);
        spreg_demean(fe, n, t, zl + j * nt);
    }
    double *zz = buf, *zzl = zz + p * p, *zlzl = zzl + p * p, *zv = zlzl + p * p, *zlv = zv + 4 * p,
           *vv = zlv + 4 * p, *hess = vv + 16, *th = hess + np * np, *t2 = th + np;
    for (size_t i = 0; i < p; i++) {
        for (size_t j = 0; j < p; j++) {
            zz[i * p + j] = spreg_dot(d->z + i * nt, d->z + j * nt, nt);
            zzl[i * p + j] = spreg_dot(d->z + i * nt, zl + j * nt, nt);
            zlzl[i * p + j] = spreg_dot(zl + i * nt, zl + j * nt, nt);
        }
        for (int q = 0; q < 4; q++) {
            zv[i * 4 + q] = spreg_dot(d->z + i * nt, v + (size_t)q * nt, nt);
            zlv[i * 4 + q] = spreg_dot(zl + i * nt, v + (size_t)q * nt, nt);
        }
    }
    for (int q = 0; q < 4; q++)
        for (int r = 0; r < 4; r++)
            vv[q * 4 + r] = spreg_dot(v + (size_t)q * nt, v + (size_t)r * nt, nt);
    double *a = nqpf_alloc(p * p + 2 * p + 1, sizeof *a);
    if (!a) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    sac_ctx s = {p, nt, n_eff, m, c, eig, zz, zzl, zlzl, zv, zlv, vv, a, a + p * p, f->beta, 0, 0};
    double span = eig->hi - eig->lo;
    double lam = spreg_brent_min(eig->lo + 1e-9 * span, eig->hi - 1e-9 * span, neg_lam, &s, 1e-11);
    neg_lam(lam, &s); /* sets s.rho and beta at the optimum */
    double rho = s.rho;
    for (int q = 0; q < 2; q++) {
        double r = q ? lam : rho;
        if (r - eig->lo < 1e-6 * span || eig->hi - r < 1e-6 * span) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "%s = %.10g is at the boundary of its admissible interval (%.10g, %.10g): the likelihood has no interior maximum",
                           q ? "lambda" : "rho", r, eig->lo, eig->hi);
            free(a);
            goto out;
        }
    }
    double sse = sac_sse(&s, rho, lam);
    f->rho = rho, f->lambda = lam;
    f->sigma2 = sse / n_eff;
    f->loglik = -0.5 * n_eff * (LOG_2PI + log(f->sigma2) + 1) + jac(&s, rho, lam);
    /* pseudo R2: A^-1 Z b against y */
    {
        double *fit = nqpf_alloc(3 * nt, sizeof *fit);
        if (fit) {
            double *af = fit + nt, *tmp = fit + 2 * nt;
            for (size_t o = 0; o < nt; o++) {
                double sf = 0;
                for (size_t j = 0; j < p; j++)
                    sf += d->z[j * nt + o] * f->beta[j];
                fit[o] = sf;
            }
            for (size_t q = 0; q < t; q++)
                spreg_neumann(w, rho, fit + q * n, af + q * n, tmp);
            double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
            for (size_t o = 0; o < nt; o++)
                ma += d->y[o], mb += af[o];
            ma /= (double)nt, mb /= (double)nt;
            for (size_t o = 0; o < nt; o++) {
                sab += (d->y[o] - ma) * (af[o] - mb);
                saa += (d->y[o] - ma) * (d->y[o] - ma);
                sbb += (af[o] - mb) * (af[o] - mb);
            }
            f->pseudo_r2 = saa > 0 && sbb > 0 ? sab * sab / (saa * sbb) : NAN;
            free(fit);
        }
    }
    /* covariance: inverse of minus the central-difference Hessian */
    for (size_t j = 0; j < p; j++)
        th[j] = f->beta[j];
    th[p] = rho, th[p + 1] = lam, th[p + 2] = f->sigma2;
    for (size_t i = 0; i < np; i++)
        for (size_t j = i; j < np; j++) {
            double hi = 1e-4 * fmax(fabs(th[i]), 1e-2), hj = 1e-4 * fmax(fabs(th[j]), 1e-2), acc = 0;
            for (int si = -1; si <= 1; si += 2)
                for (int sj = -1; sj <= 1; sj += 2) {
                    memcpy(t2, th, np * sizeof *t2);
                    t2[i] += si * hi;
                    t2[j] += sj * hj;
                    acc += si * sj * full_ll(&s, d, zl, v, t2);
                }
            hess[i * np + j] = hess[j * np + i] = -acc / (4 * hi * hj);
        }
    free(a);
    memcpy(f->cov, hess, np * np * sizeof *hess);
    if (spreg_inverse(np, f->cov))
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the Hessian of the SAC log-likelihood is singular");
out:
    free(zl), free(v), free(buf);
    return rc;
}
