/* nqpf spreg — W's eigenvalues, ln|I - rho W| and the traces that use them.
 *
 * When d_i w_ij = d_j w_ji for some positive d (true for every style of a
 * symmetric weights pattern: B, W, C, U, S), W = D^-1/2 S D^1/2 with S =
 * D^1/2 W D^-1/2 symmetric, so its eigenvalues are real and come from
 * dsyev.  d is found by walking each connected component.  Otherwise the
 * complex eigenvalues of W come from dgeev. */
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/spreg.h"
#include "nqpf/util.h"

void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w, double *work,
            const int *lwork, int *info);
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda, double *wr, double *wi,
            double *vl, const int *ldvl, double *vr, const int *ldvr, double *work, const int *lwork, int *info);

void nqpf_spreg_eig_free(nqpf_spreg_eig *e)
{
    if (!e)
        return;
    free(e->re), free(e->im), free(e->tk);
    memset(e, 0, sizeof *e);
}

/* weight w_ji, or -1 when j has no link to i */
static double reverse_weight(const nqpf_weights *w, size_t i, size_t j)
{
    size_t a = w->off[j], b = w->off[j + 1];
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (w->nbr[m] == i)
            return w->w[m];
        if (w->nbr[m] < i)
            a = m + 1;
        else
            b = m;
    }
    return -1;
}

/* log d_i with d_i w_ij = d_j w_ji for every link, or 0 when none exists */
static int similarity(const nqpf_weights *w, double *logd, size_t *queue, unsigned char *done)
{
    size_t n = w->n;
    memset(done, 0, n);
    for (size_t s = 0; s < n; s++) {
        if (done[s])
            continue;
        size_t head = 0, tail = 0;
        queue[tail++] = s;
        done[s] = 1;
        logd[s] = 0;
        while (head < tail) {
            size_t i = queue[head++];
            for (size_t q = w->off[i]; q < w->off[i + 1]; q++) {
                size_t j = w->nbr[q];
                double wij = w->w[q], wji = reverse_weight(w, i, j);
                if (wji < 0 || (wij > 0) != (wji > 0))
                    return 0;
                if (wij == 0)
                    continue;
                double lj = logd[i] + log(wij) - log(wji);
                if (!done[j]) {
                    done[j] = 1;
                    logd[j] = lj;
                    queue[tail++] = j;
                } else if (fabs(logd[j] - lj) > 1e-10 * (1 + fabs(lj))) {
                    return 0;
                }
            }
        }
    }
    return 1;
}

int nqpf_spreg_eig_compute(nqpf_spreg_eig *e, const nqpf_weights *w, nqpf_error *err)
{
    memset(e, 0, sizeof *e);
    size_t n = w->n;
    if (n < 2)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "spatial models need at least 2 units");
    if (n > 46340)
        return nqpf_fail(err, NQPF_ENOMEM, NULL, 0, 0,
                         "%zu units: the exact log-determinant needs a dense %zu x %zu matrix (sparse methods are not yet implemented)",
                         n, n, n);
    int ni = (int)n, info = 0, lwork = -1;
    double *a = nqpf_calloc(n * n, sizeof *a), *logd = nqpf_alloc(n, sizeof *logd);
    size_t *queue = nqpf_alloc(n, sizeof *queue);
    unsigned char *done = nqpf_alloc(n, 1);
    double *work = NULL, wq = 0;
    e->re = nqpf_calloc(n, sizeof *e->re);
    e->im = nqpf_calloc(n, sizeof *e->im);
    e->n = n;
    int rc = NQPF_OK;
    if (!a || !logd || !queue || !done || !e->re || !e->im) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    e->row_stochastic = 1;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
            s += w->w[q];
        if (fabs(s - 1) > 1e-12)
            e->row_stochastic = 0;
    }
    e->symmetric = similarity(w, logd, queue, done);
    /* column-major a: a[i + j n] = element (i, j) */
    for (size_t i = 0; i < n; i++)
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++) {
            size_t j = w->nbr[q];
            a[i + j * n] = e->symmetric ? w->w[q] * exp(0.5 * (logd[i] - logd[j])) : w->w[q];
        }
    if (e->symmetric) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                double m = 0.5 * (a[i + j * n] + a[j + i * n]);
                a[i + j * n] = a[j + i * n] = m;
            }
        dsyev_("N", "U", &ni, a, &ni, e->re, &wq, &lwork, &info);
        lwork = (int)wq;
        work = nqpf_alloc((size_t)lwork, sizeof *work);
        if (!work) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        dsyev_("N", "U", &ni, a, &ni, e->re, work, &lwork, &info);
    } else {
        int one = 1;
        double dummy = 0;
        dgeev_("N", "N", &ni, a, &ni, e->re, e->im, &dummy, &one, &dummy, &one, &wq, &lwork, &info);
        lwork = (int)wq;
        work = nqpf_alloc((size_t)lwork, sizeof *work);
        if (!work) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        dgeev_("N", "N", &ni, a, &ni, e->re, e->im, &dummy, &one, &dummy, &one, work, &lwork, &info);
    }
    if (info != 0) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "the eigenvalues of W did not converge (LAPACK info %d)", info);
        goto done;
    }
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (e->re[i] < mn)
            mn = e->re[i];
        if (e->re[i] > mx)
            mx = e->re[i];
    }
    if (!(mx > 0)) {
        rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "W has no positive eigenvalue (no links?)");
        goto done;
    }
    e->hi = 1 / mx;
    e->lo = mn < 0 ? 1 / mn : -1 / mx;
