/* nqpf — spatial weights and spatial autocorrelation.
 *
 * Weights are a sparse matrix in compressed rows (CSR): row i lists the
 * neighbours j of unit i with weights w_ij.  They are built "raw" (1 for
 * contiguity, k-nearest and distance-band neighbours; d^-p for inverse
 * distance; the file's weight column for an edge list), then aligned to the
 * data's units, then transformed by a style:
 *   W  row-standardised: w_ij / sum_j w_ij            (default; spdep "W", esda "r")
 *   B  basic: the raw weights (binary for contiguity/knn/band) (spdep "B", esda "b")
 *   C  globally standardised: w_ij * n / S0           (spdep "C")
 *   U  w_ij / S0 (sum of all weights 1)               (spdep "U")
 *   S  Tiefelsdorf variance-stabilising: w_ij/q_i with q_i = sqrt(sum_j w_ij^2),
 *      then scaled by n / sum (spdep "S")
 * A unit without neighbours (an "island") keeps an empty row whatever the
 * style (spdep zero.policy=TRUE); its spatial lag is 0.
 *
 * Ownership: every constructor returns a new nqpf_weights owned by the
 * caller and freed with nqpf_weights_free.  Functions never keep pointers to
 * their arguments. */
#ifndef NQPF_SPATIAL_H
#define NQPF_SPATIAL_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"

struct nqpf_crosswalk;
struct nqpf_match_note;

typedef struct nqpf_weights {
    size_t n;       /* units */
    char **id;      /* n unit ids (UTF-8, owned) */
    size_t *off;    /* n + 1 row offsets into nbr/w */
    size_t *nbr;    /* off[n] neighbour indices, ascending within a row */
    double *w;      /* off[n] weights */
    char style;     /* 'R' raw (as built), or the style letter applied */
    /* Matching data units to these units (see nqpf_units_match).  Set by
     * nqpf_weights_contiguity from the polygons and kept by
     * nqpf_weights_lag_order; NULL otherwise, and then nqpf_weights_align
     * matches ids exactly. */
    char **name;                 /* n names (entries may be NULL), owned */
    struct nqpf_crosswalk *xw;   /* code and name changes, owned, or NULL */
    /* Set by nqpf_weights_align when a data unit was matched other than by
     * its exact id, or kept without a polygon: one note per such unit. */
    struct nqpf_match_note *notes;
    size_t n_notes;
} nqpf_weights;

void nqpf_weights_free(nqpf_weights *w);
size_t nqpf_weights_card(const nqpf_weights *w, size_t i);   /* neighbours of i */
size_t nqpf_weights_islands(const nqpf_weights *w);          /* units without neighbours */

/* Build from directed edges (from[e] -> to[e], weight wt[e], or 1 when wt is
 * NULL) over n units named ids[0..n) (copied).  Self-links and repeated
 * links are errors (NQPF_EINPUT); negative or non-finite weights too. */
int nqpf_weights_from_edges(nqpf_weights **out, size_t n, char *const *ids, size_t n_edges,
                            const size_t *from, const size_t *to, const double *wt,
                            nqpf_error *err);

/* Read an edge-list CSV with columns from,to[,weight] (ids are text).  Units
 * are numbered in order of first appearance; a row with an empty `to` declares
 * a unit without neighbours.  Errors carry FILE:LINE:COL. */
int nqpf_weights_read_edges(nqpf_weights **out, const char *path, nqpf_error *err);

/* Write the edge list (from,to,weight) atomically; islands as "id,," rows so
 * that reading the file back gives the same units.  path "-" = stdout;
 * flags as nqpf_outfile_open's (force, BOM). */
int nqpf_weights_write_edges(const nqpf_weights *w, const char *path, int flags,
                             nqpf_error *err);

/* ---- geometry ---------------------------------------------------------- */

typedef enum nqpf_metric { NQPF_METRIC_EUCLIDEAN = 0, NQPF_METRIC_GREATCIRCLE } nqpf_metric;

/* Distance between (x1,y1) and (x2,y2): Euclidean, or great-circle
 * kilometres on a sphere of radius 6371.0088 km (IUGG mean radius) with
 * x = longitude and y = latitude in degrees (haversine formula). */
double nqpf_distance(nqpf_metric m, double x1, double y1, double x2, double y2);

/* k nearest neighbours of each point (self excluded); ties at equal
 * distance are broken by the lower index so the result is deterministic.
 * Not symmetric in general.  O(n^2 log k) time, O(nk) memory. */
