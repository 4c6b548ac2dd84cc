/* Ranks, Spearman's rho and Kendall's tau-b.
 *
 * Run without arguments: self-tests (hand examples and an O(n^2)
 * brute-force tau-b on random data with ties).
 * Run as `test_rankcorr --driver` it reads "n" then n lines "a b" from
 * standard input and prints "tau_b rho" (%.17g) for tests/index/test_rankcorr.py,
 * which compares them with scipy.stats. */
#include "nqpf/index_methods.h"
#include "test.h"

static void test_rank_ties(void)
{
    double x[] = {3, 5, 5, 1, 5, 2}, r[6];
    nqpf_error err;
    CHECK(nqpf_rank_desc(x, 6, NQPF_RANK_MIN, r, &err) == NQPF_OK);
    CHECK(r[0] == 4 && r[1] == 1 && r[2] == 1 && r[4] == 1 && r[3] == 6 && r[5] == 5);
    CHECK(nqpf_rank_desc(x, 6, NQPF_RANK_AVERAGE, r, &err) == NQPF_OK);
    CHECK(r[0] == 4 && r[1] == 2 && r[2] == 2 && r[4] == 2 && r[3] == 6 && r[5] == 5);
    double y[] = {1, 2, 2, 4}, q[4];
    CHECK(nqpf_rank_desc(y, 4, NQPF_RANK_MIN, q, &err) == NQPF_OK);
    CHECK(q[0] == 4 && q[1] == 2 && q[2] == 2 && q[3] == 1);
    CHECK(nqpf_rank_desc(y, 4, NQPF_RANK_AVERAGE, q, &err) == NQPF_OK);
    CHECK(q[1] == 2.5 && q[2] == 2.5);
    double z[] = {1, NAN};
    CHECK(nqpf_rank_desc(z, 2, NQPF_RANK_MIN, q, &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "row 2") != NULL);
}

static void test_small_cases(void)
{
    double a[] = {1, 2, 3, 4, 5}, b[] = {2, 4, 6, 8, 10}, c[] = {5, 4, 3, 2, 1}, k[] = {7, 7, 7, 7, 7};
    CHECK(nqpf_kendall_tau_b(a, b, 5) == 1.0);
    CHECK(nqpf_kendall_tau_b(a, c, 5) == -1.0);
    CHECK(nqpf_spearman(a, b, 5) == 1.0);
    CHECK(nqpf_spearman(a, c, 5) == -1.0);
    CHECK(isnan(nqpf_kendall_tau_b(a, k, 5)));
    CHECK(isnan(nqpf_spearman(a, k, 5)));
    CHECK(isnan(nqpf_kendall_tau_b(a, b, 1)));
    double an[] = {1, NAN, 3};
    CHECK(isnan(nqpf_kendall_tau_b(an, b, 3)));
    CHECK(isnan(nqpf_spearman(an, b, 3)));
    /* hand count: a = 1 2 3 4, b = 1 3 2 2: pairs (1,2)C (1,3)C (1,4)C
     * (2,3)D (2,4)D (3,4) tied in b -> nc - nd = 1, n1 = 0, n2 = 1:
     * tau_b = 1 / sqrt(6 * 5) */
    double x[] = {1, 2, 3, 4}, y[] = {1, 3, 2, 2};
    CHECK_REL(nqpf_kendall_tau_b(x, y, 4), 1 / sqrt(30.0), 1e-15);
}

static double brute_tau_b(const double *a, const double *b, size_t n)
{
    long long nc = 0, nd = 0, ta = 0, tb = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double da = a[i] - a[j], db = b[i] - b[j];
            if (da == 0 && db == 0)
                continue;
            if (da == 0)
                ta++;
            else if (db == 0)
                tb++;
            else if ((da > 0) == (db > 0))
                nc++;
            else
                nd++;
        }
    /* n0 - n1 = pairs not tied in a = nc + nd + tb; likewise for b */
    return (double)(nc - nd) / sqrt((double)(nc + nd + tb) * (double)(nc + nd + ta));
}

static void test_brute_force(void)
{
    enum { N = 500 };
    static double a[N], b[N];
    unsigned long long s = 7;
    for (int rep = 0; rep < 5; rep++) {
        for (size_t i = 0; i < N; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            a[i] = (double)((s >> 33) % (rep == 0 ? 1000000u : 7u + 10u * (unsigned)rep));
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            /* correlated with a, with many ties */
            b[i] = floor(a[i] / 3) + (double)((s >> 33) % 5u);
        }
        CHECK_ABS(nqpf_kendall_tau_b(a, b, N), brute_tau_b(a, b, N), 1e-12);
    }
}

static int driver(void)
{
    size_t n = 0;
    if (scanf("%zu", &n) != 1 || n == 0)
        return 2;
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    for (size_t i = 0; i < n; i++)
        if (scanf("%lf %lf", &a[i], &b[i]) != 2)
            return 2;
    printf("%.17g %.17g\n", nqpf_kendall_tau_b(a, b, n), nqpf_spearman(a, b, n));
    free(a);
    free(b);
    return 0;
}

/* Large inputs are sorted by radix: the ranks must equal a direct count
 * (1 + number of larger values, ties sharing the lowest rank), with ties,
 * negatives, zeros of both signs and huge/tiny magnitudes. */
static void test_rank_radix_matches_definition(void)
{
    size_t n = 3000;
    double *x = malloc(n * sizeof *x), *r = malloc(n * sizeof *r);
    unsigned long long st = 5;
    for (size_t i = 0; i < n; i++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        int kind = (int)(st >> 60) % 5;
        double u = (double)(st >> 11) / 9007199254740992.0;
        x[i] = kind == 0 ? (double)((st >> 20) % 7) - 3.0 : kind == 1 ? -0.0 : kind == 2 ? u * 1e300 : kind == 3 ? -u * 1e-300 : u;
    }
    nqpf_error err;
    CHECK(nqpf_rank_desc(x, n, NQPF_RANK_MIN, r, &err) == NQPF_OK);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        size_t larger = 0;
        for (size_t j = 0; j < n; j++)
            larger += x[j] > x[i];
        bad += r[i] != (double)(larger + 1);
    }
    CHECK(bad == 0);
    free(x);
    free(r);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--driver") == 0)
        return driver();
    RUN(test_rank_ties);
    RUN(test_small_cases);
    RUN(test_brute_force);
    RUN(test_rank_radix_matches_definition);
    return test_done();
}
