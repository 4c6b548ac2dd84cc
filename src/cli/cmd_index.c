/* nqpf index — the composite New Quality Productive Forces index. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "budget.h"
#include "commands.h"
#include "nqpf/index.h"
#include "nqpf/index_opts.h"
#include "nqpf/index_write.h"
#include "nqpf/memory.h"
#include "nqpf/missing.h"
#include "nqpf/panel.h"
#include "nqpf/sha256.h"
#include "nqpf/system.h"

typedef struct nqpf_index_cli {
    const char *data, *system, *unit, *period, *out;
    const char *layout, *var_col, *value_col, *encoding, *missing, *extrapolate;
    const char *normalize, *scope, *weights, *dim_weights, *combine, *aggregate, *ri, *ahp_method;
    double shift, alpha, rho, pca_share;
    int force, hierarchical, allow_inconsistent, robustness, quiet, no_normalized, timing;
    const char *max_memory; /* --max-memory SIZE, or NULL */
    int bom;                /* --bom: the CSVs start with a UTF-8 BOM */
    double vikor_v;         /* --vikor-v */
} nqpf_index_cli;

/* The options as the pipeline reads them (values already checked by the
 * table NQPF_INDEX_OPTS). */
static void index_cli_from(nqpf_index_cli *a, const nqpf_optval *v)
{
    *a = (nqpf_index_cli){
        v[NQPF_IX_DATA].text, v[NQPF_IX_SYSTEM].text, v[NQPF_IX_UNIT].text, v[NQPF_IX_PERIOD].text,
        v[NQPF_IX_OUT].text, v[NQPF_IX_LAYOUT].text, v[NQPF_IX_VAR_COL].text, v[NQPF_IX_VALUE_COL].text,
        v[NQPF_IX_ENCODING].text, v[NQPF_IX_MISSING].text, v[NQPF_IX_EXTRAPOLATE].text, v[NQPF_IX_NORMALIZE].text,
        v[NQPF_IX_SCOPE].text, v[NQPF_IX_WEIGHTS].text, v[NQPF_IX_DIM_WEIGHTS].text, v[NQPF_IX_COMBINE].text,
        v[NQPF_IX_AGGREGATE].text, v[NQPF_IX_RI].text, v[NQPF_IX_AHP_METHOD].text, v[NQPF_IX_SHIFT].num,
        v[NQPF_IX_ALPHA].num, v[NQPF_IX_RHO].num, v[NQPF_IX_PCA_SHARE].num, (int)v[NQPF_IX_FORCE].i,
        (int)v[NQPF_IX_HIERARCHICAL].i, (int)v[NQPF_IX_ALLOW_INCONSISTENT].i, (int)v[NQPF_IX_ROBUSTNESS].i,
        (int)v[NQPF_IX_QUIET].i, (int)v[NQPF_IX_NO_NORMALIZED].i, (int)v[NQPF_IX_TIMING].i,
        v[NQPF_IX_MAX_MEMORY].text, (int)v[NQPF_IX_BOM].i, v[NQPF_IX_VIKOR_V].num,
    };
}

/* Check that every system column and the key columns exist in the data,
 * reporting an unknown column at its line in the system file. */
static int check_columns(const nqpf_index_cli *a, const nqpf_system *s, nqpf_encoding enc, nqpf_error *err)
{
    if (!strcmp(a->data, "-"))
        return NQPF_OK; /* standard input can be read once: the panel reader checks the columns */
    char **h = NULL;
    size_t nh = 0;
    long hline = 0;
    int rc = nqpf_csv_read_header(a->data, enc, ',', &h, &nh, &hline, err);
    if (rc)
        return rc;
    const char *keys[2] = {a->unit, a->period};
    const char *what[2] = {"unit", "period"};
    for (int k = 0; k < 2 && !rc; k++) {
        int found = 0;
        for (size_t j = 0; j < nh; j++)
            found |= !strcmp(h[j], keys[k]);
        if (!found)
            rc = nqpf_fail_no_column(err, a->data, hline, what[k], keys[k], h, nh, NULL);
    }
    if (!strcmp(a->layout, "wide"))
        for (size_t i = 0; i < s->n_ind && !rc; i++) {
            int found = 0;
            for (size_t j = 0; j < nh; j++)
                found |= !strcmp(h[j], s->ind[i].column);
            if (!found)
                rc = nqpf_fail(err, NQPF_EINPUT, s->path, s->ind[i].line, s->ind[i].column_col,
                               "unknown column '%s': the data file %s has no such column", s->ind[i].column, a->data);
            else if (!strcmp(s->ind[i].column, a->unit) || !strcmp(s->ind[i].column, a->period))
                rc = nqpf_fail(err, NQPF_EINPUT, s->path, s->ind[i].line, s->ind[i].column_col,
                               "'%s' is the unit or period column, not an indicator", s->ind[i].column);
        }
    nqpf_header_free(h, nh);
    return rc;
}

