/* nqpf — option tables: one declaration of an analysis's options, read from
 * the command line, from a project-file [section], printed as help and as
 * JSON (issue 11).
 *
 * An analysis declares its options once, as a const array of nqpf_optdef
 * (name, type, default, choices or range, metavar, help, example, flags),
 * indexed by an enum of its own header through designated initializers.
 * The same table then drives
 *   - argv parsing (nqpf_opt_argv: `--name VALUE`, `--name=VALUE`, `--flag`),
 *   - project keys (nqpf_opt_section: the keys of a [section] with the same
 *     defaults and validation, errors at FILE:LINE:COL of the value),
 *   - `nqpf CMD --help` (nqpf_opt_print_help) and `nqpf help --json`
 *     (nqpf_opt_print_json).
 * One routine, nqpf_opt_set, validates a value wherever it comes from, so a
 * bad value gives the same message on the command line and in a project
 * ("'box': --kernel must be gaussian or epanechnikov" and
 * "proj.ini:9:10: 'box': kernel must be gaussian or epanechnikov"); only the
 * spelling of the option and the exit code (2 usage, 5 input) differ.
 * No global state: values live in a caller-owned nqpf_optval array. */
#ifndef NQPF_OPT_H
#define NQPF_OPT_H

#include <stddef.h>
#include <stdio.h>

#include "nqpf/error.h"
#include "nqpf/project.h"

typedef enum nqpf_opt_type {
    NQPF_OPT_STRING, /* any text (a file, a column name) */
    NQPF_OPT_INT,    /* a whole number in [lo, hi] */
    NQPF_OPT_SIZE,   /* a non-negative whole number in [lo, hi] */
    NQPF_OPT_DOUBLE, /* a finite number in [lo, hi] */
    NQPF_OPT_FLAG,   /* on the command line a bare --flag; in a project yes/no/true/false */
    NQPF_OPT_CHOICE, /* one of choices "a|b|c"; its index is the value */
    NQPF_OPT_LIST    /* comma-separated items (choices "a|b" restricts them), lo..hi items */
} nqpf_opt_type;

enum {
    NQPF_OPTF_REQUIRED = 1u, /* the command line needs it */
    NQPF_OPTF_PROJECT = 2u,  /* also a key of the analysis's project section */
    NQPF_OPTF_LO_OPEN = 4u,  /* the range excludes lo */
    NQPF_OPTF_HI_OPEN = 8u,  /* the range excludes hi */
    NQPF_OPTF_CONTEXT = 16u  /* the default depends on other options (the help says how; def is NULL or
                                the usual case) */
};

typedef struct nqpf_optdef {
    const char *name;     /* without dashes; the project key */
    nqpf_opt_type type;
    const char *def;      /* the default as text, NULL for none */
    const char *choices;  /* CHOICE and LIST: "a|b|c" (NULL: free items for LIST) */
    double lo, hi;        /* numbers: the range (both 0: any); LIST: item counts (both 0: 1 or more) */
    const char *metavar;  /* e.g. "FILE"; NULL: derived (choices, or "VALUE") */
    const char *help;     /* one line */
    const char *example;  /* a typical value, NULL for flags */
    unsigned flags;       /* NQPF_OPTF_* */
} nqpf_optdef;

/* The value of one option after parsing.  text is the value as given (or
 * the default; NULL when neither); for LIST, items[0..n_items) are the
 * trimmed items (owned, freed by nqpf_opt_free). */
typedef struct nqpf_optval {
    const char *text;
    int seen;            /* given explicitly */
    long line, col;      /* where it was given in a project file, 0 otherwise */
    double num;          /* DOUBLE, INT, SIZE (also as num) */
    long long i;         /* INT, SIZE; FLAG 0/1; CHOICE the index into choices */
    size_t z;            /* SIZE */
    char **items;        /* LIST */
    size_t n_items;
    char *owned;         /* storage of items */
} nqpf_optval;

/* Where a value comes from, for messages: the option is spelt "--name" on
 * the command line (file NULL, code NQPF_EUSAGE) and "name" in a project
 * (file, line, col of the value, code NQPF_EINPUT). */
typedef struct nqpf_optsrc {
    const char *file;
    long line, col;
} nqpf_optsrc;

