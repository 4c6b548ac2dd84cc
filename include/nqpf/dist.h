/* nqpf — distributed runs over MPI ranks (or one process).
 *
 * The MPI build (`make mpi`, compiled with -DNQPF_MPI by mpicc) runs the
 * same nqpf under `mpirun -np N`; the plain build has no MPI dependency and
 * every function below acts as a single rank 0 of size 1.  MPI itself keeps
 * the communicator, so these functions hold no state of their own.
 *
 * How work is split: a method that loops over independent items (units to
 * score, bootstrap replications, permutations, period pairs) gives rank r
 * the contiguous block nqpf_dist_block(n, r) of them; every item's result
 * depends only on the item (random items use the stream named after the
 * item, never one per rank), and the blocks are gathered in item order.
 * So results are byte-identical for any number of ranks and threads.
 *
 * Failure: every collective step is preceded by nqpf_dist_agree, which makes
 * all ranks return the error of the lowest failing rank, so one bad rank
 * stops the whole job with one message and no rank is left waiting.
 *
 * Input and output: each rank reads and validates the same input itself
 * (the same file gives the same table everywhere); only rank 0 writes
 * output (atomically) and prints messages. */
#ifndef NQPF_DIST_H
#define NQPF_DIST_H

#include <stddef.h>

#include "nqpf/error.h"

typedef struct nqpf_dist {
    int rank, size;
} nqpf_dist;

/* Start MPI (MPI build; threads: funneled) -- called once by main(). */
void nqpf_dist_start(int *argc, char ***argv);
void nqpf_dist_stop(void);
/* This process's rank and the number of ranks (0 and 1 without MPI). */
nqpf_dist nqpf_dist_world(void);

/* Items [*lo, *hi) of n for rank r (contiguous blocks, sizes differ by at
 * most one, lower ranks first). */
void nqpf_dist_block(size_t n, int size, int r, size_t *lo, size_t *hi);

/* Every rank passes its own status and error; all return the status and
 * error of the lowest rank that failed (or NQPF_OK everywhere). */
int nqpf_dist_agree(const nqpf_dist *d, int rc, nqpf_error *err);

/* Items of k doubles each, n items split by nqpf_dist_block: each rank has
 * filled the rows of its own block of buf (n * k doubles); afterwards every
 * rank holds all of them.  A no-op for one rank. */
int nqpf_dist_allgather_blocks(const nqpf_dist *d, double *buf, size_t n, size_t k, nqpf_error *err);

/* Element-wise sum of buf over the ranks, result on every rank (used with
 * values only one rank sets, the others 0: exact). */
int nqpf_dist_sum(const nqpf_dist *d, double *buf, size_t n, nqpf_error *err);

/* Rank 0's bytes of buf reach every rank (a no-op for one rank). */
int nqpf_dist_bcast(const nqpf_dist *d, void *buf, size_t bytes, nqpf_error *err);

#endif
