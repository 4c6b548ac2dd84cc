/* nqpf run — a project file in, a report directory out. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "nqpf/report.h"

enum { RUN_OUT, RUN_FORCE, RUN_LANG, RUN_QUIET, RUN_BOM, RUN_NOPTS };
static const nqpf_optdef RUN_OPTS[RUN_NOPTS] = {
    [RUN_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .metavar = "DIR", .help = "output directory (created atomically)",
                 .example = "report", .flags = NQPF_OPTF_REQUIRED},
    [RUN_FORCE] = {.name = "force", .type = NQPF_OPT_FLAG, .help = "replace an existing output directory"},
    [RUN_LANG] = {.name = "lang", .type = NQPF_OPT_CHOICE, .def = "zh", .choices = "zh|en",
                  .help = "labels of the report: Chinese or English", .example = "en"},
    [RUN_QUIET] = {.name = "quiet", .type = NQPF_OPT_FLAG, .help = "no progress bar and no summary"},
    [RUN_BOM] = NQPF_OPTDEF_BOM,
};

/* `[project] bom = yes` does what --bom does (read as the flag is, with
 * its message at FILE:LINE:COL); --bom wins. */
static int project_bom(const nqpf_project *proj, int *bom, nqpf_error *err)
{
    const nqpf_project_kv *kv = nqpf_project_get(nqpf_project_section_get(proj, "project"), "bom");
    if (!kv || *bom)
        return NQPF_OK;
    nqpf_optval v;
    nqpf_opt_init(&v, 1);
    nqpf_optsrc src = {proj->path, kv->line, kv->value_col};
    int rc = nqpf_opt_set(&RUN_OPTS[RUN_BOM], kv->value, &src, &v, err);
    *bom = !rc && v.i;
    nqpf_opt_free(&v, 1);
    return rc;
}

static void progress(void *ctx, size_t done, size_t total, const char *what)
{
    (void)ctx;
    int w = 30, f = (int)(w * done / (total ? total : 1));
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu %-14s", f, "##############################", w - f, "", done, total, what);
    if (done == total)
        fputc('\n', stderr);
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const char *out = c->v[RUN_OUT].text, *lang = c->v[RUN_LANG].text;
    int force = (int)c->v[RUN_FORCE].i, quiet = (int)c->v[RUN_QUIET].i, bom = (int)c->v[RUN_BOM].i;
    struct stat st;
    if (!force && stat(out, &st) == 0)
        return nqpf_fail(err, NQPF_EEXIST, out, 0, 0, "output directory exists; use --force to replace it");
    nqpf_report_opts ro = {lang, bom, force, NULL, NULL};
    if (!quiet && isatty(2))
        ro.progress = progress;
    nqpf_project *proj = NULL;
    nqpf_report r;
    memset(&r, 0, sizeof r);
    nqpf_buf written = {0};
    int rc = nqpf_project_read(&proj, c->arg, err);
    if (!rc)
        rc = project_bom(proj, &ro.bom, err);
    if (!rc)
        rc = nqpf_report_compute(proj, &ro, &r, err);
    if (!rc)
        rc = nqpf_report_write(&r, &ro, out, &written, err);
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
    return rc;
}

const nqpf_cmd_spec NQPF_RUN_CMD = {
    RUN_OPTS, RUN_NOPTS, NULL, "PROJECT --out DIR [--force] [--lang zh|en] [--quiet] [--bom]",
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
    "example for the bundled data is data/nqpf_project.ini.\n\n",
    "  nqpf run data/nqpf_project.ini --out report\n"
    "  nqpf run data/nqpf_project.ini --out report --force --lang en --bom\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, "PROJECT", NULL, NULL, 0,
};
