/* nqpf lisa — local indicators of spatial association per unit and period. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/dist.h"
#include "nqpf/output.h"
#include "spatial_cli.h"

/* --value2 is for the local Moran: checked before the data are read */
static int check(const nqpf_optval *o, nqpf_error *err)
{
    if (o[NQPF_LISA_VALUE2].text && o[NQPF_LISA_STAT].i != 0)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--value2 is for the local Moran (--stat moran)");
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *o = c->v;
    const spatial_data *d = &c->geo.d;
    const char *out = o[NQPF_LISA_OUT].text, *value2 = o[NQPF_LISA_VALUE2].text;
    size_t perms = o[NQPF_LISA_PERMUTATIONS].z, seed = o[NQPF_LISA_SEED].z;
    double alpha = o[NQPF_LISA_ALPHA].num;
    /* choices: stat moran|g|gstar, scale n|n-1, moments conditional|total, g-variance spdep|esda, g-sd n|n-1 */
    int is_g = o[NQPF_LISA_STAT].i == 1, star = o[NQPF_LISA_STAT].i == 2, geary = o[NQPF_LISA_STAT].i == 3;
    nqpf_dist world = nqpf_dist_world(); /* under mpirun: units split over ranks */
    nqpf_alternative alt = spatial_alternative(o[NQPF_LISA_ALTERNATIVE].i);
    nqpf_local_opts lo = {o[NQPF_LISA_SCALE].i ? NQPF_LISA_SCALE_N1 : NQPF_LISA_SCALE_N, !o[NQPF_LISA_MOMENTS].i,
                          alt, perms, seed, &world};
    nqpf_localg_opts gopt = {star, o[NQPF_LISA_G_VARIANCE].i ? NQPF_LOCALG_ESDA : NQPF_LOCALG_SPDEP,
                             (int)o[NQPF_LISA_G_SD].i, alt, perms, seed, &world};
    double *mem = NULL;
    char(*quad)[3] = NULL;
    spatial_rows rows;
    int rc = spatial_rows_new(&rows, &c->geo, value2, err);
    if (rc)
        return rc;
    size_t nr = d->n_rows;
    mem = malloc(8 * nr * sizeof *mem);
    quad = malloc(nr * sizeof *quad);
    if (!mem || !quad) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* rank 0 writes the file; the others' standard output is /dev/null */
    if ((rc = cmd_open_at(c, world.rank == 0 ? out : "-", err)))
        goto done;
    fputs("period,unit,value,lag,statistic,local,expected,variance,z,p,p_sim,z_sim,quadrant,cluster\n", c->fp);
    const char *stat_name = geary ? (lo.scale == NQPF_LISA_SCALE_N ? "Ci" : "Ci_spdep") : star ? "Gi*" : is_g ? "Gi" : value2 ? (lo.scale == NQPF_LISA_SCALE_N ? "Ii_bv" : "Ii_bv_esda")
                                                   : (lo.scale == NQPF_LISA_SCALE_N ? "Ii" : "Ii_esda");
    for (size_t g = 0; g < d->n_groups && !rc; g++) {
        size_t n;
        nqpf_weights *w = NULL;
        if ((rc = spatial_period(&c->geo, g, star, spatial_style(&c->geo.s), &rows, &n, &w, err)))
            break;
        char **ids = rows.ids;
        double *x = rows.x, *x2 = rows.x2;
        if (g == 0)
            spatial_warn_islands(w, d->group[g][0] ? d->group[g] : NULL);
        nqpf_lisa_result lr = {mem, mem + n, mem + 2 * n, mem + 3 * n, mem + 4 * n, mem + 5 * n, mem + 6 * n, quad};
        double *lag = mem + 7 * n;
        for (size_t k = 0; k < 7 * n; k++)
            mem[k] = NAN;
        nqpf_weights_lag(w, value2 ? x2 : x, lag);
        nqpf_error e2;
        nqpf_error_clear(&e2);
        int src;
        if (geary)
            src = nqpf_local_geary(w, x, &lo, lr.ii, lr.p_sim, lr.z_sim, &e2);
        else if (is_g || star)
            src = nqpf_local_g(w, x, &gopt, lr.ii, lr.z, lr.p, lr.p_sim, &e2);
        else if (value2)
            src = nqpf_local_moran_bv(w, x, x2, &lo, &lr, &e2);
        else
            src = nqpf_local_moran(w, x, &lo, &lr, &e2);
        nqpf_weights_free(w);
        if (src == NQPF_EMATH) {
            nqpf_cli_warn("%s%s%s", d->group[g], d->group[g][0] ? ": " : "", e2.msg);
        } else if (src) {
            *err = e2;
            rc = src;
            break;
        }
        for (size_t k = 0; k < n; k++) {
            nqpf_csv_put_cells(c->fp, "ssnns", d->group[g], ids[k], x[k], lag[k], stat_name);
            double v[] = {lr.ii[k], lr.e[k], lr.var[k], lr.z[k], lr.p[k], lr.p_sim[k], lr.z_sim[k]};
            for (size_t q = 0; q < 7; q++) {
                fputc(',', c->fp);
                nqpf_csv_put_num(c->fp, (q == 5 || q == 6) && perms == 0 ? NAN : v[q]);
            }
            double pv = perms > 0 ? lr.p_sim[k] : lr.p[k]; /* bivariate: significance by permutation only */
            int sig = pv < alpha;
            if (geary) {
                /* small c: neighbours alike (positive association); only permutations give p */
                fprintf(c->fp, ",,%s\n", src || perms == 0 ? "" : lr.p_sim[k] >= alpha ? "ns"
                                                         : lr.z_sim[k] < 0 ? "positive" : "negative");
            } else if (is_g || star) {
                fprintf(c->fp, ",,%s\n", src ? "" : !sig ? "ns" : lr.z[k] > 0 ? "hot" : "cold");
            } else {
                const char *qd = src ? "" : quad[k];
                fprintf(c->fp, ",%s,%s\n", qd, src || !*qd ? "" : sig ? qd : "ns");
            }
        }
    }
done:
    spatial_rows_free(&rows);
    free(mem), free(quad);
    return rc;
}

