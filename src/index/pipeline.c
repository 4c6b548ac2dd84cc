/* The composite-index pipeline: normalise → weight → aggregate → rank.
 *
 * The numerical kernels live in index_methods (normalize.c, weights_*.c,
 * aggregate.c, rankcorr.c); this file only decides which rows and columns
 * each kernel sees.  A "block" is the set of rows that share weights: the
 * pooled panel, or one period.  Indicators with zero variance in a block are
 * excluded from that block (weight 0, with a warning) because their weights
 * are undefined under CRITIC/PCA and meaningless elsewhere.
 */
#include "nqpf/index.h"
#include "nqpf/hugemem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colstats.h"

/* ---- names and parsing -------------------------------------------------- */

const char *nqpf_aggregate_name(nqpf_aggregate a)
{
    static const char *const names[] = {"weighted", "topsis", "gra", "geometric", "vikor"};
    return names[a];
}

int nqpf_aggregate_parse(const char *s, nqpf_aggregate *out)
{
    static const char *const names[] = {"weighted", "topsis", "gra", "geometric", "vikor"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(s, names[i])) {
            *out = (nqpf_aggregate)i;
            return 0;
        }
    return -1;
}

void nqpf_index_options_default(nqpf_index_options *o)
{
    memset(o, 0, sizeof *o);
    o->normalize = NQPF_NORM_MINMAX;
    o->scope = NQPF_SCOPE_PANEL;
    o->shift = 0.0001;
    o->combo_mode = NQPF_COMBO_MULT;
    o->alpha = 0.5;
    o->aggregate = NQPF_AGG_WEIGHTED;
    o->rho = 0.5;
    o->vikor_v = 0.5;
    o->pca_share = 0.85;
    o->ri = NQPF_RI_SAATY1980;
    o->ahp_method = NQPF_AHP_EIGEN;
    o->encoding = NQPF_ENC_AUTO;
}

void nqpf_weight_spec_free(nqpf_weight_spec *w)
{
    if (!w)
        return;
    nqpf_weight_spec_free(w->a);
    nqpf_weight_spec_free(w->b);
    free(w->ahp_path);
    free(w->text);
    free(w);
}

static int parse_simple(const char *s, nqpf_weight_spec *w)
{
    static const struct { const char *name; nqpf_weight_kind kind; } simple[] = {
        {"entropy", NQPF_W_ENTROPY}, {"critic", NQPF_W_CRITIC}, {"cv", NQPF_W_CV},
        {"equal", NQPF_W_EQUAL},     {"pca", NQPF_W_PCA},       {"fixed", NQPF_W_FIXED},
        {"sd", NQPF_W_SD},           {"merec", NQPF_W_MEREC}};
    for (size_t i = 0; i < sizeof simple / sizeof *simple; i++)
        if (!strcmp(s, simple[i].name)) {
            w->kind = simple[i].kind;
            return 0;
        }
    if (!strncmp(s, "ahp:", 4) && s[4]) {
        w->kind = NQPF_W_AHP;
        return (w->ahp_path = nqpf_strdup(s + 4)) ? 0 : -1;
    }
    return -1;
}

int nqpf_weight_spec_parse(const char *s, nqpf_weight_spec **out, nqpf_error *err)
{
    *out = NULL;
    nqpf_weight_spec *w = calloc(1, sizeof *w);
    if (!w || !(w->text = nqpf_strdup(s))) {
        free(w);
        return nqpf_fail_nomem(err);
    }
    if (strncmp(s, "combo:", 6) != 0) {
        if (parse_simple(s, w) == 0) {
            *out = w;
            return NQPF_OK;
        }
    } else {
        /* combo:A+B — try each '+' so that ahp paths may contain '+' */
        const char *body = s + 6;
        for (const char *plus = strchr(body, '+'); plus; plus = strchr(plus + 1, '+')) {
            char *left = nqpf_strndup(body, (size_t)(plus - body));
            nqpf_weight_spec *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
            int ok = left && a && b && parse_simple(left, a) == 0 && parse_simple(plus + 1, b) == 0;
            if (ok) {
                a->text = left;
                b->text = nqpf_strdup(plus + 1);
                w->kind = NQPF_W_COMBO;
                w->a = a;
                w->b = b;
                *out = w;
                return NQPF_OK;
            }
            free(left);
            nqpf_weight_spec_free(a);
            nqpf_weight_spec_free(b);
        }
    }
    nqpf_weight_spec_free(w);
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                     "unknown weighting '%s' (entropy, critic, cv, equal, pca, fixed, ahp:FILE, combo:A+B, sd, merec)", s);
}

/* ---- result ------------------------------------------------------------- */

void nqpf_index_result_free(nqpf_index_result *r)
{
    free(r->w);
    free(r->extra);
    free(r->excluded);
    free(r->score);
    free(r->rank);
    free(r->node_score);
    free(r->vikor_srq);
    free(r->pca_eigval);
    for (size_t i = 0; i < r->n_ahp; i++)
        free(r->ahp[i].path);
    nqpf_buf_free(&r->warnings);
    for (size_t s = 0; s < r->n_schemes; s++)
        free(r->scheme_names[s]);
    free(r->scheme_names);
    free(r->scheme_score);
    memset(r, 0, sizeof *r);
}

/* ---- the run's context -------------------------------------------------- */

typedef struct ctx {
    nqpf_panel *p;
    const nqpf_system *s;
    const nqpf_index_options *o;
    nqpf_index_result *r;
    size_t U, T, n;
    nqpf_idx_zstats zs; /* the pooled Z's column statistics, from its normalisation */
} ctx;

static size_t block_rows(const ctx *c) { return c->o->scope == NQPF_SCOPE_PANEL ? c->U * c->T : c->U; }

/* Panel row (u * T + t) of block row i. */
static size_t row_of(const ctx *c, size_t b, size_t i)
{
    return c->o->scope == NQPF_SCOPE_PANEL ? i : i * c->T + b;
}

