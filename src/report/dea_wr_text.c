/* nqpf — the methods sentences of the radial model's absolute weight bounds
 * and virtual-weight restrictions ([dea] weight-bounds, virtual; the
 * model is in include/nqpf/dea.h, the LP in src/productivity/dea_wr.c). */
#include "report_internal.h"

int report_dea_wr_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const char *wb = report_opt(r, "dea.weight-bounds"), *vw = report_opt(r, "dea.virtual");
    int e = 0;
    if (*wb) {
        e |= report_md_around(b,
                              en ? "Absolute bounds on the multiplier weights (Allen et al. 1997) under the model's "
                                   "normalisation (input orientation v·x0 = 1, output orientation u·y0 = 1): "
                                 : "乘数权重的绝对界（Allen等 1997），按模型的规范化（投入导向 v·x0 = 1，产出导向 u·y0 = 1）：",
                              wb,
                              en ? "; a unit that no weights within them fit is infeasible (empty score). "
                                 : "；无满足约束的权重的单元记为infeasible（得分为空）。");
    }
    if (*vw) {
        e |= report_md_around(b,
                              en ? "Virtual-weight restrictions (Wong & Beasley 1990) bound the share of a variable in "
                                   "the unit's total virtual input (output): "
                                 : "虚拟权重约束（Wong和Beasley 1990）限定变量在单元虚拟投入（产出）总额中的份额：",
                              vw, L(en, "。", ". "));
    }
    return e;
}
