/* Contiguity weights from the bundled China provinces GeoJSON, edge-list
 * round trip, alignment errors and island linking. */
#include <unistd.h>

#include "case.h"

static long find_id(const nqpf_weights *w, const char *id)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->id[i], id) == 0)
            return (long)i;
    return -1;
}

static int linked(const nqpf_weights *w, const char *a, const char *b)
{
    long i = find_id(w, a), j = find_id(w, b);
    if (i < 0 || j < 0)
        return 0;
    for (size_t k = w->off[i]; k < w->off[i + 1]; k++)
        if (w->nbr[k] == (size_t)j)
            return 1;
    return 0;
}

static void test_china(void)
{
    nqpf_polygons *p = NULL;
    nqpf_error err;
    CHECK(nqpf_polygons_read_geojson(&p, "data/china_provinces.geojson",
                                     "adcode", &err) == NQPF_OK);
    if (!p)
        return;
    CHECK(p->n == 34);
    CHECK_STR(p->id[0], "110000");
    CHECK_STR(p->name[0], "北京");
    CHECK_ABS(p->lx[0], 116.405285, 0);
    nqpf_weights *q = NULL, *r = NULL;
    CHECK(nqpf_weights_contiguity(&q, p, 1, 1.490116119384765625e-8, &err) == NQPF_OK);
    CHECK(nqpf_weights_contiguity(&r, p, 0, 1.490116119384765625e-8, &err) == NQPF_OK);
    long bj = find_id(q, "110000"), hn = find_id(q, "460000");
    CHECK(nqpf_weights_card(q, (size_t)bj) == 2);
    CHECK(linked(q, "110000", "120000") && linked(q, "110000", "130000"));
    CHECK(nqpf_weights_card(q, (size_t)hn) == 0);   /* Hainan: an island */
    CHECK(nqpf_weights_card(q, (size_t)find_id(q, "710000")) == 0); /* Taiwan */
    CHECK(linked(q, "440000", "810000") && linked(q, "440000", "820000")); /* Guangdong-HK, Macau */
    CHECK(linked(q, "150000", "230000"));  /* Inner Mongolia - Heilongjiang */
    CHECK(!linked(q, "110000", "140000")); /* Beijing - Shanxi: not neighbours */
    CHECK(linked(q, "510000", "500000") && linked(q, "500000", "510000"));
    /* symmetric */
    for (size_t i = 0; i < q->n; i++)
        for (size_t k = q->off[i]; k < q->off[i + 1]; k++)
            CHECK(linked(q, q->id[q->nbr[k]], q->id[i]));
    /* rook is a subset of queen */
    for (size_t i = 0; i < r->n; i++)
        for (size_t k = r->off[i]; k < r->off[i + 1]; k++)
            CHECK(linked(q, r->id[i], r->id[r->nbr[k]]));
    CHECK(nqpf_weights_islands(q) == 2);
    /* link islands to their nearest unit by label point (great circle) */
    nqpf_weights *l = NULL;
    size_t added = 0;
    CHECK(nqpf_weights_link_islands(&l, q, p->lx, p->ly, NQPF_METRIC_GREATCIRCLE, &added, &err) == NQPF_OK);
    CHECK(added == 2 && nqpf_weights_islands(l) == 0);
    CHECK(linked(l, "460000", "440000") || linked(l, "460000", "450000"));
    /* edge list round trip keeps islands */
    char tmp[] = "/tmp/nqpf_w_XXXXXX";
    int fd = mkstemp(tmp);
    close(fd);
    CHECK(nqpf_weights_write_edges(q, tmp, 1, &err) == NQPF_OK);
    nqpf_weights *back = NULL;
    CHECK(nqpf_weights_read_edges(&back, tmp, &err) == NQPF_OK);
    CHECK(back && back->n == 34 && back->off[34] == q->off[34] && nqpf_weights_islands(back) == 2);
    unlink(tmp);
    /* align: subset to the 31 mainland provinces */
    char *ids31[31];
    size_t m = 0;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->id[i], "710000") && strcmp(p->id[i], "810000") && strcmp(p->id[i], "820000"))
            ids31[m++] = p->id[i];
    CHECK(m == 31);
    nqpf_weights *a = NULL;
    CHECK(nqpf_weights_align(&a, q, ids31, m, 0, "d.csv", NULL, &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "not in the data") != NULL);
    CHECK(nqpf_weights_align(&a, q, ids31, m, 1, "d.csv", NULL, &err) == NQPF_OK);
    CHECK(a && a->n == 31 && nqpf_weights_islands(a) == 1);
    char *bad[2] = {"110000", "999999"};
    long lines[2] = {2, 3};
    nqpf_weights *b2 = NULL;
    CHECK(nqpf_weights_align(&b2, q, bad, 2, 1, "d.csv", lines, &err) == NQPF_EINPUT);
    CHECK(err.line == 3 && strstr(err.msg, "999999") != NULL);
    nqpf_weights_free(a);
    nqpf_weights_free(back);
    nqpf_weights_free(l);
    nqpf_weights_free(q);
    nqpf_weights_free(r);
    nqpf_polygons_free(p);
}