/* A block's Z restricted to columns cols[0..k).  When the block is the whole
 * panel and every column is wanted, the panel's own storage is returned
 * (*owned = 0) so the big pooled case is never copied. */
static int block_matrix(const ctx *c, size_t b, const size_t *cols, size_t k, double **out, int *owned,
                        nqpf_error *err)
{
    size_t m = block_rows(c);
    int identity = c->o->scope == NQPF_SCOPE_PANEL && k == c->n;
    for (size_t j = 0; identity && j < k; j++)
        identity = cols[j] == j;
    if (identity) {
        *out = c->p->x;
        *owned = 0;
        return NQPF_OK;
    }
    double *z = nqpf_alloc(m * k, sizeof(double));
    if (!z)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < m; i++) {
        const double *src = &c->p->x[row_of(c, b, i) * c->n];
        for (size_t j = 0; j < k; j++)
            z[i * k + j] = src[cols[j]];
    }
    *out = z;
    *owned = 1;
    return NQPF_OK;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void warn(ctx *c, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    nqpf_buf_puts(&c->r->warnings, line);
    nqpf_buf_puts(&c->r->warnings, "\n");
}

static const char *block_name(const ctx *c, size_t b)
{
    return c->o->scope == NQPF_SCOPE_PANEL ? "the pooled panel" : c->p->periods[b];
}

/* ---- stage 1: normalisation -------------------------------------------- */

static int normalize_all(ctx *c, nqpf_error *err)
{
    size_t n = c->n, m = block_rows(c);
    int *dir = malloc(n * sizeof(int));
    unsigned char *zv = calloc(n, 1);
    double *scratch = NULL;
    int rc = NQPF_OK;
    if (!dir || !zv) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t j = 0; j < n; j++)
        dir[j] = c->s->ind[j].direction;
    for (size_t b = 0; b < c->r->n_blocks; b++) {
        double *z = c->p->x;
        if (c->o->scope == NQPF_SCOPE_PERIOD) {
            if (!scratch && !(scratch = malloc(m * n * sizeof(double)))) {
                rc = nqpf_fail_nomem(err);
                goto done;
            }
            for (size_t i = 0; i < m; i++)
                memcpy(&scratch[i * n], &c->p->x[row_of(c, b, i) * n], n * sizeof(double));
            z = scratch;
        }
        nqpf_idx_zstats *zs = c->o->scope == NQPF_SCOPE_PANEL && c->zs.sum ? &c->zs : NULL;
        if ((rc = nqpf_idx_normalize(z, m, n, dir, c->o->normalize, c->o->shift, zv, zs, err))) {
            /* the kernel names the column by number; say which indicator */
            if (err->col > 0 && (size_t)err->col <= n)
                nqpf_fail(err, rc, c->p->path, 0, 0, "normalising '%s' in %s: %s",
                          c->s->ind[err->col - 1].column, block_name(c, b), err->msg);
            goto done;
        }
        if (z == scratch)
            for (size_t i = 0; i < m; i++)
                memcpy(&c->p->x[row_of(c, b, i) * n], &scratch[i * n], n * sizeof(double));
        for (size_t j = 0; j < n; j++) {
            c->r->excluded[b * n + j] = zv[j];
            if (zv[j])
                warn(c, "indicator '%s' has zero variance in %s: excluded (weight 0)", c->s->ind[j].column,
                     block_name(c, b));
        }
    }
done:
    free(dir);
    free(zv);
    free(scratch);
    return rc;
}

/* ---- stage 2: weights ---------------------------------------------------- */

/* What a weighting method needs to know about the columns it weights:
 * their names (to match an AHP matrix) and their fixed weights. */
typedef struct colinfo {
    size_t k;
    const char **name;      /* primary name (indicator column / dimension name) */
    const char **alt;       /* alternative name (indicator display name) or NULL */
    const double *fixed;    /* fixed weights, NaN if none */
} colinfo;

static int ahp_weights(ctx *c, const nqpf_weight_spec *spec, const colinfo *ci, double *w, nqpf_error *err)
{
    double *a = NULL;
    size_t na = 0;
    char **names = NULL;
    int rc = nqpf_ahp_read(spec->ahp_path, &a, &na, &names, err);
    if (rc)
        return rc;
    size_t *map = nqpf_alloc(ci->k, sizeof(size_t));
    unsigned char *used = nqpf_calloc(na, 1);
    double *sub = nqpf_alloc(ci->k * ci->k, sizeof(double));
    if (!map || !used || !sub) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t j = 0; j < ci->k; j++) {
        size_t hit = na;
        for (size_t q = 0; q < na && hit == na; q++)
            if (!strcmp(names[q], ci->name[j]) || (ci->alt && !strcmp(names[q], ci->alt[j])))
                hit = q;
        if (hit == na) {
            rc = nqpf_fail(err, NQPF_EINPUT, spec->ahp_path, 1, 0, "the AHP matrix has no row/column for '%s'",
                           ci->name[j]);
            goto done;
        }
        map[j] = hit;
        used[hit] = 1;
    }
    size_t unused = 0;
    for (size_t q = 0; q < na; q++)
        if (!used[q]) {
            unused++;
            int known = 0;
            for (size_t j = 0; j < c->n && !known; j++)
                known = !strcmp(names[q], c->s->ind[j].column) || !strcmp(names[q], c->s->ind[j].name);
            for (size_t d = 0; d < c->s->n_nodes && !known; d++)
                known = !strcmp(names[q], c->s->nodes[d].name);
            if (!known) {
                rc = nqpf_fail(err, NQPF_EINPUT, spec->ahp_path, 1, 0,
                               "the AHP matrix names '%s', which is neither an indicator nor a dimension", names[q]);
                goto done;
            }
            warn(c, "AHP matrix: '%s' is not weighted here (excluded or another level); using the sub-matrix",
                 names[q]);
        }
    for (size_t i = 0; i < ci->k; i++)
        for (size_t j = 0; j < ci->k; j++)
            sub[i * ci->k + j] = a[map[i] * na + map[j]];
    double lambda, cindex, ri, cr;
    if ((rc = nqpf_ahp(sub, ci->k, c->o->ahp_method, c->o->ri, w, &lambda, &cindex, &ri, &cr, err))) {
        nqpf_fail(err, rc, spec->ahp_path, 0, 0, "%s", err->msg);
        goto done;
    }
    if (cr > 0.1 && !c->o->allow_inconsistent) {
        rc = nqpf_fail(err, NQPF_EINPUT, spec->ahp_path, 0, 0,
                       "consistency ratio CR = %.4f > 0.1 (λmax = %.6g, CI = %.6g, RI = %.4g, %s table): the "
                       "judgements are inconsistent; revise them or pass --allow-inconsistent",
                       cr, lambda, cindex, ri, nqpf_ri_name(c->o->ri));
        goto done;
    }
    if (cr > 0.1)
        warn(c, "AHP matrix %s is inconsistent (CR > 0.1) but --allow-inconsistent was given", spec->ahp_path);
    /* record the diagnostics once per matrix */
    int seen = 0;
    for (size_t i = 0; i < c->r->n_ahp; i++)
        seen |= !strcmp(c->r->ahp[i].path, spec->ahp_path) && c->r->ahp[i].n == ci->k;
    if (!seen && c->r->n_ahp < 2) {
        nqpf_ahp_info *info = &c->r->ahp[c->r->n_ahp];
        if (!(info->path = nqpf_strdup(spec->ahp_path))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        info->n = ci->k;
        info->lambda_max = lambda;
        info->ci = cindex;
        info->ri = ri;
        info->cr = cr;
        c->r->n_ahp++;
    }
done:
    free(a);
    if (names)
        for (size_t q = 0; q < na; q++)
            free(names[q]);
    free(names);
    free(map);
    free(used);
    free(sub);
    return rc;
}

