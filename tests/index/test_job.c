/* The index job (include/nqpf/index_job.h), the steps `nqpf index` and the
 * report share: option values into the pipeline's options, the system's
 * columns checked against the data, the panel read and its gaps filled
 * (values derived by hand), and the errors each step reports. */
#include <unistd.h>

#include "nqpf/index_job.h"
#include "nqpf/index_opts.h"
#include "test.h"

static char tmpdir[] = "/tmp/nqpf-test-job-XXXXXX";

static const char *write_tmp(const char *name, const char *text)
{
    static char path[4][512];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    FILE *fp = fopen(p, "wb");
    fputs(text, fp);
    fclose(fp);
    return p;
}

/* Option values as the command line gives them: name, value pairs (a
 * flag's value is ignored), the table's defaults for the rest. */
static int opts(nqpf_optval *v, const char *const *set, size_t n_set, nqpf_error *err)
{
    nqpf_opt_init(v, NQPF_IX_NOPTS);
    for (size_t i = 0; i < n_set; i += 2)
        for (size_t k = 0; k < NQPF_IX_NOPTS; k++)
            if (!strcmp(NQPF_INDEX_OPTS[k].name, set[i])) {
                v[k].seen = 1;
                if (NQPF_INDEX_OPTS[k].type == NQPF_OPT_FLAG) /* a flag takes no value */
                    v[k].i = 1;
                else if (nqpf_opt_set(&NQPF_INDEX_OPTS[k], set[i + 1], NULL, &v[k], err))
                    return 1;
            }
    return nqpf_opt_defaults(NQPF_INDEX_OPTS, NQPF_IX_NOPTS, v, err);
}

static void test_options(void)
{
    nqpf_optval v[NQPF_IX_NOPTS];
    nqpf_error err;
    nqpf_index_job j;
    nqpf_index_options def;
    nqpf_index_options_default(&def);
    /* the table's defaults are the library's defaults */
    CHECK(opts(v, NULL, 0, &err) == 0);
    nqpf_index_job_init(&j);
    CHECK(nqpf_index_job_options(&j, v, &err) == NQPF_OK);
    CHECK(j.o.normalize == def.normalize && j.o.scope == def.scope && j.o.combo_mode == def.combo_mode);
    CHECK(j.o.aggregate == def.aggregate && j.o.ri == def.ri && j.o.ahp_method == def.ahp_method);
    CHECK(j.o.shift == def.shift && j.o.alpha == def.alpha && j.o.rho == def.rho && j.o.vikor_v == def.vikor_v);
    CHECK(j.o.pca_share == def.pca_share && !j.o.hierarchical && !j.o.robustness && !j.o.allow_inconsistent);
    CHECK(j.ws && j.o.weights == j.ws && !j.wd && !j.o.dim_weights);
    CHECK_STR(j.ws->text, "entropy");
    nqpf_index_job_free(&j);
    nqpf_opt_free(v, NQPF_IX_NOPTS);
    /* each choice reaches its enum */
    const char *set[] = {"scope", "period", "combine", "linear", "normalize", "vector", "aggregate", "vikor",
                         "ri", "tummala", "ahp-method", "geometric", "hierarchical", "1", "dim-weights", "equal",
                         "weights", "combo:entropy+critic", "alpha", "0.25", "robustness", "1"};
    CHECK(opts(v, set, sizeof set / sizeof *set, &err) == 0);
    nqpf_index_job_init(&j);
    j.encoding = NQPF_ENC_GB18030;
    CHECK(nqpf_index_job_options(&j, v, &err) == NQPF_OK);
    CHECK(j.o.scope == NQPF_SCOPE_PERIOD && j.o.combo_mode == NQPF_COMBO_LINEAR);
    CHECK(j.o.normalize == NQPF_NORM_VECTOR && j.o.aggregate == NQPF_AGG_VIKOR);
    CHECK(j.o.ri == NQPF_RI_TUMMALA1998 && j.o.ahp_method == NQPF_AHP_GEOMETRIC);
    CHECK(j.o.hierarchical == 1 && j.o.robustness == 1 && j.o.alpha == 0.25 && j.o.encoding == NQPF_ENC_GB18030);
    CHECK(j.wd && j.o.dim_weights == j.wd && j.ws->a && j.ws->b);
    nqpf_index_job_free(&j);
    nqpf_opt_free(v, NQPF_IX_NOPTS);
    /* dimension weights need the hierarchy */
    const char *bad[] = {"dim-weights", "equal"};
    CHECK(opts(v, bad, 2, &err) == 0);
    nqpf_index_job_init(&j);
    CHECK(nqpf_index_job_options(&j, v, &err) == NQPF_EUSAGE);
    CHECK_STR(err.msg, "--dim-weights needs --hierarchical");
    nqpf_index_job_free(&j);
    nqpf_opt_free(v, NQPF_IX_NOPTS);
}

