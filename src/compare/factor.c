/* Label columns as factors: distinct labels with a stable order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/coltable.h"
#include "nqpf/compare.h"
#include "nqpf/regions.h"
#include "nqpf/util.h"

void nqpf_factor_free(nqpf_factor *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_levels; i++)
        free(f->level[i]);
    free(f->level);
    free(f->level_num);
    free(f->code);
    memset(f, 0, sizeof *f);
}

int nqpf_factor_single(size_t n_rows, nqpf_factor *f, nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    f->level = calloc(1, sizeof(char *));
    f->code = calloc(n_rows ? n_rows : 1, sizeof(size_t));
    if (!f->level || !f->code || !(f->level[0] = nqpf_strdup(""))) {
        nqpf_factor_free(f);
        return nqpf_fail_nomem(err);
    }
    f->n_levels = 1;
    f->n_rows = n_rows;
    return NQPF_OK;
}

/* qsort context-free: sort an index permutation by (number, first-seen). */
typedef struct {
    double v;
    size_t first;
} level_key;

static int cmp_level(const void *a, const void *b)
{
    const level_key *x = a, *y = b;
    if (x->v < y->v)
        return -1;
    if (x->v > y->v)
        return 1;
    return (x->first > y->first) - (x->first < y->first);
}

int nqpf_factor_build(const nqpf_table *t, const char *name, nqpf_factor *f, nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    size_t col;
    int rc = nqpf_table_require(t, name, &col, err);
    if (rc)
        return rc;
    nqpf_strmap map = {0};
    size_t n = t->n_rows;
    size_t *code = malloc((n ? n : 1) * sizeof *code);
    if (!code)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++) {
        const char *s = nqpf_table_get(t, i, col);
        if (*s == '\0') {
            nqpf_strmap_free(&map);
            free(code);
            return nqpf_fail(err, NQPF_EINPUT, t->path, t->line[i], (long)col + 1,
                             "empty label in column '%s'", name);
        }
        long k = nqpf_strmap_intern(&map, s, strlen(s), NULL);
        if (k < 0) {
            nqpf_strmap_free(&map);
            free(code);
            return nqpf_fail_nomem(err);
        }
        code[i] = (size_t)k;
    }
    rc = nqpf_factor_adopt(f, map.keys, map.n, code, n, err);
    nqpf_strmap_free(&map); /* its keys are NULL now (or still its own after a failure) */
    return rc;
}

int nqpf_factor_take_key(nqpf_factor *f, nqpf_coltable *t, size_t c, const char *name, nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    nqpf_column *col = &t->col[c];
    size_t n = t->n_rows;
    size_t *code = malloc((n ? n : 1) * sizeof *code);
    if (!code)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++) {
        if (col->code[i] < 0) {
            free(code);
            return nqpf_fail(err, NQPF_EINPUT, t->path, t->line[i], col->file_col, "empty label in column '%s'",
                             name);
        }
        code[i] = (size_t)col->code[i];
    }
    free(col->code);
    col->code = NULL;
    return nqpf_factor_adopt(f, col->levels, col->n_levels, code, n, err);
}

