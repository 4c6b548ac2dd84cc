/* nqpf — the table of `nqpf markov` (markov_csv.h): moved from the CLI so
 * that any caller with counts writes the same rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/markov.h"
#include "nqpf/markov_csv.h"
#include "nqpf/output.h"
#include "nqpf/reg.h"
#include "nqpf/util.h"

static int counts_row_nonzero(const double *counts, size_t k, size_t i)
{
    for (size_t j = 0; j < k; j++)
        if (counts[i * k + j] > 0)
            return 1;
    return 0;
}

static int has_zero(const double *pi, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (!(pi[i] > 0))
            return 1;
    return 0;
}

void nqpf_markov_csv_row(FILE *fp, const char *table, long lag, const char *period, long from, long to, double v,
                         const char *note)
{
    fprintf(fp, "%s,", table);
    if (lag > 0)
        fprintf(fp, "%ld", lag);
    fputc(',', fp);
    nqpf_csv_put_field(fp, period ? period : "");
    fputc(',', fp);
    if (from > 0)
        fprintf(fp, "%ld", from);
    fputc(',', fp);
    if (to > 0)
        fprintf(fp, "%ld", to);
    fputc(',', fp);
    if (isinf(v))
        fputs("inf", fp);
    else
        nqpf_csv_put_num(fp, v);
    fputc(',', fp);
    nqpf_csv_put_field(fp, note ? note : "");
    fputc('\n', fp);
}

/* A chain that is not irreducible (and has no empty row): each state's
 * communicating class, closed or transient, and one steady state per closed
 * class with the class number in `to` (giddy steady_state, ergodic=False). */
static int reducible_rows(FILE *fp, const double *p, size_t k, long lag, double *pi, int *multi, nqpf_error *err)
{
    size_t *cls = malloc(k * sizeof *cls), nc = 0, n_closed = 0;
    unsigned char *closed = malloc(k);
    int rc = (!cls || !closed) ? nqpf_fail_nomem(err) : nqpf_markov_structure(p, k, cls, closed, &nc, err);
    for (size_t i = 0; i < k && !rc && nc > 1; i++)
        nqpf_markov_csv_row(fp, "state_class", lag, NULL, (long)i + 1, 0, (double)cls[i] + 1, closed[cls[i]] ? "closed" : "transient");
    for (size_t c = 0; c < nc && !rc; c++)
        n_closed += closed[c];
    /* one closed class: the unique steady state, written by the caller */
    for (size_t c = 0; c < nc && !rc && n_closed > 1; c++) {
        if (!closed[c] || (rc = nqpf_markov_steady_class(p, k, cls, c, pi, err)))
            continue;
        for (size_t i = 0; i < k; i++)
            nqpf_markov_csv_row(fp, "steady_state", lag, NULL, (long)i + 1, (long)c + 1, pi[i], NULL);
    }
    free(cls), free(closed);
    *multi = n_closed > 1;
    return rc;
}

/* count, probability, steady state, sojourn and mfpt rows of one chain. */
int nqpf_markov_csv_chain(FILE *fp, const double *counts, size_t k, long lag, int fill, int mfpt,
                          nqpf_error *err)
{
    double *p = malloc(k * k * sizeof *p), *pi = malloc(k * sizeof *pi), *m = malloc(k * k * sizeof *m);
    if (!p || !pi || !m) {
        free(p), free(pi), free(m);
        return nqpf_fail_nomem(err);
    }
    nqpf_markov_probs(counts, k, fill, p);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            nqpf_markov_csv_row(fp, "count", lag, NULL, (long)i + 1, (long)j + 1, counts[i * k + j], NULL);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            nqpf_markov_csv_row(fp, "probability", lag, NULL, (long)i + 1, (long)j + 1, p[i * k + j], NULL);
    /* an empty row (without --fill-empty) leaves P not stochastic: nothing
     * long-run can be said, and the reason is written instead */
    int stochastic = 1, rc = NQPF_OK, multi = 0;
    for (size_t i = 0; i < k; i++)
        stochastic &= fill || counts_row_nonzero(counts, k, i);
    if (stochastic)
        rc = reducible_rows(fp, p, k, lag, pi, &multi, err);
    nqpf_error e2;
    nqpf_error_clear(&e2);
    int src = rc || multi ? NQPF_OK : nqpf_markov_steady(p, k, pi, &e2);
    if (src && src != NQPF_EMATH) {
        *err = e2;
        rc = src;
    }
    for (size_t i = 0; i < k && !rc && !multi; i++)
        nqpf_markov_csv_row(fp, "steady_state", lag, NULL, (long)i + 1, 0, src ? NAN : pi[i], src ? e2.msg : NULL);
    for (size_t i = 0; i < k && !rc; i++) {
        double r = 0;
        for (size_t j = 0; j < k; j++)
            r += counts[i * k + j];
        double pii = p[i * k + i];
        nqpf_markov_csv_row(fp, "sojourn", lag, NULL, (long)i + 1, 0, r > 0 || fill ? 1 / (1 - pii) : NAN,
            r > 0 || fill ? NULL : "no transitions from this class");
    }
    if (mfpt && !rc) {
        /* irreducible: Kemeny-Snell from the steady state; otherwise the
         * passage times of each pair, infinite where never sure */
        nqpf_error e3;
        nqpf_error_clear(&e3);
        int mrc = !stochastic ? NQPF_EMATH
                  : src || multi || has_zero(pi, k) ? nqpf_markov_mfpt_general(p, k, m, &e3)
                                                    : nqpf_markov_mfpt(p, pi, k, m, &e3);
        if (mrc && mrc != NQPF_EMATH) {
            *err = e3;
            rc = mrc;
        }
        for (size_t i = 0; i < k && !rc; i++)
            for (size_t j = 0; j < k; j++)
                nqpf_markov_csv_row(fp, "mfpt", lag, NULL, (long)i + 1, (long)j + 1, mrc ? NAN : m[i * k + j],
                    mrc ? (stochastic ? e3.msg : "no unique steady state") : NULL);
    }
    free(p), free(pi), free(m);
    return rc;
}

