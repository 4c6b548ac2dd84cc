/* A whole `nqpf reg` job: the request's column lists → the data → one
 * model per --by group → the coefficient and statistics files, written
 * atomically (nothing is written on any error). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "nqpf/compare.h"
#include "nqpf/convergence.h"
#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/reg.h"
#include "nqpf/tobit.h"
#include "nqpf/hugemem.h"
#include "nqpf/util.h"

#define MAX_ITEMS 256

/* Split s (modified) at sep into trimmed items; -1 for an empty item or
 * more than max. */
static int split(char *s, char sep, char **item, int max)
{
    int n = 0;
    for (char *p = s;;) {
        char *q = strchr(p, sep);
        if (q)
            *q = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        size_t len = strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            p[--len] = '\0';
        if (!len || n >= max)
            return -1;
        item[n++] = p;
        if (!q)
            return n;
        p = q + 1;
    }
}

typedef struct job {
    const nqpf_reg_request *rq;
    nqpf_coltable *t;                   /* only the columns the model uses */
    size_t n;                           /* its rows */
    nqpf_colspec *want;                 /* what is read, in the order it is used */
    size_t nwant;
    size_t *num_at;                     /* y, x[0..nx), endog, inst, mediator, weights: column in t or -1 */
    char **owned;                       /* copies of the absorbed and cluster terms, split at # */
    size_t nowned;
    char *buf[8];                       /* copies of the lists being split */
    char *x[MAX_ITEMS], *absorb[MAX_ITEMS], *cluster[8], *endog[MAX_ITEMS], *inst[MAX_ITEMS], *ivs[MAX_ITEMS];
    int nx, nabsorb, ncluster, nendog, ninst;
    int prod_a[MAX_ITEMS], prod_m[MAX_ITEMS]; /* A*M terms: indexes of A and M in x, else -1 */
    char *parts[2 * MAX_ITEMS];               /* owned copies of the parts of A*M terms */
    int nparts;
    int usq;                                  /* --utest: index of X^2 in x, else 0 */
    double *y, **xv, **ev, **iv, *w, *mv;    /* mv: the mediator */
    size_t **fe, **cl;
    const char **fe_name, **cl_name;
} job;

static const char *alias(const nqpf_reg_request *rq, const char *name)
{
    if (rq->unit && strcmp(name, "unit") == 0)
        return rq->unit;
    if (rq->period && strcmp(name, "period") == 0)
        return rq->period;
    return name;
}

/* The KEY column read for name. */
static const nqpf_column *key_column(const job *jb, const char *name)
{
    for (size_t k = 0; k < jb->nwant; k++)
        if (jb->want[k].type == NQPF_COL_KEY && strcmp(jb->want[k].name, name) == 0)
            return &jb->t->col[k];
    return NULL;
}

/* Codes of a label column (missing tokens: NQPF_REG_NA), one per level in
 * order of first appearance; *gaps (if set) tells whether a level was a
 * missing token, so that the codes are not compact. */
static int label_codes(job *jb, const char *name, size_t *code, int *gaps, nqpf_error *err)
{
    const nqpf_column *c = key_column(jb, name);
    if (!c)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "column '%s' was not read", name);
    unsigned char *miss = nqpf_calloc(c->n_levels + 1, 1);
    if (!miss)
        return nqpf_fail_nomem(err);
    int any = 0;
    for (size_t l = 0; l < c->n_levels; l++)
        any |= miss[l] = (unsigned char)nqpf_is_missing_token(c->levels[l], strlen(c->levels[l]));
    if (gaps)
        *gaps = any;
    for (size_t i = 0; i < jb->n; i++)
        code[i] = c->code[i] < 0 || miss[c->code[i]] ? NQPF_REG_NA : (size_t)c->code[i];
    free(miss);
    return NQPF_OK;
}

/* An absorbed term or cluster: one column or an interaction a#b#c. */
static int term_codes(job *jb, const char *term, size_t *code, nqpf_error *err)
{
    size_t n = jb->n, lv = 0;
    char *cp = nqpf_strdup(term), *part[8];
    int np = cp ? split(cp, '#', part, 8) : -1, rc = NQPF_OK;
    size_t *pc[8] = {0};
    if (!cp)
        return nqpf_fail_nomem(err);
    if (np < 1) {
        free(cp);
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "bad term '%s' (write a column, or an interaction a#b)", term);
    }
    if (np == 1) {
        /* one column: the reader numbers levels in order of first
         * appearance, which is already the compact code unless a level
         * was a missing token (nqpf_reg_group reads its input first, so it
         * may renumber in place) */
        int gaps = 0;
        rc = label_codes(jb, alias(jb->rq, part[0]), code, &gaps, err);
        const size_t *self[1] = {code};
        if (!rc && gaps)
            rc = nqpf_reg_group(self, 1, n, code, &lv, err);
        free(cp);
        return rc;
    }
    for (int j = 0; j < np && !rc; j++) {
        if (!(pc[j] = nqpf_alloc_huge(n + 1, sizeof **pc, NULL)))
            rc = nqpf_fail_nomem(err);
        else
            rc = label_codes(jb, alias(jb->rq, part[j]), pc[j], NULL, err);
    }
    if (!rc)
        rc = nqpf_reg_group((const size_t *const *)pc, (size_t)np, n, code, &lv, err);
    for (int j = 0; j < np; j++)
        free(pc[j]);
    free(cp);
    return rc;
}

static int list(job *jb, int slot, const char *s, char sep, char **item, int max, const char *opt, nqpf_error *err)
{
    if (!s)
        return 0;
    if (!(jb->buf[slot] = nqpf_strdup(s)))
        return -nqpf_fail_nomem(err);
    int n = split(jb->buf[slot], sep, item, max);
    if (n < 0)
        return -nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s: an empty item or more than %d items", opt, max);
    return n;
}

