/* nqpf spreg — the demeaned design of one model: y, W y, Z = [1 | X | W X]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "design.h"
#include "nqpf/util.h"
#include "ops.h"

void spreg_design_free(spreg_design *d)
{
    for (size_t j = 0; d->term && j < d->p; j++)
        free(d->term[j]);
    free(d->term), free(d->y), free(d->wy), free(d->z);
    memset(d, 0, sizeof *d);
}

int spreg_design_build(spreg_design *d, const nqpf_spreg_panel *pn, const nqpf_weights *w, nqpf_spreg_model model,
                       nqpf_spreg_fe fe, nqpf_error *err)
{
    memset(d, 0, sizeof *d);
    size_t n = pn->n, t = pn->t, nt = n * t, k = pn->k;
    if (w->n != n)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "W has %zu units, the panel %zu", w->n, n);
    int durbin = model == NQPF_SPREG_SDM || model == NQPF_SPREG_SDEM || model == NQPF_SPREG_SLX;
    d->n = n, d->t = t, d->nt = nt, d->k = k;
    d->has_const = fe == NQPF_FE_NONE;
    /* W 1 is not constant when W is not row-stochastic: then W*(Intercept)
     * is a regressor of the Durbin models too (as spatialreg) */
    int lag_const = 0;
    if (durbin && d->has_const)
        for (size_t i = 0; i < n && !lag_const; i++) {
            double s = 0;
            for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
                s += w->w[q];
            lag_const = fabs(s - 1) > 1e-12;
        }
    d->p = (size_t)d->has_const + k * (durbin ? 2 : 1) + (size_t)lag_const;
    d->durbin = durbin;
    d->y = nqpf_alloc(nt, sizeof *d->y);
    d->wy = nqpf_alloc(nt, sizeof *d->wy);
    d->z = nqpf_alloc(nt * (d->p ? d->p : 1), sizeof *d->z);
    d->term = calloc(d->p ? d->p : 1, sizeof *d->term);
    if (!d->y || !d->wy || !d->z || !d->term)
        goto nomem;
    memcpy(d->y, pn->y, nt * sizeof *d->y);
    spreg_lag(w, t, pn->y, d->wy);
    spreg_demean(fe, n, t, d->y);
    spreg_demean(fe, n, t, d->wy);
    size_t c = 0;
    if (d->has_const) {
        for (size_t o = 0; o < nt; o++)
            d->z[o] = 1;
        if (!(d->term[c++] = nqpf_strdup("(Intercept)")))
            goto nomem;
    }
    for (size_t j = 0; j < k; j++, c++) {
        memcpy(d->z + c * nt, pn->x + j * nt, nt * sizeof *d->z);
        spreg_demean(fe, n, t, d->z + c * nt);
        if (!(d->term[c] = nqpf_strdup(pn->xname[j])))
            goto nomem;
    }
    for (size_t j = 0; durbin && j < k; j++, c++) {
        spreg_lag(w, t, pn->x + j * nt, d->z + c * nt);
        spreg_demean(fe, n, t, d->z + c * nt);
        size_t len = strlen(pn->xname[j]) + 3;
        if (!(d->term[c] = malloc(len)))
            goto nomem;
        snprintf(d->term[c], len, "W*%s", pn->xname[j]);
    }
    if (lag_const) {
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
                s += w->w[q];
            for (size_t p = 0; p < t; p++)
                d->z[c * nt + p * n + i] = s;
        }
        if (!(d->term[c] = nqpf_strdup("W*(Intercept)")))
            goto nomem;
    }
    return NQPF_OK;
nomem:
    spreg_design_free(d);
    return nqpf_fail_nomem(err);
}

int spreg_design_singular(const spreg_design *d, long col, nqpf_error *err)
{
    if (col == -2)
        return nqpf_fail_nomem(err);
    return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                     "singular regressors: '%s' is constant or a linear combination of the terms before it%s",
                     d->term[col], d->has_const ? "" : " after removing the fixed effects");
}
