/* Option tables (include/nqpf/opt.h): values from argv and from a project
 * section through one validator, the same messages, defaults, lists. */
#include "test.h"

#include <math.h>

#include "nqpf/compare_opts.h"
#include "nqpf/opt.h"
#include "nqpf/reg_opts.h"
#include "nqpf/dea_opts.h"

enum { O_NAME, O_KIND, O_N, O_X, O_FLAG, O_LIST, O_PICK, O_COUNT };
static const nqpf_optdef DEFS[O_COUNT] = {
    [O_NAME] = {.name = "name", .type = NQPF_OPT_STRING, .help = "a name", .flags = NQPF_OPTF_REQUIRED},
    [O_KIND] = {.name = "kind", .type = NQPF_OPT_CHOICE, .def = "a", .choices = "a|bb|c", .help = "kind",
                .flags = NQPF_OPTF_PROJECT},
    [O_N] = {.name = "n", .type = NQPF_OPT_SIZE, .def = "5", .lo = 2, .hi = 100, .help = "n",
             .flags = NQPF_OPTF_PROJECT},
    [O_X] = {.name = "x", .type = NQPF_OPT_DOUBLE, .lo = 0, .hi = HUGE_VAL, .help = "x",
             .flags = NQPF_OPTF_PROJECT | NQPF_OPTF_LO_OPEN},
    [O_FLAG] = {.name = "flag", .type = NQPF_OPT_FLAG, .def = "no", .help = "f", .flags = NQPF_OPTF_PROJECT},
    [O_LIST] = {.name = "list", .type = NQPF_OPT_LIST, .def = "", .lo = 0, .hi = 3, .help = "l",
                .flags = NQPF_OPTF_PROJECT},
    [O_PICK] = {.name = "pick", .type = NQPF_OPT_LIST, .def = "p,q", .choices = "p|q|r", .help = "p"},
};

static int argv_of(const char *const *args, int argc, nqpf_optval *v, nqpf_error *err)
{
    char *av[16];
    av[0] = "cmd";
    for (int i = 0; i < argc; i++)
        av[i + 1] = (char *)args[i];
    size_t np;
    int help;
    nqpf_opt_init(v, O_COUNT);
    nqpf_error_clear(err);
    return nqpf_opt_argv(DEFS, O_COUNT, v, argc + 1, av, NULL, 0, &np, &help, err);
}

