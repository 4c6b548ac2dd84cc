/* The report's result table (src/doc/tables.c, emit.c): each cell is
 * added by a statement of its own, in the order written (RT_NUMS keeps the
 * order of its arguments); a failed add is sticky — t->oom stays set and
 * later adds do nothing — and the one check in report_emit turns it into
 * NQPF_ENOMEM, with no file written, nothing listed and nothing kept in the
 * sink.  The expected CSV is written out by hand from the cells added. */
#include <unistd.h>

#include "nqpf/doc.h"
#include "test.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = calloc(1, 4096);
    if (b)
        fread(b, 1, 4095, f);
    fclose(f);
    return b;
}

static int exists(const nqpf_outdir *d, const char *name)
{
    char *path = nqpf_outdir_file(d, name);
    int yes = path && access(path, F_OK) == 0;
    free(path);
    return yes;
}

static void test_order_and_sticky(void)
{
    char tmpl[] = "/tmp/nqpf-rtable-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    char out[300];
    snprintf(out, sizeof out, "%s/out", tmpl);
    nqpf_error err;
    report_sink sink = {0};
    sink.en = 1;
    REQUIRE(nqpf_outdir_begin(&sink.dir, out, 0, &err) == NQPF_OK);
    nqpf_buf written = {0};

    rtable t;
    rt_init(&t, "order", "order", RT_COLS("name", "a", "b", "c", "n"));
    rt_add(&t, "x", 0);
    RT_NUMS(&t, 0.5, 2, 0.25);
    rt_addi(&t, 3);
    CHECK(t.n == 5 && !t.oom);
    CHECK(t.cell[1].digits == 4 && t.cell[4].digits == 0);
    CHECK(report_emit(&t, &sink, 0, 0, &written, &err) == NQPF_OK);
    CHECK(sink.n == 1 && t.n == 0);
    char *path = nqpf_outdir_file(&sink.dir, "order.csv");
    char *csv = path ? slurp(path) : NULL;
    CHECK(csv && !strcmp(csv, "name,a,b,c,n\nx,0.5,2,0.25,3\n"));
    free(csv), free(path);

    rt_init(&t, "failed", "failed", RT_COLS("name", "v"));
    rt_add(&t, "y", 0);
    t.oom = 1; /* as an add that ran out of memory leaves the table */
    rt_add(&t, NULL, 1);
    rt_add(&t, "z", 0);
    RT_NUMS(&t, 1, 2);
    rt_addi(&t, 4);
    report_add_num(&t, 5, 0);
    CHECK(t.n == 1);
    CHECK(report_emit(&t, &sink, 0, 1, &written, &err) == NQPF_ENOMEM);
    CHECK(t.n == 0 && t.cell == NULL && sink.n == 1);
    CHECK(!exists(&sink.dir, "failed.csv") && !exists(&sink.dir, "failed.tex"));
    CHECK(written.len == strlen("tables/order.csv\n") && !memcmp(written.data, "tables/order.csv\n", written.len));

    report_sink_free(&sink);
    nqpf_buf_free(&written);
    nqpf_outdir_abort(&sink.dir);
    rmdir(tmpl);
}

int main(void)
{
    RUN(test_order_and_sticky);
    return test_done();
}
