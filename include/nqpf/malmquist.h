/* nqpf — productivity indexes between consecutive periods, built on the DEA
 * scoring API (dea.h).  Formulas, variants and references: docs/malmquist.md.
 *
 * Indexes (enum nqpf_mq_index), for unit o between periods t and t+1, with
 * D^a(b) = the DEA score of o's period-b data against the frontier of a:
 *   MALMQUIST  (Faere, Grosskopf, Norris & Zhang 1994; Coelli's DEAP 2.1):
 *              D = Farrell efficiency (radial: theta, or 1/phi under output
 *              orientation, the DEAP convention) or SBM rho.
 *                M  = [D^t(t+1)/D^t(t) * D^t+1(t+1)/D^t+1(t)]^(1/2)
 *                EC = D^t+1(t+1) / D^t(t),  TC = M / EC
 *   ML         Malmquist-Luenberger (Chung, Faere & Grosskopf 1997) with the
 *              directional distance function beta, g = (0, y, -b):
 *                ML = [(1+D^t(t))/(1+D^t(t+1)) * (1+D^t+1(t))/(1+D^t+1(t+1))]^(1/2)
 *                EC = (1+D^t(t)) / (1+D^t+1(t+1)),  TC = ML / EC
 *   LUENBERGER Luenberger productivity indicator (Chambers, Faere &
 *              Grosskopf 1996) on DDF beta or SBM inefficiency 1 - rho:
 *                L  = 1/2 [(D^t+1(t) - D^t+1(t+1)) + (D^t(t) - D^t(t+1))]
 *                EC = D^t(t) - D^t+1(t+1),  TC = L - EC
 *              SBM-DDF (spec.sbm_ddf, Fukuyama & Weber 2009) is an
 *              additive inefficiency like the DDF beta: the distance of
 *              LUENBERGER (beta) and ML (1 + beta), not of MALMQUIST.  EBM
 *              kappa enters MALMQUIST as a ratio and LUENBERGER as 1 -
 *              kappa, with eps and weights from all rows (nqpf_mq_run).
 * Frontiers (enum nqpf_mq_frontier): CONTEMPORANEOUS (period t's units),
 * SEQUENTIAL (periods <= t; Shestalova 2003), GLOBAL (all periods; Pastor &
 * Lovell 2005, Oh 2010): M = D^G(t+1)/D^G(t) (ML: (1+D^G(t))/(1+D^G(t+1)),
 * L: D^G(t) - D^G(t+1)), EC from the contemporaneous frontiers, TC = M/EC
 * (L - EC).
 * Returns to scale: the index, EC and TC always use CRS (spec.rts only
 * selects the decomposition); with spec.rts != CRS, PEC = the EC formula on
 * the spec.rts scores and SEC = EC/PEC (Luenberger: EC - PEC), as DEAP.
 *
 * Threads: OpenMP over the (row, frontier) LPs; every LP writes its own slot
 * and depends on nothing else, so results are identical for any thread
 * count.  No global state; the caller owns job data and frees out with
 * nqpf_mq_out_free.
 */
#ifndef NQPF_MALMQUIST_H
#define NQPF_MALMQUIST_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/dea.h"
#include "nqpf/error.h"

typedef enum { NQPF_MQ_MALMQUIST = 0, NQPF_MQ_ML = 1, NQPF_MQ_LUENBERGER = 2 } nqpf_mq_index;
typedef enum { NQPF_MQ_CONTEMPORANEOUS = 0, NQPF_MQ_SEQUENTIAL = 1, NQPF_MQ_GLOBAL = 2 } nqpf_mq_frontier;
/* Which technology the mixed-period index is measured at (Faere et al.
 * 1994): the geometric mean of the two (default, DEAP), period t's (BASE:
 * M = D^t(t+1)/D^t(t), TC = D^t(t+1)/D^t+1(t+1)) or period t+1's
 * (COMPARISON: M = D^t+1(t+1)/D^t+1(t), TC = D^t(t)/D^t+1(t)); ML and
 * Luenberger alike.  Only the mixed-period LP the variant needs is solved.
 * Not for the GLOBAL frontier (one technology, nothing to average). */
typedef enum { NQPF_MQ_TC_GEOMETRIC = 0, NQPF_MQ_TC_BASE = 1, NQPF_MQ_TC_COMPARISON = 2 } nqpf_mq_techch;

/* Row status: the nqpf_dea_status of the first LP that failed, or
 * NQPF_MQ_UNDEFINED when every LP solved but a ratio has a zero distance in
 * its denominator (e.g. input-oriented theta = 0 for a unit with no output). */
enum { NQPF_MQ_UNDEFINED = 4 };
const char *nqpf_mq_status_name(int status);

/* Output columns, in this order; TGCH (technology gap change) only for the
 * meta-frontier index (nqpf_mq_meta_run). */
enum {
    NQPF_MQ_TFPCH = 0, NQPF_MQ_EFFCH = 1, NQPF_MQ_TECHCH = 2, NQPF_MQ_PECH = 3, NQPF_MQ_SECH = 4, NQPF_MQ_TGCH = 5,
    NQPF_MQ_NCOL = 6
};

