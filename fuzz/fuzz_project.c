/* The project file (INI sections and keys), parsed and checked. */
#define FUZZ_SUFFIX ".ini"
#include "fuzz.h"
#include "nqpf/project.h"

static void fuzz_one(const char *path, const uint8_t *data, size_t size)
{
    nqpf_error err;
    nqpf_project *p = NULL;
    if (nqpf_project_parse(&p, (const char *)data, size, path, &err) != NQPF_OK)
        return;
    nqpf_project_check(p, &err);
    nqpf_project_free(p);
}
