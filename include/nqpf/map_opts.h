/* nqpf — the [map] section of a project: the base map (GeoJSON, the id
 * property, the data column holding the same code) and how the report
 * draws its choropleths (classes, years, inset, labels, legend title),
 * declared once as an option table (include/nqpf/opt.h). */
#ifndef NQPF_MAP_OPTS_H
#define NQPF_MAP_OPTS_H

#include "nqpf/opt.h"

enum nqpf_map_opt {
    NQPF_MAP_GEOJSON, NQPF_MAP_ID_FIELD, NQPF_MAP_COLUMN, NQPF_MAP_CLASSES, NQPF_MAP_K, NQPF_MAP_BREAKS,
    NQPF_MAP_TITLE, NQPF_MAP_LABELS, NQPF_MAP_YEARS, NQPF_MAP_INSET, NQPF_MAP_NOPTS
};
extern const nqpf_optdef NQPF_MAP_OPTS[NQPF_MAP_NOPTS];

/* classes = (the order of the choices) */
typedef enum nqpf_map_classes { NQPF_MAP_QUANTILE, NQPF_MAP_JENKS, NQPF_MAP_EQUAL, NQPF_MAP_BREAKS_USER } nqpf_map_classes;
/* inset = */
typedef enum nqpf_map_inset { NQPF_INSET_AUTO, NQPF_INSET_YES, NQPF_INSET_NO } nqpf_map_inset;

#define NQPF_MAP_MAXK 9      /* the largest ColorBrewer sequential scheme */
#define NQPF_MAP_MAXYEARS 6  /* small multiples side by side in one figure */

/* The resolved [map] drawing options of a report. */
typedef struct nqpf_map_style {
    nqpf_map_classes classes;
    size_t k;                         /* classes (breaks: n_breaks + 1) */
    double breaks[NQPF_MAP_MAXK];     /* user breaks, ascending */
    size_t n_breaks;
    char title[128];                  /* legend title ("" = the report's default) */
    int labels;
    nqpf_map_inset inset;
    size_t n_years;                   /* panels of the index map */
    size_t years[NQPF_MAP_MAXYEARS];  /* period indices, ascending */
} nqpf_map_style;

#endif
