/* Mediation (mechanism) analysis for nqpf reg: the stepwise regressions,
 * the Sobel test and a bootstrap of the indirect effect a b with one RNG
 * stream per replication.  Conventions: reg.h and docs/reg.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/tobit.h"
#include "nqpf/util.h"
#include "reg_internal.h"

void nqpf_reg_mediation_free(nqpf_reg_mediation *md)
{
    if (!md)
        return;
    nqpf_reg_fit_free(&md->total), nqpf_reg_fit_free(&md->a), nqpf_reg_fit_free(&md->b);
    free(md->draw_a), free(md->draw_b), free(md->draw_ab);
    memset(md, 0, sizeof *md);
}

typedef struct paths {
    nqpf_reg_spec t, a, b;     /* total, a path, b path */
    const double **bx, **e0, **e1;
    const char **bn, **e0n, **e1n;
    const char *d_name, *m_name; /* the treatment and the mediator */
    int iv;                    /* some path has endogenous regressors */
} paths;

static void paths_free(paths *p)
{
    free(p->bx), free(p->bn), free(p->e0), free(p->e0n), free(p->e1), free(p->e1n);
}

/* The total (y on D, X), a-path (M on D, X) and b-path (y on D, M, X)
 * specifications.  Without --iv, D is x[0] and M enters the b path right
 * after it.  With --iv, D is the first endogenous regressor other than M
 * (else x[0]); every path keeps the whole instrument set and the other
 * endogenous regressors; M is endogenous in the b path only when it is
 * named in --iv (in the total and a paths it is absent or the outcome). */
static int make_paths(const nqpf_reg_spec *s, const double *m, const char *m_name, paths *p, nqpf_error *err)
{
    size_t ne = s->n_endog, nx = s->n_x, m_at = ne, d_at = ne;
    memset(p, 0, sizeof *p);
    for (size_t j = 0; j < ne; j++)
        if (strcmp(s->endog_name[j], m_name) == 0)
            m_at = j;
        else if (d_at == ne)
            d_at = j;
    int d_endog = d_at < ne, m_endog = m_at < ne;
    p->iv = ne > 0;
    if (!d_endog && nx < 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "mediation needs a treatment: the first --x column, or an endogenous regressor of --iv");
    p->d_name = d_endog ? s->endog_name[d_at] : s->x_name[0];
    p->m_name = m_name;
    p->t = *s, p->a = *s, p->b = *s;
    p->a.y = m, p->a.y_name = m_name;
    p->bx = nqpf_alloc(nx + 2, sizeof *p->bx), p->bn = nqpf_alloc(nx + 2, sizeof *p->bn);
    p->e0 = nqpf_alloc(ne + 1, sizeof *p->e0), p->e0n = nqpf_alloc(ne + 1, sizeof *p->e0n);
    p->e1 = nqpf_alloc(ne + 1, sizeof *p->e1), p->e1n = nqpf_alloc(ne + 1, sizeof *p->e1n);
    if (!p->bx || !p->bn || !p->e0 || !p->e0n || !p->e1 || !p->e1n) {
        paths_free(p);
        return nqpf_fail_nomem(err);
    }
    /* endogenous regressors: total and a without M (D first), b with M after D */
    size_t k0 = 0, k1 = 0;
    if (d_endog)
        p->e0[k0] = p->e1[k1] = s->endog[d_at], p->e0n[k0++] = p->e1n[k1++] = s->endog_name[d_at];
    if (m_endog)
        p->e1[k1] = m, p->e1n[k1++] = m_name;
    for (size_t j = 0; j < ne; j++)
        if (j != d_at && j != m_at)
            p->e0[k0] = p->e1[k1] = s->endog[j], p->e0n[k0++] = p->e1n[k1++] = s->endog_name[j];
    /* exogenous regressors of b: D (if exogenous), M (if exogenous), the rest */
    size_t kb = 0, from = 0;
    if (!d_endog)
        p->bx[kb] = s->x[0], p->bn[kb++] = s->x_name[0], from = 1;
    if (!m_endog)
        p->bx[kb] = m, p->bn[kb++] = m_name;
    for (size_t j = from; j < nx; j++)
        p->bx[kb] = s->x[j], p->bn[kb++] = s->x_name[j];
    p->t.n_endog = p->a.n_endog = k0, p->b.n_endog = k1;
    p->t.endog = p->a.endog = p->e0, p->t.endog_name = p->a.endog_name = p->e0n;
    p->b.endog = p->e1, p->b.endog_name = p->e1n;
    p->b.n_x = kb, p->b.x = p->bx, p->b.x_name = p->bn;
    return NQPF_OK;
}

