#ifndef NQPF_VERSION_H
#define NQPF_VERSION_H
#define NQPF_VERSION "0.1.0"
#endif
