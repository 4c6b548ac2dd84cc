/* nqpf reg's driver: the estimation sample (listwise deletion, singleton
 * groups), the absorbed degrees of freedom, demeaning, then OLS or 2SLS
 * and the model statistics.  Conventions: reg.h and docs/reg.md. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "nqpf/hugemem.h"
#include "nqpf/util.h"
#include "reg_internal.h"

void nqpf_reg_fit_free(nqpf_reg_fit *f)
{
    if (!f)
        return;
    nqpf_reg_table_free(&f->main);
    for (size_t j = 0; f->first && j < f->n_endog; j++)
        nqpf_reg_table_free(&f->first[j]);
    free(f->first), free(f->fs_F), free(f->fs_F_p), free(f->fs_partial_r2);
    free(f->fe_levels), free(f->fe_redundant), free(f->fe_nested), free(f->clusters), free(f->in_sample);
    memset(f, 0, sizeof *f);
}

typedef struct sample {
    size_t n;
    size_t *row;            /* n data rows */
    size_t **fe, **cl;      /* compact codes on the sample */
    size_t *fe_levels, *cl_levels;
    double *w;              /* n weights or NULL */
    unsigned char *fe_taken, *cl_taken; /* the spec's array taken over (consume): not the spec's to free */
    size_t *cl_share;       /* n_cl: 1 + the absorbed dimension whose codes a cluster dimension's equal, or 0 */
} sample;

static void sample_free(sample *s, size_t n_fe, size_t n_cl)
{
    for (size_t g = 0; s->fe && g < n_fe; g++)
        free(s->fe[g]);
    for (size_t c = 0; s->cl && c < n_cl; c++)
        free(s->cl[c]);
    free(s->fe), free(s->cl), free(s->fe_levels), free(s->cl_levels), free(s->row), free(s->w);
    free(s->fe_taken), free(s->cl_taken), free(s->cl_share);
}

/* Codes of column src (data rows) on the rows of s, made compact.  With
 * *taken (a column handed over by nqpf_reg_fit_model_consume) and every
 * one of the N data rows in the sample, compact codes are used where they
 * are (*taken stays 1: a large fit holds one copy of its codes); else
 * *taken becomes 0. */
static int gather_codes(const size_t *src, const size_t *row, size_t n, size_t N, unsigned char *taken, size_t **out,
                        size_t *levels, nqpf_error *err)
{
    if (*taken && n == N) {
        size_t next = 0, i = 0;
        for (; i < n && src[i] <= next; i++)
            next += src[i] == next;
        if (i == n) {
            *out = (size_t *)src;
            *levels = next;
            return NQPF_OK;
        }
    }
    *taken = 0;
    if (!(*out = nqpf_alloc_huge(n + 1, sizeof **out, NULL)))
        return nqpf_fail_nomem(err);
    /* codes already numbered in order of first appearance on the sample
     * (the command line's, with no row dropped) are their own compaction */
    size_t next = 0, i = 0;
    for (; i < n; i++) {
        size_t c = src[row[i]];
        if (c > next) /* a gap, or NQPF_REG_NA */
            break;
        (*out)[i] = c;
        next += c == next;
    }
    if (i == n) {
        *levels = next;
        return NQPF_OK;
    }
    size_t *tmp = nqpf_alloc_huge(n + 1, sizeof *tmp, NULL); /* *out is freed with the sample */
    if (!tmp)
        return nqpf_fail_nomem(err);
    for (i = 0; i < n; i++)
        tmp[i] = src[row[i]];
    const size_t *parts[1] = {tmp};
    int rc = nqpf_reg_group(parts, 1, n, *out, levels, err);
    free(tmp);
    return rc;
}

static int row_complete(const nqpf_reg_spec *s, size_t i)
{
    if (s->subset && !s->subset[i])
        return 0;
    if (isnan(s->y[i]))
        return 0;
    for (size_t j = 0; j < s->n_x; j++)
        if (isnan(s->x[j][i]))
            return 0;
    for (size_t j = 0; j < s->n_endog; j++)
        if (isnan(s->endog[j][i]))
            return 0;
    for (size_t j = 0; j < s->n_inst; j++)
        if (isnan(s->inst[j][i]))
            return 0;
    for (size_t g = 0; g < s->n_fe; g++)
        if (s->fe[g][i] == NQPF_REG_NA)
            return 0;
    if (s->vce == NQPF_REG_CLUSTER)
        for (size_t c = 0; c < s->n_cl; c++)
            if (s->cl[c][i] == NQPF_REG_NA)
                return 0;
    if (s->w && !(s->w[i] > 0.0))
        return 0;
    return 1;
}

