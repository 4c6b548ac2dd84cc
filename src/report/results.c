/* nqpf — the results section (结果分析 / Results): sentences stated from the
 * numbers the report computed, each ending with the table it can be read
 * from, so that every claim can be traced and checked.  Nothing here is a
 * new statistic: means over units, first-to-last comparisons and orderings
 * of values the tables hold (tests/report/test_results.py recomputes every
 * number of every sentence from the CSV files).  Numbers are rounded for
 * print; the tables keep full precision.  Each language is written by its
 * own format string, since the two order their arguments differently. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/diagnose.h"
#include "report_internal.h"

/* How many units are named as leading / lagging, and how many indicators as
 * the main obstacles. */
#define RESULTS_TOP 3

/* Mean over units of the score in period q (units with no score skipped). */
static double score_mean(const nqpf_report *r, size_t q)
{
    double s = 0;
    size_t n = 0;
    for (size_t u = 0; u < r->U; u++) {
        double v = r->ix.score[u * r->T + q];
        if (!isnan(v))
            s += v, n++;
    }
    return n ? s / (double)n : NAN;
}

/* Years between the first and the last period when periods are numbers,
 * else the number of steps: the span of a mean annual growth rate. */
static double period_span(const nqpf_report *r)
{
    const nqpf_panel *p = r->panel;
    double d = p->periods_numeric ? p->period_value[r->T - 1] - p->period_value[0] : (double)(r->T - 1);
    return d > 0 ? d : (double)(r->T - 1);
}

/* Whether item i comes before item j: key descending, NaN last, ties by
 * position.  A total order, so any correct sort gives the same order. */
static int comes_before(const double *key, size_t i, size_t j)
{
    double x = key[i], y = key[j];
    if (isnan(x) || isnan(y))
        return isnan(x) != isnan(y) ? !isnan(x) : i < j;
    return x != y ? x > y : i < j;
}

/* order[0..n) = 0..n-1 in comes_before's order: a heapsort, O(n log n)
 * in place and without allocation (a firm panel has tens of thousands of
 * units, so the report's prose must not sort in quadratic time). */
static void order_desc(size_t *order, size_t n, const double *key)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    /* a heap whose root comes last in the order, then the root moved to the end */
    for (size_t end = n, start = n / 2; end > 1;) {
        if (start > 0)
            start--;
        else {
            end--;
            size_t t = order[0];
            order[0] = order[end];
            order[end] = t;
        }
        for (size_t root = start;;) {
            size_t c = 2 * root + 1;
            if (c >= end)
                break;
            if (c + 1 < end && comes_before(key, order[c], order[c + 1]))
                c++;
            if (!comes_before(key, order[root], order[c]))
                break;
            size_t t = order[root];
            order[root] = order[c];
            order[c] = t;
            root = c;
        }
    }
}

/* "A（0.7399）、B（0.5963）和C（0.4321）" / "A (0.7399), B (0.5963) and C (0.4321)";
 * val = NULL: names only.  name(i) of item i comes from the caller's list. */
static int name_list(nqpf_buf *b, int en, const char *const *name, const size_t *idx, size_t n, const double *val)
{
    int e = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            e |= nqpf_buf_puts(b, i + 1 == n ? L(en, "和", " and ") : L(en, "、", ", "));
        e |= nqpf_buf_puts(b, name[idx[i]]);
        if (val)
            e |= nqpf_buf_printf(b, en ? " (%.4f)" : "（%.4f）", val[idx[i]]);
    }
    return e;
}

static int see(nqpf_buf *b, int en, const char *table)
{
    return nqpf_buf_printf(b, en ? " (tables/%s.csv)\n" : "（见tables/%s.csv）\n", table);
}

