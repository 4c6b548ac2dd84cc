/* nqpf — unit labels on a map without overlaps.
 *
 * Small neighbours (北京/天津, 上海 beside 江苏 and 浙江, most cities)
 * have label points closer than a label is wide, so labels drawn at their
 * points cover each other.  Greedy placement, as cartographers' automatic
 * labelling does it: the units by size, largest first (the big ones keep
 * their labels on their label points), each label at the first of its
 * candidate positions whose box meets no box placed before and stays in
 * the panel: on the point, then beside it (above, below, right, left,
 * the corners), then farther out in the same eight directions with a
 * leader line to the point.  A label with no free position is left out,
 * and the panel says so in a note (class "labels-note": the names when
 * at most three, else their number), never silently. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"

/* Width of a label at font size fs: CJK and other wide characters one em,
 * the rest (Latin letters, digits) 0.6 em, both at least as wide as the
 * Noto fonts draw them. */
double map_text_width(const char *s, double fs)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        w += len >= 3 ? fs : 0.6 * fs;
        for (int i = 0; i < len && *p; i++)
            p++;
    }
    return w;
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static int meets(const box *a, const box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Order of placement: larger shapes first. */
static int by_size(const void *a, const void *b)
{
    const map_label *x = *(const map_label *const *)a, *y = *(const map_label *const *)b;
    return x->size < y->size ? 1 : x->size > y->size ? -1 : (x < y ? -1 : x > y);
}

/* The box of a label of width w centred at (cx, cy); the text's em box
 * with one unit to spare on each side. */
static box label_box(double cx, double cy, double w, double fs)
{
    return (box){cx - w / 2 - 1, cy - 0.6 * fs - 1, cx + w / 2 + 1, cy + 0.6 * fs + 1};
}

int map_labels_svg(nqpf_buf *b, map_label *lab, size_t n, double fs, double px0, double py0, double px1,
                   double py1, int en)
{
    static const double dir[8][2] = {{0, -1}, {0, 1}, {1, 0}, {-1, 0}, {1, -1}, {-1, -1}, {1, 1}, {-1, 1}};
    static const double far[3] = {1.0, 2.2, 3.6}; /* ring 0 beside the point, 1 and 2 with a leader */
    map_label **ord = malloc((n ? n : 1) * sizeof *ord);
    box *placed = malloc((n ? n : 1) * sizeof *placed);
    int e = !ord || !placed;
    size_t np = 0;
    for (size_t i = 0; !e && i < n; i++)
        ord[i] = &lab[i];
    if (!e)
        qsort(ord, n, sizeof *ord, by_size);
    for (size_t i = 0; !e && i < n; i++) {
        map_label *lb = ord[i];
        double w = map_text_width(lb->text, fs), h = 1.2 * fs;
        lb->placed = 0;
        for (int c = -1; c < 24 && !lb->placed; c++) {
            double cx = lb->x, cy = lb->y;
            if (c >= 0) {
                const double *d = dir[c % 8];
                double k = far[c / 8];
                cx += d[0] * k * (w / 2 + fs * 0.6), cy += d[1] * k * h;
            }
            box bx = label_box(cx, cy, w, fs);
            /* a leader longer than a tenth of the panel's width points across
             * other units (small multiples): such a label is left out and
             * counted in the note instead */
            int ok = bx.x0 >= px0 && bx.x1 <= px1 && bx.y0 >= py0 && bx.y1 <= py1 &&
                     hypot(cx - lb->x, cy - lb->y) <= 0.1 * (px1 - px0);
            for (size_t j = 0; ok && j < np; j++)
                ok = !meets(&bx, &placed[j]);
            if (ok) {
                placed[np++] = bx;
                lb->placed = 1, lb->lx = cx, lb->ly = cy, lb->leader = c >= 8;
            }
        }
    }
    if (!e) { /* leaders under the labels, from the point to the label's nearest edge */
        e |= nqpf_buf_puts(b, "<g class=\"leaders\" stroke=\"#555\" stroke-width=\"0.5\">");
        for (size_t i = 0; i < n; i++) {
            const map_label *lb = &lab[i];
            if (!lb->placed || !lb->leader)
                continue;
            double w = map_text_width(lb->text, fs);
            double ex = fmin(fmax(lb->x, lb->lx - w / 2), lb->lx + w / 2);
            double ey = fmin(fmax(lb->y, lb->ly - 0.6 * fs), lb->ly + 0.6 * fs);
            e |= nqpf_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", lb->x, lb->y, ex, ey);
        }
        e |= nqpf_buf_puts(b, "</g>");
        e |= nqpf_buf_printf(b, "<g class=\"labels\" font-size=\"%.1f\" fill=\"#222\" text-anchor=\"middle\" "
                                "stroke=\"#fff\" stroke-width=\"2\" stroke-opacity=\"0.8\" paint-order=\"stroke\">",
                             fs);
        for (size_t i = 0; i < n; i++) {
            const map_label *lb = &lab[i];
            if (!lb->placed)
                continue;
            /* the baseline 0.35 em under the middle centres a CJK em box */
            e |= nqpf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", lb->lx, lb->ly + 0.35 * fs);
            e |= nqpf_buf_html(b, lb->text);
            e |= nqpf_buf_puts(b, "</text>");
        }
        e |= nqpf_buf_puts(b, "</g>");
    }
    if (!e && np < n) { /* the labels left out under the panel's bottom left: by name when few, else counted */
        e |= nqpf_buf_printf(b, "<text class=\"labels-note\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" fill=\"#555\">",
                             px0 + 2, py1 - 2, fs - 1.5);
        if (n - np > 3)
            e |= nqpf_buf_printf(b, en ? "%zu labels left out (no room)" : "%zu个标注无处可放，未标出", n - np);
        else
            e |= nqpf_buf_puts(b, en ? "Labels left out (no room): " : "未标注（无处可放）：");
        for (size_t i = 0, k = 0; n - np <= 3 && i < n; i++)
            if (!lab[i].placed) {
                e |= nqpf_buf_puts(b, k++ ? (en ? ", " : "、") : "");
                e |= nqpf_buf_html(b, lab[i].text);
            }
        e |= nqpf_buf_puts(b, "</text>");
    }
    free(ord), free(placed);
    return e;
}