/* The estimation sample: complete rows, then singleton groups dropped
 * until none is left. */
static int build_sample(const nqpf_reg_spec *s, int consume, sample *sm, nqpf_reg_fit *out, nqpf_error *err)
{
    size_t N = s->n, n = 0, eligible = 0;
    unsigned char *keep = nqpf_alloc(N + 1, 1);
    sm->row = nqpf_alloc_huge(N + 1, sizeof *sm->row, NULL);
    sm->fe = nqpf_calloc(s->n_fe + 1, sizeof *sm->fe);
    sm->cl = nqpf_calloc(s->n_cl + 1, sizeof *sm->cl);
    sm->fe_levels = nqpf_calloc(s->n_fe + 1, sizeof *sm->fe_levels);
    sm->cl_levels = nqpf_calloc(s->n_cl + 1, sizeof *sm->cl_levels);
    sm->fe_taken = nqpf_calloc(s->n_fe + 1, 1);
    sm->cl_taken = nqpf_calloc(s->n_cl + 1, 1);
    sm->cl_share = nqpf_calloc(s->n_cl + 1, sizeof *sm->cl_share);
    int rc = NQPF_OK;
    if (!keep || !sm->row || !sm->fe || !sm->cl || !sm->fe_levels || !sm->cl_levels || !sm->fe_taken || !sm->cl_taken ||
        !sm->cl_share) {
        free(keep);
        return nqpf_fail_nomem(err);
    }
    for (size_t i = 0; i < N; i++) {
        eligible += !s->subset || s->subset[i];
        if (row_complete(s, i))
            sm->row[n++] = i;
    }
    out->n_missing = eligible - n;
    for (int pass = 0; pass < 2 && s->n_fe > 0; pass++) {
        for (size_t g = 0; g < s->n_fe; g++) {
            /* the second pass gathers from the spec's array even when the
             * first took it over: the old array goes after */
            size_t *old = sm->fe[g];
            unsigned char was = sm->fe_taken[g];
            sm->fe[g] = NULL;
            sm->fe_taken[g] = (unsigned char)(consume && pass == 0);
            rc = gather_codes(s->fe[g], sm->row, n, N, &sm->fe_taken[g], &sm->fe[g], &sm->fe_levels[g], err);
            free(old);
            sm->fe_taken[g] |= was; /* freed here: not the spec's to free either */
            if (rc)
                goto done;
        }
        if (pass == 1 || s->keep_singletons)
            break;
        memset(keep, 1, n);
        size_t d = nqpf_reg_drop_singletons((const size_t *const *)sm->fe, sm->fe_levels, s->n_fe, n, keep);
        if (d == (size_t)-1) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        out->n_singletons = d;
        if (d == 0)
            break;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (keep[i])
                sm->row[m++] = sm->row[i];
        n = m;
    }
    sm->n = n;
    if (n == 0) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "no observation left to estimate the model on (%zu dropped for missing values, %zu as singletons)",
                       out->n_missing, out->n_singletons);
        goto done;
    }
    if (s->vce == NQPF_REG_CLUSTER)
        for (size_t c = 0; c < s->n_cl; c++) {
            sm->cl_taken[c] = (unsigned char)consume;
            if ((rc = gather_codes(s->cl[c], sm->row, n, N, &sm->cl_taken[c], &sm->cl[c], &sm->cl_levels[c], err)))
                goto done;
        }
    if (s->w) {
        if (!(sm->w = nqpf_alloc_huge(n + 1, sizeof *sm->w, NULL))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            sm->w[i] = s->w[sm->row[i]];
    }
done:
    free(keep);
    return rc;
}

/* A cluster dimension with the codes of an absorbed one (--absorb
 * firm,year --cluster firm): its array goes now and it gets the
 * projection's after the projection, one copy fewer at the peak of a large
 * fit.  Each absorbed dimension lends its array once. */
