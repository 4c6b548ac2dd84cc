#!/bin/sh
# A battery of bad inputs for `nqpf index`: each must give its own clear
# message at FILE:LINE[:COL], its own exit code, and leave no output behind.
NQPF=${NQPF:-build/nqpf}
T=$(mktemp -d /tmp/nqpf-bad-XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0

# expect NAME EXIT_CODE PATTERN -- nqpf args...   (output dir is $T/out)
expect() {
    name=$1 code=$2 pat=$3
    shift 4
    rm -rf "$T/out"
    "$NQPF" "$@" >"$T/stdout" 2>"$T/stderr"
    rc=$?
    left=$(ls -d "$T"/out* 2>/dev/null | head -1)
    if [ "$rc" -eq "$code" ] && grep -q -- "$pat" "$T/stderr" && [ -z "$left" ] && [ "$(wc -l <"$T/stderr")" -ge 1 ]; then
        echo "ok - bad input: $name"
    else
        echo "not ok - bad input: $name (exit $rc, want $code; stderr: $(head -c 300 "$T/stderr"); left: $left)"
        fails=$((fails + 1))
    fi
}

# a good system and data file to derive the bad ones from
printf 'column,direction,dimension,subdimension,name\nx1,+,A,a1,X one\nx2,-,A,a2,X two\nx3,+,B,,X three\n' >"$T/sys.csv"
printf 'unit,year,x1,x2,x3\nP,2020,1,5,3\nP,2021,2,4,3.5\nQ,2020,3,2,1\nQ,2021,4,1,2\n' >"$T/data.csv"
run() { # data system [extra...]
    d=$1 s=$2
    shift 2
    set -- index --data "$d" --system "$s" --unit unit --period year --out "$T/out" "$@"
    printf '%s\n' "$@" >"$T/args"
}
IDX="index --unit unit --period year --out $T/out"

# 0: the good files work (the control)
"$NQPF" $IDX --data "$T/data.csv" --system "$T/sys.csv" --quiet && [ -f "$T/out/scores.csv" ] &&
    echo "ok - bad input: control run succeeds" || { echo "not ok - bad input: control run failed"; fails=$((fails + 1)); }
rm -rf "$T/out"

printf 'unit,year,x1,x2,x3\nP,2020,1,5,3\nP,2021,2,"4,3.5\n' >"$T/d1.csv"
expect "truncated file (open quote)" 4 "d1.csv:3:4: unterminated quoted field" -- $IDX --data "$T/d1.csv" --system "$T/sys.csv"

printf 'unit,year,x1,x2,x3\n\261\261\276\251,2020,1,5,3\nQ,2020,3,2,1\n' >"$T/d2.csv"
expect "wrong encoding (GBK read as UTF-8)" 4 "d2.csv:2:1: invalid UTF-8" -- $IDX --data "$T/d2.csv" --system "$T/sys.csv" --encoding utf-8

printf 'unit,year,x1,x2,x3\nP,2020,1,5,3\nQ,2020,3,2\n' >"$T/d3.csv"
expect "ragged row" 4 "d3.csv:3:4: row has 4 fields but the header has 5" -- $IDX --data "$T/d3.csv" --system "$T/sys.csv"

printf 'unit,year,x1,x2,x3\nP,2020,1,5,3\nQ,2020,3,2,1\nP,2020,2,4,3\n' >"$T/d4.csv"
expect "duplicate (unit, period) row" 5 "d4.csv:4: duplicate row for unit 'P', period '2020' (first at line 2)" -- $IDX --data "$T/d4.csv" --system "$T/sys.csv"

printf 'unit,year,x1,x2,x3\nP,2020,1,abc,3\nQ,2020,3,2,1\n' >"$T/d5.csv"
expect "non-numeric cell" 4 "d5.csv:2:4: 'abc' in column 'x2': not a number" -- $IDX --data "$T/d5.csv" --system "$T/sys.csv"

printf 'unit,year,x1,x2,x3\nP,2020,1,Inf,3\nQ,2020,3,2,1\n' >"$T/d6.csv"
expect "Inf text" 4 "d6.csv:2:4: 'Inf' in column 'x2': Inf/NaN are not numbers" -- $IDX --data "$T/d6.csv" --system "$T/sys.csv"

printf 'unit,year,x1,x2,x3\nP,2020,1,5,NaN\nQ,2020,3,2,1\n' >"$T/d7.csv"
expect "NaN text" 4 "d7.csv:2:5: 'NaN' in column 'x3'" -- $IDX --data "$T/d7.csv" --system "$T/sys.csv"

printf 'column,direction,dimension\n' >"$T/s8.csv"
expect "empty system" 5 "s8.csv:1: the indicator system has no indicators" -- $IDX --data "$T/data.csv" --system "$T/s8.csv"

printf 'column,direction,dimension\nx1,+,A\nx9,+,A\n' >"$T/s9.csv"
expect "unknown column in system" 5 "s9.csv:3:1: unknown column 'x9'" -- $IDX --data "$T/data.csv" --system "$T/s9.csv"

expect "misspelt unit column: did you mean" 5 "data.csv:1: no unit column 'unti' in the header (did you mean 'unit'?)" -- index --data "$T/data.csv" --system "$T/sys.csv" --unit unti --period year --out "$T/out"
expect "misspelt dea column: did you mean" 5 "data.csv:1: no column 'xl' in the header (did you mean 'x1'?)" -- dea --data "$T/data.csv" --unit unit --period year --inputs xl --outputs x3 --out "$T/out"
expect "unknown column far from every name: no hint" 5 "data.csv:1: no column 'gdp' in the header$" -- dea --data "$T/data.csv" --unit unit --period year --inputs gdp --outputs x3 --out "$T/out"

printf 'column,direction,dimension\nx1,+,A\nx2,-,B\nx1,+,B\n' >"$T/s10.csv"
expect "duplicate indicator" 5 "s10.csv:4:1: duplicate indicator 'x1' (also at line 2)" -- $IDX --data "$T/data.csv" --system "$T/s10.csv"

printf 'column,direction,dimension\nx1,+,A\nx2,up,A\n' >"$T/s11.csv"
expect "direction not +/-" 5 "s11.csv:3:2: direction 'up' of 'x2' is neither" -- $IDX --data "$T/data.csv" --system "$T/s11.csv"

printf 'column,direction,dimension\nx1,+,A\nx2,-,\n' >"$T/s12.csv"
expect "empty dimension" 5 "s12.csv:3:3: empty dimension for indicator 'x2'" -- $IDX --data "$T/data.csv" --system "$T/s12.csv"

printf 'unit,year,x1,x2,x3\nP,2020,1,,3\nQ,2020,3,2,1\n' >"$T/d13.csv"
expect "missing value under --missing error" 9 "d13.csv:2:4: missing value of 'x2' for unit 'P', period '2020'" -- $IDX --data "$T/d13.csv" --system "$T/sys.csv"

# the same check on a panel big enough to be scanned on all threads
# (1,200,000 cells, one gap in each thread's half): the message names the
# first in file order
awk 'BEGIN { print "unit,year,x1,x2,x3"
    for (u = 0; u < 1000; u++) for (t = 0; t < 400; t++) {
        r = u * 400 + t; a = (r == 150001) ? "" : r % 7; b = (r == 300001) ? "" : r % 11
        printf "u%d,%d,%s,%d,%s\n", u, 2000 + t, b, r % 5 + 1, a } }' >"$T/d13b.csv"
