/* The figure renderer's libraries are opened when a figure is rendered
 * (src/doc/gfx.c), not linked:
 *   - librsvg is not in the process before report_gfx_open and is after
 *     (/proc/self/maps; this test program, like nqpf, does not link it);
 *   - the opened functions are cairo's own (its status strings);
 *   - a library or a function that is not there is a clear NQPF_EIO
 *     naming it with dlerror's reason, and leaves the struct closed. */
#include "test.h"

#include "../../src/doc/gfx.h"

/* Whether a library whose path contains name is mapped into this process. */
static int mapped(const char *name)
{
    FILE *fp = fopen("/proc/self/maps", "r");
    char line[4096];
    int found = 0;
    while (fp && !found && fgets(line, sizeof line, fp))
        found = strstr(line, name) != NULL;
    if (fp)
        fclose(fp);
    return found;
}

static void test_loaded_on_demand(void)
{
    CHECK(!mapped("librsvg-2.so"));
    CHECK(!mapped("libcairo.so"));
    report_gfx g;
    nqpf_error err;
    REQUIRE(report_gfx_open(&g, (const char *const[])REPORT_GFX_SONAMES, &err) == NQPF_OK);
    CHECK(mapped("librsvg-2.so") && mapped("libcairo.so"));
    CHECK(g.rsvg_handle_new_from_data && g.rsvg_handle_render_document && g.g_object_unref && g.g_error_free);
    CHECK_STR(g.cairo_status_to_string(CAIRO_STATUS_SUCCESS), "no error has occurred");
    CHECK_STR(g.cairo_status_to_string(CAIRO_STATUS_NO_MEMORY), "out of memory");
    report_gfx_close(&g);
    CHECK(!g.lib[0] && !g.cairo_create);
    /* opened RTLD_NODELETE: closing does not unload GLib's types under a later render */
    CHECK(mapped("librsvg-2.so"));
}

static void test_missing_library(void)
{
    report_gfx g;
    nqpf_error err;
    const char *names[REPORT_GFX_LIBS] = {"libnqpf-no-such-library.so.2", "libgobject-2.0.so.0",
                                          "libglib-2.0.so.0", "libcairo.so.2"};
    CHECK(report_gfx_open(&g, names, &err) == NQPF_EIO);
    CHECK(!strncmp(err.msg, "figures need libnqpf-no-such-library.so.2: ", 43));
    CHECK(strstr(err.msg, "cannot open shared object file") != NULL);
    CHECK(!g.lib[0] && !g.rsvg_handle_new_from_data);
}

static void test_missing_function(void)
{
    report_gfx g;
    nqpf_error err;
    /* cairo's functions looked for in libm: the first one is not there */
    const char *names[REPORT_GFX_LIBS] = {"librsvg-2.so.2", "libgobject-2.0.so.0", "libglib-2.0.so.0",
                                          "libm.so.6"};
    CHECK(report_gfx_open(&g, names, &err) == NQPF_EIO);
    CHECK(!strncmp(err.msg, "figures need cairo_image_surface_create from libm.so.6: ", 56));
    CHECK(strstr(err.msg, "undefined symbol") != NULL);
    CHECK(!g.lib[0] && !g.lib[3] && !g.rsvg_handle_new_from_data);
}

int main(void)
{
    RUN(test_loaded_on_demand);
    RUN(test_missing_library);
    RUN(test_missing_function);
    return test_done();
}