done:
    free(a), free(logd), free(queue), free(done), free(work);
    if (rc)
        nqpf_spreg_eig_free(e);
    return rc;
}

static double row_norm(const nqpf_weights *w, int *stochastic)
{
    double mx = 0;
    *stochastic = 1;
    for (size_t i = 0; i < w->n; i++) {
        double s = 0, a = 0;
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
            s += w->w[q], a += fabs(w->w[q]);
        if (fabs(s - 1) > 1e-12)
            *stochastic = 0;
        mx = fmax(mx, a);
    }
    return mx;
}

/* rows of W^2 in CSR (cols unsorted) */
static int square(const nqpf_weights *w, size_t **off, size_t **col, double **val)
{
    size_t n = w->n, cap = 0, nz = 0;
    double *acc = nqpf_calloc(n, sizeof *acc);
    size_t *mark = nqpf_alloc(n, sizeof *mark), *list = nqpf_alloc(n, sizeof *list);
    *off = nqpf_alloc(n + 1, sizeof **off);
    *col = NULL, *val = NULL;
    if (!acc || !mark || !list || !*off)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        mark[i] = (size_t)-1;
    (*off)[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t cnt = 0;
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++) {
            size_t j = w->nbr[q];
            for (size_t q2 = w->off[j]; q2 < w->off[j + 1]; q2++) {
                size_t l = w->nbr[q2];
                if (mark[l] != i) {
                    mark[l] = i;
                    acc[l] = 0;
                    list[cnt++] = l;
                }
                acc[l] += w->w[q] * w->w[q2];
            }
        }
        if (nz + cnt > cap) {
            size_t nc = (nz + cnt) * 2 + 16;
            size_t *c2 = realloc(*col, nc * sizeof *c2);
            if (!c2)
                goto nomem;
            *col = c2;
            double *v2 = realloc(*val, nc * sizeof *v2);
            if (!v2)
                goto nomem;
            *val = v2;
            cap = nc;
        }
        for (size_t c = 0; c < cnt; c++)
            (*col)[nz] = list[c], (*val)[nz++] = acc[list[c]];
        (*off)[i + 1] = nz;
    }
    free(acc), free(mark), free(list);
    return 0;
nomem:
    free(acc), free(mark), free(list), free(*off), free(*col), free(*val);
    *off = NULL, *col = NULL, *val = NULL;
    return -1;
}

static int exact_t34(const nqpf_weights *w, double *t3, double *t4)
{
    size_t *off, *col;
    double *val;
    if (square(w, &off, &col, &val))
        return -1;
    size_t n = w->n;
    double *row = nqpf_calloc(n, sizeof *row);
    if (!row) {
        free(off), free(col), free(val);
        return -1;
    }
    double a = 0, b = 0;
    /* (W^2)_ji for the pairs of row i: scatter row i of W and of W^2 */
    for (size_t i = 0; i < n; i++) {
        /* a += sum_j w_ij (W^2)_ji; b += sum_j (W^2)_ij (W^2)_ji */
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++) {
            size_t j = w->nbr[q];
            for (size_t r = off[j]; r < off[j + 1]; r++)
                if (col[r] == i)
                    a += w->w[q] * val[r];
        }
        for (size_t r = off[i]; r < off[i + 1]; r++) {
            size_t j = col[r];
            for (size_t r2 = off[j]; r2 < off[j + 1]; r2++)
                if (col[r2] == i)
                    b += val[r] * val[r2];
        }
    }
    *t3 = a, *t4 = b;
    free(row), free(off), free(col), free(val);
    return 0;
}

