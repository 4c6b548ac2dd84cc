/* nqpf markov — classic and spatial Markov transition matrices. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/markov.h"
#include "nqpf/markov_csv.h"
#include "nqpf/output.h"
#include "nqpf/reg.h"
#include "nqpf/util.h"
#include "spatial_cli.h"
#include "wide_panel.h"

/* The cut points of --cuts/--lag-cuts (1 to NQPF_MARKOV_MAX_CUTS items, the
 * table checked the count): increasing numbers, K = items + 1 classes. */
static int parse_cuts(const nqpf_optval *v, size_t *k, double *cuts, const char *opt, nqpf_error *err)
{
    for (size_t i = 0; i < v->n_items; i++) {
        const char *it = v->items[i];
        if (nqpf_parse_cell(it, strlen(it), &cuts[i], NULL) != NQPF_CELL_NUMBER || (i > 0 && !(cuts[i] > cuts[i - 1])))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--%s: '%s' is not an increasing number", opt, it);
    }
    *k = v->n_items + 1;
    return NQPF_OK;
}

/* How the values and their spatial lags are classed, from the options. */
typedef struct markov_classing {
    size_t k, k_lag;
    nqpf_classing how, lag_how;
    double cuts[NQPF_MARKOV_MAX_CUTS], lag_cuts[NQPF_MARKOV_MAX_CUTS];
    int lisa, spill;
} markov_classing;

static int classing(const nqpf_optval *o, markov_classing *m, nqpf_error *err)
{
    int rc, spatial = (int)o[NQPF_MARKOV_SPATIAL].i;
    m->k = o[NQPF_MARKOV_CLASSES].z, m->k_lag = o[NQPF_MARKOV_LAG_CLASSES].seen ? o[NQPF_MARKOV_LAG_CLASSES].z : 0;
    /* classing choices period|pooled */
    m->how = o[NQPF_MARKOV_CLASSING].i ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD;
    if (o[NQPF_MARKOV_CUTS].text) {
        size_t kc;
        if ((rc = parse_cuts(&o[NQPF_MARKOV_CUTS], &kc, m->cuts, "cuts", err)))
            return rc;
        if (o[NQPF_MARKOV_CLASSES].seen && kc != m->k)
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--cuts gives %zu classes but --classes says %zu", kc, m->k);
        m->k = kc;
        m->how = NQPF_CLASS_CUTS;
    }
    m->lisa = (int)o[NQPF_MARKOV_LISA].i;
    m->spill = (int)o[NQPF_MARKOV_SPILLOVER].i;
    if (m->spill && (!m->lisa || o[NQPF_MARKOV_PERMUTATIONS].z == 0))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--spillover needs --lisa and --permutations N (the significance of each LISA)");
    if (o[NQPF_MARKOV_PERMUTATIONS].z > 0 && !spatial && !m->spill)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--permutations tests the spatial chain's x2 (--spatial) or the LISAs of --spillover");
    if (m->lisa) {
        /* the four quadrants are the classes: nothing else classes the values */
        static const int other[] = {NQPF_MARKOV_SPATIAL, NQPF_MARKOV_CLASSES, NQPF_MARKOV_CLASSING, NQPF_MARKOV_CUTS,
                                    NQPF_MARKOV_LAG_CLASSES, NQPF_MARKOV_LAG_CLASSING, NQPF_MARKOV_LAG_CUTS};
        for (size_t q = 0; q < sizeof other / sizeof *other; q++)
            if (o[other[q]].seen)
                return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--lisa classes by the four quadrants: drop --%s",
                                 NQPF_MARKOV_OPTS[other[q]].name);
        m->k = 4;
    }
    m->lag_how = m->how;
    if (m->k_lag == 0)
        m->k_lag = m->k;
    if (m->how == NQPF_CLASS_CUTS)
        memcpy(m->lag_cuts, m->cuts, (m->k - 1) * sizeof *m->cuts);
    if (o[NQPF_MARKOV_LAG_CUTS].text) {
        if ((rc = parse_cuts(&o[NQPF_MARKOV_LAG_CUTS], &m->k_lag, m->lag_cuts, "lag-cuts", err)))
            return rc;
        m->lag_how = NQPF_CLASS_CUTS;
    } else if (o[NQPF_MARKOV_LAG_CLASSING].text) {
        m->lag_how = o[NQPF_MARKOV_LAG_CLASSING].i ? NQPF_CLASS_POOLED : NQPF_CLASS_PERIOD;
    } else if (m->how == NQPF_CLASS_CUTS && m->k_lag != m->k) {
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--lag-classes differs from the cuts: give --lag-cuts or --lag-classing");
    }
    return NQPF_OK;
}

/* the options, before the data are read */
static int check(const nqpf_optval *o, nqpf_error *err)
{
    markov_classing m;
    return classing(o, &m, err);
}

