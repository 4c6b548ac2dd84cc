/* nqpf — the rows of a transition matrix (classic and spatial Markov) as
 * report tables: the matrix as papers print it and the long form `nqpf
 * markov` writes.  Here and not in src/doc because the layout is the Markov
 * analysis's; src/doc only knows cells. */
#include <stdio.h>
#include <stdlib.h>

#include "report_internal.h"

int report_matrix_cols(matrix_cols *c, const char *lead, size_t k)
{
    size_t off = lead ? 1 : 0;
    c->n = k + 2 + off;
    c->cn = malloc(c->n * sizeof *c->cn);
    c->cs = malloc(c->n * sizeof *c->cs);
    if (!c->cn || !c->cs) {
        report_matrix_cols_free(c);
        return -1;
    }
    if (lead)
        snprintf(c->cs[0], sizeof c->cs[0], "%s", lead);
    snprintf(c->cs[off], sizeof c->cs[off], "t \\ t+1");
    for (size_t j = 0; j < k; j++)
        snprintf(c->cs[off + 1 + j], sizeof c->cs[0], "%zu", j + 1);
    snprintf(c->cs[off + 1 + k], sizeof c->cs[0], "n");
    for (size_t j = 0; j < c->n; j++)
        c->cn[j] = c->cs[j];
    return 0;
}

void report_matrix_cols_free(matrix_cols *c)
{
    free(c->cn);
    free(c->cs);
    c->cn = NULL;
    c->cs = NULL;
}

void report_matrix_rows(rtable *t, const double *p, const double *counts, size_t k, const double *lead)
{
    for (size_t i = 0; i < k; i++) {
        double n = 0;
        char lab[24];
        snprintf(lab, sizeof lab, "%zu", i + 1);
        if (lead)
            rt_addi(t, *lead);
        rt_add(t, lab, 0);
        rt_nums(t, k, p + i * k);
        for (size_t j = 0; j < k; j++)
            n += counts[i * k + j];
        rt_addi(t, n);
    }
}

void report_markov_rows(rtable *t, const double *lead, const double *p, const double *counts, const double *pi,
                        size_t k)
{
    for (int q = 0; q < 2; q++)
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++) {
                if (lead)
                    rt_addi(t, *lead);
                rt_add(t, q ? "probability" : "count", 0);
                rt_addi(t, (double)(i + 1));
                rt_addi(t, (double)(j + 1));
                rt_add(t, NULL, (q ? p : counts)[i * k + j]);
            }
    for (size_t i = 0; i < k; i++) {
        if (lead)
            rt_addi(t, *lead);
        rt_add(t, "steady_state", 0);
        rt_addi(t, (double)(i + 1));
        rt_add(t, "", 0);
        rt_add(t, NULL, pi[i]);
    }
}
