#!/bin/sh
# The long-table input of gini, theil, kde ... (src/compare/long_input.c) on a
# generated panel of U units x T periods (default 100 x 10,000 = 1M rows) and
# 10 columns (unit, period, group, 7 log-normal numbers): peak resident size
# and CPU time of `nqpf theil` and `nqpf gini`, of theil from standard input
# (--data -) and of `nqpf growth` (from the file and from standard input)
# from /usr/bin/time -v, for one binary or two (a baseline first), and
# whether their outputs are identical.
#   sh bench/cmp_input/run.sh [U] [T] [BASELINE_NQPF]   (from the repository root, after make)
# Not run by the tests.
U=${1:-100}
P=${2:-10000}
BASE=$3
NQPF=${NQPF:-build/nqpf}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
/usr/bin/python3 - "$U" "$P" "$T/panel.csv" <<'PY'
import sys
import numpy as np
U, T, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(1)
u, t = np.tile(np.arange(U), T), np.repeat(np.arange(2000, 2000 + T), U)
with open(path, "w") as f:
    f.write("unit,period,grp," + ",".join("x%d" % i for i in range(7)) + "\n")
    np.savetxt(f, np.column_stack([u, t, u % 4] + [rng.lognormal(0, 1, U * T) for _ in range(7)]),
               fmt=["u%d", "%d", "g%d"] + ["%.10g"] * 7, delimiter=",")
PY
# measure LABEL BINARY STDIN ARGS...: one line of CPU and peak memory, the
# output in $T/LABEL.<binary>.csv (STDIN: a file to read as --data -, or "")
measure() {
    label=$1 bin=$2 in=$3
    shift 3
    out="$T/$label.$(echo "$bin" | tr / _).csv"
    if [ -n "$in" ]; then
        /usr/bin/time -v "$bin" "$@" --out "$out" <"$in" 2>"$T/time.txt" || { cat "$T/time.txt"; exit 1; }
    else
        /usr/bin/time -v "$bin" "$@" --out "$out" 2>"$T/time.txt" || { cat "$T/time.txt"; exit 1; }
    fi
    awk -F': ' -v c="$label" -v b="$bin" '/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
        END {printf "%-12s %-40s cpu %6.2f s  peak %7.1f MB\n", c, b, u + s, m / 1024}' "$T/time.txt"
}
ARGS="--unit unit --period period"
# theil-stdin: the same as theil from standard input (--data -); growth: its
# output, capital and a labour product (x3, x4, x1*x2) at a constant share
for label in theil gini theil-stdin growth growth-stdin; do
    for bin in $BASE "$NQPF"; do
        case $label in
        theil | gini) measure $label "$bin" "" $label --data "$T/panel.csv" $ARGS --value x3 --group grp ;;
        theil-stdin) measure $label "$bin" "$T/panel.csv" theil --data - $ARGS --value x3 --group grp ;;
        growth) measure $label "$bin" "" growth --data "$T/panel.csv" $ARGS --output x3 --capital x4 \
            --labour 'x1*x2' --share 0.6 ;;
        growth-stdin) measure $label "$bin" "$T/panel.csv" growth --data - $ARGS --output x3 --capital x4 \
            --labour 'x1*x2' --share 0.6 ;;
        esac
    done
    [ -n "$BASE" ] && { cmp -s "$T/$label.$(echo "$BASE" | tr / _).csv" "$T/$label.$(echo "$NQPF" | tr / _).csv" &&
        echo "$label outputs identical" || echo "$label outputs DIFFERENT"; }
done
