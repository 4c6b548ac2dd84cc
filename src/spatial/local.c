/* nqpf — local indicators: local Moran's I_i (Anselin 1995) and Getis–Ord
 * Gi / Gi* (Getis & Ord 1992; Ord & Getis 1995), with analytical moments and
 * conditional-permutation pseudo p-values.
 *
 * Conditional permutation (Anselin 1995): unit i keeps its own value and its
 * neighbours' values are replaced by a random draw, without replacement, of
 * card(i) values from the other n-1 units.  Unit i uses random stream i for
 * all its permutations, so results are the same for any number of threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dist.h"
#include "nqpf/rng.h"
#include "nqpf/spatial.h"
#include "fast_below.h"

/* Simulated lags of unit i: lag[p] = sum over the non-self links k of row i
 * of w_k * v[draw_k] (and lag2[p] the same of v2 with the same draws, when
 * v2 is given).  a[] is the identity permutation of 0..n-1 on entry
 * and on return (swaps are undone), undo[] has room for card(i). */
static void cond_lags(const nqpf_weights *w, const double *v, const double *v2, size_t i, size_t P, uint64_t seed,
                      size_t *a, size_t *undo, double *lag, double *lag2)
{
    size_t n = w->n;
    nqpf_rng r;
    nqpf_rng_init(&r, seed, i);
    /* Move unit i out of the pool [0, n-1). */
    size_t ti = a[i];
    a[i] = a[n - 1];
    a[n - 1] = ti;
    for (size_t p = 0; p < P; p++) {
        double s = 0, s2 = 0;
        size_t t = 0;
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
            if (w->nbr[k] == i) { /* Gi*: the self weight keeps the own value */
                s += w->w[k] * v[i];
                if (v2)
                    s2 += w->w[k] * v2[i];
                continue;
            }
            size_t j = t + (size_t)nqpf_fast_below(&r, n - 1 - t);
            size_t tmp = a[t];
            a[t] = a[j];
            a[j] = tmp;
            undo[t] = j;
            s += w->w[k] * v[a[t]];
            if (v2)
                s2 += w->w[k] * v2[a[t]];
            t++;
        }
        while (t-- > 0) {
            size_t j = undo[t], tmp = a[t];
            a[t] = a[j];
            a[j] = tmp;
        }
        lag[p] = s;
        if (lag2)
            lag2[p] = s2;
    }
    ti = a[n - 1];
    a[n - 1] = a[i];
    a[i] = ti;
}

/* Folded pseudo p-value (esda p_sim) and z of the observed among sims. */
static void sim_summary(const double *sims, size_t P, double obs, double *p_sim, double *z_sim)
{
    size_t ge = 0;
    double mean = 0, ss = 0;
    for (size_t p = 0; p < P; p++) {
        ge += sims[p] >= obs;
        mean += sims[p];
    }
    mean /= (double)P;
    for (size_t p = 0; p < P; p++)
        ss += (sims[p] - mean) * (sims[p] - mean);
    if (P - ge < ge)
        ge = P - ge;
    *p_sim = (double)(ge + 1) / (double)(P + 1);
    double sd = sqrt(ss / (double)P);
    if (z_sim)
        *z_sim = sd > 0 ? (obs - mean) / sd : NAN;
}

typedef double (*lag_to_stat)(const void *ctx, size_t i, double lag, double lag2);

/* Run the conditional permutations for every unit in parallel (unit i uses
 * random stream i).  With dist, each MPI rank takes its block of units and
 * the results are gathered: the same for any number of ranks and threads. */
