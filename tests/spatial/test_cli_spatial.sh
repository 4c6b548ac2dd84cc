#!/bin/sh
# CLI checks for nqpf weights / moran / lisa: determinism across thread
# counts, reference values through the CLI, and clear errors.
NQPF=${NQPF:-build/nqpf}
S=${NQPF_REF:-tests/ref}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

D=data/china_provinces_tech_wide.csv
G=data/china_provinces.geojson
COL=$S/cases/compare/moran_geary_columbus_spdep
AF=$S/cases/compare/local_moran_afcon_spdep

# Permutation tests: byte-identical for 1 and 2 threads.
for n in 1 2; do
    OMP_NUM_THREADS=$n "$NQPF" moran --data "$D" --unit gb_code --value v4_zh_nbzc_hj --period year \
        --geojson "$G" --subset-weights --permutations 499 --seed 7 --out "$T/m$n.csv" 2>/dev/null
    OMP_NUM_THREADS=$n "$NQPF" lisa --data "$D" --unit gb_code --value v4_zh_nbzc_hj --period year \
        --geojson "$G" --subset-weights --permutations 499 --seed 7 --out "$T/l$n.csv" 2>/dev/null
    OMP_NUM_THREADS=$n "$NQPF" lisa --data "$D" --unit gb_code --value v4_zh_nbzc_hj --period year \
        --geojson "$G" --subset-weights --stat gstar --style B --permutations 199 --seed 7 --out "$T/g$n.csv" 2>/dev/null
done
check "moran permutations identical for 1 and 2 threads" "cmp -s $T/m1.csv $T/m2.csv && [ \$(wc -l < $T/m1.csv) -eq 43 ]"
check "lisa permutations identical for 1 and 2 threads" "cmp -s $T/l1.csv $T/l2.csv && [ \$(wc -l < $T/l1.csv) -eq 435 ]"
check "local G* permutations identical for 1 and 2 threads" "cmp -s $T/g1.csv $T/g2.csv"
"$NQPF" moran --data "$D" --unit gb_code --value v4_zh_nbzc_hj --period year --geojson "$G" \
    --subset-weights --permutations 499 --seed 8 --out "$T/m3.csv" 2>/dev/null
check "another seed gives other permutation results" "! cmp -s $T/m1.csv $T/m3.csv"

# Columbus through the CLI (edge list of unit ids, style W): I and z.
"$NQPF" moran --data "$COL/data.csv" --unit idx --value CRIME --weights "$COL/edges_COLnb_contiguity.csv" \
    --stat moran --out "$T/col.csv"
check "CLI Columbus Moran I = 0.510951264 (spdep)" \
    "awk -F, 'NR==2 { d = \$6 - 0.510951264; exit !(d < 5e-10 && d > -5e-10) }' $T/col.csv"
"$NQPF" moran --data "$COL/data.csv" --unit idx --value CRIME --coords X,Y --knn 4 --stat moran,geary --out "$T/knn.csv"
check "CLI Columbus knn4 Moran I = 0.624933667" \
    "awk -F, 'NR==2 { d = \$6 - 0.624933667; exit !(d < 5e-10 && d > -5e-10) }' $T/knn.csv"

# LISA through the CLI: afcon Egypt (idx 5) Ii = 6.9467, quadrant HH
"$NQPF" lisa --data "$AF/data.csv" --unit idx --value totcon --weights "$AF/edges_paper_nb.csv" --out "$T/af.csv"
check "CLI afcon local Moran (Egypt Ii 6.9467, HH)" \
    "awk -F, '\$2==5 { d = \$6 - 6.94672907899; exit !(d < 1e-9 && d > -1e-9 && \$13 == \"HH\") }' $T/af.csv"

# weights: round trip of the edge list, islands kept as 'id,,'
"$NQPF" weights --geojson "$G" --style B --out "$T/q.csv" 2>"$T/warn"
check "weights: Hainan written as an island and warned about" "grep -q '^460000,,' $T/q.csv && grep -q 460000 $T/warn"
check "weights: Beijing has exactly Tianjin and Hebei" \
    "[ \"\$(grep '^110000,' $T/q.csv | cut -d, -f2 | tr '\n' ' ')\" = '120000 130000 ' ]"
