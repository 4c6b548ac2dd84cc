/* Coupling degree, coordination index and coupling-coordination degree. */
#include <math.h>
#include <string.h>

#include "nqpf/diagnose.h"

int nqpf_coupling_parse(const char *s, nqpf_coupling_kind *out)
{
    if (strcmp(s, "standard") == 0)
        *out = NQPF_COUPLING_STANDARD;
    else if (strcmp(s, "nofactor") == 0)
        *out = NQPF_COUPLING_NOFACTOR;
    else
        return -1;
    return 0;
}

const char *nqpf_coupling_name(nqpf_coupling_kind k)
{
    return k == NQPF_COUPLING_NOFACTOR ? "nofactor" : "standard";
}

int nqpf_coupling(const double *U, size_t n, const double *alpha, nqpf_coupling_kind kind, double *C,
                  double *T, double *D, nqpf_error *err)
{
    if (n < 2)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "coupling needs at least 2 subsystems");
    double sum = 0.0, logprod = 0.0, t = 0.0;
    int zero = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(U[i] >= 0.0) || !(U[i] <= 1.0))
            return nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "subsystem index %zu is %g, outside [0,1]", i + 1, U[i]);
        sum += U[i];
        t += alpha[i] * U[i];
        if (U[i] == 0.0)
            zero = 1;
        else
            logprod += log(U[i]);
    }
    double c;
    if (zero) {
        c = 0.0; /* a subsystem at 0: prod U = 0 */
    } else {
        /* n (prod U)^(1/n) / sum U, via logs to avoid underflow for many systems */
        c = (double)n * exp(logprod / (double)n) / sum;
        if (c > 1.0)
            c = 1.0; /* AM-GM: rounding only */
    }
    if (kind == NQPF_COUPLING_NOFACTOR)
        c /= (double)n;
    *C = c;
    *T = t;
    *D = sqrt(c * t);
    return NQPF_OK;
}

int nqpf_coupling_class(double D)
{
    if (!(D >= 0.0) || !(D <= 1.0))
        return 0;
    int c = (int)floor(D * 10.0) + 1; /* [0,0.1) -> 1, ..., [0.9,1] -> 10 */
    /* floor(D*10) can misplace a boundary by rounding (0.3*10 = 3.0000000000000004
     * is fine, but 0.7*10 = 7 exactly); compare against the decimal bounds. */
    if (c > 1 && D < (double)(c - 1) / 10.0)
        c--;
    if (c < 11 && D >= (double)c / 10.0)
        c++;
    return c > 10 ? 10 : c;
}

static const char *ZH[] = {"", "极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调",
                           "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"};
static const char *EN[] = {"", "extreme imbalance", "serious imbalance", "moderate imbalance",
                           "mild imbalance", "on the verge of imbalance", "barely coordinated",
                           "primary coordination", "intermediate coordination", "good coordination",
                           "high-quality coordination"};

const char *nqpf_coupling_class_zh(int cls)
{
    return cls >= 1 && cls <= 10 ? ZH[cls] : "";
}

const char *nqpf_coupling_class_en(int cls)
{
    return cls >= 1 && cls <= 10 ? EN[cls] : "";
}
