/* Callaway & Sant'Anna (2021) group-time average treatment effects on a
 * balanced panel, as R did::att_gt(est_method = "reg") and did::aggte
 * compute them (docs/did.md):
 *
 *   ATT(g,t) = mean_{G=g}(dY) - mean_{G=g}(X_b' beta_C),  dY = Y_t - Y_b,
 *   beta_C the least squares of dY on [1, X_b] among the controls (with no
 *   covariates: the controls' mean of dY); base b = the last period before g
 *   for t >= g, b = the period before t for t < g (did's varying base);
 *   controls G = 0 (never) or G = 0 or G > t, G != g (not yet treated).
 *
 * Each estimate carries its influence function over the n units (DRDID's
 * reg_did_panel scaled by n / n_cell, did's aggte weights with the
 * estimated-weight correction "wif"); analytic SE = sqrt(sum IF_i^2) / n.
 * With boot B, the multiplier bootstrap: replication r draws Mammen weights
 * v_i from RNG stream (seed, r), estimate* = sum_i v_i IF_i / n, and
 * SE = IQR(estimate*) / (z_.75 - z_.25) as did's mboot. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/did.h"
#include "nqpf/reg.h"
#include "nqpf/rng.h"
#include "nqpf/util.h"

/* pivot tolerance of the covariate and pre-test Cholesky solves */
#define DID_PIVOT_TOL 1e-12

typedef struct cs_work {
    size_t n, T, m;                 /* units, periods, estimates */
    size_t cap;
    nqpf_cs_est *est;
    double *inf;                    /* m x n influence functions */
} cs_work;

static int push(cs_work *w, nqpf_cs_est e, const double *inf, nqpf_error *err)
{
    if (w->m == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 64;
        nqpf_cs_est *ne = realloc(w->est, cap * sizeof *ne);
        if (!ne)
            return nqpf_fail_nomem(err);
        w->est = ne;
        double *ni = realloc(w->inf, cap * w->n * sizeof *ni);
        if (!ni)
            return nqpf_fail_nomem(err);
        w->inf = ni;
        w->cap = cap;
    }
    w->est[w->m] = e;
    memcpy(w->inf + w->m * w->n, inf, w->n * sizeof *inf);
    w->m++;
    return NQPF_OK;
}

/* One 2x2 DID: treated D, controls C (unit flags), periods s (now) and b
 * (base).  inf (n) receives the influence function on the did scale. */
static int cell(const nqpf_cs_spec *s, const unsigned char *keep, const double *G, double g, size_t now, size_t base,
                int notyet, double *att, double *inf, int *no_controls, nqpf_error *err)
{
    size_t n = s->n_units, T = s->n_periods, k = s->n_x + 1;
    double t = s->period[now];
    double *dy = nqpf_alloc(n + 1, sizeof *dy);
    unsigned char *D = nqpf_calloc(n + 1, 1), *C = nqpf_calloc(n + 1, 1);
    double *X = nqpf_alloc(n * k + 1, sizeof *X);
    double *A = nqpf_calloc(k * k + 1, sizeof *A), *beta = nqpf_calloc(k + 1, sizeof *beta);
    double *M1 = nqpf_calloc(k + 1, sizeof *M1), *Ainv_M1 = nqpf_calloc(k + 1, sizeof *Ainv_M1);
    int rc = NQPF_OK;
    *no_controls = 0;
    if (!dy || !D || !C || !X || !A || !beta || !M1 || !Ainv_M1) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    size_t nD = 0, nC = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        D[i] = G[i] == g;
        C[i] = notyet ? (G[i] == 0 || (G[i] > t && G[i] != g)) : G[i] == 0;
        nD += D[i], nC += C[i];
        dy[i] = s->y[i * T + now] - s->y[i * T + base];
        X[i * k] = 1.0;
        for (size_t a = 0; a < s->n_x; a++)
            X[i * k + 1 + a] = s->x[a][i * T + base];
    }
    if (nC == 0 || nD == 0) {
        *no_controls = 1;
        goto done;
    }
    size_t n1 = nD + nC;
    /* the controls' regression: A = sum_C X X' / n1, beta = A^-1 sum_C X dy / n1 */
    for (size_t i = 0; i < n; i++)
        if (C[i])
            for (size_t a = 0; a < k; a++) {
                beta[a] += X[i * k + a] * dy[i] / (double)n1;
                for (size_t b = 0; b < k; b++)
                    A[a * k + b] += X[i * k + a] * X[i * k + b] / (double)n1;
            }
    long piv = nqpf_spd_solve(k, A, beta, beta, NULL, DID_PIVOT_TOL);
    if (piv != -1) {
        rc = piv == -2 ? nqpf_fail_nomem(err) : nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "ATT(%g,%g): the covariates are collinear among the %zu control units", g, t, nC);
        goto done;
    }
    /* eta_treat, eta_cont over the treated; M1 = sum_D X / n1 */
    double p1 = (double)nD / (double)n1, eta_t = 0, eta_c = 0;
    for (size_t i = 0; i < n; i++)
        if (D[i]) {
            double pr = 0;
            for (size_t a = 0; a < k; a++) {
                pr += X[i * k + a] * beta[a];
                M1[a] += X[i * k + a] / (double)n1;
            }
            eta_t += dy[i];
            eta_c += pr;
        }
    eta_t /= (double)nD;
    eta_c /= (double)nD;
    *att = eta_t - eta_c;
    memcpy(Ainv_M1, M1, k * sizeof *M1);
    if ((piv = nqpf_spd_solve(k, A, Ainv_M1, Ainv_M1, NULL, DID_PIVOT_TOL)) != -1) {
        rc = piv == -2 ? nqpf_fail_nomem(err) : nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "ATT(%g,%g): singular control design", g, t);
        goto done;
    }
    double scale = (double)s->n_units / (double)n1;
    for (size_t i = 0; i < n; i++) {
        double v = 0;
        if (D[i]) {
            double pr = 0;
            for (size_t a = 0; a < k; a++)
                pr += X[i * k + a] * beta[a];
            v = (dy[i] - eta_t) / p1 - (pr - eta_c) / p1;
        } else if (C[i]) {
            double pr = 0, q = 0;
            for (size_t a = 0; a < k; a++) {
                pr += X[i * k + a] * beta[a];
                q += X[i * k + a] * Ainv_M1[a];
            }
            v = -(dy[i] - pr) * q / p1;
        }
        inf[i] = scale * v;
    }
