/* nqpf — librsvg and cairo, loaded when a figure is rendered (see gfx.h). */
#include "gfx.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

/* Each pointer of report_gfx: the library (index into soname) that defines
 * it, its symbol and where it goes. */
#define FN(lib, name) {lib, #name, offsetof(report_gfx, name)}
static const struct {
    int lib;
    const char *name;
    size_t at;
} fns[] = {
    FN(0, rsvg_handle_new_from_data),
    FN(0, rsvg_handle_render_document),
    FN(1, g_object_unref),
    FN(2, g_error_free),
    FN(3, cairo_image_surface_create),
    FN(3, cairo_image_surface_get_width),
    FN(3, cairo_image_surface_get_height),
    FN(3, cairo_image_surface_get_stride),
    FN(3, cairo_image_surface_get_data),
    FN(3, cairo_pdf_surface_create_for_stream),
    FN(3, cairo_pdf_surface_set_metadata),
    FN(3, cairo_create),
    FN(3, cairo_set_source_rgb),
    FN(3, cairo_paint),
    FN(3, cairo_destroy),
    FN(3, cairo_surface_flush),
    FN(3, cairo_surface_finish),
    FN(3, cairo_surface_status),
    FN(3, cairo_surface_destroy),
    FN(3, cairo_status_to_string),
};
#undef FN

void report_gfx_close(report_gfx *g)
{
    for (int i = 0; i < REPORT_GFX_LIBS; i++)
        if (g->lib[i])
            dlclose(g->lib[i]);
    memset(g, 0, sizeof *g);
}

/* The error for what (a library, or a function "f from lib") that dlopen
 * or dlsym could not find, with dlerror's reason; closes g. */
static int missing(report_gfx *g, const char *what, const char *lib, nqpf_error *err)
{
    const char *why = dlerror();
    int rc = nqpf_fail(err, NQPF_EIO, NULL, 0, 0, "figures need %s%s%s: %s", what, lib ? " from " : "",
                       lib ? lib : "", why ? why : "not found");
    report_gfx_close(g);
    return rc;
}

int report_gfx_open(report_gfx *g, const char *const soname[REPORT_GFX_LIBS], nqpf_error *err)
{
    memset(g, 0, sizeof *g);
    for (int i = 0; i < REPORT_GFX_LIBS; i++)
        if (!(g->lib[i] = dlopen(soname[i], RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE)))
            return missing(g, soname[i], NULL, err);
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        dlerror();
        void *p = dlsym(g->lib[fns[i].lib], fns[i].name);
        if (!p)
            return missing(g, fns[i].name, soname[fns[i].lib], err);
        /* POSIX: a function's address comes back from dlsym as a void *;
         * copying its bytes converts it without an object-to-function cast */
        memcpy((char *)g + fns[i].at, &p, sizeof p);
    }
    return NQPF_OK;
}
