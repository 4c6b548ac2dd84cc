/* nqpf — difference-in-differences for (staggered) pilot policies, a thin
 * layer over `nqpf reg`'s absorbed fixed effects and clustered covariances.
 *
 *   did.c      two-way fixed-effects DID, the event study (binned
 *              endpoints, a reference period, the joint pre-trend Wald
 *              test), the placebo test (treatment timing permuted across
 *              units, one RNG stream per draw)
 *   did_cs.c   Callaway & Sant'Anna (2021): ATT(g,t) by the outcome-
 *              regression 2x2 DID (DRDID's reg_did_panel), never-treated or
 *              not-yet-treated controls, the simple / group / dynamic /
 *              calendar aggregations of did's aggte, analytic influence-
 *              function standard errors and a seeded multiplier bootstrap
 *   did_run.c  a whole `nqpf did` job: read, estimate, write atomically
 *
 * docs/did.md writes out every convention. */
#ifndef NQPF_DID_H
#define NQPF_DID_H

#include <stddef.h>

#include "nqpf/error.h"
#include "nqpf/restab.h"

/* ---- Callaway-Sant'Anna on a balanced panel ----------------------------- */

typedef struct nqpf_cs_spec {
    size_t n_units, n_periods;
    const double *period;           /* n_periods increasing period values */
    const double *y;                /* n_units x n_periods, unit-major, no NaN */
    const double *g;                /* n_units first-treatment periods, 0 = never */
    size_t n_x;                     /* covariates (outcome regression), each n_units x n_periods */
    const double *const *x;
    int notyet;                     /* controls: 0 never treated, 1 not yet treated */
    size_t boot;                    /* multiplier-bootstrap replications (0: analytic SEs) */
    unsigned long long seed;
    double level;                   /* 0: 0.95 */
} nqpf_cs_spec;

enum { NQPF_CS_ATTGT = 0, NQPF_CS_SIMPLE, NQPF_CS_GROUP, NQPF_CS_DYNAMIC, NQPF_CS_CALENDAR };

/* One estimate: kind NQPF_CS_*; overall = 1 for the aggregation's summary
 * (then key unused); key: the cohort (GROUP), event time (DYNAMIC) or
 * period (CALENDAR); ATT(g,t) has g, t and e = t - g. */
typedef struct nqpf_cs_est {
    int kind, overall;
    double g, t, e;
    double att, se, lo, hi;
} nqpf_cs_est;

typedef struct nqpf_cs_result {
    size_t n_est;
    nqpf_cs_est *est;               /* owned */
    size_t n_units, n_dropped;      /* units used; units treated in the first period (dropped) */
    size_t n_cohorts, n_never;
    size_t n_skipped;               /* ATT(g,t) cells without control units */
    size_t n_periods;               /* periods used (notyet without never-treated units: those before the last cohort) */
    /* did's Wald pre-test of parallel trends: W = b' (Psi'Psi / n^2)^-1 b over
     * the pre-treatment cells (t < g), chi-square(pre_df); NaN without any */
    double pre_W, pre_p;
    size_t pre_df;
} nqpf_cs_result;

int nqpf_cs_estimate(const nqpf_cs_spec *s, nqpf_cs_result *r, nqpf_error *err);
void nqpf_cs_result_free(nqpf_cs_result *r);

/* ---- a whole `nqpf did` job ---------------------------------------------- */

typedef struct nqpf_did_request {
    const char *data;
    const struct nqpf_colsource *data_extra; /* NULL, or a column the caller supplies (coltable.h: the
                                       report's [did] adds the index score) */
    int encoding;
    const char *unit, *period, *y;
    const char *treat;              /* 0/1 post-treatment indicator, or NULL */
    const char *first_treated;      /* first-treatment period (0/empty: never), or NULL */
    const char *x, *absorb, *cluster, *dof;
    const char *window;             /* "-K,L" or NULL */
    long ref;                       /* reference event time (default -1) */
    size_t placebo;                 /* placebo draws (0: none) */
    unsigned long long seed;
    int cs;                         /* estimator: 0 TWFE, 1 Callaway-Sant'Anna */
    int notyet;
    size_t boot;
    double level;
    const char *out, *stats, *event, *draws;
    int force;
    int bom;                      /* --bom: the CSV files start with a UTF-8 BOM (NQPF_OUT_BOM) */
} nqpf_did_request;

/* The job's tables in memory: out, stats, event (built when the request
 * names an event file, or a window: its name is not used here), draws
 * (with placebo draws); a table not built has no header (t NULL). */
typedef struct nqpf_did_output {
    nqpf_restab out, stats, event, draws;
} nqpf_did_output;
/* Read and estimate into o (freed on error); out need not be set.
 * Warnings go to warn(ctx, msg) when warn is set. */
int nqpf_did_compute(const nqpf_did_request *rq, nqpf_did_output *o, void (*warn)(void *ctx, const char *msg), void *ctx,
                     nqpf_error *err);
void nqpf_did_output_free(nqpf_did_output *o);
/* nqpf_did_compute, then --out, --stats, --event, --draws written
 * atomically (all or none). */
int nqpf_did_run(const nqpf_did_request *rq, void (*warn)(void *ctx, const char *msg), void *ctx, nqpf_error *err);

#endif