/* Weights of the k columns of z (m × k) by `spec`.  extra (k × NQPF_MAX_EXTRA,
 * may be NULL) receives the method's intermediates, named in *names. */
static int compute_weights(ctx *c, const nqpf_weight_spec *spec, const double *z, size_t m, const colinfo *ci,
                           double *w, double *extra, const char **names, size_t *n_extra, nqpf_error *err)
{
    size_t k = ci->k;
    double *t1 = NULL, *t2 = NULL, *t3 = NULL;
    int rc = NQPF_OK;
    *n_extra = 0;
    if (spec->kind == NQPF_W_ENTROPY || spec->kind == NQPF_W_CRITIC || spec->kind == NQPF_W_CV ||
        spec->kind == NQPF_W_COMBO || spec->kind == NQPF_W_PCA || spec->kind == NQPF_W_SD ||
        spec->kind == NQPF_W_MEREC) {
        t1 = malloc(k * sizeof(double));
        t2 = malloc(k * sizeof(double));
        t3 = malloc(k * sizeof(double));
        if (!t1 || !t2 || !t3) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
    }
    switch (spec->kind) {
    case NQPF_W_ENTROPY:
        if (c->o->normalize == NQPF_NORM_ZSCORE) {
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                           "entropy weights need non-negative normalised values: use --normalize minmax or ratio");
            goto done;
        }
        rc = c->zs.valid && z == c->p->x && k == c->n /* the pooled Z: its statistics are known */
                 ? nqpf_idx_entropy(z, m, k, c->zs.sum, c->zs.min, c->zs.max, w, t1, t2, err)
                 : nqpf_weights_entropy(z, m, k, w, t1, t2, err);
        names[0] = "e";
        names[1] = "d";
        *n_extra = 2;
        break;
    case NQPF_W_CRITIC:
        rc = nqpf_weights_critic(z, m, k, w, t1, t2, t3, err);
        names[0] = "sd";
        names[1] = "conflict";
        names[2] = "information";
        *n_extra = 3;
        break;
    case NQPF_W_CV:
        rc = nqpf_weights_cv(z, m, k, w, t1, t2, t3, err);
        names[0] = "mean";
        names[1] = "sd";
        names[2] = "cv";
        *n_extra = 3;
        break;
    case NQPF_W_EQUAL:
        nqpf_weights_equal(k, w);
        break;
    case NQPF_W_SD:
        rc = nqpf_weights_sd(z, m, k, w, t1, err);
        names[0] = "sd";
        *n_extra = 1;
        break;
    case NQPF_W_MEREC:
        rc = nqpf_weights_merec(z, m, k, w, t1, err);
        names[0] = "removal_effect";
        *n_extra = 1;
        break;
    case NQPF_W_PCA: {
        size_t used = 0;
        rc = nqpf_weights_pca(z, m, k, c->o->pca_share, w, t1, &used, err);
        if (!rc && k == c->n) {
            c->r->pca_k = used;
            memcpy(c->r->pca_eigval, t1, k * sizeof(double));
        }
        break;
    }
    case NQPF_W_FIXED: {
        double sum = 0;
        for (size_t j = 0; j < k; j++) {
            if (isnan(ci->fixed[j])) {
                rc = nqpf_fail(err, NQPF_EINPUT, c->s->path, 0, 0,
                               "--weights fixed needs a 'weight' for every indicator ('%s' has none)", ci->name[j]);
                goto done;
            }
            sum += ci->fixed[j];
        }
        if (!(sum > 0)) {
            rc = nqpf_fail(err, NQPF_EINPUT, c->s->path, 0, 0, "fixed weights sum to zero");
            goto done;
        }
        for (size_t j = 0; j < k; j++)
            w[j] = ci->fixed[j] / sum;
        break;
    }
    case NQPF_W_AHP:
        rc = ahp_weights(c, spec, ci, w, err);
        break;
    case NQPF_W_COMBO: {
        const char *nm[NQPF_MAX_EXTRA];
        size_t ne;
        if ((rc = compute_weights(c, spec->a, z, m, ci, t1, NULL, nm, &ne, err)) ||
            (rc = compute_weights(c, spec->b, z, m, ci, t2, NULL, nm, &ne, err)) ||
            (rc = nqpf_weights_combine(t1, t2, k, c->o->combo_mode, c->o->alpha, w, err)))
            goto done;
        names[0] = "w_first";
        names[1] = "w_second";
        *n_extra = 2;
        break;
    }
    }
    if (rc)
        goto done;
    if (extra)
        for (size_t j = 0; j < k; j++)
            for (size_t q = 0; q < NQPF_MAX_EXTRA; q++)
                extra[j * NQPF_MAX_EXTRA + q] = q == 0 && *n_extra > 0 ? t1[j]
                                                 : q == 1 && *n_extra > 1 ? t2[j]
                                                 : q == 2 && *n_extra > 2 ? t3[j]
                                                                          : NAN;
