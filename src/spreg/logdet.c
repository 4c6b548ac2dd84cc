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
    free(e->re), free(e->im);
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

double nqpf_spreg_logdet(const nqpf_spreg_eig *e, double rho)
{
    double s = 0;
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
