/* nqpf — the long CSV table of a GM(1,1) fit (nqpf_gm11_csv in grey.h):
 * the rows of `nqpf forecast`, written here so that the command only
 * picks the series. */
#include <math.h>
#include <stdio.h>

#include "nqpf/grey.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

/* unit,quantity,k,period,value; k 0 is written empty */
static void row(FILE *fp, const char *unit, const char *q, size_t k, const char *period, double v)
{
    char ks[32] = "";
    if (k)
        snprintf(ks, sizeof ks, "%zu", k);
    const char *f[] = {unit, q, ks, period};
    nqpf_csv_put_long(fp, f, 4, v);
}

void nqpf_gm11_csv(FILE *fp, const char *unit, const nqpf_gm11 *g, const double *x0, const double *fc,
                   char *const *period, double last, double step)
{
    static const char *const name[] = {"a", "b", "c1", "c2", "level_ratio_lo", "level_ratio_hi", "level_ratio_min",
                                       "level_ratio_max", "level_ratio_pass", "mean_rel_error", "S1", "S2", "C",
                                       "P", "grade", "rolling"};
    const double val[] = {g->a, g->b, g->c1, g->c2, g->lambda_lo, g->lambda_hi, g->lambda_min, g->lambda_max,
                          g->ratio_ok, g->mean_rel, g->S1, g->S2, g->C, g->P, g->grade, fc != NULL};
    size_t n = g->n;
    row(fp, unit, "n", 0, "", (double)n);
    for (size_t q = 0; q < sizeof val / sizeof *val; q++)
        row(fp, unit, name[q], 0, "", val[q]);
    for (size_t k = 0; k < n + g->horizon; k++) {
        char plab[64];
        if (k < n)
            snprintf(plab, sizeof plab, "%s", period[k]);
        else if (isfinite(step))
            nqpf_format_double(last + step * (double)(k - n + 1), plab, sizeof plab);
        else
            snprintf(plab, sizeof plab, "+%zu", k - n + 1);
        if (k < n) {
            row(fp, unit, "x0", k + 1, plab, x0[k]);
            if (k > 0)
                row(fp, unit, "level_ratio", k + 1, plab, g->lambda[k]);
        }
        row(fp, unit, "x1hat", k + 1, plab, g->x1hat[k]);
        row(fp, unit, "x0hat", k + 1, plab, k >= n && fc ? fc[k - n] : g->x0hat[k]);
        if (k < n) {
            row(fp, unit, "residual", k + 1, plab, g->resid[k]);
            row(fp, unit, "rel_error", k + 1, plab, g->rel[k]);
        }
    }
}