int nqpf_weights_knn(nqpf_weights **out, size_t n, char *const *ids, const double *x,
                     const double *y, size_t k, nqpf_metric m, nqpf_error *err);

/* Distance band: j is a neighbour of i when 0 < d_ij <= band (spdep dnearneigh
 * bounds; coincident points are not neighbours).  band = INFINITY links all
 * pairs.  With power > 0 the weights are d^-power (inverse distance), else 1. */
int nqpf_weights_distance(nqpf_weights **out, size_t n, char *const *ids, const double *x,
                          const double *y, double band, double power, nqpf_metric m,
                          nqpf_error *err);

/* Kernel weights (libpysal weights.Kernel): w_ij = K(d_ij / h_i) for j != i
 * with d_ij < h_i; K of z = d/h: triangular 1 - z, uniform 1/2, quadratic
 * 3/4 (1 - z^2), quartic 15/16 (1 - z^2)^2, gaussian exp(-z^2/2)/sqrt(2 pi).
 * adaptive: h_i = (1 + 1e-7) x the distance from i to its k-th nearest
 * other unit; fixed: h = bandwidth, or when bandwidth is NaN (1 + 1e-7) x
 * the largest such distance.  h (n) receives the bandwidths.  The diagonal
 * (libpysal: K(0), or 1 with diagonal=True) is not stored: nqpf weights hold
 * no self-links. */
typedef enum nqpf_skernel {
    NQPF_SKERNEL_TRIANGULAR = 0, NQPF_SKERNEL_UNIFORM, NQPF_SKERNEL_QUADRATIC, NQPF_SKERNEL_QUARTIC, NQPF_SKERNEL_GAUSSIAN
} nqpf_skernel;
double nqpf_skernel_value(nqpf_skernel k, double z);
int nqpf_weights_kernel(nqpf_weights **out, size_t n, char *const *ids, const double *x, const double *y,
                        nqpf_skernel kern, int adaptive, double bandwidth, size_t k, nqpf_metric m, double *h,
                        nqpf_error *err);

/* Polygons of a GeoJSON FeatureCollection (Polygon/MultiPolygon), one unit per
 * feature, named by properties[id_field] (string or integer number).  */
typedef struct nqpf_polygons {
    size_t n;
    char **id;          /* n ids (owned) */
    char **name;        /* n values of properties.name, or NULL each (owned) */
    double *lx, *ly;    /* label point: properties.cp if present, else centroid */
    double *cx, *cy;    /* area centroid of the largest part's outer ring */
    size_t *voff;       /* n + 1 offsets into vx/vy: every ring vertex of unit i */
    double *vx, *vy;
    /* The crosswalk the FeatureCollection names in its foreign member
     * "nqpf_crosswalk" (a CSV file beside the GeoJSON), or NULL. */
    struct nqpf_crosswalk *xw;
} nqpf_polygons;

int nqpf_polygons_read_geojson(nqpf_polygons **out, const char *path, const char *id_field,
                               nqpf_error *err);
void nqpf_polygons_free(nqpf_polygons *p);

/* Contiguity: queen = at least one shared boundary point, rook = at least two
 * (spdep poly2nb's rule).  Points closer than `snap` in both x and y count as
 * the same point (spdep's snap; default sqrt(DBL_EPSILON) = 1.49e-8).
 * Vertices are hashed on a snap-sized grid and sorted, so the cost is
 * O(V log V) in the total number of vertices V, not O(n^2) polygon pairs. */
int nqpf_weights_contiguity(nqpf_weights **out, const nqpf_polygons *p, int queen,
                            double snap, nqpf_error *err);

/* ---- matching data units to map features -------------------------------- */

/* Administrative changes between a user's unit codes/names and those of a
 * map: CSV columns from_code,from_name,to_code,to_name,kind[,year,source].
 * kind: recode (the same territory under another code: used both ways),
 * rename (same code, new name), merge (from was absorbed into to: one way),
 * split / new (no single polygon: to_code empty). */
typedef struct nqpf_crosswalk_row {
    char *from_code, *from_name, *to_code, *to_name, *kind, *source;
    long line;
} nqpf_crosswalk_row;

typedef struct nqpf_crosswalk {
    char *path;
    size_t n;
    nqpf_crosswalk_row *row;
} nqpf_crosswalk;

