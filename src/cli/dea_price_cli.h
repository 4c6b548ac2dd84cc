/* nqpf dea --economic: the part of `nqpf dea` that writes economic
 * efficiency (cmd_dea_price.c), called by cmd_dea.c once the data are read. */
#ifndef NQPF_CLI_DEA_PRICE_H
#define NQPF_CLI_DEA_PRICE_H

#include "nqpf/csv.h"
#include "nqpf/dea.h"
#include "nqpf/opt.h"

/* job: the data read by cmd_dea.c; t, ucol, pcol: the table, unit and
 * period columns (pcol ignored without --period). */
int nqpf_cli_dea_price(const nqpf_optval *o, const nqpf_table *t, size_t ucol, size_t pcol, nqpf_dea_job *job,
                       nqpf_error *err);

#endif
