/* nqpf — data envelopment analysis (DEA).
 *
 * Models (enum nqpf_dea_model):
 *   RADIAL  Farrell radial efficiency, CCR (Charnes, Cooper & Rhodes 1978)
 *           with CRS, BCC (Banker, Charnes & Cooper 1984) with VRS, also
 *           NIRS and NDRS.  Input orientation scores theta = min {theta :
 *           (theta x0, y0) feasible}; output orientation phi = max {phi :
 *           (x0, phi y0) feasible} and efficiency = 1/phi (DEAP convention,
 *           <= 1 in both orientations).  Bad outputs, if any, are treated as
 *           inputs (contracted with theta under input orientation).
 *   SBM     Tone's (2001) slacks-based measure, non-oriented by default:
 *             rho = (1 - 1/m sum s-_i/x_i0) / (1 + 1/(s+q) (sum s+_r/y_r0 +
 *                                                        sum sb_k/b_k0))
 *           with bad outputs b as in Tone (2003/2004): sum l b + sb = b0.
 *           Solved in the Charnes-Cooper linearised form.  Terms whose
 *           denominator x_i0, y_r0 or b_k0 is 0 are left out (Tone 2001 for
 *           inputs; for outputs nqpf also deletes the term rather than
 *           inventing a small positive number); the divisors m and s+q are
 *           not changed.  Input orientation keeps only the numerator, output
 *           orientation only the denominator (efficiency = 1/denominator).
 *   DDF     directional distance function (Chambers, Chung & Faere 1996;
 *           Chung, Faere & Grosskopf 1997):  beta = max {beta :
 *           (x0 - beta gx, y0 + beta gy, b0 - beta gb) feasible}, default
 *           g = (0, y0, b0), i.e. expand good and shrink bad outputs; bad
 *           outputs weakly disposable (sum l b = b0 - beta gb, CRS only) or,
 *           optionally, strongly disposable (<=).  `eff` is beta (0 = on
 *           the frontier); it is an inefficiency, not a ratio.
 *   FDH     free disposal hull (Deprins, Simar & Tulkens 1984): the radial
 *           score against the non-convex technology of points freely
 *           disposable from single observed units (variable returns only;
 *           input or output orientation, efficiency <= 1 as RADIAL; bad
 *           outputs as inputs).  No LP: the best dominating unit is found
 *           by enumeration (dea_fdh.c); it is the one peer, lambda 1.
 *           Super-efficiency leaves the unit out (INFEASIBLE when no other
 *           unit dominates it).  Never reduced to the convex frame.
 *   EBM     epsilon-based measure (Tone & Tsutsui 2010), a radial score
 *           plus the weighted non-radial slacks (weights w, sum 1 per side):
 *             in:   gamma = min theta - eps_x sum w_i s-_i / x_i0
 *                   over theta x0 = sum l x + s-, sum l y >= y0
 *             out:  1/tau = max phi + eps_y sum w_r s+_r / y_r0
 *                   over sum l x <= x0, phi y0 = sum l y - s+;  eff = tau
 *             none: kappa = min (theta - eps_x sum w s-/x0) /
 *                                (eta + eps_y sum w s+/y0)
 *                   over theta x0 = sum l x + s-, eta y0 = sum l y - s+
 *                   (Charnes-Cooper form; CRS only: the ratio is
 *                   homogeneous of degree 0 in (theta, eta, l, s), so any
 *                   convexity row would not bind; nqpf_dea_spec_check refuses it).
 *           eps and w come from the affinity matrix of the data (dea_ebm.c)
 *           unless spec.epsilon is given.  Bad outputs: oriented models
 *           treat them as inputs (as RADIAL; weighed with the inputs under
 *           input orientation, fixed under output orientation); the
 *           non-oriented model shrinks them with the outputs' eta and adds
 *           their weighted slacks to the denominator with their own eps_b:
 *             kappa = min (theta - eps_x sum w s-/x0) /
 *                 (eta + eps_y sum w s+/y0 + eps_b sum w sb/b0),
 *             eta b0 = sum l b + sb
 *           (the form of the Chinese green-TFP literature).  Terms whose
 *           x_i0, y_r0, b_k0 is 0 are left out.  Lambdas and slacks of the
 *           non-oriented model are at the Charnes-Cooper scale (the
 *           denominator = 1).  Super-efficiency: the unit left out (as
 *           Andersen-Petersen), which may be infeasible.
 *   ADD     weighted additive models (dea_additive.c): the largest weighted
 *           sum of slacks
 *             eff = max sum_i w_i s-_i + sum_k w_k sb_k + sum_r w_r s+_r
 *             over sum l x + s- = x0, sum l b + sb = b0, sum l y - s+ = y0
 *           with the weights of spec.addw (nqpf_dea_addw); `eff` is an
 *           inefficiency (0 = strongly efficient), DataEnvelopmentAnalysis.jl's
 *           `efficiency` of deaadd; RAM and BAM efficiency is 1 - eff.
 *           Orientation none counts every slack, in only s- and sb, out only
 *           s+ (the others stay free).  Bad outputs are inputs (strongly
 *           disposable).  N (RAM, BAM) = the number of counted variables.
 *           A weight whose denominator is 0 (x0 = 0 for MIP, a zero range or
 *           deviation, x0 at its minimum for BAM) leaves the term out.  The
 *           ranges, deviations and BAM bounds come from all rows of the job
 *           (nqpf_dea_add_params).  BAM without VRS also bounds the targets
 *           by the data, sum l x >= min x and sum l y <= max y, i.e. s-_i <=
 *           x_i0 - min x_i and s+_r <= max y_r - y_r0.  No super-efficiency.
 *   RUSSELL Russell measures (dea_russell.c), one factor per variable:
 *             in:   eff = min 1/(m+q) sum theta_i over sum l x <= theta_i x_i0,
 *                   sum l y >= y0, 0 <= theta_i <= 1 (bad outputs as inputs)
 *             out:  phi = max 1/s sum phi_r over sum l x <= x0, sum l y >=
 *                   phi_r y_r0, phi_r >= 1; eff = 1/phi
 *           A variable with x_i0 (y_r0) = 0 keeps the factor 1.  eff <= 1, 1 =
 *           on the frontier.  No super-efficiency.  Orientation none: the
 *           graph measure (dea_russell_graph.c), a convex program
 *             eff = min 1/K (sum theta_i + sum 1/phi_r) over sum l x =
 *                   theta_i x_i0, theta_i <= 1, sum l y = phi_r y_r0, phi_r >= 1
 *           over the K variables positive at the unit (a zero output left
 *           free); Kelley cutting planes certify it to 1e-11, a Newton
 *           polish on the optimal face makes the factors exact; UNBOUNDED
 *           when phi_r is (CRS/NDRS with a zero-input producer), NUMERIC
 *           when the cuts do not close the gap.
 *   GDF     generalized (hyperbolic) distance function (Chavas & Cox 1999;
 *           Färe, Grosskopf & Lovell 1985; dea_gdf.c), alpha = spec.gdf_alpha
 *           in [0, 1]:
 *             eff = min delta  s.t. sum l x <= delta^(1-alpha) x0,
 *                   sum l b <= delta^(1-alpha) b0, sum l y >= y0 / delta^alpha
 *           (+ the RTS row).  Not an LP, but delta is feasible iff the radial
 *           input score of the point (delta^(1-alpha) x0, y0 / delta^alpha) is
 *           <= 1, and that score decreases in delta: the least such delta is
 *           found by safeguarded regula falsi (Illinois) on ln(score) over ln
 *           delta, one radial LP a step, to 1e-13 in ln delta.  Under CRS
 *           eff = the CCR input score for every alpha (scale l by
 *           delta^alpha); alpha 0 is the radial input score, alpha 1 the
 *           output score 1/phi.  Peers, lambdas, slacks (the radial max-slack
 *           stage) and targets of the radial LP at the solution.  Orientation
 *           in only (alpha sets the direction); no super-efficiency.
 *   MDDF    modified directional distance function (Aparicio, Pastor & Ray
 *           2013; dea_mddf.c): one factor per side,
 *             eff = max beta_x + beta_y  s.t.  sum l x <= x0 - beta_x gx,
 *                   sum l b <= b0 - beta_x gb, sum l y >= y0 + beta_y gy
 *           with the DDF directions (spec.dir, point gx/gy/gb), bad outputs
 *           strongly disposable like inputs; an inefficiency (0 = on the
 *           frontier) as DDF.  Slacks: a second stage at the fixed factors.
 *           No orientation or super-efficiency.
 *
 * Super-efficiency (spec.super): the evaluated unit is left out of the
 * reference set (point.exclude).  RADIAL: Andersen & Petersen (1993); may be
 * infeasible under VRS/NIRS/NDRS (status INFEASIBLE, eff NaN).  SBM: super-
 * SBM of Tone (2002) for units with rho = 1 (the plain SBM score otherwise):
 *   delta = (1 + 1/m sum p-_i/x_i0) / (1 - 1/(s+q)(sum p+_r/y_r0 +
 *                                               sum pb_k/b_k0))
 * over x0 + p- >= sum l x, y0 - p+ <= sum l y, b0 + pb >= sum l b,
 * 0 <= p+ <= y0 (the projection keeps non-negative outputs).  DDF: beta may
 * become negative.
 *
 * Data layout.  Unit j's inputs are x[j*m .. j*m+m-1] (unit-major), likewise
 * y (s per unit) and b (q per unit).  Any array may be NULL when its count
 * is 0.
 *
 * Scoring API (what Malmquist indexes and bootstraps build on):
 *   1. nqpf_dea_ref_build: a reference technology from any set of columns
 *      (units), laid out once as LP columns, scaled per variable by a power
 *      of two (exact).  Read-only afterwards: share it between threads.
 *   2. nqpf_dea_ws_new: one workspace per thread (all LP memory).
 *   3. nqpf_dea_score: score ANY point (x0, y0, b0) — a unit of the set, a
 *      unit of another period, a bootstrap pseudo-observation — against the
 *      reference technology.  No allocation.
 * Ownership: the caller frees refs with nqpf_dea_ref_free and workspaces with
 * nqpf_dea_ws_free; result arrays are caller-owned.
 */
