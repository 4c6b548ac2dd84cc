/* nqpf — the report's econometric sections, after the index (whose score
 * they may regress): [reg] / [reg.NAME] (reg.c), [threshold] (threshold.c),
 * [did] (did.c), [spreg] (spreg.c).  One hook each in compute.c, write.c, html.c and
 * methods.c calls these. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

static int has_reg(const nqpf_project *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->sec[i].name, "reg") || !strncmp(p->sec[i].name, "reg.", 4))
            return 1;
    return 0;
}

int report_run_econ(nqpf_report *r, nqpf_error *err)
{
    int reg = has_reg(r->proj);
    int thr = nqpf_project_section_get(r->proj, "threshold") != NULL;
    int did = nqpf_project_section_get(r->proj, "did") != NULL;
    int spreg = nqpf_project_section_get(r->proj, "spreg") != NULL;
    if (!reg && !thr && !did && !spreg)
        return NQPF_OK;
    if (!(r->econ = calloc(1, sizeof *r->econ)))
        return nqpf_fail_nomem(err);
    int rc = reg ? report_run_reg(r, r->econ, err) : NQPF_OK;
    if (!rc && thr)
        rc = report_run_threshold(r, r->econ, err);
    if (!rc && did)
        rc = report_run_did(r, r->econ, err);
    if (!rc && spreg)
        rc = report_run_spreg(r, r->econ, err);
    return rc;
}

void report_free_econ(nqpf_report *r)
{
    report_econ *e = r->econ;
    if (!e)
        return;
    for (size_t k = 0; k < e->n_reg; k++)
        report_model_free(&e->reg[k]);
    free(e->reg);
    report_model_free(&e->thr);
    report_model_free(&e->did);
    report_model_free(&e->spreg);
    free(e);
    r->econ = NULL;
}

int report_econ_tables(const nqpf_report *r, int en, int bom, report_sink *tables, nqpf_buf *written,
                       nqpf_error *err)
{
    const report_econ *e = r->econ;
    int rc = NQPF_OK;
    if (e && e->n_reg)
        rc = report_reg_tables(r, en, bom, tables, written, err);
    if (!rc && e && e->do_thr)
        rc = report_thr_tables(r, en, bom, tables, written, err);
    if (!rc && e && e->do_did)
        rc = report_did_tables(r, en, bom, tables, written, err);
    if (!rc && e && e->do_spreg)
        rc = report_spreg_tables(r, en, bom, tables, written, err);
    return rc;
}

int report_econ_html(const nqpf_report *r, int en, capctx *cc, nqpf_buf *b)
{
    const report_econ *e = r->econ;
    int x = 0;
    if (e && e->n_reg)
        x |= report_reg_html(r, en, cc, b);
    if (e && e->do_thr)
        x |= report_thr_html(r, en, cc, b);
    if (e && e->do_did)
        x |= report_did_html(r, en, cc, b);
    if (e && e->do_spreg)
        x |= report_spreg_html(r, en, cc, b);
    return x;
}

int report_econ_methods(const nqpf_report *r, nqpf_buf *b, int en)
{
    const report_econ *e = r->econ;
    int x = 0;
    if (e && e->n_reg)
        x |= report_reg_methods(r, b, en);
    if (e && e->do_thr)
        x |= report_thr_methods(r, b, en);
    if (e && e->do_did)
        x |= report_did_methods(r, b, en);
    if (e && e->do_spreg)
        x |= report_spreg_methods(r, b, en);
    return x;
}

