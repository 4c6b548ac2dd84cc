/* The indicator-system reader (directions, dimensions, nested levels). */
#include "fuzz.h"
#include "nqpf/system.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    nqpf_system *s = NULL;
    if (nqpf_system_read(&s, path, NQPF_ENC_AUTO, &err) == NQPF_OK)
        nqpf_system_free(s);
}
