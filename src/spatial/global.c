/* nqpf — global spatial autocorrelation: Moran's I, Geary's C and Getis–Ord
 * G with their moments under normality and randomisation (Cliff & Ord 1981;
 * Getis & Ord 1992), as spdep's moran.test / geary.test / globalG.test, and a
 * permutation test whose permutation p uses random stream p, so results do
 * not depend on the number of threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dist.h"
#include "nqpf/rng.h"
#include "nqpf/spatial.h"
#include "fast_below.h"

double nqpf_normal_p(double z, nqpf_alternative alt)
{
    if (isnan(z))
        return NAN;
    switch (alt) {
    case NQPF_ALT_LESS:
        return 0.5 * erfc(-z / sqrt(2.0));
    case NQPF_ALT_TWO_SIDED:
        return erfc(fabs(z) / sqrt(2.0));
    default: /* greater: P(Z > z), via erfc to keep tiny p-values accurate */
        return 0.5 * erfc(z / sqrt(2.0));
    }
}

enum gstat { G_MORAN, G_GEARY, G_GETIS };

/* The part of each statistic that changes under permutation of v. */
static double numerator(enum gstat s, const nqpf_weights *w, const double *v)
{
    double acc = 0;
    for (size_t i = 0; i < w->n; i++) {
        double r = 0;
        if (s == G_GEARY) {
            for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
                double d = v[i] - v[w->nbr[k]];
                r += w->w[k] * d * d;
            }
            acc += r;
        } else {
            for (size_t k = w->off[i]; k < w->off[i + 1]; k++)
                r += w->w[k] * v[w->nbr[k]];
            acc += v[i] * r;
        }
    }
    return acc;
}

static void shuffle_doubles(nqpf_rng *r, double *v, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)nqpf_fast_below(r, i);
        double t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

/* One permutation's statistic from the permuted values perm; scratch has
 * n doubles. */
typedef double (*perm_stat_fn)(const void *ctx, const double *perm, double *scratch);

/* Permutation test of r->value: permutation p shuffles v with random stream
 * p and gives sims[p] = f(permutation).  With o->dist each MPI rank runs its
 * block of permutations (OpenMP inside) and the blocks are gathered, so the
 * reductions below see the same sims in the same order for any number of
 * ranks and threads.  flip: small values mean positive autocorrelation
 * (Geary's C), so "greater" counts simulations at or below the observed. */
static int perm_test(perm_stat_fn f, const void *ctx, const double *v, size_t n, const nqpf_global_opts *o,
                     int flip, nqpf_global_result *r, nqpf_error *err)
{
    size_t P = o->permutations;
    r->permutations = P;
    if (P == 0)
        return NQPF_OK;
    nqpf_dist one = {0, 1};
    const nqpf_dist *dd = o->dist ? o->dist : &one;
    size_t lo, hi;
    nqpf_dist_block(P, dd->size, dd->rank, &lo, &hi);
    double *sims = malloc(P * sizeof *sims);
    int rc = sims ? NQPF_OK : nqpf_fail_nomem(err);
    int nomem = 0;
#pragma omp parallel if (sims)
    {
        double *buf = malloc((n ? n : 1) * sizeof *buf), *scratch = malloc((n ? n : 1) * sizeof *scratch);
        if (!buf || !scratch) {
#pragma omp atomic write
            nomem = 1;
        }
#pragma omp for schedule(static)
        for (size_t p = lo; p < hi; p++) {
            if (!buf || !scratch || !sims)
                continue;
            nqpf_rng rng;
            nqpf_rng_init(&rng, o->seed, p);
            memcpy(buf, v, n * sizeof *buf);
            shuffle_doubles(&rng, buf, n);
            sims[p] = f(ctx, buf, scratch);
        }
        free(buf);
        free(scratch);
    }
    if (!rc && nomem)
        rc = nqpf_fail_nomem(err);
    rc = nqpf_dist_agree(dd, rc, err);
    if (!rc)
        rc = nqpf_dist_allgather_blocks(dd, sims, P, 1, err);
    if (rc) {
        free(sims);
        return rc;
    }
    /* sequential reductions in permutation order */
    double mean = 0, ss = 0;
    size_t ge = 0, le = 0;
    for (size_t p = 0; p < P; p++)
        mean += sims[p];
    mean /= (double)P;
    for (size_t p = 0; p < P; p++) {
        ss += (sims[p] - mean) * (sims[p] - mean);
        ge += sims[p] >= r->value;
        le += sims[p] <= r->value;
    }
    free(sims);
    r->perm_mean = mean;
    r->perm_sd = sqrt(ss / (double)P);
    r->perm_z = r->perm_sd > 0 ? (r->value - mean) / r->perm_sd : NAN;
    size_t up = flip ? le : ge, down = flip ? ge : le;
    double pg = (double)(up + 1) / (double)(P + 1), pl = (double)(down + 1) / (double)(P + 1);
    r->perm_p = o->alternative == NQPF_ALT_GREATER ? pg
                : o->alternative == NQPF_ALT_LESS  ? pl
                                                   : fmin(1.0, 2 * fmin(pg, pl));
    r->perm_p_folded = (double)((ge < le ? ge : le) + 1) / (double)(P + 1);
    return NQPF_OK;
}

