/* nqpf — Newton polish of the Russell graph measure on one face
 * (dea_russell_graph.c).
 *
 * Kelley's method certifies the objective to 1e-11, but at an optimum where
 * the objective is smooth along the face (phi_r strictly inside a piece of
 * the LP's value function, or on the boundary theta_i = 1 but free along
 * it) the objective is flat to second order, so its point — phi, theta, the
 * targets — is good only to ~the square root of the gap.  Here the face of
 * the LP's lambdas is kept: the same positive lambdas z (support S), the
 * constraints that are tight there as equalities (theta_i = 1, phi_r = 1,
 * the returns-to-scale row), and the smooth objective
 *   f(z) = 1/K (sum_i a_i.z / v_i0 + sum_r y_r0 / a_r.z)
 * is minimised on it by Newton's method with equality constraints (KKT
 * system [H A'; A 0], H = 2/K sum_r y_r0 a_r a_r' / (a_r.z)^3), steps
 * shortened to stay feasible and kept only while f does not rise (FLAT).  When the
 * optimum is on that face this converges quadratically to it; otherwise it
 * just stops early.  The caller keeps the result only when the LP at its
 * phi scores lower than the certified point (so the certificate holds). */
#include <math.h>
#include <string.h>

#include "dea_internal.h"

#define NMAX 40      /* support + equalities: larger faces are not polished */
#define TIGHT 1e-9   /* a constraint within this (relative) is on the face */
/* Near the optimum f changes by less than its rounding (f is flat to second
 * order: a step of 1e-8 moves it by ~1e-16), so a step is kept when f does
 * not rise by more than a few units in the last place, and Newton goes on
 * until the step itself is below 1e-15 of z. */
#define FLAT 4e-16

typedef struct {
    const double *a[NMAX]; /* the support's columns, from the first data row */
    size_t p, d, in;
    const double *p0;
    double wt;
} face;

static double agg_of(const face *f, const double *z, size_t v)
{
    double t = 0.0;
    for (size_t k = 0; k < f->p; k++)
        t += z[k] * f->a[k][v];
    return t;
}

/* f(z), and (g, H) when g is not NULL (H: p x p, row-major). */
static double objective(const face *f, const double *z, double *g, double *H)
{
    double val = 0.0;
    if (g) {
        memset(g, 0, f->p * sizeof(double));
        memset(H, 0, f->p * f->p * sizeof(double));
    }
    for (size_t v = 0; v < f->d; v++) {
        double v0 = f->p0[v];
        if (!(v0 > 0))
            continue;
        double t = agg_of(f, z, v);
        val += v < f->in ? t / v0 : v0 / t;
        for (size_t k = 0; g && k < f->p; k++) {
            g[k] += f->wt * (v < f->in ? f->a[k][v] / v0 : -v0 * f->a[k][v] / (t * t));
            for (size_t l = 0; v >= f->in && l < f->p; l++)
                H[k * f->p + l] += f->wt * 2.0 * v0 * f->a[k][v] * f->a[l][v] / (t * t * t);
        }
    }
    return val * f->wt;
}

static void swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Solve M x = b (N x N, destroyed) by Gaussian elimination with complete
 * pivoting; a pivot below 1e-13 of the largest entry ends the elimination
 * and the remaining unknowns are 0 (a least-change solution of a singular
 * but consistent system; an inconsistent one gives a step the caller's
 * descent test rejects). */
static void solve(double *M, double *b, double *x, size_t N)
{
    size_t perm[2 * NMAX], rank = 0;
    double big = 0.0;
    for (size_t i = 0; i < N * N; i++)
        big = fmax(big, fabs(M[i]));
    for (size_t i = 0; i < N; i++)
        perm[i] = i;
    for (; rank < N; rank++) {
        size_t pr = rank, pc = rank;
        for (size_t i = rank; i < N; i++)
            for (size_t j = rank; j < N; j++)
                if (fabs(M[i * N + j]) > fabs(M[pr * N + pc]))
                    pr = i, pc = j;
        if (!(fabs(M[pr * N + pc]) > 1e-13 * big))
            break;
        for (size_t j = 0; j < N; j++) /* rows, then columns */
            swap(&M[rank * N + j], &M[pr * N + j]);
        swap(&b[rank], &b[pr]);
        for (size_t i = 0; i < N; i++)
            swap(&M[i * N + rank], &M[i * N + pc]);
        size_t tp = perm[rank];
        perm[rank] = perm[pc];
        perm[pc] = tp;
        for (size_t i = rank + 1; i < N; i++) {
            double l = M[i * N + rank] / M[rank * N + rank];
            for (size_t j = rank; j < N; j++)
                M[i * N + j] -= l * M[rank * N + j];
            b[i] -= l * b[rank];
        }
    }
    double y[2 * NMAX] = {0};
    for (size_t i = rank; i-- > 0;) {
        double t = b[i];
        for (size_t j = i + 1; j < rank; j++)
            t -= M[i * N + j] * y[j];
        y[i] = t / M[i * N + i];
    }
    for (size_t i = 0; i < N; i++)
        x[perm[i]] = y[i];
}

