/* nqpf — internals of economic efficiency with prices (dea_price*.c; not
 * installed). */
#ifndef NQPF_DEA_PRICE_H
#define NQPF_DEA_PRICE_H

#include "nqpf/dea.h"
#include "nqpf/lp.h"

/* The reference technology of one period for the economic optimum: the
 * reference rows ids[0..nr) and, for cost and revenue, the LP matrix (the
 * outputs or the inputs scaled by powers of two f[], and the
 * returns-to-scale row when conv). */
typedef struct nqpf_price_period {
    const nqpf_dea_job *job;
    nqpf_dea_econ kind;
    const size_t *ids;
    size_t nr, rows;
    int conv;
    double *A, *f;
} nqpf_price_period;

int nqpf_price_period_build(nqpf_price_period *pp, const nqpf_dea_job *job, nqpf_dea_econ kind, const size_t *ids,
                            size_t nr);
void nqpf_price_period_free(nqpf_price_period *pp);

/* a . b over k values */
double nqpf_price_dot(const double *a, const double *b, size_t k);

/* One thread's memory for the optimum of units against a period of at most
 * max_nr reference rows and max_rows LP rows. */
typedef struct nqpf_price_ws {
    nqpf_lp *lp;
    double *c, *cs, *rhs, *lam;
    size_t *col;
    int *rt;
} nqpf_price_ws;

int nqpf_price_ws_init(nqpf_price_ws *ws, size_t max_nr, size_t max_rows);
void nqpf_price_ws_free(nqpf_price_ws *ws);

/* The optimum of row i at prices w0 (m) and p0 (s): fills o's status,
 * optimum, opt_x, opt_y, peers and lambdas of row i. */
void nqpf_price_optimum(const nqpf_price_period *pp, nqpf_price_ws *ws, size_t i, const double *w0, const double *p0,
                        nqpf_dea_price_out *o);

#endif
