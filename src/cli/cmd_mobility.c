/* nqpf mobility — rank mobility between consecutive periods: Kendall's tau,
 * the spatial tau of neighbouring pairs, Theta within regimes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/mobility.h"
#include "spatial_cli.h"
#include "wide_panel.h"

/* regime index of each unit (constant over its rows); *n_reg distinct labels */
static int read_regimes(const spatial_data *d, const wide_panel *p, const char *col, const char *data,
                        size_t *regime, size_t *n_reg, nqpf_error *err)
{
    nqpf_coltable *ct = NULL;
    char *name = (char *)col;
    const nqpf_column *c = NULL;
    int rc = spatial_data_keys(d, &name, 1, &c, &ct, err);
    nqpf_strmap labels = {0};
    for (size_t s = 0; s < p->n; s++)
        regime[s] = (size_t)-1;
    for (size_t i = 0; i < d->n_rows && !rc; i++) {
        const char *u = spatial_unit(d, i), *g = c->code[i] < 0 ? "" : c->levels[c->code[i]];
        size_t s = (size_t)nqpf_strmap_find(&p->units, u, strlen(u));
        long r = nqpf_strmap_intern(&labels, g, strlen(g), NULL);
        if (r < 0)
            rc = nqpf_fail_nomem(err);
        else if (regime[s] != (size_t)-1 && regime[s] != (size_t)r)
            rc = nqpf_fail(err, NQPF_EINPUT, data, d->line[i], c->file_col,
                           "unit '%s' changes regime ('%s'): --regime must be fixed per unit", u, g);
        else
            regime[s] = (size_t)r;
    }
    *n_reg = labels.n;
    nqpf_strmap_free(&labels);
    nqpf_coltable_free(ct);
    return rc;
}

static int run(nqpf_cmd_ctx *cx, nqpf_error *err)
{
    const nqpf_optval *o = cx->v;
    const spatial_cli *s = &cx->geo.s;
    const wide_panel *p = &cx->panel;
    const char *data = o[NQPF_MOBILITY_DATA].text, *regcol = o[NQPF_MOBILITY_REGIME].text;
    size_t perms = o[NQPF_MOBILITY_PERMUTATIONS].z;
    uint64_t seed = o[NQPF_MOBILITY_SEED].z;
    nqpf_weights *w = NULL;
    size_t *regime = NULL, n_reg = 0;
    int rc = NQPF_OK;
    /* ranks compare every unit in both periods: a balanced panel */
    for (size_t q = 0; q < p->n * p->T && !rc; q++)
        if (isnan(p->y[q]))
            rc = nqpf_fail(err, NQPF_EINPUT, data, 0, 0, "unit '%s' has no value in period '%s': mobility needs a "
                           "balanced panel", p->units.keys[q / p->T], p->plabel[q % p->T]);
    if (!rc && regcol) {
        regime = malloc(p->n * sizeof *regime);
        rc = regime ? read_regimes(&cx->geo.d, p, regcol, data, regime, &n_reg, err) : nqpf_fail_nomem(err);
    }
    /* the spatial tau needs neighbours: any weights option given */
    if (!rc && (s->geojson || s->weights || s->coords)) {
        if (!(rc = spatial_raw_build(&cx->geo.r, s, &cx->geo.d, err)))
            rc = spatial_weights_for(&w, &cx->geo.r, s, p->units.keys, p->n, data, NULL, 0, 'B', err);
    }
    if (!rc && !(rc = cmd_open_out(cx, &NQPF_MOBILITY_CMD, err))) {
        fputs(NQPF_MOBILITY_CSV_HEADER, cx->fp);
        rc = nqpf_mobility_csv(cx->fp, p->y, p->n, p->T, p->plabel, w, regime, n_reg, perms, seed, err);
    }
    free(regime);
    nqpf_weights_free(w);
    return rc;
}

const nqpf_cmd_spec NQPF_MOBILITY_CMD = {
    NQPF_MOBILITY_OPTS, NQPF_MOBILITY_NOPTS, NULL,
    "--data FILE --unit COL --value COL --period COL [OPTIONS] --out FILE",
    "Rank mobility of units between consecutive periods (PySAL giddy rank).  tau:\n"
    "Kendall's rank correlation of the two periods (tau-b with ties) and its asymptotic\n"
    "two-sided p (no-ties variance, as giddy).  With weights (any weights option below):\n"
    "the spatial tau of Rey (2014), Kendall's tau over the pairs of neighbouring units\n"
    "only, with their count and concordant/discordant pairs, and with --permutations the\n"
    "mean spatial tau over random relabellings of the units (the same in both periods)\n"
    "and the folded pseudo p.  With --regime: Theta (Rey 2004), the share of the absolute\n"
    "rank changes that the regimes' net changes keep (1: every unit of a regime moves the\n"
    "same way), the total of absolute rank changes, and with --permutations the left and\n"
    "right pseudo p from regime labels permuted across units.  The panel must be balanced.\n\n"
    "Output columns: statistic,from,to,value (from/to: the two periods).\n\n",
    "  nqpf mobility --data data/china_provinces_tech_wide.csv --unit gb_code --period year \\\n"
    "      --value v4_zh_nbzc_hj --regime region4 --permutations 99 --out mob.csv\n"
    "  nqpf mobility --data data/china_provinces_tech_wide.csv --unit gb_code --period year \\\n"
    "      --value v4_zh_nbzc_hj --geojson data/china_provinces.geojson --subset-weights --out mob_sp.csv\n",
    NQPF_INPUT_PANEL, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