done:
    free(dy), free(D), free(C), free(X), free(A), free(beta), free(M1), free(Ainv_M1);
    return rc;
}

/* An aggregation over the estimates idx[0..q) (ATT(g,t) cells) with weights
 * proportional to pg (the cohort shares), the weight-estimation term
 * included (did's wif); or, with pg == NULL, the plain mean (no wif). */
static int aggregate(cs_work *w, const size_t *idx, size_t q, const double *pg, const double *cellg, const double *G,
                     nqpf_cs_est e, nqpf_error *err)
{
    size_t n = w->n;
    double *inf = nqpf_calloc(n + 1, sizeof *inf);
    if (!inf)
        return nqpf_fail_nomem(err);
    double S = 0, att = 0;
    for (size_t a = 0; a < q; a++)
        S += pg ? pg[a] : 1.0;
    for (size_t a = 0; a < q; a++) {
        double wa = (pg ? pg[a] : 1.0) / S;
        att += wa * w->est[idx[a]].att;
        const double *fi = w->inf + idx[a] * n;
        for (size_t i = 0; i < n; i++)
            inf[i] += wa * fi[i];
    }
    if (pg) {
        /* wif: d weights / d (cohort indicators), times the estimates */
        for (size_t i = 0; i < n; i++) {
            double sum_dev = 0;
            for (size_t a = 0; a < q; a++)
                sum_dev += (G[i] == cellg[a]) - pg[a];
            double v = 0;
            for (size_t a = 0; a < q; a++) {
                double if1 = ((G[i] == cellg[a]) - pg[a]) / S;
                double if2 = sum_dev * pg[a] / (S * S);
                v += (if1 - if2) * w->est[idx[a]].att;
            }
            inf[i] += v;
        }
    }
    e.att = att;
    int rc = push(w, e, inf, err);
    free(inf);
    return rc;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static size_t uniq(double *v, size_t m)
{
    qsort(v, m, sizeof *v, cmp_d);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || v[i] != v[u - 1])
            v[u++] = v[i];
    return u;
}

static double share_of(const double *glist, size_t ng, const double *share, double g)
{
    for (size_t a = 0; a < ng; a++)
        if (glist[a] == g)
            return share[a];
    return 0.0;
}

