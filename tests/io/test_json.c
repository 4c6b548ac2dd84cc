/* Tests for the JSON DOM reader (src/io/json.c). */
#include "nqpf/json.h"
#include "nqpf/rng.h"
#include "test.h"

static nqpf_json *parse_ok(const char *text)
{
    nqpf_json *v = NULL;
    nqpf_error err;
    nqpf_error_clear(&err);
    int rc = nqpf_json_parse(&v, text, strlen(text), "t.json", &err);
    if (rc)
        fprintf(stderr, "  unexpected error: %s\n", err.msg);
    return v;
}

/* Parse text expecting an error at line:col. */
static void expect_error(const char *text, long line, long col)
{
    nqpf_json *v = NULL;
    nqpf_error err;
    nqpf_error_clear(&err);
    int rc = nqpf_json_parse(&v, text, strlen(text), "t.json", &err);
    CHECK(rc == NQPF_EPARSE);
    CHECK(v == NULL);
    CHECK_STR(err.file, "t.json");
    if (err.line != line || err.col != col)
        fprintf(stderr, "  for %s: got %ld:%ld (%s), expected %ld:%ld\n", text, err.line, err.col,
                err.msg, line, col);
    CHECK(err.line == line);
    CHECK(err.col == col);
}

static void test_scalars(void)
{
    nqpf_json *v = parse_ok(" 42 ");
    CHECK(v && v->type == NQPF_JSON_NUMBER && v->number == 42.0);
    nqpf_json_free(v);
    v = parse_ok("-1.5e-3");
    CHECK(v && v->number == -1.5e-3);
    nqpf_json_free(v);
    v = parse_ok("true");
    CHECK(v && v->type == NQPF_JSON_BOOL && v->boolean == 1);
    nqpf_json_free(v);
    v = parse_ok("null");
    CHECK(v && v->type == NQPF_JSON_NULL);
    nqpf_json_free(v);
    v = parse_ok("\"a\\\"b\\\\c\\/\\n\\u00e9\\u4e2d\\ud83d\\ude00\"");
    CHECK(v && v->type == NQPF_JSON_STRING);
    if (v)
        CHECK_STR(v->str, "a\"b\\c/\n\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80");
    nqpf_json_free(v);
    v = parse_ok("\"北京\"");
    if (v)
        CHECK_STR(v->str, "北京");
    nqpf_json_free(v);
    v = parse_ok("\"\"");
    CHECK(v && v->len == 0 && v->str && v->str[0] == '\0');
    nqpf_json_free(v);
}

static void test_nested(void)
{
    const char *t = "\xEF\xBB\xBF{\"type\": \"FeatureCollection\",\n"
                    " \"features\": [ {\"id\": 1, \"p\": {\"cp\": [116.4, 39.9]}},\n"
                    "   {\"id\": 2, \"p\": {}} , [] ],\n \"x\": null, \"x\": 5}";
    nqpf_json *v = parse_ok(t);
    CHECK(v && v->type == NQPF_JSON_OBJECT && v->len == 4);
    const nqpf_json *f = nqpf_json_get(v, "features");
    CHECK(f && f->type == NQPF_JSON_ARRAY && f->len == 3);
    CHECK(f && f->line == 2 && f->col == 14);
    const nqpf_json *cp = nqpf_json_get(nqpf_json_get(nqpf_json_at(f, 0), "p"), "cp");
    CHECK(cp && cp->len == 2 && nqpf_json_at(cp, 1)->number == 39.9);
    CHECK(nqpf_json_get(nqpf_json_at(f, 1), "p")->len == 0);
    CHECK(nqpf_json_at(f, 2)->type == NQPF_JSON_ARRAY && nqpf_json_at(f, 2)->line == 3);
    CHECK(nqpf_json_at(f, 3) == NULL);
    CHECK(nqpf_json_get(v, "x")->type == NQPF_JSON_NULL); /* first duplicate wins */
    CHECK(nqpf_json_get(v, "nope") == NULL);
    CHECK(nqpf_json_get(f, "x") == NULL);
    CHECK_STR(nqpf_json_type_name(NQPF_JSON_OBJECT), "object");
    nqpf_json_free(v);
}

