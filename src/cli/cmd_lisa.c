/* nqpf lisa — local indicators of spatial association per unit and period. */
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
    printf("Usage: nqpf lisa --data FILE --unit COL --value COL [--period COL] WEIGHTS [OPTIONS] --out FILE\n\n"
           "Local spatial association of --value for every unit (and period).\n"
           "--stat moran (default): local Moran I_i = z_i * lag(z)_i / m2 (Anselin 1995) with\n"
           "  m2 = sum z^2 / n (spdep mlvar=TRUE, GeoDa; --scale n-1 for esda Moran_Local and\n"
           "  spdep mlvar=FALSE), expectation and variance under conditional randomisation\n"
           "  (Sokal et al. 1998, spdep default) or --moments total (Anselin 1995, esda EI/VI),\n"
           "  two-sided normal p, the quadrant HH/LL/HL/LH (own value vs mean, lag vs mean), and\n"
           "  with --permutations N a conditional-permutation pseudo p (folded, as esda p_sim).\n"
           "--stat g / gstar: Getis-Ord Gi (self excluded) / Gi* (self weight 1 added before the\n"
           "  style) with z as spdep localG (variance with sum_j w_ij^2; --g-variance esda uses\n"
           "  W_i, which differs only for non-binary weights); --g-sd n-1 for the Getis & Ord\n"
           "  (1996) printed example.\n"
           "--value2 COL: bivariate local Moran zx_i * lag(zy)_i (GeoDa; z-scores with population sd;\n"
           "  significance by conditional permutation of COL only; lag column = lag of COL).\n"
           "cluster = quadrant (moran) or hot/cold (g) where the p-value (pseudo p when\n"
           "permutations were run) is below --alpha, else ns.\n\n"
           "Output columns: period,unit,value,lag,statistic,local,expected,variance,z,p,p_sim,\n"
           "z_sim,quadrant,cluster (lag: spatial lag of the value with the same weights).\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf lisa --data afcon.csv --unit id --value totcon --weights paper_nb.csv \\\n"
           "      --permutations 999 --seed 1 --out lisa.csv\n"
           "  nqpf lisa --data pts.csv --unit idx --value val --coords x,y --distance-band 30 \\\n"
           "      --stat gstar --style B --out -\n");
}

