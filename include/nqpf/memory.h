/* nqpf — memory budgets (`--max-memory SIZE`).
 *
 * Before a method allocates its big arrays, the CLI adds up what it will
 * need (each method's estimate lives next to the method: nqpf_dea_memory,
 * nqpf_dea_boot_memory, nqpf_mq_memory) and stops with NQPF_ENOMEM and a
 * message naming the need and the limit, instead of being killed by the
 * operating system halfway.  Estimates count the large arrays (linear in
 * units, replications, threads), not allocator overhead or the program
 * image (a few MiB); docs/scale.md lists the formulas. */
#ifndef NQPF_MEMORY_H
#define NQPF_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"

/* "512M", "2G", "1.5G", "300000" (bytes); K, M, G, T are powers of 1024,
 * an optional trailing B or iB is accepted.  Returns 0, or -1 if malformed. */
int nqpf_parse_size(const char *s, uint64_t *bytes);

/* NQPF_OK when need <= limit (limit 0 = no limit), else NQPF_ENOMEM with
 * "WHAT needs about X MiB, over --max-memory Y MiB". */
int nqpf_memory_check(uint64_t need, uint64_t limit, const char *what, nqpf_error *err);

/* Shape of a CSV file without keeping it: its size in bytes and its number
 * of lines (a newline inside a quoted field counts too: an upper bound). */
int nqpf_file_shape(const char *path, uint64_t *bytes, size_t *lines, nqpf_error *err);

#endif
