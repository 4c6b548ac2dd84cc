/* nqpf — the option table of the project's [map] section
 * (include/nqpf/map_opts.h). */
#include "nqpf/map_opts.h"

const nqpf_optdef NQPF_MAP_OPTS[NQPF_MAP_NOPTS] = {
    [NQPF_MAP_GEOJSON] = {.name = "geojson", .type = NQPF_OPT_STRING, .metavar = "FILE",
                          .help = "polygons of the units (GeoJSON FeatureCollection)", .example = "china_provinces.geojson",
                          .flags = NQPF_OPTF_REQUIRED | NQPF_OPTF_PROJECT},
    [NQPF_MAP_ID_FIELD] = {.name = "id-field", .type = NQPF_OPT_STRING, .def = "adcode", .metavar = "NAME",
                           .help = "feature property holding each unit's code", .example = "adcode",
                           .flags = NQPF_OPTF_PROJECT},
    [NQPF_MAP_COLUMN] = {.name = "column", .type = NQPF_OPT_STRING, .metavar = "COL",
                         .help = "data column holding the same code", .example = "gb_code",
                         .flags = NQPF_OPTF_REQUIRED | NQPF_OPTF_PROJECT},
    [NQPF_MAP_CLASSES] = {.name = "classes", .type = NQPF_OPT_CHOICE, .def = "quantile",
                          .choices = "quantile|jenks|equal|breaks",
                          .help = "colour classes of the index map: equal counts, natural breaks (Jenks), equal "
                                  "width, or the values in breaks",
                          .example = "jenks", .flags = NQPF_OPTF_PROJECT},
    [NQPF_MAP_K] = {.name = "k", .type = NQPF_OPT_SIZE, .def = "5", .lo = 2, .hi = NQPF_MAP_MAXK,
                    .help = "number of classes (not with classes = breaks)", .example = "4",
                    .flags = NQPF_OPTF_PROJECT},
    [NQPF_MAP_BREAKS] = {.name = "breaks", .type = NQPF_OPT_LIST, .def = "", .lo = 0, .hi = NQPF_MAP_MAXK - 1,
                         .metavar = "X,Y,...", .help = "class limits for classes = breaks, ascending (a value "
                                                        "equal to a limit falls in the lower class)",
                         .example = "0.1,0.2,0.4", .flags = NQPF_OPTF_PROJECT},
    [NQPF_MAP_TITLE] = {.name = "title", .type = NQPF_OPT_STRING, .metavar = "TEXT",
                        .help = "legend title of the index map (default: the index's name in the report language)",
                        .example = "新质生产力指数", .flags = NQPF_OPTF_PROJECT | NQPF_OPTF_CONTEXT},
    [NQPF_MAP_LABELS] = {.name = "labels", .type = NQPF_OPT_FLAG, .def = "no",
                         .help = "write each unit's name at its label point (GeoJSON property cp)",
                         .flags = NQPF_OPTF_PROJECT},
    [NQPF_MAP_YEARS] = {.name = "years", .type = NQPF_OPT_LIST, .def = "first,middle,last", .lo = 1,
                        .hi = NQPF_MAP_MAXYEARS, .metavar = "LIST",
                        .help = "periods of the index map side by side: period labels, or first, middle, last",
                        .example = "2010,2023", .flags = NQPF_OPTF_PROJECT},
    [NQPF_MAP_INSET] = {.name = "inset", .type = NQPF_OPT_CHOICE, .def = "auto", .choices = "auto|yes|no",
                        .help = "the South China Sea islands inset (auto: on a map of all China)",
                        .example = "yes", .flags = NQPF_OPTF_PROJECT},
};
