/* nqpf — spatial weights: CSR construction, styles, lag and constants. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/spatial.h"
#include "nqpf/util.h"

void nqpf_weights_free(nqpf_weights *w)
{
    if (!w)
        return;
    if (w->id)
        for (size_t i = 0; i < w->n; i++)
            free(w->id[i]);
    free(w->id);
    if (w->name)
        for (size_t i = 0; i < w->n; i++)
            free(w->name[i]);
    free(w->name);
    nqpf_crosswalk_free(w->xw);
    nqpf_match_notes_free(w->notes, w->n_notes);
    free(w->off);
    free(w->nbr);
    free(w->w);
    free(w);
}

int nqpf_weights_carry(nqpf_weights *dst, const nqpf_weights *src, nqpf_error *err)
{
    if (src->name && dst->n == src->n) {
        if (!(dst->name = calloc(src->n ? src->n : 1, sizeof *dst->name)))
            return nqpf_fail_nomem(err);
        for (size_t i = 0; i < src->n; i++)
            if (src->name[i] && !(dst->name[i] = nqpf_strdup(src->name[i])))
                return nqpf_fail_nomem(err);
    }
    int rc = nqpf_crosswalk_copy(&dst->xw, src->xw, err);
    if (rc || !src->n_notes)
        return rc;
    if (!(dst->notes = calloc(src->n_notes, sizeof *dst->notes)))
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < src->n_notes; i++) {
        const nqpf_match_note *a = &src->notes[i];
        nqpf_match_note *b = &dst->notes[i];
        dst->n_notes = i + 1;
        b->how = a->how;
        if (!(b->unit = nqpf_strdup(a->unit)) || (a->feature && !(b->feature = nqpf_strdup(a->feature))) ||
            !(b->why = nqpf_strdup(a->why)))
            return nqpf_fail_nomem(err);
    }
    return NQPF_OK;
}

size_t nqpf_weights_card(const nqpf_weights *w, size_t i) { return w->off[i + 1] - w->off[i]; }

size_t nqpf_weights_islands(const nqpf_weights *w)
{
    size_t k = 0;
    for (size_t i = 0; i < w->n; i++)
        k += w->off[i + 1] == w->off[i];
    return k;
}

typedef struct edge {
    size_t from, to;
    double w;
} edge;

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return 0;
}

int nqpf_weights_from_edges(nqpf_weights **out, size_t n, char *const *ids, size_t n_edges,
                            const size_t *from, const size_t *to, const double *wt,
                            nqpf_error *err)
{
    *out = NULL;
    nqpf_weights *w = calloc(1, sizeof *w);
    edge *e = malloc((n_edges ? n_edges : 1) * sizeof *e);
    if (!w || !e)
        goto nomem;
    w->n = n;
    w->style = 'R';
    w->id = calloc(n ? n : 1, sizeof *w->id);
    w->off = calloc(n + 1, sizeof *w->off);
    w->nbr = malloc((n_edges ? n_edges : 1) * sizeof *w->nbr);
    w->w = malloc((n_edges ? n_edges : 1) * sizeof *w->w);
    if (!w->id || !w->off || !w->nbr || !w->w)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        if (!(w->id[i] = nqpf_strdup(ids[i])))
            goto nomem;
    for (size_t k = 0; k < n_edges; k++) {
        double v = wt ? wt[k] : 1.0;
        if (from[k] >= n || to[k] >= n) {
            nqpf_weights_free(w);
            free(e);
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "edge index out of range");
        }
        if (from[k] == to[k]) {
            nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "self-link of unit '%s' in the weights",
                      ids[from[k]]);
            goto fail;
        }
        if (!isfinite(v) || v < 0) {
            nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "weight %g of link %s -> %s is not a finite non-negative number",
                      v, ids[from[k]], ids[to[k]]);
            goto fail;
        }
        e[k].from = from[k];
        e[k].to = to[k];
        e[k].w = v;
    }
    qsort(e, n_edges, sizeof *e, cmp_edge);
    for (size_t k = 0; k < n_edges; k++) {
        if (k > 0 && e[k].from == e[k - 1].from && e[k].to == e[k - 1].to) {
            nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "link %s -> %s is listed twice",
                      ids[e[k].from], ids[e[k].to]);
            goto fail;
        }
        w->off[e[k].from + 1]++;
        w->nbr[k] = e[k].to;
        w->w[k] = e[k].w;
    }
    for (size_t i = 0; i < n; i++)
        w->off[i + 1] += w->off[i];
    free(e);
    *out = w;
    return NQPF_OK;
nomem:
    nqpf_weights_free(w);
    free(e);
    return nqpf_fail_nomem(err);
fail:
    nqpf_weights_free(w);
    free(e);
    return err->code;
}

/* Weights rebuilt from w keep what matching needs and the notes. */
static int carry_or_free(nqpf_weights **out, const nqpf_weights *w, nqpf_error *err)
{
    int rc = nqpf_weights_carry(*out, w, err);
    if (rc) {
        nqpf_weights_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Copy w's edges into arrays (helper for the transformations that rebuild). */
static int edges_of(const nqpf_weights *w, size_t extra, size_t **from, size_t **to, double **wt)
{
    size_t m = w->off[w->n] + extra;
    *from = malloc((m ? m : 1) * sizeof **from);
    *to = malloc((m ? m : 1) * sizeof **to);
    *wt = malloc((m ? m : 1) * sizeof **wt);
    if (!*from || !*to || !*wt) {
        free(*from);
        free(*to);
        free(*wt);
        return -1;
    }
    for (size_t i = 0; i < w->n; i++)
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
            (*from)[k] = i;
            (*to)[k] = w->nbr[k];
            (*wt)[k] = w->w[k];
        }
    return 0;
}

/* Data row of each weights unit (-1: none) by exact id. */
static int pos_exact(const nqpf_weights *w, char *const *ids, size_t n, const nqpf_strmap *dm, long *pos,
                     const char *data_path, const long *lines, nqpf_error *err)
{
    nqpf_strmap wm = {0};
    int rc = NQPF_OK;
    for (size_t i = 0; i < w->n && !rc; i++)
        if (nqpf_strmap_intern(&wm, w->id[i], strlen(w->id[i]), NULL) < 0)
            rc = nqpf_fail_nomem(err);
    for (size_t i = 0; i < n && !rc; i++)
        if (nqpf_strmap_find(&wm, ids[i], strlen(ids[i])) < 0)
            rc = nqpf_fail(err, NQPF_EINPUT, data_path, lines ? lines[i] : 0, 0,
                           "unit '%s' is in the data but not in the spatial weights", ids[i]);
    for (size_t i = 0; i < w->n && !rc; i++)
        pos[i] = nqpf_strmap_find(dm, w->id[i], strlen(w->id[i]));
    nqpf_strmap_free(&wm);
    return rc;
}

/* Data row of each weights unit through nqpf_units_match; a note on out
 * for every data unit not matched by its exact id. */
static int pos_matched(const nqpf_weights *w, char *const *ids, size_t n, long *pos, const char *data_path,
                       const long *lines, nqpf_match_note **notes, size_t *n_notes, nqpf_error *err)
{
    long *feat = malloc((n ? n : 1) * sizeof *feat);
    nqpf_match_how *how = malloc((n ? n : 1) * sizeof *how);
    char **why = calloc(n ? n : 1, sizeof *why);
    int rc = (!feat || !how || !why) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc)
        rc = nqpf_units_match(ids, n, w->id, w->name, w->n, w->xw, data_path, lines, feat, how, why, err);
    for (size_t k = 0; k < w->n; k++)
        pos[k] = -1;
    size_t m = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        if (feat[i] >= 0)
            pos[feat[i]] = (long)i;
        m += how[i] != NQPF_MATCH_ID;
    }
    if (!rc && m && !(*notes = calloc(m, sizeof **notes)))
        rc = nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < n; i++) {
        if (how[i] == NQPF_MATCH_ID)
            continue;
        nqpf_match_note *t = &(*notes)[(*n_notes)++];
        t->how = how[i];
        t->why = why[i];
        why[i] = NULL;
        if (!(t->unit = nqpf_strdup(ids[i])) || (feat[i] >= 0 && !(t->feature = nqpf_strdup(w->id[feat[i]]))))
            rc = nqpf_fail_nomem(err);
    }
    for (size_t i = 0; why && i < n; i++)
        free(why[i]);
    free(feat), free(how), free(why);
    return rc;
}

