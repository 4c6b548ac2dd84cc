/* nqpf — [markov] spillover = yes: the LISA chain's spill-over analysis of
 * the index (Rey, Murray & Anselin 2011; giddy LISA_Markov.spillover), the
 * rows lisa_p_sim, cluster and spillover of `nqpf markov --lisa --spillover
 * --permutations N --seed S` on the map's contiguity weights, computed by
 * the command's own routine (nqpf_lisa_spillover_run). */
#include <stdlib.h>

#include "nqpf/markov.h"
#include "report_internal.h"

int report_mkspill_run(nqpf_report *r, const double *y, nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    size_t *quad = malloc(U * T * sizeof *quad);
    unsigned char *halves = malloc(2 * U * T);
    r->mk_sl_psim = malloc(U * T * sizeof *r->mk_sl_psim);
    r->mk_sl_comp = malloc(U * T * sizeof *r->mk_sl_comp);
    r->mk_sl_sp = malloc(U * (T > 1 ? T - 1 : 1));
    int rc = (!quad || !halves || !r->mk_sl_psim || !r->mk_sl_comp || !r->mk_sl_sp) ? nqpf_fail_nomem(err)
                                                                                      : report_build_weights(r, err);
    /* the LISA chain's classes: each unit's Moran quadrant per period */
    if (!rc)
        rc = nqpf_lisa_quadrants(r->W, y, U, T, quad, halves, halves + U * T, err);
    if (!rc)
        rc = nqpf_lisa_spillover_run(r->W, y, quad, U, T, r->mk_perms, (uint64_t)r->mk_seed, r->mk_sl_psim,
                                     r->mk_sl_comp, r->mk_sl_sp, err);
    free(quad), free(halves);
    return rc;
}

void report_mkspill_free(nqpf_report *r)
{
    free(r->mk_sl_psim), free(r->mk_sl_comp), free(r->mk_sl_sp);
}

/* One row in the command's layout: table,lag_class,period,from,to,value,note
 * with the unit's map code as note, as the command names units by the codes
 * it matches to the map. */
static void spill_row(rtable *t, const char *what, const char *period, double v, const char *id)
{
    rt_add(t, what, 0);
    rt_add(t, "", 0);
    rt_add(t, period, 0);
    rt_add(t, "", 0);
    rt_add(t, "", 0);
    rt_add(t, NULL, v);
    rt_add(t, id, 0);
}

int report_mkspill_table(const nqpf_report *r, int bom, report_sink *tables, nqpf_buf *written, nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    const char *const *per = (const char *const *)r->panel->periods;
    rtable t;
    rt_init(&t, "markov_spillover", "markov_spillover",
        RT_COLS("table", "lag_class", "period", "from", "to", "value", "note"));
    for (size_t s = 0; s < U; s++)
        for (size_t p = 0; p < T; p++) {
            spill_row(&t, "lisa_p_sim", per[p], r->mk_sl_psim[s * T + p], r->map_id[s]);
            spill_row(&t, "cluster", per[p], (double)r->mk_sl_comp[s * T + p], r->map_id[s]);
            if (p > 0)
                spill_row(&t, "spillover", per[p], r->mk_sl_sp[s * (T - 1) + p - 1], r->map_id[s]);
        }
    return report_emit(&t, tables, bom, 0, written, err);
}

int report_mkspill_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    return nqpf_buf_printf(
        b,
        en ? "Spill-over (giddy's LISA_Markov.spillover): the units significant (p ≤ 0.05, %zu conditional "
             "permutations, period t seeded %zu + t) in the high-high quadrant and their neighbours form clusters; "
             "a unit outside every cluster that joins one holding an earlier member spills over; "
             "tables/markov_spillover.csv, the rows of `nqpf markov --lisa --spillover --permutations %zu`.\n"
           : "空间溢出（giddy的LISA_Markov.spillover）：显著（p ≤ 0.05，%zu次条件置换，第t期种子为%zu + t）的高-高型地区"
             "及其邻居构成集聚区，不属于任何集聚区的地区在下一期加入含有上一期成员的集聚区即为溢出；见"
             "tables/markov_spillover.csv，与 `nqpf markov --lisa --spillover --permutations %zu` 的相应行一致。\n",
        r->mk_perms, r->mk_seed, r->mk_perms);
}
