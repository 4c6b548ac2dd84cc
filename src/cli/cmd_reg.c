/* nqpf reg — linear regression with absorbed fixed effects, clustered
 * errors and IV (the library's nqpf_reg_run does the work). */
#include <stdio.h>

#include "args.h"
#include "commands.h"
#include "nqpf/csv.h"
#include "nqpf/reg.h"

static void help(const nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf reg --data F --y COL --x A,B,... [--unit COL --period COL] [--absorb LIST]\n"
           "                [--vce iid|robust|cluster] [--cluster COL[,COL]] [--iv ENDOG=Z1,Z2[;ENDOG2=...]]\n"
           "                [--by COL] [--weights COL] [--dof reghdfe|all|xtreg] [--stats FILE] --out FILE\n\n"
           "Least squares (or 2SLS with --iv) with any number of absorbed fixed effects, as Stata's\n"
           "reghdfe / ivreghdfe: --absorb takes columns, `unit` and `period` (the --unit and --period\n"
           "columns) and interactions a#b; absorbed effects are projected out (exactly for one\n"
           "dimension, conjugate-gradient alternating projections for more), never estimated as\n"
           "dummies.  Rows with a missing cell are dropped listwise, singleton groups iteratively\n"
           "(both reported).  Without --absorb a constant _cons is estimated.  Standard errors:\n"
           "iid, HC1 robust, or clustered on one or more columns (Cameron-Gelbach-Miller), with\n"
           "reghdfe's small-sample rules (--dof all counts every absorbed level, as areg and\n"
           "estimatr; --dof xtreg as xtreg, fe); docs/reg.md writes out every rule.\n\n"
           "Output: CSV  model,term,estimate,se,t,p,ci_lo,ci_hi  (by first with --by; model ols or\n"
           "2sls, first:ENDOG for first stages).  --stats: CSV  model,statistic,value  (N, N_missing,\n"
           "N_singletons, levels:FE, df_a, clusters:COL, K, df_r, r2, r2_adj, r2_within, F, first_F:ENDOG,\n"
           "partial_r2:ENDOG, cragg_donald_F, kp_rk_wald_F, sargan / hansen_J ...).\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples (bundled data):\n"
           "  nqpf reg --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
           "           --y v4_zh_nbzc_hj --x v4_zh_qsdl_hj,v4_cg_zlsq_hj --absorb unit,period --cluster unit \\\n"
           "           --out baseline.csv --stats baseline_stats.csv\n"
           "  nqpf reg --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
           "           --y v4_zh_nbzc_hj --x v4_cg_zlsq_hj --absorb unit,region4#period --vce robust --out r.csv\n"
           "  nqpf reg --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
           "           --y v4_zh_nbzc_hj --x v4_zh_qsdl_hj --absorb unit,period --by region4 --cluster unit --out by.csv\n");
}

static void warn(void *ctx, const char *msg)
{
    (void)ctx;
    nqpf_cli_warn("%s", msg);
}

