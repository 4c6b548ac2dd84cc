/* Growth-accounting TFP: Törnqvist / Solow residual. */
#include <math.h>

#include "nqpf/growth.h"

int nqpf_growth_tornqvist(const double *Y, const double *K, const double *L, const double *share, double share_const,
                          size_t T, double *dlnY, double *dlnK, double *dlnL, double *sbar, double *dlnA,
                          double *index, size_t *bad, nqpf_error *err)
{
    if (!share && !(share_const >= 0.0 && share_const <= 1.0))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "constant labour share must be in [0,1], got %g", share_const);
    for (size_t t = 0; t < T; t++) {
        const char *what = NULL;
        if (Y[t] <= 0.0)
            what = "output must be positive";
        else if (K[t] <= 0.0)
            what = "capital must be positive";
        else if (L[t] <= 0.0)
            what = "labour must be positive";
        else if (share && (share[t] < 0.0 || share[t] > 1.0))
            what = "the labour share must be in [0,1]";
        if (what) {
            *bad = t;
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "%s", what);
        }
    }
    int chained = 0;
    double idx = NAN;
    for (size_t t = 0; t < T; t++) {
        dlnY[t] = dlnK[t] = dlnL[t] = sbar[t] = dlnA[t] = NAN;
        int here = !isnan(Y[t]) && !isnan(K[t]) && !isnan(L[t]) && (!share || !isnan(share[t]));
        if (t > 0) {
            dlnY[t] = log(Y[t] / Y[t - 1]);
            dlnK[t] = log(K[t] / K[t - 1]);
            dlnL[t] = log(L[t] / L[t - 1]);
            sbar[t] = share ? 0.5 * (share[t - 1] + share[t]) : share_const;
            dlnA[t] = dlnY[t] - sbar[t] * dlnL[t] - (1.0 - sbar[t]) * dlnK[t];
        }
        if (!chained) {
            if (here) {
                idx = 1.0; /* the chain starts at the first complete period */
                chained = 1;
            }
        } else {
            idx = isnan(dlnA[t]) ? NAN : idx * exp(dlnA[t]);
        }
        index[t] = idx;
    }
    return NQPF_OK;
}
