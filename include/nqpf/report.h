/* nqpf — the report pipeline behind `nqpf run PROJECT --out DIR`.
 *
 *   project ──► index (scores, ranks, sub-indices, weights, Z)
 *           ──► gini / theil / converge (σ) / kde          on the scores, by group
 *           ──► moran / lisa                               on the scores, contiguity from the map
 *           ──► obstacle                                   from Z and the weights
 *           ──► coupling                                   coordination of the dimensions' sub-indices
 *           ──► markov                                     class transitions of the scores
 *           ──► forecast                                   GM(1,1) of the group means
 *   data file ──► malmquist                                TFP change (Malmquist) of named columns
 *             ──► dea                                      efficiency scores (as `nqpf dea`) of named columns
 *   scores    ──► converge β                               absolute/conditional and two-way FE panel β
 *   W + scores──► markov (spatial = true)                  transitions conditioned on the spatial lag's class
 *   [growth] file ──► growth                               growth-accounting TFP (as `nqpf growth`), e.g. PWT
 * Each step reads the earlier steps' results in memory (nothing is written
 * and re-read), then nqpf_report_write writes DIR atomically:
 *   index.html, figures/NN_name.{svg,png,pdf}, tables/NAME.csv, tables/NAME.tex, methods.md,
 *   results.md, run.json, report.docx, tables.xlsx, report.tex (the tables again, as documents)
 *
 * Ownership: nqpf_report_compute fills a caller-owned nqpf_report that
 * keeps a pointer to the project (which must outlive it); free it with
 * nqpf_report_free.  The library prints nothing: progress is reported
 * through the optional callback. */
#ifndef NQPF_REPORT_H
#define NQPF_REPORT_H

#include <stddef.h>

#include "nqpf/compare.h"
#include "nqpf/diagnose.h"
#include "nqpf/grey.h"
#include "nqpf/index.h"
#include "nqpf/kde.h"
#include "nqpf/malmquist.h"
#include "nqpf/map.h"
#include "nqpf/missing.h"
#include "nqpf/project.h"
#include "nqpf/spatial.h"

typedef void (*nqpf_progress_fn)(void *ctx, size_t done, size_t total, const char *what);

typedef struct nqpf_report_opts {
    const char *lang;       /* "zh" (default) or "en" */
    int bom;                /* UTF-8 BOM in CSV tables (for Excel) */
    int force;
    nqpf_progress_fn progress;
    void *progress_ctx;
} nqpf_report_opts;

/* A resolved option, recorded in run.json and methods.md. */
typedef struct nqpf_report_kv {
    char *key, *value;
} nqpf_report_kv;

/* One β-convergence regression as `nqpf converge` fits it: the reported
 * terms (not the fixed effects) and the model's statistics. */
typedef struct nqpf_report_beta {
    const char *model;        /* beta_abs, beta_cond, panel_abs or panel_cond */
    int panel;
    size_t k;                 /* reported terms */
    char **term;              /* k names (owned) */
    double *coef, *se, *t, *p; /* k each (owned); se: the kind used for t and p */
    const char *se_used;      /* cluster, hc1 or classical */
    double n, span, r2, speed, half_life; /* span: T (cross-section) or gap (panel) */
    size_t n_units, n_periods;
} nqpf_report_beta;

