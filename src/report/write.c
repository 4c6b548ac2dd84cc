/* nqpf — writing a report directory atomically. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nqpf/index_write.h"
#include "nqpf/figures.h"
#include "report_internal.h"

/* Append the bytes of the file `name` in the output directory to b (a
 * file written just before: a figure's PNG, an index table given a BOM). */
static int read_back(const nqpf_outdir *out, const char *name, nqpf_buf *b, nqpf_error *err)
{
    char *path = nqpf_outdir_file(out, name);
    if (!path)
        return nqpf_fail_nomem(err);
    FILE *fp = fopen(path, "rb");
    int rc = fp ? NQPF_OK : nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot read back");
    char chunk[65536];
    size_t n;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (nqpf_buf_append(b, chunk, n))
            rc = nqpf_fail_nomem(err);
    if (!rc && ferror(fp))
        rc = nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot read back");
    if (fp)
        fclose(fp);
    free(path);
    return rc;
}

/* Prepend a UTF-8 BOM to a file written by the index writer (--bom). */
static int add_bom(report_sink *tables, const char *name, nqpf_error *err)
{
    nqpf_buf b = {0};
    int rc = read_back(&tables->dir, name, &b, err);
    if (!rc)
        rc = report_write_file(&tables->dir, name, 1, report_print_buf, &b, err);
    nqpf_buf_free(&b);
    return rc;
}



static int write_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                        nqpf_error *err)
{
    size_t U = r->U, T = r->T;
    int rc;
    rtable t;
    /* ranking: last period with the change since the first period */
    {
        static const char *cz[] = {"排名", "地区", "区域", "得分", "首期排名", "排名变化"};
        static const char *ce[] = {"rank", "unit", "group", "score", "first_rank", "rank_change"};
        char cap[256];
        snprintf(cap, sizeof cap, en ? "Index ranking, %s (change since %s)" : "%s年指数排名（相对%s年的变化）",
                 r->panel->periods[T - 1], r->panel->periods[0]);
        rt_init(&t, "ranking", cap, 6, en ? ce : cz);
        for (size_t k = 1; k <= U; k++)
            for (size_t u = 0; u < U; u++)
                if ((size_t)r->ix.rank[u * T + T - 1] == k) {
                    double r0 = r->ix.rank[u * T], r1 = r->ix.rank[u * T + T - 1];
                    rt_addi(&t, r1);
                    rt_add(&t, unit_name(r, en, u), 0);
                    rt_add(&t, r->n_groups ? r->group[r->unit_group[u]] : "", 0);
                    rt_add(&t, NULL, r->ix.score[u * T + T - 1]);
                    rt_addi(&t, r0);
                    rt_addi(&t, r0 - r1);
                }
        if ((rc = report_emit(&t, tables, bom, 1, written, err)))
            return rc;
    }
    /* the indicator system with the weights used and the weighting
     * method's intermediates (entropy: e and d = 1 - e) */
    {
        static const char *cz[] = {"维度", "指标", "数据列", "方向", "单位"};
        static const char *ce[] = {"dimension", "indicator", "column", "direction", "unit"};
        const char *cn[5 + NQPF_MAX_EXTRA + 1];
        size_t nc = 0, xq[NQPF_MAX_EXTRA], nx = 0;
        for (; nc < 5; nc++)
            cn[nc] = en ? ce[nc] : cz[nc];
        for (size_t q = 0; q < r->ix.n_extra && q < NQPF_MAX_EXTRA; q++)
            if (r->ix.extra_names[q])
                cn[nc++] = r->ix.extra_names[q], xq[nx++] = q;
        cn[nc++] = en ? "weight" : "权重";
        rt_init(&t, "system", en ? "Indicator system and weights" : "指标体系与权重", nc, cn);
        t.html = 1;
        const nqpf_system *s = r->sys;
        size_t blk = r->ix.per_period ? T - 1 : 0;
        for (size_t j = 0; j < s->n_ind; j++) {
            rt_add(&t, s->nodes[s->ind[j].node].path, 0);
            rt_add(&t, s->ind[j].name, 0);
            rt_add(&t, s->ind[j].column, 0);
            rt_add(&t, s->ind[j].direction > 0 ? "+" : "-", 0);
            rt_add(&t, s->ind[j].unit, 0);
            for (size_t k = 0; k < nx; k++)
                rt_add(&t, NULL, r->ix.extra[(blk * s->n_ind + j) * NQPF_MAX_EXTRA + xq[k]]);
            rt_add(&t, NULL, r->ix.w[blk * s->n_ind + j]);
        }
        if ((rc = report_emit(&t, tables, bom, 1, written, err)))
            return rc;
    }
    if ((rc = report_score_matrix(r, en, bom, tables, written, err)))
        return rc;
    if (r->iopt.aggregate == NQPF_AGG_TOPSIS && (rc = report_topsis_tables(r, en, bom, tables, written, err)))
        return rc;
    size_t n;
    const report_section_def *const *sec = report_sections(&n);
    for (size_t i = 0; i < n; i++)
        if (sec[i]->tables && report_section_present(r->proj, sec[i]) &&
            (rc = sec[i]->tables(r, en, bom, tables, written, err)))
            return rc;
    return NQPF_OK;
}

