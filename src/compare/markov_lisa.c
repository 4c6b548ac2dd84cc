/* nqpf — LISA Markov (Rey, Murray & Anselin 2011; giddy LISA_Markov): units
 * move between the four quadrants of the Moran scatter plot, and a
 * chi-square asks whether a unit's own moves and its neighbours' moves are
 * independent. */
#include <math.h>
#include <stdlib.h>

#include "nqpf/markov.h"

/* own and lag halves of each quadrant (1 = low): HH, LH, LL, HL */
static const int OWN_LOW[4] = {0, 1, 1, 0}, LAG_LOW[4] = {0, 0, 1, 1};

int nqpf_lisa_quadrants(const nqpf_weights *w, const double *y, size_t n, size_t T, size_t *quad,
                        unsigned char *own_low, unsigned char *lag_low, nqpf_error *err)
{
    if (w->n != n)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "weights and panel sizes differ");
    double *col = malloc((n ? n : 1) * sizeof *col), *z = malloc((n ? n : 1) * sizeof *z);
    double *lz = malloc((n ? n : 1) * sizeof *lz), *ly = malloc((n ? n : 1) * sizeof *ly);
    int rc = (!col || !z || !lz || !ly) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t t = 0; t < T && !rc; t++) {
        double mean = 0;
        for (size_t s = 0; s < n; s++) {
            col[s] = y[s * T + t];
            if (isnan(col[s])) {
                rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "LISA Markov needs every unit in every period");
                break;
            }
            mean += col[s];
        }
        if (rc)
            break;
        mean /= (double)n;
        for (size_t s = 0; s < n; s++)
            z[s] = col[s] - mean;
        nqpf_weights_lag(w, z, lz);
        nqpf_weights_lag(w, col, ly);
        for (size_t s = 0; s < n; s++) {
            /* the scatter plot's quadrant from the signs of z and its lag
             * (esda Moran_Local q); the two halves of the null from y and
             * its lag against the mean (giddy: y / ybar < 1, Wy / ybar < 1) */
            int hi = z[s] > 0, lhi = lz[s] > 0;
            quad[s * T + t] = hi ? (lhi ? 0 : 3) : (lhi ? 1 : 2);
            own_low[s * T + t] = col[s] < mean;
            lag_low[s * T + t] = ly[s] < mean;
        }
    }
    free(col), free(z), free(lz), free(ly);
    return rc;
}

/* 2 x 2 transition probabilities of a low/high series (n x T) */
static void halves(const unsigned char *low, size_t n, size_t T, double p[4])
{
    double c[4] = {0, 0, 0, 0};
    for (size_t s = 0; s < n; s++)
        for (size_t t = 0; t + 1 < T; t++)
            c[low[s * T + t] * 2 + low[s * T + t + 1]] += 1;
    nqpf_markov_probs(c, 2, 0, p);
}

void nqpf_lisa_markov_expected(const double *counts, const unsigned char *own_low, const unsigned char *lag_low,
                               size_t n, size_t T, double *expected)
{
    double po[4], pl[4];
    halves(own_low, n, T, po);
    halves(lag_low, n, T, pl);
    for (size_t q = 0; q < 4; q++) {
        double r = 0;
        for (size_t j = 0; j < 4; j++)
            r += counts[q * 4 + j];
        for (size_t j = 0; j < 4; j++)
            expected[q * 4 + j] = r * po[OWN_LOW[q] * 2 + OWN_LOW[j]] * pl[LAG_LOW[q] * 2 + LAG_LOW[j]];
    }
}
