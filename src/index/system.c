/* Indicator-system file: parsing and validation. */
#include "nqpf/system.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nqpf/util.h"

int nqpf_direction_parse(const char *s)
{
    static const char *const plus[] = {"+", "\xEF\xBC\x8B" /* ＋ */, "正", "正向", "positive", "benefit", "pos", "1", "+1"};
    static const char *const minus[] = {"-", "\xE2\x88\x92" /* − */, "\xEF\xBC\x8D" /* － */, "负", "负向", "逆向",
                                        "negative", "cost", "neg", "-1"};
    for (size_t i = 0; i < sizeof plus / sizeof *plus; i++)
        if (strcasecmp(s, plus[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof minus / sizeof *minus; i++)
        if (strcasecmp(s, minus[i]) == 0)
            return -1;
    return 0;
}

void nqpf_system_free(nqpf_system *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_ind; i++) {
        free(s->ind[i].column);
        free(s->ind[i].name);
        free(s->ind[i].unit);
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        free(s->nodes[i].name);
        free(s->nodes[i].path);
    }
    free(s->ind);
    free(s->nodes);
    free(s->path);
    free(s);
}

int nqpf_system_node_within(const nqpf_system *s, size_t node, size_t ancestor)
{
    for (long n = (long)node; n >= 0; n = s->nodes[n].parent)
        if ((size_t)n == ancestor)
            return 1;
    return 0;
}

/* Find or add the node `name` under `parent`; returns its index or -1. */
static long node_get(nqpf_system *s, size_t *cap, long parent, size_t level, const char *name, long line)
{
    const char *ppath = parent >= 0 ? s->nodes[parent].path : "";
    size_t lp = strlen(ppath), ln = strlen(name);
    char *path = malloc(lp + ln + 2);
    if (!path)
        return -1;
    if (lp) {
        memcpy(path, ppath, lp);
        path[lp] = '/';
        memcpy(path + lp + 1, name, ln + 1);
    } else
        memcpy(path, name, ln + 1);
    for (size_t i = 0; i < s->n_nodes; i++)
        if (strcmp(s->nodes[i].path, path) == 0) {
            free(path);
            return (long)i;
        }
    void *p = s->nodes;
    if (nqpf_grow(&p, cap, s->n_nodes + 1, sizeof(nqpf_node)) != 0) {
        free(path);
        return -1;
    }
    s->nodes = p;
    nqpf_node *nd = &s->nodes[s->n_nodes];
    nd->name = nqpf_strdup(name);
    nd->path = path;
    nd->level = level;
    nd->parent = parent;
    nd->line = line;
    if (!nd->name) {
        free(path);
        return -1;
    }
    return (long)s->n_nodes++;
}

int nqpf_system_read(nqpf_system **out, const char *path, nqpf_encoding enc, nqpf_error *err)
{
    *out = NULL;
    nqpf_table *t = NULL;
    int rc = nqpf_table_read(&t, path, enc, err);
    if (rc)
        return rc;
    nqpf_system *s = calloc(1, sizeof *s);
    long *levels = NULL;
    if (!s || !(s->path = nqpf_strdup(path))) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    long c_col = nqpf_table_col(t, "column"), c_dir = nqpf_table_col(t, "direction");
    long c_dim = nqpf_table_col(t, "dimension"), c_name = nqpf_table_col(t, "name");
    long c_unit = nqpf_table_col(t, "unit"), c_w = nqpf_table_col(t, "weight");
    const char *need = c_col < 0 ? "column" : c_dir < 0 ? "direction" : c_dim < 0 ? "dimension" : NULL;
    if (need) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, t->header_line, 0,
                       "the indicator system needs a '%s' column (header: column,direction,dimension"
                       "[,subdimension…][,name][,unit][,weight])",
                       need);
        goto fail;
    }
    /* level columns: dimension, then every subdimension* column in header order */
    levels = malloc((t->n_cols + 1) * sizeof(long));
    if (!levels) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    levels[0] = c_dim;
    s->n_levels = 1;
    for (size_t j = 0; j < t->n_cols; j++)
        if (strncmp(t->header[j], "subdimension", 12) == 0)
            levels[s->n_levels++] = (long)j;
    if (t->n_rows == 0) {
        rc = nqpf_fail(err, NQPF_EINPUT, path, t->header_line, 0, "the indicator system has no indicators");
        goto fail;
    }
    s->ind = calloc(t->n_rows, sizeof(nqpf_indicator));
    if (!s->ind) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    size_t node_cap = 0;
    s->has_weights = c_w >= 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        long line = t->line[i];
        nqpf_indicator *ind = &s->ind[i];
        const char *col = nqpf_table_get(t, i, (size_t)c_col);
        if (!*col) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, line, c_col + 1, "empty indicator column name");
            goto fail;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(s->ind[k].column, col) == 0) {
                rc = nqpf_fail(err, NQPF_EINPUT, path, line, c_col + 1,
                               "duplicate indicator '%s' (also at line %ld)", col, s->ind[k].line);
                goto fail;
            }
        const char *dir = nqpf_table_get(t, i, (size_t)c_dir);
        ind->direction = nqpf_direction_parse(dir);
        if (!ind->direction) {
            rc = nqpf_fail(err, NQPF_EINPUT, path, line, c_dir + 1,
                           "direction '%s' of '%s' is neither + (benefit) nor - (cost)", dir, col);
            goto fail;
        }
        long parent = -1;
        int gap = 0;
        for (size_t l = 0; l < s->n_levels; l++) {
            const char *nm = nqpf_table_get(t, i, (size_t)levels[l]);
            if (!*nm) {
                if (l == 0) {
                    rc = nqpf_fail(err, NQPF_EINPUT, path, line, levels[l] + 1, "empty dimension for indicator '%s'", col);
                    goto fail;
                }
                gap = 1;
                continue;
            }
            if (gap) {
                rc = nqpf_fail(err, NQPF_EINPUT, path, line, levels[l] + 1,
                               "'%s' is set but the level above it is empty", t->header[levels[l]]);
                goto fail;
            }
            if (strchr(nm, '/')) {
                rc = nqpf_fail(err, NQPF_EINPUT, path, line, levels[l] + 1, "'/' is not allowed in a %s name",
                               t->header[levels[l]]);
                goto fail;
            }
            long nd = node_get(s, &node_cap, parent, l, nm, line);
            if (nd < 0) {
                rc = nqpf_fail_nomem(err);
                goto fail;
            }
            if (l == 0)
                ind->dimension = (size_t)nd;
            parent = nd;
        }
        ind->node = (size_t)parent;
        ind->line = line;
        ind->column_col = c_col + 1;
        const char *nm = c_name >= 0 ? nqpf_table_get(t, i, (size_t)c_name) : "";
        ind->column = nqpf_strdup(col);
        ind->name = nqpf_strdup(*nm ? nm : col);
        ind->unit = nqpf_strdup(c_unit >= 0 ? nqpf_table_get(t, i, (size_t)c_unit) : "");
        s->n_ind = i + 1;
        if (!ind->column || !ind->name || !ind->unit) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        ind->weight = NAN;
        if (c_w >= 0) {
            rc = nqpf_table_number(t, i, (size_t)c_w, &ind->weight, err);
            if (rc == NQPF_EMISSING) {
                s->has_weights = 0;
                rc = NQPF_OK;
            } else if (rc)
                goto fail;
            else if (ind->weight < 0) {
                rc = nqpf_fail(err, NQPF_EINPUT, path, line, c_w + 1, "negative weight %g", ind->weight);
                goto fail;
            }
        }
    }
    free(levels);
    nqpf_table_free(t);
    *out = s;
    return NQPF_OK;
fail:
    free(levels);
    nqpf_table_free(t);
    nqpf_system_free(s);
    return rc;
}