/* Level and growth of the index, overall and by group. */
static int level_growth(const nqpf_report *r, int en, nqpf_buf *b)
{
    const nqpf_panel *p = r->panel;
    size_t T = r->T, U = r->U;
    double m0 = score_mean(r, 0), m1 = score_mean(r, T - 1);
    double g = (m0 > 0 && m1 > 0) ? (pow(m1 / m0, 1.0 / period_span(r)) - 1) * 100 : NAN;
    int e = 0;
    if (en)
        e |= nqpf_buf_printf(b, "- **Level and growth.** The mean index over the %zu units went from %.4f in %s to %.4f in %s",
                             U, m0, p->periods[0], m1, p->periods[T - 1]);
    else
        e |= nqpf_buf_printf(b, "- **水平与增长。** %zu个地区的指数均值由%s年的%.4f变为%s年的%.4f", U, p->periods[0], m0,
                             p->periods[T - 1], m1);
    if (!isnan(g))
        e |= nqpf_buf_printf(b, en ? (r->panel->periods_numeric ? ", a mean growth of %.2f%% a year" : ", a mean growth of %.2f%% a period")
                                   : (r->panel->periods_numeric ? "，年均增长%.2f%%" : "，每期平均增长%.2f%%"), g);
    e |= nqpf_buf_puts(b, L(en, "。", "."));
    if (r->n_groups > 1) {
        double *gm = calloc(r->n_groups, sizeof(double));
        size_t *gn = calloc(r->n_groups, sizeof(size_t)), *ord = malloc(r->n_groups * sizeof(size_t));
        if (!gm || !gn || !ord) {
            free(gm), free(gn), free(ord);
            return -1;
        }
        for (size_t u = 0; u < U; u++) {
            double v = r->ix.score[u * T + T - 1];
            if (!isnan(v))
                gm[r->unit_group[u]] += v, gn[r->unit_group[u]]++;
        }
        for (size_t k = 0; k < r->n_groups; k++)
            gm[k] = gn[k] ? gm[k] / (double)gn[k] : NAN;
        order_desc(ord, r->n_groups, gm);
        size_t lo = r->n_groups - 1;
        while (lo > 0 && isnan(gm[ord[lo]]))
            lo--;
        if (en)
            e |= nqpf_buf_printf(b, " In %s the group mean is highest in %s (%.4f) and lowest in %s (%.4f).",
                                 p->periods[T - 1], r->group[ord[0]], gm[ord[0]], r->group[ord[lo]], gm[ord[lo]]);
        else
            e |= nqpf_buf_printf(b, "%s年分组均值以%s最高（%.4f），%s最低（%.4f）。", p->periods[T - 1], r->group[ord[0]],
                                 gm[ord[0]], r->group[ord[lo]], gm[ord[lo]]);
        free(gm), free(gn), free(ord);
    }
    return e | see(b, en, "scores");
}

/* The leading and lagging units of the last period, and the largest moves in rank. */
static int leaders(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    const nqpf_panel *p = r->panel;
    size_t T = r->T, U = r->U, k = U < 2 * RESULTS_TOP ? U / 2 : RESULTS_TOP;
    if (!k)
        return 0;
    double *last = malloc(U * sizeof(double)), *neg = malloc(U * sizeof(double));
    size_t *ord = malloc(U * sizeof(size_t)), *low = malloc(U * sizeof(size_t));
    if (!last || !neg || !ord || !low) {
        free(last), free(neg), free(ord), free(low);
        return -1;
    }
    for (size_t u = 0; u < U; u++) {
        last[u] = r->ix.score[u * T + T - 1];
        neg[u] = -last[u];
    }
    order_desc(ord, U, last);
    order_desc(low, U, neg); /* lowest first */
    int e = 0;
    e |= nqpf_buf_printf(b, en ? "- **Leading and lagging units.** In %s the highest scores are those of "
                               : "- **领先与落后地区。** %s年得分最高的是", p->periods[T - 1]);
    e |= name_list(b, en, unit, ord, k, last);
    e |= nqpf_buf_puts(b, L(en, "，最低的是", "; the lowest those of "));
    e |= name_list(b, en, unit, low, k, last);
    e |= nqpf_buf_printf(b, en ? "; the highest is %.1f times the lowest." : "；最高值为最低值的%.1f倍。",
                         last[ord[0]] / last[low[0]]);
    /* rank moves between the first and the last period */
    if (T > 1) {
        double *gain = last; /* reused: rank gain = first rank − last rank */
        for (size_t u = 0; u < U; u++) {
            double a = r->ix.rank[u * T], z = r->ix.rank[u * T + T - 1];
            gain[u] = isnan(a) || isnan(z) ? NAN : a - z;
            neg[u] = -gain[u];
        }
        order_desc(ord, U, gain);
        order_desc(low, U, neg);
        if (!isnan(gain[ord[0]]) && gain[ord[0]] > 0) {
            if (en)
                e |= nqpf_buf_printf(b, " From %s to %s, %s rose most in rank (%+.0f places)", p->periods[0],
                                     p->periods[T - 1], unit[ord[0]], gain[ord[0]]);
            else
                e |= nqpf_buf_printf(b, "%s–%s年排名上升最多的是%s（%+.0f位）", p->periods[0], p->periods[T - 1],
                                     unit[ord[0]], gain[ord[0]]);
            if (!isnan(gain[low[0]]) && gain[low[0]] < 0)
                e |= nqpf_buf_printf(b, en ? " and %s fell most (%+.0f places)" : "，下降最多的是%s（%+.0f位）",
                                     unit[low[0]], gain[low[0]]);
            e |= nqpf_buf_puts(b, L(en, "。", "."));
        }
    }
    free(last), free(neg), free(ord), free(low);
    return e | see(b, en, "ranking");
}