#ifndef NQPF_DEA_H
#define NQPF_DEA_H

#include <stddef.h>
#include <stdint.h>

#include "nqpf/csv.h"
#include "nqpf/error.h"

typedef enum {
    NQPF_DEA_RADIAL = 0,
    NQPF_DEA_SBM = 1,
    NQPF_DEA_DDF = 2,
    NQPF_DEA_FDH = 3,
    NQPF_DEA_EBM = 4,
    NQPF_DEA_ADD = 5,
    NQPF_DEA_RUSSELL = 6,
    NQPF_DEA_GDF = 7,
    NQPF_DEA_MDDF = 8
} nqpf_dea_model;
/* ADD weights (DataEnvelopmentAnalysis.jl's names): ONES the additive model
 * of Charnes et al. (1985); MIP 1/x_i0, 1/y_r0; NORMALIZED 1/sd (Lovell &
 * Pastor 1995); RAM 1/(N range) (Cooper, Park & Pastor 1999); BAM 1/(N (x_i0
 * - min x_i)), 1/(N (max y_r - y_r0)) (Cooper, Pastor, Borras, Aparicio &
 * Pastor 2011). */
typedef enum {
    NQPF_DEA_ADDW_ONES = 0,
    NQPF_DEA_ADDW_MIP = 1,
    NQPF_DEA_ADDW_NORMALIZED = 2,
    NQPF_DEA_ADDW_RAM = 3,
    NQPF_DEA_ADDW_BAM = 4
} nqpf_dea_addw;
typedef enum { NQPF_DEA_CRS = 0, NQPF_DEA_VRS = 1, NQPF_DEA_NIRS = 2, NQPF_DEA_NDRS = 3 } nqpf_dea_rts;
typedef enum { NQPF_DEA_IN = 0, NQPF_DEA_OUT = 1, NQPF_DEA_NONE = 2 } nqpf_dea_orient;
/* DDF directions (per evaluated unit o): DEFAULT (0, y_o, b_o); ONES
 * (1, 1, 1); OBSERVED (x_o, y_o, b_o); MEAN (column means of the evaluated
 * set; the caller passes them in the point); CUSTOM: given in the point. */
