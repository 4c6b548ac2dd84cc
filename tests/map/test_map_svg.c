/* The map library on its own, without a report: two unit squares side by
 * side (lon 0-1 and 1-2, lat 0-1) and a shape without data, drawn by
 * nqpf_map_svg.  Expected coordinates by hand from the documented
 * projection (src/map/map_svg.c): one panel, scale sc = min(490 / (2 kx),
 * 460) = 245 / kx with kx = cos(0.5°), so x = 10 + 245 lon and
 * y = 10 + (1 - lat) 245 / kx = 255.0 at lat 0; height ceil(sc + 20) = 266. */
#include "test.h"

#include "nqpf/map.h"

static void test_two_squares(void)
{
    size_t off[2] = {0, 5};
    double x1[] = {0, 1, 1, 0, 0}, x2[] = {1, 2, 2, 1, 1}, y[] = {0, 0, 1, 1, 0};
    double x3[] = {0.2, 0.4, 0.4, 0.2}, y3[] = {0.2, 0.2, 0.4, 0.2};
    size_t off3[2] = {0, 4};
    nqpf_map_shape sh[3] = {{"A", "Alpha", 1, off, x1, y, 0, 0.5, 0.5},
                            {"B", "Beta", 1, off, x2, y, 1, 1.5, 0.5},
                            {"C", "Gamma", 1, off3, x3, y3, -1, 0.3, 0.3}};
    nqpf_map_style st = {.classes = NQPF_MAP_QUANTILE, .k = 2, .labels = 1, .inset = NQPF_INSET_AUTO};
    const char *fill[] = {"#111111", "#222222"}, *tip[] = {"a<b", "B"}, *lc[] = {"#111111", "#222222"},
               *lt[] = {"low", "high"};
    nqpf_map_fig m = {"m", "Map & co", 0, 2, NULL, 1, NULL, fill, tip, 2, lc, lt, "Title", "0 1 2"};
    nqpf_buf b = {0};
    REQUIRE(nqpf_map_svg(&b, (nqpf_map_base){sh, 3}, &st, &m) == 0);
    CHECK(!nqpf_map_is_china((nqpf_map_base){sh, 3}));
    CHECK(strstr(b.data, "<svg id=\"m\" class=\"chart\" viewBox=\"0 0 640 266\" width=\"640\" height=\"266\" "
                         "role=\"img\" aria-label=\"Map &amp; co\">") == b.data);
    CHECK(strstr(b.data, "<desc class=\"breaks\">0 1 2</desc>") != NULL);
    CHECK(strstr(b.data, "data-id=\"A\" fill=\"#111111\" d=\"M10.0 255.0L255.0 255.0L255.0 10.0L10.0 10.0Z\">"
                         "<title>a&lt;b</title>") != NULL);
    CHECK(strstr(b.data, "data-id=\"B\" fill=\"#222222\" d=\"M255.0 255.0L500.0 255.0L500.0 10.0L255.0 10.0Z\"") !=
          NULL);
    CHECK(strstr(b.data, "class=\"nodata\" data-id=\"C\" fill=\"#e5e5e5\"") != NULL);
    CHECK(strstr(b.data, "<title>Gamma</title>") != NULL);
    /* labels from the shapes' names (no unit_label), only for shapes with data; no inset off China */
    CHECK(strstr(b.data, ">Alpha</text>") != NULL && strstr(b.data, ">Beta</text>") != NULL);
    CHECK(strstr(b.data, ">Gamma</text>") == NULL);
    CHECK(strstr(b.data, "class=\"inset\"") == NULL);
    CHECK(strstr(b.data, "font-weight=\"bold\">Title</text>") != NULL);
    CHECK(b.len > 6 && !strcmp(b.data + b.len - 7, "</svg>\n"));
    nqpf_buf_free(&b);
}

int main(void)
{
    RUN(test_two_squares);
    return test_done();
}
