/* nqpf — indicator systems (指标体系).
 *
 * A system file is a CSV with one row per indicator:
 *
 *   column      data column holding the indicator            (required)
 *   direction   + (benefit, 正向) or - (cost, 负向)            (required)
 *   dimension   top-level dimension, e.g. 新质劳动者           (required)
 *   subdimension, subdimension2, …   optional deeper levels, in header order
 *   name        display name (default: column)
 *   unit        unit of measurement (informational)
 *   weight      fixed weight, used by --weights fixed
 *   (any other column is ignored, so notes can live in the file)
 *
 * The hierarchy is a tree of nodes: each dimension is a root; a
 * sub-dimension cell creates a child of the node above it.  An indicator
 * hangs under the deepest non-empty level of its row.
 */
#ifndef NQPF_SYSTEM_H
#define NQPF_SYSTEM_H

#include <stddef.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"

typedef struct nqpf_node {
    char *name;        /* the cell text, e.g. 科技人才 */
    char *path;        /* names from the root joined by '/', unique */
    size_t level;      /* 0 = dimension */
    long parent;       /* node index, -1 for a dimension */
    long line;         /* first line that mentioned it */
} nqpf_node;

typedef struct nqpf_indicator {
    char *column;      /* data column */
    char *name;        /* display name */
    char *unit;        /* may be "" */
    int direction;     /* +1 benefit, -1 cost */
    double weight;     /* NaN when the file has no weight for it */
    size_t node;       /* deepest node it belongs to */
    size_t dimension;  /* its top-level node */
    long line;         /* line in the system file */
    long column_col;   /* 1-based file column of `column`, for messages */
} nqpf_indicator;

typedef struct nqpf_system {
    char *path;
    size_t n_ind;
    nqpf_indicator *ind;
    size_t n_nodes;
    nqpf_node *nodes;  /* dimensions first appear in file order */
    size_t n_levels;   /* 1 + number of sub-dimension columns */
    int has_weights;   /* every indicator has a weight */
} nqpf_system;

int nqpf_system_read(nqpf_system **out, const char *path, nqpf_encoding enc, nqpf_error *err);
void nqpf_system_free(nqpf_system *s);

/* Is node `node` equal to or below `ancestor`? */
int nqpf_system_node_within(const nqpf_system *s, size_t node, size_t ancestor);

/* Parse a direction cell: + - ＋ − 正 负 正向 负向 positive negative benefit cost
 * (case-insensitive).  Returns +1, -1, or 0 if unrecognised. */
int nqpf_direction_parse(const char *s);

#endif
