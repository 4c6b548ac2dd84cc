/* nqpf — the option table of nqpf did (difference-in-differences): one
 * declaration, read by the report's [did] section (src/report/did.c) and
 * meant for the command line (src/cli/cmd_did.c) through include/nqpf/opt.h,
 * with the names, defaults and help of the command's options; turned into
 * the library's request (nqpf_did_request) here.  The enum indexes it. */
#ifndef NQPF_DID_OPTS_H
#define NQPF_DID_OPTS_H

#include "nqpf/did.h"
#include "nqpf/opt.h"

enum nqpf_did_opt {
    NQPF_DIDO_DATA, NQPF_DIDO_UNIT, NQPF_DIDO_PERIOD, NQPF_DIDO_Y, NQPF_DIDO_TREAT, NQPF_DIDO_FIRST_TREATED,
    NQPF_DIDO_X, NQPF_DIDO_ABSORB, NQPF_DIDO_CLUSTER, NQPF_DIDO_DOF, NQPF_DIDO_EVENT_WINDOW, NQPF_DIDO_REF,
    NQPF_DIDO_PLACEBO, NQPF_DIDO_SEED, NQPF_DIDO_ESTIMATOR, NQPF_DIDO_CONTROL, NQPF_DIDO_BOOT, NQPF_DIDO_LEVEL,
    NQPF_DIDO_ENCODING, NQPF_DIDO_STATS, NQPF_DIDO_EVENT, NQPF_DIDO_DRAWS, NQPF_DIDO_OUT, NQPF_DIDO_FORCE,
    NQPF_DIDO_NOPTS
};
extern const nqpf_optdef NQPF_DID_OPTS[NQPF_DIDO_NOPTS];

/* The request of parsed values v (indexed by nqpf_did_opt); checks what one
 * option alone cannot (--encoding known, --boot not 1).  The rest (one of
 * --treat and --first-treated, --event-window's form, ...) is checked by
 * nqpf_did_run with its own messages. */
int nqpf_did_request_from(const nqpf_optval *v, nqpf_did_request *rq, nqpf_error *err);

#endif
