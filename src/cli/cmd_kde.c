/* nqpf kde — kernel densities per period on a common grid. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cmp_input.h"
#include "commands.h"
#include "nqpf/kde.h"

static void help(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf kde --data FILE --value COL [--period COL] [--unit COL] --out FILE\n\n"
           "Kernel density estimate of the value per period, all periods on one common\n"
           "grid (the data of the usual 3-D density plots of regional distributions).\n"
           "The bandwidth h is the kernel's standard deviation for every kernel (as R's\n"
           "density() and Stata's kdensity):\n"
           "  gaussian      K_h(u) = exp(-u^2/(2h^2)) / (h sqrt(2 pi))             (default)\n"
           "  epanechnikov  K_h(u) = 3/(4 sqrt(5) h) (1 - u^2/(5h^2)), |u| < sqrt(5) h\n"
           "Bandwidth, chosen per period (sd with n-1, IQR of R's type-7 quantiles):\n"
           "  silverman        0.9 min(sd, IQR/1.34) n^(-1/5)   (default; R bw.nrd0, Stata)\n"
           "  scott            1.06 min(sd, IQR/1.34) n^(-1/5)  (R bw.nrd)\n"
           "  scipy-scott      sd n^(-1/5)      scipy-silverman  sd (3n/4)^(-1/5)\n"
           "  --bandwidth H    a fixed h for every period\n"
           "Grid: N equally spaced points from min - 3 hmax to max + 3 hmax over all\n"
           "periods (hmax the largest bandwidth), or --from/--to.\n\n"
           "Output: period,x,density,bandwidth,kernel\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf kde --data panel.csv --unit province --period year --value index --out kde.csv\n"
           "  nqpf kde --data panel.csv --period year --value index --kernel epanechnikov --bw scott --grid 200 --out -\n");
}

int nqpf_cmd_kde(int argc, char **argv)
{
    const char *data = NULL, *unit = NULL, *value = NULL, *period = NULL, *out = NULL, *kern_s = "gaussian",
               *bw_s = "silverman", *missing = NULL;
    double fixed = NAN, from = NAN, to = NAN;
    size_t grid_n = 512;
    int force = 0, want_help = 0;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "input CSV (long: one row per unit and period)", 0},
        {"value", OPT_STR, &value, "COL", "the variable", 0},
        {"period", OPT_STR, &period, "COL", "period column: one density per period", 0},
        {"unit", OPT_STR, &unit, "COL", "unit column (checks that each unit appears once per period)", 0},
        {"kernel", OPT_STR, &kern_s, "gaussian|epanechnikov", "kernel (default gaussian)", 0},
        {"bw", OPT_STR, &bw_s, "RULE", "silverman (default), scott, scipy-scott, scipy-silverman", 0},
        {"bandwidth", OPT_DOUBLE, &fixed, "H", "fixed bandwidth (overrides --bw)", 0},
        {"grid", OPT_SIZE, &grid_n, "N", "number of grid points (default 512)", 0},
        {"from", OPT_DOUBLE, &from, "X", "lower end of the grid", 0},
        {"to", OPT_DOUBLE, &to, "X", "upper end of the grid", 0},
        {"missing", OPT_STR, &missing, "error|skip", "missing values: stop (default) or leave the row out", 0},
        {"out", OPT_STR, &out, "FILE", "output CSV ('-' = standard output)", 0},
        {"force", OPT_FLAG, &force, NULL, "overwrite an existing output file", 0},
    };
    size_t n_opts = sizeof opts / sizeof opts[0], n_pos;
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, NULL, 0, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    if (!data || !value || !out) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data, --value and --out are required (see --help)");
        return nqpf_cli_error(&err);
    }
    nqpf_kernel kern;
    nqpf_bw_rule rule;
    if (nqpf_kernel_parse(kern_s, &kern)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--kernel must be gaussian or epanechnikov");
        return nqpf_cli_error(&err);
    }
    if (nqpf_bw_rule_parse(bw_s, &rule)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--bw must be silverman, scott, scipy-scott or scipy-silverman");
        return nqpf_cli_error(&err);
    }
    if (opts[6].seen && !(fixed > 0.0)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--bandwidth must be positive");
        return nqpf_cli_error(&err);
    }
    if (grid_n < 2 || grid_n > 1000000) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--grid must be between 2 and 1000000");
        return nqpf_cli_error(&err);
    }
    if (!isnan(from) && !isnan(to) && !(from < to)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--from must be below --to");
        return nqpf_cli_error(&err);
    }
    int skip;
    if (cmp_parse_missing(missing, &skip, &err))
        return nqpf_cli_error(&err);
    cmp_input in;
    if (cmp_input_load(&in, data, unit, value, period, NULL, skip, &err))
        return nqpf_cli_error(&err);
    size_t np = in.period.n_levels, nr = in.t->n_rows;
    double *h = malloc(np * sizeof(double)), *y = malloc(nr * sizeof(double));
    double *grid = malloc(grid_n * sizeof(double)), *dens = malloc(grid_n * sizeof(double));
    nqpf_outfile of;
    int rc = (!h || !y || !grid || !dens) ? nqpf_fail_nomem(&err) : NQPF_OK, opened = 0;
    double lo = INFINITY, hi = -INFINITY, hmax = 0.0;
    for (size_t p = 0; p < np && !rc; p++) {
        size_t m = cmp_input_period(&in, p, y, NULL, NULL);
        for (size_t i = 0; i < m; i++)
            lo = fmin(lo, y[i]), hi = fmax(hi, y[i]);
        if (opts[6].seen)
            h[p] = fixed;
        else if ((rc = nqpf_kde_bandwidth(y, m, rule, &h[p], &err)) && in.has_period)
            cmp_error_context(&err, data, "period", in.period.level[p]);
        else if (rc && !err.file[0])
            snprintf(err.file, sizeof err.file, "%s", data);
        if (!rc)
            hmax = fmax(hmax, h[p]);
    }
    if (rc)
        goto done;
    double a = isnan(from) ? lo - 3.0 * hmax : from, b = isnan(to) ? hi + 3.0 * hmax : to;
    if (!(a < b)) {
        rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "empty grid range [%g, %g]", a, b);
        goto done;
    }
    for (size_t g = 0; g < grid_n; g++)
        grid[g] = g + 1 == grid_n ? b : a + (b - a) * (double)g / (double)(grid_n - 1);
    if ((rc = nqpf_outfile_open(&of, out, force, &err)))
        goto done;
    opened = 1;
    fputs("period,x,density,bandwidth,kernel\n", of.fp);
    for (size_t p = 0; p < np; p++) {
        size_t m = cmp_input_period(&in, p, y, NULL, NULL);
        if ((rc = nqpf_kde_eval(y, m, kern, h[p], grid, grid_n, dens, &err)))
            goto done;
        for (size_t g = 0; g < grid_n; g++) {
            nqpf_csv_put_field(of.fp, in.period.level[p]);
            fputc(',', of.fp);
            nqpf_csv_put_num(of.fp, grid[g]);
            fputc(',', of.fp);
            nqpf_csv_put_num(of.fp, dens[g]);
            fputc(',', of.fp);
            nqpf_csv_put_num(of.fp, h[p]);
            fputc(',', of.fp);
            fputs(nqpf_kernel_name(kern), of.fp);
            fputc('\n', of.fp);
        }
    }
    rc = nqpf_outfile_commit(&of, &err);
    opened = 0;
done:
    if (opened)
        nqpf_outfile_abort(&of);
    free(h), free(y), free(grid), free(dens);
    cmp_input_free(&in);
    return rc ? nqpf_cli_error(&err) : 0;
}