/* The kept coefficient of the term named `name` in t, or NaN. */
static double coef_of(const nqpf_reg_table *t, const char *name, double *se)
{
    for (size_t j = 0; j < t->p; j++)
        if (strcmp(t->term[j], name) == 0 && !t->omitted[j]) {
            if (se)
                *se = t->se[j];
            return t->b[j];
        }
    return NAN;
}

/* ---- the bootstrap engine ------------------------------------------------
 * Every replication is the weighted fit nqpf_reg_fit_model would do on the
 * drawn rows (subset = drawn, w = count x weight, vce iid), operation for
 * operation, so its numbers are the same to the last bit; what is done
 * once instead of per replication: the rows that can enter a sample (the
 * "base": complete for the a path, with a resampling unit), their variables
 * gathered into columns, the fixed-effect codes (compact over the base; a
 * level absent from a replication just has weight 0 and is never read),
 * and one workspace per thread.  When every base row has y (the usual
 * case) the a and b paths share one sample and every variable they share
 * (D, M, X) is demeaned once for both. */
typedef struct base {
    size_t n, n_fe, nv, n_x, maxl;
    size_t **code;       /* n_fe x n */
    size_t *levels;
    size_t *unit;        /* resampling unit per base row */
    double *w;           /* the spec's weight per base row, or NULL */
    unsigned char *yok;  /* y present */
    int all_y, keep_singletons;
    double *col;         /* nv x n: y, D, M, X[1..n_x-1] (the b path's order) */
    double tol;
    size_t max_iter;
} base;

typedef struct work {
    size_t *cnt, *idx, *lcnt, **code;
    unsigned char *keep;
    double *w, *sw, *D, *G, *L, *z, *hws, **wsum, *css;
    size_t *kept;
    int *omit, *bad;     /* omit: per column of a design; bad: per variable */
} work;

static void base_free(base *bs)
{
    for (size_t g = 0; bs->code && g < bs->n_fe; g++)
        free(bs->code[g]);
    free(bs->code), free(bs->levels), free(bs->unit), free(bs->w), free(bs->yok), free(bs->col);
}

static void work_free(work *wk, size_t n_fe)
{
    for (size_t g = 0; g < n_fe; g++) {
        if (wk->code)
            free(wk->code[g]);
        if (wk->wsum)
            free(wk->wsum[g]);
    }
    free(wk->code), free(wk->wsum);
    free(wk->cnt), free(wk->idx), free(wk->lcnt), free(wk->keep), free(wk->w), free(wk->sw), free(wk->D), free(wk->G);
    free(wk->L), free(wk->z), free(wk->kept), free(wk->hws), free(wk->css), free(wk->omit), free(wk->bad);
}

static int work_alloc(const base *bs, size_t n_units, work *wk)
{
    size_t n = bs->n, nv = bs->nv, p = bs->n_x + 2;
    memset(wk, 0, sizeof *wk);
    wk->code = nqpf_calloc(bs->n_fe + 1, sizeof *wk->code);
    wk->wsum = nqpf_calloc(bs->n_fe + 1, sizeof *wk->wsum);
    if (!wk->code || !wk->wsum)
        return -1;
    for (size_t g = 0; g < bs->n_fe; g++)
        if (!(wk->code[g] = nqpf_alloc(n + 1, sizeof **wk->code)) ||
            !(wk->wsum[g] = nqpf_alloc(bs->levels[g] + 1, sizeof **wk->wsum)))
            return -1;
    wk->cnt = nqpf_alloc(n_units + 1, sizeof *wk->cnt);
    wk->idx = nqpf_alloc(n + 1, sizeof *wk->idx);
    wk->lcnt = nqpf_alloc(bs->maxl + 1, sizeof *wk->lcnt);
    wk->keep = nqpf_alloc(n + 1, 1);
    wk->w = nqpf_alloc(n + 1, sizeof *wk->w);
    wk->sw = nqpf_alloc(n + 1, sizeof *wk->sw);
    wk->D = nqpf_alloc((nv + 1) * n + 1, sizeof *wk->D); /* + a constant column */
    wk->G = nqpf_alloc((nv + 1) * (nv + 1), sizeof *wk->G);
    wk->L = nqpf_alloc(p * p + 1, sizeof *wk->L);
    wk->z = nqpf_alloc(p + 1, sizeof *wk->z);
    wk->kept = nqpf_alloc(p + 1, sizeof *wk->kept);
    wk->hws = nqpf_alloc(4 * (n + 1) + 2 * (bs->maxl + 1), sizeof *wk->hws);
    wk->css = nqpf_alloc(nv + 1, sizeof *wk->css);
    wk->omit = nqpf_alloc(p + 1, sizeof *wk->omit);
    wk->bad = nqpf_alloc(nv + 1, sizeof *wk->bad);
    if (!wk->cnt || !wk->idx || !wk->lcnt || !wk->keep || !wk->w || !wk->sw || !wk->D || !wk->G || !wk->L ||
        !wk->z || !wk->kept || !wk->hws || !wk->css || !wk->omit || !wk->bad)
        return -1;
    return 0;
}

