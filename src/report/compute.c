/* nqpf — the report pipeline: every analysis of a project, in memory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare.h"
#include "nqpf/json.h"
#include "nqpf/index_job.h"
#include "nqpf/index_opts.h"
#include "nqpf/report.h"
#include "nqpf/sha256.h"
#include "nqpf/regions.h"
#include "map.h"
#include "report_internal.h"

/* ---- the map ------------------------------------------------------------ */

static int map_read(nqpf_report *r, const char *id_field, nqpf_crosswalk **xw, nqpf_error *err)
{
    nqpf_json *root = NULL;
    int rc = nqpf_json_read_file(&root, r->geojson_path, err);
    if (rc)
        return rc;
    if ((rc = nqpf_geojson_crosswalk(xw, root, r->geojson_path, err))) {
        nqpf_json_free(root);
        return rc;
    }
    const nqpf_json *feats = nqpf_json_get(root, "features");
    if (!feats || feats->type != NQPF_JSON_ARRAY) {
        nqpf_json_free(root);
        return nqpf_fail(err, NQPF_EINPUT, r->geojson_path, root->line, root->col,
                         "not a GeoJSON FeatureCollection (no 'features' array)");
    }
    r->shapes = calloc(feats->len ? feats->len : 1, sizeof *r->shapes);
    if (!r->shapes) {
        nqpf_json_free(root);
        return nqpf_fail_nomem(err);
    }
    for (size_t f = 0; f < feats->len && !rc; f++) {
        const nqpf_json *ft = &feats->item[f];
        const nqpf_json *props = nqpf_json_get(ft, "properties"), *geom = nqpf_json_get(ft, "geometry");
        const nqpf_json *idv = nqpf_json_get(props, id_field), *nm = nqpf_json_get(props, "name");
        nqpf_map_shape *sh = &r->shapes[r->n_shapes];
        char idbuf[64];
        if (idv && idv->type == NQPF_JSON_STRING)
            sh->id = nqpf_strdup(idv->str);
        else if (idv && idv->type == NQPF_JSON_NUMBER) {
            snprintf(idbuf, sizeof idbuf, "%.17g", idv->number);
            sh->id = nqpf_strdup(idbuf);
        } else {
            rc = nqpf_fail(err, NQPF_EINPUT, r->geojson_path, ft->line, ft->col,
                           "feature %zu has no property '%s' (map.id-field)", f + 1, id_field);
            break;
        }
        sh->name = nqpf_strdup(nm && nm->type == NQPF_JSON_STRING ? nm->str : sh->id);
        sh->unit = -1;
        const nqpf_json *cp = nqpf_json_get(props, "cp"); /* ECharts' label point [lon, lat] */
        int has_cp = cp && cp->type == NQPF_JSON_ARRAY && cp->len == 2 && cp->item[0].type == NQPF_JSON_NUMBER &&
                     cp->item[1].type == NQPF_JSON_NUMBER;
        sh->cx = has_cp ? cp->item[0].number : NAN, sh->cy = has_cp ? cp->item[1].number : NAN;
        r->n_shapes++;
        if (!sh->id || !sh->name) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        const nqpf_json *type = nqpf_json_get(geom, "type"), *coords = nqpf_json_get(geom, "coordinates");
        if (!type || type->type != NQPF_JSON_STRING || !coords || coords->type != NQPF_JSON_ARRAY)
            continue; /* a feature without geometry is simply not drawn */
        int multi = !strcmp(type->str, "MultiPolygon");
        if (!multi && strcmp(type->str, "Polygon"))
            continue;
        /* count rings and points */
        size_t nr = 0, np = 0;
        for (size_t a = 0; a < (multi ? coords->len : 1); a++) {
            const nqpf_json *poly = multi ? &coords->item[a] : coords;
            for (size_t b = 0; poly->type == NQPF_JSON_ARRAY && b < poly->len; b++)
                if (poly->item[b].type == NQPF_JSON_ARRAY)
                    nr++, np += poly->item[b].len;
        }
        sh->ring_off = malloc((nr + 1) * sizeof(size_t));
        sh->x = malloc((np ? np : 1) * sizeof(double));
        sh->y = malloc((np ? np : 1) * sizeof(double));
        if (!sh->ring_off || !sh->x || !sh->y) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        size_t k = 0;
        sh->ring_off[0] = 0;
        for (size_t a = 0; a < (multi ? coords->len : 1) && !rc; a++) {
            const nqpf_json *poly = multi ? &coords->item[a] : coords;
            for (size_t b = 0; poly->type == NQPF_JSON_ARRAY && b < poly->len && !rc; b++) {
                const nqpf_json *ring = &poly->item[b];
                if (ring->type != NQPF_JSON_ARRAY)
                    continue;
                for (size_t c = 0; c < ring->len; c++) {
                    const nqpf_json *pt = &ring->item[c];
                    if (pt->type != NQPF_JSON_ARRAY || pt->len < 2 || pt->item[0].type != NQPF_JSON_NUMBER ||
                        pt->item[1].type != NQPF_JSON_NUMBER) {
                        rc = nqpf_fail(err, NQPF_EINPUT, r->geojson_path, pt->line, pt->col,
                                       "a position must be [x, y] numbers");
                        break;
                    }
                    sh->x[k] = pt->item[0].number;
                    sh->y[k] = pt->item[1].number;
                    k++;
                }
                sh->ring_off[++sh->n_rings] = k;
            }
        }
    }
    nqpf_json_free(root);
    return rc;
}

