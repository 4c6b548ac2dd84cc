/* The projection M_D v onto the complement of all absorbed fixed effects.
 *
 * One dimension: subtract the (weighted) level means, exact.  Two or more:
 * with Q_g = I - P_g (P_g: level means of dimension g), the symmetric sweep
 * T = Q_1 Q_2 ... Q_G ... Q_2 Q_1 is W-self-adjoint, leaves span(D)
 * invariant with spectral radius < 1 there, and is the identity on its
 * W-orthogonal complement.  So x = P_D v solves (I - T) x = v - T v, a
 * positive definite system on span(D), which conjugate gradient solves in
 * far fewer sweeps than plain alternating projections (the acceleration of
 * reghdfe's default technique); M_D v = v - x.  Stop when the CG residual
 * satisfies ||r||_W <= tol ||v||_W. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/reg.h"
#include "nqpf/util.h"
#include "reg_internal.h"

void nqpf_hdfe_free(nqpf_hdfe *h)
{
    if (!h)
        return;
    for (size_t g = 0; g < h->n_fe; g++) {
        if (h->code)
            free(h->code[g]);
        if (h->wsum)
            free(h->wsum[g]);
    }
    free(h->code), free(h->wsum), free(h->levels);
    memset(h, 0, sizeof *h);
}

/* own: the caller's code arrays, taken over one by one (own[g] set to
 * NULL as h takes it) instead of copied; NULL: copy codes. */
static int hdfe_setup(nqpf_hdfe *h, size_t n, size_t n_fe, const size_t *const *codes, size_t **own,
                      const size_t *levels, const double *w, double tol, size_t max_iter, nqpf_error *err)
{
    memset(h, 0, sizeof *h);
    h->n = n, h->n_fe = n_fe, h->w = w, h->tol = tol, h->max_iter = max_iter;
    if (n_fe == 0)
        return NQPF_OK;
    h->levels = nqpf_alloc(n_fe, sizeof *h->levels);
    h->code = nqpf_calloc(n_fe, sizeof *h->code);
    h->wsum = nqpf_calloc(n_fe, sizeof *h->wsum);
    if (!h->levels || !h->code || !h->wsum)
        goto nomem;
    for (size_t g = 0; g < n_fe; g++) {
        h->levels[g] = levels[g];
        if (own) {
            h->code[g] = own[g];
            own[g] = NULL;
        } else if ((h->code[g] = nqpf_alloc(n + 1, sizeof **h->code)))
            memcpy(h->code[g], codes[g], n * sizeof **h->code);
        h->wsum[g] = nqpf_calloc(levels[g] + 1, sizeof **h->wsum);
        if (!h->code[g] || !h->wsum[g])
            goto nomem;
        for (size_t i = 0; i < n; i++)
            h->wsum[g][h->code[g][i]] += w ? w[i] : 1.0;
    }
    return NQPF_OK;
nomem:
    nqpf_hdfe_free(h);
    return nqpf_fail_nomem(err);
}

int nqpf_hdfe_init(nqpf_hdfe *h, size_t n, size_t n_fe, const size_t *const *codes, const size_t *levels,
                   const double *w, double tol, size_t max_iter, nqpf_error *err)
{
    return hdfe_setup(h, n, n_fe, codes, NULL, levels, w, tol, max_iter, err);
}

int nqpf_hdfe_init_owned(nqpf_hdfe *h, size_t n, size_t n_fe, size_t **codes, const size_t *levels, const double *w,
                         double tol, size_t max_iter, nqpf_error *err)
{
    return hdfe_setup(h, n, n_fe, NULL, codes, levels, w, tol, max_iter, err);
}

/* v := Q_g v, with sums[levels] as scratch. */
static void project_out(const nqpf_hdfe *h, size_t g, double *v, double *sums)
{
    const size_t *c = h->code[g];
    size_t L = h->levels[g], n = h->n;
    memset(sums, 0, L * sizeof *sums);
    if (h->w)
        for (size_t i = 0; i < n; i++)
            sums[c[i]] += h->w[i] * v[i];
    else
        for (size_t i = 0; i < n; i++)
            sums[c[i]] += v[i];
    for (size_t l = 0; l < L; l++)
        sums[l] /= h->wsum[g][l];
    for (size_t i = 0; i < n; i++)
        v[i] -= sums[c[i]];
}

int nqpf_hdfe_demean(const nqpf_hdfe *h, double *v, const char *what, size_t *iters, nqpf_error *err)
{
    double *ws = NULL;
    if (h->n_fe >= 2 && !(ws = nqpf_alloc(nqpf_hdfe_workspace(h), sizeof *ws)))
        return nqpf_fail_nomem(err);
    int rc = nqpf_hdfe_demean_ws(h, v, what, iters, ws, err);
    free(ws);
    return rc;
}

size_t nqpf_hdfe_workspace(const nqpf_hdfe *h)
{
    size_t maxl = 1;
    for (size_t g = 0; g < h->n_fe; g++)
        if (h->levels[g] > maxl)
            maxl = h->levels[g];
    return 4 * (h->n + 1) + 2 * (maxl + 1);
}

/* The weight of row i (1.0 without weights: 1.0 * v == v exactly, so the
 * unweighted sums are the same numbers as sums of v). */
static inline double wt(const double *w, size_t i)
{
    return w ? w[i] : 1.0;
}

static void level_means(const nqpf_hdfe *h, size_t g, double *sums)
{
    for (size_t l = 0; l < h->levels[g]; l++)
        sums[l] /= h->wsum[g][l];
}

