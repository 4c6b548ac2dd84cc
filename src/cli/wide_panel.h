/* nqpf CLI — a long panel (one row per unit and period) as a units x
 * periods matrix, for the commands that follow units over time (markov,
 * mobility). */
#ifndef NQPF_CLI_WIDE_PANEL_H
#define NQPF_CLI_WIDE_PANEL_H

#include "nqpf/util.h"
#include "spatial_cli.h"

typedef struct wide_panel {
    size_t n, T;
    double *y;             /* n x T (unit s, period t at [s * T + t]); NaN where absent */
    const char **plabel;   /* T period labels in time order (pointing into d) */
    nqpf_strmap units;     /* unit ids in order of first appearance; keys are the weights' ids */
} wide_panel;

/* The panel of --value from d (read with spatial_data_read and a period
 * column).  Periods are ordered numerically when every label is a number,
 * else as text.  At least 2 periods; a unit twice in a period is an error
 * at its line. */
int wide_panel_read(wide_panel *p, const spatial_data *d, const char *data, const char *value, nqpf_error *err);
void wide_panel_free(wide_panel *p);

#endif
