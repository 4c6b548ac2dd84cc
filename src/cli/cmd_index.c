/* nqpf index — the composite New Quality Productive Forces index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "budget.h"
#include "commands.h"
#include "nqpf/index_job.h"
#include "nqpf/index_opts.h"
#include "nqpf/index_write.h"
#include "nqpf/memory.h"
#include "nqpf/sha256.h"

/* The options this command uses beyond the job's (values already checked
 * by the table NQPF_INDEX_OPTS): the files, run.json and the summary. */
typedef struct nqpf_index_cli {
    const char *data, *system, *unit, *period, *out;
    const char *layout, *var_col, *value_col, *encoding, *missing, *extrapolate;
    const char *scope, *weights, *combine, *aggregate, *ahp_method;
    int force, quiet, no_normalized, timing;
    const char *max_memory; /* --max-memory SIZE, or NULL */
    int bom;                /* --bom: the CSVs start with a UTF-8 BOM */
} nqpf_index_cli;

static void index_cli_from(nqpf_index_cli *a, const nqpf_optval *v)
{
    *a = (nqpf_index_cli){
        v[NQPF_IX_DATA].text, v[NQPF_IX_SYSTEM].text, v[NQPF_IX_UNIT].text, v[NQPF_IX_PERIOD].text,
        v[NQPF_IX_OUT].text, v[NQPF_IX_LAYOUT].text, v[NQPF_IX_VAR_COL].text, v[NQPF_IX_VALUE_COL].text,
        v[NQPF_IX_ENCODING].text, v[NQPF_IX_MISSING].text, v[NQPF_IX_EXTRAPOLATE].text, v[NQPF_IX_SCOPE].text,
        v[NQPF_IX_WEIGHTS].text, v[NQPF_IX_COMBINE].text, v[NQPF_IX_AGGREGATE].text, v[NQPF_IX_AHP_METHOD].text,
        (int)v[NQPF_IX_FORCE].i, (int)v[NQPF_IX_QUIET].i, (int)v[NQPF_IX_NO_NORMALIZED].i, (int)v[NQPF_IX_TIMING].i,
        v[NQPF_IX_MAX_MEMORY].text, (int)v[NQPF_IX_BOM].i,
    };
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Peak resident memory so far in KiB (Linux), or -1. */
static long peak_kib(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (fp && fgets(line, sizeof line, fp))
        if (sscanf(line, "VmHWM: %ld", &kib) == 1)
            break;
    if (fp)
        fclose(fp);
    return kib;
}

/* --timing: each phase's time since the previous one. */
typedef struct index_clock {
    int on;
    double t0;
} index_clock;

static void phase(void *ctx, const char *what)
{
    index_clock *c = ctx;
    double t = now_s();
    if (c->on)
        fprintf(stderr, "nqpf index: %-10s %8.3f s   peak memory so far %ld KiB\n", what, t - c->t0, peak_kib());
    c->t0 = t;
}

static void print_warnings(const nqpf_index_result *r, int quiet)
{
    if (quiet || !r->warnings.data)
        return;
    const char *w = r->warnings.data;
    while (*w) {
        const char *nl = strchr(w, '\n');
        size_t len = nl ? (size_t)(nl - w) : strlen(w);
        fprintf(stderr, "nqpf: warning: %.*s\n", (int)len, w);
        w += len + (nl ? 1 : 0);
    }
}

typedef void (*index_summary_fn)(const nqpf_index_cli *a, const nqpf_index_result *r, const nqpf_fill_log *fills);

/* The job's inputs from the command line; its options from the table's
 * values v. */
static int index_job_from(nqpf_index_job *j, const nqpf_index_cli *a, const nqpf_optval *v, nqpf_error *err)
{
    nqpf_index_job_init(j);
    if (nqpf_encoding_parse(a->encoding, &j->encoding))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "'%s': --encoding must be auto, utf-8, gbk or gb18030",
                         a->encoding);
    nqpf_missing_parse(a->missing, &j->missing);
    nqpf_extrapolation_parse(a->extrapolate, &j->extrapolate);
    j->layout = strcmp(a->layout, "long") ? NQPF_LAYOUT_WIDE : NQPF_LAYOUT_LONG;
    j->data = a->data, j->system = a->system, j->unit = a->unit, j->period = a->period;
    j->var_col = a->var_col, j->value_col = a->value_col;
    j->check_columns = 1, j->min_units = 2;
    return nqpf_index_job_options(j, v, err);
}