/* The base: rows[] (eligible, with a unit) that are complete for the a path. */
static int base_build(const paths *p, const size_t *rows, const size_t *unit, size_t n_rows, base *bs, nqpf_error *err)
{
    const nqpf_reg_spec *sa = &p->a;
    memset(bs, 0, sizeof *bs);
    bs->n_fe = sa->n_fe, bs->n_x = sa->n_x, bs->nv = sa->n_x + 2;
    bs->keep_singletons = sa->keep_singletons;
    bs->tol = sa->tol > 0.0 ? sa->tol : 1e-13;
    bs->max_iter = sa->max_iter ? sa->max_iter : 10000;
    bs->unit = nqpf_alloc(n_rows + 1, sizeof *bs->unit);
    bs->yok = nqpf_alloc(n_rows + 1, 1);
    bs->col = nqpf_alloc(bs->nv * n_rows + 1, sizeof *bs->col);
    bs->code = nqpf_calloc(bs->n_fe + 1, sizeof *bs->code);
    bs->levels = nqpf_calloc(bs->n_fe + 1, sizeof *bs->levels);
    size_t *brow = nqpf_alloc(n_rows + 1, sizeof *brow), *tmp = nqpf_alloc(n_rows + 1, sizeof *tmp);
    int rc = NQPF_OK;
    if (!bs->unit || !bs->yok || !bs->col || !bs->code || !bs->levels || !brow || !tmp ||
        (sa->w && !(bs->w = nqpf_alloc(n_rows + 1, sizeof *bs->w)))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    size_t n = 0;
    for (size_t k = 0; k < n_rows; k++) {
        size_t i = rows[k];
        int ok = !isnan(sa->y[i]);
        for (size_t j = 0; ok && j < sa->n_x; j++)
            ok = !isnan(sa->x[j][i]);
        for (size_t g = 0; ok && g < sa->n_fe; g++)
            ok = sa->fe[g][i] != NQPF_REG_NA;
        if (ok)
            brow[n] = i, bs->unit[n++] = unit[k];
    }
    bs->n = n;
    bs->all_y = 1;
    for (size_t k = 0; k < n; k++) {
        size_t i = brow[k];
        bs->yok[k] = !isnan(p->b.y[i]);
        bs->all_y &= bs->yok[k];
        bs->col[k] = p->b.y[i];
        bs->col[n + k] = sa->x[0][i];
        bs->col[2 * n + k] = sa->y[i];
        for (size_t j = 1; j < sa->n_x; j++)
            bs->col[(2 + j) * n + k] = sa->x[j][i];
        if (bs->w)
            bs->w[k] = sa->w[i];
    }
    bs->maxl = 1;
    for (size_t g = 0; g < bs->n_fe; g++) {
        if (!(bs->code[g] = nqpf_alloc(n + 1, sizeof **bs->code))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t k = 0; k < n; k++)
            tmp[k] = sa->fe[g][brow[k]];
        const size_t *parts[1] = {tmp};
        if ((rc = nqpf_reg_group(parts, 1, n, bs->code[g], &bs->levels[g], err)))
            goto done;
        if (bs->levels[g] > bs->maxl)
            bs->maxl = bs->levels[g];
    }
done:
    free(brow), free(tmp);
    return rc;
}

/* The replication's sample (drawn base rows, with y when need_y, singleton
 * groups dropped until none is left: the same rows as build_sample) and
 * its weights; returns its size. */
static size_t rep_sample(const base *bs, work *wk, int need_y)
{
    size_t n = 0;
    for (size_t k = 0; k < bs->n; k++)
        if (wk->cnt[bs->unit[k]] && (!need_y || bs->yok[k]))
            wk->idx[n++] = k;
    if (bs->n_fe > 0 && !bs->keep_singletons) {
        memset(wk->keep, 1, n);
        for (int changed = 1; changed;) {
            changed = 0;
            for (size_t g = 0; g < bs->n_fe; g++) {
                const size_t *c = bs->code[g];
                memset(wk->lcnt, 0, bs->levels[g] * sizeof *wk->lcnt);
                for (size_t i = 0; i < n; i++)
                    if (wk->keep[i])
                        wk->lcnt[c[wk->idx[i]]]++;
                for (size_t i = 0; i < n; i++)
                    if (wk->keep[i] && wk->lcnt[c[wk->idx[i]]] == 1)
                        wk->keep[i] = 0, changed = 1;
            }
        }
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (wk->keep[i])
                wk->idx[m++] = wk->idx[i];
        n = m;
    }
    for (size_t i = 0; i < n; i++) {
        wk->w[i] = (double)wk->cnt[bs->unit[wk->idx[i]]] * (bs->w ? bs->w[wk->idx[i]] : 1.0);
        wk->sw[i] = sqrt(wk->w[i]);
    }
    return n;
}

/* Variables v0..nv-1 (from v_from) gathered on the sample, their centred
 * sums of squares, demeaned, checked for being absorbed, scaled by sqrt(w):
 * what nqpf_reg_fit_model does to D.  bad[v]: 1 constant, 2 did not
 * converge; omit-worthy (absorbed) as 4. */
static void rep_demean(const base *bs, work *wk, size_t n, size_t v_from)
{
    size_t N = bs->n;
    for (size_t g = 0; g < bs->n_fe; g++) {
        size_t *c = wk->code[g];
        double *ws = wk->wsum[g];
        for (size_t i = 0; i < n; i++)
            c[i] = bs->code[g][wk->idx[i]];
        memset(ws, 0, bs->levels[g] * sizeof *ws);
        for (size_t i = 0; i < n; i++)
            ws[c[i]] += wk->w[i];
    }
    nqpf_hdfe h = {.n = n, .n_fe = bs->n_fe, .levels = bs->levels, .code = wk->code, .wsum = wk->wsum, .w = wk->w,
                   .tol = bs->tol, .max_iter = bs->max_iter};
    const double *w = wk->w;
    /* the sums of each variable in row order as nqpf_reg_fit_model's
     * loops, up to VB variables per pass (independent sums side by side) */
    enum { VB = 4 };
    double sw = 0.0;
    for (size_t i = 0; i < n; i++)
        sw += w[i];
    for (size_t v0 = v_from; v0 < bs->nv; v0 += VB) {
        size_t nb = bs->nv - v0 < VB ? bs->nv - v0 : VB;
        double *d[VB], m[VB], lo[VB], hi[VB], c[VB];
        const double *src[VB];
        for (size_t q = 0; q < nb; q++) {
            d[q] = wk->D + (v0 + q) * n, src[q] = bs->col + (v0 + q) * N;
            m[q] = 0.0, lo[q] = INFINITY, hi[q] = -INFINITY, c[q] = 0.0;
        }
        for (size_t i = 0; i < n; i++) {
            size_t k = wk->idx[i];
            double wi = w[i];
            for (size_t q = 0; q < nb; q++) {
                double x = src[q][k];
                d[q][i] = x;
                m[q] += wi * x;
                lo[q] = x < lo[q] ? x : lo[q];
                hi[q] = x > hi[q] ? x : hi[q];
            }
        }
        for (size_t q = 0; q < nb; q++)
            m[q] /= sw;
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < nb; q++)
                c[q] += w[i] * (d[q][i] - m[q]) * (d[q][i] - m[q]);
        for (size_t q = 0; q < nb; q++) {
            size_t v = v0 + q, it = 0;
            nqpf_error e;
            wk->css[v] = c[q];
            wk->bad[v] = !(hi[q] > lo[q]);
            if (nqpf_hdfe_demean_ws(&h, d[q], "", &it, wk->hws, &e) != NQPF_OK)
                wk->bad[v] |= 2;
            c[q] = 0.0; /* now the sum of squares after the projection */
        }
        for (size_t i = 0; i < n; i++)
            for (size_t q = 0; q < nb; q++) {
                c[q] += w[i] * d[q][i] * d[q][i];
                d[q][i] *= wk->sw[i];
            }
        for (size_t q = 0; q < nb; q++)
            if (bs->n_fe > 0 && c[q] <= NQPF_REG_ABSORBED_TOL * wk->css[v0 + q])
                wk->bad[v0 + q] |= 4;
    }
}

