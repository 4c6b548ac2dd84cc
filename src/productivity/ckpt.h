/* nqpf — checkpoint files of long productivity runs (internal).
 *
 * A checkpoint is a header (8-byte magic, version, the SHA-256 of
 * everything the results depend on) followed by records, each a 4-word
 * header hd (what the record holds: the caller's meaning), hd[2]-hd[1]
 * items of hd[3] doubles, and a 64-bit FNV-1a checksum of both.  Records
 * are appended, flushed and fsync'ed one at a time, so a killed run loses
 * at most the record being written, whose torn tail the next load cuts
 * off.  Binary, in this machine's byte order. */
#ifndef NQPF_CKPT_H
#define NQPF_CKPT_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"

/* Where a record's values go: return the destination of its
 * (hd[2]-hd[1]) * hd[3] doubles, or NULL if the record does not fit this
 * run (loading stops there). */
typedef double *(*nqpf_ckpt_dest_fn)(void *ctx, const uint64_t hd[4]);
/* Called after a record's checksum matched. */
typedef void (*nqpf_ckpt_done_fn)(void *ctx, const uint64_t hd[4]);

/* Load path if it exists (a missing file is no error): a file of another
 * kind or another run (different fingerprint) is NQPF_EINPUT. */
int nqpf_ckpt_load(const char *path, const char magic[8], const unsigned char fp[32], nqpf_ckpt_dest_fn dest,
                   nqpf_ckpt_done_fn done, void *ctx, nqpf_error *err);
/* Append one record (writing the header first if the file is new). */
int nqpf_ckpt_append(const char *path, const char magic[8], const unsigned char fp[32], const uint64_t hd[4],
                     const double *v, nqpf_error *err);

/* SHA-256 of a DEA job's data and choices (spec, rows, periods, frontier)
 * plus the caller's extra bytes: the checkpoint fingerprint. */
struct nqpf_dea_job;
void nqpf_ckpt_job_sha(const struct nqpf_dea_job *job, const void *extra, size_t n_extra, unsigned char out[32]);

#endif