/* Match the map column's values to the features (nqpf_units_match: exact
 * id, GB code written otherwise, name with or without 市/地区/自治州, or
 * the map's crosswalk).  A matched unit takes the feature's id; every unit
 * not matched by its exact id is recorded in run.json (map.matched), a unit
 * without polygon too (map.no-polygon). */
static int match_map(nqpf_report *r, const char *map_col, const char *id_field, const nqpf_crosswalk *xw,
                     const long *row_line, size_t T, nqpf_error *err)
{
    size_t U = r->U, nf = r->n_shapes;
    char **fid = malloc((nf ? nf : 1) * sizeof *fid), **fname = malloc((nf ? nf : 1) * sizeof *fname);
    long *feat = malloc(U * sizeof *feat), *lines = malloc(U * sizeof *lines);
    nqpf_match_how *how = malloc(U * sizeof *how);
    char **why = calloc(U, sizeof *why);
    nqpf_buf matched = {0}, none = {0};
    int oom = 0;
    int rc = (!fid || !fname || !feat || !lines || !how || !why) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t s = 0; !rc && s < nf; s++)
        fid[s] = r->shapes[s].id, fname[s] = r->shapes[s].name;
    for (size_t u = 0; !rc && u < U; u++)
        lines[u] = row_line[u * T];
    if (!rc && (rc = nqpf_units_match(r->map_id, U, fid, fname, nf, xw, r->data_path, lines, feat, how, why, err)) &&
        rc == NQPF_EINPUT) {
        size_t l = strlen(err->msg);
        if (l + 1 < sizeof err->msg)
            snprintf(err->msg + l, sizeof err->msg - l, " (map.column %s, map.id-field %s)", map_col, id_field);
    }
    for (size_t u = 0; !rc && u < U; u++) {
        if (how[u] == NQPF_MATCH_ID)
            continue;
        nqpf_buf *b = feat[u] >= 0 ? &matched : &none;
        if (b->len)
            oom |= nqpf_buf_puts(b, "; ");
        oom |= nqpf_buf_printf(b, "%s -> %s (%s: %s)", r->map_id[u], feat[u] >= 0 ? fid[feat[u]] : "-",
                        nqpf_match_how_name(how[u]), why[u]);
        if (feat[u] >= 0) {
            char *id = nqpf_strdup(fid[feat[u]]);
            if (!id) {
                rc = nqpf_fail_nomem(err);
                break;
            }
            free(r->map_id[u]);
            r->map_id[u] = id;
        }
    }
    for (size_t u = 0; !rc && u < U; u++)
        if (feat[u] >= 0)
            r->shapes[feat[u]].unit = (long)u;
    if (!rc && oom)
        rc = nqpf_fail_nomem(err);
    if (!rc && matched.len)
        rc = report_record(r, "map", "matched", matched.data, err);
    if (!rc && none.len)
        rc = report_record(r, "map", "no-polygon", none.data, err);
    for (size_t u = 0; why && u < U; u++)
        free(why[u]);
    free(fid), free(fname), free(feat), free(lines), free(how), free(why);
    nqpf_buf_free(&matched), nqpf_buf_free(&none);
    return rc;
}

/* ---- steps ---------------------------------------------------------------- */

