/* nqpf spreg — internal: one-dimensional minimisation. */
#ifndef NQPF_SPREG_BRENT_H
#define NQPF_SPREG_BRENT_H

/* Minimise f on [a, b] to within tol (plus sqrt(eps)|x|); returns x. */
double spreg_brent_min(double a, double b, double (*f)(double, void *), void *ctx, double tol);

#endif