typedef struct nqpf_report {
    const nqpf_project *proj;
    char *data_path, *system_path, *geojson_path;     /* resolved (owned) */
    char *data_sha, *system_sha, *geojson_sha;        /* hex (owned) */
    nqpf_report_kv *opt;                              /* every option used, in order */
    size_t n_opt;
    nqpf_system *sys;
    nqpf_panel *panel;        /* p->x holds Z (normalised) after the index */
    double *raw;              /* raw (filled) values, as p->x before normalisation */
    nqpf_fill_log fills;
    nqpf_weight_spec *wspec;
    nqpf_index_options iopt;
    nqpf_index_result ix;
    size_t U, T;
    char **label_en;          /* U English names (or NULL) */
    int en;                   /* labels of built-in groupings in English (--lang en) */
    /* groups */
    size_t n_groups;
    char **group;             /* n_groups labels, in order of first appearance */
    size_t *unit_group;       /* U */
    /* map */
    char **map_id;            /* U ids of the map column (NULL if no map) */
    size_t n_shapes;
    nqpf_map_shape *shapes;
    nqpf_map_style mapst;     /* [map] drawing options */
    nqpf_weights *W;          /* styled weights aligned to the units */
    char *weights_what;
    /* analyses (flags say which ran) */
    int do_gini, do_moran, do_lisa; /* the project has [gini], [moran], [lisa] */
    nqpf_dagum *gini;         /* T */
    nqpf_theil_result *theil; /* T */
    double *sigma;            /* T x 4: sd_pop, cv_pop, sd_log_pop, mean */
    nqpf_kernel kernel;
    nqpf_bw_rule bw;
    int bw_fixed;
    double bandwidth;
    size_t kde_m;
    double *kde_grid, *kde_h, *kde_dens;   /* m, T, T x m */
    char style;
    int queen;
    size_t moran_perm, lisa_perm;
    unsigned long long moran_seed, lisa_seed;
    double lisa_alpha;
    nqpf_global_result *moran;             /* T */
    double *lisa_ii, *lisa_z, *lisa_p, *lisa_psim, *lisa_lag, *zval; /* T x U */
    char (*lisa_quad)[3];                  /* T x U */
    size_t top;
    double *obst;             /* (u*T+t)*n_ind + j */
    double *obst_dim;         /* (u*T+t)*n_dims + d */
    size_t n_dims;
    size_t *dim_node;         /* n_dims node indices */
    size_t mk_k;               /* Markov: classes */
    int mk_pooled;             /* quantiles of all values (else per period) */
    double *mk_counts, *mk_p, *mk_pi; /* k x k, k x k, k (pi NaN when no unique steady state) */
    nqpf_coupling_kind coupling;
    double *cp_U, *cp_C, *cp_T, *cp_D;  /* (u*T+t)*n_dims + d for U; (u*T+t) for C, T, D */
    size_t horizon;
    double gm_alpha;
    size_t n_series;          /* groups + national */
    double *series;           /* n_series x T: group means of the score */
    nqpf_gm11 *gm;            /* n_series fits (a->x0hat etc.) */
    int *gm_ok;               /* 1 when the fit succeeded */
    char **gm_note;           /* reason when not */
    /* [malmquist]: rows as `nqpf malmquist` builds them from the data file */
    int do_malmquist;
    nqpf_mq_out mq;
    nqpf_mq_means mqm;
    int mq_have_means, mq_index, mq_ncol;
    int mq_col[6];            /* the mq_ncol value columns, by NQPF_MQ_* index (nqpf_mq_out_cols) */
    size_t mq_U, mq_T;
    char **mq_unit;           /* mq_U unit names, order of first appearance */
    char **mq_period;         /* mq_T period labels in order (NULL-terminated) */
    char mq_variant[200];     /* the index column of `nqpf malmquist` */
    /* [dea]: one score per row of the data file, as `nqpf dea` */
    int do_dea, dea_phi, dea_ddf;  /* phi column (output orientation); ddf: 0 = frontier */
    nqpf_dea_out dea;
    size_t dea_n, dea_U, dea_T;
    size_t *dea_urow, *dea_prow;   /* unit number and period rank of each row */
    char **dea_unit, **dea_period; /* dea_U names, dea_T labels (NULL-terminated) */
    char dea_variant[200];         /* the model column of `nqpf dea` */
    size_t *dea_layer;             /* peel = yes: each row's peel-the-onion layer (0 = none), else NULL */
    nqpf_dea_meta dea_meta;        /* meta = COL: group scores and technology gaps (status_group NULL without) */
    char **dea_group;              /* meta = COL: each row's group (dea_n texts, NULL-terminated) */
    struct report_dea_boot *dea_boot; /* bootstrap = B: `nqpf dea --bootstrap`'s results, or NULL */
    struct nqpf_dea_rts_tests *dea_rts; /* rts-test = B: `nqpf dea --rts-test`'s tests, or NULL */
    struct report_dea_econ *dea_econ;   /* economic = K: `nqpf dea --economic K`'s results, or NULL */
    /* [converge] β: beta_abs[, beta_cond], panel_abs[, panel_cond] */
    size_t n_beta;
    nqpf_report_beta beta[4];
    /* [markov] spatial = true: k_lag matrices conditioned on the lag class */
    int mk_spatial;
    size_t mk_klag;
    double *mk_sp_counts, *mk_sp_p, *mk_sp_pi; /* k_lag x k x k, k_lag x k x k, k_lag x k */
    size_t mk_perms, mk_seed;  /* permutations > 0: x2 of the spatial chain and its permutation p */
    double mk_x2, mk_x2_p;
    /* spillover = yes: the LISA chain's p_sim (U x T), clusters (U x T) and spill-over flags (U x (T-1)) */
    int mk_spill;
    double *mk_sl_psim;
    size_t *mk_sl_comp;
    unsigned char *mk_sl_sp;
    /* [growth]: growth accounting on its own file (as `nqpf growth`) */
    int do_growth;
    char *growth_path, *growth_sha;
    size_t gr_U, gr_T;
    char **gr_unit, **gr_period;   /* NULL-terminated, owned */
    char **gr_name;                /* gr_U display names (a label column, or the unit id) */
    double *gr;                    /* (u*T+t)*6: dln_y, dln_k, dln_l, share, dln_tfp, tfp_index */
    unsigned char *gr_row;         /* u*T+t: 1 when the file has that row */
    long gr_base;                  /* period index of the base (-1 = none) */
    /* [reg], [reg.NAME], [threshold], [did]: the engines' results (src/report/econ.c) */
    struct report_econ *econ;
} nqpf_report;

int nqpf_report_compute(const nqpf_project *proj, const nqpf_report_opts *o, nqpf_report *r, nqpf_error *err);
void nqpf_report_free(nqpf_report *r);

/* Write DIR atomically (index.html, figures/, tables/, methods.md, run.json).  The
 * names of the files written are appended to `written` (one per line). */
int nqpf_report_write(const nqpf_report *r, const nqpf_report_opts *o, const char *dir, nqpf_buf *written,
                      nqpf_error *err);

#endif
