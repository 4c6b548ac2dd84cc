/* nqpf CLI — what the spatial commands (weights, moran, lisa, markov
 * --spatial) share: the weights options, reading long data grouped by period,
 * and turning raw weights into the aligned, styled weights of one period. */
#ifndef NQPF_CLI_SPATIAL_CLI_H
#define NQPF_CLI_SPATIAL_CLI_H

#include "nqpf/opt.h"
#include "nqpf/spatial_opts.h"
#include "nqpf/coltable.h"
#include "nqpf/csv.h"
#include "nqpf/spatial.h"

typedef struct spatial_cli {
    const char *geojson, *id_field, *contiguity, *coords, *weights, *style, *metric;
    size_t knn, order;
    double band, power, snap;
    int link_islands, no_row_std, row_std, subset, centroid, force;
} spatial_cli;

/* The weights options from the block of a declared table
 * (include/nqpf/spatial_opts.h): v points at its NQPF_SP_* values; force is
 * the command's --force.  An option not given reads as "not chosen"
 * (contiguity, style, metric NULL; knn SIZE_MAX; band NaN; power 0). */
void spatial_cli_from(spatial_cli *s, const nqpf_optval *v, int force);

/* A command's further columns (--coords X,Y, --value2, --regime, a panel's
 * --value), read with the unit, period and value in one pass: NUMBER ones
 * with a missing cell an error unless allow_missing[k]. */
typedef struct spatial_more {
    const char *name[4];
    nqpf_coltype type[4];
    int allow_missing[4];
    size_t n;
} spatial_more;

/* Long data: one row per unit (and period).  Rows are grouped by period in
 * order of first appearance (one group when there is no period column).
 * The unit, period and value columns and the further columns the command
 * named (spatial_more) are read in one pass (nqpf_coltable_read, standard
 * input too); a further column the header lacks is an error only when the
 * command asks for it (spatial_data_column, spatial_data_keys), as when it
 * was read on request. */
typedef struct spatial_data {
    const nqpf_coltable *ct; /* column 0: the unit (KEY); then the period (KEY) when given, the
                               value, then the further columns from more_at on */
    nqpf_coltable *own;     /* ct when read here (spatial_data_read), else NULL (the caller's) */
    size_t more_at;
    char *more_name[4];     /* the further columns' names, as requested */
    int more_required[4];   /* NUMBER: a missing cell was an error */
    const char *path;
    size_t n_rows;
    const long *line;       /* n_rows: each row's line in the file */
    size_t ucol;            /* 0-based file column of the unit */
    double *value;          /* n_rows values of --value */
    size_t n_groups;
    const char **group;     /* period labels ("" without --period) */
    size_t *goff;           /* n_groups + 1 offsets into rows */
    size_t *rows;           /* row indices grouped by period */
} spatial_data;

/* allow_missing: missing --value cells become NaN (else an error at the
 * cell).  more: the further columns (NULL: none). */
int spatial_data_read(spatial_data *d, const char *path, const char *unit, const char *value,
                      const char *period, int allow_missing, const spatial_more *more, nqpf_error *err);

/* d over columns the caller read and keeps (spreg's, nqpf_spreg_wfn):
 * column 0 the unit, its last more->n columns the further ones (more may
 * be NULL: none); no value and no groups. */
int spatial_data_of_coltable(spatial_data *d, const nqpf_coltable *ct, const spatial_more *more, nqpf_error *err);

/* --coords X,Y as two further KEY columns (text: only a unit's first row is
 * parsed, spatial_raw_build), split into buf (cap bytes), xy[0..1] their
 * names (xy has 3 entries); none when coords is NULL or not two names (a
 * malformed --coords is worded where it is used). */
spatial_more spatial_coords_more(const char *coords, char *buf, size_t cap, char **xy);

/* The unit of row i ("" when empty, which spatial_data_read rejects). */
const char *spatial_unit(const spatial_data *d, size_t i);

/* Column `name` of d's file as n_rows numbers into out, a missing cell NaN
 * with allow_missing, else an error at it (as nqpf_table_column): the
 * further column of that name, type and allow_missing, else the file read
 * again for it (not standard input). */
int spatial_data_column(const spatial_data *d, const char *name, double *out, int allow_missing, nqpf_error *err);

/* Columns of d's file as KEY columns (codes and level texts, the texts
 * the file has): *k[j] is further column names[j] of d->ct, or the file is
 * read again for them into *ct (NULL when not). */
int spatial_data_keys(const spatial_data *d, char *const *names, size_t n, const nqpf_column **k,
                      nqpf_coltable **ct, nqpf_error *err);

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

/* What moran and lisa do first: OpenMP threads (0: OMP_NUM_THREADS), the
 * long data (--missing drop: allow_missing) and the raw weights; on failure
 * both are left empty. */
int spatial_setup(spatial_data *d, spatial_raw *r, const spatial_cli *s, size_t threads, const char *path,
                  const char *unit, const char *value, const char *period, int allow_missing,
                  const spatial_more *more, nqpf_error *err);

/* The units of d in order of first appearance (a panel lists each once per
 * period) with the line of their first row: *ids (pointing into the table)
 * and *lines malloc'd, n_rows long, *n of them used. */
int spatial_data_units(const spatial_data *d, char ***ids, long **lines, size_t *n, nqpf_error *err);

/* The rows of one period for a per-period statistic (moran, lisa):
 * arrays of d's n_rows each, and v2, the numbers of a second column
 * (--value2, --rate-base; NULL without one). */
typedef struct spatial_rows {
    char **ids;
    long *lines;
    double *x, *x2;
    double *v2;
} spatial_rows;


/* The input of a spatial statistic (NQPF_INPUT_SPATIAL: moran, lisa), read
 * and freed by the runner with spatial_setup from the options data, unit,
 * value, period, missing, threads, force and the weights block (which
 * starts at "geojson"). */
typedef struct spatial_input {
    spatial_cli s;
    spatial_data d;
    spatial_raw r;
    int drop; /* --missing drop */
} spatial_input;

/* Allocate b for the rows of g's data and read col2 (NULL: none) into
 * b->v2, a missing cell NaN with --missing drop, else an error at it.  On
 * failure b is left empty. */
int spatial_rows_new(spatial_rows *b, const spatial_input *g, const char *col2, nqpf_error *err);
void spatial_rows_free(spatial_rows *b);

/* The units of period p of in's data with a value (and a value of b->v2
 * when there is one: x2, else NaN) into b, their count into *n, and the
 * weights among them from in's options and raw weights
 * (spatial_weights_for; a unit dropped for a missing value, only possible
 * with --missing drop, is warned about and subset out of the weights). */
int spatial_period(const spatial_input *in, size_t p, int star, char style, spatial_rows *b, size_t *n,
                   nqpf_weights **w, nqpf_error *err);

/* Warn on stderr about units without neighbours (once per weights). */
void spatial_warn_islands(const nqpf_weights *w, const char *where);

/* The alternative of choice k of greater|less|two-sided, and its name. */
nqpf_alternative spatial_alternative(long long k);
const char *spatial_alternative_name(nqpf_alternative a);

#endif
