#!/bin/sh
# nqpf reg benchmark: two-way FE (firm, year), 10 regressors, firm-clustered
# errors on a generated F x T panel (bench/reg/gen.py), against R's
# estimatr::lm_robust(fixed_effects=) and plm (within + vcovHC), which read
# the same CSV.  nqpf's time includes reading the CSV; R's fit times exclude
# read.csv (printed on its own line).
#
#   sh bench/reg/run.sh [F] [T]      (defaults 5000 15: 75,000 rows)
# Each line: tool seconds [note].  BOOT (default 1000) sets the replications
# of the mediation bootstrap line (x1 treatment, x10 mediator, firm-clustered
# cluster bootstrap); BOOT=0 skips it.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NQPF=${NQPF:-$ROOT/build/nqpf}
F=${1:-5000}
T=${2:-15}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
now() { $PY -c 'import time; print(time.time())'; }
$PY "$ROOT/bench/reg/gen.py" "$F" "$T" "$TMP/d.csv"
X=x1,x2,x3,x4,x5,x6,x7,x8,x9,x10
echo "tool seconds note (rows $((F * T)), threads ${OMP_NUM_THREADS:-all})"
t0=$(now)
"$NQPF" reg --data "$TMP/d.csv" --y y --x $X --absorb firm,year --cluster firm --dof all --out "$TMP/o.csv"
t1=$(now)
echo "nqpf-reg $($PY -c "print('%.2f' % ($t1 - $t0))") x1=$(grep '^ols,x1,' "$TMP/o.csv" | cut -d, -f3,4)"
t0=$(now)
"$NQPF" reg --data "$TMP/d.csv" --y y --x $X --absorb firm,year,industry#year --cluster firm --out "$TMP/o3.csv"
t1=$(now)
echo "nqpf-reg-3fe $($PY -c "print('%.2f' % ($t1 - $t0))") firm,year,industry#year"
BOOT=${BOOT:-1000}
if [ "$BOOT" -gt 0 ]; then
  t0=$(now)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%U %S" -o "$TMP/cpu" "$NQPF" reg --data "$TMP/d.csv" --y y --x x1,x2,x3,x4,x5,x6,x7,x8,x9 \
      --mediator x10 --absorb firm,year --cluster firm --boot "$BOOT" --seed 1 --out "$TMP/m.csv"
    cpu=$(awk '{printf "%.2f", $1 + $2}' "$TMP/cpu")
  else
    "$NQPF" reg --data "$TMP/d.csv" --y y --x x1,x2,x3,x4,x5,x6,x7,x8,x9 \
      --mediator x10 --absorb firm,year --cluster firm --boot "$BOOT" --seed 1 --out "$TMP/m.csv"
    cpu=NA
  fi
  t1=$(now)
  echo "nqpf-mediate-boot $($PY -c "print('%.2f' % ($t1 - $t0))") B=$BOOT cpu=${cpu}s (reading, three fits, B replications)"
fi
Rscript "$ROOT/bench/reg/peers.R" "$TMP/d.csv"
