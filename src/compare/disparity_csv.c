/* nqpf — the CSV tables of the Dagum Gini, Theil and inequality results
 * (include/nqpf/disparity_csv.h): written here once for the CLI and the
 * report. */
#include <math.h>
#include <stdio.h>

#include "nqpf/disparity_csv.h"
#include "nqpf/output.h"

static void gini_row(FILE *fp, const char *period, const char *comp, const char *g1, const char *g2, double v)
{
    const char *f[] = {period, comp, g1, g2};
    nqpf_csv_put_long(fp, f, 4, v);
}

/* the values after the period of a row: ",v1,v2..." */
static void put_nums(FILE *fp, const double *v, size_t n)
{
    for (size_t q = 0; q < n; q++) {
        fputc(',', fp);
        nqpf_csv_put_num(fp, v[q]);
    }
}

void nqpf_dagum_csv_long(FILE *fp, const char *pl, const nqpf_dagum *d, char *const *gl)
{
    size_t k = d->k;
    /* the shares of the sum of the parts, so that they add to 1 exactly */
    double G = d->Gw + d->Gnb + d->Gt;
    gini_row(fp, pl, "G", "", "", d->G);
    gini_row(fp, pl, "Gw", "", "", d->Gw);
    gini_row(fp, pl, "Gnb", "", "", d->Gnb);
    gini_row(fp, pl, "Gt", "", "", d->Gt);
    gini_row(fp, pl, "Gw_share", "", "", G > 0 ? d->Gw / G : NAN);
    gini_row(fp, pl, "Gnb_share", "", "", G > 0 ? d->Gnb / G : NAN);
    gini_row(fp, pl, "Gt_share", "", "", G > 0 ? d->Gt / G : NAN);
    gini_row(fp, pl, "n", "", "", (double)d->n);
    gini_row(fp, pl, "mean", "", "", d->mean);
    for (size_t j = 0; j < k; j++) {
        gini_row(fp, pl, "group_n", gl[j], gl[j], d->nj[j]);
        gini_row(fp, pl, "group_mean", gl[j], gl[j], d->mu[j]);
        gini_row(fp, pl, "group_p", gl[j], gl[j], d->p[j]);
        gini_row(fp, pl, "group_s", gl[j], gl[j], d->s[j]);
        gini_row(fp, pl, "G_jj", gl[j], gl[j], d->Gjj[j]);
        gini_row(fp, pl, "Gw_part", gl[j], gl[j], d->nj[j] > 0 ? d->Gjj[j] * d->p[j] * d->s[j] : NAN);
    }
    for (size_t j = 0; j < k; j++)
        for (size_t h = j + 1; h < k; h++) {
            double Gjh = d->Gjh[j * k + h], D = d->Djh[j * k + h];
            double w = d->p[j] * d->s[h] + d->p[h] * d->s[j];
            gini_row(fp, pl, "G_jh", gl[j], gl[h], Gjh);
            gini_row(fp, pl, "D_jh", gl[j], gl[h], D);
            gini_row(fp, pl, "d_jh", gl[j], gl[h], d->djh[j * k + h]);
            gini_row(fp, pl, "p_jh", gl[j], gl[h], d->pjh[j * k + h]);
            /* a pair with no between-group gap has no net or transvariation part */
            int zero = Gjh == 0.0 || isnan(D);
            gini_row(fp, pl, "Gnb_part", gl[j], gl[h], isnan(Gjh) ? NAN : zero ? 0.0 : Gjh * w * D);
            gini_row(fp, pl, "Gt_part", gl[j], gl[h], isnan(Gjh) ? NAN : zero ? 0.0 : Gjh * w * (1.0 - D));
        }
}

static void put_name(FILE *fp, const char *fmt, const char *a, const char *b)
{
    char name[2200];
    snprintf(name, sizeof name, fmt, a, b);
    fputc(',', fp);
    nqpf_csv_put_field(fp, name);
}

void nqpf_dagum_csv_wide_header(FILE *fp, char *const *gl, size_t k)
{
    fputs("period,n,mean,G,Gw,Gnb,Gt,Gw_share,Gnb_share,Gt_share", fp);
    for (size_t j = 0; j < k; j++)
        put_name(fp, "G_%s%s", gl[j], "");
    for (size_t j = 0; j < k; j++)
        for (size_t h = j + 1; h < k; h++) {
            put_name(fp, "G_%s_%s", gl[j], gl[h]);
            put_name(fp, "D_%s_%s", gl[j], gl[h]);
        }
    fputc('\n', fp);
}

