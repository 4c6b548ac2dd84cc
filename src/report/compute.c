/* nqpf — the report pipeline: every analysis of a project, in memory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare_opts.h"
#include "nqpf/convergence.h"
#include "nqpf/diagnose.h"
#include "nqpf/json.h"
#include "nqpf/index_opts.h"
#include "nqpf/markov.h"
#include "nqpf/spatial_opts.h"
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
    size_t U = r->U, nl = 0;
    const char *const *lab = nqpf_region_labels(s, r->en, &nl);
    size_t *slot = malloc((nl ? nl : 1) * sizeof *slot);
    r->group = calloc(nl ? nl : 1, sizeof(char *));
    r->unit_group = malloc(U * sizeof(size_t));
    if (!slot || !r->group || !r->unit_group) {
        free(slot);
        return nqpf_fail_nomem(err);
    }
    for (size_t k = 0; k < nl; k++)
        slot[k] = (size_t)-1;
    for (size_t u = 0; u < U; u++) {
        int code = nqpf_province_code(r->panel->units[u]);
        if (code < 0 && map_id)
            code = nqpf_province_code(map_id[u]);
        const char *g = code < 0 ? NULL : nqpf_region_of(s, code, r->en);
        if (!g) {
            free(slot);
            return nqpf_fail(err, NQPF_EINPUT, r->data_path, 0, 0,
                             "unit '%s' is not a mainland province: the built-in grouping %s needs province names or GB "
                             "codes in the unit or map column",
                             r->panel->units[u], nqpf_region_scheme_names[s]);
        }
        for (size_t k = 0; k < nl; k++)
            if (!strcmp(g, lab[k]))
                r->unit_group[u] = k, slot[k] = 0;
    }
    for (size_t k = 0; k < nl; k++)
        if (slot[k] == 0) {
            slot[k] = r->n_groups;
            if (!(r->group[r->n_groups++] = nqpf_strdup(lab[k]))) {
                free(slot);
                return nqpf_fail_nomem(err);
            }
        }
    for (size_t u = 0; u < U; u++)
        r->unit_group[u] = slot[r->unit_group[u]];
    free(slot);
    return NQPF_OK;
}

static int read_index(nqpf_report *r, nqpf_error *err)
{
    const char *file, *unit, *period, *encs, *missing, *extrap, *name_en, *sysf, *group = NULL;
    const char *geo = NULL, *id_field = "adcode", *map_col = NULL;
    const nqpf_project_kv *kv;
    int rc;
    if ((rc = report_opt_str(r, "data", "file", NULL, &file, NULL, err)) ||
        (rc = report_opt_str(r, "data", "unit", NULL, &unit, NULL, err)) ||
        (rc = report_opt_str(r, "data", "period", NULL, &period, NULL, err)) ||
        (rc = report_opt_str(r, "data", "encoding", "auto", &encs, &kv, err)))
        return rc;
    nqpf_encoding enc;
    if (nqpf_encoding_parse(encs, &enc))
        return report_bad_value(r, kv, "encoding must be auto, utf-8, gbk or gb18030", err);
    nqpf_missing_policy mp;
    nqpf_extrapolation ex;
    if ((rc = report_opt_str(r, "data", "missing", "error", &missing, &kv, err)))
        return rc;
    if (nqpf_missing_parse(missing, &mp))
        return report_bad_value(r, kv, "missing must be error, interpolate or drop-unit", err);
    if ((rc = report_opt_str(r, "data", "extrapolate", "nearest", &extrap, &kv, err)))
        return rc;
    if (nqpf_extrapolation_parse(extrap, &ex))
        return report_bad_value(r, kv, "extrapolate must be nearest or growth", err);
    if ((rc = report_opt_str(r, "data", "name-en", "", &name_en, NULL, err)) ||
        (rc = report_opt_str(r, "system", "file", NULL, &sysf, NULL, err)))
        return rc;
    if (nqpf_project_section_get(r->proj, "group") && (rc = report_opt_str(r, "group", "column", NULL, &group, NULL, err)))
        return rc;
    if (nqpf_project_section_get(r->proj, "map") && (rc = report_map_read(r, &geo, &id_field, &map_col, err)))
        return rc;
    /* [index]: the keys, defaults and checks of `nqpf index` (include/nqpf/index_opts.h) */
    nqpf_index_options *o = &r->iopt;
    nqpf_index_options_default(o);
    nqpf_optval iv[NQPF_IX_NOPTS];
    if ((rc = report_section(r, "index", NQPF_INDEX_OPTS, NQPF_IX_NOPTS, iv, err)))
        return rc;
    nqpf_norm_parse(iv[NQPF_IX_NORMALIZE].text, &o->normalize);
    nqpf_aggregate_parse(iv[NQPF_IX_AGGREGATE].text, &o->aggregate);
    o->scope = iv[NQPF_IX_SCOPE].i ? NQPF_SCOPE_PERIOD : NQPF_SCOPE_PANEL;
    o->combo_mode = iv[NQPF_IX_COMBINE].i ? NQPF_COMBO_LINEAR : NQPF_COMBO_MULT;
    o->shift = iv[NQPF_IX_SHIFT].num;
    o->alpha = iv[NQPF_IX_ALPHA].num;
    o->rho = iv[NQPF_IX_RHO].num;
    o->pca_share = iv[NQPF_IX_PCA_SHARE].num;
    rc = nqpf_weight_spec_parse(iv[NQPF_IX_WEIGHTS].text, &r->wspec, err);
    if (rc && iv[NQPF_IX_WEIGHTS].seen) {
        err->line = iv[NQPF_IX_WEIGHTS].line, err->col = iv[NQPF_IX_WEIGHTS].col;
        snprintf(err->file, sizeof err->file, "%s", r->proj->path);
    }
    nqpf_opt_free(iv, NQPF_IX_NOPTS);
    if (rc)
        return rc;
    o->weights = r->wspec;
    o->encoding = enc;

    r->data_path = nqpf_project_resolve(r->proj, file);
    r->system_path = nqpf_project_resolve(r->proj, sysf);
    if (geo)
        r->geojson_path = nqpf_project_resolve(r->proj, geo);
    if (!r->data_path || !r->system_path || (geo && !r->geojson_path))
        return nqpf_fail_nomem(err);
    char hex[65];
    if ((rc = nqpf_input_sha256(r->data_path, hex, err)) || !(r->data_sha = nqpf_strdup(hex)))
        return rc ? rc : nqpf_fail_nomem(err);
    if ((rc = nqpf_sha256_file(r->system_path, hex, err)) || !(r->system_sha = nqpf_strdup(hex)))
        return rc ? rc : nqpf_fail_nomem(err);
    if (geo && ((rc = nqpf_sha256_file(r->geojson_path, hex, err)) || !(r->geojson_sha = nqpf_strdup(hex))))
        return rc ? rc : nqpf_fail_nomem(err);

    if ((rc = nqpf_system_read(&r->sys, r->system_path, enc, err)))
        return rc;
    const char **vars = malloc(r->sys->n_ind * sizeof(char *));
    size_t *vidx = malloc(r->sys->n_ind * sizeof(size_t));
    if (!vars || !vidx) {
        free(vars), free(vidx);
        return nqpf_fail_nomem(err);
    }
    for (size_t i = 0; i < r->sys->n_ind; i++)
        vars[i] = r->sys->ind[i].column, vidx[i] = i;
    const char *text[3];
    size_t nt = 0;
    long gi = -1, mi = -1, ei = -1;
    int scheme = group ? builtin_grouping(r, group, enc, err) : -1;
    if (scheme < -1) {
        free(vars), free(vidx);
        return -scheme;
    }
    if (group && scheme < 0)
        gi = (long)nt, text[nt++] = group;
    if (map_col)
        mi = (long)nt, text[nt++] = map_col;
    if (name_en[0])
        ei = (long)nt, text[nt++] = name_en;
    nqpf_panel_spec spec = {0};
    spec.path = r->data_path;
    spec.encoding = enc;
    spec.layout = NQPF_LAYOUT_WIDE;
    spec.unit_col = unit;
    spec.period_col = period;
    spec.vars = vars;
    spec.n_vars = r->sys->n_ind;
    spec.text_cols = text;
    spec.n_text = nt;
    rc = nqpf_panel_read(&r->panel, &spec, err);
    if (!rc)
        rc = nqpf_missing_apply(r->panel, vidx, r->sys->n_ind, mp, ex, &r->fills, err);
    free(vars), free(vidx);
    if (rc)
        return rc;
    nqpf_panel *p = r->panel;
    r->U = p->n_units, r->T = p->n_periods;
    if (r->U < 3)
        return nqpf_fail(err, NQPF_EINPUT, r->data_path, 0, 0, "a report needs at least 3 units (found %zu)", r->U);
    /* per-unit labels from the text columns: constant over periods */
    size_t U = r->U, T = r->T;
    char **lab[3] = {NULL, NULL, NULL};
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
                                   text[k], s, lab[k][u]);
                    break;
                }
            }
        for (size_t u = 0; u < U && !rc; u++)
            if (!lab[k][u] || !lab[k][u][0])
                rc = nqpf_fail(err, NQPF_EINPUT, r->data_path, 0, 0, "unit '%s' has no %s", p->units[u], text[k]);
    }
    if (!rc && gi >= 0) {
        r->group = calloc(U, sizeof(char *));
        r->unit_group = malloc(U * sizeof(size_t));
        if (!r->group || !r->unit_group)
            rc = nqpf_fail_nomem(err);
        for (size_t u = 0; u < U && !rc; u++) {
            size_t g = 0;
            while (g < r->n_groups && strcmp(r->group[g], lab[gi][u]))
                g++;
            if (g == r->n_groups && !(r->group[r->n_groups++] = nqpf_strdup(lab[gi][u])))
                rc = nqpf_fail_nomem(err);
            r->unit_group[u] = g;
        }
    }
    if (!rc && scheme >= 0)
        rc = group_by_region(r, (nqpf_region_scheme)scheme, mi >= 0 ? lab[mi] : NULL, err);
    if (!rc && mi >= 0) {
        r->map_id = calloc(U, sizeof(char *));
        for (size_t u = 0; r->map_id && u < U; u++)
            r->map_id[u] = nqpf_strdup(lab[mi][u]);
        if (!r->map_id)
            rc = nqpf_fail_nomem(err);
    }
    if (!rc && ei >= 0) {
        r->label_en = calloc(U, sizeof(char *));
        for (size_t u = 0; r->label_en && u < U; u++)
            r->label_en[u] = nqpf_strdup(lab[ei][u]);
        if (!r->label_en)
            rc = nqpf_fail_nomem(err);
    }
    for (size_t k = 0; k < nt; k++)
        free(lab[k]);
    if (rc)
        return rc;
    /* keep the raw (filled) values for the tables before Z replaces them */
    size_t nx = U * T * p->n_vars;
    r->raw = malloc(nx * sizeof(double));
    if (!r->raw)
        return nqpf_fail_nomem(err);
    memcpy(r->raw, p->x, nx * sizeof(double));
    if ((rc = nqpf_index_compute(p, r->sys, o, &r->ix, err))) {
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
    if (geo) {
        nqpf_crosswalk *xw = NULL;
        if (!(rc = map_read(r, id_field, &xw, err)))
            rc = match_map(r, map_col, id_field, xw, p->row_line, T, err);
        nqpf_crosswalk_free(xw);
        if (!rc)
            rc = report_map_years(r, err);
    }
    return rc;
}

