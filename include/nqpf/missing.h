/* nqpf — missing values in a panel.
 *
 * Policies:
 *   error        the first missing cell is an error at its file position;
 *   interpolate  linear interpolation within a unit over the periods'
 *                numeric values (years), and at the ends either the nearest
 *                observed value (default) or extrapolation at the average
 *                growth rate between the two nearest observations;
 *   drop-unit    units with any missing cell are removed.
 * Every filled cell and every dropped unit is recorded in the log, which the
 * caller writes out (filled.csv) so nothing is changed silently.
 */
#ifndef NQPF_MISSING_H
#define NQPF_MISSING_H

#include "nqpf/panel.h"

typedef enum { NQPF_MISSING_ERROR = 0, NQPF_MISSING_INTERPOLATE, NQPF_MISSING_DROP_UNIT } nqpf_missing_policy;
typedef enum { NQPF_EXTRAP_NEAREST = 0, NQPF_EXTRAP_GROWTH } nqpf_extrapolation;

typedef struct nqpf_fill {
    char *unit;          /* owned copy of the unit name */
    size_t t, v;         /* period and variable index in the panel */
    double value;        /* filled value (NaN for a dropped unit's missing cell) */
    const char *method;  /* "linear", "nearest", "growth", "nearest (growth undefined)", "dropped unit" */
} nqpf_fill;

typedef struct nqpf_fill_log {
    nqpf_fill *items;
    size_t n, cap;
    size_t n_dropped_units;
} nqpf_fill_log;

int nqpf_missing_parse(const char *s, nqpf_missing_policy *out);
int nqpf_extrapolation_parse(const char *s, nqpf_extrapolation *out);

/* Apply the policy to the variables vars[0..n_vars) (panel indices). */
int nqpf_missing_apply(nqpf_panel *p, const size_t *vars, size_t n_vars, nqpf_missing_policy policy,
                       nqpf_extrapolation extrap, nqpf_fill_log *log, nqpf_error *err);
void nqpf_fill_log_free(nqpf_fill_log *log);

#endif
