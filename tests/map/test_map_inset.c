/* The South China Sea inset compiled into src/map/map_inset.c is the
 * bundled data/china_nanhai_inset.geojson, ring for ring and point for
 * point (the file is the provenance; the table is what the maps draw). */
#include "test.h"

#include "nqpf/json.h"
#include "../../src/map/map_internal.h"

static void test_inset_matches_geojson(void)
{
    nqpf_json *root = NULL;
    nqpf_error err;
    REQUIRE(nqpf_json_read_file(&root, NQPF_DATADIR "/china_nanhai_inset.geojson", &err) == NQPF_OK);
    const nqpf_json *f = nqpf_json_at(nqpf_json_get(root, "features"), 0);
    const nqpf_json *polys = nqpf_json_get(nqpf_json_get(f, "geometry"), "coordinates");
    const size_t *off;
    const double(*ll)[2];
    size_t n = map_inset_rings(&off, &ll), ring = 0;
    CHECK(polys && polys->type == NQPF_JSON_ARRAY);
    for (size_t p = 0; polys && p < polys->len; p++)
        for (size_t q = 0; q < polys->item[p].len; q++, ring++) {
            const nqpf_json *r = &polys->item[p].item[q];
            REQUIRE(ring < n && off[ring + 1] - off[ring] == r->len);
            for (size_t i = 0; i < r->len; i++) {
                CHECK_ABS(ll[off[ring] + i][0], r->item[i].item[0].number, 0);
                CHECK_ABS(ll[off[ring] + i][1], r->item[i].item[1].number, 0);
            }
        }
    CHECK(ring == n && n == 12);
    nqpf_json_free(root);
}

int main(void)
{
    RUN(test_inset_matches_geojson);
    return test_done();
}