int nqpf_factor_adopt(nqpf_factor *f, char **text, size_t m, size_t *code, size_t n, nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    /* All labels numeric?  Then order levels by value (years, codes). */
    level_key *key = malloc((m ? m : 1) * sizeof *key);
    size_t *rank = malloc((m ? m : 1) * sizeof *rank);
    double *num = malloc((m ? m : 1) * sizeof *num);
    char **lev = calloc(m ? m : 1, sizeof *lev);
    if (!key || !rank || !num || !lev) {
        free(key), free(rank), free(num), free(lev), free(code);
        return nqpf_fail_nomem(err);
    }
    int all_num = 1;
    for (size_t i = 0; i < m; i++) {
        double v;
        if (nqpf_parse_cell(text[i], strlen(text[i]), &v, NULL) != NQPF_CELL_NUMBER)
            all_num = 0;
        key[i].v = all_num ? v : 0.0;
        key[i].first = i;
    }
    if (all_num)
        qsort(key, m, sizeof *key, cmp_level);
    for (size_t r = 0; r < m; r++) {
        rank[key[r].first] = r;
        lev[r] = text[key[r].first];
        text[key[r].first] = NULL; /* ownership moves to the factor */
        num[r] = key[r].v;
    }
    for (size_t i = 0; i < n; i++)
        code[i] = rank[code[i]];
    free(key);
    free(rank);
    f->n_levels = m;
    f->level = lev;
    f->code = code;
    f->n_rows = n;
    if (all_num) {
        f->level_num = num;
    } else {
        free(num);
    }
    return NQPF_OK;
}

int nqpf_region_codes(const char *const *key, const char *const *alt, size_t n, int scheme, int english,
                      nqpf_factor *f, size_t *bad, nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    size_t nl = 0, m = 0;
    const char *const *lab = nqpf_region_labels((nqpf_region_scheme)scheme, english, &nl);
    if (!lab)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "unknown regional scheme");
    size_t *code = malloc((n ? n : 1) * sizeof *code);
    size_t *slot = malloc((nl ? nl : 1) * sizeof *slot);
    char **lev = calloc(nl ? nl : 1, sizeof *lev);
    int rc = (!code || !slot || !lev) ? nqpf_fail_nomem(err) : NQPF_OK;
    /* code[i] = the label's index in the scheme first, then compacted */
    for (size_t i = 0; i < n && !rc; i++) {
        int gb = nqpf_province_code(key[i]);
        if (gb < 0 && alt)
            gb = nqpf_province_code(alt[i]);
        const char *g = gb < 0 ? NULL : nqpf_region_of((nqpf_region_scheme)scheme, gb, english);
        if (!g) {
            *bad = i;
            rc = NQPF_EINPUT;
            break;
        }
        for (size_t k = 0; k < nl; k++)
            if (strcmp(g, lab[k]) == 0)
                code[i] = k;
    }
    for (size_t k = 0; k < nl && !rc; k++)
        slot[k] = (size_t)-1;
    for (size_t i = 0; i < n && !rc; i++)
        slot[code[i]] = 0;
    for (size_t k = 0; k < nl && !rc; k++)
        if (slot[k] == 0) {
            slot[k] = m;
            if (!(lev[m++] = nqpf_strdup(lab[k])))
                rc = nqpf_fail_nomem(err);
        }
    for (size_t i = 0; i < n && !rc; i++)
        code[i] = slot[code[i]];
    free(slot);
    if (rc) {
        free(code);
        for (size_t k = 0; lev && k < nl; k++)
            free(lev[k]);
        free(lev);
        return rc;
    }
    f->n_levels = m;
    f->level = lev;
    f->code = code;
    f->n_rows = n;
    return NQPF_OK;
}

int nqpf_factor_region(const nqpf_table *t, const char *unit_col, int scheme, int english, nqpf_factor *f,
                       nqpf_error *err)
{
    memset(f, 0, sizeof *f);
    size_t col, n = t->n_rows, bad = 0;
    int rc = nqpf_table_require(t, unit_col, &col, err);
    if (rc)
        return rc;
    const char **key = malloc((n ? n : 1) * sizeof *key);
    if (!key)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++)
        key[i] = nqpf_table_get(t, i, col);
    rc = nqpf_region_codes(key, NULL, n, scheme, english, f, &bad, err);
    if (rc == NQPF_EINPUT)
        rc = nqpf_fail(err, NQPF_EINPUT, t->path, t->line[bad], (long)col + 1,
                       "'%s' is not a mainland province (a built-in grouping needs province names or GB codes "
                       "in column '%s')",
                       key[bad], unit_col);
    free(key);
    return rc;
}
