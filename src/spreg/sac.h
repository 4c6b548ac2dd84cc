/* nqpf spreg — internal: the SAC estimator (called by nqpf_spreg_fit_model). */
#ifndef NQPF_SPREG_SAC_H
#define NQPF_SPREG_SAC_H

#include "design.h"

/* f has beta (p) and cov ((p+3)^2) allocated; fills beta, rho, lambda,
 * sigma2, loglik, pseudo_r2, cov. */
int spreg_fit_sac(nqpf_spreg_fit *f, const spreg_design *d, const nqpf_weights *w, const nqpf_spreg_eig *eig,
                  nqpf_spreg_fe fe, double n_eff, double m, double c, nqpf_error *err);

#endif
