/* nqpf — Malmquist internals shared by malmquist.c (the LPs) and
 * malmquist_index.c (the index formulas). */
#ifndef NQPF_MALMQUIST_INTERNAL_H
#define NQPF_MALMQUIST_INTERNAL_H

#include "nqpf/malmquist.h"

/* Fill out->status/val/cum from the distances already in out. */
void nqpf_mq_indexes(const nqpf_mq_job *job, const size_t *rowof, nqpf_mq_out *out);
/* Fill out->cum from out->status/val (running products or sums per unit). */
void nqpf_mq_cumulate(const size_t *rowof, nqpf_mq_out *out);

/* Below this many reference units no frame is computed. */
#define MQ_FRAME_MIN 64

/* May the frame replace the full reference set for spec? */
int nqpf_mq_frame_allowed(const nqpf_dea_spec *sp);
/* Reduce ids[0..*n_io-1] in place (order kept) to the frame of the
 * technology they span under sp.  Returns NQPF_OK or an error code. */
int nqpf_mq_frame(const nqpf_dea_spec *sp, const double *x, const double *y, const double *b, size_t *ids,
                  size_t *n_io);

#endif
