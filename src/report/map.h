/* nqpf — the report's choropleth maps (internal): the [map] section, and
 * the maps of the page with their captions.  The drawing is the map
 * library's (include/nqpf/map.h). */
#ifndef NQPF_REPORT_MAP_H
#define NQPF_REPORT_MAP_H

#include "nqpf/map.h"
#include "report_internal.h"

/* [map] (map_style.c): read and record the section's keys (its option
 * table), return the base-map keys and fill r->mapst except the years;
 * then, once the panel's periods are known, resolve `years`. */
int report_map_read(nqpf_report *r, const char **geojson, const char **id_field, const char **column,
                    nqpf_error *err);
int report_map_years(nqpf_report *r, nqpf_error *err);

/* The maps of the page with their captions (map_html.c): the index in
 * the [map] years (opens its section), the LISA clusters of the last period
 * and the mean TFP change (figures of the current section). */
int report_map_index_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_map_lisa_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_map_malmquist_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);

#endif
