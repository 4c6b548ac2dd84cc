/* nqpf dea --rts-test B: the Simar-Wilson (2002) test of constant against
 * variable returns to scale (library: nqpf_dea_rts_test_run, dea.h).
 * Output: [period,]statistic,p_value,critical_value,bandwidth,reps,level,
 * model; one row per frontier (dea_rts_table.c, shared with the report). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_price_cli.h"
#include "nqpf/dea_opts.h"
#include "nqpf/dea_rts_table.h"
#include "nqpf/dist.h"
#include "nqpf/output.h"

int nqpf_cli_dea_rts_test(nqpf_cmd_ctx *c, const nqpf_dea_input *in, const nqpf_dea_job *job,
                          nqpf_error *err)
{
    const nqpf_optval *o = c->v;
    if (job->dist && job->dist->size > 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--rts-test runs on one MPI rank");
    const char *period = o[NQPF_DO_PERIOD].text;
    int per = period != NULL; /* contemporaneous (nqpf_dea_opts_rts_test) */
    nqpf_dea_rts_tests t;
    int rc = nqpf_dea_rts_tests_run(job, per, o[NQPF_DO_RTS_TEST].z, (uint64_t)o[NQPF_DO_SEED].z,
                                    o[NQPF_DO_BANDWIDTH].num, 1.0 - o[NQPF_DO_LEVEL].num, &t, err);
    if (rc)
        return rc;
    const char **label = malloc((t.T + 1) * sizeof *label); /* the periods' texts */
    for (size_t tt = 0; label && per && tt < t.T; tt++)
        label[tt] = nqpf_dea_input_text(in->period, in->period_row[tt]);
    rc = label ? cmd_open_out(c, c->spec, err) : nqpf_fail_nomem(err); /* committed by the runner */
    if (!rc)
        nqpf_dea_rts_tests_write(c->fp, &t, period, label, o[NQPF_DO_LEVEL].num);
    free(label);
    nqpf_dea_rts_tests_free(&t);
    return rc;
}
