/* nqpf dea --rts-test B: the Simar-Wilson (2002) test of constant against
 * variable returns to scale (library: nqpf_dea_rts_test_run, dea.h).
 * Output: [period,]statistic,p_value,critical_value,bandwidth,reps,level,
 * model; one row per frontier. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_price_cli.h"
#include "nqpf/dea_opts.h"
#include "nqpf/dist.h"
#include "nqpf/output.h"

int nqpf_cli_dea_rts_test(nqpf_cmd_ctx *c, const nqpf_dea_input *in, const nqpf_dea_job *job,
                          nqpf_error *err)
{
    const nqpf_optval *o = c->v;
    static const int NOT[] = {NQPF_DO_BOOTSTRAP, NQPF_DO_BOOT_REPS, NQPF_DO_CHECKPOINT, NQPF_DO_META,
                              NQPF_DO_ECONOMIC, NQPF_DO_WEIGHTS, NQPF_DO_SUPER, NQPF_DO_SLACKS};
    for (size_t k = 0; k < sizeof NOT / sizeof NOT[0]; k++)
        if (o[NOT[k]].seen && (NOT[k] != NQPF_DO_ECONOMIC || o[NOT[k]].i))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--rts-test takes no --%s", NQPF_DEA_OPTS[NOT[k]].name);
    if (job->dist && job->dist->size > 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--rts-test runs on one MPI rank");
    const char *period = o[NQPF_DO_PERIOD].text;
    size_t n = job->n, m = job->spec.m, s = job->spec.s, B = o[NQPF_DO_RTS_TEST].z;
    int per = period && job->frontier == NQPF_DEA_CONTEMPORANEOUS;
    size_t T = per ? job->n_periods : 1;
    double alpha = 1.0 - o[NQPF_DO_LEVEL].num;
    if (period && !per)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--rts-test with --period tests each period's frontier (contemporaneous) or, without "
                         "--period, all rows together");
    double *x = malloc((n * m + 1) * sizeof(double)), *y = malloc((n * s + 1) * sizeof(double));
    nqpf_dea_rts_test *res = calloc(T, sizeof *res);
    size_t *cnt = calloc(T, sizeof(size_t));
    int rc = x && y && res && cnt ? NQPF_OK : nqpf_fail_nomem(err);
    for (size_t tt = 0; tt < T && !rc; tt++) {
        size_t k = 0; /* the rows of frontier tt, in row order */
        for (size_t i = 0; i < n; i++)
            if (!per || job->period[i] == tt) {
                memcpy(x + k * m, job->x + i * m, m * sizeof(double));
                memcpy(y + k * s, job->y + i * s, s * sizeof(double));
                k++;
            }
        cnt[tt] = k;
        if (k)
            rc = nqpf_dea_rts_test_run(&job->spec, x, y, k, B, (uint64_t)o[NQPF_DO_SEED].z, (uint64_t)tt * B,
                                       o[NQPF_DO_BANDWIDTH].num, alpha, job->no_frame, &res[tt], NULL, err);
    }
    if (!rc)
        rc = cmd_open_out(c, c->spec, err); /* committed by the runner */
    if (!rc) {
        FILE *fp = c->fp;
        if (per)
            nqpf_csv_put_field(fp, period), fputc(',', fp);
        fputs("statistic,p_value,critical_value,bandwidth,reps,level,model\n", fp);
        for (size_t tt = 0; tt < T; tt++) {
            if (!cnt[tt])
                continue;
            if (per)
                nqpf_csv_put_field(fp, nqpf_dea_input_text(in->period, in->period_row[tt])), fputc(',', fp);
            const double v[4] = {res[tt].S, res[tt].p, res[tt].crit, res[tt].h};
            for (size_t k = 0; k < 4; k++)
                nqpf_csv_put_num(fp, v[k]), fputc(',', fp);
            fprintf(fp, "%zu,", res[tt].reps_ok);
            nqpf_csv_put_num(fp, o[NQPF_DO_LEVEL].num);
            fprintf(fp, ",rts-test-radial-%s-crs-vs-vrs\n", NQPF_DEA_ORIENT_NAMES[job->spec.orient]);
        }
    }
    free(x);
    free(y);
    free(res);
    free(cnt);
    return rc;
}
