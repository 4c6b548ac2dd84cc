/* An AHP pairwise-comparison matrix (labels, fractions, reciprocity), and
 * the eigenvector weights of what it accepts. */
#include "fuzz.h"
#include "nqpf/index_methods.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    double *a = NULL;
    size_t n = 0;
    char **names = NULL;
    if (nqpf_ahp_read(path, &a, &n, &names, &err) != NQPF_OK)
        return;
    double *w = malloc((n ? n : 1) * sizeof *w);
    double lambda, ci, ri, cr;
    for (int m = 0; w && n <= 64 && m < 3; m++)
        nqpf_ahp(a, n, (nqpf_ahp_method)m, NQPF_RI_SAATY1980, w, &lambda, &ci, &ri, &cr, &err);
    free(w);
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
    free(a);
}
