/* nqpf — meta-frontier productivity indexes (malmquist.h,
 * docs/malmquist.md).
 *
 * Units belong to groups (regions) with possibly different technologies
 * (Battese, Rao & O'Donnell 2004; O'Donnell, Rao & Battese 2008).  The
 * index itself is the ordinary index of the job on the meta technology
 * (all groups together), one nqpf_mq_run.  Each group is then run on its
 * own rows with own_only set (only the own-period and global distances, no
 * mixed-period LP), which gives the group distances behind
 *   EC  = s_g(t+1) / s_g(t)            (catch-up to the group frontier)
 *   TGR = s_M / s_g on the frontier rule's own technology (global: the
 *         group's and the meta intertemporal ones, Oh & Lee 2010)
 *   TGC = TGR(t+1) / TGR(t),   TC = index / (EC x TGC)
 * with s the efficiency-like distance: Farrell / SBM rho, or 1/(1+beta) for
 * ML so that its ratios read like Malmquist's.  Luenberger is additive on
 * d = beta or 1 - rho: EC = d_g(t) - d_g(t+1), gap = d_M - d_g,
 * TGC = gap(t) - gap(t+1), TC = index - EC - TGC.  With the global frontier
 * M = s_M^G(t+1)/s_M^G(t) telescopes into EC x BPC x TGC, BPC the group's
 * best-practice gap change (Oh & Lee 2010), which is what TC is then. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "malmquist_internal.h"

#define NONE SIZE_MAX

/* Group distances per row (NaN where not solved) and LP statuses. */
typedef struct gdist {
    double *own, *own_v, *fr; /* fr: the TGR's technology (own, or global) */
    int *st_own, *st_own_v, *st_fr;
} gdist;

/* Run group g's rows ids[0..k) with own_only; periods compacted to those
 * the group has (own-period and global technologies do not depend on the
 * periods in between).  A group present in fewer than 2 periods has no
 * pair and is skipped. */
static int run_group(const nqpf_mq_job *job, const size_t *ids, size_t k, gdist *gd, nqpf_error *err)
{
    const nqpf_dea_spec *sp = &job->spec;
    const size_t T = job->n_periods;
    double *x = malloc((k * sp->m + 1) * sizeof(double));
    double *y = malloc((k * sp->s + 1) * sizeof(double));
    double *b = malloc((k * sp->q + 1) * sizeof(double));
    size_t *per = malloc((k + 1) * sizeof(size_t)), *rank = malloc((T + 1) * sizeof(size_t));
    size_t *unit = malloc((k + 1) * sizeof(size_t));
    nqpf_mq_out o = {0};
    int rc = NQPF_OK;
    if (!x || !y || !b || !per || !rank || !unit) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t t = 0; t < T; t++)
        rank[t] = NONE;
    for (size_t i = 0; i < k; i++)
        rank[job->period[ids[i]]] = 0;
    size_t tg = 0;
    for (size_t t = 0; t < T; t++)
        if (rank[t] != NONE)
            rank[t] = tg++;
    if (tg < 2)
        goto done;
    for (size_t i = 0; i < k; i++) {
        size_t r = ids[i];
        memcpy(x + i * sp->m, job->x + r * sp->m, sp->m * sizeof(double));
        memcpy(y + i * sp->s, job->y + r * sp->s, sp->s * sizeof(double));
        if (sp->q)
            memcpy(b + i * sp->q, job->b + r * sp->q, sp->q * sizeof(double));
        per[i] = rank[job->period[r]];
        unit[i] = job->unit[r];
    }
    nqpf_mq_job g = *job;
    g.n = k;
    g.x = x;
    g.y = y;
    g.b = sp->q ? b : NULL;
    g.unit = unit;
    g.period = per;
    g.n_periods = tg;
    g.own_only = 1;
    g.techch = NQPF_MQ_TC_GEOMETRIC;
    rc = nqpf_mq_run(&g, &o, err);
    const int glob = job->frontier == NQPF_MQ_GLOBAL;
    for (size_t i = 0; !rc && i < k; i++) {
        size_t r = ids[i];
        gd->own[r] = o.own[i];
        gd->st_own[r] = o.st_own[i];
        gd->fr[r] = glob ? o.glob[i] : o.own[i];
        gd->st_fr[r] = glob ? o.st_glob[i] : o.st_own[i];
        if (o.decomposed) {
            gd->own_v[r] = o.own_v[i];
            gd->st_own_v[r] = o.st_own_v[i];
        }
    }