static void share_clusters(sample *sm, size_t n_fe, size_t n_cl, size_t n)
{
    for (size_t c = 0; c < n_cl; c++)
        for (size_t g = 0; g < n_fe; g++) {
            int lent = 0;
            for (size_t d = 0; d < c; d++)
                lent |= sm->cl_share[d] == g + 1;
            if (lent || sm->cl_levels[c] != sm->fe_levels[g] || memcmp(sm->cl[c], sm->fe[g], n * sizeof *sm->cl[c]))
                continue;
            free(sm->cl[c]);
            sm->cl[c] = NULL;
            sm->cl_share[c] = g + 1;
            break;
        }
}

/* df_a and the per-dimension redundancies (docs/reg.md, "K"). */
static int absorbed_dof(const nqpf_reg_spec *s, const sample *sm, nqpf_reg_fit *out, nqpf_error *err)
{
    size_t G = s->n_fe, first = (size_t)-1, second = (size_t)-1;
    out->n_fe = G;
    out->fe_levels = nqpf_calloc(G + 1, sizeof *out->fe_levels);
    out->fe_redundant = nqpf_calloc(G + 1, sizeof *out->fe_redundant);
    out->fe_nested = nqpf_calloc(G + 1, sizeof *out->fe_nested);
    if (!out->fe_levels || !out->fe_redundant || !out->fe_nested)
        return nqpf_fail_nomem(err);
    out->df_a = 0;
    /* the count with every level (df_a_all): the first dimension's levels
     * less the constant, the second's less the components, the rest less 1 */
    out->df_a_all = 0;
    for (size_t g = 0; g < G; g++) {
        size_t red = 1;
        if (g == 1 && (red = nqpf_reg_components(sm->fe[0], sm->fe_levels[0], sm->fe[1], sm->fe_levels[1], sm->n)) ==
                          (size_t)-1)
            return nqpf_fail_nomem(err);
        out->df_a_all += sm->fe_levels[g] - red;
    }
    for (size_t g = 0; g < G; g++) {
        size_t L = sm->fe_levels[g];
        out->fe_levels[g] = L;
        if (s->vce == NQPF_REG_CLUSTER && s->dof != NQPF_REG_DOF_ALL)
            for (size_t c = 0; c < s->n_cl && !out->fe_nested[g]; c++) {
                int r = nqpf_reg_nested(sm->fe[g], L, sm->cl[c], sm->n);
                if (r < 0)
                    return nqpf_fail_nomem(err);
                out->fe_nested[g] = r;
            }
        size_t red;
        if (out->fe_nested[g])
            red = L;
        else if (first == (size_t)-1) {
            first = g;
            red = 1;
        } else if (second == (size_t)-1) {
            second = g;
            red = nqpf_reg_components(sm->fe[first], sm->fe_levels[first], sm->fe[g], L, sm->n);
            if (red == (size_t)-1)
                return nqpf_fail_nomem(err);
        } else
            red = 1;
        out->fe_redundant[g] = red;
        out->df_a += L - red;
    }
    return NQPF_OK;
}

static int fail_named(nqpf_error *err, int code, const char *what, const char *name, const char *why)
{
    return nqpf_fail(err, code, NULL, 0, 0, "%s '%s' %s", what, name, why);
}

/* Variable v of the model: y, the regressors, endogenous regressors, instruments. */
static const double *var_col(const nqpf_reg_spec *s, size_t v)
{
    if (v == 0)
        return s->y;
    if (v < 1 + s->n_x)
        return s->x[v - 1];
    if (v < 1 + s->n_x + s->n_endog)
        return s->endog[v - 1 - s->n_x];
    return s->inst[v - 1 - s->n_x - s->n_endog];
}

/* consume: the caller gave the arrays of s up (nqpf_reg_fit_model_consume):
 * the code columns go once the sample has its own, each variable once its
 * sample copy is made, so a large fit holds one copy of its variables. */
static int fit_model(const nqpf_reg_spec *s, int consume, nqpf_reg_fit *out, nqpf_error *err);

int nqpf_reg_fit_model(const nqpf_reg_spec *s, nqpf_reg_fit *out, nqpf_error *err)
{
    return fit_model(s, 0, out, err);
}