typedef enum {
    NQPF_DEA_DIR_DEFAULT = 0,
    NQPF_DEA_DIR_ONES = 1,
    NQPF_DEA_DIR_OBSERVED = 2,
    NQPF_DEA_DIR_MEAN = 3
} nqpf_dea_dir;

/* Per-unit status: OK, or why there is no score. */
enum nqpf_dea_status {
    NQPF_DEA_OK = 0,
    NQPF_DEA_INFEASIBLE = 1, /* e.g. VRS super-efficiency */
    NQPF_DEA_UNBOUNDED = 2,  /* e.g. all-zero inputs (input orientation) */
    NQPF_DEA_NUMERIC = 3     /* the LP failed numerically (please report) */
};
const char *nqpf_dea_status_name(int status);

typedef struct nqpf_dea_spec {
    nqpf_dea_model model;
    nqpf_dea_rts rts;
    nqpf_dea_orient orient; /* RADIAL: IN or OUT; SBM: any; DDF: ignored */
    int super;              /* super-efficiency / super-SBM */
    int slacks;             /* RADIAL, DDF: second stage maximising the sum of
                               slacks (original units) at the fixed score */
    int bad_strong;         /* DDF: bad outputs strongly disposable (<=) */
    nqpf_dea_dir dir;       /* DDF direction */
    size_t m, s, q;         /* inputs, outputs, bad outputs */
    /* Non-discretionary (fixed) variables, Banker & Morey (1986): bit i set
     * for variable i in the order x (m), b (q), y (s).  RADIAL: a fixed input
     * (bad output) is not contracted by theta, a fixed output not expanded by
     * phi; DDF: its direction component is 0; both: its slack is left out
     * of the max-slack second stage.  Other models refuse them. */
    uint64_t fixed;
    /* Assurance regions (Thompson, Langemeier, Lee, Lee & Thrall 1990),
     * RADIAL: lo <= w_a / w_b <= hi for multiplier weights of two inputs
     * (bad outputs) or two outputs, a and b in the order x, b, y.  In the
     * envelopment LP each bound is one more non-negative column (the dual of
     * the weight constraint), so targets theta x0 - s are no longer sum l x. */
    size_t n_ar;
    struct nqpf_dea_ar {
        size_t a, b;
        double lo, hi;
    } ar[8];
    /* Weight restrictions of Allen, Athanassopoulos, Dyson & Thanassoulis
     * (1997), RADIAL without --fixed, up to 8 of each kind, variable v in the
     * order x, b, y (a bad output is an input here, as it is to the model);
     * see dea_wr.c for the LP columns.
     *   wb: absolute bounds lo <= w_v <= hi on a multiplier weight in the
     *       model's own normalisation: input orientation v.x0 + w.b0 = 1,
     *       output orientation u.y0 = 1 (the weights of nqpf_dea_result.weight,
     *       Cooper, Seiford & Tone 2007 section 6.2).  Not homogeneous: the
     *       same bounds mean different things under the two orientations, and
     *       a unit where they contradict the normalisation (e.g. sum lo_i
     *       x_i0 > 1) has no feasible weights: status INFEASIBLE.  The score
     *       is the multiplier LP's optimum (u.y0 - u0, or 1 / (v.x0 + v0));
     *       slacks and targets are the envelopment LP's at its theta (phi),
     *       as with assurance regions (not sum l x), the bounds' columns kept
     *       at their values in the max-slack stage.
     *   vw: virtual-weight restrictions (Wong & Beasley 1990): the share of
     *       variable v in its side's total virtual weight at the evaluated
     *       unit, lo <= w_v z_v0 / sum_k w_k z_k0 <= hi (z = x and b for an
     *       input or bad output, y for an output); homogeneous, so under
     *       either orientation the same; INFEASIBLE where the shares cannot
     *       be met (z_v0 = 0 with lo > 0, the side's lo summing above 1).
     * lo in [0, inf) (virtual: [0, 1]), hi >= lo, hi = INFINITY unbounded;
     * 0 and INFINITY add no constraint.  With either kind the envelopment
     * LP is unbounded exactly where no weights satisfy the restrictions,
     * reported as INFEASIBLE (no multiplier weights), not UNBOUNDED. */
    size_t n_wb, n_vw;
    struct nqpf_dea_wbound {
        size_t v;
        double lo, hi;
    } wb[8], vw[8];
    int epsilon_set;        /* EBM: 1 = epsilon (in [0, 1]) is both sides' eps; 0 = from the affinity */
    double epsilon;
    /* EBM parameters, filled by nqpf_dea_ebm_params (nqpf_dea_run calls it
     * on all rows of the job when ebm_ready is 0): eps of the input, output
     * and (non-oriented) bad-output sides and the weights in the order x (m),
     * b (q), y (s), summing to 1 over each side's columns (0 off the sides
     * of the orientation). */
    int ebm_ready;
    double ebm_eps_in, ebm_eps_out, ebm_eps_bad;
    double ebm_w[64];
    /* SBM-DDF (Fukuyama & Weber 2009), model SBM, non-oriented, no super:
     * the slacks-based directional inefficiency in the direction
     * g = (x0, y0, b0),
     *   beta = max 1/2 [1/m sum s-_i/x_i0 + 1/(s+q) (sum s+_r/y_r0 +
     *                                               sum sb_k/b_k0)]
     *   over x0 = sum l x + s-, y0 = sum l y - s+, b0 = sum l b + sb,
     * the spec's returns to scale; eff = beta (0 = efficient, as DDF), terms
     * with a zero denominator left out as in SBM. */
    int sbm_ddf;
    /* ADD: the weights (nqpf_dea_addw) and, filled by nqpf_dea_add_params
     * (nqpf_dea_run calls it on all rows when add_ready is 0), per variable in
     * the order x (m), b (q), y (s): add_w the weight (ONES, NORMALIZED, RAM;
     * 0 off the counted side), add_bnd the minimum (x, b) or maximum (y) of
     * the data (BAM). */
    nqpf_dea_addw addw;
    double gdf_alpha; /* GDF: the weight of the output side, in [0, 1] */
    int add_ready;
    double add_w[64], add_bnd[64];
} nqpf_dea_spec;

