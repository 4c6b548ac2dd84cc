#!/bin/sh
# DEA benchmark: nqpf dea vs a straightforward R lpSolve loop and a scipy
# HiGHS per-unit loop, for VRS input-oriented radial and VRS SBM with one
# undesirable output, on generated data (3 inputs, 2 outputs, 1 bad output).
#
#   sh bench/dea/run.sh [SIZES] [BASELINE_MAX]
#
# SIZES defaults to "1000 10000 100000"; the R and scipy loops only run for
# n <= BASELINE_MAX (default 10000; their time grows like n^2).  Each line:
#   n model tool seconds max_abs_diff_vs_nqpf
# Needs: /usr/bin/python3 (numpy, scipy, pandas), Rscript with r-cran-lpsolve.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NQPF=${NQPF:-$ROOT/build/nqpf}
SIZES=${1:-"1000 10000 100000"}
BMAX=${2:-10000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
diffmax() {
    $PY -c "import pandas as pd,sys; a=pd.read_csv(sys.argv[1]); b=pd.read_csv(sys.argv[2]); print('%.2e' % (a.efficiency-b.efficiency).abs().max())" "$1" "$2"
}
now() { $PY -c 'import time; print(time.time())'; }
echo "n model tool seconds max_abs_diff"
for n in $SIZES; do
    $PY "$ROOT/bench/dea/gen.py" "$n" "$TMP/d.csv"
    for model in vrs_in sbm_vrs_bad; do
        if [ $model = vrs_in ]; then
            args="--rts vrs"
        else
            args="--model sbm --rts vrs --undesirable b1"
        fi
        t0=$(now)
        "$NQPF" dea --data "$TMP/d.csv" --unit unit --inputs x1,x2,x3 --outputs y1,y2 $args --out "$TMP/n.csv" --force
        t1=$(now)
        echo "$n $model nqpf $($PY -c "print('%.3f' % ($t1 - $t0))") 0"
        if [ "$n" -le "$BMAX" ]; then
            s=$(Rscript "$ROOT/bench/dea/r_loop.R" "$TMP/d.csv" $model "$TMP/r.csv")
            echo "$n $model R-lpSolve-loop $s $(diffmax "$TMP/r.csv" "$TMP/n.csv")"
            s=$($PY "$ROOT/bench/dea/scipy_loop.py" "$TMP/d.csv" $model "$TMP/s.csv")
            echo "$n $model scipy-HiGHS-loop $s $(diffmax "$TMP/s.csv" "$TMP/n.csv")"
        fi
    done
done
