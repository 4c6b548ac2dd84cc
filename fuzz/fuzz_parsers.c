/* libFuzzer targets for the input parsers.  One source, three targets
 * selected at compile time with -DTARGET_CSV, -DTARGET_SYSTEM or
 * -DTARGET_PANEL (see fuzz/run.sh).  The parsers take file paths, so each
 * input is written to a private temporary file first. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf/csv.h"
#include "nqpf/missing.h"
#include "nqpf/panel.h"
#include "nqpf/system.h"

static const char *input_path(void)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/nqpf-fuzz-%ld.csv", (long)getpid());
    return path;
}

static int write_input(const uint8_t *data, size_t size)
{
    FILE *fp = fopen(input_path(), "wb");
    if (!fp)
        return -1;
    fwrite(data, 1, size, fp);
    fclose(fp);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (write_input(data, size) != 0)
        return 0;
    nqpf_error err;
#if defined(TARGET_CSV)
    for (int e = 0; e < 3; e++) {
        nqpf_table *t = NULL;
        if (nqpf_table_read(&t, input_path(), (nqpf_encoding)e, &err) == NQPF_OK) {
            double x;
            for (size_t i = 0; i < t->n_rows; i++)
                for (size_t j = 0; j < t->n_cols; j++)
                    nqpf_table_number(t, i, j, &x, &err);
            nqpf_table_free(t);
        }
    }
#elif defined(TARGET_SYSTEM)
    nqpf_system *s = NULL;
    if (nqpf_system_read(&s, input_path(), NQPF_ENC_AUTO, &err) == NQPF_OK)
        nqpf_system_free(s);
#elif defined(TARGET_PANEL)
    for (int layout = 0; layout < 2; layout++) {
        nqpf_panel_spec spec = {0};
        spec.path = input_path();
        spec.layout = (nqpf_layout)layout;
        spec.unit_col = "u";
        spec.period_col = "t";
        nqpf_panel *p = NULL;
        if (nqpf_panel_read(&p, &spec, &err) == NQPF_OK) {
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
#else
#error "define TARGET_CSV, TARGET_SYSTEM or TARGET_PANEL"
#endif
    return 0;
}
