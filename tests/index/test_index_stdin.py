"""`nqpf index --data -` reads the panel from standard input.

The early column check used to read the header from the path, which for
"-" consumed standard input before the real read ("file is empty").  Now
the panel reader checks the columns on standard input itself: the scores,
weights, normalised and filled tables must be byte-identical to a run on
the file, and a missing unit column on standard input must be an error at
"-:1" with nothing written.

    NQPF=build/nqpf NQPF_ROOT=$PWD /usr/bin/python3 tests/index/test_index_stdin.py
"""
import os
import subprocess
import sys
import tempfile

NQPF = os.path.abspath(os.environ.get("NQPF", "build/nqpf"))
ROOT = os.path.abspath(os.environ.get("NQPF_ROOT", os.getcwd()))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import finish, report  # noqa: E402

DATA = os.path.join(ROOT, "data", "china_provinces_tech_wide.csv")
SYSTEM = os.path.join(ROOT, "data", "nqpf_system.csv")


def index(data, out, unit="province", stdin=None):
    return subprocess.run([NQPF, "index", "--data", data, "--system", SYSTEM, "--unit", unit, "--period", "year",
                           "--missing", "interpolate", "--quiet", "--out", out],
                          stdin=stdin, capture_output=True, text=True)


with tempfile.TemporaryDirectory() as d:
    f_out, s_out = os.path.join(d, "file"), os.path.join(d, "stdin")
    r = index(DATA, f_out)
    report(r.returncode == 0, "index on the file runs", r.stderr)
    with open(DATA, "rb") as fp:
        r = index("-", s_out, stdin=fp)
    report(r.returncode == 0, "index with --data - runs", r.stderr)
    for name in ("scores.csv", "weights.csv", "normalized.csv", "filled.csv"):
        a, b = os.path.join(f_out, name), os.path.join(s_out, name)
        same = os.path.exists(a) and os.path.exists(b) and open(a, "rb").read() == open(b, "rb").read()
        report(same, "--data - writes the same %s as the file" % name)
    bad = os.path.join(d, "bad")
    with open(DATA, "rb") as fp:
        r = index("-", bad, unit="provinceX", stdin=fp)
    report(r.returncode != 0 and r.stderr.startswith("nqpf: -:1: no unit column 'provinceX'"),
           "a missing unit column on standard input is an error at -:1", r.stderr)
    report(not os.path.exists(bad), "nothing written after the error")
    sysbad = os.path.join(d, "system.csv")
    with open(SYSTEM, encoding="utf-8") as fp, open(sysbad, "w", encoding="utf-8") as out:
        lines = fp.read().split("\n")
        lines[1] = "v4_nope," + lines[1].split(",", 1)[1]
        out.write("\n".join(lines))
    with open(DATA, "rb") as fp:
        r = subprocess.run([NQPF, "index", "--data", "-", "--system", sysbad, "--unit", "province", "--period",
                            "year", "--quiet", "--out", bad], stdin=fp, capture_output=True, text=True)
    report(r.returncode != 0 and r.stderr.startswith("nqpf: -:1: no column 'v4_nope'") and not os.path.exists(bad),
           "an indicator missing from standard input's header is an error at -:1", r.stderr)
finish()
