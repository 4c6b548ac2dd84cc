/* nqpf — report internals shared by the writers (not a public header). */
#ifndef NQPF_REPORT_INTERNAL_H
#define NQPF_REPORT_INTERNAL_H

#include "nqpf/output.h"
#include "nqpf/report.h"
#include "nqpf/util.h"

/* A table held once, written as CSV and LaTeX. Cells row-major; a cell is
 * text (s != NULL) or a number v (NaN = empty) printed with `digits`
 * decimals in LaTeX. */
typedef struct rcell {
    char *s;
    double v;
    int digits;
} rcell;

typedef struct rtable {
    const char *name, *caption;
    size_t ncol;
    const char *const *cols;
    rcell *cell;
    size_t n, cap;
} rtable;

int rt_init(rtable *t, const char *name, const char *caption, size_t ncol, const char *const *cols);
int rt_add(rtable *t, const char *s, double v);   /* text when s != NULL, else the number v */
int rt_addi(rtable *t, double v);                 /* a whole number (0 decimals in LaTeX) */
void rt_free(rtable *t);
int rt_write_csv(const rtable *t, const nqpf_outdir *tables, int bom, nqpf_error *err);
int rt_write_tex(const rtable *t, const nqpf_outdir *tables, nqpf_error *err);

/* Label in the report language. */
static inline const char *L(int en, const char *zh, const char *eng)
{
    return en ? eng : zh;
}

/* Display name of unit u in the report language. */
static inline const char *unit_name(const nqpf_report *r, int en, size_t u)
{
    return en && r->label_en ? r->label_en[u] : r->panel->units[u];
}

/* Options read from the project and recorded (compute.c). */
int report_opt_str(nqpf_report *r, const char *sec, const char *key, const char *def, const char **out,
                   const nqpf_project_kv **where, nqpf_error *err);
int report_bad_value(const nqpf_report *r, const nqpf_project_kv *kv, const char *what, nqpf_error *err);
/* [malmquist] (mq.c) */
int report_run_malmquist(nqpf_report *r, nqpf_error *err);
void report_free_malmquist(nqpf_report *r);

int report_html(const nqpf_report *r, int en, nqpf_buf *b);
int report_methods(const nqpf_report *r, nqpf_buf *b);

#endif
