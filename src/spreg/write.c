/* nqpf spreg — the result tables of fits and tests (shortest round-trip numbers). */
#include <math.h>
#include <stdio.h>

#include "nqpf/spreg.h"

static int row(nqpf_restab *r, const char *model, const char *prefix, const char *term, double est, double se,
               double z, double p)
{
    char buf[512];
    if (prefix)
        snprintf(buf, sizeof buf, "%s%s", prefix, term);
    const char *f[2] = {model, prefix ? buf : term};
    double v[4] = {est, se, z, p};
    return nqpf_restab_row(r, f, 2, v, 4);
}

int nqpf_spreg_fit_table(nqpf_restab *r, const nqpf_spreg_fit *f, char *const *xname, const double *est,
                         const double *se, const double *z, const double *pv)
{
    const char *m = nqpf_spreg_model_name(f->model);
    size_t np = f->n_par;
    int bad = nqpf_restab_header(r, "model,term,estimate,se,z,p");
    for (size_t j = 0; j < np; j++) {
        int lagm = f->model == NQPF_SPREG_SAR || f->model == NQPF_SPREG_SDM || f->model == NQPF_SPREG_SAC;
        double e = j < f->p ? f->beta[j] : j + 1 == np ? f->sigma2 : j == f->p ? f->rho : f->lambda;
        double s = sqrt(f->cov[j * np + j]), zz = e / s;
        const char *name = j < f->p ? f->term[j] : j + 1 == np ? "sigma2" : j == f->p && lagm ? "rho" : "lambda";
        bad |= row(r, m, NULL, name, e, s, zz, nqpf_spreg_pnorm2(zz));
    }
    double nan = NAN;
    bad |= row(r, m, NULL, "log_likelihood", f->loglik, nan, nan, nan);
    bad |= row(r, m, NULL, "aic", f->aic, nan, nan, nan);
    bad |= row(r, m, NULL, "bic", f->bic, nan, nan, nan);
    bad |= row(r, m, NULL, "pseudo_r2", f->pseudo_r2, nan, nan, nan);
    bad |= row(r, m, NULL, "n_obs", (double)f->n_obs, nan, nan, nan);
    static const char *const kind[3] = {"direct:", "indirect:", "total:"};
    for (size_t j = 0; est && j < f->k; j++)
        for (int q = 0; q < 3; q++)
            bad |= row(r, m, kind[q], xname[j], est[3 * j + q], se[3 * j + q], z[3 * j + q], pv[3 * j + q]);
    return bad;
}

static int trow(nqpf_restab *r, const char *name, double stat, double df, double p, const char *note)
{
    double v[3] = {stat, df, p};
    int bad = nqpf_restab_row(r, &name, 1, v, 3);
    return bad | nqpf_restab_text(r, note ? note : "");
}

int nqpf_spreg_diag_table(nqpf_restab *r, const nqpf_spreg_diag *d)
{
    double df = (double)d->df;
    int bad = nqpf_restab_header(r, "test,statistic,df,p,note");
    bad |= trow(r, "lm_lag", d->lm.lm_lag, 1, d->lm.p_lag, NULL);
    bad |= trow(r, "lm_error", d->lm.lm_err, 1, d->lm.p_err, NULL);
    bad |= trow(r, "robust_lm_lag", d->lm.rlm_lag, 1, d->lm.p_rlag, NULL);
    bad |= trow(r, "robust_lm_error", d->lm.rlm_err, 1, d->lm.p_rerr, NULL);
    const char *note = d->note[0] ? d->note : NULL;
    bad |= trow(r, "wald_sdm_vs_sar", d->wald_sar, df, d->p_wald_sar, note);
    bad |= trow(r, "lr_sdm_vs_sar", d->lr_sar, df, d->p_lr_sar, note);
    bad |= trow(r, "wald_sdm_vs_sem", d->wald_sem, df, d->p_wald_sem, note);
    bad |= trow(r, "lr_sdm_vs_sem", d->lr_sem, df, d->p_lr_sem, note);
    return bad;
}