"$NQPF" weights --geojson "$G" --link-islands --style B --out "$T/ql.csv" 2>/dev/null
check "weights --link-islands links Hainan" "grep -q '^460000,4[45]0000,1' $T/ql.csv"
"$NQPF" moran --data "$D" --unit gb_code --value v4_zh_nbzc_hj --period year --weights "$T/q.csv" \
    --subset-weights --stat moran --out "$T/mw.csv" 2>/dev/null
"$NQPF" moran --data "$D" --unit gb_code --value v4_zh_nbzc_hj --period year --geojson "$G" \
    --subset-weights --stat moran --out "$T/mg.csv" 2>/dev/null
check "moran from the written edge list equals moran from the GeoJSON" \
    "cut -d, -f1-3,5- $T/mw.csv > $T/a && cut -d, -f1-3,5- $T/mg.csv > $T/b && cmp -s $T/a $T/b"

# Errors: unit not in the weights; weights unit not in data; bad option.
printf 'id,v\n110000,1\n999999,2\n120000,3\n' > "$T/bad.csv"
"$NQPF" moran --data "$T/bad.csv" --unit id --value v --geojson "$G" --subset-weights --out "$T/x.csv" 2>"$T/e1"
rc=$?
check "unit missing from the weights: exit 5 with FILE:LINE" "[ $rc -eq 5 ] && grep -q 'bad.csv:3:.*999999' $T/e1 && [ ! -e $T/x.csv ]"
"$NQPF" moran --data "$D" --unit gb_code --value v4_zh_nbzc_hj --period year --geojson "$G" --out "$T/x.csv" 2>"$T/e2"
rc=$?
check "weights unit missing from the data: exit 5, suggests --subset-weights" "[ $rc -eq 5 ] && grep -q 'subset-weights' $T/e2"
"$NQPF" moran --data "$D" --unit gb_code --value v4_zh_nbzc_hj --geojson "$G" --knn 3 --contiguity rook --out - >/dev/null 2>"$T/e3"
check "two kinds of weights: usage error" "[ $? -eq 2 ]"
printf 'id,v\n110000,1\n110000,2\n' > "$T/dup.csv"
"$NQPF" lisa --data "$T/dup.csv" --unit id --value v --geojson "$G" --subset-weights --out - >/dev/null 2>"$T/e4"
check "duplicate unit in a period: exit 5 with line" "[ $? -eq 5 ] && grep -q 'dup.csv:3' $T/e4"
printf 'id,v\n110000,1\n120000,x\n' > "$T/num.csv"
"$NQPF" moran --data "$T/num.csv" --unit id --value v --geojson "$G" --subset-weights --out - >/dev/null 2>"$T/e5"
check "bad number: exit 4 with FILE:LINE:COL" "[ $? -eq 4 ] && grep -q 'num.csv:3:2' $T/e5"
check "help for each command" "$NQPF weights --help | grep -q Examples && $NQPF moran --help | grep -q Examples && $NQPF lisa --help | grep -q Examples"

# lon/lat column names select great-circle distance; --row-standardize is the default style
printf 'id,lon,lat,v\na,0,89,1\nb,90,89,2\nc,0,87,3\nd,180,80,5\n' > "$T/ll.csv"
"$NQPF" weights --data "$T/ll.csv" --unit id --coords lon,lat --knn 1 --row-standardize --out "$T/ll_w.csv"
check "--coords lon,lat uses great-circle distance" "grep -q '^a,b,1' $T/ll_w.csv"
"$NQPF" weights --data "$T/ll.csv" --unit id --coords lon,lat --knn 1 --metric euclidean --out "$T/ll_e.csv"
check "--metric euclidean overrides" "grep -q '^a,c,1' $T/ll_e.csv"
"$NQPF" weights --data "$T/ll.csv" --unit id --coords lon,lat --knn 1 --row-standardize --style B --out - >/dev/null 2>&1
check "--row-standardize with --style B: usage error" "[ $? -eq 2 ]"
"$NQPF" lisa --data "$D" --unit gb_code --value v4_zh_nbzc_hj --period year --geojson "$G" --subset-weights \
    --out "$T/hn.csv" 2>/dev/null
