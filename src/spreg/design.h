/* nqpf spreg — internal: the demeaned design of one model. */
#ifndef NQPF_SPREG_DESIGN_H
#define NQPF_SPREG_DESIGN_H

#include "nqpf/spreg.h"

typedef struct spreg_design {
    size_t n, t, nt, k, p;
    int has_const, durbin;
    double *y;     /* demeaned y */
    double *wy;    /* demeaned (I_T kron W) y, the lag taken before demeaning */
    double *z;     /* p columns of nt: [1] X [W X], each demeaned */
    char **term;   /* p names */
} spreg_design;

int spreg_design_build(spreg_design *d, const nqpf_spreg_panel *pn, const nqpf_weights *w, nqpf_spreg_model model,
                       nqpf_spreg_fe fe, nqpf_error *err);
void spreg_design_free(spreg_design *d);
/* The error for a singular Z'Z at column col (or -2: out of memory). */
int spreg_design_singular(const spreg_design *d, long col, nqpf_error *err);

#endif
