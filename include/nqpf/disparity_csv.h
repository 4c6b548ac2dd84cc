/* nqpf — the CSV tables of the disparity measures (Dagum Gini, Theil,
 * inequality): one writer per table, so that `nqpf gini/theil/inequality`
 * and the report's tables/gini.csv ... write the same bytes from the same
 * result structs.  Each writes rows only for one period (the label
 * `period`); the caller writes the header line given with each. */
#ifndef NQPF_DISPARITY_CSV_H
#define NQPF_DISPARITY_CSV_H

#include <stdio.h>

#include "nqpf/compare.h"

/* Header "period,component,group1,group2,value"; components G Gw Gnb Gt,
 * the shares, n, mean (groups empty), then per group (group1 = group2) and
 * per pair j < h of the d->k groups named group[0..k). */
#define NQPF_DAGUM_CSV_LONG_HEADER "period,component,group1,group2,value\n"
void nqpf_dagum_csv_long(FILE *fp, const char *period, const nqpf_dagum *d, char *const *group);

/* The wide table, one row per period: its header (with G_<g> per group and
 * G_<j>_<h>, D_<j>_<h> per pair) and a row. */
void nqpf_dagum_csv_wide_header(FILE *fp, char *const *group, size_t k);
void nqpf_dagum_csv_wide(FILE *fp, const char *period, const nqpf_dagum *d);

/* Header "period,component,group,value"; the overall components, then (when
 * group is not NULL) the per-group ones of the t->k groups. */
#define NQPF_THEIL_CSV_HEADER "period,component,group,value\n"
void nqpf_theil_csv_long(FILE *fp, const char *period, const nqpf_theil_result *t, char *const *group);

/* period,n,mean,median,gini,wolfson,atkinson_<eps> (eps as the user wrote
 * each aversion, n_eps of them) and a row of r. */
void nqpf_ineq_csv_header(FILE *fp, char *const *eps, size_t n_eps);
void nqpf_ineq_csv_row(FILE *fp, const char *period, const nqpf_ineq_result *r);
/* Header "period,p,L"; the n + 1 Lorenz points (k/n, L(k/n)). */
#define NQPF_LORENZ_CSV_HEADER "period,p,L\n"
void nqpf_ineq_csv_lorenz(FILE *fp, const char *period, const nqpf_ineq_result *r);

#endif
