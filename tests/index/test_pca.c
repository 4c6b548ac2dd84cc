/* PCA weights from the correlation matrix.
 *
 * Run without arguments: self-tests (2 x 2 closed form, errors).
 * Run as `test_pca --driver` it reads "m n share" then m*n values (row-major)
 * from standard input and prints k_used, the eigenvalues, the weights and the
 * eigenvector matrix (%.17g) for tests/index/test_pca.py, which compares them
 * with numpy.linalg.eigh(numpy.corrcoef(...)). */
#include "nqpf/index_methods.h"
#include "test.h"

static void test_two_columns(void)
{
    /* correlation r: eigenvalues 1 + r, 1 - r; eigenvectors (1,1)/sqrt2, (1,-1)/sqrt2 */
    double z[] = {1, 2, 2, 1, 3, 4, 4, 3, 5, 7};
    size_t m = 5, n = 2;
    double mx = 3, my = 3.4, sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < m; i++) {
        sxy += (z[2 * i] - mx) * (z[2 * i + 1] - my);
        sxx += (z[2 * i] - mx) * (z[2 * i] - mx);
        syy += (z[2 * i + 1] - my) * (z[2 * i + 1] - my);
    }
    double r = sxy / sqrt(sxx * syy), ev[2], vec[4], w[2];
    size_t k = 0;
    nqpf_error err;
    CHECK(nqpf_pca_corr(z, m, n, ev, vec, &err) == NQPF_OK);
    CHECK_REL(ev[0], 1 + r, 1e-14);
    CHECK_REL(ev[1], 1 - r, 1e-13);
    CHECK_REL(vec[0], sqrt(0.5), 1e-14); /* largest |component| positive */
    CHECK(vec[1] > 0 || vec[3] > 0);
    CHECK(nqpf_weights_pca(z, m, n, 0.5, w, ev, &k, &err) == NQPF_OK);
    CHECK(k == 1);
    CHECK_REL(w[0], 0.5, 1e-14);
    CHECK(nqpf_weights_pca(z, m, n, 1.0, w, ev, &k, &err) == NQPF_OK);
    CHECK(k == 2);
    CHECK(nqpf_weights_pca(z, m, n, 1.5, w, ev, &k, &err) == NQPF_EINPUT);
    double cst[] = {1, 2, 1, 3, 1, 4};
    CHECK(nqpf_weights_pca(cst, 3, 2, 0.85, w, ev, &k, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "column 1") != NULL);
}

static int driver(void)
{
    size_t m = 0, n = 0;
    double share = 0;
    if (scanf("%zu %zu %lf", &m, &n, &share) != 3 || m == 0 || n == 0)
        return 2;
    double *z = malloc(m * n * sizeof *z), *ev = malloc(n * sizeof *ev),
           *w = malloc(n * sizeof *w), *vec = malloc(n * n * sizeof *vec);
    for (size_t i = 0; i < m * n; i++)
        if (scanf("%lf", &z[i]) != 1)
            return 2;
    size_t k = 0;
    nqpf_error err;
    if (nqpf_weights_pca(z, m, n, share, w, ev, &k, &err) != NQPF_OK ||
        nqpf_pca_corr(z, m, n, ev, vec, &err) != NQPF_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("%zu\n", k);
    for (size_t j = 0; j < n; j++)
        printf("%.17g%c", ev[j], j + 1 < n ? ' ' : '\n');
    for (size_t j = 0; j < n; j++)
        printf("%.17g%c", w[j], j + 1 < n ? ' ' : '\n');
    for (size_t j = 0; j < n * n; j++)
        printf("%.17g%c", vec[j], j + 1 < n * n ? ' ' : '\n');
    free(z);
    free(ev);
    free(w);
    free(vec);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--driver") == 0)
        return driver();
    RUN(test_two_columns);
    return test_done();
}
