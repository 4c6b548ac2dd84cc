/* Private: fast exact number formatting (dtoa.c) and parsing (decimal.c). */
#ifndef NQPF_CORE_DTOA_H
#define NQPF_CORE_DTOA_H

/* Writes at most 25 bytes + NUL into buf; returns the length, or -1 when x
 * is outside 1e-5 <= |x| < 1e15 (the caller then uses printf). */
int nqpf_dtoa_fast(double x, char *buf);

/* Parse the decimal number at p (sign, digits, point, digits, exponent;
 * no blanks) when it converts exactly by Clinger's fast path (significand
 * of at most 2^53, power of ten within ±22): *out gets strtod's correctly
 * rounded value and the end of the number is returned.  NULL when the text
 * does not start with a number of that form (strtod must decide). */
const char *nqpf_decimal_scan(const char *p, const char *end, double *out);

/* The commonest cell (up to seven digits, perhaps a point, no sign, then
 * ',', in the 8 bytes at p, which lie before le) on its own short path:
 * its end (the comma), or NULL for anything else (nqpf_decimal_scan then
 * decides). */
const char *nqpf_decimal_cell(const char *p, const char *le, double *out);

#endif
