#!/bin/sh
# make install: PREFIX and DESTDIR lay out bin/nqpf, share/nqpf (the bundled
# data) and share/man/man1/nqpf.1; the installed binary runs `nqpf demo` from
# any directory with the installed data (also after the tree is moved), and
# the manual page lists every command the binary has.
NQPF=${NQPF:-build/nqpf}
BUILD=$(dirname "$NQPF")
T=$(mktemp -d /tmp/nqpf-install-XXXXXX)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - install: $1"; }
nok() { echo "not ok - install: $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

make -s install BUILD="$BUILD" PREFIX=/opt/nqpf DESTDIR="$T/stage" >"$T/log" 2>&1
check "DESTDIR staging lays out bin, data and the man page" \
    "[ -x '$T/stage/opt/nqpf/bin/nqpf' ] && [ -f '$T/stage/opt/nqpf/share/nqpf/nqpf_project.ini' ] && [ -f '$T/stage/opt/nqpf/share/nqpf/PROVENANCE.md' ] && [ -s '$T/stage/opt/nqpf/share/man/man1/nqpf.1' ]"

# the city map installs with its crosswalk beside it (the map names it by file name)
printf 'id,v\n540500,1\n542100,2\n' > "$T/cities.csv"
"$T/stage/opt/nqpf/bin/nqpf" weights --data "$T/cities.csv" --unit id --geojson "$T/stage/opt/nqpf/share/nqpf/china_cities.geojson" \
    --subset-weights --out - >/dev/null 2>"$T/cities.err"
check "the installed city map finds its installed crosswalk" \
    "grep -q \"share/nqpf/city_crosswalk.csv:\" '$T/cities.err' && [ -f '$T/stage/opt/nqpf/share/nqpf/city_project.ini' ]"

# the staged tree moved elsewhere still finds its data (relative to the binary)
mv "$T/stage/opt/nqpf" "$T/moved"
(cd / && NQPF_DATA= "$T/moved/bin/nqpf" demo --out "$T/demo" >"$T/demo.log" 2>&1)
check "the installed binary runs nqpf demo from / with the installed data" \
    "[ -f '$T/demo/index.html' ] && grep -q '\"$T/moved/share/nqpf/china_provinces_tech_wide.csv\"' '$T/demo/run.json'"

# every command of `nqpf help` has an entry in the manual page
missing=""
for c in $("$NQPF" help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'); do
    grep -qx ".B $c" "$T/moved/share/man/man1/nqpf.1" || missing="$missing $c"
done
check "the manual page lists every command${missing:+ (missing:$missing)}" "[ -z '$missing' ]"
if command -v man >/dev/null 2>&1; then
    check "the manual page renders" "man -l '$T/moved/share/man/man1/nqpf.1' 2>&1 | grep -q 'measure, compare and diagnose'"
fi
