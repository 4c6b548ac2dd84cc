/* nqpf — weights from point coordinates: k nearest neighbours and distance
 * bands (binary or inverse distance), Euclidean or great-circle. */
#include <math.h>
#include <stdlib.h>

#include "nqpf/spatial.h"
#include "nqpf/util.h"

#define EARTH_RADIUS_KM 6371.0088
#define DEG2RAD 0.017453292519943295

double nqpf_distance(nqpf_metric m, double x1, double y1, double x2, double y2)
{
    if (m == NQPF_METRIC_EUCLIDEAN)
        return hypot(x1 - x2, y1 - y2);
    /* Haversine: accurate for small and antipodal separations alike. */
    double p1 = y1 * DEG2RAD, p2 = y2 * DEG2RAD;
    double dp = p2 - p1, dl = (x2 - x1) * DEG2RAD;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1)
        a = 1;
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a));
}

/* A key increasing with the distance, cheaper than the distance itself:
 * the squared Euclidean distance, or the haversine term a. */
static inline double dist_key(nqpf_metric m, double x1, double y1, double x2, double y2)
{
    if (m == NQPF_METRIC_EUCLIDEAN)
        return (x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2);
    double p1 = y1 * DEG2RAD, p2 = y2 * DEG2RAD;
    double sp = sin((p2 - p1) / 2), sl = sin((x2 - x1) * DEG2RAD / 2);
    return sp * sp + cos(p1) * cos(p2) * sl * sl;
}

/* Finite coordinates; for great-circle distances, longitudes and latitudes
 * (a point outside them, as from a projected map, would give meaningless
 * distances silently). */
static int check_coords(size_t n, char *const *ids, const double *x, const double *y, nqpf_metric m,
                        nqpf_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "coordinates of unit '%s' are not finite",
                             ids ? ids[i] : "?");
        if (m == NQPF_METRIC_GREATCIRCLE && (fabs(x[i]) > 180 || fabs(y[i]) > 90))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0,
                             "point (%g, %g) of unit '%s' is not a longitude/latitude (|lon| <= 180, |lat| <= 90), "
                             "which great-circle distances need: use --metric euclidean for projected coordinates",
                             x[i], y[i], ids ? ids[i] : "?");
    }
    return NQPF_OK;
}

int nqpf_weights_knn(nqpf_weights **out, size_t n, char *const *ids, const double *x,
                     const double *y, size_t k, nqpf_metric m, nqpf_error *err)
{
    *out = NULL;
    if (k < 1 || k >= n)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--knn %zu needs 1 <= k < number of units (%zu)", k, n);
    int rc = check_coords(n, ids, x, y, m, err);
    if (rc)
        return rc;
    size_t *from = malloc(n * k * sizeof *from), *to = malloc(n * k * sizeof *to);
    double *bd = malloc(n * k * sizeof *bd);
    if (!from || !to || !bd) {
        free(from), free(to), free(bd);
        return nqpf_fail_nomem(err);
    }
    /* Each row keeps its k best (distance, index) pairs in insertion-sorted
     * order; rows are independent, so threads never share state. */
#pragma omp parallel for schedule(dynamic, 64)
    for (size_t i = 0; i < n; i++) {
        size_t *bi = to + i * k;
        double *bdist = bd + i * k;
        size_t have = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            /* ties keep the lower index, offered first */
            nqpf_smallest_k(bdist, bi, &have, k, dist_key(m, x[i], y[i], x[j], y[j]), j);
        }
        for (size_t q = 0; q < k; q++)
            from[i * k + q] = i;
    }
    rc = nqpf_weights_from_edges(out, n, ids, n * k, from, to, NULL, err);
    free(from), free(to), free(bd);
    return rc;
}

int nqpf_weights_distance(nqpf_weights **out, size_t n, char *const *ids, const double *x,
                          const double *y, double band, double power, nqpf_metric m,
                          nqpf_error *err)
{
    *out = NULL;
    if (!(band > 0))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the distance band must be positive");
    int rc = check_coords(n, ids, x, y, m, err);
    if (rc)
        return rc;
    size_t cap = 0, e = 0;
    size_t *from = NULL, *to = NULL;
    double *wt = NULL;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            double d = nqpf_distance(m, x[i], y[i], x[j], y[j]);
            if (!(d > 0 && d <= band))
                continue;
            if (e == cap) {
                size_t nc = cap ? 2 * cap : 1024;
                size_t *f2 = realloc(from, nc * sizeof *f2);
                if (f2)
                    from = f2;
                size_t *t2 = realloc(to, nc * sizeof *t2);
                if (t2)
                    to = t2;
                double *w2 = realloc(wt, nc * sizeof *w2);
                if (w2)
                    wt = w2;
                if (!f2 || !t2 || !w2) {
                    free(from), free(to), free(wt);
                    return nqpf_fail_nomem(err);
                }
                cap = nc;
            }
            from[e] = i;
            to[e] = j;
            wt[e] = power > 0 ? pow(d, -power) : 1.0;
            e++;
        }
    rc = nqpf_weights_from_edges(out, n, ids, e, from, to, wt, err);
    free(from), free(to), free(wt);
    return rc;
}
