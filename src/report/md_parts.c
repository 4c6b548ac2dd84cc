/* nqpf — Markdown pieces of the methods text: escaped text, option values
 * in the report's language, the DEA inputs/outputs line. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
/* Markdown table cell: escape the characters that break a cell or inject markup. */
int report_md(nqpf_buf *b, const char *s)
{
    for (; *s; s++) {
        int e;
        if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' || *s == '`' || *s == '[' || *s == ']')
            e = nqpf_buf_printf(b, "\\%c", *s);
        else if (*s == '<')
            e = nqpf_buf_puts(b, "&lt;");
        else if (*s == '>')
            e = nqpf_buf_puts(b, "&gt;");
        else if (*s == '&')
            e = nqpf_buf_puts(b, "&amp;");
        else if (*s == '\n' || *s == '\r')
            e = nqpf_buf_puts(b, " ");
        else
            e = nqpf_buf_append(b, s, 1);
        if (e)
            return -1;
    }
    return 0;
}

int report_md_around(nqpf_buf *b, const char *pre, const char *s, const char *post)
{
    int e = nqpf_buf_puts(b, pre); /* three statements: the operands of | are unsequenced */
    e |= report_md(b, s);
    return e | nqpf_buf_puts(b, post);
}

/* The Chinese name of an option value written in the Chinese methods text
 * (a paper's prose has no `minmax` or `gaussian` in it); a value not listed
 * (a column name, a number) is written as it is.  Weight specifications
 * such as combo:ahp+entropy are named part by part. */
static const struct {
    const char *value, *zh;
} ZH_VALUES[] = {
    {"interpolate", "线性插值"}, {"error", "不允许缺失"}, {"drop-unit", "剔除有缺失值的地区"},
    {"panel", "面板（全部年份共用一次标准化与一组权重）"}, {"period", "逐期（每期分别标准化与赋权）"},
    {"entropy", "熵值法"}, {"critic", "CRITIC法"}, {"equal", "等权法"}, {"sd", "标准差法"}, {"cv", "变异系数法"},
    {"ahp", "层次分析法"}, {"pca", "主成分分析法"}, {"merec", "MEREC法"}, {"file", "给定权重"},
    {"gaussian", "高斯核"}, {"epanechnikov", "Epanechnikov核"}, {"silverman", "Silverman经验法则"},
    {"scott", "Scott法则"}, {"scipy-scott", "Scott法则（scipy口径）"}, {"scipy-silverman", "Silverman法则（scipy口径）"},
    {"fixed", "固定带宽"}, {"standard", "标准形式"}, {"nofactor", "不含系数形式"},
    {"cluster", "聚类稳健"}, {"hc1", "HC1稳健"}, {"classical", "经典OLS"},
    {"radial", "径向"}, {"sbm", "SBM"}, {"ddf", "方向距离函数"}, {"in", "投入"}, {"out", "产出"}, {"none", "非导向"},
    {"contemporaneous", "当期前沿"}, {"sequential", "序列前沿"}, {"global", "全局前沿"}, {"pooled", "混合前沿"},
    {"crs", "规模报酬不变（CRS）"}, {"vrs", "规模报酬可变（VRS）"}, {"nirs", "规模报酬非递增（NIRS）"},
    {"ndrs", "规模报酬非递减（NDRS）"}, {"malmquist", "Malmquist指数"}, {"ml", "Malmquist–Luenberger指数"},
    {"luenberger", "Luenberger指标"},
};

/* The Chinese name of v, or v itself when it has none. */
static const char *zh_name(const char *v)
{
    for (size_t i = 0; i < sizeof ZH_VALUES / sizeof ZH_VALUES[0]; i++)
        if (!strcmp(v, ZH_VALUES[i].value))
            return ZH_VALUES[i].zh;
    return v;
}

const char *report_lang_value(int en, const char *v)
{
    return en ? v : zh_name(v);
}

int report_model_md(nqpf_buf *b, const report_model *m, int en, int capital)
{
    int e = nqpf_buf_puts(b, en ? (capital ? "Data `" : "data `") : "数据 `");
    e |= report_md(b, m->data);
    return e | nqpf_buf_printf(b, en ? "` (SHA-256 %s)%s.\n" : "`（SHA-256 %s）%s。\n", m->sha,
                               m->score ? L(en, "，加入指数列 score", ", with the index as column score") : "");
}
/* "Inputs: …; outputs: …[; undesirable outputs: …]" (DEA and Malmquist). */
int report_md_io(nqpf_buf *b, int en, const char *inputs, const char *outputs, const char *bad)
{
    int e = nqpf_buf_puts(b, en ? "Inputs: " : "投入：");
    e |= report_md(b, inputs);
    e |= nqpf_buf_puts(b, en ? "; outputs: " : "；产出：");
    e |= report_md(b, outputs);
    if (*bad) {
        e |= nqpf_buf_puts(b, en ? "; undesirable outputs: " : "；非期望产出：");
        e |= report_md(b, bad);
    }
    return e;
}
