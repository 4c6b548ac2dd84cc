/* The classic regression table of papers: one column per model,
 * coefficients with significance stars and standard errors in
 * parentheses below, then the fixed-effect rows, N, R^2 and within R^2;
 * as CSV or as a LaTeX booktabs table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/output.h"
#include "nqpf/reg.h"
#include "nqpf/doc.h"
#include "nqpf/util.h"

static const char *stars(double p)
{
    return isnan(p) ? "" : p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : "";
}

/* cell text of row `term` in column c: the coefficient (se_row 0) or (se) */
static void cell(const nqpf_reg_column *c, const char *term, int se_row, int digits, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t j = 0; j < c->p; j++) {
        if (strcmp(c->term[j], term) != 0 || isnan(c->b[j]))
            continue;
        if (se_row)
            snprintf(out, size, "(%.*f)", digits, c->se[j]);
        else
            snprintf(out, size, "%.*f%s", digits, c->b[j], stars(c->p_value[j]));
    }
}

int nqpf_reg_table_write(const nqpf_reg_column *cols, size_t n_cols, int latex, int digits, nqpf_buf *b,
                         nqpf_error *err)
{
    /* the terms in order of first appearance */
    size_t n_terms = 0, cap = 0;
    const char **terms = NULL;
    for (size_t c = 0; c < n_cols; c++)
        for (size_t j = 0; j < cols[c].p; j++) {
            int seen = 0;
            for (size_t k = 0; k < n_terms && !seen; k++)
                seen = strcmp(terms[k], cols[c].term[j]) == 0;
            if (seen)
                continue;
            if (nqpf_grow((void **)&terms, &cap, n_terms + 1, sizeof *terms)) {
                free(terms);
                return nqpf_fail_nomem(err);
            }
            terms[n_terms++] = cols[c].term[j];
        }
    int bad = 0;
    char buf[128];
    const char *sep = latex ? " & " : ",";
    const char *eol = latex ? " \\\\\n" : "\n";
#define TEXT(s) (latex ? nqpf_buf_tex(b, (s)) : nqpf_buf_csv_field(b, (s)))
    if (latex) {
        bad |= nqpf_buf_puts(b, "\\begin{tabular}{l");
        for (size_t c = 0; c < n_cols; c++)
            bad |= nqpf_buf_puts(b, "c");
        bad |= nqpf_buf_puts(b, "}\n\\toprule\n");
    }
    /* header: (1) (2) ... then the dependent variables, then the labels */
    bad |= TEXT("");
    for (size_t c = 0; c < n_cols; c++) {
        snprintf(buf, sizeof buf, "(%zu)", c + 1);
        bad |= nqpf_buf_puts(b, sep) | TEXT(buf);
    }
    bad |= nqpf_buf_puts(b, eol);
    bad |= TEXT("");
    for (size_t c = 0; c < n_cols; c++)
        bad |= nqpf_buf_puts(b, sep) | TEXT(cols[c].depvar);
    bad |= nqpf_buf_puts(b, eol);
    int any_label = 0;
    for (size_t c = 0; c < n_cols; c++)
        any_label |= cols[c].label && cols[c].label[0];
    if (any_label) {
        bad |= TEXT("");
        for (size_t c = 0; c < n_cols; c++)
            bad |= nqpf_buf_puts(b, sep) | TEXT(cols[c].label ? cols[c].label : "");
        bad |= nqpf_buf_puts(b, eol);
    }
    if (latex)
        bad |= nqpf_buf_puts(b, "\\midrule\n");
    for (size_t k = 0; k < n_terms; k++)
        for (int se_row = 0; se_row < 2; se_row++) {
            bad |= TEXT(se_row ? "" : terms[k]);
            for (size_t c = 0; c < n_cols; c++) {
                cell(&cols[c], terms[k], se_row, digits, buf, sizeof buf);
                bad |= nqpf_buf_puts(b, sep) | TEXT(buf);
            }
            bad |= nqpf_buf_puts(b, eol);
        }
    if (latex)
        bad |= nqpf_buf_puts(b, "\\midrule\n");
    /* fixed effects absorbed anywhere: Yes / No per column */
    for (size_t c = 0; c < n_cols; c++)
        for (size_t g = 0; g < cols[c].n_fe; g++) {
            int first = 1;
            for (size_t c2 = 0; c2 < c && first; c2++)
                for (size_t g2 = 0; g2 < cols[c2].n_fe; g2++)
                    first &= strcmp(cols[c2].fe[g2], cols[c].fe[g]) != 0;
            for (size_t g2 = 0; g2 < g; g2++)
                first &= strcmp(cols[c].fe[g2], cols[c].fe[g]) != 0;
            if (!first)
                continue;
            snprintf(buf, sizeof buf, "FE: %.100s", cols[c].fe[g]);
            bad |= TEXT(buf);
            for (size_t c2 = 0; c2 < n_cols; c2++) {
                int has = 0;
                for (size_t g2 = 0; g2 < cols[c2].n_fe; g2++)
                    has |= strcmp(cols[c2].fe[g2], cols[c].fe[g]) == 0;
                bad |= nqpf_buf_puts(b, sep) | TEXT(has ? "Yes" : "No");
            }
            bad |= nqpf_buf_puts(b, eol);
        }
    const char *stat_name[3] = {"N", latex ? "R$^2$" : "R2", latex ? "Within R$^2$" : "Within R2"};
    for (int s = 0; s < 3; s++) {
        bad |= latex && s > 0 ? nqpf_buf_puts(b, stat_name[s]) : TEXT(stat_name[s]);
        for (size_t c = 0; c < n_cols; c++) {
            if (s == 0)
                snprintf(buf, sizeof buf, "%zu", cols[c].n);
            else
                snprintf(buf, sizeof buf, "%.*f", digits, s == 1 ? cols[c].r2 : cols[c].r2_within);
            bad |= nqpf_buf_puts(b, sep) | TEXT(buf);
        }
        bad |= nqpf_buf_puts(b, eol);
    }
    if (latex)
        bad |= nqpf_buf_puts(b, "\\bottomrule\n\\end{tabular}\n");
    bad |= TEXT(latex ? "" : "Standard errors in parentheses; *** p<0.01, ** p<0.05, * p<0.1");
    if (latex)
        bad |= nqpf_buf_puts(b, "% Standard errors in parentheses; *** p<0.01, ** p<0.05, * p<0.1\n");
    else
        bad |= nqpf_buf_puts(b, "\n");
#undef TEXT
    free(terms);
    return bad ? nqpf_fail_nomem(err) : NQPF_OK;
}