static int parse_lists(job *jb, nqpf_error *err)
{
    const nqpf_reg_request *rq = jb->rq;
    if ((jb->nx = list(jb, 0, rq->x, ',', jb->x, MAX_ITEMS, "x", err)) < 0 ||
        (jb->nabsorb = list(jb, 1, rq->absorb, ',', jb->absorb, MAX_ITEMS, "absorb", err)) < 0 ||
        (jb->ncluster = list(jb, 2, rq->cluster, ',', jb->cluster, 8, "cluster", err)) < 0)
        return err->code;
    /* A*M: the main effects A and M (added once, before the product), then the product */
    {
        char *given[MAX_ITEMS];
        int ng = jb->nx;
        memcpy(given, jb->x, sizeof(char *) * (size_t)ng);
        jb->nx = 0;
        for (int j = 0; j < ng; j++) {
            char *star = strchr(given[j], '*');
            int ia = -1, im = -1;
            if (star) {
                for (int k = 0; k < 2; k++) {
                    const char *from = k ? star + 1 : given[j];
                    size_t len = k ? strlen(star + 1) : (size_t)(star - given[j]);
                    while (len && (*from == ' ' || *from == '\t'))
                        from++, len--;
                    while (len && (from[len - 1] == ' ' || from[len - 1] == '\t'))
                        len--;
                    if (!len || memchr(from, '*', len))
                        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--x: write an interaction as A*M, not '%s'",
                                         given[j]);
                    char *nm = nqpf_strndup(from, len);
                    if (!nm)
                        return nqpf_fail_nomem(err);
                    jb->parts[jb->nparts++] = nm;
                    int at = -1;
                    for (int q = 0; q < jb->nx; q++)
                        if (strcmp(jb->x[q], nm) == 0)
                            at = q;
                    for (int q = j + 1; q < ng && at < 0; q++)
                        if (strcmp(given[q], nm) == 0)
                            at = -2; /* listed later: move it here */
                    if (at < 0) {
                        if (jb->nx >= MAX_ITEMS - 1)
                            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--x: more than %d terms", MAX_ITEMS);
                        if (at == -2)
                            for (int q = j + 1; q < ng; q++)
                                if (given[q] && strcmp(given[q], nm) == 0)
                                    given[q] = NULL;
                        at = jb->nx;
                        jb->prod_a[at] = jb->prod_m[at] = -1;
                        jb->x[jb->nx++] = nm;
                    }
                    if (k)
                        im = at;
                    else
                        ia = at;
                }
            }
            if (!given[j])
                continue;
            int dup = 0;
            for (int q = 0; q < jb->nx; q++)
                dup |= strcmp(jb->x[q], given[j]) == 0;
            if (dup && !star)
                continue; /* already added as the main effect of an earlier A*M */
            if (jb->nx >= MAX_ITEMS)
                return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--x: more than %d terms", MAX_ITEMS);
            jb->prod_a[jb->nx] = ia, jb->prod_m[jb->nx] = im;
            jb->x[jb->nx++] = given[j];
        }
    }
    /* --utest X: the square X^2 right after X */
    if (rq->utest) {
        int at = -1;
        for (int q = 0; q < jb->nx; q++)
            if (strcmp(jb->x[q], rq->utest) == 0)
                at = q;
        if (at < 0 || jb->prod_a[at] >= 0)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--utest '%s' must be a column listed in --x", rq->utest);
        if (jb->nx >= MAX_ITEMS)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--x: more than %d terms", MAX_ITEMS);
        size_t len = strlen(rq->utest);
        char *sq = nqpf_alloc(len + 3, 1);
        if (!sq)
            return nqpf_fail_nomem(err);
        memcpy(sq, rq->utest, len);
        memcpy(sq + len, "^2", 3);
        jb->parts[jb->nparts++] = sq;
        for (int q = jb->nx; q > at + 1; q--) {
            jb->x[q] = jb->x[q - 1];
            jb->prod_a[q] = jb->prod_a[q - 1] > at ? jb->prod_a[q - 1] + 1 : jb->prod_a[q - 1];
            jb->prod_m[q] = jb->prod_m[q - 1] > at ? jb->prod_m[q - 1] + 1 : jb->prod_m[q - 1];
        }
        jb->x[at + 1] = sq;
        jb->prod_a[at + 1] = jb->prod_m[at + 1] = at;
        jb->nx++;
        jb->usq = at + 1;
    }
    int nivs = list(jb, 3, rq->iv, ';', jb->ivs, MAX_ITEMS, "iv", err);
    if (nivs < 0)
        return err->code;
    for (int k = 0; k < nivs; k++) {
        char *eq = strchr(jb->ivs[k], '=');
        if (!eq || eq == jb->ivs[k])
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--iv '%s': write ENDOG=Z1,Z2", jb->ivs[k]);
        *eq = '\0';
        char *e = jb->ivs[k];
        size_t len = strlen(e);
        while (len && (e[len - 1] == ' ' || e[len - 1] == '\t'))
            e[--len] = '\0';
        jb->endog[jb->nendog++] = e;
        int m = split(eq + 1, ',', jb->inst + jb->ninst, MAX_ITEMS - jb->ninst);
        if (m < 0)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--iv '%s': an empty instrument", e);
        jb->ninst += m;
    }
    /* every name once */
    const char *all[4 * MAX_ITEMS + 1];
    const char *role[4 * MAX_ITEMS + 1];
    int na = 0;
    all[na] = rq->y, role[na++] = "the dependent variable";
    for (int j = 0; j < jb->nx; j++)
        all[na] = jb->x[j], role[na++] = "a regressor";
    for (int j = 0; j < jb->nendog; j++)
        all[na] = jb->endog[j], role[na++] = "an endogenous regressor";
    for (int j = 0; j < jb->ninst; j++)
        all[na] = jb->inst[j], role[na++] = "an instrument";
    for (int a = 1; a < na; a++)
        for (int b = 0; b < a; b++)
            if (strcmp(all[a], all[b]) == 0)
                return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "'%s' is %s and also %s", all[a], role[b], role[a]);
    if (jb->nx + jb->nendog == 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "give at least one regressor (--x or --iv)");
    return NQPF_OK;
}

static int winsor_all(job *jb, nqpf_error *err);

/* Ask the reader for a column: numbers once per use (each use owns its
 * array), keys once per name.  The slot's index in t, or -1 when absent. */
static size_t add_want(job *jb, const char *name, nqpf_coltype type)
{
    for (size_t k = 0; type == NQPF_COL_KEY && k < jb->nwant; k++)
        if (jb->want[k].type == NQPF_COL_KEY && strcmp(jb->want[k].name, name) == 0)
            return k;
    jb->want[jb->nwant] = (nqpf_colspec){name, type, 0, NULL};
    return jb->nwant++;
}

/* The parts of an absorbed or cluster term a#b (split as term_codes splits them). */
static int want_term(job *jb, const char *term, nqpf_error *err)
{
    char *cp = nqpf_strdup(term), *part[8];
    if (!cp)
        return nqpf_fail_nomem(err);
    jb->owned[jb->nowned++] = cp;
    int np = split(cp, '#', part, 8);
    for (int j = 0; j < np; j++)
        add_want(jb, alias(jb->rq, part[j]), NQPF_COL_KEY);
    return NQPF_OK; /* a malformed term is reported by term_codes */
}

/* Read only the columns the job uses, in the order the earlier text table
 * was consulted (so the first problem reported is the same one): y, the
 * regressors, endogenous regressors, instruments, mediator, --winsor-by,
 * the absorbed and cluster terms, the weights, --unit for xtreg, --by. */
static int read_data(job *jb, const nqpf_reg_spec *s, nqpf_error *err)
{
    const nqpf_reg_request *rq = jb->rq;
    size_t nterm = (size_t)(jb->nabsorb + jb->ncluster), cap = 8 * nterm + (size_t)(jb->nx + jb->nendog + jb->ninst) + 8;
    size_t nslot = (size_t)(jb->nx + jb->nendog + jb->ninst) + 3, slot = 0;
    jb->want = nqpf_calloc(cap, sizeof *jb->want);
    jb->num_at = nqpf_alloc(nslot, sizeof *jb->num_at);
    jb->owned = nqpf_calloc(nterm + 1, sizeof *jb->owned);
    if (!jb->want || !jb->num_at || !jb->owned)
        return nqpf_fail_nomem(err);
    for (size_t k = 0; k < nslot; k++)
        jb->num_at[k] = (size_t)-1;
    jb->num_at[slot++] = add_want(jb, rq->y, NQPF_COL_NUMBER);
    for (int j = 0; j < jb->nx; j++, slot++)
        if (jb->prod_a[j] < 0)
            jb->num_at[slot] = add_want(jb, jb->x[j], NQPF_COL_NUMBER);
    for (int j = 0; j < jb->nendog; j++)
        jb->num_at[slot++] = add_want(jb, jb->endog[j], NQPF_COL_NUMBER);
    for (int j = 0; j < jb->ninst; j++)
        jb->num_at[slot++] = add_want(jb, jb->inst[j], NQPF_COL_NUMBER);
    if (rq->mediator)
        jb->num_at[slot] = add_want(jb, rq->mediator, NQPF_COL_NUMBER);
    slot++;
    if (rq->winsor_by)
        add_want(jb, alias(rq, rq->winsor_by), NQPF_COL_KEY);
    int rc = NQPF_OK;
    for (int g = 0; g < jb->nabsorb && !rc; g++)
        rc = want_term(jb, jb->absorb[g], err);
    for (int c = 0; c < jb->ncluster && !rc; c++)
        rc = want_term(jb, jb->cluster[c], err);
    if (rc)
        return rc;
    if (rq->weights)
        jb->num_at[slot] = add_want(jb, rq->weights, NQPF_COL_NUMBER);
    if (s->dof == NQPF_REG_DOF_XTREG && s->vce == NQPF_REG_ROBUST && rq->unit)
        add_want(jb, rq->unit, NQPF_COL_KEY);
    if (rq->by)
        add_want(jb, rq->by, NQPF_COL_KEY);
    nqpf_coltable_spec sp = {.path = rq->data, .encoding = (nqpf_encoding)rq->encoding, .cols = jb->want,
                             .n_cols = jb->nwant, .extra = rq->data_extra};
    if ((rc = nqpf_coltable_read(&jb->t, &sp, err)))
        return rc;
    jb->n = jb->t->n_rows;
    return NQPF_OK;
}

