/* nqpf threshold — the exact search over all candidate thresholds in one
 * sweep (see threshold.h).
 *
 * Write the model with the thresholds held fixed as y = W b + e (W: rx, x
 * and rx 1(q <= g_f) for each fixed g_f, all within-transformed) and a
 * candidate g as adding d(g) = rx 1(q <= g).  By Frisch–Waugh, with
 * e0 = M_W y the residuals of the fixed model and M = M_FE,
 *   SSR(g) = e0'e0 - c' D^-1 c,   c = d'e0,   D = d'M d - G A^-1 G',
 *   A = W'W,  G = d'W,  d'M d = sum_{q <= g} rx rx' - sum_i S_i S_i' / T_i,
 * with S_i the sum of rx over unit i's observations with q <= g.  Walking
 * the observations in order of q, each of c, G, sum rx rx' and
 * sum_i S_i S_i'/T_i changes by one observation's terms, so every candidate
 * costs O(k p^2) after an O(n log n) sort: the whole search costs about one
 * regression.  (A brute-force search runs one regression per candidate.) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "threshold_internal.h"

/* LAPACK (Cholesky factorisation and solve of small SPD systems) */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda, double *b,
             const int *ldb, int *info);

typedef struct qkey {
    double q;
    size_t i;
} qkey;

static int cmp_qkey(const void *a, const void *b)
{
    const qkey *x = a, *y = b;
    if (x->q != y->q)
        return x->q < y->q ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int thr_within(const thr_data *d, double *v)
{
    double *mean = calloc(d->N ? d->N : 1, sizeof(double));
    if (!mean)
        return -1;
    for (size_t i = 0; i < d->n; i++)
        mean[d->unit[i]] += v[i];
    for (size_t u = 0; u < d->N; u++)
        mean[u] /= d->T[u];
    for (size_t i = 0; i < d->n; i++)
        v[i] -= mean[d->unit[i]];
    free(mean);
    return 0;
}

void thr_data_free(thr_data *d)
{
    free(d->T);
    free(d->rxw);
    free(d->xw);
    free(d->order);
    free(d->rank);
    free(d->qs);
    free(d->cand_n1);
    free(d->cand_gamma);
    memset(d, 0, sizeof *d);
}

/* Candidates: the last observation of each run of equal q whose regime
 * q <= g keeps at least min_obs observations on both sides; with a grid,
 * the candidates nearest to `grid` evenly spaced quantiles of that range. */
static int candidates(thr_data *d, size_t grid, nqpf_error *err)
{
    size_t n = d->n, c = 0;
    d->cand_n1 = malloc((n + 1) * sizeof(size_t));
    d->cand_gamma = malloc((n + 1) * sizeof(double));
    if (!d->cand_n1 || !d->cand_gamma)
        return nqpf_fail_nomem(err);
    for (size_t n1 = d->min_obs; n1 + d->min_obs <= n; n1++)
        if (d->qs[n1 - 1] < d->qs[n1])
            d->cand_n1[c++] = n1;
    if (grid && c > grid) {
        size_t kept = 0, j = 0;
        for (size_t g = 0; g < grid; g++) {
            double target = d->min_obs + (double)(n - 2 * d->min_obs) * (double)g / (double)(grid > 1 ? grid - 1 : 1);
            while (j + 1 < c && fabs((double)d->cand_n1[j + 1] - target) < fabs((double)d->cand_n1[j] - target))
                j++;
            if (kept == 0 || d->cand_n1[kept - 1] != d->cand_n1[j])
                d->cand_n1[kept++] = d->cand_n1[j];
        }
        c = kept;
    }
    for (size_t k = 0; k < c; k++)
        d->cand_gamma[k] = d->qs[d->cand_n1[k] - 1];
    d->n_cand = c;
    if (c == 0)
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "the threshold variable has no value that leaves %zu observations (trim) in each regime",
                         d->min_obs);
    return NQPF_OK;
}