int nqpf_cs_estimate(const nqpf_cs_spec *s, nqpf_cs_result *r, nqpf_error *err)
{
    memset(r, 0, sizeof *r);
    size_t n = s->n_units, T = s->n_periods;
    if (T < 2)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "Callaway-Sant'Anna needs at least two periods");
    cs_work w = {0};
    w.n = n, w.T = T;
    double *G = nqpf_alloc(n + 1, sizeof *G), *glist = nqpf_alloc(n + 1, sizeof *glist);
    unsigned char *keep = nqpf_calloc(n + 1, 1);
    double *inf = nqpf_alloc(n + 1, sizeof *inf);
    size_t *idx = NULL;
    double *pg = NULL, *cg = NULL, *keys = NULL;
    int rc = NQPF_OK;
    if (!G || !glist || !keep || !inf) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* not-yet-treated controls without never-treated units: as did, drop
     * the periods from the last cohort's start on; that cohort then counts
     * as never treated (treated after the last period kept) */
    if (s->notyet) {
        int any_never = 0;
        double gmax = 0;
        for (size_t i = 0; i < n; i++) {
            if (s->g[i] == 0 || s->g[i] > s->period[T - 1])
                any_never = 1;
            else if (s->g[i] > gmax)
                gmax = s->g[i];
        }
        if (!any_never)
            while (T > 0 && s->period[T - 1] >= gmax)
                T--;
        if (T < 2) {
            rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                           "no never-treated units and fewer than two periods before the last cohort starts");
            goto done;
        }
    }
    r->n_periods = T;
    /* cohorts after the last period count as never treated; units treated
     * in (or before) the first period are dropped (as did does) */
    size_t nk = 0, ng = 0;
    for (size_t i = 0; i < n; i++) {
        G[i] = s->g[i] > s->period[T - 1] ? 0.0 : s->g[i];
        keep[i] = !(G[i] != 0 && G[i] <= s->period[0]);
        if (!keep[i]) {
            r->n_dropped++;
            G[i] = NAN;
            continue;
        }
        nk++;
        if (G[i] == 0)
            r->n_never++;
        else
            glist[ng++] = G[i];
    }
    ng = uniq(glist, ng);
    r->n_units = nk, r->n_cohorts = ng;
    if (ng == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "no unit is treated after the first period: no ATT(g,t) to estimate");
        goto done;
    }
    if (!s->notyet && r->n_never == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "no never-treated units to serve as controls: use --control notyet");
        goto done;
    }
    /* the influence functions live on the kept units: compact them */
    {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (keep[i])
                G[k++] = G[i];
    }
    nqpf_cs_spec c = *s;
    double *yk = nqpf_alloc(nk * T + 1, sizeof *yk);
    double **xk = nqpf_calloc(s->n_x + 1, sizeof *xk);
    if (!yk || !xk) {
        free(yk), free(xk);
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t a = 0; a < s->n_x && !rc; a++)
        if (!(xk[a] = nqpf_alloc(nk * T + 1, sizeof **xk)))
            rc = nqpf_fail_nomem(err);
    for (size_t i = 0, k = 0; i < n && !rc; i++)
        if (keep[i]) {
            memcpy(yk + k * T, s->y + i * s->n_periods, T * sizeof *yk);
            for (size_t a = 0; a < s->n_x; a++)
                memcpy(xk[a] + k * T, s->x[a] + i * s->n_periods, T * sizeof *yk);
            k++;
        }
    c.n_units = nk, c.n_periods = T, c.y = yk, c.x = (const double *const *)xk;
    memset(keep, 1, nk);
    w.n = n = nk;
    /* ATT(g,t) for each cohort and each period but the first */
    for (size_t a = 0; a < ng && !rc; a++) {
        double g = glist[a];
        size_t gb = 0; /* the last period before g */
        while (gb + 1 < T && s->period[gb + 1] < g)
            gb++;
        for (size_t now = 1; now < T && !rc; now++) {
            size_t base = s->period[now] >= g ? gb : now - 1;
            double att = NAN;
            int none = 0;
            rc = cell(&c, keep, G, g, now, base, s->notyet, &att, inf, &none, err);
            if (rc)
                break;
            if (none) {
                r->n_skipped++;
                continue;
            }
            nqpf_cs_est e = {NQPF_CS_ATTGT, 0, g, s->period[now], s->period[now] - g, att, 0, 0, 0};
            rc = push(&w, e, inf, err);
        }
    }
    for (size_t a = 0; a < s->n_x; a++)
        free(xk[a]);
    free(xk), free(yk);
    if (rc)
        goto done;
    size_t ncell = w.m;
    /* did's pre-test: every pre-treatment cell with a non-zero variance */
    {
        size_t q = 0;
        size_t *pre = nqpf_alloc(ncell + 1, sizeof *pre);
        double *V = NULL, *b = NULL;
        if (!pre) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t k = 0; k < ncell; k++) {
            double ss = 0;
            for (size_t i = 0; i < n; i++)
                ss += w.inf[k * n + i] * w.inf[k * n + i];
            if (w.est[k].t < w.est[k].g && ss > 0)
                pre[q++] = k;
        }
        r->pre_W = r->pre_p = NAN;
        r->pre_df = q;
        if (q && (V = nqpf_alloc(q * q + 1, sizeof *V)) && (b = nqpf_alloc(q + 1, sizeof *b))) {
            for (size_t a = 0; a < q; a++) {
                b[a] = w.est[pre[a]].att;
                for (size_t a2 = 0; a2 < q; a2++) {
                    double acc = 0;
                    for (size_t i = 0; i < n; i++)
                        acc += w.inf[pre[a] * n + i] * w.inf[pre[a2] * n + i];
                    V[a * q + a2] = acc / ((double)n * (double)n);
                }
            }
            double *z = nqpf_alloc(q + 1, sizeof *z);
            if (z) {
                memcpy(z, b, q * sizeof *z);
                if (nqpf_spd_solve(q, V, z, z, NULL, DID_PIVOT_TOL) == -1) {
                    double W = 0;
                    for (size_t a = 0; a < q; a++)
                        W += b[a] * z[a];
                    r->pre_W = W;
                    r->pre_p = nqpf_chi2_pvalue(W, (double)q);
                }
                free(z);
            }
        }
        free(pre), free(V), free(b);
    }
    idx = nqpf_alloc(ncell + 1, sizeof *idx);
    pg = nqpf_alloc(ncell + 1, sizeof *pg);
    cg = nqpf_alloc(ncell + 1, sizeof *cg);
    keys = nqpf_alloc(ncell + 1, sizeof *keys);
    if (!idx || !pg || !cg || !keys) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* P(G = g) over the kept units */
    double *share = nqpf_alloc(ng + 1, sizeof *share);
    if (!share) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t a = 0; a < ng; a++) {
        size_t cnt = 0;
        for (size_t i = 0; i < n; i++)
            cnt += G[i] == glist[a];
        share[a] = (double)cnt / (double)n;
    }