static int write_buf(const nqpf_outdir *d, const char *name, const nqpf_buf *b, nqpf_error *err)
{
    return report_write_file(d, name, 0, report_print_buf, b, err);
}

/* methods.md or results.md: rendered by render, written and listed */
static int write_md(const nqpf_report *r, const nqpf_outdir *d, const char *name,
                    int (*render)(const nqpf_report *r, nqpf_buf *b), nqpf_buf *written, nqpf_error *err)
{
    nqpf_buf b = {0};
    int rc = render(r, &b) ? nqpf_fail_nomem(err) : write_buf(d, name, &b, err);
    nqpf_buf_free(&b);
    if (!rc)
        nqpf_buf_printf(written, "%s\n", name);
    return rc;
}

/* A figure's caption without the page's own number ("图3. " / "Figure 3. "):
 * the documents number figures themselves. */
static const char *bare_caption(const char *c)
{
    const char *p = !strncmp(c, "图", strlen("图")) ? c + strlen("图") : !strncmp(c, "Figure ", 7) ? c + 7 : NULL;
    if (!p || *p < '0' || *p > '9')
        return c;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.')
        p++;
    while (*p == ' ')
        p++;
    return p;
}

/* report.docx, tables.xlsx and report.tex from the kept tables, the
 * figures (PNG in Word, PDF in LaTeX) and the methods and results prose of
 * the report's language. */
static int write_documents(const nqpf_report *r, int en, const nqpf_outdir *out, const report_sink *sink,
                           const report_figures *figs, nqpf_buf *written, nqpf_error *err)
{
    const char *title = L(en, "新质生产力测度报告", "New Quality Productive Forces report");
    const nqpf_project_kv *tk = nqpf_project_get(nqpf_project_section_get(r->proj, "project"), "title");
    if (tk && tk->value[0])
        title = tk->value;
    nqpf_buf m = {0};
    if (report_methods_prose(r, &m, en) || report_results_prose(r, en, &m) || nqpf_buf_puts(&m, "") || !m.data) {
        nqpf_buf_free(&m);
        return nqpf_fail_nomem(err);
    }
    size_t nf = figs->n;
    report_docfig *df = calloc(nf ? nf : 1, sizeof *df);
    nqpf_buf *png = calloc(nf ? nf : 1, sizeof *png);
    int rc = df && png ? NQPF_OK : nqpf_fail_nomem(err);
    char name[300];
    for (size_t i = 0; i < nf && !rc; i++) {
        const report_figure *f = &figs->fig[i];
        snprintf(name, sizeof name, "figures/%s.png", f->name);
        rc = read_back(out, name, &png[i], err);
        df[i] = (report_docfig){f->name, (const unsigned char *)png[i].data, png[i].len, bare_caption(f->caption),
                                f->width_cm};
    }
    if (!rc)
        rc = report_docx(out, "report.docx", title, m.data, sink->t, sink->n, df, nf, en, err);
    if (!rc)
        rc = report_xlsx(out, "tables.xlsx", sink->t, sink->n, err);
    if (!rc)
        rc = report_tex(out, "report.tex", title, m.data, sink->t, sink->n, df, nf, en, err);
    if (!rc)
        nqpf_buf_puts(written, "report.docx\ntables.xlsx\nreport.tex\n");
    for (size_t i = 0; png && i < nf; i++)
        nqpf_buf_free(&png[i]);
    free(png), free(df);
    nqpf_buf_free(&m);
    return rc;
}

