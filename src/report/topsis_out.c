/* nqpf — the TOPSIS tables of a report whose index aggregates by TOPSIS
 * (index.aggregate = topsis): each unit's distances D+ and D- to the
 * weighted ideal and anti-ideal points with its closeness C = D-/(D+ + D-),
 * and the ideal points themselves.  They are recomputed here from Z and
 * the weights by nqpf_topsis (the function the index uses) and printed only
 * when the closeness equals the index's score for every unit and period:
 * with a hierarchical system the total is not a TOPSIS of the indicators,
 * and a table of distances that did not make the scores would mislead. */
#include <math.h>
#include <stdlib.h>

#include "nqpf/index_methods.h"
#include "report_internal.h"

int report_topsis_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                         nqpf_error *err)
{
    size_t U = r->U, T = r->T, J = r->sys->n_ind, B = r->ix.per_period ? T : 1, m = U * T / B;
    double *Z = malloc(m * J * sizeof *Z), *C = malloc(U * T * sizeof *C);
    double *dp = malloc(U * T * sizeof *dp), *dm = malloc(U * T * sizeof *dm);
    double *hi = malloc(B * J * sizeof *hi), *lo = malloc(B * J * sizeof *lo);
    int rc = !Z || !C || !dp || !dm || !hi || !lo ? nqpf_fail_nomem(err) : NQPF_OK, same = 1;
    nqpf_error ignore;
    for (size_t b = 0; b < B && !rc && same; b++) {
        /* rows of block b in (unit, period) order: all periods, or period b */
        size_t i = 0, t0 = B > 1 ? b : 0, t1 = B > 1 ? b + 1 : T;
        for (size_t u = 0; u < U; u++)
            for (size_t t = t0; t < t1; t++, i++)
                for (size_t j = 0; j < J; j++)
                    Z[i * J + j] = *nqpf_panel_cell(r->panel, u, t, j);
        double *sc = malloc(m * sizeof *sc), *p = malloc(m * sizeof *p), *q = malloc(m * sizeof *q);
        const double *w = r->ix.w + b * J;
        if (!sc || !p || !q)
            rc = nqpf_fail_nomem(err);
        else if (nqpf_topsis(Z, m, J, w, sc, p, q, &ignore) != NQPF_OK)
            same = 0;
        for (size_t j = 0; j < J && !rc && same; j++) {
            hi[b * J + j] = -INFINITY, lo[b * J + j] = INFINITY;
            for (size_t k = 0; k < m; k++) {
                hi[b * J + j] = fmax(hi[b * J + j], w[j] * Z[k * J + j]);
                lo[b * J + j] = fmin(lo[b * J + j], w[j] * Z[k * J + j]);
            }
        }
        i = 0;
        for (size_t u = 0; u < U && !rc && same; u++)
            for (size_t t = t0; t < t1; t++, i++) {
                double s = r->ix.score[u * T + t];
                same &= fabs(sc[i] - s) <= 1e-12 * fmax(1, fabs(s));
                C[u * T + t] = sc[i], dp[u * T + t] = p[i], dm[u * T + t] = q[i];
            }
        free(sc), free(p), free(q);
    }
    if (!rc && same) {
        static const char *cz[] = {"地区", "D+", "D-", "贴近度C"}, *ce[] = {"unit", "D+", "D-", "C"};
        char cap[160];
        snprintf(cap, sizeof cap, en ? "TOPSIS distances and closeness, %s" : "%s年TOPSIS距离与贴近度",
                 r->panel->periods[T - 1]);
        rtable t;
        rt_init(&t, "topsis", cap, 4, en ? ce : cz);
        t.html = 1;
        for (size_t u = 0; u < U; u++) {
            size_t k = u * T + T - 1;
            rt_add(&t, unit_name(r, en, u), 0);
            RT_NUMS(&t, dp[k], dm[k], C[k]);
        }
        rc = report_emit(&t, tables, bom, 1, written, err);
        /* the ideal points of the block that scored the last period */
        static const char *iz[] = {"指标", "数据列", "权重", "正理想解", "负理想解"};
        static const char *ie[] = {"indicator", "column", "weight", "ideal", "anti-ideal"};
        if (!rc) {
            rt_init(&t, "topsis_ideal", en ? "TOPSIS ideal and anti-ideal points (weighted)" : "TOPSIS正、负理想解（加权）",
                    5, en ? ie : iz);
            t.html = 1;
            size_t b = B - 1;
            for (size_t j = 0; j < J; j++) {
                rt_add(&t, r->sys->ind[j].name, 0);
                rt_add(&t, r->sys->ind[j].column, 0);
                RT_NUMS(&t, r->ix.w[b * J + j], hi[b * J + j], lo[b * J + j]);
            }
            rc = report_emit(&t, tables, bom, 1, written, err);
        }
    }
    free(Z), free(C), free(dp), free(dm), free(hi), free(lo);
    return rc;
}