static double score(const nqpf_report *r, size_t u, size_t t)
{
    return r->ix.score[u * r->T + t];
}

static int run_disparity(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, k = r->n_groups ? r->n_groups : 1;
    double *y = malloc(U * sizeof(double));
    size_t *g = malloc(U * sizeof(size_t));
    int rc = (!y || !g) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc && r->do_gini && !(r->gini = calloc(T, sizeof *r->gini)))
        rc = nqpf_fail_nomem(err);
    if (!rc && r->do_theil && !(r->theil = calloc(T, sizeof *r->theil)))
        rc = nqpf_fail_nomem(err);
    if (!rc && r->do_converge && !(r->sigma = calloc(T * 4, sizeof(double))))
        rc = nqpf_fail_nomem(err);
    for (size_t t = 0; t < T && !rc; t++) {
        for (size_t u = 0; u < U; u++) {
            y[u] = score(r, u, t);
            g[u] = r->n_groups ? r->unit_group[u] : 0;
            if (y[u] < 0 && (r->do_gini || r->do_theil))
                rc = nqpf_fail(err, NQPF_EMATH, r->data_path, 0, 0,
                               "period %s: unit '%s' has a negative index score; Gini/Theil need scores >= 0 "
                               "(use a non-negative normalisation)", r->panel->periods[t], r->panel->units[u]);
        }
        if (!rc && r->do_gini)
            rc = nqpf_dagum_gini(y, g, U, k, &r->gini[t], err);
        if (!rc && r->do_theil)
            rc = nqpf_theil(y, g, U, k, &r->theil[t], err);
        if (!rc && r->do_converge) {
            nqpf_sigma s;
            nqpf_sigma_stats(y, U, &s);
            r->sigma[t * 4] = s.sd_pop, r->sigma[t * 4 + 1] = s.cv_pop, r->sigma[t * 4 + 2] = s.sd_log_pop;
            r->sigma[t * 4 + 3] = s.mean;
        }
        if (rc && !strstr(err->msg, "period"))
            snprintf(err->file, sizeof err->file, "%s", r->data_path);
    }
    free(y), free(g);
    return rc;
}

