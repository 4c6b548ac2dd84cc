/* nqpf CLI — the one driver of every declared command (commands.h):
 * options from argv, --help from the option table, the shared input, the
 * output file, the error message and exit code. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char *opt_text(const nqpf_cmd_spec *s, const nqpf_optval *v, const char *name)
{
    long k = nqpf_opt_find(s->opts, s->n_opts, name);
    return k < 0 ? NULL : v[k].text;
}

static void help(const char *name, const nqpf_cmd_spec *s)
{
    printf("Usage: nqpf %s %s\n\n%s", name, s->usage, s->about);
    nqpf_opt_print_help(stdout, s->opts, s->n_opts);
    if (s->examples)
        printf("\nExamples:\n%s", s->examples);
}

int cmd_open_out(nqpf_cmd_ctx *c, const nqpf_cmd_spec *s, nqpf_error *err)
{
    return cmd_open_at(c, opt_text(s, c->v, "out"), err);
}

/* Open f at path with the command's --force and --bom; *opened = 1 when it is. */
static int open_file(nqpf_cmd_ctx *c, nqpf_outfile *f, int *opened, const char *path, nqpf_error *err)
{
    long k = nqpf_opt_find(c->spec->opts, c->spec->n_opts, "force");
    int rc = nqpf_outfile_open(f, path, cmd_out_flags(c, k >= 0 && c->v[k].i), err);
    *opened = !rc;
    return rc;
}

int cmd_open_at(nqpf_cmd_ctx *c, const char *path, nqpf_error *err)
{
    int rc = open_file(c, &c->of, &c->opened, path, err);
    c->fp = rc ? NULL : c->of.fp;
    return rc;
}

int cmd_open_side(nqpf_cmd_ctx *c, const char *path, nqpf_error *err)
{
    return open_file(c, &c->side, &c->side_opened, path, err);
}

int cmd_out_flags(const nqpf_cmd_ctx *c, int force)
{
    return (force ? NQPF_OUT_FORCE : 0) | (c->bom ? NQPF_OUT_BOM : 0);
}

int cmd_load_long(nqpf_cmd_ctx *c, const char *const *cols, size_t n_cols, nqpf_error *err)
{
    const nqpf_cmd_spec *s = c->spec;
    const nqpf_optval *v = c->v;
    long m = nqpf_opt_find(s->opts, s->n_opts, "missing");
    const char *value = s->value_opt ? opt_text(s, v, s->value_opt) : NULL, *enc = opt_text(s, v, "encoding");
    if (!value)
        value = opt_text(s, v, "value");
    nqpf_long_req rq = {opt_text(s, v, "data"), opt_text(s, v, "unit"), value, opt_text(s, v, "period"),
                        opt_text(s, v, "group"), cols, n_cols, NQPF_ENC_AUTO,
                        m >= 0 ? v[m].i == 1 : !!(s->in_flags & NQPF_IN_KEEP_MISSING),
                        !!(s->in_flags & NQPF_IN_LABELS),
                        s->in_flags & NQPF_IN_QUOTE_COLS ? 2 : s->sign ? 1 : 0, NULL};
    if (enc && nqpf_encoding_parse(enc, &rq.enc))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "unknown --encoding '%s'", enc);
    int rc = nqpf_long_load(&c->in, &rq, err);
    if (!rc && s->sign)
        rc = nqpf_long_check_sign(&c->in, value, s->sign == 2, s->sign_what, err);
    return rc;
}

/* The shared input: a long table with the value column, further numeric
 * columns and optional unit, period and group label columns, missing
 * values by --missing. */
static int load_input(nqpf_cmd_ctx *c, const nqpf_cmd_spec *s, nqpf_error *err)
{
    long x = s->cols_opt ? nqpf_opt_find(s->opts, s->n_opts, s->cols_opt) : -1;
    return cmd_load_long(c, x >= 0 ? (const char *const *)c->v[x].items : NULL, x >= 0 ? c->v[x].n_items : 0, err);
}

/* The weights options of a spatial command into c->geo.s. */
static int spatial_opts(nqpf_cmd_ctx *c, const nqpf_cmd_spec *s, nqpf_error *err)
{
    long b = nqpf_opt_find(s->opts, s->n_opts, "geojson"), f = nqpf_opt_find(s->opts, s->n_opts, "force");
    if (b < 0)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "a spatial command without the weights options");
    spatial_cli_from(&c->geo.s, c->v + b, f >= 0 && c->v[f].i);
    return NQPF_OK;
}

/* Further column k of more: name as type (NUMBER: missing cells NaN when
 * allow_missing). */
static void more_col(spatial_more *more, const char *name, nqpf_coltype type, int allow_missing)
{
    more->name[more->n] = name;
    more->type[more->n] = type;
    more->allow_missing[more->n++] = allow_missing;
}

/* The spatial input: long data grouped by period and the raw weights; the
 * columns --coords X,Y (as text: only a unit's first row is parsed),
 * --value2 or --rate-base read with the rest. */
