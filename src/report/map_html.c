/* nqpf — the report's maps in the HTML page: the index in the [map] years
 * side by side, the LISA clusters and the mean TFP change, each with its
 * caption (and the reminder that a published map of China needs an
 * approved base map). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

static const char *map_note(int en)
{
    return L(en, "注：底图为简化示意图（ECharts 4.9地图数据），未经审核；公开出版的地图须使用标准地图并取得审图号。",
             " Note: a simplified base map (ECharts 4.9 map data), not an approved map; a published map of China "
             "needs an approved standard base map (审图号).");
}

static const char *method_name(int en, nqpf_map_classes c)
{
    static const char *const zh[] = {"分位数分级", "自然断点（Jenks）分级", "等距分级", "自定义分级"};
    static const char *const eng[] = {"quantile classes", "natural breaks (Jenks)", "equal-width classes",
                                      "classes at the given breaks"};
    return en ? eng[c] : zh[c];
}

/* The figure m drawn on the report's base map in the [map] style, the
 * units labelled by their names in the figure's language. */
static int draw(nqpf_buf *b, const nqpf_report *r, nqpf_map_fig *m)
{
    const char **name = malloc((r->U ? r->U : 1) * sizeof *name);
    if (!name)
        return -1;
    for (size_t u = 0; u < r->U; u++)
        name[u] = unit_name(r, m->en, u);
    m->unit_label = name;
    int e = nqpf_map_svg(b, (nqpf_map_base){r->shapes, r->n_shapes}, &r->mapst, m);
    free(name);
    return e;
}

/* A choropleth of v[p * U + u] (NaN: no value, grey) in np panels. */
static int choropleth(const nqpf_report *r, int en, const char *id, const char *label, size_t np,
                      const char *const *ptitle, const double *v, char **tip, const char *leg_title, nqpf_buf *b)
{
    size_t U = r->U, k = r->mapst.k;
    double brk[NQPF_MAP_MAXK + 1];
    char txt[NQPF_MAP_MAXK][NQPF_MAP_LEGTXT];
    const char *lt[NQPF_MAP_MAXK], *col[NQPF_MAP_MAXK];
    const char **fill = malloc(np * U * sizeof(char *));
    size_t finite = 0;
    for (size_t i = 0; i < np * U; i++)
        finite += !isnan(v[i]);
    int e = !fill;
    if (!e && finite)
        e = nqpf_map_style_breaks(&r->mapst, v, np * U, brk);
    else /* nothing to class: every unit grey */
        for (size_t j = 0; j <= k; j++)
            brk[j] = 0;
    nqpf_buf desc = {0}; /* the limits at full precision, for checks and for re-drawing with the same classes */
    for (size_t j = 0; !e && j <= k; j++)
        e |= nqpf_buf_printf(&desc, "%s%.17g", j ? " " : "", brk[j]);
    if (!e) {
        nqpf_map_legend(&r->mapst, brk, txt, lt, col);
        for (size_t i = 0; i < np * U; i++) {
            int c = nqpf_map_class_of(brk, k, v[i]);
            fill[i] = c < 0 ? "#cccccc" : col[c];
        }
        nqpf_map_fig m = {id, label, en, U, NULL, np, ptitle, fill, (const char *const *)tip, k, col, lt, leg_title,
                          desc.data};
        e = draw(b, r, &m);
    }
    nqpf_buf_free(&desc);
    free(fill);
    return e ? -1 : 0;
}

/* The periods of the panels: the [map] years, else the last. */
static size_t map_periods(const nqpf_report *r, const size_t **yr, const size_t *last)
{
    *yr = r->mapst.n_years ? r->mapst.years : last;
    return r->mapst.n_years ? r->mapst.n_years : 1;
}

/* "2013、2018和2023" / "2013, 2018 and 2023" of the panels' titles. */
static int title_list(int en, const char *const *pt, size_t np, nqpf_buf *yl)
{
    int e = 0;
    for (size_t p = 0; p < np; p++)
        e |= nqpf_buf_printf(yl, "%s%s", p ? (p + 1 == np ? L(en, "和", " and ") : L(en, "、", ", ")) : "", pt[p]);
    return e;
}

