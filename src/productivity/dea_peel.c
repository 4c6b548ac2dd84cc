/* nqpf — peel-the-onion tiers of DEA (Barr, Durchholz & Seiford 2000):
 * layer 1 holds the rows on the frontier of all rows, layer 2 those on the
 * frontier once layer 1 is taken out, and so on (nqpf_dea_peel in dea.h).
 *
 * Each round is an ordinary nqpf_dea_run on the rows still in, so every
 * model, returns to scale and period rule peels alike: a period's frontier
 * is rebuilt from its remaining rows (and, for sequential or window
 * frontiers, the earlier periods' remaining rows).  The data-dependent
 * parameters (EBM eps and weights, the additive weights, the DDF mean
 * direction) are those of the remaining rows, as a fresh run on them
 * would have. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "nqpf/dist.h"

/* A ratio score within this of 1 (a gap within this of 0) is on the
 * frontier: well above the LP core's 1e-9-relative accuracy on scores
 * that are exactly 1, well below any gap between distinct scores of
 * data with a few significant digits. */
#define ON_TOL 1e-9

static int on_frontier(const nqpf_dea_spec *sp, int status, double eff)
{
    if (status != NQPF_DEA_OK)
        return 0;
    return nqpf_dea_score_is_gap(sp) ? fabs(eff) <= ON_TOL : eff >= 1.0 - ON_TOL;
}

/* Copy the d values of the rows ids[0..n) of src (unit-major) to dst. */
static void pick(double *dst, const double *src, size_t d, const size_t *ids, size_t n)
{
    for (size_t k = 0; d && k < n; k++)
        memcpy(dst + k * d, src + ids[k] * d, d * sizeof(double));
}

/* One round on the rows ids[0..n): layer[ids[k]] = tier for those on the
 * frontier; *found how many. */
static int round_on(const nqpf_dea_job *job, const size_t *ids, size_t n, size_t tier, size_t *layer,
                    size_t *found, double *buf, size_t *pbuf, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    size_t m = sp->m, s = sp->s, q = sp->q;
    size_t d = m + s + q;
    double *x = buf, *y = buf + n * m, *b = buf + n * (m + s), *g = buf + n * d; /* g: directions */
    pick(x, job->x, m, ids, n);
    pick(y, job->y, s, ids, n);
    pick(b, job->b, q, ids, n);
    if (job->gx)
        pick(g, job->gx, m, ids, n);
    if (job->gy)
        pick(g + n * m, job->gy, s, ids, n);
    if (job->gb)
        pick(g + n * (m + s), job->gb, q, ids, n);
    for (size_t k = 0; job->period && k < n; k++)
        pbuf[k] = job->period[ids[k]];
    nqpf_dea_job sub = *job;
    sub.n = n, sub.x = x, sub.y = y, sub.b = q ? b : NULL;
    sub.period = job->period ? pbuf : NULL;
    sub.gx = job->gx ? g : NULL;
    sub.gy = job->gy ? g + n * m : NULL;
    sub.gb = job->gb ? g + n * (m + s) : NULL;
    sub.dist = NULL, sub.checkpoint = NULL, sub.weights = 0;
    nqpf_dea_out o = {0};
    int rc = nqpf_dea_run(&sub, &o, err);
    *found = 0;
    for (size_t k = 0; !rc && k < n; k++)
        if (on_frontier(sp, o.status[k], o.eff[k])) {
            layer[ids[k]] = tier;
            ++*found;
        }
    nqpf_dea_out_free(&o);
    return rc;
}

int nqpf_dea_peel(const nqpf_dea_job *job, const nqpf_dea_out *first, size_t *layer, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    if (sp->super)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "peeling needs scores without super-efficiency");
    if (job->checkpoint || (job->dist && job->dist->size > 1))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "peeling runs on one MPI rank without a checkpoint");
    size_t n = job->n, d = sp->m + sp->s + sp->q, left = 0;
    for (size_t i = 0; i < n; i++) {
        layer[i] = on_frontier(sp, first->status[i], first->eff[i]) ? 1 : 0;
        left += !layer[i];
    }
    size_t *ids = malloc((n + 1) * sizeof *ids), *pbuf = malloc((n + 1) * sizeof *pbuf);
    double *buf = malloc((2 * n * d + 1) * sizeof *buf); /* data, then directions */
    int rc = ids && pbuf && buf ? NQPF_OK : nqpf_fail_nomem(err);
    /* A round that finds no row on the frontier (every remaining score
     * missing, e.g. all zero inputs) ends the peeling: those rows keep 0. */
    for (size_t tier = 2; !rc && left;) {
        size_t k = 0, found = 0;
        for (size_t i = 0; i < n; i++)
            if (!layer[i])
                ids[k++] = i;
        rc = round_on(job, ids, k, tier, layer, &found, buf, pbuf, err);
        if (!found)
            break;
        left -= found;
        tier++;
    }
    free(ids);
    free(pbuf);
    free(buf);
    return rc;
}
