/* nqpf — the rows that the report's DEA sections ([malmquist], [dea])
 * score, read from the project's data file by nqpf_dea_input_read, the
 * reader of `nqpf malmquist` and `nqpf dea`: one row per line of the file,
 * units in order of first appearance, periods in numeric order when every
 * label is a number (else as text).  DEA data are used as published: a
 * missing or negative cell is an error at FILE:LINE:COL, because a filled
 * value would become a frontier point. */
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "report_internal.h"

/* The texts of rows row[0..k) of a key column, copied (NULL-terminated):
 * the report keeps the unit and period names after the data are freed. */
static char **copy_texts(const nqpf_column *c, const size_t *row, size_t k, nqpf_error *err)
{
    char **v = calloc(k + 1, sizeof(char *));
    for (size_t j = 0; v && j < k; j++)
        if (!(v[j] = nqpf_strdup(nqpf_dea_input_text(c, row[j])))) {
            report_strv_free(v);
            v = NULL;
        }
    if (!v)
        nqpf_fail_nomem(err);
    return v;
}

static int load(nqpf_report *r, report_dea_data *d, nqpf_error *err)
{
    const nqpf_project_section *ds = nqpf_project_section_get(r->proj, "data");
    nqpf_dea_names nm = {.unit = nqpf_project_get(ds, "unit")->value,
                         .period = nqpf_project_get(ds, "period")->value,
                         .x = d->name[0], .y = d->name[1], .b = d->name[2],
                         .m = d->k[0], .s = d->k[1], .q = d->k[2],
                         .gx = d->cols.gx, .gy = d->cols.gy, .gb = d->cols.gb,
                         .mg = d->cols.mg, .sg = d->cols.sg, .qg = d->cols.qg, .group = d->cols.group,
                         .categ = d->cols.categ, .w = d->cols.w, .mw = d->cols.mw, .p = d->cols.p, .sp = d->cols.sp};
    int rc = nqpf_dea_input_read(&d->in, r->data_path, r->iopt.encoding, &nm, err);
    if (rc)
        return rc;
    if (!(d->unit = copy_texts(d->in.unit, d->in.unit_row, d->in.U, err)) ||
        !(d->period = copy_texts(d->in.period, d->in.period_row, d->in.T, err)))
        return NQPF_ENOMEM;
    return NQPF_OK;
}

int report_dea_section(nqpf_report *r, const char *sec, const nqpf_optdef *defs, size_t n, const int lists[3],
                       report_dea_fill fill, void *job, nqpf_optval *v, report_dea_data *d, nqpf_error *err)
{
    memset(d, 0, sizeof *d);
    int rc = report_section_read(r, sec, defs, n, v, err);
    if (rc)
        return rc;
    nqpf_optsrc src = {r->proj->path, 0, 0};
    if ((rc = fill(r, v, &src, job, err))) {
        nqpf_opt_free(v, n);
        return rc;
    }
    if ((rc = report_section_record(r, sec, defs, n, v, err))) /* frees v on failure */
        return rc;
    for (int k = 0; k < 3; k++) {
        d->k[k] = v[lists[k]].n_items;
        for (size_t j = 0; j < d->k[k]; j++)
            d->name[k][j] = v[lists[k]].items[j];
    }
    if ((rc = load(r, d, err))) {
        report_dea_data_free(d);
        nqpf_opt_free(v, n);
    }
    return rc;
}

/* A name and its place, sorted by name then place: equal names stay in
 * panel order, so the first of a run is the earliest unit. */
typedef struct named {
    const char *name;
    size_t idx;
} named;

static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* For each DEA unit u the first of the report's units with the same name,
 * or (size_t)-1: one sort and a binary search per unit, not a scan of the
 * report's units per DEA unit (firm panels have 100,000 of each). */
size_t *report_dea_unit_map(const nqpf_report *r)
{
    size_t U = r->dea_U, R = r->panel ? r->U : 0;
    size_t *map = malloc((U + 1) * sizeof *map);
    named *v = malloc((R + 1) * sizeof *v);
    if (!map || !v) {
        free(map), free(v);
        return NULL;
    }
    for (size_t k = 0; k < R; k++)
        v[k] = (named){r->panel->units[k], k};
    qsort(v, R, sizeof *v, cmp_named);
    for (size_t u = 0; u < U; u++) {
        size_t lo = 0, hi = R; /* the first entry not below (name, 0) */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(v[mid].name, r->dea_unit[u]) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        map[u] = lo < R && !strcmp(v[lo].name, r->dea_unit[u]) ? v[lo].idx : (size_t)-1;
    }
    free(v);
    return map;
}

/* A DEA unit's name in the report's language (the English label where
 * the report has one); here, with the DEA data, because both the results
 * table (dea_out.c) and the layer table (dea_layers.c) name units. */
const char *report_dea_unit_name(const nqpf_report *r, const size_t *map, int en, size_t u)
{
    return en && r->label_en && map[u] != (size_t)-1 ? r->label_en[map[u]] : r->dea_unit[u];
}

void report_dea_put_head(const nqpf_report *r, FILE *fp)
{
    nqpf_csv_put_field(fp, report_opt(r, "data.unit"));
    fputc(',', fp);
    nqpf_csv_put_field(fp, report_opt(r, "data.period"));
}

void report_dea_put_key(const nqpf_report *r, FILE *fp, size_t i)
{
    nqpf_csv_put_field(fp, r->dea_unit[r->dea_urow[i]]);
    fputc(',', fp);
    nqpf_csv_put_field(fp, r->dea_period[r->dea_prow[i]]);
}

void report_dea_data_free(report_dea_data *d)
{
    nqpf_dea_input_free(&d->in);
    report_strv_free(d->unit);
    report_strv_free(d->period);
    memset(d, 0, sizeof *d);
}
