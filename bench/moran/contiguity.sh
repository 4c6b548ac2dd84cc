#!/bin/sh
# Contiguity build time on synthetic k x k grids of squares (hashing on
# vertices: time should grow like V log V, i.e. ~4x per doubling of k).
#   sh bench/moran/contiguity.sh [K...]
NQPF=${NQPF:-build/nqpf}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for k in ${@:-50 100 200 400}; do
    /usr/bin/python3 - "$k" "$T/g.json" <<'PY'
import sys
k, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    f.write('{"type":"FeatureCollection","features":[')
    for r in range(k):
        for c in range(k):
            f.write('%s{"type":"Feature","properties":{"id":%d},"geometry":{"type":"Polygon","coordinates":'
                    '[[[%d,%d],[%d,%d],[%d,%d],[%d,%d],[%d,%d]]]}}' % ("," if r or c else "", r * k + c,
                    c, r, c + 1, r, c + 1, r + 1, c, r + 1, c, r))
    f.write("]}")
PY
    t0=$(date +%s.%N)
    "$NQPF" weights --geojson "$T/g.json" --id-field id --style B --force --out "$T/w.csv"
    t1=$(date +%s.%N)
    printf 'grid %4dx%-4d  %7d polygons  %8d links  %.3fs\n' "$k" "$k" $((k * k)) $(($(wc -l < "$T/w.csv") - 1)) \
        "$(echo "$t1 - $t0" | bc -l)"
done
