/* nqpf — the returns-to-scale test per frontier and its table (see
 * dea_rts_table.h): one place for `nqpf dea --rts-test` and the report. */
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "dea_periods.h"
#include "nqpf/dea_opts.h"
#include "nqpf/dea_rts_table.h"
#include "nqpf/output.h"

int nqpf_dea_rts_tests_run(const nqpf_dea_job *job, int per_period, size_t B, uint64_t seed, double h,
                           double alpha, nqpf_dea_rts_tests *out, nqpf_error *err)
{
    size_t n = job->n, m = job->spec.m, s = job->spec.s, T = per_period ? job->n_periods : 1;
    memset(out, 0, sizeof *out);
    double *x = malloc((n * m + 1) * sizeof(double)), *y = malloc((n * s + 1) * sizeof(double));
    out->res = calloc(T + 1, sizeof *out->res);
    out->count = calloc(T + 1, sizeof *out->count);
    out->T = T, out->per_period = per_period, out->orient = job->spec.orient;
    nqpf_dea_periods per; /* rows bucketed by frontier once, not a scan of all rows per frontier */
    int per_bad = nqpf_dea_periods_init(&per, job, T);
    int rc = x && y && out->res && out->count && !per_bad ? NQPF_OK : nqpf_fail_nomem(err);
    for (size_t tt = 0; tt < T && !rc; tt++) {
        size_t k; /* the rows of frontier tt, in row order */
        const size_t *rows = nqpf_dea_periods_rows(&per, tt, &k);
        nqpf_dea_gather(x, job->x, rows, k, m);
        nqpf_dea_gather(y, job->y, rows, k, s);
        out->count[tt] = k;
        if (k)
            rc = nqpf_dea_rts_test_run(&job->spec, x, y, k, B, seed, (uint64_t)tt * B, h, alpha, job->no_frame,
                                       &out->res[tt], NULL, err);
    }
    nqpf_dea_periods_free(&per);
    free(x);
    free(y);
    if (rc)
        nqpf_dea_rts_tests_free(out);
    return rc;
}

void nqpf_dea_rts_tests_write(FILE *fp, const nqpf_dea_rts_tests *t, const char *period_col,
                              const char *const *label, double level)
{
    if (t->per_period)
        nqpf_csv_put_field(fp, period_col), fputc(',', fp);
    fputs("statistic,p_value,critical_value,bandwidth,reps,level,model\n", fp);
    for (size_t tt = 0; tt < t->T; tt++) {
        if (!t->count[tt])
            continue;
        if (t->per_period)
            nqpf_csv_put_field(fp, label[tt]), fputc(',', fp);
        const nqpf_dea_rts_test *r = &t->res[tt];
        const double v[4] = {r->S, r->p, r->crit, r->h};
        for (size_t k = 0; k < 4; k++)
            nqpf_csv_put_num(fp, v[k]), fputc(',', fp);
        fprintf(fp, "%zu,", r->reps_ok);
        nqpf_csv_put_num(fp, level);
        fprintf(fp, ",rts-test-radial-%s-crs-vs-vrs\n", NQPF_DEA_ORIENT_NAMES[t->orient]);
    }
}

void nqpf_dea_rts_tests_free(nqpf_dea_rts_tests *t)
{
    free(t->res);
    free(t->count);
    memset(t, 0, sizeof *t);
}
