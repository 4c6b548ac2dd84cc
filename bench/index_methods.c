/* Timing of the index methods on a tall matrix (default 5,000,000 x 30).
 * Built and run by bench/index_methods.sh; not part of the test suite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nqpf/index_methods.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#define TIME(label, stmt)                                                       \
    do {                                                                        \
        double t0_ = now();                                                     \
        int rc_ = (stmt);                                                       \
        printf("%-28s %8.3f s  rc=%d\n", label, now() - t0_, rc_);              \
    } while (0)

int main(int argc, char **argv)
{
    size_t m = argc > 1 ? strtoull(argv[1], NULL, 10) : 5000000, n = argc > 2 ? strtoull(argv[2], NULL, 10) : 30;
    double *x = malloc(m * n * sizeof *x), *z = malloc(m * n * sizeof *z), *s = malloc(m * sizeof *s);
    double *w = malloc(n * sizeof *w), *ev = malloc(n * sizeof *ev);
    int *dir = malloc(n * sizeof *dir);
    if (!x || !z || !s || !w || !ev || !dir)
        return 1;
    unsigned long long r = 1;
    for (size_t k = 0; k < m * n; k++) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        x[k] = 1.0 + (double)(r >> 11) / 9007199254740992.0 * (double)(1 + k % n);
    }
    for (size_t j = 0; j < n; j++)
        dir[j] = j % 5 == 4 ? -1 : 1;
    size_t k_used = 0;
    nqpf_error err;
    printf("m = %zu, n = %zu\n", m, n);
    memcpy(z, x, m * n * sizeof *x);
    TIME("normalize minmax+1e-4", nqpf_normalize(z, m, n, dir, NQPF_NORM_MINMAX, 1e-4, NULL, &err));
    TIME("weights entropy", nqpf_weights_entropy(z, m, n, w, NULL, NULL, &err));
    TIME("weights critic", nqpf_weights_critic(z, m, n, w, NULL, NULL, NULL, &err));
    TIME("weights cv", nqpf_weights_cv(z, m, n, w, NULL, NULL, NULL, &err));
    TIME("weights pca 0.85", nqpf_weights_pca(z, m, n, 0.85, w, ev, &k_used, &err));
    TIME("aggregate weighted", (nqpf_aggregate_weighted(z, m, n, w, s), 0));
    TIME("aggregate geometric", nqpf_aggregate_geometric(z, m, n, w, s, &err));
    TIME("topsis", nqpf_topsis(z, m, n, w, s, NULL, NULL, &err));
    TIME("gra rho 0.5", nqpf_gra(z, m, n, w, 0.5, s, &err));
    memcpy(z, x, m * n * sizeof *x);
    TIME("normalize zscore", nqpf_normalize(z, m, n, dir, NQPF_NORM_ZSCORE, 0, NULL, &err));
    double *rk = malloc(m * sizeof *rk);
    TIME("rank_desc (average)", nqpf_rank_desc(s, m, NQPF_RANK_AVERAGE, rk, &err));
    double t0 = now();
    double tau = nqpf_kendall_tau_b(s, x, m);
    printf("%-28s %8.3f s  tau=%.6f\n", "kendall tau-b", now() - t0, tau);
    free(rk);
    free(x);
    free(z);
    free(s);
    free(w);
    free(ev);
    free(dir);
    return 0;
}
