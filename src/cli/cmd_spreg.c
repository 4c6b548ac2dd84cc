/* nqpf spreg — spatial regression (SAR, SEM, SDM, SDEM, SLX) with fixed
 * effects, effects and tests.  Thin: options -> request (the table the
 * report's [spreg] reads too) -> nqpf_spreg_run, W from the weights block. */
#include "commands.h"
#include "nqpf/spreg_opts.h"
#include "spatial_cli.h"

/* W of the options' weights block for the panel's units (nqpf_spreg_wfn):
 * islands under style W are the library's error, else they are warned of.
 * ctx: the spreg_w of run. */
typedef struct spreg_w {
    spatial_cli s;
    spatial_more more;      /* --coords X,Y, read by the job with its columns */
} spreg_w;

static int panel_weights(void *ctx, const nqpf_coltable *t, char *const *ids, size_t n, const long *lines,
                         char style, nqpf_weights **w, nqpf_error *err)
{
    const spreg_w *c = ctx;
    spatial_data d;
    spatial_raw r = {0};
    int rc = spatial_data_of_coltable(&d, t, &c->more, err);
    if (rc)
        return rc;
    rc = spatial_raw_build(&r, &c->s, &d, err);
    if (!rc)
        rc = spatial_weights_for(w, &r, &c->s, ids, n, t->path, lines, 0, style, err);
    if (!rc && !(style == 'W' && nqpf_weights_islands(*w)))
        spatial_warn_islands(*w, NULL);
    spatial_raw_free(&r);
    spatial_data_free(&d);
    return rc;
}

static void warn(void *ctx, const char *msg)
{
    (void)ctx;
    nqpf_cli_warn("%s", msg);
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    spreg_w sw;
    spatial_cli_from(&sw.s, c->v + NQPF_SPREG_SP, (int)c->v[NQPF_SPREG_FORCE].i);
    nqpf_spreg_request rq;
    int rc = nqpf_spreg_request_from(c->v, &rq, err);
    if (rc)
        return rc;
    char buf[256], *xy[3];
    rq.style = spatial_style(&sw.s);
    rq.out_flags = cmd_out_flags(c, sw.s.force);
    rq.wfn = panel_weights, rq.wctx = &sw;
    sw.more = spatial_coords_more(sw.s.coords, buf, sizeof buf, xy);
    rq.wcols = sw.more.n ? xy : NULL, rq.n_wcols = sw.more.n;
    return nqpf_spreg_run(&rq, warn, NULL, err);
}

const nqpf_cmd_spec NQPF_SPREG_CMD = {
    NQPF_SPREG_OPTS, NQPF_SPREG_NOPTS, NULL,
    "--data FILE --unit COL [--period COL] --y COL --x A,B --model sar|sem|sdm|sdem|slx|sac\n"
    "                  [--fe none|unit|period|both] [--lee-yu] WEIGHTS [--effects] [--draws N --seed S]\n"
    "                  [--logdet auto|exact|approx] [--diagnostics FILE] --out FILE",
    "Spatial regression by concentrated maximum likelihood (Elhorst 2014; LeSage & Pace 2009):\n"
    "  sar  y = rho W y + X b + e          sem  y = X b + u, u = lambda W u + e\n"
    "  sdm  y = rho W y + X b + W X t + e  sdem y = X b + W X t + u, u = lambda W u + e\n"
    "  slx  y = X b + W X t + e (OLS)       sac  y = rho W y + X b + u, u = lambda W u + e\n"
    "on a cross-section or a balanced panel (--period), fixed effects removed by demeaning\n"
    "(--fe), ln|I - rho W| exact from W's eigenvalues (a trace series above 1500 units, see\n"
    "--logdet), covariance from the analytic information matrix (SAC: numerical Hessian).\n"
    "W is matched to --unit by id (never by row order).  --lee-yu: Lee & Yu (2010)\n"
    "bias-corrected (transformation approach) estimates; default: the direct approach.\n\n"
    "Output (--out): model,term,estimate,se,z,p with the coefficients (W*X for the lags), rho or\n"
    "lambda, sigma2, then log_likelihood, aic, bic, pseudo_r2, n_obs; with --effects the\n"
    "direct:X, indirect:X, total:X effects (SAR/SDM/SAC: standard errors from --draws simulated\n"
    "parameter vectors, default 1000, --seed default 12345).  --diagnostics FILE: LM-lag,\n"
    "LM-error, robust LM, Wald and LR tests of SDM against SAR and SEM (test,statistic,df,p,note).\n\n"
    "WEIGHTS: --geojson FILE [--contiguity queen|rook] | --knn K | --distance-band D\n"
    "         | --inverse-distance P | --weights FILE (see `nqpf weights --help`)\n\n",
    "  nqpf spreg --data tests/ref/cases/compare/moran_geary_columbus_spdep/data.csv --unit idx --y CRIME \\\n"
    "      --x INC,HOVAL --model sar --weights tests/ref/cases/compare/moran_geary_columbus_spdep/edges_COLnb_contiguity.csv \\\n"
    "      --effects --diagnostics tests.csv --out sar.csv\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
