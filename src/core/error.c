#include "nqpf/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void nqpf_error_clear(nqpf_error *err)
{
    if (!err)
        return;
    err->code = NQPF_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->col = 0;
    err->msg[0] = '\0';
}

int nqpf_fail(nqpf_error *err, int code, const char *path, long line, long col,
              const char *fmt, ...)
{
    if (!err)
        return code;
    /* Format into local buffers first: callers that add context to an
     * error pass its own err->msg (or err->file as path) back in, and
     * printing a buffer into itself is undefined (it garbled "merec
     * weights of 'a': merec weights of 'a': ues > 0"). */
    char file[sizeof err->file], msg[sizeof err->msg];
    snprintf(file, sizeof file, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err->code = code;
    memcpy(err->file, file, sizeof file);
    memcpy(err->msg, msg, sizeof msg);
    err->line = line;
    err->col = col;
    return code;
}

int nqpf_fail_nomem(nqpf_error *err)
{
    return nqpf_fail(err, NQPF_ENOMEM, NULL, 0, 0, "out of memory");
}

void nqpf_error_format(const nqpf_error *err, char *buf, size_t size)
{
    if (!err || size == 0)
        return;
    if (err->file[0] && err->line > 0 && err->col > 0)
        snprintf(buf, size, "%s:%ld:%ld: %s", err->file, err->line, err->col, err->msg);
    else if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->msg);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->msg);
    else
        snprintf(buf, size, "%s", err->msg);
}

const char *nqpf_status_name(int code)
{
    switch (code) {
    case NQPF_OK: return "ok";
    case NQPF_EUSAGE: return "usage error";
    case NQPF_EIO: return "i/o error";
    case NQPF_EPARSE: return "parse error";
    case NQPF_EINPUT: return "invalid input";
    case NQPF_EMATH: return "degenerate mathematics";
    case NQPF_ENOMEM: return "out of memory";
    case NQPF_EEXIST: return "output exists";
    case NQPF_EMISSING: return "missing values";
    case NQPF_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

void nqpf_error_context(nqpf_error *err, const char *file, const char *what, const char *label)
{
    char buf[2048];
    int len = snprintf(buf, sizeof buf, "%s '%s': %s", what, label, err->msg);
    if (len < 0)
        return;
    size_t m = (size_t)len < sizeof err->msg - 1 ? (size_t)len : sizeof err->msg - 1;
    memcpy(err->msg, buf, m);
    err->msg[m] = '\0';
    if (file && err->file[0] == '\0') {
        size_t f = strlen(file);
        if (f >= sizeof err->file)
            f = sizeof err->file - 1;
        memcpy(err->file, file, f);
        err->file[f] = '\0';
    }
}
