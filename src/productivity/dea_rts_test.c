/* nqpf — the Simar-Wilson (2002) bootstrap test of constant against
 * variable returns to scale (see dea.h).
 *
 * The pseudo data of replication b must come from the CRS technology (the
 * null) and be scored by both models.  Two bootstrap sets of dea_boot.h
 * share them: the CRS set is the ordinary one; the VRS set scores with VRS
 * but is given the CRS set's distances, bandwidth and variance, which are
 * all that nqpf_dea_boot_draw and the pseudo data x_j delta*_j / delta_j
 * (y_j delta_j / delta*_j) depend on, and the same seed and streams, so
 * both see the same pseudo data.  (Its own VRS plain peers remain, as
 * column-generation seeds only: the scores do not depend on them.) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "nqpf/dea_boot.h"
#include "nqpf/util.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* sum of efficiencies 1/delta over the n units; NaN when any failed */
static double sum_eff(const double *delta, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += 1.0 / delta[i];
    return s;
}

int nqpf_dea_rts_test_run(const nqpf_dea_spec *spec, const double *x, const double *y, size_t n, size_t reps,
                          uint64_t seed, uint64_t stream0, double h, double alpha, int no_frame,
                          nqpf_dea_rts_test *out, double *s_boot, nqpf_error *err)
{
    if (spec->model != NQPF_DEA_RADIAL || spec->orient == NQPF_DEA_NONE || spec->q || spec->super || spec->fixed ||
        nqpf_dea_wr_cols(spec))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "the returns-to-scale test is for the radial model, input or output orientation, without "
                         "bad outputs, super-efficiency, fixed variables, assurance regions or other weight "
                         "restrictions");
    if (reps < 2 || !(alpha > 0 && alpha < 1))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "the returns-to-scale test needs B >= 2 and a level in (0, 1)");
    nqpf_dea_spec sc = *spec, sv = *spec;
    sc.rts = NQPF_DEA_CRS;
    sv.rts = NQPF_DEA_VRS;
    nqpf_dea_boot *bc = NULL, *bv = NULL;
    double *dc = malloc(reps * n * sizeof(double)), *dv = malloc(reps * n * sizeof(double));
    double *sb = malloc((reps + 1) * sizeof(double));
    int rc = dc && dv && sb ? NQPF_OK : nqpf_fail_nomem(err);
    if (!rc)
        rc = nqpf_dea_boot_new(&bc, &sc, x, y, n, h, seed, stream0, no_frame, err);
    if (!rc) /* the bandwidth is the CRS set's; the VRS set then takes its distances */
        rc = nqpf_dea_boot_new(&bv, &sv, x, y, n, bc->h, seed, stream0, no_frame, err);
    if (rc)
        goto done;
    double svrs = sum_eff(bv->delta, n);
    out->S = sum_eff(bc->delta, n) / svrs;
    out->h = bc->h;
    memcpy(bv->delta, bc->delta, n * sizeof(double));
    bv->var2n = bc->var2n;
    if ((rc = nqpf_dea_boot_run(bc, 0, reps, dc, err)) || (rc = nqpf_dea_boot_run(bv, 0, reps, dv, err)))
        goto done;
    size_t k = 0, below = 0;
    for (size_t b = 0; b < reps; b++) {
        double v = sum_eff(dc + b * n, n) / sum_eff(dv + b * n, n);
        if (s_boot)
            s_boot[b] = v;
        if (isnan(v))
            continue;
        sb[k++] = v;
        below += v <= out->S;
    }
    out->reps_ok = k;
    if (k < 2) {
        rc = nqpf_fail(err, NQPF_EMATH, NULL, 0, 0, "returns-to-scale test: fewer than 2 replications scored");
        goto done;
    }
    qsort(sb, k, sizeof(double), cmp_double);
    out->p = (double)below / (double)k;
    out->crit = nqpf_quantile7(sb, k, alpha);
done:
    nqpf_dea_boot_free(bc);
    nqpf_dea_boot_free(bv);
    free(dc);
    free(dv);
    free(sb);
    return rc;
}