/* ap := T p with T = Q_s(0) ... Q_s(m-1), s = 0, 1, ..., G-1, G-2, ..., 0,
 * in m + 1 passes over the rows instead of 2m: each pass subtracts the
 * level means of one step and accumulates the level sums of the next.
 * The operations on every value and every sum are those of m calls of
 * project_out, in the same order, so the result is the same to the bit.
 * With upd, p is first made r + beta p (the conjugate-gradient direction)
 * in the first pass.  Returns after the last subtraction with ap = T p,
 * then ap := p - T p and the return value is p'W ap.  The first call of a
 * projection also sums *pp = p'W p in the first pass and, in the last,
 * copies ap to copy and sums *aa = ap'W ap (each sum in row order, as
 * the former separate dot products: the same bits). */
static double tsweep(const nqpf_hdfe *h, double *p, double *ap, const double *r, double beta, int upd, double *s0,
                     double *s1, double *pp, double *copy, double *aa)
{
    size_t n = h->n, G = h->n_fe, m = 2 * G - 1;
    const double *w = h->w;
    double *cur = s0, *nxt = s1;
    const size_t *c = h->code[0];
    memset(cur, 0, h->levels[0] * sizeof *cur);
    if (upd)
        for (size_t i = 0; i < n; i++) {
            p[i] = r[i] + beta * p[i];
            ap[i] = p[i];
            cur[c[i]] += wt(w, i) * ap[i];
        }
    else if (pp) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            ap[i] = p[i];
            cur[c[i]] += wt(w, i) * ap[i];
            s += wt(w, i) * p[i] * p[i];
        }
        *pp = s;
    } else
        for (size_t i = 0; i < n; i++) {
            ap[i] = p[i];
            cur[c[i]] += wt(w, i) * ap[i];
        }
    level_means(h, 0, cur);
    size_t gprev = 0;
    for (size_t k = 1; k < m; k++) {
        size_t g = k < G ? k : 2 * G - 2 - k;
        const size_t *cp = h->code[gprev], *cn = h->code[g];
        memset(nxt, 0, h->levels[g] * sizeof *nxt);
        for (size_t i = 0; i < n; i++) {
            ap[i] -= cur[cp[i]];
            nxt[cn[i]] += wt(w, i) * ap[i];
        }
        level_means(h, g, nxt);
        double *t = cur;
        cur = nxt, nxt = t, gprev = g;
    }
    const size_t *cl = h->code[gprev];
    double pap = 0.0;
    if (copy) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            ap[i] -= cur[cl[i]];
            ap[i] = p[i] - ap[i];
            copy[i] = ap[i];
            s += wt(w, i) * ap[i] * ap[i];
        }
        *aa = s;
        return 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        ap[i] -= cur[cl[i]];
        ap[i] = p[i] - ap[i];
        pap += wt(w, i) * p[i] * ap[i];
    }
    return pap;
}

int nqpf_hdfe_demean_ws(const nqpf_hdfe *h, double *v, const char *what, size_t *iters, double *ws, nqpf_error *err)
{
    size_t n = h->n, maxl = 1;
    *iters = 0;
    if (h->n_fe == 0)
        return NQPF_OK;
    for (size_t g = 0; g < h->n_fe; g++)
        if (h->levels[g] > maxl)
            maxl = h->levels[g];
    double sum1[64], *sums = sum1;
    if (h->n_fe == 1) {
        if (maxl > 64 && !(sums = nqpf_alloc(maxl, sizeof *sums)))
            return nqpf_fail_nomem(err);
        project_out(h, 0, v, sums);
        if (sums != sum1)
            free(sums);
        return NQPF_OK;
    }
    /* workspace: x, r, p, ap (n + 1 each), then two level-sum buffers */
    double *x = ws, *r = ws + (n + 1), *p = ws + 2 * (n + 1), *ap = ws + 3 * (n + 1);
    double *s0 = ws + 4 * (n + 1), *s1 = s0 + maxl + 1;
    sums = s0;
    memset(x, 0, n * sizeof *x);
    int rc = NQPF_OK;
    /* r = b = v - T v (tsweep's last pass forms v - T v in r), p = r,
     * with v'W v and r'W r summed on the way */
    double vv = 0.0, rs = 0.0, beta = 0.0;
    (void)tsweep(h, v, r, NULL, 0.0, 0, s0, s1, &vv, p, &rs);
    double vnorm = sqrt(vv), stop = h->tol * vnorm;
    size_t it = 0;
    while (sqrt(rs) > stop) {
        if (it >= h->max_iter) {
            rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                           "absorbing the fixed effects of '%s' did not converge in %zu iterations "
                           "(relative residual %.3g > tolerance %.3g)",
                           what, it, sqrt(rs) / vnorm, h->tol);
            goto done;
        }
        /* p = r + beta p (deferred from the last iteration), ap = p - T p */
        double pap = tsweep(h, p, ap, r, beta, it > 0, s0, s1, NULL, NULL, NULL);
        if (!(pap > 0.0))
            break; /* p in the null space: nothing left to remove */
        double alpha = rs / pap, rs2 = 0.0;
        const double *w = h->w;
        for (size_t i = 0; i < n; i++) {
            x[i] += alpha * p[i];
            r[i] -= alpha * ap[i];
            rs2 += wt(w, i) * r[i] * r[i];
        }
        beta = rs2 / rs;
        rs = rs2;
        it++;
    }
    for (size_t i = 0; i < n; i++)
        v[i] -= x[i];
    /* one exact pass of the first dimension removes its rounding residue */
    project_out(h, 0, v, sums);
    *iters = it;
done:
    return rc;
}
