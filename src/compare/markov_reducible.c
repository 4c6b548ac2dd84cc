/* nqpf — Markov chains that are not irreducible: communicating classes,
 * one steady state per closed (recurrent) class, and first mean passage
 * times that are infinite where the target is not reached for sure
 * (giddy steady_state / fmpt with ergodic=False; Kemeny & Snell 1976 ch. 3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/markov.h"

void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv, double *b,
            const int *ldb, int *info);

/* reach[i][j]: j can be reached from i in zero or more steps, never leaving
 * `avoid` once there (avoid = k: no state avoided).  Warshall's closure. */
static void closure(const double *p, size_t k, size_t avoid, unsigned char *reach)
{
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            reach[i * k + j] = i == j || (i != avoid && p[i * k + j] > 0);
    for (size_t m = 0; m < k; m++)
        for (size_t i = 0; i < k; i++)
            if (reach[i * k + m])
                for (size_t j = 0; j < k; j++)
                    if (reach[m * k + j])
                        reach[i * k + j] = 1;
}

int nqpf_markov_structure(const double *p, size_t k, size_t *cls, unsigned char *closed, size_t *n_classes,
                          nqpf_error *err)
{
    unsigned char *reach = malloc(k ? k * k : 1);
    if (!reach)
        return nqpf_fail_nomem(err);
    closure(p, k, k, reach);
    size_t nc = 0;
    for (size_t i = 0; i < k; i++) {
        /* i joins the class of the smallest state it communicates with */
        size_t j = 0;
        while (j < i && !(reach[i * k + j] && reach[j * k + i]))
            j++;
        if (j < i) {
            cls[i] = cls[j];
            continue;
        }
        cls[i] = nc;
        /* closed: everything i reaches reaches i back */
        closed[nc] = 1;
        for (size_t m = 0; m < k; m++)
            if (reach[i * k + m] && !reach[m * k + i])
                closed[nc] = 0;
        nc++;
    }
    *n_classes = nc;
    free(reach);
    return NQPF_OK;
}

int nqpf_markov_steady_class(const double *p, size_t k, const size_t *cls, size_t c, double *pi, nqpf_error *err)
{
    size_t *mem = malloc(k * sizeof *mem), m = 0;
    if (!mem)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < k; i++)
        if (cls[i] == c)
            mem[m++] = i;
    double *a = malloc(m * m * sizeof *a), *b = malloc(m * sizeof *b);
    int *ipiv = malloc(m * sizeof *ipiv);
    int rc = NQPF_OK;
    if (!a || !b || !ipiv || m == 0) {
        rc = m ? nqpf_fail_nomem(err) : nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "empty class");
        goto done;
    }
    /* pi_C (P_CC - I) = 0 with the last equation replaced by sum pi_C = 1
     * (column-major A[r + s m] = P[mem s][mem r] - delta_rs), as for an
     * irreducible chain: a closed class is one */
    for (size_t r = 0; r < m; r++) {
        for (size_t s = 0; s < m; s++)
            a[r + s * m] = r + 1 == m ? 1.0 : p[mem[s] * k + mem[r]] - (r == s);
        b[r] = r + 1 == m ? 1.0 : 0.0;
    }
    int mi = (int)m, one = 1, info = 0;
    dgesv_(&mi, &one, a, &mi, ipiv, b, &mi, &info);
    if (info != 0) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "singular system for the steady state of a closed class");
        goto done;
    }
    for (size_t i = 0; i < k; i++)
        pi[i] = 0;
    for (size_t r = 0; r < m; r++)
        pi[mem[r]] = b[r];
done:
    free(mem), free(a), free(b), free(ipiv);
    return rc;
}

/* Expected steps to first reach j from every state (m[i k + j]); i reaches j
 * for sure iff every state it can get to (before j) can still reach j; the
 * others, and j itself when it may never come back, get INFINITY.  The
 * finite ones solve m_i = 1 + sum_{l != j} p_il m_l over the sure states. */
static int passage_to(const double *p, size_t k, size_t j, unsigned char *reach, unsigned char *sure, size_t *idx,
                      double *a, double *b, int *ipiv, double *m, nqpf_error *err)
{
    closure(p, k, j, reach);
    size_t ns = 0;
    for (size_t i = 0; i < k; i++) {
        sure[i] = i != j;
        for (size_t l = 0; l < k && sure[i]; l++)
            if (reach[i * k + l] && !reach[l * k + j])
                sure[i] = 0;
        if (sure[i])
            idx[i] = ns++;
    }
    if (ns) {
        for (size_t i = 0; i < k; i++)
            if (sure[i]) {
                for (size_t l = 0; l < k; l++)
                    if (sure[l])
                        a[idx[i] + idx[l] * ns] = (i == l) - p[i * k + l];
                b[idx[i]] = 1;
            }
        int ni = (int)ns, one = 1, info = 0;
        dgesv_(&ni, &one, a, &ni, ipiv, b, &ni, &info);
        if (info != 0)
            return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "singular system for first passage times");
    }
    for (size_t i = 0; i < k; i++)
        m[i * k + j] = sure[i] ? b[idx[i]] : INFINITY;
    /* the return time to j: one step, then the passage from where it lands */
    double r = 1;
    for (size_t l = 0; l < k; l++)
        if (l != j && p[j * k + l] > 0)
            r = sure[l] ? r + p[j * k + l] * b[idx[l]] : INFINITY;
    m[j * k + j] = r;
    return NQPF_OK;
}

int nqpf_markov_mfpt_general(const double *p, size_t k, double *m, nqpf_error *err)
{
    unsigned char *reach = malloc(k ? k * k : 1), *sure = malloc(k ? k : 1);
    size_t *idx = malloc((k ? k : 1) * sizeof *idx);
    double *a = malloc((k ? k * k : 1) * sizeof *a), *b = malloc((k ? k : 1) * sizeof *b);
    int *ipiv = malloc((k ? k : 1) * sizeof *ipiv);
    int rc = (!reach || !sure || !idx || !a || !b || !ipiv) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t j = 0; j < k && !rc; j++)
        rc = passage_to(p, k, j, reach, sure, idx, a, b, ipiv, m, err);
    free(reach), free(sure), free(idx), free(a), free(b), free(ipiv);
    return rc;
}
