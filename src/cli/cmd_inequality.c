/* nqpf inequality — Gini, Atkinson's index, Wolfson's polarisation and the
 * Lorenz curve of one variable, per period (nqpf_inequality). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/disparity_csv.h"
#include "nqpf/util.h"

/* --epsilon: one inequality aversion >= 0 per item, given in order. */
static int aversions(const nqpf_optval *v, double *eps, nqpf_error *err)
{
    const nqpf_optval *e = &v[NQPF_INEQ_EPSILON];
    for (size_t i = 0; i < e->n_items; i++) {
        const char *why = NULL;
        if (nqpf_parse_cell(e->items[i], strlen(e->items[i]), &eps[i], &why) != NQPF_CELL_NUMBER || !(eps[i] >= 0))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--epsilon: '%s' is not a number >= 0", e->items[i]);
    }
    return NQPF_OK;
}

static int check(const nqpf_optval *v, nqpf_error *err)
{
    double eps[NQPF_INEQ_MAX_EPS];
    return aversions(v, eps, err);
}

typedef struct {
    nqpf_cmd_ctx *c;
    const double *eps;
    int warned;
} ineq_out;

static int period(void *ctx, const char *label, const double *y, const size_t *g, size_t m, nqpf_error *err)
{
    (void)g;
    ineq_out *o = ctx;
    nqpf_cmd_ctx *c = o->c;
    nqpf_ineq_result r;
    int rc = nqpf_inequality(y, m, o->eps, c->v[NQPF_INEQ_EPSILON].n_items, &r, err);
    if (rc)
        return rc;
    if (isnan(r.wolfson) && !o->warned) {
        nqpf_cli_warn_period(&c->in, c->v[NQPF_INEQ_DATA].text, label, "the median is 0",
                             "Wolfson's index is undefined and left empty");
        o->warned = 1;
    }
    nqpf_ineq_csv_row(c->fp, label, &r);
    if (c->side_opened)
        nqpf_ineq_csv_lorenz(c->side.fp, label, &r);
    nqpf_ineq_free(&r);
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    const char *lorenz = v[NQPF_INEQ_LORENZ].text;
    double eps[NQPF_INEQ_MAX_EPS];
    int rc = aversions(v, eps, err);
    if (!rc)
        rc = cmd_open_out(c, &NQPF_INEQ_CMD, err);
    if (!rc && lorenz)
        rc = cmd_open_side(c, lorenz, err);
    if (rc)
        return rc;
    nqpf_ineq_csv_header(c->fp, v[NQPF_INEQ_EPSILON].items, v[NQPF_INEQ_EPSILON].n_items);
    if (lorenz)
        fputs(NQPF_LORENZ_CSV_HEADER, c->side.fp);
    ineq_out o = {c, eps, 0};
    return nqpf_long_each_period(&c->in, v[NQPF_INEQ_DATA].text, period, &o, err);
}

const nqpf_cmd_spec NQPF_INEQ_CMD = {
    NQPF_INEQ_OPTS, NQPF_INEQ_NOPTS, NULL,
    "--data FILE --value COL [--unit COL] [--period COL] [--epsilon E,...] [--lorenz FILE] --out FILE",
    "Inequality and polarisation of one variable, per period: the Gini coefficient,\n"
    "Atkinson's index for each inequality aversion ε, Wolfson's bipolarisation\n"
    "index and (with --lorenz) the Lorenz curve.\n"
    "  Gini     G = sum_i sum_j |x_i - x_j| / (2 n^2 mu)            (R ineq::Gini, pysal)\n"
    "  Atkinson A_e = 1 - (mean (x/mu)^(1-e))^(1/(1-e)),  A_1 = 1 - exp(mean ln x)/mu  (R ineq::Atkinson;\n"
    "           1 exactly when e >= 1 and a value is 0)\n"
    "  Wolfson  W = 2 (2 (1/2 - L(1/2)) - G) mu / median   (Wolfson 1994, in [0, 1]; pysal's\n"
    "           inequality.wolfson is W/2); L(1/2) interpolated on the Lorenz points k/n\n"
    "Values must be >= 0 and not all 0 in a period.\n\n"
    "Output: period,n,mean,median,gini,wolfson,atkinson_E... (one column per --epsilon item);\n"
    "--lorenz FILE: period,p,L with the n + 1 points (k/n, share of the k smallest values).\n\n",
    "  nqpf inequality --data data/china_provinces_tech_wide.csv --unit province --period year \\\n"
    "      --value v4_zh_nbzc_hj --out inequality.csv\n"
    "  nqpf inequality --data data/china_provinces_tech_wide.csv --period year --value v4_zh_nbzc_hj \\\n"
    "      --epsilon 0.5,1,1.5,2 --lorenz lorenz.csv --out -\n",
    NQPF_INPUT_LONG, 1, "inequality", check, run, NULL, NULL, NULL, 0,
};
