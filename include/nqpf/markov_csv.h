/* nqpf — the rows of `nqpf markov`'s table
 *   table,lag_class,period,from,to,value,note
 * (header NQPF_MARKOV_CSV_HEADER; lag_class empty for the classic chain,
 * period set for per-period cut points, inf for passage times never sure to
 * end).  Each writer returns an error only for memory or a failed solve. */
#ifndef NQPF_MARKOV_CSV_H
#define NQPF_MARKOV_CSV_H

#include <stdio.h>

#include "nqpf/markov.h"
#include "nqpf/spatial.h"

#define NQPF_MARKOV_CSV_HEADER "table,lag_class,period,from,to,value,note\n"

/* count, probability, steady state (per closed class when the chain is not
 * irreducible: state_class rows), sojourn and, with mfpt, mfpt rows of one
 * k x k count matrix; lag 0: the classic chain, else lag class lag. */
int nqpf_markov_csv_chain(FILE *fp, const double *counts, size_t k, long lag, int fill, int mfpt,
                          nqpf_error *err);
/* The tests of spatial homogeneity of the m lag-class matrices sp (m x k x k)
 * against the classic counts (giddy Spatial_Markov chi2, x2, shtest, Q, LR). */
int nqpf_markov_csv_tests(FILE *fp, const double *classic, const double *sp, size_t k, size_t m, int fill,
                          nqpf_error *err);
/* LISA Markov: expected transitions and the chi2 of the 4 x 4 counts. */
void nqpf_markov_csv_lisa(FILE *fp, const double *counts, const unsigned char *own_low, const unsigned char *lag_low,
                          size_t n, size_t T);
/* The cut points of y (n x T) as rows of `table` ("cut", "lag_cut"): the
 * given cuts, the pooled quantiles, or per period (labels plabel). */
int nqpf_markov_csv_cuts(FILE *fp, const char *table, const double *y, size_t n, size_t T, size_t k,
                         nqpf_classing how, const double *cuts, const char **plabel, nqpf_error *err);

/* One row of the table: table, lag class (0: none), period label (NULL:
 * none), from and to (0: none), value (inf written as such), note. */
void nqpf_markov_csv_row(FILE *fp, const char *table, long lag, const char *period, long from, long to, double v,
                         const char *note);
/* LISA Markov spillover (giddy LISA_Markov.spillover): per unit and period
 * the conditional-permutation LISA p (period t seeded seed + t), the
 * cluster and, from the second period, the spill-over flag; quad: the
 * units' LISA quadrants (n x T), ids the unit names, plabel the periods'. */
int nqpf_markov_csv_spillover(FILE *fp, const nqpf_weights *w, const double *y, const size_t *quad, size_t n,
                              size_t T, size_t perms, uint64_t seed, char *const *ids, const char **plabel,
                              nqpf_error *err);
#endif