int thr_data_init(thr_data *d, const nqpf_thr_spec *s, nqpf_error *err)
{
    memset(d, 0, sizeof *d);
    size_t n = s->n, k = s->n_rx, m = s->n_x;
    d->n = n, d->N = s->n_units, d->k = k, d->m = m, d->unit = s->unit, d->rx = s->rx;
    d->T = calloc(d->N + 1, sizeof(double));
    d->rxw = malloc((n * k + 1) * sizeof(double));
    d->xw = malloc((n * m + 1) * sizeof(double));
    d->order = malloc((n + 1) * sizeof(size_t));
    d->rank = malloc((n + 1) * sizeof(size_t));
    d->qs = malloc((n + 1) * sizeof(double));
    qkey *key = malloc((n + 1) * sizeof(qkey));
    int rc = NQPF_OK;
    if (!d->T || !d->rxw || !d->xw || !d->order || !d->rank || !d->qs || !key) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        d->T[s->unit[i]] += 1;
    for (size_t j = 0; j < k && !rc; j++) {
        memcpy(d->rxw + j * n, s->rx[j], n * sizeof(double));
        if (thr_within(d, d->rxw + j * n))
            rc = nqpf_fail_nomem(err);
    }
    for (size_t j = 0; j < m && !rc; j++) {
        memcpy(d->xw + j * n, s->x[j], n * sizeof(double));
        if (thr_within(d, d->xw + j * n))
            rc = nqpf_fail_nomem(err);
    }
    if (rc)
        goto done;
    for (size_t i = 0; i < n; i++)
        key[i] = (qkey){s->q[i], i};
    qsort(key, n, sizeof *key, cmp_qkey);
    for (size_t r = 0; r < n; r++) {
        d->order[r] = key[r].i;
        d->rank[key[r].i] = r;
        d->qs[r] = key[r].q;
    }
    double mo = ceil(s->trim * (double)n);
    d->min_obs = mo < 1 ? 1 : (size_t)mo;
    rc = candidates(d, s->grid, err);
done:
    free(key);
    if (rc)
        thr_data_free(d);
    return rc;
}

/* Observations with q <= g. */
static size_t count_le(const thr_data *d, double g)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->qs[mid] <= g)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* May a candidate with n1 observations below it join the fixed splits? */
static int allowed(const thr_data *d, size_t n1, const size_t *fixed_n1, size_t nf)
{
    for (size_t f = 0; f < nf; f++) {
        size_t a = n1 < fixed_n1[f] ? fixed_n1[f] - n1 : n1 - fixed_n1[f];
        if (a < d->min_obs)
            return 0;
    }
    return 1;
}

