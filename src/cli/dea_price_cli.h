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

/* The columns of option opt (a list), k of them, read as numbers >= 0 from
 * --data into *out (n x k, malloc'ed): the price columns of --economic,
 * the direction columns of ddf and mddf. */
int nqpf_cli_dea_read_cols(const nqpf_optval *o, int opt, size_t k, const char *what, size_t n, double **out,
                           nqpf_error *err);

/* The direction columns of ddf and mddf (dea_dirs.c): into dirs[0..2]
 * (inputs, outputs, bad outputs; NULL where not given, the caller frees)
 * and job->gx, gy, gb; job->spec, n, checkpoint set. */
int nqpf_cli_dea_directions(const nqpf_optval *o, nqpf_dea_job *job, double *dirs[3], nqpf_error *err);

/* nqpf dea --rts-test B (cmd_dea_rts.c): one test per frontier (per
 * period when contemporaneous with --period, else over all rows). */
int nqpf_cli_dea_rts_test(const nqpf_cmd_ctx *c, const nqpf_dea_input *in, const nqpf_dea_job *job,
                          nqpf_error *err);

#endif
