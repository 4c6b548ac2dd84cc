/* nqpf demo — the bundled project (data/nqpf_project.ini) through `nqpf run`:
 * the index of the provincial panel and the whole report, with a summary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "commands.h"
#include "nqpf/report.h"

#ifndef NQPF_DATADIR
#define NQPF_DATADIR "data"
#endif

enum { DEMO_OUT, DEMO_FORCE, DEMO_LANG, DEMO_NOPTS };
static const nqpf_optdef DEMO_OPTS[DEMO_NOPTS] = {
    [DEMO_OUT] = {.name = "out", .type = NQPF_OPT_STRING, .def = "nqpf-demo", .metavar = "DIR",
                  .help = "output directory", .example = "demo-out"},
    [DEMO_FORCE] = {.name = "force", .type = NQPF_OPT_FLAG, .help = "replace an existing output directory"},
    [DEMO_LANG] = {.name = "lang", .type = NQPF_OPT_CHOICE, .def = "zh", .choices = "zh|en",
                   .help = "labels of the report", .example = "en"},
};

/* PREFIX/share/nqpf when this binary runs from PREFIX/bin and the demo
 * project is there (Linux: the binary's path from /proc/self/exe), so an
 * installed, staged or moved tree finds its data wherever it lies. */
static int installed_data(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0 || (size_t)n >= size - 1)
        return 0;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash || slash - buf < 4 || strncmp(slash - 4, "/bin", 4) != 0)
        return 0;
    static const char rel[] = "/share/nqpf";
    if ((size_t)(slash - 4 - buf) + sizeof rel > size)
        return 0;
    memcpy(slash - 4, rel, sizeof rel);
    char probe[4096 + 32];
    snprintf(probe, sizeof probe, "%s/nqpf_project.ini", buf);
    return access(probe, R_OK) == 0;
}

