/* nqpf dea --input-directions / --output-directions /
 * --undesirable-directions: per-row direction vectors of ddf and mddf,
 * columns of --data named into the one read of the file
 * (nqpf_dea_names.gx, gy, gb -> nqpf_dea_input.gx, gy, gb -> the job);
 * the library's nqpf_dea_opts_directions checks and names them, after the
 * refusals of options the project's [dea] does not have. */
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
    return nqpf_dea_opts_directions(o, NULL, sp, nm, err); /* the counts, as [dea] checks them */
}