int nqpf_spreg_eig_approx(nqpf_spreg_eig *e, const nqpf_weights *w, size_t m, size_t probes, uint64_t seed,
                          nqpf_error *err)
{
    memset(e, 0, sizeof *e);
    size_t n = w->n;
    if (n < 2)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "spatial models need at least 2 units");
    if (m < 4 || probes < 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the log-determinant series needs >= 4 terms and >= 1 probe");
    e->n = n, e->approx = 1, e->m = m, e->probes = probes;
    e->norm_inf = row_norm(w, &e->row_stochastic);
    if (!(e->norm_inf > 0))
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "W has no links");
    e->hi = 1 / e->norm_inf, e->lo = -1 / e->norm_inf;
    e->tk = nqpf_calloc(m + 3, sizeof *e->tk);
    double *x = nqpf_alloc(n, sizeof *x), *v = nqpf_alloc(n, sizeof *v), *u = nqpf_alloc(n, sizeof *u);
    if (!e->tk || !x || !v || !u) {
        free(x), free(v), free(u);
        nqpf_spreg_eig_free(e);
        return nqpf_fail_nomem(err);
    }
    /* exact: t0 = n, t1 = sum w_ii, t2 = sum_ij w_ij w_ji */
    e->tk[0] = (double)n;
    for (size_t i = 0; i < n; i++)
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++) {
            size_t j = w->nbr[q];
            if (j == i)
                e->tk[1] += w->w[q];
            double r = reverse_weight(w, i, j);
            if (r > 0)
                e->tk[2] += w->w[q] * r;
        }
    /* exact t3 = sum_ij w_ij (W^2)_ji and t4 = sum_ij (W^2)_ij (W^2)_ji from
     * the rows of W^2 (a dense accumulator per row; O(n d^2) work for d
     * neighbours per unit): the low orders carry most of the series */
    if (exact_t34(w, &e->tk[3], &e->tk[4])) {
        free(x), free(v), free(u);
        nqpf_spreg_eig_free(e);
        return nqpf_fail_nomem(err);
    }
    nqpf_rng rng;
    nqpf_rng_init(&rng, seed, 0);
    for (size_t p = 0; p < probes; p++) {
        for (size_t i = 0; i < n; i++)
            x[i] = v[i] = (nqpf_rng_u64(&rng) >> 63) ? 1.0 : -1.0;
        for (size_t k = 1; k <= m + 2; k++) {
            for (size_t i = 0; i < n; i++) {
                double s = 0;
                for (size_t q = w->off[i]; q < w->off[i + 1]; q++)
                    s += w->w[q] * v[w->nbr[q]];
                u[i] = s;
            }
            memcpy(v, u, n * sizeof *v);
            if (k >= 5) {
                double s = 0;
                for (size_t i = 0; i < n; i++)
                    s += x[i] * v[i];
                e->tk[k] += s / (double)probes;
            }
        }
    }
    free(x), free(v), free(u);
    return NQPF_OK;
}

/* the series part: with a row-stochastic W the eigenvalue 1 is exact outside */
static double tk_rest(const nqpf_spreg_eig *e, size_t k)
{
    return e->tk[k] - (e->row_stochastic ? 1.0 : 0.0);
}

double nqpf_spreg_logdet(const nqpf_spreg_eig *e, double rho)
{
    double s = 0;
    if (e->approx) {
        double pk = 1;
        for (size_t k = 1; k <= e->m; k++) {
            pk *= rho;
            s -= pk * tk_rest(e, k) / (double)k;
        }
        return s + (e->row_stochastic ? log(1 - rho) : 0);
    }
    if (e->symmetric) {
        for (size_t i = 0; i < e->n; i++)
            s += log(fabs(1 - rho * e->re[i]));
    } else {
        for (size_t i = 0; i < e->n; i++) {
            double a = 1 - rho * e->re[i], b = rho * e->im[i];
            s += 0.5 * log(a * a + b * b);
        }
    }
    return s;
}

void nqpf_spreg_traces(const nqpf_spreg_eig *e, double rho, double *tr_ai, double *tr_g, double *tr_g2)
{
    if (e->approx) {
        /* tr A^-1 = sum rho^k t_k, tr G = sum rho^k t_(k+1), tr G^2 = sum (k+1) rho^k t_(k+2) */
        double a = 0, b = 0, c = 0, pk = 1, one = e->row_stochastic ? 1 / (1 - rho) : 0;
        a = tk_rest(e, 0);
        for (size_t k = 0; k <= e->m; k++) {
            if (k > 0)
                a += pk * tk_rest(e, k);
            b += pk * tk_rest(e, k + 1);
            c += (double)(k + 1) * pk * tk_rest(e, k + 2);
            pk *= rho;
        }
        if (tr_ai)
            *tr_ai = a + one;
        if (tr_g)
            *tr_g = b + one;
        if (tr_g2)
            *tr_g2 = c + one * one;
        return;
    }
    double complex s0 = 0, s1 = 0, s2 = 0;
    for (size_t i = 0; i < e->n; i++) {
        double complex om = e->re[i] + I * e->im[i];
        double complex inv = 1 / (1 - rho * om);
        s0 += inv;
        s1 += om * inv;
        s2 += om * inv * om * inv;
    }
    if (tr_ai)
        *tr_ai = creal(s0);
    if (tr_g)
        *tr_g = creal(s1);
    if (tr_g2)
        *tr_g2 = creal(s2);
}

int nqpf_spreg_eig_prepare(nqpf_spreg_eig *e, const nqpf_weights *w, const char *mode, nqpf_error *err)
{
    int approx;
    if (!mode || strcmp(mode, "auto") == 0)
        approx = w->n > NQPF_SPREG_EXACT_MAX;
    else if (strcmp(mode, "exact") == 0)
        approx = 0;
    else if (strcmp(mode, "approx") == 0)
        approx = 1;
    else
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--logdet must be auto, exact or approx, not '%s'", mode);
    return approx ? nqpf_spreg_eig_approx(e, w, 300, 100, 1, err) : nqpf_spreg_eig_compute(e, w, err);
}
