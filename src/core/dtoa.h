/* Private: fast exact shortest round-trip formatting (see dtoa.c). */
#ifndef NQPF_CORE_DTOA_H
#define NQPF_CORE_DTOA_H

/* Writes at most 25 bytes + NUL into buf; returns the length, or -1 when x
 * is outside 1e-5 <= |x| < 1e15 (the caller then uses printf). */
int nqpf_dtoa_fast(double x, char *buf);

#endif