/* The numbers of slot (see num_at), taken over from the reader; NULL when
 * the slot was not read. */
static double *take(job *jb, size_t slot)
{
    size_t k = jb->num_at[slot];
    if (k == (size_t)-1)
        return NULL;
    double *v = jb->t->col[k].num;
    jb->t->col[k].num = NULL;
    return v;
}

/* --by's groups, ordered as compare's factors order labels: by value when
 * every label is a number (ties in order of appearance), else in order of
 * first appearance; an empty label is an error at its cell. */
typedef struct by_key {
    double v;
    size_t first;
} by_key;

static int cmp_by_key(const void *a, const void *b)
{
    const by_key *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

static int by_factor(const job *jb, const char *name, nqpf_factor *f, nqpf_error *err)
{
    const nqpf_column *c = key_column(jb, name);
    size_t n = jb->n, m = c ? c->n_levels : 0;
    memset(f, 0, sizeof *f);
    if (!c)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "column '%s' was not read", name);
    for (size_t i = 0; i < n; i++)
        if (c->code[i] < 0)
            return nqpf_fail(err, NQPF_EINPUT, jb->t->path, jb->t->line[i], c->file_col, "empty label in column '%s'",
                             name);
    by_key *key = nqpf_alloc(m + 1, sizeof *key);
    size_t *rank = nqpf_alloc(m + 1, sizeof *rank);
    f->level = nqpf_calloc(m + 1, sizeof *f->level);
    f->level_num = nqpf_alloc(m + 1, sizeof *f->level_num);
    f->code = nqpf_alloc(n + 1, sizeof *f->code);
    int all_num = 1, rc = NQPF_OK;
    if (!key || !rank || !f->level || !f->level_num || !f->code) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (size_t l = 0; l < m; l++) {
        key[l].first = l;
        all_num &= nqpf_parse_cell(c->levels[l], strlen(c->levels[l]), &key[l].v, NULL) == NQPF_CELL_NUMBER;
    }
    if (all_num)
        qsort(key, m, sizeof *key, cmp_by_key);
    f->n_levels = m, f->n_rows = n;
    for (size_t r = 0; r < m; r++) {
        rank[key[r].first] = r;
        f->level_num[r] = key[r].v;
        if (!(f->level[r] = nqpf_strdup(c->levels[key[r].first]))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++)
        f->code[i] = rank[c->code[i]];
    if (!all_num) {
        free(f->level_num);
        f->level_num = NULL;
    }
done:
    free(key), free(rank);
    if (rc)
        nqpf_factor_free(f);
    return rc;
}

static int load(job *jb, nqpf_reg_spec *s, nqpf_error *err)
{
    const nqpf_reg_request *rq = jb->rq;
    size_t n = jb->n;
    jb->xv = nqpf_calloc((size_t)jb->nx + 1, sizeof *jb->xv);
    jb->ev = nqpf_calloc((size_t)jb->nendog + 1, sizeof *jb->ev);
    jb->iv = nqpf_calloc((size_t)jb->ninst + 1, sizeof *jb->iv);
    jb->fe = nqpf_calloc((size_t)jb->nabsorb + 1, sizeof *jb->fe);
    jb->cl = nqpf_calloc((size_t)jb->ncluster + 1, sizeof *jb->cl);
    jb->fe_name = nqpf_calloc((size_t)jb->nabsorb + 1, sizeof *jb->fe_name);
    jb->cl_name = nqpf_calloc((size_t)jb->ncluster + 1, sizeof *jb->cl_name);
    if (!jb->xv || !jb->ev || !jb->iv || !jb->fe || !jb->cl || !jb->fe_name || !jb->cl_name)
        return nqpf_fail_nomem(err);
    /* the reader's columns become the job's (no copy); products are formed below */
    int rc = NQPF_OK;
    jb->y = take(jb, 0);
    size_t slot = 1;
    for (int j = 0; j < jb->nx; j++, slot++)
        if (jb->prod_a[j] >= 0 ? !(jb->xv[j] = nqpf_alloc_huge(n + 1, sizeof **jb->xv, NULL)) : !(jb->xv[j] = take(jb, slot)))
            return nqpf_fail_nomem(err);
    for (int j = 0; j < jb->nendog; j++)
        jb->ev[j] = take(jb, slot++);
    for (int j = 0; j < jb->ninst; j++)
        jb->iv[j] = take(jb, slot++);
    jb->mv = take(jb, slot++);
    if (!rc && rq->winsor)
        rc = winsor_all(jb, err);
    /* moderation: centre the parts (optionally), then form the products */
    for (int j = 0; j < jb->nx && !rc && rq->center; j++) {
        int part = 0;
        for (int q = 0; q < jb->nx; q++)
            part |= jb->prod_a[q] == j || jb->prod_m[q] == j;
        if (!part)
            continue;
        double sum = 0.0;
        size_t cnt = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(jb->xv[j][i]) && !isnan(jb->y[i]))
                sum += jb->xv[j][i], cnt++;
        double mean = cnt ? sum / (double)cnt : 0.0;
        for (size_t i = 0; i < n; i++)
            jb->xv[j][i] -= mean;
    }
    for (int j = 0; j < jb->nx && !rc; j++)
        if (jb->prod_a[j] >= 0)
            for (size_t i = 0; i < n; i++)
                jb->xv[j][i] = jb->xv[jb->prod_a[j]][i] * jb->xv[jb->prod_m[j]][i];
    /* interactions first: their scratch (several n-row arrays) is then not
     * on top of the other terms' codes */
    for (int pass = 0; pass < 2; pass++)
        for (int g = 0; g < jb->nabsorb && !rc; g++) {
            if ((strchr(jb->absorb[g], '#') != NULL) != (pass == 0))
                continue;
            jb->fe_name[g] = jb->absorb[g];
            if (!(jb->fe[g] = nqpf_alloc_huge(n + 1, sizeof **jb->fe, NULL)))
                return nqpf_fail_nomem(err);
            rc = term_codes(jb, jb->absorb[g], jb->fe[g], err);
        }
    for (int c = 0; c < jb->ncluster && !rc; c++) {
        jb->cl_name[c] = jb->cluster[c];
        if (!(jb->cl[c] = nqpf_alloc_huge(n + 1, sizeof **jb->cl, NULL)))
            return nqpf_fail_nomem(err);
        rc = term_codes(jb, jb->cluster[c], jb->cl[c], err);
    }
    if (!rc && rq->weights) {
        long col = jb->t->col[jb->num_at[slot]].file_col;
        jb->w = take(jb, slot);
        for (size_t i = 0; i < n; i++)
            if (jb->w[i] < 0.0 || jb->w[i] == 0.0)
                return nqpf_fail(err, NQPF_EINPUT, jb->t->path, jb->t->line[i], col,
                                 "weight %g in column '%s': analytic weights must be positive", jb->w[i], rq->weights);
    }
    if (rc)
        return rc;
    s->n = n;
    s->y = jb->y, s->y_name = rq->y;
    s->n_x = (size_t)jb->nx, s->x = (const double *const *)jb->xv, s->x_name = (const char *const *)jb->x;
    s->n_endog = (size_t)jb->nendog, s->endog = (const double *const *)jb->ev;
    s->endog_name = (const char *const *)jb->endog;
    s->n_inst = (size_t)jb->ninst, s->inst = (const double *const *)jb->iv;
    s->inst_name = (const char *const *)jb->inst;
    s->n_fe = (size_t)jb->nabsorb, s->fe = (const size_t *const *)jb->fe, s->fe_name = jb->fe_name;
    s->n_cl = (size_t)jb->ncluster, s->cl = (const size_t *const *)jb->cl, s->cl_name = jb->cl_name;
    s->w = jb->w;
    return NQPF_OK;
}

