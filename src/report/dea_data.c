/* nqpf — the rows that the report's DEA sections ([malmquist], [dea])
 * score, read from the project's data file exactly as `nqpf malmquist` and
 * `nqpf dea` read them: one row per line of the file, units in order of
 * first appearance, periods in numeric order when every label is a number
 * (else as text).  DEA data are used as published (nqpf_dea_read_columns):
 * a missing or negative cell is an error at FILE:LINE:COL, because a filled
 * value would become a frontier point.  (unit, period) pairs were already
 * checked unique by the index's panel reader, which reads the same file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "report_internal.h"

/* Periods ranked (prow) and labelled (d->period), units numbered in order
 * of first appearance (urow) and named (d->unit). */
static int index_rows(report_dea_data *d, nqpf_error *err)
{
    size_t n = d->n;
    size_t *first = malloc((n + 1) * sizeof(size_t));
    nqpf_strmap units = {0};
    int rc = !first ? nqpf_fail_nomem(err) : nqpf_table_rank_column(d->t, d->pcol, d->prow, &d->T, first, err);
    for (size_t k = 0; !rc && k < d->T; k++)
        if (!(d->period[k] = nqpf_strdup(nqpf_table_get(d->t, first[k], d->pcol))))
            rc = nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < n; i++) {
        const char *us = nqpf_table_get(d->t, i, d->ucol);
        int ins = 0;
        long id = nqpf_strmap_intern(&units, us, strlen(us), &ins);
        if (id < 0) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        if (ins)
            first[d->U++] = i;
        d->urow[i] = (size_t)id;
    }
    if (!rc && !(d->unit = calloc(d->U + 1, sizeof(char *))))
        rc = nqpf_fail_nomem(err);
    for (size_t u = 0; !rc && u < d->U; u++)
        if (!(d->unit[u] = nqpf_strdup(nqpf_table_get(d->t, first[u], d->ucol))))
            rc = nqpf_fail_nomem(err);
    nqpf_strmap_free(&units);
    free(first);
    return rc;
}

int report_dea_load(nqpf_report *r, report_dea_data *d, nqpf_error *err)
{
    int rc;
    const nqpf_project_section *ds = nqpf_project_section_get(r->proj, "data");
    const char *ucol = nqpf_project_get(ds, "unit")->value, *pcol = nqpf_project_get(ds, "period")->value;
    if ((rc = nqpf_table_read(&d->t, r->data_path, r->iopt.encoding, err)) ||
        (rc = nqpf_table_require(d->t, ucol, &d->ucol, err)) || (rc = nqpf_table_require(d->t, pcol, &d->pcol, err)))
        return rc;
    size_t n = d->n = d->t->n_rows;
    double *tmp = malloc((n + 1) * sizeof(double));
    d->X = malloc((n * d->k[0] + 1) * sizeof(double));
    d->Y = malloc((n * d->k[1] + 1) * sizeof(double));
    d->B = malloc((n * d->k[2] + 1) * sizeof(double));
    d->prow = malloc((n + 1) * sizeof(size_t));
    d->urow = malloc((n + 1) * sizeof(size_t));
    d->period = calloc(n + 1, sizeof(char *));
    if (!tmp || !d->X || !d->Y || !d->B || !d->prow || !d->urow || !d->period)
        rc = nqpf_fail_nomem(err);
    double *dst[3] = {d->X, d->Y, d->B};
    for (int v = 0; v < 3 && !rc; v++)
        rc = nqpf_dea_read_columns(d->t, d->name[v], d->k[v], dst[v], tmp, err);
    free(tmp);
    return rc ? rc : index_rows(d, err);
}

void report_dea_data_free(report_dea_data *d)
{
    nqpf_table_free(d->t);
    free(d->X), free(d->Y), free(d->B), free(d->prow), free(d->urow);
    report_strv_free(d->unit);
    report_strv_free(d->period);
    memset(d, 0, sizeof *d);
}
