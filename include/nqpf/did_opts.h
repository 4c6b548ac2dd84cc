/* nqpf — the option table of nqpf did (difference-in-differences): one
 * declaration for the command line (src/cli/cmd_did.c) and the report's
 * [did] section (src/report/did.c), turned into the library's request
 * (nqpf_did_request) here.  The enum indexes it. */
#ifndef NQPF_DID_OPTS_H
#define NQPF_DID_OPTS_H

#include "nqpf/did.h"
#include "nqpf/opt.h"

enum nqpf_did_opt {
    NQPF_DID_DATA, NQPF_DID_UNIT, NQPF_DID_PERIOD, NQPF_DID_Y, NQPF_DID_TREAT, NQPF_DID_FIRST_TREATED, NQPF_DID_X,
    NQPF_DID_ABSORB, NQPF_DID_CLUSTER, NQPF_DID_DOF, NQPF_DID_EVENT_WINDOW, NQPF_DID_REF, NQPF_DID_PLACEBO,
    NQPF_DID_SEED, NQPF_DID_ESTIMATOR, NQPF_DID_CONTROL, NQPF_DID_BOOT, NQPF_DID_LEVEL, NQPF_DID_ENCODING,
    NQPF_DID_STATS, NQPF_DID_EVENT, NQPF_DID_DRAWS, NQPF_DID_OUT, NQPF_DID_FORCE, NQPF_DID_BOM, NQPF_DID_NOPTS
};
extern const nqpf_optdef NQPF_DID_OPTS[NQPF_DID_NOPTS];

/* The request of parsed values v (indexed by nqpf_did_opt); checks what one
 * option alone cannot (--encoding known, --boot not 1).  The rest (one of
 * --treat and --first-treated, --event-window's form, ...) is checked by
 * nqpf_did_run with its own messages. */
int nqpf_did_request_from(const nqpf_optval *v, nqpf_did_request *rq, nqpf_error *err);

#endif