int report_map_index_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t U = r->U, T = r->T, last = T - 1;
    const size_t *yr;
    size_t np = map_periods(r, &yr, &last);
    double *v = malloc(np * U * sizeof(double));
    char **tip = calloc(np * U, sizeof(char *));
    const char **pt = malloc(np * sizeof(char *));
    int e = !v || !tip || !pt;
    for (size_t p = 0; !e && p < np; p++) {
        pt[p] = r->panel->periods[yr[p]];
        for (size_t u = 0; u < U; u++) {
            size_t t = yr[p];
            v[p * U + u] = r->ix.score[u * T + t];
            nqpf_buf tb = {0};
            e |= nqpf_buf_printf(&tb, "%s %s: %.4f (%s %.0f)", unit_name(r, en, u), pt[p], v[p * U + u],
                                 L(en, "排名", "rank"), r->ix.rank[u * T + t]);
            tip[p * U + u] = tb.data;
        }
    }
    e |= html_heading(b, L(en, "指数空间分布", "Spatial distribution of the index"));
    const char *title = r->mapst.title[0] ? r->mapst.title : L(en, "综合指数", "Index");
    if (!e)
        e = choropleth(r, en, "map-index", L(en, "指数地图", "Index map"), np, np > 1 ? pt : NULL, v, tip, title, b);
    nqpf_buf cap = {0};
    nqpf_buf yl = {0};
    e |= e ? 0 : title_list(en, pt, np, &yl);
    if (!e)
        e |= nqpf_buf_printf(&cap, en ? "Composite index by unit, %s (%s, %zu classes%s); hover a province for its "
                                        "name, score and rank. Grey: no data.%s"
                                      : "%s年各地区综合指数（%s，%zu级%s）；鼠标悬停显示名称、得分与排名，灰色为无数据。%s",
                             yl.data, method_name(en, r->mapst.classes), r->mapst.k,
                             np > 1 ? L(en, "，各年同一分级", ", the same classes in every year") : "", map_note(en));
    e |= html_caption(b, cc, 0, cap.data ? cap.data : "");
    nqpf_buf_free(&cap), nqpf_buf_free(&yl);
    for (size_t i = 0; tip && i < np * U; i++)
        free(tip[i]);
    free(tip), free(v), free(pt);
    return e ? -1 : 0;
}

/* The LISA clusters in the [map] years side by side (the index map's
 * panels), each unit coloured by its quadrant where p < alpha. */
int report_map_lisa_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    static const char *cols[5] = {"#d7191c", "#2c7bb6", "#fdae61", "#abd9e9", "#f0f0f0"};
    static const char *q[4] = {"HH", "LL", "HL", "LH"};
    size_t U = r->U, last = r->T - 1;
    const size_t *yr;
    size_t np = map_periods(r, &yr, &last);
    const char **fill = malloc(np * U * sizeof(char *)), **pt = malloc(np * sizeof(char *));
    char **tip = calloc(np * U, sizeof(char *));
    int e = !fill || !tip || !pt;
    for (size_t p = 0; !e && p < np; p++) {
        pt[p] = r->panel->periods[yr[p]];
        for (size_t u = 0; u < U; u++) {
            size_t i = yr[p] * U + u;
            double pv = r->lisa_perm ? r->lisa_psim[i] : r->lisa_p[i];
            int c = 4;
            for (int k = 0; k < 4; k++)
                if (pv < r->lisa_alpha && !strcmp(r->lisa_quad[i], q[k]))
                    c = k;
            fill[p * U + u] = cols[c];
            nqpf_buf tb = {0};
            e |= nqpf_buf_printf(&tb, "%s %s: %s, I=%.3f, p=%.3f", unit_name(r, en, u), pt[p], c < 4 ? q[c] : "ns",
                                 r->lisa_ii[i], pv);
            tip[p * U + u] = tb.data;
        }
    }
    const char *lt[5] = {L(en, "高-高", "High-High"), L(en, "低-低", "Low-Low"), L(en, "高-低", "High-Low"),
                         L(en, "低-高", "Low-High"), L(en, "不显著", "not significant")};
    e |= nqpf_buf_puts(b, "<figure>");
    nqpf_map_fig m = {"map-lisa", "LISA", en, U, NULL, np, np > 1 ? pt : NULL, fill, (const char *const *)tip, 5,
                      cols, lt, L(en, "LISA集聚", "LISA cluster"), NULL};
    if (!e)
        e = draw(b, r, &m);
    nqpf_buf yl = {0}, cap = {0};
    e |= e ? 0 : title_list(en, pt, np, &yl);
    if (!e)
        e |= nqpf_buf_printf(&cap, en ? "LISA clusters, %s (local Moran, %s p < %g).%s" : "%s年LISA集聚图（局部Moran，%s p < %g）。%s",
                             yl.data, r->lisa_perm ? L(en, "条件置换", "permutation") : L(en, "解析", "analytical"),
                             r->lisa_alpha, map_note(en));
    e |= html_caption(b, cc, 0, cap.data ? cap.data : "");
    nqpf_buf_free(&cap), nqpf_buf_free(&yl);
    for (size_t i = 0; tip && i < np * U; i++)
        free(tip[i]);
    free(tip), free(fill), free(pt);
    return e ? -1 : 0;
}

