/* nqpf — the composite index pipeline (`nqpf index`).
 *
 *   panel (raw values) ──normalise──► Z ──weights──► w ──aggregate──► scores, ranks
 *
 * Each stage works on "blocks" of rows: the whole pooled panel
 * (scope = panel: one set of weights for all periods, the panel/global
 * entropy method with m = units × periods) or one period at a time
 * (scope = period: normalisation, weights and aggregation per period).
 *
 * Ownership: nqpf_index_compute normalises the panel's values *in place*
 * (p->x becomes Z), so a 5-million-row panel is held once; the result keeps
 * pointers to the panel and system, which must outlive it.
 */
#ifndef NQPF_INDEX_H
#define NQPF_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/index_methods.h"
#include "nqpf/panel.h"
#include "nqpf/system.h"
#include "nqpf/util.h"

typedef enum { NQPF_SCOPE_PANEL = 0, NQPF_SCOPE_PERIOD } nqpf_scope;
typedef enum { NQPF_AGG_WEIGHTED = 0, NQPF_AGG_TOPSIS, NQPF_AGG_GRA, NQPF_AGG_GEOMETRIC,
               NQPF_AGG_VIKOR } nqpf_aggregate;

/* A weighting method as written on the command line:
 * entropy | critic | cv | equal | pca | fixed | ahp:FILE | combo:A+B | sd | merec */
typedef enum {
    NQPF_W_ENTROPY = 0, NQPF_W_CRITIC, NQPF_W_CV, NQPF_W_EQUAL, NQPF_W_PCA, NQPF_W_FIXED,
    NQPF_W_AHP, NQPF_W_COMBO, NQPF_W_SD, NQPF_W_MEREC
} nqpf_weight_kind;

typedef struct nqpf_weight_spec {
    nqpf_weight_kind kind;
    char *ahp_path;                    /* NQPF_W_AHP */
    struct nqpf_weight_spec *a, *b;    /* NQPF_W_COMBO: the two parts */
    char *text;                        /* as given, for messages and run.json */
} nqpf_weight_spec;

int nqpf_weight_spec_parse(const char *s, nqpf_weight_spec **out, nqpf_error *err);
void nqpf_weight_spec_free(nqpf_weight_spec *w);

typedef struct nqpf_index_options {
    nqpf_norm_method normalize;        /* default minmax */
    nqpf_scope scope;                  /* default panel */
    double shift;                      /* added after min-max; default 0.0001 */
    const nqpf_weight_spec *weights;   /* indicator weights */
    const nqpf_weight_spec *dim_weights; /* --hierarchical: across dimensions (default = weights) */
    int hierarchical;
    nqpf_combo_mode combo_mode;        /* default multiplicative */
    double alpha;                      /* linear combination share of the first method; default 0.5 */
    nqpf_aggregate aggregate;          /* default weighted */
    double rho;                        /* grey relational distinguishing coefficient; default 0.5 */
    double vikor_v;                    /* VIKOR weight of group utility S against regret R; default 0.5 */
    double pca_share;                  /* cumulative variance share; default 0.85 */
    nqpf_ri_table ri;                  /* AHP random index table; default Saaty 1980 */
    nqpf_ahp_method ahp_method;        /* default eigenvector */
    int allow_inconsistent;            /* accept AHP CR > 0.1 */
    nqpf_encoding encoding;            /* for the AHP file */
    int robustness;                    /* also score under other weighting schemes */
} nqpf_index_options;

void nqpf_index_options_default(nqpf_index_options *o);

/* AHP diagnostics of one matrix used. */
typedef struct nqpf_ahp_info {
    char *path;
    size_t n;
    double lambda_max, ci, ri, cr;
} nqpf_ahp_info;

#define NQPF_MAX_EXTRA 4

typedef struct nqpf_index_result {
    const nqpf_panel *panel;
    const nqpf_system *sys;
    size_t n_blocks;                   /* 1 (panel scope) or n_periods */
    int per_period;                    /* scope = period */
    size_t n_ind;
    double *w;                         /* [block * n_ind + j] final weights (0 if excluded) */
    size_t n_extra;                    /* method intermediates per indicator */
    const char *extra_names[NQPF_MAX_EXTRA];
    double *extra;                     /* [(block * n_ind + j) * NQPF_MAX_EXTRA + k], NaN if n/a */
    unsigned char *excluded;           /* [block * n_ind + j]: 1 = zero variance in that block */
    double *score;                     /* [u * n_periods + t] */
    double *rank;                      /* [u * n_periods + t], 1 = best in its period */
    double *node_score;                /* [(u * n_periods + t) * n_nodes + k] */
    double *vikor_srq;                 /* aggregate vikor: [(u * n_periods + t) * 3 + 0, 1, 2] = the total's
                                          S (group utility), R (regret) and Q (score = 1 - Q); else NULL */
    nqpf_ahp_info ahp[2];              /* indicator-level and dimension-level AHP, if used */
    size_t n_ahp;
    size_t pca_k;                      /* PCA: components kept (last block) */
    double *pca_eigval;                /* PCA: eigenvalues (last block), n_ind */
    nqpf_buf warnings;                 /* one warning per line */
    /* --robustness */
    size_t n_schemes;
    char **scheme_names;
    double *scheme_score;              /* [(u * n_periods + t) * n_schemes + s] */
} nqpf_index_result;

/* Bytes an index run over a panel file of `rows` data rows and n_vars
 * indicators holds at its peak (the panel as doubles, its normalised copy
 * and the per-row bookkeeping; measured at 1.19 x the doubles on a
 * 5,000,000-row panel, bench/index): an estimate for --max-memory.  Long
 * layout: one value per row. */
uint64_t nqpf_index_memory(size_t rows, size_t n_vars, int long_layout);

/* Run the pipeline.  p->x must hold the indicators in system order with no
 * missing values (apply nqpf_missing_apply first); it is normalised in place. */
int nqpf_index_compute(nqpf_panel *p, const nqpf_system *s, const nqpf_index_options *o,
                       nqpf_index_result *r, nqpf_error *err);
void nqpf_index_result_free(nqpf_index_result *r);

const char *nqpf_aggregate_name(nqpf_aggregate a);
int nqpf_aggregate_parse(const char *s, nqpf_aggregate *out);

#endif
