#!/bin/sh
# nqpf reg benchmark: two-way FE (firm, year), 10 regressors, firm-clustered
# errors on a generated F x T panel (bench/reg/gen.py), against R's
# estimatr::lm_robust(fixed_effects=) and plm (within + vcovHC), which read
# the same CSV.  nqpf's figures are whole runs (reading the CSV, fitting,
# writing); R's fit lines exclude read.csv, which has its own line, and the
# R-process line is the whole Rscript run (loading the packages too).
#
#   sh bench/reg/run.sh [F] [T]      (defaults 5000 15: 75,000 rows)
#   sh bench/reg/run.sh --big        (goal (b): 666,667 x 15 = 10,000,005 rows,
#                                     firm, year, industry#year absorbed; about
#                                     1.6 GB of CSV in $TMPDIR, deleted after)
# Each line: tool wall=s user=s sys=s [maxrss=MB] [note]; the machine's load
# average is printed first and last (the machine is shared: wall times are
# inflated by other jobs, user CPU much less).  BOOT (default 1000) sets the
# replications of the mediation bootstrap line (x1 treatment, x10 mediator,
# firm-clustered cluster bootstrap); BOOT=0 skips it.  R=0 skips the R peers.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NQPF=${NQPF:-$ROOT/build/nqpf}
BIG=0
if [ "${1:-}" = "--big" ]; then
  BIG=1
  shift
fi
if [ "$BIG" = 1 ]; then F=666667 T=15; else F=${1:-5000} T=${2:-15}; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# --big writes 1.6 GB of CSV: refuse rather than fill the disk
if [ "$BIG" = 1 ] && [ "$(df -Pk "$TMP" | awk 'NR == 2 {print $4}')" -lt 4000000 ]; then
  echo "bench/reg/run.sh --big: less than 4 GB free in $TMP" >&2
  exit 1
fi
PY=/usr/bin/python3
X=x1,x2,x3,x4,x5,x6,x7,x8,x9,x10
# measure NAME NOTE CMD...: one line of wall, user and system seconds and
# the peak resident size of CMD (GNU time; the wall time from date's
# nanoseconds, since GNU time's %e has only two decimals)
measure() {
  name=$1 note=$2
  shift 2
  t0=$(date +%s%N)
  /usr/bin/time -f "%U %S %M" -o "$TMP/time" "$@"
  t1=$(date +%s%N)
  awk -v n="$name" -v note="$note" -v w="$(((t1 - t0) / 1000000))" \
    '{printf "%s wall=%.3f user=%.2f sys=%.2f maxrss=%.0fMB %s\n", n, w / 1000, $1, $2, $3 / 1024, note}' "$TMP/time"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
$PY "$ROOT/bench/reg/gen.py" "$F" "$T" "$TMP/d.csv"
echo "tool wall user sys maxrss note (rows $((F * T)), $(wc -c <"$TMP/d.csv") bytes of CSV, threads ${OMP_NUM_THREADS:-all})"
if [ "$BIG" = 1 ]; then
  measure nqpf-reg-3fe "firm,year,industry#year; goal: wall < 30 s, maxrss <= $((14 * F * T * 8 * 3 / 2 / 1048576)) MB (1.5 x 14 columns of doubles)" \
    "$NQPF" reg --data "$TMP/d.csv" --y y --x $X --absorb firm,year,industry#year --cluster firm --out "$TMP/o3.csv"
  echo "x1: $(grep '^ols,x1,' "$TMP/o3.csv" | cut -d, -f3,4)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
# the 75k run takes well under 0.1 s, so one run's wall is mostly noise
# (the first run after writing the file also pays for cold caches): five
# runs, each printed, then their median, which is the figure to quote
for i in 1 2 3 4 5; do
  rm -f "$TMP/o.csv"
  measure nqpf-reg "firm,year (run $i of 5)" "$NQPF" reg --data "$TMP/d.csv" --y y --x $X --absorb firm,year \
    --cluster firm --dof all --out "$TMP/o.csv"
done | tee "$TMP/runs"
sort -t= -k2 -n "$TMP/runs" | sed -n 3p | sed 's/^nqpf-reg /nqpf-reg-median /; s/ (run [0-9] of 5)/ (median of the 5 runs)/'
echo "nqpf x1=$(grep '^ols,x1,' "$TMP/o.csv" | cut -d, -f3,4)"
measure nqpf-reg-3fe "firm,year,industry#year" "$NQPF" reg --data "$TMP/d.csv" --y y --x $X \
  --absorb firm,year,industry#year --cluster firm --out "$TMP/o3.csv"
BOOT=${BOOT:-1000}
if [ "$BOOT" -gt 0 ]; then
  measure nqpf-mediate-boot "B=$BOOT (reading, three fits, B replications)" "$NQPF" reg --data "$TMP/d.csv" \
    --y y --x x1,x2,x3,x4,x5,x6,x7,x8,x9 --mediator x10 --absorb firm,year --cluster firm --boot "$BOOT" --seed 1 \
    --out "$TMP/m.csv"
fi
if [ "${R:-1}" != 0 ]; then
  measure R-process "the whole Rscript run: packages, read.csv, both fits" Rscript "$ROOT/bench/reg/peers.R" "$TMP/d.csv"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