/* The cross products of the demeaned variables v_from..nv-1, and of the
 * constant column sqrt(w) (stored as variable nv) without absorbed
 * effects, in one pass over the rows: wk->G ((nv+1) x (nv+1), both
 * halves).  Both paths of a sample read their normal equations from it. */
static void rep_gram(const base *bs, work *wk, size_t n, size_t v_from)
{
    size_t nv = bs->nv, q = nv + 1, vl[130], nl = 0;
    double *G = wk->G, *D = wk->D;
    if (bs->n_fe == 0)
        memcpy(D + nv * n, wk->sw, n * sizeof *D);
    for (size_t v = v_from; v < nv && nl < 129; v++)
        vl[nl++] = v;
    if (bs->n_fe == 0)
        vl[nl++] = nv;
    memset(G, 0, q * q * sizeof *G);
    /* blocks of rows: each sum runs on in a register through a block */
    for (size_t i0 = 0; i0 < n; i0 += 64) {
        size_t i1 = i0 + 64 < n ? i0 + 64 : n;
        for (size_t a = 0; a < nl; a++) {
            const double *xa = D + vl[a] * n;
            for (size_t c = 0; c <= a; c++) {
                const double *xc = D + vl[c] * n;
                double sum = G[vl[a] * q + vl[c]];
                for (size_t i = i0; i < i1; i++)
                    sum += xc[i] * xa[i];
                G[vl[a] * q + vl[c]] = sum;
            }
        }
    }
    for (size_t a = 0; a < nl; a++)
        for (size_t c = 0; c < a; c++)
            G[vl[c] * q + vl[a]] = G[vl[a] * q + vl[c]];
}