typedef struct nqpf_mq_job {
    nqpf_mq_index index;
    nqpf_dea_spec spec;        /* model, rts, orient, dir, bad_strong, m, s, q;
                                  super and slacks must be 0 */
    nqpf_mq_frontier frontier;
    nqpf_mq_techch techch;     /* contemporaneous/sequential only */
    int own_only;              /* 1: solve only the own-period (own, own_v)
                                  and global distances; no mixed-period LPs,
                                  and status/val/cum are left unfilled (the
                                  group frontiers of nqpf_mq_meta_run) */
    size_t n;                  /* rows (unit-periods) */
    const double *x, *y, *b;   /* unit-major data (dea.h layout), n rows */
    const size_t *unit;        /* unit id 0..n_units-1 of each row */
    const size_t *period;      /* period rank 0..n_periods-1 of each row */
    size_t n_units, n_periods; /* n_periods >= 2; (unit, period) unique */
    int no_frame;              /* 1: every LP uses all reference units (else
                                  each technology is first reduced to its
                                  frame, which changes no score; not done
                                  for weakly disposable bad outputs) */
    const struct nqpf_dist *dist; /* MPI ranks sharing the LPs (dist.h), or NULL */
} nqpf_mq_job;

/* Check a job's index/model/frontier combination and its data layout. */
int nqpf_mq_check(const nqpf_mq_job *job, nqpf_error *err);

/* Results.  Pair slot k = u * n_pairs + t is unit u from period t to t+1
 * (n_pairs = n_periods - 1).  Arrays allocated by nqpf_mq_run. */
typedef struct nqpf_mq_out {
    size_t n_units, n_pairs;
    int decomposed;          /* pech, sech computed (rts != CRS) */
    int additive;            /* Luenberger: differences; cumulative = sums */
    int meta;                /* nqpf_mq_meta_run: tgch and tgr filled */
    unsigned char *present;  /* [k] unit u has rows in periods t and t+1 */
    int *status;             /* [k] NQPF_DEA_OK, ..., NQPF_MQ_UNDEFINED */
    double *val;             /* [k * NQPF_MQ_NCOL + col]; NaN unless ok */
    double *cum;             /* cumulative from the unit's first period: running
                                product (sum if additive) of val over pairs
                                0..t; NaN once a pair is absent or not ok */
    /* The distances behind the indexes (for diagnostics and tests): per
     * row r: own[r] against its own period's frontier (contemporaneous or
     * sequential, CRS), own_v[r] the same with spec.rts (decomposed only),
     * glob[r] against the global frontier (GLOBAL only); per slot k:
     * fwd[k] = D^t(t+1), bwd[k] = D^t+1(t) (not GLOBAL).  NaN when not ok;
     * st_* hold the LP statuses. */
    double *own, *own_v, *glob, *fwd, *bwd;
    int *st_own, *st_own_v, *st_glob, *st_fwd, *st_bwd;
    double *tgr;             /* meta only, [2k], [2k+1]: the technology gap
                                ratio (Luenberger: the additive gap) of the
                                unit in periods t and t+1; NaN if unsolved */
    size_t n_lps;            /* LPs solved */
} nqpf_mq_out;

int nqpf_mq_run(const nqpf_mq_job *job, nqpf_mq_out *out, nqpf_error *err);

/* Meta-frontier index (O'Donnell, Rao & Battese 2008; Oh & Lee 2010; see
 * docs/malmquist.md): group[r] < n_groups is row r's group, constant within
 * each unit.  The index (tfpch) is the job's index on the technology of all
 * groups together (the meta-frontier); effch is the efficiency change
 * within the unit's group frontier, tgch the technology gap change
 * TGR(t+1)/TGR(t) with TGR = meta / group distance on the job's frontier
 * rule (Luenberger: gap(t) - gap(t+1), gap = meta - group inefficiency),
 * techch the rest, tfpch = effch x techch x tgch (Luenberger: a sum); with
 * the GLOBAL frontier techch is Oh & Lee's best-practice gap change.
 * pech, sech (rts != CRS) decompose the group effch; out->tgr the TGRs. */
int nqpf_mq_meta_run(const nqpf_mq_job *job, const size_t *group, size_t n_groups, nqpf_mq_out *out,
                     nqpf_error *err);
/* nqpf_mq_memory plus what the meta-frontier run adds (group distances,
 * TGRs, a group's copy of the data): for --max-memory with --meta. */
uint64_t nqpf_mq_meta_memory(const nqpf_dea_spec *spec, size_t n, size_t threads);
/* Bytes `nqpf malmquist` needs beyond the input table for n rows with
 * `threads` threads (data, period, sequential and global references, the
 * task list, results, two LP workspaces per thread): for --max-memory. */
uint64_t nqpf_mq_memory(const nqpf_dea_spec *spec, size_t n, size_t threads);
void nqpf_mq_out_free(nqpf_mq_out *out);

/* Summary means as DEAP prints them: geometric means (arithmetic for the
 * additive Luenberger indicator) over the ok rows, per period pair
 * (across units), per unit (across its pairs) and over all ok rows. */
typedef struct nqpf_mq_means {
    double *period;  /* [t * NQPF_MQ_NCOL + col] */
    size_t *period_n;
    double *unit;    /* [u * NQPF_MQ_NCOL + col] */
    size_t *unit_n;
    double all[NQPF_MQ_NCOL];
    size_t all_n;
} nqpf_mq_means;

int nqpf_mq_means_compute(const nqpf_mq_out *out, nqpf_mq_means *means, nqpf_error *err);
void nqpf_mq_means_free(nqpf_mq_means *means);

#endif
