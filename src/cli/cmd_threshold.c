/* nqpf threshold — Hansen (1999) fixed-effects panel threshold regression
 * (the library's nqpf_thr_run does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "nqpf/csv.h"
#include "nqpf/threshold.h"

static void help(const nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf threshold --data F --unit COL --period COL --y COL [--x A,B] --rx COL --q COL\n"
           "                      [--n 1|2|3] [--trim 0.01] [--grid all|N] [--bootstrap B --seed S]\n"
           "                      [--vce iid|robust|cluster] [--stats FILE] [--lr FILE] --out FILE\n\n"
           "Hansen's (1999) panel threshold model with unit fixed effects (as Stata's xthreg):\n"
           "the coefficients of the --rx regressors change when the threshold variable --q passes\n"
           "the thresholds g_1 < g_2 < g_3; --x regressors keep one coefficient.  Every candidate\n"
           "threshold is evaluated exactly: each distinct value of q that leaves at least --trim of\n"
           "the observations in every regime (--grid N: the N candidates nearest to evenly spaced\n"
           "quantiles, as xthreg's grid).  Further thresholds are found with the earlier ones held\n"
           "fixed, and the earlier ones are then re-estimated once (Hansen's refinement).\n"
           "F_k = (SSR_(k-1) - SSR_k) / (SSR_k / (n - N)); --bootstrap B: p-values and 90/95/99%%\n"
           "critical values by Hansen's fixed-regressor bootstrap (balanced panels; the same --seed\n"
           "gives the same numbers for any thread count).  Confidence sets of the thresholds from\n"
           "the LR statistic: LR(g) <= -2 ln(1 - sqrt(--level)).\n\n"
           "Output: --out  model,term,estimate,se,t,p,ci_lo,ci_hi  (x terms, then RX_r1 for q <= g_1,\n"
           "RX_r2 for g_1 < q <= g_2, ...); --stats  model,statistic,value  (gamma1, gamma1_lo,\n"
           "gamma1_hi, ssr0, ssr1, F1, F1_p, F1_crit95, ...); --lr  threshold,gamma,lr  (the LR curve\n"
           "of each threshold, for the plot).  docs/threshold.md has the details.\n\n");
    nqpf_args_print(o, n);
    printf("\nExample (bundled data):\n"
           "  nqpf threshold --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
           "      --y v4_cg_zlsq2_hj --x v4_zh_qsdl_hj --rx v4_zh_nbzc_hj --q v4_zh_nbzc_hj \\\n"
           "      --bootstrap 100 --out thr.csv --stats thr_stats.csv --lr thr_lr.csv\n");
}

int nqpf_cmd_threshold(int argc, char **argv)
{
    nqpf_thr_request rq = {0};
    const char *enc_s = "auto", *grid = "all";
    size_t seed = 1, n_thr = 1;
    int want_help = 0;
    size_t n_pos;
    rq.trim = 0.01;
    rq.level = 0.95;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &rq.data, "FILE", "input CSV (or .xlsx, .dta), one row per unit and period", 0},
        {"unit", OPT_STR, &rq.unit, "COL", "panel unit column (fixed effects)", 0},
        {"period", OPT_STR, &rq.period, "COL", "period column", 0},
        {"y", OPT_STR, &rq.y, "COL", "dependent variable", 0},
        {"x", OPT_STR, &rq.x, "A,B", "regime-independent regressors", 0},
        {"rx", OPT_STR, &rq.rx, "A,B", "regime-dependent regressors", 0},
        {"q", OPT_STR, &rq.q, "COL", "threshold variable", 0},
        {"n", OPT_SIZE, &n_thr, "K", "number of thresholds: 1 (default), 2 or 3", 0},
        {"trim", OPT_DOUBLE, &rq.trim, "P", "share of observations each regime keeps (default 0.01)", 0},
        {"grid", OPT_STR, &grid, "all|N", "candidates: every distinct value (all, default) or N quantiles", 0},
        {"bootstrap", OPT_SIZE, &rq.boot, "B", "bootstrap replications for the F tests (0: none)", 0},
        {"seed", OPT_SIZE, &seed, "S", "bootstrap seed (default 1)", 0},
        {"level", OPT_DOUBLE, &rq.level, "L", "confidence level of the threshold sets (default 0.95)", 0},
        {"vce", OPT_STR, &rq.vce, "KIND", "iid (default), robust (HC1) or cluster (on the unit)", 0},
        {"encoding", OPT_STR, &enc_s, "ENC", "auto (default), utf-8, gbk, gb18030", 0},
        {"stats", OPT_STR, &rq.stats, "FILE", "thresholds, intervals, SSRs, F tests", 0},
        {"lr", OPT_STR, &rq.lr, "FILE", "LR curves of the thresholds", 0},
        {"out", OPT_STR, &rq.out, "FILE", "coefficients CSV ('-' = standard output)", 0},
        {"force", OPT_FLAG, &rq.force, NULL, "overwrite existing output files", 0},
    };
    size_t n_opts = sizeof opts / sizeof opts[0];
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, NULL, 0, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    nqpf_encoding enc;
    if (nqpf_encoding_parse(enc_s, &enc)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "unknown --encoding '%s'", enc_s);
        return nqpf_cli_error(&err);
    }
    if (strcmp(grid, "all") != 0) {
        char *end = NULL;
        long g = strtol(grid, &end, 10);
        if (*end || g < 2) {
            nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--grid takes all or a number of points >= 2, not '%s'", grid);
            return nqpf_cli_error(&err);
        }
        rq.grid = (size_t)g;
    }
    if (!(rq.level > 0.0 && rq.level < 1.0)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--level must lie in (0, 1)");
        return nqpf_cli_error(&err);
    }
    if (rq.boot == 1) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--bootstrap needs at least 2 replications");
        return nqpf_cli_error(&err);
    }
    rq.encoding = (int)enc;
    rq.seed = (unsigned long long)seed;
    rq.n_thr = n_thr;
    return nqpf_thr_run(&rq, &err) ? nqpf_cli_error(&err) : 0;
}
