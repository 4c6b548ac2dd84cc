/* nqpf moran — global spatial autocorrelation per period. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/dist.h"
#include "nqpf/output.h"
#include "spatial_cli.h"

static void init_nan(nqpf_global_result *r)
{
    double nan = NAN;
    *r = (nqpf_global_result){nan, nan, nan, nan, nan, nan, nan, nan, 0, nan, nan, nan, nan, nan, 0};
}

static void put_row(FILE *fp, const char *period, const char *stat, size_t n, const char *what, char style,
                    const nqpf_global_result *r, nqpf_alternative alt, const char *note)
{
    nqpf_csv_put_field(fp, period);
    fprintf(fp, ",%s,%zu,", stat, n);
    nqpf_csv_put_field(fp, what);
    fprintf(fp, ",%c", style);
    double v[] = {r->value, r->expected, r->var_norm, r->z_norm, r->p_norm, r->var_rand, r->z_rand, r->p_rand};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        fputc(',', fp);
        nqpf_csv_put_num(fp, v[k]);
    }
    fprintf(fp, ",%zu", r->permutations);
    double q[] = {r->perm_mean, r->perm_sd, r->perm_z, r->perm_p, r->perm_p_folded};
    for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
        fputc(',', fp);
        nqpf_csv_put_num(fp, r->permutations ? q[k] : NAN);
    }
    fprintf(fp, ",%s,", spatial_alternative_name(alt));
    nqpf_csv_put_field(fp, note ? note : "");
    fputc('\n', fp);
}

/* join counts BB, BW, WW of one period; a degenerate case is a row with
 * the reason, a value that is not 0/1 an error */
static int jc_rows(FILE *fp, const char *period, const nqpf_weights *w, const double *x, size_t n, const char *what,
                   char style, const nqpf_global_opts *go, nqpf_error *err)
{
    static const char *const names[3] = {"join_count_BB", "join_count_BW", "join_count_WW"};
    nqpf_global_result res[3];
    nqpf_error e2;
    nqpf_error_clear(&e2);
    int src = nqpf_join_counts(w, x, go, res, &e2);
    if (src && src != NQPF_EMATH) {
        *err = e2;
        return src;
    }
    for (int k = 0; k < 3; k++)
        put_row(fp, period, names[k], n, what, style, &res[k], go->alternative, src ? e2.msg : NULL);
    return NQPF_OK;
}

/* --stat: moran, geary, g, bv, jc in this order; --value2 implies bv */
static void wanted(const nqpf_optval *v, int want[5])
{
    static const char *const stats[5] = {"moran", "geary", "g", "bv", "jc"};
    for (int q = 0; q < 5; q++)
        want[q] = 0;
    for (size_t k = 0; k < v[NQPF_MORAN_STAT].n_items; k++)
        for (int q = 0; q < 5; q++)
            want[q] |= strcmp(v[NQPF_MORAN_STAT].items[k], stats[q]) == 0;
    if (v[NQPF_MORAN_VALUE2].text)
        want[3] = 1;
}

static int check(const nqpf_optval *v, nqpf_error *err)
{
    int want[5];
    wanted(v, want);
    if (want[4] && (v[NQPF_MORAN_VALUE2].text || v[NQPF_MORAN_RATE_BASE].text))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--stat jc counts joins of --value itself: drop --value2/--rate-base");
    if (want[3] && !v[NQPF_MORAN_VALUE2].text)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--stat bv needs --value2 COL");
    if (v[NQPF_MORAN_VALUE2].text && v[NQPF_MORAN_RATE_BASE].text)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--value2 and --rate-base do not go together");
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    const spatial_input *in = &c->geo;
    const spatial_data *d = &in->d;
    const char *data = v[NQPF_MORAN_DATA].text, *out = v[NQPF_MORAN_OUT].text;
    const char *value2 = v[NQPF_MORAN_VALUE2].text, *rate_base = v[NQPF_MORAN_RATE_BASE].text;
    const char *g_style = v[NQPF_MORAN_G_STYLE].text;
    nqpf_dist world = nqpf_dist_world(); /* under mpirun: permutations split over ranks */
    nqpf_global_opts go = {spatial_alternative(v[NQPF_MORAN_ALTERNATIVE].i), !v[NQPF_MORAN_NO_ADJUST_N].i,
                           v[NQPF_MORAN_PERMUTATIONS].z, v[NQPF_MORAN_SEED].z, &world};
    int want[5];
    wanted(v, want);
    spatial_rows rows;
    int rc = spatial_rows_new(&rows, &c->geo, value2 ? value2 : rate_base, err);
    if (rc)
        return rc;
    /* rank 0 writes the file; the others' standard output is /dev/null */
    if ((rc = cmd_open_at(c, world.rank == 0 ? out : "-", err)))
        goto done;
    fputs("period,statistic,n,weights,style,value,expected,variance_normality,z_normality,p_normality,"
          "variance_randomisation,z_randomisation,p_randomisation,permutations,perm_mean,perm_sd,perm_z,"
          "perm_p,perm_p_folded,alternative,note\n",
          c->fp);
    char style = spatial_style(&in->s);
    for (size_t g = 0; g < d->n_groups && !rc; g++) {
        size_t n;
        nqpf_weights *w = NULL;
        if ((rc = spatial_period(in, g, 0, style, &rows, &n, &w, err)))
            break;
        double *x = rows.x, *x2 = rows.x2;
        spatial_cli sp = in->s; /* getis_ord_G's weights: the same units, its own style */
        sp.subset = in->s.subset || n < d->goff[g + 1] - d->goff[g];
        const char *rate_note = NULL;
        if (rate_base) {
            /* the statistics below see the EB-standardised rates */
            nqpf_error e2;
            if (nqpf_eb_standardize(x, x2, n, x, &e2))
                rate_note = "EB rates need events >= 0 and a positive base";
        }
        if (g == 0)
            spatial_warn_islands(w, d->group[g][0] ? d->group[g] : NULL);
        for (int st = 0; st < 4 && !rc; st++) {
            if (!want[st])
                continue;
            nqpf_global_result res;
            nqpf_error e2;
            nqpf_error_clear(&e2);
            int src;
            char sty = style;
            if (rate_note) {
                init_nan(&res);
                src = nqpf_fail(&e2, NQPF_EMATH, NULL, 0, 0, "%s", rate_note);
            } else if (st == 3) {
                src = nqpf_moran_bv(w, x, x2, &go, &res, &e2);
            } else if (st == 0) {
                src = nqpf_moran(w, x, &go, &res, &e2);
            } else if (st == 1) {
                src = nqpf_geary(w, x, &go, &res, &e2);
            } else {
                nqpf_weights *wg = NULL;
                sty = g_style[0];
                src = spatial_weights_for(&wg, &in->r, &sp, rows.ids, n, data, rows.lines, 0, sty, &e2);
                if (!src)
                    src = nqpf_getis_g(wg, x, &go, &res, &e2);
                nqpf_weights_free(wg);
            }
            static const char *const names[4] = {"moran_I", "geary_C", "getis_ord_G", "moran_I_bivariate"};
            static const char *const rnames[4] = {"moran_I_eb_rate", "geary_C_eb_rate", "getis_ord_G_eb_rate", ""};
            if (src == NQPF_EMATH) {
                put_row(c->fp, d->group[g], rate_base ? rnames[st] : names[st], n, in->r.what, sty, &res, go.alternative,
                        e2.msg);
            } else if (src) {
                *err = e2;
                rc = src;
            } else {
                put_row(c->fp, d->group[g], rate_base ? rnames[st] : names[st], res.n_used, in->r.what, sty, &res,
                        go.alternative, NULL);
            }
        }
        if (want[4] && !rc)
            rc = jc_rows(c->fp, d->group[g], w, x, n, in->r.what, style, &go, err);
        nqpf_weights_free(w);
    }
done:
    spatial_rows_free(&rows);
    return rc;
}

