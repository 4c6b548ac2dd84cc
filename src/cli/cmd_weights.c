/* nqpf weights — build spatial weights and write them as an edge list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/output.h"
#include "nqpf/util.h"
#include "spatial_cli.h"

static int check(const nqpf_optval *v, nqpf_error *err)
{
    if ((v[NQPF_WEIGHTS_DATA].text == NULL) != (v[NQPF_WEIGHTS_UNIT].text == NULL))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--data and --unit go together");
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *c, nqpf_error *err)
{
    spatial_cli s;
    spatial_cli_from(&s, c->v + NQPF_WEIGHTS_SP, (int)c->v[NQPF_WEIGHTS_FORCE].i);
    const char *data = c->v[NQPF_WEIGHTS_DATA].text, *unit = c->v[NQPF_WEIGHTS_UNIT].text;
    const char *out = c->v[NQPF_WEIGHTS_OUT].text;
    spatial_data d = {0};
    spatial_raw r = {0};
    nqpf_weights *w = NULL;
    int rc = NQPF_OK;
    if (data && (rc = spatial_data_read(&d, data, unit, NULL, NULL, 0, err)))
        return rc;
    if ((rc = spatial_raw_build(&r, &s, data ? &d : NULL, err)))
        goto done;
    if (data) {
        char **ids;
        long *lines;
        size_t n;
        if ((rc = spatial_data_units(&d, &ids, &lines, &n, err)))
            goto done;
        rc = spatial_weights_for(&w, &r, &s, ids, n, data, lines, 0, spatial_style(&s), err);
        free(ids), free(lines);
    } else {
        rc = spatial_weights_for(&w, &r, &s, r.w->id, r.w->n, NULL, NULL, 0, spatial_style(&s), err);
    }
    if (rc)
        goto done;
    spatial_warn_islands(w, NULL);
    rc = nqpf_weights_write_edges(w, out, cmd_out_flags(c, s.force), err);
done:
    nqpf_weights_free(w);
    spatial_raw_free(&r);
    spatial_data_free(&d);
    return rc;
}

const nqpf_cmd_spec NQPF_WEIGHTS_CMD = {
    NQPF_WEIGHTS_OPTS, NQPF_WEIGHTS_NOPTS, NULL,
    "(--geojson FILE [--contiguity queen|rook] | --knn K | --distance-band D\n"
    "                     | --weights FILE) [OPTIONS] --out FILE",
    "Build spatial weights and write them as a CSV edge list from,to,weight (a unit without\n"
    "neighbours is written as 'id,,'), ready for --weights of moran, lisa and markov.\n"
    "Contiguity comes from GeoJSON polygons (queen: a shared boundary point; rook: two or\n"
    "more, as spdep::poly2nb), k-nearest and distance-band neighbours from coordinates\n"
    "(GeoJSON label points 'cp' or centroids with great-circle km, or --coords columns of\n"
    "--data with Euclidean distance).  The style (default W, row-standardised) is applied\n"
    "before writing; use --style B for the raw 0/1 (or d^-P) weights.\n\n",
    "  nqpf weights --geojson data/china_provinces.geojson --id-field adcode --style B --out queen.csv\n"
    "  nqpf weights --geojson data/china_provinces.geojson --knn 4 --out knn4.csv\n"
    "  nqpf weights --data tests/ref/cases/compare/moran_geary_columbus_spdep/data.csv --unit idx --coords X,Y \\\n"
    "      --distance-band 1.5 --style B --out -\n",
    NQPF_INPUT_NONE, 0, NULL, check, run, NULL,
};
