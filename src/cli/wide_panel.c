/* nqpf CLI — long panel to a units x periods matrix (wide_panel.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wide_panel.h"

/* insertion sort of period indices (few periods; avoids a qsort context) */
static void sort_periods(size_t *ord, size_t T, int numeric, const double *num, const char **lab)
{
    for (size_t i = 1; i < T; i++) {
        size_t v = ord[i], j = i;
        while (j > 0 && (numeric ? num[ord[j - 1]] > num[v] : strcmp(lab[ord[j - 1]], lab[v]) > 0)) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = v;
    }
}

int wide_panel_read(wide_panel *p, const spatial_data *d, const char *data, const char *value, nqpf_error *err)
{
    memset(p, 0, sizeof *p);
    size_t nr = d->n_rows, T = d->n_groups;
    if (T < 2)
        return nqpf_fail(err, NQPF_EINPUT, data, 0, 0, "need at least 2 periods");
    double *val = malloc((nr ? nr : 1) * sizeof *val), *pnum = malloc(T * sizeof *pnum);
    size_t *ord = malloc(T * sizeof *ord), *rank = malloc(T * sizeof *rank);
    unsigned char *seen = NULL;
    p->plabel = malloc(T * sizeof *p->plabel);
    int rc = (!val || !pnum || !ord || !rank || !p->plabel) ? nqpf_fail_nomem(err) : NQPF_OK;
    if (!rc)
        rc = spatial_data_column(d, value, val, 1, err);
    int numeric = 1;
    for (size_t t = 0; t < T && !rc; t++) {
        ord[t] = t;
        if (nqpf_parse_cell(d->group[t], strlen(d->group[t]), &pnum[t], NULL) != NQPF_CELL_NUMBER)
            numeric = 0;
    }
    if (!rc) {
        sort_periods(ord, T, numeric, pnum, d->group);
        for (size_t t = 0; t < T; t++) {
            rank[ord[t]] = t;
            p->plabel[t] = d->group[ord[t]];
        }
    }
    for (size_t i = 0; i < nr && !rc; i++) {
        const char *u = spatial_unit(d, i);
        if (nqpf_strmap_intern(&p->units, u, strlen(u), NULL) < 0)
            rc = nqpf_fail_nomem(err);
    }
    size_t n = p->units.n;
    p->n = n, p->T = T;
    if (!rc) {
        p->y = malloc((n ? n * T : 1) * sizeof *p->y);
        seen = calloc(n ? n * T : 1, 1);
        if (!p->y || !seen)
            rc = nqpf_fail_nomem(err);
    }
    for (size_t q = 0; q < n * T && !rc; q++)
        p->y[q] = NAN;
    for (size_t g = 0; g < T && !rc; g++)
        for (size_t q = d->goff[g]; q < d->goff[g + 1] && !rc; q++) {
            size_t i = d->rows[q];
            const char *u = spatial_unit(d, i);
            size_t s = (size_t)nqpf_strmap_find(&p->units, u, strlen(u)), c = s * T + rank[g];
            if (seen[c])
                rc = nqpf_fail(err, NQPF_EINPUT, data, d->line[i], (long)d->ucol + 1,
                               "unit '%s' appears twice in period '%s'", u, d->group[g]);
            seen[c] = 1;
            p->y[c] = val[i];
        }
    free(val), free(pnum), free(ord), free(rank), free(seen);
    if (rc)
        wide_panel_free(p);
    return rc;
}

void wide_panel_free(wide_panel *p)
{
    free(p->y);
    free(p->plabel);
    nqpf_strmap_free(&p->units);
    memset(p, 0, sizeof *p);
}