const nqpf_cmd_spec NQPF_MORAN_CMD = {
    NQPF_MORAN_OPTS, NQPF_MORAN_NOPTS, "moran",
    "--data FILE --unit COL --value COL [--period COL] WEIGHTS [OPTIONS] --out FILE",
    "Global spatial autocorrelation of --value, per period: Moran's I, Geary's C and the\n"
    "Getis-Ord general G, each with its expectation, variance, z and p under normality and\n"
    "(I, C) randomisation (Cliff & Ord 1981, as spdep moran.test / geary.test /\n"
    "globalG.test), and a seeded permutation test (as spdep moran.mc).  Geary's z is\n"
    "(E - C)/sd, so z > 0 means positive autocorrelation for all three.  G uses its own\n"
    "weights style (--g-style, default B: binary, as esda and Getis & Ord 1992).\n"
    "Units without neighbours keep a zero lag; n in the moments is reduced by their number\n"
    "(spdep adjust.n=TRUE; --no-adjust-n for esda's convention).\n\n"
    "Output columns: period,statistic,n,weights,style,value,expected,variance_normality,\n"
    "z_normality,p_normality,variance_randomisation,z_randomisation,p_randomisation,\n"
    "permutations,perm_mean,perm_sd,perm_z,perm_p,perm_p_folded,alternative,note\n"
    "(a degenerate case, e.g. constant values, gives empty numbers and the reason in note).\n"
    "--value2 COL adds the bivariate Moran's I of --value with the lag of COL (esda Moran_BV,\n"
    "z-scores with population sd, permutations of COL; no analytical moments).  --rate-base\n"
    "COL analyses the Assuncao-Reis EB-standardised rates --value/COL (esda Moran_Rate);\n"
    "statistic names then end in _eb_rate.  --stat jc: join counts of a 0/1 --value\n"
    "(join_count_BB, _BW, _WW: 1/2 sum w_ij over pairs of the colours; with --style B the\n"
    "numbers of joins), expectation and variance under non-free sampling in the\n"
    "randomisation columns (spdep joincount.test, joincount.multi), permutations as esda\n"
    "Join_Counts.\n\n"
    "WEIGHTS: --geojson FILE [--contiguity queen|rook] | --knn K | --distance-band D\n"
    "         | --inverse-distance P | --weights FILE (see `nqpf weights --help`)\n\n",
    "  nqpf moran --data data/china_provinces_tech_wide.csv --unit gb_code --value v4_zh_nbzc_hj \\\n"
    "      --period year --geojson data/china_provinces.geojson --subset-weights --out moran.csv\n"
    "  nqpf moran --data tests/ref/cases/compare/moran_geary_columbus_spdep/data.csv --unit idx --value CRIME \\\n"
    "      --weights tests/ref/cases/compare/moran_geary_columbus_spdep/edges_COLnb_contiguity.csv \\\n"
    "      --permutations 9999 --seed 1 --out -\n",
    NQPF_INPUT_SPATIAL, 0, NULL, check, run, NULL, NULL, NULL, 0,
};
