/* The parts of `nqpf dea` with their own output (economic efficiency,
 * cmd_dea_price.c; the returns-to-scale test, cmd_dea_rts.c), called by
 * cmd_dea.c once the data are read, and the CSV pieces its outputs share
 * (dea_write.c). */
#ifndef NQPF_CLI_DEA_PRICE_H
#define NQPF_CLI_DEA_PRICE_H

#include "nqpf/csv.h"
#include "nqpf/dea.h"
#include "nqpf/opt.h"
#include "commands.h"

/* job: the data read by cmd_dea.c; in: its columns (the unit and period
 * texts; in->period NULL without --period); c: the command, whose output
 * (cmd_open_out) the runner commits. */
int nqpf_cli_dea_price(nqpf_cmd_ctx *c, const nqpf_dea_input *in, nqpf_dea_job *job, nqpf_error *err);
/* The direction columns of ddf and mddf (dea_dirs.c), before the data are
 * read: the options they refuse, and their names into nm (gx, gy, gb; a
 * side not given keeps --direction and stays NULL). */
int nqpf_cli_dea_direction_names(const nqpf_optval *o, const nqpf_dea_spec *sp, int checkpoint,
                                 nqpf_dea_names *nm, nqpf_error *err);

/* nqpf dea --rts-test B (cmd_dea_rts.c): one test per frontier (per
 * period when contemporaneous with --period, else over all rows). */
int nqpf_cli_dea_rts_test(nqpf_cmd_ctx *c, const nqpf_dea_input *in, const nqpf_dea_job *job,
                          nqpf_error *err);

/* unit[,period]: the header's key names and row i's keys (in->period NULL
 * without --period); ",PRE<name>" for k names; ",peers,lambdas" of row i
 * (its k peers, width slots a row: unit names and weights, ';'-separated). */
void nqpf_cli_dea_put_head(FILE *fp, const char *unit, const char *period);
void nqpf_cli_dea_put_key(FILE *fp, const nqpf_dea_input *in, size_t i);
void nqpf_cli_dea_put_cols(FILE *fp, const char *pre, char **names, size_t k);
void nqpf_cli_dea_put_peers(FILE *fp, const nqpf_dea_input *in, const size_t *peer, const double *lambda,
                            size_t width, size_t i, size_t k);

#endif
