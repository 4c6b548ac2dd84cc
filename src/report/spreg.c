/* nqpf — the report's [spreg] step: a spatial regression as `nqpf spreg`
 * fits it with the same keys (NQPF_SPREG_SECTION_OPTS, include/nqpf/spreg_opts.h)
 * on an edge-list W (`weights = FILE`, relative to the project file as
 * `data` is, e.g.
 * the output of `nqpf weights`); the report always adds the direct,
 * indirect and total effects and the LM / Wald / LR diagnostics. */
#include "nqpf/spreg_opts.h"
#include "report_internal.h"

static int engine(const nqpf_optval *v, const char *out, const char *tests, const char *extra, nqpf_error *err)
{
    nqpf_spreg_request rq;
    int rc = nqpf_spreg_request_from(v, &rq, err);
    (void)extra;
    if (rc)
        return rc;
    rq.out = out, rq.diagnostics = tests;
    rq.effects = 1;
    rq.force = 1;
    return nqpf_spreg_run(&rq, err);
}

static const report_engine SPREG = {NQPF_SPREG_SECTION_OPTS, NQPF_SPO_NOPTS, NQPF_SPO_DATA, NQPF_SPO_UNIT, NQPF_SPO_PERIOD,
                                    NQPF_SPO_ENCODING, 0, NQPF_SPO_WEIGHTS, engine};

int report_run_spreg(nqpf_report *r, report_econ *e, nqpf_error *err)
{
    e->do_spreg = 1;
    return report_econ_run(r, "spreg", &SPREG, NULL, &e->spreg, err);
}
