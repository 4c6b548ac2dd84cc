/* Classic and spatial Markov chains against PySAL giddy's published test
 * values (US per-capita income, 48 states, 1929-2009). */
#include "../spatial/case.h"
#include "nqpf/markov.h"

#define MK "cases/compare/markov_spatial_markov_usjoin_giddy/"

static double *Y;   /* 48 x 81 */
static size_t N, T;

static void load(void)
{
    char path[1024];
    nqpf_table *t = NULL;
    nqpf_error err;
    if (nqpf_table_read(&t, test_ref(path, sizeof path, MK "data_usjoin_wide.csv"), 0, &err)) {
        fprintf(stderr, "  %s\n", err.msg);
        exit(1);
    }
    N = t->n_rows;
    T = t->n_cols - 2;
    Y = malloc(N * T * sizeof *Y);
    for (size_t s = 0; s < N; s++)
        for (size_t q = 0; q < T; q++)
            nqpf_table_number(t, s, q + 2, &Y[s * T + q], &err);
    nqpf_table_free(t);
}

static void test_classic_q5(void)
{
    static const double counts[25] = {729, 71, 1, 0, 0, 72, 567, 80, 3, 0, 0, 81, 631, 86, 2,
                                      0, 3, 86, 573, 56, 0, 0, 1, 57, 741};
    static const double pub_p[25] = {0.91011236, 0.0886392, 0.00124844, 0.0, 0.0,
                                     0.09972299, 0.78531856, 0.11080332, 0.00415512, 0.0,
                                     0.0, 0.10125, 0.78875, 0.1075, 0.0025,
                                     0.0, 0.00417827, 0.11977716, 0.79805014, 0.07799443,
                                     0.0, 0.0, 0.00125156, 0.07133917, 0.92740926};
    static const double pub_pi[5] = {0.20774716, 0.18725774, 0.20740537, 0.18821787, 0.20937187};
    static const double pub_m[25] = {4.81354357, 11.50292712, 29.60921231, 53.38594954, 103.59816743,
                                     42.04774505, 5.34023324, 18.74455332, 42.50023268, 92.71316899,
                                     69.25849753, 27.21075248, 4.82147603, 25.27184624, 75.43305672,
                                     84.90689329, 42.85914824, 17.18082642, 5.31299186, 51.60953369,
                                     98.41295543, 56.36521038, 30.66046735, 14.21158356, 4.77619083};
    static const double pub_soj[5] = {11.125, 4.65806452, 4.73372781, 4.95172414, 13.77586207};
    size_t *cls = malloc(N * T * sizeof *cls);
    double c[25], p[25], pi[5], m[25];
    nqpf_error err;
    CHECK(nqpf_markov_classes(Y, N, T, 5, NQPF_CLASS_PERIOD, NULL, cls, &err) == NQPF_OK);
    nqpf_markov_counts(cls, N, T, 5, c);
    for (int i = 0; i < 25; i++)
        CHECK(c[i] == counts[i]);
    nqpf_markov_probs(c, 5, 0, p);
    for (int i = 0; i < 25; i++)
        CHECK_ABS(p[i], pub_p[i], 0.5e-8);
    CHECK(nqpf_markov_steady(p, 5, pi, &err) == NQPF_OK);
    for (int i = 0; i < 5; i++)
        CHECK_ABS(pi[i], pub_pi[i], 0.5e-8);
    CHECK(nqpf_markov_mfpt(p, pi, 5, m, &err) == NQPF_OK);
    for (int i = 0; i < 25; i++)
        CHECK_ABS(m[i], pub_m[i], 0.5e-8 * fmax(1, fabs(pub_m[i])));
    for (int i = 0; i < 5; i++)
        CHECK_ABS(1 / (1 - p[i * 6]), pub_soj[i], 0.5e-8 * pub_soj[i]);
    /* first two years only: reducible chain with two closed classes */
    size_t *c2 = malloc(N * 2 * sizeof *c2);
    for (size_t s = 0; s < N; s++)
        c2[s * 2] = cls[s * T], c2[s * 2 + 1] = cls[s * T + 1];
    static const double two[25] = {10, 0, 0, 0, 0, 0, 8, 1, 0, 0, 0, 1, 9, 1, 0, 0, 0, 0, 8, 0, 0, 0, 0, 1, 9};
    nqpf_markov_counts(c2, N, 2, 5, c);
    for (int i = 0; i < 25; i++)
        CHECK(c[i] == two[i]);
    nqpf_markov_probs(c, 5, 0, p);
    CHECK(nqpf_markov_steady(p, 5, pi, &err) == NQPF_EMATH);
    CHECK(strstr(err.msg, "2 closed classes") != NULL);
    /* giddy test_markov Markov(q5[:, :2]): steady state per recurrent class
     * ({0}, {3}), first passage times with inf where j is never reached for sure */
    size_t cl[5], nc = 0;
    unsigned char closed[5];
    CHECK(nqpf_markov_structure(p, 5, cl, closed, &nc, &err) == NQPF_OK);
    CHECK(nc == 4 && cl[1] == cl[2] && closed[cl[0]] && !closed[cl[1]] && closed[cl[3]] && !closed[cl[4]]);
    CHECK(nqpf_markov_steady_class(p, 5, cl, cl[0], pi, &err) == NQPF_OK);
    CHECK(pi[0] == 1 && pi[1] == 0 && pi[3] == 0);
    CHECK(nqpf_markov_steady_class(p, 5, cl, cl[3], pi, &err) == NQPF_OK);
    CHECK(pi[3] == 1 && pi[0] == 0 && pi[4] == 0);
    const double I = INFINITY;
    static const double pub_m2[25] = {1, INFINITY, INFINITY, INFINITY, INFINITY, INFINITY, INFINITY, 9, 29, INFINITY,
                                      INFINITY, INFINITY, INFINITY, 20, INFINITY, INFINITY, INFINITY, INFINITY, 1,
                                      INFINITY, INFINITY, INFINITY, INFINITY, 10, INFINITY};
    CHECK(nqpf_markov_mfpt_general(p, 5, m, &err) == NQPF_OK);
    for (int i = 0; i < 25; i++)
        CHECK(pub_m2[i] == I ? isinf(m[i]) : fabs(m[i] - pub_m2[i]) <= 1e-12 * pub_m2[i]);
    /* irreducible q5 chain: the general passage times equal Kemeny-Snell's */
    nqpf_markov_counts(cls, N, T, 5, c);
    nqpf_markov_probs(c, 5, 0, p);
    CHECK(nqpf_markov_mfpt_general(p, 5, m, &err) == NQPF_OK);
    for (int i = 0; i < 25; i++)
        CHECK_REL(m[i], pub_m[i], 0.5e-8);
    free(c2);
    free(cls);
}

