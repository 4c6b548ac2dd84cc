#!/bin/sh
# Build the libFuzzer targets with clang (+ASan/UBSan) and run each briefly.
#   sh fuzz/run.sh [SECONDS]      (default 20 s per target; CI uses this)
set -eu
SECS=${1:-${FUZZ_SECONDS:-20}}
B=build-fuzz
mkdir -p $B
FLAGS="-g -O1 -std=c11 -Iinclude -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
LIBSRC=$(ls src/core/*.c src/io/*.c src/index/missing.c src/index/system.c)
for t in csv system panel; do
    T=$(echo $t | tr a-z A-Z)
    clang $FLAGS -DTARGET_$T -o $B/fuzz_$t fuzz/fuzz_parsers.c $LIBSRC -lm
    mkdir -p $B/corpus-$t
    echo "fuzz: $t for ${SECS}s"
    ./$B/fuzz_$t -max_total_time="$SECS" -max_len=4096 -timeout=10 -print_final_stats=0 \
        $B/corpus-$t fuzz/seeds/$t >$B/fuzz_$t.log 2>&1 || { tail -40 $B/fuzz_$t.log; exit 1; }
    grep -E 'Done [0-9]+ runs' $B/fuzz_$t.log || true
done
echo "fuzz: all targets ran without a crash"