/* The reader's key columns and line numbers are not needed once the codes
 * and groups are built: give their memory back before fitting. */
static void drop_reader(job *jb)
{
    nqpf_coltable_free(jb->t);
    jb->t = NULL;
}

/* After nqpf_reg_fit_model_consume: the columns are gone. */
static void forget_columns(job *jb)
{
    jb->y = NULL;
    for (int j = 0; j < jb->nx; j++)
        jb->xv[j] = NULL;
    for (int j = 0; j < jb->nendog; j++)
        jb->ev[j] = NULL;
    for (int j = 0; j < jb->ninst; j++)
        jb->iv[j] = NULL;
    for (int g = 0; g < jb->nabsorb; g++)
        jb->fe[g] = NULL;
    for (int c = 0; c < jb->ncluster; c++)
        jb->cl[c] = NULL;
}

static void job_free(job *jb)
{
    for (int j = 0; jb->xv && j < jb->nx; j++)
        free(jb->xv[j]);
    for (int j = 0; jb->ev && j < jb->nendog; j++)
        free(jb->ev[j]);
    for (int j = 0; jb->iv && j < jb->ninst; j++)
        free(jb->iv[j]);
    for (int j = 0; jb->fe && j < jb->nabsorb; j++)
        free(jb->fe[j]);
    for (int j = 0; jb->cl && j < jb->ncluster; j++)
        free(jb->cl[j]);
    free(jb->xv), free(jb->ev), free(jb->iv), free(jb->fe), free(jb->cl), free(jb->fe_name), free(jb->cl_name);
    free(jb->y), free(jb->w), free(jb->mv);
    for (int k = 0; k < 8; k++)
        free(jb->buf[k]);
    for (int k = 0; k < jb->nparts; k++)
        free(jb->parts[k]);
    for (size_t k = 0; k < jb->nowned; k++)
        free(jb->owned[k]);
    free(jb->owned), free(jb->want), free(jb->num_at);
    nqpf_coltable_free(jb->t);
}

/* ---- winsorising ------------------------------------------------------ */

/* Stata's _pctile / winsor2 percentile of sorted[0..n): with P = n p / 100,
 * the mean of the P-th and (P+1)-th order statistics when P is an integer,
 * else the ceil(P)-th (R's quantile type 2). */
static double pctile_stata(const double *sorted, size_t n, double p)
{
    double P = (double)n * p / 100.0;
    double fl = floor(P);
    if (P == fl) {
        size_t k = (size_t)fl;
        if (k == 0)
            return sorted[0];
        if (k >= n)
            return sorted[n - 1];
        return 0.5 * (sorted[k - 1] + sorted[k]);
    }
    size_t k = (size_t)fl;
    return sorted[k < n ? k : n - 1];
}

/* Clamp v[rows with group g] to its [lo, hi] percentiles (NaN left alone).
 * The rows are put in group order once (a stable counting sort): a pass
 * over every row for each group was quadratic with --winsor-by firm. */
static int winsorise(double *v, size_t n, const size_t *group, size_t n_groups, double plo, double phi,
                     nqpf_error *err)
{
    double *tmp = nqpf_alloc(n + 1, sizeof *tmp);
    size_t *end = group ? nqpf_alloc(n_groups + 1, sizeof *end) : NULL; /* one past group g's last place in rows */
    size_t *rows = group ? nqpf_alloc(n + 1, sizeof *rows) : NULL;
    if (!tmp || (group && (!end || !rows || nqpf_order_by_code(group, n, n_groups, rows, end) < 0))) {
        free(tmp), free(end), free(rows);
        return nqpf_fail_nomem(err);
    }
    for (size_t g = 0, b = 0; g < n_groups; g++) {
        size_t e = group ? end[g] : n, c = 0;
        for (size_t x = b; x < e; x++)
            if (!isnan(v[group ? rows[x] : x]))
                tmp[c++] = v[group ? rows[x] : x];
        if (c > 0) {
            qsort(tmp, c, sizeof *tmp, nqpf_cmp_double);
            double lo = pctile_stata(tmp, c, plo), hi = pctile_stata(tmp, c, phi);
            for (size_t x = b; x < e; x++) {
                size_t i = group ? rows[x] : x;
                if (!isnan(v[i]))
                    v[i] = v[i] < lo ? lo : v[i] > hi ? hi : v[i];
            }
        }
        b = e;
    }
    free(tmp), free(end), free(rows);
    return NQPF_OK;
}

static int winsor_all(job *jb, nqpf_error *err)
{
    const nqpf_reg_request *rq = jb->rq;
    char *ab = nqpf_strdup(rq->winsor), *it[2];
    int np = ab ? split(ab, ',', it, 2) : -1;
    double p[2] = {NAN, NAN};
    for (int k = 0; k < np; k++)
        if (nqpf_parse_cell(it[k], strlen(it[k]), &p[k], NULL) != NQPF_CELL_NUMBER)
            np = -1;
    free(ab);
    if (np != 2 || !(p[0] >= 0.0 && p[0] < p[1] && p[1] <= 100.0))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--winsor takes two percentiles LO,HI with 0 <= LO < HI <= 100");
    size_t n = jb->n, ng = 1, *grp = NULL;
    int rc = NQPF_OK;
    if (rq->winsor_by) {
        size_t *raw = nqpf_alloc(n + 1, sizeof *raw);
        grp = nqpf_alloc(n + 1, sizeof *grp);
        if (!raw || !grp)
            rc = nqpf_fail_nomem(err);
        if (!rc)
            rc = label_codes(jb, alias(rq, rq->winsor_by), raw, NULL, err);
        if (!rc) {
            const size_t *parts[1] = {raw};
            rc = nqpf_reg_group(parts, 1, n, grp, &ng, err);
        }
        free(raw);
    }
    /* y, the regressors (products are formed afterwards), endogenous regressors, instruments */
    double *cols[2 + 3 * MAX_ITEMS];
    int nc = 0;
    cols[nc++] = jb->y;
    for (int j = 0; j < jb->nx; j++)
        if (jb->prod_a[j] < 0)
            cols[nc++] = jb->xv[j];
    for (int j = 0; j < jb->nendog; j++)
        cols[nc++] = jb->ev[j];
    for (int j = 0; j < jb->ninst; j++)
        cols[nc++] = jb->iv[j];
    if (jb->mv)
        cols[nc++] = jb->mv;
    for (int k = 0; k < nc && !rc; k++)
        rc = winsorise(cols[k], n, grp, ng, p[0], p[1], err);
    free(grp);
    return rc;
}

