#!/bin/sh
# Build the libFuzzer targets with clang (+ASan/UBSan) and run each.
#   sh fuzz/run.sh [RUNS]          fixed seed, RUNS inputs per target (default
#                                  20000): reproducible, so CI uses this
#   FUZZ_SECONDS=600 sh fuzz/run.sh   random seed for that long: exploration
# A crash prints the input; add it to fuzz/seeds/TARGET/ once fixed.
set -eu
RUNS=${1:-20000}
B=build-fuzz
mkdir -p $B
FLAGS="-g -O1 -std=c11 -Iinclude -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
LIBSRC=$(ls src/core/*.c src/io/*.c src/index/missing.c src/index/system.c)
if [ -n "${FUZZ_SECONDS:-}" ]; then
    LIMIT="-max_total_time=$FUZZ_SECONDS"
else
    LIMIT="-seed=1 -runs=$RUNS"
fi
for t in csv system panel; do
    T=$(echo $t | tr a-z A-Z)
    clang $FLAGS -DTARGET_$T -o $B/fuzz_$t fuzz/fuzz_parsers.c $LIBSRC -lreadstat -lminizip -lexpat -lm
    # a fresh corpus each time keeps the fixed-seed run reproducible
    rm -rf $B/corpus-$t
    mkdir -p $B/corpus-$t
    echo "fuzz: $t ($LIMIT)"
    ./$B/fuzz_$t $LIMIT -max_len=4096 -timeout=10 -print_final_stats=0 \
        $B/corpus-$t fuzz/seeds/$t >$B/fuzz_$t.log 2>&1 || { tail -40 $B/fuzz_$t.log; exit 1; }
    grep -E 'Done [0-9]+ runs' $B/fuzz_$t.log || true
done
echo "fuzz: all targets ran without a crash"
