#!/bin/sh
# Simar-Wilson bootstrap benchmark: nqpf dea --bootstrap B at n units
# (VRS, input orientation, generated Cobb-Douglas data of bench/dea/gen.py)
# with 3 inputs / 2 outputs and 2 inputs / 1 output, against a per-unit
# scipy HiGHS loop timed on one replication and scaled by B (no Debian
# package implements the Simar-Wilson bootstrap, so this is the loop a
# Python user would write).
#
#   sh bench/dea/boot.sh [N] [B]        (defaults 1000 2000)
# Each line: shape tool seconds [note]
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NQPF=${NQPF:-$ROOT/build/nqpf}
N=${1:-1000}
B=${2:-2000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
now() { $PY -c 'import time; print(time.time())'; }
$PY "$ROOT/bench/dea/gen.py" "$N" "$TMP/d.csv"
echo "shape tool seconds note"
for shape in "x1,x2,x3 y1,y2" "x1,x2 y1"; do
    set -- $shape
    t0=$(now)
    "$NQPF" dea --data "$TMP/d.csv" --unit unit --inputs "$1" --outputs "$2" --rts vrs \
        --bootstrap "$B" --seed 1 --out "$TMP/b.csv" --force
    t1=$(now)
    echo "$1/$2 nqpf $($PY -c "print('%.2f' % ($t1 - $t0))") n=$N,B=$B,threads=${OMP_NUM_THREADS:-all}"
    "$NQPF" dea --data "$TMP/d.csv" --unit unit --inputs "$1" --outputs "$2" --rts vrs \
        --bootstrap 2 --seed 1 --out "$TMP/b2.csv" --boot-reps "$TMP/r2.csv" --force
    set -- $("$PY" "$ROOT/bench/dea/scipy_boot_rep.py" "$TMP/d.csv" "$TMP/b2.csv" "$TMP/r2.csv" "$1" "$2")
    echo "$shape" | awk -v t="$1" -v d="$2" -v B="$B" '{printf "%s/%s scipy-HiGHS-loop %.0f one replication %.2fs x B, max diff %s\n", $1, $2, t * B, t, d}'
done
