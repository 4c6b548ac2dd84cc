/* nqpf — the economic-efficiency table of `nqpf dea --economic K` and the
 * report's [dea] economic = K (dea_price_table.c): the model label and each
 * row's values, written once for both. */
#ifndef NQPF_DEA_PRICE_TABLE_H
#define NQPF_DEA_PRICE_TABLE_H

#include <stdio.h>

#include "nqpf/dea.h"

/* The model column: economic-profit-vrs-g:DIR-FRONTIER, or
 * economic-KIND-RTS-FRONTIER (frontier: the frontier option's text, or
 * "single" without periods). */
void nqpf_dea_price_label(nqpf_dea_econ kind, const nqpf_dea_spec *spec, const char *frontier, char *buf,
                          size_t size);
/* The columns after the row's keys: ",efficiency,status,technical,
 * technical_status,allocative,optimum,observed". */
#define NQPF_DEA_PRICE_COLUMNS ",efficiency,status,technical,technical_status,allocative,optimum,observed"
/* Row i's values of those columns, each with its leading comma. */
void nqpf_dea_price_put_row(FILE *fp, const nqpf_dea_price_out *r, size_t i);

#endif