/* The Malmquist pairs of the [map] years: the pair ending in each year
 * (the first pair for the first period), each once; n of them into pair. */
static size_t tfp_pairs(const nqpf_report *r, size_t *pair)
{
    size_t last = r->T - 1, n = 0, P = r->mq.n_pairs;
    const size_t *yr;
    size_t np = map_periods(r, &yr, &last);
    for (size_t p = 0; p < np && P; p++)
        for (size_t t = 0; t <= P; t++)
            if (r->mq_period[t] && !strcmp(r->mq_period[t], r->panel->periods[yr[p]])) {
                size_t k = t ? t - 1 : 0;
                if (!n || pair[n - 1] != k)
                    pair[n++] = k;
                break;
            }
    return n;
}

/* Each unit's TFP change (tfpch of `nqpf malmquist`) in the pairs of the
 * [map] years side by side, in the [map] classes over all panels. */
int report_map_malmquist_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    size_t U = r->U, P = r->mq.n_pairs, pair[NQPF_MAP_MAXYEARS + 1];
    size_t np = tfp_pairs(r, pair);
    if (!np) /* none of the years is a Malmquist period: the last pair */
        pair[0] = P ? P - 1 : 0, np = 1;
    double *v = malloc(np * U * sizeof(double));
    char **tip = calloc(np * U, sizeof(char *)), **pt = calloc(np, sizeof(char *));
    int e = !v || !tip || !pt;
    for (size_t p = 0; !e && p < np; p++) {
        nqpf_buf tb = {0};
        e |= nqpf_buf_printf(&tb, "%s–%s", r->mq_period[pair[p]], r->mq_period[pair[p] + 1]);
        pt[p] = tb.data;
        for (size_t u = 0; u < U; u++) {
            double x = NAN;
            for (size_t k = 0; k < r->mq_U; k++)
                if (!strcmp(r->mq_unit[k], r->panel->units[u])) {
                    x = r->mq.val[(k * P + pair[p]) * NQPF_MQ_NCOL + NQPF_MQ_TFPCH];
                    break;
                }
            v[p * U + u] = x;
            nqpf_buf ub = {0};
            e |= isnan(x) ? nqpf_buf_printf(&ub, "%s %s: –", unit_name(r, en, u), pt[p])
                          : nqpf_buf_printf(&ub, "%s %s: tfpch %.4f", unit_name(r, en, u), pt[p], x);
            tip[p * U + u] = ub.data;
        }
    }
    e |= nqpf_buf_puts(b, "<figure>");
    if (!e)
        e = choropleth(r, en, "map-malmquist", L(en, "全要素生产率变动地图", "TFP change map"), np,
                       np > 1 ? (const char *const *)pt : NULL, v, tip, L(en, "全要素生产率变动", "TFP change (tfpch)"), b);
    nqpf_buf yl = {0}, cap = {0};
    e |= e ? 0 : title_list(en, (const char *const *)pt, np, &yl);
    if (!e)
        e |= nqpf_buf_printf(&cap,
                             en ? "TFP change (tfpch) by unit, %s, %s%s; grey: no index.%s"
                                : "%s年各地区全要素生产率变动（tfpch），%s%s；灰色为无指数。%s",
                             yl.data, method_name(en, r->mapst.classes),
                             np > 1 ? L(en, "，各期同一分级", ", the same classes in every pair") : "", map_note(en));
    e |= html_caption(b, cc, 0, cap.data ? cap.data : "");
    nqpf_buf_free(&cap), nqpf_buf_free(&yl);
    for (size_t i = 0; tip && i < np * U; i++)
        free(tip[i]);
    for (size_t p = 0; pt && p < np; p++)
        free(pt[p]);
    free(tip), free(v), free(pt);
    return e ? -1 : 0;
}
