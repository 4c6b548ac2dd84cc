/* nqpf — librsvg and cairo, loaded when a figure is rendered (internal).
 *
 * Why not linked: librsvg pulls in some fifty shared libraries (Pango,
 * HarfBuzz, ICU, GIO, X11, libstdc++ ...) whose loading and relocation cost
 * every nqpf run about 20 ms, also the runs that draw nothing (reg, dea,
 * index ...).  Only the figure renderer (figures.c) needs them, so it opens
 * them with dlopen at the moment it renders.  The headers still give the
 * prototypes: each pointer below has the type of the real function
 * (__typeof__), so the compiler checks every call as if it were linked.
 *
 * The pointers live in a caller-owned struct filled for each rendering (no
 * process-wide state); opening a library that is already loaded only counts
 * a reference.  The libraries are opened RTLD_NODELETE: GLib's type system
 * and fontconfig's caches cannot be unloaded, so closing the handle never
 * unmaps them. */
#ifndef NQPF_REPORT_GFX_H
#define NQPF_REPORT_GFX_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include "nqpf/error.h"

enum { REPORT_GFX_LIBS = 4 };

typedef struct report_gfx {
    void *lib[REPORT_GFX_LIBS];
    __typeof__(&rsvg_handle_new_from_data) rsvg_handle_new_from_data;
    __typeof__(&rsvg_handle_render_document) rsvg_handle_render_document;
    __typeof__(&g_object_unref) g_object_unref;
    __typeof__(&g_error_free) g_error_free;
    __typeof__(&cairo_image_surface_create) cairo_image_surface_create;
    __typeof__(&cairo_image_surface_get_width) cairo_image_surface_get_width;
    __typeof__(&cairo_image_surface_get_height) cairo_image_surface_get_height;
    __typeof__(&cairo_image_surface_get_stride) cairo_image_surface_get_stride;
    __typeof__(&cairo_image_surface_get_data) cairo_image_surface_get_data;
    __typeof__(&cairo_pdf_surface_create_for_stream) cairo_pdf_surface_create_for_stream;
    __typeof__(&cairo_pdf_surface_set_metadata) cairo_pdf_surface_set_metadata;
    __typeof__(&cairo_create) cairo_create;
    __typeof__(&cairo_set_source_rgb) cairo_set_source_rgb;
    __typeof__(&cairo_paint) cairo_paint;
    __typeof__(&cairo_destroy) cairo_destroy;
    __typeof__(&cairo_surface_flush) cairo_surface_flush;
    __typeof__(&cairo_surface_finish) cairo_surface_finish;
    __typeof__(&cairo_surface_status) cairo_surface_status;
    __typeof__(&cairo_surface_destroy) cairo_surface_destroy;
    __typeof__(&cairo_status_to_string) cairo_status_to_string;
} report_gfx;

/* The libraries by SONAME, in the order of report_gfx.lib. */
#define REPORT_GFX_SONAMES {"librsvg-2.so.2", "libgobject-2.0.so.0", "libglib-2.0.so.0", "libcairo.so.2"}

/* Open the libraries named by soname (REPORT_GFX_SONAMES; tests pass
 * others) and fill *g.  A library or function that cannot be found is
 * NQPF_EIO, "figures need librsvg-2.so.2: <dlerror>"; *g is then closed.
 * Close with report_gfx_close (safe on a zeroed or closed struct). */
int report_gfx_open(report_gfx *g, const char *const soname[REPORT_GFX_LIBS], nqpf_error *err);
void report_gfx_close(report_gfx *g);

#endif