/* EBM (Tone & Tsutsui 2010).  The affinity matrix of k columns
 * (v: n rows, column c of row j at v[j * ld + off[c]]): for a pair (a, b),
 * c_j = ln(b_j / a_j) over the units with both values positive, D(a, b) =
 * sum_j |c_j - mean c| / (n' (max c - min c)) (0 when max c = min c or
 * n' < 2), S(a, b) = 1 - 2 D(a, b), S(a, a) = 1.  S is k x k, row-major. */
void nqpf_dea_affinity(const double *v, size_t n, size_t ld, const size_t *off, size_t k, double *S);
/* eps = (k - rho) / (k - 1) and the weights w (sum 1) from the largest
 * eigenvalue rho of S and its (Perron) eigenvector; k = 1: eps 0, w 1. */
void nqpf_dea_ebm_eps(const double *S, size_t k, double *eps, double *w);
/* Fill sp's EBM eps and weights from the data (n rows, unit-major as in
 * nqpf_dea_job) for sp's orientation; sp->epsilon_set: sp->epsilon replaces both eps.
 * Sets sp->ebm_ready. */
int nqpf_dea_ebm_params(nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t n,
                        nqpf_error *err);

/* Fill sp's ADD weights and bounds from n rows of data (unit-major, as in
 * nqpf_dea_job); sets sp->add_ready. */
int nqpf_dea_add_params(nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t n,
                        nqpf_error *err);
/* Is the score of spec an inefficiency (0 = on the frontier: DDF, ADD)
 * rather than a ratio (1 = on the frontier)? */
int nqpf_dea_score_is_gap(const nqpf_dea_spec *spec);

/* The envelopment columns of spec's weight restrictions (ar, wb, vw: two
 * each); 0 = an unrestricted model. */
size_t nqpf_dea_wr_cols(const nqpf_dea_spec *sp);
/* Check a spec for combinations that are not supported. */
int nqpf_dea_spec_check(const nqpf_dea_spec *spec, nqpf_error *err);
/* Largest number of LP rows for spec (also the most peers a result has). */
size_t nqpf_dea_rows(const nqpf_dea_spec *spec);

typedef struct nqpf_dea_ref {
    nqpf_dea_spec spec;
    size_t n;        /* reference units (LP columns) */
    size_t rows;     /* LP rows */
    size_t lead;     /* 1 if row 0 is the SBM (or non-oriented EBM) normalisation row */
    double *A;       /* rows x n column-major, scaled */
    double *fx, *fy, *fb; /* scale factors (powers of two): scaled = f * value */
    size_t *id;      /* caller's index of each column */
    const double *x, *y, *b; /* caller's data (original units), not owned */
} nqpf_dea_ref;