typedef struct global_ctx {
    enum gstat s;
    const nqpf_weights *w;
    double scale;
} global_ctx;

static double global_stat(const void *ctx, const double *perm, double *scratch)
{
    const global_ctx *g = ctx;
    (void)scratch;
    return g->scale * numerator(g->s, g->w, perm);
}

/* Permutation test: sims[p] = scale * numerator(permutation p of v). */
static int permute(enum gstat s, const nqpf_weights *w, const double *v, double scale,
                   const nqpf_global_opts *o, nqpf_global_result *r, nqpf_error *err)
{
    global_ctx g = {s, w, scale};
    return perm_test(global_stat, &g, v, w->n, o, s == G_GEARY, r, err);
}

static void init_result(nqpf_global_result *r)
{
    double nan = NAN;
    *r = (nqpf_global_result){nan, nan, nan, nan, nan, nan, nan, nan, 0, nan, nan, nan, nan, nan, 0};
}

/* Common preparation: constants, centred values, moments of z. */
typedef struct prep {
    nqpf_wconst c;
    double n, nfull, mean, m2sum, m4sum, k;
    double *z;
} prep;

/* Also resets the result r to "not computed" first, so that a statistic
 * which fails here leaves no stale values. */
static int prepare(const nqpf_weights *w, const double *x, const nqpf_global_opts *o, nqpf_global_result *r,
                   prep *pr, nqpf_error *err)
{
    size_t n = w->n;
    init_result(r);
    pr->z = NULL;
    if (n < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "need at least 2 units");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return nqpf_fail(err, NQPF_EMISSING, NULL, 0, 0, "value of unit '%s' is missing or not finite",
                             w->id[i]);
    int rc = nqpf_weights_constants(w, &pr->c, err);
    if (rc)
        return rc;
    if (!(pr->c.s0 > 0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the weights are all zero (no links)");
    pr->nfull = (double)n;
    pr->n = (double)(o->adjust_n ? n - nqpf_weights_islands(w) : n);
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    pr->mean = s / (double)n;
    pr->z = malloc(n * sizeof *pr->z);
    if (!pr->z)
        return nqpf_fail_nomem(err);
    pr->m2sum = pr->m4sum = 0;
    for (size_t i = 0; i < n; i++) {
        double z = x[i] - pr->mean;
        pr->z[i] = z;
        pr->m2sum += z * z;
        pr->m4sum += z * z * z * z;
    }
    if (!(pr->m2sum > 0)) {
        free(pr->z);
        pr->z = NULL;
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the values are constant: spatial autocorrelation is undefined");
    }
    pr->k = pr->nfull * pr->m4sum / (pr->m2sum * pr->m2sum);
    return NQPF_OK;
}

/* The common end of Moran's I and Geary's C: z-scores and p-values under
 * normality and randomisation, the permutation test, and pr->z freed.
 * Small C means positive autocorrelation, so Geary's deviation is taken
 * the other way round (E - C rather than I - E). */
static int finish(enum gstat s, const nqpf_weights *w, prep *pr, double scale, const nqpf_global_opts *o,
                  nqpf_global_result *r, nqpf_error *err)
{
    double dev = s == G_GEARY ? r->expected - r->value : r->value - r->expected;
    r->z_norm = dev / sqrt(r->var_norm);
    r->z_rand = r->var_rand > 0 ? dev / sqrt(r->var_rand) : NAN;
    r->p_norm = nqpf_normal_p(r->z_norm, o->alternative);
    r->p_rand = nqpf_normal_p(r->z_rand, o->alternative);
    int rc = permute(s, w, pr->z, scale, o, r, err);
    free(pr->z);
    pr->z = NULL;
    return rc;
}

int nqpf_moran(const nqpf_weights *w, const double *x, const nqpf_global_opts *o,
               nqpf_global_result *r, nqpf_error *err)
{
    prep pr;
    int rc = prepare(w, x, o, r, &pr, err);
    if (rc)
        return rc;
    double n = pr.n, s0 = pr.c.s0, s1 = pr.c.s1, s2 = pr.c.s2, S02 = s0 * s0, K = pr.k;
    double scale = n / (s0 * pr.m2sum);
    r->n_used = (size_t)n;
    r->value = scale * numerator(G_MORAN, w, pr.z);
    r->expected = -1.0 / (n - 1);
    double ei2 = r->expected * r->expected;
    r->var_norm = (n * n * s1 - n * s2 + 3 * S02) / (S02 * (n * n - 1)) - ei2;
    if (n > 3) {
        double a = n * (s1 * (n * n - 3 * n + 3) - n * s2 + 3 * S02);
        double b = K * (s1 * (n * n - n) - 2 * n * s2 + 6 * S02);
        r->var_rand = (a - b) / ((n - 1) * (n - 2) * (n - 3) * S02) - ei2;
    }
    return finish(G_MORAN, w, &pr, scale, o, r, err);
}

int nqpf_geary(const nqpf_weights *w, const double *x, const nqpf_global_opts *o,
               nqpf_global_result *r, nqpf_error *err)
{
    prep pr;
    int rc = prepare(w, x, o, r, &pr, err);
    if (rc)
        return rc;
    /* spdep geary.test mixes the adjusted n (wc$n: n1, nn, n2, n3 and the
     * kurtosis) with the full n (length of the neighbour list) in a few
     * places; without islands, or with adjust_n off, they coincide. */
    double n = pr.n, N = pr.nfull, s0 = pr.c.s0, s1 = pr.c.s1, s2 = pr.c.s2, S02 = s0 * s0;
    double K = pr.k * n / N;
    double n1 = n - 1, nn = n * n;
    double scale = n1 / (2 * s0 * pr.m2sum);
    r->n_used = (size_t)n;
    r->value = scale * numerator(G_GEARY, w, pr.z);
    r->expected = 1.0;
    r->var_norm = ((2 * s1 + s2) * n1 - 4 * S02) / (2 * (N + 1) * S02);
    if (n > 3) {
        double v = n1 * s1 * (nn - 3 * N + 3 - K * n1);
        v -= 0.25 * (n1 * s2 * (nn + 3 * N - 6 - K * (nn - N + 2)));
        v += S02 * (nn - 3 - K * n1 * n1);
        r->var_rand = v / (N * (n - 2) * (n - 3) * S02);
    }
    return finish(G_GEARY, w, &pr, scale, o, r, err);
}

int nqpf_getis_g(const nqpf_weights *w, const double *x, const nqpf_global_opts *o,
                 nqpf_global_result *r, nqpf_error *err)
{
    prep pr;
    int rc = prepare(w, x, o, r, &pr, err);
    if (rc)
        return rc;
    free(pr.z);
    size_t nn_ = w->n;
    for (size_t i = 0; i < nn_; i++)
        if (x[i] < 0)
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                             "Getis-Ord G needs non-negative values (unit '%s' is %g)", w->id[i], x[i]);
    double n = pr.n, s0 = pr.c.s0, s1 = pr.c.s1, s2 = pr.c.s2, S02 = s0 * s0;
    /* spdep globalG.test (adjust.x=TRUE): with adjust_n the sums run over
     * units that have neighbours only. */
    double y1 = 0, y2 = 0, y3 = 0, y4 = 0;
    for (size_t i = 0; i < nn_; i++) {
        if (o->adjust_n && nqpf_weights_card(w, i) == 0)
            continue;
        double v = x[i];
        y1 += v, y2 += v * v, y3 += v * v * v, y4 += v * v * v * v;
    }
    double den = y1 * y1 - y2; /* sum over i != j of x_i x_j */
    if (!(den > 0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "Getis-Ord G is undefined: fewer than two positive values");
    double scale = 1.0 / den;
    r->n_used = (size_t)n;
    r->value = scale * numerator(G_GETIS, w, x);
    r->expected = s0 / (n * (n - 1));
    double n2 = n * n;
    double b0 = (n2 - 3 * n + 3) * s1 - n * s2 + 3 * S02;
    double b1 = -((n2 - n) * s1 - 2 * n * s2 + 6 * S02);
    double b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * S02);
    double b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * S02;
    double b4 = s1 - s2 + S02;
    double eg2 = (b0 * y2 * y2 + b1 * y4 + b2 * y1 * y1 * y2 + b3 * y1 * y3 + b4 * y1 * y1 * y1 * y1) /
                 (den * den * n * (n - 1) * (n - 2) * (n - 3));
    r->var_norm = eg2 - r->expected * r->expected;
    r->z_norm = (r->value - r->expected) / sqrt(r->var_norm);
    r->p_norm = nqpf_normal_p(r->z_norm, o->alternative);
    return permute(G_GETIS, w, x, scale, o, r, err);
}

/* z-scores with the population standard deviation; NQPF_EMATH if constant. */
static int zscores(const nqpf_weights *w, const double *x, double *z, nqpf_error *err)
{
    size_t n = w->n;
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return nqpf_fail(err, NQPF_EMISSING, NULL, 0, 0, "value of unit '%s' is missing or not finite",
                             w->id[i]);
        m += x[i];
    }
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    if (!(ss > 0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the values are constant: spatial autocorrelation is undefined");
    double sd = sqrt(ss / (double)n);
    for (size_t i = 0; i < n; i++)
        z[i] = (x[i] - m) / sd;
    return NQPF_OK;
}

typedef struct bv_ctx {
    const nqpf_weights *w;
    const double *zx;
    double s0;
} bv_ctx;

/* Bivariate Moran of zx against the lag of a permutation of zy. */
static double bv_stat(const void *ctx, const double *perm, double *lag)
{
    const bv_ctx *b = ctx;
    nqpf_weights_lag(b->w, perm, lag);
    double t = 0;
    for (size_t i = 0; i < b->w->n; i++)
        t += b->zx[i] * lag[i];
    return t / b->s0;
}

int nqpf_moran_bv(const nqpf_weights *w, const double *x, const double *y, const nqpf_global_opts *o,
                  nqpf_global_result *r, nqpf_error *err)
{
    init_result(r);
    size_t n = w->n;
    if (n < 2)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "need at least 2 units");
    nqpf_wconst c;
    int rc = nqpf_weights_constants(w, &c, err);
    if (rc)
        return rc;
    if (!(c.s0 > 0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the weights are all zero (no links)");
    double *zx = malloc(n * sizeof *zx), *zy = malloc(n * sizeof *zy), *lag = malloc(n * sizeof *lag);
    if (!zx || !zy || !lag) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if ((rc = zscores(w, x, zx, err)) || (rc = zscores(w, y, zy, err)))
        goto done;
    nqpf_weights_lag(w, zy, lag);
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += zx[i] * lag[i];
    r->n_used = n;
    r->value = s / c.s0;
    bv_ctx b = {w, zx, c.s0};
    rc = perm_test(bv_stat, &b, zy, n, o, 0, r, err);
done:
    free(zx), free(zy), free(lag);
    return rc;
}

int nqpf_eb_standardize(const double *events, const double *base, size_t n, double *z,
                        nqpf_error *err)
{
    double se = 0, sb = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(events[i]) || !isfinite(base[i]) || !(base[i] > 0) || events[i] < 0)
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                             "rate of unit %zu: needs events >= 0 and a positive base", i + 1);
        se += events[i];
        sb += base[i];
    }
    double b = se / sb, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        double p = events[i] / base[i];
        s2 += base[i] * (p - b) * (p - b);
    }
    s2 /= sb;
    double a = s2 - b / (sb / (double)n);
    for (size_t i = 0; i < n; i++) {
        double v = a + b / base[i];
        if (v < 0)
            v = b / base[i];
        z[i] = v > 0 ? (events[i] / base[i] - b) / sqrt(v) : 0.0;
    }
    return NQPF_OK;
}

