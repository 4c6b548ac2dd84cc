#!/bin/sh
# Benchmark: the whole `nqpf index` run (parse + min-max + panel entropy +
# TOPSIS + ranks + scores.csv) on a generated panel of UNITS x PERIODS rows
# and K indicators, side by side with pandas.read_csv + the same numpy
# computation (bench/index/pandas_index.py), on the same file.
#
#   sh bench/index/run.sh [UNITS PERIODS K]     default 100000 50 30 (5,000,000 rows)
#
# Needs GNU time (/usr/bin/time, Debian package `time`) for peak memory.
set -eu
U=${1:-100000} T=${2:-50} K=${3:-30}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=${BENCH_DIR:-/tmp/nqpf-bench-index}
mkdir -p "$W"
make -C "$ROOT" -s build/nqpf
cc -O2 -o "$W/gen_panel" "$ROOT/bench/index/gen_panel.c"
[ -f "$W/panel-$U-$T-$K.csv" ] || "$W/gen_panel" "$U" "$T" "$K" "$W/panel-$U-$T-$K.csv" "$W/system-$K.csv"
P="$W/panel-$U-$T-$K.csv"
S="$W/system-$K.csv"
cat "$P" >/dev/null # warm the page cache for both runs
echo "panel: $(($U * $T)) rows x $K indicators, $(du -h "$P" | cut -f1) of CSV; data as doubles: $(($U * $T * $K * 8 / 1048576)) MiB"
rm -rf "$W/out"
/usr/bin/time -f "nqpf:   %e s wall, %U s user, peak RSS %M KiB" \
    "$ROOT/build/nqpf" index --data "$P" --system "$S" --unit unit --period year --weights entropy \
    --aggregate topsis --no-normalized --quiet --out "$W/out"
/usr/bin/time -f "pandas: %e s wall, %U s user, peak RSS %M KiB" \
    /usr/bin/python3 "$ROOT/bench/index/pandas_index.py" "$P" "$S" "$W/pandas_scores.csv"
/usr/bin/python3 - "$W/out/scores.csv" "$W/pandas_scores.csv" <<'PY'
import sys
import numpy as np
import pandas as pd
a = pd.read_csv(sys.argv[1]); b = pd.read_csv(sys.argv[2])
d = np.max(np.abs(a["score"].to_numpy() - b["score"].to_numpy()) / np.abs(b["score"].to_numpy()))
print(f"scores agree to {d:.2e} relative; ranks identical: {bool((a['rank'].to_numpy() == b['rank'].to_numpy()).all())}")
PY
