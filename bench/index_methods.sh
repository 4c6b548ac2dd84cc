#!/bin/sh
# Time the composite-index methods on a tall random matrix.
#   sh bench/index_methods.sh [ROWS [COLS]]      (default 5000000 30; needs ~2.5 GB)
# OMP_NUM_THREADS controls the threads; results are identical for any count.
set -e
make -s build/libnqpf.a
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -fopenmp -o build/bench_index_methods \
    bench/index_methods.c build/libnqpf.a -llapack -lblas -lm
./build/bench_index_methods "$@"
