/* nqpf — growth accounting.
 *
 * Törnqvist (translog) TFP growth between consecutive periods t-1 and t:
 *   dln A_t = dln Y_t - s_t dln L_t - (1 - s_t) dln K_t,
 *   s_t = (s_{t-1} + s_t) / 2 (Törnqvist average of the labour share), or a
 *   constant share (the Solow residual with Cobb-Douglas weights).
 * This is the definition of the Penn World Table's rtfpna (Feenstra,
 * Inklaar & Timmer 2015) with Y = rgdpna, K = rkna, L = emp*avh*hc,
 * s = labsh.  The TFP index chains exp(dln A) from 1 at the first period.
 */
#ifndef NQPF_GROWTH_H
#define NQPF_GROWTH_H

#include <stddef.h>
#include <stdio.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"

/* One unit's series of T periods (consecutive; NaN = missing).  share is
 * T values, or NULL with share_const in (0,1).  Outputs, each T values with
 * element 0 (and any step with a missing input) NaN: dlnY, dlnK, dlnL, sbar,
 * dlnA; index[T] chains from 1 at the first period where all inputs are
 * present and becomes NaN after a broken step.  Non-positive Y, K or L are
 * an input error (their logs are undefined), a share outside [0,1] too;
 * *bad gets the offending period index. */
int nqpf_growth_tornqvist(const double *Y, const double *K, const double *L, const double *share, double share_const,
                          size_t T, double *dlnY, double *dlnK, double *dlnL, double *sbar, double *dlnA,
                          double *index, size_t *bad, nqpf_error *err);

/* Growth accounting of a long table t whose rows are coded by unit
 * ucode[i] < U and period pcode[i] < T (each pair at most once), for
 * `nqpf growth` and the report's [growth]: columns output and capital,
 * labour the product of n_labour columns, share a column or NULL with a
 * share_const in [0,1].  Missing cells are NaN; a non-positive output,
 * capital or labour value or a share outside [0,1] is an error at its cell.
 * v (U*T*6): dln_y, dln_k, dln_l, share, dln_tfp, tfp_index per unit and
 * period; row (U*T): the unit has a row in the period.  The index is
 * rescaled to 1 in period base (-1: none); *base_missing counts the units
 * without an index there (theirs stays empty). */
int nqpf_growth_table(const nqpf_table *t, const size_t *ucode, size_t U, const size_t *pcode, size_t T,
                      const char *output, const char *capital, char *const *labour, size_t n_labour,
                      const char *share, double share_const, long base, double *v, unsigned char *row,
                      size_t *base_missing, nqpf_error *err);

/* The same accounts from columns already read (n rows coded as above):
 * y, k, l (labour, the product of its factors) and share (NULL: share_const),
 * missing cells NaN, each already checked with nqpf_growth_bad (`nqpf
 * growth` reads them with the column reader and words its own errors). */
typedef struct nqpf_growth_in {
    size_t n;
    const size_t *ucode, *pcode;
    const double *y, *k, *l, *share;
    double share_const;
} nqpf_growth_in;
int nqpf_growth_accounts(const nqpf_growth_in *in, size_t U, size_t T, long base, double *v, unsigned char *row,
                         size_t *base_missing, nqpf_error *err);

/* The first of x[0..n) (NaN = missing, skipped) that growth accounting
 * refuses: not positive, or outside [0,1] when is_share; -1 when none. */
long nqpf_growth_bad(const double *x, size_t n, int is_share);

/* The accounts v and row of nqpf_growth_table as CSV
 * unit,period,dln_y,dln_k,dln_l,share,dln_tfp,tfp_index: the rows present,
 * unit by unit (`nqpf growth --out` and the report's tables/growth.csv). */
void nqpf_growth_write(FILE *fp, size_t U, size_t T, char *const *unit, char *const *period, const double *v,
                       const unsigned char *row);

#endif