/* Coefficient `coef` of the regression of variable yv on the variables
 * cols[0..k-1] from the cross products wk->G: the collinearity pass of
 * nqpf_reg_ls (incremental Cholesky in column order, a column whose
 * unexplained share is below 1e-9 omitted), then the kept columns' normal
 * equations solved by Cholesky (nqpf_spd_solve) instead of a Householder
 * QR of the n rows: the same coefficients up to rounding (about 1e-13
 * relative here), for p^2 instead of n p^2 operations.  NaN if omitted. */
static double chol_coef(const base *bs, work *wk, const size_t *cols, size_t k, size_t yv, size_t coef)
{
    size_t q = bs->nv + 1, pk = 0, p = bs->n_x + 2, at = (size_t)-1;
    const double *G = wk->G;
    double *L = wk->L, *z = wk->z;
    for (size_t j = 0; j < k; j++) {
        if (wk->omit[j])
            continue;
        double d = G[cols[j] * q + cols[j]], djj = d;
        for (size_t a = 0; a < pk; a++) {
            double c = G[cols[j] * q + cols[wk->kept[a]]];
            for (size_t r = 0; r < a; r++)
                c -= L[a * p + r] * z[r];
            z[a] = c / L[a * p + a];
            d -= z[a] * z[a];
        }
        if (!(djj > 0.0) || !(d > NQPF_REG_COLLIN_TOL * djj)) {
            wk->omit[j] = NQPF_REG_COLLINEAR;
            continue;
        }
        for (size_t a = 0; a < pk; a++)
            L[pk * p + a] = z[a];
        L[pk * p + pk] = sqrt(d);
        if (j == coef)
            at = pk;
        wk->kept[pk++] = j;
    }
    if (at == (size_t)-1)
        return NAN;
    /* the kept columns' normal equations (their Cholesky factor is L again) */
    for (size_t a = 0; a < pk; a++) {
        z[a] = G[yv * q + cols[wk->kept[a]]];
        for (size_t c = 0; c < pk; c++)
            L[c * pk + a] = G[cols[wk->kept[c]] * q + cols[wk->kept[a]]];
    }
    return nqpf_spd_solve(pk, L, z, z, NULL, NQPF_REG_COLLIN_TOL) == -1 ? z[at] : NAN;
}

/* One path's coefficient `coef`: y = variable yv on the variables xv[kx0]
 * (and the constant without absorbed effects), NaN where
 * nqpf_reg_fit_model would fail. */
