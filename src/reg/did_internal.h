/* nqpf did — shared between did.c (TWFE, event study, placebo) and
 * did_run.c (the job).  Not a public header. */
#ifndef NQPF_DID_INTERNAL_H
#define NQPF_DID_INTERNAL_H

#include <stddef.h>

#include "nqpf/error.h"
#include "nqpf/reg.h"

#define DID_MAXX 64
#define DID_MAXFE 8

typedef struct did_data {
    size_t n;                       /* rows */
    double *y;
    size_t nx;
    double *x[DID_MAXX];
    const char *xname[DID_MAXX];
    size_t *unit, N;                /* compact unit codes 0..N-1 */
    double *t;                      /* period value of each row */
    size_t *slot, T;                /* period rank of each row, periods */
    double *tval;                   /* T increasing period values */
    double *G;                      /* N first-treatment periods, 0 = never */
    size_t n_fe, n_cl;
    size_t *fe[DID_MAXFE], *cl[DID_MAXFE];
    const char *fe_name[DID_MAXFE], *cl_name[DID_MAXFE];
    enum nqpf_reg_dof dof;
} did_data;

/* The event study's design: bins [lo, hi], reference ref. */
typedef struct did_window {
    long lo, hi, ref;
} did_window;

/* y on D = 1(G_unit > 0 and t >= G_unit) (+ x) with the fixed effects and
 * clusters of d (vce CLUSTER, or IID for placebo draws).  D is term 0. */
int did_twfe(const did_data *d, const double *G, enum nqpf_reg_vce vce, nqpf_reg_fit *fit, nqpf_error *err);

/* The event study: dummies 1(bin(t - G) = e) for e in [lo, hi] but ref,
 * terms "e=K" in increasing e for the bins with treated rows (empty bins get
 * no term); obs[e - lo]: treated rows per bin.
 * names: hi - lo caller-owned buffers for the term names (the fit points
 * into them: keep them as long as the fit). */
int did_event(const did_data *d, const did_window *w, nqpf_reg_fit *fit, size_t *obs, char (*names)[32],
              nqpf_error *err);

/* B placebo draws of the TWFE coefficient: draw r permutes G across units
 * with RNG stream (seed, r).  NaN where a fit fails.  Thread-count free.
 * in_sample: the estimation sample of the TWFE fit (nqpf_reg_fit.in_sample;
 * it does not depend on D): y and x are demeaned once, each draw demeans
 * only its D and solves the small least-squares problem. */
int did_placebo(const did_data *d, const unsigned char *in_sample, size_t B, unsigned long long seed, double *draws,
                nqpf_error *err);
/* The same by a whole nqpf reg fit per draw (the reference for the tests,
 * and the path when nothing is absorbed). */
int did_placebo_refit(const did_data *d, size_t B, unsigned long long seed, double *draws, nqpf_error *err);

#endif