static void test_geojson_errors(void)
{
    char tmp[] = "/tmp/nqpf_g_XXXXXX";
    int fd = mkstemp(tmp);
    const char *t = "{\"type\":\"FeatureCollection\",\"features\":[\n"
                    "{\"type\":\"Feature\",\"properties\":{\"code\":1},\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]}}]}";
    CHECK(write(fd, t, strlen(t)) == (ssize_t)strlen(t));
    close(fd);
    nqpf_polygons *p = NULL;
    nqpf_error err;
    CHECK(nqpf_polygons_read_geojson(&p, tmp, "code", &err) == NQPF_EINPUT);
    CHECK(err.line == 2 && strstr(err.msg, "Polygon") != NULL);
    CHECK(nqpf_polygons_read_geojson(&p, tmp, "adcode", &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "adcode") != NULL);
    unlink(tmp);
}

static void test_edges_errors(void)
{
    char tmp[] = "/tmp/nqpf_e_XXXXXX";
    int fd = mkstemp(tmp);
    const char *t = "from,to,weight\na,b,1\nb,a,1\na,b,2\n";
    CHECK(write(fd, t, strlen(t)) == (ssize_t)strlen(t));
    close(fd);
    nqpf_weights *w = NULL;
    nqpf_error err;
    CHECK(nqpf_weights_read_edges(&w, tmp, &err) == NQPF_EINPUT);
    CHECK(err.line == 4 && strstr(err.msg, "twice") != NULL);
    FILE *f = fopen(tmp, "w");
    fputs("from,to,weight\na,b,x\n", f);
    fclose(f);
    CHECK(nqpf_weights_read_edges(&w, tmp, &err) == NQPF_EPARSE);
    CHECK(err.line == 2 && err.col == 3);
    f = fopen(tmp, "w");
    fputs("from,to\na,a\n", f);
    fclose(f);
    CHECK(nqpf_weights_read_edges(&w, tmp, &err) == NQPF_EINPUT);
    CHECK(err.line == 2);
    unlink(tmp);
}

/* Write text to a fresh temporary file (name in tmp) and read it as an edge list. */
static int read_edges_text(const char *text, char *tmp, nqpf_weights **w, nqpf_error *err)
{
    strcpy(tmp, "/tmp/nqpf_e_XXXXXX");
    int fd = mkstemp(tmp);
    int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    if (fd >= 0)
        close(fd);
    int rc = ok ? nqpf_weights_read_edges(w, tmp, err) : NQPF_EIO;
    unlink(tmp);
    return rc;
}

/* The edge list through the column reader: units numbered in order of first
 * appearance row by row (from before to, whichever column), guarded ids
 * ("'=d" is "=d"), blanks around ids trimmed, an empty `to` a unit without
 * neighbours, no weight column = 1, and each fault at its line and column. */