static double rep_path(const base *bs, work *wk, size_t n, size_t yv, const size_t *xv, size_t kx0, size_t coef)
{
    if (n == 0 || (wk->bad[yv] & 2))
        return NAN;
    size_t hc = bs->n_fe == 0, kx = kx0 + hc, cols[130];
    for (size_t j = 0; j < kx0; j++) {
        if (wk->bad[xv[j]] & 3)
            return NAN;
        wk->omit[j] = (wk->bad[xv[j]] & 4) ? NQPF_REG_ABSORBED : NQPF_REG_KEPT;
        cols[j] = xv[j];
    }
    if (hc) {
        wk->omit[kx0] = NQPF_REG_KEPT;
        cols[kx0] = bs->nv;
    }
    /* K = kept + 1 + df_a (docs/reg.md; no level is nested in a cluster
     * with vce iid): the exact df_a only when the bound could fail */
    if (bs->n_fe > 0) {
        size_t sumL = 0, lp[2] = {0, 0};
        for (size_t g = 0; g < bs->n_fe; g++) {
            size_t L = 0;
            for (size_t l = 0; l < bs->levels[g]; l++)
                L += wk->wsum[g][l] > 0.0;
            sumL += L;
            if (g < 2)
                lp[g] = L;
        }
        /* df_a = sumL - G, less (components - 1) for two or more */
        size_t U = sumL - bs->n_fe;
        if (n <= kx + 1 + U) {
            if (bs->n_fe == 1)
                return NAN;
            size_t comp = nqpf_reg_components(wk->code[0], bs->levels[0], wk->code[1], bs->levels[1], n);
            if (comp == (size_t)-1)
                return NAN;
            comp -= (bs->levels[0] - lp[0]) + (bs->levels[1] - lp[1]); /* absent levels: lone components */
            if (n + comp <= kx + 2 + U)
                return NAN;
        }
    } else if (n <= kx)
        return NAN;
    return chol_coef(bs, wk, cols, kx, yv, coef);
}

/* Draw counts of replication r over the n_units resampling units. */
static void draw_counts(unsigned long long seed, size_t r, size_t n_units, size_t *cnt)
{
    nqpf_rng rng;
    nqpf_rng_init(&rng, seed, r);
    memset(cnt, 0, n_units * sizeof *cnt);
    for (size_t k = 0; k < n_units; k++)
        cnt[nqpf_rng_below(&rng, n_units)]++;
}

/* Replication r: a (D in the a path) and b (M in the b path). */
static void replicate(const base *bs, size_t n_units, unsigned long long seed, size_t r, work *wk, size_t *xv,
                      double *a, double *b)
{
    draw_counts(seed, r, n_units, wk->cnt);
    /* variables: 0 y, 1 D, 2 M, 3.. X; a: M on D, X; b: y on D, M, X */
    size_t kx = bs->n_x;
    xv[0] = 1;
    for (size_t j = 1; j < kx; j++)
        xv[j] = 2 + j;
    size_t n = rep_sample(bs, wk, bs->all_y);
    rep_demean(bs, wk, n, bs->all_y ? 0 : 1);
    rep_gram(bs, wk, n, bs->all_y ? 0 : 1);
    *a = rep_path(bs, wk, n, 2, xv, kx, 0);
    if (!bs->all_y) {
        n = rep_sample(bs, wk, 1);
        rep_demean(bs, wk, n, 0);
        rep_gram(bs, wk, n, 0);
    }
    for (size_t j = 0; j <= kx; j++)
        xv[j] = 1 + j;
    *b = rep_path(bs, wk, n, 0, xv, kx + 1, 1);
}

/* With --iv, replication r refits the a and b paths (2SLS) with
 * nqpf_reg_fit_model on the drawn rows, the draw counts times any weights
 * as weights and iid errors (only the coefficients are kept): exactly a
 * weighted `nqpf reg --iv` run on those rows.  cnt (n_units), w (n), sub
 * (n): the caller's scratch. */
static void replicate_refit(const paths *p, const size_t *rows, const size_t *unit, size_t n_rows, size_t n_units,
                            unsigned long long seed, size_t r, size_t *cnt, double *w, unsigned char *sub, double *a,
                            double *b)
{
    size_t n = p->a.n;
    draw_counts(seed, r, n_units, cnt);
    memset(sub, 0, n);
    for (size_t i = 0; i < n; i++)
        w[i] = 1.0;
    for (size_t k = 0; k < n_rows; k++)
        if (cnt[unit[k]]) {
            size_t i = rows[k];
            sub[i] = 1;
            w[i] = (double)cnt[unit[k]] * (p->a.w ? p->a.w[i] : 1.0);
        }
    nqpf_reg_spec sa = p->a, sb = p->b;
    sa.subset = sb.subset = sub, sa.w = sb.w = w;
    sa.vce = sb.vce = NQPF_REG_IID, sa.n_cl = sb.n_cl = 0;
    nqpf_reg_fit f;
    nqpf_error e;
    *a = *b = NAN;
    if (nqpf_reg_fit_model(&sa, &f, &e) == NQPF_OK) {
        *a = coef_of(&f.main, p->d_name, NULL);
        nqpf_reg_fit_free(&f);
    }
    if (nqpf_reg_fit_model(&sb, &f, &e) == NQPF_OK) {
        *b = coef_of(&f.main, p->m_name, NULL);
        nqpf_reg_fit_free(&f);
    }
}