int nqpf_cmd_reg(int argc, char **argv)
{
    nqpf_reg_request rq = {0};
    const char *enc_s = "auto";
    size_t seed = 1;
    int want_help = 0;
    size_t n_pos;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &rq.data, "FILE", "input CSV (or .xlsx, .dta), one row per observation", 0},
        {"y", OPT_STR, &rq.y, "COL", "dependent variable", 0},
        {"x", OPT_STR, &rq.x, "A,B,...", "exogenous regressors", 0},
        {"unit", OPT_STR, &rq.unit, "COL", "panel unit column (`unit` in --absorb / --cluster)", 0},
        {"period", OPT_STR, &rq.period, "COL", "period column (`period` in --absorb)", 0},
        {"absorb", OPT_STR, &rq.absorb, "LIST", "fixed effects to absorb: unit, period, columns, a#b", 0},
        {"vce", OPT_STR, &rq.vce, "KIND", "iid (default), robust (HC1) or cluster (default with --cluster)", 0},
        {"cluster", OPT_STR, &rq.cluster, "COL[,COL]", "cluster variables (two or more: multi-way)", 0},
        {"iv", OPT_STR, &rq.iv, "E=Z1,Z2;...", "endogenous regressors and their excluded instruments (2SLS)", 0},
        {"by", OPT_STR, &rq.by, "COL", "fit the model separately in each group of COL", 0},
        {"weights", OPT_STR, &rq.weights, "COL", "analytic weights (> 0)", 0},
        {"dof", OPT_STR, &rq.dof, "RULE", "reghdfe (default), all (areg, estimatr) or xtreg", 0},
        {"cluster-adj", OPT_STR, &rq.cluster_adj, "RULE",
         "multi-way: min (one Gmin/(Gmin-1), reghdfe; default) or each (per term, sandwich/cgmreg)", 0},
        {"center", OPT_FLAG, &rq.center, NULL, "centre the parts of A*M interaction terms at their means", 0},
        {"at", OPT_STR, &rq.at, "V1,V2", "moderator values for the marginal effects of A*M (default mean-sd, mean, mean+sd)",
         0},
        {"winsor", OPT_STR, &rq.winsor, "LO,HI",
         "winsorise y, the regressors and instruments at these percentiles (e.g. 1,99; Stata's winsor2)", 0},
        {"winsor-by", OPT_STR, &rq.winsor_by, "COL", "winsorise within the groups of COL (e.g. period)", 0},
        {"utest", OPT_STR, &rq.utest, "X", "U shape: add X^2, Lind-Mehlum test and turning point (X in --x)", 0},
        {"bdiff", OPT_STR, &rq.bdiff, "TERM",
         "with --by (2 groups): permutation test of TERM's coefficient difference (--boot B, default 1000)", 0},
        {"mediator", OPT_STR, &rq.mediator, "M",
         "mechanism test: total, a (M on the first --x) and b paths, Sobel z", 0},
        {"boot", OPT_SIZE, &rq.boot, "B", "replications: bootstrap of a*b (--mediator), permutations (--bdiff)", 0},
        {"seed", OPT_SIZE, &seed, "S", "bootstrap seed (default 1)", 0},
        {"level", OPT_DOUBLE, &rq.level, "L", "bootstrap interval level (default 0.95)", 0},
        {"boot-reps", OPT_STR, &rq.boot_reps, "FILE", "write each replication's a, b, a*b", 0},
        {"keep-singletons", OPT_FLAG, &rq.keep_singletons, NULL, "keep singleton groups", 0},
        {"tol", OPT_DOUBLE, &rq.tol, "T", "tolerance of the projections (default 1e-13)", 0},
        {"encoding", OPT_STR, &enc_s, "ENC", "auto (default), utf-8, gbk, gb18030", 0},
        {"stats", OPT_STR, &rq.stats, "FILE", "model statistics CSV", 0},
        {"table", OPT_STR, &rq.table, "FILE",
         "the paper's table (.tex: LaTeX booktabs, else CSV): stars, (se), FE rows, N, R2", 0},
        {"digits", OPT_SIZE, &rq.digits, "D", "decimals in --table (default 3)", 0},
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
    rq.encoding = (int)enc;
    rq.seed = (unsigned long long)seed;
    if (rq.level != 0.0 && !(rq.level > 0.0 && rq.level < 1.0)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--level must lie in (0, 1)");
        return nqpf_cli_error(&err);
    }
    if (rq.boot == 1) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--boot needs at least 2 replications");
        return nqpf_cli_error(&err);
    }
    if (rq.tol < 0.0 || rq.tol >= 1e-3) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--tol must lie in (0, 1e-3)");
        return nqpf_cli_error(&err);
    }
    return nqpf_reg_run(&rq, warn, NULL, &err) ? nqpf_cli_error(&err) : 0;
}