int nqpf_weights_align(nqpf_weights **out, const nqpf_weights *w, char *const *ids, size_t n,
                       int subset, const char *data_path, const long *lines, nqpf_error *err)
{
    *out = NULL;
    nqpf_strmap dm = {0};
    long *pos = NULL;       /* weights unit -> data row, or -1 */
    size_t *from = NULL, *to = NULL;
    double *wt = NULL;
    nqpf_match_note *notes = NULL;
    size_t n_notes = 0;
    int rc = NQPF_OK;
    for (size_t i = 0; i < n; i++) {
        int ins = 0;
        if (nqpf_strmap_intern(&dm, ids[i], strlen(ids[i]), &ins) < 0)
            goto nomem;
        if (!ins) {
            rc = nqpf_fail(err, NQPF_EINPUT, data_path, lines ? lines[i] : 0, 0,
                           "unit '%s' appears twice in the data (in one period)", ids[i]);
            goto done;
        }
    }
    pos = malloc((w->n ? w->n : 1) * sizeof *pos);
    if (!pos)
        goto nomem;
    if (w->name || w->xw)
        rc = pos_matched(w, ids, n, pos, data_path, lines, &notes, &n_notes, err);
    else
        rc = pos_exact(w, ids, n, &dm, pos, data_path, lines, err);
    if (rc)
        goto done;
    for (size_t i = 0; i < w->n; i++) {
        if (pos[i] < 0 && !subset) {
            rc = nqpf_fail(err, NQPF_EINPUT, data_path, 0, 0,
                           "unit '%s' of the spatial weights is not in the data "
                           "(use --subset-weights to drop such units)",
                           w->id[i]);
            goto done;
        }
    }
    if (edges_of(w, 0, &from, &to, &wt))
        goto nomem;
    size_t m = 0;
    for (size_t k = 0; k < w->off[w->n]; k++) {
        if (pos[from[k]] < 0 || pos[to[k]] < 0)
            continue;
        from[m] = (size_t)pos[from[k]];
        to[m] = (size_t)pos[to[k]];
        wt[m] = wt[k];
        m++;
    }
    rc = nqpf_weights_from_edges(out, n, ids, m, from, to, wt, err);
    if (rc == NQPF_OK) {
        (*out)->style = w->style;
        (*out)->notes = notes;
        (*out)->n_notes = n_notes;
        notes = NULL;
    }
    goto done;
nomem:
    rc = nqpf_fail_nomem(err);
done:
    nqpf_match_notes_free(notes, n_notes);
    nqpf_strmap_free(&dm);
    free(pos);
    free(from);
    free(to);
    free(wt);
    return rc;
}