static char *data_file(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void print_year(const nqpf_index_result *r, size_t t, size_t k)
{
    const nqpf_panel *p = r->panel;
    size_t U = p->n_units, T = p->n_periods;
    printf("\n%s   rank  province        score\n", p->periods[t]);
    for (size_t want = 1; want <= U; want++) {
        if (want > k && want <= U - k)
            continue;
        if (want == U - k + 1)
            printf("       ...\n");
        for (size_t u = 0; u < U; u++)
            if ((size_t)r->rank[u * T + t] == want) {
                /* pad by display width: CJK characters take two columns */
                int w = 0;
                for (const unsigned char *c = (const unsigned char *)p->units[u]; *c; c++)
                    w += (*c & 0xC0) != 0x80 ? ((*c >= 0xE0) ? 2 : 1) : 0;
                printf("       %4zu  %s%*s  %.4f\n", want, p->units[u], w < 14 ? 14 - w : 0, "", r->score[u * T + t]);
            }
    }
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    const char *out = c->v[DEMO_OUT].text, *lang = c->v[DEMO_LANG].text;
    int force = (int)c->v[DEMO_FORCE].i;
    char installed[4096];
    const char *dir = getenv("NQPF_DATA");
    if (!dir || !*dir)
        dir = installed_data(installed, sizeof installed) ? installed : NQPF_DATADIR;
    char *ini = data_file(dir, "nqpf_project.ini");
    if (!ini)
        return nqpf_fail_nomem(err);
    nqpf_report_opts ro = {lang, 0, force, NULL, NULL};
    nqpf_project *proj = NULL;
    nqpf_report r;
    memset(&r, 0, sizeof r);
    nqpf_buf written = {0};
    int rc = nqpf_project_read(&proj, ini, err);
    if (!rc)
        rc = nqpf_report_compute(proj, &ro, &r, err);
    if (!rc)
        rc = nqpf_report_write(&r, &ro, out, &written, err);
    if (!rc) {
        const nqpf_index_result *ix = &r.ix;
        const nqpf_panel *p = ix->panel;
        printf("New Quality Productive Forces index (新质生产力指数), %zu provinces × %zu years, "
               "%zu indicators, entropy weights\n",
               p->n_units, p->n_periods, ix->n_ind);
        printf("Weights by dimension:");
        for (size_t d = 0; d < ix->sys->n_nodes; d++) {
            if (ix->sys->nodes[d].level)
                continue;
            double w = 0;
            for (size_t j = 0; j < ix->n_ind; j++)
                if (ix->sys->ind[j].dimension == d)
                    w += ix->w[j];
            printf("  %s %.3f", ix->sys->nodes[d].name, w);
        }
        printf("\n");
        print_year(ix, 0, 5);
        print_year(ix, p->n_periods - 1, 5);
        size_t T = p->n_periods;
        if (r.do_gini)
            printf("\nDagum Gini %s %.4f -> %s %.4f (between-region share %.1f%%)", p->periods[0], r.gini[0].G,
                   p->periods[T - 1], r.gini[T - 1].G, 100 * r.gini[T - 1].Gnb / r.gini[T - 1].G);
        if (r.do_moran)
            printf("; Moran's I %s %.4f (p = %.4f)", p->periods[T - 1], r.moran[T - 1].value, r.moran[T - 1].p_rand);
        if (r.do_malmquist)
            printf("\nTFP (Malmquist, %s) %s-%s, geometric mean per year: tfpch %.4f = effch %.4f x techch %.4f",
                   r.mq_variant, r.mq_period[0], r.mq_period[r.mq_T - 1], r.mqm.all[NQPF_MQ_TFPCH],
                   r.mqm.all[NQPF_MQ_EFFCH], r.mqm.all[NQPF_MQ_TECHCH]);
        if (r.do_dea) {
            double sum = 0;
            size_t n = 0;
            for (size_t i = 0; i < r.dea_n; i++)
                if (r.dea.status[i] == NQPF_DEA_OK)
                    sum += r.dea.eff[i], n++;
            printf("\nDEA efficiency (%s): mean %.4f over %zu province-years", r.dea_variant, n ? sum / (double)n : 0.0,
                   n);
        }
        if (r.do_growth && r.gr_U) {
            /* the first unit of the [growth] file: China in the bundled project */
            size_t T2 = r.gr_T, n = 0;
            double s = 0;
            for (size_t q = 0; q < T2; q++)
                if (!isnan(r.gr[q * 6 + 4]))
                    s += r.gr[q * 6 + 4], n++;
            printf("\nTFP (growth accounting, PWT 9.1) %s %s-%s: mean growth %.2f%% a year", r.gr_name[0],
                   r.gr_period[0], r.gr_period[T2 - 1], n ? 100 * (exp(s / (double)n) - 1) : 0.0);
        }
        printf("\n%zu missing cells filled by interpolation (listed in %s/tables/filled.csv).\n", r.fills.n, out);
        printf("Report: %s/index.html (open it in a browser); tables in %s/tables/, methods in %s/methods.md\n", out,
               out, out);
    }
    nqpf_buf_free(&written);
    nqpf_report_free(&r);
    nqpf_project_free(proj);
    free(ini);
    return rc;
}

const nqpf_cmd_spec NQPF_DEMO_CMD = {
    DEMO_OPTS, DEMO_NOPTS, NULL, "[--out DIR] [--force] [--lang zh|en]",
    "Run the bundled project data/nqpf_project.ini (as `nqpf run`): the New Quality Productive\n"
    "Forces index of China's 31 provinces, 2010-2023, from the bundled yearbook panel\n"
    "(data/china_provinces_tech_wide.csv) and the default indicator system (data/nqpf_system.csv:\n"
    "新质劳动者 / 新质劳动资料 / 新质劳动对象 / 新技术), with linear interpolation of gaps, min-max\n"
    "normalisation, panel entropy weights and a weighted sum, then the Dagum Gini by the four NBS\n"
    "regions, Theil, σ convergence, kernel densities, Moran's I and LISA on queen contiguity,\n"
    "obstacle degrees, coupling coordination, Markov transitions, GM(1,1) forecasts, and the S&T\n"
    "innovation TFP change (Malmquist, DEAP convention: R&D expenditure and personnel -> invention\n"
    "and all patents granted; tfpch = effch x techch, effch = pech x sech).  Also β convergence,\n"
    "the spatial Markov chain, BCC DEA efficiency of the same S&T set-up by province and year, and\n"
    "growth-accounting TFP of China against five economies from the bundled Penn World Table 9.1\n"
    "subset (data/pwt91_subset.csv, PWT's rtfpna definition).  Writes DIR/index.html (open it in a browser),\n"
    "DIR/tables/ (scores.csv, weights.csv, … as CSV and LaTeX), DIR/methods.md and DIR/run.json,\n"
    "then prints the top and bottom provinces of the first and last year.\n"
    "The data directory is $NQPF_DATA if set, else share/nqpf beside the binary's bin/ (as\n"
    "`make install` lays it out), else the source tree's data/.\n"
    "\n",
    "  nqpf demo --out demo-out --force\n",
    NQPF_INPUT_NONE, 0, NULL, NULL, run, NULL, NULL, NULL, 0,
};