static int run_kde(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, m = r->kde_m;
    r->kde_grid = malloc(m * sizeof(double));
    r->kde_h = malloc(T * sizeof(double));
    r->kde_dens = malloc(T * m * sizeof(double));
    double *y = malloc(U * sizeof(double));
    int rc = (!r->kde_grid || !r->kde_h || !r->kde_dens || !y) ? nqpf_fail_nomem(err) : NQPF_OK;
    double lo = INFINITY, hi = -INFINITY, hmax = 0;
    for (size_t t = 0; t < T && !rc; t++) {
        for (size_t u = 0; u < U; u++)
            y[u] = score(r, u, t), lo = fmin(lo, y[u]), hi = fmax(hi, y[u]);
        if (r->bw_fixed)
            r->kde_h[t] = r->bandwidth;
        else
            rc = nqpf_kde_bandwidth(y, U, r->bw, &r->kde_h[t], err);
        if (!rc)
            hmax = fmax(hmax, r->kde_h[t]);
    }
    /* the grid of `nqpf kde`: data range widened by 3 bandwidths */
    double a = lo - 3.0 * hmax, b = hi + 3.0 * hmax;
    for (size_t gq = 0; gq < m && !rc; gq++)
        r->kde_grid[gq] = gq + 1 == m ? b : a + (b - a) * (double)gq / (double)(m - 1);
    for (size_t t = 0; t < T && !rc; t++) {
        for (size_t u = 0; u < U; u++)
            y[u] = score(r, u, t);
        rc = nqpf_kde_eval(y, U, r->kernel, r->kde_h[t], r->kde_grid, m, r->kde_dens + t * m, err);
    }
    free(y);
    return rc;
}