done:
    if (rc && err->col > 0 && (size_t)err->col <= k && !err->file[0])
        nqpf_fail(err, rc, NULL, 0, 0, "%s weights of '%s': %s", spec->text, ci->name[err->col - 1], err->msg);
    free(t1);
    free(t2);
    free(t3);
    return rc;
}

/* ---- stage 3: aggregation ---------------------------------------------- */

static int aggregate(const ctx *c, const double *z, size_t m, size_t k, const double *w, double *score,
                     nqpf_error *err)
{
    switch (c->o->aggregate) {
    case NQPF_AGG_WEIGHTED:
        nqpf_aggregate_weighted(z, m, k, w, score);
        return NQPF_OK;
    case NQPF_AGG_GEOMETRIC:
        return nqpf_aggregate_geometric(z, m, k, w, score, err);
    case NQPF_AGG_TOPSIS:
        return nqpf_topsis(z, m, k, w, score, NULL, NULL, err);
    case NQPF_AGG_GRA:
        return nqpf_gra(z, m, k, w, c->o->rho, score, err);
    case NQPF_AGG_VIKOR:
        return nqpf_vikor_score(z, m, k, w, c->o->vikor_v, score, err);
    }
    return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "unknown aggregation");
}

/* Block b's rows seen in the panel's storage: row_of(c, b, i) * n. */
static nqpf_rowview block_view(const ctx *c, size_t b, const size_t *cols)
{
    if (c->o->scope == NQPF_SCOPE_PANEL)
        return (nqpf_rowview){c->p->x, c->n, cols};
    return (nqpf_rowview){c->p->x + b * c->n, c->T * c->n, cols};
}

/* Column minima and maxima of block b, all n columns in one pass (every
 * node's sub-index needs its columns' extremes; min and max are exact in
 * any order, so the threads may share the scan). */
static int block_extremes(const ctx *c, size_t b, double *lo, double *hi, nqpf_error *err)
{
    size_t m = block_rows(c), n = c->n;
    nqpf_rowview v = block_view(c, b, NULL);
    int failed = 0;
    for (size_t q = 0; q < n; q++) {
        lo[q] = INFINITY;
        hi[q] = -INFINITY;
    }
#pragma omp parallel reduction(| : failed)
    {
        double *tlo = malloc(2 * n * sizeof(double)), *thi = tlo ? tlo + n : NULL;
        failed |= !tlo;
        for (size_t q = 0; tlo && q < n; q++) {
            tlo[q] = INFINITY;
            thi[q] = -INFINITY;
        }
#pragma omp for schedule(static)
        for (size_t i = 0; i < m; i++) {
            const double *row = v.z + i * v.ld;
            for (size_t q = 0; tlo && q < n; q++) {
                tlo[q] = row[q] < tlo[q] ? row[q] : tlo[q];
                thi[q] = row[q] > thi[q] ? row[q] : thi[q];
            }
        }
#pragma omp critical
        for (size_t q = 0; tlo && q < n; q++) {
            lo[q] = tlo[q] < lo[q] ? tlo[q] : lo[q];
            hi[q] = thi[q] > hi[q] ? thi[q] : hi[q];
        }
        free(tlo);
    }
    return failed ? nqpf_fail_nomem(err) : NQPF_OK;
}

/* A non-additive aggregation of the columns cols[0..k) of block b, scored
 * straight from the panel's storage against the block's column extremes
 * (zlo, zhi: all n columns) into out[i * stride]: a sub-index of a
 * 5-million-row panel needs neither a copy of its columns nor a pass of its
 * own for their extremes. */
static int node_aggregate(const ctx *c, size_t b, const size_t *cols, size_t k, const double *w, const double *zlo,
                          const double *zhi, double *out, size_t stride, nqpf_error *err)
{
    size_t m = block_rows(c);
    double *lo = malloc(k * sizeof(double)), *hi = malloc(k * sizeof(double));
    int vikor = c->o->aggregate == NQPF_AGG_VIKOR;
    double *S = vikor ? malloc(m * sizeof(double)) : NULL, *R = vikor ? malloc(m * sizeof(double)) : NULL;
    nqpf_rowview v = block_view(c, b, cols);
    int rc = NQPF_OK;
    if (!lo || !hi || (vikor && (!S || !R))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t q = 0; q < k; q++) {
        lo[q] = zlo[cols[q]];
        hi[q] = zhi[cols[q]];
    }
    switch (c->o->aggregate) {
    case NQPF_AGG_TOPSIS:
        rc = nqpf_topsis_ext(v, m, k, w, lo, hi, out, stride, NULL, NULL, err);
        break;
    case NQPF_AGG_GRA:
        rc = nqpf_gra_ext(v, m, k, w, c->o->rho, lo, hi, out, stride, err);
        break;
    case NQPF_AGG_VIKOR: /* S and R, then Q of the whole block */
        if (!(rc = nqpf_vikor_sr_ext(v, m, k, w, lo, hi, S, R, err)) &&
            !(rc = nqpf_vikor_q(S, R, m, c->o->vikor_v, S, err)))
            for (size_t i = 0; i < m; i++)
                out[i * stride] = 1.0 - S[i];
        break;
    default:
        rc = nqpf_aggregate_geometric_ext(v, m, k, w, out, stride, err);
    }
done:
    free(S);
    free(R);
    free(lo);
    free(hi);
    return rc;
}

