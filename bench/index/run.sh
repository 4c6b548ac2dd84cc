#!/bin/sh
# Benchmark: the whole `nqpf index` run (parse + min-max + panel entropy +
# TOPSIS + ranks + scores.csv) on a generated panel of UNITS x PERIODS rows
# and K indicators, side by side with the same computation in pandas + numpy
# (pandas_index.py), DuckDB (duckdb_index.mjs) and Polars (polars_index.mjs),
# on the same file; then checks that all give the same scores and ranks.
#
#   sh bench/index/run.sh [UNITS PERIODS K]     default 100000 50 30 (5,000,000 rows)
#
# Needs GNU time (/usr/bin/time, Debian package `time`) for peak memory, and
# node + npm for DuckDB and Polars: their npm packages (@duckdb/node-api,
# nodejs-polars) are installed into $BENCH_NPM (default /tmp/nqpf-bench-npm),
# never into the repository; without npm those two are skipped.  Each line
# gives wall, user and system CPU, and peak RSS.  The machine's load is
# printed first: on a shared machine wall times mean little, CPU times more.
# BENCH_PEERS=0 runs nqpf alone (for A/B runs of nqpf builds: the peers take
# minutes); BENCH_NQPF=path times another nqpf binary (default build/nqpf).
set -eu
U=${1:-100000} T=${2:-50} K=${3:-30}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=${BENCH_DIR:-/tmp/nqpf-bench-index}
mkdir -p "$W"
PEERS=${BENCH_PEERS:-1}
NQPF=${BENCH_NQPF:-$ROOT/build/nqpf}
[ -n "${BENCH_NQPF:-}" ] || make -C "$ROOT" -s build/nqpf
cc -O2 -o "$W/gen_panel" "$ROOT/bench/index/gen_panel.c"
[ -f "$W/panel-$U-$T-$K.csv" ] || "$W/gen_panel" "$U" "$T" "$K" "$W/panel-$U-$T-$K.csv" "$W/system-$K.csv"
P="$W/panel-$U-$T-$K.csv"
S="$W/system-$K.csv"
cat "$P" >/dev/null # warm the page cache for both runs
echo "panel: $(($U * $T)) rows x $K indicators, $(du -h "$P" | cut -f1) of CSV; data as doubles: $(($U * $T * $K * 8 / 1048576)) MiB"
NPM=${BENCH_NPM:-/tmp/nqpf-bench-npm}
JS=0
if [ "$PEERS" != 0 ] && command -v node >/dev/null && command -v npm >/dev/null; then
    mkdir -p "$NPM"
    cp "$ROOT/bench/index/duckdb_index.mjs" "$ROOT/bench/index/polars_index.mjs" "$NPM/"
    if [ -d "$NPM/node_modules/@duckdb/node-api" ] && [ -d "$NPM/node_modules/nodejs-polars" ] ||
        (cd "$NPM" && npm install --no-audit --no-fund --silent @duckdb/node-api nodejs-polars >/dev/null 2>&1 &&
         v=$(node -p "require('nodejs-polars/package.json').version") &&
         npm install --no-audit --no-fund --silent "nodejs-polars-linux-x64-gnu@$v" >/dev/null 2>&1); then
        JS=1
    else
        echo "npm could not install @duckdb/node-api and nodejs-polars: DuckDB and Polars are skipped"
    fi
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
F="%e s wall, %U s user, %S s sys, peak RSS %M KiB"
rm -rf "$W/out" "$W"/*_scores.csv
/usr/bin/time -f "nqpf:   $F" \
    "$NQPF" index --data "$P" --system "$S" --unit unit --period year --weights entropy \
    --aggregate topsis --no-normalized --quiet --timing --out "$W/out"
[ "$PEERS" = 0 ] && exit 0
/usr/bin/time -f "pandas: $F" \
    /usr/bin/python3 "$ROOT/bench/index/pandas_index.py" "$P" "$S" "$W/pandas_scores.csv"
if [ $JS = 1 ]; then
    (cd "$NPM" && /usr/bin/time -f "duckdb: $F" node duckdb_index.mjs "$P" "$S" "$W/duckdb_scores.csv")
    (cd "$NPM" && /usr/bin/time -f "polars: $F" node polars_index.mjs "$P" "$S" "$W/polars_scores.csv")
fi
/usr/bin/python3 - "$W/out/scores.csv" "$W"/*_scores.csv <<'PY'
import sys
import numpy as np
import pandas as pd
key = ["unit", "period"]
a = pd.read_csv(sys.argv[1], usecols=key + ["score", "rank"]).set_index(key).sort_index()
for path in sys.argv[2:]:
    b = pd.read_csv(path).set_index(key).sort_index()
    assert a.index.equals(b.index), path
    d = np.max(np.abs(a["score"].to_numpy() - b["score"].to_numpy()) / np.abs(b["score"].to_numpy()))
    same = bool((a["rank"].to_numpy() == b["rank"].to_numpy()).all())
    print(f"{path.rsplit('/', 1)[-1]}: scores agree with nqpf to {d:.2e} relative; ranks identical: {same}")
PY
