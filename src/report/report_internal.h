/* nqpf — report internals shared by the writers (not a public header). */
#ifndef NQPF_REPORT_INTERNAL_H
#define NQPF_REPORT_INTERNAL_H

#include "nqpf/coltable.h"
#include "nqpf/csv.h"
#include "nqpf/doc.h"
#include "nqpf/dea_boot.h"
#include "nqpf/dea_price_table.h"
#include "nqpf/dea_rts_table.h"
#include "nqpf/opt.h"
#include "nqpf/output.h"
#include "nqpf/report.h"
#include "nqpf/util.h"

/* Transition-matrix tables (classic and spatial Markov): the column names
 * [lead,] "t \ t+1", 1..k, "n", kept alive until the table is emitted, and
 * the rows i = 1..k of a k x k probability matrix p with its counts:
 * [*lead,] i, p[i][.], the row's count.  Both return nonzero when out of
 * memory. */
typedef struct matrix_cols {
    char **cn;
    char (*cs)[24];
    size_t n;
} matrix_cols;
int report_matrix_cols(matrix_cols *c, const char *lead, size_t k);
void report_matrix_cols_free(matrix_cols *c);
void report_matrix_rows(rtable *t, const double *p, const double *counts, size_t k, const double *lead);
/* The long form of a Markov chain as `nqpf markov` writes it: [*lead,]
 * count / probability rows (from, to, value), then the steady state pi. */
void report_markov_rows(rtable *t, const double *lead, const double *p, const double *counts, const double *pi,
                        size_t k);

/* Label in the report language. */
static inline const char *L(int en, const char *zh, const char *eng)
{
    return en ? eng : zh;
}

/* Display name of unit u in the report language. */
static inline const char *unit_name(const nqpf_report *r, int en, size_t u)
{
    return en && r->label_en ? r->label_en[u] : r->panel->units[u];
}

/* Options read from the project and recorded in order for run.json (opts.c):
 * record sec.key = value; the value of sec.key or def when absent (NULL def
 * + absent = required); an error at a key's value. */
int report_record(nqpf_report *r, const char *sec, const char *key, const char *value, nqpf_error *err);
int report_opt_str(nqpf_report *r, const char *sec, const char *key, const char *def, const char **out,
                   const nqpf_project_kv **where, nqpf_error *err);
int report_bad_value(const nqpf_report *r, const nqpf_project_kv *kv, const char *what, nqpf_error *err);
/* An error at the header of section sec: "[sec] what" (opts.c). */
int report_bad_section(const nqpf_report *r, const char *sec, const char *what, nqpf_error *err);
/* The keys of [sec] read through an analysis's option table (the table of
 * its command, include/nqpf/opt.h: same defaults, same validation), each
 * key given or defaulted recorded for run.json in table order.  vals has
 * n entries; free it with nqpf_opt_free (also done here on error). */
int report_section(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, nqpf_optval *vals,
                   nqpf_error *err);
/* report_section in two steps, for a section that fills in a default
 * depending on other keys (NQPF_OPTF_CONTEXT) before it is recorded: read
 * (a required project key that is absent is "[sec] needs 'key = …'"),
 * then record. */
int report_section_read(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, nqpf_optval *vals,
                        nqpf_error *err);
int report_section_record(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, nqpf_optval *vals,
                          nqpf_error *err);
/* Free a NULL-terminated string vector (opts.c). */
void report_strv_free(char **v);


/* ---- the section registry (sections.c) --------------------------------
 * One analysis of a report is one descriptor: its [section] name, the keys
 * it accepts (its command's option table, or a plain key list), and its
 * stages, each NULL when it has none.  For every section present in the
 * project, in registry order: read (options into r, checks, before anything
 * runs; or apply, handed the values of the option table), run (compute, may read further keys), tables (emitted through
 * report_emit), html (the page's figures), methods (methods.md, once per
 * language); free runs for every section (NULL-safe).  Adding a section is
 * its own file defining `report_sec_NAME` and one line in sections.c. */