/* Build a reference technology from units id[0..n-1] of the data arrays
 * x, y, b (unit-major, see above; id NULL = units 0..n-1).  The data arrays
 * must outlive the ref (it keeps pointers for targets and slacks). */
int nqpf_dea_ref_build(nqpf_dea_ref **out, const nqpf_dea_spec *spec, const double *x, const double *y,
                       const double *b, const size_t *id, size_t n, nqpf_error *err);
void nqpf_dea_ref_free(nqpf_dea_ref *ref);

typedef struct nqpf_dea_ws nqpf_dea_ws;
/* Workspace for refs of spec with at most max_n columns; NULL when out of
 * memory.  It serves any ref with the same m, s, q and no more LP rows (a VRS
 * workspace also scores CRS refs) and no more than max_n columns; a ref too
 * big for it makes nqpf_dea_score return NQPF_EINTERNAL. */
nqpf_dea_ws *nqpf_dea_ws_new(const nqpf_dea_spec *spec, size_t max_n);
void nqpf_dea_ws_free(nqpf_dea_ws *ws);

/* The point to score.  gx/gy/gb: DDF direction for MEAN (or to override any
 * direction), NULL to derive it from spec.dir.  exclude: column of the ref
 * to leave out (super-efficiency), or -1. */
typedef struct nqpf_dea_point {
    const double *x, *y, *b;
    const double *gx, *gy, *gb;
    long exclude;
} nqpf_dea_point;

/* Result.  Set the optional array pointers (caller-owned) to what you want;
 * leave them NULL otherwise.  peer/lambda need nqpf_dea_rows(spec) entries;
 * peer[] holds the caller's unit indices (ref->id), ascending. */
typedef struct nqpf_dea_result {
    int status;        /* enum nqpf_dea_status */
    double eff;        /* score (see the models above); NaN unless OK */
    double phi;        /* output orientation: 1/eff (radial: phi); else NaN */
    double *slack_x, *slack_y, *slack_b;    /* m, s, q (super-SBM: minus the increase) */
    double *target_x, *target_y, *target_b; /* projection sum_j lambda_j (x_j, y_j, b_j) */
    size_t *peer;
    double *lambda;
    size_t n_peers;
    size_t lp_iters;   /* simplex iterations used (diagnostics) */
    /* RADIAL and DDF multiplier form (the LP dual of the first stage),
     * m + q + s + 1 values: v (inputs), w (bad outputs), u (outputs), free
     * term, in original units.  RADIAL input orientation: theta = u.y0 - u0
     * with v.x0 + w.b0 = 1 and u.y_j - v.x_j - w.b_j - u0 <= 0 for every
     * reference unit j; output orientation: phi = v.x0 + w.b0 + v0 with
     * u.y0 = 1 and v.x_j + w.b_j + v0 - u.y_j >= 0.  DDF: beta = v.x0 +
     * w.b0 - u.y0 + u0 with v.gx + w.gb + u.gy = 1 and u.y_j - v.x_j -
     * w.b_j - u0 <= 0; w, the shadow prices of the bad outputs, is >= 0
     * under strong disposability and of either sign under weak (an
     * equality row).  v, u >= 0; the free term is 0 under CRS, >= 0 under
     * NIRS, <= 0 under NDRS.  NULL: not wanted; other models leave it. */
    double *weight;
    /* RADIAL, VRS, input orientation: [min, max] of u0 over all optimal
     * multipliers (Banker & Thrall 1992): max < 0 increasing, min > 0
     * decreasing, else constant returns to scale at the projection.  NULL:
     * not wanted. */
    double *u0_range;
} nqpf_dea_result;

int nqpf_dea_score(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_point *pt,
                   nqpf_dea_result *res);

/* The frame of ref: keep[j] = 0 when the OTHER columns strictly dominate
 * column j (the additive model with j left out, the spec's returns to scale,
 * bad outputs as inputs, has a positive optimum or is unbounded), else 1.
 * A dropped column is a combination of others plus a non-zero disposal, so
 * the technology is the same without all of them and no RADIAL, SBM or
 * strong-disposal DDF score changes — except super-efficiency of a kept
 * column, which must be scored against all other columns.  Duplicates and
 * columns inside an efficient face are kept (safe, slightly redundant).
 * Units with all inputs and bad outputs zero are always kept. */
int nqpf_dea_frame(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, unsigned char *keep, nqpf_error *err);

/* ---- whole data sets: periods, frontiers, threads ---------------------- */

typedef enum {
    NQPF_DEA_CONTEMPORANEOUS = 0, /* each period against its own frontier */
    NQPF_DEA_POOLED = 1,          /* every period against all units of all periods */
    NQPF_DEA_SEQUENTIAL = 2,      /* period t against periods 1..t */
    NQPF_DEA_WINDOW = 3           /* period t against periods t-K+1..t */
} nqpf_dea_frontier;