int nqpf_cmd_lisa(int argc, char **argv)
{
    spatial_cli s;
    spatial_cli_init(&s);
    const char *missing_s = NULL;
    int drop = 0;
    const char *data = NULL, *unit = NULL, *value = NULL, *period = NULL, *out = NULL;
    const char *alt_s = "two-sided", *stat = "moran", *scale = "n", *moments = "conditional";
    const char *gvar = "spdep", *gsd = "n", *value2 = NULL;
    size_t perms = 0, seed = 12345, threads = 0;
    double alpha = 0.05;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "long CSV: one row per unit (and period)", 0},
        {"unit", OPT_STR, &unit, "COL", "unit id column (matched to the weights' ids)", 0},
        {"value", OPT_STR, &value, "COL", "numeric column to analyse", 0},
        {"period", OPT_STR, &period, "COL", "run once per value of this column", 0},
        {"missing", OPT_STR, &missing_s, "error|drop", "a missing value: error with its position (default) or drop the unit from that period", 0},
        {"out", OPT_STR, &out, "FILE", "output CSV (\"-\" = standard output)", 0},
        {"stat", OPT_STR, &stat, "moran|g|gstar", "local Moran (default), Getis-Ord Gi or Gi*", 0},
        {"value2", OPT_STR, &value2, "COL", "bivariate local Moran: --value against the lag of COL", 0},
        {"scale", OPT_STR, &scale, "n|n-1", "local Moran divisor of sum z^2 (default n: spdep/GeoDa; n-1: esda)", 0},
        {"moments", OPT_STR, &moments, "conditional|total", "local Moran E/Var (default conditional, spdep)", 0},
        {"g-variance", OPT_STR, &gvar, "spdep|esda", "Gi variance with sum w^2 (spdep, default) or W_i (esda)", 0},
        {"g-sd", OPT_STR, &gsd, "n|n-1", "divisor of the standard deviation in Gi z (default n)", 0},
        {"permutations", OPT_SIZE, &perms, "N", "conditional permutations per unit (0 = none)", 0},
        {"seed", OPT_SIZE, &seed, "S", "random seed (default 12345); same output for any thread count", 0},
        {"threads", OPT_SIZE, &threads, "N", "OpenMP threads (default: OMP_NUM_THREADS)", 0},
        {"alternative", OPT_STR, &alt_s, "H", "two-sided (default), greater or less for the normal p", 0},
        {"alpha", OPT_DOUBLE, &alpha, "A", "significance level for the cluster column (default 0.05)", 0},
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
    if (!data || !unit || !value || !out) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data, --unit, --value and --out are required");
        return nqpf_cli_error(&err);
    }
    int is_g = strcmp(stat, "g") == 0, star = strcmp(stat, "gstar") == 0;
    nqpf_dist world = nqpf_dist_world(); /* under mpirun: units split over ranks */
    nqpf_local_opts lo = {NQPF_LISA_SCALE_N, 1, NQPF_ALT_TWO_SIDED, perms, seed, &world};
    nqpf_localg_opts gopt = {star, NQPF_LOCALG_SPDEP, 0, NQPF_ALT_TWO_SIDED, perms, seed, &world};
    if (!is_g && !star && strcmp(stat, "moran") != 0)
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--stat must be moran, g or gstar");
    else if (strcmp(scale, "n") && strcmp(scale, "n-1"))
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--scale must be n or n-1");
    else if (strcmp(moments, "conditional") && strcmp(moments, "total"))
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--moments must be conditional or total");
    else if (strcmp(gvar, "spdep") && strcmp(gvar, "esda"))
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--g-variance must be spdep or esda");
    else if (strcmp(gsd, "n") && strcmp(gsd, "n-1"))
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--g-sd must be n or n-1");
    else if (!(alpha > 0 && alpha < 1))
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--alpha must be between 0 and 1");
    else
        spatial_alternative(alt_s, &lo.alternative, &err);
    if (err.code)
        return nqpf_cli_error(&err);
    lo.scale = strcmp(scale, "n-1") == 0 ? NQPF_LISA_SCALE_N1 : NQPF_LISA_SCALE_N;
    lo.conditional = strcmp(moments, "total") != 0;
    gopt.variance = strcmp(gvar, "esda") == 0 ? NQPF_LOCALG_ESDA : NQPF_LOCALG_SPDEP;
    gopt.sd_n1 = strcmp(gsd, "n-1") == 0;
    gopt.alternative = lo.alternative;
#ifdef _OPENMP
    if (threads > 0)
        omp_set_num_threads((int)threads);
