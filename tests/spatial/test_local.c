/* Local Moran and local Getis–Ord against spdep localmoran (afcon), esda
 * Moran_Local (desmith), esda G_Local (6 points) and spdep localG (Getis &
 * Ord 1996 grid); conditional permutations are thread-count independent. */
#include <omp.h>

#include "case.h"

#define AF "cases/compare/local_moran_afcon_spdep/"

typedef struct lisa_buf {
    nqpf_lisa_result r;
    double *mem;
    char (*quad)[3];
} lisa_buf;

static void lisa_alloc(lisa_buf *b, size_t n)
{
    b->mem = calloc(7 * n, sizeof *b->mem);
    b->quad = calloc(n, sizeof *b->quad);
    b->r = (nqpf_lisa_result){b->mem, b->mem + n, b->mem + 2 * n, b->mem + 3 * n, b->mem + 4 * n,
                              b->mem + 5 * n, b->mem + 6 * n, b->quad};
}

static void test_afcon(void)
{
    double *x;
    char **ids;
    size_t n = case_column(AF "data.csv", "idx", "totcon", &x, &ids);
    CHECK(n == 42);
    nqpf_weights *w = case_weights(AF "edges_paper_nb.csv", ids, n, 'W');
    lisa_buf b;
    lisa_alloc(&b, n);
    nqpf_local_opts o = {NQPF_LISA_SCALE_N, 1, NQPF_ALT_TWO_SIDED, 0, 1, NULL};
    nqpf_error err;
    CHECK(w && nqpf_local_moran(w, x, &o, &b.r, &err) == NQPF_OK);
    /* published (5 significant digits) */
    nqpf_table *t = NULL;
    char path[1024];
    t = case_table(AF "expected.csv");
    CHECK(t != NULL);
    for (size_t r = 0; t && r < t->n_rows; r++) {
        double v[6];
        for (size_t c = 0; c < 6; c++)
            nqpf_table_number(t, r, c == 0 ? 0 : c + 1, &v[c], &err);
        size_t i = (size_t)v[0] - 1;
        CHECK_REL(b.r.ii[i], v[1], 0.5e-4);
        CHECK_REL(b.r.e[i], v[2], 0.5e-4);
        CHECK_REL(b.r.var[i], v[3], 0.5e-4);
        CHECK_REL(b.r.z[i], v[4], 0.5e-4);
        CHECK_ABS(b.r.p[i], v[5], 0.5e-4);
    }
    nqpf_table_free(t);
    /* recomputed full precision: both moment variants */
    CHECK(nqpf_table_read(&t, test_ref(path, sizeof path, AF "expected_recomputed_full_precision.csv"), 0,
                          &err) == NQPF_OK);
    double mean_ii = 0;
    for (size_t r = 0; t && r < t->n_rows; r++) {
        double v[8];
        for (size_t c = 0; c < 8; c++)
            if (c != 1)
                nqpf_table_number(t, r, c, &v[c], &err);
        size_t i = (size_t)v[0] - 1;
        CHECK_REL(b.r.ii[i], v[2], 1e-9);
        CHECK_REL(b.r.e[i], v[3], 1e-9);
        CHECK_REL(b.r.var[i], v[4], 1e-9);
        CHECK_REL(b.r.z[i], v[5], 1e-9);
        mean_ii += b.r.ii[i] / (double)n;
    }
    CHECK_REL(mean_ii, 0.41679563, 1e-7);
    /* the global test printed in the same spdep example */
    nqpf_global_opts go = {NQPF_ALT_GREATER, 1, 0, 0, NULL};
    nqpf_global_result gr;
    nqpf_moran(w, x, &go, &gr, &err);
    CHECK_ABS(gr.value, 0.41679563, 0.5e-8);
    CHECK_ABS(gr.var_rand, 0.01029358, 0.5e-8);
    CHECK_ABS(gr.z_rand, 4.3485, 0.5e-4);
    CHECK_REL(gr.p_rand, 6.854e-06, 0.5e-3 / 6.854);
    o.conditional = 0;
    nqpf_local_moran(w, x, &o, &b.r, &err);
    for (size_t r = 0; t && r < t->n_rows; r++) {
        double v[8];
        nqpf_table_number(t, r, 0, &v[0], &err);
        nqpf_table_number(t, r, 6, &v[6], &err);
        nqpf_table_number(t, r, 7, &v[7], &err);
        size_t i = (size_t)v[0] - 1;
        CHECK_REL(b.r.e[i], v[6], 1e-9);
        CHECK_REL(b.r.var[i], v[7], 1e-9);
    }
    nqpf_table_free(t);
    /* Permutations: same results with 1 and 2 threads. */
    o.permutations = 999;
    o.seed = 42;
    omp_set_num_threads(1);
    nqpf_local_moran(w, x, &o, &b.r, &err);
    double *p1 = malloc(n * sizeof *p1);
    memcpy(p1, b.r.p_sim, n * sizeof *p1);
    omp_set_num_threads(2);
    nqpf_local_moran(w, x, &o, &b.r, &err);
    CHECK(memcmp(p1, b.r.p_sim, n * sizeof *p1) == 0);
    for (size_t i = 0; i < n; i++)
        CHECK(b.r.p_sim[i] > 0 && b.r.p_sim[i] <= 0.5 + 1e-12);
    /* Egypt (idx 5): a strong HH outlier, significant by permutation */
    CHECK_STR(b.quad[4], "HH");
    CHECK(b.r.p_sim[4] < 0.05);
    free(p1);
    free(b.mem), free(b.quad), free(x);
    nqpf_weights_free(w);
    case_free_ids(ids, n);
}

