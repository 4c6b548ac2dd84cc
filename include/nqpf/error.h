/* nqpf — errors.
 *
 * Every library function that can fail returns an int status (NQPF_OK == 0)
 * and fills a caller-owned nqpf_error with a position and a message.  There is
 * no global error state: the caller owns the struct, so concurrent calls on
 * different structs never interfere.
 *
 * The position (file, line, column) is optional: line/col are 0 when unknown.
 * Column numbers in CSV inputs are 1-based *field* numbers, which is what a
 * spreadsheet user sees, not byte offsets.
 */
#ifndef NQPF_ERROR_H
#define NQPF_ERROR_H

#include <stddef.h>

/* Error codes double as the CLI's exit codes, so every kind of failure has
 * its own documented exit status (see README, "Exit codes"). */
enum nqpf_status {
    NQPF_OK = 0,
    NQPF_EUSAGE = 2,      /* bad command-line usage */
    NQPF_EIO = 3,         /* cannot open/read/write a file */
    NQPF_EPARSE = 4,      /* malformed input text (CSV syntax, bad number, encoding) */
    NQPF_EINPUT = 5,      /* well-formed but invalid input (unknown column, duplicate key…) */
    NQPF_EMATH = 6,       /* degenerate mathematics that makes a result impossible */
    NQPF_ENOMEM = 7,      /* out of memory or over --max-memory */
    NQPF_EEXIST = 8,      /* output exists and --force was not given */
    NQPF_EMISSING = 9,    /* missing values under --missing error */
    NQPF_EINTERNAL = 10   /* a bug: please report */
};

typedef struct nqpf_error {
    int code;           /* one of enum nqpf_status */
    char file[512];     /* source file of the problem, "" if none */
    long line;          /* 1-based line, 0 if unknown */
    long col;           /* 1-based column (CSV field), 0 if unknown */
    char msg[1024];     /* what is wrong, in plain words */
} nqpf_error;

/* Clear an error struct to NQPF_OK. */
void nqpf_error_clear(nqpf_error *err);

/* Set err (if non-NULL) and return code, so callers can write
 *   return nqpf_fail(err, NQPF_EINPUT, path, line, col, "unknown column '%s'", name);
 * path may be NULL. */
int nqpf_fail(nqpf_error *err, int code, const char *path, long line, long col,
              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Out-of-memory shortcut. */
int nqpf_fail_nomem(nqpf_error *err);

/* Say where a failure inside a loop happened: prefix err's message with
 * "WHAT 'LABEL': " (e.g. period '2015') and set its file to `file` (may be
 * NULL) when it has none. */
void nqpf_error_context(nqpf_error *err, const char *file, const char *what, const char *label);

/* Format as "FILE:LINE:COL: message" (omitting unknown parts). */
void nqpf_error_format(const nqpf_error *err, char *buf, size_t size);

/* Short name of a status code ("parse error", …). */
const char *nqpf_status_name(int code);

#endif
