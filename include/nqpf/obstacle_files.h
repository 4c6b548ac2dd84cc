/* nqpf — the obstacle degree of an `nqpf index` run from its files
 * (normalized.csv, weights.csv and run.json): read, checked, computed
 * (nqpf_obstacle per unit and period) and written as `nqpf obstacle`'s
 * table.  The report computes the same from its index in memory. */
#ifndef NQPF_OBSTACLE_FILES_H
#define NQPF_OBSTACLE_FILES_H

#include <stdio.h>

#include "nqpf/compare.h"
#include "nqpf/csv.h"
#include "nqpf/util.h"

typedef struct nqpf_obstacle_request {
    const char *index_dir;          /* DIR of an index run, or NULL and the two files: */
    const char *normalized, *weights;
    const char *unit, *period;      /* columns of normalized.csv; period NULL: "period" if there is one */
    int shift_given;                /* else the shift of DIR/run.json (0 without DIR) */
    double shift;
} nqpf_obstacle_request;

/* The result: m rows of normalized.csv x p indicators (in the order of
 * weights.csv), their dimensions (nd of them; cd < 0: no dimension column). */
typedef struct nqpf_obstacle_files {
    nqpf_table *wt;                 /* weights.csv (normalized.csv is read as columns, not kept) */
    nqpf_factor uf, pf;             /* unit and period of each row */
    nqpf_strmap imap;               /* indicator names */
    size_t m, p, nd;
    long cd;
    char **dims;                    /* nd names, borrowed from wt */
    size_t *dimof, *first_row;
    double *W, *I, *O, *Od;         /* W per period x indicator; I, O: m x p; Od: work */
    int *best;
    size_t *order, *rank;           /* work for nqpf_obstacle_rank */
    size_t *by_period;              /* the m rows in period order, file order within a period */
} nqpf_obstacle_files;

/* Read and compute; on failure *t is left empty.  An error names the file,
 * line and column (or the period where the obstacles are undefined). */
int nqpf_obstacle_files_read(nqpf_obstacle_files *t, const nqpf_obstacle_request *rq, nqpf_error *err);
/* period,unit,level,name,dimension,deviation,obstacle,rank,note: every
 * indicator in file order, or with top > 0 the top largest in rank order,
 * then the dimensions; rows in period order, then file order (one pass). */
void nqpf_obstacle_files_write(FILE *fp, nqpf_obstacle_files *t, size_t top);
void nqpf_obstacle_files_free(nqpf_obstacle_files *t);

#endif
