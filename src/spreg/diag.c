/* nqpf spreg — the diagnostics bundle: LM tests, SDM vs SAR and SEM. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nqpf/spreg.h"

static int fit_or_note(nqpf_spreg_fit **f, const nqpf_spreg_panel *p, const nqpf_weights *w,
                       const nqpf_spreg_eig *eig, nqpf_spreg_model m, nqpf_spreg_fe fe, int lee_yu,
                       nqpf_spreg_diag *d, nqpf_error *err)
{
    nqpf_spreg_spec spec = {m, fe, lee_yu};
    nqpf_error e2;
    nqpf_error_clear(&e2);
    int rc = nqpf_spreg_fit_model(f, p, w, eig, &spec, &e2);
    if (rc == NQPF_EMATH) {
        size_t len = strlen(d->note);
        snprintf(d->note + len, sizeof d->note - len, "%s%s: %s", len ? "; " : "", nqpf_spreg_model_name(m), e2.msg);
        return NQPF_OK;
    }
    if (rc)
        *err = e2;
    return rc;
}

int nqpf_spreg_diagnostics(const nqpf_spreg_panel *p, const nqpf_weights *w, const nqpf_spreg_eig *eig,
                           nqpf_spreg_fe fe, int lee_yu, nqpf_spreg_diag *d, nqpf_error *err)
{
    double nan = NAN;
    memset(d, 0, sizeof *d);
    d->ll_sdm = d->ll_sar = d->ll_sem = nan;
    d->wald_sar = d->p_wald_sar = d->wald_sem = d->p_wald_sem = nan;
    d->lr_sar = d->p_lr_sar = d->lr_sem = d->p_lr_sem = nan;
    d->df = p->k;
    int rc = nqpf_spreg_lm_tests(p, w, fe, &d->lm, err);
    if (rc)
        return rc;
    nqpf_spreg_fit *sdm = NULL, *sar = NULL, *sem = NULL;
    if ((rc = fit_or_note(&sdm, p, w, eig, NQPF_SPREG_SDM, fe, lee_yu, d, err)) ||
        (rc = fit_or_note(&sar, p, w, eig, NQPF_SPREG_SAR, fe, lee_yu, d, err)) ||
        (rc = fit_or_note(&sem, p, w, eig, NQPF_SPREG_SEM, fe, lee_yu, d, err)))
        goto out;
    double dfk = (double)p->k;
    if (sdm) {
        d->ll_sdm = sdm->loglik;
        if ((rc = nqpf_spreg_wald(sdm, &d->wald_sar, &d->p_wald_sar, &d->wald_sem, &d->p_wald_sem, &d->df, err)))
            goto out;
    }
    if (sar)
        d->ll_sar = sar->loglik;
    if (sem)
        d->ll_sem = sem->loglik;
    d->lr_sar = 2 * (d->ll_sdm - d->ll_sar);
    d->lr_sem = 2 * (d->ll_sdm - d->ll_sem);
    d->p_lr_sar = nqpf_chi2_upper(d->lr_sar, dfk);
    d->p_lr_sem = nqpf_chi2_upper(d->lr_sem, dfk);
out:
    nqpf_spreg_fit_free(sdm), nqpf_spreg_fit_free(sar), nqpf_spreg_fit_free(sem);
    return rc;
}