/* In the long layout, every indicator of the system must occur. */
static int check_long_vars(const nqpf_panel *p, const nqpf_system *s, nqpf_error *err)
{
    for (size_t i = 0; i < s->n_ind; i++) {
        int any = 0;
        for (size_t c = i; c < p->n_units * p->n_periods * p->n_vars && !any; c += p->n_vars)
            any = !isnan(p->x[c]) || (p->cell_line && p->cell_line[c]);
        if (!any)
            return nqpf_fail(err, NQPF_EINPUT, s->path, s->ind[i].line, s->ind[i].column_col,
                             "unknown variable '%s': no row of %s has it", s->ind[i].column, p->path);
    }
    return NQPF_OK;
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

static void phase(const nqpf_index_cli *a, const char *what, double *t0)
{
    double t = now_s();
    if (a->timing)
        fprintf(stderr, "nqpf index: %-10s %8.3f s   peak memory so far %ld KiB\n", what, t - *t0, peak_kib());
    *t0 = t;
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

/* Run the pipeline, write a->out atomically, then call summary while the
 * results are still in memory.  The choices were checked by the table; the
 * parsers below only turn them into the library's enums. */
static int index_run(const nqpf_index_cli *a, index_summary_fn summary, nqpf_error *err)
{
    nqpf_index_options o;
    nqpf_index_options_default(&o);
    nqpf_encoding enc;
    nqpf_missing_policy missing;
    nqpf_extrapolation extrap;
    nqpf_layout layout = strcmp(a->layout, "long") ? NQPF_LAYOUT_WIDE : NQPF_LAYOUT_LONG;
    if (nqpf_encoding_parse(a->encoding, &enc))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "'%s': --encoding must be auto, utf-8, gbk or gb18030",
                         a->encoding);
    nqpf_missing_parse(a->missing, &missing);
    nqpf_extrapolation_parse(a->extrapolate, &extrap);
    nqpf_norm_parse(a->normalize, &o.normalize);
    o.scope = strcmp(a->scope, "period") ? NQPF_SCOPE_PANEL : NQPF_SCOPE_PERIOD;
    o.combo_mode = strcmp(a->combine, "linear") ? NQPF_COMBO_MULT : NQPF_COMBO_LINEAR;
    nqpf_aggregate_parse(a->aggregate, &o.aggregate);
    nqpf_ri_parse(a->ri, &o.ri);
    nqpf_ahp_method_parse(a->ahp_method, &o.ahp_method);
    if (a->dim_weights && !a->hierarchical)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--dim-weights needs --hierarchical");
    o.shift = a->shift;
    o.alpha = a->alpha;
    o.rho = a->rho;
    o.vikor_v = a->vikor_v;
    o.pca_share = a->pca_share;
    o.hierarchical = a->hierarchical;
    o.allow_inconsistent = a->allow_inconsistent;
    o.encoding = enc;
    o.robustness = a->robustness;
    struct stat st;
    if (!a->force && stat(a->out, &st) == 0)
        return nqpf_fail(err, NQPF_EEXIST, a->out, 0, 0, "output directory exists; use --force to replace it");

    /* checksums for run.json: the data's by the reader as it reads them
     * (the file is read once), else (a workbook, not its sheet) afterwards */
    nqpf_sha256_job hash[2];
    memset(hash, 0, sizeof hash);
    char data_sha[65] = "";
    int hashing = strcmp(a->data, "-") != 0, hashed = hashing;
    char *data_file = hashing ? nqpf_input_file_of(a->data) : NULL;
    if (hashing && !data_file)
        return nqpf_fail_nomem(err);
    if (hashing)
        nqpf_sha256_file_start(&hash[1], a->system);
    nqpf_weight_spec *ws = NULL, *wd = NULL;
    nqpf_system *sys = NULL;
    nqpf_panel *p = NULL;
    nqpf_fill_log fills = {0};
    nqpf_index_result r;
    memset(&r, 0, sizeof r);
    nqpf_outdir out = {0};
    const char **vars = NULL;
    size_t *vidx = NULL;
    int rc;
    if ((rc = nqpf_weight_spec_parse(a->weights, &ws, err)))
        goto done;
    if (a->dim_weights && (rc = nqpf_weight_spec_parse(a->dim_weights, &wd, err)))
        goto done;
    o.weights = ws;
    o.dim_weights = wd;
    if ((rc = nqpf_system_read(&sys, a->system, enc, err)) || (rc = check_columns(a, sys, enc, err)))
        goto done;
    vars = malloc(sys->n_ind * sizeof(char *));
    vidx = malloc(sys->n_ind * sizeof(size_t));
    if (!vars || !vidx) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < sys->n_ind; i++) {
        vars[i] = sys->ind[i].column;
        vidx[i] = i;
    }
    nqpf_panel_spec spec = {.path = a->data, .encoding = enc, .layout = layout, .unit_col = a->unit,
                            .period_col = a->period, .var_col = a->var_col, .value_col = a->value_col,
                            .vars = vars, .n_vars = sys->n_ind, .sha256 = hashing ? data_sha : NULL};
    if (a->max_memory) { /* stop before reading when the run cannot fit */
        cli_budget b;
        if ((rc = cli_budget_start(&b, a->max_memory, a->data, enc, 0, err)) ||
            (rc = nqpf_memory_check(b.held + nqpf_index_memory(b.rows, sys->n_ind, layout == NQPF_LAYOUT_LONG), b.limit,
                                    "the index", err)))
            goto done;
    }
    double t0 = now_s();
    if ((rc = nqpf_panel_read(&p, &spec, err)))
        goto done;
    phase(a, "read", &t0);
    if (layout == NQPF_LAYOUT_LONG && (rc = check_long_vars(p, sys, err)))
        goto done;
    if (p->n_units < 2) {
        rc = nqpf_fail(err, NQPF_EINPUT, a->data, 0, 0, "an index needs at least 2 units (found %zu)", p->n_units);
        goto done;
    }
    if ((rc = nqpf_missing_apply(p, vidx, sys->n_ind, missing, extrap, &fills, err)))
        goto done;
    nqpf_panel_drop_positions(p); /* every message that needs a line is behind us */
    phase(a, "missing", &t0);
    if ((rc = nqpf_index_compute(p, sys, &o, &r, err)))
        goto done;
    phase(a, "compute", &t0);
    if (a->no_normalized) { /* Z is not written: give its memory back before writing */
        free(p->x);
        p->x = NULL;
    }

    /* run.json: every option and default actually used */
    char shift[40], alpha[40], rho[40], share[40], vv[40];
    nqpf_format_double(o.vikor_v, vv, sizeof vv);
    nqpf_format_double(o.shift, shift, sizeof shift);
    nqpf_format_double(o.alpha, alpha, sizeof alpha);
    nqpf_format_double(o.rho, rho, sizeof rho);
    nqpf_format_double(o.pca_share, share, sizeof share);
    nqpf_kv kv[] = {
        {"data", a->data}, {"system", a->system}, {"unit", a->unit}, {"period", a->period},
        {"layout", a->layout}, {"encoding", nqpf_encoding_name(p->encoding)}, {"missing", a->missing},
        {"extrapolate", a->extrapolate}, {"normalize", nqpf_norm_name(o.normalize)}, {"scope", a->scope},
        {"shift", shift}, {"weights", ws->text}, {"hierarchical", o.hierarchical ? "true" : "false"},
        {"dim_weights", wd ? wd->text : (o.hierarchical ? ws->text : "")},
        {"combine", a->combine}, {"alpha", alpha}, {"aggregate", nqpf_aggregate_name(o.aggregate)}, {"rho", rho},
        {"pca_share", share}, {"ri", nqpf_ri_name(o.ri)}, {"ahp_method", a->ahp_method},
        {"allow_inconsistent", o.allow_inconsistent ? "true" : "false"},
        {"robustness", o.robustness ? "true" : "false"}, {"entropy_zero_rule", "0*ln(0)=0"},
        {"rank_ties", "min (1,2,2,4)"}, {"normalized_csv", a->no_normalized ? "false" : "true"},
        {"subindex", o.aggregate == NQPF_AGG_WEIGHTED ? "additive contributions (sum to the score)"
                                                       : "same aggregation within the node, weights renormalised"},
        {"vikor_v", vv}, /* last: recorded only with --aggregate vikor (earlier run.json files unchanged) */
    };
    if (hashing) {
        hashing = 0;
        int h0 = data_sha[0] ? NQPF_OK : nqpf_sha256_file(data_file, data_sha, err);
        int h1 = nqpf_sha256_file_finish(&hash[1], err);
        if ((rc = h0 ? h0 : h1))
            goto done;
        phase(a, "checksum", &t0);
    }
    nqpf_input_file inputs[4] = {{"data", a->data, nqpf_encoding_name(p->encoding), hashed ? data_sha : NULL},
                                 {"system", a->system, NULL, hashed ? hash[1].hex : NULL}};
    size_t n_in = 2;
    for (size_t i = 0; i < r.n_ahp && n_in < 4; i++)
        inputs[n_in++] = (nqpf_input_file){"ahp", r.ahp[i].path, NULL, NULL};
    nqpf_run_info info = {"index", kv, sizeof kv / sizeof *kv - (o.aggregate != NQPF_AGG_VIKOR), inputs, n_in,
                          !a->no_normalized};
    if ((rc = nqpf_outdir_begin(&out, a->out, a->force | (a->bom ? NQPF_OUT_BOM : 0), err)))
        goto done;
    if ((rc = nqpf_index_write(&out, &r, &fills, &info, err))) {
        nqpf_outdir_abort(&out);
        goto done;
    }
    if ((rc = nqpf_outdir_commit(&out, err)))
        goto done;
    phase(a, "write", &t0);
    print_warnings(&r, a->quiet);
    if (summary)
        summary(a, &r, &fills);
done:
    if (hashing)
        nqpf_sha256_file_finish(&hash[1], NULL);
    free(data_file);
    nqpf_index_result_free(&r);
    nqpf_fill_log_free(&fills);
    nqpf_panel_free(p);
    nqpf_system_free(sys);
    nqpf_weight_spec_free(ws);
    nqpf_weight_spec_free(wd);
    free(vars);
    free(vidx);
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
    return index_run(&a, index_summary, err);
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
