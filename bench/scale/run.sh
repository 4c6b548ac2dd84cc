#!/bin/sh
# Strong scaling of the MPI build on this machine: DEA (VRS input radial,
# 3 inputs, 2 outputs, generated data of bench/dea/gen.py) at n = 200,000 and
# the Simar-Wilson bootstrap at n = 5,000 with B = 2,000, for MPI ranks
# np = 1, 2 and OpenMP threads 1, 2 per rank.  Every run's output must be
# byte-identical to the first one's (checked here).
#
#   sh bench/scale/run.sh [N_DEA] [N_BOOT] [B]     (defaults 200000 5000 2000)
# Needs build-mpi/nqpf (make mpi) and mpirun.  Each line:
#   job np threads seconds speedup efficiency identical
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MPI_NQPF=${MPI_NQPF:-$ROOT/build-mpi/nqpf}
N_DEA=${1:-200000}
N_BOOT=${2:-5000}
B=${3:-2000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
now() { $PY -c 'import time; print(time.time())'; }
$PY "$ROOT/bench/dea/gen.py" "$N_DEA" "$TMP/dea.csv"
$PY "$ROOT/bench/dea/gen.py" "$N_BOOT" "$TMP/boot.csv"
echo "job np threads seconds speedup efficiency identical"
for job in dea boot; do
    if [ $job = dea ]; then
        args="dea --data $TMP/dea.csv --unit unit --inputs x1,x2,x3 --outputs y1,y2 --rts vrs"
    else
        args="dea --data $TMP/boot.csv --unit unit --inputs x1,x2,x3 --outputs y1,y2 --rts vrs --bootstrap $B --seed 1"
    fi
    t1=""
    for cfg in "1 1" "1 2" "2 1" "2 2"; do
        set -- $cfg
        t0=$(now)
        mpirun --allow-run-as-root --oversubscribe --bind-to none -np "$1" -x OMP_NUM_THREADS="$2" "$MPI_NQPF" $args \
            --out "$TMP/$job-$1-$2.csv" --force
        t=$($PY -c "import time; print('%.2f' % (time.time() - $t0))")
        [ -z "$t1" ] && t1=$t
        same=yes
        cmp -s "$TMP/$job-1-1.csv" "$TMP/$job-$1-$2.csv" || same=NO
        $PY -c "t1, t, p = $t1, $t, $1 * $2; print('$job $1 $2 %.2f %.2f %.0f%% $same' % (t, t1 / t, 100 * t1 / t / p))"
    done
done