/* The Dagum decomposition: trend of G and the main source in the last period. */
static int disparity(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    const nqpf_panel *p = r->panel;
    size_t T = r->T;
    if (!(r->gini[T - 1].G > 0))
        return 0;
    const nqpf_dagum *a = &r->gini[0], *z = &r->gini[T - 1];
    double share[3] = {z->Gw / z->G, z->Gnb / z->G, z->Gt / z->G};
    static const char *zh[] = {"区域内差异", "区域间净差异", "超变密度"};
    static const char *eng[] = {"within-group", "net between-group", "transvariation"};
    size_t top = 0;
    for (size_t i = 1; i < 3; i++)
        if (share[i] > share[top])
            top = i;
    int e = 0;
    if (en)
        e |= nqpf_buf_printf(b, "- **Disparity.** The Dagum Gini coefficient %s from %.4f in %s to %.4f in %s; in %s the "
                                "main source is the %s component (%.1f%% of G; within %.1f%%, net between %.1f%%, "
                                "transvariation %.1f%%).",
                             z->G > a->G ? "rose" : z->G < a->G ? "fell" : "stayed", a->G, p->periods[0], z->G,
                             p->periods[T - 1], p->periods[T - 1], eng[top], 100 * share[top], 100 * share[0],
                             100 * share[1], 100 * share[2]);
    else
        e |= nqpf_buf_printf(b, "- **区域差异。** Dagum基尼系数由%s年的%.4f%s至%s年的%.4f；%s年差异的主要来源是%s（贡献率%.1f%%；"
                                "区域内%.1f%%，区域间净差异%.1f%%，超变密度%.1f%%）。",
                             p->periods[0], a->G, z->G > a->G ? "上升" : z->G < a->G ? "下降" : "持平", p->periods[T - 1],
                             z->G, p->periods[T - 1], zh[top], 100 * share[top], 100 * share[0], 100 * share[1],
                             100 * share[2]);
    return e | see(b, en, "gini_summary");
}

