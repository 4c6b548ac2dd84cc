/* Aggregation of a normalised matrix into one score per row: weighted sum,
 * weighted geometric mean, TOPSIS closeness and grey relational grade. */
#include "nqpf/index_methods.h"

#include <math.h>
#include <stdlib.h>

#include "colstats.h"

/* Rows are independent, so parallel row loops are deterministic. */
#define ROWS_PAR(m) ((m) > 4 * NQPF_IDX_BLOCK)

void nqpf_aggregate_weighted_ext(nqpf_rowview z, size_t m, size_t n, const double *w, double *score, size_t stride)
{
#pragma omp parallel for schedule(static) if (ROWS_PAR(m))
    for (size_t i = 0; i < m; i++) {
        const double *row = z.z + i * z.ld;
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += w[j] * row[z.cols ? z.cols[j] : j];
        score[i * stride] = s;
    }
}

void nqpf_aggregate_weighted(const double *z, size_t m, size_t n, const double *w, double *score)
{
    nqpf_aggregate_weighted_ext((nqpf_rowview){z, n, NULL}, m, n, w, score, 1);
}

int nqpf_aggregate_geometric_ext(nqpf_rowview z, size_t m, size_t n, const double *w, double *score,
                                 size_t stride, nqpf_error *err)
{
    int bad = 0;
#pragma omp parallel for schedule(static) if (ROWS_PAR(m)) reduction(| : bad)
    for (size_t i = 0; i < m; i++) {
        const double *row = z.z + i * z.ld;
        double s = 0;
        for (size_t j = 0; j < n; j++) {
            double x = row[z.cols ? z.cols[j] : j];
            if (!(x > 0) || !isfinite(x))
                bad = 1;
            else
                s += w[j] * log(x);
        }
        score[i * stride] = exp(s);
    }
    if (bad)
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) {
                double x = z.z[i * z.ld + (z.cols ? z.cols[j] : j)];
                if (!(x > 0) || !isfinite(x))
                    return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                                     "row %zu, column %zu: the geometric aggregation needs "
                                     "values > 0 (found %g); use a shift such as 0.0001",
                                     i + 1, j + 1, x);
            }
    return NQPF_OK;
}

int nqpf_aggregate_geometric(const double *z, size_t m, size_t n, const double *w, double *score,
                             nqpf_error *err)
{
    return nqpf_aggregate_geometric_ext((nqpf_rowview){z, n, NULL}, m, n, w, score, 1, err);
}

