/* nqpf CLI — a small declarative option parser shared by every subcommand.
 *
 * Options are GNU-style long options: `--name VALUE`, `--name=VALUE`, or a
 * bare `--flag`.  Each subcommand lists its options in a table; the parser
 * fills the destinations and reports unknown options, missing values and
 * malformed numbers as usage errors (exit code 2). */
#ifndef NQPF_CLI_ARGS_H
#define NQPF_CLI_ARGS_H

#include <stddef.h>

#include "nqpf/error.h"

enum nqpf_opt_kind { OPT_FLAG, OPT_STR, OPT_DOUBLE, OPT_INT, OPT_SIZE };

typedef struct nqpf_opt {
    const char *name;       /* without the leading dashes */
    enum nqpf_opt_kind kind;
    void *dst;              /* int* for FLAG/INT, const char** for STR, double*, size_t* */
    const char *metavar;    /* e.g. "FILE"; NULL for flags */
    const char *help;       /* one line */
    int seen;               /* set by the parser */
} nqpf_opt;

/* Parse argv[1..argc-1].  Positional arguments are stored in pos (up to
 * max_pos), their count in *n_pos.  `--help`/`-h` sets *want_help. */
int nqpf_args_parse(int argc, char **argv, nqpf_opt *opts, size_t n_opts,
                    const char **pos, size_t max_pos, size_t *n_pos, int *want_help,
                    nqpf_error *err);

/* Print "Options:" with each option's metavar and help, aligned. */
void nqpf_args_print(const nqpf_opt *opts, size_t n_opts);

/* Split a comma-separated list in place into up to max items (trimmed).
 * Returns the count, or -1 if there are more than max items or an empty item. */
int nqpf_split_list(char *s, char **items, int max);

#endif
