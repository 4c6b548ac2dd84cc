/* nqpf — polygons simplified for drawing at the map's scale, borders kept
 * shared.
 *
 * The 367 prefecture polygons have 551 401 vertices; drawn at 200–600
 * units across China most of them fall within a tenth of a unit of their
 * neighbours (the paths print one decimal), and the city report's page
 * was 13 MB.  Each polygon simplified on its own would move a border two
 * different ways in the two polygons sharing it and open slivers.  So,
 * as TopoJSON and mapshaper do: the rings are cut into arcs at the
 * junctions -- points with three or more distinct neighbours over all
 * rings (where a border meets another border or the coast) -- and each arc
 * is simplified by Douglas–Peucker in one canonical direction (from its
 * end with the smaller point number; a closed ring without junctions from
 * its smallest point), so the two polygons sharing a border keep the same
 * vertices and their paths meet exactly.  Junctions are always kept. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"

static uint64_t mix(double x, double y)
{
    uint64_t a, b;
    memcpy(&a, &x, 8), memcpy(&b, &y, 8);
    uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
    return h ^ (h >> 31);
}

typedef struct ctx {
    const double *X, *Y; /* every vertex, projected */
    uint32_t *pid;       /* point number of each vertex */
    uint32_t (*nb)[2];   /* two distinct neighbours of each point (UINT32_MAX: none yet) */
    unsigned char *junction;
    unsigned char *keep;
    size_t *stack;
    double tol;
} ctx;

static void neighbour(ctx *c, uint32_t p, uint32_t q)
{
    uint32_t *n = c->nb[p];
    if (p == q) /* a repeated vertex is no neighbour */
        return;
    if (n[0] == q || n[1] == q)
        return;
    if (n[0] == UINT32_MAX)
        n[0] = q;
    else if (n[1] == UINT32_MAX)
        n[1] = q;
    else
        c->junction[p] = 1;
}

static double seg_dist(const ctx *c, size_t p, size_t a, size_t b)
{
    double ax = c->X[a], ay = c->Y[a], dx = c->X[b] - ax, dy = c->Y[b] - ay;
    double px = c->X[p] - ax, py = c->Y[p] - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? fmin(fmax((px * dx + py * dy) / l2, 0), 1) : 0;
    return hypot(px - t * dx, py - t * dy);
}

/* Douglas–Peucker over the arc v[0..n-1] (global vertices): keeps v[0],
 * v[n-1] and every point farther than tol from the kept chord around it. */
static void dp(ctx *c, const size_t *v, size_t n)
{
    size_t top = 0;
    c->keep[v[0]] = c->keep[v[n - 1]] = 1;
    c->stack[top++] = 0, c->stack[top++] = n - 1;
    while (top) {
        size_t b = c->stack[--top], a = c->stack[--top], far = 0;
        double dmax = c->tol;
        for (size_t i = a + 1; i < b; i++) {
            double d = seg_dist(c, v[i], v[a], v[b]);
            if (d > dmax)
                dmax = d, far = i;
        }
        if (far) {
            c->keep[v[far]] = 1;
            c->stack[top++] = a, c->stack[top++] = far;
            c->stack[top++] = far, c->stack[top++] = b;
        }
    }
}

/* The arc ring[from..to] (cyclic positions in a ring of m distinct
 * vertices), simplified in its canonical direction. */
static void arc(ctx *c, const size_t *ring, size_t m, size_t from, size_t len, size_t *buf)
{
    for (size_t i = 0; i <= len; i++)
        buf[i] = ring[(from + i) % m];
    uint32_t p0 = c->pid[buf[0]], p1 = c->pid[buf[len]];
    int rev = p0 > p1 || (p0 == p1 && len >= 2 && c->pid[buf[1]] > c->pid[buf[len - 1]]);
    for (size_t i = 0; rev && i < (len + 1) / 2; i++) {
        size_t t = buf[i];
        buf[i] = buf[len - i], buf[len - i] = t;
    }
    dp(c, buf, len + 1);
}

static int simplify_ring(ctx *c, size_t base, size_t n, size_t *ring, size_t *buf)
{
    /* the closing point (a repeat of the first) is drawn by the path's Z */
    size_t m = n >= 2 && c->pid[base] == c->pid[base + n - 1] ? n - 1 : n;
    if (m < 3) {
        for (size_t i = 0; i < n; i++)
            c->keep[base + i] = 1;
        return 0;
    }
    for (size_t i = 0; i < m; i++)
        ring[i] = base + i;
    size_t j0 = m;
    for (size_t i = 0; i < m && j0 == m; i++)
        if (c->junction[c->pid[ring[i]]])
            j0 = i;
    if (j0 == m) { /* no junction: one closed arc from the smallest point, its smaller neighbour first */
        size_t s = 0;
        for (size_t i = 1; i < m; i++)
            if (c->pid[ring[i]] < c->pid[ring[s]])
                s = i;
        size_t nx = (s + 1) % m, pv = (s + m - 1) % m;
        int fwd = c->pid[ring[nx]] <= c->pid[ring[pv]];
        for (size_t i = 0; i <= m; i++)
            buf[i] = ring[fwd ? (s + i) % m : (s + m - i % m) % m];
        dp(c, buf, m + 1);
        return 0;
    }
    for (size_t i = j0, len; i < j0 + m; i += len) { /* junction to junction */
        len = 1;
        while (!c->junction[c->pid[ring[(i + len) % m]]])
            len++;
        arc(c, ring, m, i % m, len, buf);
    }
    return 0;
}

