/* nqpf dea --input-directions / --output-directions /
 * --undesirable-directions: per-row direction vectors of ddf and mddf,
 * read from columns of --data (nqpf_dea_job.gx, gy, gb). */
#include <stdlib.h>

#include "dea_price_cli.h"
#include "nqpf/dea_opts.h"

int nqpf_cli_dea_directions(const nqpf_optval *o, nqpf_dea_job *job, double *dirs[3], nqpf_error *err)
{
    static const int OPT[3] = {NQPF_DO_INPUT_DIRS, NQPF_DO_OUTPUT_DIRS, NQPF_DO_BAD_DIRS};
    static const char *const WHAT[3] = {"inputs", "outputs", "undesirable outputs"};
    const nqpf_dea_spec *sp = &job->spec;
    size_t k[3] = {sp->m, sp->s, sp->q};
    if (!o[OPT[0]].n_items && !o[OPT[1]].n_items && !o[OPT[2]].n_items)
        return NQPF_OK;
    if ((sp->model != NQPF_DEA_DDF && sp->model != NQPF_DEA_MDDF) || job->checkpoint ||
        o[NQPF_DO_ECONOMIC].i)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--input-directions, --output-directions and --undesirable-directions are for --model "
                         "ddf and mddf, without --checkpoint and --economic");
    for (int j = 0; j < 3; j++) {
        if (!o[OPT[j]].n_items)
            continue; /* that side keeps --direction */
        int rc = nqpf_cli_dea_read_cols(o, OPT[j], k[j], WHAT[j], job->n, &dirs[j], err);
        if (rc)
            return rc;
    }
    job->gx = dirs[0], job->gy = dirs[1], job->gb = dirs[2];
    return NQPF_OK;
}