#endif
    spatial_data d = {0};
    spatial_raw r = {0};
    nqpf_outfile f = {0};
    char **ids = NULL;
    long *lines = NULL;
    double *x = NULL, *mem = NULL, *v2 = NULL, *x2 = NULL;
    char(*quad)[3] = NULL;
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
    mem = malloc(8 * nr * sizeof *mem);
    quad = malloc(nr * sizeof *quad);
    v2 = calloc(nr, sizeof *v2);
    x2 = malloc(nr * sizeof *x2);
    if (!ids || !lines || !x || !mem || !quad || !v2 || !x2) {
        rc = nqpf_fail_nomem(&err);
        goto done;
    }
    if (value2 && (is_g || star)) {
        rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--value2 is for the local Moran (--stat moran)");
        goto done;
    }
    if (value2 && (rc = nqpf_table_column(d.t, value2, v2, drop, &err)))
        goto done;
    /* rank 0 writes the file; the others' standard output is /dev/null */
    if ((rc = nqpf_outfile_open(&f, world.rank == 0 ? out : "-", s.force, &err)))
        goto done;
    fputs("period,unit,value,lag,statistic,local,expected,variance,z,p,p_sim,z_sim,quadrant,cluster\n", f.fp);
    const char *stat_name = star ? "Gi*" : is_g ? "Gi" : value2 ? (lo.scale == NQPF_LISA_SCALE_N ? "Ii_bv" : "Ii_bv_esda")
                                                   : (lo.scale == NQPF_LISA_SCALE_N ? "Ii" : "Ii_esda");
    for (size_t g = 0; g < d.n_groups && !rc; g++) {
        size_t n = 0, dropped = 0;
        for (size_t q = d.goff[g]; q < d.goff[g + 1]; q++) {
            size_t row = d.rows[q];
            if (isnan(d.value[row]) || (value2 && isnan(v2[row]))) {
                dropped++; /* only reachable with --missing drop */
                continue;
            }
            size_t k = n++;
            ids[k] = (char *)nqpf_table_get(d.t, row, d.ucol);
            lines[k] = d.t->line[row];
            x[k] = d.value[row];
            x2[k] = value2 ? v2[row] : NAN;
        }
        if (dropped)
            nqpf_cli_warn("%s%s%zu unit%s with a missing value dropped", d.group[g], d.group[g][0] ? ": " : "",
                          dropped, dropped == 1 ? "" : "s");
        /* a dropped unit is still in the weights: subset them for this period */
        spatial_cli sp = s;
        sp.subset = s.subset || dropped > 0;
        nqpf_weights *w = NULL;
        if ((rc = spatial_weights_for(&w, &r, &sp, ids, n, data, lines, star, spatial_style(&s), &err)))
            break;
        if (g == 0)
            spatial_warn_islands(w, d.group[g][0] ? d.group[g] : NULL);
        nqpf_lisa_result lr = {mem, mem + n, mem + 2 * n, mem + 3 * n, mem + 4 * n, mem + 5 * n, mem + 6 * n, quad};
        double *lag = mem + 7 * n;
        for (size_t k = 0; k < 7 * n; k++)
            mem[k] = NAN;
        nqpf_weights_lag(w, value2 ? x2 : x, lag);
        nqpf_error e2;
        nqpf_error_clear(&e2);
        int src;
        if (is_g || star)
            src = nqpf_local_g(w, x, &gopt, lr.ii, lr.z, lr.p, lr.p_sim, &e2);
        else if (value2)
            src = nqpf_local_moran_bv(w, x, x2, &lo, &lr, &e2);
        else
            src = nqpf_local_moran(w, x, &lo, &lr, &e2);
        nqpf_weights_free(w);
        if (src == NQPF_EMATH) {
            nqpf_cli_warn("%s%s%s", d.group[g], d.group[g][0] ? ": " : "", e2.msg);
        } else if (src) {
            err = e2;
            rc = src;
            break;
        }
        for (size_t k = 0; k < n; k++) {
            nqpf_csv_put_field(f.fp, d.group[g]);
            fputc(',', f.fp);
            nqpf_csv_put_field(f.fp, ids[k]);
            fputc(',', f.fp);
            nqpf_csv_put_num(f.fp, x[k]);
            fputc(',', f.fp);
            nqpf_csv_put_num(f.fp, lag[k]);
            fprintf(f.fp, ",%s", stat_name);
            double v[] = {lr.ii[k], lr.e[k], lr.var[k], lr.z[k], lr.p[k], lr.p_sim[k], lr.z_sim[k]};
            for (size_t q = 0; q < 7; q++) {
                fputc(',', f.fp);
                nqpf_csv_put_num(f.fp, (q == 5 || q == 6) && perms == 0 ? NAN : v[q]);
            }
            double pv = perms > 0 ? lr.p_sim[k] : lr.p[k]; /* bivariate: significance by permutation only */
            int sig = pv < alpha;
            if (is_g || star) {
                fprintf(f.fp, ",,%s\n", src ? "" : !sig ? "ns" : lr.z[k] > 0 ? "hot" : "cold");
            } else {
                const char *qd = src ? "" : quad[k];
                fprintf(f.fp, ",%s,%s\n", qd, src || !*qd ? "" : sig ? qd : "ns");
            }
        }
    }
    if (rc)
        nqpf_outfile_abort(&f);
    else
        rc = nqpf_outfile_commit(&f, &err);
done:
    free(ids), free(lines), free(x), free(mem), free(quad), free(v2), free(x2);
    spatial_raw_free(&r);
    spatial_data_free(&d);
    return rc ? nqpf_cli_error(&err) : 0;
}