/* VIKOR's S, R and Q of the total (the score is 1 - Q), kept for
 * scores.csv: srq[i*3 + 0..2]. */
static int vikor_srq(const ctx *c, const double *z, size_t m, size_t k, const double *w, double *srq,
                     nqpf_error *err)
{
    double *S = malloc((3 * m + 1) * sizeof *S), *R = S + m, *Q = S + 2 * m;
    int rc = !S ? nqpf_fail_nomem(err) : nqpf_vikor(z, m, k, w, c->o->vikor_v, S, R, Q, err);
    for (size_t i = 0; !rc && i < m; i++)
        srq[i * 3] = S[i], srq[i * 3 + 1] = R[i], srq[i * 3 + 2] = Q[i];
    free(S);
    return rc;
}

/* One block: weights (flat or hierarchical), total and node scores. */
typedef struct block_out {
    double *w;       /* n: weights by indicator (0 for excluded) */
    double *extra;   /* n × NQPF_MAX_EXTRA */
    double *score;   /* block rows */
    double *node;    /* block rows × n_nodes, or NULL */
    double *srq;     /* vikor: block rows × 3 (S, R, Q of the total), or NULL */
    const char *extra_names[NQPF_MAX_EXTRA];
    size_t n_extra;
} block_out;

static void fill_colinfo(const ctx *c, const size_t *cols, size_t k, const char **name, const char **alt,
                         double *fixed, colinfo *ci)
{
    for (size_t j = 0; j < k; j++) {
        name[j] = c->s->ind[cols[j]].column;
        alt[j] = c->s->ind[cols[j]].name;
        fixed[j] = c->s->ind[cols[j]].weight;
    }
    ci->k = k;
    ci->name = name;
    ci->alt = alt;
    ci->fixed = fixed;
}

/* The columns of node d among the k active ones act[0..k) into sub, their
 * weights (wglob: by indicator) into wn; returns the weights' sum. */
static double node_columns(const ctx *c, size_t d, const size_t *act, size_t k, const double *wglob, size_t *sub,
                           double *wn, size_t *ks)
{
    double wsum = 0;
    size_t q = 0;
    for (size_t j = 0; j < k; j++)
        if (nqpf_system_node_within(c->s, c->s->ind[act[j]].node, d)) {
            sub[q] = act[j];
            wn[q] = wglob[act[j]];
            wsum += wn[q++];
        }
    *ks = q;
    return wsum;
}

/* TOPSIS of the total and of every node of the pooled panel z (m x k, every
 * column: act is the identity) in one pass, with the columns' extremes into
 * zlo/zhi.  Non-zero on any failure, with nothing reported: the caller then
 * runs the separate calls, which report it. */
static int fused_topsis(const ctx *c, const double *z, size_t m, size_t k, const size_t *act, const double *w,
                        block_out *bo, double *zlo, double *zhi)
{
    size_t NN = c->s->n_nodes, n = c->n;
    nqpf_idx_node *node = malloc(NN * sizeof *node);
    size_t *cols = malloc(NN * n * sizeof *cols);
    double *wlh = malloc(3 * NN * n * sizeof *wlh);
    nqpf_error err;
    int rc = !node || !cols || !wlh ? NQPF_ENOMEM : NQPF_OK;
    if (!rc && c->zs.valid) {
        memcpy(zlo, c->zs.min, k * sizeof *zlo);
        memcpy(zhi, c->zs.max, k * sizeof *zhi);
    } else if (!rc) {
        rc = nqpf_idx_colscan(z, m, k, NULL, zlo, zhi, &err);
    }
    for (size_t d = 0; !rc && d < NN; d++) {
        double *wn = wlh + 3 * d * n, *lo = wn + n, *hi = lo + n;
        size_t ks;
        double wsum = node_columns(c, d, act, k, bo->w, cols + d * n, wn, &ks);
        node[d].k = ks == 0 || !(wsum > 0) ? 0 : ks; /* as below: a NaN sub-index */
        for (size_t q = 0; q < node[d].k; q++) {
            wn[q] /= wsum;
            lo[q] = zlo[cols[d * n + q]];
            hi[q] = zhi[cols[d * n + q]];
        }
        node[d] = (nqpf_idx_node){node[d].k, cols + d * n, wn, lo, hi};
    }
    if (!rc)
        rc = nqpf_idx_topsis_nodes(z, m, k, w, zlo, zhi, bo->score, node, NN, bo->node);
    free(node);
    free(cols);
    free(wlh);
    return rc;
}

