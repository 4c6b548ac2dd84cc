/* nqpf CLI — shared spatial plumbing (see spatial_cli.h). */
#include "spatial_cli.h"

#include <ctype.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "commands.h"
#include "nqpf/panel.h"
#include "nqpf/util.h"

void spatial_cli_from(spatial_cli *s, const nqpf_optval *v, int force)
{
    memset(s, 0, sizeof *s);
    s->geojson = v[NQPF_SP_GEOJSON].text;
    s->id_field = v[NQPF_SP_ID_FIELD].text;
    s->contiguity = v[NQPF_SP_CONTIGUITY].seen ? v[NQPF_SP_CONTIGUITY].text : NULL;
    s->snap = v[NQPF_SP_SNAP].num;
    s->knn = v[NQPF_SP_KNN].seen ? v[NQPF_SP_KNN].z : SIZE_MAX;
    s->band = v[NQPF_SP_BAND].seen ? v[NQPF_SP_BAND].num : NAN;
    s->power = v[NQPF_SP_POWER].seen ? v[NQPF_SP_POWER].num : 0;
    s->coords = v[NQPF_SP_COORDS].text;
    s->centroid = (int)v[NQPF_SP_CENTROIDS].i;
    s->metric = v[NQPF_SP_METRIC].text;
    s->weights = v[NQPF_SP_WEIGHTS].text;
    s->style = v[NQPF_SP_STYLE].seen ? v[NQPF_SP_STYLE].text : NULL;
    s->row_std = (int)v[NQPF_SP_ROW_STD].i;
    s->no_row_std = (int)v[NQPF_SP_NO_ROW_STD].i;
    s->order = v[NQPF_SP_ORDER].z;
    s->link_islands = (int)v[NQPF_SP_LINK_ISLANDS].i;
    s->subset = (int)v[NQPF_SP_SUBSET].i;
    s->force = force;
}

void spatial_data_free(spatial_data *d)
{
    for (size_t j = 0; j < 4; j++)
        free(d->more_name[j]);
    nqpf_coltable_free(d->own);
    free(d->value);
    free(d->group);
    free(d->goff);
    free(d->rows);
    memset(d, 0, sizeof *d);
}

/* The rows grouped by period code (code + 1 of KEY column pc, 0 for an
 * empty cell or without a period column), groups in order of first
 * appearance, labelled by their text. */
static int group_rows(spatial_data *d, long pc, nqpf_error *err)
{
    const nqpf_column *p = pc >= 0 ? &d->ct->col[pc] : NULL;
    size_t n = d->n_rows, np = p ? p->n_levels : 0, ng = 0;
    size_t *gid = malloc(n * sizeof *gid), *gmap = malloc((np + 1) * sizeof *gmap), *cnt = NULL;
    d->rows = malloc(n * sizeof *d->rows);
    d->group = malloc((np + 1) * sizeof *d->group);
    int rc = !gid || !gmap || !d->rows || !d->group ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t g = 0; !rc && g <= np; g++)
        gmap[g] = SIZE_MAX;
    for (size_t i = 0; !rc && i < n; i++) {
        size_t c = p ? (size_t)(p->code[i] + 1) : 0;
        if (gmap[c] == SIZE_MAX) {
            d->group[ng] = c ? p->levels[c - 1] : "";
            gmap[c] = ng++;
        }
        gid[i] = gmap[c];
    }
    d->n_groups = ng;
    if (!rc && (!(d->goff = calloc(ng + 1, sizeof *d->goff)) || !(cnt = calloc(ng, sizeof *cnt))))
        rc = nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < n; i++)
        d->goff[gid[i] + 1]++;
    for (size_t g = 0; !rc && g < ng; g++)
        d->goff[g + 1] += d->goff[g];
    for (size_t i = 0; !rc && i < n; i++)
        d->rows[d->goff[gid[i]] + cnt[gid[i]]++] = i;
    free(gid), free(gmap), free(cnt);
    return rc;
}

/* The requests: unit, period, value, then the further columns, optional
 * (a header without one is worded when the command asks for it, as when it
 * was read on request). */