/* ---- output ------------------------------------------------------------ */

static int put_fields(nqpf_restab *b, const char *by, const char *const *f, size_t nf)
{
    int bad = 0;
    if (by)
        bad |= nqpf_restab_text(b, by);
    for (size_t k = 0; k < nf; k++)
        bad |= nqpf_restab_text(b, f[k]);
    return bad;
}

static int coef_rows(nqpf_restab *b, const char *by, const char *model, const nqpf_reg_table *t)
{
    int bad = 0;
    for (size_t j = 0; j < t->p; j++) {
        const char *f[2] = {model, t->term[j]};
        bad |= put_fields(b, by, f, 2);
        const double v[6] = {t->b[j], t->se[j], t->t[j], t->pval[j], t->lo[j], t->hi[j]};
        bad |= nqpf_restab_row(b, NULL, 0, v, 6);
    }
    return bad;
}

/* Marginal effects of A at values of M for each A*M term: b_A + b_AM m,
 * with its se from V, t and p with df_r (model "me", term "A@M=m"). */
static int me_rows(nqpf_restab *b, const char *by, const job *jb, const nqpf_reg_fit *f, const double *at, int n_at)
{
    const nqpf_reg_table *t = &f->main;
    size_t p = t->p;
    int bad = 0;
    double crit = nqpf_t_quantile(0.975, t->df_r);
    for (int j = 0; j < jb->nx; j++) {
        int ia = jb->prod_a[j], im = jb->prod_m[j];
        if (ia < 0 || ia == im || t->omitted[ia] || t->omitted[j])
            continue;
        double v[64];
        int nv = 0;
        if (n_at > 0) {
            for (int k = 0; k < n_at && k < 64; k++)
                v[nv++] = at[k];
        } else {
            /* mean - sd, mean, mean + sd of M over the estimation sample */
            double s1 = 0.0, s2 = 0.0;
            size_t c = 0;
            for (size_t i = 0; i < jb->n; i++)
                if (f->in_sample[i])
                    s1 += jb->xv[im][i], c++;
            double mean = s1 / (double)c;
            for (size_t i = 0; i < jb->n; i++)
                if (f->in_sample[i])
                    s2 += (jb->xv[im][i] - mean) * (jb->xv[im][i] - mean);
            double sd = c > 1 ? sqrt(s2 / (double)(c - 1)) : 0.0;
            v[0] = mean - sd, v[1] = mean, v[2] = mean + sd;
            nv = 3;
        }
        for (int k = 0; k < nv; k++) {
            double m = v[k], est = t->b[ia] + t->b[j] * m;
            double var = t->V[(size_t)ia * p + (size_t)ia] + m * m * t->V[(size_t)j * p + (size_t)j] +
                         2.0 * m * t->V[(size_t)j * p + (size_t)ia];
            double se = sqrt(var > 0.0 ? var : 0.0), tt = est / se;
            char num[40], term[600];
            nqpf_format_double(m, num, sizeof num);
            snprintf(term, sizeof term, "%.250s@%.250s=%s", jb->x[ia], jb->x[im], num);
            const char *fl[2] = {"me", term};
            bad |= put_fields(b, by, fl, 2);
            const double vals[6] = {est, se, tt, nqpf_t_pvalue(tt, t->df_r), est - crit * se, est + crit * se};
            bad |= nqpf_restab_row(b, NULL, 0, vals, 6);
        }
    }
    return bad;
}

static int stat_row(nqpf_restab *b, const char *by, const char *model, const char *stat, const char *name, double v);

/* Lind & Mehlum (2010): U (b2 > 0) or inverse U (b2 < 0) on [x_lo, x_hi],
 * the range of X in the estimation sample.  Slopes s(x) = b1 + 2 b2 x with
 * delta-method t; the test statistic is min(-t(x_lo), t(x_hi)) for a U
 * (min(t(x_lo), -t(x_hi)) for an inverse U), one-sided p from t(df_r);
 * turning point -b1/(2 b2) with delta-method se and t interval. */
static int utest_rows(nqpf_restab *b, const char *by, const char *model, const job *jb, const nqpf_reg_fit *f)
{
    const nqpf_reg_table *t = &f->main;
    size_t p = t->p, i1 = (size_t)jb->usq - 1, i2 = (size_t)jb->usq;
    if (t->omitted[i1] || t->omitted[i2])
        return 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < jb->n; i++)
        if (f->in_sample[i]) {
            double v = jb->xv[i1][i];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
    double b1 = t->b[i1], b2 = t->b[i2], v11 = t->V[i1 * p + i1], v22 = t->V[i2 * p + i2], v12 = t->V[i2 * p + i1];
    double s_lo = b1 + 2.0 * b2 * lo, s_hi = b1 + 2.0 * b2 * hi;
    double se_lo = sqrt(v11 + 4.0 * lo * lo * v22 + 4.0 * lo * v12), se_hi = sqrt(v11 + 4.0 * hi * hi * v22 + 4.0 * hi * v12);
    double t_lo = s_lo / se_lo, t_hi = s_hi / se_hi, shape = b2 > 0.0 ? 1.0 : -1.0;
    double stat = shape > 0.0 ? (-t_lo < t_hi ? -t_lo : t_hi) : (t_lo < -t_hi ? t_lo : -t_hi);
    double pval = stat > 0.0 ? 0.5 * nqpf_t_pvalue(stat, t->df_r) : 1.0 - 0.5 * nqpf_t_pvalue(stat, t->df_r);
    double tp = -b1 / (2.0 * b2), g1 = -1.0 / (2.0 * b2), g2 = b1 / (2.0 * b2 * b2);
    double tse = sqrt(g1 * g1 * v11 + g2 * g2 * v22 + 2.0 * g1 * g2 * v12), crit = nqpf_t_quantile(0.975, t->df_r);
    const char *nm[] = {"utest_shape", "utest_x_lo", "utest_x_hi", "utest_slope_lo", "utest_slope_lo_t",
                        "utest_slope_hi", "utest_slope_hi_t", "utest_t", "utest_p", "turning_point", "turning_se",
                        "turning_lo", "turning_hi"};
    double val[] = {shape, lo, hi, s_lo, t_lo, s_hi, t_hi, stat, pval, tp, tse, tp - crit * tse, tp + crit * tse};
    int bad = 0;
    for (size_t k = 0; k < sizeof val / sizeof val[0]; k++)
        bad |= stat_row(b, by, model, nm[k], NULL, val[k]);
    return bad;
}

static int stat_row(nqpf_restab *b, const char *by, const char *model, const char *stat, const char *name, double v)
{
    char key[512];
    if (name)
        snprintf(key, sizeof key, "%s:%s", stat, name);
    else
        snprintf(key, sizeof key, "%s", stat);
    const char *f[2] = {model, key};
    int bad = put_fields(b, by, f, 2);
    bad |= nqpf_restab_num(b, v);
    return bad;
}

static int table_stats(nqpf_restab *b, const char *by, const char *model, const nqpf_reg_table *t)
{
    int bad = 0;
    bad |= stat_row(b, by, model, "K", NULL, (double)t->k);
    bad |= stat_row(b, by, model, "df_r", NULL, t->df_r);
    bad |= stat_row(b, by, model, "rss", NULL, t->rss);
    bad |= stat_row(b, by, model, "F", NULL, t->F);
    bad |= stat_row(b, by, model, "F_df1", NULL, (double)t->F_df1);
    bad |= stat_row(b, by, model, "F_p", NULL, t->F_p);
    for (size_t j = 0; j < t->p; j++)
        if (t->omitted[j])
            bad |= stat_row(b, by, model, t->omitted[j] == NQPF_REG_ABSORBED ? "absorbed" : "collinear", t->term[j],
                            1.0);
    return bad;
}

