/* nqpf weights — build spatial weights and write them as an edge list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/output.h"
#include "nqpf/util.h"
#include "spatial_cli.h"

static void help(nqpf_opt *o, size_t n)
{
    printf("Usage: nqpf weights (--geojson FILE [--contiguity queen|rook] | --knn K | --distance-band D\n"
           "                     | --weights FILE) [OPTIONS] --out FILE\n\n"
           "Build spatial weights and write them as a CSV edge list from,to,weight (a unit without\n"
           "neighbours is written as 'id,,'), ready for --weights of moran, lisa and markov.\n"
           "Contiguity comes from GeoJSON polygons (queen: a shared boundary point; rook: two or\n"
           "more, as spdep::poly2nb), k-nearest and distance-band neighbours from coordinates\n"
           "(GeoJSON label points 'cp' or centroids with great-circle km, or --coords columns of\n"
           "--data with Euclidean distance).  The style (default W, row-standardised) is applied\n"
           "before writing; use --style B for the raw 0/1 (or d^-P) weights.\n\n");
    nqpf_args_print(o, n);
    printf("\nExamples:\n"
           "  nqpf weights --geojson china_provinces.geojson --id-field adcode --style B --out queen.csv\n"
           "  nqpf weights --geojson china_provinces.geojson --knn 4 --out knn4.csv\n"
           "  nqpf weights --data pts.csv --unit id --coords x,y --distance-band 15 --style B --out -\n");
}

int nqpf_cmd_weights(int argc, char **argv)
{
    spatial_cli s;
    spatial_cli_init(&s);
    const char *data = NULL, *unit = NULL, *out = NULL;
    nqpf_opt opts[] = {
        {"data", OPT_STR, &data, "FILE", "CSV whose --unit column lists the units (and --coords columns)", 0},
        {"unit", OPT_STR, &unit, "COL", "unit id column of --data", 0},
        {"out", OPT_STR, &out, "FILE", "output edge list CSV (\"-\" = standard output)", 0},
        SPATIAL_OPTS(s),
    };
    size_t n_opts = sizeof opts / sizeof opts[0], n_pos;
    int want_help;
    nqpf_error err;
    nqpf_error_clear(&err);
    if (nqpf_args_parse(argc, argv, opts, n_opts, NULL, 0, &n_pos, &want_help, &err))
        return nqpf_cli_error(&err);
    if (want_help) {
        help(opts, n_opts);
        return 0;
    }
    if (!out) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--out FILE is required");
        return nqpf_cli_error(&err);
    }
    if ((data == NULL) != (unit == NULL)) {
        nqpf_fail(&err, NQPF_EUSAGE, NULL, 0, 0, "--data and --unit go together");
        return nqpf_cli_error(&err);
    }
    spatial_data d = {0};
    spatial_raw r = {0};
    nqpf_weights *w = NULL;
    int rc = NQPF_OK;
    if (data && (rc = spatial_data_read(&d, data, unit, NULL, NULL, 0, &err)))
        return nqpf_cli_error(&err);
    if ((rc = spatial_raw_build(&r, &s, data ? &d : NULL, &err)))
        goto done;
    if (data) {
        /* Units of the data, first appearance order (a panel lists each
         * unit once per period: keep the first). */
        size_t nr = d.t->n_rows, n = 0;
        char **ids = malloc(nr * sizeof *ids);
        long *lines = malloc(nr * sizeof *lines);
        nqpf_strmap seen = {0};
        if (!ids || !lines) {
            free(ids), free(lines);
            rc = nqpf_fail_nomem(&err);
            goto done;
        }
        for (size_t i = 0; i < nr; i++) {
            const char *u = nqpf_table_get(d.t, i, d.ucol);
            int ins = 0;
            if (nqpf_strmap_intern(&seen, u, strlen(u), &ins) < 0) {
                rc = nqpf_fail_nomem(&err);
                break;
            }
            if (ins) {
                ids[n] = (char *)u;
                lines[n++] = d.t->line[i];
            }
        }
        nqpf_strmap_free(&seen);
        if (rc) {
            free(ids), free(lines);
            goto done;
        }
        rc = spatial_weights_for(&w, &r, &s, ids, n, data, lines, 0, spatial_style(&s), &err);
        free(ids), free(lines);
    } else {
        rc = spatial_weights_for(&w, &r, &s, r.w->id, r.w->n, NULL, NULL, 0, spatial_style(&s), &err);
    }
    if (rc)
        goto done;
    spatial_warn_islands(w, NULL);
    rc = nqpf_weights_write_edges(w, out, s.force, &err);
done:
    nqpf_weights_free(w);
    spatial_raw_free(&r);
    spatial_data_free(&d);
    return rc ? nqpf_cli_error(&err) : 0;
}
