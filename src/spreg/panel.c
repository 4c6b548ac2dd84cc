/* nqpf spreg — arrange rows into a balanced, period-major panel. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/spreg.h"
#include "nqpf/util.h"

void nqpf_spreg_panel_free(nqpf_spreg_panel *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->unit && i < p->n; i++)
        free(p->unit[i]);
    for (size_t i = 0; p->period && i < p->t; i++)
        free(p->period[i]);
    for (size_t i = 0; p->xname && i < p->k; i++)
        free(p->xname[i]);
    free(p->unit), free(p->period), free(p->xname), free(p->y), free(p->x);
    free(p);
}

typedef struct per_key {
    const char *s;
    double v;
    size_t id;
} per_key;

static int cmp_per(const void *a, const void *b)
{
    const per_key *x = a, *y = b;
    if (x->v != y->v && !isnan(x->v) && !isnan(y->v))
        return x->v < y->v ? -1 : 1;
    return strcmp(x->s, y->s);
}

static long line_of(const long *lines, size_t r)
{
    return lines ? lines[r] : 0;
}

int nqpf_spreg_panel_build(nqpf_spreg_panel **out, size_t rows, char *const *unit, char *const *period,
                           const double *y, const double *x, size_t k, char *const *xname,
                           const char *path, const long *lines, nqpf_error *err)
{
    *out = NULL;
    if (rows == 0)
        return nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "no data rows");
    nqpf_strmap um = {0}, pm = {0};
    size_t *uid = nqpf_alloc(rows, sizeof *uid), *pid = nqpf_alloc(rows, sizeof *pid);
    size_t *prank = NULL, *seen = NULL;
    per_key *keys = NULL;
    nqpf_spreg_panel *p = calloc(1, sizeof *p);
    int rc = NQPF_OK;
    if (!uid || !pid || !p)
        goto nomem;
    for (size_t r = 0; r < rows; r++) {
        long a = nqpf_strmap_intern(&um, unit[r], strlen(unit[r]), NULL);
        const char *ps = period ? period[r] : "";
        long b = nqpf_strmap_intern(&pm, ps, strlen(ps), NULL);
        if (a < 0 || b < 0)
            goto nomem;
        uid[r] = (size_t)a, pid[r] = (size_t)b;
        if (!isfinite(y[r])) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, line_of(lines, r), 0, "the dependent variable is not a finite number");
            goto fail;
        }
        for (size_t j = 0; j < k; j++)
            if (!isfinite(x[j * rows + r])) {
                rc = nqpf_fail(err, NQPF_EINPUT, path, line_of(lines, r), 0, "regressor '%s' is not a finite number",
                               xname[j]);
                goto fail;
            }
    }
    size_t n = um.n, t = pm.n;
    p->n = n, p->t = t, p->k = k;
    /* periods sorted: numerically when every label is a number, else as text */
    keys = nqpf_alloc(t, sizeof *keys);
    prank = nqpf_alloc(t, sizeof *prank);
    if (!keys || !prank)
        goto nomem;
    int all_num = 1;
    for (size_t q = 0; q < t; q++) {
        keys[q].s = pm.keys[q];
        keys[q].id = q;
        if (nqpf_parse_cell(pm.keys[q], strlen(pm.keys[q]), &keys[q].v, NULL) != NQPF_CELL_NUMBER)
            all_num = 0;
    }
    for (size_t q = 0; q < t; q++)
        if (!all_num)
            keys[q].v = NAN;
    qsort(keys, t, sizeof *keys, cmp_per);
    for (size_t q = 0; q < t; q++)
        prank[keys[q].id] = q;
    /* a unit twice in a period, then one missing in some period (the cells are
     * checked before anything is copied, so the copy below needs no check) */
    seen = calloc(n * t, sizeof *seen);
    if (!seen)
        goto nomem;
    for (size_t r = 0; r < rows; r++) {
        size_t o = prank[pid[r]] * n + uid[r];
        if (seen[o]) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, line_of(lines, r), 0,
                           "unit '%s' appears twice in period '%s' (first at line %ld)", unit[r],
                           period ? period[r] : "", line_of(lines, seen[o] - 1));
            goto fail;
        }
        seen[o] = r + 1;
    }
    for (size_t o = 0; o < n * t; o++)
        if (!seen[o]) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, 0, 0,
                           "unbalanced panel: unit '%s' has no row for period '%s' (spreg needs every unit in every period)",
                           um.keys[o % n], keys[o / n].s);
            goto fail;
        }
    p->unit = calloc(n, sizeof *p->unit);
    p->period = calloc(t, sizeof *p->period);
    p->xname = calloc(k ? k : 1, sizeof *p->xname);
    p->y = nqpf_alloc(rows, sizeof *p->y);
    p->x = nqpf_alloc(k > 0 ? k * rows : 1, sizeof *p->x);
    if (!p->unit || !p->period || !p->xname || !p->y || !p->x)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        if (!(p->unit[i] = nqpf_strdup(um.keys[i])))
            goto nomem;
    for (size_t q = 0; q < t; q++)
        if (!(p->period[q] = nqpf_strdup(keys[q].s)))
            goto nomem;
    for (size_t j = 0; j < k; j++)
        if (!(p->xname[j] = nqpf_strdup(xname[j])))
            goto nomem;
    for (size_t r = 0; r < rows; r++) {
        size_t o = prank[pid[r]] * n + uid[r];
        p->y[o] = y[r];
        for (size_t j = 0; j < k; j++)
            p->x[j * rows + o] = x[j * rows + r];
    }
    free(uid), free(pid), free(prank), free(seen), free(keys);
    nqpf_strmap_free(&um), nqpf_strmap_free(&pm);
    *out = p;
    return NQPF_OK;
nomem:
    rc = nqpf_fail_nomem(err);
fail:
    free(uid), free(pid), free(prank), free(seen), free(keys);
    nqpf_strmap_free(&um), nqpf_strmap_free(&pm);
    nqpf_spreg_panel_free(p);
    return rc;
}
