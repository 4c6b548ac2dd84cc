/* nqpf — Malmquist, Malmquist-Luenberger and Luenberger formulas on the
 * distances solved in malmquist.c; cumulative indexes and DEAP-style
 * summary means.  Formulas: malmquist.h and docs/malmquist.md. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "malmquist_internal.h"

/* Distances as the index uses them: Farrell efficiency / SBM rho / EBM
 * kappa for the Malmquist ratio, 1 + beta for ML (DDF or SBM-DDF beta),
 * beta or 1 - rho (1 - kappa) for Luenberger. */
static double dist(const nqpf_mq_job *job, double eff)
{
    if (job->index == NQPF_MQ_ML)
        return 1.0 + eff;
    if (job->index == NQPF_MQ_LUENBERGER && !job->spec.sbm_ddf &&
        (job->spec.model == NQPF_DEA_SBM || job->spec.model == NQPF_DEA_EBM))
        return 1.0 - eff;
    return eff;
}

/* later / earlier, or earlier / later when inverted (see pair). */
static double ratio(int inverted, double later, double earlier)
{
    return inverted ? earlier / later : later / earlier;
}

/* Compute one pair.  own0/own1: own-frontier distances in t and t+1; f =
 * D^t(t+1), w = D^t+1(t) (contemporaneous/sequential) or g0, g1 = D^G(t),
 * D^G(t+1) (global); v0, v1: the spec.rts own-frontier distances. */
static int pair(const nqpf_mq_job *job, int glob, int dec, double own0, double own1, double f, double w, double g0,
                double g1, double v0, double v1, double *val)
{
    if (job->index == NQPF_MQ_LUENBERGER) {
        const nqpf_mq_techch tc = job->techch;
        double l = glob                           ? g0 - g1
                   : tc == NQPF_MQ_TC_BASE       ? own0 - f
                   : tc == NQPF_MQ_TC_COMPARISON ? w - own1
                                                 : 0.5 * ((w - own1) + (own0 - f));
        double ec = own0 - own1;
        val[NQPF_MQ_TFPCH] = l;
        val[NQPF_MQ_EFFCH] = ec;
        val[NQPF_MQ_TECHCH] = l - ec;
        if (dec) {
            val[NQPF_MQ_PECH] = v0 - v1;
            val[NQPF_MQ_SECH] = ec - (v0 - v1);
        }
        return NQPF_DEA_OK;
    }
    /* Ratio indexes: every distance involved must be positive (the base
     * variant does not use w, the comparison one not f). */
    const nqpf_mq_techch tc = glob ? NQPF_MQ_TC_GEOMETRIC : job->techch;
    double need[6] = {own0, own1, glob ? g0 : tc == NQPF_MQ_TC_COMPARISON ? 1.0 : f,
                      glob ? g1 : tc == NQPF_MQ_TC_BASE ? 1.0 : w, dec ? v0 : 1.0, dec ? v1 : 1.0};
    for (int i = 0; i < 6; i++)
        if (!(need[i] > 0) || !isfinite(need[i]))
            return NQPF_MQ_UNDEFINED;
    /* ML's values are 1 + beta, which grow with inefficiency: its ratios are
     * the reciprocals of those on Farrell efficiencies / rho. */
    const int ml = job->index == NQPF_MQ_ML;
    double mi = glob                          ? ratio(ml, g1, g0)
                : tc == NQPF_MQ_TC_BASE       ? ratio(ml, f, own0)
                : tc == NQPF_MQ_TC_COMPARISON ? ratio(ml, own1, w)
                                              : sqrt(ratio(ml, f, own0) * ratio(ml, own1, w));
    double ec = ratio(ml, own1, own0), pec = dec ? ratio(ml, v1, v0) : NAN;
    val[NQPF_MQ_TFPCH] = mi;
    val[NQPF_MQ_EFFCH] = ec;
    val[NQPF_MQ_TECHCH] = mi / ec;
    if (dec) {
        val[NQPF_MQ_PECH] = pec;
        val[NQPF_MQ_SECH] = ec / pec;
    }
    for (int c = 0; c < NQPF_MQ_TGCH; c++)
        if (!(c >= NQPF_MQ_PECH && !dec) && !isfinite(val[c]))
            return NQPF_MQ_UNDEFINED;
    return NQPF_DEA_OK;
}

