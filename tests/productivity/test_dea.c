/* The DEA scoring API: scoring points that are not in the reference set
 * (what Malmquist's mixed-period LPs need), subsets of units as reference,
 * super-efficiency by exclusion, and the frame of a reference set. */
#include <math.h>

#include "nqpf/dea.h"
#include "test.h"

/* DEAP example 1 (Coelli 1996): 5 firms, 2 inputs, 1 output. */
static const double X[] = {2, 5, 2, 4, 6, 6, 3, 2, 6, 2};
static const double Y[] = {1, 2, 3, 1, 2};

static void test_point_outside_reference(void)
{
    nqpf_dea_spec sp = {.model = NQPF_DEA_RADIAL, .rts = NQPF_DEA_CRS, .orient = NQPF_DEA_IN, .m = 2, .s = 1};
    nqpf_error err;
    nqpf_dea_ref *ref = NULL;
    size_t ids[] = {1, 4}; /* firms 2 and 5 only */
    CHECK(nqpf_dea_ref_build(&ref, &sp, X, Y, NULL, ids, 2, &err) == NQPF_OK);
    nqpf_dea_ws *ws = nqpf_dea_ws_new(&sp, 2);
    /* firm 3 (6,6; 3) against {2, 5}: theta = 5/6 as with all firms */
    nqpf_dea_point pt = {X + 4, Y + 2, NULL, NULL, NULL, NULL, -1};
    size_t peer[4];
    double lam[4];
    nqpf_dea_result r = {0};
    r.peer = peer;
    r.lambda = lam;
    CHECK(nqpf_dea_score(ws, ref, &pt, &r) == NQPF_OK);
    CHECK(r.status == NQPF_DEA_OK);
    CHECK_REL(r.eff, 5.0 / 6, 1e-14);
    CHECK(r.n_peers == 2 && peer[0] == 1 && peer[1] == 4);
    CHECK_REL(lam[0], 1.0, 1e-14);
    CHECK_REL(lam[1], 0.5, 1e-14);
    /* a point outside the technology, (1,1; 2): theta > 1 */
    double x0[] = {1, 1}, y0[] = {2};
    nqpf_dea_point p2 = {x0, y0, NULL, NULL, NULL, NULL, -1};
    nqpf_dea_result r2 = {0};
    CHECK(nqpf_dea_score(ws, ref, &p2, &r2) == NQPF_OK);
    /* min theta: l2 (2,4) + l5 (6,2) <= theta (1,1), 2 l2 + 2 l5 >= 2, so
       l2 + l5 = 1 and theta = max(2 + 4 l5, 4 - 2 l5) = 10/3 at l5 = 1/3 */
    CHECK(r2.status == NQPF_DEA_OK);
    CHECK_REL(r2.eff, 10.0 / 3, 1e-14);
    nqpf_dea_ws_free(ws);
    nqpf_dea_ref_free(ref);
}

static void test_super_by_exclusion_and_frame(void)
{
    nqpf_dea_spec sp = {.model = NQPF_DEA_RADIAL, .rts = NQPF_DEA_CRS, .orient = NQPF_DEA_IN, .super = 1, .m = 2, .s = 1};
    nqpf_error err;
    nqpf_dea_ref *ref = NULL;
    CHECK(nqpf_dea_ref_build(&ref, &sp, X, Y, NULL, NULL, 5, &err) == NQPF_OK);
    nqpf_dea_ws *ws = nqpf_dea_ws_new(&sp, 5);
    /* Firm 2 (2,4; 2) without itself.  Per unit of output the others use
       firm 1 (2,5), 3 (2,2), 4 (3,2), 5 (3,1); firm 3 scaled to output 2 uses
       (4,4) = 2 * (2,2) <= theta (2,4) at theta = 2, and no mix does better
       (every mix needs x1 >= 2 per unit of output, i.e. theta >= 2). */
    nqpf_dea_point pt = {X + 2, Y + 1, NULL, NULL, NULL, NULL, 1};
    nqpf_dea_result r = {0};
    CHECK(nqpf_dea_score(ws, ref, &pt, &r) == NQPF_OK);
    CHECK(r.status == NQPF_DEA_OK);
    CHECK_REL(r.eff, 2.0, 1e-14);
    unsigned char keep[5];
    CHECK(nqpf_dea_frame(ws, ref, keep, &err) == NQPF_OK);
    /* CRS frame: firms 2 and 5 span the efficient cone; 1, 3, 4 are dominated
       (3 = firm 2 + firm 5/2 exactly: covered with zero slack, so it is kept). */
    CHECK(keep[0] == 0 && keep[1] == 1 && keep[3] == 0 && keep[4] == 1);
    nqpf_dea_ws_free(ws);
    nqpf_dea_ref_free(ref);
}

static void test_spec_check(void)
{
    nqpf_error err;
    nqpf_dea_spec sp = {.model = NQPF_DEA_RADIAL, .rts = NQPF_DEA_CRS, .orient = NQPF_DEA_NONE, .m = 2, .s = 1};
    CHECK(nqpf_dea_spec_check(&sp, &err) == NQPF_EUSAGE);
    nqpf_dea_spec dd = {.model = NQPF_DEA_DDF, .rts = NQPF_DEA_VRS, .orient = NQPF_DEA_IN, .m = 2, .s = 1, .q = 1};
    CHECK(nqpf_dea_spec_check(&dd, &err) == NQPF_EUSAGE);
    dd.bad_strong = 1;
    CHECK(nqpf_dea_spec_check(&dd, &err) == NQPF_OK);
    CHECK_STR(nqpf_dea_status_name(NQPF_DEA_INFEASIBLE), "infeasible");
}

int main(void)
{
    RUN(test_point_outside_reference);
    RUN(test_super_by_exclusion_and_frame);
    RUN(test_spec_check);
    return test_done();
}
