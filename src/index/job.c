/* nqpf — one run of the composite index from files (include/nqpf/index_job.h):
 * options, indicator system, panel and missing values, shared by `nqpf index`
 * and the report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "nqpf/index_job.h"
#include "nqpf/index_methods.h"
#include "nqpf/index_opts.h"

void nqpf_index_job_init(nqpf_index_job *j)
{
    memset(j, 0, sizeof *j);
    j->layout = NQPF_LAYOUT_WIDE;
    nqpf_index_options_default(&j->o);
}

/* The choices were checked by the table; the parsers only turn them into
 * the library's enums. */
int nqpf_index_job_options(nqpf_index_job *j, const nqpf_optval *v, nqpf_error *err)
{
    nqpf_index_options *o = &j->o;
    nqpf_index_options_default(o);
    if (v[NQPF_IX_DIM_WEIGHTS].text && !v[NQPF_IX_HIERARCHICAL].i)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--dim-weights needs --hierarchical");
    nqpf_norm_parse(v[NQPF_IX_NORMALIZE].text, &o->normalize);
    o->scope = v[NQPF_IX_SCOPE].i ? NQPF_SCOPE_PERIOD : NQPF_SCOPE_PANEL;       /* panel|period */
    o->combo_mode = v[NQPF_IX_COMBINE].i ? NQPF_COMBO_LINEAR : NQPF_COMBO_MULT; /* mult|linear */
    nqpf_aggregate_parse(v[NQPF_IX_AGGREGATE].text, &o->aggregate);
    nqpf_ri_parse(v[NQPF_IX_RI].text, &o->ri);
    nqpf_ahp_method_parse(v[NQPF_IX_AHP_METHOD].text, &o->ahp_method);
    o->shift = v[NQPF_IX_SHIFT].num;
    o->alpha = v[NQPF_IX_ALPHA].num;
    o->rho = v[NQPF_IX_RHO].num;
    o->vikor_v = v[NQPF_IX_VIKOR_V].num;
    o->pca_share = v[NQPF_IX_PCA_SHARE].num;
    o->hierarchical = (int)v[NQPF_IX_HIERARCHICAL].i;
    o->allow_inconsistent = (int)v[NQPF_IX_ALLOW_INCONSISTENT].i;
    o->robustness = (int)v[NQPF_IX_ROBUSTNESS].i;
    o->encoding = j->encoding;
    int rc = nqpf_weight_spec_parse(v[NQPF_IX_WEIGHTS].text, &j->ws, err);
    if (!rc && v[NQPF_IX_DIM_WEIGHTS].text)
        rc = nqpf_weight_spec_parse(v[NQPF_IX_DIM_WEIGHTS].text, &j->wd, err);
    o->weights = j->ws;
    o->dim_weights = j->wd;
    return rc;
}

/* Check that every system column and the key columns exist in the data,
 * reporting an unknown column at its line in the system file. */
static int check_columns(const nqpf_index_job *j, nqpf_error *err)
{
    if (!strcmp(j->data, "-"))
        return NQPF_OK; /* standard input can be read once: the panel reader checks the columns */
    const nqpf_system *s = j->sys;
    char **h = NULL;
    size_t nh = 0;
    long hline = 0;
    int rc = nqpf_csv_read_header(j->data, j->encoding, ',', &h, &nh, &hline, err);
    if (rc)
        return rc;
    const char *keys[2] = {j->unit, j->period};
    const char *what[2] = {"unit", "period"};
    for (int k = 0; k < 2 && !rc; k++) {
        int found = 0;
        for (size_t i = 0; i < nh; i++)
            found |= !strcmp(h[i], keys[k]);
        if (!found)
            rc = nqpf_fail_no_column(err, j->data, hline, what[k], keys[k], h, nh, NULL);
    }
    if (j->layout == NQPF_LAYOUT_WIDE)
        for (size_t i = 0; i < s->n_ind && !rc; i++) {
            int found = 0;
            for (size_t c = 0; c < nh; c++)
                found |= !strcmp(h[c], s->ind[i].column);
            if (!found)
                rc = nqpf_fail(err, NQPF_EINPUT, s->path, s->ind[i].line, s->ind[i].column_col,
                               "unknown column '%s': the data file %s has no such column", s->ind[i].column, j->data);
            else if (!strcmp(s->ind[i].column, j->unit) || !strcmp(s->ind[i].column, j->period))
                rc = nqpf_fail(err, NQPF_EINPUT, s->path, s->ind[i].line, s->ind[i].column_col,
                               "'%s' is the unit or period column, not an indicator", s->ind[i].column);
        }
    nqpf_header_free(h, nh);
    return rc;
}

int nqpf_index_job_system(nqpf_index_job *j, nqpf_error *err)
{
    int rc = nqpf_system_read(&j->sys, j->system, j->encoding, err);
    return rc || !j->check_columns ? rc : check_columns(j, err);
}

/* In the long layout, every indicator of the system must occur. */
static int check_long_vars(const nqpf_panel *p, const nqpf_system *s, nqpf_error *err)
{
    for (size_t i = 0; i < s->n_ind; i++) {
        int any = 0;
        for (size_t c = i; c < p->n_units * p->n_periods * p->n_vars && !any; c += p->n_vars)
            any = !isnan(p->x[c]) || (p->cell_line && p->cell_line[c]);
        if (!any)
            return nqpf_fail(err, NQPF_EINPUT, s->path, s->ind[i].line, s->ind[i].column_col,
                             "unknown variable '%s': no row of %s has it", s->ind[i].column, p->path);
    }
    return NQPF_OK;
}

static void phase(const nqpf_index_job *j, const char *what)
{
    if (j->phase)
        j->phase(j->phase_ctx, what);
}

int nqpf_index_job_panel(nqpf_index_job *j, nqpf_error *err)
{
    size_t n = j->sys->n_ind;
    const char **vars = malloc((n ? n : 1) * sizeof(char *));
    size_t *vidx = malloc((n ? n : 1) * sizeof(size_t));
    int rc = (!vars || !vidx) ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t i = 0; !rc && i < n; i++)
        vars[i] = j->sys->ind[i].column, vidx[i] = i;
    nqpf_panel_spec spec = {.path = j->data, .encoding = j->encoding, .layout = j->layout, .unit_col = j->unit,
                            .period_col = j->period, .var_col = j->var_col, .value_col = j->value_col,
                            .vars = vars, .n_vars = n, .text_cols = j->text_cols, .n_text = j->n_text,
                            .sha256 = j->data_sha};
    if (!rc && !(rc = nqpf_panel_read(&j->panel, &spec, err)))
        phase(j, "read");
    if (!rc && j->layout == NQPF_LAYOUT_LONG)
        rc = check_long_vars(j->panel, j->sys, err);
    if (!rc && j->panel->n_units < j->min_units)
        rc = nqpf_fail(err, NQPF_EINPUT, j->data, 0, 0, "an index needs at least %zu units (found %zu)", j->min_units,
                       j->panel->n_units);
    if (!rc && !(rc = nqpf_missing_apply(j->panel, vidx, n, j->missing, j->extrapolate, &j->fills, err)))
        phase(j, "missing");
    free(vars), free(vidx);
    return rc;
}

void nqpf_index_job_free(nqpf_index_job *j)
{
    nqpf_fill_log_free(&j->fills);
    nqpf_panel_free(j->panel);
    nqpf_system_free(j->sys);
    nqpf_weight_spec_free(j->ws);
    nqpf_weight_spec_free(j->wd);
    memset(j, 0, sizeof *j);
}
