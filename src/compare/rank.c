/* nqpf — rank mobility between two periods: Kendall's tau (tau-b with
 * ties), the spatial tau over neighbouring pairs with a permutation test
 * (Rey 2014), and the regime concordance Theta (Rey 2004); giddy rank.Tau,
 * SpatialTau and Theta. */
#include <math.h>
#include <stdlib.h>

#include "nqpf/index_methods.h"
#include "nqpf/mobility.h"

/* j among i's neighbours (ascending within a row: binary search) */
static int linked(const nqpf_weights *w, size_t i, size_t j)
{
    size_t lo = w->off[i], hi = w->off[i + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->nbr[mid] == j)
            return 1;
        if (w->nbr[mid] < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* permutation b of 0..n-1: random stream b of seed, so draws do not depend
 * on anything else */
static void draw(uint64_t seed, size_t b, size_t *idx, size_t n)
{
    nqpf_rng g;
    nqpf_rng_init(&g, seed, b);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    nqpf_rng_shuffle(&g, idx, n);
}

static int sgn(double v)
{
    return (v > 0) - (v < 0);
}

void nqpf_kendall_tau(const double *x, const double *y, size_t n, nqpf_tau *r)
{
    r->tau = nqpf_kendall_tau_b(x, y, n);
    /* giddy's asymptotic p: the no-ties variance (4n + 10) / (9n(n - 1)) */
    double nn = (double)n, v = (4 * nn + 10) / (9 * nn * (nn - 1));
    r->p = erfc(fabs(r->tau / sqrt(v)) / sqrt(2.0));
}

/* tau over the neighbouring pairs of w (i < j with a link either way),
 * the values taken at the positions perm[i] (perm NULL: identity) */
static double tau_pairs(const nqpf_weights *w, const double *x, const double *y, const size_t *perm, double *conc,
                        double *disc, double *pairs)
{
    double n1 = 0, n2 = 0, s = 0, gc = 0, np = 0;
    for (size_t i = 0; i < w->n; i++)
        for (size_t q = w->off[i]; q < w->off[i + 1]; q++) {
            size_t j = w->nbr[q];
            /* a pair once: from its smaller end, or from the larger when the
             * smaller does not list it (asymmetric weights) */
            if (j == i || (j < i && linked(w, j, i)))
                continue;
            size_t a = perm ? perm[i] : i, b = perm ? perm[j] : j;
            int dx = sgn(x[a] - x[b]), dy = sgn(y[a] - y[b]);
            np += 1;
            n1 += dx != 0, n2 += dy != 0;
            if (dx && dy) {
                s += dx == dy ? 1 : -1;
                gc += dx == dy;
            }
        }
    if (conc)
        *conc = gc, *disc = gc - s, *pairs = np;
    return s / (sqrt(n1) * sqrt(n2));
}

int nqpf_spatial_tau(const nqpf_weights *w, const double *x, const double *y, size_t perms, uint64_t seed,
                     nqpf_spatial_tau_result *r, nqpf_error *err)
{
    size_t n = w->n;
    r->tau = tau_pairs(w, x, y, NULL, &r->concordant, &r->discordant, &r->pairs);
    r->perm_mean = r->p_sim = NAN;
    if (perms == 0)
        return NQPF_OK;
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return nqpf_fail_nomem(err);
    double sum = 0, larger = 0;
    for (size_t b = 0; b < perms; b++) {
        draw(seed, b, idx, n);
        double t = tau_pairs(w, x, y, idx, NULL, NULL, NULL);
        sum += t;
        larger += t >= r->tau;
    }
    free(idx);
    r->perm_mean = sum / (double)perms;
    /* giddy pseudop: the smaller tail, folded */
    double P = (double)perms, ps = (larger + 1) / (P + 1);
    r->p_sim = ps > 0.5 ? (P - larger + 1) / (P + 1) : ps;
    return NQPF_OK;
}

/* Theta of one interval: sum over regimes of |sum of rank changes| over the
 * sum of |rank changes| */
static double theta_of(const double *d, const size_t *regime, size_t n, size_t n_reg, double *acc, double total)
{
    for (size_t g = 0; g < n_reg; g++)
        acc[g] = 0;
    for (size_t i = 0; i < n; i++)
        acc[regime[i]] += d[i];
    double within = 0;
    for (size_t g = 0; g < n_reg; g++)
        within += fabs(acc[g]);
    return within / total;
}

int nqpf_theta(const double *ranks, size_t n, size_t T, const size_t *regime, size_t n_reg, size_t perms,
               uint64_t seed, nqpf_theta_result *r, nqpf_error *err)
{
    size_t K = T - 1;
    double *d = malloc((n ? n : 1) * K * sizeof *d), *acc = malloc((n_reg ? n_reg : 1) * sizeof *acc);
    size_t *pr = malloc((n ? n : 1) * sizeof *pr), *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!d || !acc || !pr || !idx) {
        free(d), free(acc), free(pr), free(idx);
        return nqpf_fail_nomem(err);
    }
    r->max_total = 0;
    for (size_t i = 1; i <= n; i++)
        r->max_total += fabs(2.0 * (double)i - (double)n - 1);
    for (size_t t = 0; t < K; t++) {
        double tot = 0;
        for (size_t i = 0; i < n; i++) {
            d[t * n + i] = ranks[i * T + t + 1] - ranks[i * T + t];
            tot += fabs(d[t * n + i]);
        }
        r->total[t] = tot;
        r->theta[t] = theta_of(d + t * n, regime, n, n_reg, acc, tot);
        r->p_left[t] = r->p_right[t] = NAN;
        if (perms)
            r->p_left[t] = 1, r->p_right[t] = 0; /* the observed value counts once, on the left */
    }
    /* permutations of the regime labels, one per draw for every interval */
    for (size_t b = 0; b < perms; b++) {
        draw(seed, b, idx, n);
        for (size_t i = 0; i < n; i++)
            pr[i] = regime[idx[i]];
        for (size_t t = 0; t < K; t++) {
            double th = theta_of(d + t * n, pr, n, n_reg, acc, r->total[t]);
            if (th <= r->theta[t])
                r->p_left[t] += 1;
            else
                r->p_right[t] += 1;
        }
    }
    for (size_t t = 0; t < K && perms; t++)
        r->p_left[t] /= (double)perms + 1, r->p_right[t] /= (double)perms + 1;
    free(d), free(acc), free(pr), free(idx);
    return NQPF_OK;
}