int nqpf_crosswalk_read(nqpf_crosswalk **out, const char *path, nqpf_error *err);
/* The crosswalk a parsed GeoJSON FeatureCollection names in its foreign
 * member "nqpf_crosswalk" (the name of a CSV file in the directory of the
 * GeoJSON file at path, no directory part), read; *out = NULL when it names
 * none. */
struct nqpf_json;
int nqpf_geojson_crosswalk(nqpf_crosswalk **out, const struct nqpf_json *root, const char *path, nqpf_error *err);
int nqpf_crosswalk_copy(nqpf_crosswalk **out, const nqpf_crosswalk *x, nqpf_error *err);
void nqpf_crosswalk_free(nqpf_crosswalk *x);

typedef enum nqpf_match_how {
    NQPF_MATCH_ID = 0,     /* the unit is a feature id as written */
    NQPF_MATCH_CODE,       /* a GB code written otherwise: 4-digit prefecture code, number, 12-digit */
    NQPF_MATCH_NAME,       /* by name, with or without 市/地区/盟/自治州/... */
    NQPF_MATCH_CROSSWALK,  /* through a crosswalk row */
    NQPF_MATCH_NONE        /* a crosswalk row says there is no polygon (split / new) */
} nqpf_match_how;

const char *nqpf_match_how_name(nqpf_match_how h);

typedef struct nqpf_match_note {
    char *unit;           /* the data unit */
    char *feature;        /* the feature id it was matched to, NULL for NQPF_MATCH_NONE */
    nqpf_match_how how;
    char *why;            /* the crosswalk row's kind/year/source, or the rule used */
} nqpf_match_note;

void nqpf_match_notes_free(nqpf_match_note *notes, size_t n);

/* Match data units units[0..n) to features fid[0..nf) (names fname, may be
 * NULL or hold NULLs; crosswalk xw may be NULL).  feature[i] is the matched
 * feature index or -1 (only for units a crosswalk row declares without a
 * polygon), how[i] how.  Errors (NQPF_EINPUT, at data_path:lines[i]):
 * units that match nothing (all of them named, up to 10), an ambiguous
 * name, two units matched to one feature. */
int nqpf_units_match(char *const *units, size_t n, char *const *fid, char *const *fname, size_t nf,
                     const nqpf_crosswalk *xw, const char *data_path, const long *lines, long *feature,
                     nqpf_match_how *how, char **why, nqpf_error *err);

/* ---- manipulation ------------------------------------------------------ */

/* Re-order (and with subset, drop units absent from the data) so that row i
 * is data unit ids[i].  An id in the data but not in the weights, a duplicate
 * data id, or (without subset) a weights unit absent from the data is an
 * NQPF_EINPUT error naming the id (and data_path:lines[i] when given).
 * Weights that carry names or a crosswalk (contiguity from GeoJSON) match
 * the data's units with nqpf_units_match instead: a unit the crosswalk
 * declares without polygon is kept without neighbours, and every unit not
 * matched by its exact id gets a note in (*out)->notes. */
int nqpf_weights_align(nqpf_weights **out, const nqpf_weights *w, char *const *ids, size_t n,
                       int subset, const char *data_path, const long *lines, nqpf_error *err);

/* Link every island to its nearest unit (symmetric, raw weight 1).  Returns
 * the number of links added in *added. 
 * A unit with NaN coordinates (no polygon) is never linked: it links to
 * nobody and nobody links to it (NaN distances never compare smaller). */
int nqpf_weights_link_islands(nqpf_weights **out, const nqpf_weights *w, const double *x,
                              const double *y, nqpf_metric m, size_t *added, nqpf_error *err);

/* Higher-order neighbours (spdep nblag): j is a neighbour of order k of i
 * when the shortest path from i to j in the (raw) neighbour graph has
 * exactly k links; raw weight 1.  Breadth-first search from every unit,
 * O(n (n + links)) at worst. */
int nqpf_weights_lag_order(nqpf_weights **out, const nqpf_weights *w, size_t order, nqpf_error *err);

/* Copy src's names, crosswalk and match notes into dst, built from src
 * (names only when dst has the same units).  Used by the functions above,
 * which all keep them. */
int nqpf_weights_carry(nqpf_weights *dst, const nqpf_weights *src, nqpf_error *err);

/* Add a self-link of raw weight 1 to every unit (for Getis–Ord Gi*). */
int nqpf_weights_add_self(nqpf_weights **out, const nqpf_weights *w, nqpf_error *err);

/* Raw weights may add up to at most this (NQPF_EINPUT from
 * nqpf_weights_transform otherwise): their squares and products with data
 * then stay finite. */