/* σ convergence from the coefficient of variation, β from the cross-section. */
static int convergence(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    const nqpf_panel *p = r->panel;
    size_t T = r->T;
    double c0 = r->sigma[0 * 4 + 1], c1 = r->sigma[(T - 1) * 4 + 1];
    int e = 0;
    if (en)
        e |= nqpf_buf_printf(b, "- **Convergence.** The coefficient of variation went from %.4f in %s to %.4f in %s: %s.",
                             c0, p->periods[0], c1, p->periods[T - 1],
                             c1 < c0 ? "σ convergence over the whole period" : "no σ convergence over the whole period");
    else
        e |= nqpf_buf_printf(b, "- **收敛性。** 变异系数由%s年的%.4f变为%s年的%.4f，%s。", p->periods[0], c0,
                             p->periods[T - 1], c1, c1 < c0 ? "整体上存在σ收敛" : "整体上不存在σ收敛");
    e |= see(b, en, "sigma");
    for (size_t m = 0; m < r->n_beta; m++) {
        const nqpf_report_beta *bt = &r->beta[m];
        if (strcmp(bt->model, "beta_abs") && strcmp(bt->model, "panel_abs"))
            continue;
        size_t j = bt->panel ? 0 : 1; /* the slope on ln y (after the constant in the cross-section) */
        if (j >= bt->k)
            continue;
        double c = bt->coef[j], pv = bt->p[j];
        int conv = c < 0 && pv < 0.05, div = c > 0 && pv < 0.05;
        if (en)
            e |= nqpf_buf_printf(b, "- %s β convergence: b = %.4f (p = %.4f), %s", bt->panel ? "Panel (two-way FE)" : "Absolute",
                                 c, pv, conv ? "significant convergence" : div ? "significant divergence" : "no significant convergence");
        else
            e |= nqpf_buf_printf(b, "- %sβ收敛：b = %.4f（p = %.4f），%s", bt->panel ? "面板双向固定效应" : "绝对", c, pv,
                                 conv ? "存在显著的β收敛" : div ? "呈显著的β发散" : "不存在显著的β收敛");
        if (conv && !isnan(bt->half_life))
            e |= nqpf_buf_printf(b, en ? ", speed %.4f, half-life %.1f" : "，收敛速度%.4f，半衰期%.1f", bt->speed,
                                 bt->half_life);
        e |= nqpf_buf_puts(b, L(en, "。", "."));
        e |= see(b, en, "beta");
    }
    return e;
}

/* Global Moran's I across periods. */
static int moran(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    const nqpf_panel *p = r->panel;
    size_t T = r->T, sig = 0;
    int e = 0;
    for (size_t q = 0; q < T; q++)
        sig += r->moran[q].value > r->moran[q].expected && r->moran[q].p_rand < 0.05;
    const nqpf_global_result *z = &r->moran[T - 1];
    if (en)
        e |= nqpf_buf_printf(b, "- **Spatial clustering.** Global Moran's I is significantly positive (p < 0.05) in %zu of "
                                "%zu periods; in %s I = %.4f (p = %.4f).",
                             sig, T, p->periods[T - 1], z->value, z->p_rand);
    else
        e |= nqpf_buf_printf(b, "- **空间集聚。** %zu期中有%zu期全局Moran's I显著为正（p < 0.05）；%s年I = %.4f（p = %.4f）。", T,
                             sig, p->periods[T - 1], z->value, z->p_rand);
    e |= see(b, en, "moran");
    return e;
}

/* The LISA clusters of the last period. */
static int lisa(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    const nqpf_panel *p = r->panel;
    size_t T = r->T, U = r->U;
    int e = 0;
    size_t *hh = malloc(U * sizeof(size_t)), nhh = 0, nll = 0, nhl = 0, nlh = 0;
    if (!hh)
        return -1;
    for (size_t u = 0; u < U; u++) {
        size_t i = (T - 1) * U + u;
        double pv = r->lisa_perm ? r->lisa_psim[i] : r->lisa_p[i];
        if (!r->lisa_quad[i][0] || !(pv < r->lisa_alpha))
            continue;
        const char *q = r->lisa_quad[i];
        if (!strcmp(q, "HH"))
            hh[nhh++] = u;
        nll += !strcmp(q, "LL");
        nhl += !strcmp(q, "HL");
        nlh += !strcmp(q, "LH");
    }
    if (en)
        e |= nqpf_buf_printf(b, "- Local clusters in %s (LISA, α = %g): %zu high-high, %zu low-low, %zu high-low and %zu "
                                "low-high units",
                             p->periods[T - 1], r->lisa_alpha, nhh, nll, nhl, nlh);
    else
        e |= nqpf_buf_printf(b, "- %s年局部集聚（LISA，α = %g）：高-高%zu个、低-低%zu个、高-低%zu个、低-高%zu个", p->periods[T - 1],
                             r->lisa_alpha, nhh, nll, nhl, nlh);
    if (nhh) {
        e |= nqpf_buf_puts(b, L(en, "；高-高集聚区为", "; the high-high units are "));
        e |= name_list(b, en, unit, hh, nhh, NULL);
    }
    e |= nqpf_buf_puts(b, L(en, "。", "."));
    free(hh);
    e |= see(b, en, "lisa");
    return e;
}

