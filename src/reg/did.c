/* nqpf did — two-way fixed-effects DID, the event study and the placebo
 * test, each one call of nqpf reg's estimator (absorbed fixed effects,
 * clustered covariance) on a treatment design built here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "did_internal.h"
#include "reg_internal.h"
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

static void permute(const did_data *d, unsigned long long seed, long r, size_t *perm, double *Gp);

int did_placebo_refit(const did_data *d, size_t B, unsigned long long seed, double *draws, nqpf_error *err)
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
            permute(d, seed, r, perm, Gp);
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

/* The permutation of draw r (stream (seed, r)) applied to G. */
static void permute(const did_data *d, unsigned long long seed, long r, size_t *perm, double *Gp)
{
    nqpf_rng rng;
    nqpf_rng_init(&rng, seed, (uint64_t)r);
    for (size_t u = 0; u < d->N; u++)
        perm[u] = u;
    nqpf_rng_shuffle(&rng, perm, d->N);
    for (size_t u = 0; u < d->N; u++)
        Gp[u] = d->G[perm[u]];
}

int did_placebo(const did_data *d, const unsigned char *in_sample, size_t B, unsigned long long seed, double *draws,
                nqpf_error *err)
{
    if (d->n_fe == 0 || !in_sample)
        return did_placebo_refit(d, B, seed, draws, err);
    size_t n = d->n, m = 0, p = 1 + d->nx, N = d->N;
    size_t *row = nqpf_alloc(n + 1, sizeof *row);
    size_t *codes[DID_MAXFE] = {0}, levels[DID_MAXFE];
    double *Y = NULL, *Xc = NULL;
    nqpf_hdfe h;
    memset(&h, 0, sizeof h);
    int rc = row ? NQPF_OK : nqpf_fail_nomem(err), have_h = 0;
    for (size_t i = 0; i < n && !rc; i++)
        if (in_sample[i])
            row[m++] = i;
    for (size_t f = 0; f < d->n_fe && !rc; f++) {
        size_t *tmp = nqpf_alloc(m + 1, sizeof *tmp);
        codes[f] = nqpf_alloc(m + 1, sizeof **codes);
        if (!tmp || !codes[f]) {
            free(tmp);
            rc = nqpf_fail_nomem(err);
            break;
        }
        for (size_t i = 0; i < m; i++)
            tmp[i] = d->fe[f][row[i]];
        const size_t *parts[1] = {tmp};
        rc = nqpf_reg_group(parts, 1, m, codes[f], &levels[f], err);
        free(tmp);
    }
    if (!rc && !(rc = nqpf_hdfe_init(&h, m, d->n_fe, (const size_t *const *)codes, levels, NULL, 1e-13, 10000, err)))
        have_h = 1;
    /* y and the covariates, demeaned once */
    if (!rc && (!(Y = nqpf_alloc(m + 1, sizeof *Y)) || !(Xc = nqpf_alloc(m * d->nx + 1, sizeof *Xc))))
        rc = nqpf_fail_nomem(err);
    if (!rc) {
        for (size_t i = 0; i < m; i++) {
            Y[i] = d->y[row[i]];
            for (size_t a = 0; a < d->nx; a++)
                Xc[a * m + i] = d->x[a][row[i]];
        }
        size_t it = 0;
        rc = nqpf_hdfe_demean(&h, Y, "y", &it, err);
        for (size_t a = 0; a < d->nx && !rc; a++)
            rc = nqpf_hdfe_demean(&h, Xc + a * m, d->xname[a], &it, err);
    }
    if (!rc) {
        long Bl = (long)B;
        int oom = 0;
        size_t wsn = d->n_fe >= 2 ? nqpf_hdfe_workspace(&h) : 1;
        const char *names[DID_MAXX + 1];
        names[0] = "D";
        for (size_t a = 0; a < d->nx; a++)
            names[a + 1] = d->xname[a];
#pragma omp parallel
        {
            double *Gp = nqpf_alloc(N + 1, sizeof *Gp), *X = nqpf_alloc(m * p + 1, sizeof *X);
            double *e = nqpf_alloc(m + 1, sizeof *e), *b = nqpf_alloc(p + 1, sizeof *b);
            double *bread = nqpf_alloc(p * p + 1, sizeof *bread), *ws = nqpf_alloc(wsn + 1, sizeof *ws);
            size_t *perm = nqpf_alloc(N + 1, sizeof *perm);
            int *omitted = nqpf_alloc(p + 1, sizeof *omitted);
            int ok = Gp && X && e && b && bread && ws && perm && omitted;
            if (!ok) {
#pragma omp atomic write
                oom = 1;
            } else if (d->nx)
                memcpy(X + m, Xc, m * d->nx * sizeof *X);
#pragma omp for schedule(dynamic, 1)
            for (long r = 0; r < Bl; r++) {
                draws[r] = NAN;
                if (!ok)
                    continue;
                permute(d, seed, r, perm, Gp);
                for (size_t i = 0; i < m; i++) {
                    double g = Gp[d->unit[row[i]]];
                    X[i] = g > 0 && d->t[row[i]] >= g;
                }
                nqpf_error e2;
                double rss;
                memset(omitted, 0, p * sizeof *omitted);
                size_t it = 0;
                if (nqpf_hdfe_demean_ws(&h, X, "D", &it, ws, &e2) == NQPF_OK &&
                    nqpf_reg_ls(X, Y, m, p, names, omitted, b, e, bread, &rss, &e2) == NQPF_OK && !omitted[0])
                    draws[r] = b[0];
            }
            free(Gp), free(X), free(e), free(b), free(bread), free(ws), free(perm), free(omitted);
        }
        if (oom)
            rc = nqpf_fail_nomem(err);
    }
    if (have_h)
        nqpf_hdfe_free(&h);
    for (size_t f = 0; f < DID_MAXFE; f++)
        free(codes[f]);
    free(row), free(Y), free(Xc);
    return rc;
}