typedef struct nqpf_dea_job {
    nqpf_dea_spec spec;
    size_t n;                 /* rows (unit-periods) */
    const double *x, *y, *b;  /* unit-major data, n rows */
    const size_t *period;     /* period rank 0..n_periods-1 of each row, or NULL */
    size_t n_periods;
    nqpf_dea_frontier frontier;
    size_t window;            /* K for NQPF_DEA_WINDOW */
    int no_frame;             /* score against every unit, never the frame only */
    const struct nqpf_dist *dist; /* MPI ranks sharing the rows (dist.h), or NULL */
    int weights;              /* RADIAL, DDF: fill out->weight (no --fixed, checkpoint, one rank) */
    const double *gx, *gy, *gb; /* DDF, MDDF: per-row directions (n x m, n x s, n x q, unit-major) or
                                   NULL: the spec's direction for that side (not in checkpoints) */
    const char *checkpoint;   /* file of finished rows to resume from and append to, or NULL:
                                 chunks of 4,096 rows of a period, checksummed; a rerun of the
                                 same job skips what is there (the same results) */
    /* Rows to score: only[i] != 0, or NULL for every row.  The reference
     * sets, frames, DDF mean directions and EBM/ADD parameters stay those of
     * the whole job, so a scored row's results are byte-identical to the
     * unmasked run's; the other rows cost no LP and keep status OK with
     * every value 0 (the caller fills them).  MPI ranks split the scored
     * rows only (balanced, in row order); checkpoints hold the scored rows
     * only and their fingerprint includes the mask. */
    const unsigned char *only;
} nqpf_dea_job;

/* Results, one slot per row (arrays allocated by nqpf_dea_run, freed by
 * nqpf_dea_out_free).  peer/lambda: `width` slots per row, n_peers used. */
typedef struct nqpf_dea_out {
    int *status;
    double *eff, *phi;
    double *slack_x, *slack_y, *slack_b;    /* n*m, n*s, n*q */
    double *target_x, *target_y, *target_b;
    size_t width;
    size_t *n_peers, *peer;
    double *lambda;
    double *weight;           /* job->weights: n * (m + q + s + 1), as nqpf_dea_result.weight */
    double *u0_range;         /* job->weights, radial VRS input orientation: n * 2, as nqpf_dea_result */
    size_t frame_size;        /* units on the last frame used (diagnostics) */
    /* Work done by this call on this rank (diagnostics): rows scored (rows
     * taken from a checkpoint are not) and their simplex iterations. */
    size_t n_scored;
    uint64_t lp_iters;
} nqpf_dea_out;

/* Score every row against the frontier of its period (OpenMP over rows;
 * results do not depend on the number of threads).  With job->dist, every
 * rank builds every frontier together with the others (each classifies its
 * share of the frame blocks) and scores the rows of its block
 * nqpf_dist_block(n, size, r) (with a checkpoint: its share of each chunk);
 * then all rows are gathered on every rank: the same results for any number
 * of ranks.  The evaluated unit's own
 * column is left out for super-efficiency.  Unless no_frame, or for weakly
 * disposable DDF (where dominated units can matter), each
 * frontier is first reduced to its strongly efficient units by hierarchical
 * decomposition (Barr & Durchholz 1997): blocks are reduced independently
 * (a unit dominated within a block is dominated overall), survivors merged
 * and reduced again, then every row is scored against the frame only —
 * except the super-efficiency of a frame unit, which needs all other units. */
int nqpf_dea_run(const nqpf_dea_job *job, nqpf_dea_out *out, nqpf_error *err);
void nqpf_dea_out_free(nqpf_dea_out *out);

/* Meta-frontier DEA (Battese, Rao & O'Donnell 2004; O'Donnell, Rao &
 * Battese 2008): every row scored against the frontier of its group
 * (group[i] in 0..n_groups-1, e.g. the NBS regions) and against the
 * meta-frontier of all rows (*meta, as nqpf_dea_run of job), with the same
 * spec and period rule.  tgr[i] = meta eff / group eff (the technology gap
 * ratio, <= 1 without super-efficiency); for DDF the additive gap
 * beta_meta - beta_group (>= 0).  NaN where either score is missing.
 * No checkpoint or MPI ranks.  Free with nqpf_dea_meta_free and
 * nqpf_dea_out_free. */
typedef struct nqpf_dea_meta {
    int *status_group;
    double *eff_group;
    double *tgr;
} nqpf_dea_meta;
int nqpf_dea_meta_run(const nqpf_dea_job *job, const size_t *group, size_t n_groups, nqpf_dea_out *meta,
                      nqpf_dea_meta *mo, nqpf_error *err);
void nqpf_dea_meta_free(nqpf_dea_meta *mo);
/* Categorical (ordinal) environments (Banker & Morey 1986; Cooper, Seiford
 * & Tone 2007 section 7.3; dea_categ.c): cat[i] in 0..n_cat-1, 0 the
 * least favourable; row i is scored, with job's spec and period rule,
 * against the rows of categories <= cat[i] only.  *out as nqpf_dea_run
 * (peers are job rows).  Each row is scored once (job.only masks the
 * others out of each category's run).  Radial, SBM and DDF (not the mean
 * direction); MPI ranks split each category's rows.  With
 * job->checkpoint = FILE the top category's run resumes from FILE and
 * category K's (K < n_cat) from FILE.catK, each a run of its own. */
int nqpf_dea_categ_check(const nqpf_dea_job *job, nqpf_error *err);
int nqpf_dea_categ_run(const nqpf_dea_job *job, const size_t *cat, size_t n_cat, nqpf_dea_out *out,
                       nqpf_error *err);
/* Categories from a number column v (n values, the file's lines and
 * column for messages): integers 1..L, 1 = least favourable; cat[i] =
 * v[i] - 1 and *n_cat = L.  A missing or non-integer cell is an error at
 * its FILE:LINE:COL. */
