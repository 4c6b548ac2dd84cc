/* nqpf spreg — concentrated maximum likelihood of SAR/SDM and SEM/SDEM,
 * OLS for SLX, and the asymptotic covariance from the analytic information
 * matrix (Anselin 1988; LeSage & Pace 2009; Elhorst 2014).
 *
 * Likelihood (per unit of the FE-demeaned data, e = residual):
 *   L = -(n_eff/2) (ln 2 pi + ln s2 + 1) + m ln|I - rho W| - c ln(1 - rho),
 *   s2 = e'e / n_eff.
 * Direct approach: n_eff = N T, m = T, c = 0.  Lee & Yu (2010)
 * transformation approach: unit FE n_eff = N (T-1), m = T-1, c = 0; period FE
 * n_eff = (N-1) T, m = c = T; both n_eff = (N-1)(T-1), m = c = T-1. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "brent.h"
#include "design.h"
#include "nqpf/util.h"
#include "ops.h"
#include "sac.h"

#define LOG_2PI 1.8378770664093454836

static const char *const MODEL_NAMES[] = {"sar", "sem", "sdm", "sdem", "slx", "sac"};
static const char *const FE_NAMES[] = {"none", "unit", "period", "both"};

const char *nqpf_spreg_model_name(nqpf_spreg_model m)
{
    return (unsigned)m < 6 ? MODEL_NAMES[m] : "?";
}

const char *nqpf_spreg_fe_name(nqpf_spreg_fe f)
{
    return (unsigned)f < 4 ? FE_NAMES[f] : "?";
}

int nqpf_spreg_model_parse(const char *s, nqpf_spreg_model *m, nqpf_error *err)
{
    for (int i = 0; i < 6; i++)
        if (s && strcmp(s, MODEL_NAMES[i]) == 0) {
            *m = (nqpf_spreg_model)i;
            return NQPF_OK;
        }
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--model must be sar, sem, sdm, sdem, slx or sac, not '%s'", s ? s : "");
}

int nqpf_spreg_fe_parse(const char *s, nqpf_spreg_fe *f, nqpf_error *err)
{
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, FE_NAMES[i]) == 0) {
            *f = (nqpf_spreg_fe)i;
            return NQPF_OK;
        }
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--fe must be none, unit, period or both, not '%s'", s ? s : "");
}

void nqpf_spreg_fit_free(nqpf_spreg_fit *f)
{
    if (!f)
        return;
    for (size_t j = 0; f->term && j < f->p; j++)
        free(f->term[j]);
    free(f->term), free(f->beta), free(f->cov);
    free(f);
}

typedef struct lik {
    double n_eff, m, c;
    const nqpf_spreg_eig *eig;
    /* SAR: e(rho) = e0 - rho e1 */
    double s00, s01, s11;
    /* SEM cross-products (p x p, p) */
    size_t p;
    const double *zz, *zzl, *zlzl, *zy, *zyl, *zly, *zlyl;
    double yy, yyl, ylyl;
    double *work, *beta;
} lik;

static double jac(const lik *l, double r)
{
    return l->m * nqpf_spreg_logdet(l->eig, r) - (l->c ? l->c * log(1 - r) : 0);
}

/* Newton steps on the score of the SAR concentrated likelihood from Brent's
 * point, so that rho is exact to rounding (Brent stops at ~1e-8 relative on
 * a likelihood this flat). */
static double polish_sar(const lik *l, double r, double lo, double hi)
{
    for (int it = 0; it < 8; it++) {
        double sse = l->s00 - 2 * r * l->s01 + r * r * l->s11, u = l->s01 - r * l->s11;
        double tg, tg2;
        nqpf_spreg_traces(l->eig, r, NULL, &tg, &tg2);
        double g = l->n_eff * u / sse - l->m * tg + (l->c ? l->c / (1 - r) : 0);
        double h = l->n_eff * (-l->s11 * sse + 2 * u * u) / (sse * sse) - l->m * tg2 +
                   (l->c ? l->c / ((1 - r) * (1 - r)) : 0);
        if (!(h < 0) || !isfinite(g))
            break;
        double nr = r - g / h;
        if (!(nr > lo && nr < hi))
            break;
        double step = fabs(nr - r);
        r = nr;
        if (step <= 1e-15 * fabs(r))
            break;
    }
    return r;
}

