/* nqpf dea --economic K --input-prices W --output-prices P: economic
 * efficiency and its technical x allocative decomposition (library:
 * nqpf_dea_price_run, dea.h).  Output: unit[,period],efficiency,status,
 * technical,technical_status,allocative,optimum,observed[,peers,lambdas]
 * [,target_COL...],model; the targets are the optimal bundle (the label and
 * the values from efficiency to observed: dea_price_table.c, shared with
 * the report). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_price_cli.h"
#include "nqpf/dea_opts.h"
#include "nqpf/dea_price_table.h"
#include "nqpf/dist.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

static void put_num(FILE *fp, double v)
{
    fputc(',', fp);
    nqpf_csv_put_num(fp, v);
}

static void write_rows(FILE *fp, const nqpf_optval *o, const nqpf_dea_input *in, const nqpf_dea_job *job, const nqpf_dea_price_out *r, const char *label)
{
    size_t m = job->spec.m, s = job->spec.s;
    int peers = (int)o[NQPF_DO_PEERS].i, targets = (int)o[NQPF_DO_TARGETS].i;
    nqpf_cli_dea_put_head(fp, o[NQPF_DO_UNIT].text, o[NQPF_DO_PERIOD].text);
    fputs(NQPF_DEA_PRICE_COLUMNS, fp);
    if (peers)
        fputs(",peers,lambdas", fp);
    if (targets) {
        nqpf_cli_dea_put_cols(fp, "target_", o[NQPF_DO_INPUTS].items, m);
        nqpf_cli_dea_put_cols(fp, "target_", o[NQPF_DO_OUTPUTS].items, s);
    }
    fputs(",model\n", fp);
    for (size_t i = 0; i < job->n; i++) {
        int ok = r->status[i] == NQPF_DEA_OK;
        nqpf_cli_dea_put_key(fp, in, i);
        nqpf_dea_price_put_row(fp, r, i); /* efficiency .. observed */
        if (peers)
            nqpf_cli_dea_put_peers(fp, in, r->peer, r->lambda, r->width, i, ok ? r->n_peers[i] : 0);
        for (size_t k = 0; targets && k < m; k++)
            put_num(fp, ok ? r->opt_x[i * m + k] : NAN);
        for (size_t k = 0; targets && k < s; k++)
            put_num(fp, ok ? r->opt_y[i * s + k] : NAN);
        fprintf(fp, ",%s\n", label);
    }
}

int nqpf_cli_dea_price(nqpf_cmd_ctx *c, const nqpf_dea_input *in, nqpf_dea_job *job, nqpf_error *err)
{
    const nqpf_optval *o = c->v;
    nqpf_dea_econ kind = (nqpf_dea_econ)(o[NQPF_DO_ECONOMIC].i - 1); /* choice 0 is none */
    nqpf_dea_price_out r = {0};
    int rc = NQPF_OK;
    if (job->dist && job->dist->size > 1)
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--economic runs on one MPI rank");
    /* the Nerlovian default direction is the observed bundle (x0, y0) */
    if (!o[NQPF_DO_DIRECTION].seen)
        job->spec.dir = NQPF_DEA_DIR_OBSERVED;
    job->dist = NULL;
    job->checkpoint = NULL;
    if (!rc)
        rc = nqpf_dea_price_run(job, kind, in->w, in->p, &r, err); /* read with the data (nqpf_dea_opts_prices) */
    if (!rc)
        rc = cmd_open_out(c, c->spec, err); /* committed by the runner */
    if (!rc) {
        char label[160];
        nqpf_dea_price_label(kind, &job->spec, o[NQPF_DO_PERIOD].text ? o[NQPF_DO_FRONTIER].text : "single", label,
                             sizeof label);
        write_rows(c->fp, o, in, job, &r, label);
    }
    nqpf_dea_price_free(&r);
    return rc;
}
