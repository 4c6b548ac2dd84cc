/* Global Moran's I, Geary's C and Getis–Ord G against published values
 * (tests/ref/cases/compare: spdep Columbus, esda 3x3 lattice, esda St Louis and
 * SIDS2, esda 6-point Getis–Ord). */
#include "case.h"

#define COL "cases/compare/moran_geary_columbus_spdep/"

static nqpf_global_opts spdep_opts(void)
{
    nqpf_global_opts o = {NQPF_ALT_GREATER, 1, 0, 1, NULL};
    return o;
}

static void test_columbus_moran(void)
{
    double *x;
    char **ids;
    size_t n = case_column(COL "data.csv", "idx", "CRIME", &x, &ids);
    CHECK(n == 49);
    nqpf_global_opts o = spdep_opts();
    nqpf_global_result r;
    nqpf_error err;
    /* style W, printed to 9 dp (and z to 4 dp, p to 4 significant digits) */
    nqpf_weights *w = case_weights(COL "edges_COLnb_contiguity.csv", ids, n, 'W');
    CHECK(w && nqpf_moran(w, x, &o, &r, &err) == NQPF_OK);
    CHECK_ABS(r.value, 0.510951264, 0.5e-9);
    CHECK_ABS(r.expected, -0.020833333, 0.5e-9);
    CHECK_ABS(r.var_rand, 0.008908762, 0.5e-9);
    CHECK_ABS(r.z_rand, 5.6341, 0.5e-4);
    CHECK_REL(r.p_rand, 8.797e-09, 0.5e-3 / 8.797);
    CHECK_ABS(r.var_norm, 0.008779831, 0.5e-9);
    CHECK_ABS(r.z_norm, 5.6754, 0.5e-4);
    CHECK_REL(r.p_norm, 6.92e-09, 0.5e-2 / 6.92);
    nqpf_geary(w, x, &o, &r, &err);
    CHECK_ABS(r.value, 0.52986993, 0.5e-8);
    CHECK_ABS(r.expected, 1.0, 0);
    CHECK_ABS(r.var_rand, 0.00975278, 0.5e-8);
    CHECK_ABS(r.z_rand, 4.7605, 0.5e-4);
    CHECK_REL(r.p_rand, 9.655e-07, 0.5e-3 / 9.655);
    CHECK_ABS(r.var_norm, 0.01027137, 0.5e-8);
    CHECK_ABS(r.z_norm, 4.6388, 0.5e-4);
    nqpf_weights_free(w);
    /* style B */
    w = case_weights(COL "edges_COLnb_contiguity.csv", ids, n, 'B');
    CHECK(w && nqpf_moran(w, x, &o, &r, &err) == NQPF_OK);
    CHECK_ABS(r.value, 0.52063815, 0.5e-8);
    CHECK_ABS(r.var_rand, 0.00759872, 0.5e-8);
    CHECK_ABS(r.z_rand, 6.2116, 0.5e-4);
    CHECK_REL(r.p_rand, 2.622e-10, 0.5e-3 / 2.622);
    nqpf_weights_free(w);
    /* style S (Tiefelsdorf) */
    w = case_weights(COL "edges_COLnb_contiguity.csv", ids, n, 'S');
    CHECK(w && nqpf_moran(w, x, &o, &r, &err) == NQPF_OK);
    CHECK_ABS(r.value, 0.512957470, 0.5e-9);
    CHECK_ABS(r.var_rand, 0.007971504, 0.5e-9);
    CHECK_ABS(r.z_rand, 5.9786, 0.5e-4);
    nqpf_weights_free(w);
    /* neighbours of exactly order 2 and 3 (spdep nblag), style W */
    nqpf_weights *b = case_weights(COL "edges_COLnb_contiguity.csv", ids, n, 'B'), *l2 = NULL, *l3 = NULL;
    CHECK(nqpf_weights_lag_order(&l2, b, 2, &err) == NQPF_OK);
    CHECK(nqpf_weights_lag_order(&l3, b, 3, &err) == NQPF_OK);
    nqpf_weights_transform(l2, 'W', &err);
    nqpf_weights_transform(l3, 'W', &err);
    nqpf_moran(l2, x, &o, &r, &err);
    CHECK_ABS(r.value, 0.168485742, 0.5e-9);
    CHECK_ABS(r.var_rand, 0.005271314, 0.5e-9);
    nqpf_geary(l2, x, &o, &r, &err);
    CHECK_ABS(r.value, 0.811285136, 0.5e-9);
    CHECK_ABS(r.var_rand, 0.006793327, 0.5e-9);
    nqpf_moran(l3, x, &o, &r, &err);
    CHECK_ABS(r.value, -0.138930745, 0.5e-9);
    CHECK_ABS(r.var_rand, 0.004354683, 0.5e-9);
    nqpf_geary(l3, x, &o, &r, &err);
    CHECK_ABS(r.value, 1.130277918, 0.5e-9);
    CHECK_ABS(r.var_rand, 0.006914551, 0.5e-9);
    nqpf_weights_free(b), nqpf_weights_free(l2), nqpf_weights_free(l3);
    /* k = 4 nearest neighbours on (X, Y): non-symmetric weights (S1, S2 over all pairs) */
    double *X, *Y;
    char **ids2;
    case_column(COL "data.csv", "idx", "X", &X, &ids2);
    case_free_ids(ids2, n);
    case_column(COL "data.csv", "idx", "Y", &Y, &ids2);
    nqpf_weights *knn = NULL;
    CHECK(nqpf_weights_knn(&knn, n, ids, X, Y, 4, NQPF_METRIC_EUCLIDEAN, &err) == NQPF_OK);
    w = case_weights(COL "edges_knn4_derived.csv", ids, n, 'B');
    /* our knn equals the independently derived edge list */
    CHECK(knn && w && knn->off[n] == w->off[n]);
    for (size_t k = 0; knn && w && k < knn->off[n]; k++)
        CHECK(knn->nbr[k] == w->nbr[k]);
    nqpf_weights_free(w);
    nqpf_weights_transform(knn, 'W', &err);
    CHECK(nqpf_moran(knn, x, &o, &r, &err) == NQPF_OK);
    CHECK_ABS(r.value, 0.624933667, 0.5e-9);
    CHECK_ABS(r.var_rand, 0.008003503, 0.5e-9);
    CHECK_ABS(r.z_rand, 7.2183, 0.5e-4);
    CHECK_ABS(r.var_norm, 0.007887613, 0.5e-9);
    CHECK_ABS(r.z_norm, 7.2711, 0.5e-4);
    nqpf_geary(knn, x, &o, &r, &err);
    CHECK_ABS(r.value, 0.399254423, 0.5e-9);
    CHECK_ABS(r.var_rand, 0.008697812, 0.5e-9);
    CHECK_ABS(r.z_rand, 6.4415, 0.5e-4);
    CHECK_ABS(r.var_norm, 0.009129529, 0.5e-9);
    CHECK_ABS(r.z_norm, 6.2873, 0.5e-4);
    nqpf_weights_free(knn);
    case_free_ids(ids2, n);
    free(X), free(Y), free(x);
    case_free_ids(ids, n);
}

