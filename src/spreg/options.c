/* nqpf — the request of nqpf spreg and of the report's [spreg] from the
 * values of their one option table (include/nqpf/spreg_opts.h). */
#include <string.h>

#include "nqpf/output.h"
#include "nqpf/spreg_opts.h"

int nqpf_spreg_request_from(const nqpf_optval *v, nqpf_spreg_request *rq, nqpf_error *err)
{
    memset(rq, 0, sizeof *rq);
    nqpf_encoding enc;
    if (nqpf_encoding_parse(v[NQPF_SPREG_ENCODING].text, &enc))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown --encoding '%s'", v[NQPF_SPREG_ENCODING].text);
    int rc = nqpf_spreg_model_parse(v[NQPF_SPREG_MODEL].text, &rq->spec.model, err);
    if (!rc)
        rc = nqpf_spreg_fe_parse(v[NQPF_SPREG_FE].text, &rq->spec.fe, err);
    if (rc)
        return rc;
    if (!v[NQPF_SPREG_PERIOD].text && rq->spec.fe != NQPF_FE_NONE)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--fe %s needs --period (a panel)", v[NQPF_SPREG_FE].text);
    const nqpf_optval *sp = v + NQPF_SPREG_SP;
    rq->spec.lee_yu = (int)v[NQPF_SPREG_LEE_YU].i;
    rq->encoding = (int)enc;
    rq->data = v[NQPF_SPREG_DATA].text, rq->unit = v[NQPF_SPREG_UNIT].text, rq->period = v[NQPF_SPREG_PERIOD].text;
    rq->y = v[NQPF_SPREG_Y].text, rq->x = v[NQPF_SPREG_X].items, rq->n_x = v[NQPF_SPREG_X].n_items;
    rq->weights = sp[NQPF_SP_WEIGHTS].text;
    rq->logdet = v[NQPF_SPREG_LOGDET].text;
    rq->style = sp[NQPF_SP_STYLE].text[0];
    rq->effects = (int)v[NQPF_SPREG_EFFECTS].i;
    rq->draws = v[NQPF_SPREG_DRAWS].z;
    rq->seed = (uint64_t)v[NQPF_SPREG_SEED].z;
    rq->out = v[NQPF_SPREG_OUT].text, rq->diagnostics = v[NQPF_SPREG_DIAGNOSTICS].text;
    rq->unit_effects = v[NQPF_SPREG_UNIT_EFFECTS].text;
    rq->out_flags = (v[NQPF_SPREG_FORCE].i ? NQPF_OUT_FORCE : 0) | (v[NQPF_SPREG_BOM].i ? NQPF_OUT_BOM : 0);
    return NQPF_OK;
}