/* The steady state of counts c (k x k) when it is unique, else NULL. */
static double *unique_steady(const double *c, size_t k, int fill, double *p, double *pi)
{
    nqpf_error e;
    nqpf_markov_probs(c, k, fill, p);
    return nqpf_markov_steady(p, k, pi, &e) ? NULL : pi;
}

/* Tests of spatial homogeneity (Rey 2001; Bickenbach & Bode 2003; giddy
 * Spatial_Markov chi2, x2, shtest, Q, LR): does the lag class matter? */
int nqpf_markov_csv_tests(FILE *fp, const double *classic, const double *sp, size_t k, size_t m, int fill,
                          nqpf_error *err)
{
    double *p = malloc(k * k * sizeof *p), *pi0 = malloc(k * sizeof *pi0), *pi = malloc(k * sizeof *pi);
    if (!p || !pi0 || !pi) {
        free(p), free(pi0), free(pi);
        return nqpf_fail_nomem(err);
    }
    double x2 = 0, stat, dof;
    for (size_t l = 0; l < m; l++) {
        nqpf_markov_chi2(sp + l * k * k, classic, k, &stat, &dof);
        x2 += stat;
        nqpf_markov_csv_row(fp, "chi2", (long)l + 1, NULL, 0, 0, stat, NULL);
        nqpf_markov_csv_row(fp, "chi2_p", (long)l + 1, NULL, 0, 0, dof > 0 ? nqpf_chi2_pvalue(stat, dof) : NAN, NULL);
        nqpf_markov_csv_row(fp, "chi2_dof", (long)l + 1, NULL, 0, 0, dof, NULL);
    }
    double x2_dof = (double)k * (double)(k - 1) * (double)(k - 1);
    nqpf_markov_csv_row(fp, "x2", 0, NULL, 0, 0, x2, NULL);
    nqpf_markov_csv_row(fp, "x2_p", 0, NULL, 0, 0, nqpf_chi2_pvalue(x2, x2_dof), NULL);
    nqpf_markov_csv_row(fp, "x2_dof", 0, NULL, 0, 0, x2_dof, NULL);
    const double *s0 = unique_steady(classic, k, fill, p, pi0);
    for (size_t l = 0; l < m; l++) {
        const double *c = sp + l * k * k, *s = unique_steady(c, k, fill, p, pi);
        double n = 0;
        for (size_t q = 0; q < k * k; q++)
            n += c[q];
        /* a zero of the pooled steady state makes a 0/0 term */
        const char *why = !s || !s0 ? "no unique steady state"
                          : has_zero(s0, k) ? "the pooled steady state has a class of probability 0" : NULL;
        stat = why ? NAN : nqpf_markov_steady_chi2(s0, s, k, n);
        nqpf_markov_csv_row(fp, "steady_chi2", (long)l + 1, NULL, 0, 0, stat, why);
        nqpf_markov_csv_row(fp, "steady_chi2_p", (long)l + 1, NULL, 0, 0, why ? NAN : nqpf_chi2_pvalue(stat, (double)k - 1), why);
        nqpf_markov_csv_row(fp, "steady_chi2_dof", (long)l + 1, NULL, 0, 0, (double)k - 1, NULL);
    }
    double q, lr;
    nqpf_markov_homogeneity(sp, m, k, &q, &lr, &dof);
    nqpf_markov_csv_row(fp, "q", 0, NULL, 0, 0, q, NULL);
    nqpf_markov_csv_row(fp, "q_p", 0, NULL, 0, 0, dof > 0 ? nqpf_chi2_pvalue(q, dof) : NAN, NULL);
    nqpf_markov_csv_row(fp, "lr", 0, NULL, 0, 0, lr, NULL);
    nqpf_markov_csv_row(fp, "lr_p", 0, NULL, 0, 0, dof > 0 ? nqpf_chi2_pvalue(lr, dof) : NAN, NULL);
    nqpf_markov_csv_row(fp, "homogeneity_dof", 0, NULL, 0, 0, dof, NULL);
    free(p), free(pi0), free(pi);
    return NQPF_OK;
}

