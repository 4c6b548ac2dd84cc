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
 * the models' results), made by the first section that runs. */
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

const report_section_def report_sec_reg = {
    .name = "reg",
    .opts = NQPF_REG_OPTS,
    .n_opts = NQPF_RGO_NOPTS,
    .run = run_reg,
    .tables = report_reg_tables,
    .html = report_reg_html,
    .methods = report_reg_methods,
    .free = report_free_econ,
    .multi = 1,
};
const report_section_def report_sec_threshold = {
    .name = "threshold",
    .opts = NQPF_THRESHOLD_OPTS,
    .n_opts = NQPF_THR_NOPTS,
    .run = run_threshold,
    .tables = report_thr_tables,
    .html = report_thr_html,
    .methods = report_thr_methods,
    .free = report_free_econ,
};
const report_section_def report_sec_did = {
    .name = "did",
    .opts = NQPF_DID_OPTS,
    .n_opts = NQPF_DID_NOPTS,
    .run = run_did,
    .tables = report_did_tables,
    .html = report_did_html,
    .methods = report_did_methods,
    .free = report_free_econ,
};
const report_section_def report_sec_spreg = {
    .name = "spreg",
    .opts = NQPF_SPREG_OPTS,
    .n_opts = NQPF_SPREG_NOPTS,
    .run = run_spreg,
    .tables = report_spreg_tables,
    .html = report_spreg_html,
    .methods = report_spreg_methods,
    .free = report_free_econ,
};
