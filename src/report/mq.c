/* nqpf — the report's [malmquist] step: productivity change between
 * consecutive periods (include/nqpf/malmquist.h) on columns of the
 * project's data file.  The keys are the names of the `nqpf malmquist`
 * options and the rows are built exactly as that command builds them
 * (units in order of first appearance, periods in numeric order when all
 * are numbers), so tables/malmquist.csv equals its output.  Data are read
 * as published: a missing or negative cell is an error at FILE:LINE:COL
 * (the index's [data] missing = … filling is for the index indicators;
 * filling DEA inputs/outputs would invent a frontier point). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/csv.h"
#include "report_internal.h"

#define MQ_MAXV 64

static const char *const INDEXES[] = {"malmquist", "ml", "luenberger"};
static const char *const MODELS[] = {"radial", "sbm", "ddf"};
static const char *const RTSS[] = {"crs", "vrs", "nirs", "ndrs"};
static const char *const ORIENTS[] = {"in", "out", "none"};
static const char *const FRONTIERS[] = {"contemporaneous", "sequential", "global"};
static const char *const DIRS[] = {"default", "ones", "observed"};
static const char *const DISP[] = {"weak", "strong"};

static int pick(nqpf_report *r, const char *key, const char *def, const char *const *names, int n, int *out,
                nqpf_error *err)
{
    const char *s;
    const nqpf_project_kv *kv;
    int rc = report_opt_str(r, "malmquist", key, def, &s, &kv, err);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++)
        if (!strcmp(s, names[i])) {
            *out = i;
            return NQPF_OK;
        }
    char msg[200] = "";
    snprintf(msg, sizeof msg, "malmquist.%s must be one of:", key);
    for (int i = 0; i < n; i++)
        snprintf(msg + strlen(msg), sizeof msg - strlen(msg), " %s", names[i]);
    return report_bad_value(r, kv, msg, err);
}

/* Comma list of column names into store (owned by the caller). */
static int list(nqpf_report *r, const char *key, int required, char **store, char **items, size_t *n,
                nqpf_error *err)
{
    const char *s;
    const nqpf_project_kv *kv;
    *n = 0;
    int rc = report_opt_str(r, "malmquist", key, required ? NULL : "", &s, &kv, err);
    if (rc || !*s)
        return rc;
    if (!(*store = nqpf_strdup(s)))
        return nqpf_fail_nomem(err);
    char *p = *store;
    for (;;) {
        char *c = strchr(p, ',');
        if (c)
            *c = '\0';
        const char *t = p;
        size_t len = strlen(p);
        nqpf_trim(&t, &len);
        if (len == 0 || *n >= MQ_MAXV)
            return report_bad_value(r, kv, "must be a comma-separated list of at most 64 column names", err);
        ((char *)t)[len] = '\0';
        items[(*n)++] = (char *)t;
        if (!c)
            break;
        p = c + 1;
    }
    return NQPF_OK;
}

typedef struct prank {
    const char *s;
    double v;
    size_t idx;
    int numeric;
} prank;

static int cmp_key(const prank *x, const prank *y)
{
    return x->numeric ? (x->v > y->v) - (x->v < y->v) : strcmp(x->s, y->s);
}