static int run(nqpf_cmd_ctx *cx, nqpf_error *err)
{
    const nqpf_optval *o = cx->v;
    const spatial_cli *s = &cx->geo.s;
    const char *data = o[NQPF_MARKOV_DATA].text, *out = o[NQPF_MARKOV_OUT].text;
    int spatial = (int)o[NQPF_MARKOV_SPATIAL].i, fill = (int)o[NQPF_MARKOV_FILL_EMPTY].i;
    int mfpt = (int)o[NQPF_MARKOV_MFPT].i, relative = (int)o[NQPF_MARKOV_RELATIVE].i;
    markov_classing mc;
    int rc = classing(o, &mc, err);
    if (rc)
        return rc;
    size_t k = mc.k, k_lag = mc.k_lag;
    int lisa = mc.lisa, spill = mc.spill;
    nqpf_classing how = mc.how, lag_how = mc.lag_how;
    const double *cuts = mc.cuts, *lag_cuts = mc.lag_cuts;
    wide_panel *wp = &cx->panel;
    double *counts = NULL;
    size_t *cls = NULL;
    unsigned char *halves = NULL; /* --lisa: own_low then lag_low, n x T each */
    nqpf_weights *w = NULL;
    size_t n = wp->n, T = wp->T;
    double *y = wp->y;
    const char **plabel = wp->plabel;
    cls = malloc(n * T * sizeof *cls);
    if (!cls) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if (relative) {
        for (size_t t = 0; t < T; t++) {
            double m = 0;
            size_t c = 0;
            for (size_t s_ = 0; s_ < n; s_++)
                if (!isnan(y[s_ * T + t]))
                    m += y[s_ * T + t], c++;
            m /= (double)c;
            if (!(m != 0) || c == 0) {
                rc = nqpf_fail(err, NQPF_EMATH, data, 0, 0, "--relative: the mean of period '%s' is zero", plabel[t]);
                goto done;
            }
            for (size_t s_ = 0; s_ < n; s_++)
                y[s_ * T + t] /= m;
        }
    }
    counts = malloc(k * k * sizeof *counts);
    if (!counts) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    if (spatial || lisa) {
        if ((rc = spatial_raw_build(&cx->geo.r, s, &cx->geo.d, err)))
            goto done;
        if ((rc = spatial_weights_for(&w, &cx->geo.r, s, wp->units.keys, n, data, NULL, 0, spatial_style(s), err)))
            goto done;
        spatial_warn_islands(w, NULL);
    }
    if (lisa) {
        halves = malloc(2 * n * T);
        if (!halves)
            rc = nqpf_fail_nomem(err);
        else if ((rc = nqpf_lisa_quadrants(w, y, n, T, cls, halves, halves + n * T, err)))
            rc = nqpf_fail(err, rc, data, 0, 0, "--lisa needs a value for every unit in every period");
    } else {
        rc = nqpf_markov_classes(y, n, T, k, how, cuts, cls, err);
    }
    if (rc || (rc = cmd_open_at(cx, out, err)))
        goto done;
    fputs(NQPF_MARKOV_CSV_HEADER, cx->fp);
    if (!lisa && (rc = nqpf_markov_csv_cuts(cx->fp, "cut", y, n, T, k, how, cuts, plabel, err)))
        goto done;
    nqpf_markov_counts(cls, n, T, k, counts);
    if ((rc = nqpf_markov_csv_chain(cx->fp, counts, k, 0, fill, mfpt, err)))
        goto done;
    if (lisa)
        nqpf_markov_csv_lisa(cx->fp, counts, halves, halves + n * T, n, T);
    if (spill && (rc = nqpf_markov_csv_spillover(cx->fp, w, y, cls, n, T, o[NQPF_MARKOV_PERMUTATIONS].z,
                                                 (uint64_t)o[NQPF_MARKOV_SEED].z, wp->units.keys, plabel, err)))
        goto done;
    if (spatial) {
        double *lag = malloc(n * T * sizeof *lag);
        rc = !lag ? nqpf_fail_nomem(err) : nqpf_weights_lag_panel(w, y, n, T, lag, err);
        if (!rc)
            rc = nqpf_markov_csv_cuts(cx->fp, "lag_cut", lag, n, T, k_lag, lag_how, lag_cuts, plabel, err);
        free(lag);
        double *sp = rc ? NULL : malloc(k_lag * k * k * sizeof *sp);
        if (!rc && !sp)
            rc = nqpf_fail_nomem(err);
        if (!rc)
            rc = nqpf_spatial_markov_counts(w, y, cls, n, T, k, k_lag, lag_how, lag_cuts, sp, NULL, err);
        for (size_t l = 0; l < k_lag && !rc; l++)
            rc = nqpf_markov_csv_chain(cx->fp, sp + l * k * k, k, (long)l + 1, fill, mfpt, err);
        if (!rc)
            rc = nqpf_markov_csv_tests(cx->fp, counts, sp, k, k_lag, fill, err);
        size_t perms = o[NQPF_MARKOV_PERMUTATIONS].z;
        double x2, p;
        if (!rc && perms > 0 &&
            !(rc = nqpf_spatial_markov_x2_perm(w, y, cls, n, T, k, k_lag, lag_how, lag_cuts, counts, perms,
                                               (uint64_t)o[NQPF_MARKOV_SEED].z, &x2, &p, err))) {
            nqpf_markov_csv_row(cx->fp, "x2_perm_p", 0, NULL, 0, 0, p, NULL);
            nqpf_markov_csv_row(cx->fp, "x2_permutations", 0, NULL, 0, 0, (double)perms, NULL);
        }
        free(sp);
    }
done:
    nqpf_weights_free(w);
    free(counts), free(cls), free(halves);
    return rc;
}

