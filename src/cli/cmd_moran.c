/* nqpf moran — global spatial autocorrelation per period. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "commands.h"
#include "nqpf/dist.h"
#include "nqpf/output.h"
#include "spatial_cli.h"

static void help(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf moran --data FILE --unit COL --value COL [--period COL] WEIGHTS [OPTIONS] --out FILE\n\n"
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
           "statistic names then end in _eb_rate.\n\n"
           "WEIGHTS: --geojson FILE [--contiguity queen|rook] | --knn K | --distance-band D\n"
           "         | --inverse-distance P | --weights FILE (see `nqpf weights --help`)\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf moran --data wide.csv --unit gb_code --value v4_zh_nbzc_hj --period year \\\n"
           "      --geojson china_provinces.geojson --subset-weights --out moran.csv\n"
           "  nqpf moran --data col.csv --unit id --value CRIME --weights nb.csv --permutations 9999 --seed 1 --out -\n");
}

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

int nqpf_cmd_moran(int argc, char **argv)
{
    spatial_cli s;
    spatial_cli_init(&s);
    const char *missing_s = NULL;
    int drop = 0;
    const char *data = NULL, *unit = NULL, *value = NULL, *period = NULL, *out = NULL;
    const char *alt_s = NULL, *stats = "moran,geary,g", *g_style = "B", *value2 = NULL, *rate_base = NULL;
    size_t perms = 0, seed = 12345, threads = 0;
    int no_adjust = 0;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "long CSV: one row per unit (and period)", 0},
        {"unit", OPT_STR, &unit, "COL", "unit id column (matched to the weights' ids)", 0},
        {"value", OPT_STR, &value, "COL", "numeric column to analyse", 0},
        {"period", OPT_STR, &period, "COL", "run once per value of this column", 0},
        {"missing", OPT_STR, &missing_s, "error|drop", "a missing value: error with its position (default) or drop the unit from that period", 0},
        {"out", OPT_STR, &out, "FILE", "output CSV (\"-\" = standard output)", 0},
        {"stat", OPT_STR, &stats, "LIST", "statistics: moran,geary,g (default all three), bv", 0},
        {"value2", OPT_STR, &value2, "COL", "bivariate Moran of --value with the lag of COL (adds statistic bv)", 0},
        {"rate-base", OPT_STR, &rate_base, "COL", "analyse EB-standardised rates --value / COL (Assuncao-Reis)", 0},
        {"permutations", OPT_SIZE, &perms, "N", "permutation test with N random permutations (0 = none)", 0},
        {"seed", OPT_SIZE, &seed, "S", "random seed (default 12345); same output for any thread count", 0},
        {"threads", OPT_SIZE, &threads, "N", "OpenMP threads (default: OMP_NUM_THREADS)", 0},
        {"alternative", OPT_STR, &alt_s, "H", "greater (default, spdep), less or two-sided", 0},
        {"no-adjust-n", OPT_FLAG, &no_adjust, NULL, "do not subtract units without neighbours from n", 0},
        {"g-style", OPT_STR, &g_style, "W|B|C|U|S", "weights style for Getis-Ord G (default B)", 0},
        SPATIAL_OPTS(s),
    };
    size_t n_opts = sizeof opts / sizeof opts[0], n_pos;
    int want_help;
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, NULL, 0, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    nqpf_dist world = nqpf_dist_world(); /* under mpirun: permutations split over ranks */
    nqpf_global_opts go = {NQPF_ALT_GREATER, !no_adjust, perms, seed, &world};
    if (!data || !unit || !value || !out) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data, --unit, --value and --out are required");
        return nqpf_cli_error(&err);
    }
    if (spatial_alternative(alt_s, &go.alternative, &err))
        return nqpf_cli_error(&err);
    int want[4] = {0, 0, 0, 0};
    {
        char buf[128], *items[4];
        snprintf(buf, sizeof buf, "%s", stats);
        int k = nqpf_split_list(buf, items, 4);
        for (int i = 0; i < k; i++) {
            if (strcmp(items[i], "moran") == 0)
                want[0] = 1;
            else if (strcmp(items[i], "geary") == 0)
                want[1] = 1;
            else if (strcmp(items[i], "g") == 0 || strcmp(items[i], "G") == 0)
                want[2] = 1;
            else if (strcmp(items[i], "bv") == 0)
                want[3] = 1;
            else
                k = -1;
        }
        if (k <= 0) {
            nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--stat expects a list of moran, geary, g, bv");
            return nqpf_cli_error(&err);
        }
        if (value2)
            want[3] = 1;
        if (want[3] && !value2) {
            nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--stat bv needs --value2 COL");
            return nqpf_cli_error(&err);
        }
    }
    if (strlen(g_style) != 1 || !strchr("WBCUS", g_style[0])) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--g-style must be W, B, C, U or S");
        return nqpf_cli_error(&err);
    }
