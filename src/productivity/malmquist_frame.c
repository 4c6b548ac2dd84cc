/* nqpf — frames for the Malmquist reference technologies: drop the units
 * that a combination of other units dominates (nqpf_dea_frame), so each of
 * the many mixed-period LPs has only the strongly efficient units as
 * columns.  The technology, hence every score of a point that excludes no
 * column, is unchanged (dea.h); not valid for weakly disposable bad outputs.
 *
 * Hierarchical decomposition (Barr & Durchholz 1997): blocks are reduced
 * independently (a unit dominated inside a block is dominated overall), the
 * survivors merged and reduced again with doubled blocks until one block is
 * left.  The block structure depends only on the data, never on the number
 * of threads, so the frame (and every result) is identical for any thread
 * count. */
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "malmquist_internal.h"

#define MQ_FRAME_BLOCK 400

int nqpf_mq_frame_allowed(const nqpf_dea_spec *sp)
{
    return !(sp->model == NQPF_DEA_DDF && sp->q > 0 && !sp->bad_strong);
}

/* Reduce block ids[0..n-1]: keep[j] for each. */
static int reduce_block(const nqpf_dea_spec *sp, const double *x, const double *y, const double *b, const size_t *ids,
                        size_t n, unsigned char *keep)
{
    nqpf_dea_ref *ref = NULL;
    nqpf_error e;
    if (nqpf_dea_ref_build(&ref, sp, x, y, b, ids, n, &e))
        return e.code;
    nqpf_dea_ws *ws = nqpf_dea_ws_new(sp, n);
    int rc = ws ? nqpf_dea_frame(ws, ref, keep, &e) : NQPF_ENOMEM;
    nqpf_dea_ws_free(ws);
    nqpf_dea_ref_free(ref);
    return rc;
}

int nqpf_mq_frame(const nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t *ids,
                  size_t *n_io)
{
    size_t n = *n_io;
    if (n <= MQ_FRAME_MIN)
        return NQPF_OK;
    unsigned char *keep = malloc(n);
    if (!keep)
        return NQPF_ENOMEM;
    int rc = NQPF_OK;
    for (size_t bs = MQ_FRAME_BLOCK;; bs *= 2) {
        size_t nb = (n + bs - 1) / bs;
#pragma omp parallel for schedule(dynamic, 1) if (nb > 1)
        for (size_t k = 0; k < nb; k++) {
            size_t j0 = k * bs, j1 = j0 + bs < n ? j0 + bs : n;
            int r = reduce_block(sp, x, y, b, ids + j0, j1 - j0, keep + j0);
            if (r) {
#pragma omp critical(nqpf_mq_frame_err)
                rc = rc ? rc : r;
            }
        }
        if (rc)
            break;
        n = nqpf_dea_keep_ids(ids, keep, n);
        if (nb == 1)
            break;
    }
    free(keep);
    if (!rc)
        *n_io = n;
    return rc;
}