static int fit_stats(nqpf_restab *b, const char *by, const char *model, const nqpf_reg_spec *s, const nqpf_reg_fit *f)
{
    const nqpf_reg_table *t = &f->main;
    int bad = 0;
    bad |= stat_row(b, by, model, "N", NULL, (double)f->n);
    bad |= stat_row(b, by, model, "N_missing", NULL, (double)f->n_missing);
    bad |= stat_row(b, by, model, "N_singletons", NULL, (double)f->n_singletons);
    for (size_t g = 0; g < f->n_fe; g++) {
        bad |= stat_row(b, by, model, "levels", s->fe_name[g], (double)f->fe_levels[g]);
        bad |= stat_row(b, by, model, "redundant", s->fe_name[g], (double)f->fe_redundant[g]);
    }
    bad |= stat_row(b, by, model, "df_a", NULL, (double)f->df_a);
    for (size_t c = 0; c < f->n_cl; c++)
        bad |= stat_row(b, by, model, "clusters", s->cl_name[c], (double)f->clusters[c]);
    bad |= table_stats(b, by, model, t);
    bad |= stat_row(b, by, model, "r2", NULL, t->r2);
    bad |= stat_row(b, by, model, "r2_adj", NULL, t->r2_adj);
    bad |= stat_row(b, by, model, "r2_within", NULL, t->r2_within);
    bad |= stat_row(b, by, model, "r2_within_adj", NULL, t->r2_within_adj);
    bad |= stat_row(b, by, model, "rmse", NULL, t->rmse);
    bad |= stat_row(b, by, model, "tss", NULL, t->tss);
    bad |= stat_row(b, by, model, "tss_within", NULL, t->tss_within);
    bad |= stat_row(b, by, model, "iterations", NULL, (double)f->iterations);
    for (size_t j = 0; j < f->n_endog; j++) {
        bad |= stat_row(b, by, model, "first_F", s->endog_name[j], f->fs_F[j]);
        bad |= stat_row(b, by, model, "first_F_p", s->endog_name[j], f->fs_F_p[j]);
        bad |= stat_row(b, by, model, "partial_r2", s->endog_name[j], f->fs_partial_r2[j]);
    }
    if (f->n_endog) {
        bad |= stat_row(b, by, model, "cragg_donald_F", NULL, f->cd_F);
        if (!isnan(f->kp_F))
            bad |= stat_row(b, by, model, "kp_rk_wald_F", NULL, f->kp_F);
        if (!isnan(f->J_df)) {
            const char *jn = f->J_hansen ? "hansen_J" : "sargan";
            bad |= stat_row(b, by, model, jn, NULL, f->J);
            bad |= stat_row(b, by, model, "J_df", NULL, f->J_df);
            bad |= stat_row(b, by, model, "J_p", NULL, f->J_p);
        }
    }
    for (size_t j = 0; j < f->n_endog; j++) {
        char fm[512];
        snprintf(fm, sizeof fm, "first:%s", s->endog_name[j]);
        bad |= stat_row(b, by, fm, "N", NULL, (double)f->n);
        bad |= table_stats(b, by, fm, &f->first[j]);
    }
    return bad;
}

static int mediation_stats(nqpf_restab *b, const char *by, const nqpf_reg_mediation *md, double level)
{
    const struct {
        const char *name;
        double v;
    } row[] = {{"c_total", md->c},
               {"a", md->a_coef},
               {"se_a", md->a_se},
               {"b", md->b_coef},
               {"se_b", md->b_se},
               {"c_direct", md->c_direct},
               {"indirect_ab", md->ab},
               {"share_mediated", md->ab / md->c},
               {"sobel_se", md->sobel_se},
               {"sobel_z", md->sobel_z},
               {"sobel_p", md->sobel_p},
               /* the bootstrap's rows, with --boot */
               {"boot_reps", (double)md->reps},
               {"boot_failed", (double)md->failed},
               {"boot_level", level},
               {"boot_se", md->boot_se},
               {"boot_pct_lo", md->pct_lo},
               {"boot_pct_hi", md->pct_hi},
               {"boot_bc_lo", md->bc_lo},
               {"boot_bc_hi", md->bc_hi}};
    size_t n = md->reps ? sizeof row / sizeof row[0] : 11;
    int bad = 0;
    for (size_t k = 0; k < n; k++)
        bad |= stat_row(b, by, "mediation", row[k].name, NULL, row[k].v);
    return bad;
}

/* The --boot-reps rows (the header is the caller's). */
static int reps_rows(nqpf_restab *b, const char *by, const nqpf_reg_mediation *md)
{
    int bad = 0;
    for (size_t r = 0; r < md->reps; r++) {
        const double v[4] = {(double)r, md->draw_a[r], md->draw_b[r], md->draw_ab[r]};
        bad |= put_fields(b, by, NULL, 0);
        bad |= nqpf_restab_row(b, NULL, 0, v, 4);
    }
    return bad;
}

static int table_is_tex(const char *path)
{
    size_t len = strlen(path);
    return len >= 4 && strcmp(path + len - 4, ".tex") == 0;
}

static int parse_enums(const nqpf_reg_request *rq, nqpf_reg_spec *s, int ncluster, nqpf_error *err)
{
    s->vce = ncluster ? NQPF_REG_CLUSTER : NQPF_REG_IID;
    if (rq->vce) {
        if (strcmp(rq->vce, "iid") == 0 || strcmp(rq->vce, "unadjusted") == 0)
            s->vce = NQPF_REG_IID;
        else if (strcmp(rq->vce, "robust") == 0 || strcmp(rq->vce, "hc1") == 0)
            s->vce = NQPF_REG_ROBUST;
        else if (strcmp(rq->vce, "cluster") == 0)
            s->vce = NQPF_REG_CLUSTER;
        else
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--vce takes iid, robust or cluster, not '%s'", rq->vce);
    }
    s->dof = NQPF_REG_DOF_REGHDFE;
    if (rq->dof) {
        if (strcmp(rq->dof, "reghdfe") == 0)
            s->dof = NQPF_REG_DOF_REGHDFE;
        else if (strcmp(rq->dof, "all") == 0 || strcmp(rq->dof, "areg") == 0)
            s->dof = NQPF_REG_DOF_ALL;
        else if (strcmp(rq->dof, "xtreg") == 0)
            s->dof = NQPF_REG_DOF_XTREG;
        else
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--dof takes reghdfe, all (areg) or xtreg, not '%s'",
                             rq->dof);
    }
    if (s->vce == NQPF_REG_CLUSTER && !ncluster)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--vce cluster needs --cluster COL[,COL]");
    if (s->vce != NQPF_REG_CLUSTER && ncluster)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--cluster goes with --vce cluster (or no --vce)");
    if (rq->cluster_adj) {
        if (strcmp(rq->cluster_adj, "min") == 0)
            s->cluster_adj_each = 0;
        else if (strcmp(rq->cluster_adj, "each") == 0)
            s->cluster_adj_each = 1;
        else
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--cluster-adj takes min or each, not '%s'", rq->cluster_adj);
    }
    s->keep_singletons = rq->keep_singletons;
    s->tol = rq->tol;
    return NQPF_OK;
}

