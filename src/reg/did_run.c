/* nqpf did — a whole `nqpf did` job: read the panel, derive the first-
 * treatment period of each unit, estimate (did.c, did_cs.c), write every
 * requested file atomically (all or none). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "did_internal.h"
#include "nqpf/coltable.h"
#include "nqpf/csv.h"
#include "nqpf/did.h"
#include "nqpf/opt.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

typedef struct did_job {
    const nqpf_did_request *rq;
    nqpf_coltable *t;               /* only the columns the job uses */
    nqpf_colspec *want;             /* the requests (KEY columns found by name in them) */
    size_t nwant;
    size_t iu, ip, iy, ipn, ig, igk;/* unit, period (key), y, period, treatment (number, key) in t */
    did_data d;
    char *sx, *sabs, *scl;
    char *xn[DID_MAXX], *absn[DID_MAXFE], *cln[DID_MAXFE];
    char *items[2 * DID_MAXFE];     /* copies of the absorb and cluster items, cut into their parts */
    size_t nabs, ncl;
    size_t ucol, pcol;
    long *line;                     /* data line of each kept row */
    size_t n_missing;               /* rows with a missing y or x */
    size_t n_early;                 /* treated units with no untreated period observed */
} did_job;

static void job_free(did_job *j)
{
    nqpf_coltable_free(j->t);
    free(j->want);
    for (size_t a = 0; a < 2 * DID_MAXFE; a++)
        free(j->items[a]);
    free(j->sx), free(j->sabs), free(j->scl);
    free(j->d.y);
    for (size_t a = 0; a < DID_MAXX; a++)
        free(j->d.x[a]);
    free(j->d.unit), free(j->d.t), free(j->d.slot), free(j->d.tval), free(j->d.G);
    for (size_t a = 0; a < DID_MAXFE; a++)
        free(j->d.fe[a]), free(j->d.cl[a]);
    free(j->line);
}

/* The parts of an absorb / cluster item (`unit`, `period`, a column, or
 * a#b...: at most 4) as column names; -1 when the term is malformed. */
static int item_parts(const did_job *j, char *copy, const char **part)
{
    int np = 0;
    for (char *tok = copy, *next; tok; tok = next) {
        next = strchr(tok, '#');
        if (next)
            *next++ = '\0';
        if (np == 4 || !*tok)
            return -1;
        part[np++] = strcmp(tok, "unit") == 0 ? j->rq->unit : strcmp(tok, "period") == 0 ? j->rq->period : tok;
    }
    return np;
}

/* The KEY request of column name (every item part has one, load). */
static size_t key_of(const did_job *j, const char *name)
{
    size_t k = 0;
    while (k < j->nwant && !(j->want[k].type == NQPF_COL_KEY && strcmp(j->want[k].name, name) == 0))
        k++;
    return k;
}

/* Codes of one absorb / cluster item: `unit`, `period`, a column, or a#b. */
static int item_codes(did_job *j, const char *item, size_t *code, nqpf_error *err)
{
    size_t n = j->t->n_rows;
    char *copy = nqpf_strdup(item);
    if (!copy)
        return nqpf_fail_nomem(err);
    const char *part[4];
    int np = item_parts(j, copy, part), rc = NQPF_OK;
    if (np < 0)
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "bad fixed-effect or cluster term '%s'", item);
    size_t *pc[4] = {0};
    for (int p = 0; p < np && !rc; p++) {
        if (!(pc[p] = nqpf_alloc(n + 1, sizeof **pc))) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        const nqpf_column *c = &j->t->col[key_of(j, part[p])];
        for (size_t i = 0; i < n; i++) {
            int32_t k = c->code[i];
            pc[p][i] = k < 0 || nqpf_is_missing_token(c->levels[k], strlen(c->levels[k])) ? NQPF_REG_NA : (size_t)k;
        }
    }
    if (!rc) {
        size_t levels;
        rc = nqpf_reg_group((const size_t *const *)pc, (size_t)np, n, code, &levels, err);
    }
    for (size_t p = 0; p < 4; p++)
        free(pc[p]);
    free(copy);
    return rc;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct row_ord {
    size_t unit;
    double t;
    size_t row;
} row_ord;

static int cmp_row(const void *a, const void *b)
{
    const row_ord *x = a, *y = b;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->t < y->t ? -1 : x->t > y->t;
}

static size_t want(did_job *j, const char *name, nqpf_coltype type, int required)
{
    j->want[j->nwant] = (nqpf_colspec){name, type, required, NULL};
    return j->nwant++;
}