int nqpf_report_write(const nqpf_report *r, const nqpf_report_opts *o, const char *dir, nqpf_buf *written,
                      nqpf_error *err)
{
    int en = o && o->lang && !strcmp(o->lang, "en"), bom = o && o->bom;
    nqpf_outdir out = {0};
    int rc = nqpf_outdir_begin(&out, dir, o && o->force, err);
    if (rc)
        return rc;
    char *tdir = nqpf_outdir_file(&out, "tables");
    report_sink sink = {{NULL, tdir, 0}, en, NULL, 0, 0};
    report_figures figs = {NULL, 0};
    report_sink *tables = &sink;
    nqpf_buf b = {0};
    if (!tdir) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if (mkdir(tdir, 0777) != 0) {
        rc = nqpf_fail(err, NQPF_EIO, tdir, 0, 0, "cannot create directory");
        goto fail;
    }
    /* scores, weights, normalised values and filled cells: the files of
     * `nqpf index`, written by the same code */
    nqpf_run_info iinfo = {"index", NULL, 0, NULL, 0, 1};
    if ((rc = nqpf_index_write(&tables->dir, &r->ix, &r->fills, &iinfo, err)))
        goto fail;
    {
        char *rj = nqpf_outdir_file(&tables->dir, "run.json");
        if (rj)
            unlink(rj);
        free(rj);
    }
    static const char *idx_files[] = {"scores.csv", "weights.csv", "normalized.csv", "filled.csv"};
    for (size_t i = 0; i < 4; i++) {
        if (bom && (rc = add_bom(tables, idx_files[i], err)))
            goto fail;
        nqpf_buf_printf(written, "tables/%s\n", idx_files[i]);
    }
    if ((rc = write_tables(r, en, bom, tables, written, err)))
        goto fail;
    if (report_html(r, en, &b, sink.t, sink.n)) {
        rc = nqpf_fail_nomem(err);
        goto fail;
    }
    if ((rc = write_buf(&out, "index.html", &b, err)))
        goto fail;
    nqpf_buf_puts(written, "index.html\n");
    /* figures/NN_name.svg, .png, .pdf: the page's charts and maps as files (figures.c) */
    if ((rc = report_write_figures(&out, b.data, written, err)) || (rc = report_figures_from_html(b.data, &figs, err)))
        goto fail;
    nqpf_buf_free(&b);
    if ((rc = write_md(r, &out, "methods.md", report_methods, written, err)) ||
        (rc = write_md(r, &out, "results.md", report_results, written, err)) ||
        (rc = write_documents(r, en, &out, &sink, &figs, written, err)))
        goto fail;
    /* run.json: every option used and the inputs' checksums */
    {
        size_t n = r->n_opt + 3;
        nqpf_kv *kv = malloc(n * sizeof *kv);
        if (!kv) {
            rc = nqpf_fail_nomem(err);
            goto fail;
        }
        size_t k = 0;
        kv[k++] = (nqpf_kv){"project", r->proj->path};
        kv[k++] = (nqpf_kv){"lang", en ? "en" : "zh"};
        kv[k++] = (nqpf_kv){"bom", bom ? "true" : "false"};
        for (size_t i = 0; i < r->n_opt; i++)
            kv[k++] = (nqpf_kv){r->opt[i].key, r->opt[i].value};
        nqpf_input_file in[4] = {{"data", r->data_path, nqpf_encoding_name(r->panel->encoding), r->data_sha},
                                 {"system", r->system_path, NULL, r->system_sha}};
        size_t nin = 2;
        if (r->geojson_path)
            in[nin++] = (nqpf_input_file){"geojson", r->geojson_path, NULL, r->geojson_sha};
        if (r->do_growth)
            in[nin++] = (nqpf_input_file){"growth", r->growth_path, NULL, r->growth_sha};
        nqpf_run_info info = {"run", kv, k, in, nin, 0};
        rc = nqpf_write_run_json(&out, &info, &r->ix, &r->fills, err);
        free(kv);
        if (rc)
            goto fail;
        nqpf_buf_puts(written, "run.json\n");
    }
    report_sink_free(&sink);
    report_figures_free(&figs);
    free(tdir);
    return nqpf_outdir_commit(&out, err);
fail:
    report_sink_free(&sink);
    report_figures_free(&figs);
    nqpf_buf_free(&b);
    free(tdir);
    nqpf_outdir_abort(&out);
    return rc;
}
