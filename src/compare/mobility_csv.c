/* nqpf — the long CSV table of rank mobility (nqpf_mobility_csv in
 * mobility.h): the rows of `nqpf mobility`, statistics computed here from
 * the panel so that the command only reads it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "nqpf/index_methods.h"
#include "nqpf/mobility.h"
#include "nqpf/output.h"

static void row(FILE *fp, const char *stat, const char *from, const char *to, double v)
{
    const char *f[] = {stat, from ? from : "", to ? to : ""};
    nqpf_csv_put_long(fp, f, 3, v);
}

int nqpf_mobility_csv(FILE *fp, const double *y, size_t n, size_t T, const char *const *period,
                      const nqpf_weights *w, const size_t *regime, size_t n_reg, size_t perms, uint64_t seed,
                      nqpf_error *err)
{
    size_t K = T - 1;
    double *x = malloc(n * 2 * sizeof *x), *rk = malloc(n * T * sizeof *rk), *col = malloc(n * sizeof *col);
    double *th = malloc(4 * K * sizeof *th);
    int rc = (!x || !rk || !col || !th) ? nqpf_fail_nomem(err) : NQPF_OK;
    nqpf_theta_result tr = {th, th + K, th + 2 * K, th + 3 * K, 0};
    /* ranks per period for Theta (descending; only |sums of changes| enter) */
    for (size_t t = 0; t < T && !rc && regime; t++) {
        for (size_t s = 0; s < n; s++)
            x[s] = y[s * T + t];
        if (!(rc = nqpf_rank_desc(x, n, NQPF_RANK_AVERAGE, col, err)))
            for (size_t s = 0; s < n; s++)
                rk[s * T + t] = col[s];
    }
    if (!rc && regime)
        rc = nqpf_theta(rk, n, T, regime, n_reg, perms, seed, &tr, err);
    for (size_t t = 0; t < K && !rc; t++) {
        const char *a = period[t], *b = period[t + 1];
        for (size_t s = 0; s < n; s++)
            x[s] = y[s * T + t], x[n + s] = y[s * T + t + 1];
        nqpf_tau kt;
        nqpf_kendall_tau(x, x + n, n, &kt);
        row(fp, "tau", a, b, kt.tau);
        row(fp, "tau_p", a, b, kt.p);
        if (w) {
            nqpf_spatial_tau_result st;
            if ((rc = nqpf_spatial_tau(w, x, x + n, perms, seed, &st, err)))
                break;
            row(fp, "tau_spatial", a, b, st.tau);
            row(fp, "pairs_spatial", a, b, st.pairs);
            row(fp, "concordant_spatial", a, b, st.concordant);
            row(fp, "discordant_spatial", a, b, st.discordant);
            if (perms) {
                row(fp, "tau_spatial_perm_mean", a, b, st.perm_mean);
                row(fp, "tau_spatial_p", a, b, st.p_sim);
            }
        }
        if (regime) {
            row(fp, "theta", a, b, tr.theta[t]);
            row(fp, "theta_total", a, b, tr.total[t]);
            if (perms) {
                row(fp, "theta_p_left", a, b, tr.p_left[t]);
                row(fp, "theta_p_right", a, b, tr.p_right[t]);
            }
        }
    }
    if (!rc && regime)
        row(fp, "theta_max_total", NULL, NULL, tr.max_total);
    free(x), free(rk), free(col), free(th);
    return rc;
}