for th in 1 2; do
    export OMP_NUM_THREADS=$th
    expect "missing value in a big panel, $th thread(s)" 9 \
        "d13b.csv:150003:5: missing value of 'x3' for unit 'u375', period '2001'" -- $IDX --data "$T/d13b.csv" --system "$T/sys.csv"
done
unset OMP_NUM_THREADS

: >"$T/d14.csv"
expect "empty data file" 5 "d14.csv: file is empty" -- $IDX --data "$T/d14.csv" --system "$T/sys.csv"

expect "data file not found" 3 "nope.csv: cannot open: No such file" -- $IDX --data "$T/nope.csv" --system "$T/sys.csv"

printf 'region,year,x1,x2,x3\nP,2020,1,5,3\n' >"$T/d16.csv"
expect "unit column absent" 5 "d16.csv:1: no unit column 'unit'" -- $IDX --data "$T/d16.csv" --system "$T/sys.csv"

printf 'unit,year,x1,x1,x3\nP,2020,1,5,3\n' >"$T/d17.csv"
expect "duplicate header name" 5 "d17.csv:1:4: duplicate column name 'x1'" -- $IDX --data "$T/d17.csv" --system "$T/sys.csv"

printf 'column,dimension\nx1,A\n' >"$T/s18.csv"
expect "system without direction column" 5 "s18.csv:1: the indicator system needs a 'direction' column" -- $IDX --data "$T/data.csv" --system "$T/s18.csv"

