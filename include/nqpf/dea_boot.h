/* nqpf — Simar–Wilson (1998) smoothed homogeneous bootstrap of radial DEA.
 *
 * Work in the distance scale delta >= 1: input orientation delta = 1/theta
 * (Shephard input distance), output orientation delta = phi.  With the
 * plain scores delta_1..delta_n of one frontier (one period) and bandwidth h,
 * replication b:
 *   1. draw beta_1..beta_n with replacement from the 2n reflected set
 *      {delta_1, .., delta_n, 2 - delta_1, .., 2 - delta_n};
 *   2. smooth and correct the variance (Silverman 1986, 3.4):
 *        d_i = mean(beta) + (beta_i + h eps_i - mean(beta)) / sqrt(1 + h^2/s^2)
 *      with eps_i ~ N(0,1) and s^2 the variance (n-1 form) of the 2n set;
 *   3. reflect: delta*_i = d_i if d_i >= 1, else 2 - d_i;
 *   4. pseudo data on the same rays: input orientation x*_j = x_j delta*_j /
 *      delta_j (y unchanged); output orientation y*_j = y_j delta_j /
 *      delta*_j (x unchanged);
 *   5. score every ORIGINAL unit against the pseudo technology: delta_i^b.
 * Summary per unit (Simar & Wilson 1998, 2000):
 *   bias = mean_b delta_i^b - delta_i, bias-corrected delta_i - bias,
 *   basic percentile interval delta_i + [q_{a/2}, q_{1-a/2}] of
 *   (delta_i - delta_i^b), q = R type-7 quantile, a = 1 - level.
 * Everything is reported back in the efficiency scale of nqpf dea
 * (efficiency = 1/delta <= 1, interval bounds swapped accordingly).
 *
 * Bandwidth, when not given: the normal-reference rule of Daraio & Simar
 * (2007, eqs. 3.24-3.26) as DataEnvelopmentAnalysis.jl computes it: the m
 * units whose Farrell score (theta, or phi) differs from 1 by more than
 * 1e-5 and their reflections 2 - score form a 2m set with sd s2m and IQR r2m;
 *   h = 0.9 min(s2m, r2m/1.349) (2m)^(-1/5) (2m/n)^(1/5) sd(delta)/s2m.
 * This reproduces that package's bandwidth to all printed digits.
 *
 * Randomness: replication b of a set started with stream0 uses the stream
 * (seed, stream0 + b) of nqpf_rng, draws (index, normal) for unit 1, then 2,
 * ...  Replications are independent of one another, so results are identical
 * whatever the number of threads, and any range of replications can run
 * anywhere (another process, a later resume) with the same numbers.
 *
 * Scope: RADIAL model, IN or OUT orientation, any returns to scale, no bad
 * outputs, no super-efficiency.  Every unit needs a plain score.
 */
#ifndef NQPF_DEA_BOOT_H
#define NQPF_DEA_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/dea.h"
#include "nqpf/error.h"

/* Nearest plain projections kept per unit (8 to 32 time alike on the
 * bench data; 16 is in the middle). */
#define NQPF_DEA_BOOT_NEAR 16

typedef struct nqpf_dea_boot {
    nqpf_dea_spec spec;
    size_t n;
    const double *x, *y;   /* caller's data (unit-major), not owned */
    uint64_t seed, stream0;
    double *delta;         /* n plain distances (>= 1) */
    double h;              /* bandwidth */
    double var2n;          /* variance of the 2n reflected set */
    int no_frame;          /* score against every pseudo unit */
    size_t width, *peer, *n_peer; /* plain peers: unit i's at peer[i*width] */
    size_t *order;         /* units sorted by peer list (scoring order) */
    size_t k_near, *near;  /* unit i's k_near (<= NQPF_DEA_BOOT_NEAR)
                              nearest plain projections at near[i*k_near]
                              (column-generation seeds, starting bases) */
} nqpf_dea_boot;

/* Score the n units (plain DEA), set the bandwidth (h > 0: use it; h <= 0
 * or NaN: the rule above) and return a set ready for replications.  A unit
 * with no plain score, or a rule-of-thumb bandwidth that cannot be formed
 * (fewer than one inefficient unit, zero spread), is an NQPF_EMATH error
 * naming the unit index (0-based) or the reason. */
int nqpf_dea_boot_new(nqpf_dea_boot **out, const nqpf_dea_spec *spec, const double *x, const double *y, size_t n,
                      double h, uint64_t seed, uint64_t stream0, int no_frame, nqpf_error *err);
void nqpf_dea_boot_free(nqpf_dea_boot *bt);