/* Number the distinct points (exact coordinates) of the n vertices. */
static int number_points(const double *x, const double *y, size_t n, uint32_t *pid, size_t *npts)
{
    size_t cap = 1;
    while (cap < 2 * n + 2)
        cap <<= 1;
    uint32_t *slot = calloc(cap, sizeof *slot), *first = malloc((n ? n : 1) * sizeof *first);
    if (!slot || !first) {
        free(slot), free(first);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t h = (size_t)mix(x[i], y[i]) & (cap - 1);
        while (slot[h] && !(x[first[slot[h] - 1]] == x[i] && y[first[slot[h] - 1]] == y[i]))
            h = (h + 1) & (cap - 1);
        if (!slot[h])
            first[k] = (uint32_t)i, slot[h] = (uint32_t)++k;
        pid[i] = slot[h] - 1;
    }
    free(slot), free(first);
    *npts = k;
    return 0;
}

int map_simplify(nqpf_map_base map, double kx, double ky, double tol, unsigned char **keep)
{
    size_t n = 0, longest = 0;
    for (size_t s = 0; s < map.n; s++) {
        const nqpf_map_shape *sh = &map.shape[s];
        n += sh->n_rings ? sh->ring_off[sh->n_rings] : 0;
        for (size_t g = 0; g < sh->n_rings; g++)
            if (sh->ring_off[g + 1] - sh->ring_off[g] > longest)
                longest = sh->ring_off[g + 1] - sh->ring_off[g];
    }
    double *X = malloc((n + 1) * sizeof *X), *Y = malloc((n + 1) * sizeof *Y);
    ctx c = {X, Y, malloc((n + 1) * sizeof *c.pid), NULL, NULL, calloc(n + 1, 1), NULL, tol};
    size_t *ring = malloc((longest + 2) * sizeof *ring), *buf = malloc((longest + 2) * sizeof *buf);
    c.stack = malloc((2 * longest + 4) * sizeof *c.stack);
    size_t npts = 0;
    int e = !X || !Y || !c.pid || !c.keep || !ring || !buf || !c.stack;
    for (size_t s = 0, k = 0; !e && s < map.n; s++) {
        const nqpf_map_shape *sh = &map.shape[s];
        for (size_t i = 0; sh->n_rings && i < sh->ring_off[sh->n_rings]; i++, k++)
            X[k] = sh->x[i] * kx, Y[k] = sh->y[i] * ky;
    }
    e = e || number_points(X, Y, n, c.pid, &npts);
    if (!e) {
        c.nb = malloc((npts + 1) * sizeof *c.nb), c.junction = calloc(npts + 1, 1);
        e = !c.nb || !c.junction;
    }
    for (size_t i = 0; !e && i < npts; i++)
        c.nb[i][0] = c.nb[i][1] = UINT32_MAX;
    for (int pass = 0; pass < 2 && !e; pass++) /* 0: neighbours and junctions, 1: the arcs */
        for (size_t s = 0, base = 0; s < map.n; s++) {
            const nqpf_map_shape *sh = &map.shape[s];
            for (size_t g = 0; g < sh->n_rings; g++) {
                size_t b0 = base + sh->ring_off[g], len = sh->ring_off[g + 1] - sh->ring_off[g];
                size_t m = len >= 2 && c.pid[b0] == c.pid[b0 + len - 1] ? len - 1 : len;
                for (size_t i = 0; pass == 0 && m >= 2 && i < m; i++) {
                    uint32_t p = c.pid[b0 + i];
                    neighbour(&c, p, c.pid[b0 + (i + 1) % m]);
                    neighbour(&c, p, c.pid[b0 + (i + m - 1) % m]);
                }
                if (pass == 1)
                    simplify_ring(&c, b0, len, ring, buf);
            }
            base += sh->n_rings ? sh->ring_off[sh->n_rings] : 0;
        }
    free(X), free(Y), free(c.pid), free(c.nb), free(c.junction), free(ring), free(buf), free(c.stack);
    if (e) {
        free(c.keep);
        return -1;
    }
    *keep = c.keep;
    return 0;
}