static size_t requests(const char *unit, const char *value, const char *period, int allow_missing,
                       const spatial_more *more, nqpf_colspec *want, unsigned char *optional, long *pc)
{
    size_t k = 0;
    memset(optional, 0, 7);
    want[k++] = (nqpf_colspec){unit, NQPF_COL_KEY, 0, NULL};
    *pc = period ? (long)k : -1;
    if (period)
        want[k++] = (nqpf_colspec){period, NQPF_COL_KEY, 0, NULL};
    if (value)
        want[k++] = (nqpf_colspec){value, NQPF_COL_NUMBER, !allow_missing, NULL};
    for (size_t j = 0; more && j < more->n; j++) {
        optional[k] = 1;
        want[k++] = (nqpf_colspec){more->name[j], more->type[j],
                                   more->type[j] == NQPF_COL_NUMBER && !more->allow_missing[j], NULL};
    }
    return k;
}

/* The further columns' names and whether a missing cell of each was an
 * error, for `further`; they start at column more_at of d->ct. */
static int keep_more(spatial_data *d, size_t more_at, const spatial_more *more, nqpf_error *err)
{
    d->more_at = more_at;
    for (size_t j = 0; more && j < more->n; j++) {
        d->more_required[j] = more->type[j] == NQPF_COL_NUMBER && !more->allow_missing[j];
        if (!(d->more_name[j] = nqpf_strdup(more->name[j])))
            return nqpf_fail_nomem(err);
    }
    return NQPF_OK;
}

int spatial_data_read(spatial_data *d, const char *path, const char *unit, const char *value,
                      const char *period, int allow_missing, const spatial_more *more, nqpf_error *err)
{
    memset(d, 0, sizeof *d);
    if (more && more->n > 4)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "spatial_data_read: at most 4 further columns");
    nqpf_colspec want[7];
    unsigned char optional[7];
    long pc;
    size_t k = requests(unit, value, period, allow_missing, more, want, optional, &pc);
    int rc = keep_more(d, k - (more ? more->n : 0), more, err);
    nqpf_coltable_spec sp = {.path = path, .encoding = NQPF_ENC_AUTO, .cols = want, .n_cols = k,
                             .optional = optional};
    if (rc || (rc = nqpf_coltable_read(&d->own, &sp, err)))
        goto done;
    nqpf_coltable *ct = d->own;
    d->ct = ct;
    size_t n = ct->n_rows;
    d->path = ct->path, d->n_rows = n, d->line = ct->line, d->ucol = (size_t)ct->col[0].file_col - 1;
    if (n == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "no data rows");
        goto done;
    }
    if (value) {
        d->value = ct->col[d->more_at - 1].num;
        ct->col[d->more_at - 1].num = NULL;
    } else if (!(d->value = malloc(n * sizeof *d->value))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (ct->col[0].code[i] < 0) {
            rc = nqpf_fail(err, NQPF_EMISSING, path, d->line[i], (long)d->ucol + 1, "empty unit id");
            goto done;
        }
    rc = group_rows(d, pc, err);
done:
    if (rc)
        spatial_data_free(d);
    return rc;
}

int spatial_data_of_coltable(spatial_data *d, const nqpf_coltable *ct, const spatial_more *more, nqpf_error *err)
{
    memset(d, 0, sizeof *d);
    size_t nm = more ? more->n : 0;
    if (nm > 4 || nm >= ct->n_cols)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "spatial_data_of_coltable: bad further columns");
    int rc = keep_more(d, ct->n_cols - nm, more, err);
    if (rc) {
        spatial_data_free(d);
        return rc;
    }
    d->ct = ct;
    d->path = ct->path, d->n_rows = ct->n_rows, d->line = ct->line, d->ucol = (size_t)ct->col[0].file_col - 1;
    return NQPF_OK;
}

spatial_more spatial_coords_more(const char *coords, char *buf, size_t cap, char **xy)
{
    spatial_more more = {0};
    size_t nc = 0;
    if (!coords)
        return more;
    snprintf(buf, cap, "%s", coords);
    if (nqpf_opt_split(buf, ',', xy, 3, &nc) == 0 && nc == 2)
        more = (spatial_more){{xy[0], xy[1]}, {NQPF_COL_KEY, NQPF_COL_KEY}, {0, 0}, 2};
    return more;
}

const char *spatial_unit(const spatial_data *d, size_t i)
{
    const nqpf_column *u = &d->ct->col[0];
    return u->code[i] < 0 ? "" : u->levels[u->code[i]];
}

/* Further columns of d's file: the file read again for them alone, every
 * row as wide as before. */
