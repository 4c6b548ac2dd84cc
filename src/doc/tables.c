/* nqpf — report tables: every table once in memory, written as CSV (exact,
 * round-trip numbers) and as a booktabs LaTeX three-line table (rounded for
 * print), so the two can never disagree. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/doc.h"

/* Greek letters and the math signs the captions and methods use, as math:
 * a text font (and the CJK fonts ctex picks) may lack them or set them
 * upright in the wrong shape; $\beta$ is what a paper prints. */
static const struct {
    const char *utf8, *tex;
} TEX_MATH[] = {
    {"α", "\\alpha"}, {"β", "\\beta"}, {"γ", "\\gamma"}, {"δ", "\\delta"}, {"ε", "\\varepsilon"},
    {"θ", "\\theta"}, {"λ", "\\lambda"}, {"μ", "\\mu"}, {"ρ", "\\rho"}, {"σ", "\\sigma"},
    {"η", "\\eta"}, {"κ", "\\kappa"}, {"ν", "\\nu"}, {"ξ", "\\xi"}, {"ψ", "\\psi"},
    {"Γ", "\\Gamma"}, {"Λ", "\\Lambda"}, {"Φ", "\\Phi"}, {"Ψ", "\\Psi"}, {"Θ", "\\Theta"},
    {"τ", "\\tau"}, {"φ", "\\varphi"}, {"χ", "\\chi"}, {"ω", "\\omega"}, {"π", "\\pi"},
    {"Δ", "\\Delta"}, {"Σ", "\\Sigma"}, {"Π", "\\Pi"}, {"Ω", "\\Omega"}, {"≤", "\\le"},
    {"≥", "\\ge"}, {"≠", "\\ne"}, {"≈", "\\approx"}, {"×", "\\times"}, {"·", "\\cdot"},
    {"−", "-"}, {"∈", "\\in"}, {"√", "\\surd"}, {"∞", "\\infty"}, {"±", "\\pm"},
    {"∑", "\\sum"}, {"→", "\\to"}, {"⁺", "^{+}"}, {"⁻", "^{-}"}, {"²", "^{2}"},
};

int report_tex_text(nqpf_buf *b, const char *s)
{
    while (*s) {
        size_t k = 0, nm = sizeof TEX_MATH / sizeof TEX_MATH[0];
        while (k < nm && strncmp(s, TEX_MATH[k].utf8, strlen(TEX_MATH[k].utf8)))
            k++;
        if (k < nm) {
            if (nqpf_buf_printf(b, "$%s$", TEX_MATH[k].tex))
                return -1;
            s += strlen(TEX_MATH[k].utf8);
            continue;
        }
        if (*s == REPORT_TEX_BREAK) {   /* a line-break opportunity (tex_doc.c) */
            if (nqpf_buf_puts(b, "\\allowbreak{}"))
                return -1;
            s++;
            continue;
        }
        if ((unsigned char)*s < 0x20) {   /* control characters: not text, and TeX rejects them */
            if (nqpf_buf_puts(b, *s == '\n' || *s == '\t' ? " " : ""))
                return -1;
            s++;
            continue;
        }
        char one[2] = {*s++, 0};
        if (nqpf_buf_tex(b, one))
            return -1;
    }
    return 0;
}

int rt_init(rtable *t, const char *name, const char *caption, size_t ncol, const char *const *cols)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    t->caption = caption;
    t->ncol = ncol;
    t->cols = cols;
    return 0;
}

void rt_add(rtable *t, const char *s, double v)
{
    if (t->oom || nqpf_grow((void **)&t->cell, &t->cap, t->n + 1, sizeof *t->cell)) {
        t->oom = 1;
        return;
    }
    t->cell[t->n].s = s ? nqpf_strdup(s) : NULL;
    t->cell[t->n].v = v;
    t->cell[t->n].digits = 4;
    t->cell[t->n].stars = 0;
    if (s && !t->cell[t->n].s)
        t->oom = 1;
    else
        t->n++;
}

void rt_addi(rtable *t, double v)
{
    rt_add(t, NULL, v);
    if (!t->oom)
        t->cell[t->n - 1].digits = 0;
}

void rt_nums(rtable *t, size_t n, const double *v)
{
    for (size_t i = 0; i < n; i++)
        rt_add(t, NULL, v[i]);
}

const char RT_STARS_NOTE_ZH[] = "注：***、**、* 分别表示在1%、5%、10%的水平上显著。";
const char RT_STARS_NOTE_EN[] = "Note: ***, ** and * denote significance at the 1%, 5% and 10% levels.";

void rt_stars(rtable *t, double p)
{
    if (t->n)
        t->cell[t->n - 1].stars = isnan(p) ? 0 : p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.1 ? 1 : 0;
}

