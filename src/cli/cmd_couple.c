/* nqpf couple — coupling degree, coordination index and coupling-coordination degree. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cmp_input.h"
#include "commands.h"
#include "nqpf/diagnose.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

#define MAX_SYSTEMS 64

static void help(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf couple --data FILE --systems A,B[,C...] [--unit COL] [--period COL] --out FILE\n\n"
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
           "Output: period,unit,<systems>,C,T,D,level,level_zh,level_en,coupling\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf couple --data u.csv --unit province --period year --systems tech,industry --out ccd.csv\n"
           "  nqpf couple --data u.csv --unit city --systems econ,society,env --alpha 0.4,0.3,0.3 --out -\n");
}

int nqpf_cmd_couple(int argc, char **argv)
{
    const char *data = NULL, *unit = NULL, *period = NULL, *systems = NULL, *alpha_s = NULL, *kind_s = "standard",
               *out = NULL;
    int force = 0, want_help = 0;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "input CSV with one column per subsystem index", 0},
        {"systems", OPT_STR, &systems, "A,B,...", "the subsystem index columns (2 or more, values in [0,1])", 0},
        {"unit", OPT_STR, &unit, "COL", "unit label column", 0},
        {"period", OPT_STR, &period, "COL", "period label column", 0},
        {"alpha", OPT_STR, &alpha_s, "a1,a2,...", "weights of the coordination index T (default equal; must sum to 1)", 0},
        {"coupling", OPT_STR, &kind_s, "standard|nofactor", "coupling-degree formula (default standard)", 0},
        {"out", OPT_STR, &out, "FILE", "output CSV ('-' = standard output)", 0},
        {"force", OPT_FLAG, &force, NULL, "overwrite an existing output file", 0},
    };
    size_t n_opts = sizeof opts / sizeof opts[0], n_pos;
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, NULL, 0, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    if (!data || !systems || !out) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data, --systems and --out are required (see --help)");
        return nqpf_cli_error(&err);
    }
    nqpf_coupling_kind kind;
    if (nqpf_coupling_parse(kind_s, &kind)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--coupling must be 'standard' or 'nofactor', got '%s'", kind_s);
        return nqpf_cli_error(&err);
    }
    char *sys_buf = nqpf_strdup(systems), *alpha_buf = alpha_s ? nqpf_strdup(alpha_s) : NULL;
    char *sys[MAX_SYSTEMS], *al[MAX_SYSTEMS];
    double alpha[MAX_SYSTEMS];
    int ns = sys_buf ? nqpf_split_list(sys_buf, sys, MAX_SYSTEMS) : -1;
    int rc = NQPF_OK;
    if (ns < 2) {
        rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--systems needs 2 to %d column names separated by commas",
                       MAX_SYSTEMS);
        goto early;
    }
    if (alpha_buf) {
        int na = nqpf_split_list(alpha_buf, al, MAX_SYSTEMS);
        double sum = 0.0;
        if (na != ns) {
            rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--alpha needs %d weights, one per subsystem", ns);
            goto early;
        }
        for (int i = 0; i < ns; i++) {
            char *end;
            alpha[i] = strtod(al[i], &end);
            if (*end || !(alpha[i] >= 0.0) || !isfinite(alpha[i])) {
                rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--alpha: '%s' is not a non-negative number", al[i]);
                goto early;
            }
            sum += alpha[i];
        }
        if (fabs(sum - 1.0) > 1e-9) {
            rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--alpha weights sum to %g, not 1", sum);
            goto early;
        }
    } else {
        for (int i = 0; i < ns; i++)
            alpha[i] = 1.0 / ns;
    }
early:
    free(alpha_buf);
    if (rc) {
        free(sys_buf);
        return nqpf_cli_error(&err);
    }
    nqpf_table *t = NULL;
    nqpf_factor uf = {0}, pf = {0};
    double *U = NULL;
    size_t col[MAX_SYSTEMS];
    nqpf_outfile of;
    int opened = 0;
    if ((rc = nqpf_table_read(&t, data, NQPF_ENC_AUTO, &err)))
        goto done;
    if (t->n_rows == 0) {
        rc = nqpf_fail(&err, NQPF_EINPUT, data, 0, 0, "no data rows");
        goto done;
    }
    for (int i = 0; i < ns; i++)
        if ((rc = nqpf_table_require(t, sys[i], &col[i], &err)))
            goto done;
    if ((rc = unit ? nqpf_factor_build(t, unit, &uf, &err) : nqpf_factor_single(t->n_rows, &uf, &err)) ||
        (rc = period ? nqpf_factor_build(t, period, &pf, &err) : nqpf_factor_single(t->n_rows, &pf, &err)))
        goto done;
    U = malloc((t->n_rows * (size_t)ns + 1) * sizeof *U);
    if (!U) {
        rc = nqpf_fail_nomem(&err);
        goto done;
    }
    for (size_t r = 0; r < t->n_rows; r++)
        for (int i = 0; i < ns; i++) {
            double *u = &U[r * (size_t)ns + (size_t)i];
            rc = nqpf_table_number(t, r, col[i], u, &err);
            if (rc == NQPF_EMISSING)
                rc = nqpf_fail(&err, NQPF_EMISSING, data, t->line[r], (long)col[i] + 1, "missing value of '%s'", sys[i]);
            else if (!rc && !(*u >= 0.0 && *u <= 1.0))
                rc = nqpf_fail(&err, NQPF_EINPUT, data, t->line[r], (long)col[i] + 1,
                               "subsystem index %s of '%s' is outside [0,1]", nqpf_table_get(t, r, col[i]), sys[i]);
            if (rc)
                goto done;
        }
    if ((rc = nqpf_outfile_open(&of, out, force, &err)))
        goto done;
    opened = 1;
    FILE *fp = of.fp;
    fputs("period,unit", fp);
    for (int i = 0; i < ns; i++) {
        fputc(',', fp);
        nqpf_csv_put_field(fp, sys[i]);
    }
    fputs(",C,T,D,level,level_zh,level_en,coupling\n", fp);
    for (size_t q = 0; q < pf.n_levels; q++)
        for (size_t r = 0; r < t->n_rows; r++) {
            if (pf.code[r] != q)
                continue;
            const double *u = &U[r * (size_t)ns];
            double C, T, D;
            if ((rc = nqpf_coupling(u, (size_t)ns, alpha, kind, &C, &T, &D, &err)))
                goto done;
            int cls = nqpf_coupling_class(D);
            nqpf_csv_put_field(fp, pf.level[q]);
            fputc(',', fp);
            nqpf_csv_put_field(fp, uf.level[uf.code[r]]);
            for (int i = 0; i < ns; i++) {
                fputc(',', fp);
                nqpf_csv_put_num(fp, u[i]);
            }
            fputc(',', fp);
            nqpf_csv_put_num(fp, C);
            fputc(',', fp);
            nqpf_csv_put_num(fp, T);
            fputc(',', fp);
            nqpf_csv_put_num(fp, D);
            fprintf(fp, ",%d,%s,%s,%s\n", cls, nqpf_coupling_class_zh(cls), nqpf_coupling_class_en(cls),
                    nqpf_coupling_name(kind));
        }
    rc = nqpf_outfile_commit(&of, &err);
    opened = 0;
done:
    if (opened)
        nqpf_outfile_abort(&of);
    free(U);
    free(sys_buf);
    nqpf_factor_free(&uf);
    nqpf_factor_free(&pf);
    nqpf_table_free(t);
    return rc ? nqpf_cli_error(&err) : 0;
}
