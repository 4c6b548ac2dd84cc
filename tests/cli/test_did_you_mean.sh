#!/bin/sh
# Did you mean: an unknown command or option names the closest one (one
# edit per three letters, src/core/suggest.c), and only when one is close.
NQPF=${NQPF:-build/nqpf}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
expect() { # NAME CODE TEXT -- ARGS...
    name=$1 code=$2 text=$3
    shift 4
    "$NQPF" "$@" >/dev/null 2>"$T/err"
    rc=$?
    if [ "$rc" -eq "$code" ] && grep -qF -- "$text" "$T/err"; then
        echo "ok - $name"
    else
        echo "not ok - $name: exit $rc, $(cat "$T/err")"
        n=$((n + 1))
    fi
}
expect "misspelt command" 2 "unknown command 'moarn' (did you mean 'moran'?)" -- moarn --help
expect "misspelt command after help" 2 "unknown command 'markv' (did you mean 'markov'?)" -- help markv
expect "a command far from any" 2 "unknown command 'frobnicate' (try \`nqpf help\`)" -- frobnicate
expect "misspelt option" 2 "unknown option '--permutatons' (did you mean '--permutations'?)" -- lisa --permutatons 9
expect "misspelt option with =" 2 "unknown option '--vlaue' (did you mean '--value'?)" -- gini --vlaue=x
expect "misspelt option of the weights block" 2 "unknown option '--contiguty' (did you mean '--contiguity'?)" -- moran --contiguty rook
expect "an option far from any" 2 "unknown option '--zzzzzz' (see --help)" -- index --zzzzzz
exit $n