#define NQPF_WEIGHTS_MAX_SUM 1e50
/* Apply a style (W, B, C, U, S) to raw weights, in place.  Returns
 * NQPF_EUSAGE for an unknown letter. */
int nqpf_weights_transform(nqpf_weights *w, char style, nqpf_error *err);

/* Spatial lag: lag[i] = sum_j w_ij x[j]. */
void nqpf_weights_lag(const nqpf_weights *w, const double *x, double *lag);

/* Constants of the weights: S0 = sum w, S1 = 1/2 sum_ij (w_ij + w_ji)^2,
 * S2 = sum_i (w_i. + w_.i)^2 (over all ordered pairs, so correct for
 * non-symmetric weights). */
typedef struct nqpf_wconst {
    double s0, s1, s2;
} nqpf_wconst;
int nqpf_weights_constants(const nqpf_weights *w, nqpf_wconst *c, nqpf_error *err);

/* ---- global statistics ------------------------------------------------- */

typedef enum nqpf_alternative {
    NQPF_ALT_GREATER = 0,  /* spdep's default for global tests */
    NQPF_ALT_LESS,
    NQPF_ALT_TWO_SIDED
} nqpf_alternative;

/* Result of a global test: the statistic, its expectation, and variances,
 * z-values and p-values under normality and randomisation (NaN where a
 * moment does not exist, e.g. n < 4), plus a permutation test. */
typedef struct nqpf_global_result {
    double value, expected;
    double var_norm, z_norm, p_norm;
    double var_rand, z_rand, p_rand;
    size_t permutations;
    double perm_mean, perm_sd, perm_z;
    double perm_p;          /* (1 + #{sim at least as extreme, per alternative}) / (P + 1) */
    double perm_p_folded;   /* esda p_sim: (1 + min(#>=, #<=)) / (P + 1) */
    size_t n_used;          /* n after spdep's adjust.n (islands removed) */
} nqpf_global_result;

typedef struct nqpf_global_opts {
    nqpf_alternative alternative;
    int adjust_n;            /* spdep adjust.n: n minus islands in the moments */
    size_t permutations;     /* 0 = none */
    uint64_t seed;
    const struct nqpf_dist *dist; /* MPI ranks sharing the permutations, or NULL */
} nqpf_global_opts;

/* p-value of z under the alternative (standard normal). */
double nqpf_normal_p(double z, nqpf_alternative alt);

/* Global Moran's I (Cliff & Ord 1981), spdep moran.test/moran.mc.  A
 * constant x is NQPF_EMATH. */
int nqpf_moran(const nqpf_weights *w, const double *x, const nqpf_global_opts *o,
               nqpf_global_result *r, nqpf_error *err);
/* Geary's C; z = (E - C)/sd so that positive autocorrelation gives z > 0
 * (spdep geary.test: "Expectation greater than statistic"). */
int nqpf_geary(const nqpf_weights *w, const double *x, const nqpf_global_opts *o,
               nqpf_global_result *r, nqpf_error *err);
/* Getis–Ord global G (Getis & Ord 1992), moments as in esda/spdep
 * globalG.test.  x must be non-negative (else NQPF_EMATH). Only normality
 * moments exist; var_rand etc. are NaN. */
int nqpf_getis_g(const nqpf_weights *w, const double *x, const nqpf_global_opts *o,
                 nqpf_global_result *r, nqpf_error *err);

/* Bivariate Moran's I (Wartenberg 1985; esda Moran_BV, GeoDa): with x and y
 * standardised by their population standard deviations,
 * I_BV = sum_ij w_ij zx_i zy_j / S0.  No analytical moments (expected and
 * variances are NaN); the permutation test permutes y. */
int nqpf_moran_bv(const nqpf_weights *w, const double *x, const double *y, const nqpf_global_opts *o,
                  nqpf_global_result *r, nqpf_error *err);

/* Assuncao & Reis (1999) empirical Bayes standardisation of rates
 * events/base: b = sum e / sum base, s2 = sum base (p - b)^2 / sum base,
 * a = s2 - b / mean(base), z_i = (p_i - b) / sqrt(a + b / base_i) (with
 * v = b / base_i where a + b/base_i < 0), as esda Moran_Rate. */
int nqpf_eb_standardize(const double *events, const double *base, size_t n, double *z,
                        nqpf_error *err);

