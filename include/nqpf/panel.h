/* nqpf — panels: units × periods × variables.
 *
 * A panel is read from a CSV in one of two layouts:
 *   wide: one row per (unit, period), one column per variable;
 *   long: one row per (unit, period, variable) with a value column.
 * The reader streams the file (memory ≈ the values as doubles plus one
 * chunk), validates every cell, and stores a dense cube
 *
 *     x[(u * n_periods + t) * n_vars + v]      (NaN = missing)
 *
 * in unit-major order, which is the order of most input files (unit, then
 * year), so filling it is sequential.  Units keep their order of first
 * appearance; periods are sorted (numerically when all are numbers, as
 * years are; otherwise by text).  A (unit, period) pair absent from the
 * file gives missing cells, so unbalanced panels are fine.
 */
#ifndef NQPF_PANEL_H
#define NQPF_PANEL_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"
#include "nqpf/util.h"

typedef enum nqpf_layout { NQPF_LAYOUT_WIDE = 0, NQPF_LAYOUT_LONG } nqpf_layout;

typedef struct nqpf_panel_spec {
    const char *path;               /* "-" = standard input */
    nqpf_encoding encoding;
    char delim;                     /* 0 = ',' */
    nqpf_layout layout;
    const char *unit_col;           /* required */
    const char *period_col;         /* required */
    const char *var_col;            /* long layout: default "variable" */
    const char *value_col;          /* long layout: default "value" */
    const char *const *vars;        /* wanted variables; NULL = every other column (wide) / all (long) */
    size_t n_vars;
    const char *const *text_cols;   /* extra text columns kept per row (wide), e.g. a region */
    size_t n_text;
    int strict;                     /* 1: every row through the strict serial reader, no parallel fast
                                       path (the reference the fast path is tested against) */
    char *sha256;                   /* optional, 65 chars: gets the SHA-256 (hex) of the file's bytes,
                                       hashed while they are read (one read of a big input), or "" when
                                       the input is not hashed that way (nqpf_csv_hash: standard input,
                                       a .dta or .xlsx file, not a regular file) */
} nqpf_panel_spec;

typedef struct nqpf_panel {
    char *path;
    nqpf_encoding encoding;         /* as detected */
    size_t n_units, n_periods, n_vars;
    char **units, **periods, **vars;
    double *period_value;           /* numeric period (e.g. year), or its position 0,1,… */
    int periods_numeric;
    double *x;                      /* n_units * n_periods * n_vars, unit-major */
    long *row_line;                 /* [u * n_periods + t]: file line of that row, 0 if absent */
    long *var_col;                  /* wide: 1-based file column of each variable; long: 0 */
    long *cell_line;                /* long layout: line of each cell (0 if absent); else NULL */
    long header_line;
    size_t n_text;
    char **text_names;
    uint32_t *text;                 /* [(u*n_periods+t)*n_text + k]: index into text_values[k].keys, UINT32_MAX if absent */
    nqpf_strmap *text_values;       /* n_text maps of distinct values */
    int no_missing;                 /* 1: the wide reader stored no missing value and every row is
                                       present (x has no NaN), so a scan for one can be skipped;
                                       0: not known.  Whoever writes a NaN into x clears it. */
} nqpf_panel;

/* Read the header row of a CSV (names trimmed); caller frees with
 * nqpf_header_free.  Used to validate column references before reading. */
int nqpf_csv_read_header(const char *path, nqpf_encoding enc, char delim, char ***names,
                         size_t *n, long *line, nqpf_error *err);
void nqpf_header_free(char **names, size_t n);

int nqpf_panel_read(nqpf_panel **out, const nqpf_panel_spec *spec, nqpf_error *err);
void nqpf_panel_free(nqpf_panel *p);

static inline double *nqpf_panel_cell(const nqpf_panel *p, size_t u, size_t t, size_t v)
{
    return &p->x[(u * p->n_periods + t) * p->n_vars + v];
}

/* File position of a cell, for messages: line 0 when the row is absent. */
void nqpf_panel_cell_pos(const nqpf_panel *p, size_t u, size_t t, size_t v, long *line, long *col);

/* Free the file positions (row_line, cell_line) once no message will need
 * them: 8 bytes per row (per cell in the long layout) on big panels.
 * nqpf_panel_cell_pos then reports line 0. */
void nqpf_panel_drop_positions(nqpf_panel *p);

/* Index of a variable by name, or -1. */
long nqpf_panel_var(const nqpf_panel *p, const char *name);

/* Keep only the units with keep[u] != 0 (in order).  Returns NQPF_OK. */
int nqpf_panel_keep_units(nqpf_panel *p, const unsigned char *keep, nqpf_error *err);

#endif
