/* nqpf — the report's [spreg] step: a spatial regression as `nqpf spreg`
 * fits it, read through the command's own option table (NQPF_SPREG_OPTS:
 * its project keys) and request, on an edge-list W (`weights = FILE`,
 * relative to the project file as `data` is, e.g. the output of `nqpf
 * weights`); the report always adds the direct, indirect and total effects
 * and the LM / Wald / LR diagnostics. */
#include "nqpf/spreg_opts.h"
#include "report_internal.h"

static int engine(const nqpf_optval *v, const nqpf_colsource *score, report_model *m, nqpf_error *err)
{
    nqpf_spreg_request rq;
    nqpf_spreg_output o;
    int rc = nqpf_spreg_request_from(v, &rq, err);
    if (rc)
        return rc;
    rq.data_extra = score;
    rq.diagnostics = "diagnostics"; /* asked for (the name is not used) */
    rq.unit_effects = NULL;
    rq.effects = 1;
    if ((rc = nqpf_spreg_compute(&rq, &o, NULL, NULL, err)))
        return rc;
    m->out = nqpf_restab_take(&o.out), m->stats = nqpf_restab_take(&o.diagnostics);
    nqpf_spreg_output_free(&o);
    return NQPF_OK;
}

static const report_engine SPREG = {NQPF_SPREG_OPTS, NQPF_SPREG_NOPTS, NQPF_SPREG_DATA, NQPF_SPREG_UNIT,
                                    NQPF_SPREG_PERIOD, NQPF_SPREG_ENCODING, NQPF_SPREG_SP + NQPF_SP_WEIGHTS, engine};

int report_run_spreg(nqpf_report *r, report_econ *e, nqpf_error *err)
{
    e->do_spreg = 1;
    return report_econ_run(r, "spreg", &SPREG, NULL, &e->spreg, err);
}
