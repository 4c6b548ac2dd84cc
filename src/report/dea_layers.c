/* nqpf — [dea] peel = yes: the peel-the-onion layers (Barr, Durchholz &
 * Seiford 2000) of `nqpf dea --peel` as a unit × period table
 * (tables/dea_layers.csv/.tex) and the methods sentence that defines them.
 * The layers themselves are tables/dea.csv's layer column. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report_internal.h"

int report_dea_layers_table(const nqpf_report *r, const size_t *map, int en, int bom, report_sink *tables,
                            nqpf_buf *written, nqpf_error *err)
{
    size_t U = r->dea_U, T = r->dea_T;
    /* layer of unit u in period t; 0 where the unit has no row there or lies on no layer */
    size_t *lay = calloc(U * T + 1, sizeof *lay);
    const char **cn = malloc((T + 1) * sizeof *cn);
    if (!lay || !cn) {
        free(lay), free(cn);
        return nqpf_fail_nomem(err);
    }
    for (size_t i = 0; i < r->dea_n; i++)
        lay[r->dea_urow[i] * T + r->dea_prow[i]] = r->dea_layer[i];
    cn[0] = "unit";
    for (size_t q = 0; q < T; q++)
        cn[q + 1] = r->dea_period[q];
    char cap[400];
    snprintf(cap, sizeof cap,
             en ? "DEA peel-the-onion layers by unit and period (%s): 1 = on the frontier, k = on it once layers "
                  "1 to k − 1 are removed; empty = on no layer"
                : "各地区各年DEA前沿剥离层级（%s）：1为前沿，k为剔除第1至k − 1层后位于前沿；空白为不在任何层",
             r->dea_variant);
    rtable t;
    rt_init(&t, "dea_layers", cap, T + 1, cn);
    for (size_t u = 0; u < U; u++) {
        rt_add(&t, report_dea_unit_name(r, map, en, u), 0);
        for (size_t q = 0; q < T; q++)
            rt_addi(&t, lay[u * T + q] ? (double)lay[u * T + q] : NAN);
    }
    int rc = report_emit(&t, tables, bom, 1, written, err);
    free(lay), free(cn);
    return rc;
}

int report_dea_layers_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    size_t depth = 0, none = 0;
    for (size_t i = 0; i < r->dea_n; i++) {
        depth = r->dea_layer[i] > depth ? r->dea_layer[i] : depth;
        none += r->dea_layer[i] == 0;
    }
    return nqpf_buf_printf(
        b,
        en ? "Peel-the-onion layers (Barr, Durchholz & Seiford 2000): the units on the frontier form layer 1; "
             "they are removed and the rest scored again with the same model and frontier rule (a period's frontier "
             "rebuilt from its remaining rows), whose frontier is layer 2, and so on until a round finds none; "
             "%zu layers, "
             "%zu unit-periods on none (tables/dea_layers.csv and the layer column of tables/dea.csv, as `nqpf "
             "dea --peel`). "
           : "前沿剥离分层（Barr、Durchholz和Seiford 2000）：位于前沿的单元为第1层；将其剔除后以相同模型与前沿规则重新"
             "测算（各期前沿由剩余样本重建），新前沿为第2层，依此类推直至某轮无前沿单元；共%zu层，%zu个地区-年份不在任何层"
             "（tables/dea_layers.csv及tables/dea.csv的layer列，与 `nqpf dea --peel` 一致）。",
        depth, none);
}
