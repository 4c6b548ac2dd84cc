/* nqpf forecast — GM(1,1) grey forecasts per unit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/grey.h"
#include "nqpf/long_input.h"
#include "nqpf/output.h"
#include "nqpf/util.h"



static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    const nqpf_long_input *in = &c->in;
    const char *data = v[NQPF_FC_DATA].text;
    size_t horizon = v[NQPF_FC_HORIZON].z;
    int rolling = (int)v[NQPF_FC_ROLLING].i;
    nqpf_gm11_opts go;
    nqpf_gm11_opts_default(&go);
    go.alpha = v[NQPF_FC_ALPHA].num;
    go.sd_sample = v[NQPF_FC_SD].i == 1;
    go.resid_from1 = v[NQPF_FC_RESID_FROM].i == 0;
    size_t np = in->period.n_levels, nr = in->n_rows;
    long *at = malloc(np * sizeof(long)); /* each period's row of the unit, -1: none */
    double *x = malloc((np + horizon + 1) * sizeof(double)), *fc = x ? x + np : NULL; /* series, forecasts */
    int rc = (!at || !x) ? nqpf_fail_nomem(err) : cmd_open_out(c, &NQPF_FORECAST_CMD, err);
    if (rc) {
        free(at), free(x);
        return rc;
    }
    FILE *fp = c->fp;
    fputs(NQPF_GM11_CSV_HEADER, fp);
    for (size_t u = 0; u < in->unit.n_levels && !rc; u++) {
        const char *ul = in->unit.level[u];
        for (size_t p = 0; p < np; p++)
            at[p] = -1;
        if (in->has_unit) {
            for (size_t r = 0; r < nr; r++)
                if (in->unit.code[r] == u)
                    at[in->period.code[r]] = (long)r;
        } else {
            for (size_t r = 0; r < nr; r++) {
                if (at[in->period.code[r]] >= 0) {
                    rc = nqpf_fail(err, NQPF_EINPUT, data, in->line[r], 0,
                                   "period '%s' appears twice (first on line %ld); give --unit for panels",
                                   in->period.level[in->period.code[r]], in->line[at[in->period.code[r]]]);
                    break;
                }
                at[in->period.code[r]] = (long)r;
            }
            if (rc)
                break;
        }
        /* The unit's series: from its first to its last period, without gaps. */
        size_t first = 0, last = np;
        while (first < np && at[first] < 0)
            first++;
        while (last > first && at[last - 1] < 0)
            last--;
        size_t n = 0;
        for (size_t p = first; p < last; p++) {
            if (at[p] < 0) {
                rc = nqpf_fail(err, NQPF_EINPUT, data, 0, 0, "unit '%s' has no value for period '%s' (a gap in the series)",
                               ul, in->period.level[p]);
                break;
            }
            x[n++] = in->value[at[p]];
        }
        if (rc)
            break;
        nqpf_gm11 g;
        rc = nqpf_gm11_fit(x, n, horizon, &go, &g, err);
        if (!rc && rolling && horizon)
            rc = nqpf_gm11_rolling(x, n, horizon, &go, fc, err);
        if (rc) {
            if (in->has_unit)
                nqpf_error_context(err, data, "unit", ul);
            else if (!err->file[0])
                snprintf(err->file, sizeof err->file, "%s", data);
            nqpf_gm11_free(&g);
            break;
        }
        if (!g.ratio_ok)
            nqpf_cli_warn("%s%s%s: class ratios %.4g..%.4g fall outside (%.4g, %.4g): GM(1,1) may fit poorly "
                          "(a translated series x0 + c is the usual remedy)",
                          in->has_unit ? "unit '" : data, in->has_unit ? ul : "", in->has_unit ? "'" : "", g.lambda_min,
                          g.lambda_max, g.lambda_lo, g.lambda_hi);
        double step = NAN, last_num = NAN;
        if (in->period.level_num && last - first >= 2) {
            last_num = in->period.level_num[last - 1];
            step = last_num - in->period.level_num[last - 2];
        }
        nqpf_gm11_csv(fp, ul, &g, x, rolling ? fc : NULL, in->period.level + first, last_num, step);
        nqpf_gm11_free(&g);
    }
    free(at), free(x);
    return rc;
}

const nqpf_cmd_spec NQPF_FORECAST_CMD = {
    NQPF_FORECAST_OPTS, NQPF_FC_NOPTS, "forecast",
    "--data FILE --period COL --value COL [--unit COL] [--horizon H] --out FILE",
    "Grey GM(1,1) model per unit (Deng's classic form): 1-AGO, background values\n"
    "z(k) = alpha x1(k) + (1-alpha) x1(k-1) (alpha = 0.5), least squares for the\n"
    "development coefficient a and grey input b, time response\n"
    "x1hat(k+1) = (x0(1) - b/a) e^{-ak} + b/a, restored x0hat by differences.\n"
    "Reports the class-ratio (级比) test lambda(k) = x0(k-1)/x0(k) against\n"
    "(e^{-2/(n+1)}, e^{2/(n+1)}), residuals, relative errors, the posterior-error\n"
    "ratio C = S2/S1 and the small-error probability P = share of |e - mean e| < 0.6745 S1\n"
    "(residual statistics over k = 2..n and population SDs by default), the grade\n"
    "(1 good: P > 0.95, C < 0.35; 2 qualified: P > 0.80, C < 0.5; 3 barely: P > 0.70,\n"
    "C < 0.65; 4 unqualified), and H-step forecasts.  --rolling gives metabolic\n"
    "(新陈代谢) forecasts: one step, append it, drop the oldest value, refit.\n"
    "The series is the unit's values in period order (numeric when all periods are numbers);\n"
    "it must be positive, have at least 4 values and no gaps.\n\n"
    "Output: long CSV  unit,quantity,k,period,value  with quantities\n"
    "  a b c1 (= x0(1)-b/a) c2 (= b/a) n level_ratio_lo level_ratio_hi level_ratio_min\n"
    "  level_ratio_max level_ratio_pass mean_rel_error S1 S2 C P grade      (k empty)\n"
    "  x0 level_ratio x1hat x0hat residual rel_error                         (per k; k > n: forecasts)\n\n",
    "  nqpf forecast --data tests/ref/cases/compare/gm11_textbook/data.csv --period k --value x0 --horizon 3 --out -\n"
    "  nqpf forecast --data data/china_provinces_tech_wide.csv --unit province --period year --value v4_zh_nbzc_hj \\\n"
    "      --horizon 5 --rolling --out gm.csv\n",
    NQPF_INPUT_LONG, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