#define SHARE_OF(gv) share_of(glist, ng, share, (gv))
    /* simple: every post cell, weights P(G = g) */
    size_t q = 0;
    for (size_t k = 0; k < ncell; k++)
        if (w.est[k].t >= w.est[k].g) {
            idx[q] = k, cg[q] = w.est[k].g, pg[q] = SHARE_OF(w.est[k].g);
            q++;
        }
    if (q) {
        nqpf_cs_est e = {NQPF_CS_SIMPLE, 1, NAN, NAN, NAN, 0, 0, 0, 0};
        rc = aggregate(&w, idx, q, pg, cg, G, e, err);
    }
    /* group: the mean over each cohort's post periods, then weights P(G = g) */
    size_t first_group = w.m;
    for (size_t a = 0; a < ng && !rc; a++) {
        q = 0;
        for (size_t k = 0; k < ncell; k++)
            if (w.est[k].g == glist[a] && w.est[k].t >= w.est[k].g)
                idx[q++] = k;
        if (!q)
            continue;
        nqpf_cs_est e = {NQPF_CS_GROUP, 0, glist[a], NAN, NAN, 0, 0, 0, 0};
        rc = aggregate(&w, idx, q, NULL, NULL, G, e, err);
    }
    if (!rc && w.m > first_group) {
        q = 0;
        for (size_t k = first_group; k < w.m; k++)
            idx[q] = k, cg[q] = w.est[k].g, pg[q] = SHARE_OF(w.est[k].g), q++;
        nqpf_cs_est e = {NQPF_CS_GROUP, 1, NAN, NAN, NAN, 0, 0, 0, 0};
        rc = aggregate(&w, idx, q, pg, cg, G, e, err);
    }
    /* dynamic: event time e = t - g over all cells, then the mean of e >= 0 */
    for (size_t k = 0; k < ncell; k++)
        keys[k] = w.est[k].e;
    size_t ne = uniq(keys, ncell);
    size_t first_dyn = w.m;
    for (size_t a = 0; a < ne && !rc; a++) {
        q = 0;
        for (size_t k = 0; k < ncell; k++)
            if (w.est[k].e == keys[a])
                idx[q] = k, cg[q] = w.est[k].g, pg[q] = SHARE_OF(w.est[k].g), q++;
        nqpf_cs_est e = {NQPF_CS_DYNAMIC, 0, NAN, NAN, keys[a], 0, 0, 0, 0};
        rc = aggregate(&w, idx, q, pg, cg, G, e, err);
    }
    if (!rc) {
        q = 0;
        for (size_t k = first_dyn; k < w.m; k++)
            if (w.est[k].e >= 0)
                idx[q++] = k;
        if (q) {
            nqpf_cs_est e = {NQPF_CS_DYNAMIC, 1, NAN, NAN, NAN, 0, 0, 0, 0};
            rc = aggregate(&w, idx, q, NULL, NULL, G, e, err);
        }
    }
    /* calendar: each period t >= the first cohort, the cells g <= t */
    size_t first_cal = w.m;
    for (size_t s_ = 0; s_ < T && !rc; s_++) {
        double t = s->period[s_];
        if (t < glist[0])
            continue;
        q = 0;
        for (size_t k = 0; k < ncell; k++)
            if (w.est[k].t == t && w.est[k].g <= t)
                idx[q] = k, cg[q] = w.est[k].g, pg[q] = SHARE_OF(w.est[k].g), q++;
        if (!q)
            continue;
        nqpf_cs_est e = {NQPF_CS_CALENDAR, 0, NAN, t, NAN, 0, 0, 0, 0};
        rc = aggregate(&w, idx, q, pg, cg, G, e, err);
    }
    if (!rc && w.m > first_cal) {
        q = 0;
        for (size_t k = first_cal; k < w.m; k++)
            idx[q++] = k;
        nqpf_cs_est e = {NQPF_CS_CALENDAR, 1, NAN, NAN, NAN, 0, 0, 0, 0};
        rc = aggregate(&w, idx, q, NULL, NULL, G, e, err);
    }
