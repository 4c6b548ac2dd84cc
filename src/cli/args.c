#include "args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/opt.h"
#include "nqpf/util.h"

/* The commands not yet declared (commands.h) keep their nqpf_opt arrays;
 * they are parsed and printed by the one option parser of
 * include/nqpf/opt.h through a temporary nqpf_optdef table. */
static nqpf_optdef *to_defs(const nqpf_opt *opts, size_t n, int ranges)
{
    nqpf_optdef *d = calloc(n + 1, sizeof *d);
    for (size_t k = 0; d && k < n; k++) {
        static const nqpf_opt_type TYPE[] = {NQPF_OPT_FLAG, NQPF_OPT_STRING, NQPF_OPT_DOUBLE, NQPF_OPT_INT,
                                             NQPF_OPT_SIZE};
        d[k].name = opts[k].name;
        d[k].type = TYPE[opts[k].kind];
        d[k].metavar = opts[k].metavar;
        d[k].help = opts[k].help;
        if (ranges && opts[k].kind == OPT_INT)
            d[k].lo = -2147483647.0, d[k].hi = 2147483647.0;
        else if (ranges && opts[k].kind == OPT_SIZE)
            d[k].lo = 0.0, d[k].hi = 2147483647.0;
    }
    return d;
}

int nqpf_args_parse(int argc, char **argv, nqpf_opt *opts, size_t n_opts,
                    const char **pos, size_t max_pos, size_t *n_pos, int *want_help,
                    nqpf_error *err)
{
    nqpf_optdef *d = to_defs(opts, n_opts, 1);
    nqpf_optval *v = calloc(n_opts + 1, sizeof *v);
    int rc = !d || !v ? nqpf_fail_nomem(err)
                      : nqpf_opt_argv(d, n_opts, v, argc, argv, pos, max_pos, n_pos, want_help, err);
    for (size_t k = 0; !rc && k < n_opts; k++) {
        if (!v[k].seen)
            continue;
        opts[k].seen = 1;
        switch (opts[k].kind) {
        case OPT_FLAG:
            *(int *)opts[k].dst = 1;
            break;
        case OPT_STR:
            *(const char **)opts[k].dst = v[k].text;
            break;
        case OPT_DOUBLE:
            *(double *)opts[k].dst = v[k].num;
            break;
        case OPT_INT:
            *(int *)opts[k].dst = (int)v[k].i;
            break;
        case OPT_SIZE:
            *(size_t *)opts[k].dst = v[k].z;
            break;
        }
    }
    if (v)
        nqpf_opt_free(v, n_opts);
    free(v), free(d);
    return rc;
}

void nqpf_args_print(const nqpf_opt *opts, size_t n_opts)
{
    nqpf_optdef *d = to_defs(opts, n_opts, 0);
    if (d)
        nqpf_opt_print_help(stdout, d, n_opts);
    free(d);
}

int nqpf_split_list(char *s, char **items, int max)
{
    size_t n;
    return max < 0 || nqpf_opt_split(s, ',', items, (size_t)max, &n) ? -1 : (int)n;
}