struct capctx;
typedef struct report_section_def {
    const char *name;                       /* [name]; [name.X] too when multi is set */
    const nqpf_optdef *opts;                /* the command's option table (project keys) */
    size_t n_opts;
    const char *const *keys;                /* or: the accepted keys, NULL-terminated */
    int (*read)(nqpf_report *r, nqpf_error *err);
    /* or: the values of opts, read from the section and recorded by
     * report_read_def, taken over into r (and checked against the rest) */
    int (*apply)(nqpf_report *r, const nqpf_optval *v, nqpf_error *err);
    int (*run)(nqpf_report *r, nqpf_error *err);
    int (*tables)(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written, nqpf_error *err);
    int (*html)(const nqpf_report *r, int en, struct capctx *cc, nqpf_buf *b);
    int (*methods)(const nqpf_report *r, nqpf_buf *b, int en);
    void (*free)(nqpf_report *r);
    int multi;                              /* [reg] and [reg.NAME]: one model each */
} report_section_def;
/* The registry in report order; *n set to its length. */
/* Read section d's keys: d->read, or its option table into values handed
 * to d->apply (opts.c). */
int report_read_def(nqpf_report *r, const report_section_def *d, nqpf_error *err);
const report_section_def *const *report_sections(size_t *n);
/* Whether the project has section d (also [d.X] for a multi section). */
int report_section_present(const nqpf_project *p, const report_section_def *d);
/* The contiguity weights of the map (queen/rook and style from [moran]), built once (sec_spatial.c). */
int report_build_weights(nqpf_report *r, nqpf_error *err);
/* The index score of unit u in period t. */
static inline double report_score(const nqpf_report *r, size_t u, size_t t)
{
    return r->ix.score[u * r->T + t];
}

/* The DEA rows of a section (inputs, outputs, undesirable keys) read from
 * the data file as `nqpf dea` / `nqpf malmquist` read them (dea_data.c). */
#define REPORT_DEA_MAXV 64
typedef struct report_dea_data {
    nqpf_dea_input in;                /* the data and the panel (nqpf_dea_input_read) */
    char *name[3][REPORT_DEA_MAXV];   /* inputs, outputs, undesirable outputs (not owned) */
    size_t k[3];                      /* m, s, q */
    char **unit, **period;            /* U names, T labels (NULL-terminated, owned) */
    nqpf_dea_names cols;              /* [dea]: the direction columns gx, gy, gb and the meta group column
                                         (set by its fill; not owned) */
} report_dea_data;
/* [sec] of a DEA analysis ([dea], [malmquist]), read as its command reads
 * argv: its keys against defs (the command's option table) into v[n];
 * fill turns them into the job (and fills the defaults that depend on
 * other keys) before they are recorded for run.json; then the data of the
 * lists v[lists[0..2]] (inputs, outputs, undesirable) are read into d.
 * On failure v and d are freed; on success the caller frees both. */
typedef int (*report_dea_fill)(const nqpf_report *r, nqpf_optval *v, const nqpf_optsrc *src, void *job,
                               nqpf_error *err);
int report_dea_section(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, const int lists[3],
                       report_dea_fill fill, void *job, nqpf_optval *v, report_dea_data *d, nqpf_error *err);
void report_dea_data_free(report_dea_data *d);

/* The summary tables papers print (paper_tables.c): the score matrix, the
 * leading obstacle factors, units per coupling class, GM(1,1) accuracy. */
int report_score_matrix(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                        nqpf_error *err);
int report_obstacle_top(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                        nqpf_error *err);
int report_coupling_classes(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                            nqpf_error *err);
int report_gm_accuracy(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                       nqpf_error *err);

/* index.aggregate = topsis: D+, D-, closeness and the ideal points
 * (topsis_out.c); nothing when they would not reproduce the scores. */
int report_topsis_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                         nqpf_error *err);

/* [malmquist] (mq.c) */
int report_run_malmquist(nqpf_report *r, nqpf_error *err);
void report_free_malmquist(nqpf_report *r);

/* [dea] (dea.c, dea_out.c) */
int report_run_dea(nqpf_report *r, nqpf_error *err);
void report_free_dea(nqpf_report *r);
/* The sentences of [dea]'s weight-bounds and virtual keys, when set (dea_wr_text.c). */
int report_dea_wr_methods(const nqpf_report *r, nqpf_buf *b, int en);
/* A DEA table in tables/ as `nqpf dea` writes it (dea_data.c; the file
 * through report_write_file): the head's unit and period columns; each
 * row's unit and period (row i of the data). */
void report_dea_put_head(const nqpf_report *r, FILE *fp);
void report_dea_put_key(const nqpf_report *r, FILE *fp, size_t i);
/* For each DEA unit (of dea_unit) the report's unit of the same name, or
 * (size_t)-1; malloc'ed, NULL when out of memory (dea_data.c). */