static void test_edges_columns(void)
{
    char tmp[32];
    nqpf_weights *w = NULL;
    nqpf_error err;
    CHECK(read_edges_text("to,weight,from\nc,2,b\nb,0.5,a\n,,c\na,1,'=d\n e ,3, a\n", tmp, &w, &err) == NQPF_OK);
    static const char *want[] = {"b", "c", "a", "=d", "e"};
    CHECK(w && w->n == 5);
    for (size_t i = 0; w && i < w->n && i < 5; i++)
        CHECK(strcmp(w->id[i], want[i]) == 0);
    CHECK(w && linked(w, "b", "c") && linked(w, "a", "b") && linked(w, "=d", "a") && linked(w, "a", "e"));
    CHECK(w && !linked(w, "c", "b") && nqpf_weights_card(w, 1) == 0 && w->off[w->n] == 4);
    for (size_t k = 0; w && k < w->off[w->n]; k++) /* b->c 2, a->b 0.5, a->e 3, =d->a 1 in CSR order */
        CHECK(w->w[k] == (k == 0 ? 2.0 : k == 1 ? 0.5 : k == 2 ? 3.0 : 1.0));
    nqpf_weights_free(w), w = NULL;
    CHECK(read_edges_text("from,to\nx,y\ny,x\n", tmp, &w, &err) == NQPF_OK);
    CHECK(w && w->n == 2 && w->off[2] == 2 && w->w[0] == 1.0 && w->w[1] == 1.0);
    nqpf_weights_free(w), w = NULL;
    CHECK(read_edges_text("from,to,weight\na,b,1\n,c,1\n", tmp, &w, &err) == NQPF_EINPUT);
    CHECK(err.line == 3 && err.col == 1 && strstr(err.msg, "empty 'from' id") != NULL);
    CHECK(read_edges_text("from,to,weight\na,b,1\nb,c,NA\n", tmp, &w, &err) == NQPF_EMISSING);
    CHECK(err.line == 3 && err.col == 3 && strstr(err.msg, "missing weight") != NULL);
    CHECK(read_edges_text("from,to,weight\na,b,-2\n", tmp, &w, &err) == NQPF_EINPUT);
    CHECK(err.line == 2 && err.col == 3 && strstr(err.msg, "negative weight -2") != NULL);
    CHECK(read_edges_text("from,to,weight\na,b,1\nc, c ,1\n", tmp, &w, &err) == NQPF_EINPUT);
    CHECK(err.line == 3 && err.col == 2 && strstr(err.msg, "self-link of unit 'c'") != NULL);
    /* whichever fault comes first in the file is the one reported */
    CHECK(read_edges_text("from,to,weight\na,b,1\nb,a,1\na, b,1\nc,c,1\n", tmp, &w, &err) == NQPF_EINPUT);
    CHECK(err.line == 4 && err.col == 0 && strstr(err.msg, "link a -> b is listed twice") != NULL);
    CHECK(read_edges_text("from,to,weight\na,b,1\nc,c,1\na,b,1\n", tmp, &w, &err) == NQPF_EINPUT);
    CHECK(err.line == 3 && strstr(err.msg, "self-link") != NULL);
    CHECK(read_edges_text("from,to,weight\nb,c,1\na,b,1\nb,a,1\na,c,1\nb,c,7\na,c,1\n", tmp, &w, &err) ==
          NQPF_EINPUT);
    CHECK(err.line == 6 && strstr(err.msg, "link b -> c is listed twice") != NULL);
    CHECK(read_edges_text("from,too\na,b\n", tmp, &w, &err) == NQPF_EINPUT);
    CHECK(err.line == 1 && strstr(err.msg, "no column 'to' in the header (did you mean 'too'?)") != NULL);
    CHECK(read_edges_text("from,to\n", tmp, &w, &err) == NQPF_EINPUT);
    CHECK(strstr(err.msg, "no units in the edge list") != NULL);
    CHECK(w == NULL);
}