const nqpf_cmd_spec NQPF_LISA_CMD = {
    NQPF_LISA_OPTS, NQPF_LISA_NOPTS, "lisa",
    "--data FILE --unit COL --value COL [--period COL] WEIGHTS [OPTIONS] --out FILE",
    "Local spatial association of --value for every unit (and period).\n"
    "--stat moran (default): local Moran I_i = z_i * lag(z)_i / m2 (Anselin 1995) with\n"
    "  m2 = sum z^2 / n (spdep mlvar=TRUE, GeoDa; --scale n-1 for esda Moran_Local and\n"
    "  spdep mlvar=FALSE), expectation and variance under conditional randomisation\n"
    "  (Sokal et al. 1998, spdep default) or --moments total (Anselin 1995, esda EI/VI),\n"
    "  two-sided normal p, the quadrant HH/LL/HL/LH (own value vs mean, lag vs mean), and\n"
    "  with --permutations N a conditional-permutation pseudo p (folded, as esda p_sim).\n"
    "--stat geary: local Geary c_i = sum_j w_ij (z_i - z_j)^2 (Anselin 2019; esda Geary_Local,\n"
    "statistic Ci; --scale n-1: spdep localC's sample-sd z-scores, Ci_spdep), with the\n"
    "conditional permutations' p_sim and z_sim; cluster positive (c below its permutation\n"
    "mean: neighbours alike), negative or ns by p_sim.\n"
    "--stat g / gstar: Getis-Ord Gi (self excluded) / Gi* (self weight 1 added before the\n"
    "  style) with z as spdep localG (variance with sum_j w_ij^2; --g-variance esda uses\n"
    "  W_i, which differs only for non-binary weights); --g-sd n-1 for the Getis & Ord\n"
    "  (1996) printed example.\n"
    "--value2 COL: bivariate local Moran zx_i * lag(zy)_i (GeoDa; z-scores with population sd;\n"
    "  significance by conditional permutation of COL only; lag column = lag of COL).\n"
    "cluster = quadrant (moran) or hot/cold (g) where the p-value (pseudo p when\n"
    "permutations were run) is below --alpha, else ns.\n\n"
    "Output columns: period,unit,value,lag,statistic,local,expected,variance,z,p,p_sim,\n"
    "z_sim,quadrant,cluster (lag: spatial lag of the value with the same weights).\n\n",
    "  nqpf lisa --data tests/ref/cases/compare/local_moran_afcon_spdep/data.csv --unit idx --value totcon \\\n"
    "      --weights tests/ref/cases/compare/local_moran_afcon_spdep/edges_paper_nb.csv \\\n"
    "      --permutations 999 --seed 1 --out lisa.csv\n"
    "  nqpf lisa --data tests/ref/cases/compare/moran_geary_columbus_spdep/data.csv --unit idx --value CRIME \\\n"
    "      --coords X,Y --distance-band 1.5 --stat gstar --style B --out -\n",
    NQPF_INPUT_SPATIAL, 0, NULL, check, run, NULL, NULL, NULL, 0,
};
