/* nqpf kde — kernel densities per period on a common grid. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/kde.h"
#include "nqpf/long_input.h"


/* --from below --to when both are given */
static int check(const nqpf_optval *v, nqpf_error *err)
{
    if (v[NQPF_KDE_FROM].seen && v[NQPF_KDE_TO].seen && !(v[NQPF_KDE_FROM].num < v[NQPF_KDE_TO].num))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--from must be below --to");
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    const nqpf_long_input *in = &c->in;
    const char *data = v[NQPF_KDE_DATA].text;
    nqpf_kernel kern = (nqpf_kernel)v[NQPF_KDE_KERNEL].i;
    nqpf_bw_rule rule = (nqpf_bw_rule)v[NQPF_KDE_BW].i;
    int fixed = v[NQPF_KDE_BANDWIDTH].seen;
    size_t grid_n = v[NQPF_KDE_GRID].z;
    size_t np = in->period.n_levels, nr = in->n_rows;
    double *h = malloc(np * sizeof(double)), *y = malloc(nr * sizeof(double));
    double *grid = malloc(grid_n * sizeof(double)), *dens = malloc(grid_n * sizeof(double));
    int rc = (!h || !y || !grid || !dens) ? nqpf_fail_nomem(err) : NQPF_OK;
    double lo = INFINITY, hi = -INFINITY, hmax = 0.0;
    for (size_t p = 0; p < np && !rc; p++) {
        size_t m = nqpf_long_period(in, p, y, NULL, NULL);
        for (size_t i = 0; i < m; i++)
            lo = fmin(lo, y[i]), hi = fmax(hi, y[i]);
        if (fixed)
            h[p] = v[NQPF_KDE_BANDWIDTH].num;
        else if ((rc = nqpf_kde_bandwidth(y, m, rule, &h[p], err)) && in->has_period)
            nqpf_error_context(err, data, "period", in->period.level[p]);
        else if (rc && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", data);
        if (!rc)
            hmax = fmax(hmax, h[p]);
    }
    double a = v[NQPF_KDE_FROM].seen ? v[NQPF_KDE_FROM].num : lo - 3.0 * hmax;
    double b = v[NQPF_KDE_TO].seen ? v[NQPF_KDE_TO].num : hi + 3.0 * hmax;
    if (!rc && !(a < b))
        rc = nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "empty grid range [%g, %g]", a, b);
    for (size_t g = 0; g < grid_n && !rc; g++)
        grid[g] = g + 1 == grid_n ? b : a + (b - a) * (double)g / (double)(grid_n - 1);
    if (!rc)
        rc = cmd_open_out(c, &NQPF_KDE_CMD, err);
    if (!rc)
        fputs("period,x,density,bandwidth,kernel\n", c->fp);
    for (size_t p = 0; p < np && !rc; p++) {
        size_t m = nqpf_long_period(in, p, y, NULL, NULL);
        if ((rc = nqpf_kde_eval(y, m, kern, h[p], grid, grid_n, dens, err)))
            break;
        for (size_t g = 0; g < grid_n; g++) {
            nqpf_csv_put_cells(c->fp, "snnns", in->period.level[p], grid[g], dens[g], h[p], nqpf_kernel_name(kern));
            fputc('\n', c->fp);
        }
    }
    free(h), free(y), free(grid), free(dens);
    return rc;
}

const nqpf_cmd_spec NQPF_KDE_CMD = {
    NQPF_KDE_OPTS, NQPF_KDE_NOPTS, "kde",
    "--data FILE --value COL [--period COL] [--unit COL] --out FILE",
    
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
    "Output: period,x,density,bandwidth,kernel\n\n",
    "  nqpf kde --data data/china_provinces_tech_wide.csv --unit province --period year --value v4_zh_nbzc_hj --out kde.csv\n"
    "  nqpf kde --data data/china_provinces_tech_wide.csv --period year --value v4_zh_nbzc_hj --kernel epanechnikov --bw scott \\\n"
    "      --grid 200 --out -\n",
    NQPF_INPUT_LONG, 0, NULL, check, run, NULL, NULL, NULL, 0,
};