static int run_block(ctx *c, size_t b, const nqpf_weight_spec *wspec, int hierarchical, block_out *bo,
                     nqpf_error *err)
{
    const nqpf_system *s = c->s;
    size_t n = c->n, m = block_rows(c), D = 0;
    size_t *act = malloc(n * sizeof(size_t)), *sub = malloc(n * sizeof(size_t));
    const char **nm = malloc(n * sizeof(char *)), **alt = malloc(n * sizeof(char *));
    double *fixed = malloc(n * sizeof(double)), *wa = malloc(n * sizeof(double));
    double *ex = malloc(n * NQPF_MAX_EXTRA * sizeof(double));
    double *z = NULL, *dimscore = NULL, *wd = NULL, *zlo = NULL;
    size_t *dims = NULL;
    int owned = 0, rc = NQPF_OK;
    if (!act || !sub || !nm || !alt || !fixed || !wa || !ex) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    size_t k = 0;
    for (size_t j = 0; j < n; j++)
        if (!c->r->excluded[b * n + j])
            act[k++] = j;
    if (k == 0) {
        rc = nqpf_fail(err, NQPF_EMATH, c->p->path, 0, 0, "no indicator varies in %s", block_name(c, b));
        goto done;
    }
    for (size_t j = 0; j < n; j++) {
        bo->w[j] = 0;
        for (size_t q = 0; q < NQPF_MAX_EXTRA; q++)
            bo->extra[j * NQPF_MAX_EXTRA + q] = NAN;
    }
    if ((rc = block_matrix(c, b, act, k, &z, &owned, err)))
        goto done;
    colinfo ci;
    const char *xn[NQPF_MAX_EXTRA] = {0};
    size_t nx = 0;
    if (!hierarchical) {
        fill_colinfo(c, act, k, nm, alt, fixed, &ci);
        if ((rc = compute_weights(c, wspec, z, m, &ci, wa, ex, xn, &nx, err)))
            goto done;
        for (size_t j = 0; j < k; j++) {
            bo->w[act[j]] = wa[j];
            memcpy(&bo->extra[act[j] * NQPF_MAX_EXTRA], &ex[j * NQPF_MAX_EXTRA], NQPF_MAX_EXTRA * sizeof(double));
        }
    } else {
        /* within each dimension, then across the dimensions' scores */
        dims = malloc(s->n_nodes * sizeof(size_t));
        dimscore = nqpf_alloc(m * s->n_nodes, sizeof(double));
        wd = malloc(s->n_nodes * sizeof(double));
        if (!dims || !dimscore || !wd) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t d = 0; d < s->n_nodes; d++) {
            if (s->nodes[d].level != 0)
                continue;
            size_t ks = 0;
            for (size_t j = 0; j < k; j++)
                if (s->ind[act[j]].dimension == d)
                    sub[ks++] = j; /* positions within act */
            if (ks == 0) {
                warn(c, "dimension '%s' has no varying indicator in %s: left out", s->nodes[d].name, block_name(c, b));
                continue;
            }
            size_t *cols = malloc(ks * sizeof(size_t));
            double *zsub = malloc(m * ks * sizeof(double));
            if (!cols || !zsub) {
                free(cols);
                free(zsub);
                rc = nqpf_fail_nomem(err);
                goto done;
            }
            for (size_t q = 0; q < ks; q++)
                cols[q] = act[sub[q]];
            for (size_t i = 0; i < m; i++)
                for (size_t q = 0; q < ks; q++)
                    zsub[i * ks + q] = z[i * k + sub[q]];
            fill_colinfo(c, cols, ks, nm, alt, fixed, &ci);
            rc = compute_weights(c, wspec, zsub, m, &ci, wa, ex, xn, &nx, err);
            if (!rc)
                for (size_t i = 0; i < m; i++) {
                    double sum = 0;
                    for (size_t q = 0; q < ks; q++)
                        sum += wa[q] * zsub[i * ks + q];
                    dimscore[i * s->n_nodes + D] = sum;
                }
            for (size_t q = 0; q < ks && !rc; q++) {
                bo->w[cols[q]] = wa[q];
                memcpy(&bo->extra[cols[q] * NQPF_MAX_EXTRA], &ex[q * NQPF_MAX_EXTRA], NQPF_MAX_EXTRA * sizeof(double));
            }
            free(cols);
            free(zsub);
            if (rc)
                goto done;
            dims[D++] = d;
        }
        /* dimension weights from the m × D matrix of within-dimension scores */
        double *sm = malloc(m * D * sizeof(double));
        const char **dn = malloc(D * sizeof(char *));
        double *dfix = malloc(D * sizeof(double));
        if (!sm || !dn || !dfix) {
            free(sm);
            free(dn);
            free(dfix);
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t i = 0; i < m; i++)
            for (size_t q = 0; q < D; q++)
                sm[i * D + q] = dimscore[i * s->n_nodes + q];
        for (size_t q = 0; q < D; q++) {
            dn[q] = s->nodes[dims[q]].name;
            dfix[q] = 0;
            for (size_t j = 0; j < k; j++)
                if (s->ind[act[j]].dimension == dims[q])
                    dfix[q] += isnan(s->ind[act[j]].weight) ? NAN : s->ind[act[j]].weight;
        }
        colinfo cd = {D, dn, NULL, dfix};
        const nqpf_weight_spec *dspec = c->o->dim_weights ? c->o->dim_weights : wspec;
        size_t nxd;
        const char *xd[NQPF_MAX_EXTRA];
        if (D == 1)
            wd[0] = 1.0;
        else
            rc = compute_weights(c, dspec, sm, m, &cd, wd, NULL, xd, &nxd, err);
        free(sm);
        free(dn);
        free(dfix);
        if (rc)
            goto done;
        for (size_t j = 0; j < n; j++)
            for (size_t q = 0; q < D; q++)
                if (s->ind[j].dimension == dims[q])
                    bo->w[j] *= wd[q];
        for (size_t j = 0; j < n; j++)
            for (size_t q = 0; q < D; q++)
                if (s->ind[j].dimension == dims[q] && !c->r->excluded[b * n + j])
                    bo->extra[j * NQPF_MAX_EXTRA + 3] = wd[q];
        xn[3] = "dimension_weight";
        nx = 4;
    }
    for (size_t q = 0; q < NQPF_MAX_EXTRA; q++)
        bo->extra_names[q] = q < nx ? xn[q] : NULL;
    bo->n_extra = nx;
    /* total score; when z is the panel itself (every column), TOPSIS hands
     * back the columns' extremes for the sub-indices below */
    for (size_t j = 0; j < k; j++)
        wa[j] = bo->w[act[j]];
    int nodes_ext = bo->node && c->o->aggregate != NQPF_AGG_WEIGHTED; /* nodes need their columns' extremes */
    if (nodes_ext && !(zlo = malloc(2 * n * sizeof(double)))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    int shared = nodes_ext && !owned && c->o->aggregate == NQPF_AGG_TOPSIS;
    /* the total and the nodes in one pass; on any failure the calls below
     * run one by one and report it as they always did */
    int fused = shared && fused_topsis(c, z, m, k, act, wa, bo, zlo, zlo + n) == NQPF_OK;
    if (!fused && (rc = shared ? nqpf_topsis_extremes(z, m, k, wa, bo->score, zlo, zlo + n, err)
                               : aggregate(c, z, m, k, wa, bo->score, err)))
        goto done;
    if (nodes_ext && !shared && (rc = block_extremes(c, b, zlo, zlo + n, err)))
        goto done;
    if (bo->srq && (rc = vikor_srq(c, z, m, k, wa, bo->srq, err)))
        goto done;
    /* node (dimension and sub-dimension) scores */
    if (bo->node && !fused) {
        size_t NN = s->n_nodes;
        const double *zhi = zlo ? zlo + n : NULL;
        for (size_t d = 0; d < NN && !rc; d++) {
            size_t ks;
            double wsum = node_columns(c, d, act, k, bo->w, sub, wa, &ks);
            if (ks == 0 || !(wsum > 0)) {
                for (size_t i = 0; i < m; i++)
                    bo->node[i * NN + d] = NAN;
            } else if (c->o->aggregate == NQPF_AGG_WEIGHTED) {
                /* additive contributions: dimension scores sum to the total */
                nqpf_aggregate_weighted_ext(block_view(c, b, sub), m, ks, wa, bo->node + d, NN);
            } else {
                for (size_t q = 0; q < ks; q++)
                    wa[q] /= wsum;
                rc = node_aggregate(c, b, sub, ks, wa, zlo, zhi, bo->node + d, NN, err);
            }
        }
    }
done:
    if (owned)
        free(z);
    free(zlo);
    free(act);
    free(sub);
    free(nm);
    free(alt);
    free(fixed);
    free(wa);
    free(ex);
    free(dims);
    free(dimscore);
    free(wd);
    return rc;
}

