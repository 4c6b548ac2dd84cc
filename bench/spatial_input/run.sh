#!/bin/sh
# The spatial input (src/cli/spatial_cli.c spatial_data_read: moran, lisa,
# weights, markov, mobility) on N generated point units (default 1,000,000)
# with 8 columns and a 4-nearest-neighbour edge list (scipy cKDTree, 4N
# edges): peak resident size and CPU of `nqpf moran` from /usr/bin/time -v,
#   moran  the whole run (--stat moran --permutations 0)
#   read   the data and a tiny edge list: ends at the first unit the weights
#          lack, so it times the input alone
#   coords as read, with --coords x,y --link-islands (the coordinates come
#          in the same read, as text: only a unit's first row is parsed)
# for one binary or two (a baseline first), and whether the moran outputs
# are identical.  --knn is not used: building kNN weights of 1M points is
# the cost there, not the input.
#   sh bench/spatial_input/run.sh [N] [BASELINE_NQPF]   (from the repository root, after make)
# Not run by the tests.
N=${1:-1000000}
BASE=$2
NQPF=${NQPF:-build/nqpf}
TINY=tests/ref/cases/compare/moran_geary_columbus_spdep/edges_COLnb_contiguity.csv
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
/usr/bin/python3 - "$N" "$T" <<'PY'
import sys
import numpy as np
from scipy.spatial import cKDTree
n, d = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(17)
x, y = rng.uniform(0, 1000, n), rng.uniform(0, 1000, n)
ids = np.array(["u%07d" % i for i in range(n)])
with open(d + "/points.csv", "w") as f:
    f.write("unit,name,x,y,value,other1,other2,other3\n")
    for i in range(n):
        f.write("%s,name of unit %d,%.6f,%.6f,%.9f,%.4f,%.4f,text%d\n"
                % (ids[i], i, x[i], y[i], x[i] * 0.01 + rng.normal(), rng.random(), rng.random(), i))
_, nb = cKDTree(np.c_[x, y]).query(np.c_[x, y], k=5)
with open(d + "/edges.csv", "w") as f:
    f.write("from,to,weight\n")
    for i in range(n):
        f.write("".join("%s,%s,1\n" % (ids[i], ids[j]) for j in nb[i, 1:]))
PY
# measure LABEL BINARY ARGS...: one line of CPU and peak memory
measure() {
    label=$1 bin=$2
    shift 2
    /usr/bin/time -v "$bin" moran --data "$T/points.csv" --unit unit --value value --stat moran \
        --permutations 0 "$@" 2>"$T/time.txt" >/dev/null
    awk -F': ' -v c="$label" -v b="$bin" '/User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
        END {printf "%-6s %-40s cpu %6.2f s  peak %7.1f MB\n", c, b, u + s, m / 1024}' "$T/time.txt"
}
for bin in $BASE "$NQPF"; do
    out="$T/moran.$(echo "$bin" | tr / _).csv"
    measure moran "$bin" --weights "$T/edges.csv" --out "$out"
    measure read "$bin" --weights "$TINY" --out "$T/none.csv"
    measure coords "$bin" --weights "$TINY" --coords x,y --link-islands --out "$T/none.csv"
done
[ -n "$BASE" ] && { cmp -s "$T/moran.$(echo "$BASE" | tr / _).csv" "$T/moran.$(echo "$NQPF" | tr / _).csv" &&
    echo "moran outputs identical" || echo "moran outputs DIFFERENT"; }
exit 0
