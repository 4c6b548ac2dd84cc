/* nqpf — [dea] economic = K: economic efficiency at each row's prices and
 * its technical and allocative parts, as tables/dea_economic.csv (the
 * output of `nqpf dea --economic K`, its rows written by the same
 * nqpf_dea_price_put_row) and the methods sentence of the kind. */
#include "nqpf/dea_opts.h"
#include "report_internal.h"

static void print_econ(FILE *fp, const void *ctx)
{
    const nqpf_report *r = ctx;
    const report_dea_econ *e = r->dea_econ;
    report_dea_put_head(r, fp);
    fputs(NQPF_DEA_PRICE_COLUMNS ",model\n", fp);
    for (size_t i = 0; i < r->dea_n; i++) {
        report_dea_put_key(r, fp, i);
        nqpf_dea_price_put_row(fp, &e->out, i);
        fprintf(fp, ",%s\n", e->label);
    }
}

int report_dea_econ_table(const nqpf_report *r, int bom, report_sink *tables, nqpf_buf *written, nqpf_error *err)
{
    int rc = report_write_file(&tables->dir, "dea_economic.csv", bom, print_econ, r, err);
    if (!rc)
        nqpf_buf_puts(written, "tables/dea_economic.csv\n");
    return rc;
}

int report_dea_econ_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    /* per kind: the measure, the technical model and how the parts combine (dea.h) */
    static const char *const EN[4] = {
        "cost efficiency C*/(w₀·x₀) with C* = min w₀·x over the technology at the row's input prices; technical = "
        "the radial input score; allocative = cost / technical",
        "revenue efficiency (p₀·y₀)/R* with R* = max p₀·y at the row's output prices; technical = 1/φ of the "
        "radial output score; allocative = revenue / technical",
        "Nerlovian profit inefficiency (Chambers, Chung & Färe 1998) (Π* − (p₀·y₀ − w₀·x₀)) / (p₀·g_y + w₀·g_x) "
        "under variable returns; technical = the directional distance β in the direction g; allocative = profit − "
        "technical (0 = profit maximising)",
        "profitability efficiency (p₀·y₀/w₀·x₀) / max (p·y/w·x) under constant returns; technical = the radial "
        "input score; allocative = profitability / technical"};
    static const char *const ZH[4] = {
        "成本效率 C*/(w₀·x₀)，C* 为按该行投入价格在技术集上的最小成本 w₀·x；技术效率为径向投入导向得分；配置效率 = 成本效率 / 技术效率",
        "收益效率 (p₀·y₀)/R*，R* 为按该行产出价格的最大收益 p₀·y；技术效率为径向产出导向的 1/φ；配置效率 = 收益效率 / 技术效率",
        ("Nerlove利润无效率（Chambers、Chung和Färe 1998）(Π* − (p₀·y₀ − w₀·x₀)) / (p₀·g_y + w₀·g_x)，规模报酬可变；"
         "技术无效率为方向 g 上的方向距离 β；配置无效率 = 利润无效率 − 技术无效率（0为利润最大化）"),
        "盈利能力效率 (p₀·y₀/w₀·x₀) / max (p·y/w·x)，规模报酬不变；技术效率为径向投入导向得分；配置效率 = 盈利能力效率 / 技术效率"};
    const report_dea_econ *e = r->dea_econ;
    int rc = nqpf_buf_printf(b, en ? "Economic efficiency at each row's prices (input prices " : "按各行价格测算经济效率（投入价格 ");
    rc |= report_md(b, *report_opt(r, "dea.input-prices") ? report_opt(r, "dea.input-prices") : "—");
    rc |= nqpf_buf_puts(b, en ? ", output prices " : "，产出价格 ");
    rc |= report_md(b, *report_opt(r, "dea.output-prices") ? report_opt(r, "dea.output-prices") : "—");
    rc |= nqpf_buf_printf(b, en ? "): %s (tables/dea_economic.csv, as `nqpf dea --economic %s`). "
                                : "）：%s（tables/dea_economic.csv，与 `nqpf dea --economic %s` 一致）。",
                          en ? EN[e->kind] : ZH[e->kind], NQPF_DEA_ECON_NAMES[e->kind]);
    return rc;
}
