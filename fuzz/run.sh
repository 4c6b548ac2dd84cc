#!/bin/sh
# Build the libFuzzer targets (fuzz/fuzz_*.c) with clang (+ASan/UBSan) and
# run each.
#   sh fuzz/run.sh [RUNS]             fixed seed, RUNS inputs per target
#                                     (default 20000): reproducible, for CI
#   FUZZ_SECONDS=600 sh fuzz/run.sh   random seed for that long per target
#   FUZZ_TARGETS="csv xlsx" ...       only these targets
# The library is compiled once with -DNQPF_FUZZ (small I/O buffers, so that
# short inputs reach the refill paths and each run stays cheap under ASan).
# Each target has seeds in fuzz/seeds/TARGET/ and, where the format has
# keywords, a dictionary fuzz/dict/TARGET.dict.  A crash prints the input;
# add it to fuzz/seeds/TARGET/ once fixed.
set -eu
RUNS=${1:-20000}
B=build-fuzz
mkdir -p $B/obj
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
# librsvg + cairo: the report's figure renderer (src/doc/figures.c), as in the Makefile
RSVG_PKGS="librsvg-2.0 cairo cairo-pdf cairo-png"
FLAGS="-g -O1 -std=c11 -Iinclude -D_POSIX_C_SOURCE=200809L -DNQPF_FUZZ $SAN $(pkg-config --cflags $RSVG_PKGS | sed 's/-I/-isystem /g')"
LIBS="-lreadstat -lminizip -lexpat -llapack -lblas -lm $(pkg-config --libs $RSVG_PKGS)"
if [ -n "${FUZZ_SECONDS:-}" ]; then
    LIMIT="-max_total_time=$FUZZ_SECONDS"
else
    LIMIT="-seed=1 -runs=$RUNS"
fi
# the library (everything but the command line), once
objs=""
for s in $(ls src/*/*.c | grep -v '^src/cli/'); do
    o=$B/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')
    if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ -n "$(find include src -name '*.h' -newer "$o" | head -1)" ]; then
        clang $FLAGS -fsanitize=fuzzer-no-link -c "$s" -o "$o"
    fi
    objs="$objs $o"
done
rm -f $B/libnqpf-fuzz.a
ar rcs $B/libnqpf-fuzz.a $objs
TARGETS=${FUZZ_TARGETS:-$(ls fuzz/fuzz_*.c | sed 's#fuzz/fuzz_##; s#\.c$##')}
for t in $TARGETS; do
    clang $FLAGS -fsanitize=fuzzer -o $B/fuzz_$t fuzz/fuzz_$t.c $B/libnqpf-fuzz.a $LIBS
    # a fresh corpus each time keeps the fixed-seed run reproducible
    rm -rf $B/corpus-$t
    mkdir -p $B/corpus-$t
    DICT=""
    [ -f fuzz/dict/$t.dict ] && DICT="-dict=fuzz/dict/$t.dict"
    # inputs may grow to twice the largest seed (a zipped workbook is larger
    # than a CSV), and at least 8 KiB
    MAXLEN=$(ls -l fuzz/seeds/$t | awk 'NR > 1 && 2 * $5 > m { m = 2 * $5 } END { print (m > 8192 ? m : 8192) }')
    echo "fuzz: $t ($LIMIT)"
    ./$B/fuzz_$t $LIMIT $DICT -max_len=$MAXLEN -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        $B/corpus-$t fuzz/seeds/$t >$B/fuzz_$t.log 2>&1 || { tail -40 $B/fuzz_$t.log; exit 1; }
    grep -E 'Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec' $B/fuzz_$t.log | tr '\n' ' '
    grep -E '^#[0-9]+.*cov:' $B/fuzz_$t.log | tail -1 | sed 's/^/  last: /'
done
echo "fuzz: all targets ran without a crash"