/* Run every block with one weighting; scores go to score[u*T+t] (stride 1)
 * or, for robustness, score[(u*T+t)*stride + off]. */
static int run_all_blocks(ctx *c, const nqpf_weight_spec *wspec, int hierarchical, int keep_details,
                          double *score, size_t stride, size_t off, nqpf_error *err)
{
    size_t n = c->n, m = block_rows(c), NN = c->s->n_nodes;
    block_out bo;
    /* With one pooled block the block's rows are the panel's rows: write the
     * scores straight into the result (no second copy of 5M-row arrays). */
    int direct = c->o->scope == NQPF_SCOPE_PANEL && stride == 1;
    bo.w = malloc(n * sizeof(double));
    bo.extra = malloc(n * NQPF_MAX_EXTRA * sizeof(double));
    bo.score = direct ? score : malloc(m * sizeof(double));
    bo.node = keep_details ? (direct ? c->r->node_score : nqpf_alloc(m * NN, sizeof(double))) : NULL;
    int srq = keep_details && c->r->vikor_srq;
    bo.srq = !srq ? NULL : direct ? c->r->vikor_srq : malloc(m * 3 * sizeof(double));
    int rc = NQPF_OK;
    if (!bo.w || !bo.extra || !bo.score || (keep_details && !bo.node) || (srq && !bo.srq)) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t b = 0; b < c->r->n_blocks; b++) {
        if ((rc = run_block(c, b, wspec, hierarchical, &bo, err)))
            goto done;
        for (size_t i = 0; i < m && !direct; i++) {
            size_t r = row_of(c, b, i);
            score[r * stride + off] = bo.score[i];
            if (keep_details)
                memcpy(&c->r->node_score[r * NN], &bo.node[i * NN], NN * sizeof(double));
            if (srq)
                memcpy(&c->r->vikor_srq[r * 3], &bo.srq[i * 3], 3 * sizeof(double));
        }
        if (keep_details) {
            c->r->n_extra = bo.n_extra;
            memcpy(c->r->extra_names, bo.extra_names, sizeof bo.extra_names);
            memcpy(&c->r->w[b * n], bo.w, n * sizeof(double));
            memcpy(&c->r->extra[b * n * NQPF_MAX_EXTRA], bo.extra, n * NQPF_MAX_EXTRA * sizeof(double));
        }
    }
done:
    free(bo.w);
    free(bo.extra);
    if (!direct) {
        free(bo.score);
        free(bo.node);
        free(bo.srq);
    }
    return rc;
}

/* Periods ranked together: their scores are RANK_GROUP neighbours in a
 * panel row (half a cache line), gathered in one pass over the score array;
 * ranking the periods one by one from the panel's order read every cache
 * line of the 40 MB array once per period (5,000,000 x 50).  Four, not
 * eight: 50 periods make 13 groups, not 7, so two threads share them more
 * evenly (7 + 6 rather than 4 + 3), and each thread's buffer (fresh memory,
 * paid for at its first touch) is half as big. */
#define RANK_GROUP 4

/* Ranks within each period; periods are independent, so groups of them are
 * ranked on all threads (each writes only its own periods' ranks: the same
 * result for any thread count). */
static int rank_periods(ctx *c, nqpf_error *err)
{
    size_t U = c->U, T = c->T, ng = (T + RANK_GROUP - 1) / RANK_GROUP;
    int failed = 0;
#pragma omp parallel reduction(| : failed)
    {
        nqpf_ranker rk;
        nqpf_error terr;
        double *x = nqpf_alloc_huge(RANK_GROUP * U, sizeof(double), NULL); /* scores, then their ranks in place */
        int ok = x && nqpf_ranker_init(&rk, U, &terr) == NQPF_OK;
        failed |= !ok;
#pragma omp for schedule(dynamic, 1)
        for (size_t g = 0; g < ng; g++) {
            size_t t0 = g * RANK_GROUP, G = t0 + RANK_GROUP <= T ? RANK_GROUP : T - t0;
            if (!ok)
                continue;
            for (size_t u = 0; u < U; u++)
                for (size_t q = 0; q < G; q++)
                    x[q * U + u] = c->r->score[u * T + t0 + q];
            for (size_t q = 0; q < G; q++)
                if (nqpf_ranker_rank(&rk, x + q * U, 1, NQPF_RANK_MIN, x + q * U, 1, &terr))
                    failed = 1;
            for (size_t u = 0; u < U; u++)
                for (size_t q = 0; q < G; q++)
                    c->r->rank[u * T + t0 + q] = x[q * U + u];
        }
        if (x)
            nqpf_ranker_free(&rk);
        free(x);
    }
    if (failed) /* out of memory, or a NaN score (which the aggregation already reported) */
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "cannot rank the scores (out of memory or a missing score)");
    return NQPF_OK;
}

