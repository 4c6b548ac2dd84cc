/* nqpf — polygons from a GeoJSON FeatureCollection (for contiguity weights
 * and label points).  Only what weights need is kept: every ring vertex of
 * each feature, the label point and the centroid. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/json.h"
#include "nqpf/spatial.h"
#include "nqpf/util.h"

void nqpf_polygons_free(nqpf_polygons *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        if (p->id)
            free(p->id[i]);
        if (p->name)
            free(p->name[i]);
    }
    free(p->id);
    free(p->name);
    free(p->lx);
    free(p->ly);
    free(p->cx);
    free(p->cy);
    free(p->voff);
    free(p->vx);
    free(p->vy);
    nqpf_crosswalk_free(p->xw);
    free(p);
}

/* The crosswalk a map names (foreign member "nqpf_crosswalk", RFC 7946
 * section 6.1): a file in the GeoJSON's directory, so that the map and its
 * crosswalk travel (and install) together. */
int nqpf_geojson_crosswalk(nqpf_crosswalk **out, const nqpf_json *root, const char *path, nqpf_error *err)
{
    *out = NULL;
    const nqpf_json *x = nqpf_json_get(root, "nqpf_crosswalk");
    if (!x)
        return NQPF_OK;
    /* a bare file name: a map names a file beside it, never one elsewhere */
    if (x->type != NQPF_JSON_STRING || !*x->str || strchr(x->str, '/') || strchr(x->str, '\\') ||
        !strcmp(x->str, "..") || !strcmp(x->str, "."))
        return nqpf_fail(err, NQPF_EINPUT, path, x->line, x->col,
                         "GeoJSON: \"nqpf_crosswalk\" must name a CSV file beside the GeoJSON (no directory)");
    const char *slash = strrchr(path, '/');
    size_t dir = !slash ? 0 : (size_t)(slash - path) + 1;
    size_t len = dir + strlen(x->str) + 1;
    char *full = malloc(len);
    if (!full)
        return nqpf_fail_nomem(err);
    snprintf(full, len, "%.*s%s", (int)dir, path, x->str);
    int rc = nqpf_crosswalk_read(out, full, err);
    free(full);
    return rc;
}

typedef struct gctx {
    const char *path;
    nqpf_error *err;
    double *vx, *vy;
    size_t nv, cap;
    double best_area, cx, cy;  /* largest outer ring so far, and its centroid */
} gctx;

static int gfail(gctx *g, const nqpf_json *at, const char *what)
{
    return nqpf_fail(g->err, NQPF_EINPUT, g->path, at ? at->line : 0, at ? at->col : 0, "GeoJSON: %s",
                     what);
}

/* One linear ring: an array of positions [x, y, ...].  RFC 7946 asks for at
 * least 4, but simplified map data (the bundled provinces among them) has
 * degenerate 3-point rings; they are kept as vertices, with zero area. */
static int add_ring(gctx *g, const nqpf_json *ring, int outer)
{
    if (!ring || ring->type != NQPF_JSON_ARRAY || ring->len < 1)
        return gfail(g, ring, "a polygon ring must be a non-empty array of positions");
    double a2 = 0, sx = 0, sy = 0;
    for (size_t k = 0; k < ring->len; k++) {
        const nqpf_json *pt = &ring->item[k];
        if (pt->type != NQPF_JSON_ARRAY || pt->len < 2 || pt->item[0].type != NQPF_JSON_NUMBER ||
            pt->item[1].type != NQPF_JSON_NUMBER)
            return gfail(g, pt, "a position must be an array [x, y] of numbers");
        size_t old = g->cap;
        if (nqpf_grow((void **)&g->vx, &g->cap, g->nv + 1, sizeof *g->vx))
            return nqpf_fail_nomem(g->err);
        if (g->cap != old) { /* vy grows in step with vx (same capacity) */
            double *ny = realloc(g->vy, g->cap * sizeof *ny);
            if (!ny)
                return nqpf_fail_nomem(g->err);
            g->vy = ny;
        }
        g->vx[g->nv] = pt->item[0].number;
        g->vy[g->nv] = pt->item[1].number;
        g->nv++;
        if (k > 0) {
            const nqpf_json *q = &ring->item[k - 1];
            double x0 = q->item[0].number, y0 = q->item[1].number;
            double x1 = pt->item[0].number, y1 = pt->item[1].number;
            double c = x0 * y1 - x1 * y0;
            a2 += c;
            sx += (x0 + x1) * c;
            sy += (y0 + y1) * c;
        }
    }
    if (outer && a2 != 0 && fabs(a2) > g->best_area) {
        g->best_area = fabs(a2);
        g->cx = sx / (3 * a2);
        g->cy = sy / (3 * a2);
    }
    return NQPF_OK;
}

static int add_polygon(gctx *g, const nqpf_json *poly)
{
    if (!poly || poly->type != NQPF_JSON_ARRAY)
        return gfail(g, poly, "Polygon coordinates must be an array of rings");
    for (size_t r = 0; r < poly->len; r++) {
        int rc = add_ring(g, &poly->item[r], r == 0);
        if (rc)
            return rc;
    }
    return NQPF_OK;
}