int nqpf_weights_link_islands(nqpf_weights **out, const nqpf_weights *w, const double *x,
                              const double *y, nqpf_metric m, size_t *added, nqpf_error *err)
{
    *out = NULL;
    *added = 0;
    size_t n = w->n, isl = nqpf_weights_islands(w);
    size_t *from, *to;
    double *wt;
    if (edges_of(w, 2 * isl, &from, &to, &wt))
        return nqpf_fail_nomem(err);
    size_t e = w->off[n];
    for (size_t i = 0; i < n && n > 1; i++) {
        if (w->off[i + 1] != w->off[i])
            continue;
        size_t best = i;
        double bd = INFINITY;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            double d = nqpf_distance(m, x[i], y[i], x[j], y[j]);
            if (d < bd) {
                bd = d;
                best = j;
            }
        }
        if (best == i)
            continue;
        /* i -> best always; best -> i unless it is already there (best may
         * itself be an island that linked to i a moment ago). */
        int dup_fwd = 0, dup_back = 0;
        for (size_t k = w->off[n]; k < e; k++) {
            if (from[k] == i && to[k] == best)
                dup_fwd = 1;
            if (from[k] == best && to[k] == i)
                dup_back = 1;
        }
        if (!dup_fwd) {
            from[e] = i, to[e] = best, wt[e] = 1.0, e++;
        }
        if (!dup_back) {
            from[e] = best, to[e] = i, wt[e] = 1.0, e++;
        }
        (*added)++;
    }
    char **ids = w->id;
    int rc = nqpf_weights_from_edges(out, n, ids, e, from, to, wt, err);
    free(from);
    free(to);
    free(wt);
    return rc ? rc : carry_or_free(out, w, err);
}