/* What the replications share, and one thread's workspace: the engine's
 * (bs set) or replicate_refit's (--iv, bs NULL). */
typedef struct reps {
    const paths *p;
    const base *bs;
    const size_t *rows, *unit;
    size_t n_rows, n_units;
    unsigned long long seed;
} reps;

typedef struct tws {
    work wk;
    size_t *xv, *cnt;
    double *w;
    unsigned char *sub;
} tws;

static int tws_alloc(const reps *c, tws *t)
{
    memset(t, 0, sizeof *t);
    if (c->bs)
        return (t->xv = nqpf_alloc(c->bs->n_x + 2, sizeof *t->xv)) && work_alloc(c->bs, c->n_units, &t->wk) == 0;
    t->cnt = nqpf_alloc(c->n_units + 1, sizeof *t->cnt);
    t->w = nqpf_alloc(c->p->a.n + 1, sizeof *t->w);
    t->sub = nqpf_alloc(c->p->a.n + 1, 1);
    return t->cnt && t->w && t->sub;
}

static void tws_free(const reps *c, tws *t)
{
    work_free(&t->wk, c->bs ? c->bs->n_fe : 0);
    free(t->xv), free(t->cnt), free(t->w), free(t->sub);
}

/* The B replications in parallel, replication r on RNG stream (seed, r)
 * and into md->draw_*[r]: the same numbers for any thread count.  1 when
 * out of memory. */
static int run_reps(const reps *c, size_t B, nqpf_reg_mediation *md)
{
    long Bl = (long)B;
    int oom = 0;
#pragma omp parallel
    {
        tws t;
        int ok = tws_alloc(c, &t);
        if (!ok) {
#pragma omp atomic write
            oom = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (long r = 0; r < Bl; r++) {
            double *a = &md->draw_a[r], *b = &md->draw_b[r];
            *a = *b = NAN;
            if (ok && c->bs)
                replicate(c->bs, c->n_units, c->seed, (size_t)r, &t.wk, t.xv, a, b);
            else if (ok)
                replicate_refit(c->p, c->rows, c->unit, c->n_rows, c->n_units, c->seed, (size_t)r, t.cnt, t.w, t.sub,
                                a, b);
            md->draw_ab[r] = *a * *b;
        }
        tws_free(c, &t);
    }
    return oom;
}

static int bootstrap(const paths *p, size_t B, unsigned long long seed, double level, nqpf_reg_mediation *md,
                     nqpf_error *err)
{
    size_t n = p->a.n, n_rows = 0, n_units = 0;
    size_t *rows = nqpf_alloc(n + 1, sizeof *rows), *unit = nqpf_alloc(n + 1, sizeof *unit);
    md->draw_a = nqpf_alloc(B, sizeof(double));
    md->draw_b = nqpf_alloc(B, sizeof(double));
    md->draw_ab = nqpf_alloc(B, sizeof(double));
    double *sorted = nqpf_alloc(B, sizeof(double));
    int rc = NQPF_OK;
    if (!rows || !unit || !md->draw_a || !md->draw_b || !md->draw_ab || !sorted) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* the resampling units: the first cluster dimension, else the rows */
    for (size_t i = 0; i < n; i++)
        if ((!p->a.subset || p->a.subset[i]) && (!p->a.w || p->a.w[i] > 0.0))
            rows[n_rows++] = i;
    if (p->a.vce == NQPF_REG_CLUSTER && p->a.n_cl > 0) {
        size_t *tmp = nqpf_alloc(n_rows + 1, sizeof *tmp);
        if (!tmp) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t k = 0; k < n_rows; k++)
            tmp[k] = p->a.cl[0][rows[k]];
        const size_t *parts[1] = {tmp};
        rc = nqpf_reg_group(parts, 1, n_rows, unit, &n_units, err);
        free(tmp);
        if (rc)
            goto done;
        /* a row without a cluster label is not in the sample: drop it */
        size_t k2 = 0;
        for (size_t k = 0; k < n_rows; k++)
            if (unit[k] != NQPF_REG_NA)
                rows[k2] = rows[k], unit[k2++] = unit[k];
        n_rows = k2;
    } else {
        for (size_t k = 0; k < n_rows; k++)
            unit[k] = k;
        n_units = n_rows;
    }
    if (p->a.n_x > 120) { /* rep_gram's fixed lists */
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the mediation bootstrap takes at most 120 regressors");
        goto done;
    }
    base bs;
    reps job = {p, NULL, rows, unit, n_rows, n_units, seed};
    if (!p->iv) {
        if ((rc = base_build(p, rows, unit, n_rows, &bs, err))) {
            base_free(&bs);
            goto done;
        }
        job.bs = &bs;
    }
    int oom = run_reps(&job, B, md);
    if (job.bs)
        base_free(&bs);
    if (oom) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    md->reps = B;
    size_t c = 0, below = 0;
    for (size_t r = 0; r < B; r++)
        if (!isnan(md->draw_ab[r])) {
            sorted[c++] = md->draw_ab[r];
            below += md->draw_ab[r] < md->ab;
        }
    md->failed = B - c;
    md->boot_se = md->pct_lo = md->pct_hi = md->bc_lo = md->bc_hi = NAN;
    if (c < 2)
        goto done;
    double mean = 0.0, ss = 0.0;
    for (size_t k = 0; k < c; k++)
        mean += sorted[k];
    mean /= (double)c;
    for (size_t k = 0; k < c; k++)
        ss += (sorted[k] - mean) * (sorted[k] - mean);
    md->boot_se = sqrt(ss / (double)(c - 1));
    qsort(sorted, c, sizeof *sorted, nqpf_cmp_double);
    double al = 0.5 * (1.0 - level);
    md->pct_lo = nqpf_quantile7(sorted, c, al);
    md->pct_hi = nqpf_quantile7(sorted, c, 1.0 - al);
    /* bias-corrected: z0 = Phi^-1(share of draws below the estimate) */
    double share = (double)below / (double)c;
    if (share > 0.0 && share < 1.0) {
        double z0 = nqpf_t_quantile(share, INFINITY), za = nqpf_t_quantile(al, INFINITY);
        double p1 = 0.5 * erfc(-(2.0 * z0 + za) / sqrt(2.0)), p2 = 0.5 * erfc(-(2.0 * z0 - za) / sqrt(2.0));
        md->bc_lo = nqpf_quantile7(sorted, c, p1);
        md->bc_hi = nqpf_quantile7(sorted, c, p2);
    }
done:
    free(rows), free(unit), free(sorted);
    return rc;
}