/* Contiguity weights of the map, aligned with the units and styled (as the
 * spatial subcommands with --geojson … --subset-weights): shared by
 * [moran], [lisa] and the spatial Markov chain. */
static int build_weights(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U;
    if (r->W)
        return NQPF_OK;
    nqpf_polygons *poly = NULL;
    nqpf_weights *raw = NULL, *al = NULL;
    const char *id_field = "adcode";
    for (size_t i = 0; i < r->n_opt; i++)
        if (!strcmp(r->opt[i].key, "map.id-field"))
            id_field = r->opt[i].value;
    int rc = nqpf_polygons_read_geojson(&poly, r->geojson_path, id_field, err);
    if (!rc)
        rc = nqpf_weights_contiguity(&raw, poly, r->queen, 1.4901161193847656e-08, err);
    if (!rc)
        rc = nqpf_weights_align(&al, raw, r->map_id, U, 1, r->data_path, NULL, err);
    if (!rc)
        rc = nqpf_weights_transform(al, r->style, err);
    nqpf_polygons_free(poly);
    nqpf_weights_free(raw);
    if (rc) {
        nqpf_weights_free(al);
        return rc;
    }
    r->W = al;
    return NQPF_OK;
}

static int run_spatial(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    int rc = build_weights(r, err);
    if (rc)
        return rc;
    size_t n = T * U;
    r->zval = malloc(n * sizeof(double));
    if (!r->zval)
        return nqpf_fail_nomem(err);
    if (r->do_moran && !(r->moran = calloc(T, sizeof *r->moran)))
        return nqpf_fail_nomem(err);
    if (r->do_lisa) {
        r->lisa_ii = malloc(n * sizeof(double)), r->lisa_z = malloc(n * sizeof(double));
        r->lisa_p = malloc(n * sizeof(double)), r->lisa_psim = malloc(n * sizeof(double));
        r->lisa_lag = malloc(n * sizeof(double)), r->lisa_quad = malloc(n * sizeof *r->lisa_quad);
        if (!r->lisa_ii || !r->lisa_z || !r->lisa_p || !r->lisa_psim || !r->lisa_lag || !r->lisa_quad)
            return nqpf_fail_nomem(err);
    }
    double *x = malloc(U * sizeof(double)), *tmp = malloc(3 * U * sizeof(double));
    if (!x || !tmp) {
        free(x), free(tmp);
        return nqpf_fail_nomem(err);
    }
    for (size_t t = 0; t < T && !rc; t++) {
        double mean = 0, ss = 0;
        for (size_t u = 0; u < U; u++)
            x[u] = score(r, u, t), mean += x[u];
        mean /= (double)U;
        for (size_t u = 0; u < U; u++)
            ss += (x[u] - mean) * (x[u] - mean);
        double sd = sqrt(ss / (double)U);
        for (size_t u = 0; u < U; u++)
            r->zval[t * U + u] = sd > 0 ? (x[u] - mean) / sd : 0.0;
        if (r->do_moran) {
            nqpf_global_opts go = {NQPF_ALT_GREATER, 1, r->moran_perm, r->moran_seed, NULL};
            rc = nqpf_moran(r->W, x, &go, &r->moran[t], err);
        }
        if (!rc && r->do_lisa) {
            nqpf_local_opts lo = {NQPF_LISA_SCALE_N, 1, NQPF_ALT_TWO_SIDED, r->lisa_perm, r->lisa_seed, NULL};
            nqpf_lisa_result lr = {r->lisa_ii + t * U, tmp, tmp + U, r->lisa_z + t * U, r->lisa_p + t * U,
                                   r->lisa_perm ? r->lisa_psim + t * U : NULL, r->lisa_perm ? tmp + 2 * U : NULL,
                                   r->lisa_quad + t * U};
            rc = nqpf_local_moran(r->W, x, &lo, &lr, err);
            if (!r->lisa_perm)
                for (size_t u = 0; u < U; u++)
                    r->lisa_psim[t * U + u] = NAN;
            nqpf_weights_lag(r->W, r->zval + t * U, r->lisa_lag + t * U);
        }
        if (rc) {
            char m[sizeof err->msg + 64];
            snprintf(m, sizeof m, "period %.40s: %s", r->panel->periods[t], err->msg);
            memcpy(err->msg, m, sizeof err->msg - 1);
            err->msg[sizeof err->msg - 1] = '\0';
        }
    }
    free(x), free(tmp);
    return rc;
}