static void test_lattice(void)
{
    double *y;
    char **ids;
    size_t n = case_column("cases/compare/moran_lat3x3_esda/data.csv", "idx", "y", &y, &ids);
    nqpf_weights *w = case_weights("cases/compare/moran_lat3x3_esda/edges_rook_binary.csv", ids, n, 'B');
    nqpf_wconst c;
    nqpf_error err;
    nqpf_weights_constants(w, &c, &err);
    CHECK(c.s0 == 24 && c.s1 == 48 && c.s2 == 272);
    nqpf_global_opts o = spdep_opts();
    nqpf_global_result r;
    CHECK(nqpf_moran(w, y, &o, &r, &err) == NQPF_OK);
    CHECK_REL(r.value, 0.5, 1e-12);
    CHECK_REL(r.expected, -0.125, 1e-12);
    CHECK_REL(r.var_rand, 0.059687500000000004, 1e-12);
    CHECK_REL(r.var_norm, 0.053125000000000006, 1e-12);
    CHECK_REL(r.z_norm, 2.711630722733202, 1e-12);
    CHECK_REL(r.z_rand, 2.5582225504832543, 1e-12);
    nqpf_weights_free(w);
    free(y);
    case_free_ids(ids, n);
}

static void esda_case(const char *data, const char *edges, const char *col, double I, double p,
                      double vnorm, double vrand, double zn, double zr)
{
    double *y;
    char **ids;
    size_t n = case_column(data, "idx", col, &y, &ids);
    nqpf_weights *w = case_weights(edges, ids, n, 'W');
    nqpf_global_opts o = spdep_opts();
    nqpf_global_result r;
    nqpf_error err;
    CHECK(w && nqpf_moran(w, y, &o, &r, &err) == NQPF_OK);
    CHECK_REL(r.value, I, 1e-12);
    CHECK_REL(r.p_norm, p, 1e-9);
    if (!isnan(vnorm))
        CHECK_REL(r.var_norm, vnorm, 1e-12);
    CHECK_REL(r.var_rand, vrand, 1e-12);
    if (!isnan(zn))
        CHECK_REL(r.z_norm, zn, 1e-12);
    CHECK_REL(r.z_rand, zr, 1e-12);
    CHECK_REL(r.expected, -1.0 / (double)(n - 1), 1e-15);
    nqpf_weights_free(w);
    free(y);
    case_free_ids(ids, n);
}

