/* nqpf CLI — what the spatial commands (weights, moran, lisa, markov
 * --spatial) share: the weights options, reading long data grouped by period,
 * and turning raw weights into the aligned, styled weights of one period. */
#ifndef NQPF_CLI_SPATIAL_CLI_H
#define NQPF_CLI_SPATIAL_CLI_H

#include "args.h"
#include "nqpf/csv.h"
#include "nqpf/spatial.h"

typedef struct spatial_cli {
    const char *geojson, *id_field, *contiguity, *coords, *weights, *style, *metric;
    size_t knn, order;
    double band, power, snap;
    int link_islands, no_row_std, row_std, subset, centroid, force;
} spatial_cli;

/* Option rows for the weights (N_SPATIAL_OPTS of them). */
#define N_SPATIAL_OPTS 18
#define SPATIAL_OPTS(s)                                                                                   \
    {"geojson", OPT_STR, &(s).geojson, "FILE", "polygons (GeoJSON FeatureCollection) for contiguity or label points", 0}, \
    {"id-field", OPT_STR, &(s).id_field, "NAME", "GeoJSON property naming each unit (default adcode)", 0},               \
    {"contiguity", OPT_STR, &(s).contiguity, "queen|rook", "contiguity from --geojson (default queen when no other weights)", 0}, \
    {"snap", OPT_DOUBLE, &(s).snap, "D", "points closer than D in x and y are shared (default 1.49e-8, spdep poly2nb)", 0}, \
    {"knn", OPT_SIZE, &(s).knn, "K", "K nearest neighbours of the coordinates", 0},                                   \
    {"distance-band", OPT_DOUBLE, &(s).band, "D", "neighbours within distance D (0 < d <= D)", 0},                     \
    {"inverse-distance", OPT_DOUBLE, &(s).power, "P", "weights d^-P within the band (all pairs without --distance-band)", 0}, \
    {"coords", OPT_STR, &(s).coords, "X,Y", "coordinate columns of --data (else GeoJSON label points)", 0},             \
    {"centroids", OPT_FLAG, &(s).centroid, NULL, "use polygon centroids, not the GeoJSON 'cp' label points", 0},       \
    {"metric", OPT_STR, &(s).metric, "euclidean|greatcircle", "distance (default greatcircle km for GeoJSON and lon/lat --coords, else euclidean)", 0}, \
    {"weights", OPT_STR, &(s).weights, "FILE", "edge list CSV from,to[,weight] (empty 'to' = no neighbours)", 0},       \
    {"style", OPT_STR, &(s).style, "W|B|C|U|S", "W row-standardised (default), B raw/binary, C global, U unit-sum, S variance-stabilising", 0}, \
    {"row-standardize", OPT_FLAG, &(s).row_std, NULL, "row-standardise (the default; same as --style W)", 0}, \
    {"no-row-standardize", OPT_FLAG, &(s).no_row_std, NULL, "same as --style B", 0},                                 \
    {"neighbour-order", OPT_SIZE, &(s).order, "K", "use neighbours at exactly K steps (spdep nblag; default 1)", 0}, \
    {"link-islands", OPT_FLAG, &(s).link_islands, NULL, "link each unit without neighbours to its nearest unit", 0},   \
    {"subset-weights", OPT_FLAG, &(s).subset, NULL, "drop weights units absent from the data (else an error)", 0},     \
    {"force", OPT_FLAG, &(s).force, NULL, "overwrite --out if it exists", 0}

void spatial_cli_init(spatial_cli *s);

/* Long data: one row per unit (and period).  Rows are grouped by period in
 * order of first appearance (one group when there is no period column). */
typedef struct spatial_data {
    nqpf_table *t;
    size_t ucol;
    double *value;          /* n_rows values of --value */
    size_t n_groups;
    const char **group;     /* period labels ("" without --period) */
    size_t *goff;           /* n_groups + 1 offsets into rows */
    size_t *rows;           /* row indices grouped by period */
} spatial_data;

/* allow_missing: missing --value cells become NaN (else an error at the cell). */
int spatial_data_read(spatial_data *d, const char *path, const char *unit, const char *value,
                      const char *period, int allow_missing, nqpf_error *err);

/* Parse --missing error|drop into *drop. */
int spatial_missing_policy(const char *s, int *drop, nqpf_error *err);
void spatial_data_free(spatial_data *d);

/* Raw weights (before alignment and style) from the options, plus the
 * coordinates of every weights unit for --link-islands (x/y malloc'd,
 * NULL when there are none).  d may be NULL when only files are used. */
typedef struct spatial_raw {
    nqpf_weights *w;
    double *x, *y;
    nqpf_metric metric;
    char **names;           /* GeoJSON names per weights unit (may be NULL) */
    size_t n_names;
    const char *what;       /* description for output, e.g. "queen contiguity" */
} spatial_raw;

int spatial_raw_build(spatial_raw *r, const spatial_cli *s, const spatial_data *d, nqpf_error *err);
void spatial_raw_free(spatial_raw *r);
char spatial_style(const spatial_cli *s);

/* Weights for the units ids[0..n) (one period): aligned (subset if asked),
 * islands linked if asked, self-links when star, styled. */
int spatial_weights_for(nqpf_weights **out, const spatial_raw *r, const spatial_cli *s,
                        char *const *ids, size_t n, const char *data_path, const long *lines,
                        int star, char style, nqpf_error *err);

/* Warn on stderr about units without neighbours (once per weights). */
void spatial_warn_islands(const nqpf_weights *w, const char *where);

/* Parse greater|less|two-sided. */
int spatial_alternative(const char *s, nqpf_alternative *alt, nqpf_error *err);
const char *spatial_alternative_name(nqpf_alternative a);

#endif
