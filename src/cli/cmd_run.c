/* nqpf run — a project file in, a report directory out. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "nqpf/report.h"

static void help(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf run PROJECT --out DIR [--force] [--lang zh|en] [--quiet] [--bom]\n\n"
           "Run every analysis named in the project file PROJECT once (index, gini, theil,\n"
           "converge (σ and β), kde, moran, lisa, obstacle, coupling, markov (and spatial Markov),\n"
           "forecast, malmquist, dea, growth; each step reads the earlier results in memory) and\n"
           "write DIR atomically:\n"
           "  DIR/index.html   one self-contained offline report (inline SVG, no script)\n"
           "  DIR/tables/      scores, weights, normalized, filled (as `nqpf index`), ranking,\n"
           "                   system, gini (as `nqpf gini`), gini_summary, theil, sigma, beta (as\n"
           "                   `nqpf converge`), kde, moran, lisa, obstacle, coupling, markov,\n"
           "                   markov_spatial (as `nqpf markov --spatial`), forecast, malmquist (as\n"
           "                   `nqpf malmquist`), malmquist_means, dea (as `nqpf dea`), dea_summary,\n"
           "                   growth (as `nqpf growth`), growth_summary: .csv; booktabs .tex\n"
           "  DIR/methods.md   indicator system, formulas and every choice used (中文 + English)\n"
           "  DIR/run.json     options, input checksums, version\n"
           "The project format (INI-like, # comments) is documented in docs/report.md; an\n"
           "example for the bundled data is data/nqpf_project.ini.\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf run data/nqpf_project.ini --out report\n"
           "  nqpf run my.ini --out report --force --lang en --bom\n");
}

static void progress(void *ctx, size_t done, size_t total, const char *what)
{
    (void)ctx;
    int w = 30, f = (int)(w * done / (total ? total : 1));
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu %-14s", f, "##############################", w - f, "", done, total, what);
    if (done == total)
        fputc('\n', stderr);
}

int nqpf_cmd_run(int argc, char **argv)
{
    const char *out = NULL, *lang = "zh";
    int force = 0, quiet = 0, bom = 0, want_help = 0;
    nqpf_opt opts[] = {
        {"out", OPT_STR, &out, "DIR", "output directory (created atomically)", 0},
        {"force", OPT_FLAG, &force, NULL, "replace an existing output directory", 0},
        {"lang", OPT_STR, &lang, "zh|en", "labels of the report: Chinese (default) or English", 0},
        {"quiet", OPT_FLAG, &quiet, NULL, "no progress bar and no summary", 0},
        {"bom", OPT_FLAG, &bom, NULL, "write a UTF-8 BOM at the start of each CSV (for Excel)", 0},
    };
    size_t n_opts = sizeof opts / sizeof opts[0], n_pos = 0;
    const char *pos[1] = {NULL};
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, pos, 1, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    if (n_pos != 1 || !out) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "usage: nqpf run PROJECT --out DIR (see --help)");
        return nqpf_cli_error(&err);
    }
    if (strcmp(lang, "zh") && strcmp(lang, "en")) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--lang must be zh or en");
        return nqpf_cli_error(&err);
    }
    struct stat st;
    if (!force && stat(out, &st) == 0) {
        nqpf_fail(&err, NQPF_EEXIST, out, 0, 0, "output directory exists; use --force to replace it");
        return nqpf_cli_error(&err);
    }
    nqpf_report_opts ro = {lang, bom, force, NULL, NULL};
    if (!quiet && isatty(2))
        ro.progress = progress;
    nqpf_project *proj = NULL;
    nqpf_report r;
    memset(&r, 0, sizeof r);
    nqpf_buf written = {0};
    int rc = nqpf_project_read(&proj, pos[0], &err);
    if (!rc)
        rc = nqpf_report_compute(proj, &ro, &r, &err);
    if (!rc)
        rc = nqpf_report_write(&r, &ro, out, &written, &err);
    if (rc && ro.progress)
        fputc('\n', stderr);
    if (!rc && !quiet) {
        fprintf(stderr, "nqpf run: %zu units × %zu periods × %zu indicators; wrote %s/:\n", r.U, r.T, r.ix.n_ind, out);
        const char *w = written.data ? written.data : "";
        while (*w) {
            const char *nl = strchr(w, '\n');
            size_t len = nl ? (size_t)(nl - w) : strlen(w);
            fprintf(stderr, "  %.*s\n", (int)len, w);
            w += len + (nl ? 1 : 0);
        }
    }
    nqpf_buf_free(&written);
    nqpf_report_free(&r);
    nqpf_project_free(proj);
    return rc ? nqpf_cli_error(&err) : 0;
}