static int load_spatial(nqpf_cmd_ctx *c, const nqpf_cmd_spec *s, nqpf_error *err)
{
    const nqpf_optval *v = c->v;
    long m = nqpf_opt_find(s->opts, s->n_opts, "missing"), t = nqpf_opt_find(s->opts, s->n_opts, "threads");
    spatial_input *g = &c->geo;
    char buf[256], *xy[3];
    int rc = spatial_opts(c, s, err);
    g->drop = m >= 0 && v[m].i == 1;
    spatial_more more = spatial_coords_more(g->s.coords, buf, sizeof buf, xy);
    const char *v2 = opt_text(s, v, "value2") ? opt_text(s, v, "value2") : opt_text(s, v, "rate-base");
    if (v2)
        more_col(&more, v2, NQPF_COL_NUMBER, g->drop);
    return rc ? rc : spatial_setup(&g->d, &g->r, &g->s, t >= 0 ? v[t].z : 0, opt_text(s, v, "data"),
                                   opt_text(s, v, "unit"), opt_text(s, v, "value"), opt_text(s, v, "period"),
                                   g->drop, &more, err);
}

/* The panel input: the long data by period as a units x periods matrix of
 * --value (a missing value is NaN there: the command decides). */
static int load_panel(nqpf_cmd_ctx *c, const nqpf_cmd_spec *s, nqpf_error *err)
{
    const char *data = opt_text(s, c->v, "data"), *regime = opt_text(s, c->v, "regime");
    spatial_more more = {0};
    more_col(&more, opt_text(s, c->v, "value"), NQPF_COL_NUMBER, 1);
    if (regime)
        more_col(&more, regime, NQPF_COL_KEY, 0);
    int rc = spatial_opts(c, s, err);
    if (!rc)
        rc = spatial_data_read(&c->geo.d, data, opt_text(s, c->v, "unit"), NULL, opt_text(s, c->v, "period"), 0,
                               &more, err);
    if (!rc && (rc = wide_panel_read(&c->panel, &c->geo.d, data, opt_text(s, c->v, "value"), err)))
        spatial_data_free(&c->geo.d);
    return rc;
}

static int load(nqpf_cmd_ctx *c, const nqpf_cmd_spec *s, nqpf_error *err)
{
    switch (s->input) {
    case NQPF_INPUT_LONG:
        return load_input(c, s, err);
    case NQPF_INPUT_SPATIAL:
        return load_spatial(c, s, err);
    case NQPF_INPUT_PANEL:
        return load_panel(c, s, err);
    default:
        return NQPF_OK;
    }
}

int nqpf_cli_run(const char *name, const nqpf_cmd_spec *s, int argc, char **argv)
{
    nqpf_optval v[64];
    nqpf_error err;
    nqpf_error_clear(&err);
    if (s->n_opts > sizeof v / sizeof v[0]) {
        nqpf_fail(&err, NQPF_EINTERNAL, NULL, 0, 0, "%s: too many options", name);
        return nqpf_cli_error(&err);
    }
    nqpf_opt_init(v, s->n_opts);
    nqpf_cmd_ctx c;
    memset(&c, 0, sizeof c);
    c.v = v;
    c.spec = s;
    size_t n_pos = 0;
    const char *pos[2] = {NULL, NULL};
    int want_help, rc = nqpf_opt_argv(s->opts, s->n_opts, v, argc, argv, pos, s->positional ? 1 : 0, &n_pos,
                                      &want_help, &err);
    if (!rc && want_help) {
        help(name, s);
        nqpf_opt_free(v, s->n_opts);
        return 0;
    }
    if (!rc && s->positional && n_pos != 1)
        rc = nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "usage: nqpf %s %s (see --help)", name, s->usage);
    c.arg = pos[0];
    long b = nqpf_opt_find(s->opts, s->n_opts, "bom");
    c.bom = !rc && b >= 0 && v[b].i;
    if (!rc && s->check)
        rc = s->check(v, &err);
    if (!rc)
        rc = load(&c, s, &err);
    if (!rc)
        rc = s->run(&c, &err);
    if (c.opened && c.side_opened) {
        nqpf_outfile *both[2] = {&c.of, &c.side};
        if (!rc)
            rc = nqpf_outfiles_commit(both, 2, &err);
        else
            nqpf_outfile_abort(&c.of), nqpf_outfile_abort(&c.side);
    } else if (c.opened) {
        if (!rc)
            rc = nqpf_outfile_commit(&c.of, &err);
        else
            nqpf_outfile_abort(&c.of);
    } else if (c.side_opened) {
        nqpf_outfile_abort(&c.side);
    }
    /* the loaders leave their input empty on failure and c starts zeroed:
     * freeing every kind is safe */
    nqpf_long_free(&c.in);
    wide_panel_free(&c.panel);
    spatial_raw_free(&c.geo.r), spatial_data_free(&c.geo.d);
    nqpf_opt_free(v, s->n_opts);
    return rc ? nqpf_cli_error(&err) : 0;
}