/* Is z feasible: z >= 0, theta_i <= 1, phi_r >= 1, the RTS row (to TIGHT)? */
static int feasible(const face *f, const double *z, nqpf_dea_rts rts)
{
    double sum = 0.0;
    for (size_t k = 0; k < f->p; k++) {
        if (z[k] < 0)
            return 0;
        sum += z[k];
    }
    for (size_t v = 0; v < f->d; v++) {
        double t = agg_of(f, z, v), v0 = f->p0[v];
        if (v0 > 0 && (v < f->in ? t > v0 * (1 + TIGHT) : t < v0 * (1 - TIGHT)))
            return 0;
    }
    return rts == NQPF_DEA_VRS ? fabs(sum - 1) <= TIGHT
           : rts == NQPF_DEA_NIRS ? sum <= 1 + TIGHT
           : rts == NQPF_DEA_NDRS ? sum >= 1 - TIGHT
                                  : 1;
}

int nqpf_dea_russell_face(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, double wt,
                          double *phi)
{
    const nqpf_dea_spec *sp = &ref->spec;
    face f = {.d = sp->m + sp->q + sp->s, .in = sp->m + sp->q, .p0 = ws->p0, .wt = wt};
    double z[NMAX], dz[NMAX], zn[NMAX], g[NMAX], H[NMAX * NMAX], A[NMAX * NMAX];
    size_t nb = nqpf_lp_basic_ref(ws->lp, ws->basic), e = 0;
    for (size_t b = 0; b < nb; b++) {
        double l = nqpf_lp_value(ws->lp, ws->basic[b]);
        if (l > 1e-12 && f.p == NMAX)
            return 0;
        if (l > 1e-12) {
            z[f.p] = l;
            f.a[f.p++] = ref->A + ws->basic[b] * rm->rows + rm->rx;
        }
    }
    if (!f.p)
        return 0;
    /* the equalities of the face, rows of A (p wide) */
    for (size_t v = 0; v < f.d; v++) {
        double t = agg_of(&f, z, v), v0 = ws->p0[v];
        if (v0 > 0 && (v < f.in ? t >= v0 * (1 - TIGHT) : t <= v0 * (1 + TIGHT)) && f.p + e < NMAX) {
            for (size_t k = 0; k < f.p; k++)
                A[e * f.p + k] = f.a[k][v];
            e++;
        }
    }
    double sum = 0.0;
    for (size_t k = 0; k < f.p; k++)
        sum += z[k];
    if (sp->rts == NQPF_DEA_VRS || (sp->rts == NQPF_DEA_NIRS && sum >= 1 - TIGHT) ||
        (sp->rts == NQPF_DEA_NDRS && sum <= 1 + TIGHT)) {
        for (size_t k = 0; k < f.p; k++)
            A[e * f.p + k] = 1.0;
        e++;
    }
    size_t N = f.p + e;
    if (N > NMAX)
        return 0;
    double val = objective(&f, z, g, H), val0 = val;
    for (int it = 0; it < 30; it++) {
        double M[NMAX * NMAX], rhs[NMAX], x[NMAX];
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < N; j++)
                M[i * N + j] = i < f.p && j < f.p ? H[i * f.p + j]
                               : i < f.p          ? A[(j - f.p) * f.p + i]
                               : j < f.p          ? A[(i - f.p) * f.p + j]
                                                  : 0.0;
        for (size_t i = 0; i < N; i++)
            rhs[i] = i < f.p ? -g[i] : 0.0;
        solve(M, rhs, x, N);
        memcpy(dz, x, f.p * sizeof(double));
        double alpha = 1.0, step = 0.0, zmax = 0.0;
        for (size_t k = 0; k < f.p; k++) { /* stay in lambda >= 0 */
            if (dz[k] < 0)
                alpha = fmin(alpha, -z[k] / dz[k]);
            zmax = fmax(zmax, z[k]);
        }
        double vn = INFINITY;
        for (; alpha > 1e-8; alpha *= 0.5) {
            for (size_t k = 0; k < f.p; k++)
                zn[k] = fmax(0.0, z[k] + alpha * dz[k]);
            if (feasible(&f, zn, sp->rts) && (vn = objective(&f, zn, NULL, NULL)) <= val + FLAT * fabs(val))
                break;
        }
        if (!(vn <= val + FLAT * fabs(val)))
            break;
        for (size_t k = 0; k < f.p; k++)
            step = fmax(step, fabs(zn[k] - z[k]));
        memcpy(z, zn, f.p * sizeof(double));
        val = objective(&f, z, g, H);
        if (step <= 1e-15 * zmax)
            break;
    }
    if (!(val <= val0 + FLAT * fabs(val0)))
        return 0;
    for (size_t r = 0; r < sp->s; r++) {
        double v0 = ws->p0[f.in + r];
        phi[r] = v0 > 0 ? fmax(1.0, agg_of(&f, z, f.in + r) / v0) : 1.0;
    }
    return 1;
}
