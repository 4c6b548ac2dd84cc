/* nqpf CLI — the subcommands.  Each lives in its own cmd_<name>.c, parses
 * its options with args.h, calls the library and prints errors through
 * nqpf_cli_error().  Each returns the process exit code. */
#ifndef NQPF_CLI_COMMANDS_H
#define NQPF_CLI_COMMANDS_H

#include "nqpf/error.h"

typedef int (*nqpf_cmd_fn)(int argc, char **argv);

typedef struct nqpf_command {
    const char *name;
    nqpf_cmd_fn run;
    const char *summary;
} nqpf_command;

/* Print "nqpf: FILE:LINE:COL: message" to stderr; returns err->code (>0). */
int nqpf_cli_error(const nqpf_error *err);
/* Print a warning "nqpf: warning: ..." to stderr. */
void nqpf_cli_warn(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

int nqpf_cmd_index(int argc, char **argv);
int nqpf_cmd_demo(int argc, char **argv);
int nqpf_cmd_gini(int argc, char **argv);
int nqpf_cmd_theil(int argc, char **argv);
int nqpf_cmd_obstacle(int argc, char **argv);
int nqpf_cmd_couple(int argc, char **argv);
int nqpf_cmd_forecast(int argc, char **argv);
int nqpf_cmd_converge(int argc, char **argv);
int nqpf_cmd_tobit(int argc, char **argv);
int nqpf_cmd_truncreg(int argc, char **argv);
int nqpf_cmd_kde(int argc, char **argv);
int nqpf_cmd_growth(int argc, char **argv);
int nqpf_cmd_weights(int argc, char **argv);
int nqpf_cmd_moran(int argc, char **argv);
int nqpf_cmd_lisa(int argc, char **argv);
int nqpf_cmd_markov(int argc, char **argv);
int nqpf_cmd_dea(int argc, char **argv);
int nqpf_cmd_malmquist(int argc, char **argv);
int nqpf_cmd_run(int argc, char **argv);
int nqpf_cmd_reg(int argc, char **argv);
int nqpf_cmd_threshold(int argc, char **argv);
int nqpf_cmd_did(int argc, char **argv);

#endif