static void test_desmith(void)
{
    const char *d = "cases/compare/local_moran_desmith_esda/";
    char path[1024];
    double *x;
    char **ids;
    snprintf(path, sizeof path, "%sdata.csv", d);
    size_t n = case_column(path, "idx", "z", &x, &ids);
    snprintf(path, sizeof path, "%sedges_desmith_gal.csv", d);
    nqpf_weights *w = case_weights(path, ids, n, 'W');
    lisa_buf b, c, e;
    lisa_alloc(&b, n);
    lisa_alloc(&c, n);
    lisa_alloc(&e, n);
    nqpf_local_opts o = {NQPF_LISA_SCALE_N, 1, NQPF_ALT_TWO_SIDED, 0, 1, NULL};
    nqpf_error err;
    CHECK(w && nqpf_local_moran(w, x, &o, &b.r, &err) == NQPF_OK);
    o.conditional = 0;
    nqpf_local_moran(w, x, &o, &c.r, &err);
    o.scale = NQPF_LISA_SCALE_N1;
    nqpf_local_moran(w, x, &o, &e.r, &err);
    nqpf_table *t = NULL;
    char ep[1024];
    snprintf(ep, sizeof ep, "%sexpected.csv", d);
    t = case_table(ep);
    CHECK(t != NULL);
    for (size_t r = 0; t && r < t->n_rows; r++) {
        double v[7];
        for (size_t k = 0; k < 7; k++)
            nqpf_table_number(t, r, k, &v[k], &err);
        size_t i = (size_t)v[0] - 1;
        CHECK_REL(c.r.e[i], v[1], 1e-12);        /* EI total */
        CHECK_ABS(c.r.var[i], v[2], 0.5e-6);     /* VI total, 6 dp */
        CHECK_ABS(b.r.e[i], v[3], 0.5e-8);       /* EIc conditional, 8 dp */
        CHECK_ABS(b.r.var[i], v[4], 0.5e-8);     /* VIc conditional */
        CHECK_REL(e.r.ii[i], v[5], 1e-9);        /* esda Is */
        CHECK_REL(b.r.ii[i], v[6], 1e-9);        /* spdep Ii */
    }
    nqpf_table_free(t);
    nqpf_global_opts go = {NQPF_ALT_GREATER, 1, 0, 0, NULL};
    nqpf_global_result gr;
    nqpf_moran(w, x, &go, &gr, &err);
    CHECK_REL(gr.value, 0.0736124311106, 1e-10);
    nqpf_weights_free(w);
    w = case_weights(path[0] ? "cases/compare/local_moran_desmith_esda/edges_desmith_gal.csv" : "", ids, n, 'B');
    nqpf_moran(w, x, &go, &gr, &err);
    CHECK_REL(gr.value, 0.0316703871579, 1e-10);
    nqpf_weights_free(w);
    free(b.mem), free(b.quad), free(c.mem), free(c.quad), free(e.mem), free(e.quad), free(x);
    case_free_ids(ids, n);
}