int nqpf_reg_fit_model_consume(const nqpf_reg_spec *s, nqpf_reg_fit *out, nqpf_error *err)
{
    return fit_model(s, 1, out, err);
}

/* free() what the caller of nqpf_reg_fit_model_consume handed over (the
 * spec's arrays are const to every other caller) */
static void release_codes(const nqpf_reg_spec *s, const sample *sm)
{
    for (size_t g = 0; g < s->n_fe; g++)
        if (!(sm && sm->fe_taken && sm->fe_taken[g]))
            free((void *)s->fe[g]);
    for (size_t c = 0; c < s->n_cl; c++)
        if (!(sm && sm->cl_taken && sm->cl_taken[c]))
            free((void *)s->cl[c]);
}

static void release_vars(const nqpf_reg_spec *s, size_t from, size_t nv)
{
    for (size_t v = from; v < nv; v++)
        free((void *)var_col(s, v));
}

/* Scratch the concurrent projections may hold together: each thread has
 * its own workspace of 4 n doubles, which on a large sample (640 MB for two
 * threads at 10 million rows) would be the peak of the fit; the variables
 * are then projected one at a time (the same numbers: each variable's
 * projection is one sequence of operations on any thread). */
#define PROJECTION_SCRATCH ((size_t)256 << 20)

static int projection_threads(size_t wsn, size_t nv)
{
    size_t t = 1;
#ifdef _OPENMP
    t = (size_t)omp_get_max_threads();
#endif
    size_t fit = PROJECTION_SCRATCH / (wsn * sizeof(double) + 1);
    if (t > fit)
        t = fit;
    if (t > nv)
        t = nv;
    return t < 1 ? 1 : (int)t;
}