static void test_stl_sids(void)
{
    esda_case("cases/compare/moran_stl_sids2_esda/stl_data.csv",
              "cases/compare/moran_stl_sids2_esda/stl_edges.csv", "HR8893", 0.24365582621771659,
              0.00013573931385468807, 0.004968139260116133, 0.0029761028286109407,
              3.641097183545741, 4.704410220874625);
    esda_case("cases/compare/moran_stl_sids2_esda/sids2_data.csv",
              "cases/compare/moran_stl_sids2_esda/sids2_edges.csv", "SIDR74", 0.24772519320480135,
              5.7916539074498452e-05, NAN, 0.004275965096355712, NAN, 3.9428474787377743);
}

/* esda Moran_Rate (EB rates) and Moran_BV on SIDS2 (published in esda's tests). */
static void test_sids_rate_bv(void)
{
    const char *d = "cases/compare/moran_stl_sids2_esda/sids2_data.csv";
    double *e, *b, *s74, *s79, *nw79;
    char **ids, **i2;
    size_t n = case_column(d, "idx", "SID79", &e, &ids);
    case_column(d, "idx", "BIR79", &b, &i2), case_free_ids(i2, n);
    case_column(d, "idx", "SIDR74", &s74, &i2), case_free_ids(i2, n);
    case_column(d, "idx", "SIDR79", &s79, &i2), case_free_ids(i2, n);
    case_column(d, "idx", "NWR79", &nw79, &i2), case_free_ids(i2, n);
    nqpf_weights *w = case_weights("cases/compare/moran_stl_sids2_esda/sids2_edges.csv", ids, n, 'W');
    double *z = malloc(n * sizeof *z);
    nqpf_error err;
    nqpf_global_opts o = spdep_opts();
    nqpf_global_result r;
    CHECK(nqpf_eb_standardize(e, b, n, z, &err) == NQPF_OK);
    CHECK(nqpf_moran(w, z, &o, &r, &err) == NQPF_OK);
    CHECK_REL(r.value, 0.16622343552567395, 1e-12);
    CHECK(nqpf_moran_bv(w, s74, s79, &o, &r, &err) == NQPF_OK);
    CHECK_REL(r.value, 0.19362610652874668, 1e-12);
    CHECK(isnan(r.expected));
    CHECK(nqpf_moran_bv(w, nw79, s74, &o, &r, &err) == NQPF_OK);
    CHECK_REL(r.value, 0.37701382542927858, 1e-12);
    o.permutations = 99;
    CHECK(nqpf_moran_bv(w, nw79, s74, &o, &r, &err) == NQPF_OK);
    CHECK(r.perm_p > 0 && r.perm_p <= 1 && r.perm_p == 0.01);
    e[3] = -1;
    CHECK(nqpf_eb_standardize(e, b, n, z, &err) == NQPF_EMATH);
    nqpf_weights_free(w);
    free(z), free(e), free(b), free(s74), free(s79), free(nw79);
    case_free_ids(ids, n);
}