static int reread(const spatial_data *d, const nqpf_colspec *want, size_t n, nqpf_coltable **ct, nqpf_error *err)
{
    if (strcmp(d->path, "-") == 0)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "column '%s' was not read with standard input",
                         want->name);
    nqpf_coltable_spec sp = {.path = d->path, .encoding = d->ct->encoding, .cols = want, .n_cols = n};
    int rc = nqpf_coltable_read(ct, &sp, err);
    if (!rc && (*ct)->n_rows != d->n_rows) {
        nqpf_coltable_free(*ct);
        *ct = NULL;
        rc = nqpf_fail(err, NQPF_EINPUT, d->path, 0, 0, "the file changed while it was read");
    }
    return rc;
}

/* *c: the further column of d requested as want (NULL when none was);
 * when the header lacks it, the error a read for it gives. */
static int further(const spatial_data *d, const nqpf_colspec *want, const nqpf_column **c, nqpf_error *err)
{
    const nqpf_coltable *ct = d->ct;
    *c = NULL;
    for (size_t j = d->more_at; ct && j < ct->n_cols; j++) {
        const nqpf_column *q = &ct->col[j];
        const char *name = d->more_name[j - d->more_at];
        /* a NUMBER request differs by whether a missing cell was an error */
        int same = q->type == want->type && strcmp(name, want->name) == 0 &&
                   (q->type == NQPF_COL_KEY || d->more_required[j - d->more_at] == want->required);
        if (!same)
            continue;
        if (!q->file_col)
            return nqpf_fail_no_column(err, ct->path, ct->header_line, want->what, want->name, ct->header,
                                       ct->n_header, NULL);
        *c = q;
        return NQPF_OK;
    }
    return NQPF_OK;
}

int spatial_data_column(const spatial_data *d, const char *name, double *out, int allow_missing, nqpf_error *err)
{
    nqpf_colspec want = {name, NQPF_COL_NUMBER, !allow_missing, NULL};
    const nqpf_column *q;
    nqpf_coltable *ct = NULL;
    int rc = further(d, &want, &q, err);
    if (!rc && !q && !(rc = reread(d, &want, 1, &ct, err)))
        q = &ct->col[0];
    if (!rc && d->n_rows)
        memcpy(out, q->num, d->n_rows * sizeof *out);
    nqpf_coltable_free(ct);
    return rc;
}

int spatial_data_keys(const spatial_data *d, char *const *names, size_t n, const nqpf_column **k,
                      nqpf_coltable **ct, nqpf_error *err)
{
    nqpf_colspec want[2];
    int rc = NQPF_OK, all = 1;
    *ct = NULL;
    if (n > 2)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "spatial_data_keys: at most 2 columns");
    for (size_t j = 0; j < n && !rc; j++) {
        want[j] = (nqpf_colspec){names[j], NQPF_COL_KEY, 0, NULL};
        rc = further(d, &want[j], &k[j], err);
        all = all && k[j];
    }
    if (rc || all)
        return rc;
    if (!(rc = reread(d, want, n, ct, err)))
        for (size_t j = 0; j < n; j++)
            k[j] = &(*ct)->col[j];
    return rc;
}

void spatial_raw_free(spatial_raw *r)
{
    nqpf_weights_free(r->w);
    free(r->x), free(r->y);
    nqpf_header_free(r->names, r->n_names); /* a list of malloc'd strings, as a header's */
    memset(r, 0, sizeof *r);
}

char spatial_style(const spatial_cli *s)
{
    if (s->no_row_std)
        return 'B';
    return s->style ? s->style[0] : 'W';
}

/* Coordinate k of row i of xy (its KEY texts: only a unit's first row is
 * read, as ever), a bad cell worded as nqpf_table_number words it;
 * NQPF_EMISSING unworded (the caller names the unit). */
static int coord_at(const spatial_data *d, const nqpf_column *c, size_t i, double *out, nqpf_error *err)
{
    const char *s = c->code[i] < 0 ? "" : c->levels[c->code[i]], *why = NULL;
    int kind = nqpf_parse_cell(s, strlen(s), out, &why);
    if (kind == NQPF_CELL_BAD)
        return nqpf_fail(err, NQPF_EPARSE, d->path, d->line[i], c->file_col, "'%s' in column '%s': %s", s,
                         c->name, why);
    return kind == NQPF_CELL_MISSING ? NQPF_EMISSING : NQPF_OK;
}

