/* nqpf — the report's econometric sections, after the index (whose score
 * they may regress): [reg] / [reg.NAME] (reg.c), [threshold] (threshold.c),
 * [did] (did.c), [spreg] (spreg.c): their section descriptors (sections.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/did_opts.h"
#include "nqpf/reg_opts.h"
#include "nqpf/spatial_opts.h"
#include "report_internal.h"

/* The models share one report_econ (the columns of the regression table,
 * the scratch jobs), made by the first section that runs. */
static int econ_of(nqpf_report *r, nqpf_error *err)
{
    if (!r->econ && !(r->econ = calloc(1, sizeof *r->econ)))
        return nqpf_fail_nomem(err);
    return NQPF_OK;
}

/* Each model's run: the shared report_econ, then the section's engine. */
#define ECON_RUN(sec)                                                                                        \
    static int run_##sec(nqpf_report *r, nqpf_error *err)                                                   \
    {                                                                                                        \
        int rc = econ_of(r, err);                                                                            \
        return rc ? rc : report_run_##sec(r, r->econ, err);                                                  \
    }
ECON_RUN(reg)
ECON_RUN(threshold)
ECON_RUN(did)
ECON_RUN(spreg)

void report_free_econ(nqpf_report *r)
{
    report_econ *e = r->econ;
    if (!e)
        return;
    for (size_t k = 0; k < e->n_reg; k++)
        report_model_free(&e->reg[k]);
    free(e->reg);
    report_model_free(&e->thr);
    report_model_free(&e->did);
    report_model_free(&e->spreg);
    free(e);
    r->econ = NULL;
}

/* The descriptors: the command's table, the run above, the outputs of
 * PREFIX_out.c (report_PREFIX_tables, _html, _methods). */
#define ECON_SECTION(sec, OPTS, N, PREFIX, MULTI)                                                           \
    const report_section_def report_sec_##sec = {                                                           \
        .name = #sec, .opts = OPTS, .n_opts = N, .run = run_##sec, .tables = report_##PREFIX##_tables,       \
        .html = report_##PREFIX##_html, .methods = report_##PREFIX##_methods, .free = report_free_econ,      \
        .multi = MULTI,                                                                                      \
    };
ECON_SECTION(reg, NQPF_REG_OPTS, NQPF_RGO_NOPTS, reg, 1)
ECON_SECTION(threshold, NQPF_THRESHOLD_OPTS, NQPF_THR_NOPTS, thr, 0)
ECON_SECTION(did, NQPF_DID_OPTS, NQPF_DID_NOPTS, did, 0)
ECON_SECTION(spreg, NQPF_SPREG_OPTS, NQPF_SPREG_NOPTS, spreg, 0)