static void test_getis_6points(void)
{
    const char *d = "cases/compare/getis_ord_esda_6points/";
    char path[1024];
    double *y;
    char **ids;
    snprintf(path, sizeof path, "%sdata.csv", d);
    size_t n = case_column(path, "idx", "value", &y, &ids);
    snprintf(path, sizeof path, "%sedges_distband15.csv", d);
    nqpf_weights *raw = case_weights(path, ids, n, 'B');
    double g[6], z[4][6], p[6];
    nqpf_error err;
    nqpf_localg_opts o = {0, NQPF_LOCALG_ESDA, 0, NQPF_ALT_TWO_SIDED, 0, 1, NULL};
    for (int star = 0; star < 2; star++)
        for (int rs = 0; rs < 2; rs++) {
            nqpf_weights *w = NULL;
            if (star)
                nqpf_weights_add_self(&w, raw, &err);
            else
                nqpf_weights_align(&w, raw, ids, n, 0, NULL, NULL, &err);
            nqpf_weights_transform(w, rs ? 'W' : 'B', &err);
            o.star = star;
            CHECK(nqpf_local_g(w, y, &o, g, z[star * 2 + rs], p, NULL, &err) == NQPF_OK);
            nqpf_weights_free(w);
        }
    nqpf_table *t = NULL;
    char ep[1024];
    snprintf(ep, sizeof ep, "%sexpected.csv", d);
    CHECK(nqpf_table_read(&t, test_ref(path, sizeof path, ep), 0, &err) == NQPF_OK);
    int checked = 0;
    for (size_t r = 0; t && r < t->n_rows; r++) {
        const char *stat = nqpf_table_get(t, r, 0), *var = nqpf_table_get(t, r, 1);
        if (strncmp(stat, "Gi", 2) != 0)
            continue;
        double idx, v;
        nqpf_table_number(t, r, 2, &idx, &err);
        nqpf_table_number(t, r, 3, &v, &err);
        int star = stat[2] == '*', rs = var[0] == 'R';
        CHECK_ABS(z[star * 2 + rs][(size_t)idx - 1], v, 0.5e-8);
        checked++;
    }
    CHECK(checked == 24);
    nqpf_table_free(t);
    nqpf_weights_free(raw);
    free(y);
    case_free_ids(ids, n);
}

static void test_getis_1996(void)
{
    const char *d = "cases/compare/getis_ord_local_G_getisord1996/data.csv";
    double *v, *x, *y;
    char **ids, **i2;
    size_t n = case_column(d, "idx", "val", &v, &ids);
    case_column(d, "idx", "x", &x, &i2);
    case_free_ids(i2, n);
    case_column(d, "idx", "y", &y, &i2);
    case_free_ids(i2, n);
    double bands[5] = {30, 60, 90, 120, 150};
    double pub[5] = {1.221979, 1.748098, 1.986135, 1.893374, 1.237454};
    double *g = malloc(n * sizeof *g), *z = malloc(n * sizeof *z), *p = malloc(n * sizeof *p);
    nqpf_error err;
    nqpf_localg_opts o = {0, NQPF_LOCALG_SPDEP, 0, NQPF_ALT_TWO_SIDED, 0, 1, NULL};
    for (int b = 0; b < 5; b++) {
        nqpf_weights *w = NULL;
        nqpf_weights_distance(&w, n, ids, x, y, bands[b], 0, NQPF_METRIC_EUCLIDEAN, &err);
        nqpf_weights_transform(w, 'B', &err);
        CHECK(nqpf_local_g(w, v, &o, g, z, p, NULL, &err) == NQPF_OK);
        CHECK_ABS(z[119], pub[b], 0.5e-6);
        if (b == 0) {
            /* every unit against the recomputed Gi, then Gi* (spdep, and the 1996 variant) */
            nqpf_table *t = NULL;
            char path[1024];
            nqpf_table_read(&t, test_ref(path, sizeof path,
                                            "cases/compare/getis_ord_local_G_getisord1996/"
                                            "expected_all_Gi_dist30_recomputed.csv"),
                            0, &err);
            double e;
            for (size_t i = 0; t && i < n; i++) {
                nqpf_table_number(t, i, 1, &e, &err);
                CHECK_ABS(z[i], e, 0.5e-10);
            }
            nqpf_weights *s = NULL;
            nqpf_weights_add_self(&s, w, &err);
            o.star = 1;
            CHECK(nqpf_local_g(s, v, &o, g, z, p, NULL, &err) == NQPF_OK);
            CHECK_ABS(z[119], 1.45078, 0.5e-5);
            for (size_t i = 0; t && i < n; i++) {
                nqpf_table_number(t, i, 2, &e, &err);
                CHECK_ABS(z[i], e, 0.5e-10);
            }
            o.sd_n1 = 1;
            nqpf_local_g(s, v, &o, g, z, p, NULL, &err);
            CHECK_ABS(z[119], 1.447943, 0.5e-6);
            o.star = 0;
            o.sd_n1 = 0;
            nqpf_table_free(t);
            nqpf_weights_free(s);
        }
        nqpf_weights_free(w);
    }
    free(g), free(z), free(p), free(v), free(x), free(y);
    case_free_ids(ids, n);
}

int main(void)
{
    RUN(test_afcon);
    RUN(test_desmith);
    RUN(test_getis_6points);
    RUN(test_getis_1996);
    return test_done();
}
