/* nqpf — the coupling-coordination table (nqpf_coupling_csv in
 * diagnose.h): the rows of `nqpf couple`, computed and written here so
 * that the command only reads and checks the indices. */
#include <stdio.h>
#include <stdlib.h>

#include "nqpf/diagnose.h"
#include "nqpf/output.h"

int nqpf_coupling_csv(FILE *fp, const double *U, size_t n, char *const *systems, size_t ns, const double *alpha,
                      nqpf_coupling_kind kind, const size_t *period, char *const *period_label, size_t n_periods,
                      const size_t *unit, char *const *unit_label, nqpf_error *err)
{
    double *u = malloc((ns + 1) * sizeof *u); /* one case's indices */
    size_t *order = malloc((n + 1) * sizeof *order); /* the cases in period order, case order within one */
    long cases = u && order ? nqpf_order_by_code(period, n, n_periods, order, NULL) : -1;
    if (cases < 0) {
        free(u), free(order);
        return nqpf_fail_nomem(err);
    }
    fputs("period,unit", fp);
    for (size_t j = 0; j < ns; j++) {
        fputc(',', fp);
        nqpf_csv_put_field(fp, systems[j]);
    }
    fputs(",C,T,D,level,level_zh,level_en,coupling\n", fp);
    int rc = NQPF_OK;
    for (size_t x = 0; x < (size_t)cases && !rc; x++) {
        size_t r = order[x], q = period[r];
        double C, T, D;
        for (size_t j = 0; j < ns; j++)
            u[j] = U[j * n + r];
        if ((rc = nqpf_coupling(u, ns, alpha, kind, &C, &T, &D, err)))
            break;
        int cls = nqpf_coupling_class(D);
        nqpf_csv_put_cells(fp, "ss", period_label[q], unit_label[unit[r]]);
        for (size_t j = 0; j < ns; j++) {
            fputc(',', fp);
            nqpf_csv_put_num(fp, u[j]);
        }
        fputc(',', fp);
        nqpf_csv_put_cells(fp, "nnn", C, T, D);
        fprintf(fp, ",%d,%s,%s,%s\n", cls, nqpf_coupling_class_zh(cls), nqpf_coupling_class_en(cls),
                nqpf_coupling_name(kind));
    }
    free(u), free(order);
    return rc;
}