static void test_spatial_cutoffs(void)
{
    static const double pub[5][25] = {
        {0.96703297, 0.03296703, 0.0, 0.0, 0.0, 0.10638298, 0.68085106, 0.21276596, 0.0, 0.0,
         0.0, 0.14285714, 0.7755102, 0.08163265, 0.0, 0.0, 0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
        {0.88636364, 0.10606061, 0.00757576, 0.0, 0.0, 0.04402516, 0.89308176, 0.06289308, 0.0, 0.0,
         0.0, 0.05882353, 0.8627451, 0.07843137, 0.0, 0.0, 0.0, 0.13846154, 0.86153846, 0.0,
         0.0, 0.0, 0.0, 0.0, 1.0},
        {0.78082192, 0.17808219, 0.02739726, 0.01369863, 0.0, 0.03488372, 0.90406977, 0.05813953, 0.00290698, 0.0,
         0.0, 0.05919003, 0.84735202, 0.09034268, 0.00311526, 0.0, 0.0, 0.05811623, 0.92985972, 0.01202405,
         0.0, 0.0, 0.0, 0.14285714, 0.85714286},
        {0.82692308, 0.15384615, 0.0, 0.01923077, 0.0, 0.0703125, 0.7890625, 0.125, 0.015625, 0.0,
         0.00295858, 0.06213018, 0.82248521, 0.10946746, 0.00295858, 0.0, 0.00185529, 0.07606679, 0.88497217, 0.03710575,
         0.0, 0.0, 0.0, 0.07803468, 0.92196532},
        {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.06666667, 0.9, 0.03333333, 0.0,
         0.0, 0.0, 0.05660377, 0.90566038, 0.03773585, 0.0, 0.0, 0.0, 0.03932584, 0.96067416}};
    /* relative income: divide by each year's mean */
    double *r = malloc(N * T * sizeof *r);
    for (size_t q = 0; q < T; q++) {
        double m = 0;
        for (size_t s = 0; s < N; s++)
            m += Y[s * T + q];
        m /= (double)N;
        for (size_t s = 0; s < N; s++)
            r[s * T + q] = Y[s * T + q] / m;
    }
    char **ids = malloc(N * sizeof *ids);
    for (size_t s = 0; s < N; s++) {
        ids[s] = malloc(24);
        snprintf(ids[s], 24, "%zu", s + 1);
    }
    nqpf_weights *w = case_weights(MK "edges_states48.csv", ids, N, 'W');
    double cuts[4] = {0.8, 0.9, 1.0, 1.2};
    size_t *cls = malloc(N * T * sizeof *cls);
    double counts[125], p[25], pi[5];
    nqpf_error err;
    CHECK(nqpf_markov_classes(r, N, T, 5, NQPF_CLASS_CUTS, cuts, cls, &err) == NQPF_OK);
    CHECK(w && nqpf_spatial_markov_counts(w, r, cls, N, T, 5, 5, NQPF_CLASS_CUTS, cuts, counts, NULL, &err) == NQPF_OK);
    CHECK(counts[0] == 264 && counts[1] == 9 && counts[124] == 171);
    /* the panel lag: each period's row-standardised lag is the mean of the
     * neighbours' values in that period (giddy's ps.lag_spatial per year) */
    double *lag = malloc(N * T * sizeof *lag);
    CHECK(lag && nqpf_weights_lag_panel(w, r, N, T, lag, &err) == NQPF_OK);
    for (size_t s = 0; lag && s < N; s++)
        for (size_t t = 0; t < T; t += 20) {
            double sum = 0;
            size_t k = w->off[s + 1] - w->off[s];
            for (size_t q = w->off[s]; q < w->off[s + 1]; q++)
                sum += r[w->nbr[q] * T + t];
            CHECK_REL(lag[s * T + t], sum / (double)k, 1e-12);
        }
    free(lag);
    for (int l = 0; l < 5; l++) {
        nqpf_markov_probs(counts + 25 * l, 5, 0, p);
        for (int i = 0; i < 25; i++)
            CHECK_ABS(p[i], pub[l][i], 0.5e-8);
    }
    /* fill_empty: empty rows become identity rows */
    nqpf_markov_probs(counts, 5, 1, p);
    CHECK(p[24] == 1.0);
    nqpf_markov_probs(counts + 100, 5, 1, p);
    CHECK(p[0] == 1.0 && p[6] == 1.0);
    /* pooled quantiles (giddy fixed=True, k=m=5): steady state per lag class */
    static const double S[5][5] = {{0.43509425, 0.2635327, 0.20363044, 0.06841983, 0.02932278},
                                   {0.13391287, 0.33993305, 0.25153036, 0.23343016, 0.04119356},
                                   {0.12124869, 0.21137444, 0.2635101, 0.29013417, 0.1137326},
                                   {0.0776413, 0.19748806, 0.25352636, 0.22480415, 0.24654013},
                                   {0.01776781, 0.19964349, 0.19009833, 0.25524697, 0.3372434}};
    CHECK(nqpf_markov_classes(r, N, T, 5, NQPF_CLASS_POOLED, NULL, cls, &err) == NQPF_OK);
    CHECK(nqpf_spatial_markov_counts(w, r, cls, N, T, 5, 5, NQPF_CLASS_POOLED, NULL, counts, NULL, &err) == NQPF_OK);
    for (int l = 0; l < 5; l++) {
        nqpf_markov_probs(counts + 25 * l, 5, 0, p);
        CHECK(nqpf_markov_steady(p, 5, pi, &err) == NQPF_OK);
        for (int i = 0; i < 5; i++)
            CHECK_ABS(pi[i], S[l][i], 0.5e-8);
    }
    nqpf_weights_free(w);
    case_free_ids(ids, N);
    free(cls), free(r);
}

/* giddy test_ergodic: Kemeny & Snell's Land of Oz chain and the reducible
 * p2 = [[.5,.5,0],[.3,.7,0],[0,0,1]] (p3: its last row empty, filled) */
static void test_ergodic_giddy(void)
{
    static const double oz[9] = {.5, .25, .25, .5, 0, .5, .25, .25, .5};
    static const double oz_m[9] = {2.5, 4., 10. / 3, 8. / 3, 5., 8. / 3, 10. / 3, 4., 2.5};
    double m[9], pi[3], p3[9];
    size_t cl[3], nc;
    unsigned char closed[3];
    nqpf_error err;
    CHECK(nqpf_markov_mfpt_general(oz, 3, m, &err) == NQPF_OK);
    for (int i = 0; i < 9; i++)
        CHECK_REL(m[i], oz_m[i], 1e-12);
    CHECK(nqpf_markov_steady(oz, 3, pi, &err) == NQPF_OK);
    CHECK_REL(pi[0], 0.4, 1e-12);
    CHECK_REL(pi[1], 0.2, 1e-12);
    static const double cnt3[9] = {5, 5, 0, 3, 7, 0, 0, 0, 0};
    nqpf_markov_probs(cnt3, 3, 1, p3);
    CHECK(nqpf_markov_structure(p3, 3, cl, closed, &nc, &err) == NQPF_OK);
    CHECK(nc == 2 && closed[0] && closed[1] && cl[0] == 0 && cl[1] == 0 && cl[2] == 1);
    CHECK(nqpf_markov_steady_class(p3, 3, cl, 0, pi, &err) == NQPF_OK);
    CHECK_REL(pi[0], 0.375, 1e-12);
    CHECK_REL(pi[1], 0.625, 1e-12);
    CHECK(pi[2] == 0);
    CHECK(nqpf_markov_steady_class(p3, 3, cl, 1, pi, &err) == NQPF_OK);
    CHECK(pi[0] == 0 && pi[1] == 0 && pi[2] == 1);
    static const double p2_m[9] = {8. / 3, 2, INFINITY, 10. / 3, 1.6, INFINITY, INFINITY, INFINITY, 1};
    CHECK(nqpf_markov_mfpt_general(p3, 3, m, &err) == NQPF_OK);
    for (int i = 0; i < 9; i++)
        CHECK(isinf(p2_m[i]) ? isinf(m[i]) : fabs(m[i] - p2_m[i]) <= 1e-12 * p2_m[i]);
    /* giddy's docstring chain [[.5,.5,0],[.2,.8,0],[0,0,1]]: [[3.5,2,inf],[5,1.4,inf],[inf,inf,1]] */
    static const double d[9] = {.5, .5, 0, .2, .8, 0, 0, 0, 1};
    static const double d_m[9] = {3.5, 2, INFINITY, 5, 1.4, INFINITY, INFINITY, INFINITY, 1};
    CHECK(nqpf_markov_mfpt_general(d, 3, m, &err) == NQPF_OK);
    for (int i = 0; i < 9; i++)
        CHECK(isinf(d_m[i]) ? isinf(m[i]) : fabs(m[i] - d_m[i]) <= 1e-12 * d_m[i]);
}

/* Kullback et al. (1962) Table 9.2 as in giddy test_kullback: the
 * conditional-homogeneity information statistic is Bickenbach & Bode's LR
 * (160.96060031170782); dof: Kullback counts r(s-1)(r-1) = 30 cells, B&B
 * drop the pooled zero of row 4 (29).  Q against a numpy-free hand sum. */
static void test_homogeneity_kullback(void)
{
    static const double F[72] = {22, 11, 24, 2, 2, 7, 5, 23, 15, 3, 42, 6, 4, 21, 190, 25, 20, 34,
                                 0, 2, 14, 56, 14, 28, 32, 15, 20, 10, 56, 14, 5, 22, 31, 18, 13, 134,
                                 3, 6, 9, 3, 0, 8, 1, 9, 3, 12, 27, 5, 2, 9, 208, 32, 5, 18,
                                 0, 14, 32, 108, 40, 40, 22, 14, 9, 26, 224, 14, 1, 5, 13, 53, 13, 116};
    double q, lr, dof, qh = 0;
    nqpf_markov_homogeneity(F, 2, 6, &q, &lr, &dof);
    CHECK_REL(lr, 160.96060031170782, 1e-12);
    CHECK(dof == 29);
    for (int i = 0; i < 6; i++) {
        double n[2] = {0, 0};
        for (int j = 0; j < 6; j++)
            n[0] += F[i * 6 + j], n[1] += F[36 + i * 6 + j];
        for (int j = 0; j < 6; j++) {
            double p0 = (F[i * 6 + j] + F[36 + i * 6 + j]) / (n[0] + n[1]);
            for (int r = 0; r < 2; r++) {
                double d = F[r * 36 + i * 6 + j] / n[r] - p0;
                qh += p0 > 0 ? n[r] * d * d / p0 : 0;
            }
        }
    }
    CHECK_REL(q, qh, 1e-12);
    /* giddy test_LISA_Markov: chi2(transitions, expected_t) = 1058.207904, dof 9
     * (its expected_t printed to 9 significant digits) */
    static const double lt[16] = {1087, 44, 4, 34, 41, 470, 36, 1, 5, 34, 1422, 39, 30, 1, 40, 552};
    static const double le[16] = {1.12328098e03, 1.15377356e01, 3.47522158e-01, 3.38337644e01,
                                  3.50272664e00, 5.28473882e02, 1.59178880e01, 1.05503814e-01,
                                  1.53878082e-01, 2.32163556e01, 1.46690710e03, 9.72266513e00,
                                  9.60775143e00, 9.86856346e-02, 6.23537392e00, 6.07058189e02};
    double lx, ld;
    nqpf_markov_chi2(lt, le, 4, &lx, &ld);
    CHECK_REL(lx, 1058.207904, 1e-6);
    CHECK(ld == 9);
    /* chi2 of a matrix against itself is 0 */
    double st, df;
    nqpf_markov_chi2(F, F, 6, &st, &df);
    CHECK_ABS(st, 0, 1e-12);
    CHECK(df == 25);
}

static void test_quantiles(void)
{
    double x[5] = {5, 1, 3, 2, 4}, c[4];
    nqpf_error err;
    CHECK(nqpf_quantile_cuts(x, 5, 5, c, &err) == NQPF_OK);
    CHECK_ABS(c[0], 1.8, 1e-12);
    CHECK_ABS(c[3], 4.2, 1e-12);
    CHECK(nqpf_classify(1.8, c, 4) == 0 && nqpf_classify(1.9, c, 4) == 1 && nqpf_classify(9, c, 4) == 4);
    CHECK(nqpf_quantile_cuts(x, 5, 1, c, &err) == NQPF_EUSAGE);
}

int main(void)
{
    load();
    RUN(test_quantiles);
    RUN(test_ergodic_giddy);
    RUN(test_homogeneity_kullback);
    RUN(test_classic_q5);
    RUN(test_spatial_cutoffs);
    free(Y);
    return test_done();
}