done:
    nqpf_mq_out_free(&o);
    free(x);
    free(y);
    free(b);
    free(per);
    free(rank);
    free(unit);
    return rc;
}

/* The efficiency-like value of a distance (ratio indexes) or the
 * inefficiency (Luenberger), as in docs/malmquist.md. */
static double eff(const nqpf_mq_job *job, double d)
{
    if (job->index == NQPF_MQ_ML)
        return 1.0 / (1.0 + d);
    if (job->index == NQPF_MQ_LUENBERGER && job->spec.model == NQPF_DEA_SBM)
        return 1.0 - d;
    return d;
}

/* TGR (gap) of a row from its meta and group distances; an excess over 1
 * (a negative gap) within the LP's tolerance is rounding, snapped as in
 * nqpf_dea_meta_run. */
static double tgr(int additive, double m, double g)
{
    if (additive) {
        double v = m - g;
        return v < 0 && -v <= 1e-9 * fmax(1.0, fabs(g)) ? 0.0 : v;
    }
    double v = m / g;
    return v > 1 && v - 1 <= 1e-9 ? 1.0 : v;
}

/* Replace out's pair values by the meta decomposition. */
static void decompose(const nqpf_mq_job *job, const size_t *rowof, const gdist *gd, nqpf_mq_out *out)
{
    const size_t U = out->n_units, P = out->n_pairs, T = P + 1;
    const int add = out->additive, dec = out->decomposed, glob = job->frontier == NQPF_MQ_GLOBAL;
    const double *mfr = glob ? out->glob : out->own;
    for (size_t k = 0; k < 2 * U * P; k++)
        out->tgr[k] = NAN;
    for (size_t u = 0; u < U; u++)
        for (size_t t = 0; t < P; t++) {
            size_t k = u * P + t;
            double *v = &out->val[k * NQPF_MQ_NCOL];
            if (!out->present[k])
                continue;
            size_t r[2] = {rowof[u * T + t], rowof[u * T + t + 1]};
            double e[2], ev[2] = {NAN, NAN}, gap[2];
            int s = out->status[k];
            const int *mst = glob ? out->st_glob : out->st_own;
            for (int i = 0; i < 2; i++) {
                size_t w = r[i];
                /* a TGR needs only its two LPs: written even if the index failed */
                if (mst[w] == NQPF_DEA_OK && gd->st_fr[w] == NQPF_DEA_OK)
                    out->tgr[2 * k + i] = tgr(add, eff(job, mfr[w]), eff(job, gd->fr[w]));
                int st[3] = {gd->st_own[w], gd->st_fr[w], dec ? gd->st_own_v[w] : NQPF_DEA_OK};
                for (int j = 0; j < 3 && s == NQPF_DEA_OK; j++)
                    s = st[j];
                e[i] = eff(job, gd->own[w]);
                ev[i] = dec ? eff(job, gd->own_v[w]) : NAN;
                gap[i] = out->tgr[2 * k + i];
                /* ratios: every value in a denominator must be positive */
                if (s == NQPF_DEA_OK && !add && !(e[i] > 0 && (!dec || ev[i] > 0) && gap[i] > 0))
                    s = NQPF_MQ_UNDEFINED;
            }
            if (s == NQPF_DEA_OK) {
                double tfp = v[NQPF_MQ_TFPCH];
                double ec = add ? e[0] - e[1] : e[1] / e[0];
                double tg = add ? gap[0] - gap[1] : gap[1] / gap[0];
                v[NQPF_MQ_EFFCH] = ec;
                v[NQPF_MQ_TGCH] = tg;
                v[NQPF_MQ_TECHCH] = add ? tfp - ec - tg : tfp / (ec * tg);
                if (dec) {
                    v[NQPF_MQ_PECH] = add ? ev[0] - ev[1] : ev[1] / ev[0];
                    v[NQPF_MQ_SECH] = add ? ec - v[NQPF_MQ_PECH] : ec / v[NQPF_MQ_PECH];
                }
                for (int c = 0; c < NQPF_MQ_NCOL; c++)
                    if ((c < NQPF_MQ_PECH || c == NQPF_MQ_TGCH || dec) && !isfinite(v[c]))
                        s = NQPF_MQ_UNDEFINED;
            }
            out->status[k] = s;
            if (s != NQPF_DEA_OK)
                for (int c = 0; c < NQPF_MQ_NCOL; c++)
                    v[c] = NAN;
        }
}