/* Run the pipeline, write a->out atomically, then call summary while the
 * results are still in memory. */
static int index_run(const nqpf_index_cli *a, const nqpf_optval *v, index_summary_fn summary, nqpf_error *err)
{
    nqpf_index_job j;
    int rc = index_job_from(&j, a, v, err);
    struct stat st;
    if (!rc && !a->force && stat(a->out, &st) == 0)
        rc = nqpf_fail(err, NQPF_EEXIST, a->out, 0, 0, "output directory exists; use --force to replace it");
    /* checksums for run.json: the data's by the reader as it reads them
     * (the file is read once), else (a workbook, not its sheet) afterwards */
    nqpf_sha256_job hash[2];
    memset(hash, 0, sizeof hash);
    char data_sha[65] = "";
    int hashing = !rc && strcmp(a->data, "-") != 0, hashed = hashing;
    char *data_file = hashing ? nqpf_input_file_of(a->data) : NULL;
    if (hashing && !data_file)
        rc = nqpf_fail_nomem(err), hashing = 0;
    if (hashing)
        nqpf_sha256_file_start(&hash[1], a->system);
    j.data_sha = hashed ? data_sha : NULL;
    index_clock clk = {a->timing, 0};
    j.phase = phase, j.phase_ctx = &clk;
    const nqpf_index_options *o = &j.o;
    nqpf_index_result r;
    memset(&r, 0, sizeof r);
    nqpf_outdir out = {0};
    if (rc || (rc = nqpf_index_job_system(&j, err)))
        goto done;
    if (a->max_memory) { /* stop before reading when the run cannot fit */
        cli_budget b;
        if ((rc = cli_budget_start(&b, a->max_memory, a->data, err)) ||
            (rc = nqpf_memory_check(b.held + nqpf_index_memory(b.rows, j.sys->n_ind, j.layout == NQPF_LAYOUT_LONG),
                                    b.limit, "the index", err)))
            goto done;
    }
    clk.t0 = now_s();
    if ((rc = nqpf_index_job_panel(&j, err)))
        goto done;
    nqpf_panel *p = j.panel;
    nqpf_panel_drop_positions(p); /* every message that needs a line is behind us */
    if ((rc = nqpf_index_compute(p, j.sys, o, &r, err)))
        goto done;
    phase(&clk, "compute");
    if (a->no_normalized) { /* Z is not written: give its memory back before writing */
        free(p->x);
        p->x = NULL;
    }

    /* run.json: every option and default actually used */
    char shift[40], alpha[40], rho[40], share[40], vv[40];
    nqpf_format_double(o->vikor_v, vv, sizeof vv);
    nqpf_format_double(o->shift, shift, sizeof shift);
    nqpf_format_double(o->alpha, alpha, sizeof alpha);
    nqpf_format_double(o->rho, rho, sizeof rho);
    nqpf_format_double(o->pca_share, share, sizeof share);
    nqpf_kv kv[] = {
        {"data", a->data}, {"system", a->system}, {"unit", a->unit}, {"period", a->period},
        {"layout", a->layout}, {"encoding", nqpf_encoding_name(p->encoding)}, {"missing", a->missing},
        {"extrapolate", a->extrapolate}, {"normalize", nqpf_norm_name(o->normalize)}, {"scope", a->scope},
        {"shift", shift}, {"weights", j.ws->text}, {"hierarchical", o->hierarchical ? "true" : "false"},
        {"dim_weights", j.wd ? j.wd->text : (o->hierarchical ? j.ws->text : "")},
        {"combine", a->combine}, {"alpha", alpha}, {"aggregate", nqpf_aggregate_name(o->aggregate)}, {"rho", rho},
        {"pca_share", share}, {"ri", nqpf_ri_name(o->ri)}, {"ahp_method", a->ahp_method},
        {"allow_inconsistent", o->allow_inconsistent ? "true" : "false"},
        {"robustness", o->robustness ? "true" : "false"}, {"entropy_zero_rule", "0*ln(0)=0"},
        {"rank_ties", "min (1,2,2,4)"}, {"normalized_csv", a->no_normalized ? "false" : "true"},
        {"subindex", o->aggregate == NQPF_AGG_WEIGHTED ? "additive contributions (sum to the score)"
                                                        : "same aggregation within the node, weights renormalised"},
        {"vikor_v", vv}, /* last: recorded only with --aggregate vikor (earlier run.json files unchanged) */
    };
    if (hashing) {
        hashing = 0;
        int h0 = data_sha[0] ? NQPF_OK : nqpf_sha256_file(data_file, data_sha, err);
        int h1 = nqpf_sha256_file_finish(&hash[1], err);
        if ((rc = h0 ? h0 : h1))
            goto done;
        phase(&clk, "checksum");
    }
    nqpf_input_file inputs[4] = {{"data", a->data, nqpf_encoding_name(p->encoding), hashed ? data_sha : NULL},
                                 {"system", a->system, NULL, hashed ? hash[1].hex : NULL}};
    size_t n_in = 2;
    for (size_t i = 0; i < r.n_ahp && n_in < 4; i++)
        inputs[n_in++] = (nqpf_input_file){"ahp", r.ahp[i].path, NULL, NULL};
    nqpf_run_info info = {"index", kv, sizeof kv / sizeof *kv - (o->aggregate != NQPF_AGG_VIKOR), inputs, n_in,
                          !a->no_normalized};
    if ((rc = nqpf_outdir_begin(&out, a->out, a->force | (a->bom ? NQPF_OUT_BOM : 0), err)))
        goto done;
    if ((rc = nqpf_index_write(&out, &r, &j.fills, &info, err))) {
        nqpf_outdir_abort(&out);
        goto done;
    }
    if ((rc = nqpf_outdir_commit(&out, err)))
        goto done;
    phase(&clk, "write");
    print_warnings(&r, a->quiet);
    if (summary)
        summary(a, &r, &j.fills);
done:
    if (hashing)
        nqpf_sha256_file_finish(&hash[1], NULL);
    free(data_file);
    nqpf_index_result_free(&r);
    nqpf_index_job_free(&j);
    return rc;
}