/* LISA Markov: the expected transitions when own and neighbours' moves are
 * independent, and the chi-square of the observed ones against them (giddy
 * LISA_Markov expected_t, chi_2). */
void nqpf_markov_csv_lisa(FILE *fp, const double *counts, const unsigned char *own_low, const unsigned char *lag_low,
                          size_t n, size_t T)
{
    double e[16], stat, dof;
    nqpf_lisa_markov_expected(counts, own_low, lag_low, n, T, e);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            nqpf_markov_csv_row(fp, "expected", 0, NULL, (long)i + 1, (long)j + 1, e[i * 4 + j], NULL);
    nqpf_markov_chi2(counts, e, 4, &stat, &dof);
    nqpf_markov_csv_row(fp, "chi2", 0, NULL, 0, 0, stat, NULL);
    nqpf_markov_csv_row(fp, "chi2_p", 0, NULL, 0, 0, dof > 0 ? nqpf_chi2_pvalue(stat, dof) : NAN, NULL);
    nqpf_markov_csv_row(fp, "chi2_dof", 0, NULL, 0, 0, dof, NULL);
}

/* cut rows: one set (pooled/cuts) or one per period */
int nqpf_markov_csv_cuts(FILE *fp, const char *table, const double *y, size_t n, size_t T, size_t k,
                         nqpf_classing how, const double *cuts, const char **plabel, nqpf_error *err)
{
    double c[64], *col = malloc((n ? n : 1) * sizeof *col);
    if (!col)
        return nqpf_fail_nomem(err);
    int rc = NQPF_OK;
    if (how == NQPF_CLASS_CUTS) {
        for (size_t q = 0; q + 1 < k; q++)
            nqpf_markov_csv_row(fp, table, 0, NULL, (long)q + 1, 0, cuts[q], NULL);
    } else if (how == NQPF_CLASS_POOLED) {
        if (!(rc = nqpf_quantile_cuts(y, n * T, k, c, err)))
            for (size_t q = 0; q + 1 < k; q++)
                nqpf_markov_csv_row(fp, table, 0, NULL, (long)q + 1, 0, c[q], NULL);
    } else {
        for (size_t t = 0; t < T && !rc; t++) {
            for (size_t s = 0; s < n; s++)
                col[s] = y[s * T + t];
            if (!(rc = nqpf_quantile_cuts(col, n, k, c, err)))
                for (size_t q = 0; q + 1 < k; q++)
                    nqpf_markov_csv_row(fp, table, 0, plabel[t], (long)q + 1, 0, c[q], NULL);
        }
    }
    free(col);
    return rc;
}

/* LISA Markov spillover (giddy LISA_Markov.spillover): the rows of
 * nqpf_lisa_spillover_run's p, clusters and spill-over flags. */
int nqpf_markov_csv_spillover(FILE *fp, const nqpf_weights *w, const double *y, const size_t *quad, size_t n,
                              size_t T, size_t perms, uint64_t seed, char *const *ids, const char **plabel, nqpf_error *err)
{
    double *psim = malloc(n * T * sizeof *psim);
    size_t *comp = malloc(n * T * sizeof *comp);
    unsigned char *sp = malloc(n * (T > 1 ? T - 1 : 1));
    int rc = (!psim || !comp || !sp) ? nqpf_fail_nomem(err)
                                      : nqpf_lisa_spillover_run(w, y, quad, n, T, perms, seed, psim, comp, sp, err);
    for (size_t s = 0; s < n && !rc; s++)
        for (size_t t = 0; t < T; t++) {
            nqpf_markov_csv_row(fp, "lisa_p_sim", 0, plabel[t], 0, 0, psim[s * T + t], ids[s]);
            nqpf_markov_csv_row(fp, "cluster", 0, plabel[t], 0, 0, (double)comp[s * T + t], ids[s]);
            if (t > 0)
                nqpf_markov_csv_row(fp, "spillover", 0, plabel[t], 0, 0, sp[s * (T - 1) + t - 1], ids[s]);
        }
    free(psim), free(comp), free(sp);
    return rc;
}