void nqpf_mq_indexes(const nqpf_mq_job *job, const size_t *rowof, nqpf_mq_out *out)
{
    const size_t U = out->n_units, P = out->n_pairs, T = P + 1;
    const int glob = job->frontier == NQPF_MQ_GLOBAL, dec = out->decomposed;
    for (size_t k = 0; k < U * P * NQPF_MQ_NCOL; k++)
        out->val[k] = NAN;
    for (size_t u = 0; u < U; u++) {
        for (size_t t = 0; t < P; t++) {
            size_t k = u * P + t;
            out->status[k] = NQPF_DEA_OK;
            if (!out->present[k])
                continue;
            size_t r0 = rowof[u * T + t], r1 = rowof[u * T + t + 1];
            /* the first LP that failed decides the status (an LP the
             * techch variant skips keeps its initial status ok) */
            int st[6] = {out->st_own[r0], out->st_own[r1], glob ? out->st_glob[r0] : out->st_fwd[k],
                         glob ? out->st_glob[r1] : out->st_bwd[k], dec ? out->st_own_v[r0] : 0,
                         dec ? out->st_own_v[r1] : 0};
            int s = NQPF_DEA_OK;
            for (int i = 0; i < 6 && s == NQPF_DEA_OK; i++)
                s = st[i];
            if (s == NQPF_DEA_OK) {
                double val[NQPF_MQ_NCOL] = {NAN, NAN, NAN, NAN, NAN, NAN};
                s = pair(job, glob, dec, dist(job, out->own[r0]), dist(job, out->own[r1]),
                         glob ? NAN : dist(job, out->fwd[k]), glob ? NAN : dist(job, out->bwd[k]),
                         glob ? dist(job, out->glob[r0]) : NAN, glob ? dist(job, out->glob[r1]) : NAN,
                         dec ? dist(job, out->own_v[r0]) : NAN, dec ? dist(job, out->own_v[r1]) : NAN, val);
                if (s == NQPF_DEA_OK)
                    memcpy(&out->val[k * NQPF_MQ_NCOL], val, sizeof val);
            }
            out->status[k] = s;
        }
    }
    nqpf_mq_cumulate(rowof, out);
}

/* Columns a run fills: pech, sech only when decomposed, tgch only meta. */
static int col_used(const nqpf_mq_out *out, int c)
{
    return c == NQPF_MQ_TGCH ? out->meta : c >= NQPF_MQ_PECH ? out->decomposed : 1;
}

void nqpf_mq_cumulate(const size_t *rowof, nqpf_mq_out *out)
{
    const size_t U = out->n_units, P = out->n_pairs, T = P + 1;
    for (size_t k = 0; k < U * P * NQPF_MQ_NCOL; k++)
        out->cum[k] = NAN;
    for (size_t u = 0; u < U; u++) {
        /* cumulative: from the unit's first pair, broken for good by a gap
         * or a pair without a value */
        double acc[NQPF_MQ_NCOL];
        for (int c = 0; c < NQPF_MQ_NCOL; c++)
            acc[c] = out->additive ? 0.0 : 1.0;
        int started = 0, broken = 0;
        for (size_t t = 0; t < P; t++) {
            size_t k = u * P + t;
            started |= rowof[u * T + t] != SIZE_MAX; /* the unit's first period */
            if (!out->present[k]) {
                broken |= started;
                continue;
            }
            if (out->status[k] != NQPF_DEA_OK)
                broken = 1;
            if (broken)
                continue;
            for (int c = 0; c < NQPF_MQ_NCOL; c++) {
                if (!col_used(out, c))
                    continue;
                double v = out->val[k * NQPF_MQ_NCOL + c];
                acc[c] = out->additive ? acc[c] + v : acc[c] * v;
                out->cum[k * NQPF_MQ_NCOL + c] = acc[c];
            }
        }
    }
}

void nqpf_mq_means_free(nqpf_mq_means *m)
{
    free(m->period);
    free(m->period_n);
    free(m->unit);
    free(m->unit_n);
    memset(m, 0, sizeof *m);
}

/* Geometric (log-sum) or arithmetic accumulation; finished in finish(). */
static void finish(double *sum, size_t cnt, int additive)
{
    for (int c = 0; c < NQPF_MQ_NCOL; c++)
        sum[c] = cnt == 0 ? NAN : additive ? sum[c] / (double)cnt : exp(sum[c] / (double)cnt);
}

int nqpf_mq_means_compute(const nqpf_mq_out *out, nqpf_mq_means *mm, nqpf_error *err)
{
    memset(mm, 0, sizeof *mm);
    const size_t U = out->n_units, P = out->n_pairs, C = NQPF_MQ_NCOL;
    mm->period = calloc(P * C + 1, sizeof(double));
    mm->period_n = calloc(P + 1, sizeof(size_t));
    mm->unit = calloc(U * C + 1, sizeof(double));
    mm->unit_n = calloc(U + 1, sizeof(size_t));
    if (!mm->period || !mm->period_n || !mm->unit || !mm->unit_n) {
        nqpf_mq_means_free(mm);
        return nqpf_fail_nomem(err);
    }
    memset(mm->all, 0, sizeof mm->all);
    /* Sums in a fixed order (units, then pairs), so results never depend
     * on threads. */
    for (size_t u = 0; u < U; u++)
        for (size_t t = 0; t < P; t++) {
            size_t k = u * P + t;
            if (!out->present[k] || out->status[k] != NQPF_DEA_OK)
                continue;
            for (size_t c = 0; c < C; c++) {
                double v = out->val[k * C + c];
                if (!col_used(out, (int)c))
                    v = out->additive ? 0.0 : 1.0;
                double a = out->additive ? v : log(v);
                mm->period[t * C + c] += a;
                mm->unit[u * C + c] += a;
                mm->all[c] += a;
            }
            mm->period_n[t]++;
            mm->unit_n[u]++;
            mm->all_n++;
        }
    for (size_t t = 0; t < P; t++)
        finish(&mm->period[t * C], mm->period_n[t], out->additive);
    for (size_t u = 0; u < U; u++)
        finish(&mm->unit[u * C], mm->unit_n[u], out->additive);
    finish(mm->all, mm->all_n, out->additive);
    return NQPF_OK;
}
