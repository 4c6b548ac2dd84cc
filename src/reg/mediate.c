/* Mediation (mechanism) analysis for nqpf reg: the stepwise regressions,
 * the Sobel test and a bootstrap of the indirect effect a b with one RNG
 * stream per replication.  Conventions: reg.h and docs/reg.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/rng.h"
#include "nqpf/tobit.h"
#include "nqpf/util.h"
#include "reg_internal.h"

void nqpf_reg_mediation_free(nqpf_reg_mediation *md)
{
    if (!md)
        return;
    nqpf_reg_fit_free(&md->total), nqpf_reg_fit_free(&md->a), nqpf_reg_fit_free(&md->b);
    free(md->draw_a), free(md->draw_b), free(md->draw_ab);
    memset(md, 0, sizeof *md);
}

typedef struct paths {
    nqpf_reg_spec a, b;
    const double **bx;
    const char **bn;
} paths;

/* The a-path (M on D, X) and b-path (y on D, M, X) specifications. */
static int make_paths(const nqpf_reg_spec *s, const double *m, const char *m_name, paths *p, nqpf_error *err)
{
    p->a = *s, p->b = *s;
    p->a.y = m, p->a.y_name = m_name;
    p->bx = nqpf_alloc(s->n_x + 2, sizeof *p->bx);
    p->bn = nqpf_alloc(s->n_x + 2, sizeof *p->bn);
    if (!p->bx || !p->bn) {
        free(p->bx), free(p->bn);
        return nqpf_fail_nomem(err);
    }
    p->bx[0] = s->x[0], p->bn[0] = s->x_name[0];
    p->bx[1] = m, p->bn[1] = m_name;
    for (size_t j = 1; j < s->n_x; j++)
        p->bx[j + 1] = s->x[j], p->bn[j + 1] = s->x_name[j];
    p->b.n_x = s->n_x + 1, p->b.x = p->bx, p->b.x_name = p->bn;
    return NQPF_OK;
}

/* One bootstrap replication: a and b from the counts of stream r. */
static void replicate(const paths *p, const size_t *unit, size_t n_units, const size_t *rows, size_t n_rows,
                      unsigned long long seed, size_t r, double *wbuf, unsigned char *sub, size_t *cnt, double *a,
                      double *b)
{
    size_t n = p->a.n;
    nqpf_rng rng;
    nqpf_rng_init(&rng, seed, r);
    memset(cnt, 0, n_units * sizeof *cnt);
    for (size_t k = 0; k < n_units; k++)
        cnt[nqpf_rng_below(&rng, n_units)]++;
    memset(sub, 0, n);
    for (size_t k = 0; k < n_rows; k++) {
        size_t i = rows[k], c = cnt[unit[k]];
        if (c) {
            sub[i] = 1;
            wbuf[i] = (double)c * (p->a.w ? p->a.w[i] : 1.0);
        } else
            wbuf[i] = 1.0;
    }
    nqpf_reg_spec sa = p->a, sb = p->b;
    sa.w = sb.w = wbuf, sa.subset = sb.subset = sub;
    sa.vce = sb.vce = NQPF_REG_IID; /* only the coefficients are used */
    nqpf_reg_fit fa, fb;
    nqpf_error e;
    *a = *b = NAN;
    if (nqpf_reg_fit_model(&sa, &fa, &e) == NQPF_OK) {
        if (!fa.main.omitted[0])
            *a = fa.main.b[0];
        nqpf_reg_fit_free(&fa);
    }
    if (nqpf_reg_fit_model(&sb, &fb, &e) == NQPF_OK) {
        if (!fb.main.omitted[1])
            *b = fb.main.b[1];
        nqpf_reg_fit_free(&fb);
    }
}

