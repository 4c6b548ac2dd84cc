/* nqpf spreg — spatial regression (SAR, SEM, SDM, SDEM, SLX) with fixed
 * effects, effects and tests.  Thin: options -> spreg_opts -> library. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/output.h"
#include "nqpf/spreg.h"
#include "nqpf/util.h"
#include "spatial_cli.h"

/* W for the panel's units, with the line of each unit's first row */
static int panel_weights(nqpf_weights **w, const spatial_raw *r, const spatial_cli *s, const spatial_data *d,
                         const nqpf_spreg_panel *pn, const char *path, nqpf_error *err)
{
    /* the panel's units are the data's in order of first appearance */
    char **ids = NULL;
    long *lines = NULL;
    size_t n;
    int rc = spatial_data_units(d, &ids, &lines, &n, err);
    if (rc)
        return rc;
    char style = spatial_style(s);
    if ((rc = spatial_weights_for(w, r, s, pn->unit, pn->n, path, lines, 0, style, err)))
        goto out;
    if (nqpf_weights_islands(*w) && style == 'W') {
        for (size_t i = 0; i < pn->n; i++)
            if (nqpf_weights_card(*w, i) == 0) {
                rc = nqpf_fail(err, NQPF_EINPUT, path, lines[i], 0,
                               "unit '%s' has no neighbours, so its row of the row-standardised W is zero and W is "
                               "not row-stochastic; use --link-islands, drop the unit, or --style B",
                               pn->unit[i]);
                break;
            }
        nqpf_weights_free(*w);
        *w = NULL;
    } else {
        spatial_warn_islands(*w, NULL);
    }
out:
    free(ids), free(lines);
    return rc;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    spatial_cli sc;
    spatial_cli_from(&sc, v + NQPF_SPREG_SP, (int)v[NQPF_SPREG_FORCE].i);
    const spatial_cli *s = &sc;
    struct {
        const char *data, *unit, *period, *y, *model, *fe, *diagnostics, *out, *logdet, *unit_effects;
        int effects;
        size_t draws, seed;
    } oo = {v[NQPF_SPREG_DATA].text, v[NQPF_SPREG_UNIT].text, v[NQPF_SPREG_PERIOD].text, v[NQPF_SPREG_Y].text,
            v[NQPF_SPREG_MODEL].text, v[NQPF_SPREG_FE].text, v[NQPF_SPREG_DIAGNOSTICS].text, v[NQPF_SPREG_OUT].text,
            v[NQPF_SPREG_LOGDET].text, v[NQPF_SPREG_UNIT_EFFECTS].text, (int)v[NQPF_SPREG_EFFECTS].i,
            v[NQPF_SPREG_DRAWS].z, v[NQPF_SPREG_SEED].z},
      *o = &oo;
    nqpf_spreg_spec spec = {0};
    int rc;
    if ((rc = nqpf_spreg_model_parse(o->model, &spec.model, err)) || (rc = nqpf_spreg_fe_parse(o->fe, &spec.fe, err)))
        return rc;
    spec.lee_yu = (int)v[NQPF_SPREG_LEE_YU].i;
    if (!o->period && spec.fe != NQPF_FE_NONE)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--fe %s needs --period (a panel)", o->fe);
    char *const *xn = v[NQPF_SPREG_X].items;
    int k = (int)v[NQPF_SPREG_X].n_items;
    spatial_data d = {0};
    spatial_raw r = {0};
    nqpf_spreg_panel *pn = NULL;
    nqpf_weights *w = NULL;
    nqpf_spreg_eig eig = {0};
    nqpf_spreg_fit *fit = NULL;
    nqpf_outfile fo = {0}, fd = {0}, fu = {0};
    double *x = NULL, *eff = NULL, *ueff = NULL;
    char **uid = NULL, **pid = NULL;
    if ((rc = spatial_data_read(&d, o->data, o->unit, o->y, o->period, 0, err)))
        return rc;
    size_t nr = d.t->n_rows;
    x = nqpf_alloc(nr * (size_t)k, sizeof *x);
    uid = nqpf_alloc(nr, sizeof *uid);
    pid = nqpf_alloc(nr, sizeof *pid);
    if (!x || !uid || !pid) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    for (int j = 0; j < k; j++)
        if ((rc = nqpf_table_column(d.t, xn[j], x + (size_t)j * nr, 0, err)))
            goto done;
    long pc = o->period ? nqpf_table_col(d.t, o->period) : -1;
    for (size_t i = 0; i < nr; i++) {
        uid[i] = (char *)nqpf_table_get(d.t, i, d.ucol);
        pid[i] = pc >= 0 ? (char *)nqpf_table_get(d.t, i, (size_t)pc) : NULL;
    }
    if ((rc = nqpf_spreg_panel_build(&pn, nr, uid, o->period ? pid : NULL, d.value, x, (size_t)k, xn, o->data,
                                     d.t->line, err)))
        goto done;
    if ((rc = spatial_raw_build(&r, s, &d, err)) || (rc = panel_weights(&w, &r, s, &d, pn, o->data, err)))
        goto done;
    if (spec.model != NQPF_SPREG_SLX || o->diagnostics || o->effects)
        if ((rc = nqpf_spreg_eig_prepare(&eig, w, o->logdet, err)))
            goto done;
    if (eig.approx)
        nqpf_cli_warn("%zu units: ln|I - rho W| and the traces are approximated (series of %zu terms, %zu "
                      "Hutchinson probes; rho in (%.6g, %.6g)); --logdet exact for the exact eigenvalues",
                      eig.n, eig.m, eig.probes, eig.lo, eig.hi);
    if ((rc = nqpf_spreg_fit_model(&fit, pn, w, &eig, &spec, err)))
        goto done;
    if (o->effects) {
        eff = nqpf_alloc(12 * (size_t)k, sizeof *eff);
        if (!eff) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        if ((rc = nqpf_spreg_effects(fit, w, &eig, o->draws, o->seed, eff, eff + 3 * k, eff + 6 * k, eff + 9 * k,
                                     err)))
            goto done;
    }
    if (o->unit_effects) {
        ueff = nqpf_alloc(pn->n * (size_t)k * 3, sizeof *ueff);
        if (!ueff) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        if ((rc = nqpf_spreg_unit_effects(fit, w, ueff, err)))
            goto done;
    }
    nqpf_spreg_diag dg;
    if (o->diagnostics && (rc = nqpf_spreg_diagnostics(pn, w, &eig, spec.fe, spec.lee_yu, &dg, err)))
        goto done;
    if ((rc = nqpf_outfile_open(&fo, o->out, cmd_out_flags(c, s->force), err)))
        goto done;
    nqpf_spreg_write_fit(fo.fp, fit, pn->xname, eff, eff ? eff + 3 * k : NULL, eff ? eff + 6 * k : NULL,
                         eff ? eff + 9 * k : NULL, 1);
    if (o->diagnostics) {
        if ((rc = nqpf_outfile_open(&fd, o->diagnostics, cmd_out_flags(c, s->force), err)))
            goto done;
        nqpf_spreg_write_diag(fd.fp, &dg);
        if ((rc = nqpf_outfile_commit(&fd, err)))
            goto done;
    }
    if (o->unit_effects) {
        if ((rc = nqpf_outfile_open(&fu, o->unit_effects, cmd_out_flags(c, s->force), err)))
            goto done;
        nqpf_spreg_write_unit_effects(fu.fp, fit, pn->n, pn->unit, pn->xname, ueff);
        if ((rc = nqpf_outfile_commit(&fu, err)))
            goto done;
    }
    rc = nqpf_outfile_commit(&fo, err);
done:
    if (rc)
        nqpf_outfile_abort(&fo), nqpf_outfile_abort(&fd), nqpf_outfile_abort(&fu);
    free(x), free(eff), free(ueff), free(uid), free(pid);
    nqpf_spreg_fit_free(fit);
    nqpf_spreg_eig_free(&eig);
    nqpf_weights_free(w);
    nqpf_spreg_panel_free(pn);
    spatial_raw_free(&r);
    spatial_data_free(&d);
    return rc;
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
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL,
};