static int check_weights(const double *w, size_t n, nqpf_error *err)
{
    for (size_t j = 0; j < n; j++)
        if (!(w[j] >= 0) || !isfinite(w[j]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "column %zu: TOPSIS weight must be a finite number >= 0 (got %g)",
                             j + 1, w[j]);
    return NQPF_OK;
}

/* Closeness of one row from its squared distances (sp to the ideal, sm to
 * the anti-ideal); 0 when the two points coincide (0/0, reported). */
static inline int topsis_close(double sp, double sm, size_t i, double *score, size_t stride, double *dplus,
                               double *dminus)
{
    double dp = sqrt(sp), dm = sqrt(sm);
    if (dplus)
        dplus[i] = dp;
    if (dminus)
        dminus[i] = dm;
    if (dp + dm > 0) {
        score[i * stride] = dm / (dp + dm);
        return 0;
    }
    score[i * stride] = NAN;
    return 1;
}

/* Rows i0..i1 of the TOPSIS pass.  Two rows go through the columns side by
 * side: each row's sums are still added column by column in order (the same
 * operations as one row at a time, so the same bits), but the four running
 * sums are independent, so the additions no longer wait on each other (one
 * row's sum is a chain of n dependent additions).  Inlined with cols NULL
 * or not, so that neither copy tests cols per element. */
static inline __attribute__((always_inline)) int topsis_rows(const double *zz, size_t ld, const size_t *cols,
                                                             size_t i0, size_t i1, size_t n, const double *w,
                                                             const double *lo, const double *hi, double *score,
                                                             size_t stride, double *dplus, double *dminus)
{
    int degenerate = 0;
    size_t i = i0;
    for (; i + 1 < i1; i += 2) {
        const double *r0 = zz + i * ld, *r1 = r0 + ld;
        double sp0 = 0, sm0 = 0, sp1 = 0, sm1 = 0;
        for (size_t j = 0; j < n; j++) {
            size_t c = cols ? cols[j] : j;
            double v0 = w[j] * r0[c], v1 = w[j] * r1[c];
            sp0 += (v0 - hi[j]) * (v0 - hi[j]);
            sm0 += (v0 - lo[j]) * (v0 - lo[j]);
            sp1 += (v1 - hi[j]) * (v1 - hi[j]);
            sm1 += (v1 - lo[j]) * (v1 - lo[j]);
        }
        degenerate |= topsis_close(sp0, sm0, i, score, stride, dplus, dminus);
        degenerate |= topsis_close(sp1, sm1, i + 1, score, stride, dplus, dminus);
    }
    for (; i < i1; i++) {
        const double *row = zz + i * ld;
        double sp = 0, sm = 0;
        for (size_t j = 0; j < n; j++) {
            double v = w[j] * row[cols ? cols[j] : j];
            sp += (v - hi[j]) * (v - hi[j]);
            sm += (v - lo[j]) * (v - lo[j]);
        }
        degenerate |= topsis_close(sp, sm, i, score, stride, dplus, dminus);
    }
    return degenerate;
}

/* Rows are cut into blocks of this many for the threads. */
#define TOPSIS_ROWS ((size_t)4096)

int nqpf_topsis_ext(nqpf_rowview z, size_t m, size_t n, const double *w, const double *zmin,
                    const double *zmax, double *score, size_t stride, double *dplus, double *dminus,
                    nqpf_error *err)
{
    int rc = check_weights(w, n, err);
    if (rc || m == 0)
        return rc;
    double *lo = malloc((n ? n : 1) * sizeof *lo), *hi = malloc((n ? n : 1) * sizeof *hi);
    if (!lo || !hi) {
        free(lo);
        free(hi);
        return nqpf_fail_nomem(err);
    }
    /* w >= 0 and rounding is monotone, so max_i (w z_ij) = w max_i z_ij
     * exactly: the ideal points come from the column extremes. */
    for (size_t j = 0; j < n; j++) {
        hi[j] = zmax[j] * w[j];
        lo[j] = zmin[j] * w[j];
    }
    int degenerate = 0;
    size_t nb = (m + TOPSIS_ROWS - 1) / TOPSIS_ROWS;
#pragma omp parallel for schedule(static) if (ROWS_PAR(m)) reduction(| : degenerate)
    for (size_t b = 0; b < nb; b++) {
        size_t i0 = b * TOPSIS_ROWS, i1 = i0 + TOPSIS_ROWS < m ? i0 + TOPSIS_ROWS : m;
        degenerate |= z.cols ? topsis_rows(z.z, z.ld, z.cols, i0, i1, n, w, lo, hi, score, stride, dplus, dminus)
                             : topsis_rows(z.z, z.ld, NULL, i0, i1, n, w, lo, hi, score, stride, dplus, dminus);
    }
    if (degenerate)
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "TOPSIS closeness is 0/0: every weighted indicator is constant, so "
                       "the ideal and anti-ideal points coincide");
    free(lo);
    free(hi);
    return rc;
}

/* nqpf_topsis with the extremes' buffers (n each) given by the caller. */
static int topsis_into(const double *z, size_t m, size_t n, const double *w, double *score, double *dplus,
                       double *dminus, double *lo, double *hi, nqpf_error *err)
{
    if (m == 0)
        return NQPF_OK;
    int rc = check_weights(w, n, err);
    if (rc == NQPF_OK)
        rc = nqpf_idx_colscan(z, m, n, NULL, lo, hi, err);
    if (rc == NQPF_OK)
        rc = nqpf_topsis_ext((nqpf_rowview){z, n, NULL}, m, n, w, lo, hi, score, 1, dplus, dminus, err);
    return rc;
}

int nqpf_topsis(const double *z, size_t m, size_t n, const double *w, double *score, double *dplus,
                double *dminus, nqpf_error *err)
{
    double *lo = malloc((n ? n : 1) * sizeof *lo), *hi = malloc((n ? n : 1) * sizeof *hi);
    int rc = (!lo || !hi) ? nqpf_fail_nomem(err) : topsis_into(z, m, n, w, score, dplus, dminus, lo, hi, err);
    free(lo);
    free(hi);
    return rc;
}