static int bootstrap(const paths *p, size_t B, unsigned long long seed, double level, nqpf_reg_mediation *md,
                     nqpf_error *err)
{
    size_t n = p->a.n, n_rows = 0, n_units = 0;
    size_t *rows = nqpf_alloc(n + 1, sizeof *rows), *unit = nqpf_alloc(n + 1, sizeof *unit);
    md->draw_a = nqpf_alloc(B, sizeof(double));
    md->draw_b = nqpf_alloc(B, sizeof(double));
    md->draw_ab = nqpf_alloc(B, sizeof(double));
    double *sorted = nqpf_alloc(B, sizeof(double));
    int rc = NQPF_OK;
    if (!rows || !unit || !md->draw_a || !md->draw_b || !md->draw_ab || !sorted) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    /* the resampling units: the first cluster dimension, else the rows */
    for (size_t i = 0; i < n; i++)
        if ((!p->a.subset || p->a.subset[i]) && (!p->a.w || p->a.w[i] > 0.0))
            rows[n_rows++] = i;
    if (p->a.vce == NQPF_REG_CLUSTER && p->a.n_cl > 0) {
        size_t *tmp = nqpf_alloc(n_rows + 1, sizeof *tmp);
        if (!tmp) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
        for (size_t k = 0; k < n_rows; k++)
            tmp[k] = p->a.cl[0][rows[k]];
        const size_t *parts[1] = {tmp};
        rc = nqpf_reg_group(parts, 1, n_rows, unit, &n_units, err);
        free(tmp);
        if (rc)
            goto done;
        /* a row without a cluster label is not in the sample: drop it */
        size_t k2 = 0;
        for (size_t k = 0; k < n_rows; k++)
            if (unit[k] != NQPF_REG_NA)
                rows[k2] = rows[k], unit[k2++] = unit[k];
        n_rows = k2;
    } else {
        for (size_t k = 0; k < n_rows; k++)
            unit[k] = k;
        n_units = n_rows;
    }
    long Bl = (long)B;
    int oom = 0;
#pragma omp parallel
    {
        double *wbuf = nqpf_alloc(n + 1, sizeof *wbuf);
        unsigned char *sub = nqpf_alloc(n + 1, 1);
        size_t *cnt = nqpf_alloc(n_units + 1, sizeof *cnt);
        if (!wbuf || !sub || !cnt) {
#pragma omp atomic write
            oom = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (long r = 0; r < Bl; r++) {
            if (wbuf && sub && cnt)
                replicate(p, unit, n_units, rows, n_rows, seed, (size_t)r, wbuf, sub, cnt, &md->draw_a[r],
                          &md->draw_b[r]);
            md->draw_ab[r] = md->draw_a[r] * md->draw_b[r];
        }
        free(wbuf), free(sub), free(cnt);
    }
    if (oom) {
        rc = nqpf_fail_nomem(err);
        goto done;
    }
    md->reps = B;
    size_t c = 0, below = 0;
    for (size_t r = 0; r < B; r++)
        if (!isnan(md->draw_ab[r])) {
            sorted[c++] = md->draw_ab[r];
            below += md->draw_ab[r] < md->ab;
        }
    md->failed = B - c;
    md->boot_se = md->pct_lo = md->pct_hi = md->bc_lo = md->bc_hi = NAN;
    if (c < 2)
        goto done;
    double mean = 0.0, ss = 0.0;
    for (size_t k = 0; k < c; k++)
        mean += sorted[k];
    mean /= (double)c;
    for (size_t k = 0; k < c; k++)
        ss += (sorted[k] - mean) * (sorted[k] - mean);
    md->boot_se = sqrt(ss / (double)(c - 1));
    qsort(sorted, c, sizeof *sorted, nqpf_cmp_double);
    double al = 0.5 * (1.0 - level);
    md->pct_lo = nqpf_quantile7(sorted, c, al);
    md->pct_hi = nqpf_quantile7(sorted, c, 1.0 - al);
    /* bias-corrected: z0 = Phi^-1(share of draws below the estimate) */
    double share = (double)below / (double)c;
    if (share > 0.0 && share < 1.0) {
        double z0 = nqpf_t_quantile(share, INFINITY), za = nqpf_t_quantile(al, INFINITY);
        double p1 = 0.5 * erfc(-(2.0 * z0 + za) / sqrt(2.0)), p2 = 0.5 * erfc(-(2.0 * z0 - za) / sqrt(2.0));
        md->bc_lo = nqpf_quantile7(sorted, c, p1);
        md->bc_hi = nqpf_quantile7(sorted, c, p2);
    }
done:
    free(rows), free(unit), free(sorted);
    return rc;
}

int nqpf_reg_mediate(const nqpf_reg_spec *s, const double *m, const char *m_name, size_t B, unsigned long long seed,
                     double level, nqpf_reg_mediation *out, nqpf_error *err)
{
    memset(out, 0, sizeof *out);
    if (s->n_x < 1 || s->n_endog)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "mediation needs the treatment as the first --x column and no --iv");
    if (!(level > 0.0 && level < 1.0))
        level = 0.95;
    /* one sample for the three regressions: rows where the mediator is present */
    unsigned char *sub = nqpf_alloc(s->n + 1, 1);
    paths p = {0};
    int rc = NQPF_OK;
    if (!sub)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < s->n; i++)
        sub[i] = (!s->subset || s->subset[i]) && !isnan(m[i]);
    nqpf_reg_spec st = *s;
    st.subset = sub;
    if ((rc = make_paths(&st, m, m_name, &p, err)))
        goto done;
    if ((rc = nqpf_reg_fit_model(&st, &out->total, err)) || (rc = nqpf_reg_fit_model(&p.a, &out->a, err)) ||
        (rc = nqpf_reg_fit_model(&p.b, &out->b, err)))
        goto done;
    if (out->total.main.omitted[0] || out->a.main.omitted[0] || out->b.main.omitted[0] || out->b.main.omitted[1]) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0,
                       "the treatment '%s' or the mediator '%s' is collinear with the other regressors or absorbed",
                       s->x_name[0], m_name);
        goto done;
    }
    out->c = out->total.main.b[0];
    out->a_coef = out->a.main.b[0], out->a_se = out->a.main.se[0];
    out->c_direct = out->b.main.b[0];
    out->b_coef = out->b.main.b[1], out->b_se = out->b.main.se[1];
    out->ab = out->a_coef * out->b_coef;
    out->sobel_se = sqrt(out->b_coef * out->b_coef * out->a_se * out->a_se +
                         out->a_coef * out->a_coef * out->b_se * out->b_se);
    out->sobel_z = out->ab / out->sobel_se;
    out->sobel_p = nqpf_normal_pvalue(out->sobel_z);
    out->boot_se = out->pct_lo = out->pct_hi = out->bc_lo = out->bc_hi = NAN;
    if (B > 0)
        rc = bootstrap(&p, B, seed, level, out, err);
done:
    free(sub), free(p.bx), free(p.bn);
    if (rc)
        nqpf_reg_mediation_free(out);
    return rc;
}