static int run_obstacle(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, J = r->sys->n_ind;
    if (r->iopt.normalize != NQPF_NORM_MINMAX && r->iopt.normalize != NQPF_NORM_RATIO)
        return nqpf_fail(err, NQPF_EINPUT, r->proj->path, 0, 0,
                         "[obstacle] needs index.normalize = minmax or ratio (best value 1)");
    r->obst = malloc(U * T * J * sizeof(double));
    r->obst_dim = calloc(U * T * r->n_dims, sizeof(double));
    double *I = malloc(U * J * sizeof(double)), *O = malloc(U * J * sizeof(double)), *Z = malloc(U * J * sizeof(double));
    int *best = malloc(U * sizeof(int));
    int rc = (!r->obst || !r->obst_dim || !I || !O || !Z || !best) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t t = 0; t < T && !rc; t++) {
        size_t blk = r->ix.per_period ? t : 0;
        for (size_t u = 0; u < U; u++)
            for (size_t j = 0; j < J; j++)
                Z[u * J + j] = *nqpf_panel_cell(r->panel, u, t, j);
        rc = nqpf_obstacle(Z, U, J, r->ix.w + blk * J, r->iopt.shift, I, O, best, err);
        for (size_t u = 0; u < U && !rc; u++)
            for (size_t j = 0; j < J; j++) {
                double v = O[u * J + j];
                r->obst[(u * T + t) * J + j] = v;
                for (size_t d = 0; d < r->n_dims; d++)
                    if (r->sys->ind[j].dimension == r->dim_node[d])
                        r->obst_dim[(u * T + t) * r->n_dims + d] += v;
            }
    }
    free(I), free(O), free(Z), free(best);
    return rc;
}

/* Coupling coordination of the top-level dimensions.  With a weighted sum
 * the node score of dimension d is sum_{j in d} w_j Z_j, so
 *   U_d = node_d / W_d - shift,   W_d = sum_{j in d} w_j,
 * is the dimension's own weighted index on the unshifted [0, 1] scale
 * (weights renormalised within d).  Rounding may put U a few ulps outside
 * [0, 1]; values within 1e-12 are clamped, anything else is a bug. */
static int run_coupling(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, J = r->sys->n_ind, nn = r->sys->n_nodes;
    size_t D = r->n_dims;
    if (D < 2) {
        const nqpf_project_section *s2 = nqpf_project_section_get(r->proj, "coupling");
        return nqpf_fail(err, NQPF_EINPUT, r->proj->path, s2->line, s2->col,
                         "[coupling] needs at least 2 dimensions in the indicator system");
    }
    r->cp_U = malloc(U * T * D * sizeof(double));
    r->cp_C = malloc(U * T * sizeof(double));
    r->cp_T = malloc(U * T * sizeof(double));
    r->cp_D = malloc(U * T * sizeof(double));
    double *alpha = malloc(D * sizeof(double)), *W = malloc(D * sizeof(double));
    int rc = (!r->cp_U || !r->cp_C || !r->cp_T || !r->cp_D || !alpha || !W) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t d = 0; !rc && d < D; d++)
        alpha[d] = 1.0 / (double)D;
    for (size_t t = 0; t < T && !rc; t++) {
        size_t blk = r->ix.per_period ? t : 0;
        for (size_t d = 0; d < D; d++) {
            W[d] = 0;
            for (size_t j = 0; j < J; j++)
                if (r->sys->ind[j].dimension == r->dim_node[d])
                    W[d] += r->ix.w[blk * J + j];
        }
        for (size_t u = 0; u < U && !rc; u++) {
            double *Ud = r->cp_U + (u * T + t) * D;
            for (size_t d = 0; d < D; d++) {
                double v = W[d] > 0 ? r->ix.node_score[(u * T + t) * nn + r->dim_node[d]] / W[d] - r->iopt.shift : NAN;
                if (v < 0 && v > -1e-12)
                    v = 0;
                if (v > 1 && v < 1 + 1e-12)
                    v = 1;
                Ud[d] = v;
            }
            rc = nqpf_coupling(Ud, D, alpha, r->coupling, &r->cp_C[u * T + t], &r->cp_T[u * T + t],
                               &r->cp_D[u * T + t], err);
            if (rc)
                nqpf_fail(err, NQPF_EINTERNAL, r->data_path, 0, 0, "coupling of unit '%s', period %s: %s",
                          r->panel->units[u], r->panel->periods[t], err->msg);
        }
    }
    free(alpha), free(W);
    return rc;
}

/* Probabilities and steady state of one chain's counts; no unique steady
 * state (an empty row, several closed classes) is reported as empty (NaN),
 * not as a failure, as `nqpf markov` does. */