static int permute_local(const nqpf_weights *w, const double *v, const double *v2, size_t P, uint64_t seed,
                         const nqpf_dist *dist, lag_to_stat f, const void *ctx, const double *obs,
                         double *p_sim, double *z_sim, nqpf_error *err)
{
    nqpf_dist one = {0, 1};
    const nqpf_dist *dd = dist ? dist : &one;
    size_t n = w->n, maxc = 0, lo, hi;
    nqpf_dist_block(n, dd->size, dd->rank, &lo, &hi);
    for (size_t i = 0; i < n; i++)
        if (nqpf_weights_card(w, i) > maxc)
            maxc = nqpf_weights_card(w, i);
    if (maxc >= n)
        maxc = n - 1;
    int nomem = 0;
#pragma omp parallel
    {
        size_t *a = malloc(n * sizeof *a), *undo = malloc((maxc + 1) * sizeof *undo);
        double *lag = malloc(P * sizeof *lag), *lag2 = v2 ? malloc(P * sizeof *lag2) : NULL;
        if (!a || !undo || !lag || (v2 && !lag2)) {
#pragma omp atomic write
            nomem = 1;
        } else {
            for (size_t k = 0; k < n; k++)
                a[k] = k;
        }
#pragma omp for schedule(dynamic, 16)
        for (size_t i = lo; i < hi; i++) {
            if (!a || !undo || !lag || (v2 && !lag2))
                continue;
            if (nqpf_weights_card(w, i) == 0 || isnan(obs[i])) {
                p_sim[i] = NAN;
                if (z_sim)
                    z_sim[i] = NAN;
                continue;
            }
            cond_lags(w, v, v2, i, P, seed, a, undo, lag, lag2);
            for (size_t p = 0; p < P; p++)
                lag[p] = f(ctx, i, lag[p], lag2 ? lag2[p] : 0);
            sim_summary(lag, P, obs[i], &p_sim[i], z_sim ? &z_sim[i] : NULL);
        }
        free(a);
        free(undo);
        free(lag);
        free(lag2);
    }
    int rc = nomem ? nqpf_fail_nomem(err) : NQPF_OK;
    if (dd->size <= 1)
        return rc;
    double *buf = malloc((2 * n + 1) * sizeof *buf);
    if (!buf && !rc)
        rc = nqpf_fail_nomem(err);
    rc = nqpf_dist_agree(dd, rc, err);
    if (!rc) {
        for (size_t i = lo; i < hi; i++) {
            buf[2 * i] = p_sim[i];
            buf[2 * i + 1] = z_sim ? z_sim[i] : 0.0;
        }
        rc = nqpf_dist_allgather_blocks(dd, buf, n, 2, err);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        p_sim[i] = buf[2 * i];
        if (z_sim)
            z_sim[i] = buf[2 * i + 1];
    }
    free(buf);
    return rc;
}

typedef struct moran_ctx {
    const double *z;
    double scale;  /* Ii = scale * z_i * lag_i */
} moran_ctx;

static double moran_stat(const void *ctx, size_t i, double lag, double lag2)
{
    (void)lag2;
    const moran_ctx *c = ctx;
    return c->scale * c->z[i] * lag;
}

int nqpf_local_moran(const nqpf_weights *w, const double *x, const nqpf_local_opts *o,
                     nqpf_lisa_result *r, nqpf_error *err)
{
    size_t n = w->n;
    if (n < 3)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "local Moran needs at least 3 units");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return nqpf_fail(err, NQPF_EMISSING, NULL, 0, 0, "value of unit '%s' is missing or not finite",
                             w->id[i]);
    double *z = malloc(n * sizeof *z), *lag = malloc(n * sizeof *lag);
    if (!z || !lag) {
        free(z), free(lag);
        return nqpf_fail_nomem(err);
    }
    double mean = 0, m2 = 0, m4 = 0, dn = (double)n;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= dn;
    for (size_t i = 0; i < n; i++) {
        z[i] = x[i] - mean;
        m2 += z[i] * z[i];
        m4 += z[i] * z[i] * z[i] * z[i];
    }
    m2 /= dn;
    m4 /= dn;
    if (!(m2 > 0)) {
        free(z), free(lag);
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the values are constant: local Moran is undefined");
    }
    nqpf_weights_lag(w, z, lag);
    /* spdep/GeoDa divide by m2 = sum z^2 / n; esda by sum z^2 / (n-1). */
    double c = o->scale == NQPF_LISA_SCALE_N1 ? (dn - 1) / dn : 1.0;
    double b2 = m4 / (m2 * m2);
    for (size_t i = 0; i < n; i++) {
        double Wi = 0, Wi2 = 0;
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
            Wi += w->w[k];
            Wi2 += w->w[k] * w->w[k];
        }
        double ii = z[i] * lag[i] / m2, e, v;
        if (o->conditional) { /* Sokal, Oden & Thomson (1998) A7/A8 */
            e = -(z[i] * z[i] * Wi) / ((dn - 1) * m2);
            v = (z[i] / m2) * (z[i] / m2) * (dn / (dn - 2)) * (Wi2 - Wi * Wi / (dn - 1)) *
                (m2 - z[i] * z[i] / (dn - 1));
        } else { /* total randomisation (Anselin 1995) */
            e = -Wi / (dn - 1);
            v = (dn - b2) / (dn - 1) * Wi2 + (2 * b2 - dn) / ((dn - 1) * (dn - 2)) * (Wi * Wi - Wi2) - e * e;
        }
        r->ii[i] = c * ii;
        r->e[i] = c * e;
        r->var[i] = c * c * v;
        r->z[i] = r->var[i] > 0 ? (r->ii[i] - r->e[i]) / sqrt(r->var[i]) : NAN;
        r->p[i] = nqpf_normal_p(r->z[i], o->alternative);
        if (r->quad) { /* no quadrant for a unit without neighbours */
            r->quad[i][0] = Wi == 0 && w->off[i + 1] == w->off[i] ? '\0' : z[i] > 0 ? 'H' : 'L';
            r->quad[i][1] = lag[i] > 0 ? 'H' : 'L';
            r->quad[i][2] = '\0';
            if (!r->quad[i][0])
                r->quad[i][1] = '\0';
        }
    }
    int rc = NQPF_OK;
    if (o->permutations > 0 && r->p_sim) {
        moran_ctx ctx = {z, c / m2};
        rc = permute_local(w, z, NULL, o->permutations, o->seed, o->dist, moran_stat, &ctx, r->ii, r->p_sim,
                           r->z_sim, err);
    }
    free(z);
    free(lag);
    return rc;
}

