/* nqpf — Stata .dta input through ReadStat (see csv.h).
 *
 * Why convert to CSV text instead of filling tables directly: every reader
 * of nqpf (the streaming panel reader of `nqpf index`, the in-memory tables
 * of the other commands, the header-only look of --max-memory) sits on the
 * CSV reader, so a .dta file becomes the CSV text Stata's `export
 * delimited` would write, and all of them read it unchanged, with the same
 * checks and the same FILE:LINE:COL errors (LINE = observation + 1).  The
 * cost is the text in memory: about the size of the CSV file itself.
 *
 * Reading .dta is ReadStat's job (Debian's libreadstat: formats 104-119,
 * i.e. Stata 5 and later, strL, the encodings): we only turn its values
 * into text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readstat.h>

#include "nqpf/csv.h"
#include "nqpf/output.h"
#include "nqpf/util.h"

typedef struct dta_ctx {
    nqpf_buf *out;
    uint64_t max_bytes; /* 0 = no cap */
    int n_vars;
    int nomem, over;
    char msg[256]; /* ReadStat's last error message */
} dta_ctx;

int nqpf_is_dta(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".dta") == 0;
}

static int on_metadata(readstat_metadata_t *md, void *ctx)
{
    ((dta_ctx *)ctx)->n_vars = readstat_get_var_count(md);
    return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *var, const char *labels, void *vctx)
{
    dta_ctx *c = vctx;
    (void)labels;
    /* a damaged file can leave a variable without a name: it becomes an
     * empty header cell, which the table reader then reports */
    const char *name = readstat_variable_get_name(var);
    if ((index > 0 && nqpf_buf_append(c->out, ",", 1)) || nqpf_buf_csv_field_raw(c->out, name ? name : "") ||
        (index == c->n_vars - 1 && nqpf_buf_append(c->out, "\n", 1))) {
        c->nomem = 1;
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

/* A float variable as the shortest text that reads back to the same float
 * (0.1f is "0.1", as Stata shows it, not the double 0.10000000149011612). */
static int append_float(nqpf_buf *b, float f)
{
    char tmp[32];
    for (int p = 1; p <= 9; p++) {
        snprintf(tmp, sizeof tmp, "%.*g", p, (double)f);
        if ((float)strtod(tmp, NULL) == f)
            break;
    }
    return nqpf_buf_puts(b, tmp);
}

static int on_value(int obs, readstat_variable_t *var, readstat_value_t v, void *vctx)
{
    dta_ctx *c = vctx;
    int idx = readstat_variable_get_index(var), rc = 0;
    (void)obs;
    if (idx > 0)
        rc = nqpf_buf_append(c->out, ",", 1);
    if (!rc && !readstat_value_is_missing(v, var)) {
        switch (readstat_value_type(v)) {
        case READSTAT_TYPE_STRING:
        case READSTAT_TYPE_STRING_REF: {
            const char *s = readstat_string_value(v);
            rc = nqpf_buf_csv_field_raw(c->out, s ? s : "");
            break;
        }
        case READSTAT_TYPE_INT8:
            rc = nqpf_buf_printf(c->out, "%d", (int)readstat_int8_value(v));
            break;
        case READSTAT_TYPE_INT16:
            rc = nqpf_buf_printf(c->out, "%d", (int)readstat_int16_value(v));
            break;
        case READSTAT_TYPE_INT32:
            rc = nqpf_buf_printf(c->out, "%ld", (long)readstat_int32_value(v));
            break;
        case READSTAT_TYPE_FLOAT:
            rc = append_float(c->out, readstat_float_value(v));
            break;
        case READSTAT_TYPE_DOUBLE:
            rc = nqpf_buf_csv_num(c->out, readstat_double_value(v));
            break;
        }
    }
    if (!rc && idx == c->n_vars - 1)
        rc = nqpf_buf_append(c->out, "\n", 1);
    if (!rc && c->max_bytes && c->out->len > c->max_bytes) {
        c->over = 1;
        return READSTAT_HANDLER_ABORT;
    }
    if (rc) {
        c->nomem = 1;
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

static void on_error(const char *msg, void *vctx)
{
    dta_ctx *c = vctx;
    snprintf(c->msg, sizeof c->msg, "%s", msg);
    size_t n = strlen(c->msg);
    while (n > 0 && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
        c->msg[--n] = '\0';
}

/* Stata 14 and later (format 118, 119) store UTF-8 whatever the system;
 * their header is text: <stata_dta><header><release>118</release>.  Older
 * files begin with a format byte (114 = Stata 10-13) and store strings in
 * the writer's system encoding, which --encoding gbk names. */
static int strings_are_utf8(const char *path)
{
    char head[64] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    size_t got = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    const char *tag = "<stata_dta><header><release>";
    size_t n = strlen(tag);
    return got > n + 3 && strncmp(head, tag, n) == 0 && atoi(head + n) >= 118;
}

int nqpf_dta_to_csv(const char *path, nqpf_encoding enc, uint64_t max_bytes, nqpf_buf *out, nqpf_error *err)
{
    dta_ctx c = {out, max_bytes, 0, 0, 0, {0}};
    FILE *probe = NULL; /* a plain file: ReadStat would block on a FIFO */
    int prc = nqpf_open_regular(path, 0, "a Stata .dta file is read whole", &probe, NULL, err);
    if (prc)
        return prc;
    fclose(probe);
    readstat_parser_t *parser = readstat_parser_init();
    if (!parser)
        return nqpf_fail_nomem(err);
    readstat_set_metadata_handler(parser, on_metadata);
    readstat_set_variable_handler(parser, on_variable);
    readstat_set_value_handler(parser, on_value);
    readstat_set_error_handler(parser, on_error);
    if (enc == NQPF_ENC_GB18030 && !strings_are_utf8(path)) /* strings of a pre-Stata-14 file */
        readstat_set_file_character_encoding(parser, "GB18030");
    readstat_error_t e = readstat_parse_dta(parser, path, &c);
    readstat_parser_free(parser);
    if (c.nomem)
        return nqpf_fail_nomem(err);
    if (c.over)
        return nqpf_fail(err, NQPF_ENOMEM, path, 0, 0, "the data's CSV text is over the memory limit: %.1f MiB",
                         (double)max_bytes / 1048576.0);
    if (e == READSTAT_ERROR_OPEN)
        return nqpf_fail(err, NQPF_EIO, path, 0, 0, "cannot open");
    if (e != READSTAT_OK)
        return nqpf_fail(err, NQPF_EPARSE, path, 0, 0, "not a readable Stata .dta file: %s%s%s",
                         readstat_error_message(e), c.msg[0] ? ": " : "", c.msg);
    if (c.n_vars == 0 || out->len == 0)
        return nqpf_fail(err, NQPF_EINPUT, path, 0, 0, "the .dta file has no variables");
    return NQPF_OK;
}