static void index_summary(const nqpf_index_cli *a, const nqpf_index_result *r, const nqpf_fill_log *fills)
{
    if (a->quiet)
        return;
    const nqpf_panel *p = r->panel;
    size_t filled = 0;
    for (size_t i = 0; i < fills->n; i++)
        filled += strcmp(fills->items[i].method, "dropped unit") != 0;
    fprintf(stderr,
            "nqpf index: %zu units × %zu periods × %zu indicators; %s weights, %s aggregation; "
            "%zu cells filled, %zu units dropped\n"
            "nqpf index: wrote %s/{scores,weights,%sfilled}.csv and run.json%s\n",
            p->n_units, p->n_periods, r->n_ind, a->weights, a->aggregate, filled, fills->n_dropped_units, a->out,
            a->no_normalized ? "" : "normalized,", r->n_schemes ? " (+ robustness.csv, robustness_scores.csv)" : "");
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    nqpf_index_cli a;
    index_cli_from(&a, c->v);
    return index_run(&a, c->v, index_summary, err);
}

const nqpf_cmd_spec NQPF_INDEX_CMD = {
    NQPF_INDEX_OPTS, NQPF_IX_NOPTS, "index",
    "--data FILE --system FILE --unit COL --period COL --out DIR [OPTIONS]",
    "Build a composite index (e.g. of New Quality Productive Forces, 新质生产力) from a panel of\n"
    "indicators and an indicator system: clean → normalise → weight → aggregate → rank.\n"
    "Writes DIR/scores.csv (unit,period,score,rank + one column per dimension and\n"
    "sub-dimension), DIR/weights.csv, DIR/normalized.csv, DIR/filled.csv and DIR/run.json\n"
    "(every option and default used, input checksums).  DIR is created atomically.\n"
    "\n"
    "The system file is a CSV with columns column,direction,dimension[,subdimension…]\n"
    "[,name][,unit][,weight]; direction is + (benefit) or - (cost).\n"
    "\n",
    "  nqpf index --data data/china_provinces_tech_wide.csv --system data/nqpf_system.csv --unit province \\\n"
    "       --period year --missing interpolate --out res\n"
    "  nqpf index --data data/china_provinces_tech_wide.csv --system data/nqpf_system.csv --unit province \\\n"
    "       --period year --missing interpolate --weights combo:entropy+critic --combine linear --alpha 0.5 \\\n"
    "       --aggregate topsis --out res2\n"
    "  nqpf index --data data/china_provinces_tech_wide.csv --system data/nqpf_system.csv --unit province \\\n"
    "       --period year --missing interpolate --scope period --weights critic --robustness --out res --force\n"
    "  nqpf index --data data/china_provinces_tech_wide.csv --system data/nqpf_system.csv --unit province \\\n"
    "       --period year --missing interpolate --weights merec --aggregate vikor --vikor-v 0.5 --out res3\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