/* [group] column = nbs4 (belt3, zone8, ns2) with no data column of that
 * name: nqpf's built-in regional grouping, as `--group nbs4` on the command
 * line.  Returns the scheme, -1 for a data column, or -(error code). */
static int builtin_grouping(nqpf_report *r, const char *group, nqpf_encoding enc, nqpf_error *err)
{
    int scheme = nqpf_region_scheme_find(group);
    if (scheme < 0)
        return -1;
    char **names = NULL;
    size_t n = 0;
    long line;
    int rc = nqpf_csv_read_header(r->data_path, enc, ',', &names, &n, &line, err);
    if (rc)
        return -rc;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], group))
            scheme = -1;
    nqpf_header_free(names, n);
    return scheme;
}

/* Each unit's group in a built-in grouping, labelled in the report's
 * language, groups in the scheme's fixed order (东部 before 中部 …) and only
 * those present.  A unit is found by its name (province name or GB code) or
 * else by its map code; one that is no mainland province is an error. */
static int group_by_region(nqpf_report *r, nqpf_region_scheme s, char *const *map_id, nqpf_error *err)
{
    nqpf_factor f;
    size_t bad = 0;
    int rc = nqpf_region_codes((const char *const *)r->panel->units, (const char *const *)map_id, r->U, (int)s,
                               r->en, &f, &bad, err);
    if (rc == NQPF_EINPUT)
        return nqpf_fail(err, NQPF_EINPUT, r->data_path, 0, 0,
                         "unit '%s' is not a mainland province: the built-in grouping %s needs province names or GB "
                         "codes in the unit or map column",
                         r->panel->units[bad], nqpf_region_scheme_names[s]);
    if (rc)
        return rc;
    /* the report keeps the levels and codes; f is not freed */
    r->group = f.level, r->n_groups = f.n_levels, r->unit_group = f.code;
    return NQPF_OK;
}

/* The units' labels of one text column, copied for the report; NULL when
 * out of memory (a copy that failed half-way freed). */
static char **copy_labels(char *const *lab, size_t U)
{
    char **v = calloc(U + 1, sizeof(char *));
    for (size_t u = 0; v && u < U; u++)
        if (!(v[u] = nqpf_strdup(lab[u])))
            report_strv_free(v), v = NULL;
    return v;
}

/* The project's own columns read with the panel: the group, the map's
 * column and the English name, in this order in the panel's text columns. */
typedef struct index_cols {
    const char *text[3];
    size_t nt;
    long gi, mi, ei;    /* index into text, -1 = absent */
    int scheme;         /* a built-in grouping, or -1 */
    const char *geo, *id_field, *map_col;
} index_cols;

/* [data], [system], [group], [map] and [index] read into the job (its
 * options, files and columns), then the job's steps up to missing values. */
