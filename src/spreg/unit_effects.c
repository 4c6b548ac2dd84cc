/* nqpf spreg — per-unit direct, indirect and total effects (LeSage & Pace
 * 2009, §2.7): the diagonal and the row sums of S_j(W) = (I - rho W)^-1
 * (b_j I + t_j W); for SLX/SDEM b_j and t_j (W 1)_i; for SEM b_j and 0. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "nqpf/output.h"
#include "nqpf/util.h"
#include "ops.h"

int nqpf_spreg_unit_effects(const nqpf_spreg_fit *f, const nqpf_weights *w, double *out, nqpf_error *err)
{
    size_t n = w->n, k = f->k, c0 = (size_t)f->has_const;
    int durbin = f->model == NQPF_SPREG_SDM || f->model == NQPF_SPREG_SDEM || f->model == NQPF_SPREG_SLX;
    int lagm = f->model == NQPF_SPREG_SAR || f->model == NQPF_SPREG_SDM || f->model == NQPF_SPREG_SAC;
    double *ai = NULL, *g = NULL;
    if (lagm) {
        if (n > NQPF_SPREG_EXACT_MAX)
            return nqpf_fail(err, NQPF_ENOMEM, NULL, 0, 0,
                             "per-unit effects need the dense (I - rho W)^-1: at most %d units", NQPF_SPREG_EXACT_MAX);
        int r = spreg_dense_g(w, f->rho, &g, &ai);
        if (r)
            return r == -1 ? nqpf_fail_nomem(err) : nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "I - rho W is singular");
    }
    for (size_t i = 0; i < n; i++) {
        double wrow = 0, dai = 0, dg = 0, rai = 0, rg = 0;
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
            wrow += w->w[q];
        if (lagm) {
            /* A^-1 W = W A^-1 = G: its diagonal and row sums */
            dai = ai[i * n + i], dg = g[i * n + i];
            for (size_t j = 0; j < n; j++)
                rai += ai[i * n + j], rg += g[i * n + j];
        }
        for (size_t j = 0; j < k; j++) {
            double b = f->beta[c0 + j], t = durbin ? f->beta[c0 + k + j] : 0, dir, tot;
            if (lagm)
                dir = b * dai + t * dg, tot = b * rai + t * rg;
            else
                dir = b, tot = b + t * wrow;
            double *o = out + (i * k + j) * 3;
            o[0] = dir, o[1] = tot - dir, o[2] = tot;
        }
    }
    free(ai), free(g);
    return NQPF_OK;
}

int nqpf_spreg_unit_effects_table(nqpf_restab *r, const nqpf_spreg_fit *f, size_t n, char *const *unit,
                                  char *const *xname, const double *eff)
{
    int bad = nqpf_restab_header(r, "unit,variable,direct,indirect,total");
    size_t k = f->k;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++) {
            const char *key[2] = {unit[i], xname[j]};
            bad |= nqpf_restab_row(r, key, 2, eff + (i * k + j) * 3, 3);
        }
    return bad;
}