int nqpf_mq_meta_run(const nqpf_mq_job *job, const size_t *group, size_t n_groups, nqpf_mq_out *out,
                     nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = nqpf_mq_check(job, err);
    if (rc)
        return rc;
    if (job->own_only)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the meta-frontier index computes the indexes");
    if (job->spec.model == NQPF_DEA_EBM && !job->spec.ebm_ready) {
        /* one eps and one set of weights from all rows, so group and meta
         * scores (and the gap ratios) measure alike */
        nqpf_mq_job j = *job;
        rc = nqpf_dea_ebm_params(&j.spec, job->x, job->y, job->b, job->n, err);
        return rc ? rc : nqpf_mq_meta_run(&j, group, n_groups, out, err);
    }
    const size_t n = job->n, U = job->n_units, T = job->n_periods;
    size_t *ugroup = malloc((U + 1) * sizeof(size_t)), *rowof = malloc((U * T + 1) * sizeof(size_t));
    size_t *start = calloc(n_groups + 1, sizeof(size_t)), *ids = malloc((n + 1) * sizeof(size_t));
    gdist gd = {0};
    gd.own = malloc((n + 1) * sizeof(double));
    gd.own_v = malloc((n + 1) * sizeof(double));
    gd.fr = malloc((n + 1) * sizeof(double));
    gd.st_own = calloc(n + 1, sizeof(int));
    gd.st_own_v = calloc(n + 1, sizeof(int));
    gd.st_fr = calloc(n + 1, sizeof(int));
    if (!ugroup || !rowof || !start || !ids || !gd.own || !gd.own_v || !gd.fr || !gd.st_own || !gd.st_own_v ||
        !gd.st_fr) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t u = 0; u < U; u++)
        ugroup[u] = NONE;
    for (size_t r = 0; r < n && !rc; r++) {
        size_t g = group[r], *ug = &ugroup[job->unit[r]];
        if (g >= n_groups)
            rc = nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "row %zu: group index out of range", r);
        else if (*ug != NONE && *ug != g)
            rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "unit %zu changes group: the meta-frontier index needs "
                           "a group constant within each unit", job->unit[r]);
        else
            *ug = g;
        gd.own[r] = gd.own_v[r] = gd.fr[r] = NAN;
    }
    if (rc)
        goto done;
    /* rows by group, in row order within each (a counting sort) */
    for (size_t r = 0; r < n; r++)
        start[group[r] + 1]++;
    for (size_t g = 0; g < n_groups; g++)
        start[g + 1] += start[g];
    for (size_t r = 0; r < n; r++) /* start[g] advances to group g's end */
        ids[start[group[r]]++] = r;
    for (size_t g = n_groups; g > 0; g--) /* so shift back by one group */
        start[g] = start[g - 1];
    start[0] = 0;
    for (size_t g = 0; g < n_groups && !rc; g++)
        if (start[g + 1] > start[g])
            rc = run_group(job, ids + start[g], start[g + 1] - start[g], &gd, err);
    if (rc || (rc = nqpf_mq_run(job, out, err)))
        goto done;
    if (!(out->tgr = malloc((2 * U * (T - 1) + 1) * sizeof(double)))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < U * T; i++)
        rowof[i] = NONE;
    for (size_t r = 0; r < n; r++)
        rowof[job->unit[r] * T + job->period[r]] = r;
    out->meta = 1;
    decompose(job, rowof, &gd, out);
    nqpf_mq_cumulate(rowof, out);
done:
    free(ugroup);
    free(rowof);
    free(start);
    free(ids);
    free(gd.own);
    free(gd.own_v);
    free(gd.fr);
    free(gd.st_own);
    free(gd.st_own_v);
    free(gd.st_fr);
    if (rc)
        nqpf_mq_out_free(out);
    return rc;
}

uint64_t nqpf_mq_meta_memory(const nqpf_dea_spec *sp, size_t n, size_t threads)
{
    uint64_t d = sp->m + sp->s + sp->q;
    uint64_t per_row = 3 * 8 + 3 * 4 /* group distances and statuses */
                       + 2 * 8         /* TGRs of the pairs */
                       + 5 * 8         /* row ids, unit groups, the (unit, period) map, group periods and units */
                       + 8 * d;        /* a group's copy of the data (all rows at most) */
    return nqpf_mq_memory(sp, n, threads) + (uint64_t)n * per_row;
}
