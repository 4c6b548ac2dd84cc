/* nqpf inequality — Gini, Atkinson's index, Wolfson's polarisation and the
 * Lorenz curve of one variable, per period (nqpf_inequality). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
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

static void header(FILE *fp, const nqpf_optval *v)
{
    fputs("period,n,mean,median,gini,wolfson", fp);
    for (size_t i = 0; i < v[NQPF_INEQ_EPSILON].n_items; i++) {
        fputs(",atkinson_", fp);
        fputs(v[NQPF_INEQ_EPSILON].items[i], fp);
    }
    fputc('\n', fp);
}

static void result_row(FILE *fp, const char *period, const nqpf_ineq_result *r)
{
    nqpf_csv_put_field(fp, period);
    double cells[] = {(double)r->n, r->mean, r->median, r->gini, r->wolfson};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        fputc(',', fp);
        nqpf_csv_put_num(fp, cells[i]);
    }
    for (size_t e = 0; e < r->n_eps; e++) {
        fputc(',', fp);
        nqpf_csv_put_num(fp, r->atkinson[e]);
    }
    fputc('\n', fp);
}

static void lorenz_rows(FILE *fp, const char *period, const nqpf_ineq_result *r)
{
    for (size_t k = 0; k <= r->n; k++) {
        nqpf_csv_put_field(fp, period);
        fputc(',', fp);
        nqpf_csv_put_num(fp, (double)k / (double)r->n);
        fputc(',', fp);
        nqpf_csv_put_num(fp, r->lorenz[k]);
        fputc('\n', fp);
    }
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    const cmp_input *in = &c->in;
    const char *data = v[NQPF_INEQ_DATA].text, *lorenz = v[NQPF_INEQ_LORENZ].text;
    double eps[NQPF_INEQ_MAX_EPS];
    double *y = malloc((in->t->n_rows ? in->t->n_rows : 1) * sizeof *y);
    int rc = !y ? nqpf_fail_nomem(err) : aversions(v, eps, err);
    if (!rc)
        rc = cmd_open_out(c, &NQPF_INEQ_CMD, err);
    if (!rc && lorenz)
        rc = cmd_open_side(c, lorenz, err);
    if (rc) {
        free(y);
        return rc;
    }
    header(c->fp, v);
    if (lorenz)
        fputs("period,p,L\n", c->side.fp);
    int warned = 0;
    for (size_t p = 0; p < in->period.n_levels && !rc; p++) {
        const char *pl = in->period.level[p];
        size_t m = cmp_input_period(in, p, y, NULL, NULL);
        nqpf_ineq_result r;
        if ((rc = nqpf_inequality(y, m, eps, v[NQPF_INEQ_EPSILON].n_items, &r, err))) {
            if (in->has_period)
                cmp_error_context(err, data, "period", pl);
            break;
        }
        if (isnan(r.wolfson) && !warned) {
            cmp_warn_period(in, data, pl, "the median is 0", "Wolfson's index is undefined and left empty");
            warned = 1;
        }
        result_row(c->fp, pl, &r);
        if (lorenz)
            lorenz_rows(c->side.fp, pl, &r);
        nqpf_ineq_free(&r);
    }
    free(y);
    return rc;
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
    NQPF_INPUT_LONG, 1, "inequality", check, run, NULL,
};
