/* nqpf — the [map] section: base map and drawing options (option table in
 * src/map/map_opts.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

int report_map_read(nqpf_report *r, const char **geojson, const char **id_field, const char **column,
                    nqpf_error *err)
{
    nqpf_optval v[NQPF_MAP_NOPTS];
    int rc = report_section(r, "map", NQPF_MAP_OPTS, NQPF_MAP_NOPTS, v, err);
    if (rc)
        return rc;
    /* the texts point into the project (or the table's defaults), which outlive the report */
    *geojson = v[NQPF_MAP_GEOJSON].text, *id_field = v[NQPF_MAP_ID_FIELD].text, *column = v[NQPF_MAP_COLUMN].text;
    nqpf_map_style *st = &r->mapst;
    st->classes = (nqpf_map_classes)v[NQPF_MAP_CLASSES].i;
    st->k = v[NQPF_MAP_K].z;
    st->labels = (int)v[NQPF_MAP_LABELS].i;
    st->inset = (nqpf_map_inset)v[NQPF_MAP_INSET].i;
    const nqpf_optval *tv = &v[NQPF_MAP_TITLE];
    snprintf(st->title, sizeof st->title, "%s", tv->text ? tv->text : "");
    const nqpf_optval *bv = &v[NQPF_MAP_BREAKS];
    nqpf_optsrc src = {r->proj->path, bv->line, bv->col};
    if (tv->text && strlen(tv->text) >= sizeof st->title)
        rc = nqpf_fail(err, NQPF_EINPUT, r->proj->path, tv->line, tv->col, "title is longer than %zu bytes",
                       sizeof st->title - 1);
    else if (st->classes == NQPF_MAP_BREAKS_USER && !bv->n_items)
        rc = nqpf_fail(err, NQPF_EINPUT, r->proj->path, v[NQPF_MAP_CLASSES].line, v[NQPF_MAP_CLASSES].col,
                       "classes = breaks needs 'breaks = X,Y,…' in [map]");
    else if (st->classes != NQPF_MAP_BREAKS_USER && bv->n_items)
        rc = nqpf_fail(err, NQPF_EINPUT, src.file, src.line, src.col, "breaks are used only with classes = breaks");
    for (size_t i = 0; !rc && i < bv->n_items; i++) {
        char *end;
        double x = strtod(bv->items[i], &end);
        if (end == bv->items[i] || *end || !(x - x == 0))
            rc = nqpf_fail(err, NQPF_EINPUT, src.file, src.line, src.col, "'%s': breaks must be numbers",
                           bv->items[i]);
        else if (i && !(x > st->breaks[i - 1]))
            rc = nqpf_fail(err, NQPF_EINPUT, src.file, src.line, src.col,
                           "'%s': breaks must increase (after %s)", bv->items[i], bv->items[i - 1]);
        st->breaks[i] = x;
    }
    if (!rc && st->classes == NQPF_MAP_BREAKS_USER)
        st->n_breaks = bv->n_items, st->k = bv->n_items + 1;
    nqpf_opt_free(v, NQPF_MAP_NOPTS);
    return rc;
}

/* years = first, middle, last or period labels, in any order: the panels in
 * time order, each once. */
int report_map_years(nqpf_report *r, nqpf_error *err)
{
    const nqpf_project_kv *kv = nqpf_project_get(nqpf_project_section_get(r->proj, "map"), "years");
    const char *spec = kv ? kv->value : NQPF_MAP_OPTS[NQPF_MAP_YEARS].def;
    nqpf_map_style *st = &r->mapst;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    size_t T = r->T;
    st->n_years = 0;
    for (char *save = NULL, *it = strtok_r(buf, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
        while (*it == ' ' || *it == '\t')
            it++;
        for (size_t n = strlen(it); n && (it[n - 1] == ' ' || it[n - 1] == '\t');)
            it[--n] = 0;
        size_t t = T;
        if (!strcmp(it, "first"))
            t = 0;
        else if (!strcmp(it, "middle"))
            t = (T - 1) / 2;
        else if (!strcmp(it, "last"))
            t = T - 1;
        else
            for (size_t q = 0; q < T && t == T; q++)
                if (!strcmp(r->panel->periods[q], it))
                    t = q;
        if (t == T)
            return nqpf_fail(err, NQPF_EINPUT, r->proj->path, kv ? kv->line : 0, kv ? kv->value_col : 0,
                             "'%s': years must be first, middle, last or periods of the data (%s–%s)", it,
                             r->panel->periods[0], r->panel->periods[T - 1]);
        size_t i = 0; /* insert in time order, once (the list has at most NQPF_MAP_MAXYEARS items) */
        while (i < st->n_years && st->years[i] < t)
            i++;
        if ((i == st->n_years || st->years[i] != t) && st->n_years < NQPF_MAP_MAXYEARS) {
            memmove(st->years + i + 1, st->years + i, (st->n_years - i) * sizeof *st->years);
            st->years[i] = t, st->n_years++;
        }
    }
    return NQPF_OK;
}