static int markov_chain(const double *counts, size_t k, double *p, double *pi, nqpf_error *err)
{
    nqpf_markov_probs(counts, k, 0, p);
    nqpf_error e2;
    nqpf_error_clear(&e2);
    int src = nqpf_markov_steady(p, k, pi, &e2);
    if (src == NQPF_EMATH)
        for (size_t i = 0; i < k; i++)
            pi[i] = NAN;
    else if (src)
        *err = e2;
    return src == NQPF_EMATH ? NQPF_OK : src;
}

/* Markov chain of the scores' quantile classes (as `nqpf markov`). */
static int run_markov(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T, k = r->mk_k;
    double *y = malloc(U * T * sizeof(double));
    size_t *cls = malloc(U * T * sizeof(size_t));
    r->mk_counts = malloc(k * k * sizeof(double));
    r->mk_p = malloc(k * k * sizeof(double));
    r->mk_pi = malloc(k * sizeof(double));
    int rc = (!y || !cls || !r->mk_counts || !r->mk_p || !r->mk_pi) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc) {
        memcpy(y, r->ix.score, U * T * sizeof(double)); /* same [u * T + t] layout */
        rc = nqpf_markov_classes(y, U, T, k, r->mk_pooled ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD, NULL, cls, err);
    }
    if (!rc) {
        nqpf_markov_counts(cls, U, T, k, r->mk_counts);
        rc = markov_chain(r->mk_counts, k, r->mk_p, r->mk_pi, err);
    }
    /* spatial Markov (Rey 2001): each transition counted in the matrix of the
     * class of the unit's spatial lag in the origin period, the lag classed
     * as the scores are (as `nqpf markov --spatial`) */
    size_t kl = r->mk_klag;
    if (!rc && r->mk_spatial && !(rc = build_weights(r, err))) {
        r->mk_sp_counts = malloc(kl * k * k * sizeof(double));
        r->mk_sp_p = malloc(kl * k * k * sizeof(double));
        r->mk_sp_pi = malloc(kl * k * sizeof(double));
        if (!r->mk_sp_counts || !r->mk_sp_p || !r->mk_sp_pi)
            rc = nqpf_fail_nomem(err);
        if (!rc)
            rc = nqpf_spatial_markov_counts(r->W, y, cls, U, T, k, kl,
                                            r->mk_pooled ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD, NULL,
                                            r->mk_sp_counts, NULL, err);
        for (size_t l = 0; !rc && l < kl; l++)
            rc = markov_chain(r->mk_sp_counts + l * k * k, k, r->mk_sp_p + l * k * k, r->mk_sp_pi + l * k, err);
    }
    free(y), free(cls);
    return rc;
}

static int run_forecast(nqpf_report *r, nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    r->n_series = r->n_groups + 1;
    r->series = calloc(r->n_series * T, sizeof(double));
    r->gm = calloc(r->n_series, sizeof *r->gm);
    r->gm_ok = calloc(r->n_series, sizeof(int));
    r->gm_note = calloc(r->n_series, sizeof(char *));
    if (!r->series || !r->gm || !r->gm_ok || !r->gm_note)
        return nqpf_fail_nomem(err);
    for (size_t s = 0; s < r->n_series; s++)
        for (size_t t = 0; t < T; t++) {
            double sum = 0;
            size_t n = 0;
            for (size_t u = 0; u < U; u++)
                if (s == r->n_groups || r->unit_group[u] == s)
                    sum += score(r, u, t), n++;
            r->series[s * T + t] = sum / (double)n;
        }
    nqpf_gm11_opts go;
    nqpf_gm11_opts_default(&go);
    go.alpha = r->gm_alpha;
    for (size_t s = 0; s < r->n_series; s++) {
        nqpf_error e;
        nqpf_error_clear(&e);
        if (T < 4)
            r->gm_note[s] = nqpf_strdup("GM(1,1) needs at least 4 periods");
        else if (nqpf_gm11_fit(r->series + s * T, T, r->horizon, &go, &r->gm[s], &e) == 0)
            r->gm_ok[s] = 1;
        else
            r->gm_note[s] = nqpf_strdup(e.msg); /* degenerate series: reported per series, not fatal */
        if (!r->gm_ok[s] && !r->gm_note[s])
            return nqpf_fail_nomem(err);
    }
    return NQPF_OK;
}