void nqpf_dagum_csv_wide(FILE *fp, const char *pl, const nqpf_dagum *d)
{
    size_t k = d->k;
    double G = d->Gw + d->Gnb + d->Gt;
    double v[9] = {(double)d->n, d->mean, d->G, d->Gw, d->Gnb, d->Gt, G > 0 ? d->Gw / G : NAN,
                   G > 0 ? d->Gnb / G : NAN, G > 0 ? d->Gt / G : NAN};
    nqpf_csv_put_field(fp, pl);
    put_nums(fp, v, 9);
    put_nums(fp, d->Gjj, k);
    for (size_t j = 0; j < k; j++)
        for (size_t h = j + 1; h < k; h++) {
            double pair[2] = {d->Gjh[j * k + h], d->Djh[j * k + h]};
            put_nums(fp, pair, 2);
        }
    fputc('\n', fp);
}

static void theil_row(FILE *fp, const char *period, const char *comp, const char *g, double v)
{
    const char *f[] = {period, comp, g};
    nqpf_csv_put_long(fp, f, 3, v);
}

void nqpf_theil_csv_long(FILE *fp, const char *pl, const nqpf_theil_result *t, char *const *group)
{
    theil_row(fp, pl, "T", "", t->T);
    theil_row(fp, pl, "T_between", "", t->Tb);
    theil_row(fp, pl, "T_within", "", t->Tw);
    theil_row(fp, pl, "T_between_share", "", t->T > 0 ? t->Tb / t->T : NAN);
    theil_row(fp, pl, "L", "", t->L);
    theil_row(fp, pl, "L_between", "", t->Lb);
    theil_row(fp, pl, "L_within", "", t->Lw);
    theil_row(fp, pl, "L_between_share", "", t->L > 0 ? t->Lb / t->L : NAN);
    theil_row(fp, pl, "cv_pop", "", t->cv_pop);
    theil_row(fp, pl, "cv_sample", "", t->cv_sample);
    theil_row(fp, pl, "sd_pop", "", t->sd_pop);
    theil_row(fp, pl, "sd_sample", "", t->sd_sample);
    theil_row(fp, pl, "gini", "", t->gini);
    theil_row(fp, pl, "gini_corrected", "", t->gini_corrected);
    theil_row(fp, pl, "n", "", (double)t->n);
    theil_row(fp, pl, "mean", "", t->mean);
    for (size_t j = 0; group && j < t->k; j++) {
        const char *gl = group[j];
        theil_row(fp, pl, "group_n", gl, t->nj[j]);
        theil_row(fp, pl, "group_mean", gl, t->mu[j]);
        theil_row(fp, pl, "group_p", gl, t->p[j]);
        theil_row(fp, pl, "group_s", gl, t->s[j]);
        theil_row(fp, pl, "T_g", gl, t->Tg[j]);
        theil_row(fp, pl, "L_g", gl, t->Lg[j]);
        /* an empty group has no part; a group of zeros has part 0 */
        theil_row(fp, pl, "T_within_part", gl, t->s[j] > 0 ? t->s[j] * t->Tg[j] : (t->nj[j] > 0 ? 0.0 : NAN));
        theil_row(fp, pl, "L_within_part", gl, t->p[j] * t->Lg[j]);
    }
}

void nqpf_ineq_csv_header(FILE *fp, char *const *eps, size_t n_eps)
{
    fputs("period,n,mean,median,gini,wolfson", fp);
    for (size_t i = 0; i < n_eps; i++) {
        fputs(",atkinson_", fp);
        fputs(eps[i], fp);
    }
    fputc('\n', fp);
}

void nqpf_ineq_csv_row(FILE *fp, const char *period, const nqpf_ineq_result *r)
{
    nqpf_csv_put_field(fp, period);
    double cells[] = {(double)r->n, r->mean, r->median, r->gini, r->wolfson};
    put_nums(fp, cells, sizeof cells / sizeof cells[0]);
    put_nums(fp, r->atkinson, r->n_eps);
    fputc('\n', fp);
}

void nqpf_ineq_csv_lorenz(FILE *fp, const char *period, const nqpf_ineq_result *r)
{
    for (size_t k = 0; k <= r->n; k++) {
        double pt[2] = {(double)k / (double)r->n, r->lorenz[k]};
        nqpf_csv_put_field(fp, period);
        put_nums(fp, pt, 2);
        fputc('\n', fp);
    }
}