/* Validate text against d and store it into v (v->text = text, not copied).
 * src NULL: the command line.  Messages: "'TEXT': SPELLING must be …". */
int nqpf_opt_set(const nqpf_optdef *d, const char *text, const nqpf_optsrc *src, nqpf_optval *v, nqpf_error *err);

/* Reset vals[0..n) (every field zero). */
void nqpf_opt_init(nqpf_optval *vals, size_t n);
/* Free what nqpf_opt_set allocated (LIST items) and reset. */
void nqpf_opt_free(nqpf_optval *vals, size_t n);

/* Parse argv[1..argc-1] against defs: values and defaults into vals (after
 * nqpf_opt_init), positional arguments into pos (up to max_pos).  `--help`
 * or `-h` sets *want_help and stops checking required options.  Errors:
 * unknown option, an option given twice, a flag with a value, a missing
 * value, a bad value, and then "--a, --b and --c are required (see --help)"
 * naming every NQPF_OPTF_REQUIRED option in table order when one lacks. */
int nqpf_opt_argv(const nqpf_optdef *defs, size_t n, nqpf_optval *vals, int argc, char **argv, const char **pos,
                  size_t max_pos, size_t *n_pos, int *want_help, nqpf_error *err);

/* The keys of project section `section` against the NQPF_OPTF_PROJECT
 * options of defs: each key present is validated at its FILE:LINE:COL, each
 * absent one takes its default.  A key that no option declares is an error
 * (as nqpf_project_check reports it).  An absent section gives the
 * defaults. */
int nqpf_opt_section(const nqpf_optdef *defs, size_t n, const nqpf_project *p, const char *section,
                     nqpf_optval *vals, nqpf_error *err);

/* Apply the default of every option not given (nqpf_opt_argv and
 * nqpf_opt_section call it). */
int nqpf_opt_defaults(const nqpf_optdef *defs, size_t n, nqpf_optval *vals, nqpf_error *err);

/* "Options:" with one aligned line per option (metavar, help, default,
 * choices), then --help. */
void nqpf_opt_print_help(FILE *fp, const nqpf_optdef *defs, size_t n);

/* The options as a JSON array of objects {name, type, default, choices,
 * min, max, metavar, help, example, required, project_key, default_depends}. */
void nqpf_opt_print_json(FILE *fp, const nqpf_optdef *defs, size_t n);

/* The name of a type as JSON and help show it ("string", "int", …). */
const char *nqpf_opt_type_name(nqpf_opt_type t);

/* Split s in place at sep into at most max trimmed items (*n of them);
 * -1 on an empty item or more than max. */
int nqpf_opt_split(char *s, char sep, char **items, size_t max, size_t *n);
/* A comma list of column names given to option --opt (NULL or empty: none)
 * split into a copy *store (the caller frees it): items point into it.
 * An empty name or more than max is a usage error naming the option. */
int nqpf_opt_names(const char *s, const char *opt, char **store, char **items, size_t max, size_t *n,
                   nqpf_error *err);

/* Index of name among defs, or -1. */
long nqpf_opt_find(const nqpf_optdef *defs, size_t n, const char *name);

/* Common options, the same in every analysis that has them. */
#define NQPF_OPTDEF_OUT                                                                                      \
    {.name = "out", .type = NQPF_OPT_STRING, .metavar = "FILE", .help = "output CSV ('-' = standard output)", \
     .example = "out.csv", .flags = NQPF_OPTF_REQUIRED}
#define NQPF_OPTDEF_FORCE                                                                                    \
    {.name = "force", .type = NQPF_OPT_FLAG, .help = "overwrite an existing output file"}
/* A UTF-8 byte-order mark at the start of each CSV written: Excel on a
 * Chinese Windows reads a CSV without one as GBK.  Plain UTF-8 stays the
 * default. */
#define NQPF_OPTDEF_BOM                                                                                      \
    {.name = "bom", .type = NQPF_OPT_FLAG, .help = "start each CSV written with a UTF-8 BOM (for Excel)"}
#define NQPF_OPTDEF_MISSING(what)                                                                            \
    {.name = "missing", .type = NQPF_OPT_CHOICE, .def = "error", .choices = "error|skip",                   \
     .help = "missing values: stop or " what, .example = "skip"}

#endif