#ifdef _OPENMP
    if (threads > 0)
        omp_set_num_threads((int)threads);
#endif
    spatial_data d = {0};
    spatial_raw r = {0};
    nqpf_outfile f = {0};
    char **ids = NULL;
    long *lines = NULL;
    double *x = NULL, *v2 = NULL, *x2 = NULL;
    if (spatial_missing_policy(missing_s, &drop, &err))
        return nqpf_cli_error(&err);
    int rc = spatial_data_read(&d, data, unit, value, period, drop, &err);
    if (rc)
        return nqpf_cli_error(&err);
    if ((rc = spatial_raw_build(&r, &s, &d, &err)))
        goto done;
    size_t nr = d.t->n_rows;
    ids = malloc(nr * sizeof *ids);
    lines = malloc(nr * sizeof *lines);
    x = malloc(nr * sizeof *x);
    v2 = calloc(nr, sizeof *v2);
    x2 = malloc(nr * sizeof *x2);
    if (!ids || !lines || !x || !v2 || !x2) {
        rc = nqpf_fail_nomem(&err);
        goto done;
    }
    if ((value2 || rate_base) && (rc = nqpf_table_column(d.t, value2 ? value2 : rate_base, v2, drop, &err)))
        goto done;
    if (value2 && rate_base) {
        rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--value2 and --rate-base do not go together");
        goto done;
    }
    /* rank 0 writes the file; the others' standard output is /dev/null */
    if ((rc = nqpf_outfile_open(&f, world.rank == 0 ? out : "-", s.force, &err)))
        goto done;
    fputs("period,statistic,n,weights,style,value,expected,variance_normality,z_normality,p_normality,"
          "variance_randomisation,z_randomisation,p_randomisation,permutations,perm_mean,perm_sd,perm_z,"
          "perm_p,perm_p_folded,alternative,note\n",
          f.fp);
    char style = spatial_style(&s);
    for (size_t g = 0; g < d.n_groups && !rc; g++) {
        size_t n = 0, dropped = 0;
        for (size_t q = d.goff[g]; q < d.goff[g + 1]; q++) {
            size_t row = d.rows[q];
            if (isnan(d.value[row]) || ((value2 || rate_base) && isnan(v2[row]))) {
                dropped++; /* only reachable with --missing drop */
                continue;
            }
            size_t k = n++;
            ids[k] = (char *)nqpf_table_get(d.t, row, d.ucol);
            lines[k] = d.t->line[row];
            x[k] = d.value[row];
            x2[k] = v2[row];
        }
        if (dropped)
            nqpf_cli_warn("%s%s%zu unit%s with a missing value dropped", d.group[g], d.group[g][0] ? ": " : "",
                          dropped, dropped == 1 ? "" : "s");
        /* a dropped unit is still in the weights: subset them for this period */
        spatial_cli sp = s;
        sp.subset = s.subset || dropped > 0;
        nqpf_weights *w = NULL;
        if ((rc = spatial_weights_for(&w, &r, &sp, ids, n, data, lines, 0, style, &err)))
            break;
        const char *rate_note = NULL;
        if (rate_base) {
            /* the statistics below see the EB-standardised rates */
            nqpf_error e2;
            if (nqpf_eb_standardize(x, x2, n, x, &e2))
                rate_note = "EB rates need events >= 0 and a positive base";
        }
        if (g == 0)
            spatial_warn_islands(w, d.group[g][0] ? d.group[g] : NULL);
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
                src = spatial_weights_for(&wg, &r, &sp, ids, n, data, lines, 0, sty, &e2);
                if (!src)
                    src = nqpf_getis_g(wg, x, &go, &res, &e2);
                nqpf_weights_free(wg);
            }
            static const char *const names[4] = {"moran_I", "geary_C", "getis_ord_G", "moran_I_bivariate"};
            static const char *const rnames[4] = {"moran_I_eb_rate", "geary_C_eb_rate", "getis_ord_G_eb_rate", ""};
            if (src == NQPF_EMATH) {
                put_row(f.fp, d.group[g], rate_base ? rnames[st] : names[st], n, r.what, sty, &res, go.alternative,
                        e2.msg);
            } else if (src) {
                err = e2;
                rc = src;
            } else {
                put_row(f.fp, d.group[g], rate_base ? rnames[st] : names[st], res.n_used, r.what, sty, &res,
                        go.alternative, NULL);
            }
        }
        nqpf_weights_free(w);
    }
    if (rc)
        nqpf_outfile_abort(&f);
    else
        rc = nqpf_outfile_commit(&f, &err);
done:
    free(ids), free(lines), free(x), free(v2), free(x2);
    spatial_raw_free(&r);
    spatial_data_free(&d);
    return rc ? nqpf_cli_error(&err) : 0;
}
