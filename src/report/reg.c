/* nqpf — the report's [reg] step: the regression table of a study, one
 * column per model as esttab / outreg2 print it.  The models are [reg]
 * (when it names y) and then every [reg.NAME] section in file order; a
 * [reg.NAME] takes each key it does not set from [reg], so [reg] holds what
 * the models share (data, unit, period, absorb, cluster) the way a Stata
 * do-file sets globals before `reghdfe ... ; est store m1`.  Each model is
 * `nqpf reg` with the same keys (its option table, NQPF_REG_OPTS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/reg_opts.h"
#include "report_internal.h"

static int is_model(const nqpf_project_section *s)
{
    return !strncmp(s->name, "reg.", 4) || (!strcmp(s->name, "reg") && nqpf_project_get(s, "y"));
}

static int engine(const nqpf_optval *v, const nqpf_colsource *score, report_model *m, nqpf_error *err)
{
    nqpf_reg_request rq;
    nqpf_reg_output o;
    int rc = nqpf_reg_request_from(v, &rq, err);
    if (rc)
        return rc;
    rq.data_extra = score;
    rq.table = rq.boot_reps = NULL;
    if ((rc = nqpf_reg_compute(&rq, &o, NULL, NULL, err)))
        return rc;
    m->out = nqpf_restab_take(&o.out), m->stats = nqpf_restab_take(&o.stats);
    nqpf_reg_output_free(&o);
    return NQPF_OK;
}

static const report_engine REG = {NQPF_REG_OPTS, NQPF_RGO_NOPTS, NQPF_RGO_DATA, NQPF_RGO_UNIT, NQPF_RGO_PERIOD,
                                  NQPF_RGO_ENCODING, -1, engine};

int report_run_reg(nqpf_report *r, report_econ *e, nqpf_error *err)
{
    const nqpf_project *p = r->proj;
    const nqpf_project_section *top = nqpf_project_section_get(p, "reg");
    nqpf_optval base[NQPF_RGO_NOPTS];
    nqpf_opt_init(base, NQPF_RGO_NOPTS);
    int rc = top ? nqpf_opt_section(NQPF_REG_OPTS, NQPF_RGO_NOPTS, p, "reg", base, err) : NQPF_OK;
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        n += (size_t)is_model(&p->sec[i]);
    if (!rc && !n)
        rc = nqpf_fail(err, NQPF_EINPUT, p->path, top->line, top->col,
                       "[reg] needs 'y = …' (or one [reg.NAME] section per model)");
    if (!rc && !(e->reg = calloc(n, sizeof *e->reg)))
        rc = nqpf_fail_nomem(err);
    for (size_t i = 0; !rc && i < p->n; i++)
        if (is_model(&p->sec[i]))
            rc = report_econ_run(r, p->sec[i].name, &REG, top ? base : NULL, &e->reg[e->n_reg++], err);
    /* one table, one precision: the most decimals any model asks for (0: 3;
     * at most 12, beyond a double's use in print) */
    e->digits = 0;
    for (size_t k = 0; !rc && k < e->n_reg; k++) {
        char key[300];
        snprintf(key, sizeof key, "%s.digits", e->reg[k].sec);
        unsigned long d = strtoul(report_opt(r, key), NULL, 10);
        d = d ? (d > 12 ? 12 : d) : 3;
        e->digits = d > e->digits ? d : e->digits;
    }
    nqpf_opt_free(base, NQPF_RGO_NOPTS);
    return rc;
}