/* A fit's error: the --by group before the message, the data file as FILE. */
static void by_error(nqpf_error *err, const char *by, const char *data)
{
    if (by) {
        char m[sizeof err->msg];
        memcpy(m, err->msg, sizeof m);
        int w = snprintf(err->msg, sizeof err->msg, "by group '%.200s': ", by);
        if (w > 0 && (size_t)w < sizeof err->msg)
            snprintf(err->msg + w, sizeof err->msg - (size_t)w, "%.800s", m);
    }
    if (!err->file[0])
        snprintf(err->file, sizeof err->file, "%s", data);
}

static void report_warnings(const nqpf_reg_fit *f, const char *by, void (*warn)(void *, const char *), void *ctx)
{
    if (!warn)
        return;
    char msg[1024], pre[300] = "";
    if (by)
        snprintf(pre, sizeof pre, "by group '%s': ", by);
    if (f->n_singletons) {
        snprintf(msg, sizeof msg, "%s%zu singleton observations dropped", pre, f->n_singletons);
        warn(ctx, msg);
    }
    for (size_t j = 0; j < f->main.p; j++)
        if (f->main.omitted[j]) {
            snprintf(msg, sizeof msg, "%sregressor '%s' %s: omitted", pre, f->main.term[j],
                     f->main.omitted[j] == NQPF_REG_ABSORBED ? "is absorbed by the fixed effects"
                                                             : "is collinear with the other regressors");
            warn(ctx, msg);
        }
}

int nqpf_reg_compute(const nqpf_reg_request *rq, nqpf_reg_output *o, void (*warn)(void *ctx, const char *msg), void *ctx,
                     nqpf_error *err)
{
    job jb;
    memset(&jb, 0, sizeof jb);
    jb.rq = rq;
    nqpf_reg_spec s;
    memset(&s, 0, sizeof s);
    nqpf_factor byf = {0};
    unsigned char *sub = NULL;
    int have_by = 0;
    nqpf_reg_fit *kept = NULL;          /* fits kept for --table */
    nqpf_reg_column *tcol = NULL;
    size_t n_kept = 0;
    nqpf_reg_mediation *md = NULL;      /* one per --by group with --mediator */
    size_t n_md = 0;
    char (*tlab)[128] = NULL;           /* --table column labels with --mediator */
    int rc;
    memset(o, 0, sizeof *o);
    if (!rq->data || !rq->y)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--data, --y, --x and --out are required (see --help)");
    if ((rc = parse_lists(&jb, err)))
        goto done;
    if ((rc = parse_enums(rq, &s, jb.ncluster, err)))
        goto done;
    if ((rc = read_data(&jb, &s, err)))
        goto done;
    if ((rc = load(&jb, &s, err)))
        goto done;
    if (s.dof == NQPF_REG_DOF_XTREG && s.vce == NQPF_REG_ROBUST) {
        /* xtreg, fe vce(robust) is clustered on the panel variable */
        if (!rq->unit) {
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--dof xtreg with --vce robust needs --unit");
            goto done;
        }
        jb.cluster[0] = (char *)"unit";
        jb.ncluster = 1;
        jb.cl_name[0] = rq->unit;
        if (!(jb.cl[0] = nqpf_alloc(jb.n + 1, sizeof **jb.cl)) ||
            (rc = term_codes(&jb, "unit", jb.cl[0], err))) {
            rc = rc ? rc : nqpf_fail_nomem(err);
            goto done;
        }
        s.n_cl = 1, s.cl = (const size_t *const *)jb.cl, s.cl_name = jb.cl_name;
        s.vce = NQPF_REG_CLUSTER;
    }
    size_t n_by = 1;
    if (rq->by) {
        if ((rc = by_factor(&jb, rq->by, &byf, err)))
            goto done;
        have_by = 1;
        n_by = byf.n_levels;
        if (!(sub = nqpf_alloc(jb.n + 1, 1))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        s.subset = sub;
    }
    if (rq->mediator) {
        if (!jb.nx && !jb.nendog) {
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                           "--mediator takes the treatment as the first --x column or the first endogenous regressor "
                           "of --iv");
            goto done;
        }
        int clash = strcmp(rq->y, rq->mediator) == 0;
        for (int j = 0; j < jb.nx; j++)
            clash |= strcmp(jb.x[j], rq->mediator) == 0;
        for (int j = 0; j < jb.ninst; j++)
            clash |= strcmp(jb.inst[j], rq->mediator) == 0;
        if (clash || rq->bdiff) {
            rc = clash ? nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                                   "the mediator '%s' is also the outcome, a regressor or an instrument", rq->mediator)
                       : nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--bdiff does not go with --mediator");
            goto done;
        }
        double level = rq->level > 0.0 ? rq->level : 0.95;
        int bad = nqpf_restab_header(&o->out, have_by ? "by,model,term,estimate,se,t,p,ci_lo,ci_hi"
                                             : "model,term,estimate,se,t,p,ci_lo,ci_hi");
        bad |= nqpf_restab_header(&o->stats, have_by ? "by,model,statistic,value" : "model,statistic,value");
        if (rq->boot_reps)
            bad |= nqpf_restab_header(&o->reps, have_by ? "by,rep,a,b,ab" : "rep,a,b,ab");
        if (!(md = nqpf_calloc(n_by, sizeof *md)) ||
            (rq->table && (!(tcol = nqpf_calloc(3 * n_by, sizeof *tcol)) ||
                           !(tlab = nqpf_calloc(3 * n_by, sizeof *tlab))))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        const char *mn[3] = {"total", "a", "b"};
        drop_reader(&jb);
        for (size_t g = 0; g < n_by; g++) {
            const char *by = have_by ? byf.level[g] : NULL;
            if (have_by)
                for (size_t i = 0; i < jb.n; i++)
                    sub[i] = byf.code[i] == g;
            if ((rc = nqpf_reg_mediate(&s, jb.mv, rq->mediator, rq->boot, rq->seed, level, &md[g], err))) {
                by_error(err, by, rq->data);
                goto done;
            }
            n_md = g + 1;
            const nqpf_reg_fit *mf[3] = {&md[g].total, &md[g].a, &md[g].b};
            for (int k = 0; k < 3; k++) {
                report_warnings(mf[k], by, warn, ctx);
                bad |= coef_rows(&o->out, by, mn[k], &mf[k]->main);
                bad |= fit_stats(&o->stats, by, mn[k], &s, mf[k]);
            }
            bad |= mediation_stats(&o->stats, by, &md[g], level);
            if (rq->boot_reps)
                bad |= reps_rows(&o->reps, by, &md[g]);
            for (int k = 0; tcol && k < 3; k++) {
                const nqpf_reg_table *t = &mf[k]->main;
                snprintf(tlab[3 * g + (size_t)k], sizeof tlab[0], "%.100s%s%s", by ? by : "", by ? " " : "", mn[k]);
                tcol[3 * g + (size_t)k] =
                    (nqpf_reg_column){tlab[3 * g + (size_t)k], k == 1 ? rq->mediator : rq->y, t->p, t->term, t->b,
                                      t->se, t->pval, s.n_fe, s.fe_name, mf[k]->n, t->r2, t->r2_within};
            }
        }
        if (tcol && !bad &&
            (rc = nqpf_reg_table_write(tcol, 3 * n_by, table_is_tex(rq->table), rq->digits ? (int)rq->digits : 3, &o->table,
                                       err)))
            goto done;
        if (bad) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        goto write;
    }
    if (rq->boot_reps || (rq->boot && !rq->bdiff)) {
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--boot-reps goes with --mediator, --boot with --mediator or --bdiff");
        goto done;
    }
    if (rq->bdiff && !rq->by) {
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--bdiff compares the two groups of --by COL");
        goto done;
    }
    double at[64];
    int n_at = 0;
    if (rq->at) {
        char *ab = nqpf_strdup(rq->at), *it[64];
        int na = ab ? split(ab, ',', it, 64) : -1;
        for (int k = 0; k < na; k++) {
            const char *why;
            if (nqpf_parse_cell(it[k], strlen(it[k]), &at[k], &why) != NQPF_CELL_NUMBER)
                na = -1;
        }
        free(ab);
        if (na <= 0) {
            rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--at takes up to 64 numbers separated by commas");
            goto done;
        }
        n_at = na;
    }
    int bad = nqpf_restab_header(&o->out, have_by ? "by,model,term,estimate,se,t,p,ci_lo,ci_hi"
                                         : "model,term,estimate,se,t,p,ci_lo,ci_hi");
    bad |= nqpf_restab_header(&o->stats, have_by ? "by,model,statistic,value" : "model,statistic,value");
    const char *model = jb.nendog ? "2sls" : "ols";
    if (rq->bdiff && n_by != 2) {
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--bdiff needs exactly 2 groups in --by '%s' (it has %zu)", rq->by,
                       n_by);
        goto done;
    }
    double bd[2] = {NAN, NAN}, bse[2] = {NAN, NAN};
    if (rq->table && !(kept = nqpf_calloc(n_by, sizeof *kept))) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    size_t bd_j = (size_t)-1;
    drop_reader(&jb);
    /* one fit whose columns nothing reads afterwards hands them over */
    int consume = !have_by && !jb.usq;
    for (int j = 0; j < jb.nx; j++)
        consume &= jb.prod_a[j] < 0;
    for (size_t g = 0; g < n_by; g++) {
        const char *by = have_by ? byf.level[g] : NULL;
        if (have_by)
            for (size_t i = 0; i < jb.n; i++)
                sub[i] = byf.code[i] == g;
        nqpf_reg_fit f;
        rc = consume ? nqpf_reg_fit_model_consume(&s, &f, err) : nqpf_reg_fit_model(&s, &f, err);
        if (consume)
            forget_columns(&jb);
        if (rc) {
            by_error(err, by, rq->data);
            goto done;
        }
        report_warnings(&f, by, warn, ctx);
        bad |= coef_rows(&o->out, by, model, &f.main);
        bad |= me_rows(&o->out, by, &jb, &f, at, n_at);
        for (size_t j = 0; j < f.n_endog; j++) {
            char fm[512];
            snprintf(fm, sizeof fm, "first:%s", s.endog_name[j]);
            bad |= coef_rows(&o->out, by, fm, &f.first[j]);
        }
        bad |= fit_stats(&o->stats, by, model, &s, &f);
        if (jb.usq)
            bad |= utest_rows(&o->stats, by, model, &jb, &f);
        if (rq->bdiff) {
            for (size_t j = 0; j < f.main.p; j++)
                if (strcmp(f.main.term[j], rq->bdiff) == 0)
                    bd_j = j, bd[g] = f.main.omitted[j] ? NAN : f.main.b[j], bse[g] = f.main.se[j];
            if (bd_j == (size_t)-1) {
                nqpf_reg_fit_free(&f);
                rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--bdiff '%s' is not a term of the model", rq->bdiff);
                goto done;
            }
        }
        if (kept)
            kept[n_kept++] = f; /* freed at the end */
        else
            nqpf_reg_fit_free(&f);
    }
    if (kept) {
        if (!(tcol = nqpf_calloc(n_kept, sizeof *tcol))) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t k = 0; k < n_kept; k++) {
            const nqpf_reg_table *t = &kept[k].main;
            tcol[k] = (nqpf_reg_column){have_by ? byf.level[k] : "", rq->y, t->p, t->term, t->b, t->se, t->pval,
                                        s.n_fe, s.fe_name, kept[k].n, t->r2, t->r2_within};
        }
        if ((rc = nqpf_reg_table_write(tcol, n_kept, table_is_tex(rq->table), rq->digits ? (int)rq->digits : 3, &o->table,
                                       err)))
            goto done;
    }
    if (rq->bdiff) {
        size_t B = rq->boot ? rq->boot : 1000;
        double *dr = nqpf_alloc(B, sizeof *dr), d = bd[0] - bd[1];
        if (!dr) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        s.subset = NULL;
        if ((rc = nqpf_reg_perm_diff(&s, byf.code, bd_j, B, rq->seed, dr, err))) {
            free(dr);
            goto done;
        }
        size_t ok = 0, one = 0, two = 0;
        for (size_t r = 0; r < B; r++) {
            if (isnan(dr[r]))
                continue;
            ok++;
            one += d >= 0.0 ? dr[r] >= d : dr[r] <= d;
            two += fabs(dr[r]) >= fabs(d);
        }
        free(dr);
        char lab[300];
        snprintf(lab, sizeof lab, "%.140s-%.140s", byf.level[0], byf.level[1]);
        bad |= stat_row(&o->stats, lab, "bdiff", "diff", rq->bdiff, d);
        bad |= stat_row(&o->stats, lab, "bdiff", "perm_reps", NULL, (double)B);
        bad |= stat_row(&o->stats, lab, "bdiff", "perm_failed", NULL, (double)(B - ok));
        bad |= stat_row(&o->stats, lab, "bdiff", "perm_p_one", NULL, ok ? (double)one / (double)ok : NAN);
        bad |= stat_row(&o->stats, lab, "bdiff", "perm_p_two", NULL, ok ? (double)two / (double)ok : NAN);
        /* independent groups (no cluster spans both): z = d / sqrt(se1^2 + se2^2) */
        double z = d / sqrt(bse[0] * bse[0] + bse[1] * bse[1]);
        bad |= stat_row(&o->stats, lab, "bdiff", "z_indep", NULL, z);
        bad |= stat_row(&o->stats, lab, "bdiff", "z_indep_p", NULL, nqpf_normal_pvalue(z));
    }
    if (bad) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
