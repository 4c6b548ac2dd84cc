/* nqpf — the option tables of the regression analyses (nqpf reg, nqpf
 * threshold): one declaration each, read by the command line (src/cli)
 * through include/nqpf/opt.h, and turned into the library's requests
 * (nqpf_reg_request, nqpf_thr_request) here, so a front end never repeats
 * a default.  Each enum indexes its table. */
#ifndef NQPF_REG_OPTS_H
#define NQPF_REG_OPTS_H

#include "nqpf/opt.h"
#include "nqpf/reg.h"
#include "nqpf/threshold.h"

/* nqpf threshold */
enum nqpf_thr_opt {
    NQPF_THR_DATA, NQPF_THR_UNIT, NQPF_THR_PERIOD, NQPF_THR_Y, NQPF_THR_X, NQPF_THR_RX, NQPF_THR_Q, NQPF_THR_N,
    NQPF_THR_TRIM, NQPF_THR_GRID, NQPF_THR_BOOTSTRAP, NQPF_THR_SEED, NQPF_THR_LEVEL, NQPF_THR_VCE,
    NQPF_THR_ENCODING, NQPF_THR_STATS, NQPF_THR_LR, NQPF_THR_OUT, NQPF_THR_FORCE, NQPF_THR_BOM, NQPF_THR_NOPTS
};
extern const nqpf_optdef NQPF_THRESHOLD_OPTS[NQPF_THR_NOPTS];

/* The request of parsed values v (indexed by nqpf_thr_opt); checks what
 * one option alone cannot (--encoding known, --grid all or N >= 2,
 * --bootstrap not 1). */
int nqpf_thr_request_from(const nqpf_optval *v, nqpf_thr_request *rq, nqpf_error *err);

/* nqpf reg */
enum nqpf_reg_opt {
    NQPF_RGO_DATA, NQPF_RGO_Y, NQPF_RGO_X, NQPF_RGO_UNIT, NQPF_RGO_PERIOD, NQPF_RGO_ABSORB, NQPF_RGO_VCE,
    NQPF_RGO_CLUSTER, NQPF_RGO_IV, NQPF_RGO_BY, NQPF_RGO_WEIGHTS, NQPF_RGO_DOF, NQPF_RGO_CLUSTER_ADJ,
    NQPF_RGO_CENTER, NQPF_RGO_AT, NQPF_RGO_WINSOR, NQPF_RGO_WINSOR_BY, NQPF_RGO_UTEST, NQPF_RGO_BDIFF,
    NQPF_RGO_MEDIATOR, NQPF_RGO_BOOT, NQPF_RGO_SEED, NQPF_RGO_LEVEL, NQPF_RGO_BOOT_REPS, NQPF_RGO_KEEP_SINGLETONS,
    NQPF_RGO_TOL, NQPF_RGO_ENCODING, NQPF_RGO_STATS, NQPF_RGO_TABLE, NQPF_RGO_DIGITS, NQPF_RGO_OUT,
    NQPF_RGO_FORCE, NQPF_RGO_BOM, NQPF_RGO_NOPTS
};
extern const nqpf_optdef NQPF_REG_OPTS[NQPF_RGO_NOPTS];

/* The request of parsed values v (indexed by nqpf_reg_opt); checks
 * --encoding and --boot not 1.  The column-list options (--x, --absorb,
 * --cluster, --iv, --at, --winsor) are passed as text: nqpf_reg_run parses
 * them with their own messages. */
int nqpf_reg_request_from(const nqpf_optval *v, nqpf_reg_request *rq, nqpf_error *err);

#endif
