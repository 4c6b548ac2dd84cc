/* nqpf — command-line entry point: dispatches to a subcommand. */
#include <stdarg.h>
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/dist.h"
#include "nqpf/output.h"
#include "nqpf/util.h"
#include "nqpf/version.h"

/* The registry: every command, in the order `nqpf help` lists them.  A
 * declared command names its spec (its option table, help text and
 * analysis; commands.h), one not yet declared its main-like function. */
static const nqpf_command COMMANDS[] = {
    /* the whole job */
    {"run", NULL, "run a project file: every analysis and one offline HTML report, tables, methods", &NQPF_RUN_CMD},
    {"demo", NULL, "the bundled project: index and full report of 31 provinces, 2010-2023", &NQPF_DEMO_CMD},
    /* index */
    {"index", NULL, "composite NQPF index: normalise, weight, aggregate, rank", &NQPF_INDEX_CMD},
    /* productivity */
    {"dea", NULL, "data envelopment analysis: radial (CCR/BCC), SBM, DDF, FDH, EBM; meta-frontier gaps", &NQPF_DEA_CMD},
    {"malmquist", NULL, "Malmquist, Malmquist-Luenberger (GML) and Luenberger productivity indexes", &NQPF_MALMQUIST_CMD},
    {"growth", NULL, "growth-accounting TFP (Tornqvist / Solow residual)", &NQPF_GROWTH_CMD},
    /* compare and diagnose */
    {"gini", NULL, "Dagum Gini decomposition (within, net between, transvariation) by groups", &NQPF_GINI_CMD},
    {"theil", NULL, "Theil T and L with between/within decomposition, CV and Gini", &NQPF_THEIL_CMD},
    {"inequality", NULL, "Gini, Atkinson, Wolfson polarisation and the Lorenz curve", &NQPF_INEQ_CMD},
    {"converge", NULL, "sigma and beta convergence (cross-section and two-way FE panel)", &NQPF_CONVERGE_CMD},
    {"tobit", NULL, "Tobit (censored) regression of scores on their drivers, e.g. DEA second stage", &NQPF_TOBIT_CMD},
    {"reg", NULL, "regression with absorbed fixed effects, clustered errors and IV (reghdfe/ivreghdfe)", &NQPF_REG_CMD},
    {"threshold", NULL, "Hansen (1999) panel threshold regression: exact search, LR sets, bootstrap F", &NQPF_THRESHOLD_CMD},
    {"did", NULL, "difference-in-differences: TWFE, event study, placebo, Callaway-Sant'Anna ATT(g,t)", &NQPF_DID_CMD},
    {"truncreg", NULL, "truncated regression with the Simar-Wilson (2007) bootstrap (DEA second stage)", &NQPF_TRUNCREG_CMD},
    {"kde", NULL, "kernel density estimates per period on a common grid", &NQPF_KDE_CMD},
    {"markov", NULL, "classic and spatial Markov transition matrices", &NQPF_MARKOV_CMD},
    {"mobility", NULL, "rank mobility: Kendall tau, spatial tau, Theta", &NQPF_MOBILITY_CMD},
    {"obstacle", NULL, "obstacle degree of indicators and dimensions from an index run", &NQPF_OBSTACLE_CMD},
    {"couple", NULL, "coupling degree and coupling-coordination degree of subsystems", &NQPF_COUPLE_CMD},
    {"forecast", NULL, "grey GM(1,1) forecast with class-ratio test and accuracy grades", &NQPF_FORECAST_CMD},
    /* spatial */
    {"weights", NULL, "spatial weights (contiguity, k-nearest, distance) as an edge list", &NQPF_WEIGHTS_CMD},
    {"moran", NULL, "global Moran's I, Geary's C, Getis-Ord G with tests", &NQPF_MORAN_CMD},
    {"lisa", NULL, "local Moran (HH/LL/HL/LH clusters) and local Getis-Ord Gi/Gi*", &NQPF_LISA_CMD},
    {"spreg", NULL, "spatial regression: SAR, SEM, SDM, SDEM, SLX, SAC panels with fixed effects and effects", &NQPF_SPREG_CMD},
};
static const size_t N_COMMANDS = sizeof COMMANDS / sizeof COMMANDS[0];

/* Under MPI every rank ends with the same error (nqpf_dist_agree); rank 0
 * says it. */
int nqpf_cli_error(const nqpf_error *err)
{
    if (nqpf_dist_world().rank != 0)
        return err->code > 0 ? err->code : 1;
    char buf[2048];
    nqpf_error_format(err, buf, sizeof buf);
    fprintf(stderr, "nqpf: %s\n", buf);
    return err->code > 0 ? err->code : 1;
}

