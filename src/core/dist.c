/* nqpf — distributed runs (see dist.h).  Without NQPF_MPI this file is the
 * one-rank implementation; with it, thin wrappers over MPI collectives. */
#include "nqpf/dist.h"

#include <limits.h>
#include <string.h>

#ifdef NQPF_MPI
#include <mpi.h>
#include <stdlib.h>
#endif

void nqpf_dist_block(size_t n, int size, int r, size_t *lo, size_t *hi)
{
    size_t P = size > 0 ? (size_t)size : 1, R = (size_t)r, q = n / P, rem = n % P;
    *lo = R * q + (R < rem ? R : rem);
    *hi = *lo + q + (R < rem ? 1 : 0);
}

#ifndef NQPF_MPI

void nqpf_dist_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

void nqpf_dist_stop(void) {}

nqpf_dist nqpf_dist_world(void)
{
    nqpf_dist d = {0, 1};
    return d;
}

int nqpf_dist_agree(const nqpf_dist *d, int rc, nqpf_error *err)
{
    (void)d;
    (void)err;
    return rc;
}

int nqpf_dist_sum(const nqpf_dist *d, double *buf, size_t n, nqpf_error *err)
{
    (void)d;
    (void)buf;
    (void)n;
    (void)err;
    return NQPF_OK;
}

int nqpf_dist_bcast(const nqpf_dist *d, void *buf, size_t bytes, nqpf_error *err)
{
    (void)d;
    (void)buf;
    (void)bytes;
    (void)err;
    return NQPF_OK;
}

int nqpf_dist_allgather_blocks(const nqpf_dist *d, double *buf, size_t n, size_t k, nqpf_error *err)
{
    (void)d;
    (void)buf;
    (void)n;
    (void)k;
    (void)err;
    return NQPF_OK;
}

#else

void nqpf_dist_start(int *argc, char ***argv)
{
    int provided = 0;
    /* OpenMP threads run inside a rank; only the main thread calls MPI */
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
}

void nqpf_dist_stop(void)
{
    MPI_Finalize();
}

nqpf_dist nqpf_dist_world(void)
{
    nqpf_dist d = {0, 1};
    int up = 0;
    MPI_Initialized(&up);
    if (up) {
        MPI_Comm_rank(MPI_COMM_WORLD, &d.rank);
        MPI_Comm_size(MPI_COMM_WORLD, &d.size);
    }
    return d;
}

int nqpf_dist_agree(const nqpf_dist *d, int rc, nqpf_error *err)
{
    if (d->size <= 1)
        return rc;
    int mine = rc ? d->rank : d->size, first = d->size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == d->size)
        return NQPF_OK;
    /* the error struct is plain data: send it as bytes */
    MPI_Bcast(err, (int)sizeof *err, MPI_BYTE, first, MPI_COMM_WORLD);
    return err->code ? err->code : NQPF_EINTERNAL;
}

int nqpf_dist_allgather_blocks(const nqpf_dist *d, double *buf, size_t n, size_t k, nqpf_error *err)
{
    if (d->size <= 1)
        return NQPF_OK;
    int P = d->size, rc = NQPF_OK;
    int *counts = malloc((size_t)P * sizeof *counts), *displs = malloc((size_t)P * sizeof *displs);
    if (!counts || !displs)
        rc = nqpf_fail_nomem(err);
    for (int r = 0; r < P && !rc; r++) {
        size_t lo, hi;
        nqpf_dist_block(n, P, r, &lo, &hi);
        if ((hi - lo) * k > INT_MAX || lo * k > INT_MAX)
            rc = nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "MPI: a block of %zu values is too large", (hi - lo) * k);
        else {
            counts[r] = (int)((hi - lo) * k);
            displs[r] = (int)(lo * k);
        }
    }
    rc = nqpf_dist_agree(d, rc, err);
    if (!rc)
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, counts, displs, MPI_DOUBLE, MPI_COMM_WORLD);
    free(counts);
    free(displs);
    return rc;
}

int nqpf_dist_bcast(const nqpf_dist *d, void *buf, size_t bytes, nqpf_error *err)
{
    if (d->size <= 1)
        return NQPF_OK;
    /* in pieces below INT_MAX bytes */
    for (size_t off = 0; off < bytes; off += (size_t)1 << 30) {
        size_t len = bytes - off < ((size_t)1 << 30) ? bytes - off : (size_t)1 << 30;
        if (MPI_Bcast((char *)buf + off, (int)len, MPI_BYTE, 0, MPI_COMM_WORLD) != MPI_SUCCESS)
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "MPI broadcast failed");
    }
    return NQPF_OK;
}

int nqpf_dist_sum(const nqpf_dist *d, double *buf, size_t n, nqpf_error *err)
{
    if (d->size <= 1)
        return NQPF_OK;
    for (size_t off = 0; off < n; off += (size_t)1 << 27) {
        size_t len = n - off < ((size_t)1 << 27) ? n - off : (size_t)1 << 27;
        if (MPI_Allreduce(MPI_IN_PLACE, buf + off, (int)len, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD) != MPI_SUCCESS)
            return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "MPI reduction failed");
    }
    return NQPF_OK;
}

#endif