/* Mean obstacle degree over units in the last period: the leading
 * dimension and the leading indicators. */
static int obstacles(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    const nqpf_panel *p = r->panel;
    size_t T = r->T, U = r->U, J = r->sys->n_ind, D = r->n_dims;
    double *mj = calloc(J + D, sizeof(double));
    size_t *ord = malloc((J > D ? J : D) * sizeof(size_t));
    const char **nm = malloc((J > D ? J : D) * sizeof(char *));
    if (!mj || !ord || !nm) {
        free(mj), free(ord), free(nm);
        return -1;
    }
    double *md = mj + J;
    for (size_t u = 0; u < U; u++) {
        for (size_t j = 0; j < J; j++)
            mj[j] += r->obst[(u * T + T - 1) * J + j] / (double)U;
        for (size_t d = 0; d < D; d++)
            md[d] += r->obst_dim[(u * T + T - 1) * D + d] / (double)U;
    }
    int e = 0;
    if (D) {
        order_desc(ord, D, md);
        if (en)
            e |= nqpf_buf_printf(b, "- **Obstacles.** In %s the dimension with the largest mean obstacle degree is %s (%.4f)",
                                 p->periods[T - 1], r->sys->nodes[r->dim_node[ord[0]]].name, md[ord[0]]);
        else
            e |= nqpf_buf_printf(b, "- **障碍因素。** %s年平均障碍度最大的维度是%s（%.4f）", p->periods[T - 1],
                                 r->sys->nodes[r->dim_node[ord[0]]].name, md[ord[0]]);
    }
    size_t k = J < RESULTS_TOP ? J : RESULTS_TOP;
    for (size_t j = 0; j < J; j++)
        nm[j] = r->sys->ind[j].name;
    order_desc(ord, J, mj);
    e |= nqpf_buf_puts(b, D ? L(en, "；平均障碍度最大的指标是", "; the leading indicators are ")
                            : L(en, "- **障碍因素。** 平均障碍度最大的指标是", "- **Obstacles.** The leading indicators are "));
    e |= name_list(b, en, nm, ord, k, mj);
    e |= nqpf_buf_puts(b, L(en, "。", "."));
    free(mj), free(ord), free(nm);
    return e | see(b, en, "obstacle");
}

/* Mean coupling coordination degree of the last period and its class. */
static int coupling(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    if (r->n_dims < 2)
        return 0;
    const nqpf_panel *p = r->panel;
    size_t T = r->T, U = r->U, n = 0, cnt[11] = {0};
    double m = 0;
    for (size_t u = 0; u < U; u++) {
        double d = r->cp_D[u * T + T - 1];
        if (isnan(d))
            continue;
        m += d, n++;
        int c = nqpf_coupling_class(d);
        if (c >= 0 && c <= 10)
            cnt[c]++;
    }
    if (!n)
        return 0;
    m /= (double)n;
    int cls = nqpf_coupling_class(m), mode = 0;
    for (int c = 1; c <= 10; c++)
        if (cnt[c] > cnt[mode])
            mode = c;
    int e = 0;
    if (en)
        e |= nqpf_buf_printf(b, "- **Coupling coordination.** In %s the mean coordination degree D of the dimensions is %.4f "
                                "(%s); the most frequent class is %s (%zu of %zu units).",
                             p->periods[T - 1], m, nqpf_coupling_class_en(cls), nqpf_coupling_class_en(mode), cnt[mode], n);
    else
        e |= nqpf_buf_printf(b, "- **耦合协调。** %s年各维度耦合协调度D的均值为%.4f（%s）；最常见的等级为%s（%zu个地区中%zu个）。",
                             p->periods[T - 1], m, nqpf_coupling_class_zh(cls), nqpf_coupling_class_zh(mode), n, cnt[mode]);
    return e | see(b, en, "coupling");
}

