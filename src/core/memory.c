/* nqpf — memory budgets (see memory.h). */
#include "nqpf/memory.h"
#include "nqpf/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nqpf_parse_size(const char *s, uint64_t *bytes)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !(v >= 0) || !isfinite(v))
        return -1;
    double mult = 1;
    switch (toupper((unsigned char)*end)) {
    case 'K': mult = 1024.0; end++; break;
    case 'M': mult = 1024.0 * 1024; end++; break;
    case 'G': mult = 1024.0 * 1024 * 1024; end++; break;
    case 'T': mult = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    if (mult > 1 && (*end == 'i' || *end == 'I'))
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0' || v * mult > 1.8e19)
        return -1;
    *bytes = (uint64_t)(v * mult);
    return 0;
}

int nqpf_memory_check(uint64_t need, uint64_t limit, const char *what, nqpf_error *err)
{
    if (limit == 0 || need <= limit)
        return NQPF_OK;
    return nqpf_fail(err, NQPF_ENOMEM, NULL, 0, 0,
                     "%s needs about %.1f MiB, over --max-memory %.1f MiB (stopped before allocating it)", what,
                     (double)need / 1048576.0, (double)limit / 1048576.0);
}

int nqpf_file_shape(const char *path, uint64_t *bytes, size_t *lines, nqpf_error *err)
{
    FILE *f = NULL;
    int rc = nqpf_open_regular(path, 0, "--max-memory measures the input before reading it", &f, NULL, err);
    if (rc)
        return rc;
    char buf[1 << 16];
    size_t got, nl = 0;
    uint64_t total = 0;
    char last = '\n';
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        total += got;
        for (const char *p = buf, *e = buf + got; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
            nl++;
        last = buf[got - 1];
    }
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
    *bytes = total;
    *lines = nl + (last != '\n'); /* a last line without its newline */
    return NQPF_OK;
}