/* Unique units of the data (first appearance) with their coordinates. */
static int data_units(const spatial_data *d, const char *coords, char ***ids, double **x, double **y,
                      size_t *n, nqpf_error *err)
{
    nqpf_coltable *rd = NULL;
    const nqpf_column *u = &d->ct->col[0], *xy[2] = {NULL, NULL};
    char buf[256];
    char *cols[3];
    size_t m = 0, nr = d->n_rows;
    int rc = NQPF_OK;
    *ids = NULL;
    *x = *y = NULL;
    if (coords) {
        snprintf(buf, sizeof buf, "%s", coords);
        size_t nc;
        if (nqpf_opt_split(buf, ',', cols, 3, &nc) || nc != 2)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--coords expects two column names X,Y");
        if ((rc = spatial_data_keys(d, cols, 2, xy, &rd, err)))
            return rc;
    }
    *x = malloc((nr ? nr : 1) * sizeof **x);
    *y = malloc((nr ? nr : 1) * sizeof **y);
    *ids = malloc((u->n_levels ? u->n_levels : 1) * sizeof **ids);
    if (!*x || !*y || !*ids)
        rc = nqpf_fail_nomem(err);
    /* the codes number the units in order of first appearance: a unit's
     * first row is the one whose code is the count of units seen so far */
    for (size_t i = 0; i < nr && !rc; i++) {
        if (u->code[i] != (int32_t)m)
            continue;
        const char *id = u->levels[m];
        if (!((*ids)[m] = nqpf_strdup(id))) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        m++;
        if (coords && ((rc = coord_at(d, xy[0], i, &(*x)[m - 1], err)) || (rc = coord_at(d, xy[1], i, &(*y)[m - 1], err))) &&
            rc == NQPF_EMISSING)
            nqpf_fail(err, NQPF_EMISSING, d->path, d->line[i], 0, "missing coordinate of unit '%s'", id);
    }
    *n = m;
    nqpf_coltable_free(rd);
    if (rc) {
        for (size_t k = 0; *ids && k < m; k++)
            free((*ids)[k]);
        free(*ids), free(*x), free(*y);
        *ids = NULL;
        *x = *y = NULL;
    }
    return rc;
}

/* "lon,lat"-like column names: longitude/latitude in degrees. */
static int looks_lonlat(const char *coords)
{
    static const char *const lon[] = {"lon", "lng", "long", "longitude", "x_lon"};
    static const char *const lat[] = {"lat", "latitude", "y_lat"};
    char a[128], b[128];
    const char *c = strchr(coords, ',');
    if (!c || (size_t)(c - coords) >= sizeof a || strlen(c + 1) >= sizeof b)
        return 0;
    size_t la = (size_t)(c - coords);
    for (size_t i = 0; i < la; i++)
        a[i] = (char)tolower((unsigned char)coords[i]);
    a[la] = '\0';
    size_t lb = strlen(c + 1);
    for (size_t i = 0; i <= lb; i++)
        b[i] = (char)tolower((unsigned char)c[1 + i]);
    int ok_a = 0, ok_b = 0;
    for (size_t i = 0; i < sizeof lon / sizeof lon[0]; i++)
        ok_a |= strcmp(a, lon[i]) == 0;
    for (size_t i = 0; i < sizeof lat / sizeof lat[0]; i++)
        ok_b |= strcmp(b, lat[i]) == 0;
    return ok_a && ok_b;
}