/* Persistence of the Markov classes: the mean of the diagonal. */
static int markov(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    if (r->mk_k < 2)
        return 0;
    size_t k = r->mk_k;
    double d = 0, up = 0, down = 0;
    for (size_t i = 0; i < k; i++) {
        d += r->mk_p[i * k + i] / (double)k;
        if (i + 1 < k)
            up += r->mk_p[i * k + i + 1] / (double)(k - 1);
        if (i > 0)
            down += r->mk_p[i * k + i - 1] / (double)(k - 1);
    }
    int e;
    if (en)
        e = nqpf_buf_printf(b, "- **Class mobility.** A unit stays in its class from one period to the next with a mean "
                               "probability of %.4f (the diagonal of the transition matrix); the mean probability of moving "
                               "one class up is %.4f and one class down %.4f.",
                            d, up, down);
    else
        e = nqpf_buf_printf(b, "- **等级转移。** 地区下一期仍留在原等级的平均概率为%.4f（转移矩阵对角线均值），向上跃迁一级的平均概率为%.4f，"
                               "向下一级为%.4f。",
                            d, up, down);
    return e | see(b, en, "markov_matrix");
}

/* The GM(1,1) forecast of the whole sample's mean at the horizon. */
static int forecast(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    size_t s = r->n_series - 1; /* the last series is the whole sample */
    if (!r->horizon || !r->gm_ok[s])
        return 0;
    const nqpf_gm11 *g = &r->gm[s];
    size_t T = r->T, h = r->horizon;
    static const char *gz[] = {"", "好", "合格", "勉强合格", "不合格"};
    static const char *ge[] = {"", "good", "qualified", "barely qualified", "unqualified"};
    int gr = g->grade >= 1 && g->grade <= 4 ? g->grade : 0;
    /* the label of the last forecast period, as tables/forecast.csv writes it */
    const nqpf_panel *p = r->panel;
    char per[64];
    if (p->periods_numeric)
        snprintf(per, sizeof per, "%.17g",
                 p->period_value[T - 1] + (double)h * (T > 1 ? p->period_value[T - 1] - p->period_value[T - 2] : 1));
    else
        snprintf(per, sizeof per, "+%zu", h);
    int e;
    if (en)
        e = nqpf_buf_printf(b, "- **Forecast.** GM(1,1) of the mean index puts it at %.4f in %s (posterior variance ratio "
                               "C = %.4f, small-error probability P = %.4f: %s).",
                            g->x0hat[T + h - 1], per, g->C, g->P, ge[gr]);
    else
        e = nqpf_buf_printf(b, "- **趋势预测。** GM(1,1)预测%s%s的指数均值为%.4f（后验差比C = %.4f，小误差概率P = %.4f，精度%s）。", per,
                            p->periods_numeric ? "年" : "期",
                            g->x0hat[T + h - 1], g->C, g->P, gz[gr]);
    return e | see(b, en, "forecast");
}

/* The overall Malmquist mean and which component drives it. */
static int productivity(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit)
{
    if (!r->mq_have_means)
        return 0;
    const double *a = r->mqm.all;
    double tfp = a[NQPF_MQ_TFPCH], eff = a[NQPF_MQ_EFFCH], tech = a[NQPF_MQ_TECHCH];
    if (isnan(tfp))
        return 0;
    /* distance from "no change": 1 for ratios, 0 for the additive Luenberger indicator */
    double one = r->mq.additive ? 0 : 1;
    int tech_leads = fabs(tech - one) >= fabs(eff - one);
    int e;
    if (en)
        e = nqpf_buf_printf(b, "- **Productivity change.** The overall mean of the %s index is %.4f (%s); effch = %.4f, "
                               "techch = %.4f, so the change is driven mainly by %s.",
                            r->mq.additive ? "Luenberger" : "Malmquist", tfp, tfp > one ? "growth" : tfp < one ? "decline" : "no change",
                            eff, tech, tech_leads ? "technical change (shifts of the frontier)" : "efficiency change (catching up)");
    else
        e = nqpf_buf_printf(b, "- **生产率变动。** %s指数的总体均值为%.4f（%s）；effch = %.4f，techch = %.4f，变动主要来自%s。",
                            r->mq.additive ? "Luenberger" : "Malmquist", tfp, tfp > one ? "增长" : tfp < one ? "下降" : "不变", eff,
                            tech, tech_leads ? "技术进步（前沿移动）" : "技术效率变化（追赶效应）");
    return e | see(b, en, "malmquist_means");
}