int nqpf_topsis_extremes(const double *z, size_t m, size_t n, const double *w, double *score, double *zmin,
                         double *zmax, nqpf_error *err)
{
    return topsis_into(z, m, n, w, score, NULL, NULL, zmin, zmax, err);
}

/* Column extremes and the global delta range of Deng's GRA with the column
 * maximum as reference: delta_ij = max_j - z_ij, so per column the smallest
 * delta is 0 and the largest max_j - min_j (exact: rounding is monotone). */
/* Deng's GRA with the column maximum as reference: delta_ij = max_j - z_ij,
 * so per column the smallest delta is 0 and the largest max_j - min_j
 * (exact: rounding is monotone).  From given column extremes: */
static int gra_range(const double *zmin, const double *zmax, size_t n, double rho, double *dmin, double *dmax,
                     nqpf_error *err)
{
    if (!(rho > 0 && rho <= 1))
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                         "grey relational distinguishing coefficient rho must be in (0, 1] "
                         "(got %g; 0.5 is usual)",
                         rho);
    double b = 0;
    for (size_t j = 0; j < n; j++)
        b = zmax[j] - zmin[j] > b ? zmax[j] - zmin[j] : b;
    *dmin = 0.0;
    *dmax = b;
    if (!(b > 0))
        return nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                         "grey relational coefficients are 0/0: every indicator is constant "
                         "(maximum deviation is 0)");
    return NQPF_OK;
}

static int gra_setup(const double *z, size_t m, size_t n, double rho, double *ref, double *dmin,
                     double *dmax, nqpf_error *err)
{
    if (m == 0 || n == 0)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "grey relational analysis of an empty matrix");
    double *lo = malloc(n * sizeof *lo);
    if (!lo)
        return nqpf_fail_nomem(err);
    int rc = nqpf_idx_colscan(z, m, n, NULL, lo, ref, err);
    if (rc == NQPF_OK)
        rc = gra_range(lo, ref, n, rho, dmin, dmax, err);
    free(lo);
    return rc;
}

int nqpf_gra_ext(nqpf_rowview z, size_t m, size_t n, const double *w, double rho, const double *zmin,
                 const double *zmax, double *score, size_t stride, nqpf_error *err)
{
    double a = 0, b = 0;
    int rc = gra_range(zmin, zmax, n, rho, &a, &b, err);
    if (rc)
        return rc;
#pragma omp parallel for schedule(static) if (ROWS_PAR(m))
    for (size_t i = 0; i < m; i++) {
        const double *row = z.z + i * z.ld;
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += w[j] * (a + rho * b) / (fabs(zmax[j] - row[z.cols ? z.cols[j] : j]) + rho * b);
        score[i * stride] = s;
    }
    return NQPF_OK;
}

int nqpf_gra_xi(const double *z, size_t m, size_t n, double rho, double *xi, double *dmin,
                double *dmax, nqpf_error *err)
{
    double *ref = malloc((n ? n : 1) * sizeof *ref), a = 0, b = 0;
    if (!ref)
        return nqpf_fail_nomem(err);
    int rc = gra_setup(z, m, n, rho, ref, &a, &b, err);
    if (rc == NQPF_OK) {
#pragma omp parallel for schedule(static) if (ROWS_PAR(m))
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++)
                xi[i * n + j] = (a + rho * b) / (fabs(ref[j] - z[i * n + j]) + rho * b);
        if (dmin)
            *dmin = a;
        if (dmax)
            *dmax = b;
    }
    free(ref);
    return rc;
}

int nqpf_gra(const double *z, size_t m, size_t n, const double *w, double rho, double *score,
             nqpf_error *err)
{
    if (m == 0 || n == 0)
        return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "grey relational analysis of an empty matrix");
    double *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
    int rc = (!lo || !hi) ? nqpf_fail_nomem(err) : nqpf_idx_colscan(z, m, n, NULL, lo, hi, err);
    if (rc == NQPF_OK)
        rc = nqpf_gra_ext((nqpf_rowview){z, n, NULL}, m, n, w, rho, lo, hi, score, 1, err);
    free(lo);
    free(hi);
    return rc;
}
