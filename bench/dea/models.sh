#!/bin/sh
# EBM and meta-frontier DEA at scale (issue 16): wall-clock seconds of
# `nqpf dea` on bench/dea/gen.py data (3 inputs, 2 outputs, 1 bad output)
# with a 4-group column g = unit number mod 4, and a consistency check per
# line:
#   ebm_in_vrs      --model ebm --orient in --rts vrs; check: max |frame -
#                   --no-frame| efficiency (n <= NOFRAME_MAX, else -)
#   ebm_none_bad    --model ebm (non-oriented, crs) with the bad output;
#                   same check
#   meta_vrs_in     --meta g, radial VRS input; check: max |meta efficiency
#                   - plain nqpf dea on all rows| and max tgr (<= 1)
#
#   sh bench/dea/models.sh [SIZES] [NOFRAME_MAX]
# SIZES defaults to "10000 100000", NOFRAME_MAX to 10000.  Each line:
#   n job seconds check load_average_1min
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NQPF=${NQPF:-$ROOT/build/nqpf}
SIZES=${1:-"10000 100000"}
NFMAX=${2:-10000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
now() { $PY -c 'import time; print(time.time())'; }
load() { cut -d' ' -f1 /proc/loadavg; }
maxdiff() {
    $PY -c "import pandas as pd,sys; a=pd.read_csv(sys.argv[1]); b=pd.read_csv(sys.argv[2]); print('%.2e' % (a.efficiency-b.efficiency).abs().max())" "$1" "$2"
}
echo "n job seconds check load"
for n in $SIZES; do
    $PY "$ROOT/bench/dea/gen.py" "$n" "$TMP/g.csv"
    awk -F, 'NR == 1 {print $0 ",g"; next} {print $0 "," (NR - 2) % 4}' "$TMP/g.csv" > "$TMP/d.csv"
    base="--data $TMP/d.csv --unit unit --inputs x1,x2,x3 --outputs y1,y2 --force"
    for job in ebm_in_vrs ebm_none_bad; do
        if [ $job = ebm_in_vrs ]; then args="--model ebm --orient in --rts vrs"; else args="--model ebm --undesirable b1"; fi
        t0=$(now)
        "$NQPF" dea $base $args --out "$TMP/a.csv"
        t1=$(now)
        chk=-
        if [ "$n" -le "$NFMAX" ]; then
            "$NQPF" dea $base $args --no-frame --out "$TMP/b.csv"
            chk="no-frame:$(maxdiff "$TMP/a.csv" "$TMP/b.csv")"
        fi
        echo "$n $job $($PY -c "print('%.2f' % ($t1 - $t0))") $chk $(load)"
    done
    t0=$(now)
    "$NQPF" dea $base --rts vrs --meta g --out "$TMP/m.csv"
    t1=$(now)
    "$NQPF" dea $base --rts vrs --out "$TMP/p.csv"
    chk="plain:$(maxdiff "$TMP/m.csv" "$TMP/p.csv"),max_tgr:$($PY -c "import pandas as pd,sys; print('%.12g' % pd.read_csv(sys.argv[1]).tgr.max())" "$TMP/m.csv")"
    echo "$n meta_vrs_in $($PY -c "print('%.2f' % ($t1 - $t0))") $chk $(load)"
done
