/* JSON, then GeoJSON polygons and queen/rook contiguity built from them. */
#define FUZZ_SUFFIX ".geojson"
#include "fuzz.h"
#include "nqpf/json.h"
#include "nqpf/spatial.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    nqpf_json *v = NULL;
    if (nqpf_json_parse(&v, (const char *)data, size, path, &err) == NQPF_OK)
        nqpf_json_free(v);
    nqpf_polygons *p = NULL;
    if (nqpf_polygons_read_geojson(&p, path, "adcode", &err) != NQPF_OK)
        return;
    for (int queen = 0; queen < 2; queen++) {
        nqpf_weights *w = NULL;
        if (nqpf_weights_contiguity(&w, p, queen, 1.490116119384765625e-8, &err) == NQPF_OK)
            nqpf_weights_free(w);
    }
    nqpf_polygons_free(p);
}