static void test_distance(void)
{
    /* Beijing (116.4074, 39.9042) to Shanghai (121.4737, 31.2304): about 1068 km */
    double d = nqpf_distance(NQPF_METRIC_GREATCIRCLE, 116.4074, 39.9042, 121.4737, 31.2304);
    CHECK(d > 1060 && d < 1075);
    CHECK_ABS(nqpf_distance(NQPF_METRIC_GREATCIRCLE, 0, 0, 180, 0), 3.14159265358979 * 6371.0088, 1e-6);
    CHECK_ABS(nqpf_distance(NQPF_METRIC_EUCLIDEAN, 0, 0, 3, 4), 5, 1e-15);
    /* knn by great circle: near the pole longitudes shrink, so the nearest
     * neighbour of (0, 89) is (90, 89) (157 km), not (0, 87) (222 km) */
    char *ids[3] = {"a", "b", "c"};
    double x[3] = {0, 90, 0}, y[3] = {89, 89, 87};
    nqpf_weights *w = NULL;
    nqpf_error err;
    CHECK(nqpf_weights_knn(&w, 3, ids, x, y, 1, NQPF_METRIC_GREATCIRCLE, &err) == NQPF_OK);
    CHECK(w && w->nbr[0] == 1);
    nqpf_weights_free(w);
    CHECK(nqpf_weights_knn(&w, 3, ids, x, y, 1, NQPF_METRIC_EUCLIDEAN, &err) == NQPF_OK);
    CHECK(w && w->nbr[0] == 2);
    nqpf_weights_free(w);
    CHECK(nqpf_weights_knn(&w, 3, ids, x, y, 3, NQPF_METRIC_EUCLIDEAN, &err) == NQPF_EUSAGE);
}

/* A k x k grid of unit squares (with coordinates offset by a tiny amount
 * below the snap on one side): interior squares have 8 queen and 4 rook
 * neighbours, corners 3 and 2. */
static void test_grid(void)
{
    const int k = 6;
    char tmp[] = "/tmp/nqpf_grid_XXXXXX";
    int fd = mkstemp(tmp);
    FILE *f = fdopen(fd, "w");
    fputs("{\"type\":\"FeatureCollection\",\"features\":[", f);
    for (int r = 0; r < k; r++)
        for (int c = 0; c < k; c++) {
            double e = (r + c) % 2 ? 1e-9 : 0; /* within the default snap 1.49e-8 */
            double x0 = c + e, y0 = r, x1 = c + 1 + e, y1 = r + 1;
            fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"id\":%d},\"geometry\":{\"type\":\"Polygon\","
                       "\"coordinates\":[[[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g]]]}}",
                    r + c ? "," : "", r * k + c, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
        }
    fputs("]}", f);
    fclose(f);
    nqpf_polygons *p = NULL;
    nqpf_error err;
    CHECK(nqpf_polygons_read_geojson(&p, tmp, "id", &err) == NQPF_OK);
    nqpf_weights *q = NULL, *r = NULL, *t = NULL;
    CHECK(p && nqpf_weights_contiguity(&q, p, 1, 1.490116119384765625e-8, &err) == NQPF_OK);
    CHECK(p && nqpf_weights_contiguity(&r, p, 0, 1.490116119384765625e-8, &err) == NQPF_OK);
    /* a snap below the offsets breaks half the contacts */
    CHECK(p && nqpf_weights_contiguity(&t, p, 1, 1e-10, &err) == NQPF_OK);
    if (q && r && t) {
        CHECK(nqpf_weights_card(q, 0) == 3 && nqpf_weights_card(r, 0) == 2);
        CHECK(nqpf_weights_card(q, 7) == 8 && nqpf_weights_card(r, 7) == 4);
        CHECK(q->off[q->n] == (size_t)(2 * (2 * k * (k - 1) + 2 * (k - 1) * (k - 1))));
        CHECK(r->off[r->n] == (size_t)(2 * 2 * k * (k - 1)));
        CHECK(t->off[t->n] < q->off[q->n]);
    }
    nqpf_weights_free(q), nqpf_weights_free(r), nqpf_weights_free(t);
    CHECK(nqpf_weights_contiguity(&t, p, 1, 0, &err) == NQPF_EUSAGE);
    nqpf_polygons_free(p);
    unlink(tmp);
}

int main(void)
{
    RUN(test_grid);
    RUN(test_distance);
    RUN(test_china);
    RUN(test_geojson_errors);
    RUN(test_edges_errors);
    RUN(test_edges_columns);
    return test_done();
}