static int index_job(nqpf_report *r, nqpf_index_job *j, index_cols *c, nqpf_error *err)
{
    const char *file, *encs, *missing, *extrap, *name_en, *sysf, *group = NULL;
    const nqpf_project_kv *kv;
    int rc;
    if ((rc = report_opt_str(r, "data", "file", NULL, &file, NULL, err)) ||
        (rc = report_opt_str(r, "data", "unit", NULL, &j->unit, NULL, err)) ||
        (rc = report_opt_str(r, "data", "period", NULL, &j->period, NULL, err)) ||
        (rc = report_opt_str(r, "data", "encoding", "auto", &encs, &kv, err)))
        return rc;
    if (nqpf_encoding_parse(encs, &j->encoding))
        return report_bad_value(r, kv, "encoding must be auto, utf-8, gbk or gb18030", err);
    if ((rc = report_opt_str(r, "data", "missing", "error", &missing, &kv, err)))
        return rc;
    if (nqpf_missing_parse(missing, &j->missing))
        return report_bad_value(r, kv, "missing must be error, interpolate or drop-unit", err);
    if ((rc = report_opt_str(r, "data", "extrapolate", "nearest", &extrap, &kv, err)))
        return rc;
    if (nqpf_extrapolation_parse(extrap, &j->extrapolate))
        return report_bad_value(r, kv, "extrapolate must be nearest or growth", err);
    if ((rc = report_opt_str(r, "data", "name-en", "", &name_en, NULL, err)) ||
        (rc = report_opt_str(r, "system", "file", NULL, &sysf, NULL, err)))
        return rc;
    if (nqpf_project_section_get(r->proj, "group") && (rc = report_opt_str(r, "group", "column", NULL, &group, NULL, err)))
        return rc;
    if (nqpf_project_section_get(r->proj, "map") && (rc = report_map_read(r, &c->geo, &c->id_field, &c->map_col, err)))
        return rc;
    /* [index]: the keys, defaults and checks of `nqpf index` (include/nqpf/index_opts.h) */
    nqpf_optval iv[NQPF_IX_NOPTS];
    if ((rc = report_section(r, "index", NQPF_INDEX_OPTS, NQPF_IX_NOPTS, iv, err)))
        return rc;
    rc = nqpf_index_job_options(j, iv, err);
    if (rc && iv[NQPF_IX_WEIGHTS].seen) {
        err->line = iv[NQPF_IX_WEIGHTS].line, err->col = iv[NQPF_IX_WEIGHTS].col;
        snprintf(err->file, sizeof err->file, "%s", r->proj->path);
    }
    nqpf_opt_free(iv, NQPF_IX_NOPTS);
    if (rc)
        return rc;

    r->data_path = nqpf_project_resolve(r->proj, file);
    r->system_path = nqpf_project_resolve(r->proj, sysf);
    if (c->geo)
        r->geojson_path = nqpf_project_resolve(r->proj, c->geo);
    if (!r->data_path || !r->system_path || (c->geo && !r->geojson_path))
        return nqpf_fail_nomem(err);
    char hex[65];
    if ((rc = nqpf_input_sha256(r->data_path, hex, err)) || !(r->data_sha = nqpf_strdup(hex)))
        return rc ? rc : nqpf_fail_nomem(err);
    if ((rc = nqpf_sha256_file(r->system_path, hex, err)) || !(r->system_sha = nqpf_strdup(hex)))
        return rc ? rc : nqpf_fail_nomem(err);
    if (c->geo && ((rc = nqpf_sha256_file(r->geojson_path, hex, err)) || !(r->geojson_sha = nqpf_strdup(hex))))
        return rc ? rc : nqpf_fail_nomem(err);

    j->data = r->data_path, j->system = r->system_path;
    if ((rc = nqpf_index_job_system(j, err)))
        return rc;
    c->scheme = group ? builtin_grouping(r, group, j->encoding, err) : -1;
    if (c->scheme < -1)
        return -c->scheme;
    if (group && c->scheme < 0)
        c->gi = (long)c->nt, c->text[c->nt++] = group;
    if (c->map_col)
        c->mi = (long)c->nt, c->text[c->nt++] = c->map_col;
    if (name_en[0])
        c->ei = (long)c->nt, c->text[c->nt++] = name_en;
    j->text_cols = c->text, j->n_text = c->nt;
    return nqpf_index_job_panel(j, err);
}

/* Per-unit labels from the text columns (constant over periods), the
 * groups and the map's ids. */
static int unit_labels(nqpf_report *r, const index_cols *c, nqpf_error *err)
{
    const nqpf_panel *p = r->panel;
    size_t U = r->U, T = r->T, nt = c->nt;
    char **lab[3] = {NULL, NULL, NULL};
    int rc = NQPF_OK;
    for (size_t k = 0; k < nt; k++) {
        lab[k] = calloc(U, sizeof(char *));
        if (!lab[k])
            return nqpf_fail_nomem(err);
        for (size_t u = 0; u < U && !rc; u++)
            for (size_t t = 0; t < T; t++) {
                uint32_t v = p->text[(u * T + t) * nt + k];
                if (v == UINT32_MAX)
                    continue;
                const char *s = p->text_values[k].keys[v];
                if (!lab[k][u])
                    lab[k][u] = (char *)s;
                else if (strcmp(lab[k][u], s)) {
                    rc = nqpf_fail(err, NQPF_EINPUT, r->data_path, p->row_line[u * T + t], 0,
                                   "unit '%s' has %s '%s' here but '%s' in an earlier period", p->units[u],
                                   c->text[k], s, lab[k][u]);
                    break;
                }
            }
        for (size_t u = 0; u < U && !rc; u++)
            if (!lab[k][u] || !lab[k][u][0])
                rc = nqpf_fail(err, NQPF_EINPUT, r->data_path, 0, 0, "unit '%s' has no %s", p->units[u], c->text[k]);
    }
    if (!rc && c->gi >= 0) {
        r->group = calloc(U, sizeof(char *));
        r->unit_group = malloc(U * sizeof(size_t));
        if (!r->group || !r->unit_group)
            rc = nqpf_fail_nomem(err);
        for (size_t u = 0; u < U && !rc; u++) {
            size_t g = 0;
            while (g < r->n_groups && strcmp(r->group[g], lab[c->gi][u]))
                g++;
            if (g == r->n_groups && !(r->group[r->n_groups++] = nqpf_strdup(lab[c->gi][u])))
                rc = nqpf_fail_nomem(err);
            r->unit_group[u] = g;
        }
    }
    if (!rc && c->scheme >= 0)
        rc = group_by_region(r, (nqpf_region_scheme)c->scheme, c->mi >= 0 ? lab[c->mi] : NULL, err);
    if (!rc && ((c->mi >= 0 && !(r->map_id = copy_labels(lab[c->mi], U))) ||
                (c->ei >= 0 && !(r->label_en = copy_labels(lab[c->ei], U)))))
        rc = nqpf_fail_nomem(err);
    for (size_t k = 0; k < nt; k++)
        free(lab[k]);
    return rc;
}