/* Read the columns the job uses (src/io/coltable.c), requested in the
 * order the text table's columns were looked up (the first missing one
 * is the one named): unit and period as keys (their texts are the
 * messages'), y and x (missing allowed), the period as a number, the
 * treatment as a number and a key, then every part of the absorb and
 * cluster items as a key (the items' errors come after the read). */
static int read_columns(did_job *j, nqpf_error *err)
{
    const nqpf_did_request *rq = j->rq;
    const char *def_abs[2] = {"unit", "period"}, *def_cl[1] = {"unit"};
    const char *gname = rq->first_treated ? rq->first_treated : rq->treat;
    if (!(j->want = nqpf_calloc(8 + j->d.nx + 2 * DID_MAXFE * 4, sizeof *j->want)))
        return nqpf_fail_nomem(err);
    j->iu = want(j, rq->unit, NQPF_COL_KEY, 0);
    j->ip = want(j, rq->period, NQPF_COL_KEY, 0);
    j->iy = want(j, rq->y, NQPF_COL_NUMBER, 0);
    for (size_t a = 0; a < j->d.nx; a++)
        want(j, j->d.xname[a], NQPF_COL_NUMBER, 0);
    j->ipn = want(j, rq->period, NQPF_COL_NUMBER, 1);
    j->ig = want(j, gname, NQPF_COL_NUMBER, rq->first_treated == NULL);
    j->igk = want(j, gname, NQPF_COL_KEY, 0);
    size_t nab = j->nabs ? j->nabs : 2, ncl = j->ncl ? j->ncl : 1;
    for (size_t a = 0; a < nab + ncl; a++) {
        const char *item = a < nab ? (j->nabs ? j->absn[a] : def_abs[a]) : (j->ncl ? j->cln[a - nab] : def_cl[0]);
        const char *part[4];
        if (!(j->items[a] = nqpf_strdup(item)))
            return nqpf_fail_nomem(err);
        int np = item_parts(j, j->items[a], part);
        for (int p = 0; p < np; p++)
            if (key_of(j, part[p]) == j->nwant)
                want(j, part[p], NQPF_COL_KEY, 0);
    }
    nqpf_coltable_spec sp = {.path = rq->data, .encoding = (nqpf_encoding)rq->encoding, .cols = j->want,
                             .n_cols = j->nwant, .extra = rq->data_extra};
    return nqpf_coltable_read(&j->t, &sp, err);
}

/* Row i's text in key column c ("" when empty), for messages. */
static const char *text(const did_job *j, size_t c, size_t i)
{
    const nqpf_column *col = &j->t->col[c];
    return col->code[i] < 0 ? "" : col->levels[col->code[i]];
}

/* The reader's array of number column c, taken over. */
static double *take(did_job *j, size_t c)
{
    double *v = j->t->col[c].num;
    j->t->col[c].num = NULL;
    return v;
}