static int fit_model(const nqpf_reg_spec *s, int consume, nqpf_reg_fit *out, nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    size_t nv = 1 + s->n_x + s->n_endog + s->n_inst, released = 0; /* variables freed so far */
    int rc = NQPF_OK;
    if (s->vce == NQPF_REG_CLUSTER && s->n_cl == 0)
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--vce cluster needs --cluster COL");
    else if (s->n_endog > 0 && s->n_inst < s->n_endog)
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                       "the model is underidentified: %zu endogenous regressors but %zu excluded instruments",
                       s->n_endog, s->n_inst);
    if (rc) {
        if (consume)
            release_codes(s, NULL), release_vars(s, 0, nv);
        return rc;
    }
    sample sm = {0};
    nqpf_hdfe h = {0};
    size_t hc = s->n_fe == 0;
    double *D = NULL, *css = NULL, *e = NULL;
    int *omit = NULL;
    const char **names = NULL;
    nqpf_error *verr = NULL;
    rc = build_sample(s, consume, &sm, out, err);
    if (consume)
        release_codes(s, &sm);
    if (rc)
        goto done;
    size_t n = sm.n;
    out->n = n;
    if (!(out->in_sample = nqpf_calloc(s->n + 1, 1)))
        goto nomem;
    for (size_t i = 0; i < n; i++)
        out->in_sample[sm.row[i]] = 1;
    if ((rc = absorbed_dof(s, &sm, out, err)))
        goto done;
    out->n_cl = s->vce == NQPF_REG_CLUSTER ? s->n_cl : 0;
    if (!(out->clusters = nqpf_calloc(out->n_cl + 1, sizeof *out->clusters)))
        goto nomem;
    size_t gmin = (size_t)-1;
    for (size_t c = 0; c < out->n_cl; c++) {
        out->clusters[c] = sm.cl_levels[c];
        if (sm.cl_levels[c] < gmin)
            gmin = sm.cl_levels[c];
    }
    if (out->n_cl && gmin < 2) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "cluster-robust errors need at least 2 clusters: '%s' has %zu in the sample",
                       s->cl_name[0], gmin);
        for (size_t c = 0; c < out->n_cl; c++)
            if (sm.cl_levels[c] < 2)
                rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                               "cluster-robust errors need at least 2 clusters: '%s' has %zu in the sample",
                               s->cl_name[c], sm.cl_levels[c]);
        goto done;
    }
    share_clusters(&sm, s->n_fe, out->n_cl, n);
    /* the projection takes the sample's codes over (no copy) */
    double tol = s->tol > 0.0 ? s->tol : 1e-13;
    size_t max_iter = s->max_iter ? s->max_iter : 10000;
    if ((rc = nqpf_hdfe_init_owned(&h, n, s->n_fe, sm.fe, sm.fe_levels, sm.w, tol, max_iter, err)))
        goto done;
    /* the sample's variables: y, x, endogenous, instruments (+ constant) */
    D = n > SIZE_MAX / (nv + 1) ? NULL : nqpf_alloc_huge(n * (nv + 1), sizeof *D, NULL);
    css = nqpf_alloc(nv + 1, sizeof *css);
    e = nqpf_alloc_huge(n + 1, sizeof *e, NULL);
    verr = nqpf_calloc(nv, sizeof *verr);
    omit = nqpf_calloc(nv + 1, sizeof *omit);
    names = nqpf_calloc(nv + 2, sizeof *names);
    if (!D || !css || !e || !verr || !omit || !names)
        goto nomem;
    for (size_t v = 0; v < nv; v++) {
        const double *col = var_col(s, v);
        if (v == 0)
            names[v] = s->y_name;
        else if (v < 1 + s->n_x)
            names[v] = s->x_name[v - 1];
        else if (v < 1 + s->n_x + s->n_endog)
            names[v] = s->endog_name[v - 1 - s->n_x];
        else
            names[v] = s->inst_name[v - 1 - s->n_x - s->n_endog];
        double *d = D + v * n, sw = 0.0, m = 0.0, lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            d[i] = col[sm.row[i]];
            double wi = sm.w ? sm.w[i] : 1.0;
            sw += wi;
            m += wi * d[i];
            lo = d[i] < lo ? d[i] : lo;
            hi = d[i] > hi ? d[i] : hi;
        }
        m /= sw;
        double c = 0.0;
        for (size_t i = 0; i < n; i++)
            c += (sm.w ? sm.w[i] : 1.0) * (d[i] - m) * (d[i] - m);
        css[v] = c;
        if (consume)
            free((void *)col), released = v + 1;
        if (v > 0 && !(hi > lo)) {
            const char *what = v < 1 + s->n_x ? "regressor" : v < 1 + s->n_x + s->n_endog ? "endogenous regressor" : "instrument";
            rc = fail_named(err, NQPF_EMATH, what, names[v], "is constant in the estimation sample: it is not identified");
            goto done;
        }
    }
    double tss = css[0];
    /* the sample rows are recorded in in_sample: their list can go before
     * the projection's workspaces are allocated */
    free(sm.row);
    sm.row = NULL;
    /* absorb the fixed effects, one variable per thread (each its own
     * sequence of operations: identical results for any thread count) */
    size_t iters_max = 0;
    long nvl = (long)nv;
    size_t wsn = s->n_fe >= 2 ? nqpf_hdfe_workspace(&h) : 1;
    int nthr = projection_threads(wsn, nv);
