/* nqpf reg — linear regression with absorbed fixed effects, clustered
 * errors and IV: its options are NQPF_REG_OPTS (src/reg/options.c), the
 * library's nqpf_reg_run does the work. */
#include "commands.h"
#include "nqpf/reg_opts.h"

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    nqpf_reg_request rq;
    int rc = nqpf_reg_request_from(c->v, &rq, err);
    return rc ? rc : nqpf_reg_run(&rq, nqpf_cli_warn_cb, NULL, err);
}

const nqpf_cmd_spec NQPF_REG_CMD = {
    NQPF_REG_OPTS, NQPF_RGO_NOPTS, NULL,
    "--data F --y COL --x A,B,... [--unit COL --period COL] [--absorb LIST]\n"
    "                [--vce iid|robust|cluster] [--cluster COL[,COL]] [--iv ENDOG=Z1,Z2[;ENDOG2=...]]\n"
    "                [--by COL] [--weights COL] [--dof reghdfe|all|xtreg] [--stats FILE] --out FILE",
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
    "partial_r2:ENDOG, cragg_donald_F, kp_rk_wald_F, sargan / hansen_J ...).\n\n",
    "  nqpf reg --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "           --y v4_zh_nbzc_hj --x v4_zh_qsdl_hj,v4_cg_zlsq_hj --absorb unit,period --cluster unit \\\n"
    "           --out baseline.csv --stats baseline_stats.csv\n"
    "  nqpf reg --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "           --y v4_zh_nbzc_hj --x v4_cg_zlsq_hj --absorb unit,region4#period --vce robust --out r.csv\n"
    "  nqpf reg --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "           --y v4_zh_nbzc_hj --x v4_zh_qsdl_hj --absorb unit,period --by region4 --cluster unit --out by.csv\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