static void test_errors(void)
{
    expect_error("", 1, 1);
    expect_error("{\"a\": 1,}", 1, 9);
    expect_error("[1, 2", 1, 6);
    expect_error("{\n  \"a\" 1}", 2, 7);
    expect_error("[01]", 1, 3);
    expect_error("[1.]", 1, 2);
    expect_error("[-]", 1, 2);
    expect_error("[1e]", 1, 2);
    expect_error("nul", 1, 1);
    expect_error("\"abc", 1, 1);
    expect_error("\"a\tb\"", 1, 3);
    expect_error("\"\\x\"", 1, 2);
    expect_error("\"\\ud800\"", 1, 2);
    expect_error("\"\\udc00\"", 1, 2);
    expect_error("\"\\u12G4\"", 1, 2);
    expect_error("[1] 2", 1, 5);
    expect_error("{1: 2}", 1, 2);
    expect_error("[1 2]", 1, 4);
    expect_error("[NaN]", 1, 2);
    expect_error("1e999", 1, 1);
    expect_error("[\n\n   ,]", 3, 4);
    expect_error("[\"ab\xb1\xb1\"]", 1, 5);       /* GBK bytes, not UTF-8 */
    expect_error("\"\xed\xa0\x80\"", 1, 2);       /* encoded surrogate */
    expect_error("\"\xc0\xaf\"", 1, 2);            /* overlong '/' */
}

static void test_depth(void)
{
    char buf[2 * NQPF_JSON_MAX_DEPTH + 10];
    size_t n = 0;
    for (int i = 0; i < NQPF_JSON_MAX_DEPTH + 2; i++)
        buf[n++] = '[';
    buf[n] = '\0';
    nqpf_json *v = NULL;
    nqpf_error err;
    CHECK(nqpf_json_parse(&v, buf, n, NULL, &err) == NQPF_EPARSE);
    CHECK(strstr(err.msg, "too deep") != NULL);
    /* Just inside the limit parses. */
    n = 0;
    for (int i = 0; i < NQPF_JSON_MAX_DEPTH; i++)
        buf[n++] = '[';
    for (int i = 0; i < NQPF_JSON_MAX_DEPTH; i++)
        buf[n++] = ']';
    CHECK(nqpf_json_parse(&v, buf, n, NULL, &err) == NQPF_OK);
    nqpf_json_free(v);
}

static void test_file(void)
{
    nqpf_json *v = NULL;
    nqpf_error err;
    int rc = nqpf_json_read_file(&v, "data/china_provinces.geojson", &err);
    REQUIRE(rc == NQPF_OK);
    const nqpf_json *f = nqpf_json_get(v, "features");
    CHECK(f && f->len == 34);
    const nqpf_json *p = f && f->len ? nqpf_json_get(nqpf_json_at(f, 0), "properties") : NULL;
    const nqpf_json *name = p ? nqpf_json_get(p, "name") : NULL;
    CHECK(name != NULL);
    CHECK_STR(name ? name->str : NULL, "北京");
    nqpf_json_free(v);
    CHECK(nqpf_json_read_file(&v, "/nonexistent/x.json", &err) == NQPF_EIO);
}

/* Mutated and truncated documents: every outcome is a tree or a positioned
 * parse error, never a crash or a leak (run under ASan by make check-asan). */
static void test_mutations(void)
{
    const char *base = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                       "\"properties\":{\"adcode\":\"110000\",\"name\":\"\\u5317\\u4eac\",\"cp\":[116.4,39.9]},"
                       "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1,2],[3.5e1,-4],[5,6],[1,2]]]}}],"
                       "\"x\":[true,false,null,-0.5E+3,\"a\\n\"]}";
    size_t n = strlen(base);
    char buf[1024];
    const char alphabet[] = "{}[]\",:\\/ \n0123456789.eE+-tfnul\x80\xff";
    nqpf_rng r;
    nqpf_rng_init(&r, 2024, 0);
    int ok = 0, bad = 0;
    for (int it = 0; it < 4000; it++) {
        memcpy(buf, base, n);
        size_t len = n;
        int edits = 1 + (int)nqpf_rng_below(&r, 4);
        for (int e = 0; e < edits; e++) {
            size_t pos = (size_t)nqpf_rng_below(&r, len);
            int kind = (int)nqpf_rng_below(&r, 3);
            if (kind == 0)
                buf[pos] = alphabet[nqpf_rng_below(&r, sizeof alphabet - 1)];
            else if (kind == 1)
                len = pos; /* truncate */
            else if (len + 1 < sizeof buf) {
                memmove(buf + pos + 1, buf + pos, len - pos);
                buf[pos] = alphabet[nqpf_rng_below(&r, sizeof alphabet - 1)];
                len++;
            }
            if (len == 0)
                break;
        }
        nqpf_json *v = NULL;
        nqpf_error err;
        nqpf_error_clear(&err);
        int rc = nqpf_json_parse(&v, buf, len, "m.json", &err);
        if (rc == NQPF_OK) {
            ok++;
            CHECK(v != NULL);
        } else {
            bad++;
            CHECK(rc == NQPF_EPARSE && v == NULL && err.line >= 1 && err.col >= 1);
        }
        nqpf_json_free(v);
    }
    CHECK(ok > 0 && bad > 0);
}

int main(void)
{
    RUN(test_mutations);
    RUN(test_scalars);
    RUN(test_nested);
    RUN(test_errors);
    RUN(test_depth);
    RUN(test_file);
    return test_done();
}