static const char *SYS = "column,direction,dimension\nx1,+,D1\nx2,-,D2\n";

static void job_files(nqpf_index_job *j, const char *data, const char *sys)
{
    nqpf_index_job_init(j);
    j->data = data, j->system = sys, j->unit = "u", j->period = "y";
}

static void test_read_and_fill(void)
{
    const char *data = write_tmp("d.csv", "u,y,x1,x2\nA,2020,1,5\nA,2021,,6\nA,2022,3,7\n"
                                          "B,2020,2,1\nB,2021,4,2\nB,2022,6,3\n");
    const char *sys = write_tmp("s.csv", SYS);
    nqpf_index_job j;
    nqpf_error err;
    job_files(&j, data, sys);
    j.check_columns = 1, j.min_units = 2, j.missing = NQPF_MISSING_INTERPOLATE;
    char sha[65] = "";
    j.data_sha = sha;
    CHECK(nqpf_index_job_system(&j, &err) == NQPF_OK && j.sys->n_ind == 2);
    CHECK(nqpf_index_job_panel(&j, &err) == NQPF_OK);
    if (!j.panel)
        return;
    CHECK(j.panel->n_units == 2 && j.panel->n_periods == 3 && j.panel->n_vars == 2);
    /* A's 2021 x1 lies halfway between 1 (2020) and 3 (2022) */
    CHECK_REL(j.panel->x[(0 * 3 + 1) * 2 + 0], 2.0, 1e-15);
    CHECK(j.fills.n == 1 && j.fills.n_dropped_units == 0);
    CHECK(strlen(sha) == 64); /* hashed while read (the value is sha256's own test) */
    nqpf_index_job_free(&j);
    /* one unit is not an index */
    data = write_tmp("d1.csv", "u,y,x1,x2\nA,2020,1,5\nA,2021,2,6\n");
    job_files(&j, data, sys);
    j.min_units = 2;
    CHECK(nqpf_index_job_system(&j, &err) == NQPF_OK);
    CHECK(nqpf_index_job_panel(&j, &err) == NQPF_EINPUT);
    CHECK_STR(err.msg, "an index needs at least 2 units (found 1)");
    nqpf_index_job_free(&j);
}

static void test_column_errors(void)
{
    const char *data = write_tmp("d.csv", "u,y,x1,x3\nA,2020,1,5\nB,2020,2,1\n");
    const char *sys = write_tmp("s.csv", SYS);
    nqpf_index_job j;
    nqpf_error err;
    /* an indicator missing from the data: reported at its line in the system */
    job_files(&j, data, sys);
    j.check_columns = 1;
    CHECK(nqpf_index_job_system(&j, &err) == NQPF_EINPUT && err.line == 3 && err.col == 1);
    CHECK(strstr(err.msg, "unknown column 'x2'") != NULL);
    nqpf_index_job_free(&j);
    /* long layout: an indicator that no row names */
    data = write_tmp("l.csv", "u,y,variable,value\nA,2020,x1,1\nB,2020,x1,2\n");
    job_files(&j, data, sys);
    j.check_columns = 1, j.layout = NQPF_LAYOUT_LONG;
    CHECK(nqpf_index_job_system(&j, &err) == NQPF_OK);
    CHECK(nqpf_index_job_panel(&j, &err) == NQPF_EINPUT && err.line == 3);
    CHECK(strstr(err.msg, "unknown variable 'x2'") != NULL);
    nqpf_index_job_free(&j);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    RUN(test_options);
    RUN(test_read_and_fill);
    RUN(test_column_errors);
    return test_done_rmdir(tmpdir);
}
