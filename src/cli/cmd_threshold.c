/* nqpf threshold — Hansen (1999) fixed-effects panel threshold regression:
 * its options are NQPF_THRESHOLD_OPTS (src/reg/options.c), the library's
 * nqpf_thr_run does the work. */
#include "commands.h"
#include "nqpf/reg_opts.h"

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    nqpf_thr_request rq;
    int rc = nqpf_thr_request_from(c->v, &rq, err);
    return rc ? rc : nqpf_thr_run(&rq, err);
}

const nqpf_cmd_spec NQPF_THRESHOLD_CMD = {
    NQPF_THRESHOLD_OPTS, NQPF_THR_NOPTS, NULL,
    "--data F --unit COL --period COL --y COL [--x A,B] --rx COL --q COL\n"
    "                      [--n 1|2|3] [--trim 0.01] [--grid all|N] [--bootstrap B --seed S]\n"
    "                      [--vce iid|robust|cluster] [--stats FILE] [--lr FILE] --out FILE",
    "Hansen's (1999) panel threshold model with unit fixed effects (as Stata's xthreg):\n"
    "the coefficients of the --rx regressors change when the threshold variable --q passes\n"
    "the thresholds g_1 < g_2 < g_3; --x regressors keep one coefficient.  Every candidate\n"
    "threshold is evaluated exactly: each distinct value of q that leaves at least --trim of\n"
    "the observations in every regime (--grid N: the N candidates nearest to evenly spaced\n"
    "quantiles, as xthreg's grid).  Further thresholds are found with the earlier ones held\n"
    "fixed, and the earlier ones are then re-estimated once (Hansen's refinement).\n"
    "F_k = (SSR_(k-1) - SSR_k) / (SSR_k / (n - N)); --bootstrap B: p-values and 90/95/99%\n"
    "critical values by Hansen's fixed-regressor bootstrap (balanced panels; the same --seed\n"
    "gives the same numbers for any thread count).  Confidence sets of the thresholds from\n"
    "the LR statistic: LR(g) <= -2 ln(1 - sqrt(--level)).\n\n"
    "Output: --out  model,term,estimate,se,t,p,ci_lo,ci_hi  (x terms, then RX_r1 for q <= g_1,\n"
    "RX_r2 for g_1 < q <= g_2, ...); --stats  model,statistic,value  (gamma1, gamma1_lo,\n"
    "gamma1_hi, ssr0, ssr1, F1, F1_p, F1_crit95, ...); --lr  threshold,gamma,lr  (the LR curve\n"
    "of each threshold, for the plot).  docs/threshold.md has the details.\n\n",
    "  nqpf threshold --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --y v4_cg_zlsq2_hj --x v4_zh_qsdl_hj --rx v4_zh_nbzc_hj --q v4_zh_qsdl_yjry \\\n"
    "      --bootstrap 100 --out thr.csv --stats thr_stats.csv --lr thr_lr.csv\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
