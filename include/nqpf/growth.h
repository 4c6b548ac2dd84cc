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

#include "nqpf/error.h"
#include "nqpf/long_input.h"

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

/* The accounts from columns already read (n rows coded by unit ucode[i] <
 * U and period pcode[i] < T, each pair at most once): y, k, l (labour, the
 * product of its factors) and share (NULL: share_const), missing cells NaN,
 * each already checked with nqpf_growth_bad.  v (U*T*6): dln_y, dln_k,
 * dln_l, share, dln_tfp, tfp_index per unit and period; row (U*T): the unit
 * has a row in the period.  The index is rescaled to 1 in period base (-1:
 * none); *base_missing counts the units without an index there (theirs
 * stays empty). */
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

#define NQPF_GROWTH_MAX_FACTORS 16

/* What `nqpf growth` and the report's [growth] read of a long table: the
 * output and capital columns, labour a column or a product of columns
 * (labour[0..n_labour), pointing into buf), and share a column, or NULL
 * with the constant share_const. */
typedef struct nqpf_growth_req {
    const char *output, *capital, *share;
    char *labour[NQPF_GROWTH_MAX_FACTORS];
    size_t n_labour;
    double share_const;
    char *buf; /* owned: the texts of labour */
} nqpf_growth_req;

/* g from the options' texts: share a number (the constant share) or a
 * column, labour COL[*COL...].  NQPF_OK; NQPF_EINPUT with *bad the option
 * refused (NQPF_GR_SHARE: a constant outside [0,1]; NQPF_GR_LABOUR: not a
 * column or a product of at most NQPF_GROWTH_MAX_FACTORS) and err untouched,
 * for the caller to word at its option; or out of memory.  g is freed on
 * failure, else free it with nqpf_growth_req_free. */
int nqpf_growth_req_parse(nqpf_growth_req *g, const char *output, const char *capital, const char *labour,
                          const char *share, int *bad, nqpf_error *err);
void nqpf_growth_req_free(nqpf_growth_req *g);

/* The numeric columns to read beside the output (nqpf_long_req.cols), in
 * the order their cells are checked: capital, the share column, the labour
 * factors; cols has room for NQPF_GROWTH_MAX_FACTORS + 2.  Returns their
 * number. */
size_t nqpf_growth_cols(const nqpf_growth_req *g, const char **cols);

/* The accounts (v, row, *base_missing as nqpf_growth_accounts) of a long
 * table read by nqpf_long_load with the output as its value and
 * nqpf_growth_cols as its further columns, missing cells kept (NaN): every
 * input in range (output, capital, share, each labour factor), else an
 * input error "CELL in column 'NAME' must be positive|in [0,1]" at the
 * first cell refused, quoted as the file has it; labour the factors'
 * product. */
int nqpf_growth_long(const nqpf_long_input *in, const nqpf_growth_req *g, long base, double *v, unsigned char *row,
                     size_t *base_missing, nqpf_error *err);

/* The accounts v and row of nqpf_growth_accounts as CSV
 * unit,period,dln_y,dln_k,dln_l,share,dln_tfp,tfp_index: the rows present,
 * unit by unit (`nqpf growth --out` and the report's tables/growth.csv). */
void nqpf_growth_write(FILE *fp, size_t U, size_t T, char *const *unit, char *const *period, const double *v,
                       const unsigned char *row);

#endif