int thr_sweep(const thr_data *d, const double *fixed, size_t nf, const double *yw, double *ssr_null, double *ssr,
              double *e_null, long *best, nqpf_error *err)
{
    size_t n = d->n, k = d->k, m = d->m, p = k + m + nf * k, N = d->N;
    int ip = (int)p, ik = (int)k, one = 1, info = 0;
    double *W = malloc((n * p + 1) * sizeof(double));
    double *A = malloc((p * p + 1) * sizeof(double));
    double *e0 = malloc((n + 1) * sizeof(double));
    double *G = calloc(k * p + 1, sizeof(double));   /* k x p, row-major */
    double *X = malloc((p * k + 1) * sizeof(double)); /* A^-1 G', p x k column-major */
    double *H = calloc(k * k + 1, sizeof(double));
    double *Q = calloc(k * k + 1, sizeof(double));
    double *D = malloc((k * k + 1) * sizeof(double));
    double *S = calloc(N * k + 1, sizeof(double));
    double *c = calloc(k + 1, sizeof(double)), *z = malloc((k + 1) * sizeof(double));
    size_t *fixed_n1 = malloc((nf + 1) * sizeof(size_t));
    int rc = NQPF_OK;
    *best = -1;
    if (!W || !A || !e0 || !G || !X || !H || !Q || !D || !S || !c || !z || !fixed_n1) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* W = [rx, x, rx 1(q <= g_f) ...], within-transformed */
    memcpy(W, d->rxw, n * k * sizeof(double));
    memcpy(W + n * k, d->xw, n * m * sizeof(double));
    for (size_t f = 0; f < nf; f++) {
        fixed_n1[f] = count_le(d, fixed[f]);
        for (size_t j = 0; j < k; j++) {
            double *col = W + n * (k + m + f * k + j);
            for (size_t i = 0; i < n; i++)
                col[i] = d->rank[i] < fixed_n1[f] ? d->rx[j][i] : 0.0;
            if (thr_within(d, col)) {
                rc = nqpf_fail_nomem(err);
                goto done;
            }
        }
    }
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b <= a; b++) {
            double v = 0;
            for (size_t i = 0; i < n; i++)
                v += W[a * n + i] * W[b * n + i];
            A[a * p + b] = A[b * p + a] = v;
        }
    dpotrf_("L", &ip, A, &ip, &info);
    if (info != 0) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "the regressors are collinear given the unit fixed effects (a regressor constant within "
                       "units, or duplicated)");
        goto done;
    }
    /* e0 = y - W A^-1 W'y */
    for (size_t a = 0; a < p; a++) {
        double v = 0;
        for (size_t i = 0; i < n; i++)
            v += W[a * n + i] * yw[i];
        X[a] = v;
    }
    dpotrs_("L", &ip, &one, A, &ip, X, &ip, &info);
    double s0 = 0;
    for (size_t i = 0; i < n; i++) {
        double v = yw[i];
        for (size_t a = 0; a < p; a++)
            v -= W[a * n + i] * X[a];
        e0[i] = v;
        s0 += v * v;
    }
    *ssr_null = s0;
    if (e_null)
        memcpy(e_null, e0, n * sizeof(double));
    size_t next = 0;
    double best_ssr = INFINITY;
    for (size_t r = 0; r < n && next < d->n_cand; r++) {
        size_t i = d->order[r], u = d->unit[i];
        double Ti = d->T[u];
        for (size_t a = 0; a < k; a++) {
            double va = d->rx[a][i];
            c[a] += va * e0[i];
            for (size_t b = 0; b < p; b++)
                G[a * p + b] += va * W[b * n + i];
            for (size_t b = 0; b < k; b++) {
                double vb = d->rx[b][i];
                H[a * k + b] += va * vb;
                Q[a * k + b] += (S[u * k + a] * vb + va * S[u * k + b] + va * vb) / Ti;
            }
        }
        for (size_t a = 0; a < k; a++)
            S[u * k + a] += d->rx[a][i];
        if (r + 1 != d->cand_n1[next])
            continue;
        size_t cidx = next++;
        ssr[cidx] = NAN;
        if (!allowed(d, r + 1, fixed_n1, nf))
            continue;
        /* D = H - Q - G A^-1 G' */
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < p; b++)
                X[a * p + b] = G[a * p + b];
        dpotrs_("L", &ip, &ik, A, &ip, X, &ip, &info);
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < k; b++) {
                double v = H[a * k + b] - Q[a * k + b];
                for (size_t t = 0; t < p; t++)
                    v -= G[a * p + t] * X[b * p + t];
                D[b * k + a] = v;
            }
        dpotrf_("L", &ik, D, &ik, &info);
        if (info != 0)
            continue; /* the regime's regressors vanish after the projection */
        memcpy(z, c, k * sizeof(double));
        dpotrs_("L", &ik, &one, D, &ik, z, &ik, &info);
        double red = 0;
        for (size_t a = 0; a < k; a++)
            red += c[a] * z[a];
        double v = s0 - red;
        ssr[cidx] = v;
        if (v < best_ssr) {
            best_ssr = v;
            *best = (long)cidx;
        }
    }
    for (; next < d->n_cand; next++)
        ssr[next] = NAN;
done:
    free(W);
    free(A);
    free(e0);
    free(G);
    free(X);
    free(H);
    free(Q);
    free(D);
    free(S);
    free(c);
    free(z);
    free(fixed_n1);
    return rc;
}