int nqpf_dea_categ_levels(const double *v, size_t n, const char *path, const long *line, long col, size_t *cat,
                          size_t *n_cat, nqpf_error *err);
/* Peel-the-onion tiers (Barr, Durchholz & Seiford 2000; dea_peel.c):
 * layer[i] = 1 for the rows on the frontier in *first (job's results from
 * nqpf_dea_run), 2 for those on the frontier of the rows left once layer 1
 * is taken out, and so on; each round is nqpf_dea_run of the same job on
 * the remaining rows (same spec and period rule; EBM and additive
 * parameters and the DDF mean direction from those rows).  On the frontier:
 * status OK and a ratio score >= 1 - 1e-9 (a gap score, DDF and ADD, within
 * 1e-9 of 0) — radial models count weakly efficient rows as the score does.
 * layer[i] = 0 for a row never on a frontier (no score in any round; the
 * peeling stops at a round that finds none).  No super-efficiency,
 * checkpoint or MPI ranks. */
int nqpf_dea_peel(const nqpf_dea_job *job, const nqpf_dea_out *first, size_t *layer, nqpf_error *err);

/* Bytes nqpf_dea_run and `nqpf dea` need beyond the input table for n rows
 * with `threads` OpenMP threads (data, results, frame, references, one LP
 * workspace per thread; not the MPI exchange buffer, 8 (4 + 2(m+s+q) +
 * 2 rows) bytes per row): an estimate for --max-memory, see memory.h. */
uint64_t nqpf_dea_memory(const nqpf_dea_spec *spec, size_t n, size_t threads);

/* ---- economic efficiency with prices (dea_price.c) -------------------
 * Prices are per row (unit-specific): w (n x m input prices) and p (n x s
 * output prices), unit-major, >= 0.  Each row is compared with the best
 * its own prices allow on the technology of its period (job->frontier, as
 * nqpf_dea_run), inputs x and outputs y freely disposable (no bad outputs):
 *   COST           C* = min w0.x over the technology producing y0;
 *                  eff = C* / w0.x0; technical = radial input theta
 *                  (job->spec.rts); allocative = eff / technical.
 *   REVENUE        R* = max p0.y with inputs x0; eff = p0.y0 / R*;
 *                  technical = 1/phi (radial output); allocative =
 *                  eff / technical.
 *   PROFIT         Nerlovian (Chambers, Chung & Faere 1998), VRS only:
 *                  eff = (PI* - (p0.y0 - w0.x0)) / (p0.gy + w0.gx) with
 *                  PI* = max p0.y - w0.x; technical = the DDF beta in the
 *                  direction g of job->spec.dir; allocative = eff -
 *                  technical (additive; 0 = profit maximising).
 *   PROFITABILITY  CRS only (Georgescu-Roegen's return to the dollar):
 *                  eff = (p0.y0 / w0.x0) / max (p0.y / w0.x); technical =
 *                  radial input theta under CRS; allocative = eff /
 *                  technical.
 * Cost and revenue are LPs in the unit weights (costs w0.x_j, p0.y_j);
 * profit and profitability are maximised at a single observed unit (a
 * linear or linear-fractional objective over a convex hull or cone) and
 * found by enumeration.  Conventions: 0/0 ratios are 1 (a unit whose
 * optimum and observed value are both 0 is on the frontier); an optimum
 * that is unbounded (zero-cost bundles with revenue) is UNBOUNDED, one
 * that does not exist (VRS cost of outputs beyond every unit) INFEASIBLE;
 * a profit gap over a zero normalisation is UNBOUNDED. */
typedef enum {
    NQPF_DEA_COST = 0,
    NQPF_DEA_REVENUE = 1,
    NQPF_DEA_PROFIT = 2,
    NQPF_DEA_PROFITABILITY = 3
} nqpf_dea_econ;

typedef struct nqpf_dea_price_out {
    int *status;      /* of the economic optimum */
    int *tech_status; /* of the technical score */
    double *eff, *tech, *alloc; /* NaN unless both statuses are OK */
    double *optimum, *observed; /* C*, R*, PI*, max ratio; and the row's own value */
    double *opt_x, *opt_y;      /* n*m, n*s: the optimal bundle sum_j lambda_j (x_j, y_j) */
    size_t width, *n_peers, *peer; /* the units of the optimum, width slots per row */
    double *lambda;
} nqpf_dea_price_out;

/* job: data (no bad outputs), periods, frontier, spec.rts, spec.dir (profit);
 * the model and orientation of the technical score follow from kind. */
int nqpf_dea_price_run(const nqpf_dea_job *job, nqpf_dea_econ kind, const double *w, const double *p,
                       nqpf_dea_price_out *out, nqpf_error *err);
void nqpf_dea_price_free(nqpf_dea_price_out *out);

/* ---- returns-to-scale test (dea_rts_test.c) ---------------------------
 * Simar & Wilson (2002): H0 constant returns against variable returns, with
 * the statistic S = sum_i eff_CRS,i / sum_i eff_VRS,i (radial Farrell
 * efficiencies of spec.orient, IN or OUT; S <= 1, small S speaks against
 * H0).  The smoothed bootstrap of dea_boot.h generates pseudo data under H0
 * (from the CRS distances and bandwidth h: h <= 0 the normal-reference
 * rule on the CRS scores), and every replication b scores the original
 * units against the pseudo data twice, CRS and VRS: S*_b.  p = #{S*_b <=
 * S} / B_ok (replications where every LP solved), crit = the alpha
 * quantile (type 7) of the S*_b: reject H0 at alpha when S < crit.
 * Replication b uses stream stream0 + b of seed, so the result is the
 * same for any thread count.  s_boot: NULL or reps values (NaN where a
 * replication failed). */
