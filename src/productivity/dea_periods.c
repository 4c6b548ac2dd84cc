/* nqpf — the rows of a DEA job by period and each period's reference rows
 * in file order (see dea_periods.h). */
#include <stdlib.h>
#include <string.h>

#include "dea_periods.h"
#include "nqpf/util.h"

void nqpf_dea_periods_free(nqpf_dea_periods *p)
{
    free(p->order);
    free(p->end);
    free(p->ref);
    free(p->tmp);
    free(p->at);
    free(p->stop);
    free(p->heap);
    memset(p, 0, sizeof *p);
}

int nqpf_dea_periods_init(nqpf_dea_periods *p, const nqpf_dea_job *job, size_t T)
{
    size_t n = job->n;
    memset(p, 0, sizeof *p);
    p->T = T ? T : 1;
    p->frontier = job->frontier;
    p->window = job->window;
    int merge = p->T > 1 && (p->frontier == NQPF_DEA_SEQUENTIAL || p->frontier == NQPF_DEA_WINDOW);
    p->order = malloc((n + 1) * sizeof *p->order);
    p->end = malloc(p->T * sizeof *p->end);
    if (merge) {
        p->ref = malloc((n + 1) * sizeof *p->ref);
        p->tmp = p->frontier == NQPF_DEA_SEQUENTIAL ? malloc((n + 1) * sizeof *p->tmp) : NULL;
        p->at = malloc((p->T + 1) * sizeof *p->at);
        p->stop = malloc((p->T + 1) * sizeof *p->stop);
        p->heap = malloc((p->T + 1) * sizeof *p->heap);
    }
    int bad = !p->order || !p->end ||
              (merge && (!p->ref || !p->at || !p->stop || !p->heap ||
                         (p->frontier == NQPF_DEA_SEQUENTIAL && !p->tmp)));
    if (!bad && p->T == 1) {
        for (size_t i = 0; i < n; i++)
            p->order[i] = i;
        p->end[0] = n;
    } else if (!bad) {
        bad = nqpf_order_by_code(job->period, n, p->T, p->order, p->end) < 0;
    }
    if (bad) {
        nqpf_dea_periods_free(p);
        return NQPF_ENOMEM;
    }
    return NQPF_OK;
}

const size_t *nqpf_dea_periods_rows(const nqpf_dea_periods *p, size_t t, size_t *k)
{
    size_t b = t ? p->end[t - 1] : 0;
    *k = p->end[t] - b;
    return p->order + b;
}

/* Put run r (heap position h) where its head belongs below h: a min-heap
 * of runs by their next row. */
static void sift_down(const nqpf_dea_periods *p, size_t k, size_t h)
{
    size_t r = p->heap[h];
    for (;;) {
        size_t c = 2 * h + 1;
        if (c >= k)
            break;
        if (c + 1 < k && *p->at[p->heap[c + 1]] < *p->at[p->heap[c]])
            c++;
        if (*p->at[p->heap[c]] >= *p->at[r])
            break;
        p->heap[h] = p->heap[c];
        h = c;
    }
    p->heap[h] = r;
}

/* Merge the k sorted runs at[r] .. stop[r] (distinct rows) into out, in
 * ascending order (file order); returns how many.  O(total log k). */
static size_t merge_runs(nqpf_dea_periods *p, size_t k, size_t *out)
{
    size_t h = 0, w = 0;
    for (size_t r = 0; r < k; r++)
        if (p->at[r] < p->stop[r])
            p->heap[h++] = r;
    for (size_t i = h; i-- > 0;)
        sift_down(p, h, i);
    while (h) {
        size_t r = p->heap[0];
        out[w++] = *p->at[r]++;
        if (p->at[r] == p->stop[r])
            p->heap[0] = p->heap[--h];
        if (h)
            sift_down(p, h, 0);
    }
    return w;
}

/* Add period b's bucket as run k of the merge. */
static void add_run(nqpf_dea_periods *p, size_t k, size_t b)
{
    size_t len;
    p->at[k] = nqpf_dea_periods_rows(p, b, &len);
    p->stop[k] = p->at[k] + len;
}

const size_t *nqpf_dea_periods_ref(nqpf_dea_periods *p, size_t t, size_t *nr)
{
    if (p->T == 1 || (p->frontier != NQPF_DEA_SEQUENTIAL && p->frontier != NQPF_DEA_WINDOW))
        return nqpf_dea_periods_rows(p, t, nr);
    size_t k = 0;
    if (p->frontier == NQPF_DEA_WINDOW) {
        size_t lo = t + 1 >= p->window ? t + 1 - p->window : 0;
        for (size_t b = lo; b <= t; b++)
            add_run(p, k++, b);
        p->nref = merge_runs(p, k, p->ref);
    } else {
        if (p->merged > t + 1) /* asked for an earlier period: start again */
            p->merged = p->nref = 0;
        p->at[k] = p->ref; /* the set of periods 0 .. merged-1, then the new ones */
        p->stop[k++] = p->ref + p->nref;
        for (size_t b = p->merged; b <= t; b++)
            add_run(p, k++, b);
        p->nref = merge_runs(p, k, p->tmp);
        size_t *sw = p->ref;
        p->ref = p->tmp;
        p->tmp = sw;
        p->merged = t + 1;
    }
    *nr = p->nref;
    return p->ref;
}

void nqpf_dea_period_mean(const nqpf_dea_job *job, const size_t *rows, size_t k, double *g)
{
    size_t m = job->spec.m, s = job->spec.s, q = job->spec.q;
    memset(g, 0, (m + s + q) * sizeof *g);
    for (size_t e = 0; e < k; e++) {
        size_t i = rows[e];
        for (size_t j = 0; j < m; j++)
            g[j] += job->x[i * m + j] / (double)k;
        for (size_t j = 0; j < s; j++)
            g[m + j] += job->y[i * s + j] / (double)k;
        for (size_t j = 0; j < q; j++)
            g[m + s + j] += job->b[i * q + j] / (double)k;
    }
}
