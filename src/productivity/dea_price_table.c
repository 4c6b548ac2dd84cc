/* nqpf — the economic-efficiency table's label and row values (see
 * dea_price_table.h). */
#include <math.h>
#include <stdio.h>

#include "nqpf/dea_opts.h"
#include "nqpf/dea_price_table.h"
#include "nqpf/output.h"

void nqpf_dea_price_label(nqpf_dea_econ kind, const nqpf_dea_spec *spec, const char *frontier, char *buf,
                          size_t size)
{
    if (kind == NQPF_DEA_PROFIT) /* Nerlovian: VRS and the direction */
        snprintf(buf, size, "economic-profit-vrs-g:%s-%s", NQPF_DEA_DIR_NAMES[spec->dir], frontier);
    else
        snprintf(buf, size, "economic-%s-%s-%s", NQPF_DEA_ECON_NAMES[kind], NQPF_DEA_RTS_NAMES[spec->rts], frontier);
}

static void put_num(FILE *fp, double v)
{
    fputc(',', fp);
    nqpf_csv_put_num(fp, v);
}

void nqpf_dea_price_put_row(FILE *fp, const nqpf_dea_price_out *r, size_t i)
{
    int ok = r->status[i] == NQPF_DEA_OK;
    put_num(fp, ok ? r->eff[i] : NAN);
    fprintf(fp, ",%s", nqpf_dea_status_name(r->status[i]));
    put_num(fp, r->tech_status[i] == NQPF_DEA_OK ? r->tech[i] : NAN);
    fprintf(fp, ",%s", nqpf_dea_status_name(r->tech_status[i]));
    put_num(fp, r->alloc[i]);
    put_num(fp, ok ? r->optimum[i] : NAN);
    put_num(fp, r->observed[i]);
}
