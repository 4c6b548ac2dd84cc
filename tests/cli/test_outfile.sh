#!/bin/sh
# Single-file outputs (--out FILE of dea, gini, ...): an existing regular
# file needs --force; standard output (-), a device (/dev/null) or a FIFO
# is written without it, and only once the command has succeeded.
NQPF=${NQPF:-build/nqpf}
T=$(mktemp -d /tmp/nqpf-out-XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
check() { # NAME CONDITION...
    name=$1
    shift
    if "$@"; then echo "ok - outfile: $name"; else echo "not ok - outfile: $name"; fails=$((fails + 1)); fi
}
printf 'unit,x,y\na,1,1\nb,2,1.5\nc,3,1.2\n' >"$T/d.csv"
DEA="dea --data $T/d.csv --unit unit --inputs x --outputs y"

"$NQPF" $DEA --out "$T/o.csv" 2>/dev/null
check "a new file is written" grep -q '^b,0.75,ok' "$T/o.csv"
"$NQPF" $DEA --out "$T/o.csv" 2>"$T/err"
check "an existing file needs --force (exit 8)" [ $? -eq 8 ]
"$NQPF" $DEA --out - >"$T/stdout.csv" 2>/dev/null
check "standard output gets the same text" cmp -s "$T/o.csv" "$T/stdout.csv"
"$NQPF" $DEA --out /dev/null 2>"$T/err"
check "/dev/null needs no --force" [ $? -eq 0 ]
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from_fifo" &
reader=$!
"$NQPF" $DEA --out "$T/fifo" 2>/dev/null
wait $reader
check "a FIFO gets the same text" cmp -s "$T/o.csv" "$T/from_fifo"
"$NQPF" dea --data "$T/d.csv" --unit unit --inputs nope --outputs y --out /dev/null 2>"$T/err"
check "a failing command still fails (exit 5) with a device as output" [ $? -eq 5 ]
[ "$fails" -eq 0 ]