static double negll_sar(double r, void *ctx)
{
    const lik *l = ctx;
    double sse = l->s00 - 2 * r * l->s01 + r * r * l->s11;
    return 0.5 * l->n_eff * log(sse / l->n_eff) - jac(l, r);
}

/* SEM: GLS given lambda; returns the SSE (beta in l->beta) */
static double sem_sse(lik *l, double r)
{
    size_t p = l->p;
    double *a = l->work, *b = l->work + p * p;
    for (size_t i = 0; i < p; i++) {
        for (size_t j = 0; j < p; j++)
            a[i * p + j] = l->zz[i * p + j] - r * (l->zzl[i * p + j] + l->zzl[j * p + i]) + r * r * l->zlzl[i * p + j];
        b[i] = l->zy[i] - r * (l->zyl[i] + l->zly[i]) + r * r * l->zlyl[i];
    }
    if (spreg_spd_solve(p, a, b, l->beta, NULL) != -1)
        return NAN;
    return l->yy - 2 * r * l->yyl + r * r * l->ylyl - spreg_dot(l->beta, b, p);
}

static double negll_sem(double r, void *ctx)
{
    lik *l = ctx;
    double sse = sem_sse(l, r);
    if (!(sse > 0))
        return INFINITY;
    return 0.5 * l->n_eff * log(sse / l->n_eff) - jac(l, r);
}

static void crossprod(const double *a, size_t pa, const double *b, size_t pb, size_t nt, double *out)
{
    for (size_t i = 0; i < pa; i++)
        for (size_t j = 0; j < pb; j++)
            out[i * pb + j] = spreg_dot(a + i * nt, b + j * nt, nt);
}

static double sq_corr(const double *a, const double *b, size_t m)
{
    double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < m; i++)
        ma += a[i], mb += b[i];
    ma /= (double)m, mb /= (double)m;
    for (size_t i = 0; i < m; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab * sab / (saa * sbb) : NAN;
}

static int boundary(double r, double lo, double hi, const char *name, nqpf_error *err)
{
    double span = hi - lo;
    if (r - lo < 1e-6 * span || hi - r < 1e-6 * span)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "%s = %.10g is at the boundary of its admissible interval (%.10g, %.10g): the likelihood has no interior maximum",
                         name, r, lo, hi);
    return NQPF_OK;
}

