/* nqpf did — difference-in-differences: TWFE, event study, placebo,
 * Callaway-Sant'Anna (the library's nqpf_did_run does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "nqpf/csv.h"
#include "nqpf/did.h"

static void warn(void *ctx, const char *msg)
{
    (void)ctx;
    nqpf_cli_warn("%s", msg);
}

static void help(const nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf did --data F --unit COL --period COL --y COL (--treat COL | --first-treated COL)\n"
           "                [--x A,B] [--absorb LIST] [--cluster LIST] [--event-window -K,L] [--ref -1]\n"
           "                [--placebo B --seed S] [--estimator twfe|cs] [--control never|notyet] [--boot B]\n"
           "                --out FILE [--stats FILE] [--event FILE] [--draws FILE]\n\n"
           "Difference-in-differences for (staggered) pilot policies.  Treatment timing: --first-treated G\n"
           "(the first treated period of each unit; 0 or empty = never treated; constant within a unit) or\n"
           "--treat D (a 0/1 post-treatment indicator that must never switch off: G = its first 1).\n\n"
           "TWFE: y on D_it = 1(t >= G_i) (+ --x) with unit and period effects absorbed (--absorb unit,period\n"
           "by default; any columns or a#b), errors clustered by unit (--cluster unit), reghdfe's small-sample\n"
           "factors (--dof all: every absorbed level counted, as areg / estimatr se_type=\"stata\").\n"
           "Event study (--event-window -K,L, or --event FILE alone for the full range): dummies for\n"
           "e = t - G in [-K, L] but --ref (default -1); e < -K is binned into -K and e > L into L; never-\n"
           "treated units are all zeros; the joint Wald F of every lead (e < 0) tests pre-trends.\n"
           "Placebo (--placebo B --seed S): B random permutations of the first-treatment periods across\n"
           "units, the TWFE coefficient of each; p = share of |b*| >= |b| (the same for any thread count).\n"
           "--estimator cs: Callaway & Sant'Anna ATT(g,t) (outcome regression; balanced panel; base period\n"
           "g-1 after treatment, t-1 before), never-treated or not-yet-treated controls, and did's simple,\n"
           "group, dynamic and calendar aggregations; analytic influence-function SEs (clustered by unit),\n"
           "or --boot B: multiplier-bootstrap SEs (seeded).  Units treated in the first period are dropped.\n\n"
           "Output: --out  model,term,group,time,e,estimate,se,t,p,ci_lo,ci_hi  (twfe, event, att_gt,\n"
           "simple, group, dynamic, calendar); --stats  statistic,value  (N, clusters, pretrend_F/p,\n"
           "placebo_p, ...); --event  e,estimate,se,ci_lo,ci_hi,obs,reference  (the plot; the reference row\n"
           "is 0); --draws  draw,estimate  (the placebo distribution).  docs/did.md has every convention.\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples (the bundled files in data/ have no policy-timing column, so these use Callaway and\n"
           "Sant'Anna's minimum-wage panel shipped with the tests):\n"
           "  nqpf did --data tests/ref/econ/mpdta.csv --unit countyreal --period year --y lemp \\\n"
           "      --first-treated first.treat --event-window -3,3 --placebo 200 --seed 1 \\\n"
           "      --out did.csv --stats did_stats.csv --event did_event.csv\n"
           "  nqpf did --data tests/ref/econ/mpdta.csv --unit countyreal --period year --y lemp \\\n"
           "      --first-treated first.treat --estimator cs --boot 999 --seed 1 --out cs.csv --event cs_event.csv\n");
}

int nqpf_cmd_did(int argc, char **argv)
{
    nqpf_did_request rq = {0};
    const char *enc_s = "auto", *estimator = "twfe", *control = "never";
    size_t seed = 1;
    int ref = -1, want_help = 0;
    size_t n_pos;
    rq.level = 0.95;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &rq.data, "FILE", "input CSV (or .xlsx, .dta), one row per unit and period", 0},
        {"unit", OPT_STR, &rq.unit, "COL", "panel unit column", 0},
        {"period", OPT_STR, &rq.period, "COL", "period column (numbers)", 0},
        {"y", OPT_STR, &rq.y, "COL", "outcome", 0},
        {"treat", OPT_STR, &rq.treat, "COL", "0/1 post-treatment indicator (never switches off)", 0},
        {"first-treated", OPT_STR, &rq.first_treated, "COL", "first treated period (0/empty: never)", 0},
        {"x", OPT_STR, &rq.x, "A,B", "covariates (cs: outcome regression on base-period values)", 0},
        {"absorb", OPT_STR, &rq.absorb, "LIST", "absorbed fixed effects (default unit,period)", 0},
        {"cluster", OPT_STR, &rq.cluster, "LIST", "cluster dimensions (default unit)", 0},
        {"dof", OPT_STR, &rq.dof, "KIND", "reghdfe (default) or all (count every absorbed level)", 0},
        {"event-window", OPT_STR, &rq.window, "-K,L", "event study: leads K, lags L, endpoints binned", 0},
        {"ref", OPT_INT, &ref, "E", "reference event time (default -1)", 0},
        {"placebo", OPT_SIZE, &rq.placebo, "B", "placebo draws (permuted treatment timing)", 0},
        {"seed", OPT_SIZE, &seed, "S", "seed of the placebo and the bootstrap (default 1)", 0},
        {"estimator", OPT_STR, &estimator, "KIND", "twfe (default) or cs (Callaway-Sant'Anna)", 0},
        {"control", OPT_STR, &control, "KIND", "cs controls: never (default) or notyet", 0},
        {"boot", OPT_SIZE, &rq.boot, "B", "cs: multiplier-bootstrap replications (0: analytic SEs)", 0},
        {"level", OPT_DOUBLE, &rq.level, "L", "confidence level (default 0.95)", 0},
        {"encoding", OPT_STR, &enc_s, "ENC", "auto (default), utf-8, gbk, gb18030", 0},
        {"stats", OPT_STR, &rq.stats, "FILE", "statistics: N, clusters, pre-trend test, placebo p", 0},
        {"event", OPT_STR, &rq.event, "FILE", "event-study rows for the plot", 0},
        {"draws", OPT_STR, &rq.draws, "FILE", "placebo draws", 0},
        {"out", OPT_STR, &rq.out, "FILE", "estimates CSV", 0},
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
    if (strcmp(estimator, "twfe") != 0 && strcmp(estimator, "cs") != 0) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--estimator takes twfe or cs, not '%s'", estimator);
        return nqpf_cli_error(&err);
    }
    if (strcmp(control, "never") != 0 && strcmp(control, "notyet") != 0) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--control takes never or notyet, not '%s'", control);
        return nqpf_cli_error(&err);
    }
    if (!(rq.level > 0.0 && rq.level < 1.0)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--level must lie in (0, 1)");
        return nqpf_cli_error(&err);
    }
    if (rq.boot == 1) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--boot needs at least 2 replications");
        return nqpf_cli_error(&err);
    }
    rq.encoding = (int)enc;
    rq.seed = (unsigned long long)seed;
    rq.ref = ref;
    rq.cs = strcmp(estimator, "cs") == 0;
    rq.notyet = strcmp(control, "notyet") == 0;
    return nqpf_did_run(&rq, warn, NULL, &err) ? nqpf_cli_error(&err) : 0;
}
