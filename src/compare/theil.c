/* Theil T and L with between/within decomposition, CV and plain Gini. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/compare.h"
#include "nonneg.h"

void nqpf_theil_free(nqpf_theil_result *t)
{
    if (!t)
        return;
    nqpf_group_shares_free(t->nj, t->mu, t->p, t->s);
    free(t->Tg);
    free(t->Lg);
    memset(t, 0, sizeof *t);
}

int nqpf_theil(const double *y, const size_t *g, size_t n, size_t k, nqpf_theil_result *out,
               nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    double total = 0.0;
    int rc = nqpf_group_shares_begin(y, g, n, k, "Theil indices", &total, &out->nj, &out->mu, &out->p, &out->s, err);
    if (rc)
        return rc;
    out->k = k;
    out->n = n;
    out->Tg = calloc(k, sizeof(double));
    out->Lg = calloc(k, sizeof(double));
    double *gsum = calloc(k, sizeof(double));
    if (!out->nj || !out->mu || !out->p || !out->s || !out->Tg || !out->Lg || !gsum) {
        free(gsum);
        nqpf_theil_free(out);
        return nqpf_fail_nomem(err);
    }
    double mean = total / (double)n;
    out->mean = mean;
    for (size_t i = 0; i < n; i++) {
        out->nj[g[i]] += 1.0;
        gsum[g[i]] += y[i];
    }
    for (size_t j = 0; j < k; j++) {
        out->p[j] = out->nj[j] / (double)n;
        out->s[j] = gsum[j] / total;
        out->mu[j] = out->nj[j] > 0 ? gsum[j] / out->nj[j] : NAN;
    }
    /* Second pass: sums of y ln(y/mu) and ln(mu/y), overall and per group.
     * 0 ln 0 := 0 (the limit) for T; L is undefined with a zero value. */
    double T = 0.0, L = 0.0, ss = 0.0;
    int has_zero = 0;
    for (size_t i = 0; i < n; i++) {
        double v = y[i], mj = out->mu[g[i]];
        ss += (v - mean) * (v - mean);
        if (v > 0.0) {
            T += (v / mean) * log(v / mean);
            L += log(mean / v);
            if (mj > 0.0) {
                out->Tg[g[i]] += (v / mj) * log(v / mj);
                out->Lg[g[i]] += log(mj / v);
            }
        } else {
            has_zero = 1;
            out->Lg[g[i]] = INFINITY;
        }
    }
    out->T = T / (double)n;
    out->L = has_zero ? NAN : L / (double)n;
    double Tb = 0.0, Lb = 0.0, Lw = 0.0, Tw = 0.0;
    for (size_t j = 0; j < k; j++) {
        if (out->nj[j] == 0.0) {
            out->Tg[j] = out->Lg[j] = NAN;
            continue;
        }
        if (out->mu[j] > 0.0)
            out->Tg[j] /= out->nj[j];
        else
            out->Tg[j] = NAN; /* all-zero group: T_g undefined; its share S_g is 0 */
        out->Lg[j] = isinf(out->Lg[j]) || !(out->mu[j] > 0.0) ? NAN : out->Lg[j] / out->nj[j];
        if (out->s[j] > 0.0) {
            Tb += out->s[j] * log(out->s[j] / out->p[j]);
            Tw += out->s[j] * out->Tg[j];
        }
        Lb += out->p[j] * log(mean / out->mu[j]);
        Lw += out->p[j] * out->Lg[j];
    }
    out->Tb = Tb;
    out->Tw = Tw;
    out->Lb = has_zero ? NAN : Lb;
    out->Lw = has_zero ? NAN : Lw;
    out->sd_pop = sqrt(ss / (double)n);
    out->sd_sample = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
    out->cv_pop = out->sd_pop / mean;
    out->cv_sample = out->sd_sample / mean;
    free(gsum);
    rc = nqpf_gini(y, n, &out->gini, err);
    if (rc) {
        nqpf_theil_free(out);
        return rc;
    }
    out->gini_corrected = n > 1 ? out->gini * (double)n / (double)(n - 1) : NAN;
    return NQPF_OK;
}
