#!/bin/sh
# The long-table input of gini, theil, kde ... (src/cli/cmp_input.c) on a
# generated panel of U units x T periods (default 100 x 10,000 = 1M rows) and
# 10 columns (unit, period, group, 7 log-normal numbers): peak resident size
# and CPU time of `nqpf theil` and `nqpf gini` from /usr/bin/time -v, for one
# binary or two (a baseline first), and whether their outputs are identical.
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
for cmd in theil gini; do
    for bin in $BASE "$NQPF"; do
        /usr/bin/time -v "$bin" "$cmd" --data "$T/panel.csv" --unit unit --period period --value x3 --group grp \
            --out "$T/$cmd.$(echo "$bin" | tr / _).csv" 2>"$T/time.txt" || { cat "$T/time.txt"; exit 1; }
        awk -F': ' -v c="$cmd" -v b="$bin" '/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
            END {printf "%-6s %-40s cpu %6.2f s  peak %7.1f MB\n", c, b, u + s, m / 1024}' "$T/time.txt"
    done
    [ -n "$BASE" ] && { cmp -s "$T/$cmd.$(echo "$BASE" | tr / _).csv" "$T/$cmd.$(echo "$NQPF" | tr / _).csv" &&
        echo "$cmd outputs identical" || echo "$cmd outputs DIFFERENT"; }
done