/* ---- join counts (Cliff & Ord 1981; spdep joincount.test/.multi, esda Join_Counts) ---- */

typedef struct jc_ctx {
    const nqpf_weights *w;
    int which;   /* 0 BB, 1 BW, 2 WW */
    double s0;
} jc_ctx;

/* BB = 1/2 sum w x_i x_j, BW = 1/2 sum w (x_i - x_j)^2, WW the rest of S0/2 */
static double jc_value(const jc_ctx *c, const double *x)
{
    double bb = numerator(G_MORAN, c->w, x) / 2, bw = numerator(G_GEARY, c->w, x) / 2;
    return c->which == 0 ? bb : c->which == 1 ? bw : c->s0 / 2 - bb - bw;
}

static double jc_stat(const void *ctx, const double *perm, double *scratch)
{
    (void)scratch;
    return jc_value(ctx, perm);
}

/* Moments under non-free sampling (permutations of the n1 ones and n0
 * zeros): the falling factorials of the colour counts over n's. */
static double ff(double a, int k)
{
    double r = 1;
    for (int q = 0; q < k; q++)
        r *= a - q;
    return r;
}

int nqpf_join_counts(const nqpf_weights *w, const double *x, const nqpf_global_opts *o, nqpf_global_result r[3],
                     nqpf_error *err)
{
    for (int k = 0; k < 3; k++)
        init_result(&r[k]);
    size_t n = w->n;
    if (n < 4)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "join counts need at least 4 units");
    double n1 = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] == 0 || x[i] == 1))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "join counts need a 0/1 value; unit '%s' has %g",
                             w->id[i], x[i]);
        n1 += x[i];
    }
    nqpf_wconst c;
    int rc = nqpf_weights_constants(w, &c, err);
    if (rc)
        return rc;
    double N = (double)n, n0 = N - n1, s0 = c.s0, s1 = c.s1, s2 = c.s2;
    double d1 = N * (N - 1), d2 = d1 * (N - 2), d3 = d2 * (N - 3);
    /* same colour (BB with n1, WW with n0) and different colours */
    double m[2] = {n1, n0};
    for (int k = 0; k < 3; k += 2) {
        double a = m[k / 2];
        r[k].expected = s0 * ff(a, 2) / (2 * d1);
        r[k].var_rand = 0.25 * (s1 * ff(a, 2) / d1 + (s2 - 2 * s1) * ff(a, 3) / d2 +
                                (s0 * s0 + s1 - s2) * ff(a, 4) / d3) - r[k].expected * r[k].expected;
    }
    r[1].expected = s0 * n1 * n0 / d1;
    r[1].var_rand = 0.25 * (2 * s1 * n1 * n0 / d1 + (s2 - 2 * s1) * n1 * n0 * (n1 + n0 - 2) / d2 +
                            4 * (s0 * s0 + s1 - s2) * ff(n1, 2) * ff(n0, 2) / d3) - r[1].expected * r[1].expected;
    for (int k = 0; k < 3 && !rc; k++) {
        jc_ctx ctx = {w, k, s0};
        r[k].n_used = n;
        r[k].value = jc_value(&ctx, x);
        r[k].z_rand = r[k].var_rand > 0 ? (r[k].value - r[k].expected) / sqrt(r[k].var_rand) : NAN;
        r[k].p_rand = nqpf_normal_p(r[k].z_rand, o->alternative);
        rc = perm_test(jc_stat, &ctx, x, n, o, 0, &r[k], err);
    }
    return rc;
}