static int load(did_job *j, nqpf_error *err)
{
    const nqpf_did_request *rq = j->rq;
    int rc = read_columns(j, err);
    if (rc)
        return rc;
    nqpf_coltable *t = j->t;
    size_t n = t->n_rows;
    did_data *d = &j->d;
    j->ucol = (size_t)t->col[j->iu].file_col - 1;
    j->pcol = (size_t)t->col[j->ip].file_col - 1;
    size_t gc = (size_t)t->col[j->ig].file_col - 1;
    d->n = n;
    d->y = take(j, j->iy);
    for (size_t a = 0; a < d->nx; a++)
        d->x[a] = take(j, j->iy + 1 + a);
    d->t = take(j, j->ipn);
    double *gcol = take(j, j->ig);
    d->unit = nqpf_alloc(n + 1, sizeof *d->unit);
    d->slot = nqpf_alloc(n + 1, sizeof *d->slot);
    d->tval = nqpf_alloc(n + 1, sizeof *d->tval);
    j->line = nqpf_alloc(n + 1, sizeof *j->line);
    row_ord *ord = nqpf_alloc(n + 1, sizeof *ord);
    if (!d->unit || !d->slot || !d->tval || !j->line || !ord) {
        free(gcol), free(ord);
        return nqpf_fail_nomem(err);
    }
    const nqpf_column *uc = &t->col[j->iu];
    /* units in order of appearance (the reader's codes: any missing one is
     * an error); duplicates of (unit, period) */
    for (size_t i = 0; i < n && !rc; i++) {
        const char *u = text(j, j->iu, i);
        if (nqpf_is_missing_token(u, strlen(u))) {
            rc = nqpf_fail(err, NQPF_EINPUT, rq->data, t->line[i], (long)j->ucol + 1, "empty unit");
            break;
        }
        d->unit[i] = (size_t)uc->code[i];
        j->line[i] = t->line[i];
        ord[i].unit = d->unit[i], ord[i].t = d->t[i], ord[i].row = i;
        if (!rq->first_treated && gcol[i] != 0.0 && gcol[i] != 1.0)
            rc = nqpf_fail(err, NQPF_EINPUT, rq->data, t->line[i], (long)gc + 1,
                           "--treat must be 0 or 1, not '%s'", text(j, j->igk, i));
    }
    d->N = uc->n_levels;
    if (!rc) {
        qsort(ord, n, sizeof *ord, cmp_row);
        if (!(d->G = nqpf_calloc(d->N + 1, sizeof *d->G)))
            rc = nqpf_fail_nomem(err);
    }
    for (size_t k = 0; k < n && !rc; k++) {
        size_t i = ord[k].row, u = ord[k].unit;
        int first = k == 0 || ord[k - 1].unit != u;
        if (!first && ord[k - 1].t == ord[k].t) {
            rc = nqpf_fail(err, NQPF_EINPUT, rq->data, t->line[i], (long)j->ucol + 1,
                           "unit '%s' appears twice in period '%s'", text(j, j->iu, i),
                           text(j, j->ip, i));
            break;
        }
        if (rq->first_treated) {
            double g = isnan(gcol[i]) ? 0.0 : gcol[i];
            if (g < 0) {
                rc = nqpf_fail(err, NQPF_EINPUT, rq->data, t->line[i], (long)gc + 1,
                               "first-treatment period must be 0 (never) or a period, not %g", g);
            } else if (first)
                d->G[u] = g;
            else if (d->G[u] != g)
                rc = nqpf_fail(err, NQPF_EINPUT, rq->data, t->line[i], (long)gc + 1,
                               "the first-treatment period of unit '%s' changes from %g to %g",
                               text(j, j->iu, i), d->G[u], g);
        } else {
            if (gcol[i] == 1.0 && d->G[u] == 0 && !(d->t[i] > 0))
                rc = nqpf_fail(err, NQPF_EINPUT, rq->data, t->line[i], (long)j->pcol + 1,
                               "unit '%s' is treated in period %s: with --treat the periods must be > 0 "
                               "(a first-treatment period of 0 means never treated)",
                               text(j, j->iu, i), text(j, j->ip, i));
            else if (gcol[i] == 1.0 && d->G[u] == 0)
                d->G[u] = d->t[i];
            else if (gcol[i] == 0.0 && d->G[u] != 0)
                rc = nqpf_fail(err, NQPF_EINPUT, rq->data, t->line[i], (long)gc + 1,
                               "the treatment of unit '%s' switches off in period %s (treated since %g): "
                               "--treat must stay 1 once it is 1",
                               text(j, j->iu, i), text(j, j->ip, i), d->G[u]);
        }
    }
    /* periods */
    if (!rc) {
        memcpy(d->tval, d->t, n * sizeof *d->t);
        qsort(d->tval, n, sizeof *d->tval, cmp_d);
        size_t T = 0;
        for (size_t i = 0; i < n; i++)
            if (T == 0 || d->tval[i] != d->tval[T - 1])
                d->tval[T++] = d->tval[i];
        d->T = T;
        for (size_t i = 0; i < n; i++) {
            const double *p = bsearch(&d->t[i], d->tval, T, sizeof *d->tval, cmp_d);
            d->slot[i] = (size_t)(p - d->tval);
        }
    }
    for (size_t k = 0; k < n && !rc; k++)
        if ((k == 0 || ord[k - 1].unit != ord[k].unit) && d->G[ord[k].unit] > 0 && d->G[ord[k].unit] <= ord[k].t)
            j->n_early++;
    for (size_t i = 0; i < n && !rc; i++) {
        int miss = isnan(d->y[i]);
        for (size_t a = 0; a < d->nx; a++)
            miss |= isnan(d->x[a][i]);
        j->n_missing += miss;
    }
    free(gcol), free(ord);
    if (rc)
        return rc;
    /* fixed effects and clusters */
    const char *def_abs[2] = {"unit", "period"}, *def_cl[1] = {"unit"};
    size_t nab = j->nabs ? j->nabs : 2, ncl = j->ncl ? j->ncl : 1;
    for (size_t a = 0; a < nab && !rc; a++) {
        const char *item = j->nabs ? j->absn[a] : def_abs[a];
        if (!(d->fe[a] = nqpf_alloc(n + 1, sizeof **d->fe)))
            return nqpf_fail_nomem(err);
        d->fe_name[a] = item;
        rc = item_codes(j, item, d->fe[a], err);
    }
    d->n_fe = nab;
    for (size_t a = 0; a < ncl && !rc; a++) {
        const char *item = j->ncl ? j->cln[a] : def_cl[a];
        if (!(d->cl[a] = nqpf_alloc(n + 1, sizeof **d->cl)))
            return nqpf_fail_nomem(err);
        d->cl_name[a] = item;
        rc = item_codes(j, item, d->cl[a], err);
    }
    d->n_cl = ncl;
    return rc;
}