int nqpf_weights_add_self(nqpf_weights **out, const nqpf_weights *w, nqpf_error *err)
{
    /* Built directly rather than through from_edges, which refuses
     * self-links (in an input file they are a mistake). */
    *out = NULL;
    size_t n = w->n, m = w->off[n] + n;
    nqpf_weights *r = calloc(1, sizeof *r);
    if (!r)
        return nqpf_fail_nomem(err);
    r->n = n;
    r->style = w->style;
    r->id = calloc(n ? n : 1, sizeof *r->id);
    r->off = calloc(n + 1, sizeof *r->off);
    r->nbr = malloc((m ? m : 1) * sizeof *r->nbr);
    r->w = malloc((m ? m : 1) * sizeof *r->w);
    if (!r->id || !r->off || !r->nbr || !r->w)
        goto nomem;
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(r->id[i] = nqpf_strdup(w->id[i])))
            goto nomem;
        int placed = 0;
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
            if (w->nbr[k] == i)
                continue; /* already self-linked: replaced by weight 1 */
            if (!placed && w->nbr[k] > i) {
                r->nbr[q] = i, r->w[q] = 1.0, q++;
                placed = 1;
            }
            r->nbr[q] = w->nbr[k], r->w[q] = w->w[k], q++;
        }
        if (!placed)
            r->nbr[q] = i, r->w[q] = 1.0, q++;
        r->off[i + 1] = q;
    }
    *out = r;
    return carry_or_free(out, w, err);
nomem:
    nqpf_weights_free(r);
    return nqpf_fail_nomem(err);
}

int nqpf_weights_transform(nqpf_weights *w, char style, nqpf_error *err)
{
    size_t n = w->n, m = w->off[n];
    double s0 = 0;
    /* Finite weights can still overflow: row sums, S0, S1 = sum (w_ij + w_ji)^2
     * and the spatial lags would be inf (edge weights of 1e308 gave an inf
     * Getis-Ord G and "all zero" W weights).  Their total is capped so that
     * every square and product stays finite. */
    double raw = 0;
    for (size_t k = 0; k < m; k++)
        raw += w->w[k];
    if (!isfinite(raw))
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                         "the sum of the spatial weights overflows a double (it may be at most %g): rescale them "
                         "(style W does not depend on their scale)", NQPF_WEIGHTS_MAX_SUM);
    if (raw > NQPF_WEIGHTS_MAX_SUM)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                         "the spatial weights add up to %g, more than %g: their squares and products would "
                         "overflow; rescale them (style W does not depend on their scale)", raw, NQPF_WEIGHTS_MAX_SUM);
    switch (style) {
    case 'B':
        break;
    case 'W':
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t k = w->off[i]; k < w->off[i + 1]; k++)
                s += w->w[k];
            if (s > 0)
                for (size_t k = w->off[i]; k < w->off[i + 1]; k++)
                    w->w[k] /= s;
        }
        break;
    case 'C':
    case 'U':
        for (size_t k = 0; k < m; k++)
            s0 += w->w[k];
        if (s0 > 0)
            for (size_t k = 0; k < m; k++)
                w->w[k] *= (style == 'C' ? (double)n : 1.0) / s0;
        break;
    case 'S':
        for (size_t i = 0; i < n; i++) {
            double q = 0;
            for (size_t k = w->off[i]; k < w->off[i + 1]; k++)
                q += w->w[k] * w->w[k];
            q = sqrt(q);
            if (q > 0)
                for (size_t k = w->off[i]; k < w->off[i + 1]; k++)
                    w->w[k] /= q;
        }
        for (size_t k = 0; k < m; k++)
            s0 += w->w[k];
        if (s0 > 0)
            for (size_t k = 0; k < m; k++)
                w->w[k] *= (double)n / s0;
        break;
    default:
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown weights style '%c' (W, B, C, U or S)",
                         style);
    }
    w->style = style;
    return NQPF_OK;
}

