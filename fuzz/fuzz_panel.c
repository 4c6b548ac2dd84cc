/* The panel reader, wide and long, then interpolation of its gaps. */
#include "fuzz.h"
#include "nqpf/missing.h"
#include "nqpf/panel.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    for (int layout = 0; layout < 2; layout++) {
        nqpf_panel_spec spec = {0};
        spec.path = path;
        spec.layout = (nqpf_layout)layout;
        spec.unit_col = "u";
        spec.period_col = "t";
        nqpf_panel *p = NULL;
        if (nqpf_panel_read(&p, &spec, &err) != NQPF_OK)
            continue;
        size_t *idx = malloc((p->n_vars ? p->n_vars : 1) * sizeof(size_t));
        for (size_t v = 0; idx && v < p->n_vars; v++)
            idx[v] = v;
        nqpf_fill_log log = {0};
        if (idx)
            nqpf_missing_apply(p, idx, p->n_vars, NQPF_MISSING_INTERPOLATE, NQPF_EXTRAP_GROWTH, &log, &err);
        nqpf_fill_log_free(&log);
        free(idx);
        nqpf_panel_free(p);
    }
}