typedef struct g_ctx {
    const double *den;  /* G_i = lag_i / den_i */
} g_ctx;

static double g_stat(const void *ctx, size_t i, double lag, double lag2)
{
    (void)lag2;
    const g_ctx *c = ctx;
    return lag / c->den[i];
}

int nqpf_local_g(const nqpf_weights *w, const double *x, const nqpf_localg_opts *o, double *g,
                 double *z, double *p, double *p_sim, nqpf_error *err)
{
    size_t n = w->n;
    if (n < 3)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "local G needs at least 3 units");
    double S = 0, SS = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return nqpf_fail(err, NQPF_EMISSING, NULL, 0, 0, "value of unit '%s' is missing or not finite",
                             w->id[i]);
        S += x[i];
        SS += x[i] * x[i];
    }
    double *den = malloc(n * sizeof *den);
    if (!den)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++) {
        double Wi = 0, S1 = 0, lag = 0;
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
            Wi += w->w[k];
            S1 += w->w[k] * w->w[k];
            lag += w->w[k] * x[w->nbr[k]];
        }
        /* Gi: moments over the N = n-1 other values; Gi*: over all n. */
        double N = o->star ? (double)n : (double)n - 1;
        double sum = o->star ? S : S - x[i], sumsq = o->star ? SS : SS - x[i] * x[i];
        double mean = sum / N;
        double ss = sumsq - N * mean * mean;
        if (ss < 0)
            ss = 0;
        double s = sqrt(ss / (o->sd_n1 ? N - 1 : N));
        double q = o->variance == NQPF_LOCALG_ESDA ? Wi : S1;
        double d = s * sqrt((N * q - Wi * Wi) / (N - 1));
        den[i] = sum;
        g[i] = sum != 0 ? lag / sum : NAN;
        z[i] = d > 0 ? (lag - Wi * mean) / d : NAN;
        p[i] = nqpf_normal_p(z[i], o->alternative);
    }
    int rc = NQPF_OK;
    if (o->permutations > 0 && p_sim) {
        g_ctx ctx = {den};
        rc = permute_local(w, x, NULL, o->permutations, o->seed, o->dist, g_stat, &ctx, g, p_sim, NULL, err);
    }
    free(den);
    return rc;
}