static int stat(nqpf_restab *b, const char *name, double v)
{
    return nqpf_restab_row(b, &name, 1, &v, 1);
}

/* model,term,group,time,e,estimate,se,t,p,ci_lo,ci_hi from a reg table row */
static int reg_rows(nqpf_restab *b, const char *model, const nqpf_reg_table *t, const did_window *w)
{
    int bad = 0;
    for (size_t p = 0; p < t->p; p++) {
        const char *f[2] = {model, t->term[p]};
        double e = NAN;
        if (w && strncmp(t->term[p], "e=", 2) == 0)
            e = strtod(t->term[p] + 2, NULL);
        const double v[9] = {NAN, NAN, e, t->b[p], t->se[p], t->t[p], t->pval[p], t->lo[p], t->hi[p]};
        bad |= nqpf_restab_row(b, f, 2, v, 9);
    }
    return bad;
}

/* Intervals of a reg table at `level` (reg's are 95%, t with df_r). */
static void relevel(nqpf_reg_table *t, double level)
{
    if (level == 0.95)
        return;
    double crit = nqpf_t_quantile(1.0 - (1.0 - level) / 2.0, t->df_r);
    for (size_t p = 0; p < t->p; p++)
        if (!isnan(t->b[p])) {
            t->lo[p] = t->b[p] - crit * t->se[p];
            t->hi[p] = t->b[p] + crit * t->se[p];
        }
}

static int parse_window(const char *s, long ref, did_window *w, nqpf_error *err)
{
    char *end = NULL;
    long lo = strtol(s, &end, 10);
    if (end == s || *end != ',')
        goto bad;
    const char *s2 = end + 1;
    long hi = strtol(s2, &end, 10);
    if (end == s2 || *end || lo > 0 || hi < 0 || hi - lo > 200)
        goto bad;
    if (ref < lo || ref > hi)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--ref %ld lies outside --event-window %s", ref, s);
    w->lo = lo, w->hi = hi, w->ref = ref;
    return NQPF_OK;
bad:
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                     "--event-window takes -K,L with integers K >= 0, L >= 0 (at most 200 apart), not '%s'", s);
}

static void say(void (*warn)(void *, const char *), void *ctx, const char *fmt, size_t k)
{
    if (!warn)
        return;
    char msg[256];
    snprintf(msg, sizeof msg, fmt, k);
    warn(ctx, msg);
}

