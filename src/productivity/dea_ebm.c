/* nqpf — the parameters of the epsilon-based measure (EBM) of Tone &
 * Tsutsui (2010): the affinity matrix of a side's columns, its largest
 * eigenvalue rho and (Perron) eigenvector, eps = (k - rho) / (k - 1) and the
 * weights w = the eigenvector scaled to sum 1 (formulas in dea.h).
 *
 * Why an affinity: eps measures how diverse the input (output) mixes are.
 * Columns that move together (S near 1 everywhere) give rho near k and eps
 * near 0: the radial score is right.  Unrelated columns give rho near 1 and
 * eps near 1: the slacks matter.
 *
 * The eigenvector is found by power iteration from the uniform vector.  S
 * = I + N with N symmetric, non-negative, zero on the diagonal, so every
 * eigenvalue is 1 + lambda(N) >= 1 - rho(N) > -rho(S): rho dominates every
 * other eigenvalue in modulus and the iteration cannot oscillate.  It
 * converges to the uniform vector's part in the dominant eigenspace (the
 * Perron vector when S is irreducible; uniform weights when S = I).  k <= 64,
 * so this is cheap;
 * convergence is checked to 1e-15 in the max norm. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"

void nqpf_dea_affinity(const double *v, size_t n, size_t ld, const size_t *off, size_t k, double *S)
{
    for (size_t a = 0; a < k; a++) {
        S[a * k + a] = 1.0;
        for (size_t b = a + 1; b < k; b++) {
            double sum = 0, lo = INFINITY, hi = -INFINITY;
            size_t cnt = 0;
            for (size_t j = 0; j < n; j++) {
                double va = v[j * ld + off[a]], vb = v[j * ld + off[b]];
                if (va > 0 && vb > 0) {
                    double c = log(vb / va);
                    sum += c;
                    lo = fmin(lo, c);
                    hi = fmax(hi, c);
                    cnt++;
                }
            }
            double D = 0;
            if (cnt >= 2 && hi > lo) {
                double mean = sum / (double)cnt, dev = 0;
                for (size_t j = 0; j < n; j++) {
                    double va = v[j * ld + off[a]], vb = v[j * ld + off[b]];
                    if (va > 0 && vb > 0)
                        dev += fabs(log(vb / va) - mean);
                }
                D = dev / ((double)cnt * (hi - lo));
            }
            S[a * k + b] = S[b * k + a] = 1.0 - 2.0 * D;
        }
    }
}

void nqpf_dea_ebm_eps(const double *S, size_t k, double *eps, double *w)
{
    if (k <= 1) {
        *eps = 0.0;
        if (k)
            w[0] = 1.0;
        return;
    }
    double u[64], z[64], rho = 1.0;
    for (size_t i = 0; i < k; i++)
        u[i] = 1.0 / (double)k;
    for (int it = 0; it < 200000; it++) {
        double sum = 0, diff = 0;
        for (size_t i = 0; i < k; i++) {
            double acc = 0;
            for (size_t j = 0; j < k; j++)
                acc += S[i * k + j] * u[j];
            z[i] = acc;
            sum += acc;
        }
        rho = sum; /* u sums to 1, S u sums to rho u's sum at the fixed point */
        for (size_t i = 0; i < k; i++) {
            z[i] /= sum;
            diff = fmax(diff, fabs(z[i] - u[i]));
            u[i] = z[i];
        }
        if (diff < 1e-15)
            break;
    }
    /* The Rayleigh quotient is the accurate eigenvalue (second order in the
     * eigenvector's error). */
    double num = 0, den = 0;
    for (size_t i = 0; i < k; i++) {
        double acc = 0;
        for (size_t j = 0; j < k; j++)
            acc += S[i * k + j] * u[j];
        num += u[i] * acc;
        den += u[i] * u[i];
    }
    rho = num / den;
    *eps = ((double)k - rho) / ((double)k - 1.0);
    *eps = fmin(1.0, fmax(0.0, *eps)); /* 1 <= rho <= k in exact arithmetic */
    for (size_t i = 0; i < k; i++)
        w[i] = u[i];
}

/* eps and weights of one side: columns off[0..k) of the packed rows (the
 * weights land in the same slots of sp->ebm_w). */
static void side(const double *v, size_t n, size_t ld, const size_t *off, size_t k, double *S, nqpf_dea_spec *sp,
                 double *eps)
{
    double w[64];
    nqpf_dea_affinity(v, n, ld, off, k, S);
    nqpf_dea_ebm_eps(S, k, eps, w);
    for (size_t c = 0; c < k; c++)
        sp->ebm_w[off[c]] = w[c];
}

int nqpf_dea_ebm_params(nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t n,
                        nqpf_error *err)
{
    size_t m = sp->m, s = sp->s, q = sp->q, d = m + q + s;
    if (sp->epsilon_set && !(sp->epsilon >= 0 && sp->epsilon <= 1))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "EBM epsilon must be in [0, 1]");
    /* pack the rows as x, b, y (the LP's order) so that a side is a list of
     * column offsets */
    double *v = malloc((n * d + 1) * sizeof *v), *S = malloc(64 * 64 * sizeof *S);
    if (!v || !S) {
        free(v);
        free(S);
        return nqpf_fail_nomem(err);
    }
    for (size_t j = 0; j < n; j++) {
        memcpy(v + j * d, x + j * m, m * sizeof *v);
        if (q)
            memcpy(v + j * d + m, b + j * q, q * sizeof *v);
        memcpy(v + j * d + m + q, y + j * s, s * sizeof *v);
    }
    /* the sides: input orientation weighs bad outputs with the inputs (they
     * are inputs there); the non-oriented model gives them a side of their
     * own (eps_b and weights, as the green-TFP form of the model writes it);
     * output orientation keeps them fixed */
    size_t in[64], out[64], bad[64], ki = 0, ko = 0, kb = 0;
    for (size_t i = 0; i < m; i++)
        in[ki++] = i;
    for (size_t i = 0; i < q; i++) {
        if (sp->orient == NQPF_DEA_IN)
            in[ki++] = m + i;
        else if (sp->orient == NQPF_DEA_NONE)
            bad[kb++] = m + i;
    }
    for (size_t i = 0; i < s; i++)
        out[ko++] = m + q + i;
    memset(sp->ebm_w, 0, sizeof sp->ebm_w);
    sp->ebm_eps_in = sp->ebm_eps_out = sp->ebm_eps_bad = 0;
    if (sp->orient != NQPF_DEA_OUT)
        side(v, n, d, in, ki, S, sp, &sp->ebm_eps_in);
    if (sp->orient != NQPF_DEA_IN)
        side(v, n, d, out, ko, S, sp, &sp->ebm_eps_out);
    if (kb)
        side(v, n, d, bad, kb, S, sp, &sp->ebm_eps_bad);
    if (sp->epsilon_set)
        sp->ebm_eps_in = sp->ebm_eps_out = sp->ebm_eps_bad = sp->epsilon;
    sp->ebm_ready = 1;
    free(v);
    free(S);
    return NQPF_OK;
}
