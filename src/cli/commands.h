/* nqpf CLI — the subcommands and the registry that lists them (main.c's
 * COMMANDS).
 *
 * Every command is declared: its options are an nqpf_optdef table
 * (include/nqpf/opt.h; in the library when a project section reads the
 * same keys); argv parsing, --help, `nqpf help --json`, the shared input
 * reading and the output file are done once, by nqpf_cli_run, and the
 * command supplies only its analysis, spec->run.  Adding a command is one
 * line in COMMANDS: {"name", NULL, "summary", &its_spec}. */
#ifndef NQPF_CLI_COMMANDS_H
#define NQPF_CLI_COMMANDS_H

#include <stdio.h>

#include "nqpf/long_input.h"
#include "nqpf/error.h"
#include "nqpf/opt.h"
#include "nqpf/output.h"
#include "spatial_cli.h"
#include "wide_panel.h"

typedef int (*nqpf_cmd_fn)(int argc, char **argv);

/* What a declared command's run gets: its option values (indexed by its
 * table's enum), the input when spec->input says so, and the output file
 * once it opens it (cmd_open_out). */
struct nqpf_cmd_spec;
typedef struct nqpf_cmd_ctx {
    const nqpf_optval *v;
    const struct nqpf_cmd_spec *spec; /* the command's declaration */
    nqpf_long_input in;
    nqpf_outfile of;
    int opened;
    FILE *fp; /* of.fp once opened */
    const char *arg; /* the positional argument of a command that has one (spec->positional) */
    int bom;         /* --bom given (NQPF_OPTDEF_BOM): each CSV starts with a UTF-8 BOM */
    nqpf_outfile side; /* a second output of the command (cmd_open_side), committed with of */
    int side_opened;
    spatial_input geo; /* spec->input NQPF_INPUT_SPATIAL; NQPF_INPUT_PANEL: its options and data (geo.r is
                        * built by the command when it wants weights, and freed by the runner) */
    wide_panel panel;  /* spec->input NQPF_INPUT_PANEL */
} nqpf_cmd_ctx;

enum nqpf_cmd_input {
    NQPF_INPUT_NONE = 0,  /* the command reads its own input */
    NQPF_INPUT_LONG = 1,  /* nqpf_long_input from the options data, unit, value, period, group, missing, encoding */
    NQPF_INPUT_SPATIAL = 2, /* spatial_input (spatial_cli.h) */
    NQPF_INPUT_PANEL = 3  /* a units x periods panel of --value (wide_panel.h) and the weights options */
};

typedef struct nqpf_cmd_spec {
    const nqpf_optdef *opts;
    size_t n_opts;
    const char *section;  /* the project section with the same keys, NULL if none */
    const char *usage;    /* after "Usage: nqpf NAME " */
    const char *about;    /* the text between the usage line and the options */
    const char *examples; /* lines after "Examples:" */
    enum nqpf_cmd_input input;
    int sign;             /* NQPF_INPUT_LONG: 1 values >= 0, 2 values > 0 (checked with sign_what) */
    const char *sign_what;
    /* checks across options before any input is read (may be NULL) */
    int (*check)(const nqpf_optval *v, nqpf_error *err);
    int (*run)(nqpf_cmd_ctx *c, nqpf_error *err);
    const char *positional; /* the name of its one required positional argument ("PROJECT"), NULL: none */
    /* NQPF_INPUT_LONG: the option that names the value column when it is
     * not --value (--value is read when that option is not given), the
     * option that lists further numeric columns (nqpf_long_input.cols), and
     * NQPF_IN_* flags */
    const char *value_opt, *cols_opt;
    unsigned in_flags;
} nqpf_cmd_spec;

enum {
    NQPF_IN_KEEP_MISSING = 1u, /* without a --missing option a missing number is NaN (default: an error) */
    NQPF_IN_LABELS = 2u,       /* unit and period only label the rows: they may repeat (nqpf_long_req.labels) */
    NQPF_IN_QUOTE_COLS = 8u    /* errors quote cells of the further columns too (nqpf_long_req.quote) */
};

/* The shared input (NQPF_INPUT_LONG) into c->in from the command's options,
 * with the numeric columns cols (n_cols) after the value: what the runner
 * does with spec->cols_opt, for a command (NQPF_INPUT_NONE) whose further
 * columns come from several options (growth: capital, labour, share). */
int cmd_load_long(nqpf_cmd_ctx *c, const char *const *cols, size_t n_cols, nqpf_error *err);

typedef struct nqpf_command {
    const char *name;
    nqpf_cmd_fn run;      /* a command not yet declared; NULL when spec is set */
    const char *summary;
    const nqpf_cmd_spec *spec;
} nqpf_command;

/* Run a declared command: parse argv, print help, check, read the input,
 * call spec->run, commit or abort the output; returns the exit code. */
int nqpf_cli_run(const char *name, const nqpf_cmd_spec *spec, int argc, char **argv);
/* Open the --out/--force file of a declared command (c->fp), with the BOM
 * when --bom was given. */
int cmd_open_out(nqpf_cmd_ctx *c, const nqpf_cmd_spec *spec, nqpf_error *err);
/* The same at path instead of --out (under MPI the ranks other than 0
 * write to "-", which is /dev/null there). */
int cmd_open_at(nqpf_cmd_ctx *c, const char *path, nqpf_error *err);
/* Open a second output of the command at path (--force and --bom as for
 * --out): c->side, published together with --out or not at all. */
int cmd_open_side(nqpf_cmd_ctx *c, const char *path, nqpf_error *err);
/* The flags of nqpf_outfile_open for a file the command opens itself:
 * force (0 or 1) and NQPF_OUT_BOM when --bom was given. */
int cmd_out_flags(const nqpf_cmd_ctx *c, int force);

/* Print "nqpf: FILE:LINE:COL: message" to stderr; returns err->code (>0). */
int nqpf_cli_error(const nqpf_error *err);
/* Print a warning "nqpf: warning: ..." to stderr. */
void nqpf_cli_warn(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* The library's warning callback (nqpf_reg_run, nqpf_did_run ...): each
 * message as nqpf_cli_warn; ctx is unused. */
void nqpf_cli_warn_cb(void *ctx, const char *msg);
/* Warn "FILE: CAUSE in period 'LABEL': CONSEQUENCE" (no period part when
 * the input has no period column). */
void nqpf_cli_warn_period(const nqpf_long_input *in, const char *file, const char *label, const char *cause,
                          const char *consequence);

/* declared commands */
extern const nqpf_cmd_spec NQPF_GINI_CMD, NQPF_THEIL_CMD, NQPF_CONVERGE_CMD, NQPF_KDE_CMD, NQPF_COUPLE_CMD,
    NQPF_FORECAST_CMD, NQPF_TOBIT_CMD, NQPF_TRUNCREG_CMD,
    NQPF_OBSTACLE_CMD, NQPF_GROWTH_CMD, NQPF_REG_CMD, NQPF_THRESHOLD_CMD, NQPF_DEA_CMD,
    NQPF_MALMQUIST_CMD, NQPF_WEIGHTS_CMD, NQPF_MORAN_CMD, NQPF_LISA_CMD, NQPF_MARKOV_CMD, NQPF_MOBILITY_CMD,
    NQPF_SPREG_CMD, NQPF_INDEX_CMD, NQPF_DID_CMD, NQPF_RUN_CMD, NQPF_DEMO_CMD, NQPF_INEQ_CMD;


#endif