static void test_getis_global(void)
{
    double *y, *px, *py;
    char **ids, **ids2;
    const char *d = "cases/compare/getis_ord_esda_6points/data.csv";
    size_t n = case_column(d, "idx", "value", &y, &ids);
    case_column(d, "idx", "x", &px, &ids2);
    case_free_ids(ids2, n);
    case_column(d, "idx", "y_coord", &py, &ids2);
    case_free_ids(ids2, n);
    nqpf_weights *w = NULL, *f;
    nqpf_error err;
    /* distance band 15 from the points equals the published edge list */
    CHECK(nqpf_weights_distance(&w, n, ids, px, py, 15, 0, NQPF_METRIC_EUCLIDEAN, &err) == NQPF_OK);
    f = case_weights("cases/compare/getis_ord_esda_6points/edges_distband15.csv", ids, n, 'B');
    CHECK(w && f && w->off[n] == f->off[n]);
    for (size_t k = 0; w && f && k < w->off[n]; k++)
        CHECK(w->nbr[k] == f->nbr[k]);
    nqpf_global_opts o = spdep_opts();
    nqpf_global_result r;
    CHECK(nqpf_getis_g(w, y, &o, &r, &err) == NQPF_OK);
    CHECK_REL(r.value, 0.55709779, 1e-7);
    CHECK_ABS(r.p_norm, 0.172936, 0.5e-6);
    CHECK_REL(r.expected, 0.4666666666666667, 1e-12);
    CHECK_REL(r.var_norm, 0.009203550195101468, 1e-9);
    CHECK_REL(r.z_norm, 0.942627795324094, 1e-9);
    double neg[6] = {1, -2, 3, 4, 5, 6};
    CHECK(nqpf_getis_g(w, neg, &o, &r, &err) == NQPF_EMATH);
    nqpf_weights_free(w);
    nqpf_weights_free(f);
    free(y), free(px), free(py);
    case_free_ids(ids, n);
}

static void test_degenerate(void)
{
    char *ids[3] = {"a", "b", "c"};
    size_t from[4] = {0, 1, 1, 2}, to[4] = {1, 0, 2, 1};
    nqpf_weights *w = NULL;
    nqpf_error err;
    CHECK(nqpf_weights_from_edges(&w, 3, ids, 4, from, to, NULL, &err) == NQPF_OK);
    double c[3] = {2, 2, 2}, nan3[3] = {1, NAN, 2};
    nqpf_global_opts o = spdep_opts();
    nqpf_global_result r;
    CHECK(nqpf_moran(w, c, &o, &r, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "constant") != NULL);
    CHECK(nqpf_moran(w, nan3, &o, &r, &err) == NQPF_EMISSING);
    /* n = 3: the randomisation variance needs n > 3 and is NaN, not garbage */
    double v[3] = {1, 2, 4};
    CHECK(nqpf_moran(w, v, &o, &r, &err) == NQPF_OK);
    CHECK(isnan(r.var_rand) && isfinite(r.value));
    size_t bad_to[1] = {0}, bad_from[1] = {0};
    nqpf_weights *w2 = NULL;
    CHECK(nqpf_weights_from_edges(&w2, 3, ids, 1, bad_from, bad_to, NULL, &err) == NQPF_EINPUT);
    nqpf_weights_free(w);
}

int main(void)
{
    RUN(test_columbus_moran);
    RUN(test_lattice);
    RUN(test_stl_sids);
    RUN(test_sids_rate_bv);
    RUN(test_getis_global);
    RUN(test_degenerate);
    return test_done();
}
