/* nqpf spreg — CSV output of fits and tests (shortest round-trip numbers). */
#include <math.h>
#include <stdio.h>

#include "nqpf/output.h"
#include "nqpf/spreg.h"

static void row(FILE *fp, const char *model, const char *prefix, const char *term, double est, double se, double z,
                double p)
{
    fprintf(fp, "%s,", model);
    if (prefix) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s%s", prefix, term);
        nqpf_csv_put_field(fp, buf);
    } else {
        nqpf_csv_put_field(fp, term);
    }
    double v[4] = {est, se, z, p};
    for (int i = 0; i < 4; i++) {
        fputc(',', fp);
        nqpf_csv_put_num(fp, v[i]);
    }
    fputc('\n', fp);
}

void nqpf_spreg_write_fit(FILE *fp, const nqpf_spreg_fit *f, char *const *xname, const double *est,
                          const double *se, const double *z, const double *pv, int header)
{
    const char *m = nqpf_spreg_model_name(f->model);
    size_t np = f->n_par;
    if (header)
        fputs("model,term,estimate,se,z,p\n", fp);
    for (size_t j = 0; j < np; j++) {
        int lagm = f->model == NQPF_SPREG_SAR || f->model == NQPF_SPREG_SDM || f->model == NQPF_SPREG_SAC;
        double e = j < f->p ? f->beta[j] : j + 1 == np ? f->sigma2 : j == f->p ? f->rho : f->lambda;
        double s = sqrt(f->cov[j * np + j]), zz = e / s;
        const char *name = j < f->p ? f->term[j] : j + 1 == np ? "sigma2" : j == f->p && lagm ? "rho" : "lambda";
        row(fp, m, NULL, name, e, s, zz, nqpf_spreg_pnorm2(zz));
    }
    double nan = NAN;
    row(fp, m, NULL, "log_likelihood", f->loglik, nan, nan, nan);
    row(fp, m, NULL, "aic", f->aic, nan, nan, nan);
    row(fp, m, NULL, "bic", f->bic, nan, nan, nan);
    row(fp, m, NULL, "pseudo_r2", f->pseudo_r2, nan, nan, nan);
    row(fp, m, NULL, "n_obs", (double)f->n_obs, nan, nan, nan);
    static const char *const kind[3] = {"direct:", "indirect:", "total:"};
    for (size_t j = 0; est && j < f->k; j++)
        for (int q = 0; q < 3; q++)
            row(fp, m, kind[q], xname[j], est[3 * j + q], se[3 * j + q], z[3 * j + q], pv[3 * j + q]);
}

static void trow(FILE *fp, const char *name, double stat, double df, double p, const char *note)
{
    fprintf(fp, "%s,", name);
    nqpf_csv_put_num(fp, stat);
    fputc(',', fp);
    nqpf_csv_put_num(fp, df);
    fputc(',', fp);
    nqpf_csv_put_num(fp, p);
    fputc(',', fp);
    nqpf_csv_put_field(fp, note ? note : "");
    fputc('\n', fp);
}

void nqpf_spreg_write_diag(FILE *fp, const nqpf_spreg_diag *d)
{
    double df = (double)d->df;
    fputs("test,statistic,df,p,note\n", fp);
    trow(fp, "lm_lag", d->lm.lm_lag, 1, d->lm.p_lag, NULL);
    trow(fp, "lm_error", d->lm.lm_err, 1, d->lm.p_err, NULL);
    trow(fp, "robust_lm_lag", d->lm.rlm_lag, 1, d->lm.p_rlag, NULL);
    trow(fp, "robust_lm_error", d->lm.rlm_err, 1, d->lm.p_rerr, NULL);
    const char *note = d->note[0] ? d->note : NULL;
    trow(fp, "wald_sdm_vs_sar", d->wald_sar, df, d->p_wald_sar, note);
    trow(fp, "lr_sdm_vs_sar", d->lr_sar, df, d->p_lr_sar, note);
    trow(fp, "wald_sdm_vs_sem", d->wald_sem, df, d->p_wald_sem, note);
    trow(fp, "lr_sdm_vs_sem", d->lr_sem, df, d->p_lr_sem, note);
}