void nqpf_weights_lag(const nqpf_weights *w, const double *x, double *lag)
{
    for (size_t i = 0; i < w->n; i++) {
        double s = 0;
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++)
            s += w->w[k] * x[w->nbr[k]];
        lag[i] = s;
    }
}

/* w_ji by binary search in row j; *found says whether the link exists
 * (a stored zero weight is still a link). */
static double weight_back(const nqpf_weights *w, size_t i, size_t j, int *found)
{
    size_t lo = w->off[j], hi = w->off[j + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->nbr[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < w->off[j + 1] && w->nbr[lo] == i;
    return *found ? w->w[lo] : 0.0;
}

int nqpf_weights_constants(const nqpf_weights *w, nqpf_wconst *c, nqpf_error *err)
{
    size_t n = w->n;
    double *colsum = calloc(n ? n : 1, sizeof *colsum);
    if (!colsum)
        return nqpf_fail_nomem(err);
    double s0 = 0, s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++) {
            size_t j = w->nbr[k];
            int both;
            double a = w->w[k], b = weight_back(w, i, j, &both);
            s0 += a;
            colsum[j] += a;
            /* Pairs present both ways are visited twice: each visit adds half
             * of (a+b)^2; a one-way pair (b = 0) is visited once and adds
             * a^2, and 0.5*(a+0)^2*2 = a^2 is its full share over (i,j),(j,i). */
            s1 += both ? 0.5 * (a + b) * (a + b) : a * a;
        }
    for (size_t i = 0; i < n; i++) {
        double r = 0;
        for (size_t k = w->off[i]; k < w->off[i + 1]; k++)
            r += w->w[k];
        s2 += (r + colsum[i]) * (r + colsum[i]);
    }
    free(colsum);
    if (!isfinite(s0) || !isfinite(s1) || !isfinite(s2))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "the weights' constants overflow (S0 %g, S1 %g, S2 %g): rescale the weights", s0, s1, s2);
    c->s0 = s0;
    c->s1 = s1;
    c->s2 = s2;
    return NQPF_OK;
}

int nqpf_weights_lag_order(nqpf_weights **out, const nqpf_weights *w, size_t order, nqpf_error *err)
{
    *out = NULL;
    if (order < 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the neighbour order must be at least 1");
    size_t n = w->n, cap = 0, e = 0;
    size_t *dist = malloc((n ? n : 1) * sizeof *dist), *queue = malloc((n ? n : 1) * sizeof *queue);
    size_t *from = NULL, *to = NULL;
    int rc = NQPF_OK;
    if (!dist || !queue)
        goto nomem;
    for (size_t s = 0; s < n; s++) {
        for (size_t i = 0; i < n; i++)
            dist[i] = (size_t)-1;
        size_t head = 0, tail = 0;
        dist[s] = 0;
        queue[tail++] = s;
        while (head < tail) {
            size_t u = queue[head++];
            if (dist[u] == order)
                continue; /* no need to look further out */
            for (size_t k = w->off[u]; k < w->off[u + 1]; k++) {
                size_t v = w->nbr[k];
                if (dist[v] != (size_t)-1)
                    continue;
                dist[v] = dist[u] + 1;
                queue[tail++] = v;
                if (dist[v] == order) {
                    size_t old = cap;
                    if (nqpf_grow((void **)&from, &cap, e + 1, sizeof *from))
                        goto nomem;
                    if (cap != old) { /* `to` grows in step with `from` */
                        size_t *t2 = realloc(to, cap * sizeof *t2);
                        if (!t2)
                            goto nomem;
                        to = t2;
                    }
                    from[e] = s;
                    to[e] = v;
                    e++;
                }
            }
        }
    }
    rc = nqpf_weights_from_edges(out, n, w->id, e, from, to, NULL, err);
    if (!rc)
        rc = carry_or_free(out, w, err);
    goto done;
nomem:
    rc = nqpf_fail_nomem(err);
done:
    free(dist), free(queue), free(from), free(to);
    return rc;
}