/* Callaway-Sant'Anna: the balanced unit x period arrays */
static int run_cs(did_job *j, nqpf_cs_result *r, nqpf_error *err)
{
    const nqpf_did_request *rq = j->rq;
    did_data *d = &j->d;
    size_t N = d->N, T = d->T;
    if (d->n != N * T) {
        /* find a missing (unit, period) */
        unsigned char *seen = nqpf_calloc(N * T + 1, 1);
        if (!seen)
            return nqpf_fail_nomem(err);
        for (size_t i = 0; i < d->n; i++)
            seen[d->unit[i] * T + d->slot[i]] = 1;
        size_t k = 0;
        while (k < N * T && seen[k])
            k++;
        free(seen);
        size_t row = 0;
        while (row < d->n && d->unit[row] != k / T)
            row++;
        return nqpf_fail(err, NQPF_EINPUT, rq->data, row < d->n ? j->line[row] : 0, (long)j->ucol + 1,
                         "--estimator cs needs a balanced panel: unit '%s' has no row for period %g",
                         row < d->n ? text(j, j->iu, row) : "?", d->tval[k % T]);
    }
    for (size_t i = 0; i < d->n; i++) {
        int miss = isnan(d->y[i]);
        for (size_t a = 0; a < d->nx; a++)
            miss |= isnan(d->x[a][i]);
        if (miss)
            return nqpf_fail(err, NQPF_EINPUT, rq->data, j->line[i], 0,
                             "--estimator cs needs a balanced panel: a missing value of --y or --x in this row");
    }
    double *Y = nqpf_alloc(N * T + 1, sizeof *Y);
    double *X[DID_MAXX] = {0};
    int rc = Y ? NQPF_OK : nqpf_fail_nomem(err);
    for (size_t a = 0; a < d->nx && !rc; a++)
        if (!(X[a] = nqpf_alloc(N * T + 1, sizeof **X)))
            rc = nqpf_fail_nomem(err);
    if (!rc) {
        for (size_t i = 0; i < d->n; i++) {
            size_t k = d->unit[i] * T + d->slot[i];
            Y[k] = d->y[i];
            for (size_t a = 0; a < d->nx; a++)
                X[a][k] = d->x[a][i];
        }
        nqpf_cs_spec s = {0};
        s.n_units = N, s.n_periods = T, s.period = d->tval, s.y = Y, s.g = d->G;
        s.n_x = d->nx, s.x = (const double *const *)X;
        s.notyet = rq->notyet, s.boot = rq->boot, s.seed = rq->seed, s.level = rq->level;
        rc = nqpf_cs_estimate(&s, r, err);
        if (rc && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", rq->data);
    }
    free(Y);
    for (size_t a = 0; a < DID_MAXX; a++)
        free(X[a]);
    return rc;
}

/* the message of a missing required option, from the command's run and the compute alike */
static int required(nqpf_error *err)
{
    return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--data, --unit, --period, --y and --out are required (see --help)");
}

int nqpf_did_compute(const nqpf_did_request *rq, nqpf_did_output *o, void (*warn)(void *ctx, const char *msg), void *ctx,
                     nqpf_error *err)
{
    memset(o, 0, sizeof *o);
    if (!rq->data || !rq->unit || !rq->period || !rq->y)
        return required(err);
    if (!!rq->treat == !!rq->first_treated)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "give exactly one of --treat and --first-treated");
    if (rq->placebo == 1)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--placebo needs at least 2 draws");
    if (rq->boot && !rq->cs)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--boot is the multiplier bootstrap of --estimator cs");
    if (rq->notyet && !rq->cs)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--control notyet applies to --estimator cs");
    if (rq->cs && rq->window)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--event-window belongs to the TWFE event study; --estimator cs reports every event time "
                         "(did's min_e/max_e are not implemented)");
    if (rq->draws && !rq->placebo)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--draws writes the placebo draws: give --placebo B");
    did_window win = {0, 0, rq->ref};
    int want_event = !rq->cs && (rq->window || rq->event);
    int rc = NQPF_OK;
    if (rq->window && (rc = parse_window(rq->window, rq->ref, &win, err)))
        return rc;
    did_job j;
    memset(&j, 0, sizeof j);
    j.rq = rq;
    j.d.dof = NQPF_REG_DOF_REGHDFE;
    if (rq->dof && strcmp(rq->dof, "all") == 0)
        j.d.dof = NQPF_REG_DOF_ALL;
    else if (rq->dof && strcmp(rq->dof, "reghdfe") != 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--dof takes reghdfe or all, not '%s'", rq->dof);
    rc = nqpf_opt_names(rq->x, "x", &j.sx, j.xn, DID_MAXX, &j.d.nx, err);
    for (size_t a = 0; a < j.d.nx; a++)
        j.d.xname[a] = j.xn[a];
    if (!rc)
        rc = nqpf_opt_names(rq->absorb, "absorb", &j.sabs, j.absn, DID_MAXFE, &j.nabs, err);
    if (!rc)
        rc = nqpf_opt_names(rq->cluster, "cluster", &j.scl, j.cln, DID_MAXFE, &j.ncl, err);
    if (!rc)
        rc = load(&j, err);
    nqpf_reg_fit twfe, ev;
    memset(&twfe, 0, sizeof twfe);
    memset(&ev, 0, sizeof ev);
    nqpf_cs_result cs;
    memset(&cs, 0, sizeof cs);
    double *draws = NULL;
    size_t *obs = NULL;
    char (*evnames)[32] = NULL;
    did_data *d = &j.d;
    size_t n_treated = 0, n_never = 0;
    if (!rc) {
        for (size_t u = 0; u < d->N; u++)
            n_treated += d->G[u] > 0, n_never += d->G[u] == 0;
        if (!n_treated)
            rc = nqpf_fail(err, NQPF_EINPUT, rq->data, 0, 0, "no unit is ever treated");
    }
    if (!rc && (rc = did_twfe(d, d->G, NQPF_REG_CLUSTER, &twfe, err)) && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", rq->data);
    if (!rc && want_event) {
        if (!rq->window) {
            /* the whole range of event times, nothing binned */
            double lo = 0, hi = 0;
            for (size_t i = 0; i < d->n; i++) {
                double g = d->G[d->unit[i]];
                if (g > 0) {
                    double e = d->t[i] - g;
                    lo = e < lo ? e : lo, hi = e > hi ? e : hi;
                }
            }
            win.lo = (long)lo, win.hi = (long)hi;
            if (rq->ref < win.lo || rq->ref > win.hi || win.hi - win.lo > 200)
                rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--ref %ld lies outside the event times %ld..%ld: give --event-window",
                               rq->ref, win.lo, win.hi);
        }
        for (size_t i = 0; i < d->n && !rc; i++)
            if (d->t[i] != floor(d->t[i]) || (d->G[d->unit[i]] != floor(d->G[d->unit[i]])))
                rc = nqpf_fail(err, NQPF_EINPUT, rq->data, j.line[i], (long)j.pcol + 1,
                               "the event study needs integer periods and first-treatment periods");
        if (!rc && (!(obs = nqpf_calloc((size_t)(win.hi - win.lo + 2), sizeof *obs)) ||
                    !(evnames = nqpf_calloc((size_t)(win.hi - win.lo + 2), sizeof *evnames))))
            rc = nqpf_fail_nomem(err);
        if (!rc && (rc = did_event(d, &win, &ev, obs, evnames, err)) && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", rq->data);
    }
    if (!rc && rq->placebo) {
        if (!(draws = nqpf_alloc(rq->placebo + 1, sizeof *draws)))
            rc = nqpf_fail_nomem(err);
        else
            rc = did_placebo(d, twfe.in_sample, rq->placebo, rq->seed, draws, err);
    }
    if (!rc && rq->cs)
        rc = run_cs(&j, &cs, err);
    /* the files */
    int bad = 0;
    if (!rc) {
        double level = rq->level > 0 ? rq->level : 0.95;
        relevel(&twfe.main, level);
        if (want_event)
            relevel(&ev.main, level);
        bad |= nqpf_restab_header(&o->out, "model,term,group,time,e,estimate,se,t,p,ci_lo,ci_hi");
        bad |= reg_rows(&o->out, "twfe", &twfe.main, NULL);
        if (want_event)
            bad |= reg_rows(&o->out, "event", &ev.main, &win);
        bad |= nqpf_restab_header(&o->stats, "statistic,value");
        bad |= stat(&o->stats, "N", (double)twfe.n);
        bad |= stat(&o->stats, "N_missing", (double)twfe.n_missing);
        bad |= stat(&o->stats, "N_singletons", (double)twfe.n_singletons);
        bad |= stat(&o->stats, "units", (double)d->N);
        bad |= stat(&o->stats, "periods", (double)d->T);
        bad |= stat(&o->stats, "treated_units", (double)n_treated);
        bad |= stat(&o->stats, "never_treated_units", (double)n_never);
        bad |= stat(&o->stats, "clusters", twfe.n_cl ? (double)twfe.clusters[0] : NAN);
        bad |= stat(&o->stats, "twfe_att", twfe.main.b[0]);
        bad |= stat(&o->stats, "twfe_se", twfe.main.se[0]);
        bad |= stat(&o->stats, "df_r", twfe.main.df_r);
        bad |= stat(&o->stats, "r2_within", twfe.main.r2_within);
        bad |= stat(&o->stats, "level", level);
        if (want_event) {
            bad |= stat(&o->stats, "event_lo", (double)win.lo);
            bad |= stat(&o->stats, "event_hi", (double)win.hi);
            bad |= stat(&o->stats, "event_ref", (double)win.ref);
            /* joint Wald test of the leads: every kept dummy with e < 0 */
            size_t idx[256], q = 0;
            for (size_t p = 0; p < ev.main.p && q < 256; p++)
                if (strncmp(ev.main.term[p], "e=", 2) == 0 && strtol(ev.main.term[p] + 2, NULL, 10) < 0 &&
                    !ev.main.omitted[p])
                    idx[q++] = p;
            double F = NAN, Fp = NAN;
            if (q) {
                nqpf_error we;
                if (nqpf_reg_wald(ev.main.b, ev.main.V, ev.main.p, idx, q, &F, &we) == NQPF_OK)
                    Fp = nqpf_reg_f_pvalue(F, (double)q, ev.main.df_r);
                else
                    F = NAN;
            }
            bad |= stat(&o->stats, "pretrend_F", F);
            bad |= stat(&o->stats, "pretrend_df1", (double)q);
            bad |= stat(&o->stats, "pretrend_df2", ev.main.df_r);
            bad |= stat(&o->stats, "pretrend_p", Fp);
            bad |= nqpf_restab_header(&o->event, "e,estimate,se,ci_lo,ci_hi,obs,reference");
            for (long e = win.lo; e <= win.hi; e++) {
                double v[7] = {(double)e, 0, 0, 0, 0, (double)obs[e - win.lo], 1};
                if (e != win.ref) {
                    char name[32];
                    snprintf(name, sizeof name, "e=%ld", e);
                    v[1] = v[2] = v[3] = v[4] = NAN, v[6] = 0;
                    for (size_t p = 0; p < ev.main.p; p++)
                        if (strcmp(ev.main.term[p], name) == 0)
                            v[1] = ev.main.b[p], v[2] = ev.main.se[p], v[3] = ev.main.lo[p], v[4] = ev.main.hi[p];
                    if (obs[e - win.lo] == 0 && warn) {
                        char msg[160];
                        snprintf(msg, sizeof msg, "event study: no treated observation at e = %ld: no estimate", e);
                        warn(ctx, msg);
                    }
                }
                bad |= nqpf_restab_row(&o->event, NULL, 0, v, 7);
            }
            for (size_t p = 0; p < ev.main.p; p++)
                if (ev.main.omitted[p] && warn) {
                    char msg[160];
                    snprintf(msg, sizeof msg, "event study: %s omitted (no treated observation or collinear)",
                             ev.main.term[p]);
                    warn(ctx, msg);
                }
        }
        if (rq->placebo) {
            size_t ok = 0, ge = 0;
            double b0 = twfe.main.b[0], sum = 0, ss = 0;
            for (size_t r = 0; r < rq->placebo; r++)
                if (!isnan(draws[r])) {
                    ok++;
                    sum += draws[r];
                    ge += fabs(draws[r]) >= fabs(b0);
                }
            double mean = ok ? sum / (double)ok : NAN;
            for (size_t r = 0; r < rq->placebo; r++)
                if (!isnan(draws[r]))
                    ss += (draws[r] - mean) * (draws[r] - mean);
            bad |= stat(&o->stats, "placebo_draws", (double)rq->placebo);
            bad |= stat(&o->stats, "placebo_failed", (double)(rq->placebo - ok));
            bad |= stat(&o->stats, "placebo_seed", (double)rq->seed);
            bad |= stat(&o->stats, "placebo_mean", mean);
            bad |= stat(&o->stats, "placebo_sd", ok > 1 ? sqrt(ss / (double)(ok - 1)) : NAN);
            bad |= stat(&o->stats, "placebo_p", ok ? (double)ge / (double)ok : NAN);
            bad |= nqpf_restab_header(&o->draws, "draw,estimate");
            for (size_t r = 0; r < rq->placebo; r++) {
                double v[2] = {(double)(r + 1), draws[r]};
                bad |= nqpf_restab_row(&o->draws, NULL, 0, v, 2);
            }
        }
        if (rq->cs) {
            static const char *const kind[] = {"att_gt", "simple", "group", "dynamic", "calendar"};
            for (size_t k = 0; k < cs.n_est; k++) {
                const nqpf_cs_est *e = &cs.est[k];
                char term[96];
                if (e->kind == NQPF_CS_ATTGT)
                    snprintf(term, sizeof term, "ATT(%g,%g)", e->g, e->t);
                else if (e->overall)
                    snprintf(term, sizeof term, "overall");
                else if (e->kind == NQPF_CS_GROUP)
                    snprintf(term, sizeof term, "g=%g", e->g);
                else if (e->kind == NQPF_CS_DYNAMIC)
                    snprintf(term, sizeof term, "e=%g", e->e);
                else
                    snprintf(term, sizeof term, "t=%g", e->t);
                const char *f[2] = {kind[e->kind], term};
                double z = e->att / e->se;
                double v[9] = {e->g, e->t, e->e, e->att, e->se, z, nqpf_chi2_pvalue(z * z, 1), e->lo, e->hi};
                bad |= nqpf_restab_row(&o->out, f, 2, v, 9);
            }
            bad |= stat(&o->stats, "cs_units", (double)cs.n_units);
            bad |= stat(&o->stats, "cs_dropped_units", (double)cs.n_dropped);
            bad |= stat(&o->stats, "cs_cohorts", (double)cs.n_cohorts);
            bad |= stat(&o->stats, "cs_periods", (double)cs.n_periods);
            bad |= stat(&o->stats, "cs_never_treated", (double)cs.n_never);
            bad |= stat(&o->stats, "cs_skipped_cells", (double)cs.n_skipped);
            bad |= stat(&o->stats, "cs_pretest_W", cs.pre_W);
            bad |= stat(&o->stats, "cs_pretest_df", (double)cs.pre_df);
            bad |= stat(&o->stats, "cs_pretest_p", cs.pre_p);
            bad |= stat(&o->stats, "cs_boot", (double)rq->boot);
            if (rq->boot)
                bad |= stat(&o->stats, "cs_seed", (double)rq->seed);
            if (rq->event) {
                bad |= nqpf_restab_header(&o->event, "e,estimate,se,ci_lo,ci_hi,obs,reference");
                for (size_t k = 0; k < cs.n_est; k++) {
                    const nqpf_cs_est *e = &cs.est[k];
                    if (e->kind != NQPF_CS_DYNAMIC || e->overall)
                        continue;
                    double v[7] = {e->e, e->att, e->se, e->lo, e->hi, NAN, 0};
                    bad |= nqpf_restab_row(&o->event, NULL, 0, v, 7);
                }
            }
            if (cs.n_dropped)
                say(warn, ctx, "cs: %zu units treated in the first period dropped (as did does)", cs.n_dropped);
            if (cs.n_skipped)
                say(warn, ctx, "cs: %zu ATT(g,t) cells without control units skipped", cs.n_skipped);
        }
        for (size_t p = 1; p < twfe.main.p && warn; p++)
            if (twfe.main.omitted[p]) {
                char msg[200];
                snprintf(msg, sizeof msg, "twfe: %s omitted (%s)", twfe.main.term[p],
                         twfe.main.omitted[p] == NQPF_REG_ABSORBED ? "absorbed by the fixed effects" : "collinear");
                warn(ctx, msg);
            }
        if (j.n_early)
            say(warn, ctx,
                rq->treat ? "%zu units are treated when first observed: their start is unknown (taken as the first "
                            "observed period; event times are lower bounds; --estimator cs drops them)"
                          : "%zu units are treated from their first observed period on (no pre-period; "
                            "--estimator cs drops those treated in the first period)",
                j.n_early);
        if (twfe.main.omitted[0])
            rc = nqpf_fail(err, NQPF_EMATH, rq->data, 0, 0, "the treatment dummy is collinear with the fixed effects");
        if (bad && !rc)
            rc = nqpf_fail_nomem(err);
    }
    nqpf_restab *tabs[4] = {&o->out, &o->stats, &o->event, &o->draws};
    for (int k = 0; k < 4 && !rc; k++)
        rc = nqpf_restab_done(tabs[k], err);
    if (rc)
        nqpf_did_output_free(o);
    nqpf_reg_fit_free(&twfe);
    nqpf_reg_fit_free(&ev);
    nqpf_cs_result_free(&cs);
    free(draws), free(obs), free(evnames);
    job_free(&j);
    return rc;
}

void nqpf_did_output_free(nqpf_did_output *o)
{
    nqpf_restab_free(&o->out), nqpf_restab_free(&o->stats), nqpf_restab_free(&o->event), nqpf_restab_free(&o->draws);
}

int nqpf_did_run(const nqpf_did_request *rq, void (*warn)(void *ctx, const char *msg), void *ctx, nqpf_error *err)
{
    if (!rq->out)
        return required(err);
    nqpf_did_output o;
    int rc = nqpf_did_compute(rq, &o, warn, ctx, err);
    if (!rc) {
        /* all files or none */
        const char *paths[4] = {rq->out, rq->stats, rq->event, rq->draws};
        const nqpf_restab *tabs[4] = {&o.out, &o.stats, &o.event, &o.draws};
        rc = nqpf_restabs_write(paths, tabs, NULL, 4, rq->force | (rq->bom ? NQPF_OUT_BOM : 0), err);
        nqpf_did_output_free(&o);
    }
    return rc;
}