static int cmp_prank(const void *a, const void *b)
{
    const prank *x = a, *y = b;
    int c = cmp_key(x, y);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Options (recorded in run.json) into job; the defaults are those of
 * `nqpf malmquist`. */
static int options(nqpf_report *r, nqpf_mq_job *job, int *no_frame, nqpf_error *err)
{
    nqpf_dea_spec *sp = &job->spec;
    int v, rc;
    if ((rc = pick(r, "index", "malmquist", INDEXES, 3, &v, err)))
        return rc;
    job->index = (nqpf_mq_index)v;
    if ((rc = pick(r, "model", job->index == NQPF_MQ_MALMQUIST ? "radial" : "ddf", MODELS, 3, &v, err)))
        return rc;
    sp->model = (nqpf_dea_model)v;
    if ((rc = pick(r, "rts", "crs", RTSS, 4, &v, err)))
        return rc;
    sp->rts = (nqpf_dea_rts)v;
    const nqpf_project_section *sec = nqpf_project_section_get(r->proj, "malmquist");
    const nqpf_project_kv *okv = nqpf_project_get(sec, "orient");
    if (sp->model == NQPF_DEA_DDF && okv)
        return report_bad_value(r, okv, "ddf takes no orient (use direction)", err);
    if ((rc = pick(r, "orient", sp->model == NQPF_DEA_RADIAL ? "out" : sp->model == NQPF_DEA_SBM ? "none" : "in",
                   ORIENTS, 3, &v, err)))
        return rc;
    sp->orient = (nqpf_dea_orient)v;
    if ((rc = pick(r, "frontier", "contemporaneous", FRONTIERS, 3, &v, err)))
        return rc;
    job->frontier = (nqpf_mq_frontier)v;
    if ((rc = pick(r, "direction", "default", DIRS, 3, &v, err)))
        return rc;
    sp->dir = (nqpf_dea_dir)v;
    if ((rc = pick(r, "bad-disposal", "weak", DISP, 2, &v, err)))
        return rc;
    sp->bad_strong = v;
    static const char *const YN[] = {"no", "yes"};
    return pick(r, "no-frame", "no", YN, 2, no_frame, err);
}

int report_run_malmquist(nqpf_report *r, nqpf_error *err)
{
    char *sx = NULL, *sy = NULL, *sb = NULL;
    char *nx[MQ_MAXV], *ny[MQ_MAXV], *nb[MQ_MAXV];
    size_t m = 0, s = 0, q = 0, T = 0, U = 0;
    nqpf_table *t = NULL;
    double *X = NULL, *Y = NULL, *B = NULL, *tmp = NULL;
    size_t *prow = NULL, *urowid = NULL, *urow = NULL;
    prank *pr = NULL;
    nqpf_strmap units = {0};
    nqpf_mq_job job = {0};
    int no_frame = 0, rc;
    const nqpf_project_kv *ukv = nqpf_project_get(nqpf_project_section_get(r->proj, "data"), "unit");
    const nqpf_project_kv *pkv = nqpf_project_get(nqpf_project_section_get(r->proj, "data"), "period");
    if ((rc = list(r, "inputs", 1, &sx, nx, &m, err)) || (rc = list(r, "outputs", 1, &sy, ny, &s, err)) ||
        (rc = list(r, "undesirable", 0, &sb, nb, &q, err)) || (rc = options(r, &job, &no_frame, err)))
        goto out;
    job.spec.m = m, job.spec.s = s, job.spec.q = q;
    if ((rc = nqpf_table_read(&t, r->data_path, r->iopt.encoding, err)))
        goto out;
    size_t n = t->n_rows, ucol = 0, pcol = 0;
    if ((rc = nqpf_table_require(t, ukv->value, &ucol, err)) || (rc = nqpf_table_require(t, pkv->value, &pcol, err)))
        goto out;
    X = malloc((n * m + 1) * sizeof(double));
    Y = malloc((n * s + 1) * sizeof(double));
    B = malloc((n * q + 1) * sizeof(double));
    tmp = malloc((n + 1) * sizeof(double));
    prow = malloc((n + 1) * sizeof(size_t));
    urowid = malloc((n + 1) * sizeof(size_t));
    urow = malloc((n + 1) * sizeof(size_t));
    pr = malloc((n + 1) * sizeof(prank));
    r->mq_period = calloc(n + 1, sizeof(char *));
    if (!X || !Y || !B || !tmp || !prow || !urowid || !urow || !pr || !r->mq_period) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    if ((rc = nqpf_dea_read_columns(t, nx, m, X, tmp, err)) || (rc = nqpf_dea_read_columns(t, ny, s, Y, tmp, err)) ||
        (rc = nqpf_dea_read_columns(t, nb, q, B, tmp, err)))
        goto out;
    int numeric = 1;
    for (size_t i = 0; i < n; i++) {
        const char *ps = nqpf_table_get(t, i, pcol);
        pr[i].s = ps;
        pr[i].idx = i;
        if (nqpf_parse_cell(ps, strlen(ps), &pr[i].v, NULL) != NQPF_CELL_NUMBER)
            numeric = 0;
    }
    for (size_t i = 0; i < n; i++)
        pr[i].numeric = numeric;
    qsort(pr, n, sizeof *pr, cmp_prank);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || cmp_key(&pr[i], &pr[i - 1]) != 0) {
            if (!(r->mq_period[T++] = nqpf_strdup(pr[i].s))) {
                rc = nqpf_fail_nomem(err);
                goto out;
            }
        }
        prow[pr[i].idx] = T - 1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *us = nqpf_table_get(t, i, ucol);
        int ins = 0;
        long id = nqpf_strmap_intern(&units, us, strlen(us), &ins);
        if (id < 0) {
            rc = nqpf_fail_nomem(err);
            goto out;
        }
        if (ins)
            urow[U++] = i;
        urowid[i] = (size_t)id;
    }
    if (!(r->mq_unit = calloc(U + 1, sizeof(char *)))) {
        rc = nqpf_fail_nomem(err);
        goto out;
    }
    r->mq_U = U;
    for (size_t u = 0; u < U; u++)
        if (!(r->mq_unit[u] = nqpf_strdup(nqpf_table_get(t, urow[u], ucol)))) {
            rc = nqpf_fail_nomem(err);
            goto out;
        }
    r->mq_T = T;
    job.n = n, job.x = X, job.y = Y, job.b = q ? B : NULL;
    job.unit = urowid, job.period = prow, job.n_units = U, job.n_periods = T, job.no_frame = no_frame;
    /* (unit, period) pairs were checked unique by the index's panel reader */
    if ((rc = nqpf_mq_run(&job, &r->mq, err)) || (rc = nqpf_mq_means_compute(&r->mq, &r->mqm, err)))
        goto out;
    r->mq_have_means = 1;
    const nqpf_dea_spec *sp = &job.spec;
    if (sp->model == NQPF_DEA_DDF)
        snprintf(r->mq_variant, sizeof r->mq_variant, "%s-ddf-%s%s%s-g:%s-%s", INDEXES[job.index], RTSS[sp->rts],
                 q ? "-" : "", q ? DISP[sp->bad_strong] : "", DIRS[sp->dir], FRONTIERS[job.frontier]);
    else
        snprintf(r->mq_variant, sizeof r->mq_variant, "%s-%s-%s-%s-%s", INDEXES[job.index], MODELS[sp->model],
                 ORIENTS[sp->orient], RTSS[sp->rts], FRONTIERS[job.frontier]);
    r->mq_index = (int)job.index;
    r->mq_ncol = r->mq.decomposed ? 5 : 3;
out:
    nqpf_strmap_free(&units);
    nqpf_table_free(t);
    free(X), free(Y), free(B), free(tmp), free(prow), free(urowid), free(urow), free(pr);
    free(sx), free(sy), free(sb);
    return rc;
}

void report_free_malmquist(nqpf_report *r)
{
    nqpf_mq_out_free(&r->mq);
    if (r->mq_have_means)
        nqpf_mq_means_free(&r->mqm);
    if (r->mq_unit)
        for (size_t u = 0; u < r->mq_U; u++)
            free(r->mq_unit[u]);
    if (r->mq_period)
        for (size_t i = 0; r->mq_period[i]; i++)
            free(r->mq_period[i]);
    free(r->mq_unit), free(r->mq_period);
}