#undef SHARE_OF
    free(share);
    if (rc)
        goto done;
    /* standard errors */
    double level = s->level > 0 ? s->level : 0.95;
    double z = nqpf_t_quantile(1.0 - (1.0 - level) / 2.0, INFINITY);
    for (size_t k = 0; k < w.m; k++) {
        double ss = 0;
        const double *fi = w.inf + k * n;
        for (size_t i = 0; i < n; i++)
            ss += fi[i] * fi[i];
        w.est[k].se = sqrt(ss) / (double)n;
    }
    if (s->boot) {
        size_t B = s->boot, m = w.m;
        double *draws = nqpf_alloc(m * B + 1, sizeof *draws);
        if (!draws) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        const double s5 = sqrt(5.0), lo_v = -(s5 - 1.0) / 2.0, hi_v = (s5 + 1.0) / 2.0,
                     p_lo = (s5 + 1.0) / (2.0 * s5);
        long Bl = (long)B;
        int oom = 0;
#pragma omp parallel
        {
            double *v = nqpf_alloc(n + 1, sizeof *v);
            if (!v) {
#pragma omp atomic write
                oom = 1;
            }
#pragma omp for schedule(static)
            for (long b = 0; b < Bl; b++) {
                if (!v)
                    continue;
                nqpf_rng rng;
                nqpf_rng_init(&rng, s->seed, (uint64_t)b);
                for (size_t i = 0; i < n; i++)
                    v[i] = nqpf_rng_uniform(&rng) < p_lo ? lo_v : hi_v;
                for (size_t k = 0; k < m; k++) {
                    const double *fi = w.inf + k * n;
                    double acc = 0;
                    for (size_t i = 0; i < n; i++)
                        acc += v[i] * fi[i];
                    draws[k * B + (size_t)b] = acc / (double)n;
                }
            }
            free(v);
        }
        if (oom) {
            free(draws);
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        const double iqr_norm = 2.0 * nqpf_t_quantile(0.75, INFINITY);
        for (size_t k = 0; k < m; k++) {
            double *d = draws + k * B;
            qsort(d, B, sizeof *d, cmp_d);
            w.est[k].se = (nqpf_quantile7(d, B, 0.75) - nqpf_quantile7(d, B, 0.25)) / iqr_norm;
        }
        free(draws);
    }
    for (size_t k = 0; k < w.m; k++) {
        w.est[k].lo = w.est[k].att - z * w.est[k].se;
        w.est[k].hi = w.est[k].att + z * w.est[k].se;
    }
    r->n_est = w.m;
    r->est = w.est;
    w.est = NULL;
done:
    free(w.est), free(w.inf);
    free(G), free(glist), free(keep), free(inf), free(idx), free(pg), free(cg), free(keys);
    return rc;
}

void nqpf_cs_result_free(nqpf_cs_result *r)
{
    free(r->est);
    memset(r, 0, sizeof *r);
}