size_t *report_dea_unit_map(const nqpf_report *r);
/* DEA unit u by the report's name of the same unit (map: report_dea_unit_map)
 * in the report language (dea_data.c). */
const char *report_dea_unit_name(const nqpf_report *r, const size_t *map, int en, size_t u);
/* peel = yes (dea_layers.c): the dea_layers table (layer by unit and
 * period) and its methods sentence */
int report_dea_layers_table(const nqpf_report *r, const size_t *map, int en, int bom, report_sink *tables,
                            nqpf_buf *written, nqpf_error *err);
int report_dea_layers_methods(const nqpf_report *r, nqpf_buf *b, int en);
/* rts-test = B (dea_rts.c): tables/dea_rts_test.csv and the methods
 * sentence with the decisions */
int report_dea_rts_table(const nqpf_report *r, int bom, report_sink *tables, nqpf_buf *written, nqpf_error *err);
int report_dea_rts_methods(const nqpf_report *r, nqpf_buf *b, int en);
/* economic = K (dea.c, dea_econ.c): `nqpf dea --economic K`'s results and
 * model label; tables/dea_economic.csv and the methods sentence */
typedef struct report_dea_econ {
    nqpf_dea_price_out out;
    nqpf_dea_econ kind;
    char label[160];
} report_dea_econ;
int report_dea_econ_table(const nqpf_report *r, int bom, report_sink *tables, nqpf_buf *written, nqpf_error *err);
int report_dea_econ_methods(const nqpf_report *r, nqpf_buf *b, int en);
/* bootstrap = B (dea.c): `nqpf dea --bootstrap B`'s results and each
 * period's bandwidth (a pooled frontier's one repeated) */
typedef struct report_dea_boot {
    nqpf_dea_boot_out out;
    double *h;
} report_dea_boot;

/* [converge] β (beta.c, beta_out.c) */
int report_run_beta(nqpf_report *r, nqpf_error *err);
void report_free_beta(nqpf_report *r);
int report_beta_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                       nqpf_error *err);
int report_beta_methods(const nqpf_report *r, nqpf_buf *b, int en);

/* [markov] spatial = true (mkspatial_out.c; computed in compute.c) */
int report_mksp_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                       nqpf_error *err);
int report_mksp_methods(const nqpf_report *r, nqpf_buf *b, int en);
/* [markov] spillover = yes (sec_markov_spill.c): run on the scores y, its table and methods sentence */
int report_mkspill_run(nqpf_report *r, const double *y, nqpf_error *err);
void report_mkspill_free(nqpf_report *r);
int report_mkspill_table(const nqpf_report *r, int bom, report_sink *tables, nqpf_buf *written, nqpf_error *err);
int report_mkspill_methods(const nqpf_report *r, nqpf_buf *b, int en);

/* [growth] (growth.c, growth_out.c) */
int report_run_growth(nqpf_report *r, nqpf_error *err);
void report_free_growth(nqpf_report *r);

/* index.html; t[0..n) the kept tables, those with .html set are added as
 * the summary tables. */
int report_html(const nqpf_report *r, int en, nqpf_buf *b, const rtable *t, size_t n);
int report_methods(const nqpf_report *r, nqpf_buf *b);
/* results.md: the results section (结果分析, then Results), every sentence
 * stated from a table's numbers and naming the table (results.c). */
int report_results(const nqpf_report *r, nqpf_buf *b);
int report_results_html(const nqpf_report *r, int en, nqpf_buf *b);
/* The same section in one language for report.docx and report.tex: a "##"
 * heading and "- " items (after the methods prose). */
int report_results_prose(const nqpf_report *r, int en, nqpf_buf *b);
/* The methods section of methods.md in one language (Markdown), the prose
 * the documents print. */
int report_methods_prose(const nqpf_report *r, nqpf_buf *b, int en);


int report_beta_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_mksp_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);

/* methods.md pieces (methods.c): the recorded value of "section.key" ("" if
 * none) and Markdown-escaped text. */
const char *report_opt(const nqpf_report *r, const char *key);
int report_md(nqpf_buf *b, const char *s);
/* pre, s Markdown-escaped, post: a methods sentence around an option value. */
int report_md_around(nqpf_buf *b, const char *pre, const char *s, const char *post);
/* An option value (minmax, gaussian, vrs, contemporaneous …) as the report
 * language writes it: itself in English, its Chinese name in Chinese (a
 * value with none, such as a column name, as it is). */
