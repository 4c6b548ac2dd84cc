/* report.tex (report_tex): the paper tables are \input, the others not;
 * figures are included only through \IfFileExists; the methods Markdown
 * becomes LaTeX (## heading -> \subsection, "- " items -> itemize, the
 * Markdown escapes and entities undone, then LaTeX-escaped); Greek letters
 * in captions are math.  xelatex compiling the real report is
 * tests/doc/test_documents.py. */
#include <unistd.h>

#include "nqpf/doc.h"
#include "test.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = calloc(1, 1 << 16);
    if (b && fread(b, 1, (1 << 16) - 1, f) == 0)
        b[0] = 0;
    fclose(f);
    return b;
}

static void test_document(void)
{
    static const char *cols[] = {"a"};
    rtable t[2];
    rt_init(&t[0], "paper", "x", 1, cols);
    rt_init(&t[1], "long", "y", 1, cols);
    t[0].print = 1;
    report_docfig fig = {"map", NULL, 0, "σ与β的地图", 14.0};
    char tmpl[] = "/tmp/nqpf-texdoc-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    char dir[300], file[320];
    snprintf(dir, sizeof dir, "%s/out", tmpl), snprintf(file, sizeof file, "%s/report.tex", dir);
    nqpf_outdir out;
    nqpf_error err;
    REQUIRE(nqpf_outdir_begin(&out, dir, 0, &err) == NQPF_OK);
    const char *md = "# 方法说明（中文）\n\n## 指标\\_体系\n\n| a | b |\n|---|---|\n\n第一行\n第二行 a &lt; b &amp; `c`\n\n"
                     "- 项目 α\n- 100%\n\n## 下一节\n";
    CHECK(report_tex(&out, "report.tex", "标题 & 100%", md, t, 2, &fig, 1, 0, &err) == NQPF_OK);
    REQUIRE(nqpf_outdir_commit(&out, &err) == NQPF_OK);
    char *s = slurp(file);
    REQUIRE(s);
    CHECK(strstr(s, "\\documentclass[UTF8,a4paper,zihao=-4]{ctexart}") != NULL);
    CHECK(strstr(s, "\\title{标题 \\& 100\\%}") != NULL);
    CHECK(strstr(s, "\\input{tables/paper.tex}") != NULL);
    CHECK(strstr(s, "tables/long.tex") == NULL);
    CHECK(strstr(s, "\\IfFileExists{figures/map.pdf}{") != NULL);
    CHECK(strstr(s, "\\caption{$\\sigma$与$\\beta$的地图}") != NULL);
    CHECK(strstr(s, "方法说明") == NULL);                 /* the Markdown title is not printed */
    CHECK(strstr(s, "\\subsection{指标\\_\\allowbreak{}体系}") != NULL);
    CHECK(strstr(s, "| a |") == NULL);                     /* table rows left out */
    CHECK(strstr(s, "第一行 第二行 a \\textless{} b \\& c\n") != NULL);
    CHECK(strstr(s, "\\begin{itemize}\n\\item 项目 $\\alpha$\n\n\\item 100\\%\n\n\\end{itemize}") != NULL);
    CHECK(strstr(s, "\\subsection{下一节}") != NULL);
    free(s);
    unlink(file), rmdir(dir), rmdir(tmpl);
}

int main(void)
{
    RUN(test_document);
    return test_done();
}
