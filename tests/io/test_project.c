/* Project-file parser: values, comments, quoting, and FILE:LINE:COL errors. */
#include "test.h"

#include "nqpf/doc.h"
#include "nqpf/project.h"
#include "nqpf/report.h"

static nqpf_project *parse(const char *text, nqpf_error *err)
{
    nqpf_project *p = NULL;
    nqpf_error_clear(err);
    nqpf_project_parse(&p, text, strlen(text), "dir/p.ini", err);
    return p;
}

static void test_values(void)
{
    nqpf_error err;
    nqpf_project *p = parse("\xEF\xBB\xBF# top comment\n; another\n[data]\nfile = a b.csv   # trailing\n"
                            "  unit=省份\r\nperiod = \"year # not a comment\" ; c\nempty =\nhash=a#b\n\n[gini]\n",
                            &err);
    CHECK(p != NULL);
    if (!p)
        return;
    CHECK(p->n == 2);
    const nqpf_project_section *d = nqpf_project_section_get(p, "data");
    CHECK(d && d->n == 5);
    CHECK_STR(nqpf_project_get(d, "file")->value, "a b.csv");
    CHECK_STR(nqpf_project_get(d, "unit")->value, "省份");
    CHECK_STR(nqpf_project_get(d, "period")->value, "year # not a comment");
    CHECK_STR(nqpf_project_get(d, "empty")->value, "");
    CHECK_STR(nqpf_project_get(d, "hash")->value, "a#b");
    CHECK(nqpf_project_get(d, "unit")->line == 5);
    CHECK(nqpf_project_get(d, "unit")->key_col == 3);
    CHECK(nqpf_project_get(d, "unit")->value_col == 8);
    CHECK(nqpf_project_section_get(p, "gini") && nqpf_project_section_get(p, "gini")->line == 10);
    char *f = nqpf_project_resolve(p, "x.csv");
    CHECK_STR(f, "dir/x.csv");
    free(f);
    f = nqpf_project_resolve(p, "/abs/x.csv");
    CHECK_STR(f, "/abs/x.csv");
    free(f);
    /* 'empty' and 'hash' are not options of [data] */
    CHECK(nqpf_project_check(p, &err) == NQPF_EINPUT && strstr(err.msg, "'empty'") && err.line == 7);
    nqpf_project_free(p);
}

static void expect_error(const char *text, int code, long line, long col, const char *needle)
{
    nqpf_error err;
    nqpf_project *p = parse(text, &err);
    int rc = err.code;
    if (p) {
        rc = nqpf_project_check(p, &err);
        nqpf_project_free(p);
    }
    CHECK(rc == code);
    CHECK(err.line == line);
    CHECK(err.col == col);
    CHECK_STR(err.file, "dir/p.ini");
    if (!strstr(err.msg, needle))
        fprintf(stderr, "  message '%s' lacks '%s'\n", err.msg, needle);
    CHECK(strstr(err.msg, needle) != NULL);
}

static void test_errors(void)
{
    expect_error("key = v\n", NQPF_EPARSE, 1, 1, "before any [section]");
    expect_error("[data]\n  = v\n", NQPF_EPARSE, 2, 3, "expected 'key = value'");
    expect_error("[data]\nfile v\n", NQPF_EPARSE, 2, 6, "expected '='");
    expect_error("[data\n", NQPF_EPARSE, 1, 6, "malformed section");
    expect_error("[data] x\n", NQPF_EPARSE, 1, 8, "unexpected text");
    expect_error("[data]\nfile = \"abc\n", NQPF_EPARSE, 2, 8, "unterminated");
    expect_error("[data]\nfile = \"a\" b\n", NQPF_EPARSE, 2, 12, "after the quoted value");
    expect_error("[data]\nfile = a\nfile = b\n", NQPF_EINPUT, 3, 1, "repeated");
    expect_error("[data]\n[data]\n", NQPF_EINPUT, 2, 1, "repeated");
    expect_error("[data]\nfile = \xff\xfe\n", NQPF_EPARSE, 2, 8, "UTF-8");
    expect_error("[data]\nfile = \xe4\xb8\n", NQPF_EPARSE, 2, 8, "UTF-8");
    expect_error("[dat]\n", NQPF_EINPUT, 1, 1, "unknown section [dat]");
    expect_error("[kde]\nkernal = gaussian\n", NQPF_EINPUT, 2, 1, "unknown key 'kernal'");
}

static void test_escapers(void)
{
    nqpf_buf b = {0};
    nqpf_buf_html(&b, "<script>alert(1)</script> a&b \"q\" 'x'");
    CHECK_STR(b.data, "&lt;script&gt;alert(1)&lt;/script&gt; a&amp;b &quot;q&quot; &#39;x&#39;");
    nqpf_buf_free(&b);
    nqpf_buf_tex(&b, "100%_\\LaTeX{} a&b $#^~");
    CHECK_STR(b.data, "100\\%\\_\\textbackslash{}LaTeX\\{\\} a\\&b \\$\\#\\textasciicircum{}\\textasciitilde{}");
    nqpf_buf_free(&b);
}

int main(void)
{
    RUN(test_values);
    RUN(test_errors);
    RUN(test_escapers);
    return test_done();
}
