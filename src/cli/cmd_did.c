/* nqpf did — difference-in-differences: TWFE, event study, placebo,
 * Callaway-Sant'Anna (the library's nqpf_did_run does the work). */
#include "commands.h"
#include "nqpf/did.h"
#include "nqpf/did_opts.h"

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    nqpf_did_request rq;
    int rc = nqpf_did_request_from(c->v, &rq, err);
    return rc ? rc : nqpf_did_run(&rq, nqpf_cli_warn_cb, NULL, err);
}

const nqpf_cmd_spec NQPF_DID_CMD = {
    NQPF_DID_OPTS, NQPF_DID_NOPTS, NULL,
    "--data F --unit COL --period COL --y COL (--treat COL | --first-treated COL)\n"
    "                [--x A,B] [--absorb LIST] [--cluster LIST] [--event-window -K,L] [--ref -1]\n"
    "                [--placebo B --seed S] [--estimator twfe|cs] [--control never|notyet] [--boot B]\n"
    "                --out FILE [--stats FILE] [--event FILE] [--draws FILE]",
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
    "is 0); --draws  draw,estimate  (the placebo distribution).  docs/did.md has every convention.\n"
    "The bundled files in data/ have no policy-timing column, so the examples use Callaway and\n"
    "Sant'Anna's minimum-wage panel shipped with the tests.\n\n",
    "  nqpf did --data tests/ref/econ/mpdta.csv --unit countyreal --period year --y lemp \\\n"
    "      --first-treated first.treat --event-window -3,3 --placebo 200 --seed 1 \\\n"
    "      --out did.csv --stats did_stats.csv --event did_event.csv\n"
    "  nqpf did --data tests/ref/econ/mpdta.csv --unit countyreal --period year --y lemp \\\n"
    "      --first-treated first.treat --estimator cs --boot 999 --seed 1 --out cs.csv --event cs_event.csv\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
