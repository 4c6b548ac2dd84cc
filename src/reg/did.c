/* nqpf did — two-way fixed-effects DID, the event study and the placebo
 * test, each one call of nqpf reg's estimator (absorbed fixed effects,
 * clustered covariance) on a treatment design built here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "did_internal.h"
#include "nqpf/rng.h"
#include "nqpf/util.h"

static void spec_of(const did_data *d, enum nqpf_reg_vce vce, nqpf_reg_spec *s)
{
    memset(s, 0, sizeof *s);
    s->n = d->n;
    s->y = d->y;
    s->y_name = "y";
    s->n_fe = d->n_fe;
    s->fe = (const size_t *const *)d->fe;
    s->fe_name = d->fe_name;
    s->vce = vce;
    if (vce == NQPF_REG_CLUSTER) {
        s->n_cl = d->n_cl;
        s->cl = (const size_t *const *)d->cl;
        s->cl_name = d->cl_name;
    }
    s->dof = d->dof;
}

int did_twfe(const did_data *d, const double *G, enum nqpf_reg_vce vce, nqpf_reg_fit *fit, nqpf_error *err)
{
    double *D = nqpf_alloc(d->n + 1, sizeof *D);
    if (!D)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < d->n; i++) {
        double g = G[d->unit[i]];
        D[i] = g > 0 && d->t[i] >= g;
    }
    const double *xs[DID_MAXX + 1];
    const char *xn[DID_MAXX + 1];
    xs[0] = D, xn[0] = "D";
    for (size_t a = 0; a < d->nx; a++)
        xs[a + 1] = d->x[a], xn[a + 1] = d->xname[a];
    nqpf_reg_spec s;
    spec_of(d, vce, &s);
    s.n_x = d->nx + 1, s.x = xs, s.x_name = xn;
    int rc = nqpf_reg_fit_model(&s, fit, err);
    free(D);
    return rc;
}

int did_event(const did_data *d, const did_window *w, nqpf_reg_fit *fit, size_t *obs, char (*names)[32],
              nqpf_error *err)
{
    size_t nb = (size_t)(w->hi - w->lo + 1), nd = nb - 1;
    if (nd + d->nx > DID_MAXX * 4)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--event-window: at most %d event-time dummies", DID_MAXX * 4);
    double **dum = nqpf_calloc(nd + 1, sizeof *dum);
    const double **xs = nqpf_calloc(nd + d->nx + 1, sizeof *xs);
    const char **xn = nqpf_calloc(nd + d->nx + 1, sizeof *xn);
    int rc = NQPF_OK;
    if (!dum || !xs || !xn)
        rc = nqpf_fail_nomem(err);
    for (size_t k = 0; k < nd && !rc; k++)
        if (!(dum[k] = nqpf_calloc(d->n + 1, sizeof **dum)))
            rc = nqpf_fail_nomem(err);
    size_t *col = nqpf_alloc(nb + 1, sizeof *col); /* bin -> dummy, or nb for none */
    if (!rc && !col)
        rc = nqpf_fail_nomem(err);
    if (!rc) {
        memset(obs, 0, nb * sizeof *obs);
        for (size_t i = 0; i < d->n; i++) {
            double g = d->G[d->unit[i]];
            if (g > 0) {
                double ev = d->t[i] - g;
                long e = ev < (double)w->lo ? w->lo : ev > (double)w->hi ? w->hi : (long)ev;
                obs[e - w->lo]++;
            }
        }
        /* a dummy per non-empty bin but the reference (empty bins: no term) */
        nd = 0;
        for (size_t k = 0; k < nb; k++) {
            long e = w->lo + (long)k;
            col[k] = nb;
            if (e == w->ref || obs[k] == 0)
                continue;
            snprintf(names[nd], sizeof names[nd], "e=%ld", e);
            xs[nd] = dum[nd], xn[nd] = names[nd];
            col[k] = nd++;
        }
        for (size_t i = 0; i < d->n; i++) {
            double g = d->G[d->unit[i]];
            if (!(g > 0))
                continue;
            double ev = d->t[i] - g;
            long e = ev < (double)w->lo ? w->lo : ev > (double)w->hi ? w->hi : (long)ev;
            if (col[e - w->lo] < nb)
                dum[col[e - w->lo]][i] = 1.0;
        }
        for (size_t a = 0; a < d->nx; a++)
            xs[nd + a] = d->x[a], xn[nd + a] = d->xname[a];
        nqpf_reg_spec s;
        spec_of(d, NQPF_REG_CLUSTER, &s);
        s.n_x = nd + d->nx, s.x = xs, s.x_name = xn;
        rc = nqpf_reg_fit_model(&s, fit, err);
    }
    for (size_t k = 0; dum && k < nb - 1; k++)
        free(dum[k]);
    free(dum), free(xs), free(xn), free(col);
    return rc;
}

int did_placebo(const did_data *d, size_t B, unsigned long long seed, double *draws, nqpf_error *err)
{
    size_t N = d->N;
    long Bl = (long)B;
    int oom = 0;
#pragma omp parallel
    {
        double *Gp = nqpf_alloc(N + 1, sizeof *Gp);
        size_t *perm = nqpf_alloc(N + 1, sizeof *perm);
        if (!Gp || !perm) {
#pragma omp atomic write
            oom = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (long r = 0; r < Bl; r++) {
            draws[r] = NAN;
            if (!Gp || !perm)
                continue;
            nqpf_rng rng;
            nqpf_rng_init(&rng, seed, (uint64_t)r);
            for (size_t u = 0; u < N; u++)
                perm[u] = u;
            nqpf_rng_shuffle(&rng, perm, N);
            for (size_t u = 0; u < N; u++)
                Gp[u] = d->G[perm[u]];
            nqpf_reg_fit f;
            nqpf_error e;
            if (did_twfe(d, Gp, NQPF_REG_IID, &f, &e) == NQPF_OK) {
                if (f.main.p && !f.main.omitted[0])
                    draws[r] = f.main.b[0];
                nqpf_reg_fit_free(&f);
            }
        }
        free(Gp), free(perm);
    }
    return oom ? nqpf_fail_nomem(err) : NQPF_OK;
}