static int read_index(nqpf_report *r, nqpf_error *err)
{
    nqpf_index_job j;
    nqpf_index_job_init(&j);
    index_cols c = {.gi = -1, .mi = -1, .ei = -1, .scheme = -1, .id_field = "adcode"};
    int rc = index_job(r, &j, &c, err);
    /* the report keeps what the job read (freed by nqpf_report_free) */
    r->iopt = j.o, r->wspec = j.ws, r->sys = j.sys, r->panel = j.panel, r->fills = j.fills;
    j.ws = NULL, j.sys = NULL, j.panel = NULL, j.fills = (nqpf_fill_log){0};
    nqpf_index_job_free(&j);
    if (rc)
        return rc;
    nqpf_panel *p = r->panel;
    r->U = p->n_units, r->T = p->n_periods;
    if (r->U < 3)
        return nqpf_fail(err, NQPF_EINPUT, r->data_path, 0, 0, "a report needs at least 3 units (found %zu)", r->U);
    size_t U = r->U, T = r->T;
    if ((rc = unit_labels(r, &c, err)))
        return rc;
    /* keep the raw (filled) values for the tables before Z replaces them */
    size_t nx = U * T * p->n_vars;
    r->raw = malloc(nx * sizeof(double));
    if (!r->raw)
        return nqpf_fail_nomem(err);
    memcpy(r->raw, p->x, nx * sizeof(double));
    if ((rc = nqpf_index_compute(p, r->sys, &r->iopt, &r->ix, err))) {
        /* an option clash found by the pipeline (e.g. entropy on z-scores):
         * point at the [index] section rather than at a command-line flag */
        const nqpf_project_section *is = nqpf_project_section_get(r->proj, "index");
        if (rc == NQPF_EUSAGE && is) {
            snprintf(err->file, sizeof err->file, "%s", r->proj->path);
            err->line = is->line, err->col = is->col, err->code = rc = NQPF_EINPUT;
        }
        return rc;
    }
    /* the top-level dimensions, used by obstacle and coupling */
    for (size_t i = 0; i < r->sys->n_nodes; i++)
        r->n_dims += r->sys->nodes[i].level == 0;
    if (!(r->dim_node = malloc((r->n_dims ? r->n_dims : 1) * sizeof(size_t))))
        return nqpf_fail_nomem(err);
    for (size_t i = 0, d = 0; i < r->sys->n_nodes; i++)
        if (r->sys->nodes[i].level == 0)
            r->dim_node[d++] = i;
    if (c.geo) {
        nqpf_crosswalk *xw = NULL;
        if (!(rc = map_read(r, c.id_field, &xw, err)))
            rc = match_map(r, c.map_col, c.id_field, xw, p->row_line, T, err);
        nqpf_crosswalk_free(xw);
        if (!rc)
            rc = report_map_years(r, err);
    }
    return rc;
}

/* Which analyses the project has, for the callers of the library (nqpf demo
 * prints their headlines) and for [moran]/[lisa], which share one step
 * (sec_spatial.c); the report itself walks the section registry. */