static int read_analysis_options(nqpf_report *r, nqpf_error *err)
{
    const nqpf_project *p = r->proj;
    int rc;
    r->do_gini = nqpf_project_section_get(p, "gini") != NULL;
    r->do_theil = nqpf_project_section_get(p, "theil") != NULL;
    r->do_converge = nqpf_project_section_get(p, "converge") != NULL;
    r->do_kde = nqpf_project_section_get(p, "kde") != NULL;
    r->do_moran = nqpf_project_section_get(p, "moran") != NULL;
    r->do_lisa = nqpf_project_section_get(p, "lisa") != NULL;
    r->do_obstacle = nqpf_project_section_get(p, "obstacle") != NULL;
    r->do_forecast = nqpf_project_section_get(p, "forecast") != NULL;
    r->do_markov = nqpf_project_section_get(p, "markov") != NULL;
    r->do_coupling = nqpf_project_section_get(p, "coupling") != NULL;
    r->do_malmquist = nqpf_project_section_get(p, "malmquist") != NULL;
    r->do_dea = nqpf_project_section_get(p, "dea") != NULL;
    r->do_growth = nqpf_project_section_get(p, "growth") != NULL;
    if (r->do_coupling) {
        const nqpf_project_section *s2 = nqpf_project_section_get(p, "coupling");
        nqpf_optval v[NQPF_CPL_NOPTS];
        if ((rc = report_section(r, "coupling", NQPF_COUPLE_OPTS, NQPF_CPL_NOPTS, v, err)))
            return rc;
        r->coupling = (nqpf_coupling_kind)v[NQPF_CPL_COUPLING].i;
        nqpf_opt_free(v, NQPF_CPL_NOPTS);
        if (r->iopt.aggregate != NQPF_AGG_WEIGHTED ||
            (r->iopt.normalize != NQPF_NORM_MINMAX && r->iopt.normalize != NQPF_NORM_RATIO))
            return nqpf_fail(err, NQPF_EINPUT, p->path, s2->line, s2->col,
                             "[coupling] needs index.aggregate = weighted and index.normalize = minmax or ratio "
                             "(sub-indices on [0, 1])");
    }
    if (r->do_markov) {
        /* the keys, defaults and checks of `nqpf markov` (include/nqpf/spatial_opts.h) */
        nqpf_optval mv[NQPF_MARKOV_NOPTS];
        if ((rc = report_section(r, "markov", NQPF_MARKOV_OPTS, NQPF_MARKOV_NOPTS, mv, err)))
            return rc;
        r->mk_k = mv[NQPF_MARKOV_CLASSES].z;
        r->mk_pooled = mv[NQPF_MARKOV_CLASSING].i == 1;
        r->mk_spatial = (int)mv[NQPF_MARKOV_SPATIAL].i;
        int klag_given = mv[NQPF_MARKOV_LAG_CLASSES].seen;
        r->mk_klag = klag_given ? mv[NQPF_MARKOV_LAG_CLASSES].z : r->mk_k; /* as --lag-classes: default K */
        nqpf_opt_free(mv, NQPF_MARKOV_NOPTS);
        if (r->mk_spatial && !klag_given) {
            char k[32];
            snprintf(k, sizeof k, "%zu", r->mk_klag);
            if ((rc = report_record(r, "markov", "lag-classes", k, err)))
                return rc;
        }
        if (r->mk_spatial && !r->geojson_path) {
            const nqpf_project_kv *sk = nqpf_project_get(nqpf_project_section_get(p, "markov"), "spatial");
            return report_bad_value(r, sk, "a spatial Markov chain needs a [map] section (its contiguity weights)", err);
        }
    }
    if (r->do_kde) {
        /* the keys and defaults of `nqpf kde` (include/nqpf/compare_opts.h) */
        nqpf_optval v[NQPF_KDE_NOPTS];
        if ((rc = report_section(r, "kde", NQPF_KDE_OPTS, NQPF_KDE_NOPTS, v, err)))
            return rc;
        r->kernel = (nqpf_kernel)v[NQPF_KDE_KERNEL].i;
        r->bw = (nqpf_bw_rule)v[NQPF_KDE_BW].i;
        r->bw_fixed = v[NQPF_KDE_BANDWIDTH].seen;
        r->bandwidth = v[NQPF_KDE_BANDWIDTH].num;
        r->kde_m = v[NQPF_KDE_GRID].z;
        nqpf_opt_free(v, NQPF_KDE_NOPTS);
    }
    /* contiguity weights: queen, row-standardised unless [moran] says otherwise; the keys, defaults and
     * checks of `nqpf moran` and `nqpf lisa` (include/nqpf/spatial_opts.h) */
    r->queen = 1;
    r->style = 'W';
    if (r->do_moran) {
        nqpf_optval mv[NQPF_MORAN_NOPTS];
        if ((rc = report_section(r, "moran", NQPF_MORAN_OPTS, NQPF_MORAN_NOPTS, mv, err)))
            return rc;
        r->queen = mv[NQPF_MORAN_SP + NQPF_SP_CONTIGUITY].i == 0; /* queen|rook */
        r->style = mv[NQPF_MORAN_SP + NQPF_SP_STYLE].text[0];
        r->moran_perm = mv[NQPF_MORAN_PERMUTATIONS].z;
        r->moran_seed = mv[NQPF_MORAN_SEED].z;
        nqpf_opt_free(mv, NQPF_MORAN_NOPTS);
    }
    if (r->do_lisa) {
        nqpf_optval lv[NQPF_LISA_NOPTS];
        if ((rc = report_section(r, "lisa", NQPF_LISA_OPTS, NQPF_LISA_NOPTS, lv, err)))
            return rc;
        r->lisa_perm = lv[NQPF_LISA_PERMUTATIONS].z;
        r->lisa_seed = lv[NQPF_LISA_SEED].z;
        r->lisa_alpha = lv[NQPF_LISA_ALPHA].num;
        nqpf_opt_free(lv, NQPF_LISA_NOPTS);
    }
    if (r->do_obstacle) {
        /* `nqpf obstacle --top`: all rows on the command line, the 5 largest in the report's table */
        nqpf_optval ov[NQPF_OBS_NOPTS];
        if ((rc = report_section(r, "obstacle", NQPF_OBSTACLE_OPTS, NQPF_OBS_NOPTS, ov, err)))
            return rc;
        int given = ov[NQPF_OBS_TOP].seen;
        r->top = given ? ov[NQPF_OBS_TOP].z : 5;
        nqpf_opt_free(ov, NQPF_OBS_NOPTS);
        if (!given && (rc = report_record(r, "obstacle", "top", "5", err)))
            return rc;
    }
    if (r->do_forecast) {
        nqpf_optval fv[NQPF_FC_NOPTS];
        if ((rc = report_section(r, "forecast", NQPF_FORECAST_OPTS, NQPF_FC_NOPTS, fv, err)))
            return rc;
        r->horizon = fv[NQPF_FC_HORIZON].z;
        r->gm_alpha = fv[NQPF_FC_ALPHA].num;
        nqpf_opt_free(fv, NQPF_FC_NOPTS);
    }
    if ((r->do_gini || r->do_theil) && !r->n_groups) {
        const nqpf_project_section *s2 = nqpf_project_section_get(p, r->do_gini ? "gini" : "theil");
        return nqpf_fail(err, NQPF_EINPUT, p->path, s2->line, s2->col, "[%s] needs a [group] section", s2->name);
    }
    if ((r->do_moran || r->do_lisa) && !r->geojson_path) {
        const nqpf_project_section *s2 = nqpf_project_section_get(p, r->do_moran ? "moran" : "lisa");
        return nqpf_fail(err, NQPF_EINPUT, p->path, s2->line, s2->col, "[%s] needs a [map] section", s2->name);
    }
    if (r->do_obstacle && r->iopt.normalize != NQPF_NORM_MINMAX && r->iopt.normalize != NQPF_NORM_RATIO) {
        const nqpf_project_section *s2 = nqpf_project_section_get(p, "obstacle");
        return nqpf_fail(err, NQPF_EINPUT, p->path, s2->line, s2->col,
                         "[obstacle] needs index.normalize = minmax or ratio (best value 1)");
    }
    return NQPF_OK;
}