int spatial_raw_build(spatial_raw *r, const spatial_cli *s, const spatial_data *d, nqpf_error *err)
{
    memset(r, 0, sizeof *r);
    int rc = NQPF_OK;
    int has_band = !isnan(s->band);
    if (s->knn == 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--knn must be at least 1");
    size_t knn = s->knn == SIZE_MAX ? 0 : s->knn;
    int kinds = (s->weights != NULL) + (knn > 0) + (has_band || s->power > 0) +
                (s->contiguity != NULL);
    if (kinds > 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "choose one kind of weights: --weights, --contiguity, --knn or --distance-band/--inverse-distance");
    if ((s->row_std && s->no_row_std) || (s->row_std && s->style && s->style[0] != 'W') ||
        (s->no_row_std && s->style && s->style[0] != 'B'))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--row-standardize, --no-row-standardize and --style disagree");
    if (s->weights) {
        rc = nqpf_weights_read_edges(&r->w, s->weights, err);
        r->what = "edge list";
        if (!rc && !s->link_islands && s->order > 1) {
            nqpf_weights *hi = NULL;
            rc = nqpf_weights_lag_order(&hi, r->w, s->order, err);
            if (!rc) {
                nqpf_weights_free(r->w);
                r->w = hi;
            }
        }
        if (rc || !s->link_islands)
            return rc;
        if (!s->coords && !s->geojson)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--link-islands with --weights needs --coords or --geojson");
    }
    nqpf_polygons *p = NULL;
    char **ids = NULL;
    size_t n = 0;
    if (s->geojson && !s->coords) {
        if ((rc = nqpf_polygons_read_geojson(&p, s->geojson, s->id_field, err)))
            return rc;
        n = p->n;
        ids = p->id;
        r->x = malloc(n * sizeof *r->x);
        r->y = malloc(n * sizeof *r->y);
        r->names = calloc(n, sizeof *r->names);
        r->n_names = n;
        if (!r->x || !r->y || !r->names) {
            nqpf_polygons_free(p);
            return nqpf_fail_nomem(err);
        }
        for (size_t i = 0; i < n; i++) {
            r->x[i] = s->centroid ? p->cx[i] : p->lx[i];
            r->y[i] = s->centroid ? p->cy[i] : p->ly[i];
            /* a copy: the contiguity weights keep the polygons' names too (matching) */
            if (p->name[i] && !(r->names[i] = nqpf_strdup(p->name[i]))) {
                nqpf_polygons_free(p);
                return nqpf_fail_nomem(err);
            }
        }
        r->metric = NQPF_METRIC_GREATCIRCLE;
    } else if (s->coords) {
        if (!d)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--coords needs --data and --unit");
        if ((rc = data_units(d, s->coords, &ids, &r->x, &r->y, &n, err)))
            return rc;
        r->metric = looks_lonlat(s->coords) ? NQPF_METRIC_GREATCIRCLE : NQPF_METRIC_EUCLIDEAN;
    } else if (!s->weights) {
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "no spatial weights: give --weights FILE, --geojson FILE, or --coords X,Y with --knn/--distance-band");
    }
    if (s->metric) /* validated by the table: euclidean|greatcircle */
        r->metric = strcmp(s->metric, "euclidean") == 0 ? NQPF_METRIC_EUCLIDEAN : NQPF_METRIC_GREATCIRCLE;
    if (!rc && !s->weights) {
        if (knn > 0) {
            rc = nqpf_weights_knn(&r->w, n, ids, r->x, r->y, knn, r->metric, err);
            r->what = "k nearest neighbours";
        } else if (has_band || s->power > 0) {
            rc = nqpf_weights_distance(&r->w, n, ids, r->x, r->y, has_band ? s->band : INFINITY, s->power,
                                       r->metric, err);
            r->what = s->power > 0 ? "inverse distance" : "distance band";
        } else if (p) {
            int queen = !(s->contiguity && strcmp(s->contiguity, "rook") == 0);
            rc = nqpf_weights_contiguity(&r->w, p, queen, s->snap, err);
            r->what = queen ? "queen contiguity" : "rook contiguity";
        } else {
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                           "--coords gives points: add --knn K or --distance-band D (contiguity needs --geojson)");
        }
    }
    if (!rc && s->weights && r->x) {
        /* --weights with --link-islands: coordinates were read for the
         * distance only; keep them keyed to the weights' own units. */
        double *x2 = malloc(r->w->n * sizeof *x2), *y2 = malloc(r->w->n * sizeof *y2);
        nqpf_strmap m = {0};
        if (!x2 || !y2)
            rc = nqpf_fail_nomem(err);
        for (size_t i = 0; !rc && i < n; i++)
            if (nqpf_strmap_intern(&m, ids[i], strlen(ids[i]), NULL) < 0)
                rc = nqpf_fail_nomem(err);
        for (size_t i = 0; !rc && i < r->w->n; i++) {
            long k = nqpf_strmap_find(&m, r->w->id[i], strlen(r->w->id[i]));
            if (k < 0)
                rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "no coordinates for unit '%s'", r->w->id[i]);
            else
                x2[i] = r->x[k], y2[i] = r->y[k];
        }
        nqpf_strmap_free(&m);
        free(r->x), free(r->y);
        r->x = x2, r->y = y2;
        for (size_t i = 0; r->names && i < r->n_names; i++)
            free(r->names[i]);
        free(r->names);
        r->names = NULL;
        r->n_names = 0;
    }
    if (!rc && s->order > 1) {
        nqpf_weights *hi = NULL;
        rc = nqpf_weights_lag_order(&hi, r->w, s->order, err);
        if (!rc) {
            nqpf_weights_free(r->w);
            r->w = hi;
        }
    }
    if (!p && ids) {
        for (size_t i = 0; i < n; i++)
            free(ids[i]);
        free(ids);
    }
    nqpf_polygons_free(p);
    if (rc) {
        spatial_raw_free(r);
    }
    return rc;
}