int nqpf_local_moran_bv(const nqpf_weights *w, const double *x, const double *y,
                        const nqpf_local_opts *o, nqpf_lisa_result *r, nqpf_error *err)
{
    size_t n = w->n;
    if (n < 3)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "local Moran needs at least 3 units");
    double *z[2] = {malloc(n * sizeof(double)), malloc(n * sizeof(double))};
    double *lag = malloc(n * sizeof *lag);
    int rc = NQPF_OK;
    if (!z[0] || !z[1] || !lag) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (int v = 0; v < 2; v++) {
        const double *a = v ? y : x;
        double m = 0, ss = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(a[i])) {
                rc = nqpf_fail(err, NQPF_EMISSING, NULL, 0, 0, "value of unit '%s' is missing or not finite",
                               w->id[i]);
                goto done;
            }
            m += a[i];
        }
        m /= (double)n;
        for (size_t i = 0; i < n; i++)
            ss += (a[i] - m) * (a[i] - m);
        if (!(ss > 0)) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the values are constant: local Moran is undefined");
            goto done;
        }
        double sd = sqrt(ss / (double)n);
        for (size_t i = 0; i < n; i++)
            z[v][i] = (a[i] - m) / sd;
    }
    nqpf_weights_lag(w, z[1], lag);
    double c = o->scale == NQPF_LISA_SCALE_N1 ? ((double)n - 1) / (double)n : 1.0;
    for (size_t i = 0; i < n; i++) {
        r->ii[i] = c * z[0][i] * lag[i];
        r->e[i] = r->var[i] = r->z[i] = r->p[i] = NAN;
        if (r->quad) {
            int island = w->off[i + 1] == w->off[i];
            r->quad[i][0] = island ? '\0' : z[0][i] > 0 ? 'H' : 'L';
            r->quad[i][1] = island ? '\0' : lag[i] > 0 ? 'H' : 'L';
            r->quad[i][2] = '\0';
        }
    }
    if (o->permutations > 0 && r->p_sim) {
        moran_ctx ctx = {z[0], c};
        rc = permute_local(w, z[1], NULL, o->permutations, o->seed, o->dist, moran_stat, &ctx, r->ii, r->p_sim, r->z_sim,
                           err);
    }
done:
    free(z[0]), free(z[1]), free(lag);
    return rc;
}

/* Local Geary (Anselin 2019): c_i = sum_j w_ij (z_i - z_j)^2 on z-scores;
 * under conditional permutation c_i = z_i^2 W_i - 2 z_i lag(z) + lag(z^2)
 * with both lags of the same draws. */
typedef struct geary_ctx {
    const double *z, *wsum;
} geary_ctx;

static double geary_stat(const void *ctx, size_t i, double lag, double lag2)
{
    const geary_ctx *c = ctx;
    return c->z[i] * c->z[i] * c->wsum[i] - 2 * c->z[i] * lag + lag2;
}

int nqpf_local_geary(const nqpf_weights *w, const double *x, const nqpf_local_opts *o, double *c, double *p_sim,
                     double *z_sim, nqpf_error *err)
{
    size_t n = w->n;
    if (n < 3)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "local Geary needs at least 3 units");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return nqpf_fail(err, NQPF_EMISSING, NULL, 0, 0, "value of unit '%s' is missing or not finite",
                             w->id[i]);
    double *z = malloc(3 * n * sizeof *z);
    if (!z)
        return nqpf_fail_nomem(err);
    double *z2 = z + n, *wsum = z + 2 * n, mean = 0, ss = 0, dn = (double)n;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= dn;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    /* z-scores with the population sd (esda: np.std) or the sample sd
     * (spdep localC: scale()) */
    double sd = sqrt(ss / (o->scale == NQPF_LISA_SCALE_N1 ? dn - 1 : dn));
    if (!(sd > 0)) {
        free(z);
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the values are constant: local Geary is undefined");
    }
    for (size_t i = 0; i < n; i++) {
        z[i] = (x[i] - mean) / sd;
        z2[i] = z[i] * z[i];
    }
    for (size_t i = 0; i < n; i++) {
        double acc = 0, ws = 0;
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
            double d = z[i] - z[w->nbr[k]];
            acc += w->w[k] * d * d;
            ws += w->w[k];
        }
        c[i] = acc;
        wsum[i] = ws;
    }
    int rc = NQPF_OK;
    if (o->permutations > 0 && p_sim) {
        geary_ctx ctx = {z, wsum};
        rc = permute_local(w, z, z2, o->permutations, o->seed, o->dist, geary_stat, &ctx, c, p_sim, z_sim, err);
    }
    free(z);
    return rc;
}