#pragma omp parallel num_threads(nthr)
    {
        double *ws = nqpf_alloc_huge(wsn, sizeof *ws, NULL);
#pragma omp for schedule(dynamic, 1)
        for (long v = 0; v < nvl; v++) {
            size_t it = 0;
            if (ws)
                nqpf_hdfe_demean_ws(&h, D + (size_t)v * n, names[v], &it, ws, &verr[v]);
            else
                nqpf_fail_nomem(&verr[v]);
            verr[v].line = (long)it;
        }
        free(ws);
    }
    for (size_t v = 0; v < nv; v++) {
        if (verr[v].code) {
            *err = verr[v];
            err->line = 0;
            rc = err->code;
            goto done;
        }
        if ((size_t)verr[v].line > iters_max)
            iters_max = (size_t)verr[v].line;
    }
    out->iterations = iters_max;
    /* the projection is done: its codes go (those of a cluster dimension
     * back to it) before least squares */
    for (size_t c = 0; c < out->n_cl; c++)
        if (sm.cl_share[c]) {
            sm.cl[c] = h.code[sm.cl_share[c] - 1];
            h.code[sm.cl_share[c] - 1] = NULL;
        }
    nqpf_hdfe_free(&h);
    double tss_w = 0.0;
    for (size_t i = 0; i < n; i++)
        tss_w += (sm.w ? sm.w[i] : 1.0) * D[i] * D[i];
    for (size_t v = 1; v < nv && s->n_fe > 0; v++) {
        double ss = 0.0;
        for (size_t i = 0; i < n; i++)
            ss += (sm.w ? sm.w[i] : 1.0) * D[v * n + i] * D[v * n + i];
        if (ss <= NQPF_REG_ABSORBED_TOL * css[v]) {
            if (v < 1 + s->n_x)
                omit[v] = NQPF_REG_ABSORBED;
            else if (v < 1 + s->n_x + s->n_endog) {
                rc = fail_named(err, NQPF_EMATH, "endogenous regressor", names[v], "is absorbed by the fixed effects");
                goto done;
            } else
                omit[v] = NQPF_REG_ABSORBED;
        }
    }
    if (sm.w)
        for (size_t v = 0; v < nv; v++)
            for (size_t i = 0; i < n; i++)
                D[v * n + i] *= sqrt(sm.w[i]);
    /* the constant, when nothing is absorbed: a last column after the
     * exogenous regressors (D's layout y | x | _cons | endog | inst) */
    if (hc) {
        memmove(D + (1 + s->n_x + 1) * n, D + (1 + s->n_x) * n, (s->n_endog + s->n_inst) * n * sizeof *D);
        memmove(names + 1 + s->n_x + 1, names + 1 + s->n_x, (s->n_endog + s->n_inst) * sizeof *names);
        memmove(omit + 1 + s->n_x + 1, omit + 1 + s->n_x, (s->n_endog + s->n_inst) * sizeof *omit);
        for (size_t i = 0; i < n; i++)
            D[(1 + s->n_x) * n + i] = sm.w ? sqrt(sm.w[i]) : 1.0;
        names[1 + s->n_x] = "_cons";
        omit[1 + s->n_x] = NQPF_REG_KEPT;
    }
    nqpf_reg_design d = {.n = n,
                         .k_abs = s->n_fe ? 1 + out->df_a : 0,
                         .has_cons = (int)hc,
                         .vce = s->vce,
                         .n_cl = out->n_cl,
                         .cl = (const size_t *const *)sm.cl,
                         .cl_levels = sm.cl_levels,
                         .gmin = gmin,
                         .adj_each = s->cluster_adj_each};
    size_t kx = s->n_x + hc;
    const double *X = D + n;
    if (n <= kx + s->n_endog + d.k_abs) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "%zu observations for %zu parameters (%zu absorbed): no degrees of freedom left", n,
                       kx + s->n_endog + d.k_abs, d.k_abs);
        goto done;
    }
    if (s->n_endog == 0)
        rc = nqpf_reg_ols_table(&d, X, kx, names + 1, omit + 1, D, &out->main, e, err);
    else
        rc = nqpf_reg_iv(&d, D, D + (1 + kx) * n, s->n_endog, names + 1 + kx, X, kx, names + 1, omit + 1,
                         D + (1 + kx + s->n_endog) * n, s->n_inst, names + 1 + kx + s->n_endog,
                         omit + 1 + kx + s->n_endog, out, e, err);
    if (rc)
        goto done;
    nqpf_reg_table *t = &out->main;
    t->tss = tss;
    t->tss_within = s->n_fe ? tss_w : tss;
    t->r2 = 1.0 - t->rss / tss;
    t->r2_within = 1.0 - t->rss / t->tss_within;
    /* reghdfe: the adjusted R^2s and rmse count the nested levels too */
    double kept = (double)(t->k - d.k_abs), df_u = (double)n - kept - (s->n_fe ? 1.0 + (double)out->df_a_all : 0.0);
    t->r2_adj = 1.0 - (t->rss / df_u) / (tss / (double)(n - 1));
    t->r2_within_adj = 1.0 - (t->rss / df_u) / (t->tss_within / (df_u + kept - (double)hc));
    t->rmse = sqrt(t->rss / df_u);
    goto done;
nomem:
    rc = nqpf_fail_nomem(err);
done:
    if (consume)
        release_vars(s, released, nv);
    nqpf_hdfe_free(&h);
    sample_free(&sm, s->n_fe, s->n_cl);
    free(D), free(css), free(e), free(verr), free(omit), free(names);
    if (rc)
        nqpf_reg_fit_free(out);
    return rc;
}