static int robustness(ctx *c, nqpf_error *err)
{
    static const char *const schemes[] = {"entropy", "critic", "cv", "equal", "pca"};
    const size_t ns = sizeof schemes / sizeof *schemes;
    nqpf_index_result *r = c->r;
    /* the main scheme first, then the standard ones not equal to it */
    r->scheme_names = calloc(ns + 1, sizeof(char *));
    if (!r->scheme_names)
        return nqpf_fail_nomem(err);
    r->scheme_names[r->n_schemes++] = nqpf_strdup(c->o->weights->text);
    for (size_t q = 0; q < ns; q++)
        if (strcmp(schemes[q], c->o->weights->text) != 0 || c->o->hierarchical)
            r->scheme_names[r->n_schemes++] = nqpf_strdup(schemes[q]);
    for (size_t q = 0; q < r->n_schemes; q++)
        if (!r->scheme_names[q])
            return nqpf_fail_nomem(err);
    size_t S = r->n_schemes, rows = c->U * c->T;
    r->scheme_score = malloc(rows * S * sizeof(double));
    if (!r->scheme_score)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < rows; i++)
        r->scheme_score[i * S] = r->score[i];
    for (size_t q = 1; q < S; q++) {
        nqpf_weight_spec *ws = NULL;
        int rc = nqpf_weight_spec_parse(r->scheme_names[q], &ws, err);
        if (!rc)
            rc = run_all_blocks(c, ws, 0, 0, r->scheme_score, S, q, err);
        nqpf_weight_spec_free(ws);
        if (rc == NQPF_ENOMEM)
            return rc;
        if (rc) { /* a scheme that cannot run here is reported, not fatal */
            warn(c, "robustness: scheme '%s' failed: %s", r->scheme_names[q], err->msg);
            for (size_t i = 0; i < rows; i++)
                r->scheme_score[i * S + q] = NAN;
            nqpf_error_clear(err);
        }
    }
    return NQPF_OK;
}

int nqpf_index_compute(nqpf_panel *p, const nqpf_system *s, const nqpf_index_options *o,
                       nqpf_index_result *r, nqpf_error *err)
{
    memset(r, 0, sizeof *r);
    if (p->n_vars != s->n_ind)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "panel and system disagree on the indicators");
    if (!o->weights)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "no weighting method given");
    if (o->hierarchical && o->weights->kind == NQPF_W_AHP)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "with --hierarchical an AHP matrix compares dimensions: give it as --dim-weights ahp:FILE "
                         "and choose another method for the indicators within each dimension");
    ctx c = {p, s, o, r, p->n_units, p->n_periods, s->n_ind, {0, NULL, NULL, NULL}};
    /* without room for the statistics every consumer scans Z itself */
    if ((c.zs.sum = malloc(3 * (s->n_ind ? s->n_ind : 1) * sizeof(double)))) {
        c.zs.min = c.zs.sum + s->n_ind;
        c.zs.max = c.zs.min + s->n_ind;
    }
    r->panel = p;
    r->sys = s;
    r->n_ind = c.n;
    r->n_blocks = o->scope == NQPF_SCOPE_PANEL ? 1 : c.T;
    r->per_period = o->scope == NQPF_SCOPE_PERIOD;
    size_t rows = c.U * c.T, nb = r->n_blocks, n = c.n;
    r->w = calloc(nb * n, sizeof(double));
    r->extra = malloc(nb * n * NQPF_MAX_EXTRA * sizeof(double));
    r->excluded = calloc(nb * n, 1);
    /* fresh memory, first touched by the aggregation and the ranks: on huge
     * pages a 5,000,000-row panel's 200 MB fault 100 times, not 50,000 */
    r->score = nqpf_alloc_huge(rows, sizeof(double), NULL);
    r->rank = nqpf_alloc_huge(rows, sizeof(double), NULL);
    r->node_score = nqpf_alloc_huge(rows * s->n_nodes, sizeof(double), NULL);
    r->pca_eigval = calloc(n, sizeof(double));
    int vikor = o->aggregate == NQPF_AGG_VIKOR;
    r->vikor_srq = vikor ? nqpf_alloc(rows * 3, sizeof(double)) : NULL;
    if (!r->w || !r->extra || !r->excluded || !r->score || !r->rank || !r->node_score || !r->pca_eigval ||
        (vikor && !r->vikor_srq)) {
        free(c.zs.sum);
        nqpf_index_result_free(r);
        return nqpf_fail_nomem(err);
    }
    int rc = normalize_all(&c, err);
    if (!rc)
        rc = run_all_blocks(&c, o->weights, o->hierarchical, 1, r->score, 1, 0, err);
    if (!rc)
        rc = rank_periods(&c, err);
    if (!rc && o->robustness)
        rc = robustness(&c, err);
    free(c.zs.sum);
    if (rc)
        nqpf_index_result_free(r);
    return rc;
}

uint64_t nqpf_index_memory(size_t rows, size_t n_vars, int long_layout)
{
    uint64_t cells = long_layout ? (uint64_t)rows : (uint64_t)rows * n_vars;
    return cells * 8 * 5 / 4 + (uint64_t)rows * 48;
}
