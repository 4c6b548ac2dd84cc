/* nqpf dea --input-directions / --output-directions /
 * --undesirable-directions: per-row direction vectors of ddf and mddf,
 * columns of --data named into the one read of the file
 * (nqpf_dea_names.gx, gy, gb -> nqpf_dea_input.gx, gy, gb -> the job). */
#include "dea_price_cli.h"
#include "nqpf/dea_opts.h"

int nqpf_cli_dea_direction_names(const nqpf_optval *o, const nqpf_dea_spec *sp, int checkpoint,
                                 nqpf_dea_names *nm, nqpf_error *err)
{
    if (!o[NQPF_DO_INPUT_DIRS].n_items && !o[NQPF_DO_OUTPUT_DIRS].n_items && !o[NQPF_DO_BAD_DIRS].n_items)
        return NQPF_OK;
    if ((sp->model != NQPF_DEA_DDF && sp->model != NQPF_DEA_MDDF) || checkpoint || o[NQPF_DO_ECONOMIC].i)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--input-directions, --output-directions and --undesirable-directions are for --model "
                         "ddf and mddf, without --checkpoint and --economic");
    int rc = NQPF_OK;
    /* a side without columns keeps --direction */
    if (o[NQPF_DO_INPUT_DIRS].n_items)
        rc = nqpf_cli_dea_col_names(o, NQPF_DO_INPUT_DIRS, sp->m, "inputs", &nm->gx, &nm->mg, err);
    if (!rc && o[NQPF_DO_OUTPUT_DIRS].n_items)
        rc = nqpf_cli_dea_col_names(o, NQPF_DO_OUTPUT_DIRS, sp->s, "outputs", &nm->gy, &nm->sg, err);
    if (!rc && o[NQPF_DO_BAD_DIRS].n_items)
        rc = nqpf_cli_dea_col_names(o, NQPF_DO_BAD_DIRS, sp->q, "undesirable outputs", &nm->gb, &nm->qg, err);
    return rc;
}
