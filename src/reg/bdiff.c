/* Heterogeneity: the permutation ("Fisher combination", Stata bdiff) test
 * of the difference of one coefficient between two groups. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/util.h"
#include "reg_internal.h"

/* b_j in the rows of `sub` (iid covariance: only the coefficient is used). */
static double coef_on(const nqpf_reg_spec *s, const unsigned char *sub, size_t j)
{
    nqpf_reg_spec t = *s;
    t.subset = sub;
    t.vce = NQPF_REG_IID;
    nqpf_reg_fit f;
    nqpf_error e;
    double b = NAN;
    if (nqpf_reg_fit_model(&t, &f, &e) == NQPF_OK) {
        if (j < f.main.p && !f.main.omitted[j])
            b = f.main.b[j];
        nqpf_reg_fit_free(&f);
    }
    return b;
}

int nqpf_reg_perm_diff(const nqpf_reg_spec *s, const size_t *group, size_t j, size_t B, unsigned long long seed,
                       double *draws, nqpf_error *err)
{
    size_t n = s->n, m = 0;
    size_t *rows = nqpf_alloc(n + 1, sizeof *rows);
    if (!rows)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++)
        if (group[i] == 0 || group[i] == 1)
            rows[m++] = i;
    long Bl = (long)B;
    int oom = 0;
#pragma omp parallel
    {
        unsigned char *s0 = nqpf_calloc(n + 1, 1), *s1 = nqpf_calloc(n + 1, 1);
        size_t *perm = nqpf_alloc(m + 1, sizeof *perm);
        if (!s0 || !s1 || !perm) {
#pragma omp atomic write
            oom = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (long r = 0; r < Bl; r++) {
            draws[r] = NAN;
            if (!s0 || !s1 || !perm)
                continue;
            /* stream (seed, r): shuffle which row carries which group label */
            nqpf_rng rng;
            nqpf_rng_init(&rng, seed, (uint64_t)r);
            for (size_t k = 0; k < m; k++)
                perm[k] = k;
            nqpf_rng_shuffle(&rng, perm, m);
            for (size_t k = 0; k < m; k++) {
                size_t g = group[rows[perm[k]]];
                s0[rows[k]] = g == 0;
                s1[rows[k]] = g == 1;
            }
            draws[r] = coef_on(s, s0, j) - coef_on(s, s1, j);
        }
        free(s0), free(s1), free(perm);
    }
    free(rows);
    return oom ? nqpf_fail_nomem(err) : NQPF_OK;
}
