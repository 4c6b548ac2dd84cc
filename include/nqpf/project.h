/* nqpf — project files for `nqpf run`.
 *
 * A project file is UTF-8 text in an INI-like format, chosen because it is
 * what a researcher can edit by hand without a schema and comment freely:
 *
 *   # comment (also ';'); a '#' after blanks starts an end-of-line comment
 *   [section]
 *   key = value            # value: the rest of the line, trimmed
 *   key = "quoted # value" # double quotes keep '#' and edge blanks; \" and \\ escape
 *
 * Section and key names are [A-Za-z0-9_.-]+; a repeated section or a
 * repeated key within a section is an error (so an edit never silently
 * shadows another line).  Every entry keeps its line and the columns of its
 * key and value, so later validation reports FILE:LINE:COL (columns are
 * 1-based byte offsets).  nqpf_project_check knows which sections and keys
 * `nqpf run` accepts.
 *
 * Ownership: nqpf_project_read/parse return a tree owned by the caller,
 * freed with nqpf_project_free. */
#ifndef NQPF_PROJECT_H
#define NQPF_PROJECT_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/error.h"

typedef struct nqpf_project_kv {
    char *key, *value;
    long line, key_col, value_col;
} nqpf_project_kv;

typedef struct nqpf_project_section {
    char *name;
    long line, col;
    size_t n;
    nqpf_project_kv *kv;
} nqpf_project_section;

typedef struct nqpf_project {
    char *path;   /* as given ("" when parsed from memory) */
    char *dir;    /* directory of path: relative file names are resolved against it */
    size_t n;
    nqpf_project_section *sec;
} nqpf_project;

int nqpf_project_parse(nqpf_project **out, const char *text, size_t len, const char *path, nqpf_error *err);
/* path must name a regular file (NQPF_EIO otherwise) of at most
 * NQPF_PROJECT_MAX_BYTES (NQPF_EINPUT). */
#define NQPF_PROJECT_MAX_BYTES ((uint64_t)64 << 20)
int nqpf_project_read(nqpf_project **out, const char *path, nqpf_error *err);
void nqpf_project_free(nqpf_project *p);

const nqpf_project_section *nqpf_project_section_get(const nqpf_project *p, const char *name);
const nqpf_project_kv *nqpf_project_get(const nqpf_project_section *s, const char *key);

/* Every section and key known to `nqpf run`; an unknown one is NQPF_EINPUT
 * at its position (with the list of accepted names). */
int nqpf_project_check(const nqpf_project *p, nqpf_error *err);

/* A file named in the project, resolved against the project's directory
 * unless absolute (malloc'd; NULL when out of memory). */
char *nqpf_project_resolve(const nqpf_project *p, const char *file);

#endif
