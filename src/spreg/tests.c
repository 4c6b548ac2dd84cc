/* nqpf spreg — LM tests on OLS residuals (Anselin 1988; Anselin, Bera,
 * Florax & Yoon 1996; panel forms Elhorst 2014 / Debarsy & Ertur 2010), Wald
 * and LR tests of SDM against SAR and SEM, the chi-square tail. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design.h"
#include "nqpf/util.h"
#include "ops.h"

/* regularised upper incomplete gamma Q(a, x) */
static double gamma_q(double a, double x)
{
    if (!(x > 0))
        return 1;
    double lg = a * log(x) - x - lgamma(a);
    if (x < a + 1) {
        double ap = a, sum = 1 / a, del = sum;
        for (int i = 0; i < 10000; i++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (fabs(del) < fabs(sum) * 1e-16)
                break;
        }
        return 1 - sum * exp(lg);
    }
    /* Lentz's continued fraction */
    double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
    for (int i = 1; i < 10000; i++) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (fabs(d) < 1e-300)
            d = 1e-300;
        c = b + an / c;
        if (fabs(c) < 1e-300)
            c = 1e-300;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < 1e-16)
            break;
    }
    return exp(lg) * h;
}

double nqpf_chi2_upper(double x, double df)
{
    if (isnan(x))
        return NAN;
    if (df == 1)
        return erfc(sqrt(fmax(x, 0) / 2));
    return gamma_q(df / 2, x / 2);
}

int nqpf_spreg_lm_tests(const nqpf_spreg_panel *pn, const nqpf_weights *w, nqpf_spreg_fe fe, nqpf_spreg_lm *r,
                        nqpf_error *err)
{
    spreg_design d;
    int rc = spreg_design_build(&d, pn, w, NQPF_SPREG_SAR, fe, err);
    if (rc)
        return rc;
    size_t p = d.p, nt = d.nt, n = d.n, t = d.t;
    double *zz = nqpf_alloc(p * p + 2 * p, sizeof *zz), *v = nqpf_alloc(4 * nt, sizeof *v);
    if (!zz || !v) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    double *b = zz + p * p, *rhs = b + p, *e = v, *we = v + nt, *wxb = v + 2 * nt, *xb = v + 3 * nt;
    for (size_t i = 0; i < p; i++) {
        for (size_t j = 0; j < p; j++)
            zz[i * p + j] = spreg_dot(d.z + i * nt, d.z + j * nt, nt);
        rhs[i] = spreg_dot(d.z + i * nt, d.y, nt);
    }
    long bad = spreg_spd_solve(p, zz, rhs, b, NULL);
    if (bad != -1) {
        rc = spreg_design_singular(&d, bad, err);
        goto out;
    }
    for (size_t o = 0; o < nt; o++) {
        double s = 0;
        for (size_t j = 0; j < p; j++)
            s += d.z[j * nt + o] * b[j];
        xb[o] = s;
        e[o] = d.y[o] - s;
    }
    double s2 = spreg_dot(e, e, nt) / (double)nt;
    spreg_lag(w, t, e, we);
    spreg_lag(w, t, xb, wxb);
    spreg_demean(fe, n, t, wxb);
    /* M (Q W X b): residual of the regression of wxb on Z */
    for (size_t i = 0; i < p; i++)
        rhs[i] = spreg_dot(d.z + i * nt, wxb, nt);
    double *c = zz + p * p; /* reuse b */
    spreg_spd_solve(p, zz, rhs, c, NULL);
    for (size_t o = 0; o < nt; o++) {
        double s = wxb[o];
        for (size_t j = 0; j < p; j++)
            s -= d.z[j * nt + o] * c[j];
        wxb[o] = s;
    }
    double tw = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++) {
            size_t j = w->nbr[q];
            tw += w->w[q] * w->w[q];
            for (size_t q2 = w->off[j]; q2 < w->off[j + 1]; q2++)
                if (w->nbr[q2] == i)
                    tw += w->w[q] * w->w[q2];
        }
    double ttw = (double)t * tw;
    double dl = spreg_dot(e, d.wy, nt) / s2, de = spreg_dot(e, we, nt) / s2;
    double jj = (spreg_dot(wxb, wxb, nt) + ttw * s2) / s2;
    r->lm_lag = dl * dl / jj;
    r->lm_err = de * de / ttw;
    r->rlm_lag = (dl - de) * (dl - de) / (jj - ttw);
    r->rlm_err = (de - ttw / jj * dl) * (de - ttw / jj * dl) / (ttw * (1 - ttw / jj));
    r->p_lag = nqpf_chi2_upper(r->lm_lag, 1);
    r->p_err = nqpf_chi2_upper(r->lm_err, 1);
    r->p_rlag = nqpf_chi2_upper(r->rlm_lag, 1);
    r->p_rerr = nqpf_chi2_upper(r->rlm_err, 1);
out:
    free(zz), free(v);
    spreg_design_free(&d);
    return rc;
}

int nqpf_spreg_wald(const nqpf_spreg_fit *f, double *w_sar, double *p_sar, double *w_sem, double *p_sem, size_t *df,
                    nqpf_error *err)
{
    if (f->model != NQPF_SPREG_SDM)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "Wald tests need an SDM fit");
    size_t k = f->k, c0 = (size_t)f->has_const, np = f->n_par, rp = f->p;
    double *a = nqpf_alloc(k * k, sizeof *a), *g = nqpf_alloc(k, sizeof *g), *rm = nqpf_calloc(k * np, sizeof *rm),
           *tmp = nqpf_alloc(k * np, sizeof *tmp);
    if (!a || !g || !rm || !tmp) {
        free(a), free(g), free(rm), free(tmp);
        return nqpf_fail_nomem(err);
    }
    *df = k;
    for (int pass = 0; pass < 2; pass++) {
        /* pass 0: g = theta (R picks theta); pass 1: g = theta + rho beta */
        memset(rm, 0, k * np * sizeof *rm);
        for (size_t j = 0; j < k; j++) {
            g[j] = f->beta[c0 + k + j] + (pass ? f->rho * f->beta[c0 + j] : 0);
            rm[j * np + c0 + k + j] = 1;
            if (pass) {
                rm[j * np + c0 + j] = f->rho;
                rm[j * np + rp] = f->beta[c0 + j];
            }
        }
        for (size_t i = 0; i < k; i++)
            for (size_t q = 0; q < np; q++) {
                double s = 0;
                for (size_t q2 = 0; q2 < np; q2++)
                    s += rm[i * np + q2] * f->cov[q2 * np + q];
                tmp[i * np + q] = s;
            }
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                a[i * k + j] = spreg_dot(tmp + i * np, rm + j * np, np);
        double stat = NAN;
        if (spreg_inverse(k, a) == 0) {
            stat = 0;
            for (size_t i = 0; i < k; i++)
                for (size_t j = 0; j < k; j++)
                    stat += g[i] * a[i * k + j] * g[j];
        }
        *(pass ? w_sem : w_sar) = stat;
        *(pass ? p_sem : p_sar) = nqpf_chi2_upper(stat, (double)k);
    }
    free(a), free(g), free(rm), free(tmp);
    return NQPF_OK;
}