write:
    if (!(rc = nqpf_restab_done(&o->out, err)) && !(rc = nqpf_restab_done(&o->stats, err)))
        rc = nqpf_restab_done(&o->reps, err);
done:
    for (size_t k = 0; k < n_kept; k++)
        nqpf_reg_fit_free(&kept[k]);
    free(kept), free(tcol);
    for (size_t g = 0; g < n_md; g++)
        nqpf_reg_mediation_free(&md[g]);
    free(md), free(tlab);
    nqpf_factor_free(&byf);
    free(sub);
    job_free(&jb);
    if (rc)
        nqpf_reg_output_free(o);
    return rc;
}

void nqpf_reg_output_free(nqpf_reg_output *o)
{
    nqpf_restab_free(&o->out), nqpf_restab_free(&o->stats), nqpf_restab_free(&o->reps);
    nqpf_buf_free(&o->table);
}

int nqpf_reg_run(const nqpf_reg_request *rq, void (*warn)(void *ctx, const char *msg), void *ctx, nqpf_error *err)
{
    if (!rq->out)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--data, --y, --x and --out are required (see --help)");
    nqpf_reg_output o;
    int rc = nqpf_reg_compute(rq, &o, warn, ctx, err);
    if (!rc) {
        /* all files or none */
        const char *paths[4] = {rq->out, rq->stats, rq->boot_reps, rq->table};
        const nqpf_restab *tabs[4] = {&o.out, &o.stats, &o.reps, NULL};
        const nqpf_buf *texts[4] = {NULL, NULL, NULL, &o.table};
        rc = nqpf_restabs_write(paths, tabs, texts, 4, rq->force | (rq->bom ? NQPF_OUT_BOM : 0), err);
        nqpf_reg_output_free(&o);
    }
    return rc;
}