const char *report_lang_value(int en, const char *v);
/* "Inputs: …; outputs: …[; undesirable outputs: …]" for the DEA and Malmquist methods. */
int report_md_io(nqpf_buf *b, int en, const char *inputs, const char *outputs, const char *bad);

/* ---- [reg], [reg.NAME], [threshold], [did], [spreg] (econ.c, regjob.c, reg*.c, spreg*.c,
 * threshold*.c, did*.c) ----------------------------------------------------
 * Each model is one job of the command's own engine (nqpf_reg_compute,
 * nqpf_thr_compute, nqpf_did_compute, nqpf_spreg_compute) on the request that the command's option table
 * makes of the section's keys, so the report's numbers are the command's
 * numbers by construction.  The engine is handed the data as read (with the
 * score column added) and hands back the tables the command writes. */
typedef struct report_model {
    char *sec;                 /* "reg", "reg.NAME", "threshold", "did", "spreg" */
    char *data;                /* the data file, resolved (owned) */
    char *sha;                 /* its SHA-256 (owned) */
    int score;                 /* the index score was supplied as column `score` */
    nqpf_table *out, *stats;   /* the engine's --out and --stats (spreg: --diagnostics) */
    nqpf_table *extra;         /* threshold --lr, did --event (or NULL) */
} report_model;

typedef struct report_econ {
    size_t n_reg;
    report_model *reg;         /* the columns of the regression table */
    size_t digits;             /* [reg] digits */
    int do_thr, do_did, do_spreg;
    report_model thr, did, spreg;
} report_econ;

void report_model_free(report_model *m);
/* The value of `stat` of `model` (by: the --by group, NULL = none) in a
 * model,statistic,value table, NaN when absent. */
double report_stat(const nqpf_table *st, const char *by, const char *model, const char *stat);
/* The number in cell (row, col name) of an engine table, NaN when empty. */
double report_cell(const nqpf_table *t, size_t row, const char *col);

/* A section's engine: its option table, the indices of its data, unit,
 * period and encoding options, and run(): the command's request of v (its
 * data read by the engine, with the index score the column `score` supplies,
 * the request's data_extra), its result tables put into m's out, stats and
 * extra. */
typedef struct report_engine {
    const nqpf_optdef *defs;
    size_t n, i_data, i_unit, i_period, i_enc;
    long i_file;               /* another input file the section needs (optional on the command line, where W
                                  has other sources), resolved against the project file (-1: none) */
    int (*run)(const nqpf_optval *v, const nqpf_colsource *score, report_model *m, nqpf_error *err);
} report_engine;
/* One model of section sec: keys (defaults from base when not NULL), job,
 * engine, results into m; errors placed in the project or the data file. */
int report_econ_run(nqpf_report *r, const char *sec, const report_engine *eng, const nqpf_optval *base,
                    report_model *m, nqpf_error *err);


/* methods.md: "Data `FILE` (SHA-256 …)[, with the index as column score].\n" */
int report_model_md(nqpf_buf *b, const report_model *m, int en, int capital);

void report_free_econ(nqpf_report *r);
/* the three sections (reg.c, reg_out.c, threshold.c, threshold_out.c, did.c, did_out.c) */
int report_run_reg(nqpf_report *r, report_econ *e, nqpf_error *err);
int report_run_threshold(nqpf_report *r, report_econ *e, nqpf_error *err);
int report_run_did(nqpf_report *r, report_econ *e, nqpf_error *err);
int report_run_spreg(nqpf_report *r, report_econ *e, nqpf_error *err);
int report_spreg_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                        nqpf_error *err);
int report_spreg_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_spreg_methods(const nqpf_report *r, nqpf_buf *b, int en);
int report_reg_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                      nqpf_error *err);
int report_thr_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                      nqpf_error *err);
int report_did_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                      nqpf_error *err);
int report_reg_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_thr_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_did_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b);
int report_reg_methods(const nqpf_report *r, nqpf_buf *b, int en);
int report_thr_methods(const nqpf_report *r, nqpf_buf *b, int en);
int report_did_methods(const nqpf_report *r, nqpf_buf *b, int en);

#endif