int nqpf_spreg_fit_model(nqpf_spreg_fit **out, const nqpf_spreg_panel *pn, const nqpf_weights *w,
                         const nqpf_spreg_eig *eig, const nqpf_spreg_spec *spec, nqpf_error *err)
{
    *out = NULL;
    size_t n = pn->n, t = pn->t;
    nqpf_spreg_model model = spec->model;
    int spatial = model != NQPF_SPREG_SLX, lag = model == NQPF_SPREG_SAR || model == NQPF_SPREG_SDM;
    if (spatial && !eig)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "spatial model without W's eigenvalues");
    lik l = {0};
    l.n_eff = (double)(n * t), l.m = (double)t;
    if (spec->lee_yu) {
        if (spec->fe == NQPF_FE_NONE)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--lee-yu corrects fixed-effects estimates: it needs --fe unit, period or both");
        if (t < 2 && spec->fe != NQPF_FE_PERIOD)
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "--lee-yu with unit effects needs at least 2 periods");
        if (spec->fe != NQPF_FE_UNIT && spatial && !eig->row_stochastic)
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "--lee-yu with period effects needs a row-standardised W without islands (--style W)");
        if (spec->fe == NQPF_FE_UNIT)
            l.n_eff = (double)(n * (t - 1)), l.m = (double)(t - 1);
        else if (spec->fe == NQPF_FE_PERIOD)
            l.n_eff = (double)((n - 1) * t), l.m = l.c = (double)t;
        else
            l.n_eff = (double)((n - 1) * (t - 1)), l.m = l.c = (double)(t - 1);
    }
    l.eig = eig;
    spreg_design d;
    int rc = spreg_design_build(&d, pn, w, model, spec->fe, err);
    if (rc)
        return rc;
    int sac = model == NQPF_SPREG_SAC;
    size_t p = d.p, nt = d.nt, np = p + (size_t)spatial + 1 + (size_t)sac;
    nqpf_spreg_fit *f = calloc(1, sizeof *f);
    double *zz = nqpf_alloc(p * p, sizeof *zz), *v = nqpf_alloc(nt * 4, sizeof *v);
    double *zl = NULL, *xtra = NULL, *info = NULL;
    if (!f || !zz || !v)
        goto nomem;
    f->model = model, f->fe = spec->fe, f->lee_yu = spec->lee_yu;
    f->n_obs = nt, f->n_eff = (size_t)l.n_eff, f->p = p, f->k = d.k, f->has_const = d.has_const;
    f->has_rho = spatial, f->n_par = np;
    f->beta = nqpf_calloc(p ? p : 1, sizeof *f->beta);
    f->cov = nqpf_calloc(np * np, sizeof *f->cov);
    info = nqpf_calloc(np * np, sizeof *info);
    xtra = nqpf_calloc(6 * p * p + 8 * p + 8, sizeof *xtra);
    if (!f->beta || !f->cov || !info || !xtra)
        goto nomem;
    if (nt <= np + spreg_n_fe(spec->fe, n, t)) {
        rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "%zu observations are too few for %zu parameters and %zu fixed effects",
                       nt, np, spreg_n_fe(spec->fe, n, t));
        goto fail;
    }
    crossprod(d.z, p, d.z, p, nt, zz);
    {
        double *b = xtra, *inv = xtra + p;
        for (size_t j = 0; j < p; j++)
            b[j] = spreg_dot(d.z + j * nt, d.y, nt);
        long bad = spreg_spd_solve(p, zz, b, f->beta, inv);
        if (bad != -1) {
            rc = spreg_design_singular(&d, bad, err);
            goto fail;
        }
    }
    double *e = v, *fit = v + nt, *gz = v + 2 * nt, *tmp = v + 3 * nt;
    if (sac) {
        if ((rc = spreg_fit_sac(f, &d, w, eig, spec->fe, l.n_eff, l.m, l.c, err)))
            goto fail;
    } else if (model == NQPF_SPREG_SLX) {
        /* OLS; covariance s2 (Z'Z)^-1 with s2 = e'e / (N T - p - #FE) */
        for (size_t o = 0; o < nt; o++) {
            double s = 0;
            for (size_t j = 0; j < p; j++)
                s += d.z[j * nt + o] * f->beta[j];
            fit[o] = s;
            e[o] = d.y[o] - s;
        }
        double sse = spreg_dot(e, e, nt), df = (double)(nt - p - spreg_n_fe(spec->fe, n, t));
        double s2ml = sse / (double)nt;
        f->sigma2 = sse / df;
        f->loglik = -0.5 * (double)nt * (LOG_2PI + log(s2ml) + 1);
        double *inv = xtra + p;
        spreg_spd_solve(p, zz, NULL, NULL, inv);
        for (size_t i = 0; i < p; i++)
            for (size_t j = 0; j < p; j++)
                f->cov[i * np + j] = f->sigma2 * inv[i * p + j];
        f->cov[p * np + p] = 2 * f->sigma2 * f->sigma2 / df;
        f->pseudo_r2 = sq_corr(d.y, fit, nt);
    } else if (lag) {
        double *b0 = xtra, *b1 = xtra + p, *r = xtra + 2 * p;
        for (size_t j = 0; j < p; j++)
            r[j] = spreg_dot(d.z + j * nt, d.y, nt);
        spreg_spd_solve(p, zz, r, b0, NULL);
        for (size_t j = 0; j < p; j++)
            r[j] = spreg_dot(d.z + j * nt, d.wy, nt);
        spreg_spd_solve(p, zz, r, b1, NULL);
        double *e0 = e, *e1 = tmp;
        for (size_t o = 0; o < nt; o++) {
            double s0 = d.y[o], s1 = d.wy[o];
            for (size_t j = 0; j < p; j++)
                s0 -= d.z[j * nt + o] * b0[j], s1 -= d.z[j * nt + o] * b1[j];
            e0[o] = s0, e1[o] = s1;
        }
        l.s00 = spreg_dot(e0, e0, nt), l.s01 = spreg_dot(e0, e1, nt), l.s11 = spreg_dot(e1, e1, nt);
        double span = eig->hi - eig->lo;
        double rho = spreg_brent_min(eig->lo + 1e-9 * span, eig->hi - 1e-9 * span, negll_sar, &l, 1e-12);
        double rp = polish_sar(&l, rho, eig->lo, eig->hi);
        if (negll_sar(rp, &l) <= negll_sar(rho, &l) + 1e-12 * fabs(negll_sar(rho, &l)))
            rho = rp;
        if ((rc = boundary(rho, eig->lo, eig->hi, "rho", err)))
            goto fail;
        f->rho = rho;
        for (size_t j = 0; j < p; j++)
            f->beta[j] = b0[j] - rho * b1[j];
        for (size_t o = 0; o < nt; o++)
            e[o] = e0[o] - rho * e1[o];
        f->sigma2 = spreg_dot(e, e, nt) / l.n_eff;
        f->loglik = -0.5 * l.n_eff * (LOG_2PI + log(f->sigma2) + 1) + jac(&l, rho);
        /* fit = Z b; gz = Q G Z b; pseudo R2 from the reduced form A^-1 Z b */
        for (size_t o = 0; o < nt; o++) {
            double s = 0;
            for (size_t j = 0; j < p; j++)
                s += d.z[j * nt + o] * f->beta[j];
            fit[o] = s;
        }
        double trg, trg2, trgg, s2 = f->sigma2;
        int gr = spreg_g_ops(w, eig, rho, t, l.c > 0, fit, gz, tmp, &trg, &trg2, &trgg);
        if (gr) {
            rc = gr == -1 ? nqpf_fail_nomem(err) : nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "I - rho W is singular");
            goto fail;
        }
        spreg_demean(spec->fe, n, t, gz);
        f->pseudo_r2 = sq_corr(d.y, tmp, nt);
        for (size_t i = 0; i < p; i++) {
            for (size_t j = 0; j < p; j++)
                info[i * np + j] = zz[i * p + j] / s2;
            info[i * np + p] = info[p * np + i] = spreg_dot(d.z + i * nt, gz, nt) / s2;
        }
        info[p * np + p] = l.m * (trg2 + trgg) + spreg_dot(gz, gz, nt) / s2;
        info[p * np + p + 1] = info[(p + 1) * np + p] = l.m * trg / s2;
        info[(p + 1) * np + p + 1] = l.n_eff / (2 * s2 * s2);
    } else {
        /* SEM / SDEM: zl = Q W Z, yl = Q W y (the error filter of the demeaned data) */
        zl = nqpf_alloc(nt * (p + 1), sizeof *zl);
        if (!zl)
            goto nomem;
        double *yl = zl + p * nt;
        for (size_t j = 0; j < p; j++) {
            spreg_lag(w, t, d.z + j * nt, zl + j * nt);
            spreg_demean(spec->fe, n, t, zl + j * nt);
        }
        spreg_lag(w, t, d.y, yl);
        spreg_demean(spec->fe, n, t, yl);
        double *zzl = xtra, *zlzl = xtra + p * p, *zy = xtra + 2 * p * p, *zyl = zy + p, *zly = zy + 2 * p,
               *zlyl = zy + 3 * p;
        crossprod(d.z, p, zl, p, nt, zzl);
        crossprod(zl, p, zl, p, nt, zlzl);
        for (size_t j = 0; j < p; j++) {
            zy[j] = spreg_dot(d.z + j * nt, d.y, nt);
            zyl[j] = spreg_dot(d.z + j * nt, yl, nt);
            zly[j] = spreg_dot(zl + j * nt, d.y, nt);
            zlyl[j] = spreg_dot(zl + j * nt, yl, nt);
        }
        l.p = p, l.zz = zz, l.zzl = zzl, l.zlzl = zlzl, l.zy = zy, l.zyl = zyl, l.zly = zly, l.zlyl = zlyl;
        l.yy = spreg_dot(d.y, d.y, nt), l.yyl = spreg_dot(d.y, yl, nt), l.ylyl = spreg_dot(yl, yl, nt);
        l.work = xtra + 3 * p * p + 4 * p;
        l.beta = f->beta;
        double span = eig->hi - eig->lo;
        double lam = spreg_brent_min(eig->lo + 1e-9 * span, eig->hi - 1e-9 * span, negll_sem, &l, 1e-12);
        if ((rc = boundary(lam, eig->lo, eig->hi, "lambda", err)))
            goto fail;
        f->rho = lam;
        sem_sse(&l, lam);
        /* residuals and Zs = Z - lam Zl explicitly at the optimum */
        for (size_t o = 0; o < nt; o++) {
            double s = d.y[o] - lam * yl[o], sf = 0;
            for (size_t j = 0; j < p; j++) {
                s -= (d.z[j * nt + o] - lam * zl[j * nt + o]) * f->beta[j];
                sf += d.z[j * nt + o] * f->beta[j];
            }
            e[o] = s;
            fit[o] = sf;
        }
        f->sigma2 = spreg_dot(e, e, nt) / l.n_eff;
        f->loglik = -0.5 * l.n_eff * (LOG_2PI + log(f->sigma2) + 1) + jac(&l, lam);
        f->pseudo_r2 = sq_corr(d.y, fit, nt);
        double trg, trg2, trgg, s2 = f->sigma2;
        int gr = spreg_g_ops(w, eig, lam, t, l.c > 0, NULL, NULL, NULL, &trg, &trg2, &trgg);
        if (gr) {
            rc = gr == -1 ? nqpf_fail_nomem(err) : nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "I - lambda W is singular");
            goto fail;
        }
        for (size_t i = 0; i < p; i++)
            for (size_t j = 0; j < p; j++)
                info[i * np + j] = (zz[i * p + j] - lam * (zzl[i * p + j] + zzl[j * p + i]) + lam * lam * zlzl[i * p + j]) / s2;
        info[p * np + p] = l.m * (trg2 + trgg);
        info[p * np + p + 1] = info[(p + 1) * np + p] = l.m * trg / s2;
        info[(p + 1) * np + p + 1] = l.n_eff / (2 * s2 * s2);
    }
    if (spatial && !sac) {
        memcpy(f->cov, info, np * np * sizeof *info);
        if (spreg_inverse(np, f->cov)) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the information matrix is singular");
            goto fail;
        }
    }
    f->aic = -2 * f->loglik + 2 * (double)np;
    f->bic = -2 * f->loglik + log((double)nt) * (double)np;
    f->term = d.term;
    d.term = NULL;
    spreg_design_free(&d);
    free(zz), free(v), free(zl), free(xtra), free(info);
    *out = f;
    return NQPF_OK;
nomem:
    rc = nqpf_fail_nomem(err);
fail:
    spreg_design_free(&d);
    free(zz), free(v), free(zl), free(xtra), free(info);
    if (f)
        f->p = 0;
    nqpf_spreg_fit_free(f);
    return rc;
}