const char *rt_cell_text(const rcell *c, char *buf, size_t size)
{
    if (c->s)
        return c->s;
    if (isnan(c->v))
        snprintf(buf, size, "%s", "");
    else {
        /* -0.0000 reads as a sign error in print: a value that rounds to
         * zero is printed unsigned */
        double v = c->v;
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*f", c->digits, v);
        if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1))
            memmove(tmp, tmp + 1, strlen(tmp));
        snprintf(buf, size, "%s%.*s", tmp, c->stars, "***");
    }
    return buf;
}

void rt_free(rtable *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->cell[i].s);
    free(t->cell);
    free(t->own);
    memset(t, 0, sizeof *t);
}

int report_write_file(const nqpf_outdir *dir, const char *name, int bom, report_print_fn print, const void *ctx,
                      nqpf_error *err)
{
    FILE *fp;
    int rc = nqpf_outdir_fopen(dir, name, &fp, err);
    if (rc)
        return rc;
    if (bom)
        fputs("\xEF\xBB\xBF", fp);
    print(fp, ctx);
    return nqpf_outdir_fclose(dir, name, fp, err);
}

void report_print_buf(FILE *fp, const void *buf)
{
    const nqpf_buf *b = buf;
    if (b->len)
        fwrite(b->data, 1, b->len, fp);
}

static void print_csv(FILE *fp, const void *ctx)
{
    const rtable *t = ctx;
    for (size_t c = 0; c < t->ncol; c++) {
        if (c)
            fputc(',', fp);
        nqpf_csv_put_field(fp, t->cols[c]);
    }
    fputc('\n', fp);
    for (size_t i = 0; i < t->n; i++) {
        if (t->cell[i].s)
            nqpf_csv_put_field(fp, t->cell[i].s);
        else
            nqpf_csv_put_num(fp, t->cell[i].v);
        fputc((i + 1) % t->ncol ? ',' : '\n', fp);
    }
}

int rt_write_csv(const rtable *t, const nqpf_outdir *tables, int bom, nqpf_error *err)
{
    char fname[256];
    snprintf(fname, sizeof fname, "%s.csv", t->name);
    return report_write_file(tables, fname, bom, print_csv, t, err);
}

int rt_write_tex(const rtable *t, const nqpf_outdir *tables, nqpf_error *err)
{
    nqpf_buf b = {0};
    /* adjustbox's max width shrinks a table wider than the text block
     * (and leaves a narrower one alone) */
    int oom = nqpf_buf_puts(&b, "% generated by nqpf run; needs \\usepackage{booktabs,adjustbox}\n"
                                "\\begin{table}[htbp]\n\\centering\n\\caption{");
    oom |= report_tex_text(&b, t->caption);
    oom |= nqpf_buf_printf(&b, "}\n\\label{tab:%s}\n\\begin{adjustbox}{max width=\\textwidth}\n\\begin{tabular}{",
                           t->name);
    for (size_t c = 0; c < t->ncol; c++)
        oom |= nqpf_buf_puts(&b, (t->ncol > 0 && c == 0) ? "l" : "r");
    oom |= nqpf_buf_puts(&b, "}\n\\toprule\n");
    for (size_t c = 0; c < t->ncol; c++) {
        oom |= report_tex_text(&b, rt_col_label(t, c));
        oom |= nqpf_buf_puts(&b, c + 1 < t->ncol ? " & " : " \\\\\n\\midrule\n");
    }
    for (size_t i = 0; i < t->n; i++) {
        char num[256];
        oom |= report_tex_text(&b, rt_cell_label(t, i, num, sizeof num));
        oom |= nqpf_buf_puts(&b, (i + 1) % t->ncol ? " & " : " \\\\\n");
    }
    oom |= nqpf_buf_puts(&b, "\\bottomrule\n\\end{tabular}\n\\end{adjustbox}\n");
    if (t->note) {
        oom |= nqpf_buf_puts(&b, "\\par\\smallskip{\\footnotesize ");
        oom |= report_tex_text(&b, t->note);
        oom |= nqpf_buf_puts(&b, "}\n");
    }
    oom |= nqpf_buf_puts(&b, "\\end{table}\n");
    if (oom) {
        nqpf_buf_free(&b);
        return nqpf_fail_nomem(err);
    }
    char fname[256];
    snprintf(fname, sizeof fname, "%s.tex", t->name);
    int rc = report_write_file(tables, fname, 0, report_print_buf, &b, err);
    nqpf_buf_free(&b);
    return rc;
}

/* Chinese names of the column names the tables share with the commands'
 * CSV files (the printed header only). */
