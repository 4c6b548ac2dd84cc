/* AHP: reading judgement matrices, eigenvector / geometric / column-mean
 * weights, lambda_max, CI, CR with the different random-index tables. */
#include <unistd.h>

#include "index/cases.h"
#include "nqpf/index_methods.h"
#include "test.h"

#define DRK "cases/compare/ahp_saaty_drinks_ahpy/"
#define WC "cases/compare/ahp_wang_chin2011/"

static double drk(const char *matrix, const char *quantity)
{
    return case_value(DRK "expected.csv", "matrix", matrix, "quantity", quantity, "value");
}

static double wc(const char *quantity)
{
    return case_value(WC "expected.csv", "quantity", quantity, NULL, NULL, "value");
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void test_drinks_saaty2008(void)
{
    char path[1024];
    double *a = NULL;
    size_t n = 0;
    char **names = NULL;
    nqpf_error err;
    int rc = nqpf_ahp_read(test_ref(path, sizeof path, DRK "matrix_drinks.csv"), &a, &n, &names, &err);
    CHECK(rc == NQPF_OK && n == 7);
    if (rc)
        return;
    CHECK_STR(names[0], "Coffee");
    CHECK_STR(names[6], "Water");
    double w[7], lmax, ci, ri, cr;
    CHECK(nqpf_ahp(a, n, NQPF_AHP_EIGEN, NQPF_RI_SAATY2005, w, &lmax, &ci, &ri, &cr, &err) == NQPF_OK);
    char q[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(q, sizeof q, "w_%s_full", names[i]);
        CHECK_REL(w[i], drk("drinks", q), 1e-9);
        snprintf(q, sizeof q, "w_%s", names[i]);
        CHECK_ABS(w[i], drk("drinks", q), 5e-4);
    }
    CHECK_REL(lmax, drk("drinks", "lambda_max"), 1e-9);
    CHECK_REL(ci, drk("drinks", "CI"), 1e-9);
    CHECK(ri == 1.35);
    CHECK_REL(cr, drk("drinks", "CR_RI1.35"), 1e-9);
    CHECK_ABS(cr, drk("drinks", "CR"), 5e-4);
    CHECK(nqpf_ahp(a, n, NQPF_AHP_EIGEN, NQPF_RI_SAATY1980, w, NULL, NULL, &ri, &cr, &err) == NQPF_OK);
    CHECK(ri == 1.32);
    CHECK_REL(cr, drk("drinks", "CR_RI1.32(Saaty1980)"), 1e-9);
    free(a);
    free_names(names, n);
}

static void test_leader_criteria(void)
{
    char path[1024];
    double *a = NULL;
    size_t n = 0;
    char **names = NULL;
    nqpf_error err;
    int rc = nqpf_ahp_read(test_ref(path, sizeof path, DRK "matrix_criteria.csv"), &a, &n, &names, &err);
    CHECK(rc == NQPF_OK && n == 4);
    if (rc)
        return;
    double w[4], lmax, ci, ri, cr;
    CHECK(nqpf_ahp(a, n, NQPF_AHP_EIGEN, NQPF_RI_SAATY2005, w, &lmax, &ci, &ri, &cr, &err) == NQPF_OK);
    char q[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(q, sizeof q, "w_%s", names[i]);
        CHECK_ABS(w[i], drk("criteria", q), 5e-4);
    }
    CHECK_REL(lmax, drk("criteria", "lambda_max"), 1e-9);
    CHECK_REL(ci, drk("criteria", "CI"), 1e-9);
    CHECK(ri == 0.89);
    CHECK_ABS(cr, drk("criteria", "CR"), 5e-4);
    CHECK_REL(cr, ci / 0.89, 1e-15);
    CHECK(nqpf_ahp(a, n, NQPF_AHP_EIGEN, NQPF_RI_SAATY1980, w, NULL, NULL, &ri, &cr, &err) == NQPF_OK);
    CHECK(ri == 0.90);
    CHECK_REL(cr, drk("criteria", "CR_RI0.90(Saaty1980)"), 1e-9);
    free(a);
    free_names(names, n);
}

static void test_wang_chin2011(void)
{
    char path[1024];
    double *a = NULL;
    size_t n = 0;
    char **names = NULL;
    nqpf_error err;
    /* row labels are the numbers 1..6, the header names c1..c6 */
    int rc = nqpf_ahp_read(test_ref(path, sizeof path, WC "matrix.csv"), &a, &n, &names, &err);
    CHECK(rc == NQPF_OK && n == 6);
    if (rc)
        return;
    double w[6], lmax, ci, ri, cr;
    char q[64];
    CHECK(nqpf_ahp(a, n, NQPF_AHP_EIGEN, NQPF_RI_SAATY1980, w, &lmax, &ci, &ri, &cr, &err) == NQPF_OK);
    for (size_t i = 0; i < n; i++) {
        snprintf(q, sizeof q, "w%zu_eigen_full", i + 1);
        CHECK_REL(w[i], wc(q), 1e-9);
        snprintf(q, sizeof q, "w%zu_eigen", i + 1);
        CHECK_ABS(w[i], wc(q), 5e-5);
    }
    CHECK_REL(lmax, wc("lambda_max"), 1e-9);
    CHECK_REL(ci, wc("CI"), 1e-9);
    CHECK(ri == 1.24);
    CHECK_REL(cr, wc("CR_RI_Saaty_1.24"), 1e-9);
    CHECK(cr > 0.1); /* inconsistent: flagged by the caller */
    CHECK(nqpf_ahp(a, n, NQPF_AHP_EIGEN, NQPF_RI_TUMMALA1998, w, NULL, NULL, &ri, &cr, &err) == NQPF_OK);
    CHECK(ri == 1.2358);
    CHECK_REL(cr, wc("CR_RI_Tummala_1.2358"), 1e-9);
    CHECK(nqpf_ahp(a, n, NQPF_AHP_GEOMETRIC, NQPF_RI_SAATY1980, w, &lmax, &ci, NULL, &cr, &err) == NQPF_OK);
    for (size_t i = 0; i < n; i++) {
        snprintf(q, sizeof q, "w%zu_geometric_mean", i + 1);
        CHECK_REL(w[i], wc(q), 1e-9);
    }
    CHECK(cr > 0.1);
    /* column-mean (和积法): check against the definition directly */
    CHECK(nqpf_ahp(a, n, NQPF_AHP_COLUMN_MEAN, NQPF_RI_SAATY1980, w, &lmax, NULL, NULL, NULL, &err) == NQPF_OK);
    double w1 = 0;
    for (size_t j = 0; j < n; j++) {
        double cs = 0;
        for (size_t i = 0; i < n; i++)
            cs += a[i * n + j];
        w1 += a[j] / cs / (double)n;
    }
    CHECK_REL(w[0], w1, 1e-14);
    CHECK(lmax > 6);
    free(a);
    free_names(names, n);
}

static void test_consistent_and_small(void)
{
    /* a perfectly consistent matrix a_ij = v_i / v_j has lambda = n, CR = 0 */
    double v[] = {4, 2, 1, 0.5, 0.25}, a[25], w[5], lmax, ci, cr;
    nqpf_error err;
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++)
            a[i * 5 + j] = v[i] / v[j];
    for (int meth = 0; meth < 3; meth++) {
        CHECK(nqpf_ahp(a, 5, (nqpf_ahp_method)meth, NQPF_RI_DONEGAN_DODD, w, &lmax, &ci, NULL, &cr, &err) == NQPF_OK);
        CHECK_REL(w[0], 4 / 7.75, 1e-14);
        CHECK_REL(lmax, 5.0, 1e-14);
        CHECK_ABS(cr, 0, 1e-13);
    }
    double a2[] = {1, 3, 1.0 / 3, 1}, ri = -1;
    CHECK(nqpf_ahp(a2, 2, NQPF_AHP_EIGEN, NQPF_RI_SAATY1980, w, &lmax, &ci, &ri, &cr, &err) == NQPF_OK);
    CHECK_REL(w[0], 0.75, 1e-15);
    CHECK(cr == 0 && ci == 0 && ri == 0);
    /* random index tables */
    CHECK(nqpf_ri_value(NQPF_RI_SAATY1980, 10, &ri, &err) == NQPF_OK && ri == 1.49);
    CHECK(nqpf_ri_value(NQPF_RI_SAATY1980, 11, &ri, &err) == NQPF_EINPUT);
    CHECK(nqpf_ri_value(NQPF_RI_SAATY2005, 15, &ri, &err) == NQPF_OK && ri == 1.59);
    CHECK(nqpf_ri_value(NQPF_RI_DONEGAN_DODD, 7, &ri, &err) == NQPF_OK && ri == 1.2519);
    CHECK(nqpf_ri_value(NQPF_RI_DONEGAN_DODD, 22, &ri, &err) == NQPF_OK);
    CHECK_REL(ri, 1.5371 + 0.4 * (1.5619 - 1.5371), 1e-15);
    CHECK(nqpf_ri_value(NQPF_RI_DONEGAN_DODD, 101, &ri, &err) == NQPF_EINPUT);
    nqpf_ri_table t;
    CHECK(nqpf_ri_parse("tummala", &t) == 0 && t == NQPF_RI_TUMMALA1998);
    CHECK(nqpf_ri_parse("dd", &t) == 0 && t == NQPF_RI_DONEGAN_DODD);
    CHECK(nqpf_ri_parse("saaty", &t) == -1);
    CHECK_STR(nqpf_ri_name(NQPF_RI_SAATY2005), "saaty2005");
}