int nqpf_reg_mediate(const nqpf_reg_spec *s, const double *m, const char *m_name, size_t B, unsigned long long seed,
                     double level, nqpf_reg_mediation *out, nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    if (!(level > 0.0 && level < 1.0))
        level = 0.95;
    /* one sample for the three regressions: rows where the mediator is present */
    unsigned char *sub = nqpf_alloc(s->n + 1, 1);
    paths p = {0};
    int rc = NQPF_OK;
    if (!sub)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < s->n; i++)
        sub[i] = (!s->subset || s->subset[i]) && !isnan(m[i]);
    nqpf_reg_spec st = *s;
    st.subset = sub;
    if ((rc = make_paths(&st, m, m_name, &p, err)))
        goto done;
    if ((rc = nqpf_reg_fit_model(&p.t, &out->total, err)) || (rc = nqpf_reg_fit_model(&p.a, &out->a, err)) ||
        (rc = nqpf_reg_fit_model(&p.b, &out->b, err)))
        goto done;
    out->c = coef_of(&out->total.main, p.d_name, NULL);
    out->a_coef = coef_of(&out->a.main, p.d_name, &out->a_se);
    out->c_direct = coef_of(&out->b.main, p.d_name, NULL);
    out->b_coef = coef_of(&out->b.main, m_name, &out->b_se);
    if (isnan(out->c) || isnan(out->a_coef) || isnan(out->c_direct) || isnan(out->b_coef)) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "the treatment '%s' or the mediator '%s' is collinear with the other regressors or absorbed",
                       p.d_name, m_name);
        goto done;
    }
    out->ab = out->a_coef * out->b_coef;
    out->sobel_se = sqrt(out->b_coef * out->b_coef * out->a_se * out->a_se +
                         out->a_coef * out->a_coef * out->b_se * out->b_se);
    out->sobel_z = out->ab / out->sobel_se;
    out->sobel_p = nqpf_normal_pvalue(out->sobel_z);
    out->boot_se = out->pct_lo = out->pct_hi = out->bc_lo = out->bc_hi = NAN;
    if (B > 0)
        rc = bootstrap(&p, B, seed, level, out, err);
done:
    free(sub);
    paths_free(&p);
    if (rc)
        nqpf_reg_mediation_free(out);
    return rc;
}