/* The bandwidth rule alone, from plain Farrell scores (input: theta <= 1,
 * output: phi >= 1) of n units.  Returns NQPF_OK or NQPF_EMATH. */
int nqpf_dea_boot_bandwidth(const double *score, size_t n, nqpf_dea_orient orient, double *h, nqpf_error *err);

/* The pseudo efficiencies delta*_1..n of replication b (steps 1-3). */
void nqpf_dea_boot_draw(const nqpf_dea_boot *bt, size_t b, double *delta_star);

/* Replications b0..b1-1 (OpenMP over replications): dist[(b - b0) * n + i]
 * = delta_i^b (NaN when that LP has no optimum; never expected for radial
 * models with positive data).  Their pseudo efficiencies are
 * nqpf_dea_boot_draw's, cheap to draw again. */
int nqpf_dea_boot_run(const nqpf_dea_boot *bt, size_t b0, size_t b1, double *dist, nqpf_error *err);

/* Per-unit summary in the efficiency scale (each array n, caller-owned). */
typedef struct nqpf_dea_boot_stats {
    double *eff;      /* plain efficiency 1/delta */
    double *eff_bc;   /* bias-corrected efficiency 1/(delta - bias) */
    double *bias;     /* eff - eff_bc (> 0: the plain score is biased up) */
    double *sd;       /* standard deviation of the bootstrap efficiencies 1/delta^b */
    double *lo, *hi;  /* percentile interval at `level` */
    size_t *n_ok;     /* replications that scored the unit */
} nqpf_dea_boot_stats;

/* Summarise B replications dist (B x n as written by nqpf_dea_boot_run).
 * level in (0, 1).  A unit with fewer than 2 scored replications gets NaN. */
int nqpf_dea_boot_summary(const nqpf_dea_boot *bt, const double *dist, size_t B, double level,
                          nqpf_dea_boot_stats *st, nqpf_error *err);

/* Bytes the bootstrap adds to nqpf_dea_memory for n rows, B replications
 * and `threads` threads (the B x n distances, with keep_reps the two n x B
 * matrices of --boot-reps, and each thread's pseudo data, restricted
 * columns and pricing copy). */
uint64_t nqpf_dea_boot_memory(const nqpf_dea_spec *spec, size_t n, size_t B, int keep_reps, size_t threads);

/* ---- whole data sets ------------------------------------------------ */

typedef struct nqpf_dea_boot_opts {
    size_t reps;      /* B >= 2 */
    uint64_t seed;
    double level;     /* interval level, e.g. 0.95 */
    double h;         /* bandwidth; <= 0 = the rule above, per frontier */
    const char *checkpoint;       /* file to resume from and append to, or NULL */
    const struct nqpf_dist *dist; /* MPI ranks sharing the replications, or NULL */
} nqpf_dea_boot_opts;

/* Bootstrap every frontier of job (one per period when contemporaneous, one
 * for all rows when pooled or without periods; job->spec as for
 * nqpf_dea_boot_new).  Frontier t uses streams t*B .. t*B+B-1.  st: arrays
 * of job->n rows; h: one bandwidth per frontier (n_periods, or 1).  dist and
 * draws (optional, n*B, row i's replications at i*B): delta_i^b and the
 * pseudo efficiency delta*_i of each replication.
 *
 * Replications run in chunks; with o->dist each chunk is split over the
 * ranks and gathered, with o->checkpoint every finished chunk is appended
 * to the checkpoint file (rank 0) and a rerun with the same data and
 * options skips the chunks found there.  Neither changes a single number.
 * The checkpoint is binary (this machine's byte order): a header with the
 * SHA-256 of the data and options, then records (frontier, first and end
 * replication, values, checksum); a record cut short by a kill is dropped. */
int nqpf_dea_boot_job(const nqpf_dea_job *job, const nqpf_dea_boot_opts *o, nqpf_dea_boot_stats *st, double *h,
                      double *dist, double *draws, nqpf_error *err);

/* nqpf_dea_boot_job with its arrays allocated here: the stats of job->n
 * rows, one bandwidth per frontier (h[0] for a pooled frontier or one
 * without periods, else h[period]), and with keep_reps the n x B dist and
 * draws (else NULL).  Free with nqpf_dea_boot_out_free; on failure out is
 * left empty. */
typedef struct nqpf_dea_boot_out {
    nqpf_dea_boot_stats st;
    double *h;
    double *dist, *draws;
} nqpf_dea_boot_out;
int nqpf_dea_boot_job_run(const nqpf_dea_job *job, const nqpf_dea_boot_opts *o, int keep_reps,
                          nqpf_dea_boot_out *out, nqpf_error *err);
void nqpf_dea_boot_out_free(nqpf_dea_boot_out *out);

#endif
