#!/bin/sh
# Write the nqpf(1) manual page (roff) from the built binary's own help, so
# the page lists exactly the commands the binary has:
#   sh scripts/manpage.sh build/nqpf > nqpf.1
# Used by `make install`.  Each command's options are in `nqpf COMMAND --help`
# (the page says so rather than copying them).
set -eu
NQPF=${1:-build/nqpf}
version=$("$NQPF" version | awk '{print $2}')
# roff: a leading '.' or "'" would start a request; backslashes escape
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
cat <<HEAD
.TH NQPF 1 "" "nqpf $version" "User Commands"
.SH NAME
nqpf \\- measure, compare and diagnose New Quality Productive Forces
.SH SYNOPSIS
.B nqpf
.I COMMAND
.RI [ OPTIONS ]
.br
.B nqpf
.I COMMAND
.B \\-\\-help
.br
.B nqpf demo
.RB [ \\-\\-out
.IR DIR ]
.SH DESCRIPTION
nqpf computes the New Quality Productive Forces (xin zhi sheng chan li) index of regions or firms
from a panel of indicators, total factor productivity (DEA, Malmquist-type indexes, growth
accounting), disparity, convergence and spatial statistics, and from a project file an offline
HTML report with tables and a methods section.
Every command prints its options, defaults and examples with
.BR \\-\\-help .
.SH COMMANDS
HEAD
"$NQPF" help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on' | while read -r cmd text; do
    printf '.TP\n.B %s\n' "$cmd"
    printf '%s\n' "$text" | esc
done
cat <<'TAIL'
.SH INPUT
CSV files (UTF-8 with or without a byte-order mark, or GBK/GB18030), Excel workbooks
.RI ( book.xlsx ,
or
.I book.xlsx#Sheet
for a named sheet) and Stata files
.RI ( panel.dta )
are read wherever a CSV is read.
.SH FILES
.TP
.I PREFIX/share/nqpf
the bundled data (the provincial panel, the default indicator system, the province map, the
Penn World Table subset) and the demo project
.IR nqpf_project.ini ;
found next to the installed binary, or named by the environment variable
.BR NQPF_DATA .
.SH EXIT STATUS
0 success; 2 command-line usage; 3 a file cannot be read or written; 4 malformed text;
5 invalid input; 6 degenerate mathematics; 7 out of memory; 8 the output exists and
.B \-\-force
was not given; 9 missing values; 10 internal error.
Errors are printed as
.IR FILE : LINE : COL :
what is wrong.
.SH EXAMPLES
.nf
nqpf demo \-\-out demo\-out
nqpf index \-\-data panel.csv \-\-system system.csv \-\-unit province \-\-period year \-\-out result
nqpf dea \-\-data prov.csv \-\-unit province \-\-period year \-\-inputs K,L \-\-outputs gdp \-\-rts vrs
.fi
.SH SEE ALSO
The README and docs/ of the source distribution.
TAIL
