/* The parts of `nqpf dea` with their own output (economic efficiency,
 * cmd_dea_price.c; the returns-to-scale test, cmd_dea_rts.c), called by
 * cmd_dea.c once the data are read. */
#ifndef NQPF_CLI_DEA_PRICE_H
#define NQPF_CLI_DEA_PRICE_H

#include "nqpf/csv.h"
#include "nqpf/dea.h"
#include "nqpf/opt.h"
#include "commands.h"

/* job: the data read by cmd_dea.c; in: its columns (the unit and period
 * texts; in->period NULL without --period); c: the command (--bom). */
int nqpf_cli_dea_price(const nqpf_cmd_ctx *c, const nqpf_dea_input *in, nqpf_dea_job *job, nqpf_error *err);

/* nqpf dea --rts-test B (cmd_dea_rts.c): one test per frontier (per
 * period when contemporaneous with --period, else over all rows). */
int nqpf_cli_dea_rts_test(const nqpf_cmd_ctx *c, const nqpf_dea_input *in, const nqpf_dea_job *job,
                          nqpf_error *err);

#endif
