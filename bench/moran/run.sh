#!/bin/sh
# Moran's I with 9,999 permutations, n = 3,000 points, k = 6 nearest
# neighbours (row-standardised): nqpf vs R spdep moran.mc vs plain numpy.
#   sh bench/moran/run.sh [N] [K] [PERMS]      (from the repository root, after make)
# Prints each tool's wall time and the ratios.  Not run by the tests.
N=${1:-3000}
K=${2:-6}
P=${3:-9999}
NQPF=${NQPF:-build/nqpf}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
/usr/bin/python3 bench/moran/gen.py "$N" "$T/pts.csv"
now() { date +%s.%N; }

t0=$(now)
"$NQPF" moran --data "$T/pts.csv" --unit id --value v --coords x,y --knn "$K" --stat moran \
    --permutations "$P" --seed 1 --out "$T/nqpf.csv"
t1=$(now)
nq=$(echo "$t1 - $t0" | bc -l)
t0=$(now)
OMP_NUM_THREADS=1 "$NQPF" moran --data "$T/pts.csv" --unit id --value v --coords x,y --knn "$K" --stat moran \
    --permutations "$P" --seed 1 --out "$T/nqpf1.csv"
t1=$(now)
nq1=$(echo "$t1 - $t0" | bc -l)
cmp -s "$T/nqpf.csv" "$T/nqpf1.csv" && same=identical || same=DIFFERENT
I=$(awk -F, 'NR==2 {print $6}' "$T/nqpf.csv")
pp=$(awk -F, 'NR==2 {print $18}' "$T/nqpf.csv")
printf 'nqpf  I=%s perm_p=%s total=%.3fs (default threads); %.3fs with 1 thread; outputs %s\n' "$I" "$pp" "$nq" "$nq1" "$same"

if command -v Rscript >/dev/null 2>&1; then
    R=$(Rscript bench/moran/spdep_moran.R "$T/pts.csv" "$K" "$P")
    echo "$R"
    rt=$(echo "$R" | sed 's/.*total=\([0-9.]*\)s.*/\1/')
    rp=$(echo "$R" | sed 's/.*permutations=\([0-9.]*\)s.*/\1/')
    printf 'ratio spdep/nqpf: %.1fx (total), %.1fx (spdep permutations only vs nqpf total); 1 thread: %.1fx\n' \
        "$(echo "$rt / $nq" | bc -l)" "$(echo "$rp / $nq" | bc -l)" "$(echo "$rt / $nq1" | bc -l)"
else
    echo "spdep: Rscript not installed (r-cran-spdep)"
fi
Y=$(/usr/bin/python3 bench/moran/numpy_moran.py "$T/pts.csv" "$K" "$P")
echo "$Y"
yt=$(echo "$Y" | sed 's/.*total=\([0-9.]*\)s.*/\1/')
printf 'ratio numpy/nqpf: %.1fx (total)\n' "$(echo "$yt / $nq" | bc -l)"
