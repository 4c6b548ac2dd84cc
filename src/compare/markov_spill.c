/* nqpf — LISA Markov spillover (Rey, Murray & Anselin 2011; giddy
 * LISA_Markov.spillover): in each period the significant LISA cores of one
 * quadrant (HH by default) and their neighbours form clusters; a unit that
 * is in no cluster in period t but in period t+1 joins a cluster that
 * contains a unit already clustered in t is a spill-over location. */
#include <stdlib.h>
#include <string.h>

#include "nqpf/markov.h"

static size_t find(size_t *parent, size_t a)
{
    while (parent[a] != a)
        a = parent[a] = parent[parent[a]];
    return a;
}

static void join(size_t *parent, size_t a, size_t b)
{
    a = find(parent, a), b = find(parent, b);
    if (a != b)
        parent[a > b ? a : b] = a < b ? a : b; /* the root is the smallest member */
}

/* Clusters of period t: giddy adds an edge from each core to each of its
 * neighbours, so the members are the cores that have neighbours and those
 * neighbours; comp[s] = 1 + rank of the cluster's smallest member, 0 = none. */
static void clusters(const nqpf_weights *w, const unsigned char *core, size_t n, size_t *parent,
                     unsigned char *in, size_t *comp)
{
    for (size_t s = 0; s < n; s++)
        parent[s] = s, in[s] = 0, comp[s] = 0;
    for (size_t s = 0; s < n; s++)
        if (core[s])
            for (size_t q = w->off[s]; q < w->off[s + 1]; q++) {
                join(parent, s, w->nbr[q]);
                in[s] = in[w->nbr[q]] = 1;
            }
    size_t next = 0;
    for (size_t s = 0; s < n; s++)
        if (in[s] && find(parent, s) == s)
            comp[s] = ++next;
    for (size_t s = 0; s < n; s++)
        if (in[s])
            comp[s] = comp[find(parent, s)];
}

int nqpf_lisa_spillover(const nqpf_weights *w, const size_t *quad, const double *p_sim, size_t n, size_t T,
                        size_t core_quad, double alpha, size_t *component, unsigned char *spill, nqpf_error *err)
{
    if (w->n != n)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "weights and panel sizes differ");
    size_t *parent = malloc((n ? n : 1) * sizeof *parent), *c1 = malloc((n ? n : 1) * sizeof *c1);
    size_t *c2 = malloc((n ? n : 1) * sizeof *c2);
    unsigned char *core = malloc(n ? n : 1), *in = malloc(n ? n : 1), *old = malloc(n ? n : 1);
    if (!parent || !c1 || !c2 || !core || !in || !old) {
        free(parent), free(c1), free(c2), free(core), free(in), free(old);
        return nqpf_fail_nomem(err);
    }
    for (size_t t = 0; t < T; t++) {
        for (size_t s = 0; s < n; s++)
            core[s] = quad[s * T + t] == core_quad && p_sim[s * T + t] <= alpha;
        clusters(w, core, n, parent, in, c2);
        for (size_t s = 0; s < n; s++)
            component[s * T + t] = c2[s];
        if (t == 0) {
            memcpy(c1, c2, n * sizeof *c1);
            continue;
        }
        /* a newcomer spills over when its cluster holds an earlier member */
        memset(old, 0, n);
        for (size_t s = 0; s < n; s++)
            if (c2[s] && c1[s])
                old[c2[s] - 1] = 1;
        for (size_t s = 0; s < n; s++)
            spill[s * (T - 1) + t - 1] = c2[s] && !c1[s] && old[c2[s] - 1];
        memcpy(c1, c2, n * sizeof *c1);
    }
    free(parent), free(c1), free(c2), free(core), free(in), free(old);
    return NQPF_OK;
}

/* The spill-over analysis of `nqpf markov --lisa --spillover` and the
 * report's [markov] spillover (HH cores significant at giddy's 0.05): each
 * period's conditional-permutation LISA p (esda scaling; period t uses
 * seed + t), then the clusters and the spill-over units. */
int nqpf_lisa_spillover_run(const nqpf_weights *w, const double *y, const size_t *quad, size_t n, size_t T,
                            size_t perms, uint64_t seed, double *psim, size_t *comp, unsigned char *sp,
                            nqpf_error *err)
{
    /* buf: the period's values, then Ii, E, Var, z, p, p_sim, z_sim */
    double *buf = malloc(8 * n * sizeof *buf);
    int rc = !buf ? nqpf_fail_nomem(err) : NQPF_OK;
    for (size_t t = 0; t < T && !rc; t++) {
        nqpf_local_opts lo = {NQPF_LISA_SCALE_N1, 1, NQPF_ALT_TWO_SIDED, perms, seed + t, NULL};
        nqpf_lisa_result lr = {buf + n, buf + 2 * n, buf + 3 * n, buf + 4 * n, buf + 5 * n, buf + 6 * n, buf + 7 * n,
                               NULL};
        for (size_t s = 0; s < n; s++)
            buf[s] = y[s * T + t];
        rc = nqpf_local_moran(w, buf, &lo, &lr, err);
        for (size_t s = 0; s < n && !rc; s++)
            psim[s * T + t] = lr.p_sim[s];
    }
    free(buf);
    return rc ? rc : nqpf_lisa_spillover(w, quad, psim, n, T, 0, 0.05, comp, sp, err);
}