check "lisa: island Hainan has no quadrant and no cluster" "grep '^2020,460000,' $T/hn.csv | grep -q ',,$'"

# Bivariate and EB-rate Moran (esda Moran_BV, Moran_Rate on SIDS2)
SD=$S/cases/compare/moran_stl_sids2_esda
"$NQPF" moran --data "$SD/sids2_data.csv" --unit idx --value SID79 --rate-base BIR79 --weights "$SD/sids2_edges.csv" \
    --stat moran --out "$T/eb.csv"
check "CLI Moran_Rate (EB) I = 0.16622343552567395" \
    "awk -F, 'NR==2 { d = \$6 - 0.16622343552567395; exit !(\$2 == \"moran_I_eb_rate\" && d < 1e-12 && d > -1e-12) }' $T/eb.csv"
"$NQPF" moran --data "$SD/sids2_data.csv" --unit idx --value SIDR74 --value2 SIDR79 --weights "$SD/sids2_edges.csv" \
    --stat moran --out "$T/bv.csv"
check "CLI Moran_BV I = 0.19362610652874668" \
    "awk -F, 'NR==3 { d = \$6 - 0.19362610652874668; exit !(\$2 == \"moran_I_bivariate\" && d < 1e-12 && d > -1e-12) }' $T/bv.csv"
"$NQPF" lisa --data "$SD/sids2_data.csv" --unit idx --value SIDR74 --value2 SIDR79 --weights "$SD/sids2_edges.csv" \
    --out "$T/lbv.csv"
check "bivariate local Moran averages to the global Moran_BV (style W)" \
    "awk -F, 'NR>1 { s += \$6; n++ } END { d = s / n - 0.19362610652874668; exit !(n == 100 && d < 1e-12 && d > -1e-12) }' $T/lbv.csv"

# Missing values: an error at the cell by default; --missing drop removes the unit from that period
"$NQPF" moran --data "$D" --unit gb_code --value v4_ztr_jf_RD --period year --geojson "$G" --subset-weights \
    --stat moran --out "$T/miss.csv" 2>"$T/e6"
check "missing value: exit 9 with FILE:LINE:COL" "[ $? -eq 9 ] && grep -q 'tech_wide.csv:2:14: missing' $T/e6"
"$NQPF" moran --data "$D" --unit gb_code --value v4_ztr_jf_RD --period year --geojson "$G" --subset-weights \
    --stat moran --missing drop --out "$T/miss.csv" 2>"$T/e7"
check "--missing drop: degenerate 2010 noted, 2011 on 30 units" \
    "grep -q '^2010,moran_I,0,.*need at least 2 units' $T/miss.csv && grep -q '^2011,moran_I,30,' $T/miss.csv && grep -q 'dropped' $T/e7"

# k nearest neighbours from the GeoJSON label points: exactly K per unit
"$NQPF" weights --geojson "$G" --knn 4 --style B --out "$T/k4.csv"
check "weights --knn 4 from GeoJSON label points: 34 units x 4" \
    "awk -F, 'NR>1 { c[\$1]++ } END { for (u in c) if (c[u] != 4) exit 1; exit !(length(c) == 34) }' $T/k4.csv"
# spatial Markov on the provinces with islands linked runs and writes every table
"$NQPF" markov --data "$D" --unit gb_code --period year --value v4_zh_nbzc_hj --classes 4 --spatial \
    --geojson "$G" --subset-weights --link-islands --mfpt --out "$T/mk.csv" 2>/dev/null
check "markov --spatial on the provinces: classic + 4 lag-class chains" \
    "[ \$(grep -c '^probability,' $T/mk.csv) -eq 80 ] && [ \$(grep -c '^mfpt,' $T/mk.csv) -eq 80 ]"
