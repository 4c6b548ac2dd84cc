/* TOPSIS of the total and of every node in one pass over the rows (see
 * colstats.h): on 5,000,000 x 30 each node's own pass re-read the 1.2 GB
 * matrix, three times with three dimensions. */
#include "nqpf/index_methods.h"

#include <math.h>

#include "colstats.h"

/* Rows per block: 2048 x 30 doubles (480 KiB) stay in L2 while the total
 * and every node read them. */
#define FUSE_ROWS ((size_t)2048)

int nqpf_idx_topsis_nodes(const double *z, size_t m, size_t n, const double *w, const double *lo,
                          const double *hi, double *score, const nqpf_idx_node *node, size_t nn,
                          double *node_score)
{
    size_t nb = (m + FUSE_ROWS - 1) / FUSE_ROWS;
    int failed = 0;
#pragma omp parallel for schedule(static) if (NQPF_IDX_PAR(nb)) reduction(| : failed)
    for (size_t b = 0; b < nb; b++) {
        size_t i0 = b * FUSE_ROWS, rows = i0 + FUSE_ROWS < m ? FUSE_ROWS : m - i0;
        const double *zb = z + i0 * n;
        nqpf_error err;
        if (nqpf_topsis_ext((nqpf_rowview){zb, n, NULL}, rows, n, w, lo, hi, score + i0, 1, NULL, NULL, &err))
            failed = 1;
        for (size_t d = 0; d < nn && !failed; d++) {
            double *out = node_score + i0 * nn + d;
            if (node[d].k == 0) {
                for (size_t i = 0; i < rows; i++)
                    out[i * nn] = NAN;
            } else if (nqpf_topsis_ext((nqpf_rowview){zb, n, node[d].cols}, rows, node[d].k, node[d].w,
                                       node[d].lo, node[d].hi, out, nn, NULL, NULL, &err)) {
                failed = 1;
            }
        }
    }
    return failed;
}
