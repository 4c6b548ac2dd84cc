/* nqpf — SHA-256 (FIPS 180-4), for input checksums in run.json.
 * Written here rather than linking OpenSSL: ~150 lines, no extra dependency,
 * with the x86 SHA extensions used when the CPU has them; checked against
 * the FIPS test vectors in tests/core/test_util.c. */
#ifndef NQPF_SHA256_H
#define NQPF_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"

typedef struct nqpf_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char block[64];
    size_t fill;
    int use_shani;   /* x86 SHA extensions available (set by init) */
} nqpf_sha256;

void nqpf_sha256_init(nqpf_sha256 *s);
/* The same, forcing the portable code (for tests). */
void nqpf_sha256_init_portable(nqpf_sha256 *s);
void nqpf_sha256_update(nqpf_sha256 *s, const void *data, size_t n);
/* Write 64 lowercase hex digits and a NUL into hex[65]. */
void nqpf_sha256_hex(nqpf_sha256 *s, char hex[65]);
/* Checksum of a whole file. */
int nqpf_sha256_file(const char *path, char hex[65], nqpf_error *err);

/* Checksum a file on a background thread while the caller works (hashing a
 * gigabyte input takes seconds; overlapping it with parsing hides that on a
 * multi-core machine).  start never fails: if no thread can be made, finish
 * hashes synchronously.  finish must be called once for every start. */
typedef struct nqpf_sha256_job {
    const char *path;
    char hex[65];
    nqpf_error err;
    int rc;
    int threaded;
    void *thread;   /* pthread_t, kept opaque so this header needs no pthread.h */
} nqpf_sha256_job;

void nqpf_sha256_file_start(nqpf_sha256_job *job, const char *path);
int nqpf_sha256_file_finish(nqpf_sha256_job *job, nqpf_error *err);

#endif