int spatial_weights_for(nqpf_weights **out, const spatial_raw *r, const spatial_cli *s,
                        char *const *ids, size_t n, const char *data_path, const long *lines,
                        int star, char style, nqpf_error *err)
{
    *out = NULL;
    nqpf_weights *a = NULL, *b = NULL;
    int rc = nqpf_weights_align(&a, r->w, ids, n, s->subset, data_path, lines, err);
    if (rc)
        return rc;
    if (s->link_islands && nqpf_weights_islands(a) > 0) {
        if (!r->x) {
            nqpf_weights_free(a);
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--link-islands needs coordinates (--geojson or --coords)");
        }
        /* coordinates of the aligned units */
        double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
        if (!x || !y) {
            free(x), free(y);
            nqpf_weights_free(a);
            return nqpf_fail_nomem(err);
        }
        for (size_t i = 0; i < n; i++) {
            /* the unit's own feature, or the one it was matched to (notes);
             * a unit without polygon has no point (NaN) and stays an island */
            const char *id = ids[i];
            for (size_t m = 0; m < a->n_notes; m++)
                if (strcmp(a->notes[m].unit, ids[i]) == 0)
                    id = a->notes[m].feature ? a->notes[m].feature : "";
            x[i] = y[i] = NAN;
            for (size_t k = 0; k < r->w->n; k++)
                if (strcmp(r->w->id[k], id) == 0) {
                    x[i] = r->x[k], y[i] = r->y[k];
                    break;
                }
        }
        size_t added;
        rc = nqpf_weights_link_islands(&b, a, x, y, r->metric, &added, err);
        free(x), free(y);
        nqpf_weights_free(a);
        if (rc)
            return rc;
        a = b;
    }
    if (star) {
        rc = nqpf_weights_add_self(&b, a, err);
        nqpf_weights_free(a);
        if (rc)
            return rc;
        a = b;
    }
    rc = nqpf_weights_transform(a, style, err);
    if (rc) {
        nqpf_weights_free(a);
        return rc;
    }
    *out = a;
    return NQPF_OK;
}

int spatial_setup(spatial_data *d, spatial_raw *r, const spatial_cli *s, size_t threads, const char *path,
                  const char *unit, const char *value, const char *period, int allow_missing,
                  const spatial_more *more, nqpf_error *err)
{
#ifdef _OPENMP
    if (threads > 0)
        omp_set_num_threads((int)threads);
#else
    (void)threads;
#endif
    memset(r, 0, sizeof *r);
    int rc = spatial_data_read(d, path, unit, value, period, allow_missing, more, err);
    if (!rc && (rc = spatial_raw_build(r, s, d, err)))
        spatial_data_free(d);
    return rc;
}

int spatial_data_units(const spatial_data *d, char ***ids, long **lines, size_t *n, nqpf_error *err)
{
    const nqpf_column *u = &d->ct->col[0];
    size_t nr = d->n_rows, m = 0;
    *ids = malloc((nr ? nr : 1) * sizeof **ids);
    *lines = malloc((nr ? nr : 1) * sizeof **lines);
    if (!*ids || !*lines) {
        free(*ids), free(*lines);
        *ids = NULL, *lines = NULL;
        return nqpf_fail_nomem(err);
    }
    for (size_t i = 0; i < nr; i++)
        if (u->code[i] == (int32_t)m) { /* the unit's first row (codes in order of first appearance) */
            (*ids)[m] = u->levels[m];
            (*lines)[m++] = d->line[i];
        }
    *n = m;
    return NQPF_OK;
}

void spatial_rows_free(spatial_rows *b)
{
    free(b->ids), free(b->lines), free(b->x), free(b->x2), free(b->v2);
    memset(b, 0, sizeof *b);
}