static int id_text(const nqpf_json *v, char **out)
{
    char buf[64];
    if (v->type == NQPF_JSON_STRING) {
        *out = nqpf_strdup(v->str);
    } else if (v->type == NQPF_JSON_NUMBER) {
        if (v->number == floor(v->number) && fabs(v->number) < 1e15)
            snprintf(buf, sizeof buf, "%.0f", v->number);
        else
            snprintf(buf, sizeof buf, "%.17g", v->number);
        *out = nqpf_strdup(buf);
    } else {
        return 1;
    }
    return *out ? 0 : -1;
}

int nqpf_polygons_read_geojson(nqpf_polygons **out, const char *path, const char *id_field,
                               nqpf_error *err)
{
    *out = NULL;
    nqpf_json *root = NULL;
    int rc = nqpf_json_read_file(&root, path, err);
    if (rc)
        return rc;
    gctx g = {path, err, NULL, NULL, 0, 0, 0, 0, 0};
    nqpf_polygons *p = calloc(1, sizeof *p);
    nqpf_strmap seen = {0};
    const nqpf_json *feats = nqpf_json_get(root, "features");
    if (!p) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if (!feats || feats->type != NQPF_JSON_ARRAY || feats->len == 0) {
        rc = gfail(&g, root, "expected a FeatureCollection with a non-empty \"features\" array");
        goto done;
    }
    size_t n = feats->len;
    p->id = calloc(n, sizeof *p->id);
    p->name = calloc(n, sizeof *p->name);
    p->lx = malloc(n * sizeof *p->lx);
    p->ly = malloc(n * sizeof *p->ly);
    p->cx = malloc(n * sizeof *p->cx);
    p->cy = malloc(n * sizeof *p->cy);
    p->voff = calloc(n + 1, sizeof *p->voff);
    if (!p->id || !p->name || !p->lx || !p->ly || !p->cx || !p->cy || !p->voff) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const nqpf_json *f = &feats->item[i];
        const nqpf_json *props = nqpf_json_get(f, "properties");
        const nqpf_json *idv = nqpf_json_get(props, id_field);
        if (!idv)
            idv = strcmp(id_field, "id") == 0 ? nqpf_json_get(f, "id") : NULL;
        p->n = i + 1; /* so that free() releases what this feature allocates */
        if (!idv) {
            char m[300];
            snprintf(m, sizeof m, "feature %zu has no property \"%s\" (see --id-field)", i + 1, id_field);
            rc = gfail(&g, f, m);
            goto done;
        }
        int r = id_text(idv, &p->id[i]);
        if (r) {
            rc = r < 0 ? nqpf_fail_nomem(err) : gfail(&g, idv, "the id must be a string or a number");
            goto done;
        }
        int ins = 0;
        if (nqpf_strmap_intern(&seen, p->id[i], strlen(p->id[i]), &ins) < 0) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        if (!ins) {
            char m[300];
            snprintf(m, sizeof m, "duplicate id '%.200s'", p->id[i]);
            rc = gfail(&g, idv, m);
            goto done;
        }
        const nqpf_json *nm = nqpf_json_get(props, "name");
        if (nm && nm->type == NQPF_JSON_STRING && !(p->name[i] = nqpf_strdup(nm->str))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        const nqpf_json *geom = nqpf_json_get(f, "geometry");
        g.best_area = 0;
        g.cx = g.cy = NAN;
        if (geom && geom->type != NQPF_JSON_NULL) {
            const nqpf_json *type = nqpf_json_get(geom, "type");
            const nqpf_json *coords = nqpf_json_get(geom, "coordinates");
            if (!type || type->type != NQPF_JSON_STRING || !coords) {
                rc = gfail(&g, geom, "geometry needs \"type\" and \"coordinates\"");
                goto done;
            }
            if (strcmp(type->str, "Polygon") == 0) {
                rc = add_polygon(&g, coords);
            } else if (strcmp(type->str, "MultiPolygon") == 0) {
                if (coords->type != NQPF_JSON_ARRAY)
                    rc = gfail(&g, coords, "MultiPolygon coordinates must be an array of polygons");
                for (size_t k = 0; !rc && k < coords->len; k++)
                    rc = add_polygon(&g, &coords->item[k]);
            } else {
                rc = gfail(&g, type, "only Polygon and MultiPolygon geometries give contiguity");
            }
            if (rc)
                goto done;
        }
        p->voff[i + 1] = g.nv;
        p->cx[i] = g.cx;
        p->cy[i] = g.cy;
        const nqpf_json *cp = nqpf_json_get(props, "cp");
        if (cp && cp->type == NQPF_JSON_ARRAY && cp->len >= 2 && cp->item[0].type == NQPF_JSON_NUMBER &&
            cp->item[1].type == NQPF_JSON_NUMBER) {
            p->lx[i] = cp->item[0].number;
            p->ly[i] = cp->item[1].number;
        } else {
            p->lx[i] = g.cx;
            p->ly[i] = g.cy;
        }
    }
    if ((rc = nqpf_geojson_crosswalk(&p->xw, root, path, err)))
        goto done;
    p->vx = g.vx;
    p->vy = g.vy;
    g.vx = g.vy = NULL;
    *out = p;
    p = NULL;
done:
    nqpf_json_free(root);
    nqpf_strmap_free(&seen);
    nqpf_polygons_free(p);
    free(g.vx);
    free(g.vy);
    return rc;
}