static void present(nqpf_report *r)
{
    const nqpf_project *p = r->proj;
    r->do_gini = nqpf_project_section_get(p, "gini") != NULL;
    r->do_moran = nqpf_project_section_get(p, "moran") != NULL;
    r->do_lisa = nqpf_project_section_get(p, "lisa") != NULL;
    r->do_malmquist = nqpf_project_section_get(p, "malmquist") != NULL;
    r->do_dea = nqpf_project_section_get(p, "dea") != NULL;
    r->do_growth = nqpf_project_section_get(p, "growth") != NULL;
}

int nqpf_report_compute(const nqpf_project *proj, const nqpf_report_opts *o, nqpf_report *r, nqpf_error *err)
{
    memset(r, 0, sizeof *r);
    r->proj = proj;
    r->en = o && o->lang && !strcmp(o->lang, "en");
    size_t n;
    const report_section_def *const *sec = report_sections(&n);
    int rc = nqpf_project_check(proj, err);
    if (!rc)
        rc = read_index(r, err);
    present(r);
    /* contiguity weights: queen, row-standardised unless [moran] says otherwise */
    r->queen = 1;
    r->style = 'W';
    /* every section's keys are read and checked before anything runs */
    for (size_t i = 0; i < n && !rc; i++)
        if ((sec[i]->read || sec[i]->apply) && report_section_present(proj, sec[i]))
            rc = report_read_def(r, sec[i], err);
    for (size_t i = 0; i < n && !rc; i++) {
        if (!sec[i]->run || !report_section_present(proj, sec[i]))
            continue;
        if (o && o->progress)
            o->progress(o->progress_ctx, i, n, sec[i]->name);
        rc = sec[i]->run(r, err);
    }
    if (!rc && o && o->progress)
        o->progress(o->progress_ctx, n, n, "");
    return rc;
}

void nqpf_report_free(nqpf_report *r)
{
    free(r->data_path), free(r->system_path), free(r->geojson_path);
    free(r->data_sha), free(r->system_sha), free(r->geojson_sha);
    for (size_t i = 0; i < r->n_opt; i++)
        free(r->opt[i].key), free(r->opt[i].value);
    free(r->opt);
    nqpf_index_result_free(&r->ix);
    nqpf_weight_spec_free(r->wspec);
    nqpf_fill_log_free(&r->fills);
    for (size_t g = 0; g < r->n_groups; g++)
        free(r->group[g]);
    free(r->group), free(r->unit_group);
    for (size_t u = 0; u < r->U; u++) {
        if (r->map_id)
            free(r->map_id[u]);
        if (r->label_en)
            free(r->label_en[u]);
    }
    free(r->map_id), free(r->label_en);
    for (size_t s = 0; s < r->n_shapes; s++) {
        free(r->shapes[s].id), free(r->shapes[s].name), free(r->shapes[s].ring_off);
        free(r->shapes[s].x), free(r->shapes[s].y);
    }
    free(r->shapes);
    nqpf_weights_free(r->W);
    free(r->weights_what);
    if (r->gini)
        for (size_t t = 0; t < r->T; t++)
            nqpf_dagum_free(&r->gini[t]);
    if (r->theil)
        for (size_t t = 0; t < r->T; t++)
            nqpf_theil_free(&r->theil[t]);
    free(r->gini), free(r->theil), free(r->sigma);
    free(r->kde_grid), free(r->kde_h), free(r->kde_dens);
    free(r->moran), free(r->lisa_ii), free(r->lisa_z), free(r->lisa_p), free(r->lisa_psim), free(r->lisa_lag);
    free(r->zval), free(r->lisa_quad);
    free(r->obst), free(r->obst_dim), free(r->dim_node);
    free(r->mk_counts), free(r->mk_p), free(r->mk_pi);
    free(r->mk_sp_counts), free(r->mk_sp_p), free(r->mk_sp_pi);
    free(r->cp_U), free(r->cp_C), free(r->cp_T), free(r->cp_D);
    for (size_t s = 0; s < r->n_series; s++) {
        if (r->gm_ok && r->gm_ok[s])
            nqpf_gm11_free(&r->gm[s]);
        if (r->gm_note)
            free(r->gm_note[s]);
    }
    free(r->series), free(r->gm), free(r->gm_ok), free(r->gm_note);
    size_t n;
    const report_section_def *const *sec = report_sections(&n);
    for (size_t i = 0; i < n; i++)
        if (sec[i]->free)
            sec[i]->free(r);
    free(r->raw);
    nqpf_panel_free(r->panel);
    nqpf_system_free(r->sys);
    memset(r, 0, sizeof *r);
}