int nqpf_report_compute(const nqpf_project *proj, const nqpf_report_opts *o, nqpf_report *r, nqpf_error *err)
{
    memset(r, 0, sizeof *r);
    r->proj = proj;
    r->en = o && o->lang && !strcmp(o->lang, "en");
    int rc = nqpf_project_check(proj, err);
    const char *steps[] = {"index", "gini/theil/σ/β", "kde", "moran/lisa", "obstacle", "coupling/markov", "forecast", "malmquist/dea", "growth"};
    size_t ns = sizeof steps / sizeof *steps;
#define PROGRESS(i)                                                                                          \
    do {                                                                                                     \
        if (o && o->progress)                                                                                \
            o->progress(o->progress_ctx, (i), ns, steps[(i) < ns ? (i) : ns - 1]);                           \
    } while (0)
    if (!rc)
        rc = read_index(r, err);
    if (!rc)
        rc = read_analysis_options(r, err);
    PROGRESS(1);
    if (!rc && (r->do_gini || r->do_theil || r->do_converge))
        rc = run_disparity(r, err);
    if (!rc && r->do_converge)
        rc = report_run_beta(r, err);
    PROGRESS(2);
    if (!rc && r->do_kde)
        rc = run_kde(r, err);
    PROGRESS(3);
    if (!rc && (r->do_moran || r->do_lisa))
        rc = run_spatial(r, err);
    PROGRESS(4);
    if (!rc && r->do_obstacle)
        rc = run_obstacle(r, err);
    PROGRESS(5);
    if (!rc && r->do_coupling)
        rc = run_coupling(r, err);
    if (!rc && r->do_markov)
        rc = run_markov(r, err);
    PROGRESS(6);
    if (!rc && r->do_forecast)
        rc = run_forecast(r, err);
    PROGRESS(7);
    if (!rc && r->do_malmquist)
        rc = report_run_malmquist(r, err);
    if (!rc && r->do_dea)
        rc = report_run_dea(r, err);
    PROGRESS(8);
    if (!rc && r->do_growth)
        rc = report_run_growth(r, err);
    if (!rc)
        rc = report_run_econ(r, err);
    PROGRESS(9);
#undef PROGRESS
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
    report_free_malmquist(r);
    report_free_dea(r);
    report_free_beta(r);
    report_free_growth(r);
    report_free_econ(r);
    free(r->raw);
    nqpf_panel_free(r->panel);
    nqpf_system_free(r->sys);
    memset(r, 0, sizeof *r);
}