/* The paragraph of each analysis that has one (the analyses' results live
 * in nqpf_report; the sentences are written here, where the wording of the
 * whole section is kept together). */
static const struct {
    const char *section;
    int (*write)(const nqpf_report *r, int en, nqpf_buf *b, const char *const *unit);
} PARAGRAPHS[] = {
    {"gini", disparity}, {"converge", convergence}, {"moran", moran},   {"lisa", lisa},
    {"obstacle", obstacles}, {"coupling", coupling}, {"markov", markov}, {"forecast", forecast},
    {"malmquist", productivity},
};

static int section(const nqpf_report *r, int en, nqpf_buf *b)
{
    const char **unit = malloc((r->U ? r->U : 1) * sizeof(char *));
    if (!unit)
        return -1;
    for (size_t u = 0; u < r->U; u++)
        unit[u] = unit_name(r, en, u);
    int e = nqpf_buf_puts(b, en ? "# Results\n\n" : "# 结果分析\n\n");
    e |= level_growth(r, en, b);
    e |= leaders(r, en, b, unit);
    /* the analyses of the project, in the registry's order */
    size_t n_sec;
    const report_section_def *const *sec = report_sections(&n_sec);
    for (size_t i = 0; i < n_sec; i++)
        for (size_t k = 0; k < sizeof PARAGRAPHS / sizeof PARAGRAPHS[0]; k++)
            if (!strcmp(sec[i]->name, PARAGRAPHS[k].section) && report_section_present(r->proj, sec[i]))
                e |= PARAGRAPHS[k].write(r, en, b, unit);
    free(unit);
    return e;
}

int report_results_prose(const nqpf_report *r, int en, nqpf_buf *b)
{
    if (!r->T || !r->U)
        return 0;
    /* the documents drop "# " titles: the section is a "## " heading there */
    int e = nqpf_buf_puts(b, "\n#");
    return e | section(r, en, b);
}

int report_results(const nqpf_report *r, nqpf_buf *b)
{
    if (!r->T || !r->U)
        return 0;
    int e = section(r, 0, b);
    e |= nqpf_buf_puts(b, "\n");
    return e | section(r, 1, b);
}

/* The same section in index.html: the Markdown lines of one language as an
 * HTML list ("- **Title.** text" → <li><strong>Title.</strong> text</li>), escaped. */
int report_results_html(const nqpf_report *r, int en, nqpf_buf *b)
{
    if (!r->T || !r->U)
        return 0;
    nqpf_buf md = {0};
    int e = section(r, en, &md) || nqpf_buf_append(&md, "", 1);
    e |= nqpf_buf_printf(b, "<section id=\"results\"><h2>%s</h2>\n<ul>\n", L(en, "结果分析", "Results"));
    for (char *s = e ? NULL : md.data; s && *s;) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        if (!strncmp(s, "- ", 2)) {
            char *t = s + 2, *end = NULL;
            e |= nqpf_buf_puts(b, "<li>");
            if (!strncmp(t, "**", 2) && (end = strstr(t + 2, "**"))) {
                *end = '\0';
                e |= nqpf_buf_puts(b, "<strong>");
                e |= nqpf_buf_html(b, t + 2);
                e |= nqpf_buf_puts(b, "</strong>");
                t = end + 2;
            }
            e |= nqpf_buf_html(b, t);
            e |= nqpf_buf_puts(b, "</li>\n");
        }
        s = nl ? nl + 1 : NULL;
    }
    nqpf_buf_free(&md);
    return e | nqpf_buf_puts(b, "</ul></section>\n");
}