/* Join counts of a 0/1 variable x (Cliff & Ord 1981): r[0] BB = 1/2 sum
 * w_ij x_i x_j, r[1] BW = 1/2 sum w_ij (x_i - x_j)^2, r[2] WW = S0/2 - BB -
 * BW (binary symmetric weights: the numbers of joins); expected and
 * variance under non-free sampling in the *_rand fields (spdep
 * joincount.test / joincount.multi), normality fields NaN; a permutation
 * test as for Moran (the same permutations for all three; BW not flipped:
 * perm_p under "greater" is esda's p_sim_bw).  NQPF_EINPUT when x is not
 * 0/1. */
int nqpf_join_counts(const nqpf_weights *w, const double *x, const nqpf_global_opts *o, nqpf_global_result r[3],
                     nqpf_error *err);

/* ---- local statistics -------------------------------------------------- */

typedef enum nqpf_lisa_scale {
    NQPF_LISA_SCALE_N = 0,   /* Ii = z_i lag_i / (sum z^2 / n)     spdep mlvar=TRUE, GeoDa */
    NQPF_LISA_SCALE_N1       /* Ii = z_i lag_i / (sum z^2 / (n-1)) esda Moran_Local, spdep mlvar=FALSE */
} nqpf_lisa_scale;

typedef struct nqpf_local_opts {
    nqpf_lisa_scale scale;
    int conditional;         /* moments: 1 = Sokal et al. 1998 conditional (spdep default), 0 = total randomisation */
    nqpf_alternative alternative;  /* for the analytical p-value; spdep localmoran: two-sided */
    size_t permutations;
    uint64_t seed;
    const struct nqpf_dist *dist; /* MPI ranks sharing the units, or NULL */
} nqpf_local_opts;

/* Per-unit local Moran results (arrays of n, caller-allocated). */
typedef struct nqpf_lisa_result {
    double *ii, *e, *var, *z, *p;
    double *p_sim;           /* folded conditional-permutation pseudo p (NULL to skip) */
    double *z_sim;           /* (Ii - mean sim)/sd sim */
    char (*quad)[3];         /* "HH","LL","HL","LH" (x_i vs mean, lag vs mean) */
} nqpf_lisa_result;

int nqpf_local_moran(const nqpf_weights *w, const double *x, const nqpf_local_opts *o,
                     nqpf_lisa_result *r, nqpf_error *err);

/* Bivariate local Moran (GeoDa, esda Moran_Local_BV): I_i = zx_i * lag(zy)_i
 * with population z-scores (times (n-1)/n for NQPF_LISA_SCALE_N1, esda).
 * Only the value, quadrant and conditional-permutation results (y values
 * permuted) are filled; e, var, z, p are NaN. */
int nqpf_local_moran_bv(const nqpf_weights *w, const double *x, const double *y,
                        const nqpf_local_opts *o, nqpf_lisa_result *r, nqpf_error *err);

typedef enum nqpf_localg_var {
    NQPF_LOCALG_SPDEP = 0,   /* variance with S1i = sum_j w_ij^2 (spdep localG) */
    NQPF_LOCALG_ESDA         /* variance with W_i in place of S1i (esda G_Local; same for binary) */
} nqpf_localg_var;

typedef struct nqpf_localg_opts {
    int star;                /* Gi*: the weights already hold the self-links */
    nqpf_localg_var variance;
    int sd_n1;               /* s with divisor N-1 (Getis & Ord 1996 printed example) */
    nqpf_alternative alternative;
    size_t permutations;
    uint64_t seed;
    const struct nqpf_dist *dist; /* MPI ranks sharing the units, or NULL */
} nqpf_localg_opts;

/* Local Getis–Ord Gi / Gi*: g = the ratio statistic, z its standardised value. */
int nqpf_local_g(const nqpf_weights *w, const double *x, const nqpf_localg_opts *o, double *g,
                 double *z, double *p, double *p_sim, nqpf_error *err);

/* Local Geary (Anselin 2019; esda Geary_Local, spdep localC): c_i = sum_j
 * w_ij (z_i - z_j)^2 with z the values standardised by the population sd
 * (o->scale NQPF_LISA_SCALE_N, esda) or the sample sd (NQPF_LISA_SCALE_N1,
 * spdep).  With o->permutations, conditional permutations as the local
 * Moran's (unit i: stream i): p_sim folded (esda p_sim), z_sim. */
int nqpf_local_geary(const nqpf_weights *w, const double *x, const nqpf_local_opts *o, double *c, double *p_sim,
                     double *z_sim, nqpf_error *err);

#endif