static const struct {
    const char *col, *zh;
} COL_ZH[] = {
    {"model", "模型"}, {"term", "变量"}, {"coef", "系数"}, {"se", "标准误"}, {"t", "t值"}, {"p", "p值"},
    {"n", "样本数"}, {"r2", "R²"}, {"speed", "收敛速度"}, {"half_life", "半衰期"}, {"province", "地区"},
    {"year", "年份"}, {"period", "年份"}, {"efficiency", "效率"}, {"status", "状态"}, {"unit", "单位"},
    {"name", "名称"}, {"from", "起始期"}, {"to", "结束期"}, {"steps", "期数"}, {"mean_dln_tfp", "TFP平均增长率"},
    {"tfp_index_last", "末期TFP指数"}, {"kind", "类别"}, {"index", "设定"}, {"mean", "均值"}, {"sd", "标准差"},
    {"cv", "变异系数"}, {"sd_log", "对数标准差"}, {"perm_p", "置换p值"}, {"z", "z值"},
};

const char *rt_col_label(const rtable *t, size_t c)
{
    const char *s = t->cols[c];
    if (!t->zh)
        return s;
    for (size_t i = 0; i < sizeof COL_ZH / sizeof COL_ZH[0]; i++)
        if (!strcmp(s, COL_ZH[i].col))
            return COL_ZH[i].zh;
    return s;
}

/* Chinese names of machine values in text cells, by column (printed only). */
static const struct {
    const char *col, *val, *zh;
} CELL_ZH[] = {
    {"kind", "period", "分期"}, {"kind", "unit", "地区"}, {"kind", "all", "总体"}, {"unit", "mean", "均值"},
    {"model", "beta_abs", "绝对β收敛（截面）"}, {"model", "beta_cond", "条件β收敛（截面）"},
    {"model", "panel_abs", "绝对β收敛（面板）"}, {"model", "panel_cond", "条件β收敛（面板）"},
    {"term", "const", "常数项"}, {"term", "_cons", "常数项"}, {"term", "ln_y0", "初期ln y"},
    {"term", "ln_y_lag", "滞后一期ln y"}, {"status", "ok", "正常"},
};

/* The parts of a DEA/Malmquist variant label (radial-vrs-in-contemporaneous). */
static const struct {
    const char *tok, *zh;
} VARIANT_ZH[] = {
    {"malmquist", "Malmquist指数"}, {"ml", "Malmquist-Luenberger指数"}, {"luenberger", "Luenberger指标"},
    {"radial", "径向"}, {"sbm", "SBM"}, {"ddf", "方向距离函数"}, {"fdh", "FDH"}, {"ebm", "EBM"},
    {"additive", "加性模型"}, {"russell", "Russell模型"}, {"sbmddf", "SBM-DDF"}, {"gdf", "广义距离函数"}, {"mddf", "修正方向距离函数"},
    {"crs", "规模报酬不变"}, {"vrs", "规模报酬可变"}, {"nirs", "规模报酬非递增"}, {"ndrs", "规模报酬非递减"},
    {"in", "投入导向"}, {"out", "产出导向"}, {"none", "非导向"}, {"contemporaneous", "当期前沿"},
    {"sequential", "序列前沿"}, {"global", "全局前沿"}, {"single", "单一前沿"}, {"geometric", "几何平均技术"},
    {"base", "基期技术"}, {"comparison", "比较期技术"},
};

/* "radial-vrs-in" as "径向，规模报酬可变，投入导向"; a part without a
 * Chinese name is kept. */
static const char *variant_zh(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    for (const char *p = s; *p && n + 1 < size;) {
        size_t len = strcspn(p, "-");
        const char *zh = NULL;
        for (size_t i = 0; i < sizeof VARIANT_ZH / sizeof VARIANT_ZH[0] && !zh; i++)
            if (strlen(VARIANT_ZH[i].tok) == len && !strncmp(p, VARIANT_ZH[i].tok, len))
                zh = VARIANT_ZH[i].zh;
        int w = snprintf(buf + n, size - n, "%s%.*s", n ? "，" : "", zh ? (int)strlen(zh) : (int)len, zh ? zh : p);
        if (w < 0 || (size_t)w >= size - n)
            return s; /* too long to hold: the label itself */
        n += (size_t)w;
        p += len + (p[len] == '-');
    }
    return buf;
}

const char *rt_value_zh(const char *col, const char *val)
{
    for (size_t k = 0; k < sizeof CELL_ZH / sizeof CELL_ZH[0]; k++)
        if (!strcmp(col, CELL_ZH[k].col) && !strcmp(val, CELL_ZH[k].val))
            return CELL_ZH[k].zh;
    return val;
}

const char *rt_cell_label(const rtable *t, size_t i, char *buf, size_t size)
{
    const rcell *c = &t->cell[i];
    if (!t->zh || !c->s)
        return rt_cell_text(c, buf, size);
    const char *col = t->cols[i % t->ncol], *zh = rt_value_zh(col, c->s);
    if (zh == c->s && (!strcmp(col, "index") || !strcmp(col, "model")))
        return variant_zh(c->s, buf, size);
    return zh;
}
