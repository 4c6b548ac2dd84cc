/* nqpf — the report's [did] step: difference-in-differences as `nqpf did`
 * runs it with the same keys (NQPF_DID_OPTS, include/nqpf/did_opts.h):
 * the TWFE ATT and its event study, or Callaway and Sant'Anna's ATT(g,t)
 * with its aggregations; the event-study rows come with them for the plot. */
#include "nqpf/did_opts.h"
#include "report_internal.h"

static int engine(const nqpf_optval *v, const nqpf_colsource *score, report_model *m, nqpf_error *err)
{
    nqpf_did_request rq;
    nqpf_did_output o;
    int rc = nqpf_did_request_from(v, &rq, err);
    if (rc)
        return rc;
    rq.data_extra = score;
    rq.event = "event"; /* asked for (the name is not used): the event study's rows for the plot */
    rq.draws = NULL;
    if ((rc = nqpf_did_compute(&rq, &o, NULL, NULL, err)))
        return rc;
    m->out = nqpf_restab_take(&o.out), m->stats = nqpf_restab_take(&o.stats), m->extra = nqpf_restab_take(&o.event);
    nqpf_did_output_free(&o);
    return NQPF_OK;
}

static const report_engine DID = {NQPF_DID_OPTS, NQPF_DID_NOPTS, NQPF_DID_DATA, NQPF_DID_UNIT, NQPF_DID_PERIOD,
                                  NQPF_DID_ENCODING, -1, engine};

int report_run_did(nqpf_report *r, report_econ *e, nqpf_error *err)
{
    e->do_did = 1;
    return report_econ_run(r, "did", &DID, NULL, &e->did, err);
}