const nqpf_cmd_spec NQPF_MARKOV_CMD = {
    NQPF_MARKOV_OPTS, NQPF_MARKOV_NOPTS, "markov",
    "--data FILE --unit COL --value COL --period COL [OPTIONS] --out FILE",
    "Discrete Markov chain of units moving between value classes from one period to the\n"
    "next (Quah 1993): transition counts and probabilities, steady state (ergodic\n"
    "distribution), sojourn times 1/(1-p_ii), and with --mfpt the mean first passage\n"
    "times (Kemeny & Snell; diagonal = recurrence time 1/pi_i).  Classes are numbered\n"
    "1..K from low to high: quantiles of each period (default; relative position, as\n"
    "giddy with per-year mapclassify.Quantiles), --classing pooled (quantiles of all\n"
    "values), or --cuts c1,c2,... (K-1 increasing cut points; a value equal to a cut\n"
    "belongs to the lower class).  Quantiles interpolate linearly (numpy percentile).\n"
    "--spatial conditions each transition on the class of the unit's spatial lag in the\n"
    "origin period (Rey 2001; giddy Spatial_Markov), with the weights options below, and\n"
    "adds the tests of spatial homogeneity: chi2 of each lag class against the pooled\n"
    "matrix, their sum x2, the steady-state test steady_chi2, and Bickenbach & Bode's\n"
    "q and lr (each with _p and _dof; homogeneity_dof for q and lr); --permutations N adds\n"
    "x2's random-permutation p-value x2_perm_p (giddy x2_rpvalue: the units' series are\n"
    "relocated at random, the lag classes recomputed, p = (#{x2* >= x2} + 1)/(N + 1)).\n"
    "--lisa (LISA Markov, Rey, Murray & Anselin 2011; giddy LISA_Markov) classes each\n"
    "unit by its Moran scatter-plot quadrant per period, 1=HH 2=LH 3=LL 4=HL, and adds the\n"
    "transitions expected if own and neighbours' moves were independent (expected) with\n"
    "the chi2 of the observed ones against them (chi2, chi2_p, chi2_dof).\n"
    "--lisa --spillover --permutations N (giddy LISA_Markov.spillover) adds each unit's\n"
    "LISA permutation p per period (lisa_p_sim), the clusters of HH cores significant at\n"
    "0.05 with their neighbours (cluster: 1.., 0 = none) and the spill-over units that\n"
    "joined an existing cluster (spillover: 1 in the period they joined, else 0).\n"
    "Periods are ordered numerically when all are numbers, else as text; a missing value\n"
    "drops the transitions that involve it.\n\n"
    "Output columns: table,lag_class,period,from,to,value,note with table one of\n"
    "count, probability, state_class, steady_state, sojourn, mfpt, cut, lag_cut; lag_class\n"
    "is empty for the classic chain; period is set for per-period cut points.  A chain\n"
    "that is not irreducible lists each state's communicating class (state_class: value =\n"
    "class, note = closed or transient) and one steady state per closed class (to = that\n"
    "class when there are several); passage times never sure to end are written inf.  A\n"
    "chain with an empty row (without --fill-empty) gives steady_state and mfpt rows with\n"
    "an empty value and the reason in note.\n\n",
    "  nqpf markov --data data/china_provinces_tech_wide.csv --unit gb_code --period year --value v4_zh_nbzc_hj \\\n"
    "      --classes 4 --out m.csv\n"
    "  nqpf markov --data data/china_provinces_tech_wide.csv --unit gb_code --period year --value v4_zh_nbzc_hj \\\n"
    "      --relative --cuts 0.8,0.9,1,1.2 --spatial --geojson data/china_provinces.geojson --subset-weights \\\n"
    "      --link-islands --permutations 99 --out sm.csv\n"
    "  nqpf markov --data data/china_provinces_tech_wide.csv --unit gb_code --period year --value v4_zh_nbzc_hj \\\n"
    "      --lisa --geojson data/china_provinces.geojson --subset-weights --link-islands --out lm.csv\n"
    "  nqpf markov --data data/china_provinces_tech_wide.csv --unit gb_code --period year --value v4_zh_nbzc_hj \\\n"
    "      --lisa --spillover --permutations 99 --geojson data/china_provinces.geojson --subset-weights \\\n"
    "      --link-islands --out lms.csv\n",
    NQPF_INPUT_PANEL, 0, NULL, check, run, NULL, NULL, NULL, 0,
};