printf 'unit,year,x1,x2,x3\nP,2020,"1,234",5,3\nQ,2020,3,2,1\n' >"$T/d19.csv"
expect "thousands separator" 4 "d19.csv:2:3: '1,234' in column 'x1': thousands separators" -- $IDX --data "$T/d19.csv" --system "$T/sys.csv"

expect "unknown weighting method" 2 "unknown weighting 'magic'" -- $IDX --data "$T/data.csv" --system "$T/sys.csv" --weights magic

printf 'row,x1,x2,x3\nx1,1,9,1/9\nx2,1/9,1,9\nx3,9,1/9,1\n' >"$T/ahp_bad.csv"
expect "inconsistent AHP matrix (CR > 0.1)" 5 "ahp_bad.csv: consistency ratio CR = " -- $IDX --data "$T/data.csv" --system "$T/sys.csv" --weights ahp:"$T/ahp_bad.csv"

printf 'row,x1,x2,x3\nx1,1,2,3\nx2,2,1,1\nx3,1/3,1,1\n' >"$T/ahp_nonrecip.csv"
expect "non-reciprocal AHP matrix" 5 "ahp_nonrecip.csv:3:2:" -- $IDX --data "$T/data.csv" --system "$T/sys.csv" --weights ahp:"$T/ahp_nonrecip.csv"

expect "unknown option" 2 "unknown option '--wieghts'" -- $IDX --data "$T/data.csv" --system "$T/sys.csv" --wieghts entropy

printf 'unit,year,x1,x2,x3\nP,2020,1,1,1\nQ,2020,1,1,1\n' >"$T/d25.csv"
expect "no indicator varies" 6 "no indicator varies in the pooled panel" -- $IDX --data "$T/d25.csv" --system "$T/sys.csv"

printf 'unit,year,x1,x2,x3\nP,2020,1,,3\nP,2021,2,,4\nQ,2020,3,2,1\nQ,2021,4,1,2\n' >"$T/d26.csv"
expect "series with no value under interpolate" 9 "unit 'P' has no value of 'x2' in any period" -- $IDX --data "$T/d26.csv" --system "$T/sys.csv" --missing interpolate

printf 'column,direction,dimension,weight\nx1,+,A,0.5\nx2,-,A,-1\nx3,+,B,0.2\n' >"$T/s27.csv"
expect "negative fixed weight" 5 "s27.csv:3:4: negative weight" -- $IDX --data "$T/data.csv" --system "$T/s27.csv" --weights fixed

printf 'unit,year,x1,x2,x3\nP,2020,1,5,3\nP,2021,2,4,1\n' >"$T/d28.csv"
expect "a single unit" 5 "needs at least 2 units" -- $IDX --data "$T/d28.csv" --system "$T/sys.csv"

expect "entropy on z-scores" 2 "entropy weights need non-negative" -- $IDX --data "$T/data.csv" --system "$T/sys.csv" --normalize zscore

printf 'unit,year,x1,x2,x3\nP,2020,1,5,3\n,2021,2,4,1\n' >"$T/d30.csv"
expect "empty unit key" 5 "d30.csv:3:1: empty unit" -- $IDX --data "$T/d30.csv" --system "$T/sys.csv"

printf 'unit,year,x1,x2,x3\nP,2020,1,5,3\nQ,2020,1e999,2,1\n' >"$T/d31.csv"
expect "number overflows a double" 4 "d31.csv:3:3: '1e999' in column 'x1': number overflows" -- $IDX --data "$T/d31.csv" --system "$T/sys.csv"

mkdir -p "$T/out"
"$NQPF" $IDX --data "$T/data.csv" --system "$T/sys.csv" >/dev/null 2>"$T/stderr"
rc=$?
if [ "$rc" -eq 8 ] && grep -q "output directory exists; use --force" "$T/stderr"; then
    echo "ok - bad input: existing output without --force"
else
    echo "not ok - bad input: existing output without --force (exit $rc)"
    fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
