/* nqpf — the report's [threshold] step: Hansen's (1999) panel threshold
 * model as `nqpf threshold` fits it with the same keys (its option table,
 * NQPF_THRESHOLD_OPTS); the LR curves come with the estimates. */
#include "nqpf/reg_opts.h"
#include "report_internal.h"

static int engine(const nqpf_optval *v, const nqpf_colsource *score, report_model *m, nqpf_error *err)
{
    nqpf_thr_request rq;
    nqpf_thr_output o;
    int rc = nqpf_thr_request_from(v, &rq, err);
    if (rc)
        return rc;
    rq.data_extra = score;
    if ((rc = nqpf_thr_compute(&rq, &o, err)))
        return rc;
    m->out = nqpf_restab_take(&o.out), m->stats = nqpf_restab_take(&o.stats), m->extra = nqpf_restab_take(&o.lr);
    return NQPF_OK;
}

static const report_engine THR = {NQPF_THRESHOLD_OPTS, NQPF_THR_NOPTS, NQPF_THR_DATA, NQPF_THR_UNIT,
                                  NQPF_THR_PERIOD, NQPF_THR_ENCODING, -1, engine};

int report_run_threshold(nqpf_report *r, report_econ *e, nqpf_error *err)
{
    e->do_thr = 1;
    return report_econ_run(r, "threshold", &THR, NULL, &e->thr, err);
}