/* Write text to a temporary file, try to read it as a matrix, expect an
 * error code and a message / position. */
static void expect_read_error(const char *text, int code, long line, long col, const char *needle)
{
    char path[] = "/tmp/nqpf_ahp_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    double *a = NULL;
    size_t n = 0;
    char **names = NULL;
    nqpf_error err;
    int rc = nqpf_ahp_read(path, &a, &n, &names, &err);
    CHECK(rc == code);
    CHECK(err.line == line);
    CHECK(err.col == col);
    if (!strstr(err.msg, needle)) {
        fprintf(stderr, "  message '%s' lacks '%s'\n", err.msg, needle);
        CHECK(0);
    }
    CHECK(a == NULL && names == NULL);
    unlink(path);
}

static void test_read_errors(void)
{
    expect_read_error("row,A,B,C\nA,1,2,1/4\nB,1/2,1,3\nC,4,0.3333,1\n", NQPF_EINPUT, 4, 3,
                      "not reciprocal");
    expect_read_error("row,A,B\nA,1,2\n", NQPF_EINPUT, 2, 0, "not square");
    expect_read_error("row,A,B\nB,1,2\nA,1/2,1\n", NQPF_EINPUT, 2, 1, "does not match");
    expect_read_error("row,A,B\nA,1,x\nB,1/2,1\n", NQPF_EPARSE, 2, 3, "not a number");
    expect_read_error("row,A,B\nA,1,-2\nB,1/2,1\n", NQPF_EINPUT, 2, 3, "positive");
    expect_read_error("row,A,B\nA,2,2\nB,1/2,1\n", NQPF_EINPUT, 2, 2, "diagonal");
    expect_read_error("row,A,B\nA,1,\nB,1/2,1\n", NQPF_EPARSE, 2, 3, "missing");
    expect_read_error("row,A,B\nA,1,1/0\nB,1/2,1\n", NQPF_EINPUT, 2, 3, "positive");
}

int main(void)
{
    RUN(test_drinks_saaty2008);
    RUN(test_leader_criteria);
    RUN(test_wang_chin2011);
    RUN(test_consistent_and_small);
    RUN(test_read_errors);
    return test_done();
}