void nqpf_cli_warn(const char *fmt, ...)
{
    if (nqpf_dist_world().rank != 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("nqpf: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void nqpf_cli_warn_period(const nqpf_long_input *in, const char *file, const char *label, const char *cause,
                          const char *consequence)
{
    nqpf_cli_warn("%s: %s%s%s%s: %s", file, cause, in->has_period ? " in period '" : "", in->has_period ? label : "",
                  in->has_period ? "'" : "", consequence);
}

void nqpf_cli_warn_cb(void *ctx, const char *msg)
{
    (void)ctx;
    nqpf_cli_warn("%s", msg);
}

static void usage(FILE *fp)
{
    fprintf(fp,
            "nqpf %s — measure, compare and diagnose New Quality Productive Forces (新质生产力)\n\n"
            "Usage: nqpf COMMAND [OPTIONS]\n       nqpf COMMAND --help\n\nCommands:\n",
            NQPF_VERSION);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(fp, "  %-11s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(fp, "  %-11s %s\n  %-11s %s\n", "help", "this list, `nqpf help COMMAND`, or `nqpf help --json`", "version",
            "print the version");
    fprintf(fp, "\nInput files: CSV (UTF-8 or GBK; - for standard input), Excel (book.xlsx reads the first\n"
                "sheet, 'book.xlsx#Sheet' the named one) or Stata (panel.dta), wherever a CSV is read.\n");
    fprintf(fp, "\nExit codes: 0 ok, 2 usage, 3 i/o, 4 parse, 5 invalid input, 6 degenerate math,\n"
                "7 out of memory, 8 output exists, 9 missing values, 10 internal error.\n");
}

static int dispatch(int argc, char **argv);

/* "unknown command 'moarn' (did you mean 'moran'?)" */
static void unknown_command(const char *cmd)
{
    const char *names[sizeof COMMANDS / sizeof COMMANDS[0] + 2];
    for (size_t i = 0; i < N_COMMANDS; i++)
        names[i] = COMMANDS[i].name;
    names[N_COMMANDS] = "help", names[N_COMMANDS + 1] = "version";
    const char *near = nqpf_suggest(cmd, names, N_COMMANDS + 2);
    if (near)
        fprintf(stderr, "nqpf: unknown command '%s' (did you mean '%s'?)\n", cmd, near);
    else
        fprintf(stderr, "nqpf: unknown command '%s' (try `nqpf help`)\n", cmd);
}

static int start(const nqpf_command *c, int argc, char **argv)
{
    return c->spec ? nqpf_cli_run(c->name, c->spec, argc, argv) : c->run(argc, argv);
}

/* `nqpf help --json`: every command with its options (type, default,
 * choices, range, help, example), for GUIs, bindings and docs.  A command
 * not yet declared has "options": null. */
static void help_json(FILE *fp)
{
    fputs("{\n  \"nqpf_version\": ", fp);
    nqpf_json_put_string(fp, NQPF_VERSION);
    fputs(",\n  \"commands\": [", fp);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const nqpf_command *c = &COMMANDS[i];
        fputs(i ? ",\n  {" : "\n  {", fp);
        fputs("\"name\": ", fp);
        nqpf_json_put_string(fp, c->name);
        fputs(", \"summary\": ", fp);
        nqpf_json_put_string(fp, c->summary);
        fputs(", \"section\": ", fp);
        if (c->spec && c->spec->section)
            nqpf_json_put_string(fp, c->spec->section);
        else
            fputs("null", fp);
        fputs(", \"usage\": ", fp);
        if (c->spec) {
            char u[512];
            snprintf(u, sizeof u, "nqpf %s %s", c->name, c->spec->usage);
            nqpf_json_put_string(fp, u);
            fputs(",\n   \"options\": ", fp);
            nqpf_opt_print_json(fp, c->spec->opts, c->spec->n_opts);
        } else {
            fputs("null, \"options\": null", fp);
        }
        fputc('}', fp);
    }
    fputs("\n  ]\n}\n", fp);
}

/* Commands that split their work over MPI ranks (docs/scale.md). */
static int mpi_aware(const char *cmd)
{
    static const char *const AWARE[] = {"dea", "malmquist", "moran", "lisa"};
    for (size_t i = 0; i < sizeof AWARE / sizeof AWARE[0]; i++)
        if (strcmp(cmd, AWARE[i]) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    nqpf_dist_start(&argc, &argv);
    /* one rank talks: the others' standard output goes nowhere (commands
     * also write their files on rank 0 only) */
    if (nqpf_dist_world().rank != 0 && !freopen("/dev/null", "w", stdout))
        return 3;
    int rc = dispatch(argc, argv);
    nqpf_dist_stop();
    return rc;
}

static int dispatch(int argc, char **argv)
{
#ifdef M_MMAP_THRESHOLD
    /* glibc raises its mmap threshold each time a large block is freed, after
     * which big temporary arrays come from the heap and are not returned to
     * the system: on a 5-million-row panel that kept ~70 MB (+6% of the
     * data) resident for the rest of the run (bench/index).  A fixed
     * threshold keeps every large array in its own mapping, released on
     * free.  This is the program's allocator policy, set once here. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        if (argc >= 3 && strcmp(argv[2], "--json") == 0) {
            help_json(stdout);
            return 0;
        }
        if (argc >= 3) {
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (strcmp(argv[2], COMMANDS[i].name) == 0) {
                    char *av[] = {argv[2], "--help", NULL};
                    return start(&COMMANDS[i], 2, av);
                }
            unknown_command(argv[2]);
            return 2;
        }
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("nqpf %s\n", NQPF_VERSION);
        return 0;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, COMMANDS[i].name) == 0) {
            if (nqpf_dist_world().rank != 0 && !mpi_aware(cmd))
                return 0; /* under mpirun, rank 0 alone runs the others */
            return start(&COMMANDS[i], argc - 1, argv + 1);
        }
    unknown_command(cmd);
    return 2;
}
