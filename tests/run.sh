#!/bin/sh
# Run every test program and test script; print the closing tally.
#
#   sh tests/run.sh BUILD_DIR
#
# Test programs: BUILD_DIR/tests/<area>/test_*  (from tests/<area>/test_*.c)
# Test scripts:  tests/<area>/test_*.sh and tests/<area>/test_*.py (run with
#                Debian's /usr/bin/python3, which has numpy/scipy/pandas).
# Each prints lines "ok - NAME" / "not ok - NAME"; a program that exits
# non-zero without a "not ok" line counts as one failure.  The environment
# gives scripts NQPF (the binary), NQPF_ROOT and NQPF_REF (the reference
# cases in tests/ref; nothing outside the repository is read).
BUILD=${1:-build}
ROOT=$(pwd)
NQPF="$ROOT/$BUILD/nqpf"
NQPF_REF="$ROOT/tests/ref"
export NQPF NQPF_ROOT="$ROOT" NQPF_REF NQPF_BUILD="$ROOT/$BUILD"
# Python must not leave bytecode in the tree.
export PYTHONDONTWRITEBYTECODE=1
LOG="$ROOT/$BUILD/test-log"
mkdir -p "$LOG"
pass=0
fail=0
failed_names=""

run_one() {
    name=$1
    shift
    out="$LOG/$(echo "$name" | tr '/' '_').out"
    "$@" >"$out" 2>&1
    rc=$?
    p=$(grep -c '^ok - ' "$out")
    f=$(grep -c '^not ok - ' "$out")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "not ok - $name exited with status $rc" >>"$out"
    fi
    pass=$((pass + p))
    fail=$((fail + f))
    if [ "$f" -gt 0 ]; then
        echo "FAIL $name ($p passed, $f failed) — log: $out"
        sed -n '1,60p' "$out" | grep -v '^ok - ' | sed 's/^/    /'
        failed_names="$failed_names $name"
    else
        echo "pass $name ($p)"
    fi
}

for t in $(find "$BUILD/tests" -type f -name 'test_*' -perm -u+x 2>/dev/null | sort); do
    run_one "${t#$BUILD/}" "$t"
done
for t in $(find tests -type f -name 'test_*.sh' | sort); do
    run_one "$t" sh "$t"
done
for t in $(find tests -type f -name 'test_*.py' | sort); do
    run_one "$t" /usr/bin/python3 "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