static void test_argv(void)
{
    nqpf_optval v[O_COUNT];
    nqpf_error err;
    const char *a1[] = {"--name", "N", "--kind=bb", "--n", "7", "--x", "0.5", "--flag", "--list", " u , w "};
    CHECK(argv_of(a1, 10, v, &err) == NQPF_OK);
    CHECK_STR(v[O_NAME].text, "N");
    CHECK(v[O_KIND].i == 1 && v[O_N].z == 7 && v[O_X].num == 0.5 && v[O_FLAG].i == 1);
    CHECK(v[O_LIST].n_items == 2 && !strcmp(v[O_LIST].items[0], "u") && !strcmp(v[O_LIST].items[1], "w"));
    CHECK(v[O_PICK].n_items == 2 && v[O_X].seen && !v[O_PICK].seen); /* the default list */
    nqpf_opt_free(v, O_COUNT);

    const char *a2[] = {"--kind", "bb"};
    CHECK(argv_of(a2, 2, v, &err) == NQPF_EUSAGE);
    CHECK_STR(err.msg, "--name is required (see --help)");
    nqpf_opt_free(v, O_COUNT);
    struct {
        const char *args[2];
        const char *msg;
    } bad[] = {
        {{"--kind", "d"}, "'d': --kind must be a, bb or c"},
        {{"--n", "1"}, "'1': --n must be a whole number in [2, 100]"},
        {{"--n", "2.5"}, "'2.5': --n must be a whole number in [2, 100]"},
        {{"--x", "0"}, "'0': --x must be a number > 0"},
        {{"--x", "inf"}, "'inf': --x must be a number > 0"},
        {{"--list", "a,b,c,d"}, "'a,b,c,d': --list must be a comma-separated list of 0 to 3 names"},
        {{"--pick", "p,s"}, "'p,s': --pick must be a comma-separated list of p, q or r"},
        {{"--flag=yes", NULL}, "--flag takes no value"},
        {{"--nope", NULL}, "unknown option '--nope' (see --help)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[3] = {"--name=a", bad[i].args[0], bad[i].args[1]};
        CHECK(argv_of(args, bad[i].args[1] ? 3 : 2, v, &err) == NQPF_EUSAGE);
        CHECK_STR(err.msg, bad[i].msg);
        nqpf_opt_free(v, O_COUNT);
    }
    const char *a3[] = {"--name", "a", "--name", "b"};
    CHECK(argv_of(a3, 4, v, &err) == NQPF_EUSAGE);
    CHECK_STR(err.msg, "option --name given twice");
    nqpf_opt_free(v, O_COUNT);
}

static void test_section(void)
{
    const char *text = "[s]\nkind = c\nn = 9\nflag = true\nlist = a,b\n[t]\nkind = z\n[u]\nname = x\n";
    nqpf_project *p = NULL;
    nqpf_error err;
    nqpf_error_clear(&err);
    CHECK(nqpf_project_parse(&p, text, strlen(text), "p.ini", &err) == NQPF_OK);
    if (!p)
        return;
    nqpf_optval v[O_COUNT];
    nqpf_opt_init(v, O_COUNT);
    CHECK(nqpf_opt_section(DEFS, O_COUNT, p, "s", v, &err) == NQPF_OK);
    CHECK(v[O_KIND].i == 2 && v[O_N].z == 9 && v[O_FLAG].i == 1 && v[O_LIST].n_items == 2);
    CHECK(v[O_N].line == 3 && v[O_N].col == 5 && !v[O_X].seen && !v[O_X].text);
    nqpf_opt_free(v, O_COUNT);
    /* the message of the command line, at the value's FILE:LINE:COL, exit code 5 */
    CHECK(nqpf_opt_section(DEFS, O_COUNT, p, "t", v, &err) == NQPF_EINPUT);
    CHECK_STR(err.msg, "'z': kind must be a, bb or c");
    CHECK_STR(err.file, "p.ini");
    CHECK(err.line == 7 && err.col == 8);
    nqpf_opt_free(v, O_COUNT);
    /* a command-line-only option is no project key */
    CHECK(nqpf_opt_section(DEFS, O_COUNT, p, "u", v, &err) == NQPF_EINPUT);
    CHECK_STR(err.msg, "unknown key 'name' in [u]");
    nqpf_opt_free(v, O_COUNT);
    /* an absent section: the defaults */
    CHECK(nqpf_opt_section(DEFS, O_COUNT, p, "none", v, &err) == NQPF_OK);
    CHECK(v[O_KIND].i == 0 && v[O_N].z == 5 && v[O_FLAG].i == 0 && v[O_LIST].n_items == 0);
    CHECK_STR(v[O_N].text, "5");
    nqpf_opt_free(v, O_COUNT);
    nqpf_project_free(p);
}

/* Every declared table: names unique, defaults valid, choices non-empty with a default (or one that
 * depends on other options). */
static void check_table(const nqpf_optdef *d, size_t n)
{
    nqpf_optval *v = calloc(n, sizeof *v);
    nqpf_error err;
    nqpf_error_clear(&err);
    CHECK(v && nqpf_opt_defaults(d, n, v, &err) == NQPF_OK);
    for (size_t k = 0; k < n; k++) {
        CHECK(d[k].name && d[k].help);
        CHECK(nqpf_opt_find(d, n, d[k].name) == (long)k);
        if (d[k].type == NQPF_OPT_CHOICE)
            CHECK(d[k].choices && (d[k].def || (d[k].flags & NQPF_OPTF_CONTEXT)));
    }
    if (v)
        nqpf_opt_free(v, n);
    free(v);
}

static void test_tables(void)
{
    check_table(NQPF_GINI_OPTS, NQPF_GINI_NOPTS);
    check_table(NQPF_THEIL_OPTS, NQPF_THEIL_NOPTS);
    check_table(NQPF_CONVERGE_OPTS, NQPF_CONV_NOPTS);
    check_table(NQPF_KDE_OPTS, NQPF_KDE_NOPTS);
    check_table(NQPF_COUPLE_OPTS, NQPF_CPL_NOPTS);
    check_table(NQPF_TRUNCREG_OPTS, NQPF_TRUNCREG_NOPTS);
    check_table(NQPF_OBSTACLE_OPTS, NQPF_OBS_NOPTS);
    check_table(NQPF_GROWTH_OPTS, NQPF_GR_NOPTS);
    check_table(NQPF_FORECAST_OPTS, NQPF_FC_NOPTS);
    check_table(NQPF_THRESHOLD_OPTS, NQPF_THR_NOPTS);
    check_table(NQPF_REG_OPTS, NQPF_RGO_NOPTS);
    check_table(NQPF_DEA_OPTS, NQPF_DO_NOPTS);
    check_table(NQPF_MALMQUIST_OPTS, NQPF_MO_NOPTS);
}

int main(void)
{
    RUN(test_argv);
    RUN(test_section);
    RUN(test_tables);
    return test_done();
}
