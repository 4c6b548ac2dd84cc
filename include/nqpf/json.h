/* nqpf — a small JSON reader (RFC 8259) that builds a DOM.
 *
 * Used for GeoJSON polygons (spatial weights, maps) and any JSON config.
 * Every value remembers the line and column (1-based, columns counted in
 * bytes) where it starts, so callers can report "FILE:LINE:COL: message"
 * about well-formed but unsuitable input, exactly as syntax errors are.
 *
 * Strict: no comments, no trailing commas, no NaN/Infinity, no control
 * characters in strings, strings must be valid UTF-8 (a GBK file is a clear
 * error, not mojibake), invalid \u surrogates rejected; nesting is limited
 * to NQPF_JSON_MAX_DEPTH so hostile input cannot exhaust the stack.
 * Duplicate object keys are kept in order (nqpf_json_get returns the first).
 *
 * Ownership: nqpf_json_parse/read_file return a tree owned by the caller,
 * freed as a whole with nqpf_json_free; every pointer reached from the
 * root stays valid until then. */
#ifndef NQPF_JSON_H
#define NQPF_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"

#define NQPF_JSON_MAX_DEPTH 512

typedef enum nqpf_json_type {
    NQPF_JSON_NULL = 0,
    NQPF_JSON_BOOL,
    NQPF_JSON_NUMBER,
    NQPF_JSON_STRING,
    NQPF_JSON_ARRAY,
    NQPF_JSON_OBJECT
} nqpf_json_type;

typedef struct nqpf_json nqpf_json;
struct nqpf_json {
    nqpf_json_type type;
    long line, col;      /* where the value starts */
    int boolean;         /* BOOL */
    double number;       /* NUMBER (as strtod reads it; overflow is an error) */
    char *str;           /* STRING: UTF-8, NUL-terminated (may contain \0 via \u0000) */
    size_t len;          /* STRING: bytes; ARRAY/OBJECT: number of members */
    nqpf_json *item;     /* ARRAY elements / OBJECT values, len of them */
    char **key;          /* OBJECT keys (NUL-terminated), len of them */
};

/* Parse text[0..len).  path is used in error messages only (may be NULL).
 * A UTF-8 BOM is skipped.  Errors: NQPF_EPARSE at the offending line:col,
 * NQPF_ENOMEM. */
int nqpf_json_parse(nqpf_json **out, const char *text, size_t len, const char *path,
                    nqpf_error *err);
/* Read and parse a whole file ("-" = standard input).  A path must name a
 * regular file (not a device or FIFO: NQPF_EIO), and the text may have at
 * most NQPF_JSON_MAX_BYTES (NQPF_EINPUT). */
#define NQPF_JSON_MAX_BYTES ((uint64_t)1 << 30)
int nqpf_json_read_file(nqpf_json **out, const char *path, nqpf_error *err);
void nqpf_json_free(nqpf_json *v);

/* Member of an object by key (first match), or NULL (also when v is not an
 * object). */
const nqpf_json *nqpf_json_get(const nqpf_json *v, const char *key);
/* Element i of an array, or NULL. */
const nqpf_json *nqpf_json_at(const nqpf_json *v, size_t i);
/* "null", "boolean", "number", "string", "array", "object". */
const char *nqpf_json_type_name(nqpf_json_type t);

#endif
