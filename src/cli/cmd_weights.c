/* nqpf weights — build spatial weights and write them as an edge list. */
#include <math.h>
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

/* --kernel: kernel weights from --coords of --data (one row per unit) */
static int kernel_weights(nqpf_weights **w, const nqpf_optval *v, const spatial_cli *s, const spatial_data *d,
                          const char *data, nqpf_error *err)
{
    const char *bw = v[NQPF_WEIGHTS_BANDWIDTH].text ? v[NQPF_WEIGHTS_BANDWIDTH].text : "fixed";
    int adaptive = strcmp(bw, "adaptive") == 0;
    double h = NAN;
    if (!adaptive && strcmp(bw, "fixed") != 0 &&
        (nqpf_parse_cell(bw, strlen(bw), &h, NULL) != NQPF_CELL_NUMBER || !(h > 0) || !isfinite(h)))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--bandwidth: '%s' is not fixed, adaptive or a distance > 0", bw);
    if (!d->ct || !s->coords)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--kernel needs --data, --unit and --coords X,Y");
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s->coords);
    char *comma = strchr(buf, ',');
    if (!comma)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "--coords expects two column names X,Y");
    *comma = '\0';
    size_t nr = d->n_rows, n = 0;
    char **ids = NULL;
    long *lines = NULL;
    double *x = malloc((nr ? nr : 1) * sizeof *x), *y = malloc((nr ? nr : 1) * sizeof *y);
    double *hh = malloc((nr ? nr : 1) * sizeof *hh);
    int rc = (!x || !y || !hh) ? nqpf_fail_nomem(err) : spatial_data_column(d, buf, x, 0, err);
    if (!rc)
        rc = spatial_data_column(d, comma + 1, y, 0, err);
    if (!rc)
        rc = spatial_data_units(d, &ids, &lines, &n, err);
    if (!rc && n != nr)
        rc = nqpf_fail(err, NQPF_EINPUT, data, 0, 0, "--kernel needs one row per unit (%zu rows, %zu units)", nr, n);
    if (!rc) {
        /* the metric: Euclidean unless --metric greatcircle (lon/lat) */
        nqpf_metric m = s->metric && strcmp(s->metric, "greatcircle") == 0 ? NQPF_METRIC_GREATCIRCLE
                                                                          : NQPF_METRIC_EUCLIDEAN;
        rc = nqpf_weights_kernel(w, n, ids, x, y, (nqpf_skernel)(v[NQPF_WEIGHTS_KERNEL].i - 1), adaptive, h,
                                 v[NQPF_WEIGHTS_K].z, m, hh, err);
    }
    /* a style only when asked: libpysal's kernel weights are not standardised */
    if (!rc && (s->style || s->no_row_std || s->row_std))
        rc = nqpf_weights_transform(*w, spatial_style(s), err);
    free(x), free(y), free(hh), free(ids), free(lines);
    return rc;
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
    spatial_more more = {0};
    char buf[512], *xy[3];
    snprintf(buf, sizeof buf, "%s", s.coords ? s.coords : "");
    char *comma = strchr(buf, ',');
    int kernel = c->v[NQPF_WEIGHTS_KERNEL].i > 0;
    /* the coordinates read with the units: numbers for --kernel (each row's),
     * else text (a unit's first row is parsed, spatial_raw_build); a
     * malformed --coords is worded where it is used */
    if (comma && kernel) {
        *comma = '\0';
        more = (spatial_more){{buf, comma + 1}, {NQPF_COL_NUMBER, NQPF_COL_NUMBER}, {0, 0}, 2};
    } else {
        more = spatial_coords_more(s.coords, buf, sizeof buf, xy);
    }
    if (data && (rc = spatial_data_read(&d, data, unit, NULL, NULL, 0, &more, err)))
        return rc;
    if (c->v[NQPF_WEIGHTS_KERNEL].i > 0) { /* choice 0: none */
        if ((rc = kernel_weights(&w, c->v, &s, &d, data, err)))
            goto done;
        rc = nqpf_weights_write_edges(w, out, s.force, err);
        goto done;
    }
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
    "before writing; use --style B for the raw 0/1 (or d^-P) weights.\n"
    "--kernel K (triangular, uniform, quadratic, quartic, gaussian) writes kernel weights\n"
    "K(d_ij/h_i) from --data's --coords (libpysal Kernel): --bandwidth fixed (one h: the\n"
    "largest distance to the --k-th nearest neighbour, times 1 + 1e-7), adaptive (h_i:\n"
    "unit i's own k-th neighbour distance) or a distance; neighbours are the units closer\n"
    "than h_i; no style unless --style is given; the diagonal K(0) is not written (weights\n"
    "files hold no self-links).\n\n",
    "  nqpf weights --geojson data/china_provinces.geojson --id-field adcode --style B --out queen.csv\n"
    "  nqpf weights --geojson data/china_provinces.geojson --knn 4 --out knn4.csv\n"
    "  nqpf weights --data tests/ref/cases/compare/moran_geary_columbus_spdep/data.csv --unit idx --coords X,Y \\\n"
    "      --distance-band 1.5 --style B --out -\n"
    "  nqpf weights --data tests/ref/cases/compare/moran_geary_columbus_spdep/data.csv --unit idx --coords X,Y \\\n"
    "      --kernel gaussian --bandwidth adaptive --k 4 --out -\n",
    NQPF_INPUT_NONE, 0, NULL, check, run, NULL, NULL, NULL, 0,
};
