#!/bin/sh
# Benchmark nqpf malmquist on generated Cobb-Douglas panels (3 inputs,
# 2 outputs, 1 bad output; 4 regions of different productivity for the
# --meta runs): wall-clock seconds incl. CSV I/O.
#   sh bench/malmquist/run.sh [NQPF] [UNITS] [PERIODS]
NQPF=${1:-build/nqpf}
U=${2:-1000}
T=${3:-5}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
/usr/bin/python3 - "$D/panel.csv" "$U" "$T" <<'PY'
import random, sys
path, U, T = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(1)
with open(path, "w") as f:
    f.write("unit,year,region,k,l,e,gdp,tech,co2\n")
    for t in range(T):
        for u in range(U):
            k, l, e = (rng.uniform(1, 100) for _ in range(3))
            g = (k * l * e) ** 0.3 * rng.uniform(0.5, 1.0) * (1 + 0.03 * t) * (1 + 0.1 * (u % 4))
            f.write("r%d,%d,g%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n" % (u, 2000 + t, u % 4, k, l, e, g,
                    g * rng.uniform(0.1, 0.5), g * rng.uniform(0.2, 0.6)))
PY
B="malmquist --data $D/panel.csv --unit unit --period year --inputs k,l,e --outputs gdp,tech --force"
for args in "--rts vrs" "--rts vrs --frontier global" "--undesirable co2 --index ml" \
            "--undesirable co2 --index ml --frontier global" \
            "--undesirable co2 --index luenberger --model sbm --frontier global" \
            "--rts vrs --meta region" "--undesirable co2 --index ml --frontier global --meta region"; do
    for th in 1 2; do
        s=$(date +%s.%N)
        OMP_NUM_THREADS=$th $NQPF $B $args --out $D/o.csv || exit 1
        e=$(date +%s.%N)
        printf '%s units x %s periods, %s threads, %-70s %.2f s\n' "$U" "$T" "$th" "$args" "$(echo "$e - $s" | bc)"
    done
done
