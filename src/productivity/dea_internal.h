/* nqpf — DEA internals shared by src/productivity/dea_*.c (not installed). */
#ifndef NQPF_DEA_INTERNAL_H
#define NQPF_DEA_INTERNAL_H

#include "nqpf/dea.h"
#include "nqpf/lp.h"

/* Row offsets of the LP layout: [SBM / non-oriented EBM normalisation] [inputs x] [bad outputs
 * b] [outputs y] [returns-to-scale row] [super-SBM output bounds]. */
typedef struct nqpf_dea_rowmap {
    size_t lead, rx, rb, ry, rc, ryb, n_yb, rows;
    int conv;
} nqpf_dea_rowmap;

void nqpf_dea_layout(const nqpf_dea_spec *spec, nqpf_dea_rowmap *rm);

/* Copy rows ids[0..k) of a unit-major array with w values per row
 * (dea_meta.c; the group and category subsets). */
void nqpf_dea_gather(double *dst, const double *src, const size_t *ids, size_t k, size_t w);

/* A power of two f with f * maxabs in [0.5, 1) (1 for 0 or non-finite):
 * scaling by it is exact (dea_ref.c; also the economic LPs, dea_price_opt.c). */
double nqpf_dea_pow2_scale(double maxabs);

/* FDH score of pt (p0: the point scaled as the ref's columns, x then b then
 * y) by enumeration; see dea_fdh.c.  Fills res like nqpf_dea_score. */
int nqpf_dea_score_fdh(const nqpf_dea_ref *ref, const double *p0, const nqpf_dea_point *pt,
                       nqpf_dea_result *res);

struct nqpf_dea_ws {
    nqpf_lp *lp;
    size_t max_rows, max_ext, max_n;
    double *ext, *cost, *lo, *hi, *rhs; /* LP extra columns and rows */
    int *rtype;
    double *p0;       /* scaled point: x (m), b (q), y (s) */
    double *g0;       /* scaled DDF direction, same layout */
    size_t *basic;    /* basic reference columns */
    double *lam;      /* their weights */
    double *ref_cost; /* frame: per-column costs (grown on demand) */
    const size_t *warm_head; /* RADIAL/DDF: start the LP from this basis
                                (nqpf_lp_solve_from numbering); NULL = crash */
    double ebm_ax, ebm_ay;   /* EBM: theta and eta (phi) of the last solve, for targets */
};

/* Shared pieces of the envelopment LPs (dea_score.c).  Extra columns: 0 is
 * the score variable, 1.. one slack per input, bad-output and output row
 * (k = 1 + m + q + s; the non-oriented EBM adds eta as column k).
 * nqpf_dea_cols lays them out with equality rows and the returns-to-scale
 * row; nqpf_dea_prob points p at them; nqpf_dea_lp_status maps an LP status
 * to enum nqpf_dea_status; nqpf_dea_finish fills slacks (divided by t, times
 * sgn), targets and peers after an optimal final stage. */
void nqpf_dea_cols(nqpf_dea_ws *ws, const nqpf_dea_rowmap *rm, const nqpf_dea_spec *sp, size_t k);
void nqpf_dea_prob(nqpf_lp_prob *p, nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, size_t k,
                   long skip);
int nqpf_dea_lp_status(int lp_status);
/* Solve the LP of the k extra columns laid out in ws from a crash basis,
 * adding its iterations to res and setting res->status; returns the LP
 * status. */
int nqpf_dea_solve(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, size_t k, long skip,
                   nqpf_dea_result *res);
void nqpf_dea_finish(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, double t, double sgn,
                     double score, nqpf_dea_result *res);
/* The range [min, max] of u0 over the optimal multipliers of the VRS
 * input-oriented radial model at score theta (ws->p0 set); NaN where an LP
 * fails.  See dea_rts.c. */
void nqpf_dea_u0_range(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, double theta,
                       double range[2]);
/* EBM score of pt (ws->p0 set); see dea_ebm_lp.c. */
int nqpf_dea_score_ebm(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res);
/* Weighted additive score of pt (ws->p0 set); see dea_additive.c. */
int nqpf_dea_score_add(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res);
/* Russell score of pt (ws->p0 set); see dea_russell.c. */
int nqpf_dea_score_russell(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt,
                           nqpf_dea_result *res);
/* Russell graph measure of pt (ws->p0 set, orient none); see dea_russell_graph.c. */
int nqpf_dea_score_russell_graph(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt,
                                 nqpf_dea_result *res);
/* Extra LP columns the graph measure needs beyond the factors: its tangent
 * segments, at most this many per output. */
#define NQPF_DEA_RUSSELL_SEGS 80
/* Newton on the face of the last LP's lambdas for the graph measure's
 * smooth objective (dea_russell_face.c): 1 and the phi_r (s values) of a
 * point that scores lower, else 0. */
int nqpf_dea_russell_face(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, double wt,
                          double *phi);
/* Shared by both Russell files (dea_russell.c): agg[v] = sum_j lambda_j
 * a_vj over the basic reference columns above the peers' threshold (scaled
 * rows, m + q + s values); and the result block from the factors fac (1
 * for a variable not scaled) and agg: peers and lambdas, targets sum l
 * (x, b, y), slacks theta_i x_i0 - target, target - phi_r y_r0. */
void nqpf_dea_russell_agg(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, double *agg);
void nqpf_dea_russell_report(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, const double *agg,
                             const double *fac, nqpf_dea_result *res);
/* Generalized distance function score of pt; see dea_gdf.c. */
int nqpf_dea_score_gdf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res);
/* Modified DDF score of pt (ws->p0, ws->g0 set); see dea_mddf.c. */
int nqpf_dea_score_mddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt, nqpf_dea_result *res);
/* Fill the data-dependent parameters of sp (EBM eps and weights, ADD
 * weights and bounds) from n rows when the model has them and they are not
 * ready; *again = 1 when sp changed (the caller reruns with it). */
int nqpf_dea_job_params(nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t n, int *again,
                        nqpf_error *err);

#define NQPF_DEA_FRAME_MIN 64 /* below this many reference units, no frame */

/* Reduce the rows ids[0..*n) of job's data (in place) to the frame of
 * their technology by hierarchical decomposition; OpenMP inside when par
 * (pass 0 when already inside a parallel region).  Returns a status code. */
int nqpf_dea_reduce_frame(const nqpf_dea_job *job, size_t *ids, size_t *n, int par);

/* Keep the ids[j] with keep[j] set, in order, at the front of ids; returns
 * how many (one level of a frame reduction, DEA's and Malmquist's alike). */
size_t nqpf_dea_keep_ids(size_t *ids, const unsigned char *keep, size_t n);

/* Score pt again after ref grew by columns appended to the ref of the last
 * nqpf_dea_score call on ws with the same point (column generation), from
 * the last basis.  RADIAL and DDF without slacks. */
int nqpf_dea_rescore_grown(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt,
                           nqpf_dea_result *res);

/* Weight restrictions of the radial model (dea_wr.c): their envelopment
 * columns from extra column k0 on (ws->p0 set: the virtual-weight columns
 * use the point), fixing the absolute bounds' columns at the LP's values
 * before a second stage, and the spec checks. */
void nqpf_dea_wr_columns(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_rowmap *rm, size_t k0);
void nqpf_dea_wr_fix(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, size_t k0);
int nqpf_dea_wr_check(const nqpf_dea_spec *spec, nqpf_error *err);

/* Classify columns j0..j1-1 of ref (keep[j] = 1 when strongly efficient). */
int nqpf_dea_frame_range(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, size_t j0, size_t j1, unsigned char *keep);

#endif
