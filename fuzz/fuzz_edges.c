/* A spatial-weights edge list, then its standardisation. */
#include "fuzz.h"
#include "nqpf/spatial.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    nqpf_weights *w = NULL;
    if (nqpf_weights_read_edges(&w, path, &err) != NQPF_OK)
        return;
    nqpf_wconst c;
    if (nqpf_weights_transform(w, 'W', &err) == NQPF_OK)
        nqpf_weights_constants(w, &c, &err);
    nqpf_weights_free(w);
}