int spatial_rows_new(spatial_rows *b, const spatial_input *g, const char *col2, nqpf_error *err)
{
    const spatial_data *d = &g->d;
    size_t nr = d->n_rows ? d->n_rows : 1;
    b->ids = malloc(nr * sizeof *b->ids);
    b->lines = malloc(nr * sizeof *b->lines);
    b->x = malloc(nr * sizeof *b->x);
    b->x2 = malloc(nr * sizeof *b->x2);
    b->v2 = col2 ? malloc(nr * sizeof *b->v2) : NULL;
    int rc = !b->ids || !b->lines || !b->x || !b->x2 || (col2 && !b->v2) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc && col2)
        rc = spatial_data_column(d, col2, b->v2, g->drop, err);
    if (rc)
        spatial_rows_free(b);
    return rc;
}

int spatial_period(const spatial_input *in, size_t g, int star, char style, spatial_rows *b, size_t *n,
                   nqpf_weights **w, nqpf_error *err)
{
    const spatial_data *d = &in->d;
    const spatial_cli *s = &in->s;
    const double *v2 = b->v2;
    size_t m = 0, dropped = 0;
    for (size_t q = d->goff[g]; q < d->goff[g + 1]; q++) {
        size_t row = d->rows[q];
        if (isnan(d->value[row]) || (v2 && isnan(v2[row]))) {
            dropped++;
            continue;
        }
        b->ids[m] = (char *)spatial_unit(d, row);
        b->lines[m] = d->line[row];
        b->x[m] = d->value[row];
        b->x2[m++] = v2 ? v2[row] : NAN;
    }
    *n = m;
    if (dropped)
        nqpf_cli_warn("%s%s%zu unit%s with a missing value dropped", d->group[g], d->group[g][0] ? ": " : "",
                      dropped, dropped == 1 ? "" : "s");
    /* a dropped unit is still in the weights: subset them for this period */
    spatial_cli sp = *s;
    sp.subset = s->subset || dropped > 0;
    return spatial_weights_for(w, &in->r, &sp, b->ids, m, d->path, b->lines, star, style, err);
}

void spatial_warn_islands(const nqpf_weights *w, const char *where)
{
    /* units matched to the map other than by their exact id (nqpf_units_match):
     * a crosswalk match or a unit without polygon one line each, the spelling
     * conventions (names with 市, 4-digit codes) in one line */
    size_t conv = 0, first = 0;
    for (size_t i = 0; i < w->n_notes; i++) {
        const nqpf_match_note *m = &w->notes[i];
        if (m->how == NQPF_MATCH_CODE || m->how == NQPF_MATCH_NAME) {
            first = conv++ ? first : i;
            continue;
        }
        nqpf_cli_warn("unit '%s' %s%s (%s)", m->unit, m->feature ? "matched through the crosswalk to map feature " : "has no polygon; kept without neighbours",
                      m->feature ? m->feature : "", m->why);
    }
    if (conv)
        nqpf_cli_warn("%zu unit%s matched by name or by a GB code written otherwise (e.g. '%s' -> %s: %s)", conv, conv == 1 ? "" : "s",
                      w->notes[first].unit, w->notes[first].feature, w->notes[first].why);
    size_t k = nqpf_weights_islands(w);
    if (k == 0)
        return;
    char list[512] = "";
    size_t used = 0, shown = 0;
    for (size_t i = 0; i < w->n && shown < 10; i++)
        if (nqpf_weights_card(w, i) == 0) {
            int m = snprintf(list + used, sizeof list - used, "%s%s", shown ? ", " : "", w->id[i]);
            if (m < 0 || (size_t)m >= sizeof list - used)
                break;
            used += (size_t)m;
            shown++;
        }
    nqpf_cli_warn("%s%s%zu unit%s without neighbours (lag 0; see --link-islands): %s%s", where ? where : "",
                  where ? ": " : "", k, k == 1 ? "" : "s", list, k > shown ? ", ..." : "");
}

nqpf_alternative spatial_alternative(long long k)
{
    return k == 1 ? NQPF_ALT_LESS : k == 2 ? NQPF_ALT_TWO_SIDED : NQPF_ALT_GREATER;
}

const char *spatial_alternative_name(nqpf_alternative a)
{
    return a == NQPF_ALT_LESS ? "less" : a == NQPF_ALT_TWO_SIDED ? "two-sided" : "greater";
}