typedef struct nqpf_dea_rts_test {
    double S, p, crit, h;
    size_t reps_ok;
} nqpf_dea_rts_test;
int nqpf_dea_rts_test_run(const nqpf_dea_spec *spec, const double *x, const double *y, size_t n, size_t reps,
                          uint64_t seed, uint64_t stream0, double h, double alpha, int no_frame,
                          nqpf_dea_rts_test *out, double *s_boot, nqpf_error *err);
/* The data of `nqpf dea`, `nqpf malmquist` and the report's [dea] and
 * [malmquist] sections, read once as columns (coltable.h): x (n x m),
 * y (n x s), b (n x q) and the price columns w (n x mw), p (n x sp; NULL
 * when none are named) unit-major, every cell required and >= 0 (an error
 * at its FILE:LINE:COL otherwise); the unit, period and group columns as
 * keys (period and group NULL when not named).  Nothing else of the file
 * is held.  The panel around the rows: units numbered in order of first
 * appearance (a missing unit is an error), periods ranked as
 * nqpf_table_rank_column ranks them (one period 0 without a period
 * column), (unit, period) unique, groups ranked like periods.  No data
 * rows is an error. */
struct nqpf_coltable;
struct nqpf_column;
typedef struct nqpf_dea_input {
    struct nqpf_coltable *t;
    size_t n;
    double *x, *y, *b, *w, *p;
    double *gx, *gy, *gb; /* the rows' direction columns (ddf, mddf); NULL when not named */
    const struct nqpf_column *unit, *period, *group;
    size_t U, T, G;
    size_t *unit_of, *unit_row;     /* n: unit number of each row; U: the first row of each unit */
    size_t *period_of, *period_row; /* n: period rank of each row; T: the first row of each period */
    size_t *group_of;               /* n: group rank of each row (NULL without a group column) */
    double *categ;                  /* n: the --categorical column's values (NULL when not named) */
    const struct nqpf_column *categ_col;
} nqpf_dea_input;
typedef struct nqpf_dea_names {
    const char *unit, *period, *group;   /* period, group: NULL when not used */
    char **x, **y, **b;
    size_t m, s, q;
    char **w, **p;                       /* price columns (--economic); mw, sp = 0 when none */
    size_t mw, sp;
    char **gx, **gy, **gb;               /* direction columns (ddf, mddf); mg, sg, qg = 0 when none */
    size_t mg, sg, qg;
    const char *categ;                   /* --categorical column, or NULL */
} nqpf_dea_names;
int nqpf_dea_input_read(nqpf_dea_input *in, const char *path, nqpf_encoding enc, const nqpf_dea_names *nm,
                        nqpf_error *err);
/* Text of a key column's row ("" for an empty cell). */
const char *nqpf_dea_input_text(const struct nqpf_column *c, size_t row);
/* Rank the rows of a key column as periods (nqpf_table_rank_column's
 * order): rank[n], first[n_ranks] (optional) the first row of each; an
 * empty cell is NQPF_EMISSING "missing WHAT" at its position. */
int nqpf_dea_input_rank(const nqpf_dea_input *in, const struct nqpf_column *c, const char *what, size_t *rank,
                        size_t *n_ranks, size_t *first, nqpf_error *err);
/* Every unit keeps its group in all its rows (the meta-frontier Malmquist
 * index: a unit's group frontier must be the same in both periods). */
int nqpf_dea_input_groups_fixed(const nqpf_dea_input *in, nqpf_error *err);
void nqpf_dea_input_free(nqpf_dea_input *in);
/* Bytes nqpf_dea_input_read holds for rows rows of numbers numbers (m + s
 * + q and the prices) and keys key columns, for --max-memory (the columns,
 * x/y/b/w/p, line numbers, the key texts when every row has its own, the
 * panel's indexes). */
uint64_t nqpf_dea_input_memory(size_t rows, size_t numbers, size_t keys);
/* A job on the rows of in (src/productivity/dea_input_job.c, shared by
 * `nqpf dea` and the report): the data, periods and the rows' own
 * directions into job (the spec set first: b only when spec.q). */
void nqpf_dea_job_from_input(nqpf_dea_job *job, const nqpf_dea_input *in);
/* Score the rows: with a categorical column against the rows of categories
 * <= their own (nqpf_dea_categ_run), with a group column against their
 * group's frontier and the meta-frontier (nqpf_dea_meta_run on one rank,
 * *mo), else nqpf_dea_run.  path: the data file, for messages. */
int nqpf_dea_input_run(const nqpf_dea_job *job, const nqpf_dea_input *in, const char *path, nqpf_dea_out *out,
                       nqpf_dea_meta *mo, nqpf_error *err);
/* The bootstrap needs every row scored: the first one without a score is
 * NQPF_EMATH at its line. */
int nqpf_dea_input_all_scored(const nqpf_dea_input *in, const nqpf_dea_out *res, const char *path, nqpf_error *err);

#endif
