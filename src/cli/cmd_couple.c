/* nqpf couple — coupling degree, coordination index and coupling-coordination degree. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/diagnose.h"
#include "nqpf/long_input.h"
#include "nqpf/util.h"



/* --alpha: one non-negative weight per subsystem, summing to 1 (the
 * weights themselves into alpha when it is not NULL; equal without it). */
static int weights(const nqpf_optval *v, double *alpha, nqpf_error *err)
{
    size_t ns = v[NQPF_CPL_SYSTEMS].n_items;
    const nqpf_optval *a = &v[NQPF_CPL_ALPHA];
    if (!a->seen) {
        for (size_t i = 0; alpha && i < ns; i++)
            alpha[i] = 1.0 / (double)ns;
        return NQPF_OK;
    }
    if (a->n_items != ns)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--alpha needs %zu weights, one per subsystem", ns);
    double sum = 0.0, w;
    for (size_t i = 0; i < ns; i++) {
        const char *it = a->items[i];
        if (nqpf_parse_cell(it, strlen(it), &w, NULL) != NQPF_CELL_NUMBER || !(w >= 0.0))
            return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--alpha: '%s' is not a non-negative number", it);
        if (alpha)
            alpha[i] = w;
        sum += w;
    }
    if (fabs(sum - 1.0) > 1e-9)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--alpha weights sum to %g, not 1", sum);
    return NQPF_OK;
}

static int check(const nqpf_optval *v, nqpf_error *err)
{
    return weights(v, NULL, err);
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    const nqpf_long_input *in = &c->in;
    char **sys = v[NQPF_CPL_SYSTEMS].items;
    size_t ns = v[NQPF_CPL_SYSTEMS].n_items, n = in->n_rows;
    nqpf_coupling_kind kind = (nqpf_coupling_kind)v[NQPF_CPL_COUPLING].i;
    double alpha[NQPF_CPL_MAX_SYSTEMS];
    int rc = weights(v, alpha, err);
    for (size_t r = 0; r < n && !rc; r++) /* the first bad cell in file order */
        for (size_t j = 0; j < ns && !rc; j++) {
            double x = in->cols[j * n + r];
            if (!(x >= 0.0 && x <= 1.0)) {
                char cell[128];
                rc = nqpf_fail(err, NQPF_EINPUT, in->path, in->line[r], in->col_at[j],
                               "subsystem index %s of '%s' is outside [0,1]",
                               nqpf_long_cell(in, r, in->col_at[j], x, cell, sizeof cell), sys[j]);
            }
        }
    if (rc || (rc = cmd_open_out(c, &NQPF_COUPLE_CMD, err)))
        return rc;
    return nqpf_coupling_csv(c->fp, in->cols, n, sys, ns, alpha, kind, in->period.code, in->period.level,
                             in->period.n_levels, in->unit.code, in->unit.level, err);
}

const nqpf_cmd_spec NQPF_COUPLE_CMD = {
    NQPF_COUPLE_OPTS, NQPF_CPL_NOPTS, "coupling",
    "--data FILE --systems A,B[,C...] [--unit COL] [--period COL] --out FILE",
    "Coupling degree C, comprehensive coordination index T and coupling-coordination\n"
    "degree D of n >= 2 subsystems whose indices U_i in [0,1] are columns of FILE:\n"
    "  C = n [prod U_i / (sum U_i)^n]^(1/n)     (--coupling standard, default;\n"
    "                                            n = 2: 2 sqrt(U1 U2)/(U1+U2))\n"
    "  C = [prod U_i / (sum U_i)^n]^(1/n)       (--coupling nofactor: the form without\n"
    "                                            the factor n found in many papers, = C/n)\n"
    "  T = sum alpha_i U_i   (alpha equal by default),   D = sqrt(C T)\n"
    "Levels of D (ten-level scale): [0,0.1) 1 极度失调, [0.1,0.2) 2 严重失调,\n"
    "[0.2,0.3) 3 中度失调, [0.3,0.4) 4 轻度失调, [0.4,0.5) 5 濒临失调, [0.5,0.6) 6 勉强协调,\n"
    "[0.6,0.7) 7 初级协调, [0.7,0.8) 8 中级协调, [0.8,0.9) 9 良好协调, [0.9,1] 10 优质协调.\n\n"
    "Output: period,unit,<systems>,C,T,D,level,level_zh,level_en,coupling\n\n",
    "  nqpf index --data data/china_provinces_tech_wide.csv --system data/nqpf_system.csv --unit province \\\n"
    "      --period year --missing interpolate --out idx-out\n"
    "  nqpf couple --data idx-out/scores.csv --unit unit --period period --systems 新技术,新质劳动者 --out ccd.csv\n"
    "  nqpf couple --data idx-out/scores.csv --unit unit --period period \\\n"
    "      --systems 新技术,新质劳动者,新质劳动对象 --alpha 0.4,0.3,0.3 --out -\n",
    /* the subsystem indices are the numeric columns (a missing one is an
     * error at its cell); every row is a case, unit and period label it */
    NQPF_INPUT_LONG, 0, NULL, check, run, NULL, NULL, "systems", NQPF_IN_LABELS | NQPF_IN_QUOTE_COLS,
};
