/* nqpf — the report's [spreg] step: a spatial regression as `nqpf spreg`
 * fits it, read through the command's own option table (NQPF_SPREG_OPTS:
 * its project keys) and request, on an edge-list W (`weights = FILE`,
 * relative to the project file as `data` is, e.g. the output of `nqpf
 * weights`); the report always adds the direct, indirect and total effects
 * and the LM / Wald / LR diagnostics. */
#include "nqpf/output.h"
#include "nqpf/spreg_opts.h"
#include "report_internal.h"

static int engine(const nqpf_optval *v, const nqpf_table *data, const char *out, const char *tests, const char *extra,
                  nqpf_error *err)
{
    nqpf_spreg_request rq;
    int rc = nqpf_spreg_request_from(v, &rq, err);
    (void)extra;
    if (rc)
        return rc;
    rq.data_table = data, rq.out = out, rq.diagnostics = tests, rq.unit_effects = NULL;
    rq.effects = 1;
    rq.out_flags = NQPF_OUT_FORCE;
    return nqpf_spreg_run(&rq, NULL, NULL, err);
}

static const report_engine SPREG = {NQPF_SPREG_OPTS, NQPF_SPREG_NOPTS, NQPF_SPREG_DATA, NQPF_SPREG_UNIT,
                                    NQPF_SPREG_PERIOD, NQPF_SPREG_ENCODING, 0, NQPF_SPREG_SP + NQPF_SP_WEIGHTS, engine};

int report_run_spreg(nqpf_report *r, report_econ *e, nqpf_error *err)
{
    e->do_spreg = 1;
    return report_econ_run(r, "spreg", &SPREG, NULL, &e->spreg, err);
}
