/* The parts of `nqpf dea` with their own output (economic efficiency,
 * cmd_dea_price.c; the returns-to-scale test, cmd_dea_rts.c), called by
 * cmd_dea.c once the data are read. */
#ifndef NQPF_CLI_DEA_PRICE_H
#define NQPF_CLI_DEA_PRICE_H

#include "nqpf/csv.h"
#include "nqpf/dea.h"
#include "nqpf/opt.h"

/* job: the data read by cmd_dea.c; t, ucol, pcol: the table, unit and
 * period columns (pcol ignored without --period). */
int nqpf_cli_dea_price(const nqpf_optval *o, const nqpf_table *t, size_t ucol, size_t pcol, nqpf_dea_job *job,
                       nqpf_error *err);

/* nqpf dea --rts-test B (cmd_dea_rts.c): one test per frontier (per
 * period when contemporaneous with --period, else over all rows). */
int nqpf_cli_dea_rts_test(const nqpf_optval *o, const nqpf_table *t, size_t pcol, const nqpf_dea_job *job,
                          nqpf_error *err);

#endif
